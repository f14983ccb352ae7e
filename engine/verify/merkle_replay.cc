#include "engine/verify/merkle_replay.h"

#include "engine/audit/audit_tree.h"
#include "engine/base/assert.h"

namespace taizhang {

namespace {

// "level 2, index 3 (records 13 to 16)": a subtree as its owner looks for it in the table.
std::string describe(MerkleSubtree s) {
  const int64_t first_seq = (s.index << s.level) + 1;
  const int64_t last_seq = first_seq + (int64_t{1} << s.level) - 1;
  return "level " + std::to_string(s.level) + ", index " + std::to_string(s.index) +
         (s.level == 0 ? " (record " + std::to_string(first_seq) + ")"
                       : " (records " + std::to_string(first_seq) + " to " +
                             std::to_string(last_seq) + ")");
}

}  // namespace

void MerkleReplay::apply(const AuditRecord& record, AuditReader& store) {
  // check_link has compared the record's hash with one chain_hash wrote: 64 hex digits.
  auto leaf_hash = merkle_leaf_hash_of(record.hash);
  TZ_ASSERT(leaf_hash.has_value());
  for (const auto& computed : frontier_.append(*leaf_hash)) {
    ++compared_;
    auto stored = store.merkle_subtree(computed.subtree);
    if (stored && *stored == computed.hash) continue;
    ++disagreeing_;
    if (!first_bad_) {
      first_bad_ = computed.subtree;
      first_bad_missing_ = !stored;
    }
  }
}

std::optional<std::string> MerkleReplay::compare(AuditReader& store, MerkleCheckCounts& counts) {
  auto beyond = store.merkle_subtree_beyond(frontier_.size());
  counts.subtrees = compared_;
  counts.disagreeing = disagreeing_ + (beyond ? 1 : 0);
  if (first_bad_) {
    return "the Merkle tree disagrees with the records: " + std::to_string(disagreeing_) + " of " +
           std::to_string(compared_) + " stored subtrees are wrong or missing; the first, " +
           describe(*first_bad_) + (first_bad_missing_ ? ", is missing" : ", has another hash");
  }
  if (beyond) {
    first_bad_ = beyond;
    return "the Merkle tree disagrees with the records: it stores the subtree " +
           describe(*beyond) + ", past the last record " + std::to_string(frontier_.size());
  }
  return std::nullopt;
}

MerkleHash MerkleReplay::root() {
  auto root = merkle_root(frontier_, frontier_.size());
  // The frontier holds the perfect subtrees of the tree it has built, which are all the root
  // folds.
  TZ_ASSERT(root.has_value());
  return *root;
}

}  // namespace taizhang
