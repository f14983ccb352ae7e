// CSV for Excel (the item list, the morning report, the 台账 reports): RFC 4180 quoting, UTF-8
// with a byte-order mark (without it Excel on a Chinese Windows reads the bytes as GBK), CRLF line
// ends, and no cell that Excel would run as a formula. api/csv.h names these for the API.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace taizhang {

// The byte-order mark a CSV for Excel starts with.
inline constexpr std::string_view kCsvBom = "\xEF\xBB\xBF";

// True when a spreadsheet could read `cell` as a formula: it starts with = + - @ (ASCII or
// their full-width forms ＝ ＋ － ＠, which Excel on a Chinese system folds to ASCII), or with a
// space, tab, CR or LF, which Excel skips before looking for those.
bool csv_needs_neutralising(std::string_view cell);

// One text cell: a leading apostrophe when csv_needs_neutralising (so "=HYPERLINK(…)" stays
// text), then quoted when it holds a comma, a quote, CR or LF.
std::string csv_cell(std::string_view cell);

// One row of text cells (each as csv_cell), ending in CRLF.
std::string csv_row(const std::vector<std::string>& cells);
// The same, except that the cells flagged in `numbers` (figures the program formatted itself,
// such as "-12.50") are only quoted, never prefixed: a negative number is not a formula.
std::string csv_row(const std::vector<std::string>& cells, const std::vector<bool>& numbers);

}  // namespace taizhang
