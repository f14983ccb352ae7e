// The morning report's peak memory and time: `taizhang overdue` run as its own process in each
// format, its output counted and dropped, its peak resident set (ru_maxrss) read when it exits.
//
//   morning_report_bench --taizhang PATH --workflows DIR [--items N] [--db FILE]
//                        [--now RFC3339] [--dir PARENT] [--keep]
//
// Without --db, a scratch database of N items (default 50,000; bench_engine.h's bulk_items) is
// made in-process first; with --db FILE that database is reported on as it is (the 1,000,000
// items that alert_scan_bench --db leaves give 263,158 rows at the default --now). The report
// only reads. Figures only: nothing asserts on a time or a size.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "bench/bench_engine.h"
#include "bench/bench_process.h"

namespace {

using SteadyClock = std::chrono::steady_clock;

struct Options {
  std::string taizhang;
  std::string workflows;
  std::string dir;
  std::string db;
  std::string now = "2019-11-05T09:00:00+08:00";
  int items = 50'000;
  bool keep = false;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "morning_report_bench: %s\n"
               "usage: morning_report_bench --taizhang PATH --workflows DIR [--items N]\n"
               "                            [--db FILE] [--now RFC3339] [--dir PARENT] [--keep]\n",
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
    if (arg == "--taizhang") o.taizhang = value();
    else if (arg == "--workflows") o.workflows = value();
    else if (arg == "--items") o.items = std::atoi(value().c_str());
    else if (arg == "--db") o.db = value();
    else if (arg == "--now") o.now = value();
    else if (arg == "--dir") o.dir = value();
    else if (arg == "--keep") o.keep = true;
    else usage(("unknown argument " + arg).c_str());
  }
  if (o.taizhang.empty() || o.workflows.empty()) usage("--taizhang and --workflows are required");
  if (o.items < 1) usage("--items must be 1 or more");
  if (!o.db.empty() && !std::filesystem::exists(o.db)) usage("--db names no file");
  if (o.dir.empty()) o.dir = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp";
  o.taizhang = std::filesystem::absolute(o.taizhang);
  o.workflows = std::filesystem::absolute(o.workflows);
  return o;
}

struct Run {
  int64_t bytes = 0;
  int64_t lines = 0;
  double seconds = 0;
  long peak_kb = 0;  // ru_maxrss of the report's process
  int status = 0;
};

Run report(const Options& o, const std::string& db, const std::string& format,
           const std::string& err_file) {
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  int err_fd = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  Run r;
  const auto start = SteadyClock::now();
  pid_t pid = bench::spawn(
      {o.taizhang, "overdue", "--db", db, "--now", o.now, "--format", format}, pipe_fds[1],
      err_fd);
  ::close(pipe_fds[1]);
  if (err_fd >= 0) ::close(err_fd);
  char chunk[1 << 16];
  ssize_t n;
  while ((n = ::read(pipe_fds[0], chunk, sizeof chunk)) > 0) {
    r.bytes += n;
    for (ssize_t i = 0; i < n; ++i) r.lines += chunk[i] == '\n';
  }
  ::close(pipe_fds[0]);
  struct rusage usage{};
  ::wait4(pid, &r.status, 0, &usage);
  r.seconds = std::chrono::duration<double>(SteadyClock::now() - start).count();
  r.peak_kb = usage.ru_maxrss;
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options o = parse_options(argc, argv);
    bench::ScratchDir dir(o.dir);
    if (o.keep) dir.keep();
    std::string db = o.db;
    if (db.empty()) {
      db = dir.file("report.db");
      bench::Engine e = bench::open_engine(db, o.workflows);
      auto manager = bench::add_person(e, "基准项目负责人", taizhang::Role::manager);
      bench::bulk_items(e, manager, o.items);
    }
    std::printf("morning_report_bench: taizhang overdue --db %s --now %s\n", db.c_str(),
                o.now.c_str());
    std::printf("  %-6s %12s %12s %9s %14s\n", "format", "lines", "bytes", "seconds",
                "peak RSS MiB");
    for (const char* format : {"table", "csv", "json"}) {
      const Run r = report(o, db, format, dir.file("report.err"));
      std::printf("  %-6s %12lld %12lld %9.2f %14.1f%s\n", format,
                  static_cast<long long>(r.lines), static_cast<long long>(r.bytes), r.seconds,
                  static_cast<double>(r.peak_kb) / 1024.0,
                  WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0 ? "" : "   (failed: see "
                                                                           "report.err)");
    }
    std::printf("  (csv lines = rows + 1 heading; target: peak RSS <= 40 MiB over 263,158 rows)\n");
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "morning_report_bench: %s\n", ex.what());
    return 1;
  }
  return 0;
}
