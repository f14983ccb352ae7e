// The absolute forms: points in time (a day, a month with its 旬 or end, a quarter, a half, a
// year, a festival) and the by, during and span deadlines made of them.
#include "engine/deadline/parser.h"
#include "engine/deadline/working_day_calendar.h"

namespace taizhang::deadline_parser {

using namespace std::string_view_literals;

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
    eat(U'度');  // "2019年度" is the year
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
  if (!year_given && (peek() == U'本' || peek() == U'当' || peek() == U'下' ||
                     peek() == U'次' || peek() == U'月')) {
    const char32_t* start = p_;
    if (!parse_reference_month(year_given, out, bare)) return false;
    if (p_ != start) return true;
  }
  if (year_given && eat_any({U"本月", U"当月", U"下月", U"下个月", U"次月"})) {
    return fail("本月 and 下月 cannot follow a year");
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

// Months named from the reference date: 本月/当月 (its month; 当月 after a written month is that
// month), 下月/下个月/次月 (the next), and 月底/月末 with no number (本月底). Leaves the cursor alone when none is written.
bool Parser::parse_reference_month(bool year_given, Point& out, Bare* bare) {
  assert(!year_given);
  (void)year_given;
  int year = static_cast<int>(in_.ref.year());
  auto month = static_cast<unsigned>(in_.ref.month());
  if (eat_any({U"下个月", U"下月", U"次月"})) {
    if (month == 12) ++year;
    month = month % 12 + 1;
  } else if (eat(U"当月")) {
    if (in_.month != 0) year = in_.month_year, month = in_.month;
  } else if (!eat(U"本月")) {
    if (peek() != U'月' || (peek(1) != U'底' && peek(1) != U'末')) return true;
    ++p_;  // "月底前": this month's end
  }
  Number current{static_cast<int>(month), 2, false, p_, p_};
  return parse_month_tail(year, current, out, bare);
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
  // Two 旬 together first, so that 中下旬 is not read as 中 and then 下旬.
  unsigned xun = eat(U"上中旬") ? 4 : eat(U"中下旬") ? 5 : 0;
  if (xun == 0) {
    xun = eat(U"上旬") || eat(U'初') ? 1 : eat(U"中旬") || eat(U'中') ? 2 : eat(U"下旬") ? 3 : 0;
  }
  if (xun != 0) return set_xun(out, year, month, xun);
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

// 旬 1..3, or 4 (上中旬, days 1-20) and 5 (中下旬, 11 to the end), of `month`.
bool Parser::set_xun(Point& out, int year, unsigned month, unsigned xun) {
  static constexpr unsigned kFirstDay[] = {0, 1, 11, 21, 1, 11};
  static constexpr unsigned kLastDay[] = {0, 10, 20, 0, 20, 0};  // 0: the month's last
  assert(xun >= 1 && xun <= 5);
  out.grain = Grain::xun, out.part = xun;
  out.first = day_of(year, month, kFirstDay[xun]);
  out.last = day_of(year, month, kLastDay[xun] != 0 ? kLastDay[xun] : last_day(year, month));
  return true;
}

bool Parser::set_day(Point& out, int year, unsigned month, const Number& day) {
  auto written = [&day] { return utf8(day.begin, day.end) + "日"; };  // only for errors
  if (!day.chinese && day.digits > 2) {
    return fail("\"" + written() + "\" is not a day: a day has one or two digits, and the 年 "
                "and 月 characters seem to be missing");
  }
  if (month == 0) return fail("\"" + written() + "\" does not say which month", Problem::ambiguous);
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

// Trailing completion words, then nothing. In running text the reader stops here: what
// follows is the task's wording.
bool Parser::finish() {
  if (in_text_) return true;
  for (int words = 0; words < 3 && eat_any(kCompletionWords); ++words) {
  }
  return at_end() || fail_unexpected();
}

static void append_during(std::string& out, const Point& point) {
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
  // "自2019年3月1日起至6月30日止": the start's 起 before the dash.
  if (peek() == U'起' && (peek(1) == U'至' || peek(1) == U'到') && starts_point(peek(2))) ++p_;
  const bool by = !at_separator() && eat_any(kByWords);
  if (!at_separator()) {
    assert(!bare.present);
    if (first.festival && !by) {
      return fail("a festival alone is not a deadline: write 春节前 or 国庆前", Problem::ambiguous);
    }
    if (by && !first.exact) {
      return fail("\"前\" after a whole month, 旬, quarter or year could mean before it starts or "
                  "by its end: write the last day, as in 9月底前 or 9月30日前",
                  Problem::ambiguous);
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
  // 止 closes a span ("至6月30日止"); 前 after one could mean before it starts.
  if (!eat_any({U"为止", U"止"}) && eat_any(kByWords)) {
    return fail("\"前\" after a span is ambiguous: write the span's last day instead",
                Problem::ambiguous);
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

}  // namespace taizhang::deadline_parser
