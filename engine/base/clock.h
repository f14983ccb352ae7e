// The server's clock. Normally the system clock; `serve --now` starts it at a chosen instant
// from which it advances in real time (tests, demos, training). Thread-safe: immutable after
// construction.
//
// All civil times are Asia/Shanghai. China has kept UTC+08:00 without daylight saving since
// 1991, so a fixed offset is exact for every date this system handles and needs no tz database.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <date/date.h>

namespace taizhang {

using TimePoint = std::chrono::system_clock::time_point;
inline constexpr std::chrono::hours kShanghaiOffset{8};

class Clock {
 public:
  Clock() = default;
  // A clock that reads `start` now and advances from there.
  explicit Clock(TimePoint start) : offset_(start - std::chrono::system_clock::now()) {}

  TimePoint now() const { return std::chrono::system_clock::now() + offset_; }
  date::year_month_day today() const;  // the civil date in Asia/Shanghai

 private:
  std::chrono::system_clock::duration offset_{0};
};

// "2019-03-01T09:00:00.123+08:00": RFC 3339 in Asia/Shanghai, millisecond precision.
std::string format_rfc3339(TimePoint t);
// Accepts RFC 3339 with any offset ("Z", "+08:00", "-05:30"), optional fractional seconds.
std::optional<TimePoint> parse_rfc3339(std::string_view text);

// Milliseconds since the Unix epoch: how stored deadlines of the machine (sessions, retries)
// are kept.
int64_t unix_ms(TimePoint t);
TimePoint from_unix_ms(int64_t ms);

// Dates this system accepts: the programme's plans, funds and deadlines all fall well inside
// these years, and a date outside them ("0000-01-01") is a typing slip that would make the
// morning report say 逾期737498天.
inline constexpr int kFirstYear = 2000;
inline constexpr int kLastYear = 2100;
// How every refusal of a date words the rule.
inline constexpr std::string_view kDateRule = "a date YYYY-MM-DD from 2000-01-01 to 2100-12-31";

std::string format_date(date::year_month_day d);  // "2019-07-31"
// The one date reader: every date from a request, a command line, a file or the store is read
// here. Strict YYYY-MM-DD naming a real day in kFirstYear..kLastYear; nullopt otherwise.
std::optional<date::year_month_day> parse_date(std::string_view text);
// True when `d` lies in kFirstYear..kLastYear (dates computed rather than read, e.g. a
// deadline counted forward, are checked with this).
bool date_in_range(date::year_month_day d);
date::year_month_day shanghai_date(TimePoint t);

}  // namespace taizhang
