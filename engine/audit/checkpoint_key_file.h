// The file that holds the checkpoint signing key (engine/audit/checkpoint.h): outside the
// database, so that a copy of the database, or someone who can rewrite it, cannot sign. One line,
// the 64-byte Ed25519 secret key as 128 lower-case hex digits, then "\n". Only its owner may
// read it: a key readable by the group or others is refused, because anyone who can read it can
// sign a rewritten log's root.
#pragma once

#include <string>

#include "engine/audit/checkpoint.h"
#include "engine/base/error.h"

namespace taizhang {

// The default key file of a database: beside it, "<db>.signing-key".
std::string checkpoint_key_path_for(const std::string& db_path);

// Creates `path` with mode 0600 holding a new key and returns it. Fails with conflict when the
// file exists (a key is never overwritten: checkpoints signed with it would no longer verify
// against the served public key), internal when it cannot be written.
Result<CheckpointKey> create_checkpoint_key_file(const std::string& path);

// Reads the key in `path`. Fails with not_found when there is no such file, invalid_field
// (field "signing-key") when the group or others may read or write it, or it does not hold a
// key.
Result<CheckpointKey> load_checkpoint_key_file(const std::string& path);

}  // namespace taizhang
