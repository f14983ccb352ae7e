// SqliteStore: the administrators' view of users, and disabling them (migration 013).
#include "engine/storage/sqlite/sqlite_store.h"

namespace taizhang::sqlite {

std::vector<User> SqliteStore::users(int64_t after_id, int limit) {
  std::vector<int64_t> ids;
  {
    StatementScope s(db_.prepare("SELECT id FROM users WHERE id > ? ORDER BY id LIMIT ?"));
    s->bind(1, after_id).bind(2, static_cast<int64_t>(limit));
    while (s->step()) ids.push_back(s->int64(0));
  }
  std::vector<User> out;
  for (int64_t id : ids) {
    if (auto u = user(id)) out.push_back(std::move(*u));
  }
  return out;
}

std::optional<int64_t> SqliteStore::last_sign_in_ms(int64_t user_id) {
  StatementScope s(db_.prepare("SELECT max(created_ms) FROM sessions WHERE user_id = ?"));
  s->bind(1, user_id);
  if (!s->step()) return std::nullopt;
  return s->opt_int64(0);
}

void SqliteStore::set_user_disabled(int64_t user_id, const std::optional<std::string>& at) {
  StatementScope s(db_.prepare("UPDATE users SET disabled_at = ? WHERE id = ?"));
  s->bind(1, at).bind(2, user_id).run();
}

}  // namespace taizhang::sqlite
