// Reading Chinese text: UTF-8 decoding into code points, folding the variants people type for
// the same character (full-width ASCII, every dash), and Chinese numerals (五, 十二, 二十一,
// 一百二十, 二〇一九). Used by the deadline parser and by the plan import; no I/O.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace taizhang::chinese {

// Decodes the code point starting at bytes[at] into `c`. Returns its length in bytes, or 0 when
// the bytes there are not valid UTF-8 (truncated, overlong, a surrogate, beyond U+10FFFF).
inline std::size_t decode_utf8_at(std::string_view bytes, std::size_t at, char32_t& c) {
  auto b0 = static_cast<unsigned char>(bytes[at]);
  std::size_t length = b0 < 0x80 ? 1 : (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3
                     : (b0 & 0xF8) == 0xF0 ? 4 : 0;
  if (length == 0 || at + length > bytes.size()) return 0;
  c = length == 1 ? b0 : b0 & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    auto b = static_cast<unsigned char>(bytes[at + k]);
    if ((b & 0xC0) != 0x80) return 0;
    c = (c << 6) | (b & 0x3F);
  }
  static constexpr char32_t kShortest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (c < kShortest[length] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
  return length;
}

// Full-width ASCII to ASCII, every dash and wave to '-', 号 to 日, ○ to 〇, 。、 to '.' ',', the
// traditional 個內於後當週 to 个内于后当周; whitespace (including the ideographic space and
// no-break space) to 0.
char32_t fold(char32_t c);

// Decodes `bytes` and folds each code point into `out`, which must hold at least bytes.size()
// code points; `size` receives how many were written. Whitespace is dropped, runs of dashes
// become one. Returns what is wrong with the text, or nullptr.
const char* decode_folded(std::string_view bytes, std::span<char32_t> out, int& size);

void append_utf8(std::string& out, const char32_t* begin, const char32_t* end);
inline void append_utf8(std::string& out, char32_t c) { append_utf8(out, &c, &c + 1); }
std::string utf8(const char32_t* begin, const char32_t* end);
inline std::string utf8(std::u32string_view text) {
  return utf8(text.data(), text.data() + text.size());
}

inline bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }

// 〇零 0, 一 1, 二两 2, … 九 9; -1 for anything else.
inline int chinese_digit(char32_t c) {
  switch (c) {
    case U'〇': case U'零': return 0;
    case U'一': return 1;
    case U'二': case U'两': return 2;
    case U'三': return 3;
    case U'四': return 4;
    case U'五': return 5;
    case U'六': return 6;
    case U'七': return 7;
    case U'八': return 8;
    case U'九': return 9;
    default: return -1;
  }
}

inline bool is_chinese_numeral(char32_t c) {
  return chinese_digit(c) >= 0 || c == U'十' || c == U'百';
}
inline bool starts_number(char32_t c) { return is_digit(c) || is_chinese_numeral(c); }

// The value of a run of Chinese numerals, or -1 when it is not one this reader is sure of: a
// year is written digit by digit (二〇一九), other numbers with 十 and 百; "一百五" (150, or a
// slip for 105?) is refused, and 两 is read only standing alone.
int chinese_value(const char32_t* begin, const char32_t* end);

}  // namespace taizhang::chinese
