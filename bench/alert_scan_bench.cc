// The alert scanner over a large database, in-process: how long one full scan takes (the
// issue's target: 1,000,000 items in under a second), the steady-state scan that raises nothing,
// the morning report over the same items, and this process's memory around each.
//
//   alert_scan_bench --workflows DIR [--items N] [--now RFC3339] [--dir PARENT] [--keep]
//                    [--db FILE] [--changes-per-job N]
//
// Creates N items (default 1,000,000; bench_engine.h's bulk_items: due dates from January 2019
// to December 2020, every kind, every unit) in a fresh database, then, at --now (default
// 2019-11-05T09:00:00+08:00: a quarter of them past due, some due within the week; bulk_items
// gives every September item to a road whose village notice moves its due date out of 2019):
//   1. scan_alerts as one write job through the writer (one transaction, committed durably):
//      the first scan raises an alert per level that applies; with --changes-per-job N, as
//      the server's scanner runs it instead (engine/runtime/alert_scanner.h): one write job
//      of about N changes after another, each committed, each going on from the last;
//   2. the same scan again: the steady state, which raises nothing;
//   3. overdue_report (the `taizhang overdue` rows) in one read transaction.
// --db FILE uses (and keeps) that database: created with N items if missing, else reused as it
// is, so that a second run skips the minutes of item creation (its first scan is then a steady
// one unless --now moves on). Scratch files go to a mkdtemp directory under --dir (default
// $TMPDIR or /tmp), removed at the end unless --keep. Figures only: nothing asserts on a time.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "engine/base/heap.h"
#include "engine/storage/sqlite/open_database.h"
#include "bench/bench_engine.h"
#include "bench/bench_process.h"
#include "engine/alerts/alert_commands.h"
#include "engine/alerts/overdue_report.h"

namespace {

using SteadyClock = std::chrono::steady_clock;
using taizhang::AlertPolicy;
using taizhang::Result;
using taizhang::StoreReader;
using taizhang::StoreWriter;

struct Options {
  std::string workflows;
  std::string dir;
  std::string db;  // empty: a scratch database
  std::string now = "2019-11-05T09:00:00+08:00";
  int items = 1'000'000;
  int64_t changes_per_job = 0;  // 0: the whole scan in one write job
  bool keep = false;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "alert_scan_bench: %s\n"
               "usage: alert_scan_bench --workflows DIR [--items N] [--now RFC3339]\n"
               "                        [--dir PARENT] [--keep] [--db FILE]\n"
               "                        [--changes-per-job N]\n",
               why);
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage((arg + " needs a value").c_str());
      return argv[++i];
    };
    if (arg == "--workflows") o.workflows = value();
    else if (arg == "--items") o.items = std::atoi(value().c_str());
    else if (arg == "--now") o.now = value();
    else if (arg == "--dir") o.dir = value();
    else if (arg == "--db") o.db = value();
    else if (arg == "--keep") o.keep = true;
    else if (arg == "--changes-per-job") o.changes_per_job = std::atoll(value().c_str());
    else usage(("unknown argument " + arg).c_str());
  }
  if (o.workflows.empty()) usage("--workflows is required");
  if (o.items < 1) usage("--items must be 1 or more");
  if (o.changes_per_job < 0) usage("--changes-per-job must be 1 or more");
  if (!taizhang::parse_rfc3339(o.now)) usage("--now must be RFC 3339");
  if (o.dir.empty()) o.dir = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp";
  o.workflows = std::filesystem::absolute(o.workflows);
  return o;
}

double seconds_since(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

void print_memory(const char* when) {
  const bench::Memory m = bench::memory_of(::getpid());
  std::printf("  memory %-22s VmRSS %8.1f MiB   VmHWM %8.1f MiB\n", when, m.rss_kb / 1024.0,
              m.hwm_kb / 1024.0);
}

struct ScanFigures {
  taizhang::ScanReport report;
  double seconds = 0;
  double cpu_seconds = 0;
};

ScanFigures scan(bench::Engine& e, const AlertPolicy& policy, taizhang::TimePoint now,
                 const char* what) {
  ScanFigures f;
  const auto start = SteadyClock::now();
  const double cpu_start = bench::cpu_seconds();
  e.write([&](StoreWriter& store) -> Result<nlohmann::json> {
    auto r = taizhang::scan_alerts(store, e.orgs, policy, now);
    if (!r) return std::unexpected(r.error());
    f.report = *r;
    return nullptr;
  }, what);
  f.seconds = seconds_since(start);
  f.cpu_seconds = bench::cpu_seconds() - cpu_start;
  return f;
}

// The scan as the server's scanner runs it: write jobs of about `changes_per_job` changes, each
// committed before the next, each going on from the cursor the last one left.
ScanFigures scan_in_jobs(bench::Engine& e, const AlertPolicy& policy, taizhang::TimePoint now,
                         int64_t changes_per_job) {
  ScanFigures f;
  const auto start = SteadyClock::now();
  const double cpu_start = bench::cpu_seconds();
  taizhang::ScanCursor cursor;
  int64_t jobs = 0;
  double longest_s = 0;
  for (bool complete = false; !complete; ++jobs) {
    const auto job_start = SteadyClock::now();
    e.write([&](StoreWriter& store) -> Result<nlohmann::json> {
      auto r = taizhang::scan_alerts(store, e.orgs, policy, now, changes_per_job, cursor);
      if (!r) return std::unexpected(r.error());
      f.report.items_examined += r->items_examined;
      f.report.raised += r->raised;
      f.report.resolved += r->resolved;
      complete = r->complete;
      return nullptr;
    }, "scan job");
    longest_s = std::max(longest_s, seconds_since(job_start));
  }
  f.seconds = seconds_since(start);
  f.cpu_seconds = bench::cpu_seconds() - cpu_start;
  std::printf("  %lld write jobs of about %lld changes; the longest %.1f ms, on average %.1f ms\n",
              static_cast<long long>(jobs), static_cast<long long>(changes_per_job),
              longest_s * 1e3, f.seconds * 1e3 / static_cast<double>(jobs));
  return f;
}

void print_scan(const char* label, const ScanFigures& f) {
  std::printf("%s: %.3f s (committed), %.3f s of CPU\n", label, f.seconds,
              f.cpu_seconds);
  std::printf("  items examined %lld, alerts raised %lld, resolved %lld; %.0f items examined/s\n",
              static_cast<long long>(f.report.items_examined),
              static_cast<long long>(f.report.raised), static_cast<long long>(f.report.resolved),
              f.seconds > 0 ? static_cast<double>(f.report.items_examined) / f.seconds : 0.0);
}

}  // namespace

int main(int argc, char** argv) {
  taizhang::configure_heap();  // as taizhang's main does: the engine's figures are the server's
  try {
    const Options o = parse_options(argc, argv);
    bench::ScratchDir dir(o.dir);
    if (o.keep) dir.keep();
    const std::string path = o.db.empty() ? dir.file("alerts.db") : o.db;
    const bool reuse = !o.db.empty() && std::filesystem::exists(o.db);

    std::printf("alert_scan_bench: %s, now %s\n", path.c_str(), o.now.c_str());
    print_memory("at start");
    bench::Engine e;
    if (reuse) {
      e = bench::reopen_engine(path);
      std::printf("reusing %s\n", path.c_str());
    } else {
      e = bench::open_engine(path, o.workflows);
      auto manager = bench::add_person(e, "基准项目负责人", taizhang::Role::manager);
      const auto start = SteadyClock::now();
      bench::bulk_items(e, manager, o.items);
      const double s = seconds_since(start);
      std::printf("created %d items in %.1f s (%.0f items/s)\n", o.items, s, o.items / s);
    }
    const int64_t items = bench::must(e.db->read([](StoreReader& store) -> Result<int64_t> {
      return store.count_items();
    }), "count items");
    std::printf("items in the database: %lld\n", static_cast<long long>(items));
    print_memory("after creating items");

    const taizhang::TimePoint now = *taizhang::parse_rfc3339(o.now);
    const AlertPolicy policy{};
    std::printf("policy: due_soon %d days, escalated after %d days\n\n", policy.due_soon_days,
                policy.escalate_after_days);

    const ScanFigures first = o.changes_per_job > 0
                                  ? scan_in_jobs(e, policy, now, o.changes_per_job)
                                  : scan(e, policy, now, "first scan");
    print_scan(o.changes_per_job > 0 ? "first scan (in jobs)" : "first scan", first);
    print_memory("after the first scan");

    const ScanFigures second = scan(e, policy, now, "second scan");
    print_scan("second scan (steady state)", second);
    print_memory("after the second scan");

    const std::string today = taizhang::format_date(taizhang::shanghai_date(now));
    const auto start = SteadyClock::now();
    auto rows = bench::must(e.db->read([&](StoreReader& store) {
      return taizhang::overdue_report(store, e.orgs, policy, today, &e.workflows);
    }), "overdue report");
    const double report_s = seconds_since(start);
    int64_t late = 0;
    for (const auto& r : rows) late += r.days_overdue > 0 ? 1 : 0;
    std::printf("\noverdue_report: %.3f s (one read transaction), %zu rows (%lld overdue, %lld "
                "due soon); %.0f rows/s\n",
                report_s, rows.size(), static_cast<long long>(late),
                static_cast<long long>(static_cast<int64_t>(rows.size()) - late),
                report_s > 0 ? static_cast<double>(rows.size()) / report_s : 0.0);
    print_memory("after the report");
    rows.clear();
    rows.shrink_to_fit();
    print_memory("report rows freed");

    e.db.reset();
    if (o.keep || !o.db.empty()) std::printf("database kept: %s\n", path.c_str());
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "alert_scan_bench: %s\n", ex.what());
    return 1;
  }
  return 0;
}
