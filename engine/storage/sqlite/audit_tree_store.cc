// SqliteStore: the Merkle tree over the audit log (migration 016) and the chain's hashes it is
// built from.
#include <algorithm>

#include "engine/storage/sqlite/sqlite_store.h"

namespace taizhang::sqlite {

std::vector<AuditHead> SqliteStore::audit_hashes(int64_t after_seq, int limit) {
  StatementScope s(
      db_.prepare("SELECT seq, hash FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?"));
  s->bind(1, after_seq).bind(2, int64_t{limit});
  std::vector<AuditHead> out;
  while (s->step()) out.push_back(AuditHead{s->int64(0), s->text(1)});
  return out;
}

std::optional<MerkleHash> SqliteStore::merkle_subtree(MerkleSubtree subtree) {
  StatementScope s(
      db_.prepare("SELECT hash FROM audit_merkle_nodes WHERE level = ? AND idx = ?"));
  s->bind(1, int64_t{subtree.level}).bind(2, subtree.index);
  if (!s->step()) return std::nullopt;
  auto bytes = s->blob(0);
  // The table's CHECK keeps every hash 32 bytes; a row edited past it reads as no hash.
  if (bytes.size() != sizeof(MerkleHash)) return std::nullopt;
  MerkleHash hash{};
  std::copy(bytes.begin(), bytes.end(), hash.begin());
  return hash;
}

std::vector<MerkleSubtreeHash> SqliteStore::merkle_subtrees(int level, int64_t from_index,
                                                            int limit) {
  StatementScope s(db_.prepare(
      "SELECT idx, hash FROM audit_merkle_nodes WHERE level = ? AND idx >= ? ORDER BY idx "
      "LIMIT ?"));
  s->bind(1, int64_t{level}).bind(2, from_index).bind(3, int64_t{limit});
  std::vector<MerkleSubtreeHash> out;
  while (s->step()) {
    auto bytes = s->blob(1);
    if (bytes.size() != sizeof(MerkleHash)) continue;
    MerkleSubtreeHash row{MerkleSubtree{level, s->int64(0)}, {}};
    std::copy(bytes.begin(), bytes.end(), row.hash.begin());
    out.push_back(row);
  }
  return out;
}

int64_t SqliteStore::merkle_leaf_count() {
  // The leaves are level 0 of the primary key: one seek to its last row.
  StatementScope s(db_.prepare("SELECT max(idx) FROM audit_merkle_nodes WHERE level = 0"));
  if (!s->step() || s->is_null(0)) return 0;
  return s->int64(0) + 1;
}

std::optional<MerkleSubtree> SqliteStore::merkle_subtree_beyond(int64_t leaves) {
  // One seek per level: a subtree of `level` lies within the first `leaves` leaves when its
  // index is below leaves >> level.
  StatementScope s(db_.prepare(
      "SELECT idx FROM audit_merkle_nodes WHERE level = ? AND idx >= ? ORDER BY idx LIMIT 1"));
  for (int level = 0; level <= kMerkleLevelMax; ++level) {
    s->bind(1, int64_t{level}).bind(2, leaves >> level);
    if (s->step()) return MerkleSubtree{level, s->int64(0)};
    s->reset();
  }
  // A level outside 0..kMerkleLevelMax is past the table's CHECK: no tree has it.
  StatementScope odd(db_.prepare(
      "SELECT level, idx FROM audit_merkle_nodes WHERE level < 0 OR level > ? LIMIT 1"));
  odd->bind(1, int64_t{kMerkleLevelMax});
  if (odd->step()) return MerkleSubtree{static_cast<int>(odd->int64(0)), odd->int64(1)};
  return std::nullopt;
}

void SqliteStore::store_merkle_subtree(const MerkleSubtreeHash& subtree) {
  StatementScope s(
      db_.prepare("INSERT INTO audit_merkle_nodes (level, idx, hash) VALUES (?, ?, ?)"));
  s->bind(1, int64_t{subtree.subtree.level}).bind(2, subtree.subtree.index);
  s->bind_blob(3, subtree.hash);
  s->run();
}

}  // namespace taizhang::sqlite
