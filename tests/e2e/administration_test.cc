// What the web app's administration and finance pages read and write, over real HTTP: the user
// list with last sign-in, disabling a user (cookie and token refused at once), amounts in 元,
// a fund's allocations by item, 支出进度 as of a date, the public audit record a notice cites,
// and a webhook's test message.
#include <gtest/gtest.h>

#include "ledger_support.h"
#include "webhook_receiver.h"

namespace e2e {
namespace {

using namespace e2e::ledger;

json user_named(const DemoEnv& env, const std::string& name) {
  auto listed = env.admin().get("/api/v1/users");
  EXPECT_EQ(listed.status, 200) << listed.body;
  for (const auto& u : array_at(listed.json(), "users")) {
    if (u["name"] == name) return u;
  }
  return nullptr;
}

TEST(Administration, UsersAreListedForAdminsOnlyAndADisabledUsersTokenStopsAtOnce) {
  DemoEnv env;
  for (Api who : {env.finance(), env.supervisor(), env.township_manager()}) {
    EXPECT_EQ(who.get("/api/v1/users").status, 403);
  }
  json victim = user_named(env, "镇财务");
  ASSERT_TRUE(victim.is_object());
  EXPECT_EQ(victim["role"], "finance");
  EXPECT_TRUE(victim.contains("last_sign_in_at"));
  EXPECT_EQ(victim["disabled_at"], nullptr);
  EXPECT_FALSE(victim.contains("token"));
  const std::string path = "/api/v1/users/" + std::to_string(victim["id"].get<int64_t>());

  ASSERT_EQ(env.finance().get("/api/v1/me").status, 200);
  EXPECT_EQ(env.supervisor().post_json(path + "/disable", json::object()).status, 403);
  EXPECT_EQ(env.admin().post_json(path + "/disable", {{"why", "x"}}).status, 400);
  const int64_t seq = env.audit_seq();
  auto disabled = env.admin().post(path + "/disable", "");
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_TRUE(disabled.json()["disabled_at"].is_string());
  EXPECT_EQ(env.audit_seq(), seq + 1);
  auto refused = env.finance().get("/api/v1/me");
  EXPECT_EQ(refused.status, 401);
  EXPECT_NE(refused.body.find("已停用"), std::string::npos) << refused.body;
  EXPECT_EQ(env.finance().post_json("/api/v1/funds", fund_body(100)).status, 401);
  EXPECT_EQ(env.admin().post(path + "/disable", "").status, 409);
  EXPECT_EQ(env.admin().post("/api/v1/users/99999/disable", "").status, 404);

  ASSERT_EQ(env.admin().post(path + "/enable", "").status, 200);
  EXPECT_EQ(env.finance().get("/api/v1/me").status, 200);
  EXPECT_EQ(env.admin().post(path + "/enable", "").status, 409);
}

TEST(Administration, AmountsInYuanAreExactAndEveryBadFormIsRefusedWithNothingWritten) {
  DemoEnv env;
  Api finance = env.finance();
  json body = fund_body(1);
  body.erase("amount_fen");
  const int64_t seq = env.audit_seq();
  for (const char* raw : {"\"1.005\"", "\"-1\"", "\"1e3\"", "\"¥1,000\"", "\"\"", "\"0\"", "1000",
                          "10.5", "null"}) {
    auto r = finance.post(std::string("/api/v1/funds"), body_with(body, "amount_yuan", raw));
    EXPECT_EQ(r.status, 400) << raw << " " << r.body;
    EXPECT_EQ(r.json().value("field", ""), std::string(raw) == "null" ? "amount_fen" : "amount_yuan")
        << raw;
  }
  json both = body;
  both["amount_yuan"] = "1";
  both["amount_fen"] = 100;
  EXPECT_EQ(finance.post_json("/api/v1/funds", both).status, 400);
  EXPECT_EQ(env.audit_seq(), seq) << "a refused amount wrote something";

  body["amount_yuan"] = "1234567.89";
  auto created = finance.post_json("/api/v1/funds", body);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["amount_fen"], 123456789);
  const int64_t fund = id_of(created);
  const int64_t item = make_item(env);
  auto allocated = finance.post_json(allocations_path(item), {{"fund_id", fund}, {"amount_yuan", "1000.10"}});
  ASSERT_EQ(allocated.status, 201) << allocated.body;
  EXPECT_EQ(allocated.json()["amount_fen"], 100010);
  json pay = disbursement_body(1);
  pay.erase("amount_fen");
  pay["amount_yuan"] = "0.10";
  auto paid = finance.post_json(disbursements_path(item), pay, key_header("yuan-1"));
  ASSERT_EQ(paid.status, 201) << paid.body;
  EXPECT_EQ(paid.json()["amount_fen"], 10);
  pay["amount_yuan"] = "0.101";
  EXPECT_EQ(finance.post_json(disbursements_path(item), pay, key_header("yuan-2")).status, 400);

  // The fund's allocations by item; another village's manager sees the money, not the item.
  auto by_item = finance.get(fund_path(fund) + "/allocations");
  ASSERT_EQ(by_item.status, 200) << by_item.body;
  auto items = array_at(by_item.json(), "items");
  ASSERT_EQ(items.size(), 1u) << by_item.body;
  EXPECT_EQ(items[0]["item_id"], item);
  EXPECT_EQ(items[0]["allocated_fen"], 100010);
  EXPECT_EQ(items[0]["disbursed_fen"], 10);
  EXPECT_EQ(finance.get("/api/v1/funds/99999/allocations").status, 404);
}

TEST(Administration, SpendingProgressIsAsOfADayAndScoped) {
  DemoEnv env;
  auto today = env.finance().get("/api/v1/reports/spending?as_of=2019-03-15");
  ASSERT_EQ(today.status, 200) << today.body;
  const json report = today.json();
  EXPECT_EQ(report["as_of"], "2019-03-15");
  int64_t disbursed = 0;
  for (const auto& f : array_at(report, "funds")) disbursed += f["disbursed_fen"].get<int64_t>();
  EXPECT_EQ(disbursed, 30'000'000) << "the demo's one payment";
  bool road_village = false;
  for (const auto& u : array_at(report, "units")) road_village |= u["org"] == "马田村";
  EXPECT_TRUE(road_village) << today.body;
  // 吉照村's manager sees only 吉照村's row.
  for (const auto& u : array_at(env.village_manager().get("/api/v1/reports/spending").json(), "units")) {
    EXPECT_EQ(u["org"], "吉照村");
  }
  auto before = env.finance().get("/api/v1/reports/spending?as_of=2019-03-14").json();
  EXPECT_TRUE(array_at(before, "funds").empty()) << before.dump();
  EXPECT_EQ(env.finance().get("/api/v1/reports/spending?as_of=2019-13-01").status, 400);
  EXPECT_EQ(env.anonymous().get("/api/v1/reports/spending").status, 401);
}

TEST(Administration, ThePublicReadsTheHeadAndTheRecordsNoticesCiteAndNoOther) {
  DemoEnv env;
  auto head = env.anonymous().get("/public/audit/head");
  ASSERT_EQ(head.status, 200) << head.body;
  EXPECT_EQ(head.json()["seq"], env.audit_seq());
  auto notices = env.anonymous().get("/public/notices?state=all").json();
  auto list = array_at(notices, "notices");
  ASSERT_FALSE(list.empty());
  const int64_t seq = list[0]["audit"]["seq"].get<int64_t>();
  auto record = env.anonymous().get("/public/audit/records/" + std::to_string(seq));
  ASSERT_EQ(record.status, 200) << record.body;
  EXPECT_EQ(record.json()["action"], "notice.post");
  EXPECT_EQ(record.json()["hash"], list[0]["audit"]["hash"]);
  EXPECT_EQ(env.anonymous().get("/public/audit/records/1").status, 404);  // a user's creation
  EXPECT_EQ(env.anonymous().get("/public/audit/records/999999").status, 404);
  EXPECT_EQ(env.anonymous().get("/public/audit/records/x").status, 404);
}

TEST(Administration, AWebhookTestMessageSaysWhetherTheEndpointTookIt) {
  DemoEnv env;
  WebhookReceiver receiver;
  ASSERT_TRUE(receiver.listening());
  auto created = env.admin().post_json(
      "/api/v1/webhooks", {{"url", receiver.url()}, {"format", "json"}, {"secret", "0123456789abcdef-test"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string test_path = "/api/v1/webhooks/" + std::to_string(id_of(created)) + "/test";
  EXPECT_EQ(env.supervisor().post(test_path, "").status, 403);
  auto ok = env.admin().post(test_path, "");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["delivered"], true) << ok.body;
  EXPECT_EQ(ok.json()["status"], 200);
  ASSERT_TRUE(receiver.wait_for(1, std::chrono::seconds(5)));
  const auto got = receiver.requests().front();
  EXPECT_EQ(got.header("x-taizhang-event").value_or(""), "test");
  EXPECT_NE(got.body.find("测试消息"), std::string::npos);

  receiver.set_mode(WebhookReceiver::Mode::error);
  auto failed = env.admin().post(test_path, "");
  ASSERT_EQ(failed.status, 200) << failed.body;
  EXPECT_EQ(failed.json()["delivered"], false);
  EXPECT_EQ(failed.json()["error"], "HTTP 500");
  EXPECT_EQ(env.admin().post("/api/v1/webhooks/999/test", "").status, 404);
}

}  // namespace
}  // namespace e2e
