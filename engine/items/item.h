// A work item: one housing repair, road, fund disbursement, rectification… moving through the
// stages of the workflow version it was created with.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/items/milestone.h"

namespace taizhang {

struct WorkItem {
  int64_t id = 0;
  std::string workflow;
  int64_t workflow_version = 0;
  std::string title;
  int64_t org_id = 0;
  std::string stage;
  std::string stage_entered_at;   // RFC 3339
  std::optional<std::string> due_on;  // YYYY-MM-DD, for the current stage
  std::optional<std::string> deadline;  // the expression due_on came from, if any
  std::optional<int64_t> responsible_id;
  std::optional<int64_t> budget_fen;
  int plan_year = 0;
  nlohmann::json fields = nlohmann::json::object();
  int64_t version = 1;  // +1 on every change; the ETag and If-Match value
  bool closed = false;  // in a final stage
  std::string created_at;
  std::string updated_at;
  // Several deadlines in the item's words, each with what is due; due_on is then the last.
  std::vector<Milestone> milestones = {};

  // Open and due before `today` (YYYY-MM-DD): the one overdue rule every view and list shows.
  bool overdue_on(std::string_view today) const { return !closed && due_on && *due_on < today; }
};

// The item's full state as recorded in the audit log: every stored column but `closed` (which
// follows from the stage). `audit verify` compares stored items with the last snapshot logged.
// Columns added after the first release (`deadline`, `milestones`) appear only when set, so that the snapshot
// of an item logged before them is unchanged.
nlohmann::json snapshot(const WorkItem& item);
// json_text(snapshot(item)) (engine/base/json_text.h), written member by member without the JSON
// tree: `audit verify` makes one per stored item.
std::string snapshot_text(const WorkItem& item);

// The members of an item's snapshot as texts and numbers, for writing its snapshot text from
// what is at hand without building a WorkItem (a stored row: ItemReader::item_texts).
// `fields_json` is the JSON text of the fields and `milestones_json` that of the array of the
// milestones' snapshots, empty for none; written as they are given.
struct ItemSnapshotParts {
  int64_t id = 0;
  std::string_view workflow;
  int64_t workflow_version = 0;
  std::string_view title;
  int64_t org_id = 0;
  std::string_view stage;
  std::string_view stage_entered_at;
  std::optional<std::string_view> due_on;
  std::optional<std::string_view> deadline;
  std::optional<int64_t> responsible_id;
  std::optional<int64_t> budget_fen;
  int64_t plan_year = 0;
  std::string_view fields_json;
  std::string_view milestones_json;
  int64_t version = 0;
  std::string_view created_at;
  std::string_view updated_at;
};
// Appends the snapshot text of the item `parts` describe to `out`: snapshot_text's, byte for
// byte, when fields_json and milestones_json are json_text's.
void append_snapshot_text(const ItemSnapshotParts& parts, std::string& out);

// The item a snapshot describes: the inverse of snapshot(). `closed` is left false (it follows
// from the stage and the workflow definition). Throws nlohmann::json::exception on a snapshot
// that lacks a column; callers reading the audit log catch it at their boundary.
WorkItem item_from_snapshot(const nlohmann::json& snap);

// One line of an item's history: its creation or one transition.
struct HistoryEntry {
  int64_t id = 0;
  int64_t item_id = 0;
  std::string at;
  std::optional<int64_t> actor_id;
  std::string action;  // "create" or the workflow action
  std::optional<std::string> from_stage;
  std::string to_stage;
  std::optional<std::string> comment;
  nlohmann::json fields;  // what the action set; null when nothing
  int64_t audit_seq = 0;
  std::optional<std::string> due_on;    // computed on entering the stage
  std::optional<std::string> deadline;  // the expression it came from
};

}  // namespace taizhang
