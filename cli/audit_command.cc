// taizhang audit verify: check the hash chain and the Merkle tree over it, and replay the chain
// against the stored items.
#include <CLI/CLI.hpp>
#include <array>
#include <cstdio>

#include "engine/storage/sqlite/open_database.h"
#include "cli/bootstrap.h"
#include "cli/commands.h"
#include "engine/audit/checkpoint_key_file.h"
#include "engine/base/digest.h"
#include "engine/verify/audit_verify.h"

namespace taizhang::cli {

namespace {

struct VerifyArgs {
  std::string db;
  std::string checkpoint;   // SEQ:ROOT, one saved earlier
  std::string public_key;   // hex; empty: the signing key file's
  std::string signing_key;  // empty: checkpoint_key_path_for(db)
};

// What the checkpoints are held to. The public key is the one given, else the one of the signing
// key file when this user may read it; without either, signatures go unchecked and that is said.
CheckpointOptions checkpoint_options(const VerifyArgs& args) {
  CheckpointOptions options;
  if (!args.checkpoint.empty()) {
    options.saved = parse_saved_checkpoint(args.checkpoint);
    if (!options.saved) {
      die(Error{ErrorCode::invalid_field,
                "--checkpoint must be SEQ:ROOT, a record count and 64 lower-case hex digits",
                "checkpoint", {}},
          2);
    }
  }
  if (!args.public_key.empty()) {
    std::array<unsigned char, kCheckpointPublicKeyBytes> bytes{};
    if (!bytes_of_hex(args.public_key, bytes)) {
      die(Error{ErrorCode::invalid_field, "--public-key must be 64 lower-case hex digits",
                "public-key", {}},
          2);
    }
    options.public_key_hex = args.public_key;
    return options;
  }
  const std::string path =
      args.signing_key.empty() ? checkpoint_key_path_for(args.db) : args.signing_key;
  auto key = load_checkpoint_key_file(path);
  if (key) {
    options.public_key_hex = key->public_key_hex();
  } else {
    std::fprintf(stderr, "taizhang: checkpoint signatures not checked: %s\n",
                 key.error().message.c_str());
  }
  return options;
}

void run_verify(const VerifyArgs& args) {
  const std::string& db_path = args.db;
  CheckpointOptions checkpoints = checkpoint_options(args);
  auto db = sqlite::open_database(db_path);
  if (!db) die(db.error(), 2);
  // Every evidence file is re-hashed from the folder beside the database.
  EvidenceFiles files(EvidenceFiles::dir_for(db_path));
  auto verdict = verify_audit(**db, &files, checkpoints);
  if (!verdict) die(verdict.error(), 2);
  if (verdict->intact) {
    std::printf(
        "audit log intact: %lld records, %lld items match; ledger totals recomputed: %lld funds, "
        "%lld entries, %lld notices match; evidence: %lld attachments match, %lld files "
        "re-hashed; %lld history lines and %lld workflow versions match; access: %lld users, "
        "%lld API tokens, %lld sessions, %lld units, %lld webhooks match; %lld alerts and %lld "
        "alert events match; Merkle tree: %lld subtrees match, root %s; checkpoints: %lld "
        "match, %lld signatures valid; head seq %lld hash %s\n",
        static_cast<long long>(verdict->records), static_cast<long long>(verdict->items_checked),
        static_cast<long long>(verdict->funds_checked),
        static_cast<long long>(verdict->ledger_entries_checked),
        static_cast<long long>(verdict->notices_checked),
        static_cast<long long>(verdict->attachments_checked),
        static_cast<long long>(verdict->files_checked),
        static_cast<long long>(verdict->history_lines_checked),
        static_cast<long long>(verdict->workflow_versions_checked),
        static_cast<long long>(verdict->users_checked),
        static_cast<long long>(verdict->api_tokens_checked),
        static_cast<long long>(verdict->sessions_checked),
        static_cast<long long>(verdict->orgs_checked),
        static_cast<long long>(verdict->webhooks_checked),
        static_cast<long long>(verdict->alerts_checked),
        static_cast<long long>(verdict->alert_events_checked),
        static_cast<long long>(verdict->merkle_subtrees_checked), verdict->merkle_root.c_str(),
        static_cast<long long>(verdict->checkpoints_checked),
        static_cast<long long>(verdict->checkpoint_signatures_checked),
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
  } else if (verdict->bad_checkpoint_seq) {
    std::printf("audit log DISAGREES with the checkpoint at seq %lld: %s\n",
                static_cast<long long>(*verdict->bad_checkpoint_seq), verdict->problem.c_str());
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
  auto args = std::make_shared<VerifyArgs>();
  auto* audit = app.add_subcommand("audit", "The hash-chained audit log");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand(
      "verify", "Exit 0 if the chain is intact, its stored Merkle tree agrees with it and every "
                "item equals its last logged state; exit 1 naming the first bad sequence number, "
                "Merkle subtree, checkpoint or item otherwise");
  verify->add_option("--db", args->db, "SQLite database file")->required();
  verify->add_option("--checkpoint", args->checkpoint,
                     "SEQ:ROOT of a checkpoint saved earlier (GET /public/audit/checkpoints): the "
                     "log must still have ROOT at SEQ");
  verify->add_option("--public-key", args->public_key,
                     "Hex Ed25519 key the stored checkpoints must be signed with (default: the "
                     "signing key file's)");
  verify->add_option("--signing-key", args->signing_key,
                     "The signing key file to take the public key from (default: the database's "
                     "path + .signing-key)");
  verify->callback([args] { run_verify(*args); });
}

}  // namespace taizhang::cli
