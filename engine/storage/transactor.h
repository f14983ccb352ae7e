// The transactions of the one read-write connection, as the Writer drives them: a batch is one
// transaction, each job in it one savepoint. Implemented by each storage engine
// (engine/storage/sqlite/sqlite_transactor.h); used by the writer thread only.
//
// Every call but rollback() throws StorageFailure when the database fails.
#pragma once

#include "engine/storage/store.h"

namespace taizhang {

class Transactor {
 public:
  virtual ~Transactor() = default;

  // The store whose statements run inside the current transaction.
  virtual StoreWriter& store() = 0;

  // Starts a batch and takes the database's write lock at once (SQLite: BEGIN IMMEDIATE).
  virtual void begin() = 0;
  // Marks the start of one job inside the batch.
  virtual void savepoint() = 0;
  // Undoes everything since the last savepoint(); the batch goes on.
  virtual void rollback_to_savepoint() = 0;
  // Ends the job's savepoint, keeping its changes in the batch.
  virtual void release_savepoint() = 0;
  // Commits the batch; on return it is on disk (synchronous=FULL).
  virtual void commit() = 0;
  // Undoes the whole batch after a failure; never throws (some failures end it by themselves).
  virtual void rollback() noexcept = 0;
};

}  // namespace taizhang
