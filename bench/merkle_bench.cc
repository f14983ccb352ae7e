// What the Merkle tree over the audit log costs and what its proofs cost, in one run:
//
//   merkle_bench [--records N] [--per-job K] [--proofs P] [--dir PARENT] [--keep]
//
// 1. Appending: N audit records (default 1,000,000) to two fresh databases, K records per write
//    job (default 1,000: the writer's group commit, so that the figure is the append's own cost
//    and not N fsyncs), the two taking turns job by job so that the machine's other work weighs
//    on both alike. One appends as every change does (engine/audit/log.h: the record and the
//    subtrees it completes); the other the record alone, linked and hashed the same way — the
//    chain as it was before the tree. Records/s each, their ratio, and the bytes each database
//    holds per record.
// 2. Proofs over the N records, as the public endpoints compute them: P inclusion proofs of
//    random records in the tree of N, and P consistency proofs from a random earlier size to N,
//    each in a read transaction of its own (µs each: mean, median, 99th percentile). Every proof
//    is checked with the RFC's verification outside the clock, so a figure is never that of a
//    wrong answer.
// Scratch files go to a mkdtemp directory under --dir (default $TMPDIR or /tmp). Figures only:
// nothing asserts on a time.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_process.h"
#include "engine/audit/audit_tree.h"
#include "engine/audit/log.h"
#include "engine/base/clock.h"
#include "engine/storage/database.h"
#include "engine/storage/sqlite/connection.h"
#include "engine/storage/sqlite/open_database.h"

namespace {

using SteadyClock = std::chrono::steady_clock;
using namespace taizhang;

struct Options {
  int64_t records = 1'000'000;
  int per_job = 1'000;
  int proofs = 1'000;
  std::string dir;
  bool keep = false;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "merkle_bench: %s\n"
               "usage: merkle_bench [--records N] [--per-job K] [--proofs P] [--dir PARENT] "
               "[--keep]\n",
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
    if (arg == "--records") o.records = std::atoll(value().c_str());
    else if (arg == "--per-job") o.per_job = std::atoi(value().c_str());
    else if (arg == "--proofs") o.proofs = std::atoi(value().c_str());
    else if (arg == "--dir") o.dir = value();
    else if (arg == "--keep") o.keep = true;
    else usage(("unknown argument " + arg).c_str());
  }
  if (o.records < 2 || o.per_job < 1 || o.proofs < 1) {
    usage("--records must be 2 or more, --per-job and --proofs 1 or more");
  }
  if (o.dir.empty()) o.dir = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp";
  return o;
}

double seconds_since(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

template <typename T>
T must(Result<T> r, const char* what) {
  if (!r) {
    std::fprintf(stderr, "merkle_bench: %s: %s\n", what, r.error().message.c_str());
    std::exit(1);
  }
  return std::move(*r);
}

// A transition's record as the log holds thousands of: an item's new state and the patch back.
AuditEvent transition_event(int64_t k) {
  const std::string id = std::to_string(1 + k % 5000);
  return AuditEvent{
      "user:3", "item.transition", "item", id,
      {{"item_patch", {{{"op", "replace"}, {"path", "/stage"}, {"value", "village_review"}}}}},
      {{"item", {{"id", 1 + k % 5000}, {"title", "吉照村危房改造（2019年批次）第" + id + "户"},
                 {"stage", "township_review"}, {"version", 2 + k / 5000},
                 {"budget_fen", 3'500'000}}}}};
}

// The chain alone: engine/audit/log.cc's append without the tree.
void append_record_only(AuditWriter& store, TimePoint at, AuditEvent event) {
  AuditHead head = store.audit_head();
  AuditRecord r;
  r.seq = head.seq + 1;
  r.at = format_rfc3339(at);
  r.actor = std::move(event.actor);
  r.action = std::move(event.action);
  r.entity = std::move(event.entity);
  r.entity_id = std::move(event.entity_id);
  r.before = std::move(event.before);
  r.after = std::move(event.after);
  r.prev_hash = head.hash;
  const AuditRecordText text = json_text_of(r);
  r.hash = chain_hash(r.prev_hash, r, text);
  store.append_audit(r, text);
  if (store.audit_head().seq != head.seq + 1) std::abort();  // as log.cc asserts
}

// Appends records [from, from + n) as one write job; returns the seconds it took.
template <typename Append>
double append_job(Database& db, int64_t from, int64_t n, Append append) {
  const auto start = SteadyClock::now();
  must(db.writer().run([&](StoreWriter& store) -> Result<bool> {
    const TimePoint now = Clock{}.now();
    for (int64_t k = from; k < from + n; ++k) append(store, now, transition_event(k));
    return true;
  }), "append");
  return seconds_since(start);
}

// The first column of the first row of `sql`, read as a reader of the file sees it.
int64_t one_value(const std::string& path, const char* sql) {
  sqlite::Connection c(path, sqlite::Connection::Mode::read_only);
  auto& s = c.prepare(sql);
  s.step();
  const int64_t v = s.int64(0);
  s.reset();
  return v;
}

// Pages in use (page_count − freelist_count) × page_size.
int64_t bytes_in_use(const std::string& path) {
  return (one_value(path, "PRAGMA page_count") - one_value(path, "PRAGMA freelist_count")) *
         one_value(path, "PRAGMA page_size");
}

struct Spread {
  double mean_us = 0, median_us = 0, p99_us = 0;
};

Spread spread_of(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  Spread s;
  for (double u : us) s.mean_us += u;
  s.mean_us /= static_cast<double>(us.size());
  s.median_us = us[us.size() / 2];
  s.p99_us = us[std::min(us.size() - 1, us.size() * 99 / 100)];
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse_options(argc, argv);
  bench::ScratchDir dir(o.dir);
  if (o.keep) dir.keep();
  if (dir.on_tmpfs()) {
    std::fprintf(stderr, "warning: %s is on tmpfs: commits cost nothing there\n",
                 dir.path().c_str());
  }
  std::printf("merkle_bench: %lld records, %d per write job, %d proofs of each kind\n",
              static_cast<long long>(o.records), o.per_job, o.proofs);

  // 1. Appending, the two databases taking turns job by job.
  const std::string tree_path = dir.file("with_tree.db");
  const std::string chain_path = dir.file("chain_only.db");
  auto with_tree = must(sqlite::open_database(tree_path), "open");
  auto chain_only = must(sqlite::open_database(chain_path), "open");
  double tree_seconds = 0, chain_seconds = 0;
  for (int64_t from = 0; from < o.records; from += o.per_job) {
    const int64_t n = std::min<int64_t>(o.per_job, o.records - from);
    tree_seconds += append_job(*with_tree, from, n, [](AuditWriter& s, TimePoint at, AuditEvent e) {
      append_audit(s, at, std::move(e));
    });
    chain_seconds += append_job(*chain_only, from, n, append_record_only);
  }
  const double records = static_cast<double>(o.records);
  const double tree_rate = records / tree_seconds;
  const double chain_rate = records / chain_seconds;
  const int64_t subtrees = one_value(tree_path, "SELECT count(*) FROM audit_merkle_nodes");
  const double tree_bytes = static_cast<double>(bytes_in_use(tree_path)) / records;
  const double chain_bytes = static_cast<double>(bytes_in_use(chain_path)) / records;
  std::printf("\nappending %lld records (%lld jobs of %d each):\n",
              static_cast<long long>(o.records),
              static_cast<long long>((o.records + o.per_job - 1) / o.per_job), o.per_job);
  std::printf("  record + Merkle subtrees  %10.0f records/s   %6.2f s   %7.1f bytes/record\n",
              tree_rate, tree_seconds, tree_bytes);
  std::printf("  record alone (chain)      %10.0f records/s   %6.2f s   %7.1f bytes/record\n",
              chain_rate, chain_seconds, chain_bytes);
  std::printf("  with the tree: %.1f%% of the chain's rate; %.2f subtrees stored per record; "
              "+%.1f bytes per record\n",
              100.0 * tree_rate / chain_rate, static_cast<double>(subtrees) / records,
              tree_bytes - chain_bytes);

  // 2. Proofs over the N records, each in its own read transaction as an endpoint's.
  const int64_t size = o.records;
  const MerkleHash root = must(with_tree->read([&](StoreReader& s) -> Result<MerkleHash> {
    StoredMerkleTree tree(s);
    return merkle_root(tree, size);
  }), "root");
  std::mt19937_64 random(20190315);
  std::vector<double> root_us, inclusion_us, consistency_us;
  int64_t bad = 0;
  size_t inclusion_hashes = 0, consistency_hashes = 0;
  for (int i = 0; i < o.proofs; ++i) {
    const int64_t leaf = static_cast<int64_t>(random() % static_cast<uint64_t>(size));
    const int64_t first = 1 + static_cast<int64_t>(random() % static_cast<uint64_t>(size - 1));

    auto start = SteadyClock::now();
    const MerkleHash r = must(with_tree->read([&](StoreReader& s) -> Result<MerkleHash> {
      StoredMerkleTree tree(s);
      return merkle_root(tree, size);
    }), "root");
    root_us.push_back(seconds_since(start) * 1e6);
    bad += r != root;

    start = SteadyClock::now();
    auto path = must(with_tree->read([&](StoreReader& s) -> Result<std::vector<MerkleHash>> {
      StoredMerkleTree tree(s);
      return inclusion_proof(tree, leaf, size);
    }), "inclusion proof");
    inclusion_us.push_back(seconds_since(start) * 1e6);
    inclusion_hashes += path.size();
    const MerkleHash leaf_hash = must(with_tree->read([&](StoreReader& s) -> Result<MerkleHash> {
      auto h = s.merkle_subtree(MerkleSubtree{0, leaf});
      if (!h) return fail(ErrorCode::internal, "no leaf");
      return *h;
    }), "leaf");
    bad += !verify_inclusion(leaf, size, leaf_hash, path, root);

    start = SteadyClock::now();
    auto proof = must(with_tree->read([&](StoreReader& s) -> Result<std::vector<MerkleHash>> {
      StoredMerkleTree tree(s);
      return consistency_proof(tree, first, size);
    }), "consistency proof");
    consistency_us.push_back(seconds_since(start) * 1e6);
    consistency_hashes += proof.size();
    const MerkleHash first_root = must(with_tree->read([&](StoreReader& s) -> Result<MerkleHash> {
      StoredMerkleTree tree(s);
      return merkle_root(tree, first);
    }), "first root");
    bad += !verify_consistency(first, size, first_root, root, proof);
  }
  const auto print = [](const char* label, const Spread& s, double hashes) {
    std::printf("  %-26s mean %7.1f µs   median %7.1f µs   p99 %7.1f µs", label, s.mean_us,
                s.median_us, s.p99_us);
    if (hashes > 0) std::printf("   %.1f hashes", hashes);
    std::printf("\n");
  };
  std::printf("\nproofs over %lld records (%d of each, random records and sizes, one read "
              "transaction each):\n",
              static_cast<long long>(size), o.proofs);
  print("root of the whole tree", spread_of(root_us), 0);
  print("inclusion proof", spread_of(inclusion_us),
        static_cast<double>(inclusion_hashes) / o.proofs);
  print("consistency proof", spread_of(consistency_us),
        static_cast<double>(consistency_hashes) / o.proofs);
  std::printf("  root %s; %lld of %d proofs failed to verify\n", hex_of(root).c_str(),
              static_cast<long long>(bad), 3 * o.proofs);
  return bad == 0 ? 0 : 1;
}
