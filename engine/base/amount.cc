#include "engine/base/amount.h"

namespace taizhang {

std::string format_yuan(int64_t fen) {
  // Work on the magnitude as unsigned so that INT64_MIN has one too.
  const bool negative = fen < 0;
  uint64_t magnitude = negative ? uint64_t(0) - uint64_t(fen) : uint64_t(fen);
  const uint64_t cents = magnitude % 100;
  std::string yuan = std::to_string(magnitude / 100);
  std::string grouped;
  for (size_t i = 0; i < yuan.size(); ++i) {
    if (i > 0 && (yuan.size() - i) % 3 == 0) grouped += ',';
    grouped += yuan[i];
  }
  return (negative ? "-" : "") + grouped + "." + char('0' + cents / 10) + char('0' + cents % 10);
}

}  // namespace taizhang

namespace taizhang {

Result<int64_t> parse_yuan(std::string_view text, const std::string& field) {
  auto refuse = [&](const std::string& why) {
    return fail(ErrorCode::invalid_field,
                "金额须为元，最多两位小数，如 35000 或 35000.50 (" + field + ": " + why + ")", field);
  };
  if (text.empty()) return refuse("empty");
  const size_t point = text.find('.');
  const std::string_view whole = text.substr(0, point);
  const std::string_view cents =
      point == std::string_view::npos ? std::string_view{} : text.substr(point + 1);
  auto digits_only = [](std::string_view s) {
    return s.find_first_not_of("0123456789") == std::string_view::npos;
  };
  if (whole.empty() || !digits_only(whole)) return refuse("not a plain decimal number");
  if (point != std::string_view::npos && (cents.empty() || !digits_only(cents))) {
    return refuse("not a plain decimal number");
  }
  if (cents.size() > 2) return refuse("more than two decimals");
  // 14 integer digits already exceed kMaxAmountFen / 100; stop before int64_t could overflow.
  const size_t first = whole.find_first_not_of('0');
  const std::string_view significant =
      first == std::string_view::npos ? std::string_view{} : whole.substr(first);
  if (significant.size() > 12) return refuse("too large");
  int64_t fen = 0;
  for (char c : significant) fen = fen * 10 + (c - '0');
  fen *= 100;
  if (!cents.empty()) fen += (cents[0] - '0') * 10 + (cents.size() > 1 ? cents[1] - '0' : 0);
  if (fen < kMinAmountFen || fen > kMaxAmountFen) return refuse("out of range");
  return fen;
}

}  // namespace taizhang
