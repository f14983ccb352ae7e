// Alerts pushed to webhooks end to end: a local receiver gets each alert change exactly once,
// signed; an endpoint answering 500 has its retries recorded; one that never answers holds back
// neither the API nor another webhook; and what was not delivered before a restart is delivered
// after it.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "engine/webhooks/hmac.h"
#include "tests/e2e/harness.h"
#include "tests/e2e/webhook_receiver.h"

namespace e2e {
namespace {

using namespace std::chrono_literals;

const std::string kSecret = "siding-township-webhook-secret";

int64_t add_webhook(DemoEnv& env, const std::string& url, const std::string& org = "吉照村") {
  auto r = env.admin().post_json("/api/v1/webhooks", {{"url", url},
                                                      {"format", "json"},
                                                      {"org", org},
                                                      {"secret", kSecret}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json().value("id", int64_t{0});
}

int64_t due_tomorrow(DemoEnv& env, const std::string& title) {
  auto r = env.township_manager().post_json("/api/v1/items", {{"workflow", "plan_task"},
                                                               {"title", title},
                                                               {"org", "吉照村"},
                                                               {"plan_year", 2019},
                                                               {"responsible", "吉照村包村干部"},
                                                               {"due_on", "2019-03-16"}});
  EXPECT_EQ(r.status, 201) << r.body;
  return r.json().value("id", int64_t{0});
}

nlohmann::json deliveries(DemoEnv& env, int64_t hook) {
  auto r = env.admin().get("/api/v1/webhooks/" + std::to_string(hook) + "/deliveries");
  EXPECT_EQ(r.status, 200) << r.body;
  return r.json()["deliveries"];
}

TEST(AlertWebhooks, EachChangeIsDeliveredOnceSignedAndAgainAfterARestart) {
  DemoEnv env;
  WebhookReceiver receiver;
  ASSERT_TRUE(receiver.listening());
  int64_t hook = add_webhook(env, receiver.url());
  int64_t item = due_tomorrow(env, "吉照村：核查饮水安全台账");
  ASSERT_TRUE(receiver.wait_for(1, 15s));
  auto first = receiver.requests().at(0);
  auto body = nlohmann::json::parse(first.body);
  EXPECT_EQ(body["event"], "raised");
  EXPECT_EQ(body["alert"]["item_id"], item);
  EXPECT_EQ(body["alert"]["level"], "due_soon");
  EXPECT_EQ(first.header("x-taizhang-signature"),
            "sha256=" + taizhang::hmac_sha256_hex(kSecret, first.body));

  // Past the due date (the server restarted later): overdue, delivered once; nothing repeated.
  env.stop_server();
  env.start_server({}, "2019-03-18T09:00:00+08:00");
  ASSERT_TRUE(receiver.wait_for(2, 15s));
  std::this_thread::sleep_for(1500ms);
  auto all = receiver.requests();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(all[1].body)["alert"]["level"], "overdue");
  for (const auto& d : deliveries(env, hook)) {
    EXPECT_EQ(d["state"], "delivered") << d.dump();
    EXPECT_EQ(d["attempts"], 1) << d.dump();
  }
}

TEST(AlertWebhooks, FailingEndpointIsRetriedAndADeadOneHoldsNothingBack) {
  DemoEnv env;
  WebhookReceiver failing(WebhookReceiver::Mode::error);
  WebhookReceiver hanging(WebhookReceiver::Mode::hang);
  WebhookReceiver healthy;
  int64_t failing_hook = add_webhook(env, failing.url());
  add_webhook(env, hanging.url());
  add_webhook(env, healthy.url());
  due_tomorrow(env, "吉照村：危房改造进度核查");
  // The healthy endpoint hears at once although another never answers.
  ASSERT_TRUE(healthy.wait_for(1, 10s));
  // The API stays responsive meanwhile.
  auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(env.supervisor().get("/api/v1/alerts").status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  // The failing endpoint is tried again with backoff, and each attempt is recorded.
  ASSERT_TRUE(failing.wait_for(2, 20s));
  nlohmann::json recorded;
  for (int i = 0; i < 50; ++i) {
    recorded = deliveries(env, failing_hook);
    if (!recorded.empty() && recorded[0]["attempts"].get<int>() >= 2) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_FALSE(recorded.empty());
  EXPECT_EQ(recorded[0]["state"], "pending");
  EXPECT_GE(recorded[0]["attempts"].get<int>(), 2);
  EXPECT_EQ(recorded[0]["last_status"], 500);
  // An endpoint that comes back gets the delivery on its next attempt.
  failing.set_mode(WebhookReceiver::Mode::ok);
  for (int i = 0; i < 150; ++i) {
    recorded = deliveries(env, failing_hook);
    if (recorded[0]["state"] == "delivered") break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(recorded[0]["state"], "delivered") << recorded.dump();
}

TEST(AlertWebhooks, BadConfigurationIsRefusedAndUnreachableHostsAreRetried) {
  DemoEnv env;
  for (const char* url : {"ftp://example.com/hook", "file:///etc/passwd", "javascript:alert(1)",
                          "not a url"}) {
    auto r = env.admin().post_json("/api/v1/webhooks", {{"url", url},
                                                        {"format", "json"},
                                                        {"secret", kSecret}});
    EXPECT_EQ(r.status, 400) << url << " " << r.body;
    EXPECT_EQ(r.json()["field"], "url") << r.body;
  }
  // Nothing listens on port 9 of loopback: the attempt fails and is recorded, not lost.
  int64_t hook = add_webhook(env, "http://127.0.0.1:9/hook");
  due_tomorrow(env, "吉照村：产业奖补核查");
  nlohmann::json recorded;
  for (int i = 0; i < 100; ++i) {
    recorded = deliveries(env, hook);
    if (!recorded.empty() && recorded[0]["attempts"].get<int>() >= 1) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_FALSE(recorded.empty());
  EXPECT_GE(recorded[0]["attempts"].get<int>(), 1);
  EXPECT_FALSE(recorded[0]["last_error"].is_null()) << recorded.dump();
  EXPECT_EQ(env.supervisor().get("/healthz").status, 200);
}

}  // namespace
}  // namespace e2e
