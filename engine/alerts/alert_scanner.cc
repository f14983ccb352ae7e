#include "engine/alerts/alert_scanner.h"

#include <cstdio>

namespace taizhang {

AlertScanner::AlertScanner(Database& db, const OrgTree& orgs, const Clock& clock,
                           AlertPolicy policy, std::chrono::seconds interval,
                           std::function<void()> after_scan)
    : db_(db),
      orgs_(orgs),
      clock_(clock),
      policy_(policy),
      interval_(interval),
      after_scan_(std::move(after_scan)) {}

AlertScanner::~AlertScanner() { stop(); }

bool AlertScanner::stopping() {
  std::lock_guard lock(mu_);
  return stopping_;
}

void AlertScanner::start() {
  // The first write job of the first scan runs before start() returns, so that a server starts
  // listening with its alerts current (all of them, unless there is a large backlog, which the
  // thread then works through).
  bool complete = scan_step(clock_.now());
  {
    std::lock_guard lock(mu_);
    poked_ = !complete;
  }
  thread_ = std::thread([this] { loop(); });
}

bool AlertScanner::scan_step(TimePoint now) {
  ScanReport report;
  auto done = db_.writer().run([&](StoreWriter& store) -> Result<nlohmann::json> {
    auto r = scan_alerts(store, orgs_, policy_, now, kChangesPerJob);
    if (!r) return std::unexpected(r.error());
    report = *r;
    return nlohmann::json(nullptr);
  });
  if (!done) {
    std::fprintf(stderr, "taizhang: alert scan failed: %s\n", done.error().message.c_str());
    return true;  // retried at the next tick
  }
  if ((report.raised > 0 || report.resolved > 0) && after_scan_) after_scan_();
  return report.complete;
}

void AlertScanner::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AlertScanner::poke() {
  {
    std::lock_guard lock(mu_);
    poked_ = true;
  }
  cv_.notify_all();
}

void AlertScanner::loop() {
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, interval_, [this] { return stopping_ || poked_; });
      if (stopping_) return;
      poked_ = false;
    }
    // A scan with much to do (the first over a large database) runs as many short write jobs,
    // so that requests' writes interleave with it instead of waiting for all of it.
    const TimePoint now = clock_.now();
    while (!scan_step(now) && !stopping()) {
    }
  }
}

}  // namespace taizhang
