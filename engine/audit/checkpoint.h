// Signed checkpoints of the audit log's Merkle tree (engine/audit/merkle.h): the server states,
// under an Ed25519 key kept outside the database, that the tree of `seq` records had `root` at
// `at`. Whoever saves a checkpoint can later hold the log to it: a log cut short below `seq`, or
// rewritten there, no longer has that root, and the database's holder cannot sign a new one
// without the key.
//
// What is signed is this text, UTF-8, every line ending in "\n", nothing else:
//
//     taizhang-checkpoint v1
//     <seq, decimal>
//     <root, 64 lower-case hex digits>
//     <at, RFC 3339 as format_rfc3339 writes it: e.g. 2026-12-07T18:00:00.000+08:00>
//
// so that anyone with a tool that checks Ed25519 (openssl pkeyutl -verify -rawin) can check a
// checkpoint from its four fields without this code.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/base/error.h"

namespace taizhang {

// libsodium's sizes, restated so that the header needs no sodium.h (checked in checkpoint.cc).
inline constexpr size_t kCheckpointPublicKeyBytes = 32;
inline constexpr size_t kCheckpointSecretKeyBytes = 64;  // seed and public key, as libsodium keeps it
inline constexpr size_t kCheckpointSignatureBytes = 64;

struct Checkpoint {
  int64_t seq = 0;        // the tree's size in records; the last record's seq
  std::string root;       // hex Merkle root of the tree of `seq` records
  std::string at;         // RFC 3339 (format_rfc3339), when it was signed
  std::string signature;  // hex Ed25519 signature of checkpoint_text()
  std::string key_id;     // checkpoint_key_id() of the key that signed
};

// The exact bytes a checkpoint's signature covers (above).
std::string checkpoint_text(int64_t seq, std::string_view root, std::string_view at);

// The server's signing key: libsodium's 64-byte Ed25519 secret key, whose second half is the
// public key.
class CheckpointKey {
 public:
  // A new random key.
  static CheckpointKey generate();
  // From the 128 hex digits of a key file; nullopt for anything else.
  static std::optional<CheckpointKey> from_hex(std::string_view hex);
  ~CheckpointKey();  // wipes the secret
  CheckpointKey(const CheckpointKey&) = default;
  CheckpointKey& operator=(const CheckpointKey&) = default;

  std::string secret_hex() const;
  std::string public_key_hex() const;
  std::string key_id() const;
  // A checkpoint of the tree of `seq` records with `root`, signed at `at`.
  Checkpoint sign(int64_t seq, std::string_view root, std::string_view at) const;

 private:
  CheckpointKey() = default;
  std::array<unsigned char, kCheckpointSecretKeyBytes> secret_{};
};

// A short name for a public key (hex): the first 16 hex digits of its SHA-256, so that a
// checkpoint says which key signed it when keys are replaced.
std::string checkpoint_key_id(std::string_view public_key_hex);

// True when `checkpoint.signature` is a valid signature of its seq, root and at under
// `public_key_hex` (64 hex digits). False for any malformed field.
bool verify_checkpoint(const Checkpoint& checkpoint, std::string_view public_key_hex);

}  // namespace taizhang
