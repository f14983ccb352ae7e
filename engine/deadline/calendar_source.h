// Where the working-day calendar comes from: a file an administrator maintains (--calendar), or
// the copy of calendar/cn_workdays.json compiled into the binary.
#pragma once

#include <string>

#include "engine/deadline/working_day_calendar.h"

namespace taizhang {

// `path` empty: the compiled-in calendar.
Result<WorkingDayCalendar> load_working_day_calendar(const std::string& path);

}  // namespace taizhang
