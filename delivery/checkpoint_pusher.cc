#include "delivery/checkpoint_pusher.h"

#include <algorithm>
#include <cstdio>

#include "delivery/webhook_test_send.h"
#include "engine/alerts/webhook.h"
#include "engine/audit/checkpoint_json.h"

namespace taizhang {

namespace {

constexpr int kPage = 100;

std::string body_of(const Checkpoint& c, const std::string& public_key_hex) {
  return nlohmann::json{{"event", "checkpoint"},
                        {"public_key", public_key_hex},
                        {"key_id", c.key_id},
                        {"checkpoint", checkpoint_json(c)}}
      .dump();
}

}  // namespace

CheckpointPusher::CheckpointPusher(Database& db, std::string url, std::string public_key_hex)
    : db_(db), url_(std::move(url)), public_key_hex_(std::move(public_key_hex)) {}

CheckpointPusher::~CheckpointPusher() { stop(); }

void CheckpointPusher::start() {
  thread_ = std::thread([this] { loop(); });
}

void CheckpointPusher::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void CheckpointPusher::loop() {
  std::chrono::seconds wait = kLookInterval;
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    const bool ok = push_new();
    lock.lock();
    wait = ok ? kLookInterval : std::min(wait * 2, kMaxBackoff);
    cv_.wait_for(lock, wait, [this] { return stopping_; });
  }
}

bool CheckpointPusher::push_new() {
  if (pushed_seq_ < 0) {
    // At start: from the last checkpoint signed before it, which a restart may have left unpushed.
    auto last = db_.read([](StoreReader& store) -> Result<int64_t> {
      auto c = store.last_checkpoint();
      return c ? c->seq - 1 : 0;
    });
    if (!last) return false;
    pushed_seq_ = *last;
  }
  for (;;) {
    auto page = db_.read([&](StoreReader& store) -> Result<std::vector<Checkpoint>> {
      return store.checkpoints(pushed_seq_, kPage);
    });
    if (!page) return false;
    for (const Checkpoint& c : *page) {
      {
        std::lock_guard lock(mu_);
        if (stopping_) return true;
      }
      OutgoingRequest request{url_, body_of(c, public_key_hex_),
                              {{"Content-Type", "application/json"},
                               {"X-Taizhang-Checkpoint", std::to_string(c.seq)}}};
      TestSendResult sent = send_now(request, kTimeoutMs);
      if (!sent.delivered) {
        if (!failing_) {
          std::fprintf(stderr, "taizhang: pushing checkpoint %lld to %s failed: %s; retrying\n",
                       static_cast<long long>(c.seq), url_without_secrets(url_).c_str(), sent.error.c_str());
        }
        failing_ = true;
        return false;
      }
      if (failing_) {
        std::fprintf(stderr, "taizhang: checkpoints are reaching %s again\n",
                     url_without_secrets(url_).c_str());
        failing_ = false;
      }
      pushed_seq_ = c.seq;
    }
    if (static_cast<int>(page->size()) < kPage) return true;
  }
}

}  // namespace taizhang
