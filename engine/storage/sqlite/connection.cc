#include "engine/storage/sqlite/connection.h"

#include "engine/storage/storage_failure.h"

namespace taizhang::sqlite {

namespace {

// A full disk is the one storage failure that passes by itself: the API answers it 503.
StorageFailure failure(sqlite3* db, std::string message) {
  StorageFailure f(std::move(message));
  f.disk_full = db && (sqlite3_errcode(db) & 0xff) == SQLITE_FULL;
  return f;
}

}  // namespace

void throw_failure(sqlite3* db, std::string_view what) {
  throw failure(db, std::string(what) + ": " + (db ? sqlite3_errmsg(db) : "no database"));
}

Connection::Connection(const std::string& path, Mode mode) {
  int flags = SQLITE_OPEN_NOMUTEX |
              (mode == Mode::read_only ? SQLITE_OPEN_READONLY
                                       : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string msg = "open " + path;
    if (db_) {
      msg += std::string(": ") + sqlite3_errmsg(db_);
      sqlite3_close(db_);
      db_ = nullptr;
    }
    throw StorageFailure(msg);
  }
  // Waiting beats failing when another process (the CLI) holds the write lock briefly.
  sqlite3_busy_timeout(db_, 5000);
  if (mode == Mode::read_write) exec("PRAGMA journal_mode=WAL");
  // Every worker thread has a read connection; SQLite's default 2 MiB page cache on each would
  // dominate the server's memory. The OS page cache serves re-reads anyway.
  if (mode == Mode::read_only) exec("PRAGMA cache_size=-512");
  exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON");
}

Connection::~Connection() {
  cache_.clear();  // statements must be finalised before the connection closes
  if (db_) sqlite3_close(db_);
}

void Connection::exec(std::string_view sql) {
  char* err = nullptr;
  std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db_);
    sqlite3_free(err);
    throw failure(db_, "exec: " + msg);
  }
}

Statement& Connection::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    it = cache_.emplace(std::string(sql), std::make_unique<Statement>(db_, sql)).first;
  }
  it->second->reset();
  return *it->second;
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                         &stmt_, nullptr) != SQLITE_OK) {
    throw_failure(db, "prepare");
  }
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, int64_t value) {
  if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) throw_failure(db_, "bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  if (sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK) {
    throw_failure(db_, "bind");
  }
  return *this;
}

Statement& Statement::bind(int index, std::nullptr_t) {
  if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) throw_failure(db_, "bind");
  return *this;
}

Statement& Statement::bind(int index, const std::optional<int64_t>& value) {
  return value ? bind(index, *value) : bind(index, nullptr);
}

Statement& Statement::bind(int index, const std::optional<std::string>& value) {
  return value ? bind(index, std::string_view(*value)) : bind(index, nullptr);
}

Statement& Statement::bind_blob(int index, std::span<const unsigned char> bytes) {
  if (sqlite3_bind_blob(stmt_, index, bytes.data(), static_cast<int>(bytes.size()),
                        SQLITE_TRANSIENT) != SQLITE_OK) {
    throw_failure(db_, "bind");
  }
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw_failure(db_, "step");
}

void Statement::run() {
  while (step()) {
  }
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::text(int column) const { return std::string(text_view(column)); }

std::string_view Statement::text_view(int column) const {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return p ? std::string_view(p, sqlite3_column_bytes(stmt_, column)) : std::string_view();
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::optional<int64_t> Statement::opt_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

std::optional<std::string> Statement::opt_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

std::optional<std::string_view> Statement::opt_text_view(int column) const {
  if (is_null(column)) return std::nullopt;
  return text_view(column);
}

std::span<const unsigned char> Statement::blob(int column) const {
  // sqlite3_column_blob before sqlite3_column_bytes: the pointer is then to the blob as stored,
  // not to a conversion the size call would make.
  auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_, column));
  const int n = sqlite3_column_bytes(stmt_, column);
  if (!p || n <= 0) return {};
  return {p, static_cast<size_t>(n)};
}

}  // namespace taizhang::sqlite
