// A spreadsheet read for import, whatever its format: the header row's texts and the data rows'
// cells, each row with its line number as the office sees it in Excel or a text editor. The
// readers (delivery/spreadsheet/) enforce the limits below before a row reaches the engine.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace taizhang {

inline constexpr size_t kMaxImportBytes = 20 * 1024 * 1024;  // one file
inline constexpr size_t kMaxImportRows = 200'000;            // data rows in one file
inline constexpr size_t kMaxImportColumns = 200;
inline constexpr size_t kMaxImportCellBytes = 16 * 1024;

struct ImportTable {
  struct Row {
    int64_t line = 0;  // 1-based row number in the file; the header is usually line 1
    std::vector<std::string> cells;
  };
  std::vector<std::string> headers;
  std::vector<Row> rows;
};

}  // namespace taizhang
