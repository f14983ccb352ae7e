// Webhook configuration over real HTTP: admins only, a clear 400 naming the field for every bad
// configuration, the secret never shown back, and the (empty) deliveries list of a new webhook.
#include <gtest/gtest.h>

#include "harness.h"

namespace e2e {
namespace {

using json = nlohmann::json;

json hook_body(std::string url, std::string format = "json") {
  return {{"url", std::move(url)},
          {"format", std::move(format)},
          {"secret", "0123456789abcdef-e2e-secret"}};
}

TEST(WebhooksApi, AdminCreatesListsAndNeverSeesTheSecretAgain) {
  DemoEnv env;
  json body = hook_body("http://127.0.0.1:9/hook");
  body["org"] = "吉照村";
  body["levels"] = {"overdue", "escalated"};
  auto created = env.admin().post_json("/api/v1/webhooks", body);
  ASSERT_EQ(created.status, 201) << created.body;
  const json h = created.json();
  EXPECT_EQ(h["url"], "http://127.0.0.1:9/hook");
  EXPECT_EQ(h["format"], "json");
  EXPECT_EQ(h["org"], "吉照村");
  EXPECT_EQ(h["levels"], json({"overdue", "escalated"}));
  EXPECT_EQ(h["secret_set"], true);
  EXPECT_EQ(created.body.find("0123456789abcdef-e2e-secret"), std::string::npos);

  auto defaults = env.admin().post_json(
      "/api/v1/webhooks", {{"url", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"},
                           {"format", "wecom"}});
  ASSERT_EQ(defaults.status, 201) << defaults.body;
  EXPECT_EQ(defaults.json()["levels"], json({"due_soon", "overdue", "escalated"}));
  EXPECT_EQ(defaults.json()["secret_set"], false);
  EXPECT_TRUE(defaults.json()["org"].is_null());

  auto list = env.admin().get("/api/v1/webhooks");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json()["webhooks"].size(), 2u);
  EXPECT_EQ(list.body.find("0123456789abcdef-e2e-secret"), std::string::npos);

  auto deliveries = env.admin().get("/api/v1/webhooks/" + std::to_string(h["id"].get<int64_t>()) +
                                    "/deliveries");
  ASSERT_EQ(deliveries.status, 200) << deliveries.body;
  EXPECT_EQ(deliveries.json()["deliveries"], json::array());
  EXPECT_TRUE(deliveries.json()["next_cursor"].is_null());
  EXPECT_EQ(env.admin().get("/api/v1/webhooks/999999/deliveries").status, 404);
}

TEST(WebhooksApi, OnlyAdminsConfigureOrListWebhooks) {
  DemoEnv env;
  for (const Api& who : {env.township_manager(), env.supervisor(), env.finance()}) {
    EXPECT_EQ(who.post_json("/api/v1/webhooks", hook_body("http://127.0.0.1:9/h")).status, 403);
    EXPECT_EQ(who.get("/api/v1/webhooks").status, 403);
  }
  EXPECT_EQ(env.anonymous().get("/api/v1/webhooks").status, 401);
}

TEST(WebhooksApi, BadConfigurationIsAClear400NamingTheField) {
  DemoEnv env;
  struct Case {
    json body;
    std::string field;
  };
  std::vector<Case> cases = {
      {hook_body("ftp://example.org/hook"), "url"},
      {hook_body("file:///etc/passwd"), "url"},
      {hook_body("localhost:80"), "url"},
      {hook_body("javascript:alert(1)"), "url"},
      {hook_body("http://exa mple.org/"), "url"},
      {hook_body("http://example.org/h", "slack"), "format"},
  };
  json no_secret = hook_body("http://example.org/h", "dingtalk");
  no_secret.erase("secret");
  cases.push_back({no_secret, "secret"});
  json short_secret = hook_body("http://example.org/h");
  short_secret["secret"] = "short";
  cases.push_back({short_secret, "secret"});
  json bad_org = hook_body("http://example.org/h");
  bad_org["org"] = "不存在村";
  cases.push_back({bad_org, "org"});
  json empty_levels = hook_body("http://example.org/h");
  empty_levels["levels"] = json::array();
  cases.push_back({empty_levels, "levels"});
  json bad_level = hook_body("http://example.org/h");
  bad_level["levels"] = {"overdue", "late"};
  cases.push_back({bad_level, "levels"});
  json unknown = hook_body("http://example.org/h");
  unknown["retries"] = 3;
  cases.push_back({unknown, "retries"});

  for (const auto& c : cases) {
    auto r = env.admin().post_json("/api/v1/webhooks", c.body);
    EXPECT_EQ(r.status, 400) << c.body.dump() << " → " << r.body;
    EXPECT_EQ(r.json()["field"], c.field) << r.body;
    EXPECT_FALSE(r.json().value("detail", "").empty()) << r.body;
  }
  EXPECT_EQ(env.admin().get("/api/v1/webhooks").json()["webhooks"].size(), 0u);
}

}  // namespace
}  // namespace e2e
