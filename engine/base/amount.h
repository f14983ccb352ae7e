// Money is an integer number of fen (分) everywhere: in the ledger, on items, in fields and in
// the API. One ceiling for every amount, so that no sum of a bounded number of amounts can
// overflow int64_t and every check names the same limit.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "engine/base/error.h"

namespace taizhang {

inline constexpr int64_t kMaxAmountFen = 10'000'000'000'000;  // 10^13 fen = ¥100 billion
inline constexpr int64_t kMinAmountFen = 1;                   // a ledger entry moves at least 1 fen

// A fund's total is at most this many entries of kMaxAmountFen before int64_t would overflow.
static_assert(std::numeric_limits<int64_t>::max() / kMaxAmountFen >= 900'000,
              "sums of up to 900,000 maximal amounts must fit in int64_t");

}  // namespace taizhang

namespace taizhang {

// Fen as 元 the way a ledger prints them: thousands separators and two decimals, by integer
// arithmetic only ("1,234,567.80"; a negative amount keeps its sign).
std::string format_yuan(int64_t fen);

}  // namespace taizhang

namespace taizhang {

// An amount typed in 元 ("35000", "35000.5", "0.05") read into fen by its digits, never through a
// floating-point number. Accepted: one or more ASCII digits, optionally a point and one or two
// more digits; the value must lie in [kMinAmountFen, kMaxAmountFen]. Everything else is refused
// as invalid_field naming `field`: empty, a sign ("-1", "+1"), a third decimal ("1.005"), an
// exponent ("1e3"), a currency sign or grouping ("¥1,000"), spaces, a bare point ("1.", ".5").
Result<int64_t> parse_yuan(std::string_view text, const std::string& field);

}  // namespace taizhang
