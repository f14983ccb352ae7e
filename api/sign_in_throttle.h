// Slowing down password guessing: after kFreeFailures failed sign-ins for one name or from one
// address within the window, further attempts are refused with 429 and a Retry-After that
// doubles with each failure (up to kMaxDelay), before any password is checked. In memory: a
// restart forgets, which costs an attacker a restart's wait and the office nothing. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace taizhang::api {

class SignInThrottle {
 public:
  static constexpr int kFreeFailures = 5;
  static constexpr std::chrono::seconds kWindow{15 * 60};
  static constexpr std::chrono::seconds kMaxDelay{15 * 60};
  static constexpr size_t kTrackedKeysMax = 10'000;  // names and addresses remembered at once

  using Clock = std::chrono::steady_clock;

  // Seconds to wait before `name` may try again from `remote`; 0: it may try now.
  int64_t retry_after_s(const std::string& name, const std::string& remote, Clock::time_point now);
  // Counts a failed sign-in against the name and the address.
  void failed(const std::string& name, const std::string& remote, Clock::time_point now);
  // Forgets the name's failures (a correct password); the address keeps its own.
  void succeeded(const std::string& name);

 private:
  struct Failures {
    int count = 0;
    Clock::time_point first, last;
  };
  int64_t wait_s(const std::string& key, Clock::time_point now);
  void count(const std::string& key, Clock::time_point now);

  std::mutex mu_;
  std::map<std::string, Failures> failures_;  // "name:…" and "addr:…"
};

}  // namespace taizhang::api
