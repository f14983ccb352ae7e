// The scanner thread of a running server: scans on a timer (every `interval`) and soon after
// each transition (poke), as one write job each, on the server's clock. It never blocks the
// caller of poke(); a scan that fails is logged and retried at the next tick.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "engine/alerts/alert.h"
#include "engine/alerts/alert_commands.h"
#include "engine/clock.h"
#include "engine/database.h"
#include "engine/org.h"

namespace taizhang {

class AlertScanner {
 public:
  // `after_scan` runs on the scanner thread after every scan that changed something (to wake
  // the webhook deliverer).
  AlertScanner(Database& db, const OrgTree& orgs, const Clock& clock, AlertPolicy policy,
               std::chrono::seconds interval, std::function<void()> after_scan = {});
  ~AlertScanner();  // stops

  void start();  // runs the first step of a scan, then the thread
  void stop();  // idempotent; waits for a scan in progress
  void poke();  // scan soon (an item changed); cheap, never blocks on a scan

  const AlertPolicy& policy() const { return policy_; }

 private:
  void loop();
  bool stopping();
  // One write job of a scan; true when the scan is complete (or failed: logged, retried later).
  bool scan_step(TimePoint now);

  // Alerts raised or resolved per write job: a few milliseconds of the writer each.
  static constexpr int64_t kChangesPerJob = 500;

  Database& db_;
  const OrgTree& orgs_;
  const Clock& clock_;
  AlertPolicy policy_;
  std::chrono::seconds interval_;
  std::function<void()> after_scan_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool poked_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace taizhang
