// The counted forms: recurring deadlines ("每月5日前", "每季度末") and counts from an anchor
// ("30日内", "5个工作日内", "竣工验收后30日内").
#include "engine/deadline/parser.h"
#include "engine/deadline/working_day_calendar.h"

// "N个工作日内" is read up to kMaxRelativeDays and counted by add_working_days, which counts at
// most kMaxWorkingDays: a count the reader accepts must never be one the calendar refuses.
static_assert(taizhang::deadline_parser::kMaxRelativeDays <= taizhang::WorkingDayCalendar::kMaxWorkingDays,
              "the calendar must count every working-day count the reader accepts");
static_assert(taizhang::deadline_parser::kMaxYear <= taizhang::WorkingDayCalendar::kLastYear,
              "every year the reader accepts must be one the calendar can cover");

namespace taizhang::deadline_parser {

using namespace std::string_view_literals;

// The next due day of `rule` on or after `ref`.
static sys_days next_due(const Recurrence& rule, year_month_day ref) {
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
bool Parser::read_relative_start(const char32_t* close, std::optional<year_month_day>& anchor,
                                 std::string& event) {
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
    problem_.clear(), kind_ = Problem::none;
    event = utf8(begin, end);
  } else if (day.festival || !day.exact) {
    return fail("a count must start from one day; \"" + utf8(begin, end) + "\" is not one",
                Problem::ambiguous);
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
  std::string event;  // the words naming what the count starts from, when not a date
  if (!read_relative_start(relative_close(), anchor, event)) return false;
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
                utf8(count_at, p_ - 1) + "个月内 for the count", Problem::ambiguous);
  } else {
    return fail("\"" + utf8(count_at, p_) + "\" is not a count of days, working days or months");
  }
  if (!eat_any({U"以内", U"之内", U"内"})) return fail_unexpected();
  if (!finish()) return false;
  if (n->value < 1 || days > kMaxRelativeDays || months > kMaxRelativeMonths) {
    return fail("a count must be from 1 up to 3660 days or 120 months");
  }
  if (!anchor && !event.empty()) {
    return fail("\"" + utf8(count_at, p_) + "\" counts from " + event + ", and no anchor date "
                "for " + event + " was given", Problem::needs_anchor);
  }
  if (!anchor) {
    return fail("a count like \"" + utf8(count_at, p_) + "\" starts from an anchor date (such as "
                "the day the item entered its stage), and none was given", Problem::needs_anchor);
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

}  // namespace taizhang::deadline_parser
