#include "engine/base/json_text.h"

#include <simdjson.h>

#include <cstdint>
#include <cstring>

namespace taizhang {

std::string json_text(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json json_or_text(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  return j.is_discarded() ? nlohmann::json(std::string(text)) : j;
}

namespace {

// Eight bytes at a time: verify writes a string this way for every member of every record, item
// and history line it compares, and a loop over single bytes (which the compiler does not
// vectorise at -O2) cost five times as many instructions. Each test below is the classic one
// for "some byte of the word is …": exact about whether such a byte exists, which is all that is
// asked of it.
constexpr uint64_t kOnes = 0x0101010101010101;
constexpr uint64_t kHighBits = 0x8080808080808080;

// Nonzero if some byte of `word` is below `n` (n at most 0x80).
constexpr uint64_t some_byte_below(uint64_t word, uint8_t n) {
  return (word - kOnes * n) & ~word & kHighBits;
}
// Nonzero if some byte of `word` is `b`.
constexpr uint64_t some_byte_is(uint64_t word, uint8_t b) {
  return some_byte_below(word ^ (kOnes * b), 1);
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  // Whether any byte needs an escape, and whether any is past ASCII.
  uint64_t escape = 0;
  uint64_t high = 0;
  auto read = [&](uint64_t word) {
    escape |= some_byte_below(word, 0x20) | some_byte_is(word, '"') | some_byte_is(word, '\\');
    high |= word & kHighBits;
  };
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    read(word);
  }
  if (i < s.size()) {  // the last few bytes, in a word filled out with a byte that needs nothing
    uint64_t word = kOnes * 'a';
    std::memcpy(&word, s.data() + i, s.size() - i);
    read(word);
  }
  // Valid UTF-8 is copied as it is by the dump; anything else is escaped or replaced.
  if (!escape && (!high || simdjson::validate_utf8(s.data(), s.size()))) {
    out += '"';
    out += s;
    out += '"';
    return;
  }
  out += json_text(nlohmann::json(std::string(s)));
}

}  // namespace taizhang
