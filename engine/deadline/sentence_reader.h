// Deadlines as officials write them: inside a sentence, with words before and after the time.
// "请于2019年7月31日前报送镇扶贫站", "确保6月底前完成所有到村项目的验收报账", "集中攻坚阶段
// (4月—9月)", "接到通知后3个工作日内上报". parse_deadline (expression.h) reads a bare expression;
// the sentence reader finds the expressions in running text (time_candidates.h), reads each
// with the same grammar, and says which part of the text it read and which words each governs.
// No I/O.
//
// How the text is read:
//   - Words around the time are the task's wording: leading ones (请于, 务必, 确保, 力争, 截至,
//     自…起至…止) and trailing ones (…前完成验收, …前报送镇扶贫站) are not part of the deadline.
//   - A year written with a month holds for the dates after it: "2020年6月底前…9月底前…" is
//     2020's; a year alone ("2018年改造120户") does not.
//     A year standing alone ("2019年是…") is a deadline only when nothing more precise is
//     written; beside other dates it is their context.
//   - A time followed by 起, 开始, 以来 or 后 says when something starts, not when it is due; it
//     is not a deadline ("自2019年3月1日起施行"), unless a count follows ("7月底后10日内").
//   - The same deadline written twice is one deadline.
//
// What is refused, never guessed, with the reason:
//   no_date       nothing names a day: 尽快, 近期, 适时, 按时, 如期, 长期坚持
//   ambiguous     "9月前", "X月中旬前", "5日前" (which month?), "9月底前后"
//   needs_anchor  a count from an event with no `anchor`: "接到通知后3个工作日内" (names 接到通知)
//   unreadable    a date that does not exist or is malformed: "13月底前", "2月30日前"
//   several       (read_deadline_in_text only) two different deadlines in a text meant to hold one
// One unclear date refuses the whole text: a wrong deadline is worse than none.
//
// Positions: `begin_byte`/`end_byte` count UTF-8 bytes of the text as given; `begin_char`/
// `end_char` count Unicode code points (what the API reports as start and end). Ends are
// exclusive.
//
// Thread safety: pure functions; call them from any thread.
#pragma once

#include <date/date.h>
#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/deadline/expression.h"
#include "engine/error.h"

namespace taizhang {

class WorkingDayCalendar;

// The longest text the sentence reader takes, and the most dates it reads in one text.
inline constexpr std::size_t kMaxDeadlineSentenceBytes = 4096;
inline constexpr std::size_t kMaxDeadlinesInText = 16;
static_assert(kMaxDeadlineSentenceBytes >= kMaxDeadlineTextBytes,
              "every bare expression parse_deadline takes is a sentence the reader takes");

// A stretch of the text.
struct TextSpan {
  std::size_t begin_byte = 0, end_byte = 0;
  std::size_t begin_char = 0, end_char = 0;
  std::string text;  // the bytes begin_byte..end_byte, as written
};

struct DeadlineInText {
  Deadline deadline;
  TextSpan matched;   // the time expression read, with a 于/在/截至 just before it
  std::string words;  // the words it governs: its clauses, without the time ("工程全面完成")
};

struct DeadlinesInText {
  std::vector<DeadlineInText> deadlines;  // in the order written; never empty
  std::string wording;                    // the whole text without the times read
};

enum class TextRefusalReason { no_date, ambiguous, needs_anchor, unreadable, several };

std::string_view to_string(TextRefusalReason reason);  // "no_date", "ambiguous", ...

struct TextRefusal {
  TextRefusalReason reason = TextRefusalReason::unreadable;
  std::string message;            // quotes the part of the text at fault and says what is wrong
  std::string field = "text";     // "ref" or "anchor" when those are not dates from 1950 to 2199
  std::vector<TextSpan> matched;  // what was found: the unclear time, or each of several
};

// The refusal as the engine's Error: several_deadlines for `several`, else invalid_field on
// `field`.
Error to_error(const TextRefusal& refusal);

// Every deadline in `text` (at most kMaxDeadlineSentenceBytes of UTF-8), or the refusal. `ref`,
// `anchor` and `calendar` are as for parse_deadline: `ref` gives a missing year and the "now" of
// 本月, 下月, 今年; `anchor` is where counts start; `calendar` is needed for 工作日 and 春节.
std::expected<DeadlinesInText, TextRefusal> read_deadlines_in_text(
    std::string_view text, date::year_month_day ref, std::optional<date::year_month_day> anchor,
    const WorkingDayCalendar* calendar);

// The one deadline in `text`; refused as `several` (naming each) when it holds more than one
// different deadline, rather than picking one.
std::expected<DeadlineInText, TextRefusal> read_deadline_in_text(
    std::string_view text, date::year_month_day ref, std::optional<date::year_month_day> anchor,
    const WorkingDayCalendar* calendar);

// Whether `deadline` is a whole year ("2019年", "2019年度"): in a plan's prose, a year alone is
// most often a statistic's year, not a deadline.
bool is_whole_year(const Deadline& deadline);

// to_json(deadline) and {"matched": {"start", "end", "start_byte", "end_byte", "text"},
// "words"}; start and end in code points.
nlohmann::json to_json(const DeadlineInText& found);

}  // namespace taizhang
