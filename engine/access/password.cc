#include "engine/access/password.h"

#include <sodium.h>

#include "engine/base/assert.h"
#include "engine/base/sodium.h"

namespace taizhang {

namespace {

// Interactive limits: about 0.1 s and 64 MiB per hash on an office PC — slow enough to make
// guessing costly, fast enough for a sign-in.
constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

size_t code_points(std::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

}  // namespace

Result<std::string> hash_password(std::string_view password) {
  if (password.size() > kMaxPasswordBytes) {
    return fail(ErrorCode::invalid_field,
                "密码过长 (at most " + std::to_string(kMaxPasswordBytes) + " bytes)", "password");
  }
  if (code_points(password) < kMinPasswordChars) {
    return fail(ErrorCode::invalid_field,
                "密码至少 " + std::to_string(kMinPasswordChars) + " 个字符 (too short)", "password");
  }
  for (unsigned char c : password) {
    if (c < 0x20 || c == 0x7f) {
      return fail(ErrorCode::invalid_field, "密码不能含控制字符 (control character)", "password");
    }
  }
  init_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), kOpsLimit, kMemLimit) != 0) {
    return fail(ErrorCode::internal, "out of memory hashing a password");
  }
  return std::string(out);
}

bool password_matches(const std::string& hash, std::string_view password) {
  if (password.size() > kMaxPasswordBytes || hash.size() >= crypto_pwhash_STRBYTES) return false;
  init_sodium();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void spend_password_check_time(std::string_view password) {
  init_sodium();
  // A hash made once with the same costs: verifying against it costs what a real check costs.
  static const std::string decoy = [] {
    char out[crypto_pwhash_STRBYTES];
    TZ_ASSERT(crypto_pwhash_str(out, "decoy-password", 14, kOpsLimit, kMemLimit) == 0);
    return std::string(out);
  }();
  (void)password_matches(decoy, password.substr(0, kMaxPasswordBytes));
}

}  // namespace taizhang
