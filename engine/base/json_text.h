// JSON text exactly as nlohmann::json dumps it for the audit chain: no insignificant whitespace,
// UTF-8 left unescaped, `"` `\` and control characters escaped (\b \f \n \r \t, else \u00xx),
// invalid UTF-8 replaced by U+FFFD. These are the bytes the chain hashes (engine/audit/chain.h)
// and that `audit verify` compares, so a writer of them that skips building a JSON tree must
// give them byte for byte (tests/engine/json_text_test.cc holds the two equal).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace taizhang {

// The dump of any JSON value.
std::string json_text(const nlohmann::json& value);

// What stored JSON text reads back as: the JSON it holds, or, for text that is not JSON (which
// only a hand edit of the file can produce), that text as a JSON string, so that a hash or a
// comparison fails and names the row instead of the read throwing.
nlohmann::json json_or_text(std::string_view text);

// Appends the dump of the JSON string `s`, without copying it into a JSON value when it needs
// no escaping (valid UTF-8 with no `"`, `\` or control character: most text).
void append_json_string(std::string& out, std::string_view s);

}  // namespace taizhang
