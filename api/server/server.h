// The HTTP/1.1 server on Boost.Beast, plain or over TLS. One I/O thread runs every socket;
// handlers run on a pool of worker threads (they may read SQLite; a write is answered after its
// commit without holding a worker, see api/after_commit.h), and responses are written back on the
// I/O thread. Limits on everything: header size and time, body size and time, idle keep-alive,
// write time, open connections in all and per client address.
//
// Framing follows RFC 9112: a head the server cannot frame unambiguously (two lengths, a length
// beside a transfer coding, a coding other than chunked, a missing Host, a malformed field) is
// answered 400 or 501 and the connection closed, so nothing after it is read as a request.
//
// At the connection limit (in all, or for one address) the connection idle longest — waiting for
// its next request — is closed to admit the new one; only when none is idle is the new one
// refused. An idle keep-alive connection is closed after `idle_timeout_ms`.
//
// Logs go to stderr, one line each: a request answered 5xx (by App), a connection closed on an
// error, and server events (listening, accept failures and their recovery, stopping).
//
// serve() blocks until SIGTERM or SIGINT, then stops accepting, lets requests in flight finish
// and be answered, closes idle connections, and returns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/error.h"

namespace taizhang::api {

class App;

// Default connection limits. One address may hold a share of the connections, never all of them,
// so that one client (or one attacker) cannot lock the others out.
inline constexpr size_t kMaxConnections = 1024;
inline constexpr size_t kMaxConnectionsPerAddress = 128;
static_assert(kMaxConnectionsPerAddress < kMaxConnections,
              "one address must not be able to take every connection");

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
  int header_timeout_ms = 10'000;  // the whole request head, from its first byte
  int idle_timeout_ms = 15'000;    // a keep-alive connection waiting for its next request
  int body_timeout_ms = 30'000;
  int write_timeout_ms = 30'000;
  size_t max_connections = kMaxConnections;
  size_t max_connections_per_address = kMaxConnectionsPerAddress;
  int workers = 16;                // threads for handlers: reads and the work after a commit
  int heartbeat_ms = 15'000;       // Server-Sent Events: a comment line after this much quiet
  int stream_poll_ms = 1'000;      // how often an event stream looks for new events
  // TLS: both files (PEM) or neither. With them, every connection speaks TLS 1.2 or newer.
  std::string tls_cert_file;
  std::string tls_key_file;
  // Addresses of reverse proxies whose X-Forwarded-Proto and X-Forwarded-For are believed: a
  // request through one of them counts as TLS when the proxy says "https", and its client
  // address (for sign-in throttling and logs) is the last one the proxy appended.
  std::vector<std::string> trusted_proxies;
};

// Listens, prints "listening on ADDRESS:PORT" on stdout, serves until a signal. Errors only
// when it cannot listen or the TLS files cannot be loaded.
Result<void> serve(App& app, const ServerOptions& options);

}  // namespace taizhang::api
