// Verifying the audit log: walk the chain from the first record, recompute every hash and the
// Merkle tree over them (every stored subtree must agree, engine/verify/merkle_replay.h), then
// replay it and hold the database to it, table by table. Rows logged whole must equal their
// last logged copy, and nothing logged may be missing: items, funds, ledger entries, notices,
// objections, attachments (with their files), users with their units, API tokens, sessions,
// organisation units, webhooks, alerts. Rows derived from records are recomputed: the ledger's
// totals (engine/verify/ledger_replay.h), item history (history_replay.h), alert events
// (alert_replay.h), items' closed flags and the workflow definitions' hashes
// (workflow_replay.h). Read-only; safe while the server runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/audit/chain.h"
#include "engine/audit/merkle.h"
#include "engine/storage/database.h"
#include "engine/storage/evidence_files.h"
#include "engine/verify/checkpoint_check.h"

namespace taizhang {

struct AuditVerdict {
  bool intact = false;
  int64_t records = 0;
  int64_t items_checked = 0;
  int64_t funds_checked = 0;
  int64_t ledger_entries_checked = 0;
  int64_t notices_checked = 0;
  int64_t attachments_checked = 0;
  int64_t files_checked = 0;  // evidence files re-hashed
  int64_t history_lines_checked = 0;
  int64_t workflow_versions_checked = 0;
  int64_t users_checked = 0;
  int64_t api_tokens_checked = 0;
  int64_t sessions_checked = 0;
  int64_t orgs_checked = 0;
  int64_t webhooks_checked = 0;
  int64_t alerts_checked = 0;
  int64_t alert_events_checked = 0;
  int64_t merkle_subtrees_checked = 0;  // stored Merkle subtrees recomputed from the records
  int64_t checkpoints_checked = 0;  // stored signed checkpoints whose roots the records give
  int64_t checkpoint_signatures_checked = 0;  // of those, signatures verified
  AuditHead head;  // the last record that verified
  std::string merkle_root;  // hex root of the tree over the records to `head`, once they verify
  std::optional<int64_t> bad_seq;       // the first record that breaks the chain
  std::optional<MerkleSubtree> bad_merkle_subtree;  // the first stored subtree that disagrees
  std::optional<int64_t> bad_checkpoint_seq;  // a checkpoint the log no longer agrees with
  std::optional<int64_t> bad_item_id;   // the first item that disagrees with the log
  std::string problem;                  // in words
};

// With `files`, every evidence file an attachment names is re-hashed too. Every stored
// checkpoint's root is compared with the records', its signature checked with
// `checkpoints.public_key_hex` when one is given, and `checkpoints.saved` held to the log
// (engine/verify/checkpoint_check.h).
Result<AuditVerdict> verify_audit(Database& db, const EvidenceFiles* files = nullptr,
                                  const CheckpointOptions& checkpoints = {});

}  // namespace taizhang
