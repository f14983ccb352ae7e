#include "engine/base/json_text.h"

#include <simdjson.h>

namespace taizhang {

std::string json_text(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json json_or_text(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  return j.is_discarded() ? nlohmann::json(std::string(text)) : j;
}

void append_json_string(std::string& out, std::string_view s) {
  // One pass without early exit, which the compiler vectorises: whether any byte needs an
  // escape, and whether any is past ASCII.
  bool escape = false;
  unsigned char high = 0;
  for (unsigned char c : s) {
    escape |= c < 0x20 || c == '"' || c == '\\';
    high |= c;
  }
  // Valid UTF-8 is copied as it is by the dump; anything else is escaped or replaced.
  if (!escape && (high < 0x80 || simdjson::validate_utf8(s.data(), s.size()))) {
    out += '"';
    out += s;
    out += '"';
    return;
  }
  out += json_text(nlohmann::json(std::string(s)));
}

}  // namespace taizhang
