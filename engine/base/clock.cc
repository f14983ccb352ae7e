#include "engine/base/clock.h"

#include <charconv>
#include <cstdio>

namespace taizhang {

namespace {

bool read_int(std::string_view text, size_t pos, size_t len, int& out) {
  if (pos + len > text.size()) return false;
  for (size_t i = pos; i < pos + len; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  auto r = std::from_chars(text.data() + pos, text.data() + pos + len, out);
  return r.ec == std::errc();
}

}  // namespace

date::year_month_day shanghai_date(TimePoint t) {
  return date::year_month_day{date::floor<date::days>(t + kShanghaiOffset)};
}

date::year_month_day Clock::today() const { return shanghai_date(now()); }

std::string format_rfc3339(TimePoint t) {
  auto local = date::floor<std::chrono::milliseconds>(t + kShanghaiOffset);
  return date::format("%Y-%m-%dT%H:%M:%S", local) + "+08:00";
}

std::string format_date(date::year_month_day d) { return date::format("%F", d); }

std::optional<date::year_month_day> parse_date(std::string_view text) {
  int y, m, d;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  if (!read_int(text, 0, 4, y) || !read_int(text, 5, 2, m) || !read_int(text, 8, 2, d)) {
    return std::nullopt;
  }
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                           date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || !date_in_range(ymd)) return std::nullopt;
  return ymd;
}

bool date_in_range(date::year_month_day d) {
  return d.year() >= date::year{kFirstYear} && d.year() <= date::year{kLastYear};
}

std::optional<TimePoint> parse_rfc3339(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM)
  if (text.size() < 20 || text.size() > 64) return std::nullopt;
  auto day = parse_date(text.substr(0, 10));
  if (!day || (text[10] != 'T' && text[10] != 't' && text[10] != ' ')) return std::nullopt;
  int hh, mm, ss;
  if (!read_int(text, 11, 2, hh) || text[13] != ':' || !read_int(text, 14, 2, mm) ||
      text[16] != ':' || !read_int(text, 17, 2, ss)) {
    return std::nullopt;
  }
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  size_t pos = 19;
  std::chrono::nanoseconds fraction{0};
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    long long scale = 100'000'000, value = 0;
    size_t digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 9) {
        value += (text[pos] - '0') * scale;
        scale /= 10;
      }
      ++pos;
      ++digits;
    }
    if (digits == 0) return std::nullopt;
    fraction = std::chrono::nanoseconds{value};
  }
  std::chrono::minutes offset{0};
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int oh, om;
    if (!read_int(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !read_int(text, pos + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset = std::chrono::hours{oh} + std::chrono::minutes{om};
    if (text[pos] == '-') offset = -offset;
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  auto local = date::sys_days{*day} + std::chrono::hours{hh} + std::chrono::minutes{mm} +
               std::chrono::seconds{ss};
  return std::chrono::time_point_cast<std::chrono::system_clock::duration>(local - offset +
                                                                           fraction);
}

int64_t unix_ms(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint from_unix_ms(int64_t ms) {
  return TimePoint(std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds(ms)));
}

}  // namespace taizhang
