// Deadlines written the way the township's plan writes them: "7月底前", "(时间节点:2019年2—9月)",
// "2019年2月下旬-3月中旬", "5个工作日内", "每月5日前", "春节前". parse_deadline reads one such
// expression and gives its dates; it does no I/O.
//
// What it reads (spaces, full-width punctuation, every dash and 至/到 are accepted; Chinese
// numerals like 八, 十二, 二十一, 二〇一九 too):
//   by        a day or the end of a month, quarter or year, with or without 前/以前/之前:
//             "10月31日前", "12月20日完成", "7月底前", "年底前", "第三季度末", "2019-07-31前",
//             and the named days "春节前" (the eve of Spring Festival) and "国庆前" (30 September).
//   during    one month, 旬, quarter, half or year: "2019年10月", "2月下旬", "3月初" (= 上旬),
//             "3月中" (= 中旬), "第三季度", "一季度", "上半年", "2019年".
//   span      two of the above joined by a dash or 至/到: "2019年2—9月", "2019年3月至12月",
//             "7月3日至15日"; it starts on the first's first day and is due on the second's last.
//   relative  a count from an anchor date: "15日内", "30天内", "5个工作日内", "一个月内",
//             "2周内", "竣工验收后30日内", "自受理之日起20个工作日内". Calendar days are counted
//             from the day after the anchor; "一个月内" ends on the same day of the next month (or
//             that month's last day); 工作日 come from the WorkingDayCalendar.
//   recurring "每月5日前", "每月底前", "每季度末", "每年6月30日前": due_on is the next one on or
//             after `ref`.
// Leading 在/于/截至/时间节点: and surrounding parentheses are skipped, and so are trailing
// completion words such as 完成, 全面完成, 全部搬迁入住, 落实到位.
//
// A year left out is `ref`'s year. Anything not read with certainty is an error naming the
// problem, never a guess: "13月底前", "2月30日前", a span that runs backwards ("2019年9—2月"),
// digits whose 年/月 were lost ("2018224日至630日"), "9月前" (before September, or by its end?),
// unknown words, a relative expression without an anchor, and working days in a year the
// calendar does not cover.
//
// Thread safety: parse_deadline is a pure function; call it from any thread.
#pragma once

#include <date/date.h>
#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "engine/base/error.h"

namespace taizhang {

class WorkingDayCalendar;

// The longest text parse_deadline reads, in bytes of UTF-8.
inline constexpr std::size_t kMaxDeadlineTextBytes = 256;

enum class DeadlineKind { by, span, during, relative, recurring };

std::string_view to_string(DeadlineKind kind);  // "by", "span", ...

// When a recurring deadline comes back.
struct Recurrence {
  enum class Period { month, quarter, year };
  Period period = Period::month;
  unsigned month = 0;  // Period::year only: 1..12
  unsigned day = 0;    // 1..28 (Period::year: up to the month's length); 0 = the period's end
};

struct Deadline {
  DeadlineKind kind = DeadlineKind::by;
  // span and during: the first day; relative: the anchor; by and recurring: none.
  std::optional<date::year_month_day> start_on;
  // The last day on which the work is still on time (recurring: the next such day on/after ref).
  date::year_month_day due_on{};
  // relative only: the length in days (working days when `working`), or in calendar months.
  std::optional<int> days;
  std::optional<int> months;
  bool working = false;
  std::optional<Recurrence> recurrence;  // recurring only
  // One canonical text per meaning, which parse_deadline reads back to the same deadline:
  //   by        "2019-07-31前"
  //   span      "2019-02-01至2019-09-30"
  //   during    "2019年10月", "2019年2月下旬", "2019年第三季度", "2019年上半年", "2019年"
  //   relative  "2019-03-01起30日内", "2019-03-01起5个工作日内", "2019-03-01起1个月内"
  //             (a date before 起 is the anchor, so the text stands on its own)
  //   recurring "每月5日前", "每月底前", "每季度末前", "每年6月30日前", "每年底前"
  std::string normalized;
};

// Reads `text` (at most kMaxDeadlineTextBytes of UTF-8). `ref` supplies the year when the text
// leaves it out and the "now" for recurring deadlines; `anchor` is where relative expressions
// count from (the text's own date before 起, if any, takes its place); `calendar` is needed for
// 工作日 and 春节 and may be null otherwise. Errors are invalid_field on field "text" (or "ref",
// "anchor" when those are not valid dates), with a message that quotes the text and says what
// is wrong with it.
Result<Deadline> parse_deadline(std::string_view text, date::year_month_day ref,
                                std::optional<date::year_month_day> anchor,
                                const WorkingDayCalendar* calendar);

// {"kind", "start_on", "due_on", "days", "working", "normalized"}: dates as "YYYY-MM-DD", null
// when absent; "days" and "working" are null unless kind is "relative" ("days" is null for a
// count in months, which the normalized text carries).
nlohmann::json to_json(const Deadline& deadline);

}  // namespace taizhang
