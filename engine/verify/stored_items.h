// The database's side of verify's largest comparison, the items: each stored item reduced to the
// fingerprint (engine/verify/item_fingerprint.h) of the text verify compares it by (snapshot_text), its closed flag checked against its
// stage. Reading them needs nothing from the log, so verify reads them on a second thread, in a
// read transaction of its own, while it walks the chain on the first; `head` says which state
// that transaction saw.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/audit/chain.h"
#include "engine/verify/item_fingerprint.h"
#include "engine/storage/store.h"

namespace taizhang {

struct StoredItemFingerprint {
  int64_t id = 0;
  ItemFingerprint fingerprint;  // of its StoredItemText's text: snapshot_text(item) as stored
  bool closed_ok = true;        // its closed flag agrees with its stage's finality
};

struct StoredItems {
  AuditHead head;  // the log's head in the transaction the items were read in
  std::vector<StoredItemFingerprint> items;  // in id order
  std::string first_closed_problem;     // for the first item whose closed_ok is false, in words
};

// Reads every item of `store`'s transaction: about 32 bytes an item.
StoredItems read_stored_items(StoreReader& store, const ItemFingerprinter& fingerprint);

}  // namespace taizhang
