// SqliteStore: passwords and sessions (migration 008).
#include <algorithm>

#include "engine/storage/sqlite/sqlite_store.h"

namespace taizhang::sqlite {

std::optional<std::string> SqliteStore::password_hash(int64_t user_id) {
  StatementScope s(db_.prepare("SELECT password_hash FROM users WHERE id = ?"));
  s->bind(1, user_id);
  if (!s->step()) return std::nullopt;
  return s->opt_text(0);
}

std::optional<Session> SqliteStore::session_by_token_hash(std::string_view token_sha256) {
  StatementScope s(db_.prepare(
      "SELECT id, user_id, csrf_token, remote, created_ms, last_seen_ms, expires_ms, revoked_ms "
      "FROM sessions WHERE token_sha256 = ?"));
  s->bind(1, token_sha256);
  if (!s->step()) return std::nullopt;
  Session out;
  out.id = s->int64(0);
  out.user_id = s->int64(1);
  out.csrf_token = s->text(2);
  out.remote = s->text(3);
  out.created_ms = s->int64(4);
  out.last_seen_ms = s->int64(5);
  out.expires_ms = s->int64(6);
  out.revoked_ms = s->opt_int64(7);
  return out;
}

void SqliteStore::set_password_hash(int64_t user_id, const std::string& hash,
                                    const std::string& changed_at) {
  StatementScope s(
      db_.prepare("UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?"));
  s->bind(1, hash).bind(2, changed_at).bind(3, user_id).run();
}

int64_t SqliteStore::insert_session(const Session& x, std::string_view token_sha256) {
  StatementScope s(db_.prepare(
      "INSERT INTO sessions (token_sha256, user_id, csrf_token, remote, created_ms, "
      "last_seen_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  s->bind(1, token_sha256).bind(2, x.user_id).bind(3, x.csrf_token).bind(4, x.remote);
  s->bind(5, x.created_ms).bind(6, x.last_seen_ms).bind(7, x.expires_ms).run();
  return db_.last_insert_id();
}

void SqliteStore::touch_session(int64_t session_id, int64_t now_ms) {
  StatementScope s(db_.prepare(
      "UPDATE sessions SET last_seen_ms = max(last_seen_ms, ?) WHERE id = ? AND revoked_ms IS NULL"));
  s->bind(1, now_ms).bind(2, session_id).run();
}

bool SqliteStore::revoke_session(int64_t session_id, int64_t now_ms) {
  StatementScope s(
      db_.prepare("UPDATE sessions SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL"));
  s->bind(1, now_ms).bind(2, session_id).run();
  return sqlite3_changes(db_.handle()) == 1;
}

std::vector<int64_t> SqliteStore::revoke_user_sessions(int64_t user_id, int64_t now_ms) {
  StatementScope s(db_.prepare("UPDATE sessions SET revoked_ms = ? WHERE user_id = ? AND "
                               "revoked_ms IS NULL RETURNING id"));
  s->bind(1, now_ms).bind(2, user_id);
  std::vector<int64_t> ids;
  while (s->step()) ids.push_back(s->int64(0));
  std::sort(ids.begin(), ids.end());  // RETURNING promises no order
  return ids;
}

}  // namespace taizhang::sqlite
