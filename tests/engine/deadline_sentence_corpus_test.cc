// The sentence reader on deadlines as other townships and counties published them
// (tests/data/deadline_sentences.tsv, each sentence with its source). Prints the figure: read
// correctly, refused correctly, refused though an official reads a date, and read wrongly.
// Fails on any wrong read, and below 95% correct.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/clock.h"
#include "engine/deadline/sentence_reader.h"
#include "engine/deadline/working_day_calendar.h"

namespace taizhang {
namespace {

constexpr const char* kCorpus = TAIZHANG_SOURCE_DIR "/tests/data/deadline_sentences.tsv";
constexpr const char* kCalendar = TAIZHANG_SOURCE_DIR "/calendar/cn_workdays.json";

struct Row {
  int line = 0;
  std::string source, ref, sentence, expected;
};

std::vector<Row> read_corpus() {
  std::ifstream in(kCorpus);
  EXPECT_TRUE(in) << kCorpus;
  std::vector<Row> rows;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream fields(line);
    Row row{number, {}, {}, {}, {}};
    std::getline(fields, row.source, '\t');
    std::getline(fields, row.ref, '\t');
    std::getline(fields, row.sentence, '\t');
    std::getline(fields, row.expected, '\t');
    EXPECT_FALSE(row.expected.empty()) << "line " << number << " has fewer than 4 columns";
    rows.push_back(std::move(row));
  }
  return rows;
}

// "START..DUE" of each deadline, joined by ";"; START "-" when the expectation gives none.
std::string dates_of(const std::vector<DeadlineInText>& found, const std::string& expected) {
  std::string out;
  for (std::size_t k = 0; k < found.size(); ++k) {
    const Deadline& d = found[k].deadline;
    // Where the official's reading names no start, the reader's start is not compared.
    const std::size_t at = out.size() + (k == 0 ? 0 : 1);
    const bool start_expected = expected.compare(at, 1, "-") != 0;
    if (k > 0) out += ";";
    out += start_expected && d.start_on ? format_date(*d.start_on) : "-";
    out += ".." + format_date(d.due_on);
  }
  return out;
}

enum class Verdict { read, refused, missed, wrong };

// A row expecting one deadline is read as a user types one deadline (read_deadline_in_text),
// others with read_deadlines_in_text. `got` says what the reader gave.
Verdict judge(const Row& row, const WorkingDayCalendar& calendar, std::string& got) {
  auto ref = parse_date(row.ref);
  EXPECT_TRUE(ref) << "line " << row.line << ": bad ref " << row.ref;
  const bool refuse = row.expected.starts_with("refuse:");
  const bool one = !refuse && row.expected.find(';') == std::string::npos;
  std::expected<std::vector<DeadlineInText>, TextRefusal> found;
  if (one) {
    auto single = read_deadline_in_text(row.sentence, *ref, std::nullopt, &calendar);
    if (single) found = std::vector<DeadlineInText>{*single};
    else found = std::unexpected(single.error());
  } else {
    auto all = read_deadlines_in_text(row.sentence, *ref, std::nullopt, &calendar);
    if (all) found = all->deadlines;
    else found = std::unexpected(all.error());
  }
  if (!found) {
    got = "refuse:" + std::string(to_string(found.error().reason)) + " (" +
          found.error().message + ")";
    return refuse ? Verdict::refused : Verdict::missed;
  }
  got = dates_of(*found, row.expected);
  if (refuse) return Verdict::wrong;
  return got == row.expected ? Verdict::read : Verdict::wrong;
}

TEST(DeadlineSentenceCorpusTest, ReadsWhatOfficialsReadAndNothingWrong) {
  auto calendar = WorkingDayCalendar::load(kCalendar);
  ASSERT_TRUE(calendar) << calendar.error().message;
  const std::vector<Row> rows = read_corpus();
  ASSERT_FALSE(rows.empty());
  int read = 0, refused = 0, missed = 0, wrong = 0, reason_differs = 0;
  for (const Row& row : rows) {
    std::string got;
    switch (judge(row, *calendar, got)) {
      case Verdict::read: ++read; break;
      case Verdict::refused:
        ++refused;
        if (!got.starts_with(row.expected + " ")) {
          ++reason_differs;
          std::printf("  refused for another reason, line %d: %s\n    expected %s, got %s\n",
                      row.line, row.sentence.c_str(), row.expected.c_str(), got.c_str());
        }
        break;
      case Verdict::missed:
        ++missed;
        std::printf("  refused, line %d: %s\n    expected %s, got %s\n", row.line,
                    row.sentence.c_str(), row.expected.c_str(), got.c_str());
        break;
      case Verdict::wrong:
        ++wrong;
        ADD_FAILURE() << "read wrongly, line " << row.line << ": " << row.sentence
                      << "\n  expected " << row.expected << "\n  got " << got;
        break;
    }
  }
  const auto total = static_cast<int>(rows.size());
  const double correct = 100.0 * (read + refused) / total;
  std::printf("deadline sentence corpus: %d sentences: %d read correctly, %d refused correctly "
              "(%d for another reason), %d refused though dated, %d read wrongly: %.1f%% correct\n",
              total, read, refused, reason_differs, missed, wrong, correct);
  EXPECT_EQ(wrong, 0);
  EXPECT_GE(correct, 95.0);
}

}  // namespace
}  // namespace taizhang
