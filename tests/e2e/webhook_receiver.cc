#include "webhook_receiver.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace e2e {

namespace {

constexpr size_t kMaxRequestBytes = 1 << 20;
constexpr size_t kMaxConnections = 256;
constexpr auto kRequestTimeout = std::chrono::seconds(10);
constexpr int kPollSliceMs = 20;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

// Parses the head (request line and headers, without the blank line) into `r`; false if bad.
bool parse_head(std::string_view head, ReceivedRequest& r) {
  size_t eol = head.find("\r\n");
  std::string_view line = head.substr(0, eol);
  size_t sp1 = line.find(' ');
  size_t sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) return false;
  r.method = std::string(line.substr(0, sp1));
  r.target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  while (eol != std::string_view::npos) {
    size_t start = eol + 2;
    eol = head.find("\r\n", start);
    std::string_view h = head.substr(start, eol == std::string_view::npos ? head.npos : eol - start);
    if (h.empty()) continue;
    size_t colon = h.find(':');
    if (colon == std::string_view::npos) return false;
    r.headers[lower(std::string(h.substr(0, colon)))] = trim(h.substr(colon + 1));
  }
  return true;
}

void send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

std::string response(int status, std::string_view reason, std::string_view body) {
  return "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason) +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + std::string(body);
}

}  // namespace

std::optional<std::string> ReceivedRequest::header(std::string_view name) const {
  auto it = headers.find(lower(std::string(name)));
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

WebhookReceiver::WebhookReceiver(Mode mode, std::chrono::seconds lifetime)
    : deadline_(std::chrono::steady_clock::now() + lifetime), mode_(mode) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) return;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(listen_fd_, 64) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(listen_fd_);
    listen_fd_ = -1;
    return;
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

WebhookReceiver::~WebhookReceiver() { stop(); }

std::string WebhookReceiver::url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

void WebhookReceiver::set_mode(Mode mode) {
  std::lock_guard lock(mu_);
  mode_ = mode;
}

void WebhookReceiver::set_response_body(std::string body) {
  std::lock_guard lock(mu_);
  response_body_ = std::move(body);
}

std::vector<ReceivedRequest> WebhookReceiver::requests() const {
  std::lock_guard lock(mu_);
  return requests_;
}

size_t WebhookReceiver::count() const {
  std::lock_guard lock(mu_);
  return requests_.size();
}

bool WebhookReceiver::wait_for(size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mu_);
  return recorded_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
}

bool WebhookReceiver::should_stop() const {
  return stopping_.load() || std::chrono::steady_clock::now() >= deadline_;
}

void WebhookReceiver::stop() {
  stopping_.store(true);
  if (acceptor_.joinable()) acceptor_.join();
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu_);
    threads.swap(connections_);
  }
  for (auto& t : threads) t.join();
  if (listen_fd_ >= 0) {
    ::close(listen_fd_);
    listen_fd_ = -1;
  }
}

void WebhookReceiver::accept_loop() {
  while (!should_stop()) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, kPollSliceMs) <= 0) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::lock_guard lock(mu_);
    if (connections_.size() >= kMaxConnections) {
      ::close(fd);
      continue;
    }
    connections_.emplace_back([this, fd] { serve(fd); });
  }
}

void WebhookReceiver::serve(int fd) {
  const auto give_up = std::chrono::steady_clock::now() + kRequestTimeout;
  std::string data;
  ReceivedRequest r;
  size_t head_end = std::string::npos;
  size_t body_length = 0;
  char buf[16384];
  bool complete = false;
  while (!should_stop() && std::chrono::steady_clock::now() < give_up) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, kPollSliceMs) <= 0) continue;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    data.append(buf, static_cast<size_t>(n));
    if (data.size() > kMaxRequestBytes) break;
    if (head_end == std::string::npos) {
      head_end = data.find("\r\n\r\n");
      if (head_end == std::string::npos) continue;
      if (!parse_head(std::string_view(data).substr(0, head_end), r)) break;
      if (auto cl = r.header("content-length")) body_length = std::strtoull(cl->c_str(), nullptr, 10);
    }
    if (data.size() >= head_end + 4 + body_length) {
      r.body = data.substr(head_end + 4, body_length);
      complete = true;
      break;
    }
  }
  if (complete) {
    r.at = std::chrono::steady_clock::now();
    Mode mode;
    std::string body;
    {
      std::lock_guard lock(mu_);
      mode = mode_;
      body = response_body_;
      requests_.push_back(std::move(r));
    }
    recorded_.notify_all();
    if (mode == Mode::ok) {
      send_all(fd, response(200, "OK", body));
    } else if (mode == Mode::error) {
      send_all(fd, response(500, "Internal Server Error", R"({"error":"boom"})"));
    } else {
      // Hold the connection without a byte until told to stop (or the lifetime ends).
      while (!should_stop()) std::this_thread::sleep_for(std::chrono::milliseconds(kPollSliceMs));
    }
  }
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
}

}  // namespace e2e
