// Connection limits under a flood, on the real server: idle connections held open cannot lock
// new clients out (the longest idle is closed to admit a new one), one address cannot take every
// connection, and an idle keep-alive connection is closed after its timeout. Clients come from
// several loopback addresses (127.0.0.0/8 is all this machine's), bound before connecting.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "checks.h"
#include "harness.h"

namespace e2e {
namespace {

// A TCP connection to 127.0.0.1:port from `source` (another loopback address), owning its fd.
class RawClient {
 public:
  RawClient(const std::string& source, uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) return;
    timeval tv{5, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in from{};
    from.sin_family = AF_INET;
    ::inet_pton(AF_INET, source.c_str(), &from.sin_addr);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
        ::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~RawClient() {
    if (fd_ >= 0) ::close(fd_);
  }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return fd_ >= 0; }
  bool send(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) ==
           static_cast<ssize_t>(bytes.size());
  }
  // The first status line the server sent ("" if it closed without an answer or timed out).
  std::string status_line() {
    std::string got;
    char buf[1024];
    while (got.find("\r\n") == std::string::npos) {
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) return "";
      got.append(buf, static_cast<size_t>(n));
    }
    return got.substr(0, got.find("\r\n"));
  }
  // Whether the server has closed this connection (EOF or reset seen within the timeout).
  bool closed_by_server() {
    char c;
    ssize_t n = ::recv(fd_, &c, 1, 0);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
  }

 private:
  int fd_ = -1;
};

const std::string kHealth = "GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";

TEST(ConnectionLimits, AnIdleFloodDoesNotLockOutNewClients) {
  DemoEnv env;
  // 1,100 idle connections from nine addresses, each under the per-address limit (128), over
  // the server's 1,024 in all: they are simply held open, sending nothing.
  std::vector<std::unique_ptr<RawClient>> flood;
  for (int i = 0; i < 1100; ++i) {
    auto c = std::make_unique<RawClient>("127.0.0." + std::to_string(2 + i % 9), env.port());
    ASSERT_TRUE(c->connected()) << "connection " << i;
    flood.push_back(std::move(c));
  }
  // Connections idle for less than a quarter second are spared eviction (a burst's newcomers
  // need the time to send their first bytes): let the flood age past that.
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  // Fresh clients are answered, every one of them.
  int answered = 0;
  for (int i = 0; i < 20; ++i) {
    RawClient fresh("127.0.0.1", env.port());
    ASSERT_TRUE(fresh.connected());
    ASSERT_TRUE(fresh.send(kHealth));
    if (fresh.status_line() == "HTTP/1.1 200 OK") ++answered;
  }
  EXPECT_EQ(answered, 20);
  // The room was made by closing the longest-idle connections: the first ones of the flood.
  EXPECT_TRUE(flood.front()->closed_by_server());
  auto metrics = env.anonymous().get("/metrics");
  EXPECT_NE(metrics.body.find("taizhang_connections_evicted_total"), std::string::npos);
  EXPECT_EQ(metrics.body.find("taizhang_connections_evicted_total 0\n"), std::string::npos);
}

TEST(ConnectionLimits, OneAddressCannotTakeEveryConnection) {
  DemoEnv env({"--max-connections-per-address", "8"});
  // Eight connections from one address, each in the middle of a request head (not idle).
  std::vector<std::unique_ptr<RawClient>> busy;
  for (int i = 0; i < 8; ++i) {
    busy.push_back(std::make_unique<RawClient>("127.0.0.20", env.port()));
    ASSERT_TRUE(busy.back()->connected());
    ASSERT_TRUE(busy.back()->send("GET /healthz HTTP/1.1\r\nHost: a\r\n"));
  }
  // Let the server see the bytes, so that these connections are mid-request.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // A ninth from the same address is refused: none of the eight is idle.
  RawClient ninth("127.0.0.20", env.port());
  ASSERT_TRUE(ninth.connected());  // the kernel accepts; the server closes it
  EXPECT_TRUE(ninth.closed_by_server());
  // Another address is served meanwhile.
  RawClient other("127.0.0.21", env.port());
  ASSERT_TRUE(other.send(kHealth));
  EXPECT_EQ(other.status_line(), "HTTP/1.1 200 OK");
  // The busy ones still finish their requests.
  ASSERT_TRUE(busy.front()->send("Connection: close\r\n\r\n"));
  EXPECT_EQ(busy.front()->status_line(), "HTTP/1.1 200 OK");
}

TEST(ConnectionLimits, AtTheAddressLimitTheLongestIdleIsClosedForTheNewcomer) {
  DemoEnv env({"--max-connections-per-address", "4"});
  std::vector<std::unique_ptr<RawClient>> idle;
  for (int i = 0; i < 4; ++i) {
    idle.push_back(std::make_unique<RawClient>("127.0.0.30", env.port()));
    ASSERT_TRUE(idle.back()->connected());
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // distinct idle times
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(400));  // past the eviction grace
  RawClient newcomer("127.0.0.30", env.port());
  ASSERT_TRUE(newcomer.send(kHealth));
  EXPECT_EQ(newcomer.status_line(), "HTTP/1.1 200 OK");
  EXPECT_TRUE(idle.front()->closed_by_server()) << "the oldest idle connection was kept";
  // The others were left alone: each still gets an answer.
  ASSERT_TRUE(idle.back()->send(kHealth));
  EXPECT_EQ(idle.back()->status_line(), "HTTP/1.1 200 OK");
}

TEST(ConnectionLimits, AnIdleKeepAliveConnectionIsClosedAfterItsTimeout) {
  DemoEnv env({"--idle-timeout-ms", "300"});
  Connection c(env.port(), std::chrono::milliseconds(10'000));
  auto r = c.request("GET", "/healthz");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(c.wait_for_close(std::chrono::milliseconds(5'000)));
  // A connection that never sends anything, too.
  RawClient silent("127.0.0.1", env.port());
  ASSERT_TRUE(silent.connected());
  EXPECT_TRUE(silent.closed_by_server());
}

TEST(ConnectionLimits, OutOfFileDescriptorsTheServerBacksOffAndRecovers) {
  DemoEnv env;
  // Leave the server a handful of descriptors above what it holds now (its database
  // connections, its log, the listening socket): a few connections exhaust them.
  const std::string pid = std::to_string(env.server().pid());
  int open_now = 0;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/" + pid + "/fd")) {
    (void)entry;
    ++open_now;
  }
  const std::string limit = std::to_string(open_now + 8);
  ASSERT_EQ(std::system(("prlimit --pid " + pid + " --nofile=" + limit + ":" + limit).c_str()), 0);
  std::vector<std::unique_ptr<RawClient>> held;
  for (int i = 0; i < 40; ++i) {
    held.push_back(std::make_unique<RawClient>("127.0.0.40", env.port()));
  }
  // Give the accept loop time to hit the limit and retry a few times.
  std::this_thread::sleep_for(std::chrono::milliseconds(1'000));
  held.clear();  // the server's side of these closes as each times out or sees the EOF
  // Once descriptors are free again, new clients are served without a restart.
  bool served = false;
  for (int i = 0; i < 50 && !served; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    RawClient fresh("127.0.0.41", env.port());
    served = fresh.send(kHealth) && fresh.status_line() == "HTTP/1.1 200 OK";
  }
  EXPECT_TRUE(served);
  const std::string log = env.server().stderr_text();
  // Logged once for the episode, not once per failed accept, and its end is logged too.
  size_t first = log.find("accept failed");
  ASSERT_NE(first, std::string::npos) << log;
  EXPECT_EQ(log.find("accept failed", first + 1), std::string::npos) << log;
  EXPECT_NE(log.find("accepting connections again"), std::string::npos) << log;
}

}  // namespace
}  // namespace e2e
