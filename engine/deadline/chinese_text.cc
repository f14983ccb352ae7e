#include "engine/deadline/chinese_text.h"

#include <algorithm>

namespace taizhang::chinese {

char32_t fold(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
  switch (c) {
    case U' ': case U'\t': case U'\n': case U'\r': case 0x00A0: case 0x3000:
      return 0;
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
    case 0x2E3A: case 0x2E3B: case 0xFE58: case 0xFE63: case 0x301C: case U'~':
      return U'-';
    case U'号': return U'日';
    case 0x25CB: case 0x25EF: return U'〇';  // ○ ◯, typed for 〇 in years: 二○一九年
    case 0x3002: return U'.';
    case 0x3001: return U',';
    // Traditional forms of the words a deadline is written with, as pages in 繁體 carry them:
    // 20個工作日內, 於6月底前, 接到通知後, 當月, 每週.
    case U'個': return U'个';
    case U'內': return U'内';
    case U'於': return U'于';
    case U'後': return U'后';
    case U'當': return U'当';
    case U'週': return U'周';
    default: return c;
  }
}

const char* decode_folded(std::string_view bytes, std::span<char32_t> out, int& size) {
  size = 0;
  bool space_before = false;
  for (std::size_t i = 0; i < bytes.size();) {
    char32_t c = 0;
    std::size_t length = decode_utf8_at(bytes, i, c);
    if (length == 0) return "it is not valid UTF-8";
    i += length;
    c = fold(c);
    if (c == 0) {
      space_before = true;
      continue;
    }
    if (c < 0x20 || c == 0x7F) return "it contains control characters";
    char32_t last = size > 0 ? out[static_cast<std::size_t>(size - 1)] : 0;
    // "1 5日内" might be 15 or a typo; refuse rather than join the digits.
    if (space_before && is_digit(c) && is_digit(last)) {
      return "two numbers are separated only by a space";
    }
    space_before = false;
    if (c == U'-' && last == U'-') continue;  // "——" is one dash
    out[static_cast<std::size_t>(size++)] = c;
  }
  return nullptr;
}

void append_utf8(std::string& out, const char32_t* begin, const char32_t* end) {
  for (; begin != end; ++begin) {
    char32_t c = *begin;
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
}

std::string utf8(const char32_t* begin, const char32_t* end) {
  std::string out;
  append_utf8(out, begin, end);
  return out;
}

int chinese_value(const char32_t* begin, const char32_t* end) {
  const auto length = end - begin;
  if (std::none_of(begin, end, [](char32_t c) { return c == U'十' || c == U'百'; })) {
    if (length == 1) return chinese_digit(*begin);
    if (length != 4) return -1;  // only years are written digit by digit: 二〇一九
    int value = 0;
    for (auto c = begin; c != end; ++c) {
      if (*c == U'两') return -1;
      value = value * 10 + chinese_digit(*c);
    }
    return value;
  }
  int hundreds = 0, tens = 0, digit = -1;
  bool hundred = false, ten = false, zero = false;
  for (auto c = begin; c != end; ++c) {
    if (*c == U'两') return -1;
    if (*c == U'百') {
      if (hundred || ten || digit <= 0) return -1;
      hundreds = digit, hundred = true, digit = -1;
    } else if (*c == U'十') {
      if (ten || digit == 0 || zero) return -1;
      tens = digit < 0 ? 1 : digit, ten = true, digit = -1;
    } else if (int d = chinese_digit(*c); d == 0) {
      if (!hundred || ten || digit >= 0 || zero) return -1;
      zero = true;
    } else {
      if (digit >= 0) return -1;
      digit = d;
    }
  }
  // "一百五" is said for 150 and "一百零五" for 105; refuse the first rather than guess.
  if (hundred && !ten && !zero && digit > 0) return -1;
  return hundreds * 100 + tens * 10 + std::max(digit, 0);
}

}  // namespace taizhang::chinese
