#include "engine/storage/sqlite/migrations.h"

#include "engine/base/embedded_data.h"

namespace taizhang::sqlite {

int migrate(Connection& db) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT (datetime('now')))");
  int applied = 0;
  for (const auto& m : embedded::migrations()) {
    db.exec("BEGIN IMMEDIATE");
    try {
      StatementScope q(db.prepare("SELECT 1 FROM schema_migrations WHERE name = ?"));
      q->bind(1, m.name);
      bool done = q->step();
      q->reset();
      if (!done) {
        db.exec(m.sql);
        StatementScope ins(db.prepare("INSERT INTO schema_migrations (name) VALUES (?)"));
        ins->bind(1, m.name).run();
        ++applied;
      }
      db.exec("COMMIT");
    } catch (...) {
      db.exec("ROLLBACK");
      throw;
    }
  }
  return applied;
}

}  // namespace taizhang::sqlite
