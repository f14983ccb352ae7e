// What verifying one record needs that depends on that record alone: whether its hash is the
// SHA-256 of its own prev_hash and stored text, its Merkle leaf, and for an item record read from
// its text (engine/verify/item_record.h) the fingerprints of the item after and before the change
// (engine/verify/item_fingerprint.h) and the text of the history line it implies. Verify computes these for a page of records on two threads,
// then applies the page in seq order on one (engine/verify/audit_verify.cc).
#pragma once

#include <cstdint>
#include <string>

#include "engine/audit/chain.h"
#include "engine/audit/merkle.h"
#include "engine/verify/item_fingerprint.h"
#include "engine/verify/item_record.h"

namespace taizhang {

struct PreparedRecord {
  // SHA-256(prev_hash + "\n" + canonical text) from the stored text as it is equals the stored
  // hash. When false, the record is checked again with check_link, which parses it.
  bool hash_ok = false;
  MerkleHash leaf{};  // merkle_leaf_hash_of(hash), when hash_ok

  // An item record read from its text; when false, the record is replayed from its parsed JSON.
  bool item = false;
  int64_t item_id = 0;
  ItemFingerprint item_fingerprint{};  // of the item's JSON text as logged
  // How the record's `before` gives the item before the change: not at all (a creation), as the
  // fingerprint of its text (a patch of the usual shape, applied to the text), or only by applying it
  // with nlohmann::json, which the caller does.
  enum class Before { none, fingerprint, parse };
  Before before = Before::none;
  ItemFingerprint before_fingerprint{};
  bool has_history_line = false;
  std::string history_line;  // the text of the line it implies, when it implies one
};

// Fills `out` (whose strings keep their storage from record to record). Pure: uses only
// `stored`, `fingerprint` and `reader`, which must be this thread's own.
void prepare_record(const StoredAuditRecord& stored, const ItemFingerprinter& fingerprint,
                    ItemRecordReader& reader, PreparedRecord& out);

}  // namespace taizhang
