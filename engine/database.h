// A taizhang database: migrated on open, one Writer for every change, and read transactions on
// per-thread read-only connections (a reader never waits for the writer: WAL). Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "engine/error.h"
#include "engine/store.h"
#include "engine/writer.h"

namespace taizhang {

class Database {
 public:
  // Creates the file if missing and applies pending migrations.
  static Result<std::unique_ptr<Database>> open(const std::string& path,
                                                Writer::Limits limits = {});
  ~Database();

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
  const std::string& path() const { return path_; }

  // Copies the database online into `to` (SQLite backup API): a consistent snapshot even while
  // the server writes. `to` must not exist.
  Result<void> backup_to(const std::string& to);

 private:
  Database(std::string path, uint64_t generation, std::unique_ptr<Writer> writer);
  Result<void> read_impl(const std::function<void(StoreReader&)>& fn);

  std::string path_;
  uint64_t generation_;  // keys the per-thread read connections of this instance
  std::unique_ptr<Writer> writer_;
};

}  // namespace taizhang
