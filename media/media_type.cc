#include "media/media_type.h"

#include <magic.h>

#include <memory>

namespace taizhang::media {

namespace {

struct MagicCloser {
  void operator()(magic_t m) const { magic_close(m); }
};
using Magic = std::unique_ptr<std::remove_pointer_t<magic_t>, MagicCloser>;

// libmagic handles are not thread-safe; each thread loads the compiled database once.
magic_t thread_magic() {
  thread_local Magic handle = [] {
    Magic m(magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS));
    if (m && magic_load(m.get(), nullptr) != 0) m.reset();
    return m;
  }();
  return handle.get();
}

}  // namespace

std::string sniff_media_type(std::string_view bytes) {
  magic_t m = thread_magic();
  if (!m || bytes.empty()) return "application/octet-stream";
  const char* type = magic_buffer(m, bytes.data(), bytes.size());
  return type ? std::string(type) : "application/octet-stream";
}

}  // namespace taizhang::media
