// What the server checks before it listens, so that a database edited behind its back does not
// serve: a bounded part of `audit verify`, costing what the log's tail and the access tables
// hold, not what the items do.
//
//   1. The tail against the last signed checkpoint: the checkpoint's signature (when the key is
//      at hand), the root the stored Merkle tree gives at its size, the record at its seq being
//      that tree's leaf, and every record after it chaining on and being the tree's next leaf.
//      A record rewritten at or below the checkpoint with the chain recomputed changes the
//      record at the checkpoint's seq, or the tree's root there; a log cut below it is shorter.
//      A rewrite that leaves the chain broken below the checkpoint is left to `audit verify`.
//   2. Users with their units, API tokens, sessions, units and webhooks against the log's last
//      copy of each (engine/verify/access_replay.h), read through an index of the access
//      records: a raised role, a swapped token hash, a widened scope, a re-parented unit or a
//      redirected webhook stops the start.
//   3. Items' closed flags against their stages' finality, counted from an index.
// Workflow definitions are held to their logged hashes as the catalog loads them
// (engine/workflow/catalog.cc).
#pragma once

#include <cstdint>
#include <string>

#include "engine/base/error.h"
#include "engine/storage/store.h"
#include "engine/workflow/catalog.h"

namespace taizhang {

struct StartupCheckReport {
  int64_t tail_records = 0;    // records after the last checkpoint, chained and matched
  int64_t checkpoint_seq = 0;  // 0: no checkpoint was signed yet
  bool signature_checked = false;
  int64_t access_records = 0;  // access records replayed
  int64_t access_rows = 0;     // users, tokens, sessions, units and webhooks compared
  int64_t items = 0;           // items whose closed flag was held to their stage
};

// Fails with ErrorCode::internal naming the first problem and pointing to `taizhang audit
// verify`. `public_key_hex` empty: the checkpoint's signature is not checked (its root is).
Result<StartupCheckReport> check_at_startup(StoreReader& store, const WorkflowCatalog& workflows,
                                            const std::string& public_key_hex);

}  // namespace taizhang
