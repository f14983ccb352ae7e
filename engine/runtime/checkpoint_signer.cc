#include "engine/runtime/checkpoint_signer.h"

#include <cstdio>

#include "engine/audit/checkpoint_signing.h"

namespace taizhang {

CheckpointSigner::CheckpointSigner(Database& db, const Clock& clock, CheckpointKey key,
                                   int64_t every_records, std::chrono::minutes every)
    : db_(db),
      clock_(clock),
      key_(std::move(key)),
      every_records_(every_records),
      every_(every),
      last_signed_(std::chrono::steady_clock::now()) {}

CheckpointSigner::~CheckpointSigner() { stop(); }

void CheckpointSigner::start() {
  thread_ = std::thread([this] { loop(); });
}

void CheckpointSigner::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void CheckpointSigner::loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    look();
    lock.lock();
    cv_.wait_for(lock, kLookInterval, [this] { return stopping_; });
  }
}

void CheckpointSigner::look() {
  struct Position {
    int64_t head = 0;
    int64_t signed_seq = 0;
  };
  auto position = db_.read([](StoreReader& store) -> Result<Position> {
    auto last = store.last_checkpoint();
    return Position{store.audit_head().seq, last ? last->seq : 0};
  });
  if (!position) {
    std::fprintf(stderr, "taizhang: checkpoint look failed: %s\n",
                 position.error().message.c_str());
    return;
  }
  const int64_t unsigned_records = position->head - position->signed_seq;
  if (unsigned_records <= 0) return;
  const bool by_records = unsigned_records >= every_records_;
  const bool by_time = std::chrono::steady_clock::now() - last_signed_ >= every_;
  if (!by_records && !by_time) return;
  auto signed_checkpoint = db_.writer().run(
      [&](StoreWriter& store) { return sign_checkpoint_at_head(store, key_, clock_.now()); });
  if (!signed_checkpoint) {
    std::fprintf(stderr, "taizhang: checkpoint signing failed: %s\n",
                 signed_checkpoint.error().message.c_str());
    return;
  }
  last_signed_ = std::chrono::steady_clock::now();
}

}  // namespace taizhang
