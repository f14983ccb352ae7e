// SqliteStore: bearer tokens (migration 014).
#include <algorithm>

#include "engine/storage/sqlite/sqlite_store.h"

namespace taizhang::sqlite {

namespace {

constexpr const char* kTokenColumns =
    "SELECT id, user_id, name, created_at, expires_ms, revoked_ms FROM api_tokens ";

ApiToken read_token(Statement& s) {
  ApiToken t;
  t.id = s.int64(0);
  t.user_id = s.int64(1);
  t.name = s.text(2);
  t.created_at = s.text(3);
  t.expires_ms = s.opt_int64(4);
  t.revoked_ms = s.opt_int64(5);
  return t;
}

}  // namespace

std::optional<ApiToken> SqliteStore::api_token_by_hash(std::string_view token_sha256) {
  StatementScope s(db_.prepare(std::string(kTokenColumns) + "WHERE token_sha256 = ?"));
  s->bind(1, token_sha256);
  if (!s->step()) return std::nullopt;
  return read_token(*s);
}

std::vector<ApiToken> SqliteStore::api_tokens(int64_t user_id) {
  StatementScope s(db_.prepare(std::string(kTokenColumns) + "WHERE user_id = ? ORDER BY id"));
  s->bind(1, user_id);
  std::vector<ApiToken> out;
  while (s->step()) out.push_back(read_token(*s));
  return out;
}

int64_t SqliteStore::insert_api_token(const ApiToken& t, std::string_view token_sha256) {
  StatementScope s(db_.prepare(
      "INSERT INTO api_tokens (user_id, name, token_sha256, created_at, expires_ms) "
      "VALUES (?, ?, ?, ?, ?)"));
  s->bind(1, t.user_id).bind(2, t.name).bind(3, token_sha256).bind(4, t.created_at);
  s->bind(5, t.expires_ms).run();
  return db_.last_insert_id();
}

bool SqliteStore::revoke_api_token(int64_t token_id, int64_t now_ms) {
  StatementScope s(
      db_.prepare("UPDATE api_tokens SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL"));
  s->bind(1, now_ms).bind(2, token_id).run();
  return sqlite3_changes(db_.handle()) == 1;
}

std::vector<int64_t> SqliteStore::revoke_user_api_tokens(int64_t user_id, int64_t now_ms) {
  StatementScope s(db_.prepare(
      "UPDATE api_tokens SET revoked_ms = ? WHERE user_id = ? AND revoked_ms IS NULL "
      "RETURNING id"));
  s->bind(1, now_ms).bind(2, user_id);
  std::vector<int64_t> ids;
  while (s->step()) ids.push_back(s->int64(0));
  std::sort(ids.begin(), ids.end());  // RETURNING promises no order
  return ids;
}

}  // namespace taizhang::sqlite
