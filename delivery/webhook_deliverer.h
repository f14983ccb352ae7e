// The webhook deliverer: a background thread working through the outbox (pending rows of
// webhook_deliveries) with libcurl's multi interface, many transfers in flight at once, so that a
// dead or slow endpoint only ever holds its own deliveries back — never another webhook's, never
// an HTTP request (the server's threads are not used).
//
// Each attempt is recorded through the writer: a 2xx answer marks the delivery delivered; anything
// else (error status, a DingTalk/WeCom robot's non-zero errcode, timeout, refused connection)
// counts an attempt, records the status and error, and schedules the next attempt with
// exponential backoff, until max_attempts makes it failed. Deliveries are at least once: a
// delivery sent but not yet recorded when the process dies is sent again after the restart
// (receivers deduplicate on X-Taizhang-Delivery, the event id).
//
// Thread-safe: start/stop/poke may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>

#include "engine/base/clock.h"
#include "engine/storage/database.h"

namespace taizhang {

struct DelivererStats {
  uint64_t attempts = 0;    // transfers completed (successful or not), not counting aborted ones
  uint64_t delivered = 0;
  uint64_t retries = 0;     // attempts that failed and were scheduled again
  uint64_t given_up = 0;    // deliveries marked failed
};

class WebhookDeliverer {
 public:
  struct Options {
    int timeout_ms = 5000;          // whole transfer, connect to last byte
    int max_attempts = 8;           // then `failed`
    int64_t first_backoff_ms = 1000;  // after the first failed attempt; doubles with each
    int64_t max_backoff_ms = 600000;
    int max_in_flight = 32;
    int connect_timeout_ms = 3000;  // capped by timeout_ms
    // One webhook's share of the slots: a backlog at a dead endpoint leaves the rest to others.
    int max_in_flight_per_webhook = 4;
    // Due deliveries read per look at the outbox (enough to see past one webhook's backlog).
    int scan_limit = 1024;
    // How long to sleep at most when nothing is due: deliveries written by another process, or
    // without a poke, are found this late at worst.
    int poll_interval_ms = 1000;
  };

  // `db` and `clock` must outlive the deliverer. Schedules run on `clock` (next_attempt_ms is on
  // the server clock); DingTalk signatures use the real wall-clock time.
  WebhookDeliverer(Database& db, const Clock& clock, Options options);
  WebhookDeliverer(Database& db, const Clock& clock) : WebhookDeliverer(db, clock, Options{}) {}
  ~WebhookDeliverer();  // stop()
  WebhookDeliverer(const WebhookDeliverer&) = delete;
  WebhookDeliverer& operator=(const WebhookDeliverer&) = delete;

  // Starts the thread. Once only.
  void start();
  // Aborts the transfers in flight (they stay pending, and are not counted as attempts) and joins
  // the thread; returns within about one poll of libcurl (milliseconds), whatever the endpoints
  // do. Idempotent.
  void stop();
  // New deliveries may be pending: look at the outbox now rather than at the next poll.
  void poke();

  DelivererStats stats() const;

 private:
  struct Loop;
  void run();

  Database& db_;
  const Clock& clock_;
  Options options_;
  void* multi_ = nullptr;  // CURLM*, owned; curl.h stays out of this header
  std::atomic<bool> stopping_{false};
  std::atomic<bool> poked_{false};
  mutable std::mutex mu_;  // guards thread_ start/join and stats_
  std::thread thread_;
  DelivererStats stats_;
};

}  // namespace taizhang
