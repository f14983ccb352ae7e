// Webhooks: creating them (who, which URLs, which secrets, what the audit log keeps), and what a
// delivery sends in each format.
#include <gtest/gtest.h>

#include "engine/webhooks/hmac.h"
#include "delivery/webhook_url.h"
#include "engine/webhooks/webhook_commands.h"
#include "engine/webhooks/webhook_payload.h"
#include "engine/base/digest.h"
#include "tests/support/engine_fixture.h"

namespace taizhang {
namespace {

using nlohmann::json;

// ---------------------------------------------------------------------------------------------
// Signatures

TEST(WebhookHmac, MatchesRfc4231TestCase2) {
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(WebhookHmac, Base64PadsAsRfc4648) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

TEST(WebhookHmac, DingTalkSignIsBase64OfHmacOfTimestampAndSecret) {
  // Computed independently (Python hmac/base64) from DingTalk's published recipe.
  EXPECT_EQ(dingtalk_sign("SECabcdef0123456789", 1564600000000),
            "Cb65xKDW95PCgotduYC8z88HhN77PXCSMZ+Uko83J0w=");
}

// ---------------------------------------------------------------------------------------------
// Payloads

AlertEvent overdue_event() {
  AlertEvent e;
  e.id = 41;
  e.alert_id = 12;
  e.org_id = 5;
  e.event = "raised";
  e.at = "2019-08-03T09:00:00.000+08:00";
  e.alert = {{"id", 12},
             {"item_id", 8},
             {"title", "吉照村危房改造"},
             {"org", "吉照村"},
             {"org_id", 5},
             {"stage", "construction"},
             {"stage_name", "施工"},
             {"level", "overdue"},
             {"state", "open"},
             {"due_on", "2019-07-31"},
             {"days_overdue", 3},
             {"raised_at", "2019-08-03T09:00:00.000+08:00"}};
  return e;
}

Webhook hook(WebhookFormat format, std::string url, std::string secret) {
  Webhook h;
  h.id = 3;
  h.url = std::move(url);
  h.format = format;
  h.levels = {AlertLevel::due_soon, AlertLevel::overdue, AlertLevel::escalated};
  h.secret = std::move(secret);
  return h;
}

std::optional<std::string> header(const OutgoingRequest& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return std::nullopt;
}

const TimePoint kSendTime = TimePoint(std::chrono::milliseconds(1564600000000));

TEST(WebhookPayload, JsonBodyIsEventAndAlertSignedWithTheSecret) {
  auto r = render_delivery(hook(WebhookFormat::json, "https://example.org/hook",
                                "0123456789abcdef-json-secret"),
                           overdue_event(), kSendTime);
  EXPECT_EQ(r.url, "https://example.org/hook");
  EXPECT_EQ(r.body,
            R"({"event":"raised","alert":{"days_overdue":3,"due_on":"2019-07-31","id":12,)"
            R"("item_id":8,"level":"overdue","org":"吉照村","org_id":5,)"
            R"("raised_at":"2019-08-03T09:00:00.000+08:00","stage":"construction",)"
            R"("stage_name":"施工","state":"open","title":"吉照村危房改造"}})");
  EXPECT_EQ(header(r, "Content-Type"), "application/json");
  EXPECT_EQ(header(r, "X-Taizhang-Event"), "raised");
  EXPECT_EQ(header(r, "X-Taizhang-Delivery"), "41");
  // Computed independently (Python hmac) over the exact body above.
  EXPECT_EQ(header(r, "X-Taizhang-Signature"),
            "sha256=ad2f03e564ceb79c51509df7150d9085bc22b9e38cf805d8b50f7bff0540c853");
  auto doc = json::parse(r.body);
  EXPECT_EQ(doc["alert"], overdue_event().alert);
}

TEST(WebhookPayload, DingTalkIsAChineseMarkdownMessageSignedInTheQuery) {
  auto r = render_delivery(hook(WebhookFormat::dingtalk,
                                "https://oapi.dingtalk.com/robot/send?access_token=abc123",
                                "SECabcdef0123456789"),
                           overdue_event(), kSendTime);
  EXPECT_EQ(r.url,
            "https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=1564600000000"
            "&sign=Cb65xKDW95PCgotduYC8z88HhN77PXCSMZ%2BUko83J0w%3D");
  auto doc = json::parse(r.body);
  EXPECT_EQ(doc["msgtype"], "markdown");
  const std::string title = doc["markdown"]["title"];
  const std::string text = doc["markdown"]["text"];
  EXPECT_EQ(title, "【已逾期】吉照村危房改造");
  EXPECT_NE(text.find("【已逾期】吉照村 · 吉照村危房改造 · 施工 · 应于 2019-07-31 完成，已逾期 3 天"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("事项编号：8"), std::string::npos) << text;
  EXPECT_FALSE(header(r, "X-Taizhang-Signature"));
}

TEST(WebhookPayload, DingTalkWithoutSecretKeepsTheUrl) {
  auto r = render_delivery(
      hook(WebhookFormat::dingtalk, "https://oapi.dingtalk.com/robot/send?access_token=abc", ""),
      overdue_event(), kSendTime);
  EXPECT_EQ(r.url, "https://oapi.dingtalk.com/robot/send?access_token=abc");
}

TEST(WebhookPayload, DingTalkSignatureGoesBeforeAFragment) {
  auto r = render_delivery(hook(WebhookFormat::dingtalk, "https://example.org/send#x",
                                "SECabcdef0123456789"),
                           overdue_event(), kSendTime);
  EXPECT_EQ(r.url.find("https://example.org/send?timestamp=1564600000000&sign="), 0u) << r.url;
}

TEST(WebhookPayload, WeComIsAMarkdownContentMessage) {
  auto r = render_delivery(
      hook(WebhookFormat::wecom, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", ""),
      overdue_event(), kSendTime);
  EXPECT_EQ(r.url, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k");
  auto doc = json::parse(r.body);
  EXPECT_EQ(doc["msgtype"], "markdown");
  const std::string content = doc["markdown"]["content"];
  EXPECT_NE(content.find("【已逾期】"), std::string::npos) << content;
  EXPECT_NE(content.find("吉照村 · 吉照村危房改造 · 施工 · 应于 2019-07-31 完成，已逾期 3 天"),
            std::string::npos)
      << content;
  EXPECT_LE(content.size(), 4096u);  // the robot's limit
  EXPECT_FALSE(header(r, "X-Taizhang-Signature"));
}

TEST(WebhookPayload, ResolvedAndDueSoonEventsSayWhatHappened) {
  AlertEvent e = overdue_event();
  e.event = "resolved";
  EXPECT_EQ(alert_headline(e).find("【已逾期 · 已解除】"), 0u) << alert_headline(e);
  e = overdue_event();
  e.alert["level"] = "due_soon";
  e.alert["days_overdue"] = -2;
  EXPECT_EQ(alert_headline(e),
            "【即将到期】吉照村 · 吉照村危房改造 · 施工 · 应于 2019-07-31 完成，还剩 2 天");
  e.alert["days_overdue"] = 0;
  EXPECT_NE(alert_headline(e).find("今天到期"), std::string::npos);
  e.alert.erase("stage_name");
  EXPECT_NE(alert_headline(e).find(" · construction · "), std::string::npos);
}

TEST(WebhookPayload, MissingOrMistypedAlertFieldsAreLeftOutNotThrown) {
  for (json alert : {json::object(), json("not an object"), json(nullptr),
                     json{{"title", 5}, {"org", json::array()}, {"days_overdue", "3"},
                          {"level", "nonsense"}}}) {
    AlertEvent e = overdue_event();
    e.alert = alert;
    for (auto format : {WebhookFormat::json, WebhookFormat::dingtalk, WebhookFormat::wecom}) {
      OutgoingRequest r;
      ASSERT_NO_THROW(r = render_delivery(hook(format, "https://example.org/h",
                                                "0123456789abcdef"),
                                           e, kSendTime))
          << alert.dump();
      EXPECT_TRUE(json::accept(r.body)) << r.body;
    }
    EXPECT_EQ(alert_headline(e), "【督办提醒】") << alert.dump();
  }
}

TEST(WebhookPayload, ATitleCannotBreakTheMarkdownOrTheBodyEncoding) {
  AlertEvent e = overdue_event();
  e.alert["title"] = std::string("第一行\n#### 伪造\r\n") + "\xff\xfe";  // and invalid UTF-8
  auto r = render_delivery(hook(WebhookFormat::wecom, "https://example.org/h", ""), e, kSendTime);
  ASSERT_TRUE(json::accept(r.body)) << r.body;
  const std::string content = json::parse(r.body)["markdown"]["content"];
  EXPECT_EQ(content.find("\n#### 伪造"), std::string::npos) << content;
}

// ---------------------------------------------------------------------------------------------
// URLs

TEST(WebhookUrl, AcceptsHttpAndHttpsWithAHost) {
  for (const char* url : {"http://127.0.0.1:8080/hook", "https://example.org",
                          "https://oapi.dingtalk.com/robot/send?access_token=abc",
                          "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx",
                          "http://[::1]:9000/x"}) {
    EXPECT_TRUE(check_webhook_url(url)) << url;
  }
}

TEST(WebhookUrl, RefusesEverythingElseNamingTheField) {
  for (const std::string& url : std::vector<std::string>{
        "", "ftp://example.org/x", "file:///etc/passwd", "localhost:80", "javascript:alert(1)",
        "example.org/hook", "//example.org/hook", "http://", "https:///path",
        "http://exa mple.org/", "http://example.org/\n", "http://example.org/\t",
        "gopher://example.org", "http://例子.中国/", "mailto:a@example.org",
        "http://example.org/" + std::string(2048, 'a')}) {
    auto ok = check_webhook_url(url);
    ASSERT_FALSE(ok) << url;
    EXPECT_EQ(ok.error().code, ErrorCode::invalid_field) << url;
    EXPECT_EQ(ok.error().field, "url") << url;
    EXPECT_FALSE(ok.error().message.empty());
  }
  auto ftp = check_webhook_url("ftp://example.org/x");
  EXPECT_NE(ftp.error().message.find("http:// or https://"), std::string::npos)
      << ftp.error().message;
}

// ---------------------------------------------------------------------------------------------
// Creating webhooks

class WebhookCommandsTest : public testing::EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    admin = add_user("系统管理员", Role::admin, {});
  }

  NewWebhook json_hook() {
    return NewWebhook{"https://example.org/hook?token=url-token-1234", WebhookFormat::json,
                      std::nullopt, {AlertLevel::overdue, AlertLevel::escalated},
                      "0123456789abcdef-json-secret"};
  }

  Result<Webhook> create(const Principal& who, const NewWebhook& n) {
    return job<Webhook>([&](StoreWriter& s) { return create_webhook(s, who, orgs, n, now); });
  }

  Principal admin;
};

TEST_F(WebhookCommandsTest, AnAdminCreatesAndTheStoreKeepsIt) {
  NewWebhook n = json_hook();
  n.org_id = org("吉照村");
  n.levels = {AlertLevel::escalated, AlertLevel::overdue, AlertLevel::overdue};
  auto h = create(admin, n);
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_GT(h->id, 0);
  EXPECT_EQ(h->levels, (std::vector<AlertLevel>{AlertLevel::overdue, AlertLevel::escalated}));
  auto stored = *db_->read([&](StoreReader& s) -> Result<std::optional<Webhook>> {
    return s.webhook(h->id);
  });
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->url, n.url);
  EXPECT_EQ(stored->format, WebhookFormat::json);
  EXPECT_EQ(stored->org_id, org("吉照村"));
  EXPECT_EQ(stored->levels, h->levels);
  EXPECT_EQ(stored->secret, n.secret);
  EXPECT_EQ(stored->created_by, admin.user.id);
}

TEST_F(WebhookCommandsTest, OnlyAdminsCreate) {
  for (const auto& who : {manager, supervisor, finance, village_manager}) {
    auto h = create(who, json_hook());
    ASSERT_FALSE(h);
    EXPECT_EQ(h.error().code, ErrorCode::forbidden);
  }
}

TEST_F(WebhookCommandsTest, BadFieldsAreNamed) {
  auto expect_field = [&](NewWebhook n, const std::string& field) {
    auto h = create(admin, n);
    ASSERT_FALSE(h) << field;
    EXPECT_EQ(h.error().code, ErrorCode::invalid_field) << h.error().message;
    EXPECT_EQ(h.error().field, field) << h.error().message;
  };
  NewWebhook n = json_hook();
  n.url = "ftp://example.org/hook";
  expect_field(n, "url");
  n = json_hook();
  n.org_id = 999999;
  expect_field(n, "org");
  n = json_hook();
  n.levels.clear();
  expect_field(n, "levels");
  n = json_hook();
  n.secret.clear();
  expect_field(n, "secret");
  n.format = WebhookFormat::dingtalk;
  expect_field(n, "secret");
  n.secret = "too-short";
  expect_field(n, "secret");
  n.secret = std::string(257, 's');
  expect_field(n, "secret");
  n.secret = "0123456789abcdef\n";
  expect_field(n, "secret");
}

TEST_F(WebhookCommandsTest, AWeComRobotNeedsNoSecret) {
  NewWebhook n{"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", WebhookFormat::wecom,
               std::nullopt, {AlertLevel::overdue}, ""};
  auto h = create(admin, n);
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_TRUE(h->secret.empty());
}

TEST_F(WebhookCommandsTest, TheAuditRecordNeverHoldsTheSecretNorTheUrlToken) {
  const AuditHead before = head();
  auto h = create(admin, json_hook());
  ASSERT_TRUE(h) << h.error().message;
  auto records = *db_->read([&](StoreReader& s) -> Result<std::vector<AuditRecord>> {
    return s.audit(before.seq, 10);
  });
  ASSERT_EQ(records.size(), 1u);
  const AuditRecord& rec = records[0];
  EXPECT_EQ(rec.action, "webhook.create");
  EXPECT_EQ(rec.entity, "webhook");
  EXPECT_EQ(rec.entity_id, std::to_string(h->id));
  EXPECT_EQ(rec.actor, admin.actor());
  const std::string all = rec.after.dump() + rec.before.dump();
  EXPECT_EQ(all.find("0123456789abcdef-json-secret"), std::string::npos) << all;
  EXPECT_EQ(all.find("url-token-1234"), std::string::npos) << all;
  const json& w = rec.after["webhook"];
  EXPECT_EQ(w["secret_sha256"], sha256_hex("0123456789abcdef-json-secret"));
  EXPECT_EQ(w["url"], "https://example.org/hook");
  EXPECT_EQ(w["url_sha256"], sha256_hex(json_hook().url));
  EXPECT_EQ(w["levels"], json({"overdue", "escalated"}));
  EXPECT_FALSE(w.contains("secret"));
}

TEST_F(WebhookCommandsTest, FormatsAndStatesRoundTrip) {
  for (auto f : {WebhookFormat::json, WebhookFormat::dingtalk, WebhookFormat::wecom}) {
    EXPECT_EQ(parse_webhook_format(to_string(f)), f);
  }
  for (auto s : {DeliveryState::pending, DeliveryState::delivered, DeliveryState::failed}) {
    EXPECT_EQ(parse_delivery_state(to_string(s)), s);
  }
  EXPECT_FALSE(parse_webhook_format("slack"));
  EXPECT_FALSE(parse_delivery_state("sent"));
}

}  // namespace
}  // namespace taizhang
