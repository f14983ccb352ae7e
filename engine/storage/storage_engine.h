// A storage engine: where a Database keeps its data. It hands out the one read-write
// Transactor (for the writer thread) and runs read transactions on per-thread read connections,
// which never wait for the writer. SQLite implements it (engine/storage/sqlite/); a PostgreSQL
// engine would implement this, the Transactor and the store interfaces, and nothing else.
//
// Every call throws StorageFailure when the database fails; the Database turns that into an
// error result. Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "engine/storage/store.h"
#include "engine/storage/transactor.h"

namespace taizhang {

class StorageEngine {
 public:
  virtual ~StorageEngine() = default;

  // Opens the read-write connection the writer thread will use (one per Database).
  virtual std::unique_ptr<Transactor> open_transactor() = 0;
  // Runs `fn` in one read transaction (a consistent snapshot) on the calling thread's read
  // connection, opening it on first use. Rolls back and rethrows if `fn` throws.
  virtual void read(const std::function<void(StoreReader&)>& fn) = 0;
  // Copies the database online into the new file `to`: one consistent snapshot even while the
  // writer commits. The caller has checked that `to` does not exist.
  virtual void backup_to(const std::string& to) = 0;
  // Where the data lives, for messages (a file path for SQLite).
  virtual const std::string& location() const = 0;
};

}  // namespace taizhang
