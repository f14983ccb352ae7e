// Import keys (engine/import/import_store.h), migration 012.
#include "engine/storage/sqlite/sqlite_store.h"

namespace taizhang::sqlite {

namespace {
std::string_view kind_text(ImportKind kind) { return kind == ImportKind::funds ? "fund" : "item"; }
}  // namespace

std::optional<int64_t> SqliteStore::imported_entity(ImportKind kind, std::string_view key) {
  StatementScope s(db_.prepare("SELECT entity_id FROM import_keys WHERE kind = ? AND key = ?"));
  s->bind(1, kind_text(kind)).bind(2, key);
  if (!s->step()) return std::nullopt;
  return s->int64(0);
}

std::optional<int64_t> SqliteStore::item_titled(int64_t org_id, std::string_view title) {
  StatementScope s(db_.prepare(
      "SELECT id FROM items WHERE org_id = ? AND title = ? ORDER BY id LIMIT 1"));
  s->bind(1, org_id).bind(2, title);
  if (!s->step()) return std::nullopt;
  return s->int64(0);
}

void SqliteStore::link_import_key(ImportKind kind, std::string_view key, int64_t entity_id) {
  StatementScope s(db_.prepare("INSERT INTO import_keys (kind, key, entity_id) VALUES (?, ?, ?)"));
  s->bind(1, kind_text(kind)).bind(2, key).bind(3, entity_id);
  s->run();
}

}  // namespace taizhang::sqlite
