#include "delivery/spreadsheet/csv_row.h"

namespace taizhang {

namespace {

void append_cell(std::string& out, std::string_view cell, bool number = false) {
  std::string text;
  if (!number && !cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
                        cell[0] == '\t' || cell[0] == '\r')) {
    text = "'";
  }
  text += cell;
  if (text.find_first_of(",\"\r\n") == std::string::npos) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

std::string csv_row(const std::vector<std::string>& cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    append_cell(out, cells[i]);
  }
  out += "\r\n";
  return out;
}

std::string csv_row(const std::vector<std::string>& cells, const std::vector<bool>& numbers) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    append_cell(out, cells[i], i < numbers.size() && numbers[i]);
  }
  out += "\r\n";
  return out;
}

}  // namespace taizhang
