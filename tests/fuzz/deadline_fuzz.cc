// libFuzzer target: the deadline reader (engine/deadline/expression.h). The first two bytes pick
// the reference day (and the anchor) among the years the calendar covers; the rest is the text.
// Any text must yield a deadline or invalid_field / several_deadlines — never a crash, a hang or
// undefined behaviour — and an accepted deadline must lie within the years dates may take, start
// no later than it is due, and read back from its normalized text to the same dates.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/base/assert.h"
#include "engine/base/clock.h"
#include "engine/deadline/calendar_source.h"
#include "engine/deadline/expression.h"

namespace {

const taizhang::WorkingDayCalendar& calendar() {
  static const taizhang::WorkingDayCalendar c = *taizhang::load_working_day_calendar("");
  return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace taizhang;
  if (size < 2) return 0;
  // 2019-01-01 plus up to about 8 years: the calendar's span.
  const int offset_days = ((data[0] << 8) | data[1]) % 2900;
  const auto ref = date::year_month_day{date::sys_days{date::year{2019} / 1 / 1} +
                                        date::days{offset_days}};
  const std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);
  auto d = parse_deadline(text, ref, ref, &calendar());
  if (!d) {
    TZ_ASSERT(d.error().code == ErrorCode::invalid_field ||
              d.error().code == ErrorCode::several_deadlines);
    return 0;
  }
  TZ_ASSERT(d->due_on.ok() && date_in_range(d->due_on));
  if (d->start_on) {
    TZ_ASSERT(date_in_range(*d->start_on));
    TZ_ASSERT(date::sys_days{*d->start_on} <= date::sys_days{d->due_on});
  }
  // The canonical text means the same deadline (engine/deadline/expression.h).
  auto again = parse_deadline(d->normalized, ref, ref, &calendar());
  TZ_ASSERT(again.has_value());
  TZ_ASSERT(again->due_on == d->due_on && again->start_on == d->start_on);
  return 0;
}
