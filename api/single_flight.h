// One run of a costly computation at a time: a caller arriving while one runs waits for it and
// takes its result instead of starting another. GET /api/v1/audit/verify replays the whole log,
// seconds of both cores at a million records; several supervisors pressing 核验 together then run
// it once, and the request workers stay free for everyone else. A result answers only the callers
// that arrived while it ran: the next caller after it starts a new run. Thread-safe.
#pragma once

#include <functional>
#include <future>
#include <mutex>
#include <optional>

namespace taizhang::api {

template <typename T>
class SingleFlight {
 public:
  // `compute`'s result, or the result of the run already under way. `compute` must not throw.
  T run(const std::function<T()>& compute) {
    std::unique_lock lock(mu_);
    if (running_) {
      std::shared_future<T> joined = *running_;
      ++waiting_;
      lock.unlock();
      T result = joined.get();
      lock.lock();
      --waiting_;
      return result;
    }
    std::promise<T> promise;
    running_ = promise.get_future().share();
    lock.unlock();
    T result = compute();
    lock.lock();
    running_.reset();
    lock.unlock();
    promise.set_value(result);  // to the callers that joined this run
    return result;
  }

  // How many callers wait for the run under way.
  int waiting() {
    std::lock_guard lock(mu_);
    return waiting_;
  }

 private:
  std::mutex mu_;
  std::optional<std::shared_future<T>> running_;  // the run under way, if any
  int waiting_ = 0;
};

}  // namespace taizhang::api
