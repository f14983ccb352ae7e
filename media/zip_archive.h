// A ZIP archive built with libzip (a dossier: its files, its manifest, its printable page).
// Files are taken from disk as they are (photos and PDFs are compressed already); text entries
// are deflated. Thread-safe (each call has its own archive).
#pragma once

#include <string>
#include <vector>

#include "engine/base/error.h"

namespace taizhang::media {

struct ZipEntry {
  std::string name;       // the path inside the archive, UTF-8
  std::string from_file;  // a file to copy in as it is, or
  std::string text;       // the entry's contents, when from_file is empty
};

// Writes the archive to `path` (which must not exist) and returns nothing; internal naming the
// entry when libzip fails (a missing file among them). Nothing is left at `path` on failure.
Result<void> write_zip(const std::string& path, const std::vector<ZipEntry>& entries);

}  // namespace taizhang::media
