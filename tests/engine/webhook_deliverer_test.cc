// The webhook deliverer against a real loopback receiver: delivered once, retried with backoff,
// a hanging endpoint timed out without holding back another webhook, a prompt stop, and what a
// stop leaves pending delivered after a restart.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <set>
#include <thread>

#include "engine/webhooks/hmac.h"
#include "engine/webhooks/webhook_commands.h"
#include "delivery/webhook_deliverer.h"
#include "tests/support/engine_fixture.h"
#include "tests/e2e/webhook_receiver.h"

namespace taizhang {
namespace {

using e2e::WebhookReceiver;
using namespace std::chrono_literals;

int64_t unix_ms(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout = 10s) {
  const auto give_up = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < give_up) {
    if (done()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return done();
}

class WebhookDelivererTest : public testing::EngineFixture {
 protected:
  using Options = WebhookDeliverer::Options;

  void SetUp() override {
    EngineFixture::SetUp();
    admin = add_user("系统管理员", Role::admin, {});
    clock = Clock(now);
    auto item = create(manager, NewItem{"housing_repair", "吉照村危房改造", org("吉照村"), 2019,
                                        std::nullopt, std::nullopt, "2019-03-10",
                                        {{"applicant", "户主"}, {"household_id", "JZ-1"}},
                                        std::nullopt});
    ASSERT_TRUE(item) << item.error().message;
    Alert a;
    a.item_id = item->id;
    a.org_id = item->org_id;
    a.stage = item->stage;
    a.stage_entered_at = item->stage_entered_at;
    a.level = AlertLevel::overdue;
    a.due_on = "2019-03-10";
    a.raised_at = format_rfc3339(now);
    auto id = write([&](StoreWriter& s) -> Result<nlohmann::json> { return s.insert_alert(a); });
    ASSERT_TRUE(id) << id.error().message;
    alert = a;
    alert.id = id->get<int64_t>();
  }

  Options options() const {
    Options o;
    o.timeout_ms = 3000;
    o.first_backoff_ms = 100;
    o.max_backoff_ms = 400;
    o.max_attempts = 3;
    o.poll_interval_ms = 200;
    return o;
  }

  int64_t add_webhook(const std::string& url, WebhookFormat format = WebhookFormat::json,
                      std::string secret = "0123456789abcdef-secret") {
    NewWebhook n{url, format, std::nullopt, {AlertLevel::overdue}, std::move(secret)};
    auto h = job<Webhook>([&](StoreWriter& s) { return create_webhook(s, admin, orgs, n, now); });
    EXPECT_TRUE(h) << h.error().message;
    return h ? h->id : 0;
  }

  // A new event of the alert, with a pending delivery due now for each of `webhook_ids`.
  int64_t add_event(const std::vector<int64_t>& webhook_ids) {
    auto id = write([&](StoreWriter& s) -> Result<nlohmann::json> {
      AlertEvent e;
      e.alert_id = alert.id;
      e.org_id = alert.org_id;
      e.event = "raised";
      e.at = format_rfc3339(now);
      e.alert = {{"id", alert.id},          {"item_id", alert.item_id},
                 {"title", "吉照村危房改造"}, {"org", "吉照村"},
                 {"org_id", alert.org_id},  {"stage", alert.stage},
                 {"level", "overdue"},      {"state", "open"},
                 {"due_on", alert.due_on},  {"days_overdue", 5},
                 {"raised_at", alert.raised_at}};
      const int64_t event_id = s.insert_alert_event(e);
      for (int64_t w : webhook_ids) {
        WebhookDelivery d;
        d.webhook_id = w;
        d.event_id = event_id;
        d.next_attempt_ms = unix_ms(clock.now());
        s.insert_delivery(d);
      }
      return event_id;
    });
    EXPECT_TRUE(id) << id.error().message;
    return id ? id->get<int64_t>() : 0;
  }

  WebhookDelivery delivery(int64_t webhook_id, int64_t event_id) {
    auto rows = *db_->read([&](StoreReader& s) -> Result<std::vector<WebhookDelivery>> {
      return s.deliveries(webhook_id, 0, 1000);
    });
    for (const auto& d : rows) {
      if (d.event_id == event_id) return d;
    }
    ADD_FAILURE() << "no delivery of event " << event_id << " to webhook " << webhook_id;
    return {};
  }

  Principal admin;
  Clock clock;
  Alert alert;
};

TEST_F(WebhookDelivererTest, DeliversOnceOn200SignedAndRecorded) {
  WebhookReceiver receiver(WebhookReceiver::Mode::ok);
  ASSERT_TRUE(receiver.listening());
  const int64_t hook = add_webhook(receiver.url("/taizhang"));
  const int64_t event = add_event({hook});
  WebhookDeliverer deliverer(*db_, clock, options());
  deliverer.start();
  deliverer.poke();
  ASSERT_TRUE(receiver.wait_for(1, 10s));
  ASSERT_TRUE(eventually([&] { return delivery(hook, event).state == DeliveryState::delivered; }));
  // Further looks at the outbox send nothing again.
  deliverer.poke();
  std::this_thread::sleep_for(500ms);
  deliverer.stop();
  ASSERT_EQ(receiver.count(), 1u);

  const auto req = receiver.requests()[0];
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.target, "/taizhang");
  EXPECT_EQ(req.header("content-type"), "application/json");
  EXPECT_EQ(req.header("x-taizhang-event"), "raised");
  EXPECT_EQ(req.header("x-taizhang-delivery"), std::to_string(event));
  EXPECT_EQ(req.header("x-taizhang-signature"),
            "sha256=" + hmac_sha256_hex("0123456789abcdef-secret", req.body));
  auto body = nlohmann::json::parse(req.body);
  EXPECT_EQ(body["event"], "raised");
  EXPECT_EQ(body["alert"]["title"], "吉照村危房改造");

  const WebhookDelivery d = delivery(hook, event);
  EXPECT_EQ(d.attempts, 1);
  EXPECT_EQ(d.last_status, 200);
  EXPECT_FALSE(d.last_error);
  ASSERT_TRUE(d.delivered_at);
  EXPECT_TRUE(parse_rfc3339(*d.delivered_at));
  EXPECT_EQ(deliverer.stats().delivered, 1u);
}

TEST_F(WebhookDelivererTest, DeliversABatchEachEventOnce) {
  WebhookReceiver receiver(WebhookReceiver::Mode::ok);
  const int64_t hook = add_webhook(receiver.url());
  std::set<std::string> expected;
  for (int i = 0; i < 20; ++i) expected.insert(std::to_string(add_event({hook})));
  WebhookDeliverer deliverer(*db_, clock, options());
  deliverer.start();
  ASSERT_TRUE(receiver.wait_for(20, 15s)) << receiver.count();
  ASSERT_TRUE(eventually([&] { return deliverer.stats().delivered == 20; }));
  deliverer.stop();
  std::set<std::string> seen;
  for (const auto& r : receiver.requests()) seen.insert(r.header("x-taizhang-delivery").value_or(""));
  EXPECT_EQ(receiver.count(), 20u);
  EXPECT_EQ(seen, expected);
}

TEST_F(WebhookDelivererTest, RetriesA500WithExponentialBackoffThenGivesUp) {
  WebhookReceiver receiver(WebhookReceiver::Mode::error);
  const int64_t hook = add_webhook(receiver.url());
  const int64_t event = add_event({hook});
  WebhookDeliverer deliverer(*db_, clock, options());
  deliverer.start();
  ASSERT_TRUE(eventually([&] { return delivery(hook, event).state == DeliveryState::failed; }, 15s));
  std::this_thread::sleep_for(500ms);  // nothing more is tried once failed
  deliverer.stop();

  const auto got = receiver.requests();
  ASSERT_EQ(got.size(), 3u);  // max_attempts
  // Backoff doubles: at least 100 ms before the second attempt, 200 ms before the third.
  EXPECT_GE(got[1].at - got[0].at, 100ms);
  EXPECT_GE(got[2].at - got[1].at, 200ms);
  const WebhookDelivery d = delivery(hook, event);
  EXPECT_EQ(d.attempts, 3);
  EXPECT_EQ(d.last_status, 500);
  ASSERT_TRUE(d.last_error);
  EXPECT_NE(d.last_error->find("HTTP 500"), std::string::npos) << *d.last_error;
  EXPECT_FALSE(d.delivered_at);
  EXPECT_EQ(deliverer.stats().retries, 2u);
  EXPECT_EQ(deliverer.stats().given_up, 1u);
}

TEST_F(WebhookDelivererTest, AFailedAttemptIsScheduledAfterTheBackoff) {
  WebhookReceiver receiver(WebhookReceiver::Mode::error);
  const int64_t hook = add_webhook(receiver.url());
  const int64_t event = add_event({hook});
  Options o = options();
  o.first_backoff_ms = 60'000;
  o.max_backoff_ms = 600'000;
  const int64_t before_ms = unix_ms(clock.now());
  WebhookDeliverer deliverer(*db_, clock, o);
  deliverer.start();
  ASSERT_TRUE(eventually([&] { return delivery(hook, event).attempts == 1; }));
  const int64_t after_ms = unix_ms(clock.now());
  std::this_thread::sleep_for(400ms);  // two polls: not tried again before its time
  deliverer.stop();
  EXPECT_EQ(receiver.count(), 1u);
  const WebhookDelivery d = delivery(hook, event);
  EXPECT_EQ(d.state, DeliveryState::pending);
  EXPECT_EQ(d.last_status, 500);
  EXPECT_GE(d.next_attempt_ms, before_ms + 60'000);
  EXPECT_LE(d.next_attempt_ms, after_ms + 60'000);
}

TEST_F(WebhookDelivererTest, AHangingEndpointTimesOutWithoutHoldingBackAnotherWebhook) {
  WebhookReceiver hanging(WebhookReceiver::Mode::hang);
  WebhookReceiver healthy(WebhookReceiver::Mode::ok);
  const int64_t slow_hook = add_webhook(hanging.url());
  const int64_t good_hook = add_webhook(healthy.url());
  const int64_t first = add_event({slow_hook});  // the hanging one is first in the outbox
  const int64_t second = add_event({good_hook});
  WebhookDeliverer deliverer(*db_, clock, options());
  deliverer.start();
  ASSERT_TRUE(hanging.wait_for(1, 10s));
  ASSERT_TRUE(healthy.wait_for(1, 10s));
  ASSERT_TRUE(
      eventually([&] { return delivery(good_hook, second).state == DeliveryState::delivered; }));
  // Delivered while the hanging endpoint's first attempt had not yet timed out.
  EXPECT_EQ(delivery(slow_hook, first).attempts, 0);

  ASSERT_TRUE(eventually([&] { return delivery(slow_hook, first).attempts >= 1; }));
  const WebhookDelivery d = delivery(slow_hook, first);
  EXPECT_FALSE(d.last_status);
  ASSERT_TRUE(d.last_error);
  EXPECT_NE(d.last_error->find("timed out"), std::string::npos) << *d.last_error;
  // ... and it is tried again.
  EXPECT_TRUE(hanging.wait_for(2, 10s));
  deliverer.stop();
  EXPECT_EQ(healthy.count(), 1u);
}

TEST_F(WebhookDelivererTest, StopIsPromptAndWhatItAbortsIsDeliveredAfterARestart) {
  WebhookReceiver receiver(WebhookReceiver::Mode::hang);
  const int64_t hook = add_webhook(receiver.url());
  const int64_t event = add_event({hook});
  Options o = options();
  o.timeout_ms = 60'000;
  {
    WebhookDeliverer deliverer(*db_, clock, o);
    deliverer.start();
    ASSERT_TRUE(receiver.wait_for(1, 10s));
    const auto t0 = std::chrono::steady_clock::now();
    deliverer.stop();
    // Far below the transfer's 60 s timeout: the transfer is aborted, not waited out.
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);
  }
  WebhookDelivery d = delivery(hook, event);
  EXPECT_EQ(d.state, DeliveryState::pending);
  EXPECT_EQ(d.attempts, 0);  // an abort is not the endpoint's failure

  receiver.set_mode(WebhookReceiver::Mode::ok);
  WebhookDeliverer restarted(*db_, clock, o);
  restarted.start();
  ASSERT_TRUE(eventually([&] { return delivery(hook, event).state == DeliveryState::delivered; }));
  restarted.stop();
  EXPECT_EQ(receiver.count(), 2u);  // at least once: the aborted send and the delivered one
}

TEST_F(WebhookDelivererTest, ARobotRefusingWithAnErrcodeIsRetried) {
  WebhookReceiver receiver(WebhookReceiver::Mode::ok);
  receiver.set_response_body(R"({"errcode":310000,"errmsg":"sign not match"})");
  const int64_t hook =
      add_webhook(receiver.url("/robot/send?access_token=t0k"), WebhookFormat::dingtalk,
                  "SECabcdef0123456789");
  const int64_t event = add_event({hook});
  WebhookDeliverer deliverer(*db_, clock, options());
  deliverer.start();
  ASSERT_TRUE(eventually([&] { return delivery(hook, event).attempts >= 1; }));
  deliverer.stop();
  const WebhookDelivery d = delivery(hook, event);
  EXPECT_NE(d.state, DeliveryState::delivered);
  EXPECT_EQ(d.last_status, 200);
  EXPECT_EQ(d.last_error, "errcode 310000: sign not match");
  const auto req = receiver.requests().at(0);
  EXPECT_EQ(req.target.find("/robot/send?access_token=t0k&timestamp="), 0u) << req.target;
  EXPECT_NE(req.target.find("&sign="), std::string::npos) << req.target;
  EXPECT_EQ(nlohmann::json::parse(req.body)["msgtype"], "markdown");
}

// A receiver that echoes the request line back must not put the robot's key into last_error,
// which admins read: the URL's credentials are masked in whatever the attempt records.
TEST_F(WebhookDelivererTest, TheErrorRecordedNeverQuotesTheUrlsKey) {
  WebhookReceiver receiver(WebhookReceiver::Mode::ok);
  receiver.set_response_body(
      R"({"errcode":93000,"errmsg":"invalid webhook url: /cgi-bin/webhook/send?key=k3y-0f-the-r0b0t"})");
  const int64_t hook =
      add_webhook(receiver.url("/cgi-bin/webhook/send?key=k3y-0f-the-r0b0t"), WebhookFormat::wecom, "");
  const int64_t event = add_event({hook});
  WebhookDeliverer deliverer(*db_, clock, options());
  deliverer.start();
  ASSERT_TRUE(eventually([&] { return delivery(hook, event).attempts >= 1; }));
  deliverer.stop();
  const WebhookDelivery d = delivery(hook, event);
  ASSERT_TRUE(d.last_error);
  EXPECT_EQ(*d.last_error, "errcode 93000: invalid webhook url: /cgi-bin/webhook/send?key=***");
  // The delivery itself used the key.
  EXPECT_NE(receiver.requests().at(0).target.find("key=k3y-0f-the-r0b0t"), std::string::npos);
}

TEST(WebhookUrlSecrets, UserInfoAndQueryValuesAreMaskedInAnyText) {
  EXPECT_EQ(without_url_secrets("GET https://bot:pa55word@h.example/x?key=abcd&n=1 failed",
                                "https://bot:pa55word@h.example/x?key=abcd&n=1"),
            "GET https://***@h.example/x?key=***&n=1 failed");
  EXPECT_EQ(without_url_secrets("no url here", "https://h.example/x?key=abcd"), "no url here");
}

}  // namespace
}  // namespace taizhang
