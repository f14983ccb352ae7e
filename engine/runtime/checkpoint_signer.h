// The checkpoint signer of a running server: on its own thread, it signs a checkpoint of the
// audit log (engine/audit/checkpoint_signing.h) once `every_records` records were appended since
// the last one, or `every` has passed since it and the head moved. It looks at the head once a
// second — one small read, never a write — so that a request never waits for it; the signing is
// one short write job through the writer like every other change. A signing that fails is
// logged and tried again at the next look.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

#include "engine/audit/checkpoint.h"
#include "engine/base/clock.h"
#include "engine/storage/database.h"

namespace taizhang {

class CheckpointSigner {
 public:
  CheckpointSigner(Database& db, const Clock& clock, CheckpointKey key, int64_t every_records,
                   std::chrono::minutes every);
  ~CheckpointSigner();  // stops

  void start();
  void stop();  // idempotent; waits for a signing in progress

  // How often the head is looked at.
  static constexpr std::chrono::seconds kLookInterval{1};

 private:
  void loop();
  // Signs when it is due; returns when the next look is.
  void look();

  Database& db_;
  const Clock& clock_;
  CheckpointKey key_;
  int64_t every_records_;
  std::chrono::minutes every_;
  std::chrono::steady_clock::time_point last_signed_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace taizhang
