// Amounts typed in 元, as an office's spreadsheet holds them ("35000", "35,000.00", "¥1,234.5",
// "１２３４．５６" is not accepted), turned into integer fen by reading the digits — never through
// a floating-point number, so "0.1" is exactly 10 fen and "1.005" is refused rather than rounded.
#pragma once

#include <cstdint>
#include <string_view>

#include "engine/base/error.h"

namespace taizhang {

// (engine/base/amount.h's parse_yuan reads the API's strict amount_yuan; this one reads what a
// spreadsheet cell holds.) Accepts optional surrounding spaces, an optional leading ¥ or ￥,
// digits with optional thousands commas (in groups of three), and at most two decimals. Refuses anything else —
// empty text, a sign, an exponent, three decimals, more than kMaxAmountFen — with invalid_field
// naming `field` and saying why in Chinese.
Result<int64_t> parse_sheet_yuan(std::string_view text, std::string_view field);

}  // namespace taizhang
