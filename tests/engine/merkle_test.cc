// The Merkle tree's algorithms (engine/audit/merkle.h) against RFC 9162's definitions written out
// here as plain recursion over the leaves, for every tree of 1 to 70 leaves: every root, every
// inclusion proof and every consistency proof is the RFC's, verifies, and fails once tampered.
// The roots and proofs of the 8-leaf tree are the test vectors Certificate Transparency's own
// implementations are checked with.
#include <gtest/gtest.h>

#include <bit>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "engine/audit/merkle.h"
#include "engine/base/digest.h"

namespace taizhang {
namespace {

using Leaf = std::vector<unsigned char>;
using Hashes = std::vector<MerkleHash>;

constexpr int64_t kSizes = 70;

std::vector<std::string> hex_all(const Hashes& hashes) {
  std::vector<std::string> out;
  for (const auto& h : hashes) out.push_back(hex_of(h));
  return out;
}

// ---- RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1 as written, over D[begin:end] of `leaves`.

int64_t largest_power_of_two_below(int64_t n) {
  int64_t k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

MerkleHash mth(const std::vector<Leaf>& d, int64_t begin, int64_t end) {
  const int64_t n = end - begin;
  if (n == 0) return sha256_digest("");
  if (n == 1) return merkle_leaf_hash(d[begin]);
  const int64_t k = largest_power_of_two_below(n);
  return merkle_node_hash(mth(d, begin, begin + k), mth(d, begin + k, end));
}

Hashes path(int64_t m, const std::vector<Leaf>& d, int64_t begin, int64_t end) {
  const int64_t n = end - begin;
  if (n == 1) return {};
  const int64_t k = largest_power_of_two_below(n);
  Hashes out;
  if (m < k) {
    out = path(m, d, begin, begin + k);
    out.push_back(mth(d, begin + k, end));
  } else {
    out = path(m - k, d, begin + k, end);
    out.push_back(mth(d, begin, begin + k));
  }
  return out;
}

Hashes subproof(int64_t m, const std::vector<Leaf>& d, int64_t begin, int64_t end, bool b) {
  const int64_t n = end - begin;
  if (m == n) return b ? Hashes{} : Hashes{mth(d, begin, end)};
  const int64_t k = largest_power_of_two_below(n);
  Hashes out;
  if (m <= k) {
    out = subproof(m, d, begin, begin + k, b);
    out.push_back(mth(d, begin + k, end));
  } else {
    out = subproof(m - k, d, begin + k, end, false);
    out.push_back(mth(d, begin, begin + k));
  }
  return out;
}

// ---- A tree kept in memory as its perfect subtrees, built as the database builds it.

class MemoryTree final : public MerkleSubtrees {
 public:
  explicit MemoryTree(const std::vector<Leaf>& leaves) {
    for (size_t i = 0; i < leaves.size(); ++i) {
      auto done =
          subtrees_completed_by(static_cast<int64_t>(i), merkle_leaf_hash(leaves[i]), *this);
      EXPECT_TRUE(done) << (done ? "" : done.error().message);
      for (const auto& s : *done) nodes_[{s.subtree.level, s.subtree.index}] = s.hash;
    }
  }
  std::optional<MerkleHash> hash_of(MerkleSubtree s) override {
    ++reads;
    auto it = nodes_.find({s.level, s.index});
    if (it == nodes_.end()) return std::nullopt;
    return it->second;
  }
  size_t stored() const { return nodes_.size(); }
  int64_t reads = 0;

 private:
  std::map<std::pair<int, int64_t>, MerkleHash> nodes_;
};

// Leaves of different lengths and contents: leaf i is i % 40 + 1 bytes of i's low byte, so no
// two agree.
std::vector<Leaf> distinct_leaves(int64_t n) {
  std::vector<Leaf> out;
  for (int64_t i = 0; i < n; ++i) {
    out.emplace_back(static_cast<size_t>(i % 40 + 1), static_cast<unsigned char>(i));
  }
  return out;
}

// The leaves of Certificate Transparency's reference tests.
std::vector<Leaf> ct_leaves() {
  std::vector<Leaf> out;
  for (const char* hex : {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                          "606162636465666768696a6b6c6d6e6f"}) {
    Leaf leaf(std::string_view(hex).size() / 2);
    EXPECT_TRUE(bytes_of_hex(hex, leaf));
    out.push_back(leaf);
  }
  return out;
}

// Every single-byte change of one hash of `proof`, and proofs one hash short and one too long.
std::vector<Hashes> tampered(const Hashes& proof) {
  std::vector<Hashes> out;
  for (size_t i = 0; i < proof.size(); ++i) {
    Hashes t = proof;
    t[i][i % t[i].size()] ^= 0x01;
    out.push_back(t);
  }
  if (!proof.empty()) out.emplace_back(proof.begin(), proof.end() - 1);
  Hashes longer = proof;
  longer.push_back(sha256_digest("extra"));
  out.push_back(longer);
  return out;
}

TEST(Merkle, EmptyTreeRootIsTheHashOfNothing) {
  MemoryTree tree({});
  EXPECT_EQ(hex_of(*merkle_root(tree, 0)),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Merkle, RootsOfTheReferenceTreeAreCertificateTransparencys) {
  const std::vector<std::string> roots = {
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
  MemoryTree tree(ct_leaves());
  for (int64_t n = 1; n <= 8; ++n) {
    EXPECT_EQ(hex_of(*merkle_root(tree, n)), roots[static_cast<size_t>(n - 1)]) << n;
  }
}

TEST(Merkle, ProofsOfTheReferenceTreeAreCertificateTransparencys) {
  MemoryTree tree(ct_leaves());
  EXPECT_EQ(hex_all(*inclusion_proof(tree, 0, 8)),
            (std::vector<std::string>{
                "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}));
  EXPECT_EQ(hex_all(*inclusion_proof(tree, 5, 8)),
            (std::vector<std::string>{
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}));
  EXPECT_EQ(hex_all(*consistency_proof(tree, 6, 8)),
            (std::vector<std::string>{
                "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}));
}

TEST(Merkle, EveryLeafCompletesItsSubtreesAndNoMore) {
  // Leaf i completes 1 + (trailing one bits of i) subtrees: n leaves keep 2n - popcount(n).
  for (int64_t n = 1; n <= kSizes; ++n) {
    MemoryTree tree(distinct_leaves(n));
    EXPECT_EQ(static_cast<int64_t>(tree.stored()), 2 * n - std::popcount(static_cast<uint64_t>(n)))
        << n;
  }
}

TEST(Merkle, RootsOfEverySizeAreTheRfcsFromStoredSubtrees) {
  const auto leaves = distinct_leaves(kSizes);
  MemoryTree tree(leaves);
  for (int64_t n = 1; n <= kSizes; ++n) {
    tree.reads = 0;
    auto root = merkle_root(tree, n);
    ASSERT_TRUE(root) << root.error().message;
    EXPECT_EQ(*root, mth(leaves, 0, n)) << n;
    // One stored subtree per one bit of n: the fold of the perfect subtrees.
    EXPECT_EQ(tree.reads, std::popcount(static_cast<uint64_t>(n))) << n;
  }
}

TEST(Merkle, EveryInclusionProofIsTheRfcsAndVerifiesAndFailsTampered) {
  const auto leaves = distinct_leaves(kSizes);
  MemoryTree tree(leaves);
  for (int64_t n = 1; n <= kSizes; ++n) {
    const MerkleHash root = mth(leaves, 0, n);
    for (int64_t m = 0; m < n; ++m) {
      SCOPED_TRACE("leaf " + std::to_string(m) + " of " + std::to_string(n));
      auto proof = inclusion_proof(tree, m, n);
      ASSERT_TRUE(proof) << proof.error().message;
      EXPECT_EQ(*proof, path(m, leaves, 0, n));
      const MerkleHash leaf = merkle_leaf_hash(leaves[m]);
      EXPECT_TRUE(verify_inclusion(m, n, leaf, *proof, root));
      for (const auto& bad : tampered(*proof)) {
        EXPECT_FALSE(verify_inclusion(m, n, leaf, bad, root));
      }
      MerkleHash other_leaf = leaf;
      other_leaf[0] ^= 0x80;
      EXPECT_FALSE(verify_inclusion(m, n, other_leaf, *proof, root));
      MerkleHash other_root = root;
      other_root[31] ^= 0x01;
      EXPECT_FALSE(verify_inclusion(m, n, leaf, *proof, other_root));
      if (n > 1) {
        EXPECT_FALSE(verify_inclusion((m + 1) % n, n, leaf, *proof, root));
      }
      // (A proof does not bind the tree's size: the same hashes may verify for a neighbouring
      // size whose tree has the same shape along the path. The size comes with the root the
      // verifier trusts, as RFC 9162's signed tree head carries both; here GET
      // /public/audit/root answers the pair.)
      EXPECT_FALSE(verify_inclusion(n, n, leaf, *proof, root));
      EXPECT_FALSE(verify_inclusion(-1, n, leaf, *proof, root));
    }
  }
}

TEST(Merkle, EveryConsistencyProofIsTheRfcsAndVerifiesAndFailsTampered) {
  const auto leaves = distinct_leaves(kSizes);
  MemoryTree tree(leaves);
  for (int64_t n = 2; n <= kSizes; ++n) {
    const MerkleHash second_root = mth(leaves, 0, n);
    for (int64_t m = 1; m < n; ++m) {
      SCOPED_TRACE(std::to_string(m) + " to " + std::to_string(n));
      const MerkleHash first_root = mth(leaves, 0, m);
      auto proof = consistency_proof(tree, m, n);
      ASSERT_TRUE(proof) << proof.error().message;
      EXPECT_EQ(*proof, subproof(m, leaves, 0, n, true));
      EXPECT_TRUE(verify_consistency(m, n, first_root, second_root, *proof));
      for (const auto& bad : tampered(*proof)) {
        EXPECT_FALSE(verify_consistency(m, n, first_root, second_root, bad));
      }
      MerkleHash other = first_root;
      other[7] ^= 0x10;
      EXPECT_FALSE(verify_consistency(m, n, other, second_root, *proof));
      other = second_root;
      other[7] ^= 0x10;
      EXPECT_FALSE(verify_consistency(m, n, first_root, other, *proof));
      // The proof of m to n proves nothing about other sizes.
      // The proof of m to n proves nothing about the tree of m + 1 (sizes beyond n: see the
      // inclusion proofs above).
      if (m + 1 < n) {
        EXPECT_FALSE(verify_consistency(m + 1, n, first_root, second_root, *proof));
      }
    }
  }
}

TEST(Merkle, ConsistencyOutsideZeroLessThanFirstLessThanSecondFails) {
  const auto leaves = distinct_leaves(8);
  const MerkleHash root = mth(leaves, 0, 8);
  EXPECT_FALSE(verify_consistency(8, 8, root, root, {}));
  EXPECT_FALSE(verify_consistency(8, 8, root, root, Hashes{root}));
  EXPECT_FALSE(verify_consistency(0, 8, sha256_digest(""), root, Hashes{root}));
  EXPECT_FALSE(verify_consistency(5, 3, root, root, Hashes{root}));
}

TEST(Merkle, ProofsReadLogarithmicallyManySubtrees) {
  // The sizes a stored tree answers for must not cost reads in proportion to the log.
  const auto leaves = distinct_leaves(kSizes);
  MemoryTree tree(leaves);
  for (int64_t n = 1; n <= kSizes; ++n) {
    const int bound = 2 * (std::bit_width(static_cast<uint64_t>(n)) + 1);
    for (int64_t m = 0; m < n; ++m) {
      tree.reads = 0;
      ASSERT_TRUE(inclusion_proof(tree, m, n));
      EXPECT_LE(tree.reads, bound) << m << " of " << n;
      if (m == 0) continue;
      tree.reads = 0;
      ASSERT_TRUE(consistency_proof(tree, m, n));
      EXPECT_LE(tree.reads, bound) << m << " to " << n;
    }
  }
}

TEST(Merkle, AMissingSubtreeIsAnErrorNamingIt) {
  MemoryTree tree(distinct_leaves(5));
  auto root = merkle_root(tree, 6);
  ASSERT_FALSE(root);
  EXPECT_EQ(root.error().code, ErrorCode::internal);
  // Leaves 4 and 5 of a tree of 6 are one perfect subtree: the one the 5 leaves do not have.
  EXPECT_NE(root.error().message.find("level 1 at index 2 (leaves 4 to 5)"), std::string::npos)
      << root.error().message;
  MemoryTree empty({});
  auto done = subtrees_completed_by(3, sha256_digest("x"), empty);
  ASSERT_FALSE(done);
  EXPECT_NE(done.error().message.find("level 0 at index 2"), std::string::npos);
}

TEST(Merkle, TheFrontierBuildsTheSameTreeAndHoldsItsRoot) {
  const auto leaves = distinct_leaves(kSizes);
  MemoryTree tree(leaves);
  MerkleFrontier frontier;
  for (int64_t n = 1; n <= kSizes; ++n) {
    for (const auto& s : frontier.append(merkle_leaf_hash(leaves[n - 1]))) {
      EXPECT_EQ(tree.hash_of(s.subtree), s.hash) << s.subtree.level << "," << s.subtree.index;
    }
    ASSERT_EQ(frontier.size(), n);
    EXPECT_EQ(*merkle_root(frontier, n), mth(leaves, 0, n)) << n;
  }
}

TEST(Merkle, HexIsOneSpellingOnly) {
  MerkleHash h{};
  const std::string lower(64, 'a');
  EXPECT_TRUE(bytes_of_hex(lower, h));
  EXPECT_EQ(hex_of(h), lower);
  EXPECT_FALSE(bytes_of_hex(std::string(64, 'A'), h));
  EXPECT_FALSE(bytes_of_hex(std::string(63, 'a'), h));
  EXPECT_FALSE(bytes_of_hex(std::string(66, 'a'), h));
  EXPECT_FALSE(bytes_of_hex(std::string(62, 'a') + "g0", h));
}

}  // namespace
}  // namespace taizhang
