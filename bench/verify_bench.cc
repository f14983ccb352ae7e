// How long `taizhang audit verify` takes over a large log (the target: 1,000,000 records in
// under 3 s), in-process, with this process's memory:
//
//   verify_bench --workflows DIR [--records N] [--db FILE] [--dir PARENT] [--keep]
//
// Fills a fresh database with items made by the engine's own commands (bench_engine.h's
// bulk_items: every kind, every unit, some moved along; about 1.25 records per item) until the
// log holds at least N records (default 1,000,000), then verifies it whole as `audit verify`
// does (engine/verify/audit_verify.h: the chain, the Merkle tree, every item, history line,
// user, unit, fund, entry, notice and alert held to the log) — twice: the first read comes from
// the disk cache or the disk, the second from SQLite's and the kernel's caches. Beside the time,
// the CPU time it took on all cores, what the chain's part alone costs on one thread (every
// record read, its hash computed over its stored text), the same the way verify did it before
// (every record's JSON parsed and dumped again), and the physical floor under the hashing:
// SHA-256 over as many bytes already in memory.
// Scratch files go to a mkdtemp directory under --dir (default $TMPDIR or /tmp).
// --db FILE uses (and keeps) that database: created if missing, else verified as it is, so that
// a second run skips the minutes of filling. Figures only: nothing asserts on a time.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_engine.h"
#include "bench/bench_process.h"
#include "engine/base/digest.h"
#include "engine/base/heap.h"
#include "engine/storage/sqlite/open_database.h"
#include "engine/verify/audit_verify.h"

namespace {

using SteadyClock = std::chrono::steady_clock;
using namespace taizhang;

struct Options {
  std::string workflows;
  std::string dir;
  std::string db;
  int64_t records = 1'000'000;
  bool keep = false;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "verify_bench: %s\n"
               "usage: verify_bench --workflows DIR [--records N] [--db FILE] [--dir PARENT] "
               "[--keep]\n",
               why);
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(("missing value for " + arg).c_str());
      return argv[++i];
    };
    if (arg == "--workflows") o.workflows = value();
    else if (arg == "--records") o.records = std::stoll(value());
    else if (arg == "--db") o.db = value();
    else if (arg == "--dir") o.dir = value();
    else if (arg == "--keep") o.keep = true;
    else usage(("unknown option " + arg).c_str());
  }
  if (o.dir.empty()) o.dir = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp";
  if (o.workflows.empty()) usage("--workflows is required");
  if (o.records < 1 || o.records > 100'000'000) usage("--records must be 1 to 100,000,000");
  return o;
}

double seconds_since(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

int64_t head_of(Database& db) {
  return bench::must(db.read([](StoreReader& s) -> Result<int64_t> { return s.audit_head().seq; }),
                     "head");
}

void fill(const std::string& path, const Options& o) {
  bench::Engine e = bench::open_engine(path, o.workflows);
  const bench::Person manager = bench::add_person(e, "镇项目负责人", Role::manager);
  const auto start = SteadyClock::now();
  // Items in rounds of 50,000 until the log is long enough.
  while (head_of(*e.db) < o.records) {
    const int64_t missing = o.records - head_of(*e.db);
    const int items = static_cast<int>(std::min<int64_t>(50'000, missing * 4 / 5 + 1));
    bench::bulk_items(e, manager, items);
  }
  std::printf("filled %s: %lld records in %.1f s (setup, not measured)\n", path.c_str(),
              static_cast<long long>(head_of(*e.db)), seconds_since(start));
}

// Every record read as stored and its hash computed over the stored text, on one thread: the
// chain's part of verify.
double chain_alone(Database& db, int64_t& bytes) {
  const auto start = SteadyClock::now();
  bench::must(db.read([&](StoreReader& s) -> Result<int> {
    std::vector<StoredAuditRecord> page;
    for (int64_t after = 0;;) {
      s.audit_text(after, 2000, page);
      for (const auto& r : page) {
        bytes += static_cast<int64_t>(r.text.before.size() + r.text.after.size());
        if (chain_hash(r.record.prev_hash, r.record, r.text) != r.record.hash) {
          std::fprintf(stderr, "verify_bench: seq %lld does not hash from its stored text\n",
                       static_cast<long long>(r.record.seq));
        }
      }
      if (page.size() < 2000) return 0;
      after = page.back().record.seq;
    }
  }), "chain alone");
  return seconds_since(start);
}

// The same with every record's JSON parsed and its canonical text dumped again, as verify did
// before it hashed the stored text.
double chain_parsed(Database& db, int64_t& bytes) {
  const auto start = SteadyClock::now();
  bench::must(db.read([&](StoreReader& s) -> Result<int> {
    for (int64_t after = 0;;) {
      auto page = s.audit(after, 2000);
      for (const auto& r : page) {
        const std::string text = canonical_text(r);
        bytes += static_cast<int64_t>(text.size());
        (void)sha256_digest(text);
      }
      if (page.size() < 2000) return 0;
      after = page.back().seq;
    }
  }), "chain alone");
  return seconds_since(start);
}

// SHA-256 over `bytes` bytes already in memory, in 64 KiB pieces: the floor under any check that
// must hash every record once.
double sha256_floor(int64_t bytes) {
  const std::string piece(64 * 1024, 'x');
  const auto start = SteadyClock::now();
  Sha256 hash;
  for (int64_t done = 0; done < bytes; done += static_cast<int64_t>(piece.size())) {
    hash.update(piece);
  }
  (void)hash.hex();
  return seconds_since(start);
}

}  // namespace

int main(int argc, char** argv) {
  taizhang::configure_heap();  // as taizhang's main does: the engine's figures are the server's
  const Options o = parse_options(argc, argv);
  bench::ScratchDir dir(o.dir);
  if (o.keep) dir.keep();
  const std::string path = o.db.empty() ? dir.file("verify.db") : o.db;
  if (!std::filesystem::exists(path)) fill(path, o);

  auto db = bench::must(sqlite::open_database(path), "open");
  const int64_t records = head_of(*db);
  std::printf("verify_bench: %s, %lld records, %.1f MB\n", path.c_str(),
              static_cast<long long>(records),
              static_cast<double>(std::filesystem::file_size(path)) / 1e6);
  const auto before = bench::memory_of(::getpid());
  for (const char* pass : {"first", "second"}) {
    const auto start = SteadyClock::now();
    const double cpu_start = bench::cpu_seconds();
    auto verdict = bench::must(verify_audit(*db), "verify");
    const double seconds = seconds_since(start);
    const double cpu = bench::cpu_seconds() - cpu_start;
    std::printf(
        "  %s verify: %s in %.2f s, %.2f s of CPU on %u cores (%.0f records/s; target: "
        "1,000,000 in < 3 s) — %lld items, "
        "%lld history lines, %lld alerts, %lld alert events, %lld users, %lld Merkle subtrees\n",
        pass, verdict.intact ? "intact" : ("NOT INTACT: " + verdict.problem).c_str(), seconds,
        cpu, std::thread::hardware_concurrency(), static_cast<double>(verdict.records) / seconds,
        static_cast<long long>(verdict.items_checked),
        static_cast<long long>(verdict.history_lines_checked),
        static_cast<long long>(verdict.alerts_checked),
        static_cast<long long>(verdict.alert_events_checked),
        static_cast<long long>(verdict.users_checked),
        static_cast<long long>(verdict.merkle_subtrees_checked));
  }
  const auto after = bench::memory_of(::getpid());
  int64_t stored_bytes = 0;
  const double chain = chain_alone(*db, stored_bytes);
  int64_t bytes = 0;
  const double parsed = chain_parsed(*db, bytes);
  std::printf("  the chain alone, one thread: every record read and its hash computed over its "
              "stored text (%.1f MB of before and after): %.2f s\n",
              static_cast<double>(stored_bytes) / 1e6, chain);
  std::printf("  the same with every record's JSON parsed and dumped again (%.1f MB of canonical "
              "text): %.2f s\n",
              static_cast<double>(bytes) / 1e6, parsed);
  std::printf("  floor: SHA-256 of %.1f MB already in memory: %.2f s\n",
              static_cast<double>(bytes) / 1e6, sha256_floor(bytes));
  std::printf("  memory: VmHWM %.1f MB (%.1f MB before verifying)\n", after.hwm_kb / 1024.0,
              before.hwm_kb / 1024.0);
  return 0;
}
