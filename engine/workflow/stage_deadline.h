// Stage deadlines: on entering a stage an item's due date is computed from the stage's deadline
// expression (workflows/*.json, e.g. 施工 "7月底前") or from the item's own expression given
// with the request, which overrides the stage's. Absolute expressions are read in the item's
// plan year; relative ones ("竣工验收后30日内", "5个工作日内") count from the day the item enters
// the stage. A stage without a deadline keeps the due date the item had: a plan task's 时间节点
// holds through all its stages.
#pragma once

#include <optional>
#include <string>

#include <date/date.h>

#include "engine/base/error.h"
#include "engine/items/item.h"
#include "engine/workflow/definition.h"

namespace taizhang {

class WorkingDayCalendar;

struct StageDue {
  std::optional<std::string> due_on;    // YYYY-MM-DD
  std::optional<std::string> deadline;  // the expression it came from
};

// `own_deadline`: the item's own expression sent with this request, if any. Errors name the
// field "deadline" (the request's expression) or the stage (a definition that cannot be read).
Result<StageDue> due_on_entering(const Stage& stage, const WorkItem& item,
                                 const std::optional<std::string>& own_deadline,
                                 date::year_month_day entering_day,
                                 const WorkingDayCalendar* calendar);

// Checks at load that every stage deadline of `def` can be read (relative ones against a sample
// anchor). Errors name the file and the stage's JSON path.
Result<void> check_stage_deadlines(const WorkflowDefinition& def, const std::string& source,
                                   const WorkingDayCalendar* calendar);

}  // namespace taizhang
