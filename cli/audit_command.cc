// taizhang audit verify: check the hash chain and the Merkle tree over it, and replay the chain
// against the stored items.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "engine/storage/sqlite/open_database.h"
#include "cli/bootstrap.h"
#include "cli/commands.h"
#include "engine/verify/audit_verify.h"

namespace taizhang::cli {

namespace {

void run_verify(const std::string& db_path) {
  auto db = sqlite::open_database(db_path);
  if (!db) die(db.error(), 2);
  // Every evidence file is re-hashed from the folder beside the database.
  EvidenceFiles files(EvidenceFiles::dir_for(db_path));
  auto verdict = verify_audit(**db, &files);
  if (!verdict) die(verdict.error(), 2);
  if (verdict->intact) {
    std::printf(
        "audit log intact: %lld records, %lld items match; ledger totals recomputed: %lld funds, "
        "%lld entries, %lld notices match; evidence: %lld attachments match, %lld files "
        "re-hashed; Merkle tree: %lld subtrees match, root %s; head seq %lld hash %s\n",
        static_cast<long long>(verdict->records), static_cast<long long>(verdict->items_checked),
        static_cast<long long>(verdict->funds_checked),
        static_cast<long long>(verdict->ledger_entries_checked),
        static_cast<long long>(verdict->notices_checked),
        static_cast<long long>(verdict->attachments_checked),
        static_cast<long long>(verdict->files_checked),
        static_cast<long long>(verdict->merkle_subtrees_checked), verdict->merkle_root.c_str(),
        static_cast<long long>(verdict->head.seq), verdict->head.hash.c_str());
    return;
  }
  if (verdict->bad_seq) {
    std::printf("audit log BROKEN at seq %lld: %s\n", static_cast<long long>(*verdict->bad_seq),
                verdict->problem.c_str());
  } else if (verdict->bad_merkle_subtree) {
    std::printf("audit log's Merkle tree DISAGREES with the records at level %d index %lld: %s\n",
                verdict->bad_merkle_subtree->level,
                static_cast<long long>(verdict->bad_merkle_subtree->index),
                verdict->problem.c_str());
  } else if (!verdict->bad_item_id) {
    std::printf("audit log DISAGREES with the database: %s\n", verdict->problem.c_str());
  } else {
    std::printf("audit log DISAGREES with item %lld: %s\n",
                static_cast<long long>(verdict->bad_item_id.value_or(0)),
                verdict->problem.c_str());
  }
  throw CLI::RuntimeError(1);
}

}  // namespace

void add_audit_command(CLI::App& app) {
  auto db = std::make_shared<std::string>();
  auto* audit = app.add_subcommand("audit", "The hash-chained audit log");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand(
      "verify", "Exit 0 if the chain is intact, its stored Merkle tree agrees with it and every "
                "item equals its last logged state; exit 1 naming the first bad sequence number, "
                "Merkle subtree or item otherwise");
  verify->add_option("--db", *db, "SQLite database file")->required();
  verify->callback([db] { run_verify(*db); });
}

}  // namespace taizhang::cli
