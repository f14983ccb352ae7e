// What a user of one village must not learn about another: its audit records, whether an
// Idempotency-Key was used there and with what, which of its ids exist; and what nobody reads
// from the API: a webhook's credentials. Each refusal changes nothing but the audit log, where
// the attempt is recorded.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "checks.h"
#include "harness.h"
#include "ledger_support.h"
#include "tests/support/sample_files.h"

namespace e2e {
namespace {

using namespace std::chrono_literals;
using namespace e2e::ledger;

json notice_contents(const std::string& project) {
  return {{"level", "village"},
          {"phase", "before"},
          {"posted_on", "2019-03-15"},
          {"project_name", project},
          {"location", "泗顶镇吉照村"},
          {"content", "对吉照村危房户实施改造。"},
          {"subsidy_standard", "每户补助3.5万元"},
          {"implementation_period", "2019年3月至2019年7月"},
          {"implementer", "吉照村民委员会"},
          {"performance_target", "住房安全有保障"},
          {"beneficiary_households", 12},
          {"beneficiary_people", 45},
          {"poverty_mechanism", "解决贫困户住房安全问题"},
          {"hotline", "12317、0772-8123456"}};
}

// Every record of the audit log `who` may read, from the start.
json audit_of(const Api& who) {
  json all = json::array();
  int64_t after = 0;
  for (int page = 0; page < 100; ++page) {
    auto r = who.get("/api/v1/audit?after=" + std::to_string(after) + "&limit=1000");
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) break;
    const json page_json = r.json();
    for (const auto& rec : page_json["records"]) all.push_back(rec);
    if (page_json["next_after"].is_null()) break;
    after = page_json["next_after"].get<int64_t>();
  }
  return all;
}

// A photo of the site before the work, uploaded to `item` by `who`.
HttpResponse upload_before_photo(const Api& who, int64_t item) {
  return who.post(item_path(item) + "/attachments",
                  taizhang::testing::multipart_body(
                      {{"kind", "before_photo"}},
                      taizhang::testing::FormFile{"file", "改造前.jpg", "image/jpeg",
                                                  taizhang::testing::sample_jpeg(64, 48)}),
                  {{"Content-Type", taizhang::testing::multipart_content_type()}});
}

struct TwoVillages : ::testing::Test {
  void SetUp() override {
    env = std::make_unique<DemoEnv>();
    fund = make_fund(*env, 10'000'000);
    jizhao = make_item(*env);
    matian = make_item(*env, "马田村", "马田村通屯道路（范围测试）");
    ASSERT_GT(fund, 0);
    ASSERT_GT(jizhao, 0);
    ASSERT_GT(matian, 0);
    allocation = allocate(*env, jizhao, fund, 1'000'000);
    ASSERT_GT(allocation, 0);
    ASSERT_GT(allocate(*env, matian, fund, 1'000'000), 0);
    auto paid = env->finance().post_json(disbursements_path(jizhao),
                                         disbursement_body(300'000, "吉照村危改施工队"),
                                         key_header("JZ-2019-001-pay-1"));
    ASSERT_EQ(paid.status, 201) << paid.body;
    disbursement = id_of(paid);
    matian_finance = Api(env->port(), make_user(*env, "马田村报账员", "finance", "马田村"));
    matian_supervisor = Api(env->port(), make_user(*env, "马田村督查", "supervisor", "马田村"));
  }

  std::unique_ptr<DemoEnv> env;
  int64_t fund = 0, jizhao = 0, matian = 0, allocation = 0, disbursement = 0;
  Api matian_finance{0, ""}, matian_supervisor{0, ""};
};

// A supervisor of 马田村 used to read the whole log, 吉照村's payees and accounts included.
TEST_F(TwoVillages, AuditReadsFollowTheCallersUnits) {
  const json theirs = audit_of(matian_supervisor);
  ASSERT_FALSE(theirs.empty());
  const std::string text = theirs.dump();
  EXPECT_EQ(text.find("吉照村危改施工队"), std::string::npos);
  EXPECT_EQ(text.find("6222021234567890123"), std::string::npos);
  EXPECT_EQ(text.find("\"entity\":\"user\""), std::string::npos) << "township matters too";
  bool saw_matian_allocation = false;
  for (const auto& rec : theirs) {
    if (rec["action"] == "ledger.allocate") saw_matian_allocation = true;
  }
  EXPECT_TRUE(saw_matian_allocation) << "their own unit's records are there";
  // The township-wide supervisor reads everything, 吉照村's payment included.
  const std::string all = audit_of(env->supervisor()).dump();
  EXPECT_NE(all.find("吉照村危改施工队"), std::string::npos);
  EXPECT_GT(audit_of(env->supervisor()).size(), theirs.size());
}

// Verification replays the whole chain, but a 马田村 supervisor reads only whether it holds and,
// when it breaks, where only if the break is in 马田村: not the township's counts, nor which of
// 吉照村's records or items was altered.
TEST_F(TwoVillages, VerifyTellsAScopedSupervisorOnlyAboutTheirUnits) {
  auto theirs = matian_supervisor.get("/api/v1/audit/verify");
  ASSERT_EQ(theirs.status, 200) << theirs.body;
  EXPECT_EQ(theirs.json()["intact"], true);
  EXPECT_TRUE(theirs.json()["head"]["seq"].is_number());
  EXPECT_FALSE(theirs.json().contains("items_checked")) << theirs.body;
  EXPECT_TRUE(env->supervisor().get("/api/v1/audit/verify").json().contains("items_checked"));

  auto retitle = [&](int64_t id, const std::string& title) {
    return exec_sql(env->db(), "UPDATE items SET title = '" + title + "' WHERE id = " +
                                   std::to_string(id));
  };
  const std::string matian_title = env->get_item(matian)["title"];
  const std::string jizhao_title = env->get_item(jizhao)["title"];
  // Their own item altered behind the server's back: they are told which.
  ASSERT_EQ(retitle(matian, "被篡改的标题"), "");
  auto own = matian_supervisor.get("/api/v1/audit/verify").json();
  EXPECT_EQ(own["intact"], false);
  EXPECT_EQ(own["bad_item_id"], matian) << own;
  ASSERT_EQ(retitle(matian, matian_title), "");
  EXPECT_EQ(matian_supervisor.get("/api/v1/audit/verify").json()["intact"], true);

  // 吉照村's item altered: the chain is broken for them too, but they are not told where.
  ASSERT_EQ(retitle(jizhao, "被篡改的标题"), "");
  auto other = matian_supervisor.get("/api/v1/audit/verify");
  EXPECT_EQ(other.json()["intact"], false);
  EXPECT_FALSE(other.json().contains("bad_item_id")) << other.body;
  EXPECT_FALSE(other.json().contains("bad_seq")) << other.body;
  EXPECT_EQ(other.body.find(std::to_string(jizhao) + ")"), std::string::npos) << other.body;
  EXPECT_NE(other.body.find("不在您的管辖范围"), std::string::npos) << other.body;
  auto township = env->supervisor().get("/api/v1/audit/verify").json();
  EXPECT_EQ(township["bad_item_id"], jizhao) << township;
  ASSERT_EQ(retitle(jizhao, jizhao_title), "");
}

// Reusing another village's key used to answer, field by field, which of a guessed amount,
// payee, account or voucher were right, and the entry id.
TEST_F(TwoVillages, AnIdempotencyKeyFromAnotherVillageAnswersAPlain409) {
  const Totals before_j = totals(*env, jizhao, fund);
  const Totals before_m = totals(*env, matian, fund);
  const int64_t seq = env->audit_seq();
  for (const json& guess : {disbursement_body(300'000, "吉照村危改施工队"),
                            disbursement_body(300'001, "吉照村危改施工队"),
                            disbursement_body(300'000, "别的施工队")}) {
    SCOPED_TRACE(guess.dump());
    auto r = matian_finance.post_json(disbursements_path(matian), guess,
                                      key_header("JZ-2019-001-pay-1"));
    ASSERT_TRUE(IsProblem(r, 409, "idempotency_conflict"));
    const json p = r.json();
    EXPECT_FALSE(p.contains("fields")) << r.body;
    EXPECT_FALSE(p.contains("field")) << r.body;
    // The request id carries digits of its own: leave it out of the search for the entry's id.
    json without_request_id = p;
    without_request_id.erase("request_id");
    EXPECT_EQ(without_request_id.dump().find(std::to_string(disbursement)), std::string::npos)
        << r.body;
    for (const char* name : {"amount_fen", "payee", "voucher_no", "payee_account", "item"}) {
      EXPECT_EQ(p.value("detail", "").find(name), std::string::npos) << r.body;
    }
  }
  // Even the exact request on the exact item is no replay for someone who cannot see it.
  auto exact = matian_finance.post_json(disbursements_path(jizhao),
                                        disbursement_body(300'000, "吉照村危改施工队"),
                                        key_header("JZ-2019-001-pay-1"));
  EXPECT_TRUE(IsProblem(exact, 409, "idempotency_conflict")) << exact.body;
  EXPECT_EQ(totals(*env, jizhao, fund), before_j);
  EXPECT_EQ(totals(*env, matian, fund), before_m);
  EXPECT_EQ(env->audit_seq(), seq);
  // The township finance, who can see the first use, still learns what differs.
  auto own = env->finance().post_json(disbursements_path(jizhao),
                                      disbursement_body(300'001, "吉照村危改施工队"),
                                      key_header("JZ-2019-001-pay-1"));
  ASSERT_TRUE(IsProblem(own, 409, "idempotency_conflict"));
  EXPECT_EQ(own.json()["fields"], json({"amount_fen"}));
}

// Another unit's things answer exactly like absent ones on every route, and each attempt on
// them is in the audit log, for the township to see.
TEST_F(TwoVillages, AnotherUnitsThingsAnswer404LikeAbsentOnesAndTheAttemptIsRecorded) {
  Api manager = env->village_manager();  // 吉照村
  auto notice = env->township_manager().post_json(item_path(jizhao) + "/notices",
                                                  notice_contents("吉照村危房改造公示"));
  ASSERT_EQ(notice.status, 201) << notice.body;
  const int64_t notice_id = id_of(notice);
  auto objection = manager.post_json("/api/v1/notices/" + std::to_string(notice_id) + "/objections",
                                     {{"content", "名单有误"}});
  ASSERT_EQ(objection.status, 201) << objection.body;
  const int64_t objection_id = id_of(objection);
  auto due = env->township_manager().post_json(
      "/api/v1/items", {{"workflow", "plan_task"}, {"title", "吉照村：明日到期"}, {"org", "吉照村"},
                        {"plan_year", 2019}, {"due_on", "2019-03-16"}});
  ASSERT_EQ(due.status, 201) << due.body;
  int64_t alert_id = 0;
  for (int i = 0; i < 100 && alert_id == 0; ++i) {
    const json list = manager.get("/api/v1/alerts?state=all&limit=200").json();
    for (const auto& a : list["alerts"]) {
      if (a["item_id"] == id_of(due)) alert_id = a["id"].get<int64_t>();
    }
    if (alert_id == 0) std::this_thread::sleep_for(100ms);
  }
  ASSERT_GT(alert_id, 0);
  auto photo = upload_before_photo(manager, jizhao);
  ASSERT_EQ(photo.status, 201) << photo.body;
  const int64_t attachment_id = id_of(photo);

  const Totals before_j = totals(*env, jizhao, fund);
  const int64_t seq = env->audit_seq();
  const int64_t absent = 99'999'999;
  struct Probe {
    std::string method, path;
    json body;
    Headers headers;
    std::string absent_path;
  };
  auto at = [](const std::string& prefix, int64_t id, const std::string& suffix = "") {
    return prefix + std::to_string(id) + suffix;
  };
  Api outsider = matian_finance;
  const std::vector<Probe> probes = {
      {"GET", item_path(jizhao), nullptr, {}, item_path(absent)},
      {"GET", item_path(jizhao) + "/history", nullptr, {}, item_path(absent) + "/history"},
      {"GET", ledger_path(jizhao), nullptr, {}, ledger_path(absent)},
      {"GET", item_path(jizhao) + "/notices", nullptr, {}, item_path(absent) + "/notices"},
      {"POST", transitions_path(jizhao), {{"action", "submit_verification"}}, {},
       transitions_path(absent)},
      {"POST", item_path(jizhao) + "/milestones/1/reached", nullptr, {},
       item_path(absent) + "/milestones/1/reached"},
      {"POST", allocations_path(jizhao), {{"fund_id", fund}, {"amount_fen", 1000}}, {},
       allocations_path(absent)},
      {"POST", disbursements_path(jizhao), disbursement_body(1000), key_header("scope-probe-1"),
       disbursements_path(absent)},
      {"POST", allocation_reversal(allocation), {{"reason", "越权"}}, {}, allocation_reversal(absent)},
      {"POST", disbursement_reversal(disbursement), {{"reason", "越权"}}, {},
       disbursement_reversal(absent)},
      {"POST", item_path(jizhao) + "/notices", notice_contents("越权公示"), {},
       item_path(absent) + "/notices"},
      {"GET", at("/api/v1/notices/", notice_id), nullptr, {}, at("/api/v1/notices/", absent)},
      {"POST", at("/api/v1/notices/", notice_id, "/objections"), {{"content", "越权"}}, {},
       at("/api/v1/notices/", absent, "/objections")},
      {"POST", at("/api/v1/objections/", objection_id, "/resolve"), {{"resolution", "越权"}}, {},
       at("/api/v1/objections/", absent, "/resolve")},
      {"POST", at("/api/v1/alerts/", alert_id, "/ack"), nullptr, {},
       at("/api/v1/alerts/", absent, "/ack")},
      {"GET", item_path(jizhao) + "/attachments", nullptr, {}, item_path(absent) + "/attachments"},
      {"GET", item_path(jizhao) + "/dossier", nullptr, {}, item_path(absent) + "/dossier"},
      {"GET", item_path(jizhao) + "/dossier.zip", nullptr, {}, item_path(absent) + "/dossier.zip"},
      {"GET", at("/api/v1/attachments/", attachment_id), nullptr, {},
       at("/api/v1/attachments/", absent)},
      {"GET", at("/api/v1/attachments/", attachment_id, "/content"), nullptr, {},
       at("/api/v1/attachments/", absent, "/content")},
      {"GET", at("/api/v1/attachments/", attachment_id, "/thumbnail"), nullptr, {},
       at("/api/v1/attachments/", absent, "/thumbnail")},
      {"POST", at("/api/v1/attachments/", attachment_id, "/withdrawal"), {{"reason", "越权"}}, {},
       at("/api/v1/attachments/", absent, "/withdrawal")},
  };
  int refusals = 0;
  for (const auto& p : probes) {
    SCOPED_TRACE(p.method + " " + p.path);
    const std::string body = p.body.is_null() ? "" : p.body.dump();
    auto theirs = outsider.send(p.method, p.path, body, p.headers);
    auto none = outsider.send(p.method, p.absent_path, body, p.headers);
    ASSERT_TRUE(IsProblem(theirs, 404, "not_found"));
    ASSERT_TRUE(IsProblem(none, 404, "not_found"));
    // The same words as for an absent id, the id aside: nothing tells the two apart.
    std::string detail = theirs.json()["detail"], absent_detail = none.json()["detail"];
    EXPECT_EQ(detail.substr(0, detail.rfind(' ')), absent_detail.substr(0, absent_detail.rfind(' ')));
    ++refusals;
  }
  Totals after_j = totals(*env, jizhao, fund);
  after_j.audit_seq = before_j.audit_seq;  // the refusals' records are counted below
  EXPECT_EQ(after_j, before_j);
  EXPECT_EQ(env->get_item(jizhao)["version"], 1);
  // Each attempt is recorded (reads by a write of their own, which the answer does not wait for).
  json denied;
  for (int i = 0; i < 50; ++i) {
    denied = json::array();
    for (const auto& rec : audit_of(env->supervisor())) {
      if (rec["seq"].get<int64_t>() > seq && rec["action"] == "access.denied") denied.push_back(rec);
    }
    if (static_cast<int>(denied.size()) >= refusals) break;
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(static_cast<int>(denied.size()), refusals) << denied.dump();
  for (const auto& rec : denied) EXPECT_EQ(rec["actor"].get<std::string>().rfind("user:", 0), 0u);
  // They are about 吉照村's things: the 马田村 supervisor does not read them.
  EXPECT_EQ(audit_of(matian_supervisor).dump().find("access.denied"), std::string::npos);
}

// Each refused read is recorded under the name of what was attempted, route by route: the
// supervisors read which kind of record someone outside the unit tried to see.
TEST_F(TwoVillages, EachRefusedReadIsRecordedAsItsAttempt) {
  auto notice = env->township_manager().post_json(item_path(jizhao) + "/notices",
                                                  notice_contents("吉照村危房改造公示"));
  ASSERT_EQ(notice.status, 201) << notice.body;
  auto photo = upload_before_photo(env->village_manager(), jizhao);
  ASSERT_EQ(photo.status, 201) << photo.body;
  const std::string notice_path = "/api/v1/notices/" + std::to_string(id_of(notice));
  const std::string attachment_path = "/api/v1/attachments/" + std::to_string(id_of(photo));
  const std::vector<std::pair<std::string, std::string>> reads = {
      {item_path(jizhao), "item.read"},
      {item_path(jizhao) + "/history", "item.history"},
      {ledger_path(jizhao), "ledger.read"},
      {item_path(jizhao) + "/notices", "notice.read"},
      {notice_path, "notice.read"},
      {item_path(jizhao) + "/attachments", "evidence.read"},
      {attachment_path, "evidence.read"},
      {attachment_path + "/content", "evidence.read"},
      {attachment_path + "/thumbnail", "evidence.read"},
      {item_path(jizhao) + "/dossier", "dossier.read"},
      {item_path(jizhao) + "/dossier.zip", "dossier.read"},
  };
  for (const auto& [path, attempted] : reads) {
    SCOPED_TRACE(path);
    const int64_t seq = env->audit_seq();
    ASSERT_TRUE(IsProblem(matian_finance.get(path), 404, "not_found"));
    // The record is written after the answer, by a write of its own.
    json denied;
    for (int i = 0; i < 50 && denied.is_null(); ++i) {
      for (const auto& rec : audit_of(env->supervisor())) {
        if (rec["seq"].get<int64_t>() > seq && rec["action"] == "access.denied") denied = rec;
      }
      if (denied.is_null()) std::this_thread::sleep_for(100ms);
    }
    ASSERT_FALSE(denied.is_null());
    EXPECT_EQ(denied["after"]["attempted"], attempted) << denied.dump();
  }
}

// A WeCom robot's URL carries its credential in `key=`: no answer of the API shows it, nor does
// the audit log; only the delivery uses it.
TEST(WebhookUrls, CredentialsAreMaskedInEveryAnswer) {
  DemoEnv env;
  const std::string url =
      "https://bot:pa55w0rd@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=0f3c9a7e-robot-key&debug=1";
  auto created = env.admin().post_json("/api/v1/webhooks", {{"url", url}, {"format", "wecom"}});
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.json()["url"],
            "https://***@qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***&debug=***");
  auto listed = env.admin().get("/api/v1/webhooks");
  ASSERT_EQ(listed.status, 200);
  const std::string log = audit_of(env.supervisor()).dump();
  for (const std::string& text : {created.body, listed.body, log}) {
    EXPECT_EQ(text.find("0f3c9a7e-robot-key"), std::string::npos) << text;
    EXPECT_EQ(text.find("pa55w0rd"), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace e2e
