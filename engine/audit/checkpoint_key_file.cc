#include "engine/audit/checkpoint_key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace taizhang {

namespace {

// The key line and its newline; a file longer than this holds something else.
constexpr size_t kKeyFileBytes = 2 * kCheckpointSecretKeyBytes + 1;

}  // namespace

std::string checkpoint_key_path_for(const std::string& db_path) { return db_path + ".signing-key"; }

Result<CheckpointKey> create_checkpoint_key_file(const std::string& path) {
  // O_EXCL: never replace a key; 0600 from the start, so the secret is never readable by others
  // even for a moment (the umask can only take permissions away).
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return fail(ErrorCode::conflict, path + " exists already", "signing-key");
    return fail(ErrorCode::internal, "cannot create " + path + ": " + std::strerror(errno));
  }
  CheckpointKey key = CheckpointKey::generate();
  const std::string line = key.secret_hex() + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    ::unlink(path.c_str());
    return fail(ErrorCode::internal, "cannot write " + path);
  }
  return key;
}

Result<CheckpointKey> load_checkpoint_key_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return fail(ErrorCode::not_found, "no signing key at " + path);
    return fail(ErrorCode::invalid_field, "cannot read " + path + ": " + std::strerror(errno),
                "signing-key");
  }
  struct stat st{};
  if (::fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
    ::close(fd);
    return fail(ErrorCode::invalid_field,
                "the signing key " + path +
                    " may be read or written by others; only its owner may (chmod 600 " + path +
                    ")",
                "signing-key");
  }
  char buffer[kKeyFileBytes + 1];
  const ssize_t n = ::read(fd, buffer, sizeof buffer);
  ::close(fd);
  std::string_view text(buffer, n > 0 ? static_cast<size_t>(n) : 0);
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  auto key = CheckpointKey::from_hex(text);
  std::memset(buffer, 0, sizeof buffer);
  if (!key) {
    return fail(ErrorCode::invalid_field,
                path + " does not hold a signing key (128 lower-case hex digits)", "signing-key");
  }
  return *key;
}

}  // namespace taizhang
