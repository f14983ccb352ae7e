// What the audit chain needs from a database: the records in seq order and the head, the Merkle
// tree over them, and, inside a write job, appending a record and the subtrees it completes.
// Every domain's write interface derives from AuditWriter, because every change appends its
// record in the same transaction (engine/audit/log.h).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <vector>

#include "engine/audit/chain.h"
#include "engine/audit/checkpoint.h"
#include "engine/audit/covered_rows.h"
#include "engine/audit/merkle.h"

namespace taizhang {

// Tables whose rows carry the seq of their own audit record, and so get their id before the
// record is written (the writer is the only writer: max(id) + 1 cannot race).
enum class NumberedTable { funds, ledger_entries, notices, objections, attachments };

class AuditReader : public virtual CoveredRowReader {
 public:
  // At most `limit` records with seq > after_seq, in seq order; empty past the head.
  virtual std::vector<AuditRecord> audit(int64_t after_seq, int limit) = 0;
  // The same records, their before and after left as the stored JSON text and org_id unread:
  // for `audit verify`, which hashes the text as it is (engine/audit/chain.h). Written into
  // `page`, resized to the number read: its records' strings keep their storage from one page
  // to the next, as a million records would otherwise cost ten million allocations.
  virtual void audit_text(int64_t after_seq, int limit, std::vector<StoredAuditRecord>& page) = 0;
  // The same, restricted to the records about one of `org_ids` (records about no unit are
  // left out): what a user scoped to those units may read.
  virtual std::vector<AuditRecord> audit_of_units(int64_t after_seq, int limit,
                                                  const std::set<int64_t>& org_ids) = 0;
  // The same, restricted to the records about access: those whose entity is user, api_token,
  // session, org or webhook (what engine/verify/startup_check.h replays).
  virtual std::vector<AuditRecord> audit_of_access(int64_t after_seq, int limit) = 0;
  // The last record's seq and hash; seq 0 and the genesis hash when the log is empty.
  virtual AuditHead audit_head() = 0;
  // The seq and hash of at most `limit` records with seq > after_seq, in seq order; empty past
  // the head: the chain without the records' contents, which is all the Merkle tree is built
  // from.
  virtual std::vector<AuditHead> audit_hashes(int64_t after_seq, int limit) = 0;

  // The Merkle tree over the records (engine/audit/audit_tree.h), kept as its perfect subtrees.
  // The stored hash of `subtree`, or nullopt when none is stored.
  virtual std::optional<MerkleHash> merkle_subtree(MerkleSubtree subtree) = 0;
  // The stored subtrees of `level` whose index is at least `from_index`, in index order, at most
  // `limit`: the tree read level by level, as verify walks it. A row whose hash is not 32 bytes
  // is left out, as merkle_subtree reads it as none.
  virtual std::vector<MerkleSubtreeHash> merkle_subtrees(int level, int64_t from_index,
                                                         int limit) = 0;
  // How many records the stored tree covers: one past its last leaf's index; 0 for none.
  virtual int64_t merkle_leaf_count() = 0;
  // A stored subtree that reaches past the first `leaves` leaves, the lowest level's first; nullopt
  // when every stored subtree lies within them.
  virtual std::optional<MerkleSubtree> merkle_subtree_beyond(int64_t leaves) = 0;

  // Signed checkpoints of the tree (engine/audit/checkpoint.h): at most `limit` with
  // seq > after_seq, in seq order; empty past the last.
  virtual std::vector<Checkpoint> checkpoints(int64_t after_seq, int limit) = 0;
  // The checkpoint of the largest seq, nullopt when none was signed.
  virtual std::optional<Checkpoint> last_checkpoint() = 0;
};

// Needs a write job (engine/storage/writer.h).
class AuditWriter : public virtual AuditReader, public virtual CoveredRowWriter {
 public:
  // Appends `record`, whose seq must be audit_head().seq + 1 (asserted by engine/audit/log.cc),
  // and the unit it concerns when it names one. `text` is json_text_of(record), dumped once by
  // the caller for the hash as well. The store does not check the link; a seq already stored
  // violates the primary key and throws StorageFailure.
  virtual void append_audit(const AuditRecord& record, const AuditRecordText& text) = 0;
  // Stores one complete subtree of the Merkle tree; engine/audit/audit_tree.cc decides which, as
  // records are appended. A subtree already stored throws StorageFailure (primary key).
  virtual void store_merkle_subtree(const MerkleSubtreeHash& subtree) = 0;
  // Stores a signed checkpoint, whose seq no stored checkpoint has (a seq stored already
  // violates the primary key and throws StorageFailure).
  virtual void store_checkpoint(const Checkpoint& checkpoint) = 0;
  // The id the next row of `table` will take: max(id) + 1, 1 for an empty table.
  virtual int64_t next_id(NumberedTable table) = 0;
};

}  // namespace taizhang
