// SHA-256 and random tokens, on OpenSSL's libcrypto. Thread-safe.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>

namespace taizhang {

// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

// SHA-256 of `data` as its 32 bytes, for hashes that are hashed again (engine/audit/merkle.h).
using Sha256Digest = std::array<unsigned char, 32>;
Sha256Digest sha256_digest(std::string_view data);

// SHA-256 of the concatenation of `pieces`, without concatenating them: for a text whose large
// parts are already held elsewhere (an audit record's before and after, engine/audit/chain.cc).
Sha256Digest sha256_digest_of_pieces(std::span<const std::string_view> pieces);

// Lower-case hex of `bytes`, two digits a byte.
std::string hex_of(std::span<const unsigned char> bytes);
// Decodes `hex`, which must be exactly 2 × out.size() lower-case hex digits (what hex_of writes),
// into `out` and returns true; returns false for anything else, `out` then unspecified. One
// spelling only, so that a hash has one text and texts compare as hashes do.
bool bytes_of_hex(std::string_view hex, std::span<unsigned char> out);

// SHA-256 over data fed in pieces (a file read in blocks), for when the whole is too large to
// hold at once. Not thread-safe; one per computation.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view data);
  // Lower-case hex of everything fed so far; the hasher is spent afterwards.
  std::string hex();

 private:
  void* ctx_;  // EVP_MD_CTX, kept out of this header
};

// A new bearer token: 256 bits from the OS CSPRNG, as "tz_" followed by 64 hex digits. Only its
// sha256_hex is ever stored. Aborts if the CSPRNG fails: a predictable token is worse than none.
std::string new_bearer_token();

}  // namespace taizhang
