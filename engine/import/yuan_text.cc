#include "engine/import/yuan_text.h"

#include <string>

#include "engine/base/amount.h"

namespace taizhang {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<int64_t> parse_sheet_yuan(std::string_view text, std::string_view field) {
  const std::string name(field);
  const std::string shown(text.substr(0, 40));
  std::string_view s = trim(text);
  for (std::string_view sign : {"¥", "￥"}) {
    if (s.starts_with(sign)) s = trim(s.substr(sign.size()));
  }
  if (s.empty()) return fail(ErrorCode::invalid_field, "金额为空", name);
  const auto dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view decimals = dot == std::string_view::npos ? "" : s.substr(dot + 1);
  if (dot != std::string_view::npos && decimals.empty()) {
    return fail(ErrorCode::invalid_field, "金额“" + shown + "”的小数点后没有数字", name);
  }
  if (decimals.size() > 2) {
    return fail(ErrorCode::invalid_field,
                "金额“" + shown + "”的小数超过两位（以元为单位最多到分），不予四舍五入", name);
  }
  // Digits with commas only between groups of three: "1,234,567" but not "12,34".
  std::string digits;
  size_t since_comma = 0;
  bool saw_comma = false;
  for (char c : whole) {
    if (c == ',') {
      if (digits.empty() || (saw_comma && since_comma != 3) || (!saw_comma && since_comma > 3)) {
        return fail(ErrorCode::invalid_field, "金额“" + shown + "”的千分位逗号位置不对", name);
      }
      saw_comma = true;
      since_comma = 0;
      continue;
    }
    if (c < '0' || c > '9') {
      return fail(ErrorCode::invalid_field, "金额“" + shown + "”不是以元为单位的数字", name);
    }
    digits += c;
    ++since_comma;
  }
  if (saw_comma && since_comma != 3) {
    return fail(ErrorCode::invalid_field, "金额“" + shown + "”的千分位逗号位置不对", name);
  }
  for (char c : decimals) {
    if (c < '0' || c > '9') {
      return fail(ErrorCode::invalid_field, "金额“" + shown + "”不是以元为单位的数字", name);
    }
  }
  if (digits.empty()) digits.push_back('0');  // not `= "0"`: g++ 12 warns falsely (-Wrestrict)
  // Leading zeros are harmless; more than 12 significant digits of 元 is past kMaxAmountFen (and
  // 12 digits times 100 still fits int64_t, so the check below sees the true value).
  const auto first = digits.find_first_not_of('0');
  if (first != std::string::npos && digits.size() - first > 12) {
    return fail(ErrorCode::invalid_field, "金额“" + shown + "”超过上限（1000亿元）", name);
  }
  int64_t fen = 0;
  for (char c : digits) fen = fen * 10 + (c - '0');
  fen *= 100;
  if (!decimals.empty()) fen += (decimals[0] - '0') * 10;
  if (decimals.size() == 2) fen += decimals[1] - '0';
  if (fen > kMaxAmountFen) {
    return fail(ErrorCode::invalid_field, "金额“" + shown + "”超过上限（1000亿元）", name);
  }
  return fen;
}

}  // namespace taizhang
