// Durable transitions per second, and the server's memory with many items.
//
//   transitions_bench --taizhang PATH --workflows DIR [--seconds N] [--quick]
//                     [--dir PARENT] [--items N] [--clients N] [--only raw|http|memory] [--keep]
//
// 1. Raw SQLite, in-process: the work of one transition (update the item, insert its history row,
//    append the audit record: engine transition_item over a SqliteStore) committed one
//    transaction per change with synchronous=FULL. The rate the server must beat by group commit.
//    Measured before and after (2), as this machine's fsync latency drifts; the ratio uses the
//    higher of the two.
// 2. Over HTTP: the real `taizhang serve`, plan_task items moved complete (manager) / send_back
//    (supervisor) over and over, one item per keep-alive client, with 1 and with 64 clients:
//    transitions per second and p50/p99 latency, and the ratio to (1). Then reads of one item
//    alone and while the clients write (p99), and a crowd of --crowd clients (default 1,024)
//    writing at once, each on its own connection: every request answered, errors counted.
// 3. Memory: the server on a database of 100,000 items under a read mix (pages, filters, item
//    and history reads, a few transitions): VmRSS and VmHWM from /proc.
//
// Each measurement runs N seconds (default 10; --quick: 3 s and 20,000 items). Scratch files go
// to a mkdtemp directory under --dir (default $TMPDIR or /tmp), removed at the end unless --keep
// (then raw-*.db, http.db, big.db and the server logs stay for a closer look). Figures only:
// nothing here asserts on a time. Clients share the machine's cores with the server.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_engine.h"
#include "bench/bench_http_client.h"
#include "bench/bench_process.h"
#include "bench/bench_read_mix.h"
#include "bench/bench_transitions_http.h"
#include "engine/storage/sqlite/connection.h"
#include "engine/storage/sqlite/sqlite_store.h"

namespace {

using bench::Figures;
using bench::HttpSide;
using bench::kSendBack;
using bench::SteadyClock;
using taizhang::Role;

struct Options {
  std::string taizhang;
  std::string workflows;
  std::string dir;
  double seconds = 10;
  int items = 100'000;
  int clients = 64;
  int crowd = 1024;  // the many-connections run (0: skip)
  int mix_clients = 16;
  bool quick = false;
  bool keep = false;
  std::string only;  // empty: every part
  bool runs(const char* part) const { return only.empty() || only == part; }
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "transitions_bench: %s\n"
               "usage: transitions_bench --taizhang PATH --workflows DIR [--seconds N] [--quick]\n"
               "                         [--dir PARENT] [--items N] [--clients N] [--crowd N]\n"
               "                         [--only raw|http|memory] [--keep]\n",
               why);
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options o;
  bool seconds_given = false, items_given = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage((arg + " needs a value").c_str());
      return argv[++i];
    };
    if (arg == "--taizhang") o.taizhang = value();
    else if (arg == "--workflows") o.workflows = value();
    else if (arg == "--dir") o.dir = value();
    else if (arg == "--seconds") o.seconds = std::atof(value().c_str()), seconds_given = true;
    else if (arg == "--items") o.items = std::atoi(value().c_str()), items_given = true;
    else if (arg == "--clients") o.clients = std::atoi(value().c_str());
    else if (arg == "--crowd") o.crowd = std::atoi(value().c_str());
    else if (arg == "--quick") o.quick = true;
    else if (arg == "--keep") o.keep = true;
    else if (arg == "--only") o.only = value();
    else usage(("unknown argument " + arg).c_str());
  }
  if (o.taizhang.empty() || o.workflows.empty()) usage("--taizhang and --workflows are required");
  if (o.quick && !seconds_given) o.seconds = 3;
  if (o.quick && !items_given) o.items = 20'000;
  if (o.seconds <= 1 || o.items < 1 || o.clients < 1 || o.crowd < 0 || o.crowd > 1900) {
    usage("bad --seconds (more than 1), --items, --clients or --crowd (0..1900)");
  }
  if (!o.only.empty() && o.only != "raw" && o.only != "http" && o.only != "memory") {
    usage("--only takes raw, http or memory");
  }
  if (o.dir.empty()) o.dir = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp";
  o.taizhang = std::filesystem::absolute(o.taizhang);
  o.workflows = std::filesystem::absolute(o.workflows);
  return o;
}

// ---- 1. Raw SQLite, one transaction per change ----------------------------------------------

Figures raw_sqlite(const bench::ScratchDir& dir, const Options& o, const std::string& label,
                   std::string& settings) {
  const std::string path = dir.file("raw-" + label + ".db");
  bench::Engine e = bench::open_engine(path, o.workflows);
  auto manager = bench::add_person(e, "基准项目负责人", Role::manager);
  auto supervisor = bench::add_person(e, "基准督查", Role::supervisor);
  const auto township = e.orgs.find_by_name("泗顶镇")->id;
  std::vector<int64_t> items;
  e.write([&](taizhang::StoreWriter& store) -> taizhang::Result<nlohmann::json> {
    for (int i = 0; i < o.clients; ++i) {
      taizhang::NewItem n;
      n.workflow = "plan_task";
      n.title = "基准任务 " + std::to_string(i);
      n.org_id = township;
      n.plan_year = 2019;
      auto made = taizhang::create_item(store, e.rules(), manager.who, n, taizhang::Clock{}.now());
      if (!made) return std::unexpected(made.error());
      auto started = taizhang::transition_item(store, e.rules(), manager.who, made->id,
                                               bench::action("start"), taizhang::Clock{}.now());
      if (!started) return std::unexpected(started.error());
      items.push_back(made->id);
    }
    return nullptr;
  }, "raw: items");
  const taizhang::ItemRules rules = e.rules();
  e.db.reset();  // close the engine's writer: from here this connection commits each change

  namespace sq = taizhang::sqlite;
  sq::Connection conn(path, sq::Connection::Mode::read_write);
  {
    auto& sync = conn.prepare("PRAGMA synchronous");
    sync.step();
    auto& journal = conn.prepare("PRAGMA journal_mode");
    journal.step();
    settings = "journal_mode=" + journal.text(0) + " synchronous=" +
               (sync.int64(0) == 2 ? std::string("FULL") : std::to_string(sync.int64(0)));
    sync.reset();
    journal.reset();
  }
  sq::SqliteStore store(conn);
  std::vector<bool> in_progress(items.size(), true);
  Figures f;
  f.name = "raw SQLite, 1 commit/change, " + label;
  bench::Latencies lat;
  auto run_for = [&](double seconds, bool record) {
    const auto start = SteadyClock::now();
    const auto stop = start + std::chrono::duration<double>(seconds);
    auto now = start;
    for (size_t i = 0; now < stop; i = (i + 1) % items.size()) {
      const bool forward = in_progress[i];
      const auto& who = forward ? manager.who : supervisor.who;
      auto req = forward ? bench::action("complete") : bench::action("send_back", kSendBack);
      const auto t0 = SteadyClock::now();
      conn.exec("BEGIN IMMEDIATE");
      auto moved = taizhang::transition_item(store, rules, who, items[i], req,
                                             taizhang::Clock{}.now());
      if (!moved) {
        conn.exec("ROLLBACK");
        throw std::runtime_error("raw transition: " + moved.error().message);
      }
      conn.exec("COMMIT");
      now = SteadyClock::now();
      in_progress[i] = !forward;
      if (record) {
        lat.add(now - t0);
        ++f.changes;
      }
    }
    if (record) f.seconds = std::chrono::duration<double>(now - start).count();
  };
  run_for(std::min(1.0, o.seconds / 5), false);  // warm caches and the file
  run_for(o.seconds, true);
  bench::finish(f, lat);
  return f;
}

// ---- 2. Over HTTP ---------------------------------------------------------------------------

// Reads of one item (GET /api/v1/items/{id}) on one keep-alive connection for `seconds`, while
// whatever else runs: their latency is what a person opening an item waits.
Figures http_reads(uint16_t port, const HttpSide& side, double seconds, const std::string& name) {
  bench::HttpClient c("127.0.0.1", port);
  bench::Latencies lat;
  Figures f;
  f.name = name;
  f.seconds = seconds;
  const std::string target = "/api/v1/items/" + std::to_string(side.items.front());
  const auto stop = SteadyClock::now() + std::chrono::duration<double>(seconds);
  while (SteadyClock::now() < stop) {
    const auto t0 = SteadyClock::now();
    auto r = c.request("GET", target, side.manager);
    if (r.status != 200) {
      if (++f.errors == 1) f.first_error = std::to_string(r.status) + " " + r.body;
      continue;
    }
    lat.add(SteadyClock::now() - t0);
    ++f.changes;
  }
  bench::finish(f, lat);
  return f;
}

struct HttpResults {
  Figures one, many, thousand, reads_alone, reads_during;
  double jobs = 0, commits = 0;  // during the many-client run
  bench::Memory memory;           // after it
};

HttpResults over_http(const bench::ScratchDir& dir, const Options& o) {
  const std::string db = dir.file("http.db");
  const std::string cli_log = dir.file("cli.log");
  bench::run_capture({o.taizhang, "init", "--db", db}, cli_log);
  HttpSide side;
  side.manager = bench::trim(bench::run_capture(
      {o.taizhang, "user", "add", "--db", db, "--name", "基准项目负责人", "--role", "manager"},
      cli_log));
  side.supervisor = bench::trim(bench::run_capture(
      {o.taizhang, "user", "add", "--db", db, "--name", "基准督查", "--role", "supervisor"},
      cli_log));
  // One address holds every client here: lift the per-address limit above the largest run.
  bench::ServerProcess server(o.taizhang, db, o.workflows, dir.file("server-http.log"),
                              {"--max-connections", "2048", "--max-connections-per-address",
                               "2048"});
  bench::create_http_items(server.port(), side, std::max(o.clients, o.crowd));

  HttpResults out;
  const double warm = std::min(1.0, o.seconds / 5);
  bench::http_transitions(server.port(), side, 1, warm, "warm-up");
  out.one = bench::http_transitions(server.port(), side, 1, o.seconds, "HTTP, 1 client");
  bench::http_transitions(server.port(), side, o.clients, warm, "warm-up");
  auto before = bench::writer_counters(server.port());
  out.many = bench::http_transitions(server.port(), side, o.clients, o.seconds,
                              "HTTP, " + std::to_string(o.clients) + " clients");
  auto after = bench::writer_counters(server.port());
  out.jobs = after.first - before.first;
  out.commits = after.second - before.second;
  out.memory = bench::memory_of(server.pid());
  // Reads alone, then the same reads while the clients write.
  out.reads_alone = http_reads(server.port(), side, o.seconds, "GET item, alone");
  {
    std::thread writers([&] {
      bench::http_transitions(server.port(), side, o.clients, o.seconds + 1, "background");
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    out.reads_during = http_reads(server.port(), side, o.seconds - 0.5,
                                  "GET item, " + std::to_string(o.clients) + " writing");
    writers.join();
  }
  // A crowd: every client writing at once, each on its own connection.
  if (o.crowd > 0) {
    out.thousand = bench::http_transitions(server.port(), side, o.crowd, o.seconds,
                                           "HTTP, " + std::to_string(o.crowd) + " clients");
  }
  std::string how = server.stop();
  if (how != "exit 0") std::fprintf(stderr, "note: the HTTP server stopped with %s\n", how.c_str());
  return out;
}

// ---- 3. Memory with many items --------------------------------------------------------------

struct MemoryResults {
  int items = 0;
  double build_seconds = 0;
  double db_mb = 0;
  bench::Memory idle, after;
  bench::MixResults mix;
};

MemoryResults memory_with_items(const bench::ScratchDir& dir, const Options& o) {
  MemoryResults out;
  out.items = o.items;
  const std::string path = dir.file("big.db");
  bench::MixSide side;
  {
    bench::Engine e = bench::open_engine(path, o.workflows);
    auto manager = bench::add_person(e, "镇项目负责人", Role::manager);
    side.manager = manager.token;
    side.supervisor = bench::add_person(e, "镇督查", Role::supervisor).token;
    side.village_manager = bench::add_person(e, "吉照村包村干部", Role::manager, "吉照村").token;
    const auto t0 = SteadyClock::now();
    side.items = bench::bulk_items(e, manager, o.items);
    out.build_seconds = std::chrono::duration<double>(SteadyClock::now() - t0).count();
  }  // closes the database (and checkpoints the WAL)
  std::error_code ec;
  out.db_mb = static_cast<double>(std::filesystem::file_size(path, ec)) / (1 << 20);

  bench::ServerProcess server(o.taizhang, path, o.workflows, dir.file("server-mem.log"));
  {
    bench::HttpClient c("127.0.0.1", server.port());
    c.request("GET", "/healthz", "");
  }
  out.idle = bench::memory_of(server.pid());
  out.mix = bench::read_mix(server.port(), side, o.mix_clients, o.seconds);
  out.after = bench::memory_of(server.pid());
  std::string how = server.stop();
  if (how != "exit 0") std::fprintf(stderr, "note: the server stopped with %s\n", how.c_str());
  return out;
}

// ---- Report ---------------------------------------------------------------------------------

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
  std::printf("  %-38s %9.1f %8.2f %8.2f %8.2f %9lld %6lld\n", f.name.c_str(), f.rate(), f.p50,
              f.p99, f.max, f.changes, f.errors);
}

struct Results {
  std::string settings;  // of the raw connection
  std::string load_before, load_after;
  // The raw rate is measured before and after the HTTP runs: this machine's fsync latency
  // drifts from minute to minute, so one raw figure alone can mislead the ratio.
  std::optional<Figures> raw, raw_after;
  double raw_rate() const {
    return std::max(raw ? raw->rate() : 0.0, raw_after ? raw_after->rate() : 0.0);
  }
  std::optional<HttpResults> http;
  std::optional<MemoryResults> memory;
};

void report_transitions(const Options& o, const Results& r) {
  std::printf("Durable transitions (plan_task complete / send_back; each = item update + history "
              "row + audit record)\n");
  if (r.raw) std::printf("  raw connection: %s\n", r.settings.c_str());
  std::printf("  %-38s %9s %8s %8s %8s %9s %6s\n", "", "changes/s", "p50 ms", "p99 ms", "max ms",
              "changes", "errors");
  std::vector<const Figures*> rows;
  if (r.raw) rows.push_back(&*r.raw);
  if (r.http) {
    rows.push_back(&r.http->one);
    rows.push_back(&r.http->many);
    if (o.crowd > 0) rows.push_back(&r.http->thousand);
  }
  if (r.raw_after) rows.push_back(&*r.raw_after);
  for (const Figures* f : rows) print_row(*f);
  for (const Figures* f : rows) {
    if (!f->first_error.empty()) {
      std::printf("  first error (%s): %.300s\n", f->name.c_str(), f->first_error.c_str());
    }
  }
  if (!r.http) return;
  const HttpResults& http = *r.http;
  if (http.commits > 0) {
    std::printf("  group commit during the %d-client run: %.0f jobs in %.0f commits = %.1f jobs "
                "per fsync\n", o.clients, http.jobs, http.commits, http.jobs / http.commits);
  }
  if (r.raw) {
    const double ratio = r.raw_rate() > 0 ? http.many.rate() / r.raw_rate() : 0;
    std::printf("\n  HTTP %d clients / raw one-commit-per-change (the higher raw rate) = %.2fx   "
                "(target >= 4x: %s)\n", o.clients, ratio, ratio >= 4 ? "met" : "NOT met");
  }
  std::printf("  HTTP %d clients p99 = %.2f ms   (target <= 10 ms: %s)\n", o.clients,
              http.many.p99, http.many.p99 <= 10 ? "met" : "NOT met");
  if (o.crowd > 0) {
    std::printf("  HTTP %d clients at once: %lld answered, %lld errors, p99 = %.2f ms\n", o.crowd,
                http.thousand.changes, http.thousand.errors, http.thousand.p99);
  }
  std::printf("  GET /api/v1/items/{id}: alone p99 = %.2f ms (%lld reads); while %d clients "
              "write p99 = %.2f ms (%lld reads, %lld errors)   (target <= 5 ms: %s)\n",
              http.reads_alone.p99, http.reads_alone.changes, o.clients, http.reads_during.p99,
              http.reads_during.changes, http.reads_during.errors,
              http.reads_during.p99 <= 5 ? "met" : "NOT met");
  std::printf("  server after the %d-client run: VmRSS %.1f MB, VmHWM %.1f MB, %d threads\n",
              o.clients, mb(http.memory.rss_kb), mb(http.memory.hwm_kb), http.memory.threads);
}

void report_memory(const Options& o, const MemoryResults& mem) {
  std::printf("Server memory with %d items (database %.1f MB, built in-process in %.1f s)\n",
              mem.items, mem.db_mb, mem.build_seconds);
  std::printf("  idle after start:      VmRSS %6.1f MB   VmHWM %6.1f MB   %d threads\n",
              mb(mem.idle.rss_kb), mb(mem.idle.hwm_kb), mem.idle.threads);
  std::printf("  after the read mix:    VmRSS %6.1f MB   VmHWM %6.1f MB   (target < 100 MB: %s)\n",
              mb(mem.after.rss_kb), mb(mem.after.hwm_kb),
              mem.after.hwm_kb < 100 * 1024 ? "met" : "NOT met");
  bench::print_mix(mem.mix, o.mix_clients, o.seconds);
}

void report(const Options& o, const std::string& scratch, const Results& r) {
  std::printf("\ntaizhang transitions bench — %u CPUs shared with other work: figures are "
              "indicative\n", std::thread::hardware_concurrency());
  std::printf("load average before %s, after %s\n", r.load_before.c_str(), r.load_after.c_str());
  std::printf("scratch: %s%s   %.0f s per measurement%s\n\n", scratch.c_str(),
              o.keep ? " (kept)" : "", o.seconds, o.quick ? " (--quick)" : "");
  if (r.raw || r.http) report_transitions(o, r);
  if (r.memory) {
    if (r.raw || r.http) std::printf("\n");
    report_memory(o, *r.memory);
  }
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
    Results r;
    r.load_before = load_average();
    if (o.runs("raw")) {
      std::fprintf(stderr, "raw SQLite, one commit per change (%.0f s)…\n", o.seconds);
      r.raw = raw_sqlite(dir, o, "before", r.settings);
    }
    if (o.runs("http")) {
      std::fprintf(stderr, "HTTP, 1 and %d clients (%.0f s each)…\n", o.clients, o.seconds);
      r.http = over_http(dir, o);
    }
    if (o.runs("raw") && o.runs("http")) {
      std::fprintf(stderr, "raw SQLite again (%.0f s)…\n", o.seconds);
      r.raw_after = raw_sqlite(dir, o, "after", r.settings);
    }
    if (o.runs("memory")) {
      std::fprintf(stderr, "memory: %d items, read mix (%.0f s)…\n", o.items, o.seconds);
      r.memory = memory_with_items(dir, o);
    }
    r.load_after = load_average();
    report(o, dir.path(), r);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "transitions_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
