// Reading an office's spreadsheet for import, by its content rather than its name: an XLSX
// workbook (a zip: minizip opens it, expat reads the first sheet and the shared strings) or a CSV
// in UTF-8 (with or without a BOM) or GBK (what Excel on a Chinese Windows saves; iconv turns it
// into UTF-8). Every line of the file becomes a row of the table; the header is found by the
// engine (locate_header). Limits: kMaxImportBytes per file, kMaxImportRows rows,
// kMaxImportColumns columns, kMaxImportCellBytes per cell (engine/import/import_table.h).
#pragma once

#include <string>
#include <string_view>

#include "engine/base/error.h"
#include "engine/import/import_table.h"

namespace taizhang {

// invalid_field naming "file" for a file that is too large, not a spreadsheet (a zip that is not
// a workbook, binary data, text in neither UTF-8 nor GBK), or past a limit; internal when the
// file cannot be read at all.
Result<ImportTable> read_import_file(const std::string& path);

// The same for bytes in memory (an upload). An XLSX is written to a private temporary file for
// minizip, which reads files.
Result<ImportTable> read_import_bytes(std::string_view bytes);

// CSV text in UTF-8 (a BOM is dropped) or GBK into rows.
Result<ImportTable> read_csv_table(std::string_view bytes);
// An XLSX file's first worksheet into rows.
Result<ImportTable> read_xlsx_table(const std::string& path);

}  // namespace taizhang
