// `audit verify` for signed checkpoints (engine/audit/checkpoint.h): every stored checkpoint must
// carry a valid signature under the server's public key, and its root must be the root the
// records give the tree of its size; a checkpoint someone saved (`--checkpoint SEQ:ROOT`) must
// still be the log's root at SEQ. A log cut short below a checkpoint, or rewritten there, is
// named, even when the chain and the tree were recomputed to hide it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/audit/audit_store.h"
#include "engine/audit/checkpoint.h"

namespace taizhang {

// A checkpoint kept outside the database: the tree's size and its hex root.
struct SavedCheckpoint {
  int64_t seq = 0;
  std::string root;
};

// "SEQ:ROOT", e.g. "120:3f…" (64 hex digits); nullopt for anything else.
std::optional<SavedCheckpoint> parse_saved_checkpoint(std::string_view text);

struct CheckpointOptions {
  std::string public_key_hex;  // empty: signatures are not checked (roots still are)
  std::optional<SavedCheckpoint> saved;
};

struct CheckpointCheckCounts {
  int64_t checkpoints = 0;  // stored checkpoints whose roots were compared
  int64_t signatures = 0;   // of those, signatures verified
};

class CheckpointCheck {
 public:
  // Reads the stored checkpoints (all of them: one per many records, so few).
  CheckpointCheck(AuditReader& store, CheckpointOptions options);
  // The records' root of the tree of `seq` records, records in seq order from the first;
  // remembered when a checkpoint names that size.
  bool wants(int64_t seq) const;
  void note_root(int64_t seq, const std::string& root_hex);
  // After the last record (`head` is its seq). Returns the first problem in words, or nullopt;
  // `bad_seq` is the checkpoint's seq then.
  std::optional<std::string> compare(int64_t head, CheckpointCheckCounts& counts,
                                     std::optional<int64_t>& bad_seq) const;

 private:
  std::optional<std::string> compare_one(int64_t head, int64_t seq, const std::string& root,
                                         const char* what) const;

  CheckpointOptions options_;
  std::vector<Checkpoint> stored_;
  std::map<int64_t, std::string> roots_;  // seq → the records' root at that size
};

}  // namespace taizhang
