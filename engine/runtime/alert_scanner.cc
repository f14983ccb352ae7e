#include "engine/runtime/alert_scanner.h"

#include <algorithm>
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

void AlertScanner::after_report(const Result<ScanReport>& report) {
  if (!report) {
    std::fprintf(stderr, "taizhang: alert scan failed: %s\n", report.error().message.c_str());
    return;
  }
  if ((report->raised > 0 || report->resolved > 0) && after_scan_) after_scan_();
}

bool AlertScanner::scan_step(TimePoint now) {
  // The job moves a copy of the cursor; the scanner takes it only once the job has committed,
  // so a job whose transaction fails is retried from where it began.
  ScanCursor moved = cursor_;
  auto report = db_.writer().run([&](StoreWriter& store) {
    return scan_alerts(store, orgs_, policy_, now, kAlertScanChangesPerJob, moved);
  });
  if (report) cursor_ = moved;
  after_report(report);
  return !report || report->complete;  // a failed one is retried at the next tick
}

void AlertScanner::scan_touched(std::vector<int64_t> item_ids, TimePoint now) {
  auto report = db_.writer().run([&](StoreWriter& store) {
    return scan_item_alerts(store, orgs_, policy_, item_ids, now);
  });
  after_report(report);
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

void AlertScanner::touched(int64_t item_id) {
  {
    std::lock_guard lock(mu_);
    if (touched_.size() < kTouchedItemsMax) {
      touched_.push_back(item_id);
    } else {
      poked_ = true;  // too many to track: a full scan covers them all
    }
  }
  cv_.notify_all();
}

void AlertScanner::loop() {
  auto next_full = std::chrono::steady_clock::now() + interval_;
  for (;;) {
    bool full = false;
    std::vector<int64_t> items;
    {
      std::unique_lock lock(mu_);
      cv_.wait_until(lock, next_full,
                     [this] { return stopping_ || poked_ || !touched_.empty(); });
      if (stopping_) return;
      full = poked_ || std::chrono::steady_clock::now() >= next_full;
      poked_ = false;
      items.swap(touched_);
    }
    const TimePoint now = clock_.now();
    if (!full) {
      std::sort(items.begin(), items.end());
      items.erase(std::unique(items.begin(), items.end()), items.end());
      scan_touched(std::move(items), now);
      continue;
    }
    // A full scan covers the touched items too. One with much to do (the first over a large
    // database) runs as many short write jobs, so that requests' writes interleave with it;
    // each goes on from where the one before stopped (cursor_).
    next_full = std::chrono::steady_clock::now() + interval_;
    while (!scan_step(now) && !stopping()) {
    }
  }
}

}  // namespace taizhang
