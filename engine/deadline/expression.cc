#include "engine/deadline/expression.h"

#include <nlohmann/json.hpp>

#include <array>

#include "engine/base/clock.h"
#include "engine/deadline/parser.h"

namespace taizhang {

namespace deadline_parser {

Result<Deadline> Parser::run() {
  for (int words = 0; words < 3 && eat_any(kPrefixWords); ++words) eat(U':');
  Deadline deadline;
  bool ok = false;
  if (at_end()) {
    ok = fail("it has no date in it", Problem::no_date);
  } else if (eat(U'每')) {
    ok = parse_recurring(deadline);
  } else if (relative_close() != nullptr) {
    ok = parse_relative(deadline);
  } else {
    ok = parse_absolute(deadline);
  }
  if (!ok) {
    assert(failed());
    return taizhang::fail(ErrorCode::invalid_field,
                          "cannot read the deadline \"" + std::string(in_.original) + "\": " +
                              problem_,
                          "text");
  }
  return deadline;
}

TextReading Parser::run_in_text(Form form) {
  in_text_ = true;
  Deadline deadline;
  bool ok = false;
  switch (form) {
    case Form::absolute: ok = parse_absolute(deadline); break;
    case Form::relative: ok = parse_relative(deadline); break;
    case Form::recurring: ok = eat(U'每') && parse_recurring(deadline); break;
  }
  TextReading out;
  if (!ok) {
    if (!failed()) fail_unexpected();
    out.problem = kind_;
    out.message = std::move(problem_);
    return out;
  }
  out.deadline = std::move(deadline);
  out.stop = p_;
  return out;
}

TextReading read_in_text(const Inputs& in, Form form, const char32_t* begin,
                         const char32_t* end) {
  return Parser(in, begin, end).run_in_text(form);
}

}  // namespace deadline_parser

using date::year_month_day;
using deadline_parser::kMaxYear;
using deadline_parser::kMinYear;

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
  // Decoded once, folded (chinese_text.h): never more code points than bytes.
  std::array<char32_t, kMaxDeadlineTextBytes> folded;
  int size = 0;
  if (const char* problem = chinese::decode_folded(text, folded, size)) {
    return fail(ErrorCode::invalid_field,
                "cannot read the deadline \"" + std::string(text) + "\": " + problem, "text");
  }
  const char32_t* begin = folded.data();
  const char32_t* end = begin + size;
  // Trailing punctuation and parentheses around the whole: "(时间节点:2019年2—9月)。"
  for (int round = 0; round < 3; ++round) {
    while (end > begin && (end[-1] == U'.' || end[-1] == U',' || end[-1] == U';')) --end;
    if (end - begin < 2 || *begin != U'(' || end[-1] != U')') break;
    ++begin, --end;
  }
  if (begin == end) return fail(ErrorCode::invalid_field, "the deadline text is empty", "text");
  deadline_parser::Inputs inputs{text, ref, anchor, calendar};
  auto deadline = deadline_parser::Parser(inputs, begin, end).run();
  // The reader knows years from 1950 to 2199 (to say what a text means), but a deadline this
  // system keeps lies where every other date does (clock.h).
  if (deadline && (!date_in_range(deadline->due_on) ||
                   (deadline->start_on && !date_in_range(*deadline->start_on)))) {
    return fail(ErrorCode::invalid_field,
                "the deadline \"" + std::string(text) + "\" falls outside the years " +
                    std::to_string(kFirstYear) + " to " + std::to_string(kLastYear),
                "text");
  }
  return deadline;
}

nlohmann::json to_json(const Deadline& deadline) {
  auto date_or_null = [](const std::optional<year_month_day>& day) {
    return day ? nlohmann::json(format_date(*day)) : nlohmann::json(nullptr);
  };
  const bool relative = deadline.kind == DeadlineKind::relative;
  const bool has_days = relative && deadline.days.has_value();
  return nlohmann::json{
      {"kind", to_string(deadline.kind)},
      {"start_on", date_or_null(deadline.start_on)},
      {"due_on", format_date(deadline.due_on)},
      {"days", has_days ? nlohmann::json(*deadline.days) : nlohmann::json(nullptr)},
      {"working", relative ? nlohmann::json(deadline.working) : nlohmann::json(nullptr)},
      {"normalized", deadline.normalized},
  };
}

}  // namespace taizhang
