// libFuzzer target: the import readers (delivery/spreadsheet/table_reader.h), which take an
// office's spreadsheet as uploaded — an XLSX (a zip read by minizip, its XML by expat) or a CSV
// in UTF-8 or GBK. Any bytes must yield a table within the import limits or a refusal naming the
// file — never a crash, a hang or undefined behaviour.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "delivery/spreadsheet/table_reader.h"
#include "engine/base/assert.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace taizhang;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto table = read_import_bytes(bytes);
  if (!table) {
    const ErrorCode code = table.error().code;
    TZ_ASSERT(code == ErrorCode::invalid_field || code == ErrorCode::payload_too_large ||
              code == ErrorCode::internal);
    return 0;
  }
  TZ_ASSERT(table->rows.size() <= kMaxImportRows);
  TZ_ASSERT(table->headers.size() <= kMaxImportColumns);
  for (const auto& row : table->rows) {
    TZ_ASSERT(row.cells.size() <= kMaxImportColumns);
    for (const auto& cell : row.cells) TZ_ASSERT(cell.size() <= kMaxImportCellBytes);
  }
  return 0;
}
