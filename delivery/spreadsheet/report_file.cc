// A report written to a file whole or not at all: into "<path>.part", renamed over `path` once
// the writer has closed it.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "delivery/spreadsheet/sheet_files.h"

namespace taizhang {

std::optional<SheetFormat> parse_sheet_format(std::string_view text) {
  if (text == "xlsx") return SheetFormat::xlsx;
  if (text == "csv") return SheetFormat::csv;
  return std::nullopt;
}

std::string_view content_type(SheetFormat format) {
  return format == SheetFormat::xlsx
             ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
             : "text/csv; charset=utf-8";
}

Result<void> write_report_file(ReportKind kind, const ReportContext& ctx, SheetFormat format,
                               MoneyUnit unit, const std::string& path) {
  namespace fs = std::filesystem;
  const std::string part = path + ".part";
  std::error_code ec;
  fs::path dir = fs::path(path).parent_path();
  if (dir.empty()) dir = ".";
  Result<void> done;
  if (format == SheetFormat::xlsx) {
    auto sink = xlsx_sheet_writer(part, unit, dir.string());
    done = run_report(kind, ctx, *sink);
  } else {
    std::ofstream out(part, std::ios::binary | std::ios::trunc);
    if (!out) return fail(ErrorCode::internal, "cannot create " + part);
    auto sink = csv_sheet_writer(out, unit);
    done = run_report(kind, ctx, *sink);
  }
  if (!done) {
    fs::remove(part, ec);
    return done;
  }
  fs::rename(part, path, ec);
  if (ec) {
    fs::remove(part, ec);
    return fail(ErrorCode::internal, "cannot write " + path);
  }
  return {};
}

}  // namespace taizhang
