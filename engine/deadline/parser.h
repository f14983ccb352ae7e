// The deadline parser's insides, shared by the files that implement it (expression.cc,
// absolute_forms.cc, relative_forms.cc). Not part of the engine's interface: include
// engine/deadline/expression.h instead.
//
// The text is decoded from UTF-8 once, into folded code points (engine/deadline/chinese_text.h),
// so that the parser compares single characters. The Parser is a cursor over them with one
// method per piece of the grammar; each returns false after recording the first problem found.
// Nothing is guessed.
#pragma once

#include <date/date.h>

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "engine/deadline/chinese_text.h"
#include "engine/deadline/expression.h"
#include "engine/base/error.h"

namespace taizhang::deadline_parser {

using chinese::chinese_value;
using chinese::is_chinese_numeral;
using chinese::is_digit;
using chinese::starts_number;
using chinese::utf8;
using date::sys_days;
using date::year_month_day;

inline constexpr int kMinYear = 1950;
inline constexpr int kMaxYear = 2199;
inline constexpr int kMaxRelativeDays = 3660;
inline constexpr int kMaxRelativeMonths = 120;
inline constexpr std::ptrdiff_t kMaxEventChars = 32;

// ---------------------------------------------------------------------------------------------
// Numbers: ASCII digits, or Chinese numerals (五, 十二, 二十一, 一百二十, 二〇一九).

struct Number {
  int value = 0;
  int digits = 0;  // characters written
  bool chinese = false;
  const char32_t* begin = nullptr;
  const char32_t* end = nullptr;
};

// ---------------------------------------------------------------------------------------------
// Points in time, the pieces of by, during and span expressions.

enum class Grain : unsigned char { year, half, quarter, month, xun, day };
// The unit a point's text starts with. A bare number before a dash borrows it: "2019年2—9月".
enum class Lead : unsigned char { year, month, day, other };

struct Point {
  sys_days first{};
  sys_days last{};
  Grain grain = Grain::day;
  Lead lead = Lead::other;
  bool exact = false;     // ends on one named day (10月31日, 7月底, 年底), so 前 is clear
  bool festival = false;  // 春节, 国庆: a deadline only with 前
  int year = 0;
  unsigned month = 0;  // 1..12 when the point lies within one month
  unsigned part = 0;   // which half (1, 2), quarter (1..4) or 旬 (1..3)
};

// A number with no unit before a dash, waiting for the unit after the dash.
struct Bare {
  bool present = false;
  Number number;
  int year = 0;
  unsigned month = 0;  // 0 when the number came straight after the year
};

inline sys_days day_of(int y, unsigned m, unsigned d) {
  return sys_days{date::year{y} / date::month{m} / date::day{d}};
}

inline unsigned last_day(int y, unsigned m) {
  return static_cast<unsigned>((date::year{y} / date::month{m} / date::last).day());
}

inline void set_month(Point& out, int year, unsigned month) {
  out.year = year, out.month = month, out.grain = Grain::month;
  out.first = day_of(year, month, 1), out.last = day_of(year, month, last_day(year, month));
}

inline void append_int(std::string& out, int value) {
  char digits[12];
  int n = 0;
  do digits[n++] = static_cast<char>('0' + value % 10); while ((value /= 10) > 0);
  while (n > 0) out += digits[--n];
}

inline void append_date(std::string& out, sys_days day) {
  year_month_day ymd{day};
  int y = static_cast<int>(ymd.year());
  unsigned m = static_cast<unsigned>(ymd.month()), d = static_cast<unsigned>(ymd.day());
  char text[10] = {static_cast<char>('0' + y / 1000 % 10), static_cast<char>('0' + y / 100 % 10),
                   static_cast<char>('0' + y / 10 % 10), static_cast<char>('0' + y % 10), '-',
                   static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10), '-',
                   static_cast<char>('0' + d / 10), static_cast<char>('0' + d % 10)};
  out.append(text, sizeof text);
}

inline constexpr std::string_view kHalfNames[] = {"", "上半年", "下半年"};
inline constexpr std::string_view kQuarterNames[] = {"", "第一季度", "第二季度", "第三季度",
                                                     "第四季度"};
// 旬 4 and 5 are two 旬 written together: 上中旬 (days 1-20) and 中下旬 (11 to the month's end).
inline constexpr std::string_view kXunNames[] = {"", "上旬", "中旬", "下旬", "上中旬", "中下旬"};

// Words after the date that say what is due, not when: "7月底前全面完成".
inline constexpr std::u32string_view kCompletionWords[] = {
    U"全部搬迁入住", U"搬迁入住", U"全面完成", U"全部完成", U"基本完成", U"完成", U"全面落实",
    U"落实到位",     U"落实",     U"到位",     U"入住",     U"办结",     U"完工", U"竣工",
    U"上报",         U"报送",     U"结束",     U"任务"};
inline constexpr std::u32string_view kByWords[] = {U"以前", U"之前", U"前", U"为止", U"止"};
inline constexpr std::u32string_view kPrefixWords[] = {
    U"时间节点", U"完成时限", U"完成时间", U"截止时间", U"时限", U"期限", U"截止到",
    U"截至",     U"截止",     U"在",       U"于",       U"自",   U"从"};

// Why a text was not read, for callers that report the kind (the sentence reader, its corpus).
enum class Problem : unsigned char {
  none,
  no_date,       // nothing in the text names a day
  ambiguous,     // a date an official could read two ways: "9月前", "5日前" (which month?)
  needs_anchor,  // a count from an event ("接到通知后3个工作日内") and no anchor date given
  unreadable,    // a date that does not exist or is malformed: "13月底前", "2月30日"
};

// Which grammar the sentence reader found a candidate for; parse_deadline chooses by itself.
enum class Form : unsigned char { absolute, relative, recurring };

// One expression read from running text, where it may be followed by other words.
struct TextReading {
  std::optional<Deadline> deadline;
  const char32_t* stop = nullptr;  // with a deadline: the first code point not read
  Problem problem = Problem::none;
  std::string message;  // with a problem: what is wrong, without the text itself
};

struct Inputs {
  std::string_view original;
  year_month_day ref;
  std::optional<year_month_day> anchor;
  const WorkingDayCalendar* calendar;
  int year = 0;  // the year a text without one means; 0: ref's year
  // The month 当月 ("that month") means in running text: the month of the date written just
  // before it ("3月15日前…当月下旬" is March's). 0: the reference date's month.
  unsigned month = 0;
  int month_year = 0;
};

// Reads the expression of `form` that starts at `begin`, stopping where it ends instead of
// requiring the text to end there (trailing completion words are left unread). What `begin`
// to `end` holds past the expression is never read as part of it.
TextReading read_in_text(const Inputs& in, Form form, const char32_t* begin, const char32_t* end);

// Whether `c` can start a point in time after 至 or 到: "至12月", "到年底", "至明年3月".
inline bool starts_point(char32_t c) {
  return starts_number(c) || c == U'今' || c == U'明' || c == U'本' || c == U'当' || c == U'下' ||
         c == U'次' || c == U'年' || c == U'上' || c == U'第' || c == U'月';
}

// ---------------------------------------------------------------------------------------------
// The parser: a cursor over the folded code points, one method per piece of the grammar. Each
// method returns false after recording the first problem found; nothing is guessed.

class Parser {
 public:
  Parser(const Inputs& in, const char32_t* begin, const char32_t* end)
      : in_(in), p_(begin), end_(end),
        ref_year_(in.year != 0 ? in.year : static_cast<int>(in.ref.year())) {}

  Result<Deadline> run();
  TextReading run_in_text(Form form);

 private:
  bool at_end() const { return p_ == end_; }
  char32_t peek(std::ptrdiff_t ahead = 0) const { return end_ - p_ > ahead ? p_[ahead] : U'\0'; }
  bool eat(char32_t c) {
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  // Compares by hand: most words differ in the first character, and a memcmp call per word
  // was a fifth of the parse time.
  bool eat(std::u32string_view word) {
    const auto length = static_cast<std::ptrdiff_t>(word.size());
    assert(length > 0);
    if (end_ - p_ < length || *p_ != word[0]) return false;
    for (std::ptrdiff_t i = 1; i < length; ++i) {
      if (p_[i] != word[static_cast<std::size_t>(i)]) return false;
    }
    p_ += length;
    return true;
  }
  template <std::size_t N>
  bool eat_any(const std::u32string_view (&words)[N]) {
    return std::any_of(words, words + N, [this](std::u32string_view w) { return eat(w); });
  }
  bool eat_any(std::initializer_list<std::u32string_view> words) {
    return std::any_of(words.begin(), words.end(),
                       [this](std::u32string_view w) { return eat(w); });
  }
  // A dash, or 至/到 before a point: "到位", "到村" are words, not the second half of a span.
  bool at_separator() const {
    return peek() == U'-' || ((peek() == U'至' || peek() == U'到') && starts_point(peek(1)));
  }

  // Records the first problem found; `problem_` is what is wrong, without the text.
  bool fail(const std::string& what, Problem kind = Problem::unreadable) {
    if (problem_.empty()) problem_ = what, kind_ = kind;
    return false;
  }
  bool fail_unexpected() {
    if (at_end()) return fail("it stops before the date is complete");
    return fail("\"" + utf8(p_, end_) + "\" is not a date, a span or a word this reader knows");
  }
  bool failed() const { return !problem_.empty(); }

  std::optional<Number> read_number();
  bool read_year(Point& out, bool& year_given, int& year);
  bool parse_point(int year, unsigned month, Point& out, Bare* bare);
  bool parse_after_year(int year, bool year_given, unsigned month, Point& out, Bare* bare);
  bool parse_month_tail(int year, const Number& month, Point& out, Bare* bare);
  bool parse_reference_month(bool year_given, Point& out, Bare* bare);
  bool set_xun(Point& out, int year, unsigned month, unsigned xun);
  bool check_month(const Number& n, unsigned& month);
  bool set_day(Point& out, int year, unsigned month, const Number& day);
  bool set_quarter(Point& out, int year, const Number& quarter);
  bool set_festival(Point& out, int year, bool spring);
  bool try_iso_date(Point& out);
  bool resolve_bare(const Bare& bare, Lead lead, Point& out);
  bool parse_absolute(Deadline& out);
  bool parse_recurring(Deadline& out);
  bool parse_relative(Deadline& out);
  bool read_relative_start(const char32_t* close, std::optional<year_month_day>& anchor,
                           std::string& event);
  bool finish();
  const char32_t* relative_close() const;

  const Inputs& in_;
  const char32_t* p_;
  const char32_t* end_;
  int ref_year_;
  bool in_text_ = false;  // run_in_text: stop after the expression
  std::string problem_;
  Problem kind_ = Problem::none;
};

}  // namespace taizhang::deadline_parser
