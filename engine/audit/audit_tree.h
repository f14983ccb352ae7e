// The Merkle tree over the audit log as the database keeps it (engine/audit/merkle.h): every
// perfect subtree, stored by the write job that appends the record completing it
// (engine/audit/log.cc), so that the stored tree and the records commit together and the tree
// covers exactly the records. About two subtrees per record: the record's own leaf, and on
// average one subtree it completes.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "engine/audit/audit_store.h"
#include "engine/audit/merkle.h"
#include "engine/base/error.h"

namespace taizhang {

// The stored tree as a source for merkle_root, inclusion_proof and consistency_proof: any tree
// size up to merkle_leaf_count(), read in the caller's transaction.
class StoredMerkleTree final : public MerkleSubtrees {
 public:
  explicit StoredMerkleTree(AuditReader& store) : store_(store) {}
  std::optional<MerkleHash> hash_of(MerkleSubtree subtree) override {
    return store_.merkle_subtree(subtree);
  }

 private:
  AuditReader& store_;
};

// The leaf data of a record whose chain hash is `chain_hash`: its 64 hex digits as 32 bytes.
// nullopt when the text is anything else (chain_hash writes 64 lower-case digits, so only a row
// edited behind the chain's back holds another).
std::optional<MerkleHash> merkle_leaf_of(std::string_view chain_hash);

// The leaf hash of the record whose chain hash is `chain_hash`, as merkle_leaf_of.
std::optional<MerkleHash> merkle_leaf_hash_of(std::string_view chain_hash);

// Adds the record `appended`, the new head, to the stored tree, together with any record before it
// that the tree does not cover yet (one appended by a binary older than the tree). Inside the
// write job that appended it. Fails with ErrorCode::internal when the stored tree does not end
// just before `appended` and cannot be brought there: it reaches past the head (rows deleted), or
// a record's hash is not one.
Result<void> add_to_merkle_tree(AuditWriter& store, const AuditHead& appended);

// Stores the subtrees of every record the stored tree does not cover: the records of a database
// older than the tree (schemas/migrations/016_audit_merkle_tree.sql, which cannot hash), or
// appended since by an older binary. Returns how many records it added. Inside a write
// transaction: the database's opener runs it at every open (engine/storage/sqlite/). Fails
// with ErrorCode::internal at a record whose hash is not 64 hex digits, keeping what it added
// before it; `audit verify` names that record.
Result<int64_t> complete_merkle_tree(AuditWriter& store);

}  // namespace taizhang
