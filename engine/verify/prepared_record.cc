#include "engine/verify/prepared_record.h"

#include "engine/audit/audit_tree.h"
#include "engine/base/assert.h"
#include "engine/verify/history_replay.h"

namespace taizhang {

void prepare_record(const StoredAuditRecord& stored, const ItemFingerprinter& fingerprint,
                    ItemRecordReader& reader, PreparedRecord& p) {
  const AuditRecord& rec = stored.record;
  p.item = false;
  p.before = PreparedRecord::Before::none;
  p.has_history_line = false;
  p.hash_ok = chain_hash(rec.prev_hash, rec, stored.text) == rec.hash;
  if (!p.hash_ok) return;
  auto leaf = merkle_leaf_hash_of(rec.hash);
  TZ_ASSERT(leaf.has_value());  // chain_hash wrote it: 64 hex digits
  p.leaf = *leaf;
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
