#include "engine/database.h"

#include <atomic>
#include <filesystem>
#include <map>

#include "engine/sqlite/connection.h"
#include "engine/sqlite/migrations.h"
#include "engine/sqlite/sqlite_store.h"

namespace taizhang {

namespace {

std::atomic<uint64_t> next_generation{1};

// One read-only connection per thread per open Database.
sqlite::Connection& read_connection(uint64_t generation, const std::string& path) {
  thread_local std::map<uint64_t, std::unique_ptr<sqlite::Connection>> connections;
  auto& slot = connections[generation];
  if (!slot) slot = std::make_unique<sqlite::Connection>(path, sqlite::Connection::Mode::read_only);
  return *slot;
}

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::string& path, Writer::Limits limits) {
  try {
    {
      sqlite::Connection db(path, sqlite::Connection::Mode::read_write);
      sqlite::migrate(db);
    }
    auto writer = std::make_unique<Writer>(path, limits);
    return std::unique_ptr<Database>(new Database(path, next_generation++, std::move(writer)));
  } catch (const StorageFailure& e) {
    return fail(ErrorCode::internal, std::string("cannot open database: ") + e.what());
  }
}

Database::Database(std::string path, uint64_t generation, std::unique_ptr<Writer> writer)
    : path_(std::move(path)), generation_(generation), writer_(std::move(writer)) {}

Database::~Database() { writer_->stop(); }

Result<void> Database::read_impl(const std::function<void(StoreReader&)>& fn) {
  try {
    sqlite::Connection& db = read_connection(generation_, path_);
    sqlite::SqliteStore store(db);
    db.exec("BEGIN");
    try {
      fn(store);
    } catch (...) {
      db.exec("ROLLBACK");
      throw;
    }
    db.exec("COMMIT");
    return {};
  } catch (const StorageFailure& e) {
    return fail(ErrorCode::internal, std::string("storage: ") + e.what());
  } catch (const std::exception& e) {
    return fail(ErrorCode::internal, std::string("read failed: ") + e.what());
  }
}

Result<void> Database::backup_to(const std::string& to) {
  std::error_code ec;
  if (std::filesystem::exists(to, ec)) {
    return fail(ErrorCode::conflict, to + " exists; choose a new file for the backup");
  }
  try {
    sqlite::Connection src(path_, sqlite::Connection::Mode::read_only);
    sqlite::Connection dst(to, sqlite::Connection::Mode::read_write);
    sqlite3_backup* b = sqlite3_backup_init(dst.handle(), "main", src.handle(), "main");
    if (!b) sqlite::throw_failure(dst.handle(), "backup init");
    // Copy everything in one step: the copy is then one consistent snapshot of the source.
    int rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) sqlite::throw_failure(dst.handle(), "backup");
    return {};
  } catch (const StorageFailure& e) {
    return fail(ErrorCode::internal, std::string("backup failed: ") + e.what());
  }
}

}  // namespace taizhang
