// `audit verify` for the Merkle tree over the log: the tree is built again in memory from the
// records' hashes as the chain is walked, and every subtree the records complete must be stored
// with the hash it has here; no stored subtree may reach past the last record. A stored subtree
// that differs would give the public roots and proofs (GET /public/audit/root and proof/…) that
// the records do not back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/audit/audit_store.h"
#include "engine/audit/chain.h"
#include "engine/audit/merkle.h"

namespace taizhang {

struct MerkleCheckCounts {
  int64_t subtrees = 0;     // stored subtrees compared with the records
  int64_t disagreeing = 0;  // of those, missing or with another hash, plus any past the records
};

class MerkleReplay {
 public:
  // Adds the record's leaf, records in seq order from the first, each one already checked
  // against the chain; compares the subtrees it completes with the stored ones.
  void apply(const AuditRecord& record, AuditReader& store);
  // The same, given the record's leaf hash (merkle_leaf_hash_of its hash), computed beforehand.
  void apply_leaf(const MerkleHash& leaf_hash, AuditReader& store);
  // After the last record. Returns the first problem in words, or nullopt; `counts` says how
  // much was compared and how much disagreed.
  std::optional<std::string> compare(AuditReader& store, MerkleCheckCounts& counts);
  // The first stored subtree that disagrees, once compare() has found one.
  std::optional<MerkleSubtree> first_disagreeing() const { return first_bad_; }
  // The root of the tree over every record applied (the empty tree's before any).
  MerkleHash root();

 private:
  // The stored subtrees of one level, read a page at a time: the subtrees the records complete
  // come level by level in index order, so each level is one forward scan of the table instead
  // of a lookup per subtree.
  class StoredLevel {
   public:
    explicit StoredLevel(int level) : level_(level) {}
    // The stored hash of the subtree of index `index`, which is above the last one asked.
    std::optional<MerkleHash> find(AuditReader& store, int64_t index);

   private:
    int level_;
    std::vector<MerkleSubtreeHash> page_;
    size_t next_ = 0;
    bool exhausted_ = false;  // a read past the level's last stored subtree found none
  };

  MerkleFrontier frontier_;
  std::vector<StoredLevel> stored_;
  int64_t compared_ = 0;
  int64_t disagreeing_ = 0;
  std::optional<MerkleSubtree> first_bad_;
  bool first_bad_missing_ = false;
};

}  // namespace taizhang
