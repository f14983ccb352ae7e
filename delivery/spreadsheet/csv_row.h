// CSV for Excel (the item list, the 台账 reports): RFC 4180 quoting, UTF-8 with a byte-order
// mark (without it Excel on a Chinese Windows reads the bytes as GBK), CRLF line ends, and no
// cell that Excel would run as a formula.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace taizhang {

// The byte-order mark a CSV for Excel starts with.
inline constexpr std::string_view kCsvBom = "\xEF\xBB\xBF";

// One row, cells quoted where needed, ending in CRLF. A cell starting with = + - @ or a tab
// gets a leading apostrophe so that a title like "=HYPERLINK(…)" stays text.
std::string csv_row(const std::vector<std::string>& cells);
// The same, except that the cells flagged in `numbers` (figures the program formatted itself,
// such as "-12.50") are written as they are: a negative number is not a formula.
std::string csv_row(const std::vector<std::string>& cells, const std::vector<bool>& numbers);

}  // namespace taizhang
