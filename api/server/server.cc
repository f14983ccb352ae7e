// The only translation units that include Beast are in api/server/.
#include "api/server/server.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstdio>
#include <limits>
#include <memory>
#include <mutex>
#include <set>

#include "api/app.h"
#include "api/http.h"
#include "api/problem.h"

namespace taizhang::api {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

struct Shared {
  net::io_context& ioc;
  App& app;
  const ServerOptions& options;
  net::thread_pool& workers;
  bool stopping = false;  // touched only on the I/O thread
};

Response protocol_problem(int status, const char* code, const char* title, std::string detail) {
  Response r;
  r.status = status;
  r.content_type = "application/problem+json";
  nlohmann::json body = {{"type", std::string("https://taizhang.dev/problems/") + code},
                         {"title", title},
                         {"status", status},
                         {"detail", std::move(detail)},
                         {"code", code}};
  r.body = body.dump();
  return r;
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Shared& shared)
      : stream_(std::move(socket)), shared_(shared) {}

  void start() { read_header(); }

  // On shutdown: a connection waiting for a new request is closed now; one in the middle of a
  // request finishes it and then closes.
  void close_if_idle() {
    if (idle_ || events_) {
      beast::error_code ec;
      stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
      stream_.close();
    }
  }

 private:
  void read_header() {
    idle_ = true;
    if (shared_.stopping) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(shared_.options.header_limit_bytes));
    body_limit_ = shared_.options.body_limit_bytes;
    // With per-request limits the head is read under no body limit; on_header sets this
    // request's own before a byte of the body is read.
    parser_->body_limit(shared_.options.body_limit_for ? std::numeric_limits<uint64_t>::max()
                                                       : shared_.options.body_limit_bytes);
    stream_.expires_after(std::chrono::milliseconds(shared_.options.header_timeout_ms));
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              self->on_header(ec);
                            });
  }

  void on_header(beast::error_code ec) {
    idle_ = false;
    if (!stream_.socket().is_open()) return;  // closed as idle by a shutdown: serve nothing late
    // The parser checks Content-Length against the body limit while reading the head: refuse
    // at once, without reading the body.
    if (ec == http::error::body_limit) return reply_and_close(body_too_large());
    if (ec == http::error::header_limit) {
      return reply_and_close(protocol_problem(431, "header_too_large",
                                              "Request headers too large",
                                              "request headers exceed the limit"));
    }
    if (ec) return close();  // timeout, EOF, reset, or not HTTP at all
    // This request's body limit (ServerOptions::body_limit_for), also for a chunked body.
    body_limit_ = shared_.options.body_limit_bytes;
    if (shared_.options.body_limit_for) {
      const auto& head = parser_->get();
      if (auto own = shared_.options.body_limit_for(head.method_string(), head.target())) {
        body_limit_ = *own;
      }
      parser_->body_limit(body_limit_);
    }
    auto length = parser_->content_length();
    if (length && *length > body_limit_) {
      // Refuse without reading the body: the client learns at once and we spend nothing on it.
      return reply_and_close(body_too_large());
    }
    stream_.expires_after(std::chrono::milliseconds(shared_.options.body_timeout_ms));
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       self->on_body(ec);
                     });
  }

  void on_body(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      return reply_and_close(body_too_large());
    }
    if (ec) return close();
    auto& message = parser_->get();
    Request req;
    req.method = std::string(message.method_string());
    req.target = std::string(message.target());
    if (!parse_target(req.target, req.path, req.query)) {
      return reply_and_close(protocol_problem(400, "bad_request", "Bad request target",
                                              "the request target is malformed"));
    }
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req.headers[name] = std::string(field.value());
    }
    req.body = std::move(message.body());
    beast::error_code peer_ec;
    auto peer = stream_.socket().remote_endpoint(peer_ec);
    if (!peer_ec) req.remote = peer.address().to_string();
    keep_alive_ = message.keep_alive();
    version_ = message.version();
    stream_.expires_never();  // the handler may wait on the writer; no socket I/O meanwhile
    // The work guard keeps the I/O loop running while the handler works, so that a shutdown
    // begun meanwhile still writes this response.
    net::post(shared_.workers, [self = shared_from_this(), req = std::move(req),
                                work = net::make_work_guard(shared_.ioc)]() mutable {
      Response resp = self->shared_.app.handle(req);
      net::post(self->stream_.get_executor(), [self, resp = std::move(resp)]() mutable {
        self->write(std::move(resp));
      });
      work.reset();
    });
  }

  Response body_too_large() const {
    return problem(ErrorCode::payload_too_large,
                   "the body exceeds " + std::to_string(body_limit_) +
                       " bytes");
  }

  void reply_and_close(Response resp) {
    keep_alive_ = false;
    write(std::move(resp));
  }

  void write(Response resp) {
    if (resp.stream && resp.status == 200) return start_stream(std::move(resp));
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(version_);
    res->result(static_cast<unsigned>(resp.status));
    res->set(http::field::server, "taizhang");
    res->set(http::field::content_type, resp.content_type);
    for (auto& [name, value] : resp.headers) res->set(name, value);
    res->body() = std::move(resp.body);
    res->keep_alive(keep_alive_ && !shared_.stopping);
    res->prepare_payload();
    stream_.expires_after(std::chrono::milliseconds(shared_.options.write_timeout_ms));
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code ec, size_t) {
                        if (ec || !res->keep_alive()) return self->close();
                        self->read_header();
                      });
  }

  // Server-Sent Events: the head, then whatever poll() finds, about once a second, with a
  // heartbeat comment after a quiet spell. The connection closes when the client goes, the
  // stream ends, or the server shuts down.
  void start_stream(Response resp) {
    events_ = std::move(resp.stream);
    std::string head =
        "HTTP/1.1 200 OK\r\nServer: taizhang\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
        "Cache-Control: no-cache\r\nX-Accel-Buffering: no\r\nConnection: close\r\n";
    for (auto& [name, value] : resp.headers) head += name + ": " + value + "\r\n";
    head += "\r\n";
    send_stream_text(std::move(head));
  }

  void send_stream_text(std::string text) {
    auto buffer = std::make_shared<std::string>(std::move(text));
    stream_.expires_after(std::chrono::milliseconds(shared_.options.write_timeout_ms));
    net::async_write(stream_, net::buffer(*buffer),
                     [self = shared_from_this(), buffer](beast::error_code ec, size_t) {
                       if (ec) return self->close();
                       self->last_sent_ = std::chrono::steady_clock::now();
                       self->wait_then_poll();
                     });
  }

  void wait_then_poll() {
    if (shared_.stopping || !stream_.socket().is_open()) return close();
    stream_.expires_never();
    timer_.expires_after(std::chrono::milliseconds(shared_.options.stream_poll_ms));
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->shared_.stopping) return self->close();
      net::post(self->shared_.workers, [self, work = net::make_work_guard(self->shared_.ioc)]() mutable {
        std::optional<std::string> text = self->events_->poll();
        net::post(self->stream_.get_executor(),
                  [self, text = std::move(text)]() mutable { self->on_polled(std::move(text)); });
        work.reset();
      });
    });
  }

  void on_polled(std::optional<std::string> text) {
    if (!text || shared_.stopping) return close();
    if (text->empty()) {
      auto quiet = std::chrono::steady_clock::now() - last_sent_;
      if (quiet < std::chrono::milliseconds(shared_.options.heartbeat_ms)) return wait_then_poll();
      *text = ": heartbeat\n\n";
    }
    send_stream_text(std::move(*text));
  }

  void close() {
    beast::error_code ec;
    timer_.cancel();
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  // Unbounded here: the parser's header and body limits are what bound a request.
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Shared& shared_;
  bool keep_alive_ = false;
  size_t body_limit_ = 0;  // the current request's, set in on_header
  unsigned version_ = 11;
  bool idle_ = true;
  std::shared_ptr<EventStream> events_;  // set while serving an event stream
  net::steady_timer timer_{stream_.get_executor()};
  std::chrono::steady_clock::time_point last_sent_;
};

class Listener {
 public:
  Listener(net::io_context& ioc, tcp::endpoint endpoint, Shared& shared)
      : acceptor_(ioc), shared_(shared) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }

  uint16_t port() const { return acceptor_.local_endpoint().port(); }

  void accept() {
    acceptor_.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (ec) {
        if (!acceptor_.is_open()) return;  // stopped
        return accept();
      }
      Metrics& m = shared_.app.metrics();
      prune();
      if (sessions_.size() >= shared_.options.max_connections) {
        ++m.connections_refused;
        beast::error_code ignored;
        socket.close(ignored);
      } else {
        ++m.connections_total;
        auto session = std::make_shared<Session>(std::move(socket), shared_);
        sessions_.push_back(session);
        session->start();
      }
      m.connections_open = sessions_.size();
      accept();
    });
  }

  void stop() {
    beast::error_code ec;
    acceptor_.close(ec);
    for (auto& weak : sessions_) {
      if (auto s = weak.lock()) s->close_if_idle();
    }
  }

 private:
  void prune() {
    std::erase_if(sessions_, [](const std::weak_ptr<Session>& w) { return w.expired(); });
  }

  tcp::acceptor acceptor_;
  Shared& shared_;
  std::vector<std::weak_ptr<Session>> sessions_;
};

}  // namespace

Result<void> serve(App& app, const ServerOptions& options) {
  net::io_context ioc{1};
  net::thread_pool workers(static_cast<size_t>(options.workers));
  Shared shared{ioc, app, options, workers};
  beast::error_code ec;
  auto address = net::ip::make_address(options.address, ec);
  if (ec) return fail(ErrorCode::invalid_field, "bad listen address " + options.address, "listen");
  std::unique_ptr<Listener> listener;
  try {
    listener = std::make_unique<Listener>(ioc, tcp::endpoint{address, options.port}, shared);
  } catch (const boost::system::system_error& e) {
    return fail(ErrorCode::unavailable, "cannot listen on " + options.address + ":" +
                                            std::to_string(options.port) + ": " + e.what());
  }
  net::signal_set signals(ioc, SIGINT, SIGTERM);  // before "listening": SIGTERM then means stop
  std::printf("listening on %s:%u\n", options.address.c_str(), listener->port());
  std::fflush(stdout);
  signals.async_wait([&](beast::error_code, int) {
    shared.stopping = true;
    listener->stop();
  });
  listener->accept();
  ioc.run();  // returns once the listener is closed and every session has ended
  workers.join();
  return {};
}

}  // namespace taizhang::api
