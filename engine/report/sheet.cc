#include "engine/report/sheet.h"

namespace taizhang {

std::string_view chinese_name(MoneyUnit unit) { return unit == MoneyUnit::wan ? "万元" : "元"; }

std::optional<MoneyUnit> parse_money_unit(std::string_view text) {
  if (text == "yuan") return MoneyUnit::yuan;
  if (text == "wan") return MoneyUnit::wan;
  return std::nullopt;
}

std::string basis_line(const SheetHead& head) {
  return "数据截至" + head.as_of + "日终，依据审计链第" + std::to_string(head.basis.seq) +
         "条记录（哈希 " + head.basis.hash + "）计算；同一截至日期与审计链头生成的报表数据相同。" +
         checkpoint_line(head.checkpoint);
}

std::string checkpoint_line(const std::optional<Checkpoint>& checkpoint) {
  if (!checkpoint) return "";
  return "审计日志签名检查点：第" + std::to_string(checkpoint->seq) + "条，默克尔树根 " +
         checkpoint->root + "，签于" + checkpoint->at + "（密钥 " + checkpoint->key_id +
         "；公钥与全部检查点见 /public/audit/checkpoints）。";
}

std::string meta_line(const SheetHead& head, MoneyUnit unit) {
  std::string line = "填报单位：" + head.unit_name + "    截至日期：" + head.as_of_text;
  if (head.has_money) line += "    单位：" + std::string(chinese_name(unit));
  return line;
}

namespace {

// |fen| as unsigned, so that the most negative value has a magnitude too.
uint64_t magnitude(int64_t v) { return v < 0 ? uint64_t(0) - uint64_t(v) : uint64_t(v); }

std::string with_decimals(uint64_t whole, uint64_t fraction, int digits) {
  std::string frac = std::to_string(fraction);
  frac.insert(0, static_cast<size_t>(digits) - frac.size(), '0');
  return std::to_string(whole) + "." + frac;
}

}  // namespace

std::string money_text(int64_t fen, MoneyUnit unit) {
  const uint64_t m = magnitude(fen);
  std::string body;
  bool zero = false;
  if (unit == MoneyUnit::yuan) {
    body = with_decimals(m / 100, m % 100, 2);
    zero = m == 0;
  } else {
    // 1 万元 = 1,000,000 fen; four decimals are whole 元 (100 fen), rounded half away from zero.
    const uint64_t yuan = m / 100 + (m % 100 >= 50 ? 1 : 0);
    body = with_decimals(yuan / 10000, yuan % 10000, 4);
    zero = yuan == 0;
  }
  return (fen < 0 && !zero ? "-" : "") + body;
}

std::string percent_text(int64_t bp) {
  const uint64_t m = magnitude(bp);
  return (bp < 0 ? "-" : "") + with_decimals(m / 100, m % 100, 2) + "%";
}

int64_t progress_bp(int64_t disbursed_fen, int64_t allocated_fen) {
  if (allocated_fen <= 0) return 0;
  // Amounts are at most 10^13 fen each and sums stay below 2^63 / 10^4 for any real ledger;
  // __int128 keeps the product exact regardless.
  const __int128 scaled = static_cast<__int128>(disbursed_fen) * 10000 * 2 + allocated_fen;
  return static_cast<int64_t>(scaled / (static_cast<__int128>(allocated_fen) * 2));
}

}  // namespace taizhang
