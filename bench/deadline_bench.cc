// How fast parse_deadline reads deadline expressions, and the sentence reader reads published
// sentences (tests/data/deadline_sentences.tsv), on one core.
//
//   deadline_bench [SECONDS] [CALENDAR_FILE] [CORPUS_FILE]
//
// Parses a mix like a work plan's (spans and month ends from 时间节点, relative counts in
// calendar and working days, recurring rules, and a few unreadable texts) in a loop for SECONDS
// (default 3) and prints expressions per second, overall and per group: by the wall clock, and by
// the thread's CPU time, which stays meaningful when other work shares the machine. It prints
// figures only; nothing here asserts on a time.
#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/deadline/expression.h"
#include "engine/deadline/sentence_reader.h"
#include "engine/deadline/working_day_calendar.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Group {
  const char* name;
  std::vector<std::string_view> texts;
};

const std::vector<Group>& groups() {
  static const std::vector<Group> all = {
      {"plan time nodes",
       {"(时间节点:2019年2—9月)", "(时间节点:2019年2—10月)", "(时间节点:2019年2—12月)",
        "(时间节点:2019年3月至12月)", "(2019年2月下旬-3月中旬)", "(2019年10月)",
        "7月底前全面完成", "9月底前全部搬迁入住"}},
      {"by and during",
       {"年底前", "10月31日前", "12月20日完成", "八月底前", "在 2019 年1月 25 日前", "第三季度",
        "上半年", "二〇一九年十月", "春节前", "国庆前", "2019-07-31前"}},
      {"relative",
       {"15日内", "30天内", "竣工验收后30日内", "一个月内", "5个工作日内",
        "自受理之日起20个工作日内"}},
      {"recurring", {"每月5日前", "每季度末", "每年6月30日前"}},
      {"unreadable", {"13月底前", "2月30日前", "2019年9—2月", "尽快完成"}},
  };
  return all;
}

// `argv[index]`, else `relative` from the working directory or the source tree.
std::filesystem::path find_file(int argc, char** argv, int index, const char* relative) {
  if (argc > index) return argv[index];
  std::filesystem::path path = relative;
#ifdef TAIZHANG_SOURCE_DIR
  std::error_code ignored;
  if (!std::filesystem::exists(path, ignored)) path = std::filesystem::path(TAIZHANG_SOURCE_DIR) / relative;
#endif
  return path;
}

// The corpus's sentences (third column), each with its reference date (second).
struct Sentence {
  std::string text;
  date::year_month_day ref;
};

std::vector<Sentence> load_sentences(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<Sentence> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::stringstream fields(line);
    std::string source, ref, text;
    std::getline(fields, source, '\t');
    std::getline(fields, ref, '\t');
    std::getline(fields, text, '\t');
    int y = 0;
    unsigned m = 0, d = 0;
    if (std::sscanf(ref.c_str(), "%d-%u-%u", &y, &m, &d) != 3) continue;
    out.push_back({text, date::year{y} / date::month{m} / date::day{d}});
  }
  return out;
}

// CPU time this thread has used (POSIX; Linux has it).
double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

struct Run {
  long long parsed = 0;
  long long failed = 0;
  double seconds = 0;
  double cpu_seconds = 0;
  long long checksum = 0;  // keeps the results alive
};

// Reads `count` inputs round-robin with `read_one(i)` (which returns a due day, or nullopt when
// it refuses) until `seconds` have passed, checking the clock every 1024 reads.
template <typename ReadOne>
Run run(std::size_t count, double seconds, ReadOne read_one) {
  Run result;
  const double cpu_start = thread_cpu_seconds();
  const auto start = Clock::now();
  const auto stop = start + std::chrono::duration<double>(seconds);
  std::size_t next = 0;
  for (;;) {
    for (int i = 0; i < 1024; ++i) {
      std::optional<date::year_month_day> due = read_one(next);
      if (++next == count) next = 0;
      if (due) {
        result.checksum += date::sys_days{*due}.time_since_epoch().count();
      } else {
        ++result.failed;
      }
    }
    result.parsed += 1024;
    if (Clock::now() >= stop) break;
  }
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  result.cpu_seconds = thread_cpu_seconds() - cpu_start;
  return result;
}

Run run_expressions(const std::vector<std::string_view>& texts, double seconds,
                    const taizhang::WorkingDayCalendar& calendar) {
  const date::year_month_day ref{date::year{2019}, date::month{3}, date::day{1}};
  const date::year_month_day anchor{date::year{2019}, date::month{2}, date::day{1}};
  return run(texts.size(), seconds, [&](std::size_t i) -> std::optional<date::year_month_day> {
    auto deadline = taizhang::parse_deadline(texts[i], ref, anchor, &calendar);
    if (!deadline) return std::nullopt;
    return deadline->due_on;
  });
}

// The sentence reader on the corpus, without an anchor as a user types a sentence; a read gives
// its last deadline.
Run run_sentences(const std::vector<Sentence>& sentences, double seconds,
                  const taizhang::WorkingDayCalendar& calendar) {
  return run(sentences.size(), seconds, [&](std::size_t i) -> std::optional<date::year_month_day> {
    auto found = taizhang::read_deadlines_in_text(sentences[i].text, sentences[i].ref,
                                                  std::nullopt, &calendar);
    if (!found) return std::nullopt;
    return found->deadlines.back().deadline.due_on;
  });
}

void print(const char* name, const Run& r) {
  const auto parsed = static_cast<double>(r.parsed);
  std::printf("%-16s %10lld parsed %6.2f s  wall %10.0f /s  cpu %10.0f /s %7.1f ns each"
              "  (%lld unreadable)\n",
              name, r.parsed, r.seconds, parsed / r.seconds, parsed / r.cpu_seconds,
              1e9 * r.cpu_seconds / parsed, r.failed);
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
  if (!(seconds > 0 && seconds <= 600)) {
    std::fprintf(stderr, "usage: deadline_bench [SECONDS (0-600]] [CALENDAR_FILE] [CORPUS_FILE]\n");
    return 1;
  }
  auto calendar =
      taizhang::WorkingDayCalendar::load(find_file(argc, argv, 2, "calendar/cn_workdays.json"));
  if (!calendar) {
    std::fprintf(stderr, "deadline_bench: %s\n", calendar.error().message.c_str());
    return 1;
  }
  // The realistic mix weights plan texts most, as importing a plan does.
  std::vector<std::string_view> mix;
  for (const Group& group : groups()) {
    int weight = std::string_view(group.name) == "plan time nodes" ? 4
                 : std::string_view(group.name) == "unreadable"    ? 1
                                                                   : 2;
    for (int w = 0; w < weight; ++w) mix.insert(mix.end(), group.texts.begin(), group.texts.end());
  }
  std::printf("parse_deadline, one thread, %zu expressions in the mix\n", mix.size());
  Run total = run_expressions(mix, seconds, *calendar);
  print("mix", total);
  long long checksum = total.checksum;
  for (const Group& group : groups()) {
    Run r = run_expressions(group.texts, seconds / 5, *calendar);
    print(group.name, r);
    checksum += r.checksum;
  }
  const auto corpus = find_file(argc, argv, 3, "tests/data/deadline_sentences.tsv");
  const std::vector<Sentence> sentences = load_sentences(corpus);
  if (sentences.empty()) {
    std::fprintf(stderr, "deadline_bench: no sentences in %s\n", corpus.c_str());
    return 1;
  }
  std::printf("read_deadlines_in_text, one thread, %zu published sentences (target 500000 /s per "
              "core)\n", sentences.size());
  Run corpus_run = run_sentences(sentences, seconds, *calendar);
  print("sentences", corpus_run);
  checksum += corpus_run.checksum;
  std::printf("checksum %lld\n", checksum);
  return 0;
}
