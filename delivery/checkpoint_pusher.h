// Pushing the signed checkpoints of the audit log to a URL outside this machine (`serve
// --checkpoint-push URL`), so that a copy of each lives where whoever holds the database cannot
// reach it: a truncation or rewrite below a pushed checkpoint is then provable from that copy
// (`taizhang audit verify --checkpoint SEQ:ROOT`, deploy/verify_audit_chain.py --checkpoints).
//
// A thread of its own looks at the stored checkpoints every second and POSTs each new one, in seq
// order, as JSON: {"event": "checkpoint", "public_key", "key_id", "checkpoint": {seq, root, at,
// signature, key_id}}, with the header X-Taizhang-Checkpoint: SEQ (receivers deduplicate on it).
// A 2xx answer moves on to the next; anything else is retried with a doubling wait, from 1 s to 5
// minutes, and said once per failure episode on stderr. At start it pushes the last checkpoint
// signed before it (a restart may have missed it) and everything after. Nothing is stored: a
// checkpoint signed while the endpoint was down is pushed when it is back. Thread-safe start/stop.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "engine/storage/database.h"

namespace taizhang {

class CheckpointPusher {
 public:
  CheckpointPusher(Database& db, std::string url, std::string public_key_hex);
  ~CheckpointPusher();  // stops

  void start();
  void stop();  // idempotent; waits for a push in progress (at most its 10 s timeout)

  static constexpr std::chrono::seconds kLookInterval{1};
  static constexpr std::chrono::seconds kMaxBackoff{300};
  static constexpr int kTimeoutMs = 10'000;

 private:
  void loop();
  // Pushes what is new; returns false when a push failed.
  bool push_new();

  Database& db_;
  std::string url_;
  std::string public_key_hex_;
  int64_t pushed_seq_ = -1;  // -1: nothing looked at yet
  bool failing_ = false;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace taizhang
