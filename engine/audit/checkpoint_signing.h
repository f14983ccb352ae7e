// Signing a checkpoint of the log as it is now, inside a write job: the head and the root it
// signs are read in the transaction that stores the checkpoint, so the checkpoint names a tree
// the database holds, and two signers cannot store two checkpoints of one size.
#pragma once

#include <optional>

#include "engine/audit/audit_store.h"
#include "engine/audit/checkpoint.h"
#include "engine/base/clock.h"
#include "engine/base/error.h"

namespace taizhang {

// Signs and stores a checkpoint of the tree up to the head, at `now`. Returns it, or nullopt when
// the head has not moved past the last checkpoint (or the log is empty): nothing new to sign.
// Fails with ErrorCode::internal when the stored tree cannot give the head's root.
Result<std::optional<Checkpoint>> sign_checkpoint_at_head(AuditWriter& store,
                                                          const CheckpointKey& key, TimePoint now);

}  // namespace taizhang
