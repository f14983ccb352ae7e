#include "delivery/spreadsheet/csv_row.h"

#include <array>

namespace taizhang {

bool csv_needs_neutralising(std::string_view cell) {
  if (cell.empty()) return false;
  switch (cell[0]) {
    case '=': case '+': case '-': case '@': case ' ': case '\t': case '\r': case '\n':
      return true;
    default:
      break;
  }
  // ＝ U+FF1D, ＋ U+FF0B, － U+FF0D, ＠ U+FF20 in UTF-8.
  static constexpr std::array<std::string_view, 4> kFullWidth = {"\xEF\xBC\x9D", "\xEF\xBC\x8B",
                                                                 "\xEF\xBC\x8D", "\xEF\xBC\xA0"};
  for (auto prefix : kFullWidth) {
    if (cell.starts_with(prefix)) return true;
  }
  return false;
}

namespace {

std::string quoted(std::string text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace

std::string csv_cell(std::string_view cell) {
  std::string text;
  if (csv_needs_neutralising(cell)) text = "'";
  text += cell;
  return quoted(std::move(text));
}

std::string csv_row(const std::vector<std::string>& cells) {
  return csv_row(cells, {});
}

std::string csv_row(const std::vector<std::string>& cells, const std::vector<bool>& numbers) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    out += i < numbers.size() && numbers[i] ? quoted(cells[i]) : csv_cell(cells[i]);
  }
  out += "\r\n";
  return out;
}

}  // namespace taizhang
