#include "engine/webhooks/hmac.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cstdio>
#include <cstdlib>

namespace taizhang {

std::string hmac_sha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  // An empty key is legal HMAC; OpenSSL wants a non-null pointer for it.
  static const unsigned char kEmpty = 0;
  const void* key_bytes = key.empty() ? &kEmpty : static_cast<const void*>(key.data());
  if (HMAC(EVP_sha256(), key_bytes, static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac.data(),
           &length) == nullptr) {
    // Not a data error: libcrypto itself is broken. An unsigned delivery is worse than none.
    std::fputs("fatal: HMAC-SHA256 failed in libcrypto\n", stderr);
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(mac.data()), length);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  const std::string mac = hmac_sha256(key, data);
  std::string out(mac.size() * 2, '0');
  for (size_t i = 0; i < mac.size(); ++i) {
    const auto b = static_cast<unsigned char>(mac[i]);
    out[2 * i] = kDigits[b >> 4];
    out[2 * i + 1] = kDigits[b & 0xf];
  }
  return out;
}

std::string base64_encode(std::string_view bytes) {
  // EVP_EncodeBlock writes a terminating NUL after the 4·⌈n/3⌉ characters: room for it.
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

}  // namespace taizhang
