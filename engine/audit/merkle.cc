#include "engine/audit/merkle.h"

#include <array>
#include <bit>

#include "engine/base/assert.h"

namespace taizhang {

namespace {

constexpr unsigned char kLeafPrefix = 0x00;
constexpr unsigned char kNodePrefix = 0x01;

std::unexpected<Error> missing(MerkleSubtree s) {
  const int64_t first = s.index << s.level;
  return fail(ErrorCode::internal,
              "the Merkle tree holds no subtree of level " + std::to_string(s.level) +
                  " at index " + std::to_string(s.index) + " (leaves " + std::to_string(first) +
                  " to " + std::to_string(first + (int64_t{1} << s.level) - 1) + ")");
}

// k of the RFC's split: the largest power of two smaller than n, for n >= 2.
int64_t split_of(int64_t n) {
  return static_cast<int64_t>(std::bit_floor(static_cast<uint64_t>(n - 1)));
}

// MTH(D[begin:end]), 0 <= begin < end: one stored subtree when the range is one, else the RFC's
// split. Every range the algorithms below ask for lies in the RFC's own recursion from the
// root, where the left part of a split is always a perfect subtree and only ranges that end at
// the tree's last leaf are not; so this reads one subtree per perfect range and at most
// log2(n) for the others.
Result<MerkleHash> range_hash(MerkleSubtrees& tree, int64_t begin, int64_t end) {
  const auto n = static_cast<uint64_t>(end - begin);
  TZ_ASSERT(begin >= 0 && n >= 1);
  if (std::has_single_bit(n) && static_cast<uint64_t>(begin) % n == 0) {
    const int level = std::countr_zero(n);
    const MerkleSubtree s{level, begin >> level};
    auto hash = tree.hash_of(s);
    if (!hash) return missing(s);
    return *hash;
  }
  const int64_t k = split_of(end - begin);
  auto left = range_hash(tree, begin, begin + k);
  if (!left) return left;
  auto right = range_hash(tree, begin + k, end);
  if (!right) return right;
  return merkle_node_hash(*left, *right);
}

// PATH(m, D[begin:end]) with m the leaf's index from `begin`, appended to `out`:
//   PATH(0, {d0}) = {}
//   m < k:  PATH(m, D[0:k]) : MTH(D[k:n])
//   m >= k: PATH(m - k, D[k:n]) : MTH(D[0:k])
Result<void> append_path(MerkleSubtrees& tree, int64_t m, int64_t begin, int64_t end,
                         std::vector<MerkleHash>& out) {
  const int64_t n = end - begin;
  if (n == 1) return {};
  const int64_t k = split_of(n);
  if (m < k) {
    if (auto ok = append_path(tree, m, begin, begin + k, out); !ok) return ok;
    auto sibling = range_hash(tree, begin + k, end);
    if (!sibling) return std::unexpected(sibling.error());
    out.push_back(*sibling);
  } else {
    if (auto ok = append_path(tree, m - k, begin + k, end, out); !ok) return ok;
    auto sibling = range_hash(tree, begin, begin + k);
    if (!sibling) return std::unexpected(sibling.error());
    out.push_back(*sibling);
  }
  return {};
}

// SUBPROOF(m, D[begin:end], b), appended to `out`:
//   m == n: {} when b (the old tree's root is this very subtree, which the verifier holds),
//           else {MTH(D[n])}
//   m <= k: SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
//   m > k:  SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])
Result<void> append_subproof(MerkleSubtrees& tree, int64_t m, int64_t begin, int64_t end,
                             bool whole_old_tree, std::vector<MerkleHash>& out) {
  const int64_t n = end - begin;
  if (m == n) {
    if (whole_old_tree) return {};
    auto hash = range_hash(tree, begin, end);
    if (!hash) return std::unexpected(hash.error());
    out.push_back(*hash);
    return {};
  }
  const int64_t k = split_of(n);
  if (m <= k) {
    if (auto ok = append_subproof(tree, m, begin, begin + k, whole_old_tree, out); !ok) return ok;
    auto right = range_hash(tree, begin + k, end);
    if (!right) return std::unexpected(right.error());
    out.push_back(*right);
  } else {
    if (auto ok = append_subproof(tree, m - k, begin + k, end, false, out); !ok) return ok;
    auto left = range_hash(tree, begin, begin + k);
    if (!left) return std::unexpected(left.error());
    out.push_back(*left);
  }
  return {};
}

// The RFC's "right-shift both fn and sn equally until either LSB(fn) is set or fn is 0".
void shift_to_set_bit(uint64_t& fn, uint64_t& sn) {
  while ((fn & 1) == 0 && fn != 0) {
    fn >>= 1;
    sn >>= 1;
  }
}

}  // namespace

MerkleHash merkle_leaf_hash(std::span<const unsigned char> leaf) {
  std::string data(1 + leaf.size(), static_cast<char>(kLeafPrefix));
  std::copy(leaf.begin(), leaf.end(), data.begin() + 1);
  return sha256_digest(data);
}

MerkleHash merkle_node_hash(const MerkleHash& left, const MerkleHash& right) {
  std::array<char, 1 + 2 * sizeof(MerkleHash)> data{};
  data[0] = static_cast<char>(kNodePrefix);
  std::copy(left.begin(), left.end(), data.begin() + 1);
  std::copy(right.begin(), right.end(), data.begin() + 1 + sizeof(MerkleHash));
  return sha256_digest(std::string_view(data.data(), data.size()));
}

Result<std::vector<MerkleSubtreeHash>> subtrees_completed_by(int64_t leaf_index,
                                                             const MerkleHash& leaf_hash,
                                                             MerkleSubtrees& tree) {
  TZ_ASSERT(leaf_index >= 0);
  std::vector<MerkleSubtreeHash> out{{{0, leaf_index}, leaf_hash}};
  // A subtree with an odd index is a right half: with its left neighbour, complete already, it
  // completes their parent, which may be a right half in its turn.
  MerkleSubtree right{0, leaf_index};
  MerkleHash right_hash = leaf_hash;
  while (right.index % 2 == 1) {
    const MerkleSubtree left{right.level, right.index - 1};
    auto left_hash = tree.hash_of(left);
    if (!left_hash) return missing(left);
    right = {right.level + 1, right.index / 2};
    right_hash = merkle_node_hash(*left_hash, right_hash);
    out.push_back({right, right_hash});
  }
  return out;
}

Result<MerkleHash> merkle_root(MerkleSubtrees& tree, int64_t tree_size) {
  TZ_ASSERT(tree_size >= 0);
  if (tree_size == 0) return sha256_digest("");
  return range_hash(tree, 0, tree_size);
}

Result<std::vector<MerkleHash>> inclusion_proof(MerkleSubtrees& tree, int64_t leaf_index,
                                                int64_t tree_size) {
  TZ_ASSERT(0 <= leaf_index && leaf_index < tree_size);
  std::vector<MerkleHash> out;
  if (auto ok = append_path(tree, leaf_index, 0, tree_size, out); !ok) {
    return std::unexpected(ok.error());
  }
  return out;
}

Result<std::vector<MerkleHash>> consistency_proof(MerkleSubtrees& tree, int64_t first,
                                                  int64_t second) {
  TZ_ASSERT(0 < first && first < second);
  std::vector<MerkleHash> out;
  if (auto ok = append_subproof(tree, first, 0, second, true, out); !ok) {
    return std::unexpected(ok.error());
  }
  return out;
}

bool verify_inclusion(int64_t leaf_index, int64_t tree_size, const MerkleHash& leaf_hash,
                      std::span<const MerkleHash> path, const MerkleHash& root) {
  // 1. leaf_index >= tree_size fails (and so does a negative one, which the RFC's unsigned
  //    integers cannot hold).
  if (leaf_index < 0 || leaf_index >= tree_size) return false;
  // 2. fn = leaf_index, sn = tree_size - 1. 3. r = hash.
  auto fn = static_cast<uint64_t>(leaf_index);
  auto sn = static_cast<uint64_t>(tree_size - 1);
  MerkleHash r = leaf_hash;
  // 4. For each p in the path:
  for (const MerkleHash& p : path) {
    // a. sn == 0 with hashes left over fails.
    if (sn == 0) return false;
    if ((fn & 1) == 1 || fn == sn) {
      // b. r = HASH(0x01 || p || r); then, if LSB(fn) is not set, shift until it is or fn is 0.
      r = merkle_node_hash(p, r);
      if ((fn & 1) == 0) shift_to_set_bit(fn, sn);
    } else {
      // Otherwise r = HASH(0x01 || r || p).
      r = merkle_node_hash(r, p);
    }
    // c. Shift both once.
    fn >>= 1;
    sn >>= 1;
  }
  // 5. sn must be 0 and r the root.
  return sn == 0 && r == root;
}

bool verify_consistency(int64_t first, int64_t second, const MerkleHash& first_root,
                        const MerkleHash& second_root, std::span<const MerkleHash> proof) {
  if (first <= 0 || second <= first) return false;
  // 1. An empty path fails.
  if (proof.empty()) return false;
  // 2. When first is an exact power of 2, the old tree is a subtree of the new one and the proof
  //    leaves its root out: first_root is prepended.
  std::vector<MerkleHash> path;
  path.reserve(proof.size() + 1);
  if (std::has_single_bit(static_cast<uint64_t>(first))) path.push_back(first_root);
  path.insert(path.end(), proof.begin(), proof.end());
  // 3. fn = first - 1, sn = second - 1.
  auto fn = static_cast<uint64_t>(first - 1);
  auto sn = static_cast<uint64_t>(second - 1);
  // 4. While LSB(fn) is set, shift both.
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  // 5. fr = sr = the path's first value.
  MerkleHash fr = path.front();
  MerkleHash sr = path.front();
  // 6. For each subsequent value c:
  for (size_t i = 1; i < path.size(); ++i) {
    const MerkleHash& c = path[i];
    // a. sn == 0 with values left over fails.
    if (sn == 0) return false;
    if ((fn & 1) == 1 || fn == sn) {
      // b. fr = HASH(0x01 || c || fr), sr = HASH(0x01 || c || sr); then, if LSB(fn) is not set,
      //    shift until it is or fn is 0.
      fr = merkle_node_hash(c, fr);
      sr = merkle_node_hash(c, sr);
      if ((fn & 1) == 0) shift_to_set_bit(fn, sn);
    } else {
      // Otherwise sr = HASH(0x01 || sr || c).
      sr = merkle_node_hash(sr, c);
    }
    // c. Shift both once.
    fn >>= 1;
    sn >>= 1;
  }
  // 7. fr must be first_root, sr second_root, and sn 0.
  return fr == first_root && sr == second_root && sn == 0;
}

std::vector<MerkleSubtreeHash> MerkleFrontier::append(const MerkleHash& leaf_hash) {
  auto done = subtrees_completed_by(size_, leaf_hash, *this);
  // The frontier holds the latest subtree of each level, which is every left half the next
  // leaf can complete.
  TZ_ASSERT(done.has_value());
  for (const auto& s : *done) {
    const auto level = static_cast<size_t>(s.subtree.level);
    if (latest_.size() <= level) latest_.resize(level + 1);
    latest_[level] = s;
  }
  ++size_;
  return std::move(*done);
}

std::optional<MerkleHash> MerkleFrontier::hash_of(MerkleSubtree subtree) {
  if (subtree.level < 0 || static_cast<size_t>(subtree.level) >= latest_.size()) {
    return std::nullopt;
  }
  const auto& latest = latest_[static_cast<size_t>(subtree.level)];
  if (!latest || !(latest->subtree == subtree)) return std::nullopt;
  return latest->hash;
}

}  // namespace taizhang
