#include "engine/deadline/calendar_source.h"

#include "engine/base/embedded_data.h"

namespace taizhang {

Result<WorkingDayCalendar> load_working_day_calendar(const std::string& path) {
  if (path.empty()) return WorkingDayCalendar::from_json(embedded::working_day_calendar_json());
  return WorkingDayCalendar::load(path);
}

}  // namespace taizhang
