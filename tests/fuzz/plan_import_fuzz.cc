// libFuzzer target: the plan importer (engine/plan/plan_import.h), which reads a township's work
// plan as published — any text, its numbering, its time expressions. Any bytes must yield a plan
// or one of its documented errors — never a crash, a hang or undefined behaviour — and every task
// it reads has a title and dates within the years dates may take.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/base/assert.h"
#include "engine/base/clock.h"
#include "engine/deadline/calendar_source.h"
#include "engine/plan/plan_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace taizhang;
  static const WorkingDayCalendar calendar = *load_working_day_calendar("");
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto plan = read_work_plan(text, 2019, &calendar);
  if (!plan) {
    const ErrorCode code = plan.error().code;
    TZ_ASSERT(code == ErrorCode::invalid_field || code == ErrorCode::payload_too_large);
    return 0;
  }
  for (const PlanTask& task : plan->tasks) {
    TZ_ASSERT(!task.title.empty());
    if (task.due_on) TZ_ASSERT(date_in_range(*task.due_on));
    if (task.start_on) TZ_ASSERT(date_in_range(*task.start_on));
  }
  (void)to_json(*plan).dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
  return 0;
}
