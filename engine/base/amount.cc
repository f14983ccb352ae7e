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
