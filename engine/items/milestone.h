// A milestone of a work item: one of several deadlines written in a task's words, with the words
// it governs. The 2019 plan's 四(三)5(4) reads "…工程7月底前全面完成,…9月底前全部搬迁入住": the task
// is due on the last (30 September), and 31 July is a milestone the township watches as well.
// Milestones are part of the item (stored with it, in its audit snapshot); the alert scanner
// watches each unreached one like a due date, and the item's manager records it reached.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/base/error.h"

namespace taizhang {

// The most milestones an item carries: the sentence reader reads at most 16 dates in a text.
inline constexpr std::size_t kMaxMilestones = 16;
// A milestone's words come from one text the sentence reader took (at most 4096 bytes).
inline constexpr std::size_t kMaxMilestoneWordsBytes = 4096;
inline constexpr std::size_t kMaxMilestoneExpressionBytes = 256;  // as parse_deadline takes

struct Milestone {
  int number = 0;               // 1, 2, … in the order written
  std::string words;            // what is due: "在建或新增危改户、修缮户工程全面完成"
  std::string time_expression;  // as written: "7月底前"
  std::optional<std::string> start_on;  // YYYY-MM-DD, when the words give a start
  std::string due_on;                   // YYYY-MM-DD
  std::optional<std::string> reached_on;  // the day it was recorded reached; nullopt: open
  std::optional<int64_t> reached_by;      // who recorded it

  bool reached() const { return reached_on.has_value(); }
};

// The milestone as stored and logged: every member, absent ones as null.
nlohmann::json snapshot(const Milestone& milestone);
// The stored array back. Throws nlohmann::json::exception on a malformed value (a store reading
// its own rows turns that into a StorageFailure).
std::vector<Milestone> milestones_from_json(const nlohmann::json& stored);

// Checks milestones given for a new item: at most kMaxMilestones, numbered 1..n in order, words
// and expression non-empty within their limits, dates real and start ≤ due, none reached yet.
// invalid_field on "milestones[k]…" naming the first fault.
Result<void> validate_new_milestones(const std::vector<Milestone>& milestones);

// The last due date of `milestones` (YYYY-MM-DD); nullopt when there are none.
std::optional<std::string> last_due_on(const std::vector<Milestone>& milestones);

}  // namespace taizhang
