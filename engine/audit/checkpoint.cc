#include "engine/audit/checkpoint.h"

#include <sodium.h>

#include "engine/base/assert.h"
#include "engine/base/digest.h"
#include "engine/base/sodium.h"

namespace taizhang {

static_assert(kCheckpointPublicKeyBytes == crypto_sign_PUBLICKEYBYTES);
static_assert(kCheckpointSecretKeyBytes == crypto_sign_SECRETKEYBYTES);
static_assert(kCheckpointSignatureBytes == crypto_sign_BYTES);

namespace {

const unsigned char* bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

std::string checkpoint_text(int64_t seq, std::string_view root, std::string_view at) {
  std::string text = "taizhang-checkpoint v1\n";
  text += std::to_string(seq);
  text += '\n';
  text += root;
  text += '\n';
  text += at;
  text += '\n';
  return text;
}

CheckpointKey CheckpointKey::generate() {
  init_sodium();
  CheckpointKey key;
  std::array<unsigned char, kCheckpointPublicKeyBytes> public_key{};
  TZ_ASSERT(crypto_sign_keypair(public_key.data(), key.secret_.data()) == 0);
  return key;
}

std::optional<CheckpointKey> CheckpointKey::from_hex(std::string_view hex) {
  init_sodium();
  CheckpointKey key;
  if (!bytes_of_hex(hex, key.secret_)) return std::nullopt;
  // The second half must be the public key of the first (the seed): a key file with a bit
  // flipped would otherwise sign checkpoints that never verify.
  std::array<unsigned char, kCheckpointPublicKeyBytes> public_key{};
  std::array<unsigned char, kCheckpointSecretKeyBytes> again{};
  if (crypto_sign_seed_keypair(public_key.data(), again.data(), key.secret_.data()) != 0 ||
      sodium_memcmp(again.data(), key.secret_.data(), again.size()) != 0) {
    sodium_memzero(again.data(), again.size());
    return std::nullopt;
  }
  sodium_memzero(again.data(), again.size());
  return key;
}

CheckpointKey::~CheckpointKey() { sodium_memzero(secret_.data(), secret_.size()); }

std::string CheckpointKey::secret_hex() const { return hex_of(secret_); }

std::string CheckpointKey::public_key_hex() const {
  return hex_of(std::span(secret_).subspan(kCheckpointSecretKeyBytes - kCheckpointPublicKeyBytes));
}

std::string CheckpointKey::key_id() const { return checkpoint_key_id(public_key_hex()); }

Checkpoint CheckpointKey::sign(int64_t seq, std::string_view root, std::string_view at) const {
  const std::string text = checkpoint_text(seq, root, at);
  std::array<unsigned char, kCheckpointSignatureBytes> signature{};
  TZ_ASSERT(crypto_sign_detached(signature.data(), nullptr, bytes(text), text.size(),
                                 secret_.data()) == 0);
  return Checkpoint{seq, std::string(root), std::string(at), hex_of(signature), key_id()};
}

std::string checkpoint_key_id(std::string_view public_key_hex) {
  return hex_of(sha256_digest(public_key_hex)).substr(0, 16);
}

bool verify_checkpoint(const Checkpoint& checkpoint, std::string_view public_key_hex) {
  init_sodium();
  std::array<unsigned char, kCheckpointPublicKeyBytes> public_key{};
  std::array<unsigned char, kCheckpointSignatureBytes> signature{};
  if (!bytes_of_hex(public_key_hex, public_key)) return false;
  if (!bytes_of_hex(checkpoint.signature, signature)) return false;
  const std::string text = checkpoint_text(checkpoint.seq, checkpoint.root, checkpoint.at);
  return crypto_sign_verify_detached(signature.data(), bytes(text), text.size(),
                                     public_key.data()) == 0;
}

}  // namespace taizhang
