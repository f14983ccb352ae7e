#include "engine/verify/prepared_record.h"

#include "engine/audit/audit_tree.h"
#include "engine/verify/history_replay.h"

namespace taizhang {

void prepare_record(const StoredAuditRecord& stored, const ItemFingerprinter& fingerprint,
                    ItemRecordReader& reader, PreparedRecord& p) {
  const AuditRecord& rec = stored.record;
  p.item = false;
  p.before = PreparedRecord::Before::none;
  p.has_history_line = false;
  // The stored hash decoded once, for the comparison and the leaf: its bytes equal the digest
  // exactly when its text is the hex chain_hash writes, as only 64 lower-case digits decode.
  const std::optional<MerkleHash> stored_hash = merkle_leaf_of(rec.hash);
  p.hash_ok = stored_hash && chain_digest(rec.prev_hash, rec, stored.text) == *stored_hash;
  if (!p.hash_ok) return;
  p.leaf = merkle_leaf_hash(*stored_hash);
  auto facts = reader.read(stored);
  if (!facts) return;
  p.item = true;
  p.item_id = facts->item_id;
  p.item_fingerprint = fingerprint(facts->item_text);
  p.has_history_line = HistoryReplay::implied_line(rec, facts->members, p.history_line);
  if (stored.text.before != "null") {
    if (auto old_state = reader.item_before(stored, *facts)) {
      p.before = PreparedRecord::Before::fingerprint;
      p.before_fingerprint = fingerprint(*old_state);
    } else {
      p.before = PreparedRecord::Before::parse;
    }
  }
}

}  // namespace taizhang
