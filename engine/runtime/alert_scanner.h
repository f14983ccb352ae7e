// The scanner thread of a running server, on the server's clock. Every `interval` it scans
// every open item that its due date has made due (a full scan, bounded by what is due or open);
// soon after a write it scans just the items that write touched (touched(id)), so that the
// cost of a write never grows with the database. It never blocks the caller of touched(); a
// scan that fails is logged and retried at the next tick.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "engine/alerts/alert.h"
#include "engine/alerts/alert_commands.h"
#include "engine/base/clock.h"
#include "engine/storage/database.h"
#include "engine/access/org.h"

namespace taizhang {

// Alerts raised or resolved per write job of a full scan: a few tens of milliseconds of the
// writer each (about 40 µs per change), so that requests' writes interleave with a long scan.
inline constexpr int64_t kAlertScanChangesPerJob = 500;

class AlertScanner {
 public:
  // `after_scan` runs on the scanner thread after every scan that changed something (to wake
  // the webhook deliverer).
  AlertScanner(Database& db, const OrgTree& orgs, const Clock& clock, AlertPolicy policy,
               std::chrono::seconds interval, std::function<void()> after_scan = {});
  ~AlertScanner();  // stops

  void start();  // runs the first step of a scan, then the thread
  void stop();  // idempotent; waits for a scan in progress
  // Scan this item soon (it was created or moved). Cheap, never blocks on a scan. Past
  // kTouchedItemsMax waiting items, the next scan is a full one instead.
  void touched(int64_t item_id);
  // A full scan soon (an item changed in ways not worth tracking one by one, e.g. an import).
  void poke();

  const AlertPolicy& policy() const { return policy_; }

 private:
  void loop();
  bool stopping();
  // One write job of a full scan; true when the scan is complete (or failed: logged, retried
  // later).
  bool scan_step(TimePoint now);
  // One write job over the touched items.
  void scan_touched(std::vector<int64_t> item_ids, TimePoint now);
  void after_report(const Result<ScanReport>& report);

  // Items remembered between two scans; a write touches one or a few.
  static constexpr size_t kTouchedItemsMax = 4096;

  Database& db_;
  const OrgTree& orgs_;
  const Clock& clock_;
  AlertPolicy policy_;
  std::chrono::seconds interval_;
  std::function<void()> after_scan_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool poked_ = false;  // a full scan is wanted
  std::vector<int64_t> touched_;
  // Where the full scan in progress goes on from; back at the beginning once a scan completes.
  // Used by scan_step only, which runs on one thread at a time (start(), then the loop).
  ScanCursor cursor_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace taizhang
