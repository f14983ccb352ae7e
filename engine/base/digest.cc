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

// The value of each lower-case hex digit, -1 for every other byte: a table, as verify decodes
// two hashes a record.
constexpr std::array<int8_t, 256> kHexDigits = [] {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<int8_t>(c - '0');
  for (int c = 'a'; c <= 'f'; ++c) t[c] = static_cast<int8_t>(c - 'a' + 10);
  return t;
}();

int hex_digit(char c) { return kHexDigits[static_cast<unsigned char>(c)]; }

}  // namespace

std::string sha256_hex(std::string_view data) {
  Sha256Digest digest = sha256_digest(data);
  return to_hex(digest.data(), digest.size());
}

Sha256Digest sha256_digest(std::string_view data) {
  return sha256_digest_of_pieces(std::span<const std::string_view>(&data, 1));
}

Sha256Digest sha256_digest_of_pieces(std::span<const std::string_view> pieces) {
  static_assert(sizeof(Sha256Digest) == 32 && EVP_MAX_MD_SIZE >= 32);
  // One context per thread, initialised again for each digest: EVP_Digest allocates and frees
  // one per call, a quarter of the cost of hashing a short record.
  struct Context {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(ctx); }
  };
  thread_local Context context;
  Sha256Digest digest{};
  unsigned int length = 0;
  bool ok = context.ctx && EVP_DigestInit_ex(context.ctx, sha256_method(), nullptr) == 1;
  for (std::string_view piece : pieces) {
    ok = ok && EVP_DigestUpdate(context.ctx, piece.data(), piece.size()) == 1;
  }
  if (!ok || EVP_DigestFinal_ex(context.ctx, digest.data(), &length) != 1 ||
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
  int bad = 0;  // no early exit: the loop stays branch-free
  for (size_t i = 0; i < out.size(); ++i) {
    const int high = hex_digit(hex[2 * i]);
    const int low = hex_digit(hex[2 * i + 1]);
    bad |= high | low;
    out[i] = static_cast<unsigned char>(high << 4 | low);
  }
  return bad >= 0;
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
