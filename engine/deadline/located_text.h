// Running text decoded once for the sentence reader: its code points folded as chinese::fold
// folds them, each with where it stands in the original UTF-8, so that what the reader found
// can be reported in bytes and in characters of the text the user typed. No I/O.
//
// Thread safety: a LocatedText is a value; decode_located is a pure function.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace taizhang::deadline_text {

struct TextPosition {
  std::uint32_t byte_begin = 0;  // the code point's first byte in the original text
  std::uint32_t byte_end = 0;    // one past its last byte
  std::uint32_t char_index = 0;  // how many code points come before it in the original
  char32_t original = 0;         // as typed, before folding
};

struct LocatedText {
  // Whitespace is dropped, except line breaks, which stay as '\n': a line ends a clause.
  std::vector<char32_t> folded;
  std::vector<TextPosition> at;  // at[i] is where folded[i] came from
  std::size_t char_count = 0;    // code points in the original

  std::size_t size() const { return folded.size(); }
  // Whether the code point at `i` ends a clause: ，。；！？ and their ASCII forms, a line break.
  bool ends_clause(std::size_t i) const;
  // ends_clause, or the 、 of a list ("6月底、9月底前"): the reader never joins words across one
  // into one expression.
  bool separates_times(std::size_t i) const { return ends_clause(i) || at[i].original == U'、'; }
};

// Decodes `text` into `out`. Returns what is wrong with the text (not UTF-8, control
// characters, two numbers separated only by a space: "1 5日内"), or nullptr.
const char* decode_located(std::string_view text, LocatedText& out);

}  // namespace taizhang::deadline_text
