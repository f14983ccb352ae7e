// Turning a township's work plan (工作方案) into tracked plan_task items.
//
// read_work_plan finds the tasks in the plan's text (no I/O). It reads the plan's own numbering:
//   一、二、… (also 一．)          sections
//   (一)(二)… / （一）…             sub-sections, or tasks when nothing is numbered under them
//   1. 2. … (also 1．, 1、)         tasks
//   (1)(2)… / （1）…                sub-items: they stay in their task's text
// A numbered line starts a heading; every other line continues the text of the heading above
// it. A line beginning 附件 ends the plan's body (what follows is an annex table or the web
// page's chrome) until the next 一、. Text before the first heading is ignored.
//
// A task is a (一) or 1. heading with nothing numbered under it (a 一、 section only when it
// carries its own time). Its path is the plan's numbering down to it ("四、(三)、2."), its
// title the text up to the first 。 or sub-item (at most kMaxPlanTitleChars characters), its
// text everything written under it, sub-items included.
//
// Times: a task's own time is each "(时间节点:…)" / "（时间节点：…）" in its text, and a time in
// parentheses in its heading's title, as in "(二)摸底排查(2019年2月下旬-3月中旬)。". Each is read
// with parse_deadline, the plan's year supplying a missing year (ref = 1 January of `year`).
// A task with several time nodes (one per sub-item) starts on the earliest start and is due on
// the latest due date; its time_expression lists them joined by "；".
//
// Deadlines in the task's own words (outside its time nodes) are read with the sentence reader
// (engine/deadline/sentence_reader.h): "工程7月底前全面完成,…,9月底前全部搬迁入住". A task without
// a time node takes them as its time; when its text holds several, each is also a milestone with
// the words it governs, and the task is due on the last. A task with a time node keeps it as its
// time, and the deadlines in its words are its milestones. Years standing alone in the words
// ("2018年脱贫439户") are statistics, not milestones. A task with no time of its own inherits the nearest enclosing heading's
// (inherited = true). A date in the words the reader refuses as unclear goes in `unreadable`. An expression that cannot
// be read goes in `unreadable` with the parse error, and the task gets no dates: never a guess.
//
// A scraped web page often holds the plan's text twice. Each task is yielded once: a task whose
// path and numbered paragraph were already seen is skipped.
//
// Thread safety: read_work_plan and to_json are pure functions.
#pragma once

#include <date/date.h>
#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/clock.h"
#include "engine/base/error.h"

namespace taizhang {

class WorkingDayCalendar;
class StoreWriter;
struct ItemRules;
struct Principal;

inline constexpr std::size_t kMaxPlanBytes = 2 * 1024 * 1024;
inline constexpr std::size_t kMaxPlanTasks = 2000;
inline constexpr std::size_t kMaxPlanTitleChars = 60;  // longer titles end in "…"

// A deadline inside a task's words.
struct PlanMilestone {
  std::string words;            // what is due: "在建或新增危改户、修缮户工程全面完成,…"
  std::string time_expression;  // as written: "7月底前"
  std::optional<date::year_month_day> start_on;
  date::year_month_day due_on{};
};

struct PlanTask {
  std::string path;                  // "四、(三)、2."
  std::vector<std::string> section;  // the enclosing headings' titles, outermost first
  std::string title;
  std::string text;                  // as written, one line per paragraph, numbering included
  std::string time_expression;       // empty when neither the task nor a heading has a time
  std::optional<date::year_month_day> start_on;
  std::optional<date::year_month_day> due_on;
  bool inherited = false;  // the time is an enclosing heading's
  std::vector<PlanMilestone> milestones;  // in the order written
};

// A time expression read_work_plan could not read.
struct UnreadableTime {
  std::string text;   // the expression as written
  std::string path;   // the task or heading it belongs to
  std::string error;  // parse_deadline's message
};

struct PlanImport {
  int year = 0;
  std::vector<PlanTask> tasks;
  std::vector<UnreadableTime> unreadable;
};

// Errors: invalid_field "year" outside 2000..2100 (the years an item may carry); invalid_field
// "text" when the text is not UTF-8; payload_too_large beyond kMaxPlanBytes or kMaxPlanTasks.
// Unreadable times are not errors: they are listed in `unreadable`.
// `calendar` may be null; expressions that need it (工作日, 春节) are then unreadable.
Result<PlanImport> read_work_plan(std::string_view text, int year,
                                  const WorkingDayCalendar* calendar);

// {"year", "tasks": [{"path", "section", "title", "text", "time_expression", "start_on",
//  "due_on", "inherited", "milestones": [{"words", "time_expression", "start_on", "due_on"}]}],
//  "unreadable": [{"text", "path", "error"}]}; absent values are null.
nlohmann::json to_json(const PlanImport& plan);

// ---------------------------------------------------------------------------------------------
// Committing: one plan_task item per task.

struct ImportResult {
  int created = 0;
  int existing = 0;
  std::vector<int64_t> created_ids;   // in task order
  std::vector<int64_t> existing_ids;  // in task order
};

// How a task is recognised when the plan is imported again (table plan_task_sources):
// "plan:<year>:org<org_id>:<hex SHA-256 of path "\n" title>". The unit is part of it so that a
// village's plan written on the township's template does not collide with the township's.
std::string plan_source_key(int year, int64_t org_id, const PlanTask& task);

// Inside one write job: for each task, skips it when its source key was imported before
// (existing), else creates a plan_task item for `org_id` (title, plan_year, due_on, fields
// {"plan_path", "time_expression", "start_on"}) and links the key to it. Importing the same plan
// twice creates nothing new. The first error of create_item is returned with the task's path,
// and the caller's job rolls back.
// Errors: forbidden (not a manager or admin; `org_id` outside `who`'s units: both checked before
// any task), invalid_field (from create_item: `org` when `org_id` is no unit, `workflow` when
// no plan_task workflow is loaded, a milestone or field the item rules refuse), internal (a
// plan_task stage deadline cannot be read).
Result<ImportResult> commit_plan_tasks(StoreWriter& store, const ItemRules& rules,
                                       const Principal& who, const PlanImport& plan,
                                       int64_t org_id, TimePoint now);

// {"created", "existing", "created_ids", "existing_ids"}
nlohmann::json to_json(const ImportResult& result);

}  // namespace taizhang
