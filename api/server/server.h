// The HTTP/1.1 server on Boost.Beast. One I/O thread runs every socket; handlers run on a pool of
// worker threads (they block on SQLite and on the writer), and their responses are written back
// on the I/O thread. Limits on everything: header size and time, body size and time, idle
// keep-alive, write time, open connections.
//
// run() blocks until SIGTERM or SIGINT, then stops accepting, lets requests in flight finish
// and be answered, closes idle connections, and returns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "engine/base/error.h"

namespace taizhang::api {

class App;

struct ServerOptions {
  std::string address = "127.0.0.1";
  uint16_t port = 8080;           // 0: any free port (printed when listening)
  size_t body_limit_bytes = 1 << 20;
  // A request's own body limit, chosen from its method and target once its head is read (an
  // evidence upload may be far larger than a JSON body); nullopt, or unset: body_limit_bytes.
  // Either way a Content-Length over the limit is answered 413 before the body is read.
  std::function<std::optional<size_t>(std::string_view method, std::string_view target)>
      body_limit_for;
  size_t header_limit_bytes = 16 << 10;
  int header_timeout_ms = 10'000;  // the whole request head, from the first byte wait
  int body_timeout_ms = 30'000;
  int write_timeout_ms = 30'000;
  size_t max_connections = 1024;
  int workers = 64;
  int heartbeat_ms = 15'000;       // Server-Sent Events: a comment line after this much quiet
  int stream_poll_ms = 1'000;      // how often an event stream looks for new events
};

// Listens, prints "listening on ADDRESS:PORT" on stdout, serves until a signal. Errors only
// when it cannot listen.
Result<void> serve(App& app, const ServerOptions& options);

}  // namespace taizhang::api
