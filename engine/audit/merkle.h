// The Merkle tree over the audit records: RFC 9162 §2.1, Certificate Transparency's construction.
// The chain (engine/audit/chain.h) proves a log unrewritten to whoever reads all of it; the tree
// gives anyone holding a published root a proof of a few hundred bytes, without reading the log,
// that one record is in it (an inclusion proof, §2.1.3) or that today's log extends the log as
// it was published earlier, rewriting nothing (a consistency proof, §2.1.4).
//
//   leaf hash  = SHA-256(0x00 || leaf)          node hash = SHA-256(0x01 || left || right)
//   MTH({})    = SHA-256("")                    MTH({d})  = leaf hash of d
//   MTH(D[n])  = node hash(MTH(D[0:k]), MTH(D[k:n])), k the largest power of two < n
//
// Leaf index i is the record of seq i + 1, and its data is that record's chain hash as its 32 raw
// bytes (hex-decoded). The chain hash commits to the record's content, so proofs carry hashes
// only and show nothing of a record its reader may not read.
//
// A tree is kept as its perfect subtrees (MerkleSubtree): each MTH the RFC's algorithms ask for
// is either one of them or, at the right edge of a tree whose size is not a power of two, the fold
// of at most log2(n) of them by the same split rule. So the root of any earlier tree size and the
// proofs between sizes come from the perfect subtrees the latest tree holds, O(log n) of them for
// each answer, without keeping old trees. The algorithms read the subtrees from a MerkleSubtrees
// source: the database (engine/audit/audit_tree.h) or memory (MerkleFrontier, tests).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/digest.h"
#include "engine/base/error.h"

namespace taizhang {

using MerkleHash = Sha256Digest;

// The deepest level a tree of int64_t leaves reaches: 2^62 leaves is more records than any
// township will log, and keeps every leaf count and shift below in range.
inline constexpr int kMerkleLevelMax = 62;

// A perfect subtree: the 2^level leaves from leaf index << level. Level 0 is one leaf.
struct MerkleSubtree {
  int level = 0;
  int64_t index = 0;
  bool operator==(const MerkleSubtree&) const = default;
};

struct MerkleSubtreeHash {
  MerkleSubtree subtree;
  MerkleHash hash;
};

MerkleHash merkle_leaf_hash(std::span<const unsigned char> leaf);
MerkleHash merkle_node_hash(const MerkleHash& left, const MerkleHash& right);

// Where the algorithms read perfect subtrees from.
class MerkleSubtrees {
 public:
  virtual ~MerkleSubtrees() = default;
  // The hash of `subtree`, or nullopt when this source does not hold it.
  virtual std::optional<MerkleHash> hash_of(MerkleSubtree subtree) = 0;
};

// The perfect subtrees that appending leaf `leaf_index` (to a tree of leaf_index leaves)
// completes, lowest first: the leaf itself, then each subtree whose last leaf it is — one plus
// the number of trailing one bits of leaf_index, two on average. Reads their left halves, already
// complete, from `tree`; fails with ErrorCode::internal naming a left half `tree` does not hold.
Result<std::vector<MerkleSubtreeHash>> subtrees_completed_by(int64_t leaf_index,
                                                             const MerkleHash& leaf_hash,
                                                             MerkleSubtrees& tree);

// The three below read from `tree` the perfect subtrees of the tree of the sizes they are given;
// each fails with ErrorCode::internal naming a subtree `tree` does not hold.

// MTH(D[tree_size]), 0 <= tree_size; the empty tree's is SHA-256 of nothing.
Result<MerkleHash> merkle_root(MerkleSubtrees& tree, int64_t tree_size);

// PATH(leaf_index, D[tree_size]) (§2.1.3.1), 0 <= leaf_index < tree_size (asserted): the sibling
// hashes from the leaf up to the root, the leaf's own sibling first.
Result<std::vector<MerkleHash>> inclusion_proof(MerkleSubtrees& tree, int64_t leaf_index,
                                                int64_t tree_size);

// PROOF(first, D[second]) (§2.1.4.1), 0 < first < second (asserted): the hashes that, with
// MTH(D[first]), recompute MTH(D[second]).
Result<std::vector<MerkleHash>> consistency_proof(MerkleSubtrees& tree, int64_t first,
                                                  int64_t second);

// §2.1.3.2, step by step: true when `path` proves that the leaf whose leaf hash is `leaf_hash` is
// leaf `leaf_index` of the tree of `tree_size` leaves whose root is `root`. False for every bad
// input, sizes out of range included.
bool verify_inclusion(int64_t leaf_index, int64_t tree_size, const MerkleHash& leaf_hash,
                      std::span<const MerkleHash> path, const MerkleHash& root);

// §2.1.4.2, step by step: true when `proof` proves that the tree of `second` leaves whose root is
// `second_root` begins with the tree of `first` leaves whose root is `first_root`. The RFC defines
// it for 0 < first < second; false outside that, as for every bad input.
bool verify_consistency(int64_t first, int64_t second, const MerkleHash& first_root,
                        const MerkleHash& second_root, std::span<const MerkleHash> proof);

// A tree built in memory leaf by leaf, keeping only its right edge: the latest complete subtree
// of each level, which are the left halves the next leaves complete and, for the tree as it is,
// the perfect subtrees its root folds. What `audit verify` recomputes the stored tree with; a
// source for the root of the tree it holds (merkle_root(frontier, frontier.size())) and nothing
// older. At most kMerkleLevelMax + 1 hashes.
class MerkleFrontier final : public MerkleSubtrees {
 public:
  // Adds the next leaf; returns the subtrees it completes, as subtrees_completed_by does.
  std::vector<MerkleSubtreeHash> append(const MerkleHash& leaf_hash);
  int64_t size() const { return size_; }
  std::optional<MerkleHash> hash_of(MerkleSubtree subtree) override;

 private:
  int64_t size_ = 0;
  std::vector<std::optional<MerkleSubtreeHash>> latest_;  // by level
};

}  // namespace taizhang
