// Which reader a file for import goes to, by its first bytes: "PK\3\4" is a zip (an XLSX
// workbook, or a zip that is not one and is refused); anything else is read as CSV text.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "delivery/spreadsheet/table_reader.h"

namespace taizhang {

namespace {

bool is_zip(std::string_view bytes) { return bytes.starts_with("PK\x03\x04"); }

std::string too_large() { return "文件超过20 MB上限"; }

}  // namespace

Result<ImportTable> read_import_file(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return fail(ErrorCode::invalid_field, "cannot read " + path, "file");
  if (size > kMaxImportBytes) return fail(ErrorCode::invalid_field, too_large(), "file");
  std::ifstream in(path, std::ios::binary);
  std::string bytes(static_cast<size_t>(size), '\0');
  if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) {
    return fail(ErrorCode::invalid_field, "cannot read " + path, "file");
  }
  if (is_zip(bytes)) return read_xlsx_table(path);
  return read_csv_table(bytes);
}

Result<ImportTable> read_import_bytes(std::string_view bytes) {
  if (bytes.size() > kMaxImportBytes) return fail(ErrorCode::invalid_field, too_large(), "file");
  if (!is_zip(bytes)) return read_csv_table(bytes);
  std::string path = (std::filesystem::temp_directory_path() / "taizhang-import-XXXXXX").string();
  const int fd = mkstemp(path.data());
  if (fd < 0) return fail(ErrorCode::internal, "cannot create a temporary file");
  size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = write(fd, bytes.data() + written, bytes.size() - written);
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  close(fd);
  Result<ImportTable> table = written == bytes.size()
                                  ? read_xlsx_table(path)
                                  : Result<ImportTable>(fail(ErrorCode::internal, "cannot write a temporary file"));
  std::filesystem::remove(path);
  return table;
}

}  // namespace taizhang
