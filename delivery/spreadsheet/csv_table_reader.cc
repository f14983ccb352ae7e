// CSV for import: the encoding is UTF-8 when the bytes are valid UTF-8 (a BOM says so outright),
// else GBK, converted with iconv as GB18030 (its superset, which every GBK file is valid in).
// Fields follow RFC 4180: commas, double quotes doubled inside quoted fields, CRLF or LF.
#include <iconv.h>

#include <cerrno>

#include "delivery/spreadsheet/table_reader.h"

namespace taizhang {

namespace {

bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) >> 6) != 0x2) return false;
    }
    i += len;
  }
  return true;
}

Result<std::string> gbk_to_utf8(std::string_view in) {
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == reinterpret_cast<iconv_t>(-1)) return fail(ErrorCode::internal, "iconv has no GB18030");
  std::string out(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  const size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
  iconv_close(cd);
  if (r == static_cast<size_t>(-1)) {
    return fail(ErrorCode::invalid_field,
                "文件不是电子表格：文本既不是UTF-8也不是GBK编码（第" +
                    std::to_string(in.size() - src_left + 1) + "字节）",
                "file");
  }
  out.resize(out.size() - dst_left);
  return out;
}

}  // namespace

Result<ImportTable> read_csv_table(std::string_view bytes) {
  if (bytes.size() > kMaxImportBytes) {
    return fail(ErrorCode::invalid_field, "文件超过20 MB上限", "file");
  }
  if (bytes.find('\0') != std::string_view::npos) {
    return fail(ErrorCode::invalid_field, "文件不是电子表格（XLSX或CSV）：含有二进制数据", "file");
  }
  std::string text;
  if (bytes.starts_with("\xEF\xBB\xBF")) {
    bytes.remove_prefix(3);
    if (!valid_utf8(bytes)) {
      return fail(ErrorCode::invalid_field, "文件声明为UTF-8但含有无效字节", "file");
    }
    text.assign(bytes);
  } else if (valid_utf8(bytes)) {
    text.assign(bytes);
  } else {
    auto converted = gbk_to_utf8(bytes);
    if (!converted) return std::unexpected(converted.error());
    text = std::move(*converted);
  }

  ImportTable table;
  ImportTable::Row row;
  std::string cell;
  int64_t line = 1;
  row.line = 1;
  bool quoted = false, any = false;
  auto end_cell = [&]() -> Result<void> {
    if (cell.size() > kMaxImportCellBytes) {
      return fail(ErrorCode::invalid_field, "第" + std::to_string(row.line) + "行有单元格超过16 KB", "file");
    }
    row.cells.push_back(std::move(cell));
    cell.clear();
    if (row.cells.size() > kMaxImportColumns) {
      return fail(ErrorCode::invalid_field, "第" + std::to_string(row.line) + "行超过200列", "file");
    }
    return {};
  };
  auto end_row = [&]() -> Result<void> {
    if (auto ok = end_cell(); !ok) return ok;
    bool blank = true;
    for (const auto& c : row.cells) blank &= c.find_first_not_of(" \t") == std::string::npos;
    if (!blank) {
      if (table.rows.size() >= kMaxImportRows + 10) {
        return fail(ErrorCode::invalid_field, "文件超过200,000行上限", "file");
      }
      table.rows.push_back(std::move(row));
    }
    row = ImportTable::Row{};
    row.line = line;
    return {};
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    any = true;
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        if (c == '\n') ++line;
        cell += c;
      }
      continue;
    }
    if (c == '"' && cell.empty()) {
      quoted = true;
    } else if (c == ',') {
      if (auto ok = end_cell(); !ok) return std::unexpected(ok.error());
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++line;
      if (auto ok = end_row(); !ok) return std::unexpected(ok.error());
    } else {
      cell += c;
    }
  }
  if (quoted) {
    return fail(ErrorCode::invalid_field, "第" + std::to_string(row.line) + "行的引号没有闭合", "file");
  }
  if (any && (!cell.empty() || !row.cells.empty())) {
    if (auto ok = end_row(); !ok) return std::unexpected(ok.error());
  }
  if (table.rows.empty()) return fail(ErrorCode::invalid_field, "文件是空的", "file");
  return table;
}

}  // namespace taizhang
