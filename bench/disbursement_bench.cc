// Durable keyed disbursements per second over HTTP.
//
//   disbursement_bench --taizhang PATH --workflows DIR [--seconds N] [--clients N]
//                      [--dir PARENT] [--keep]
//
// The real `taizhang serve` on a fresh `init --demo` database: the township finance creates one
// fund of 10^12 fen, the township manager one plan_task item per client, each allocated 10^10 fen.
// Then N client threads (default 64), each on its own keep-alive connection and item, disburse
// 100 fen again and again, each request with a new Idempotency-Key, for --seconds (default 10).
// Each disbursement = a ledger entry, its posting, the idempotency record and an audit record,
// committed durably before the answer.
//
// Prints disbursements per second, p50/p99/max latency, the answers other than 201 (must be 0) and
// checks that the money adds up: the fund's and every item's disbursed_fen equal 100 fen times
// the 201s acknowledged. Exits 1 when either check fails. Figures only: nothing here asserts on a
// time. Scratch files go to a mkdtemp directory under --dir (default $TMPDIR or /tmp), removed at
// the end unless --keep.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/bench_http_client.h"
#include "bench/bench_process.h"
#include "bench/bench_transitions_http.h"

namespace {

using bench::Figures;
using bench::SteadyClock;
using json = nlohmann::json;

constexpr int64_t kFundFen = 1'000'000'000'000;  // 10^12
constexpr int64_t kAllocationFen = 10'000'000'000;  // 10^10 per item
constexpr int64_t kAmountFen = 100;

struct Options {
  std::string taizhang;
  std::string workflows;
  std::string dir;
  double seconds = 10;
  int clients = 64;
  bool keep = false;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "disbursement_bench: %s\n"
               "usage: disbursement_bench --taizhang PATH --workflows DIR [--seconds N]\n"
               "                          [--clients N] [--dir PARENT] [--keep]\n",
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
    else if (arg == "--dir") o.dir = value();
    else if (arg == "--seconds") o.seconds = std::atof(value().c_str());
    else if (arg == "--clients") o.clients = std::atoi(value().c_str());
    else if (arg == "--keep") o.keep = true;
    else usage(("unknown argument " + arg).c_str());
  }
  if (o.taizhang.empty() || o.workflows.empty()) usage("--taizhang and --workflows are required");
  if (o.seconds <= 0 || o.clients < 1 || o.clients > 1000) usage("bad --seconds or --clients");
  // 64 items × 10^10 fen must fit in the fund.
  if (static_cast<int64_t>(o.clients) * kAllocationFen > kFundFen) usage("too many --clients");
  if (o.dir.empty()) o.dir = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp";
  o.taizhang = std::filesystem::absolute(o.taizhang);
  o.workflows = std::filesystem::absolute(o.workflows);
  return o;
}

json parse(const bench::HttpResponse& r, int want, const std::string& what) {
  if (r.status != want) {
    throw std::runtime_error(what + ": " + std::to_string(r.status) + " " + r.body);
  }
  return json::parse(r.body);
}

struct Setup {
  std::string finance, manager;
  int64_t fund = 0;
  std::vector<int64_t> items;
};

// Tokens from `init --demo`'s output: "role<TAB>name<TAB>token" lines.
void read_tokens(const std::string& out, Setup& s) {
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    auto t1 = line.find('\t');
    auto t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string::npos) continue;
    const std::string name = line.substr(t1 + 1, t2 - t1 - 1);
    const std::string token = bench::trim(line.substr(t2 + 1));
    if (name == "镇财务") s.finance = token;
    if (name == "镇项目负责人") s.manager = token;
  }
  if (s.finance.empty() || s.manager.empty()) {
    throw std::runtime_error("init --demo printed no 镇财务 / 镇项目负责人 token");
  }
}

void create_fund_and_items(uint16_t port, Setup& s, int count) {
  bench::HttpClient c("127.0.0.1", port);
  json fund = {{"name", "基准测试资金"}, {"source", "central"}, {"doc_no", "基准〔2019〕1号"},
               {"year", 2019}, {"amount_fen", kFundFen}};
  s.fund = parse(c.request("POST", "/api/v1/funds", s.finance, fund.dump()), 201, "create fund")
               ["id"].get<int64_t>();
  for (int i = 0; i < count; ++i) {
    json item = {{"workflow", "plan_task"}, {"title", "基准拨付项目 " + std::to_string(i)},
                 {"org", "泗顶镇"}, {"plan_year", 2019}};
    int64_t id = parse(c.request("POST", "/api/v1/items", s.manager, item.dump()), 201,
                       "create item")["id"].get<int64_t>();
    json alloc = {{"fund_id", s.fund}, {"amount_fen", kAllocationFen}};
    parse(c.request("POST", "/api/v1/items/" + std::to_string(id) + "/allocations", s.finance,
                    alloc.dump()),
          201, "allocate");
    s.items.push_back(id);
  }
}

struct Run {
  Figures figures;                 // 201s answered within the measured window
  std::vector<long long> acked;    // every 201, per client (item), window or not
  long long acked_total = 0;
  long long non_201 = 0;
};

Run disburse(uint16_t port, const Setup& s, int clients, double seconds) {
  struct PerThread {
    bench::Latencies lat;
    long long in_window = 0, acked = 0, errors = 0;
    std::string first_error;
  };
  std::vector<PerThread> results(static_cast<size_t>(clients));
  const auto start = SteadyClock::now() + std::chrono::milliseconds(200);
  const auto stop = start + std::chrono::duration<double>(seconds);
  std::vector<std::thread> threads;
  for (int t = 0; t < clients; ++t) {
    threads.emplace_back([&, t] {
      PerThread& me = results[static_cast<size_t>(t)];
      const std::string target =
          "/api/v1/items/" + std::to_string(s.items[static_cast<size_t>(t)]) + "/disbursements";
      const std::string prefix = "bench-" + std::to_string(t) + "-";
      bench::HttpClient c("127.0.0.1", port);
      std::this_thread::sleep_until(start);
      for (long long n = 0; SteadyClock::now() < stop && me.errors < 100; ++n) {
        const json body = {{"amount_fen", kAmountFen},
                           {"payee", "基准收款人 " + std::to_string(t)},
                           {"voucher_no", "基准-" + std::to_string(t) + "-" + std::to_string(n)}};
        const auto t0 = SteadyClock::now();
        try {
          const std::string key = "Idempotency-Key: " + prefix + std::to_string(n);
          auto r = c.request("POST", target, s.finance, body.dump(), {key});
          const auto t1 = SteadyClock::now();
          if (r.status == 201) {
            ++me.acked;
            if (t1 <= stop) {
              me.lat.add(t1 - t0);
              ++me.in_window;
            }
            continue;
          }
          if (++me.errors == 1) me.first_error = std::to_string(r.status) + " " + r.body;
        } catch (const std::exception& e) {
          if (++me.errors == 1) me.first_error = e.what();
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  Run run;
  run.figures.name = "HTTP, " + std::to_string(clients) + " clients";
  run.figures.seconds = seconds;
  bench::Latencies all;
  for (auto& r : results) {
    all.merge(r.lat);
    run.figures.changes += r.in_window;
    run.figures.errors += r.errors;
    if (run.figures.first_error.empty()) run.figures.first_error = r.first_error;
    run.acked.push_back(r.acked);
    run.acked_total += r.acked;
  }
  run.non_201 = run.figures.errors;
  bench::finish(run.figures, all);
  return run;
}

struct MoneyCheck {
  int64_t fund_disbursed = -1;
  int items_wrong = 0;
  std::string first_wrong;
};

MoneyCheck check_money(uint16_t port, const Setup& s, const Run& run) {
  MoneyCheck m;
  bench::HttpClient c("127.0.0.1", port);
  m.fund_disbursed = parse(c.request("GET", "/api/v1/funds/" + std::to_string(s.fund), s.finance),
                           200, "read fund")["disbursed_fen"].get<int64_t>();
  for (size_t i = 0; i < s.items.size(); ++i) {
    auto l = parse(c.request("GET", "/api/v1/items/" + std::to_string(s.items[i]) + "/ledger",
                             s.finance),
                   200, "read ledger");
    const int64_t want = kAmountFen * run.acked[i];
    if (l["disbursed_fen"].get<int64_t>() != want || l["allocated_fen"] != kAllocationFen) {
      if (++m.items_wrong == 1) {
        m.first_wrong = "item " + std::to_string(s.items[i]) + ": disbursed_fen " +
                        l["disbursed_fen"].dump() + ", acknowledged " + std::to_string(want);
      }
    }
  }
  return m;
}

double mb(int64_t kb) { return static_cast<double>(kb) / 1024.0; }

std::string load_average() {
  std::ifstream in("/proc/loadavg");
  double one = 0, five = 0;
  in >> one >> five;
  char text[64];
  std::snprintf(text, sizeof text, "%.2f (1 min) %.2f (5 min)", one, five);
  return text;
}

void print_row(const Figures& f) {
  std::printf("  %-38s %9.1f %8.2f %8.2f %8.2f %9lld %7lld\n", f.name.c_str(), f.rate(), f.p50,
              f.p99, f.max, f.changes, f.errors);
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse_options(argc, argv);
  try {
    bench::ScratchDir dir(o.dir);
    if (o.keep) dir.keep();
    if (dir.on_tmpfs()) {
      std::fprintf(stderr, "warning: %s is on tmpfs: fsync costs nothing there and the durable "
                           "rates mean little; use --dir on a disk\n", dir.path().c_str());
    }
    const std::string load_before = load_average();
    const std::string db = dir.file("ledger.db");
    const std::string cli_log = dir.file("cli.log");
    Setup setup;
    read_tokens(bench::run_capture({o.taizhang, "init", "--db", db, "--demo", "--workflows",
                                    o.workflows, "--now", "2019-03-15T09:00:00+08:00"},
                                   cli_log),
                setup);
    bench::ServerProcess server(o.taizhang, db, o.workflows, dir.file("server.log"));
    std::fprintf(stderr, "setup: a fund, %d items with allocations…\n", o.clients);
    create_fund_and_items(server.port(), setup, o.clients);

    std::fprintf(stderr, "HTTP, %d clients disbursing (%.0f s)…\n", o.clients, o.seconds);
    auto before = bench::writer_counters(server.port());
    Run run = disburse(server.port(), setup, o.clients, o.seconds);
    auto after = bench::writer_counters(server.port());
    const bench::Memory memory = bench::memory_of(server.pid());
    MoneyCheck money = check_money(server.port(), setup, run);
    std::string how = server.stop();
    if (how != "exit 0") std::fprintf(stderr, "note: the server stopped with %s\n", how.c_str());
    const std::string load_after = load_average();

    std::printf("\ntaizhang disbursement bench — %u CPUs shared with other work: figures are "
                "indicative\n", std::thread::hardware_concurrency());
    std::printf("load average before %s, after %s\n", load_before.c_str(), load_after.c_str());
    std::printf("scratch: %s%s   %.0f s per measurement\n\n", dir.path().c_str(),
                o.keep ? " (kept)" : "", o.seconds);
    std::printf("Durable disbursements (%lld fen each, a new Idempotency-Key each; each = ledger "
                "entry + posting + audit record)\n", static_cast<long long>(kAmountFen));
    std::printf("  %-38s %9s %8s %8s %8s %9s %7s\n", "", "disb./s", "p50 ms", "p99 ms", "max ms",
                "disb.", "non-201");
    print_row(run.figures);
    if (!run.figures.first_error.empty()) {
      std::printf("  first non-201 answer: %.300s\n", run.figures.first_error.c_str());
    }
    const double jobs = after.first - before.first, commits = after.second - before.second;
    if (commits > 0) {
      std::printf("  group commit during the run: %.0f jobs in %.0f commits = %.1f jobs per "
                  "fsync\n", jobs, commits, jobs / commits);
    }
    std::printf("  server after the run: VmRSS %.1f MB, VmHWM %.1f MB, %d threads\n\n",
                mb(memory.rss_kb), mb(memory.hwm_kb), memory.threads);

    const bool no_errors = run.non_201 == 0;
    const int64_t want = kAmountFen * run.acked_total;
    const bool adds_up = money.fund_disbursed == want && money.items_wrong == 0;
    std::printf("  answers other than 201: %lld   (must be 0: %s)\n", run.non_201,
                no_errors ? "met" : "NOT met");
    std::printf("  fund disbursed_fen %lld = %lld fen x %lld acknowledged = %lld; items off: %d   "
                "(%s)\n",
                static_cast<long long>(money.fund_disbursed), static_cast<long long>(kAmountFen),
                run.acked_total, static_cast<long long>(want), money.items_wrong,
                adds_up ? "met" : "NOT met");
    if (!money.first_wrong.empty()) std::printf("  first item off: %s\n", money.first_wrong.c_str());
    return no_errors && adds_up ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "disbursement_bench: %s\n", e.what());
    return 1;
  }
}
