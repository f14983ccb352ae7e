// The only translation units that include Beast are in api/server/.
#include "api/server/server.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <chrono>
#include <cstdio>
#include <limits>
#include <memory>
#include <type_traits>
#include <vector>

#include "api/app.h"
#include "api/framing.h"
#include "api/http.h"
#include "api/problem.h"

namespace taizhang::api {

namespace net = boost::asio;
namespace ssl = net::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

namespace {

// Bytes asked of the socket at once while waiting for a request's first bytes.
constexpr size_t kFirstReadBytes = 4096;
// After an accept error (out of descriptors, buffers or memory) the listener waits this long
// before accepting again, rather than spinning on an error that will not clear at once.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);
// A connection becomes a candidate for eviction only after waiting this long for a request: in a
// burst of new connections, each gets the time for its first bytes to arrive.
constexpr auto kEvictableAfter = std::chrono::milliseconds(250);

// What the listener knows of each connection, to keep within its limits.
class Connection {
 public:
  virtual ~Connection() = default;
  // Waiting for a request's first byte (a new connection, or keep-alive between requests).
  virtual bool idle() const = 0;
  virtual SteadyClock::time_point idle_since() const = 0;
  virtual bool closed() const = 0;
  virtual const std::string& peer() const = 0;
  // Closes now if idle (eviction, shutdown); a connection in the middle of a request finishes
  // it first. Returns whether it closed.
  virtual bool close_if_idle() = 0;
};

struct Shared {
  net::io_context& ioc;
  App& app;
  const ServerOptions& options;
  net::thread_pool& workers;
  ssl::context* tls = nullptr;  // set: every connection speaks TLS
  bool stopping = false;        // touched only on the I/O thread
};

bool is_framing_error(const beast::error_code& ec) {
  static const auto& category = http::make_error_code(http::error::bad_method).category();
  return ec.category() == category && ec != http::error::end_of_stream &&
         ec != http::error::partial_message;
}

template <typename Stream>
class Session : public Connection, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

 public:
  template <typename... StreamArgs>
  Session(Shared& shared, std::string peer, tcp::socket socket, StreamArgs&... args)
      : stream_(std::move(socket), args...), shared_(shared), peer_(std::move(peer)) {}

  void start() {
    if constexpr (kTls) {
      lowest().expires_after(std::chrono::milliseconds(shared_.options.header_timeout_ms));
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (ec) return self->close_on_error("TLS handshake", ec);
                                self->wait_for_request();
                              });
    } else {
      wait_for_request();
    }
  }

  bool idle() const override { return idle_ && !closed_; }
  SteadyClock::time_point idle_since() const override { return idle_since_; }
  bool closed() const override { return closed_; }
  const std::string& peer() const override { return peer_; }

  bool close_if_idle() override {
    if (closed_ || !(idle_ || events_)) return false;
    close();
    return true;
  }

 private:
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  // Keep-alive: the next request may be in the buffer already (pipelined), or yet to come.
  void wait_for_request() {
    idle_ = true;
    idle_since_ = SteadyClock::now();
    if (shared_.stopping) return close();
    if (buffer_.size() > 0) return read_header();
    lowest().expires_after(std::chrono::milliseconds(shared_.options.idle_timeout_ms));
    stream_.async_read_some(buffer_.prepare(kFirstReadBytes),
                            [self = this->shared_from_this()](beast::error_code ec, size_t n) {
                              self->buffer_.commit(n);
                              // Idle timeout, or the client closed: the ordinary end of a
                              // keep-alive connection, nothing to log.
                              if (self->closed_) return;
                              if (ec) return self->close();
                              self->read_header();
                            });
  }

  void read_header() {
    idle_ = false;
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(shared_.options.header_limit_bytes));
    body_limit_ = shared_.options.body_limit_bytes;
    // With per-request limits the head is read under no body limit; on_header sets this
    // request's own before a byte of the body is read.
    parser_->body_limit(shared_.options.body_limit_for ? std::numeric_limits<uint64_t>::max()
                                                       : shared_.options.body_limit_bytes);
    lowest().expires_after(std::chrono::milliseconds(shared_.options.header_timeout_ms));
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = this->shared_from_this()](beast::error_code ec, size_t) {
                              self->on_header(ec);
                            });
  }

  void on_header(beast::error_code ec) {
    if (closed_) return;  // closed by a shutdown: serve nothing late
    // The parser checks Content-Length against the body limit while reading the head: refuse
    // at once, without reading the body.
    if (ec == http::error::body_limit) return reply_and_close(body_too_large());
    if (ec == http::error::header_limit) {
      return reply_and_close(problem(ProtocolError::header_too_large,
                                     "request headers exceed " +
                                         std::to_string(shared_.options.header_limit_bytes) +
                                         " bytes"));
    }
    if (ec) return refuse_or_close("request head", ec);
    const auto& head = parser_->get();
    std::vector<HeadField> fields;
    for (const auto& f : head) fields.push_back({f.name_string(), f.value()});
    if (auto bad = framing_problem(head.version(), fields)) {
      log_close("request head refused", bad->message);
      return reply_and_close(problem(bad->code, bad->message));
    }
    head_only_ = head.method() == http::verb::head;
    // This request's body limit (ServerOptions::body_limit_for), also for a chunked body.
    body_limit_ = shared_.options.body_limit_bytes;
    if (shared_.options.body_limit_for) {
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
    lowest().expires_after(std::chrono::milliseconds(shared_.options.body_timeout_ms));
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, size_t) {
                       self->on_body(ec);
                     });
  }

  void on_body(beast::error_code ec) {
    if (closed_) return;
    if (ec == http::error::body_limit) return reply_and_close(body_too_large());
    if (ec) return refuse_or_close("request body", ec);
    auto& message = parser_->get();
    Request req;
    req.method = std::string(message.method_string());
    req.target = std::string(message.target());
    if (!parse_target(req.target, req.path, req.query)) {
      return reply_and_close(
          problem(ProtocolError::bad_request, "the request target is malformed"));
    }
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      req.headers[name] = std::string(field.value());
    }
    req.body = std::move(message.body());
    req.remote = peer_;
    req.over_tls = kTls;
    if (trusted_proxy()) believe_proxy(req);
    keep_alive_ = message.keep_alive();
    version_ = message.version();
    lowest().expires_never();  // the handler works; no socket I/O meanwhile
    // The work guard keeps the I/O loop running until the reply is written, so that a shutdown
    // begun meanwhile still answers this request.
    auto work = std::make_shared<net::executor_work_guard<net::io_context::executor_type>>(
        net::make_work_guard(shared_.ioc));
    Reply reply = [self = this->shared_from_this(), work](Response resp) {
      net::post(self->stream_.get_executor(), [self, work, resp = std::move(resp)]() mutable {
        self->write(std::move(resp));
      });
    };
    Offload offload = [&workers = shared_.workers](std::function<void()> task) {
      net::post(workers, std::move(task));
    };
    net::post(shared_.workers, [self = this->shared_from_this(), req = std::move(req),
                                reply = std::move(reply), offload]() mutable {
      self->shared_.app.handle(std::move(req), std::move(reply), offload);
    });
  }

  bool trusted_proxy() const {
    for (const auto& p : shared_.options.trusted_proxies) {
      if (p == peer_) return true;
    }
    return false;
  }

  // A trusted proxy says how the client reached it and from where.
  static void believe_proxy(Request& req) {
    if (auto proto = req.header("x-forwarded-proto")) req.over_tls = req.over_tls || *proto == "https";
    if (auto chain = req.header("x-forwarded-for")) {
      std::string_view last = *chain;
      if (auto comma = last.rfind(','); comma != std::string_view::npos) last.remove_prefix(comma + 1);
      while (!last.empty() && last.front() == ' ') last.remove_prefix(1);
      while (!last.empty() && last.back() == ' ') last.remove_suffix(1);
      if (!last.empty() && last.size() <= 64) req.remote = std::string(last);
    }
  }

  Response body_too_large() const {
    return problem(ErrorCode::payload_too_large,
                   "the body exceeds " + std::to_string(body_limit_) +
                       " bytes");
  }

  // A head or body the parser refused is answered 400 before closing; a connection that failed
  // (timeout, reset, closed mid-request) can only be closed.
  void refuse_or_close(const char* what, const beast::error_code& ec) {
    if (is_framing_error(ec)) {
      log_close(what, "malformed: " + ec.message());
      return reply_and_close(problem(ProtocolError::bad_request,
                                     std::string(what) + " is malformed: " + ec.message()));
    }
    close_on_error(what, ec);
  }

  void close_on_error(const char* what, const beast::error_code& ec) {
    log_close(what, ec.message());
    close();
  }

  void log_close(const char* what, const std::string& why) const {
    std::fprintf(stderr, "taizhang: connection from %s closed: %s: %s\n", peer_.c_str(), what,
                 why.c_str());
  }

  void reply_and_close(Response resp) {
    keep_alive_ = false;
    write(std::move(resp));
  }

  void write(Response resp) {
    if (closed_) return;
    if (resp.stream && resp.status == 200 && !head_only_) return start_stream(std::move(resp));
    const bool keep = keep_alive_ && !shared_.stopping;
    auto after = [self = this->shared_from_this(), keep](beast::error_code ec, size_t) {
      if (ec) return self->close_on_error("response", ec);
      if (!keep) return self->close();
      self->wait_for_request();
    };
    lowest().expires_after(std::chrono::milliseconds(shared_.options.write_timeout_ms));
    if (head_only_) {
      // HEAD: the head GET would send, Content-Length included, and no body.
      auto res = std::make_shared<http::response<http::empty_body>>();
      fill_head(*res, resp, keep);
      res->content_length(resp.body.size());
      http::async_write(stream_, *res, [res, after](beast::error_code ec, size_t n) mutable {
        after(ec, n);
      });
      return;
    }
    auto res = std::make_shared<http::response<http::string_body>>();
    fill_head(*res, resp, keep);
    res->body() = std::move(resp.body);
    res->prepare_payload();
    http::async_write(stream_, *res, [res, after](beast::error_code ec, size_t n) mutable {
      after(ec, n);
    });
  }

  template <typename Message>
  void fill_head(Message& res, const Response& resp, bool keep) const {
    res.version(version_);
    res.result(static_cast<unsigned>(resp.status));
    res.set(http::field::server, "taizhang");
    res.set(http::field::content_type, resp.content_type);
    for (const auto& [name, value] : resp.headers) res.set(name, value);
    res.keep_alive(keep);
  }

  // Server-Sent Events: the head, then whatever poll() finds, about once a second, with a
  // heartbeat comment after a quiet spell. The body ends when the connection closes: when the
  // client goes, the stream ends, or the server shuts down.
  void start_stream(Response resp) {
    events_ = std::move(resp.stream);
    auto res = std::make_shared<http::response<http::empty_body>>();
    resp.content_type = "text/event-stream; charset=utf-8";
    fill_head(*res, resp, false);
    res->set(http::field::cache_control, "no-cache");
    res->set("X-Accel-Buffering", "no");  // a proxy must pass events on at once
    auto serializer = std::make_shared<http::response_serializer<http::empty_body>>(*res);
    lowest().expires_after(std::chrono::milliseconds(shared_.options.write_timeout_ms));
    http::async_write_header(stream_, *serializer,
                             [self = this->shared_from_this(), res, serializer](
                                 beast::error_code ec, size_t) {
                               if (ec) return self->close_on_error("event stream", ec);
                               self->last_sent_ = SteadyClock::now();
                               self->wait_then_poll();
                             });
  }

  void send_stream_text(std::string text) {
    auto buffer = std::make_shared<std::string>(std::move(text));
    lowest().expires_after(std::chrono::milliseconds(shared_.options.write_timeout_ms));
    net::async_write(stream_, net::buffer(*buffer),
                     [self = this->shared_from_this(), buffer](beast::error_code ec, size_t) {
                       if (ec) return self->close();  // the client went away
                       self->last_sent_ = SteadyClock::now();
                       self->wait_then_poll();
                     });
  }

  void wait_then_poll() {
    if (shared_.stopping || closed_) return close();
    lowest().expires_never();
    timer_.expires_after(std::chrono::milliseconds(shared_.options.stream_poll_ms));
    timer_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
      if (ec || self->shared_.stopping) return self->close();
      net::post(self->shared_.workers,
                [self, work = net::make_work_guard(self->shared_.ioc)]() mutable {
                  std::optional<std::string> text = self->events_->poll();
                  net::post(self->stream_.get_executor(), [self, text = std::move(text)]() mutable {
                    self->on_polled(std::move(text));
                  });
                  work.reset();
                });
    });
  }

  void on_polled(std::optional<std::string> text) {
    if (!text || shared_.stopping) return close();
    if (text->empty()) {
      auto quiet = SteadyClock::now() - last_sent_;
      if (quiet < std::chrono::milliseconds(shared_.options.heartbeat_ms)) return wait_then_poll();
      *text = ": heartbeat\n\n";
    }
    send_stream_text(std::move(*text));
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ec;
    timer_.cancel();
    lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
    lowest().close();
  }

  Stream stream_;
  // Unbounded here: the parser's header and body limits are what bound a request.
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Shared& shared_;
  const std::string peer_;
  bool keep_alive_ = false;
  bool head_only_ = false;  // answering a HEAD
  size_t body_limit_ = 0;  // the current request's, set in on_header
  unsigned version_ = 11;
  bool idle_ = true;
  bool closed_ = false;
  SteadyClock::time_point idle_since_ = SteadyClock::now();
  std::shared_ptr<EventStream> events_;  // set while serving an event stream
  net::steady_timer timer_{lowest().get_executor()};
  SteadyClock::time_point last_sent_;
};

class Listener {
 public:
  Listener(net::io_context& ioc, tcp::endpoint endpoint, Shared& shared)
      : acceptor_(ioc), retry_(ioc), shared_(shared) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }

  uint16_t port() const { return acceptor_.local_endpoint().port(); }

  void accept() {
    acceptor_.async_accept([this](beast::error_code ec, tcp::socket socket) {
      if (!acceptor_.is_open()) return;  // stopped
      if (ec) return retry_later(ec);
      if (failing_) {
        std::fprintf(stderr, "taizhang: accepting connections again\n");
        failing_ = false;
      }
      admit(std::move(socket));
      accept();
    });
  }

  void stop() {
    beast::error_code ec;
    acceptor_.close(ec);
    retry_.cancel();
    for (auto& weak : sessions_) {
      if (auto s = weak.lock()) s->close_if_idle();
    }
  }

 private:
  // Out of file descriptors (EMFILE, ENFILE), buffers or memory: the error persists until
  // something closes, so log it once and try again shortly instead of spinning on it.
  void retry_later(const beast::error_code& ec) {
    if (!failing_) {
      std::fprintf(stderr, "taizhang: accept failed: %s; retrying every %lld ms\n",
                   ec.message().c_str(), static_cast<long long>(kAcceptRetryDelay.count()));
      failing_ = true;
    }
    retry_.expires_after(kAcceptRetryDelay);
    retry_.async_wait([this](beast::error_code wait_ec) {
      if (!wait_ec && acceptor_.is_open()) accept();
    });
  }

  void admit(tcp::socket socket) {
    Metrics& m = shared_.app.metrics();
    beast::error_code peer_ec;
    auto endpoint = socket.remote_endpoint(peer_ec);
    if (peer_ec) return;  // already gone
    std::string peer = endpoint.address().to_string();
    std::erase_if(sessions_, [](const std::weak_ptr<Connection>& w) {
      auto s = w.lock();
      return !s || s->closed();
    });
    if (!make_room(peer)) {
      ++m.connections_refused;
      beast::error_code ignored;
      socket.close(ignored);
    } else {
      ++m.connections_total;
      std::shared_ptr<Connection> session;
      if (shared_.tls) {
        auto s = std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(
            shared_, peer, std::move(socket), *shared_.tls);
        s->start();
        session = s;
      } else {
        auto s = std::make_shared<Session<beast::tcp_stream>>(shared_, peer, std::move(socket));
        s->start();
        session = s;
      }
      sessions_.push_back(session);
    }
    m.connections_open = sessions_.size();
  }

  // Whether a connection from `peer` may be admitted, closing the one idle longest (of all, or
  // of this address) when a limit is reached. Runs on the I/O thread; n ≤ max_connections.
  bool make_room(const std::string& peer) {
    size_t from_peer = 0;
    std::shared_ptr<Connection> oldest_idle, oldest_idle_of_peer;
    const auto evictable_since = SteadyClock::now() - kEvictableAfter;
    for (auto& weak : sessions_) {
      auto s = weak.lock();
      if (!s) continue;
      const bool same = s->peer() == peer;
      from_peer += same;
      if (!s->idle() || s->idle_since() > evictable_since) continue;
      if (!oldest_idle || s->idle_since() < oldest_idle->idle_since()) oldest_idle = s;
      if (same && (!oldest_idle_of_peer || s->idle_since() < oldest_idle_of_peer->idle_since())) {
        oldest_idle_of_peer = s;
      }
    }
    Metrics& m = shared_.app.metrics();
    size_t open = sessions_.size();
    if (from_peer >= shared_.options.max_connections_per_address) {
      if (!oldest_idle_of_peer || !oldest_idle_of_peer->close_if_idle()) return false;
      ++m.connections_evicted;
      if (oldest_idle == oldest_idle_of_peer) oldest_idle.reset();
      --open;
    }
    if (open >= shared_.options.max_connections) {
      if (!oldest_idle || !oldest_idle->close_if_idle()) return false;
      ++m.connections_evicted;
    }
    return true;
  }

  tcp::acceptor acceptor_;
  net::steady_timer retry_;
  Shared& shared_;
  bool failing_ = false;  // accepting fails; logged once until it works again
  std::vector<std::weak_ptr<Connection>> sessions_;
};

Result<std::unique_ptr<ssl::context>> tls_context(const ServerOptions& options) {
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    return fail(ErrorCode::invalid_field, "TLS needs both --tls-cert and --tls-key", "tls-cert");
  }
  if (options.tls_cert_file.empty()) return std::unique_ptr<ssl::context>{};
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                   ssl::context::single_dh_use);
  beast::error_code ec;
  ctx->use_certificate_chain_file(options.tls_cert_file, ec);
  if (ec) {
    return fail(ErrorCode::invalid_field,
                "cannot load the TLS certificate " + options.tls_cert_file + ": " + ec.message(),
                "tls-cert");
  }
  ctx->use_private_key_file(options.tls_key_file, ssl::context::pem, ec);
  if (ec) {
    return fail(ErrorCode::invalid_field,
                "cannot load the TLS key " + options.tls_key_file + ": " + ec.message(),
                "tls-key");
  }
  return ctx;
}

}  // namespace

Result<void> serve(App& app, const ServerOptions& options) {
  auto tls = tls_context(options);
  if (!tls) return std::unexpected(tls.error());
  net::io_context ioc{1};
  net::thread_pool workers(static_cast<size_t>(options.workers));
  Shared shared{ioc, app, options, workers, tls->get()};
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
  std::printf("listening on %s:%u%s\n", options.address.c_str(), listener->port(),
              shared.tls ? " (TLS)" : "");
  std::fflush(stdout);
  signals.async_wait([&](beast::error_code, int) {
    std::fprintf(stderr, "taizhang: stopping: finishing the requests in flight\n");
    shared.stopping = true;
    listener->stop();
  });
  listener->accept();
  ioc.run();  // returns once the listener is closed and every session has ended
  // A write whose client has gone is still answered after its commit, by a task the writer
  // posts to `workers`. An empty job run through the writer returns after every job queued
  // before it has been answered, so nothing is posted to the pool once it is destroyed.
  app.db().writer().run([](StoreWriter&) -> Result<void> { return {}; });
  workers.join();
  return {};
}

}  // namespace taizhang::api
