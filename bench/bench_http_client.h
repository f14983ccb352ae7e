// A small blocking HTTP/1.1 client for the benchmarks: one keep-alive TCP connection, one request
// at a time, Content-Length bodies only (what the taizhang server sends). Header-only because
// every bench/*.cc becomes its own executable.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

struct HttpResponse {
  int status = 0;
  std::string body;
};

class HttpClient {
 public:
  HttpClient(std::string host, uint16_t port) : host_(std::move(host)), port_(port) {}
  ~HttpClient() { disconnect(); }
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request and reads the whole response. Reconnects when the server has closed the
  // connection. Throws std::runtime_error on a network or protocol failure. `extra_headers` are
  // whole header lines without the CRLF ("Idempotency-Key: k-1").
  HttpResponse request(std::string_view method, std::string_view target,
                       std::string_view token, std::string_view body = {},
                       std::initializer_list<std::string_view> extra_headers = {}) {
    if (fd_ < 0) connect_now();
    std::string out;
    out.reserve(256 + body.size());
    out.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: ");
    out.append(host_).append("\r\n");
    if (!token.empty()) out.append("Authorization: Bearer ").append(token).append("\r\n");
    bool typed = false;  // an extra "Content-Type:" line replaces the JSON default
    for (auto line : extra_headers) {
      out.append(line).append("\r\n");
      typed = typed || (line.size() > 13 && std::equal(line.begin(), line.begin() + 13,
                                                       "content-type:", [](char a, char b) {
                                                         return std::tolower(static_cast<unsigned char>(a)) == b;
                                                       }));
    }
    if (!body.empty() || method == "POST") {
      if (!typed) out.append("Content-Type: application/json\r\n");
      out.append("Content-Length: ");
      out.append(std::to_string(body.size())).append("\r\n");
    }
    out.append("\r\n").append(body);
    send_all(out);
    return read_response();
  }

  void disconnect() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    buffer_.clear();
  }

 private:
  void connect_now() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket: " + std::string(std::strerror(errno)));
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    timeval timeout{60, 0};  // a stuck server fails the bench instead of hanging it
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port_);
    if (::inet_pton(AF_INET, host_.c_str(), &addr.sin_addr) != 1) {
      throw std::runtime_error("bad address " + host_);
    }
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      std::string why = std::strerror(errno);
      disconnect();
      throw std::runtime_error("connect: " + why);
    }
  }

  void send_all(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        std::string why = std::strerror(errno);
        disconnect();
        throw std::runtime_error("send: " + why);
      }
      data.remove_prefix(static_cast<size_t>(n));
    }
  }

  // Appends what the socket has to buffer_; false on EOF.
  bool fill() {
    char chunk[16384];
    for (;;) {
      ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        std::string why = std::strerror(errno);
        disconnect();
        throw std::runtime_error("recv: " + why);
      }
      if (n == 0) return false;
      buffer_.append(chunk, static_cast<size_t>(n));
      return true;
    }
  }

  HttpResponse read_response() {
    size_t head_end;
    while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill()) {
        disconnect();
        throw std::runtime_error("connection closed before a response");
      }
    }
    std::string head = buffer_.substr(0, head_end);
    std::transform(head.begin(), head.end(), head.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    HttpResponse resp;
    if (head.size() < 12 || !head.starts_with("http/1.")) {
      disconnect();
      throw std::runtime_error("not an HTTP response");
    }
    resp.status = std::stoi(head.substr(9, 3));
    auto cl = head.find("\r\ncontent-length:");
    if (cl == std::string::npos) {
      disconnect();
      throw std::runtime_error("response without Content-Length");
    }
    size_t length = std::stoul(head.substr(cl + 17));
    bool close_after = head.find("\r\nconnection: close") != std::string::npos;
    const size_t body_start = head_end + 4;
    while (buffer_.size() < body_start + length) {
      if (!fill()) {
        disconnect();
        throw std::runtime_error("connection closed inside a body");
      }
    }
    resp.body = buffer_.substr(body_start, length);
    buffer_.erase(0, body_start + length);
    if (close_after) disconnect();
    return resp;
  }

  std::string host_;
  uint16_t port_;
  int fd_ = -1;
  std::string buffer_;
};

// "%E5%90%89" for every byte outside the unreserved set: for Chinese names in query strings.
inline std::string url_encode(std::string_view text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

// Latency samples in microseconds; percentiles by nearest rank.
struct Latencies {
  std::vector<int64_t> micros;

  void add(std::chrono::steady_clock::duration d) {
    micros.push_back(std::chrono::duration_cast<std::chrono::microseconds>(d).count());
  }
  void merge(const Latencies& other) {
    micros.insert(micros.end(), other.micros.begin(), other.micros.end());
  }
  // q in [0, 1]; milliseconds. Sorts in place.
  double percentile_ms(double q) {
    if (micros.empty()) return 0;
    std::sort(micros.begin(), micros.end());
    size_t rank = static_cast<size_t>(q * static_cast<double>(micros.size()));
    if (rank >= micros.size()) rank = micros.size() - 1;
    return static_cast<double>(micros[rank]) / 1000.0;
  }
};

}  // namespace bench
