// The 台账 reports as files: an XLSX workbook (libxlsxwriter, constant-memory mode: rows go to a
// temporary file as they come, so 100,000 items take no more memory than ten) and a CSV with the
// same cells (UTF-8 with BOM, CRLF, formula-looking text neutralised). Both are SheetSinks.
#pragma once

#include <cstdio>
#include <optional>
#include <string_view>
#include <memory>
#include <ostream>
#include <string>

#include "engine/report/report_kind.h"
#include "engine/report/sheet.h"

namespace taizhang {

enum class SheetFormat { xlsx, csv };
std::optional<SheetFormat> parse_sheet_format(std::string_view text);  // "xlsx", "csv"
std::string_view content_type(SheetFormat format);

// The XLSX layout: a merged title row, the 填报单位/截至日期/单位 line, the header (two rows when
// a column has a group, the group cell merged across its columns and every other header cell
// merged down both rows), frozen below the header; A4 landscape, fit to one page wide, the header
// rows repeated on every printed page, footer "第 &P 页，共 &N 页"; the audit basis under the
// last row. Amounts are numbers formatted #,##0.00 in 元 or #,##0.0000 in 万元.
//
// `path` is written on end(); `tmpdir` holds libxlsxwriter's row files meanwhile. end() returns
// internal naming the file when the workbook cannot be written.
std::unique_ptr<SheetSink> xlsx_sheet_writer(std::string path, MoneyUnit unit, std::string tmpdir);

// The same cells as CSV text to `out`: the title, the line under it, the header rows, the rows,
// and the audit basis, one spreadsheet row per line. end() returns internal when `out` failed.
std::unique_ptr<SheetSink> csv_sheet_writer(std::ostream& out, MoneyUnit unit);

// Computes the report and writes it to `path` through a temporary file beside it, renamed into
// place only when complete: a failed export leaves nothing at `path`. Errors: the report's own
// (engine/report/), internal naming the file when it cannot be written.
Result<void> write_report_file(ReportKind kind, const ReportContext& ctx, SheetFormat format,
                               MoneyUnit unit, const std::string& path);

}  // namespace taizhang
