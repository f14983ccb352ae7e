// HTTPS served by taizhang itself (serve --tls-cert/--tls-key), and the session cookie's Secure
// attribute: set over TLS, and behind a proxy only when that proxy is trusted and says https.
// The certificate is made for the test with the openssl tool; curl is the TLS client.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>

#include "checks.h"
#include "harness.h"

namespace e2e {
namespace {

// Runs a shell command; returns its stdout (stderr is dropped) and sets *status.
std::string shell(const std::string& command, int* status = nullptr) {
  std::string out;
  FILE* p = ::popen((command + " 2>/dev/null").c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int rc = ::pclose(p);
  if (status) *status = rc;
  return out;
}

struct Certificate {
  std::string cert, key;
};

Certificate make_certificate(const TempDir& dir) {
  Certificate c{dir.file("cert.pem"), dir.file("key.pem")};
  int status = -1;
  shell("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 "
        "-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 -keyout " + c.key +
            " -out " + c.cert,
        &status);
  EXPECT_EQ(status, 0) << "openssl could not make a certificate";
  return c;
}

TEST(Tls, ServesHttpsAndTheSessionCookieIsSecure) {
  TempDir certs;
  Certificate c = make_certificate(certs);
  DemoEnv env({"--tls-cert", c.cert, "--tls-key", c.key});
  const std::string base = "https://127.0.0.1:" + std::to_string(env.port());
  int status = -1;
  std::string health =
      shell("curl -s --max-time 10 --cacert " + c.cert + " " + base + "/healthz", &status);
  EXPECT_EQ(status, 0);
  EXPECT_NE(health.find("\"ok\""), std::string::npos) << health;
  // Signing in over TLS: the cookie is Secure.
  std::string head = shell("curl -s -D - -o /dev/null --max-time 10 --cacert " + c.cert +
                           " -H 'Content-Type: application/json' --data '{\"name\":\"镇督查\","
                           "\"password\":\"" + env.password("镇督查") + "\"}' " + base +
                           "/api/v1/session");
  EXPECT_NE(head.find("HTTP/1.1 200"), std::string::npos) << head;
  auto cookie = head.find("Set-Cookie: tz_session=");
  ASSERT_NE(cookie, std::string::npos) << head;
  EXPECT_NE(head.find("; Secure", cookie), std::string::npos) << head;
  // Plain HTTP to the TLS port is not served.
  Connection plain(env.port(), std::chrono::milliseconds(5'000));
  auto r = plain.request("GET", "/healthz");
  EXPECT_FALSE(r.has_value() && r->status == 200);
}

TEST(Tls, MissingOrBadFilesStopTheServerNamingThem) {
  TempDir dir;
  DemoEnv env({}, false);
  write_file(dir.file("cert.pem"), "not a certificate");
  write_file(dir.file("key.pem"), "not a key");
  CommandResult failure;
  ServerProcess::Options o;
  o.db = env.db();
  o.log_dir = dir.path();
  o.extra = {"--tls-cert", dir.file("cert.pem"), "--tls-key", dir.file("key.pem")};
  EXPECT_EQ(ServerProcess::start(o, &failure), nullptr);
  EXPECT_NE(failure.exit_code, 0);
  EXPECT_NE(failure.err.find("cert.pem"), std::string::npos) << failure.err;
  o.extra = {"--tls-cert", dir.file("cert.pem")};  // a certificate without its key
  EXPECT_EQ(ServerProcess::start(o, &failure), nullptr);
  EXPECT_NE(failure.err.find("tls-key"), std::string::npos) << failure.err;
}

std::string sign_in_cookie(const DemoEnv& env, const std::vector<std::pair<std::string,
                                                                          std::string>>& extra) {
  Connection c(env.port());
  auto body = nlohmann::json{{"name", "镇督查"}, {"password", env.password("镇督查")}}.dump();
  auto headers = extra;
  headers.emplace_back("Content-Type", "application/json");
  auto r = c.request("POST", "/api/v1/session", body, headers);
  if (!r || r->status != 200) return "";
  return r->header("set-cookie").value_or("");
}

TEST(Tls, ForwardedProtoIsBelievedOnlyFromATrustedProxy) {
  {
    DemoEnv env;  // no trusted proxy: the header is anyone's word
    auto cookie = sign_in_cookie(env, {{"X-Forwarded-Proto", "https"}});
    ASSERT_FALSE(cookie.empty());
    EXPECT_EQ(cookie.find("Secure"), std::string::npos) << cookie;
  }
  {
    DemoEnv env({"--trusted-proxy", "127.0.0.1"});
    auto secure = sign_in_cookie(env, {{"X-Forwarded-Proto", "https"}});
    EXPECT_NE(secure.find("Secure"), std::string::npos) << secure;
    auto plain = sign_in_cookie(env, {{"X-Forwarded-Proto", "http"}});
    ASSERT_FALSE(plain.empty());
    EXPECT_EQ(plain.find("Secure"), std::string::npos) << plain;
  }
}

}  // namespace
}  // namespace e2e
