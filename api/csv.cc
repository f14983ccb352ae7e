#include "api/csv.h"

#include <array>

namespace taizhang::api {

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

std::string csv_cell(std::string_view cell) {
  std::string text;
  if (csv_needs_neutralising(cell)) text = "'";
  text += cell;
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string csv_row(const std::vector<std::string>& cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    out += csv_cell(cells[i]);
  }
  out += "\r\n";
  return out;
}

}  // namespace taizhang::api
