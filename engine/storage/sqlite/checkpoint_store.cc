// SqliteStore: the signed checkpoints of the audit log's Merkle tree (migration 017).
#include "engine/storage/sqlite/sqlite_store.h"

namespace taizhang::sqlite {

namespace {

Checkpoint checkpoint_of(Statement& s) {
  return Checkpoint{s.int64(0), s.text(1), s.text(2), s.text(3), s.text(4)};
}

}  // namespace

std::vector<Checkpoint> SqliteStore::checkpoints(int64_t after_seq, int limit) {
  StatementScope s(db_.prepare(
      "SELECT seq, root, at, signature, key_id FROM audit_checkpoints WHERE seq > ? "
      "ORDER BY seq LIMIT ?"));
  s->bind(1, after_seq).bind(2, int64_t{limit});
  std::vector<Checkpoint> out;
  while (s->step()) out.push_back(checkpoint_of(*s));
  return out;
}

std::optional<Checkpoint> SqliteStore::last_checkpoint() {
  StatementScope s(db_.prepare(
      "SELECT seq, root, at, signature, key_id FROM audit_checkpoints ORDER BY seq DESC LIMIT 1"));
  if (!s->step()) return std::nullopt;
  return checkpoint_of(*s);
}

void SqliteStore::store_checkpoint(const Checkpoint& checkpoint) {
  StatementScope s(db_.prepare(
      "INSERT INTO audit_checkpoints (seq, root, at, signature, key_id) VALUES (?, ?, ?, ?, ?)"));
  s->bind(1, checkpoint.seq).bind(2, checkpoint.root).bind(3, checkpoint.at);
  s->bind(4, checkpoint.signature).bind(5, checkpoint.key_id);
  s->run();
}

}  // namespace taizhang::sqlite
