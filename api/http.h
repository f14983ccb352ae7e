// HTTP requests and responses as the handlers see them: plain structs with no Beast types, so
// that only api/server/ compiles Beast and a second front end could reuse every handler.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace taizhang::api {

struct Request {
  std::string method;  // "GET", "POST", …
  std::string target;  // path and query as sent
  std::string path;    // percent-decoded path without the query
  std::multimap<std::string, std::string> query;  // percent-decoded
  std::map<std::string, std::string> headers;     // names lower-cased
  std::string body;
  std::string remote;      // peer address, for logs
  std::string request_id;  // set by App::handle; in logs, X-Request-Id and problem bodies
  bool over_tls = false;   // came over TLS, or through a trusted proxy that says it did

  std::optional<std::string> header(std::string_view name) const;
  std::optional<std::string> query_param(std::string_view name) const;
};

// A response that stays open to push Server-Sent Events. After writing the head the server calls
// poll() on a worker thread about once a second: it returns the text of the events that are new
// ("" when there are none), or nullopt to end the stream. The server itself sends a heartbeat
// comment after a quiet spell, and ends every stream at shutdown.
class EventStream {
 public:
  virtual ~EventStream() = default;
  virtual std::optional<std::string> poll() = 0;
};

struct Response;

// Delivers a response to the connection that asked. Called exactly once, on any thread.
using Reply = std::function<void(Response)>;
// Runs a task on the server's worker threads (never the writer's, never the I/O thread).
using Offload = std::function<void(std::function<void()>)>;
// A response that is not ready when the handler returns: a write waiting for its commit. The
// caller of the handler starts it once, with where to reply and where to run work off the
// writer thread; it then calls `reply` exactly once (see api/after_commit.h).
using Pending = std::function<void(Reply reply, Offload offload)>;

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  std::shared_ptr<EventStream> stream;  // set: text/event-stream, body ignored
  Pending pending;  // set: everything else here is ignored; the answer comes later

  void set_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

// Splits a request target into a decoded path and decoded query parameters. Returns nullopt for
// a target that is not origin-form or whose percent-encoding is malformed.
bool parse_target(std::string_view target, std::string& path,
                  std::multimap<std::string, std::string>& query);

}  // namespace taizhang::api
