// Signing in with a password in the browser's way: the session cookie, its CSRF defence, the
// same answer for an unknown name and a wrong password, throttling, logout.
#include <gtest/gtest.h>

#include "harness.h"

namespace e2e {
namespace {

constexpr const char* kOrigin = "http://127.0.0.1";  // the harness sends Host: 127.0.0.1

struct SignedIn {
  std::string cookie;  // "tz_session=…"
  std::string csrf;
};

std::optional<HttpResponse> post_session(uint16_t port, const std::string& name,
                                         const std::string& password) {
  Connection c(port);
  return c.request("POST", "/api/v1/session",
                   nlohmann::json{{"name", name}, {"password", password}}.dump(),
                   {{"Content-Type", "application/json"}});
}

SignedIn sign_in(uint16_t port, const std::string& name, const std::string& password) {
  auto r = post_session(port, name, password);
  EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
  SignedIn out;
  if (!r) return out;
  auto set = r->header("set-cookie").value_or("");
  EXPECT_NE(set.find("HttpOnly"), std::string::npos) << set;
  EXPECT_NE(set.find("SameSite=Strict"), std::string::npos) << set;
  out.cookie = set.substr(0, set.find(';'));
  out.csrf = r->json().value("csrf_token", "");
  return out;
}

int64_t count_items(uint16_t port, const std::string& token) {
  Connection c(port);
  auto r = c.request("GET", "/api/v1/items?limit=200", "", {{"Authorization", "Bearer " + token}});
  return r ? static_cast<int64_t>(r->json()["items"].size()) : -1;
}

std::string new_item_body() {
  return nlohmann::json{{"workflow", "plan_task"}, {"title", "会话测试任务"}, {"org", "吉照村"},
                        {"plan_year", 2019}}
      .dump();
}

TEST(Sessions, EachRoleSignsInAndTheCookieActsAsTheUser) {
  DemoEnv env;
  for (const char* name : {"系统管理员", "吉照村包村干部", "镇项目负责人", "镇财务", "镇督查"}) {
    SignedIn s = sign_in(env.port(), name, env.password(name));
    Connection c(env.port());
    auto me = c.request("GET", "/api/v1/me", "", {{"Cookie", s.cookie}});
    ASSERT_TRUE(me);
    EXPECT_EQ(me->status, 200);
    EXPECT_EQ(me->json()["name"], name);
  }
}

TEST(Sessions, UnknownNameAndWrongPasswordGetTheSameAnswer) {
  DemoEnv env;
  auto wrong = post_session(env.port(), "镇督查", "not-the-password");
  auto unknown = post_session(env.port(), "无此用户", "not-the-password");
  ASSERT_TRUE(wrong && unknown);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(unknown->status, 401);
  EXPECT_EQ(wrong->code(), "bad_credentials");
  EXPECT_EQ(wrong->json()["detail"], unknown->json()["detail"]);
  EXPECT_FALSE(wrong->header("set-cookie"));
}

TEST(Sessions, RepeatedFailuresAreThrottledEvenForTheRightPassword) {
  DemoEnv env;
  for (int i = 0; i < 5; ++i) {
    auto r = post_session(env.port(), "镇财务", "wrong-password");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << i;
  }
  auto throttled = post_session(env.port(), "镇财务", env.password("镇财务"));
  ASSERT_TRUE(throttled);
  EXPECT_EQ(throttled->status, 429);
  EXPECT_EQ(throttled->code(), "too_many_attempts");
  EXPECT_TRUE(throttled->header("retry-after"));
  EXPECT_FALSE(throttled->header("set-cookie"));
  // The refusals and the throttling are in the audit chain.
  int refused = 0, throttled_records = 0;
  for (int64_t after = 0;;) {
    Connection c(env.port());
    auto audit = c.request("GET", "/api/v1/audit?limit=1000&after=" + std::to_string(after), "",
                           {{"Authorization", "Bearer " + env.token("镇督查")}});
    ASSERT_TRUE(audit && audit->status == 200);
    auto page = audit->json();
    for (const auto& rec : page["records"]) {
      refused += rec["action"] == "session.refused";
      throttled_records += rec["action"] == "session.throttled";
    }
    if (page["next_after"].is_null()) break;
    after = page["next_after"].get<int64_t>();
  }
  EXPECT_EQ(refused, 5);
  EXPECT_EQ(throttled_records, 1);
}

TEST(Sessions, CookieWritesNeedOriginAndCsrfTokenAndCrossSiteChangesNothing) {
  DemoEnv env;
  SignedIn s = sign_in(env.port(), "镇项目负责人", env.password("镇项目负责人"));
  const std::string token = env.token("镇项目负责人");
  const int64_t before = count_items(env.port(), token);
  const std::vector<std::vector<std::pair<std::string, std::string>>> refused = {
      // a cross-site form: another Origin, no token
      {{"Cookie", s.cookie}, {"Origin", "http://127.0.0.2:9999"},
       {"Content-Type", "application/x-www-form-urlencoded"}},
      // the right Origin but no token
      {{"Cookie", s.cookie}, {"Origin", kOrigin}, {"Content-Type", "application/json"}},
      // the token but another Origin
      {{"Cookie", s.cookie}, {"Origin", "http://evil.example"}, {"X-CSRF-Token", s.csrf}},
      // a wrong token
      {{"Cookie", s.cookie}, {"Origin", kOrigin}, {"X-CSRF-Token", s.csrf + "x"}},
  };
  for (const auto& headers : refused) {
    Connection c(env.port());
    auto r = c.request("POST", "/api/v1/items", new_item_body(), headers);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 403) << r->body;
  }
  EXPECT_EQ(count_items(env.port(), token), before);
  Connection c(env.port());
  auto ok = c.request("POST", "/api/v1/items", new_item_body(),
                      {{"Cookie", s.cookie}, {"Origin", kOrigin}, {"X-CSRF-Token", s.csrf},
                       {"Content-Type", "application/json"}});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 201) << ok->body;
  EXPECT_EQ(count_items(env.port(), token), before + 1);
}

TEST(Sessions, LogoutAndPasswordChangeRevokeTheCookie) {
  DemoEnv env;
  SignedIn a = sign_in(env.port(), "镇督查", env.password("镇督查"));
  SignedIn b = sign_in(env.port(), "镇督查", env.password("镇督查"));
  {
    Connection c(env.port());
    auto out = c.request("DELETE", "/api/v1/session", "",
                         {{"Cookie", a.cookie}, {"Origin", kOrigin}, {"X-CSRF-Token", a.csrf}});
    ASSERT_TRUE(out);
    EXPECT_EQ(out->status, 204);
  }
  Connection c1(env.port());
  auto after = c1.request("GET", "/api/v1/me", "", {{"Cookie", a.cookie}});
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401);
  // The other session lives until the password changes.
  Connection c2(env.port());
  auto other = c2.request("GET", "/api/v1/session", "", {{"Cookie", b.cookie}});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
  const int64_t id = other->json()["user"]["id"];
  Connection c3(env.port());
  auto reset = c3.request("POST", "/api/v1/users/" + std::to_string(id) + "/password",
                          nlohmann::json{{"password", "a-new-password-2019"}}.dump(),
                          {{"Authorization", "Bearer " + env.token("系统管理员")},
                           {"Content-Type", "application/json"}});
  ASSERT_TRUE(reset);
  EXPECT_EQ(reset->status, 204) << reset->body;
  Connection c4(env.port());
  auto gone = c4.request("GET", "/api/v1/me", "", {{"Cookie", b.cookie}});
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 401);
  sign_in(env.port(), "镇督查", "a-new-password-2019");
}

TEST(Sessions, ShortPasswordIsRefusedAndNothingChanges) {
  DemoEnv env;
  Connection c(env.port());
  auto r = c.request("POST", "/api/v1/users/2/password",
                     nlohmann::json{{"password", "short"}}.dump(),
                     {{"Authorization", "Bearer " + env.token("系统管理员")},
                      {"Content-Type", "application/json"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(r->json()["field"], "password");
  sign_in(env.port(), "吉照村包村干部", env.password("吉照村包村干部"));
}

}  // namespace
}  // namespace e2e
