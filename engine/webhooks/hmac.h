// HMAC-SHA256 (RFC 2104) on OpenSSL's libcrypto, for signing webhook deliveries. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace taizhang {

// The 32-byte MAC of `data` under `key`, raw.
std::string hmac_sha256(std::string_view key, std::string_view data);
// The same as 64 lower-case hex digits.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
// Standard base64 (RFC 4648 §4, with padding) of `bytes`.
std::string base64_encode(std::string_view bytes);

}  // namespace taizhang
