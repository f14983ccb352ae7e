#include "engine/audit/checkpoint_signing.h"

#include "engine/audit/audit_tree.h"
#include "engine/base/digest.h"

namespace taizhang {

Result<std::optional<Checkpoint>> sign_checkpoint_at_head(AuditWriter& store,
                                                          const CheckpointKey& key, TimePoint now) {
  const int64_t head = store.audit_head().seq;
  const auto last = store.last_checkpoint();
  if (head == 0 || (last && last->seq >= head)) return std::optional<Checkpoint>{};
  StoredMerkleTree tree(store);
  auto root = merkle_root(tree, head);
  if (!root) return std::unexpected(root.error());
  Checkpoint checkpoint = key.sign(head, hex_of(*root), format_rfc3339(now));
  store.store_checkpoint(checkpoint);
  return std::optional<Checkpoint>(std::move(checkpoint));
}

}  // namespace taizhang
