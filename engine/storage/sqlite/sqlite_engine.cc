#include "engine/storage/sqlite/sqlite_engine.h"

#include <atomic>
#include <map>
#include <memory>

#include "engine/audit/audit_tree.h"
#include "engine/storage/sqlite/migrations.h"
#include "engine/storage/sqlite/open_database.h"
#include "engine/storage/sqlite/sqlite_store.h"

namespace taizhang::sqlite {

namespace {

std::atomic<uint64_t> next_generation{1};

// One read-only connection per thread per open engine.
Connection& read_connection(uint64_t generation, const std::string& path) {
  thread_local std::map<uint64_t, std::unique_ptr<Connection>> connections;
  auto& slot = connections[generation];
  if (!slot) slot = std::make_unique<Connection>(path, Connection::Mode::read_only);
  return *slot;
}

// Brings the stored Merkle tree up to the head (engine/audit/audit_tree.h): after migration 016,
// the records already in the log; later, any an older binary appended. One transaction, so a
// crash midway leaves the tree as it was and the next open starts again.
void complete_audit_tree(Connection& db) {
  SqliteStore store(db);
  db.exec("BEGIN IMMEDIATE");
  try {
    // A record whose hash is not a hash stops the tree before it. The database still opens:
    // `audit verify` is how its owner learns which record it is, and it must open it to say so.
    // Writes then fail on the tree's assertion (engine/audit/log.cc), as they must on a log
    // that is no longer one chain.
    (void)complete_merkle_tree(store);
    db.exec("COMMIT");
  } catch (...) {
    db.exec("ROLLBACK");
    throw;
  }
}

}  // namespace

void SqliteTransactor::rollback() noexcept {
  try {
    db_.exec("ROLLBACK");
  } catch (const StorageFailure&) {
    // Nothing more to undo: SQLite rolls back by itself after some failures.
  }
}

SqliteEngine::SqliteEngine(std::string path)
    : path_(std::move(path)), generation_(next_generation++) {}

std::unique_ptr<Transactor> SqliteEngine::open_transactor() {
  return std::make_unique<SqliteTransactor>(path_);
}

void SqliteEngine::read(const std::function<void(StoreReader&)>& fn) {
  Connection& db = read_connection(generation_, path_);
  SqliteStore store(db);
  db.exec("BEGIN");
  try {
    fn(store);
  } catch (...) {
    db.exec("ROLLBACK");
    throw;
  }
  db.exec("COMMIT");
}

void SqliteEngine::backup_to(const std::string& to) {
  Connection src(path_, Connection::Mode::read_only);
  Connection dst(to, Connection::Mode::read_write);
  sqlite3_backup* b = sqlite3_backup_init(dst.handle(), "main", src.handle(), "main");
  if (!b) throw_failure(dst.handle(), "backup init");
  // Copy everything in one step: the copy is then one consistent snapshot of the source.
  int rc = sqlite3_backup_step(b, -1);
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) throw_failure(dst.handle(), "backup");
}

Result<std::unique_ptr<Database>> open_database(const std::string& path, Writer::Limits limits) {
  try {
    {
      Connection db(path, Connection::Mode::read_write);
      migrate(db);
      complete_audit_tree(db);
    }
    return std::make_unique<Database>(std::make_unique<SqliteEngine>(path), limits);
  } catch (const StorageFailure& e) {
    return fail(ErrorCode::internal, std::string("cannot open database: ") + e.what());
  }
}

}  // namespace taizhang::sqlite
