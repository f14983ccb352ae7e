// The evidence files: content-addressed by SHA-256 in a folder beside the database
// (`<db>-evidence/`, like SQLite's own `-wal`), each at `<dir>/<first two hex digits>/<sha256>`.
// It lives in engine/storage because it is the other half of the database: an attachment row
// is only ever committed after the file it names is on disk, and backup and verify treat the
// two together. Plain POSIX file I/O; no third-party library.
//
// Durability: a file is written to `<dir>/tmp/`, fsynced, renamed into place, and its folder
// fsynced, all before put() returns — so a row committed afterwards never names a file a crash
// could lose. The same bytes are stored once, also when uploaded concurrently (each writer
// renames identical bytes onto the same name).
//
// Nothing is ever removed but a file that no row names: when an upload's row could not be
// committed, its file is discarded unless another upload of the same bytes is in flight (holds)
// or committed. Thumbnails (`<dir>/thumbs/<sha256>.jpg`) are derived and may be made again.
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/base/error.h"

namespace taizhang {

class EvidenceFiles {
 public:
  // The folder beside the database file `db_path`.
  static std::string dir_for(const std::string& db_path) { return db_path + "-evidence"; }

  explicit EvidenceFiles(std::string dir) : dir_(std::move(dir)) {}

  // Creates the folder and its tmp/ if missing and removes temporary files a crash left behind.
  // internal when the folder cannot be made.
  Result<void> open();

  // While a Hold on a SHA-256 lives, discard() leaves that file alone: an upload of those bytes
  // is between storing its file and committing its row.
  class Hold {
   public:
    Hold() = default;
    Hold(EvidenceFiles* files, std::string sha256) : files_(files), sha256_(std::move(sha256)) {}
    Hold(Hold&& o) noexcept : files_(std::exchange(o.files_, nullptr)), sha256_(std::move(o.sha256_)) {}
    Hold& operator=(Hold&&) = delete;
    Hold(const Hold&) = delete;
    ~Hold();
    const std::string& sha256() const { return sha256_; }

   private:
    friend class EvidenceFiles;
    EvidenceFiles* files_ = nullptr;
    std::string sha256_;
  };

  // Stores `bytes` whose SHA-256 is `sha256` and returns a Hold on it. unavailable when the
  // disk is full (ENOSPC, EDQUOT), internal on any other failure; either way no file of this
  // call is left behind.
  Result<Hold> put(std::string_view bytes, const std::string& sha256);

  // After the row naming the held file failed to commit: removes the file unless another Hold
  // on it lives or `referenced()` (asked under the lock) says a committed row names it.
  void discard(Hold hold, const std::function<bool()>& referenced);

  std::string path(std::string_view sha256) const;
  // The whole file; not_found when it is missing.
  Result<std::string> read(std::string_view sha256) const;

  enum class FileState { intact, missing, altered };
  // Re-reads the file and compares its size and SHA-256 with what the row says.
  FileState check(std::string_view sha256, int64_t size_bytes) const;

  // Copies each named file into the evidence folder `to_dir` (created), each written, fsynced
  // and renamed like put(). Returns the number copied; the first failure is an error naming it.
  Result<int64_t> copy_to(const std::string& to_dir, const std::vector<std::string>& sha256s) const;

  // Thumbnails: derived JPEGs beside the originals, rewritten at will.
  std::string thumbnail_path(std::string_view sha256) const;
  // The thumbnail of the file; not_found when none was made (or it was lost).
  Result<std::string> read_thumbnail(std::string_view sha256) const;
  Result<void> put_thumbnail(std::string_view sha256, std::string_view jpeg);

  const std::string& dir() const { return dir_; }

 private:
  void release(const std::string& sha256);
  Result<std::string> read_whole(const std::string& path, std::string_view sha256) const;

  std::string dir_;
  std::mutex mu_;
  std::map<std::string, int, std::less<>> holds_;  // sha256 → live Holds
};

}  // namespace taizhang
