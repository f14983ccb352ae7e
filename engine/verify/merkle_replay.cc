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

constexpr int kLevelPage = 4096;

}  // namespace

std::optional<MerkleHash> MerkleReplay::StoredLevel::find(AuditReader& store, int64_t index) {
  for (;;) {
    while (next_ < page_.size() && page_[next_].subtree.index < index) ++next_;
    if (next_ < page_.size()) {
      if (page_[next_].subtree.index != index) return std::nullopt;
      return page_[next_++].hash;
    }
    if (exhausted_) return std::nullopt;
    page_ = store.merkle_subtrees(level_, index, kLevelPage);
    next_ = 0;
    exhausted_ = page_.empty();
  }
}

void MerkleReplay::apply(const AuditRecord& record, AuditReader& store) {
  // check_link has compared the record's hash with one chain_hash wrote: 64 hex digits.
  auto leaf_hash = merkle_leaf_hash_of(record.hash);
  TZ_ASSERT(leaf_hash.has_value());
  apply_leaf(*leaf_hash, store);
}

void MerkleReplay::apply_leaf(const MerkleHash& leaf_hash, AuditReader& store) {
  for (const auto& computed : frontier_.append(leaf_hash)) {
    ++compared_;
    const int level = computed.subtree.level;
    while (static_cast<int>(stored_.size()) <= level) {
      stored_.emplace_back(static_cast<int>(stored_.size()));
    }
    auto stored = stored_[level].find(store, computed.subtree.index);
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
