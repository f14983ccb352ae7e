// Passwords, on libsodium: Argon2id through crypto_pwhash_str, whose output carries its own salt
// and costs, so that raising the costs later needs no migration (old hashes still verify).
#pragma once

#include <string>
#include <string_view>

#include "engine/base/error.h"

namespace taizhang {

inline constexpr size_t kMinPasswordChars = 8;      // characters (code points), not bytes
inline constexpr size_t kMaxPasswordBytes = 1024;   // bounds the hashing work an attacker can ask

// The stored form of `password`; invalid_field on `password` when it has fewer than
// kMinPasswordChars characters, more than kMaxPasswordBytes bytes, or a control character;
// internal when libsodium cannot hash (out of memory).
Result<std::string> hash_password(std::string_view password);

// Whether `password` matches the stored form `hash`. False for a malformed hash. Takes the time
// of one Argon2id hash whatever the answer, so the time tells nothing.
bool password_matches(const std::string& hash, std::string_view password);

// Spends the time of one password check against nothing: a sign-in for an unknown name then
// takes as long as one with a wrong password, so the time does not tell which names exist.
void spend_password_check_time(std::string_view password);

}  // namespace taizhang
