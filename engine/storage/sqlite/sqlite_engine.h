// The SQLite storage engine: WAL, so that readers on their per-thread read-only connections
// never wait for the one read-write connection the writer thread drives.
#pragma once

#include <cstdint>
#include <string>

#include "engine/storage/sqlite/connection.h"
#include "engine/storage/sqlite/sqlite_store.h"
#include "engine/storage/storage_engine.h"

namespace taizhang::sqlite {

class SqliteTransactor final : public Transactor {
 public:
  explicit SqliteTransactor(const std::string& path)
      : db_(path, Connection::Mode::read_write), store_(db_) {}
  StoreWriter& store() override { return store_; }
  void begin() override { db_.exec("BEGIN IMMEDIATE"); }
  void savepoint() override { db_.prepare("SAVEPOINT job").run(); }
  void rollback_to_savepoint() override { db_.prepare("ROLLBACK TO job").run(); }
  void release_savepoint() override { db_.prepare("RELEASE job").run(); }
  void commit() override { db_.exec("COMMIT"); }
  void rollback() noexcept override;

 private:
  Connection db_;
  SqliteStore store_;
};

class SqliteEngine final : public StorageEngine {
 public:
  // The file must exist and be migrated (open_database does both).
  explicit SqliteEngine(std::string path);
  std::unique_ptr<Transactor> open_transactor() override;
  void read(const std::function<void(StoreReader&)>& fn) override;
  void backup_to(const std::string& to) override;
  const std::string& location() const override { return path_; }

 private:
  std::string path_;
  uint64_t generation_;  // keys this engine's per-thread read connections
};

}  // namespace taizhang::sqlite
