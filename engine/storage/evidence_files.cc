#include "engine/storage/evidence_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "engine/base/digest.h"

namespace taizhang {

namespace {

namespace fs = std::filesystem;

constexpr size_t kBlockBytes = 1 << 20;

bool disk_full(int err) { return err == ENOSPC || err == EDQUOT; }

Error io_error(int err, const std::string& what) {
  if (disk_full(err)) {
    return Error{ErrorCode::unavailable, "the disk is full (磁盘已满): " + what};
  }
  return Error{ErrorCode::internal, what + ": " + std::strerror(err)};
}

// fsync of a folder, so that a rename or a new entry in it survives a crash.
int sync_dir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno;
  int err = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return err;
}

int make_dir(const std::string& dir) {
  if (::mkdir(dir.c_str(), 0750) == 0 || errno == EEXIST) return 0;
  return errno;
}

int write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return 0;
}

// Writes `bytes` durably at `dest` through a temporary file in `tmp_dir`: write, fsync, rename,
// fsync of dest's folder. On failure nothing of this call remains.
Result<void> write_durably(const std::string& tmp_dir, const std::string& dest,
                           std::string_view bytes, const std::string& what) {
  std::string tmp = tmp_dir + "/upload-XXXXXX";
  int fd = ::mkstemp(tmp.data());
  if (fd < 0) return std::unexpected(io_error(errno, what));
  int err = write_all(fd, bytes);
  if (err == 0 && ::fsync(fd) != 0) err = errno;
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err == 0 && ::rename(tmp.c_str(), dest.c_str()) != 0) err = errno;
  if (err != 0) {
    ::unlink(tmp.c_str());
    return std::unexpected(io_error(err, what));
  }
  if (int e = sync_dir(fs::path(dest).parent_path().string()); e != 0) {
    return std::unexpected(io_error(e, what));
  }
  return {};
}

}  // namespace

EvidenceFiles::Hold::~Hold() {
  if (files_) files_->release(sha256_);
}

Result<void> EvidenceFiles::open() {
  for (const std::string& d : {dir_, dir_ + "/tmp", dir_ + "/thumbs"}) {
    if (int err = make_dir(d); err != 0) {
      return fail(ErrorCode::internal, "cannot make the evidence folder " + d + ": " +
                                           std::strerror(err));
    }
  }
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_ + "/tmp", ec)) {
    fs::remove(entry.path(), ec);  // a crash between write and rename; no row names it
  }
  if (int err = sync_dir(dir_); err != 0) {
    return fail(ErrorCode::internal, "cannot sync " + dir_ + ": " + std::strerror(err));
  }
  return {};
}

std::string EvidenceFiles::path(std::string_view sha256) const {
  return dir_ + "/" + std::string(sha256.substr(0, 2)) + "/" + std::string(sha256);
}

std::string EvidenceFiles::thumbnail_path(std::string_view sha256) const {
  return dir_ + "/thumbs/" + std::string(sha256) + ".jpg";
}

Result<EvidenceFiles::Hold> EvidenceFiles::put(std::string_view bytes, const std::string& sha256) {
  {
    std::lock_guard lock(mu_);
    ++holds_[sha256];
  }
  Hold hold(this, sha256);
  const std::string shard = dir_ + "/" + sha256.substr(0, 2);
  if (int err = make_dir(shard); err != 0) return std::unexpected(io_error(err, shard));
  const std::string dest = path(sha256);
  struct stat st{};
  if (::stat(dest.c_str(), &st) == 0 && st.st_size == static_cast<off_t>(bytes.size())) {
    // Stored before. Its folder is synced again in case that upload is still in flight.
    if (int err = sync_dir(shard); err != 0) return std::unexpected(io_error(err, shard));
  } else {
    auto ok = write_durably(dir_ + "/tmp", dest, bytes, "storing " + sha256);
    if (!ok) return std::unexpected(ok.error());
  }
  if (int err = sync_dir(dir_); err != 0) return std::unexpected(io_error(err, dir_));
  return hold;
}

void EvidenceFiles::release(const std::string& sha256) {
  std::lock_guard lock(mu_);
  auto it = holds_.find(sha256);
  if (it != holds_.end() && --it->second == 0) holds_.erase(it);
}

void EvidenceFiles::discard(Hold hold, const std::function<bool()>& referenced) {
  std::lock_guard lock(mu_);
  auto it = holds_.find(hold.sha256_);
  const bool others = it != holds_.end() && it->second > 1;
  if (!others && !referenced()) {
    ::unlink(path(hold.sha256_).c_str());
    ::unlink(thumbnail_path(hold.sha256_).c_str());
    sync_dir(dir_ + "/" + hold.sha256_.substr(0, 2));
  }
  if (it != holds_.end() && --it->second == 0) holds_.erase(it);
  hold.files_ = nullptr;  // released here, under the lock
}

Result<std::string> EvidenceFiles::read(std::string_view sha256) const {
  return read_whole(path(sha256), sha256);
}

Result<std::string> EvidenceFiles::read_thumbnail(std::string_view sha256) const {
  return read_whole(thumbnail_path(sha256), sha256);
}

Result<std::string> EvidenceFiles::read_whole(const std::string& p, std::string_view sha256) const {
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(ErrorCode::not_found, "the file " + std::string(sha256) + " is missing");
  std::string out;
  std::array<char, 1 << 16> block{};
  for (;;) {
    ssize_t n = ::read(fd, block.data(), block.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return std::unexpected(io_error(err, "reading " + p));
    }
    if (n == 0) break;
    out.append(block.data(), static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

EvidenceFiles::FileState EvidenceFiles::check(std::string_view sha256, int64_t size_bytes) const {
  int fd = ::open(path(sha256).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return FileState::missing;
  Sha256 hasher;
  int64_t total = 0;
  std::string block(kBlockBytes, '\0');
  bool failed = false;
  for (;;) {
    ssize_t n = ::read(fd, block.data(), block.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      failed = true;
      break;
    }
    if (n == 0) break;
    hasher.update(std::string_view(block.data(), static_cast<size_t>(n)));
    total += n;
  }
  ::close(fd);
  if (failed || total != size_bytes || hasher.hex() != sha256) return FileState::altered;
  return FileState::intact;
}

Result<int64_t> EvidenceFiles::copy_to(const std::string& to_dir,
                                       const std::vector<std::string>& sha256s) const {
  for (const std::string& d : {to_dir, to_dir + "/tmp"}) {
    if (int err = make_dir(d); err != 0) return std::unexpected(io_error(err, d));
  }
  int64_t copied = 0;
  for (const auto& sha : sha256s) {
    auto bytes = read(sha);
    if (!bytes) return std::unexpected(bytes.error());
    const std::string shard = to_dir + "/" + sha.substr(0, 2);
    if (int err = make_dir(shard); err != 0) return std::unexpected(io_error(err, shard));
    auto ok = write_durably(to_dir + "/tmp", shard + "/" + sha, *bytes, "copying " + sha);
    if (!ok) return std::unexpected(ok.error());
    ++copied;
  }
  ::rmdir((to_dir + "/tmp").c_str());
  if (int err = sync_dir(to_dir); err != 0) return std::unexpected(io_error(err, to_dir));
  return copied;
}

Result<void> EvidenceFiles::put_thumbnail(std::string_view sha256, std::string_view jpeg) {
  return write_durably(dir_ + "/tmp", thumbnail_path(sha256), jpeg,
                       "thumbnail of " + std::string(sha256));
}

}  // namespace taizhang
