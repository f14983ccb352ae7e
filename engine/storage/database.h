// A taizhang database: one storage engine, one Writer for every change, and read transactions
// on per-thread read connections (a reader never waits for the writer). Open one with the
// engine's opener (engine/storage/sqlite/open_database.h). Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "engine/base/error.h"
#include "engine/storage/storage_engine.h"
#include "engine/storage/store.h"
#include "engine/storage/writer.h"

namespace taizhang {

class Database {
 public:
  // Starts the writer on the engine's read-write connection. The engine is migrated already.
  Database(std::unique_ptr<StorageEngine> engine, Writer::Limits limits);
  ~Database();  // stops the writer after the queued jobs

  // Runs `fn(reader)` in one read transaction (a consistent snapshot) on this thread's read
  // connection. `fn` returns a Result<T>; storage failures become ErrorCode::internal.
  template <typename F>
  auto read(F&& fn) -> decltype(fn(std::declval<StoreReader&>())) {
    using R = decltype(fn(std::declval<StoreReader&>()));
    std::optional<R> out;
    auto ok = read_impl([&](StoreReader& reader) { out.emplace(fn(reader)); });
    if (!ok) return std::unexpected(ok.error());
    return std::move(*out);
  }

  Writer& writer() { return *writer_; }
  // Where the data lives (the SQLite file's path).
  const std::string& path() const { return engine_->location(); }

  // Copies the database online into `to`: a consistent snapshot even while the server writes.
  // `to` must not exist (ErrorCode::conflict).
  Result<void> backup_to(const std::string& to);

 private:
  Result<void> read_impl(const std::function<void(StoreReader&)>& fn);

  std::unique_ptr<StorageEngine> engine_;
  std::unique_ptr<Writer> writer_;
};

}  // namespace taizhang
