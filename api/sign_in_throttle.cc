#include "api/sign_in_throttle.h"

#include <algorithm>

namespace taizhang::api {

int64_t SignInThrottle::wait_s(const std::string& key, Clock::time_point now) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  const Failures& f = it->second;
  if (now - f.first > kWindow) {
    failures_.erase(it);
    return 0;
  }
  if (f.count < kFreeFailures) return 0;
  // 1 s after the fifth failure, 2 s after the sixth, … up to kMaxDelay.
  const int doublings = std::min(f.count - kFreeFailures, 20);
  const auto delay = std::min<std::chrono::seconds>(std::chrono::seconds(1LL << doublings), kMaxDelay);
  const auto until = f.last + delay;
  if (now >= until) return 0;
  return std::max<int64_t>(
      1, std::chrono::duration_cast<std::chrono::seconds>(until - now + std::chrono::milliseconds(999))
             .count());
}

int64_t SignInThrottle::retry_after_s(const std::string& name, const std::string& remote,
                                      Clock::time_point now) {
  std::lock_guard lock(mu_);
  return std::max(wait_s("name:" + name, now), wait_s("addr:" + remote, now));
}

void SignInThrottle::count(const std::string& key, Clock::time_point now) {
  auto it = failures_.find(key);
  if (it == failures_.end()) {
    if (failures_.size() >= kTrackedKeysMax) {
      // Full: drop the entry whose last failure is oldest. A flood of fresh names cannot grow
      // the map; the cost is one pass over it, on a path that is already being throttled.
      auto oldest = std::min_element(failures_.begin(), failures_.end(), [](auto& a, auto& b) {
        return a.second.last < b.second.last;
      });
      failures_.erase(oldest);
    }
    failures_[key] = Failures{1, now, now};
    return;
  }
  if (now - it->second.first > kWindow) it->second = Failures{0, now, now};
  ++it->second.count;
  it->second.last = now;
}

void SignInThrottle::failed(const std::string& name, const std::string& remote,
                            Clock::time_point now) {
  std::lock_guard lock(mu_);
  count("name:" + name, now);
  count("addr:" + remote, now);
}

void SignInThrottle::succeeded(const std::string& name) {
  std::lock_guard lock(mu_);
  failures_.erase("name:" + name);
}

}  // namespace taizhang::api
