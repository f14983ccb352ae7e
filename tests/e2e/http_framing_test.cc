// HTTP/1.1 framing as RFC 9112 wants it, on the real server: every head the server cannot frame
// unambiguously is answered (400, or 501 for a transfer coding it does not implement) and the
// connection closed, so that what follows it is never served as a second, smuggled request.
// HEAD works wherever GET does; every answer carries a request id. Each refusal changes nothing.
#include <gtest/gtest.h>

#include <sys/socket.h>

#include <cctype>
#include <cstdio>
#include <string>

#include "bad_input.h"
#include "checks.h"
#include "harness.h"

namespace e2e {
namespace {

// Sends raw bytes on a fresh connection and reads everything until the server closes (bounded).
std::string exchange(uint16_t port, const std::string& bytes) {
  Connection c(port, std::chrono::milliseconds(10'000));
  EXPECT_TRUE(c.connected());
  EXPECT_TRUE(c.send_all(bytes));
  std::string got;
  char buf[4096];
  for (;;) {
    ssize_t n = ::recv(c.fd(), buf, sizeof buf, 0);
    if (n <= 0) break;  // closed, reset, or the 10 s timeout
    got.append(buf, static_cast<size_t>(n));
  }
  return got;
}

// Status lines ("HTTP/1.1 200") in what the server sent: one per response.
int status_lines(const std::string& text) {
  int n = 0;
  const std::string version = "HTTP/1.1 ";
  for (size_t at = text.find(version); at != std::string::npos; at = text.find(version, at + 1)) {
    const size_t code = at + version.size();
    if (code + 3 <= text.size() && std::isdigit(static_cast<unsigned char>(text[code])) &&
        std::isdigit(static_cast<unsigned char>(text[code + 1])) &&
        std::isdigit(static_cast<unsigned char>(text[code + 2]))) {
      ++n;
    }
  }
  return n;
}

// A request that would change something if it were ever served: the smuggled payload.
std::string smuggled(const std::string& token, int64_t item) {
  std::string body = "{\"action\":\"start\"}";
  return "POST " + transitions_path(item) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
         token + "\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

class Framing : public BadInput {
 protected:
  // Sends `head` followed by a body that is itself a whole request; expects one answer with
  // `status`, then the close, and the inner request never served.
  void expect_refused(const std::string& head, int status, const std::string& code) {
    SCOPED_TRACE(head);
    std::string inner = smuggled(env_->token("吉照村包村干部"), item_id_);
    std::string got = exchange(env_->port(), head + inner);
    ASSERT_FALSE(got.empty()) << "closed without an answer";
    EXPECT_EQ(got.rfind("HTTP/1.1 " + std::to_string(status), 0), 0u) << got;
    EXPECT_NE(got.find("\"code\":\"" + code + "\""), std::string::npos) << got;
    EXPECT_EQ(status_lines(got), 1) << "a second response: the body was served\n" << got;
    expect_unchanged();
  }
};

TEST_F(Framing, TwoDifferentContentLengthsAre400) {
  expect_refused("POST /api/v1/items HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n"
                 "Content-Length: 3\r\n\r\n{}",
                 400, "bad_request");
}

TEST_F(Framing, NegativeOrNonNumericContentLengthIs400) {
  expect_refused("POST /api/v1/items HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", 400,
                 "bad_request");
  expect_refused("POST /api/v1/items HTTP/1.1\r\nHost: a\r\nContent-Length: 1e3\r\n\r\n", 400,
                 "bad_request");
}

TEST_F(Framing, WhitespaceBeforeAHeadersColonIs400) {
  expect_refused("GET /healthz HTTP/1.1\r\nHost: a\r\nX-Thing : 1\r\n\r\n", 400, "bad_request");
}

TEST_F(Framing, TransferCodingsOtherThanChunkedAre501AndTheBodyIsNeverARequest) {
  for (const std::string coding : {"gzip", "chunked, identity", "identity", "gzip, chunked"}) {
    expect_refused("POST /api/v1/items HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: " + coding +
                       "\r\n\r\n",
                   501, "not_implemented");
  }
}

TEST_F(Framing, ContentLengthWithTransferEncodingIs400) {
  expect_refused("POST /api/v1/items HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
                 "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                 400, "bad_request");
}

TEST_F(Framing, Http11WithoutHostIs400ButHttp10IsServed) {
  expect_refused("GET /healthz HTTP/1.1\r\n\r\n", 400, "bad_request");
  std::string got = exchange(env_->port(), "GET /healthz HTTP/1.0\r\n\r\n");
  EXPECT_EQ(got.rfind("HTTP/1.0 200", 0), 0u) << got;
}

TEST_F(Framing, ChunkedBodiesAreStillRead) {
  const std::string body = "{\"action\":\"start\"}";
  char size[16];
  std::snprintf(size, sizeof size, "%zx", body.size());
  Connection c(env_->port());
  ASSERT_TRUE(c.send_all("POST " + transitions_path(item_id_) +
                         " HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer " +
                         env_->token("吉照村包村干部") +
                         "\r\nTransfer-Encoding: chunked\r\n\r\n" + size + "\r\n" + body +
                         "\r\n0\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200) << r->body;
}

TEST_F(Framing, HeadAnswersLikeGetWithoutTheBody) {
  auto get = env_->supervisor().get("/api/v1/items/" + std::to_string(item_id_));
  ASSERT_EQ(get.status, 200);
  // HEAD, then a GET on the same connection: the HEAD answer must carry no body, or the GET's
  // answer would be read from the middle of it.
  std::string head = "HEAD /api/v1/items/" + std::to_string(item_id_) +
                     " HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer " + env_->token("镇督查") +
                     "\r\n\r\n";
  std::string then = "GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
  std::string got = exchange(env_->port(), head + then);
  auto second = got.find("HTTP/1.1 200", 1);
  ASSERT_EQ(got.rfind("HTTP/1.1 200", 0), 0u) << got;
  ASSERT_NE(second, std::string::npos) << got;
  std::string first = got.substr(0, second);
  EXPECT_NE(first.find("Content-Length: " + std::to_string(get.body.size())), std::string::npos)
      << first;
  EXPECT_TRUE(first.ends_with("\r\n\r\n")) << "HEAD sent a body: " << first;
  EXPECT_NE(first.find("ETag: "), std::string::npos);
  // HEAD of a public page and of the health check, too.
  std::string health = exchange(env_->port(), "HEAD /healthz HTTP/1.1\r\nHost: a\r\n"
                                              "Connection: close\r\n\r\n");
  EXPECT_EQ(health.rfind("HTTP/1.1 200", 0), 0u) << health;
  EXPECT_TRUE(health.ends_with("\r\n\r\n")) << health;
}

TEST_F(Framing, EveryAnswerCarriesARequestIdAndProblemsNameIt) {
  auto missing = env_->supervisor().get("/api/v1/items/999999");
  ASSERT_EQ(missing.status, 404);
  auto id = missing.header("x-request-id");
  ASSERT_TRUE(id.has_value());
  EXPECT_EQ(missing.json().value("request_id", ""), *id);
  auto ok = env_->supervisor().get("/api/v1/me");
  ASSERT_TRUE(ok.header("x-request-id").has_value());
  EXPECT_NE(*ok.header("x-request-id"), *id);
}

}  // namespace
}  // namespace e2e
