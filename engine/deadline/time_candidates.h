// Where a time expression may stand in running text. The sentence reader asks the scanner for
// the next candidate, reads it with the exact parser (parser.h, read_in_text), and asks again
// from where the parser stopped. No I/O.
//
// A candidate is only what an official would take for a date: a number with 年 (four digits),
// 月, 日, 季度 or a dash before one; 今年, 明年, 年底, 年内, 本月, 下月, 月底, 上半年, 春节前, 国庆前;
// 每月/每季度/每年 with a day or an end; or a count closed by 内 ("30日内", "3个工作日内"), with
// the event it counts from ("接到通知后"). Numbers that are not dates are passed over: 两不愁三
// 保障, 一户一档, 五年规划, 3年内, 第一书记. Whether a candidate is a valid date is the parser's to
// decide; the scanner only says where to look.
//
// Thread safety: a scanner is used by one thread; it holds a reference to the text.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "engine/deadline/located_text.h"
#include "engine/deadline/parser.h"

namespace taizhang::deadline_text {

struct Candidate {
  deadline_parser::Form form = deadline_parser::Form::absolute;
  std::size_t lead = 0;   // where `matched` starts: a 于, 在 or 截至 before the time, else begin
  std::size_t begin = 0;  // the first code point the parser reads
  std::size_t end = 0;    // the parser reads nothing at or after this (the clause's end, or
                          // just after the 内 of a count)
};

class CandidateScanner {
 public:
  explicit CandidateScanner(const LocatedText& text);

  // The first candidate that starts at or after `from`, or nullopt when there is none.
  std::optional<Candidate> next(std::size_t from) const;

 private:
  std::optional<Candidate> absolute_at(std::size_t i) const;
  bool is_document_number(std::size_t number_end) const;
  std::optional<Candidate> word_at(std::size_t i) const;
  std::optional<Candidate> count_ending_at(std::size_t close) const;
  std::size_t skip_number(std::size_t i) const;  // past a number and its unit, when not a date
  std::size_t clause_end(std::size_t i) const;
  std::size_t clause_begin(std::size_t i) const;
  std::size_t lead_of(std::size_t begin) const;
  Candidate make(deadline_parser::Form form, std::size_t begin, std::size_t end) const;

  const LocatedText& text_;
  std::vector<Candidate> counts_;  // found first: the event words before a count may hold a date
};

}  // namespace taizhang::deadline_text
