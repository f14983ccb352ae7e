#include "engine/base/digest.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cstdio>
#include <cstdlib>

namespace taizhang {

namespace {

std::string to_hex(const unsigned char* bytes, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[bytes[i] >> 4];
    out[2 * i + 1] = kDigits[bytes[i] & 0xf];
  }
  return out;
}

// SHA-256 fetched from libcrypto's provider once: OpenSSL 3 looks the algorithm up again on every
// digest given EVP_sha256(), which cost as much as hashing a short record. The fetched method is
// immutable and shared by every thread; it lives as long as the process.
const EVP_MD* sha256_method() {
  static const EVP_MD* const method = [] {
    EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (!md) {
      std::fputs("fatal: libcrypto has no SHA-256\n", stderr);
      std::abort();
    }
    return md;
  }();
  return method;
}

// The value of one lower-case hex digit, or -1.
int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  Sha256Digest digest = sha256_digest(data);
  return to_hex(digest.data(), digest.size());
}

Sha256Digest sha256_digest(std::string_view data) {
  static_assert(sizeof(Sha256Digest) == 32 && EVP_MAX_MD_SIZE >= 32);
  Sha256Digest digest{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, sha256_method(), nullptr) != 1 ||
      length != digest.size()) {
    std::fputs("fatal: SHA-256 failed in libcrypto\n", stderr);
    std::abort();
  }
  return digest;
}

std::string hex_of(std::span<const unsigned char> bytes) {
  return to_hex(bytes.data(), bytes.size());
}

bool bytes_of_hex(std::string_view hex, std::span<unsigned char> out) {
  if (hex.size() != 2 * out.size()) return false;
  for (size_t i = 0; i < out.size(); ++i) {
    const int high = hex_digit(hex[2 * i]);
    const int low = hex_digit(hex[2 * i + 1]);
    if (high < 0 || low < 0) return false;
    out[i] = static_cast<unsigned char>(high << 4 | low);
  }
  return true;
}

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_ || EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(ctx_), sha256_method(), nullptr) != 1) {
    std::fputs("fatal: SHA-256 failed in libcrypto\n", stderr);
    std::abort();
  }
}

Sha256::~Sha256() { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(ctx_)); }

void Sha256::update(std::string_view data) {
  if (EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(ctx_), data.data(), data.size()) != 1) {
    std::fputs("fatal: SHA-256 failed in libcrypto\n", stderr);
    std::abort();
  }
}

std::string Sha256::hex() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(ctx_), digest.data(), &length) != 1) {
    std::fputs("fatal: SHA-256 failed in libcrypto\n", stderr);
    std::abort();
  }
  return to_hex(digest.data(), length);
}

std::string new_bearer_token() {
  std::array<unsigned char, 32> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
    std::fputs("fatal: no randomness from the CSPRNG for a token\n", stderr);
    std::abort();
  }
  return "tz_" + to_hex(random.data(), random.size());
}

}  // namespace taizhang
