#include "engine/deadline/located_text.h"

#include "engine/deadline/chinese_text.h"

namespace taizhang::deadline_text {

bool LocatedText::ends_clause(std::size_t i) const {
  switch (at[i].original) {
    case U'，': case U'。': case U'；': case U'！': case U'？': case U',': case U';':
    case U'!': case U'?': case U'\n':
      return true;
    default:
      return false;
  }
}

const char* decode_located(std::string_view text, LocatedText& out) {
  out.folded.clear(), out.at.clear(), out.char_count = 0;
  out.folded.reserve(text.size()), out.at.reserve(text.size());
  bool space_before = false;
  for (std::size_t i = 0; i < text.size(); ++out.char_count) {
    char32_t original = 0;
    const std::size_t length = chinese::decode_utf8_at(text, i, original);
    if (length == 0) return "it is not valid UTF-8";
    const TextPosition position{static_cast<std::uint32_t>(i),
                                static_cast<std::uint32_t>(i + length),
                                static_cast<std::uint32_t>(out.char_count), original};
    i += length;
    char32_t c = original == U'\n' ? U'\n' : chinese::fold(original);
    if (c == 0) {
      space_before = true;
      continue;
    }
    if ((c < 0x20 && c != U'\n') || c == 0x7F) return "it contains control characters";
    // "1 5日内" might be 15 or a typo; refuse rather than join the digits.
    if (space_before && chinese::is_digit(c) && !out.folded.empty() &&
        chinese::is_digit(out.folded.back())) {
      return "two numbers are separated only by a space";
    }
    space_before = false;
    // "——" is one dash, as the parser expects.
    if (c == U'-' && !out.folded.empty() && out.folded.back() == U'-') {
      out.at.back().byte_end = position.byte_end;
      continue;
    }
    out.folded.push_back(c);
    out.at.push_back(position);
  }
  return nullptr;
}

}  // namespace taizhang::deadline_text
