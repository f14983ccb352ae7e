#include "engine/deadline/time_candidates.h"

#include <algorithm>
#include <string_view>

#include "engine/deadline/chinese_text.h"

namespace taizhang::deadline_text {

namespace {

using chinese::is_digit;
using chinese::starts_number;
using deadline_parser::Form;

// The parser names at most this many characters of the event a count starts from.
constexpr std::size_t kMaxEventChars = static_cast<std::size_t>(deadline_parser::kMaxEventChars);

// Before a standalone 年底, 年内 or 上半年, these make it another year's: 去年底, 往年, 每年内.
bool names_another_year(char32_t c) {
  constexpr std::u32string_view kWords = U"去前上往每当历近多全同半新跨隔翌来周成整逐数几余后年";
  return kWords.find(c) != std::u32string_view::npos;
}

// Before a standalone 月底: 每月底 is recurring, 上月底 past, 个月底 part of a count.
bool names_another_month(char32_t c) {
  constexpr std::u32string_view kWords = U"每个上本当下次";
  return kWords.find(c) != std::u32string_view::npos || starts_number(c);
}

}  // namespace

CandidateScanner::CandidateScanner(const LocatedText& text) : text_(text) {
  for (std::size_t i = 0; i < text_.size(); ++i) {
    if (text_.folded[i] != U'内') continue;
    if (auto count = count_ending_at(i)) counts_.push_back(*count);
  }
}

std::size_t CandidateScanner::clause_end(std::size_t i) const {
  while (i < text_.size() && !text_.separates_times(i)) ++i;
  return i;
}

std::size_t CandidateScanner::clause_begin(std::size_t i) const {
  while (i > 0 && !text_.separates_times(i - 1)) --i;
  return i;
}

// A preposition just before the time belongs to what was read: "请于7月31日前" matches
// "于7月31日前", so that the words left are "请…".
std::size_t CandidateScanner::lead_of(std::size_t begin) const {
  static constexpr std::u32string_view kLeads[] = {
      U"时间节点:", U"完成时限:", U"时间节点", U"截止到", U"截至", U"截止", U"时限:",
      U"于",        U"在",        U"到",       U"至",     U"自",   U"从"};
  const std::u32string_view before(text_.folded.data(), begin);
  for (std::u32string_view lead : kLeads) {
    if (before.ends_with(lead)) return begin - lead.size();
  }
  return begin;
}

Candidate CandidateScanner::make(Form form, std::size_t begin, std::size_t end) const {
  return Candidate{form, lead_of(begin), begin, end};
}

// "30日内", "3个工作日以内", "一个月内", and the event before them: "接到通知后3个工作日内",
// "自受理之日起20个工作日内", "7月底后10日内". `close` is the 内.
std::optional<Candidate> CandidateScanner::count_ending_at(std::size_t close) const {
  const std::u32string_view t(text_.folded.data(), text_.size());
  std::size_t unit_end = close;
  if (unit_end > 0 && (t[unit_end - 1] == U'以' || t[unit_end - 1] == U'之')) --unit_end;
  static constexpr std::u32string_view kUnits[] = {U"工作日", U"自然日", U"星期", U"个月",
                                                   U"日",     U"天",     U"周",   U"月"};
  const auto unit = std::find_if(std::begin(kUnits), std::end(kUnits), [&](auto u) {
    return t.substr(0, unit_end).ends_with(u);
  });
  if (unit == std::end(kUnits)) return std::nullopt;
  std::size_t number_end = unit_end - unit->size();
  if (number_end > 0 && t[number_end - 1] == U'个') --number_end;
  std::size_t number_begin = number_end;
  while (number_begin > 0 && starts_number(t[number_begin - 1])) --number_begin;
  if (number_begin == number_end) return std::nullopt;
  std::size_t begin = number_begin;
  if (begin > 0 && (t[begin - 1] == U'后' || t[begin - 1] == U'起')) {
    // The event runs back to the clause's start, or to a 在/于 (after it) or 自/从 (with it).
    const std::size_t mark = begin - 1;
    const std::size_t clause = clause_begin(mark);
    begin = clause;
    for (std::size_t j = mark; j > clause; --j) {
      const char32_t c = t[j - 1];
      if (c == U'在' || c == U'于' || c == U'自' || c == U'从') {
        begin = c == U'自' || c == U'从' ? j - 1 : j;
        break;
      }
    }
    if (mark - begin > kMaxEventChars) begin = mark - kMaxEventChars;
  }
  return make(Form::relative, begin, close + 1);
}

// Past a number that is not a date, and past its unit ("五年", "3天"), so that the unit is not
// taken for the start of 年内 or 月底.
std::size_t CandidateScanner::skip_number(std::size_t i) const {
  while (i < text_.size() && starts_number(text_.folded[i])) ++i;
  constexpr std::u32string_view kUnits = U"年月日天周季个";
  if (i < text_.size() && kUnits.find(text_.folded[i]) != std::u32string_view::npos) ++i;
  return i;
}

namespace {

struct NumberRun {
  std::size_t end = 0;  // one past the last numeral
  std::size_t length = 0;
  bool ascii = false;
};

NumberRun number_run(std::u32string_view t, std::size_t i) {
  NumberRun run{i, 0, is_digit(t[i])};
  while (run.end < t.size() && starts_number(t[run.end]) && is_digit(t[run.end]) == run.ascii) {
    ++run.end;
  }
  run.length = run.end - i;
  return run;
}

// 2019-07-31, 2019/7/31 or 2019.7.31 at t[i]; not 1000.5万元.
bool iso_date_at(std::u32string_view t, std::size_t i) {
  auto digits = [&t](std::size_t& at, std::size_t min, std::size_t max) {
    std::size_t n = 0;
    while (at < t.size() && is_digit(t[at]) && n < max) ++at, ++n;
    return n >= min && (at == t.size() || !is_digit(t[at]));
  };
  std::size_t at = i;
  if (!digits(at, 4, 4) || at + 1 >= t.size()) return false;
  const char32_t separator = t[at];
  if (separator != U'-' && separator != U'/' && separator != U'.') return false;
  ++at;
  if (!digits(at, 1, 2) || at >= t.size() || t[at] != separator) return false;
  ++at;
  return digits(at, 1, 2);
}

bool is_dash_word(char32_t c) { return c == U'-' || c == U'至' || c == U'到'; }

// A number then a dash and the number that gives both their unit: "2021—2025年", "2—9月",
// "3—15日". Not "3-5年" (a count of years) nor "1-2个".
bool dashed_numbers_at(std::u32string_view t, const NumberRun& first) {
  const std::size_t second_at = first.end + 1;
  if (second_at >= t.size() || !starts_number(t[second_at])) return false;
  const NumberRun second = number_run(t, second_at);
  if (second.end >= t.size()) return false;
  const char32_t unit = t[second.end];
  if (unit == U'年') return first.ascii && first.length == 4 && second.length == 4;
  if (unit == U'月' || unit == U'日') return first.length <= 2 && second.length <= 2;
  return false;
}

// Whether the number run at t[i] is a date's: with 年 (four numerals), 月, 日, 季度, or a dash.
bool number_is_dated(std::u32string_view t, std::size_t i, const NumberRun& run) {
  if (run.end >= t.size()) return false;
  const char32_t unit = t[run.end];
  const std::u32string_view after = t.substr(run.end + 1);
  switch (unit) {
    case U'年':
      // "19年3月" is a year with its 19 cut short: read, and refused, by the parser.
      return run.length == 4 || (run.ascii && run.length == 2 && !after.empty() &&
                                 starts_number(after[0]));
    case U'月': return !(i > 0 && t[i - 1] == U'第') && (run.ascii || run.length <= 3);
    case U'日':
      // A bare day "5日前" is read and refused (which month?); "一日一报" is not a date.
      return run.ascii ? run.length <= 2
                       : after.starts_with(U"前") || after.starts_with(U"以前") ||
                             after.starts_with(U"之前");
    case U'季': return run.length == 1;
    case U'/': case U'.': return run.ascii && iso_date_at(t, i);
    default:
      if (!is_dash_word(unit)) return false;
      return (run.ascii && iso_date_at(t, i)) || dashed_numbers_at(t, run);
  }
}

}  // namespace

std::optional<Candidate> CandidateScanner::absolute_at(std::size_t i) const {
  const std::u32string_view t(text_.folded.data(), text_.size());
  const char32_t c = t[i];
  if (c == U'每' && i + 2 < t.size()) {
    // 每月5日, 每月底, 每季度末, 每年6月30日, 每年底; not 每年开展 or 每月调度.
    const std::u32string_view rest = t.substr(i + 1);
    const bool dated = rest.starts_with(U"季度末") || rest.starts_with(U"季末") ||
                       rest.starts_with(U"季度底") ||
                       ((rest[0] == U'月' || rest[0] == U'年') &&
                        (starts_number(rest[1]) || rest[1] == U'底' || rest[1] == U'末'));
    if (!dated) return std::nullopt;
    return make(Form::recurring, i, clause_end(i));
  }
  if (c == U'第') {
    if (i + 1 >= t.size() || !starts_number(t[i + 1])) return std::nullopt;
    const NumberRun run = number_run(t, i + 1);
    if (run.end >= t.size() || t[run.end] != U'季') return std::nullopt;
    return make(Form::absolute, i, clause_end(i));
  }
  if (!starts_number(c) || (i > 0 && starts_number(t[i - 1]))) return std::nullopt;
  const NumberRun run = number_run(t, i);
  if (!number_is_dated(t, i, run) || is_document_number(run.end)) return std::nullopt;
  return make(Form::absolute, i, clause_end(i));
}

// A number written with 号 and no month before it numbers a document or an item ("〔2019〕27号",
// "1-20号"), where a day of the month would follow its month ("3月5号" is read from the 3).
bool CandidateScanner::is_document_number(std::size_t number_end) const {
  return number_end < text_.size() && text_.at[number_end].original == U'号';
}

// 今年, 明年, 年底, 年内, 上半年, 本月, 下月, 月底, 春节前, 国庆前: times named by words.
std::optional<Candidate> CandidateScanner::word_at(std::size_t i) const {
  // Checked at every character: most are none of the words' first characters.
  constexpr std::u32string_view kFirsts = U"今明本当下次年上月春国";
  if (kFirsts.find(text_.folded[i]) == std::u32string_view::npos) return std::nullopt;
  const std::u32string_view rest(text_.folded.data() + i, text_.size() - i);
  const char32_t before = i > 0 ? text_.folded[i - 1] : U'\0';
  auto starts = [&rest](std::initializer_list<std::u32string_view> words) {
    return std::any_of(words.begin(), words.end(),
                       [&rest](std::u32string_view w) { return rest.starts_with(w); });
  };
  bool found = false;
  if (starts({U"今年", U"明年", U"本月", U"当月", U"下月", U"下个月", U"次月"})) {
    found = true;
  } else if (starts({U"年底", U"年末", U"年内", U"上半年", U"下半年"})) {
    found = !names_another_year(before);
  } else if (starts({U"月底", U"月末"})) {
    found = !names_another_month(before);
  } else if (starts({U"春节", U"国庆"})) {
    std::u32string_view after = rest.substr(2);
    if (after.starts_with(U"节")) after.remove_prefix(1);
    found = after.starts_with(U"前") || after.starts_with(U"以前") || after.starts_with(U"之前");
  }
  if (!found) return std::nullopt;
  return make(Form::absolute, i, clause_end(i));
}

std::optional<Candidate> CandidateScanner::next(std::size_t from) const {
  const auto count = std::find_if(counts_.begin(), counts_.end(),
                                  [from](const Candidate& c) { return c.lead >= from; });
  const std::size_t stop = count == counts_.end() ? text_.size() : count->lead;
  for (std::size_t i = from; i < stop;) {
    std::optional<Candidate> found = absolute_at(i);
    if (!found) found = word_at(i);
    if (found) {
      found->end = std::min(found->end, stop);  // a count further on is read on its own
      return found;
    }
    i = starts_number(text_.folded[i]) ? skip_number(i) : i + 1;
  }
  if (count == counts_.end()) return std::nullopt;
  return *count;
}

}  // namespace taizhang::deadline_text
