// A webhook receiver for tests: a tiny HTTP/1.1 server on 127.0.0.1 (an ephemeral port) that
// records every request it is sent and answers as told — 200, 500, or never (it holds the
// connection open without a byte, like an endpoint that hangs).
//
// One request per connection (it answers with Connection: close). Everything is bounded: the
// receiver stops by itself after `lifetime`, a request must arrive within 10 s and within 1 MiB,
// at most 256 connections are served, and stop() releases held connections at once. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace e2e {

struct ReceivedRequest {
  std::string method;
  std::string target;                          // path and query as sent
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::chrono::steady_clock::time_point at;    // when the request was complete

  std::optional<std::string> header(std::string_view name) const;
};

class WebhookReceiver {
 public:
  enum class Mode {
    ok,     // 200 with the response body (default "{}")
    error,  // 500
    hang,   // records the request, never answers; the connection is held until stop()
  };

  explicit WebhookReceiver(Mode mode = Mode::ok,
                           std::chrono::seconds lifetime = std::chrono::seconds(120));
  ~WebhookReceiver();  // stop()
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  bool listening() const { return port_ != 0; }
  uint16_t port() const { return port_; }
  // "http://127.0.0.1:PORT" + path.
  std::string url(std::string_view path = "/hook") const;

  // Applies to requests answered from now on.
  void set_mode(Mode mode);
  void set_response_body(std::string body);  // for Mode::ok (e.g. a robot's {"errcode":…})

  std::vector<ReceivedRequest> requests() const;
  size_t count() const;
  // True once at least `n` requests have been recorded; false after `timeout`.
  bool wait_for(size_t n, std::chrono::milliseconds timeout) const;

  // Stops accepting, releases held connections and joins every thread. Idempotent.
  void stop();

 private:
  void accept_loop();
  void serve(int fd);
  bool should_stop() const;

  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::chrono::steady_clock::time_point deadline_;
  std::atomic<bool> stopping_{false};

  mutable std::mutex mu_;
  mutable std::condition_variable recorded_;
  Mode mode_;
  std::string response_body_ = "{}";
  std::vector<ReceivedRequest> requests_;
  std::vector<std::thread> connections_;
  std::thread acceptor_;
};

}  // namespace e2e
