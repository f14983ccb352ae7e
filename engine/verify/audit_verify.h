// Verifying the audit log: walk the chain from the first record, recompute every hash and the
// Merkle tree over them (every stored subtree must agree, engine/verify/merkle_replay.h), then
// replay it — the last logged state of every item must equal the item as stored, and every
// stored item must appear in the log; the fund ledger's totals are recomputed from the log and
// must equal the database's (engine/ledger/ledger_replay.h). Read-only; safe while the server
// runs.
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
