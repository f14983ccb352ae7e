#include "media/zip_archive.h"

#include <zip.h>

#include <cstdio>

namespace taizhang::media {

Result<void> write_zip(const std::string& path, const std::vector<ZipEntry>& entries) {
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_EXCL, &error);
  if (!archive) return fail(ErrorCode::internal, "cannot create the archive " + path);
  auto abandon = [&](const std::string& why) -> Result<void> {
    zip_discard(archive);
    std::remove(path.c_str());
    return fail(ErrorCode::internal, why);
  };
  for (const auto& e : entries) {
    zip_source_t* source =
        e.from_file.empty()
            ? zip_source_buffer(archive, e.text.data(), e.text.size(), 0)
            : zip_source_file(archive, e.from_file.c_str(), 0, -1);  // -1: to the end
    if (!source) return abandon("cannot read " + e.name + " for the archive");
    zip_int64_t index = zip_file_add(archive, e.name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(source);
      return abandon("cannot add " + e.name + " to the archive");
    }
    if (!e.from_file.empty()) zip_set_file_compression(archive, index, ZIP_CM_STORE, 0);
  }
  // The text buffers and files are read here, while `entries` is still alive.
  if (zip_close(archive) != 0) return abandon(std::string("cannot write the archive: ") +
                                              zip_strerror(archive));
  return {};
}

}  // namespace taizhang::media
