#include "engine/workflow/stage_deadline.h"

#include "engine/base/clock.h"
#include "engine/deadline/expression.h"

namespace taizhang {

namespace {

// The year an expression without one is read in: the plan's. For recurring deadlines the
// reference is also "now", so use the entering day when it falls in the plan year.
date::year_month_day reference_day(int plan_year, date::year_month_day entering_day) {
  if (static_cast<int>(entering_day.year()) == plan_year) return entering_day;
  return date::year{plan_year} / date::January / 1;
}

}  // namespace

Result<StageDue> due_on_entering(const Stage& stage, const WorkItem& item,
                                 const std::optional<std::string>& own_deadline,
                                 date::year_month_day entering_day,
                                 const WorkingDayCalendar* calendar) {
  const std::optional<std::string>& text = own_deadline ? own_deadline : stage.deadline;
  if (!text) return StageDue{item.due_on, item.deadline};
  auto parsed = parse_deadline(*text, reference_day(item.plan_year, entering_day), entering_day,
                               calendar);
  if (!parsed) {
    if (own_deadline) return fail(ErrorCode::invalid_field, parsed.error().message, "deadline");
    return fail(ErrorCode::internal, "stage " + stage.id + " deadline: " + parsed.error().message,
                "stage");
  }
  return StageDue{format_date(parsed->due_on), *text};
}

Result<void> check_stage_deadlines(const WorkflowDefinition& def, const std::string& source,
                                   const WorkingDayCalendar* calendar) {
  const date::year_month_day sample = date::year{2019} / date::March / 1;
  for (size_t i = 0; i < def.stages.size(); ++i) {
    const Stage& stage = def.stages[i];
    if (!stage.deadline) continue;
    auto parsed = parse_deadline(*stage.deadline, sample, sample, calendar);
    if (!parsed) {
      const std::string path = "/stages/" + std::to_string(i) + "/deadline";
      return fail(ErrorCode::invalid_field,
                  source + ": " + path + ": " + parsed.error().message, path);
    }
  }
  return {};
}

}  // namespace taizhang
