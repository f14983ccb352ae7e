// Money is an integer number of fen (分) everywhere: in the ledger, on items, in fields and in
// the API. One ceiling for every amount, so that no sum of a bounded number of amounts can
// overflow int64_t and every check names the same limit.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

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
