// A SQLite connection with the settings taizhang relies on: WAL, synchronous=FULL (a commit is
// on disk before it is acknowledged), foreign keys on, a busy timeout. Prepared statements are
// cached per connection. Not thread-safe: one thread at a time.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <sqlite3.h>

namespace taizhang::sqlite {

class Statement;

class Connection {
 public:
  enum class Mode { read_write, read_only };
  // Throws StorageFailure when the file cannot be opened.
  Connection(const std::string& path, Mode mode);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void exec(std::string_view sql);  // one or more statements, no results
  Statement& prepare(std::string_view sql);  // cached; reset before it is returned
  int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::map<std::string, std::unique_ptr<Statement>, std::less<>> cache_;
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, int64_t value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, std::nullptr_t);
  Statement& bind(int index, const std::optional<int64_t>& value);
  Statement& bind(int index, const std::optional<std::string>& value);
  // Binds bytes as a BLOB (a text binding would make them TEXT, compared and sized as such).
  Statement& bind_blob(int index, std::span<const unsigned char> bytes);

  bool step();  // true while a row is available; throws StorageFailure on error
  void run();   // step to completion
  void reset();

  int64_t int64(int column) const;
  std::string text(int column) const;
  // The column's text, valid until the next step() or reset(); empty for NULL.
  std::string_view text_view(int column) const;
  bool is_null(int column) const;
  std::optional<int64_t> opt_int64(int column) const;
  std::optional<std::string> opt_text(int column) const;
  // text_view, or nullopt for NULL.
  std::optional<std::string_view> opt_text_view(int column) const;
  // The column's bytes, valid until the next step() or reset(); empty for NULL.
  std::span<const unsigned char> blob(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Resets a statement when a scope ends, so no half-read statement holds its snapshot open.
class StatementScope {
 public:
  explicit StatementScope(Statement& s) : s_(s) {}
  ~StatementScope() { s_.reset(); }
  Statement* operator->() { return &s_; }
  Statement& operator*() { return s_; }

 private:
  Statement& s_;
};

[[noreturn]] void throw_failure(sqlite3* db, std::string_view what);

}  // namespace taizhang::sqlite
