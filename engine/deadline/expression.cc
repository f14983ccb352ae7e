#include "engine/deadline/expression.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cassert>
#include <initializer_list>

#include "engine/deadline/working_day_calendar.h"

namespace taizhang {

namespace {

using date::sys_days;
using date::year_month_day;
using namespace std::string_view_literals;

constexpr int kMinYear = 1950;
constexpr int kMaxYear = 2199;
constexpr int kMaxRelativeDays = 3660;
constexpr int kMaxRelativeMonths = 120;
constexpr std::ptrdiff_t kMaxEventChars = 32;

// ---------------------------------------------------------------------------------------------
// The text is decoded from UTF-8 once, into code points, folding together the variants people
// type for the same thing, so that the parser below compares single characters.

struct CodePoints {
  std::array<char32_t, kMaxDeadlineTextBytes> at;  // never more code points than bytes
  int size = 0;
};

// Full-width ASCII to ASCII, every dash and wave to '-', 号 to 日, 。、 to '.' ','; whitespace to 0.
char32_t fold(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
  switch (c) {
    case U' ': case U'\t': case U'\n': case U'\r': case 0x00A0: case 0x3000:
      return 0;
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
    case 0x2E3A: case 0x2E3B: case 0xFE58: case 0xFE63: case 0x301C: case U'~':
      return U'-';
    case U'号': return U'日';
    case 0x3002: return U'.';
    case 0x3001: return U',';
    default: return c;
  }
}

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }

// Returns what is wrong with the bytes, or nullptr.
const char* decode(std::string_view bytes, CodePoints& out) {
  bool space_before = false;
  for (std::size_t i = 0; i < bytes.size();) {
    auto b0 = static_cast<unsigned char>(bytes[i]);
    std::size_t length = b0 < 0x80 ? 1 : (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3
                       : (b0 & 0xF8) == 0xF0 ? 4 : 0;
    if (length == 0 || i + length > bytes.size()) return "it is not valid UTF-8";
    char32_t c = length == 1 ? b0 : b0 & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
      auto b = static_cast<unsigned char>(bytes[i + k]);
      if ((b & 0xC0) != 0x80) return "it is not valid UTF-8";
      c = (c << 6) | (b & 0x3F);
    }
    static constexpr char32_t kShortest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < kShortest[length] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
      return "it is not valid UTF-8";
    }
    i += length;
    c = fold(c);
    if (c == 0) {
      space_before = true;
      continue;
    }
    if (c < 0x20 || c == 0x7F) return "it contains control characters";
    char32_t last = out.size > 0 ? out.at[out.size - 1] : 0;
    // "1 5日内" might be 15 or a typo; refuse rather than join the digits.
    if (space_before && is_digit(c) && is_digit(last)) {
      return "two numbers are separated only by a space";
    }
    space_before = false;
    if (c == U'-' && last == U'-') continue;  // "——" is one dash
    out.at[out.size++] = c;
  }
  return nullptr;
}

void append_utf8(std::string& out, const char32_t* begin, const char32_t* end) {
  for (; begin != end; ++begin) {
    char32_t c = *begin;
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
}

std::string utf8(const char32_t* begin, const char32_t* end) {
  std::string out;
  append_utf8(out, begin, end);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Numbers: ASCII digits, or Chinese numerals (五, 十二, 二十一, 一百二十, 二〇一九).

int chinese_digit(char32_t c) {
  switch (c) {
    case U'〇': case U'零': return 0;
    case U'一': return 1;
    case U'二': case U'两': return 2;
    case U'三': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    default: return -1;
  }
}

bool is_chinese_numeral(char32_t c) { return chinese_digit(c) >= 0 || c == U'十' || c == U'百'; }
bool starts_number(char32_t c) { return is_digit(c) || is_chinese_numeral(c); }

// The value of a run of Chinese numerals, or -1 when it is not one this reader is sure of.
int chinese_value(const char32_t* begin, const char32_t* end) {
  const auto length = end - begin;
  if (std::none_of(begin, end, [](char32_t c) { return c == U'十' || c == U'百'; })) {
    if (length == 1) return chinese_digit(*begin);
    if (length != 4) return -1;  // only years are written digit by digit: 二〇一九
    int value = 0;
    for (auto c = begin; c != end; ++c) {
      if (*c == U'两') return -1;
      value = value * 10 + chinese_digit(*c);
    }
    return value;
  }
  int hundreds = 0, tens = 0, digit = -1;
  bool hundred = false, ten = false, zero = false;
  for (auto c = begin; c != end; ++c) {
    if (*c == U'两') return -1;
    if (*c == U'百') {
      if (hundred || ten || digit <= 0) return -1;
      hundreds = digit, hundred = true, digit = -1;
    } else if (*c == U'十') {
      if (ten || digit == 0 || zero) return -1;
      tens = digit < 0 ? 1 : digit, ten = true, digit = -1;
    } else if (int d = chinese_digit(*c); d == 0) {
      if (!hundred || ten || digit >= 0 || zero) return -1;
      zero = true;
    } else {
      if (digit >= 0) return -1;
      digit = d;
    }
  }
  // "一百五" is said for 150 and "一百零五" for 105; refuse the first rather than guess.
  if (hundred && !ten && !zero && digit > 0) return -1;
  return hundreds * 100 + tens * 10 + std::max(digit, 0);
}

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

sys_days day_of(int y, unsigned m, unsigned d) {
  return sys_days{date::year{y} / date::month{m} / date::day{d}};
}

unsigned last_day(int y, unsigned m) {
  return static_cast<unsigned>((date::year{y} / date::month{m} / date::last).day());
}

void set_month(Point& out, int year, unsigned month) {
  out.year = year, out.month = month, out.grain = Grain::month;
  out.first = day_of(year, month, 1), out.last = day_of(year, month, last_day(year, month));
}

void append_int(std::string& out, int value) {
  char digits[12];
  int n = 0;
  do digits[n++] = static_cast<char>('0' + value % 10); while ((value /= 10) > 0);
  while (n > 0) out += digits[--n];
}

void append_date(std::string& out, sys_days day) {
  year_month_day ymd{day};
  int y = static_cast<int>(ymd.year());
  unsigned m = static_cast<unsigned>(ymd.month()), d = static_cast<unsigned>(ymd.day());
  char text[10] = {static_cast<char>('0' + y / 1000 % 10), static_cast<char>('0' + y / 100 % 10),
                   static_cast<char>('0' + y / 10 % 10), static_cast<char>('0' + y % 10), '-',
                   static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10), '-',
                   static_cast<char>('0' + d / 10), static_cast<char>('0' + d % 10)};
  out.append(text, sizeof text);
}

constexpr std::string_view kHalfNames[] = {"", "上半年", "下半年"};
constexpr std::string_view kQuarterNames[] = {"", "第一季度", "第二季度", "第三季度", "第四季度"};
constexpr std::string_view kXunNames[] = {"", "上旬", "中旬", "下旬"};

// Words after the date that say what is due, not when: "7月底前全面完成".
constexpr std::u32string_view kCompletionWords[] = {
    U"全部搬迁入住", U"搬迁入住", U"全面完成", U"全部完成", U"基本完成", U"完成", U"全面落实",
    U"落实到位",     U"落实",     U"到位",     U"入住",     U"办结",     U"完工", U"竣工",
    U"上报",         U"报送",     U"结束",     U"任务"};
constexpr std::u32string_view kByWords[] = {U"以前", U"之前", U"前", U"为止", U"止"};
constexpr std::u32string_view kPrefixWords[] = {U"时间节点", U"完成时限", U"完成时间", U"截止时间",
                                                U"时限",     U"期限",     U"截止到",   U"截至",
                                                U"截止",     U"在",       U"于"};

struct Inputs {
  std::string_view original;
  year_month_day ref;
  std::optional<year_month_day> anchor;
  const WorkingDayCalendar* calendar;
};

// ---------------------------------------------------------------------------------------------
// The parser: a cursor over the folded code points, one method per piece of the grammar. Each
// method returns false after recording the first problem found; nothing is guessed.

class Parser {
 public:
  Parser(const Inputs& in, const char32_t* begin, const char32_t* end)
      : in_(in), p_(begin), end_(end), ref_year_(static_cast<int>(in.ref.year())) {}

  Result<Deadline> run();

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
  bool at_separator() const {
    return peek() == U'-' || peek() == U'至' || (peek() == U'到' && peek(1) != U'位');
  }

  bool fail(const std::string& what) {
    if (problem_.empty()) {
      problem_ = "cannot read the deadline \"" + std::string(in_.original) + "\": " + what;
    }
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
  bool check_month(const Number& n, unsigned& month);
  bool set_day(Point& out, int year, unsigned month, const Number& day);
  bool set_quarter(Point& out, int year, const Number& quarter);
  bool set_festival(Point& out, int year, bool spring);
  bool try_iso_date(Point& out);
  bool resolve_bare(const Bare& bare, Lead lead, Point& out);
  bool parse_absolute(Deadline& out);
  bool parse_recurring(Deadline& out);
  bool parse_relative(Deadline& out);
  bool read_relative_start(const char32_t* close, std::optional<year_month_day>& anchor);
  bool finish();
  const char32_t* relative_close() const;

  const Inputs& in_;
  const char32_t* p_;
  const char32_t* end_;
  int ref_year_;
  std::string problem_;
};

std::optional<Number> Parser::read_number() {
  Number n;
  n.begin = p_;
  if (p_ != end_ && is_digit(*p_)) {
    for (; p_ != end_ && is_digit(*p_); ++p_, ++n.digits) {
      if (n.digits < 9) n.value = n.value * 10 + static_cast<int>(*p_ - U'0');
    }
  } else {
    while (p_ != end_ && is_chinese_numeral(*p_)) ++p_;
    if (p_ == n.begin) return std::nullopt;
    n.chinese = true;
    n.digits = static_cast<int>(p_ - n.begin);
    n.value = chinese_value(n.begin, p_);
    if (n.value < 0) {
      fail("\"" + utf8(n.begin, p_) + "\" is not a Chinese numeral this reader is sure of");
      return std::nullopt;
    }
  }
  n.end = p_;
  return n;
}

// "2019年", "二〇一九年", 今年/本年/当年, 明年. Leaves the cursor alone when there is no year.
bool Parser::read_year(Point& out, bool& year_given, int& year) {
  if (eat_any({U"今年", U"本年", U"当年"})) {
    year = ref_year_;
  } else if (eat(U"明年")) {
    year = ref_year_ + 1;
  } else if (starts_number(peek())) {
    const char32_t* start = p_;
    auto n = read_number();
    if (!n) return false;
    if (!eat(U'年')) {
      p_ = start;  // a month, day or quarter: read again by the caller
      return true;
    }
    if (n->digits != 4 || n->value < kMinYear || n->value > kMaxYear) {
      return fail("\"" + utf8(n->begin, p_) + "\" is not a year: a year has four digits, " +
                  "from 1950 to 2199");
    }
    year = n->value;
  } else {
    return true;
  }
  year_given = true;
  out.lead = Lead::year;
  return true;
}

// One point in time. `year` is assumed when the text gives none; `month` (0 = none) is assumed
// for a bare day, as in the second half of "7月3日至15日". With `bare`, a number with no unit
// just before a dash is left for the caller ("2019年2—9月").
bool Parser::parse_point(int year, unsigned month, Point& out, Bare* bare) {
  out = Point{};
  if (try_iso_date(out) || failed()) return !failed();
  bool year_given = false;
  if (!read_year(out, year_given, year)) return false;
  out.year = year;
  return parse_after_year(year, year_given, month, out, bare);
}

bool Parser::parse_after_year(int year, bool year_given, unsigned month, Point& out, Bare* bare) {
  if (eat_any({U"年底", U"年末", U"年内"}) || (year_given && eat_any({U"底", U"末", U"内"}))) {
    out.first = out.last = day_of(year, 12, 31);
    out.exact = true;
    return true;
  }
  if (peek() == U'上' || peek() == U'下') {
    unsigned half = peek() == U'上' ? 1 : 2;
    if (eat(half == 1 ? U"上半年"sv : U"下半年"sv)) {
      out.grain = Grain::half, out.part = half;
      out.first = day_of(year, half == 1 ? 1 : 7, 1);
      out.last = day_of(year, half == 1 ? 6 : 12, half == 1 ? 30 : 31);
      return true;
    }
  }
  if (eat(U"春节")) return set_festival(out, year, /*spring=*/true);
  if (eat_any({U"国庆节", U"国庆"})) return set_festival(out, year, /*spring=*/false);
  if (eat_any({U"本月", U"当月"})) {
    if (year_given) return fail("本月 cannot follow a year");
    Number current{static_cast<int>(static_cast<unsigned>(in_.ref.month())), 2, false, p_, p_};
    return parse_month_tail(ref_year_, current, out, bare);
  }
  bool ordinal = eat(U'第');
  if (!starts_number(peek())) {
    if (ordinal) return fail("第 must be followed by a quarter, as in 第三季度");
    if (!year_given) return fail_unexpected();
    out.grain = Grain::year;  // the whole year: "2019年"
    out.first = day_of(year, 1, 1), out.last = day_of(year, 12, 31);
    return true;
  }
  auto n = read_number();
  if (!n) return false;
  if (eat_any({U"季度", U"季"})) return set_quarter(out, year, *n);
  if (ordinal) return fail("第 must be followed by a quarter, as in 第三季度");
  if (eat(U'月')) {
    if (out.lead == Lead::other) out.lead = Lead::month;
    return parse_month_tail(year, *n, out, bare);
  }
  if (eat(U'日')) {
    if (out.lead == Lead::other) out.lead = Lead::day;
    return set_day(out, year, month, *n);
  }
  if (bare != nullptr && at_separator()) {
    *bare = Bare{true, *n, year, 0};
    return true;
  }
  return fail("\"" + utf8(n->begin, n->end) + "\" has no unit: write 年, 月 or 日 after it");
}

bool Parser::check_month(const Number& n, unsigned& month) {
  if (!n.chinese && n.digits > 2) {
    return fail("\"" + utf8(n.begin, n.end) +
                "月\" is not a month: the 年 after the year seems to be missing");
  }
  if (n.value < 1 || n.value > 12) return fail("there is no month " + std::to_string(n.value));
  month = static_cast<unsigned>(n.value);
  return true;
}

// What follows "N月": a day, 上旬/中旬/下旬, 初/中/底/末, or nothing (the whole month).
bool Parser::parse_month_tail(int year, const Number& month_number, Point& out, Bare* bare) {
  unsigned month = 0;
  if (!check_month(month_number, month)) return false;
  eat(U'份');  // "10月份"
  out.year = year, out.month = month;
  unsigned xun = eat(U"上旬") || eat(U'初') ? 1 : eat(U"中旬") || eat(U'中') ? 2 : eat(U"下旬") ? 3 : 0;
  if (xun != 0) {
    out.grain = Grain::xun, out.part = xun;
    out.first = day_of(year, month, xun * 10 - 9);
    out.last = day_of(year, month, xun == 3 ? last_day(year, month) : xun * 10);
    return true;
  }
  if (eat_any({U"底", U"末"})) {
    out.first = out.last = day_of(year, month, last_day(year, month));
    out.exact = true;
    return true;
  }
  if (starts_number(peek())) {
    auto n = read_number();
    if (!n) return false;
    if (eat(U'日')) return set_day(out, year, month, *n);
    if (bare != nullptr && at_separator()) {
      *bare = Bare{true, *n, year, month};
      return true;
    }
    return fail("\"" + utf8(n->begin, n->end) + "\" has no unit: write 日 after it");
  }
  set_month(out, year, month);
  return true;
}

bool Parser::set_day(Point& out, int year, unsigned month, const Number& day) {
  auto written = [&day] { return utf8(day.begin, day.end) + "日"; };  // only for errors
  if (!day.chinese && day.digits > 2) {
    return fail("\"" + written() + "\" is not a day: a day has one or two digits, and the 年 "
                "and 月 characters seem to be missing");
  }
  if (month == 0) return fail("\"" + written() + "\" does not say which month");
  if (day.value < 1 || static_cast<unsigned>(day.value) > last_day(year, month)) {
    return fail("there is no " + written() + " in " + std::to_string(year) + "年" +
                std::to_string(month) + "月 (it has " + std::to_string(last_day(year, month)) +
                " days)");
  }
  out.year = year, out.month = month, out.grain = Grain::day, out.exact = true;
  out.first = out.last = day_of(year, month, static_cast<unsigned>(day.value));
  return true;
}

bool Parser::set_quarter(Point& out, int year, const Number& quarter) {
  if (quarter.value < 1 || quarter.value > 4) {
    return fail("there is no quarter " + std::to_string(quarter.value));
  }
  auto last_month = static_cast<unsigned>(quarter.value) * 3;
  out.first = day_of(year, last_month - 2, 1);
  out.last = day_of(year, last_month, last_day(year, last_month));
  if (eat_any({U"末", U"底"})) {
    out.first = out.last, out.exact = true;
    return true;
  }
  out.grain = Grain::quarter, out.part = static_cast<unsigned>(quarter.value);
  return true;
}

// 春节前 is due on the eve of Spring Festival (除夕); 国庆前 on 30 September.
bool Parser::set_festival(Point& out, int year, bool spring) {
  out.festival = out.exact = true;
  if (!spring) {
    out.first = out.last = day_of(year, 9, 30);
    return true;
  }
  if (in_.calendar == nullptr) {
    return fail("春节 needs the Spring Festival dates of the working-day calendar, and none "
                "is loaded");
  }
  auto festival = in_.calendar->spring_festival(date::year{year});
  if (!festival) return fail(festival.error().message);
  out.first = out.last = sys_days{*festival} - date::days{1};
  return true;
}

// 2019-07-31, 2019/7/31 or 2019.7.31: the form parse_deadline itself writes.
bool Parser::try_iso_date(Point& out) {
  const char32_t* q = p_;
  auto digits = [&](int min, int max, int& value) {
    int n = 0;
    for (value = 0; q != end_ && is_digit(*q) && n < max; ++q, ++n) {
      value = value * 10 + static_cast<int>(*q - U'0');
    }
    return n >= min && (q == end_ || !is_digit(*q));
  };
  int y = 0, m = 0, d = 0;
  if (!digits(4, 4, y) || q == end_ || (*q != U'-' && *q != U'/' && *q != U'.')) return false;
  char32_t separator = *q++;
  if (!digits(1, 2, m) || q == end_ || *q++ != separator || !digits(1, 2, d)) return false;
  year_month_day day{date::year{y}, date::month{static_cast<unsigned>(m)},
                     date::day{static_cast<unsigned>(d)}};
  if (!day.ok() || y < kMinYear || y > kMaxYear) {
    return fail("\"" + utf8(p_, q) + "\" is not a date in the calendar");
  }
  p_ = q;
  out.first = out.last = sys_days{day};
  out.year = y, out.month = static_cast<unsigned>(m), out.exact = true, out.lead = Lead::year;
  return true;
}

// Gives the bare number before a dash the unit that follows the dash: "2019年2—9月" (months),
// "7月3—15日" (days), "2019—2020年" (years).
bool Parser::resolve_bare(const Bare& bare, Lead lead, Point& out) {
  const Number& n = bare.number;
  out = Point{};
  if (lead == Lead::month && bare.month == 0) {
    unsigned month = 0;
    if (!check_month(n, month)) return false;
    set_month(out, bare.year, month);
    return true;
  }
  if (lead == Lead::day) return set_day(out, bare.year, bare.month, n);
  if (lead == Lead::year && bare.month == 0 && n.digits == 4 && n.value >= kMinYear &&
      n.value <= kMaxYear) {
    out.year = n.value, out.grain = Grain::year;
    out.first = day_of(n.value, 1, 1), out.last = day_of(n.value, 12, 31);
    return true;
  }
  return fail("cannot tell what \"" + utf8(n.begin, n.end) + "\" before the dash counts");
}

// Trailing completion words, then nothing.
bool Parser::finish() {
  for (int words = 0; words < 3 && eat_any(kCompletionWords); ++words) {
  }
  return at_end() || fail_unexpected();
}

void append_during(std::string& out, const Point& point) {
  append_int(out, point.year);
  out += "年";
  switch (point.grain) {
    case Grain::year: break;
    case Grain::half: out += kHalfNames[point.part]; break;
    case Grain::quarter: out += kQuarterNames[point.part]; break;
    case Grain::month: append_int(out, static_cast<int>(point.month)), out += "月"; break;
    case Grain::xun:
      append_int(out, static_cast<int>(point.month)), out += "月", out += kXunNames[point.part];
      break;
    case Grain::day: assert(false && "a single day is a by deadline"); break;
  }
}

bool Parser::parse_absolute(Deadline& out) {
  Point first;
  Bare bare;
  if (!parse_point(ref_year_, 0, first, &bare)) return false;
  const bool by = !at_separator() && eat_any(kByWords);
  if (!at_separator()) {
    assert(!bare.present);
    if (first.festival && !by) {
      return fail("a festival alone is not a deadline: write 春节前 or 国庆前");
    }
    if (by && !first.exact) {
      return fail("\"前\" after a whole month, 旬, quarter or year could mean before it starts or "
                  "by its end: write the last day, as in 9月底前 or 9月30日前");
    }
    if (!finish()) return false;
    out.normalized.reserve(40);
    if (first.exact) {
      out.kind = DeadlineKind::by;
      append_date(out.normalized, first.last);
      out.normalized += "前";
    } else {
      out.kind = DeadlineKind::during;
      out.start_on = year_month_day{first.first};
      append_during(out.normalized, first);
    }
    out.due_on = year_month_day{first.last};
    return true;
  }
  ++p_;  // the dash, 至 or 到
  // A bare day after the dash takes the month of a first day ("7月3日至15日", "7月3—15日"), but
  // not of a whole month: "7月至15日" may be a slip for "7月至8月15日".
  Point second;
  unsigned month = bare.present ? bare.month : first.grain == Grain::day ? first.month : 0;
  if (!parse_point(bare.present ? bare.year : first.year, month, second, nullptr)) return false;
  if (bare.present && !resolve_bare(bare, second.lead, first)) return false;
  if (first.festival || second.festival) return fail("a span cannot start or end at a festival");
  if (first.first > second.last) {
    std::string what = "the span runs backwards: it would start on ";
    append_date(what, first.first);
    what += " and end on ";
    append_date(what, second.last);
    return fail(what);
  }
  if (eat_any(kByWords)) {
    return fail("\"前\" after a span is ambiguous: write the span's last day instead");
  }
  if (!finish()) return false;
  out.kind = DeadlineKind::span;
  out.start_on = year_month_day{first.first};
  out.due_on = year_month_day{second.last};
  out.normalized.reserve(32);
  append_date(out.normalized, first.first);
  out.normalized += "至";
  append_date(out.normalized, second.last);
  return true;
}

// The next due day of `rule` on or after `ref`.
sys_days next_due(const Recurrence& rule, year_month_day ref) {
  int y = static_cast<int>(ref.year());
  unsigned m = static_cast<unsigned>(ref.month());
  auto due_in = [&rule](int year, unsigned month) {
    return day_of(year, month, rule.day == 0 ? last_day(year, month) : rule.day);
  };
  switch (rule.period) {
    case Recurrence::Period::month: {
      sys_days due = due_in(y, m);
      if (due >= sys_days{ref}) return due;
      return m == 12 ? due_in(y + 1, 1) : due_in(y, m + 1);
    }
    case Recurrence::Period::quarter:
      return day_of(y, (m + 2) / 3 * 3, last_day(y, (m + 2) / 3 * 3));
    case Recurrence::Period::year: {
      sys_days due = due_in(y, rule.month);
      return due >= sys_days{ref} ? due : due_in(y + 1, rule.month);
    }
  }
  assert(false && "unknown period");
  return sys_days{ref};
}

// After 每: "月5日前", "月底", "季度末", "年6月30日前", "年底".
bool Parser::parse_recurring(Deadline& out) {
  Recurrence rule;
  if (eat(U'月')) {
    rule.period = Recurrence::Period::month;
    if (!eat_any({U"底", U"末"})) {
      auto n = read_number();
      if (!n || !eat(U'日')) {
        return failed() ? false : fail("每月 must be followed by a day, as in 每月5日前");
      }
      if (n->value < 1 || n->value > 28) {
        return fail("每月" + utf8(n->begin, n->end) + "日 does not exist in every month: use a day "
                    "from 1 to 28, or 每月底");
      }
      rule.day = static_cast<unsigned>(n->value);
    }
  } else if (eat_any({U"季度", U"季"})) {
    rule.period = Recurrence::Period::quarter;
    if (!eat_any({U"末", U"底"})) return fail("每季度 must be followed by 末, as in 每季度末");
  } else if (eat(U'年')) {
    rule.period = Recurrence::Period::year;
    Point day;
    // Checked against a common year, so that 2月29日 (missing three years in four) is refused.
    if (eat_any({U"底", U"末"})) {
      rule.month = 12;
    } else if (!parse_point(2019, 0, day, nullptr) || day.grain != Grain::day || day.festival) {
      return failed() ? false : fail("每年 must be followed by a day, as in 每年6月30日前");
    } else {
      year_month_day ymd{day.first};
      rule.month = static_cast<unsigned>(ymd.month()), rule.day = static_cast<unsigned>(ymd.day());
    }
  } else {
    return fail("每 is read only as 每月, 每季度 or 每年");
  }
  eat_any(kByWords);
  if (!finish()) return false;
  out.kind = DeadlineKind::recurring;
  out.recurrence = rule;
  out.due_on = year_month_day{next_due(rule, in_.ref)};
  out.normalized.reserve(24);
  out.normalized += "每";
  if (rule.period == Recurrence::Period::quarter) {
    out.normalized += "季度末前";
    return true;
  }
  out.normalized += rule.period == Recurrence::Period::month ? "月" : "年";
  if (rule.period == Recurrence::Period::year && rule.day != 0) {
    append_int(out.normalized, static_cast<int>(rule.month)), out.normalized += "月";
  }
  if (rule.day == 0) {
    out.normalized += "底前";
  } else {
    append_int(out.normalized, static_cast<int>(rule.day)), out.normalized += "日前";
  }
  return true;
}

// The 内 that closes a relative count ("30日内", "5个工作日以内", "一个月内"), or nullptr.
const char32_t* Parser::relative_close() const {
  for (const char32_t* q = p_ + 1; q < end_; ++q) {
    if (*q != U'内') continue;
    const char32_t* unit = q - 1;
    if ((*unit == U'以' || *unit == U'之') && unit > p_) --unit;
    if (*unit == U'日' || *unit == U'天' || *unit == U'月' || *unit == U'周' || *unit == U'期') return q;
  }
  return nullptr;
}

// The optional start of a relative count: "竣工验收后", "自受理之日起", "2019-03-01起". A date
// written there is the anchor; words name the event the caller's anchor stands for.
bool Parser::read_relative_start(const char32_t* close, std::optional<year_month_day>& anchor) {
  const char32_t* mark = std::find_if(p_, close, [](char32_t c) { return c == U'后' || c == U'起'; });
  if (mark == close) return true;
  const char32_t* begin = p_;
  const char32_t* end = mark;
  if (begin != end && (*begin == U'自' || *begin == U'从')) ++begin;
  for (std::u32string_view tail : {U"之日"sv, U"当日"sv, U"之"sv, U"以"sv}) {
    if (end - begin > static_cast<std::ptrdiff_t>(tail.size()) &&
        std::equal(tail.begin(), tail.end(), end - tail.size())) {
      end -= tail.size();
      break;
    }
  }
  if (begin == end) return fail("nothing names what the count starts from");
  if (end - begin > kMaxEventChars) return fail("the event the count starts from is too long");
  // The start may be a date ("2019-03-01起", "7月底后"): then it is the anchor. Words that do
  // not read as a date name the event the caller's anchor stands for ("竣工验收后").
  const char32_t* saved_end = end_;
  p_ = begin, end_ = end;
  Point day;
  bool is_date = parse_point(ref_year_, 0, day, nullptr) && (at_end() || fail_unexpected());
  end_ = saved_end;
  if (!is_date) {
    // Digits that do not read as a date are a mistyped date, not an event's name.
    if (std::any_of(begin, end, is_digit)) return false;
    problem_.clear();
  } else if (day.festival || !day.exact) {
    return fail("a count must start from one day; \"" + utf8(begin, end) + "\" is not one");
  } else if (in_.anchor && *in_.anchor != year_month_day{day.first}) {
    std::string what = "the text counts from ";
    append_date(what, day.first);
    what += " but the anchor given is ";
    append_date(what, sys_days{*in_.anchor});
    return fail(what);
  } else {
    anchor = year_month_day{day.first};
  }
  p_ = mark + 1;
  return true;
}

// "[start]N日内", "N天内", "N个工作日内", "N个月内", "N周内".
bool Parser::parse_relative(Deadline& out) {
  std::optional<year_month_day> anchor = in_.anchor;
  if (!read_relative_start(relative_close(), anchor)) return false;
  const char32_t* count_at = p_;
  auto n = read_number();
  if (!n) return failed() ? false : fail("expected a count such as 30日内 or 5个工作日内");
  int days = 0, months = 0;
  bool working = false;
  if (eat_any({U"个工作日", U"工作日"})) {
    working = true, days = n->value;
  } else if (eat_any({U"个自然日", U"自然日", U"日", U"天"})) {
    days = n->value;
  } else if (eat(U"个月")) {
    months = n->value;
  } else if (eat_any({U"个星期", U"星期", U"个周", U"周"})) {
    days = n->value <= kMaxRelativeDays / 7 ? n->value * 7 : kMaxRelativeDays + 1;
  } else if (eat(U'月')) {
    return fail("\"" + utf8(count_at, p_) + "内\" could be a month or a number of months: write " +
                utf8(count_at, p_ - 1) + "个月内 for the count");
  } else {
    return fail("\"" + utf8(count_at, p_) + "\" is not a count of days, working days or months");
  }
  if (!eat_any({U"以内", U"之内", U"内"})) return fail_unexpected();
  if (!finish()) return false;
  if (n->value < 1 || days > kMaxRelativeDays || months > kMaxRelativeMonths) {
    return fail("a count must be from 1 up to 3660 days or 120 months");
  }
  if (!anchor) {
    return fail("a count like \"" + utf8(count_at, p_) + "\" starts from an anchor date (such as "
                "the day the item entered its stage), and none was given");
  }
  sys_days due;
  if (working) {
    if (in_.calendar == nullptr) {
      return fail("working days need the working-day calendar, and none is loaded");
    }
    auto day = in_.calendar->add_working_days(*anchor, days);
    if (!day) return fail(day.error().message);
    due = sys_days{*day};
  } else if (months > 0) {
    // As 民法典 art. 202 counts months: the same day of the month, or that month's last day.
    year_month_day same_day = *anchor + date::months{months};
    due = same_day.ok() ? sys_days{same_day}
                        : sys_days{same_day.year() / same_day.month() / date::last};
  } else {
    due = sys_days{*anchor} + date::days{days};
  }
  out.kind = DeadlineKind::relative;
  out.start_on = anchor;
  out.due_on = year_month_day{due};
  out.working = working;
  if (months > 0) {
    out.months = months;
  } else {
    out.days = days;
  }
  out.normalized.reserve(40);
  append_date(out.normalized, sys_days{*anchor});
  out.normalized += "起";
  append_int(out.normalized, months > 0 ? months : days);
  out.normalized += months > 0 ? "个月内" : working ? "个工作日内" : "日内";
  return true;
}

Result<Deadline> Parser::run() {
  for (int words = 0; words < 3 && eat_any(kPrefixWords); ++words) eat(U':');
  Deadline deadline;
  bool ok = false;
  if (at_end()) {
    ok = fail("it has no date in it");
  } else if (eat(U'每')) {
    ok = parse_recurring(deadline);
  } else if (relative_close() != nullptr) {
    ok = parse_relative(deadline);
  } else {
    ok = parse_absolute(deadline);
  }
  if (!ok) {
    assert(failed());
    return taizhang::fail(ErrorCode::invalid_field, std::move(problem_), "text");
  }
  return deadline;
}

}  // namespace

std::string_view to_string(DeadlineKind kind) {
  switch (kind) {
    case DeadlineKind::by: return "by";
    case DeadlineKind::span: return "span";
    case DeadlineKind::during: return "during";
    case DeadlineKind::relative: return "relative";
    case DeadlineKind::recurring: return "recurring";
  }
  assert(false && "unknown DeadlineKind");
  return "by";
}

Result<Deadline> parse_deadline(std::string_view text, year_month_day ref,
                                std::optional<year_month_day> anchor,
                                const WorkingDayCalendar* calendar) {
  auto in_range = [](year_month_day day) {
    return day.ok() && static_cast<int>(day.year()) >= kMinYear &&
           static_cast<int>(day.year()) <= kMaxYear;
  };
  if (!in_range(ref)) {
    return fail(ErrorCode::invalid_field, "the reference date is not a date from 1950 to 2199",
                "ref");
  }
  if (anchor && !in_range(*anchor)) {
    return fail(ErrorCode::invalid_field, "the anchor date is not a date from 1950 to 2199",
                "anchor");
  }
  if (text.size() > kMaxDeadlineTextBytes) {
    return fail(ErrorCode::invalid_field,
                "the deadline text is longer than 256 bytes; a deadline is a short phrase", "text");
  }
  CodePoints folded;
  if (const char* problem = decode(text, folded)) {
    return fail(ErrorCode::invalid_field,
                "cannot read the deadline \"" + std::string(text) + "\": " + problem, "text");
  }
  const char32_t* begin = folded.at.data();
  const char32_t* end = begin + folded.size;
  // Trailing punctuation and parentheses around the whole: "(时间节点:2019年2—9月)。"
  for (int round = 0; round < 3; ++round) {
    while (end > begin && (end[-1] == U'.' || end[-1] == U',' || end[-1] == U';')) --end;
    if (end - begin < 2 || *begin != U'(' || end[-1] != U')') break;
    ++begin, --end;
  }
  if (begin == end) return fail(ErrorCode::invalid_field, "the deadline text is empty", "text");
  Inputs inputs{text, ref, anchor, calendar};
  return Parser(inputs, begin, end).run();
}

nlohmann::json to_json(const Deadline& deadline) {
  auto date_or_null = [](const std::optional<year_month_day>& day) {
    return day ? nlohmann::json(format_iso_date(*day)) : nlohmann::json(nullptr);
  };
  const bool relative = deadline.kind == DeadlineKind::relative;
  const bool has_days = relative && deadline.days.has_value();
  return nlohmann::json{
      {"kind", to_string(deadline.kind)},
      {"start_on", date_or_null(deadline.start_on)},
      {"due_on", format_iso_date(deadline.due_on)},
      {"days", has_days ? nlohmann::json(*deadline.days) : nlohmann::json(nullptr)},
      {"working", relative ? nlohmann::json(deadline.working) : nlohmann::json(nullptr)},
      {"normalized", deadline.normalized},
  };
}

}  // namespace taizhang
