// read_deadlines_in_text: the deadlines in running text. See sentence_reader.h.
#include "engine/deadline/sentence_reader.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cassert>

#include "engine/base/clock.h"
#include "engine/deadline/chinese_text.h"
#include "engine/deadline/located_text.h"
#include "engine/deadline/parser.h"
#include "engine/deadline/time_candidates.h"

namespace taizhang {

namespace {

using date::year_month_day;
using deadline_parser::Problem;
using deadline_text::Candidate;
using deadline_text::CandidateScanner;
using deadline_text::LocatedText;

// How much of a sentence a message quotes.
constexpr std::size_t kMaxQuotedChars = 40;

// Words that say "soon" without saying when; a refusal names the one it found.
constexpr std::u32string_view kVagueWords[] = {
    U"尽快", U"近期", U"适时", U"按时", U"如期", U"及时", U"立即", U"立行立改", U"长期坚持",
    U"长期", U"持续", U"常态化", U"另行通知", U"限期", U"抓紧"};

TextRefusalReason reason_of(Problem problem) {
  switch (problem) {
    case Problem::no_date: return TextRefusalReason::no_date;
    case Problem::ambiguous: return TextRefusalReason::ambiguous;
    case Problem::needs_anchor: return TextRefusalReason::needs_anchor;
    case Problem::none:
    case Problem::unreadable: return TextRefusalReason::unreadable;
  }
  return TextRefusalReason::unreadable;
}

bool in_range(year_month_day day) {
  return day.ok() && static_cast<int>(day.year()) >= deadline_parser::kMinYear &&
         static_cast<int>(day.year()) <= deadline_parser::kMaxYear;
}

bool is_open_bracket(char32_t c) { return c == U'(' || c == U'（' || c == U'【' || c == U'['; }
bool is_close_bracket(char32_t c) { return c == U')' || c == U'）' || c == U'】' || c == U']'; }
bool is_edge_punctuation(char32_t c) {
  return c == U'，' || c == U'。' || c == U'；' || c == U'、' || c == U',' || c == U';' ||
         c == U':' || c == U'：' || c == U'.' || c == U'\n';
}

// How many characters a name in quotes after a date may have: "10月17日“扶贫日”".
constexpr std::size_t kMaxQuotedNameChars = 12;

// What follows a name in quotes at the start of `after` ("“扶贫日”前后举行" → "前后举行"), or
// `after` itself when it does not start with one.
std::u32string_view after_quoted_name(std::u32string_view after) {
  constexpr std::u32string_view kOpen = U"“\"「『‘'";
  constexpr std::u32string_view kClose = U"”\"」』’'";
  if (after.empty() || kOpen.find(after[0]) == std::u32string_view::npos) return after;
  const auto close = after.find_first_of(kClose, 1);
  if (close == std::u32string_view::npos || close > kMaxQuotedNameChars) return after;
  return after.substr(close + 1);
}

// "2017年度市本级预算执行…", "2016年一事一议财政奖补项目摸底工作已完成": a year followed by what
// belongs to it names whose year it is, not when anything is due. A year is a deadline when
// followed by 底, 末, 内, 前, the end of its clause ("实施期限:2019年度", "(2024年)") or what is
// to be achieved by then ("2025年达10万元以上", "2019年完成"), or when a word before it says so
// ("到2020年贫困地区…", "于2019年完成"); 年度 is the year's business even then ("在2017年度预算
// 执行中").
bool names_the_years_business(const char32_t* base, std::size_t stop, std::size_t size,
                              bool led) {
  std::size_t at = stop;
  bool annual = false;
  if (at >= 2 && base[at - 2] == U'年' && base[at - 1] == U'度') {
    annual = true;  // read with its 度
  } else if (at >= 1 && base[at - 1] == U'年' && at < size && base[at] == U'度') {
    annual = true;
    ++at;
  } else if (at < 1 || base[at - 1] != U'年') {
    return false;
  }
  if ((led && !annual) || at >= size) return false;
  const char32_t next = base[at];
  if (next < 0x4E00 || next > 0x9FFF) return false;  // punctuation, a bracket: the clause ends
  static constexpr std::u32string_view kByThen[] = {
      U"内", U"前", U"底", U"末", U"以", U"之", U"达", U"实现", U"完成", U"建成", U"全面",
      U"基本", U"全部", U"力争", U"确保", U"脱贫", U"摘帽", U"出列", U"退出", U"消除"};
  const std::u32string_view rest(base + at, size - at);
  return std::none_of(std::begin(kByThen), std::end(kByThen),
                      [&rest](std::u32string_view w) { return rest.starts_with(w); });
}

// One deadline found, by position in the folded text.
struct Found {
  Deadline deadline;
  std::size_t lead = 0;  // matched: lead..stop
  std::size_t stop = 0;
  bool whole_year = false;  // "2019年" alone: context for the dates beside it
};

class SentenceReader {
 public:
  SentenceReader(std::string_view text, year_month_day ref,
                 std::optional<year_month_day> anchor, const WorkingDayCalendar* calendar)
      : text_(text), ref_(ref), anchor_(anchor), calendar_(calendar), located_(thread_text()) {}

  std::expected<DeadlinesInText, TextRefusal> read();

 private:
  std::optional<TextRefusal> read_candidates();
  std::optional<TextRefusal> read_one(const Candidate& candidate, std::size_t& next);
  std::optional<TextRefusal> no_date() const;
  int written_year(const Candidate& candidate) const;
  void keep_deadlines();
  TextSpan span(std::size_t from, std::size_t to) const;
  std::string words(std::size_t from, std::size_t to) const;
  std::string quote(std::size_t from, std::size_t to) const;
  TextRefusal refuse(TextRefusalReason reason, std::string message,
                     std::optional<std::pair<std::size_t, std::size_t>> at = {}) const;

  std::string_view text_;
  year_month_day ref_;
  std::optional<year_month_day> anchor_;
  const WorkingDayCalendar* calendar_;
  // The decoded text lives in one buffer per thread, reused: allocating it per sentence was a
  // fifth of the reading time. A reader runs to completion before the next on its thread.
  static LocatedText& thread_text() {
    thread_local LocatedText text;
    return text;
  }
  LocatedText& located_;
  std::vector<Found> found_;
  int year_ = 0;              // the year written last, which dates after it without one take
  unsigned month_ = 0;        // the month of the date read last, which 当月 after it means
  int month_year_ = 0;
  bool starts_seen_ = false;  // a time that says when something starts, not when it is due
};

TextSpan SentenceReader::span(std::size_t from, std::size_t to) const {
  assert(from < to && to <= located_.size());
  const auto& first = located_.at[from];
  const auto& last = located_.at[to - 1];
  return TextSpan{first.byte_begin, last.byte_end, first.char_index, last.char_index + 1,
                  std::string(text_.substr(first.byte_begin, last.byte_end - first.byte_begin))};
}

// The text from..to as written, cut short for a message.
std::string SentenceReader::quote(std::size_t from, std::size_t to) const {
  if (from >= to) return {};
  const bool cut = to - from > kMaxQuotedChars;
  std::string out = span(from, cut ? from + kMaxQuotedChars : to).text;
  return cut ? out + "…" : out;
}

TextRefusal SentenceReader::refuse(TextRefusalReason reason, std::string message,
                                   std::optional<std::pair<std::size_t, std::size_t>> at) const {
  TextRefusal out{reason, std::move(message), "text", {}};
  if (at && at->first < at->second) out.matched.push_back(span(at->first, at->second));
  return out;
}

// Whether the candidate begins with its year written out: "2020年6月底", "明年3月".
bool begins_with_year(const LocatedText& text, const Candidate& candidate) {
  if (candidate.form != deadline_parser::Form::absolute) return false;
  const std::u32string_view rest(text.folded.data() + candidate.begin,
                                 candidate.end - candidate.begin);
  if (rest.starts_with(U"今年") || rest.starts_with(U"明年")) return true;
  const auto numerals = std::find_if_not(rest.begin(), rest.end(), chinese::starts_number);
  return numerals - rest.begin() == 4 && numerals != rest.end() && *numerals == U'年';
}

std::optional<TextRefusal> SentenceReader::read_one(const Candidate& candidate,
                                                    std::size_t& next) {
  const char32_t* base = located_.folded.data();
  const deadline_parser::Inputs inputs{{}, ref_, anchor_, calendar_, year_, month_, month_year_};
  deadline_parser::TextReading reading =
      deadline_parser::read_in_text(inputs, candidate.form, base + candidate.begin,
                                    base + candidate.end);
  if (!reading.deadline) {
    return refuse(reason_of(reading.problem),
                  "cannot read the deadline in \"" + quote(candidate.lead, candidate.end) +
                      "\": " + reading.message,
                  std::pair{candidate.lead, candidate.end});
  }
  const auto stop = static_cast<std::size_t>(reading.stop - base);
  next = std::max(stop, candidate.begin + 1);
  const std::u32string_view after(base + stop, located_.size() - stop);
  // "10月17日前后", "10月17日“扶贫日”前后": around that day, not by it.
  const std::u32string_view named = after_quoted_name(after);
  if ((stop > 0 && base[stop - 1] == U'前' && after.starts_with(U"后")) ||
      named.starts_with(U"前后")) {
    const std::size_t around_end =
        named.starts_with(U"前后") ? located_.size() - named.size() + 2 : stop + 1;
    return refuse(TextRefusalReason::ambiguous,
                  "\"" + quote(candidate.lead, around_end) + "\" means around that day (前后), "
                  "not by it: write the day the work is due",
                  std::pair{candidate.lead, around_end});
  }
  // "比2010年翻一番": the year compared with, not a deadline.
  if (candidate.lead > 0 && (base[candidate.lead - 1] == U'比' || base[candidate.lead - 1] == U'较')) {
    return std::nullopt;
  }
  if (candidate.form != deadline_parser::Form::relative &&
      (after.starts_with(U"起") || after.starts_with(U"开始") || after.starts_with(U"以来") ||
       after.starts_with(U"以后") || after.starts_with(U"之后") || after.starts_with(U"后"))) {
    starts_seen_ = true;  // when something starts, not when it is due
    return std::nullopt;
  }
  const bool whole_year = is_whole_year(*reading.deadline);
  if (whole_year && names_the_years_business(base, stop, located_.size(),
                                             candidate.lead < candidate.begin)) {
    return std::nullopt;
  }
  // A year carries on to later dates when written with a month or day ("2020年6月底前…9月底前"),
  // not when it stands alone ("2018年改造120户,工程7月底前…" is the plan's July).
  if (!whole_year && begins_with_year(located_, candidate)) {
    year_ = static_cast<int>(reading.deadline->due_on.year());
  }
  // A date within one month is what a later 当月 ("that month") refers to.
  const Deadline& read = *reading.deadline;
  if (candidate.form == deadline_parser::Form::absolute && !whole_year &&
      (!read.start_on || (read.start_on->year() == read.due_on.year() &&
                          read.start_on->month() == read.due_on.month()))) {
    month_ = static_cast<unsigned>(read.due_on.month());
    month_year_ = static_cast<int>(read.due_on.year());
  }
  found_.push_back(Found{std::move(*reading.deadline), candidate.lead, stop, whole_year});
  if (found_.size() > kMaxDeadlinesInText) {
    return refuse(TextRefusalReason::unreadable,
                  "the text holds more than " + std::to_string(kMaxDeadlinesInText) +
                      " dates; give each task its own");
  }
  return std::nullopt;
}

std::optional<TextRefusal> SentenceReader::read_candidates() {
  CandidateScanner scanner(located_);
  std::size_t next = 0;
  for (auto candidate = scanner.next(0); candidate; candidate = scanner.next(next)) {
    if (auto refusal = read_one(*candidate, next)) return refusal;
  }
  return std::nullopt;
}

std::optional<TextRefusal> SentenceReader::no_date() const {
  const std::u32string_view folded(located_.folded.data(), located_.size());
  std::string what = "\"" + quote(0, located_.size()) + "\" ";
  if (starts_seen_) {
    what += "says when something starts, not when it is due";
  } else if (auto vague = std::find_if(std::begin(kVagueWords), std::end(kVagueWords),
                                       [&folded](auto w) { return folded.find(w) != folded.npos; });
             vague != std::end(kVagueWords)) {
    what += "names no day: " + chinese::utf8(*vague) + " is not a date";
  } else {
    what += "has no date in it";
  }
  return refuse(TextRefusalReason::no_date, std::move(what));
}

// A year standing alone beside more precise dates is their context; the same deadline written
// twice is one.
void SentenceReader::keep_deadlines() {
  // "从今年7月初开始对2018年宣布摘帽的县抽查": beside a start, a year alone is context too.
  const bool precise = starts_seen_ || std::any_of(found_.begin(), found_.end(),
                                                   [](const Found& f) { return !f.whole_year; });
  std::vector<Found> kept;
  kept.reserve(found_.size());
  for (Found& f : found_) {
    if (precise && f.whole_year) continue;
    const bool again = std::any_of(kept.begin(), kept.end(), [&f](const Found& k) {
      return k.deadline.kind == f.deadline.kind && k.deadline.normalized == f.deadline.normalized;
    });
    if (!again) kept.push_back(std::move(f));
  }
  found_ = std::move(kept);
}

// The words from..to without the times kept (and the empty brackets one leaves), trimmed of
// the punctuation at either end.
std::string SentenceReader::words(std::size_t from, std::size_t to) const {
  auto original = [this](std::size_t i) { return located_.at[i].original; };
  auto cut = [&](std::size_t i) {
    return std::any_of(found_.begin(), found_.end(), [&](const Found& f) {
      const bool bracketed = f.lead > 0 && f.stop < located_.size() &&
                             is_open_bracket(original(f.lead - 1)) &&
                             is_close_bracket(original(f.stop));
      return (i >= f.lead && i < f.stop) || (bracketed && (i + 1 == f.lead || i == f.stop));
    });
  };
  std::vector<std::size_t> kept;
  kept.reserve(to - from);
  for (std::size_t i = from; i < to; ++i) {
    if (!cut(i)) kept.push_back(i);
  }
  auto edge = [&](std::size_t i) { return is_edge_punctuation(original(i)); };
  auto first = std::find_if_not(kept.begin(), kept.end(), edge);
  auto last = std::find_if_not(kept.rbegin(), std::make_reverse_iterator(first), edge).base();
  std::string out;
  for (auto i = first; i < last; ++i) {
    // Where a time was cut between two marks ("公示时间:…,共7天"), one mark is enough.
    if (i != first && edge(*i) && edge(i[-1]) && *i != i[-1] + 1) continue;
    const auto& at = located_.at[*i];
    out.append(text_.substr(at.byte_begin, at.byte_end - at.byte_begin));
  }
  return out;
}

std::expected<DeadlinesInText, TextRefusal> SentenceReader::read() {
  if (text_.size() > kMaxDeadlineSentenceBytes) {
    return std::unexpected(refuse(TextRefusalReason::unreadable,
                                  "the text is longer than " +
                                      std::to_string(kMaxDeadlineSentenceBytes) + " bytes"));
  }
  for (auto [day, field] : {std::pair{std::optional{ref_}, "ref"}, std::pair{anchor_, "anchor"}}) {
    if (day && !in_range(*day)) {
      return std::unexpected(TextRefusal{TextRefusalReason::unreadable,
                                         std::string("the ") + field +
                                             " date is not a date from 1950 to 2199",
                                         field, {}});
    }
  }
  if (const char* problem = deadline_text::decode_located(text_, located_)) {
    return std::unexpected(
        TextRefusal{TextRefusalReason::unreadable, std::string("cannot read the text: ") + problem});
  }
  if (auto refusal = read_candidates()) return std::unexpected(std::move(*refusal));
  keep_deadlines();
  if (found_.empty()) return std::unexpected(*no_date());
  DeadlinesInText out;
  // One deadline governs the whole text; of several, each governs its own clauses.
  std::size_t segment = 0;
  for (std::size_t k = 0; k < found_.size(); ++k) {
    if (found_.size() > 1) {
      segment = std::max(segment, found_[k].lead);
      while (segment > 0 && !located_.ends_clause(segment - 1) &&
             (k == 0 || segment > found_[k - 1].stop)) {
        --segment;
      }
    }
    // Each deadline governs its clauses up to the clause of the next one.
    std::size_t next = located_.size();
    if (k + 1 < found_.size()) {
      next = found_[k + 1].lead;
      while (next > found_[k].stop && !located_.ends_clause(next - 1)) --next;
    }
    out.deadlines.push_back(DeadlineInText{found_[k].deadline, span(found_[k].lead, found_[k].stop),
                                           words(segment, next)});
    segment = next;
  }
  out.wording = words(0, located_.size());
  return out;
}

}  // namespace

bool is_whole_year(const Deadline& deadline) {
  // The canonical text of a whole year is "2019年": four digits and 年 (three bytes).
  return deadline.kind == DeadlineKind::during && deadline.normalized.size() == 7 &&
         deadline.normalized.ends_with("年");
}

std::string_view to_string(TextRefusalReason reason) {
  switch (reason) {
    case TextRefusalReason::no_date: return "no_date";
    case TextRefusalReason::ambiguous: return "ambiguous";
    case TextRefusalReason::needs_anchor: return "needs_anchor";
    case TextRefusalReason::unreadable: return "unreadable";
    case TextRefusalReason::several: return "several";
  }
  return "unreadable";
}

Error to_error(const TextRefusal& refusal) {
  const ErrorCode code = refusal.reason == TextRefusalReason::several
                             ? ErrorCode::several_deadlines
                             : ErrorCode::invalid_field;
  return Error{code, refusal.message, refusal.field, {}, {}};
}

std::expected<DeadlinesInText, TextRefusal> read_deadlines_in_text(
    std::string_view text, year_month_day ref, std::optional<year_month_day> anchor,
    const WorkingDayCalendar* calendar) {
  return SentenceReader(text, ref, anchor, calendar).read();
}

std::expected<DeadlineInText, TextRefusal> read_deadline_in_text(
    std::string_view text, year_month_day ref, std::optional<year_month_day> anchor,
    const WorkingDayCalendar* calendar) {
  auto all = read_deadlines_in_text(text, ref, anchor, calendar);
  if (!all) return std::unexpected(std::move(all.error()));
  if (all->deadlines.size() == 1) return std::move(all->deadlines.front());
  TextRefusal refusal{TextRefusalReason::several, "the text holds " +
                                                      std::to_string(all->deadlines.size()) +
                                                      " different deadlines: "};
  for (std::size_t k = 0; k < all->deadlines.size(); ++k) {
    const DeadlineInText& found = all->deadlines[k];
    if (k > 0) refusal.message += k + 1 == all->deadlines.size() ? " and " : ", ";
    refusal.message += "\"" + found.matched.text + "\" (due " + format_date(found.deadline.due_on) + ")";
    refusal.matched.push_back(found.matched);
  }
  refusal.message += "; give each its own task or milestone";
  return std::unexpected(std::move(refusal));
}

nlohmann::json to_json(const DeadlineInText& found) {
  nlohmann::json out = to_json(found.deadline);
  out["matched"] = {{"start", found.matched.begin_char},
                    {"end", found.matched.end_char},
                    {"start_byte", found.matched.begin_byte},
                    {"end_byte", found.matched.end_byte},
                    {"text", found.matched.text}};
  out["words"] = found.words;
  return out;
}

}  // namespace taizhang
