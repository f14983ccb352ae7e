// SHA-256 and random tokens, on OpenSSL's libcrypto. Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace taizhang {

// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

// A new bearer token: 256 bits from the OS CSPRNG, as "tz_" followed by 64 hex digits. Only its
// sha256_hex is ever stored. Aborts if the CSPRNG fails: a predictable token is worse than none.
std::string new_bearer_token();

}  // namespace taizhang
