#include "engine/audit/audit_tree.h"

#include <string>

namespace taizhang {

namespace {

// Records read at a time when completing the tree: a page of (seq, hash) is small.
constexpr int kRecordsPerPage = 10'000;

// Stores the subtrees leaf `leaf_index` completes.
Result<void> add_leaf(AuditWriter& store, int64_t leaf_index, std::string_view chain_hash) {
  auto leaf_hash = merkle_leaf_hash_of(chain_hash);
  if (!leaf_hash) {
    return fail(ErrorCode::internal, "audit record " + std::to_string(leaf_index + 1) +
                                         " has a hash that is not 64 hex digits");
  }
  StoredMerkleTree tree(store);
  auto done = subtrees_completed_by(leaf_index, *leaf_hash, tree);
  if (!done) return std::unexpected(done.error());
  for (const auto& subtree : *done) store.store_merkle_subtree(subtree);
  return {};
}

}  // namespace

std::optional<MerkleHash> merkle_leaf_of(std::string_view chain_hash) {
  MerkleHash leaf{};
  if (!bytes_of_hex(chain_hash, leaf)) return std::nullopt;
  return leaf;
}

std::optional<MerkleHash> merkle_leaf_hash_of(std::string_view chain_hash) {
  auto leaf = merkle_leaf_of(chain_hash);
  if (!leaf) return std::nullopt;
  return merkle_leaf_hash(*leaf);
}

Result<void> add_to_merkle_tree(AuditWriter& store, const AuditHead& appended) {
  // One seek per record: it is what keeps leaf i record i + 1 when another binary has written.
  const int64_t covered = store.merkle_leaf_count();
  if (covered == appended.seq - 1) return add_leaf(store, appended.seq - 1, appended.hash);
  if (covered < appended.seq - 1) {
    // Records before this one that an older binary appended without the tree: the tree takes
    // them first, and this one with them (complete_merkle_tree reads every record to the head).
    auto added = complete_merkle_tree(store);
    if (!added) return std::unexpected(added.error());
    if (store.merkle_leaf_count() == appended.seq) return {};
  }
  return fail(ErrorCode::internal, "the Merkle tree covers " +
                                       std::to_string(store.merkle_leaf_count()) +
                                       " records, not the " + std::to_string(appended.seq - 1) +
                                       " before record " + std::to_string(appended.seq));
}

Result<int64_t> complete_merkle_tree(AuditWriter& store) {
  const int64_t covered = store.merkle_leaf_count();
  int64_t added = 0;
  for (int64_t after = covered;;) {
    auto page = store.audit_hashes(after, kRecordsPerPage);
    for (const auto& record : page) {
      // Leaf i is record i + 1: a gap in the records (one deleted) leaves the tree where it is,
      // for `audit verify` to name the gap.
      if (record.seq != covered + added + 1) {
        return fail(ErrorCode::internal, "audit record " + std::to_string(covered + added + 1) +
                                             " is missing; the Merkle tree stops before it");
      }
      if (auto ok = add_leaf(store, record.seq - 1, record.hash); !ok) {
        return std::unexpected(ok.error());
      }
      ++added;
    }
    if (static_cast<int>(page.size()) < kRecordsPerPage) return added;
    after = page.back().seq;
  }
}

}  // namespace taizhang
