// XLSX for import: minizip opens the workbook (a zip), expat streams its XML. The first sheet is
// found the way Excel finds it (workbook.xml's first <sheet>, through workbook.xml.rels); cells
// are typed by their `t` attribute. Numbers are read as Excel shows them — 15 significant
// digits — and then handled as text: an amount's cent digits are read from that text, never
// from a binary float.
#include <expat.h>
#include <minizip/unzip.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

#include "delivery/spreadsheet/table_reader.h"

namespace taizhang {

namespace {

// An XML part bigger than this once unzipped is refused (a zip bomb is small on disk).
constexpr uint64_t kMaxPartBytes = 256ull * 1024 * 1024;

class Zip {
 public:
  explicit Zip(const std::string& path) : zip_(unzOpen64(path.c_str())) {}
  ~Zip() {
    if (zip_) unzClose(zip_);
  }
  bool ok() const { return zip_ != nullptr; }
  bool has(const std::string& name) { return unzLocateFile(zip_, name.c_str(), 1) == UNZ_OK; }

  // Streams the part's bytes to `chunk`; false when the part is missing, damaged, too large, or
  // `chunk` says stop.
  bool read(const std::string& name, const std::function<bool(const char*, size_t)>& chunk) {
    if (unzLocateFile(zip_, name.c_str(), 1) != UNZ_OK) return false;
    unz_file_info64 info;
    if (unzGetCurrentFileInfo64(zip_, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK ||
        info.uncompressed_size > kMaxPartBytes) {
      return false;
    }
    if (unzOpenCurrentFile(zip_) != UNZ_OK) return false;
    std::vector<char> buf(64 * 1024);
    uint64_t total = 0;
    bool good = true;
    for (;;) {
      const int n = unzReadCurrentFile(zip_, buf.data(), static_cast<unsigned>(buf.size()));
      if (n < 0) {
        good = false;
        break;
      }
      if (n == 0) break;
      total += static_cast<uint64_t>(n);
      if (total > kMaxPartBytes || !chunk(buf.data(), static_cast<size_t>(n))) {
        good = false;
        break;
      }
    }
    // CRC errors show up on close.
    if (unzCloseCurrentFile(zip_) != UNZ_OK) good = false;
    return good;
  }

 private:
  unzFile zip_;
};

// An expat parser fed from a zip part; handlers see element names as written (no namespaces).
class XmlPart {
 public:
  using Start = std::function<void(std::string_view, const char**)>;
  using End = std::function<void(std::string_view)>;
  using Text = std::function<void(std::string_view)>;

  XmlPart(Start start, End end, Text text)
      : start_(std::move(start)), end_(std::move(end)), text_(std::move(text)) {}

  bool parse(Zip& zip, const std::string& name) {
    XML_Parser p = XML_ParserCreate("UTF-8");
    XML_SetUserData(p, this);
    XML_SetElementHandler(
        p,
        [](void* self, const XML_Char* el, const XML_Char** attrs) {
          static_cast<XmlPart*>(self)->start_(el, attrs);
        },
        [](void* self, const XML_Char* el) { static_cast<XmlPart*>(self)->end_(el); });
    XML_SetCharacterDataHandler(p, [](void* self, const XML_Char* s, int len) {
      static_cast<XmlPart*>(self)->text_(std::string_view(s, static_cast<size_t>(len)));
    });
    bool ok = zip.read(name, [&](const char* data, size_t n) {
      return !stop && XML_Parse(p, data, static_cast<int>(n), 0) == XML_STATUS_OK;
    });
    ok = ok && !stop && XML_Parse(p, nullptr, 0, 1) == XML_STATUS_OK;
    XML_ParserFree(p);
    return ok;
  }
  bool stop = false;  // set by a handler to end the parse (a limit was passed)

 private:
  Start start_;
  End end_;
  Text text_;
};

const char* attr(const char** attrs, std::string_view name) {
  for (size_t i = 0; attrs[i]; i += 2) {
    if (name == attrs[i]) return attrs[i + 1];
  }
  return nullptr;
}

// "B12" → 1 (column index from the letters).
size_t column_index(std::string_view ref) {
  size_t col = 0;
  for (char c : ref) {
    if (c < 'A' || c > 'Z') break;
    col = col * 26 + static_cast<size_t>(c - 'A' + 1);
  }
  return col == 0 ? 0 : col - 1;
}

// A number as Excel displays it: at most 15 significant digits, no exponent for everyday values.
std::string excel_number(const std::string& v) {
  char* end = nullptr;
  const double d = std::strtod(v.c_str(), &end);
  if (end == v.c_str() || *end != '\0') return v;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", d);
  return buf;
}

std::string first_sheet_path(Zip& zip) {
  std::string rid;
  XmlPart workbook(
      [&](std::string_view el, const char** attrs) {
        if (rid.empty() && el == "sheet") {
          for (size_t i = 0; attrs[i]; i += 2) {
            if (std::string_view(attrs[i]).ends_with(":id")) rid = attrs[i + 1];
          }
        }
      },
      [](std::string_view) {}, [](std::string_view) {});
  if (!workbook.parse(zip, "xl/workbook.xml") || rid.empty()) return "";
  std::string target;
  XmlPart rels(
      [&](std::string_view el, const char** attrs) {
        const char* id = attr(attrs, "Id");
        const char* t = attr(attrs, "Target");
        if (el == "Relationship" && id && t && rid == id) target = t;
      },
      [](std::string_view) {}, [](std::string_view) {});
  if (!rels.parse(zip, "xl/_rels/workbook.xml.rels") || target.empty()) return "";
  if (target.starts_with("/")) return target.substr(1);
  return "xl/" + target;
}

}  // namespace

Result<ImportTable> read_xlsx_table(const std::string& path) {
  Zip zip(path);
  if (!zip.ok() || !zip.has("xl/workbook.xml")) {
    return fail(ErrorCode::invalid_field, "文件不是电子表格（XLSX或CSV）：不是Excel工作簿", "file");
  }
  const std::string sheet = first_sheet_path(zip);
  if (sheet.empty() || !zip.has(sheet)) {
    return fail(ErrorCode::invalid_field, "Excel工作簿中找不到第一个工作表", "file");
  }
  std::vector<std::string> shared;
  if (zip.has("xl/sharedStrings.xml")) {
    std::string current;
    bool in_si = false, in_t = false;
    int phonetic = 0;  // <rPh> runs hold pronunciation guides, not cell text
    XmlPart strings(
        [&](std::string_view el, const char**) {
          if (el == "si") {
            in_si = true;
            current.clear();
          } else if (el == "rPh") {
            ++phonetic;
          } else if (el == "t") {
            in_t = true;
          }
        },
        [&](std::string_view el) {
          if (el == "si") {
            shared.push_back(std::move(current));
            in_si = false;
          } else if (el == "rPh") {
            --phonetic;
          } else if (el == "t") {
            in_t = false;
          }
        },
        [&](std::string_view s) {
          if (in_si && in_t && phonetic == 0 && current.size() < kMaxImportCellBytes + 1) current += s;
        });
    if (!strings.parse(zip, "xl/sharedStrings.xml")) {
      return fail(ErrorCode::invalid_field, "Excel工作簿的共享字符串已损坏", "file");
    }
  }

  ImportTable table;
  ImportTable::Row row;
  std::string type, value;
  size_t col = 0;
  bool in_value = false;
  std::string limit;
  XmlPart* self = nullptr;  // set below, so that a handler passing a limit can end the parse
  auto stop_at = [&](std::string message) {
    limit = std::move(message);
    if (self) self->stop = true;
  };
  XmlPart cells(
      [&](std::string_view el, const char** attrs) {
        if (el == "row") {
          row = ImportTable::Row{};
          const char* r = attr(attrs, "r");
          row.line = r ? std::atoll(r) : static_cast<int64_t>(table.rows.size() + 1);
        } else if (el == "c") {
          const char* r = attr(attrs, "r");
          const char* t = attr(attrs, "t");
          col = r ? column_index(r) : row.cells.size();
          type = t ? t : "n";
          value.clear();
        } else if (el == "v" || el == "t") {
          in_value = true;
        }
      },
      [&](std::string_view el) {
        if (el == "v" || el == "t") {
          in_value = false;
        } else if (el == "c") {
          if (col >= kMaxImportColumns) {
            stop_at("第" + std::to_string(row.line) + "行超过200列");
            return;
          }
          std::string text;
          if (type == "s") {
            const size_t i = static_cast<size_t>(std::atoll(value.c_str()));
            text = i < shared.size() ? shared[i] : "";
          } else if (type == "n") {
            text = value.empty() ? "" : excel_number(value);
          } else {
            text = value;  // str, inlineStr, b (1/0), e (#N/A)
          }
          if (text.size() > kMaxImportCellBytes) {
            stop_at("第" + std::to_string(row.line) + "行有单元格超过16 KB");
            return;
          }
          if (row.cells.size() <= col) row.cells.resize(col + 1);
          row.cells[col] = std::move(text);
        } else if (el == "row") {
          bool blank = true;
          for (const auto& c : row.cells) blank &= c.find_first_not_of(" \t") == std::string::npos;
          if (blank) return;
          if (table.rows.size() >= kMaxImportRows + 10) {
            stop_at("文件超过200,000行上限");
            return;
          }
          table.rows.push_back(std::move(row));
        }
      },
      [&](std::string_view s) {
        if (in_value && value.size() <= kMaxImportCellBytes) value += s;
      });
  self = &cells;
  const bool parsed = cells.parse(zip, sheet);
  if (!limit.empty()) return fail(ErrorCode::invalid_field, limit, "file");
  if (!parsed) return fail(ErrorCode::invalid_field, "Excel工作表已损坏，无法读取", "file");
  if (table.rows.empty()) return fail(ErrorCode::invalid_field, "文件是空的", "file");
  return table;
}

}  // namespace taizhang
