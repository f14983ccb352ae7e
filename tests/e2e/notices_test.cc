// Public notices (公告公示) over real HTTP: posting and its validation, the public pages without
// login (nothing private in them, everything escaped in the HTML), objections and the period, and
// the notice_passed guard on a workflow transition.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "checks.h"
#include "harness.h"

namespace e2e {
namespace {

using json = nlohmann::json;

// j[key] by value (an empty array when j is not an object or lacks it): safe to range over.
json array_at(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_array()) return json::array();
  return j[key];
}


const char* kFundName = "2019年中央财政专项扶贫资金（公示测试）";
const char* kPayee = "李四危改施工队";
const char* kPayeeAccount = "6222021234567890123";
const char* kVoucher = "记-2019-088";

std::string notices_path(int64_t item) { return item_path(item) + "/notices"; }
std::string notice_path(int64_t id) { return "/api/v1/notices/" + std::to_string(id); }
std::string public_path(int64_t id) { return "/public/notices/" + std::to_string(id); }

const std::vector<std::string> kContentKeys = {
    "project_name",       "location",  "content",
    "subsidy_standard",   "implementation_period",
    "implementer",        "performance_target",
    "beneficiary_households", "beneficiary_people",
    "poverty_mechanism",  "hotline"};

json notice_body(const std::string& project_name, const std::string& posted_on = "2019-03-15",
                 const std::string& phase = "before") {
  return {{"level", "village"},
          {"phase", phase},
          {"posted_on", posted_on},
          {"period_days", 10},
          {"project_name", project_name},
          {"location", "泗顶镇吉照村"},
          {"content", "对吉照村危房户实施改造，拆除重建主体结构。"},
          {"subsidy_standard", "每户补助3.5万元"},
          {"implementation_period", "2019年3月至2019年7月"},
          {"implementer", "吉照村民委员会"},
          {"performance_target", "改造后房屋达到安全标准，住房安全有保障"},
          {"beneficiary_households", 12},
          {"beneficiary_people", 45},
          {"poverty_mechanism", "解决贫困户住房安全问题，带动贫困人口12户45人"},
          {"hotline", "监督电话：12317，泗顶镇0772-8123456"}};
}

json contents_of(const json& body) {
  json out = json::object();
  for (const auto& k : kContentKeys) {
    if (body.contains(k)) out[k] = body[k];
  }
  return out;
}

int64_t id_of(const HttpResponse& r) {
  auto j = r.json();
  if (!j.is_object() || !j.contains("id") || !j["id"].is_number_integer()) return -1;
  return j["id"].get<int64_t>();
}

size_t notice_count(const Api& who, int64_t item) {
  auto r = who.get(notices_path(item));
  auto j = r.json();
  if (r.status != 200 || !j.is_object() || !j["notices"].is_array()) return 9999;
  return j["notices"].size();
}

json audit_head(const DemoEnv& env) { return env.supervisor().get("/api/v1/audit/head").json(); }

// Keys that must never reach the public, anywhere in the document.
void private_keys(const json& j, const std::string& path, std::vector<std::string>& found) {
  static const std::set<std::string> kPrivate = {
      "posted_by", "actor_id", "actor", "payee", "payee_account", "voucher_no", "token",
      "raised_by", "resolved_by", "created_by", "position", "latitude_e6", "longitude_e6",
      "uploaded_by"};
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      if (kPrivate.contains(key)) found.push_back(path + "." + key);
      if (key == "objections" && value.is_array()) found.push_back(path + ".objections[]");
      private_keys(value, path + "." + key, found);
    }
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) private_keys(j[i], path + "[" + std::to_string(i) + "]", found);
  }
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A 吉照村 housing_repair item with an allocation and a disbursement (with a payee and account,
// which the public must never see). Returns {item id, fund id}.
std::pair<int64_t, int64_t> funded_item(const DemoEnv& env) {
  auto fund = env.finance().post_json("/api/v1/funds", {{"name", kFundName},
                                                         {"source", "central"},
                                                         {"doc_no", "桂财农〔2019〕7号"},
                                                         {"year", 2019},
                                                         {"amount_fen", 100'000'000}});
  EXPECT_EQ(fund.status, 201) << fund.body;
  auto item = env.create_item(env.township_manager(), "housing_repair", "吉照村危房改造（公示测试）",
                              "吉照村", {{"applicant", "户主"}, {"household_id", "JZ-9"}});
  EXPECT_TRUE(item.is_object());
  if (fund.status != 201 || !item.is_object()) return {-1, -1};
  const int64_t item_id = item["id"].get<int64_t>();
  const int64_t fund_id = id_of(fund);
  auto alloc = env.finance().post_json(item_path(item_id) + "/allocations",
                                       {{"fund_id", fund_id}, {"amount_fen", 3'500'000}});
  EXPECT_EQ(alloc.status, 201) << alloc.body;
  auto paid = env.finance().post_json(item_path(item_id) + "/disbursements",
                                      {{"amount_fen", 1'000'000},
                                       {"payee", kPayee},
                                       {"payee_account", kPayeeAccount},
                                       {"voucher_no", kVoucher}},
                                      {{"Idempotency-Key", "notice-test-pay-1"}});
  EXPECT_EQ(paid.status, 201) << paid.body;
  return {item_id, fund_id};
}

// Stops the demo server and starts another on the same database at a later `now`.
std::unique_ptr<ServerProcess> restart_at(DemoEnv& env, const std::string& now) {
  EXPECT_EQ(env.stop_server(), 0);
  ServerProcess::Options o;
  o.db = env.db();
  o.now = now;
  o.log_dir = env.dir().path();
  CommandResult failure;
  auto server = ServerProcess::start(o, &failure);
  EXPECT_TRUE(server) << "serve --now " << now << " did not start: " << failure.err;
  return server;
}

void expect_cli_verify(const DemoEnv& env) {
  auto cli = run_taizhang({"audit", "verify", "--db", env.db()});
  EXPECT_EQ(cli.exit_code, 0) << cli.out << cli.err;
}

// ---------------------------------------------------------------------------------------------

TEST(Notices, PostValidateAndReadWithoutLogin) {
  DemoEnv env;
  auto [item, fund] = funded_item(env);
  ASSERT_GT(item, 0);
  Api manager = env.township_manager();

  const json body = notice_body("吉照村2019年危房改造项目");
  auto posted = manager.post_json(notices_path(item), body);
  ASSERT_EQ(posted.status, 201) << posted.body;
  auto n = posted.json();
  const int64_t id = id_of(posted);
  auto head = audit_head(env);
  EXPECT_EQ(n["item_id"], item);
  EXPECT_EQ(n["org_name"], "吉照村");
  EXPECT_EQ(n["level"], "village");
  EXPECT_EQ(n["level_name"], "村级");
  EXPECT_EQ(n["phase"], "before");
  EXPECT_EQ(n["phase_name"], "事前公示");
  EXPECT_EQ(n["posted_on"], "2019-03-15");
  EXPECT_EQ(n["period_days"], 10);
  EXPECT_EQ(n["ends_on"], "2019-03-24");
  EXPECT_EQ(n["status"], "active");
  EXPECT_EQ(n["contents"], contents_of(body));
  EXPECT_EQ(n["objections_open"], 0);
  EXPECT_EQ(n["objections_resolved"], 0);
  EXPECT_TRUE(n.contains("posted_at"));
  EXPECT_EQ(n["audit"]["seq"], head["seq"]) << "the notice's audit record is the head after it";
  EXPECT_EQ(n["audit"]["hash"], head["hash"]);
  // The funding, as the ledger stood when it was posted.
  EXPECT_EQ(n["funding"]["allocated_fen"], 3'500'000);
  EXPECT_EQ(n["funding"]["disbursed_fen"], 1'000'000);
  ASSERT_EQ(n["funding"]["sources"].size(), 1u) << n.dump();
  auto src = n["funding"]["sources"][0];
  EXPECT_EQ(src["fund_id"], fund);
  EXPECT_EQ(src["name"], kFundName);
  EXPECT_EQ(src["source"], "central");
  EXPECT_EQ(src["source_name"], "中央财政专项扶贫资金");
  EXPECT_EQ(src["doc_no"], "桂财农〔2019〕7号");
  EXPECT_EQ(src["year"], 2019);
  EXPECT_EQ(src["allocated_fen"], 3'500'000);
  EXPECT_EQ(src["disbursed_fen"], 1'000'000);

  auto listed = manager.get(notices_path(item));
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(listed.json()["notices"].size(), 1u);
  EXPECT_EQ(listed.json()["notices"][0]["id"], id);
  auto one = env.supervisor().get(notice_path(id));
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_TRUE(one.json()["objections"].is_array() && one.json()["objections"].empty()) << one.body;
  EXPECT_EQ(one.json()["audit"], n["audit"]);

  // period_days defaults to 10.
  json no_period = notice_body("吉照村2019年危房改造项目（默认公示期）");
  no_period.erase("period_days");
  auto defaulted = manager.post_json(notices_path(item), no_period);
  ASSERT_EQ(defaulted.status, 201) << defaulted.body;
  EXPECT_EQ(defaulted.json()["period_days"], 10);
  EXPECT_EQ(defaulted.json()["ends_on"], "2019-03-24");

  // Invalid notices: 400 naming the field(s); nothing is posted.
  const int64_t seq = env.audit_seq();
  const size_t count = notice_count(manager, item);
  ASSERT_EQ(count, 2u);
  {
    json missing = notice_body("缺项");
    const std::vector<std::string> gone = {"project_name", "location", "hotline",
                                           "beneficiary_people", "subsidy_standard"};
    for (const auto& k : gone) missing.erase(k);
    auto r = manager.post_json(notices_path(item), missing);
    ASSERT_TRUE(IsProblem(r, 400, "invalid_field"));
    auto j = r.json();
    std::set<std::string> listed_fields;
    for (const auto& f : array_at(j, "fields")) listed_fields.insert(f.get<std::string>());
    EXPECT_EQ(listed_fields, std::set<std::string>(gone.begin(), gone.end())) << r.body;
    EXPECT_TRUE(listed_fields.contains(j.value("field", ""))) << r.body;
  }
  auto invalid = [&](const std::string& key, const json& value, const std::string& field) {
    json b = notice_body("校验测试");
    b[key] = value;
    SCOPED_TRACE(key + " = " + value.dump());
    EXPECT_TRUE(IsInvalidField(manager.post_json(notices_path(item), b), field));
  };
  invalid("hotline", "泗顶镇0772-8123456", "hotline");
  invalid("hotline", "12317", "hotline");
  invalid("posted_on", "2019-03-16", "posted_on");
  invalid("posted_on", "2020-01-01", "posted_on");
  invalid("posted_on", "2019-3-1", "posted_on");
  invalid("period_days", 6, "period_days");  // 村级公示 of a housing repair: at least 7 days
  invalid("period_working_days", 0, "period_working_days");
  invalid("period_working_days", 91, "period_working_days");
  invalid("period_working_days", 7, "period_working_days");  // with period_days: not both
  invalid("period_days", 0, "period_days");
  invalid("period_days", 91, "period_days");
  invalid("period_days", "10", "period_days");
  invalid("period_days", 10.5, "period_days");
  invalid("level", "city", "level");
  invalid("phase", "during", "phase");
  invalid("beneficiary_households", -1, "beneficiary_households");
  invalid("beneficiary_people", "45", "beneficiary_people");
  invalid("project_name", "", "project_name");
  invalid("posted_by", 1, "posted_by");
  invalid("audit", json{{"seq", 1}}, "audit");
  // Roles and scope.
  EXPECT_TRUE(IsProblem(env.supervisor().post_json(notices_path(item), notice_body("督查不能发")),
                        403, "forbidden"));
  auto matian = env.create_item(manager, "road", "马田村通屯道路（公示范围测试）", "马田村",
                                {{"length_m", 1800}});
  ASSERT_TRUE(matian.is_object());
  const int64_t seq_before_scope = env.audit_seq();
  // Another unit's item answers as an absent one; the attempt is recorded.
  EXPECT_TRUE(IsProblem(env.village_manager().post_json(notices_path(matian["id"].get<int64_t>()),
                                                        notice_body("越权公示")),
                        404, "not_found"));
  EXPECT_TRUE(IsProblem(env.anonymous().post_json(notices_path(item), notice_body("匿名")), 401,
                        "unauthenticated"));
  EXPECT_EQ(env.audit_seq(), seq_before_scope + 1) << "the refused attempt, and nothing else";
  EXPECT_EQ(env.audit_seq(), seq + 2) << "only the 马田村 item was created";
  EXPECT_EQ(notice_count(manager, item), count);

  // Public, without any Authorization header.
  Api anon = env.anonymous();
  auto pub_list = anon.get("/public/notices");
  ASSERT_EQ(pub_list.status, 200) << pub_list.body;
  std::set<int64_t> public_ids;
  for (const auto& p : array_at(pub_list.json(), "notices")) public_ids.insert(p.value("id", int64_t{-1}));
  EXPECT_TRUE(public_ids.contains(id)) << pub_list.body;
  std::vector<std::string> leaks;
  private_keys(pub_list.json(), "$", leaks);
  EXPECT_TRUE(leaks.empty()) << ::testing::PrintToString(leaks);
  auto in_village = anon.get("/public/notices?org=" + url_encode("吉照村") + "&state=all");
  ASSERT_EQ(in_village.status, 200) << in_village.body;
  bool seen = false;
  for (const auto& p : array_at(in_village.json(), "notices")) seen |= p.value("id", int64_t{-1}) == id;
  EXPECT_TRUE(seen) << in_village.body;
  auto elsewhere = anon.get("/public/notices?org=" + url_encode("马田村") + "&state=all");
  ASSERT_EQ(elsewhere.status, 200) << elsewhere.body;
  for (const auto& p : array_at(elsewhere.json(), "notices")) EXPECT_NE(p.value("id", int64_t{-1}), id);

  // Paging: limit=1 gives a next_cursor that `cursor` takes.
  auto page1 = anon.get("/public/notices?state=all&limit=1");
  ASSERT_EQ(page1.status, 200) << page1.body;
  auto p1 = page1.json();
  ASSERT_EQ(array_at(p1, "notices").size(), 1u) << page1.body;
  ASSERT_TRUE(p1.contains("next_cursor") && p1["next_cursor"].is_string()) << page1.body;
  {
    auto page2 = anon.get("/public/notices?state=all&limit=1&cursor=" +
                          url_encode(p1["next_cursor"].get<std::string>()));
    ASSERT_EQ(page2.status, 200) << page2.body;
    auto p2 = page2.json();
    ASSERT_EQ(array_at(p2, "notices").size(), 1u) << page2.body;
    EXPECT_NE(p2["notices"][0]["id"], p1["notices"][0]["id"]) << "`cursor` was not applied";
  }

  auto pub = anon.get(public_path(id));
  ASSERT_EQ(pub.status, 200) << pub.body;
  auto pj = pub.json();
  ASSERT_TRUE(pj.is_object()) << pub.body;
  leaks.clear();
  private_keys(pj, "$", leaks);
  EXPECT_TRUE(leaks.empty()) << ::testing::PrintToString(leaks) << " in " << pub.body;
  for (const char* secret : {kPayee, kPayeeAccount, kVoucher}) {
    EXPECT_FALSE(contains(pub.body, secret)) << secret << " in " << pub.body;
    EXPECT_FALSE(contains(pub_list.body, secret)) << secret << " in the public list";
  }
  EXPECT_EQ(pj["contents"], contents_of(body));
  EXPECT_EQ(pj["audit"], n["audit"]);
  EXPECT_EQ(pj["status"], "active");

  auto html = anon.get(public_path(id) + ".html");
  ASSERT_EQ(html.status, 200) << html.body;
  const std::string type = lower(html.header("content-type").value_or(""));
  EXPECT_TRUE(type.starts_with("text/html")) << type;
  EXPECT_TRUE(contains(type, "charset=utf-8")) << type;
  EXPECT_TRUE(contains(html.body, "吉照村2019年危房改造项目"));
  EXPECT_TRUE(contains(html.body, std::to_string(n["audit"]["seq"].get<int64_t>())));
  EXPECT_TRUE(contains(html.body, n["audit"]["hash"].get<std::string>()));
  EXPECT_TRUE(contains(html.body, "资金来源"));
  EXPECT_TRUE(contains(html.body, kFundName));
  EXPECT_TRUE(contains(html.body, "12317"));
  for (const char* secret : {kPayee, kPayeeAccount, kVoucher}) {
    EXPECT_FALSE(contains(html.body, secret)) << secret << " in the HTML";
  }
  EXPECT_EQ(anon.get("/public/notices/99999999").status, 404);
  EXPECT_EQ(anon.get("/public/notices/99999999.html").status, 404);

  // Finance may post too.
  EXPECT_EQ(env.finance().post_json(notices_path(item), notice_body("财务发布的公示")).status, 201);

  ASSERT_EQ(env.stop_server(), 0);
  expect_cli_verify(env);
}

TEST(Notices, HtmlEscapesEverythingItShows) {
  DemoEnv env;
  auto item = env.create_item(env.township_manager(), "road", "马田村通屯道路（转义测试）", "马田村",
                              {{"length_m", 1800}});
  ASSERT_TRUE(item.is_object());
  const int64_t item_id = item["id"].get<int64_t>();
  json body = notice_body("马田村道路<script>alert(1)</script>");
  body["location"] = "泗顶镇马田村\"><img src=x onerror=alert(1)>";
  body["content"] =
      "=HYPERLINK(\"http://evil\",\"x\")\r\n第二行\"><img src=x onerror=alert(1)>\r\n"
      "第三行<script>alert(2)</script>";
  body["implementer"] = "<b onmouseover=alert(3)>马田村民委员会</b>";
  body["performance_target"] = "'; DROP TABLE notices;-- &amp; &";
  auto posted = env.township_manager().post_json(notices_path(item_id), body);
  ASSERT_EQ(posted.status, 201) << posted.body;
  const int64_t id = id_of(posted);
  // Stored and served verbatim as data.
  EXPECT_EQ(env.supervisor().get(notice_path(id)).json()["contents"], contents_of(body));
  auto pub = env.anonymous().get(public_path(id));
  ASSERT_EQ(pub.status, 200) << pub.body;
  EXPECT_EQ(pub.json()["contents"], contents_of(body));

  auto html = env.anonymous().get(public_path(id) + ".html");
  ASSERT_EQ(html.status, 200) << html.body;
  const std::string page = lower(html.body);
  EXPECT_FALSE(contains(page, "<script")) << html.body;
  EXPECT_FALSE(contains(page, "<img")) << html.body;
  EXPECT_FALSE(contains(page, "<b onmouseover")) << html.body;
  EXPECT_TRUE(contains(html.body, "&lt;script&gt;")) << html.body;
  EXPECT_TRUE(contains(html.body, "马田村道路&lt;script&gt;alert(1)&lt;/script&gt;")) << html.body;
  EXPECT_TRUE(contains(html.body, "&amp;amp;")) << "an entity in the text must be escaped again";

  ASSERT_EQ(env.stop_server(), 0);
  expect_cli_verify(env);
}

TEST(Notices, AnOpenObjectionKeepsTheNoticeFromPassing) {
  DemoEnv env;
  Api manager = env.township_manager();
  auto item = env.create_item(manager, "housing_repair", "吉照村危房改造（异议测试）", "吉照村",
                              {{"applicant", "户主"}, {"household_id", "JZ-9"}});
  ASSERT_TRUE(item.is_object());
  const int64_t item_id = item["id"].get<int64_t>();
  auto a = manager.post_json(notices_path(item_id), notice_body("有异议的公示"));
  auto b = manager.post_json(notices_path(item_id), notice_body("无异议的公示"));
  ASSERT_EQ(a.status, 201) << a.body;
  ASSERT_EQ(b.status, 201) << b.body;
  const int64_t a_id = id_of(a), b_id = id_of(b);

  const std::string complaint = "公示名单中第3户家庭有财政供养人员，不符合条件";
  const int64_t seq = env.audit_seq();
  EXPECT_TRUE(IsInvalidField(manager.post_json(notice_path(a_id) + "/objections",
                                               {{"content", "早于公示"}, {"raised_on", "2019-03-01"}}),
                             "raised_on"));
  EXPECT_TRUE(IsInvalidField(manager.post_json(notice_path(a_id) + "/objections",
                                               {{"content", "晚于公示期"}, {"raised_on", "2019-03-25"}}),
                             "raised_on"));
  EXPECT_TRUE(IsInvalidField(manager.post_json(notice_path(a_id) + "/objections",
                                               {{"channel", "12317"}}),
                             "content"));
  EXPECT_EQ(env.audit_seq(), seq);
  auto raised = manager.post_json(notice_path(a_id) + "/objections",
                                  {{"content", complaint}, {"channel", "12317"}});
  ASSERT_EQ(raised.status, 201) << raised.body;
  auto o = raised.json();
  const int64_t objection = id_of(raised);
  EXPECT_EQ(o["notice_id"], a_id);
  EXPECT_EQ(o["state"], "open");
  EXPECT_EQ(o["raised_on"], "2019-03-15");
  EXPECT_EQ(o["channel"], "12317");
  EXPECT_EQ(o["content"], complaint);

  auto now_a = manager.get(notice_path(a_id)).json();
  EXPECT_EQ(now_a["objections_open"], 1);
  EXPECT_EQ(now_a["status"], "active");
  ASSERT_EQ(now_a["objections"].size(), 1u) << now_a.dump();
  EXPECT_EQ(now_a["objections"][0]["id"], objection);
  // The public sees a count, not the objection.
  auto pub = env.anonymous().get(public_path(a_id));
  ASSERT_EQ(pub.status, 200) << pub.body;
  EXPECT_EQ(pub.json()["objections_open"], 1);
  EXPECT_FALSE(contains(pub.body, complaint)) << pub.body;
  std::vector<std::string> leaks;
  private_keys(pub.json(), "$", leaks);
  EXPECT_TRUE(leaks.empty()) << ::testing::PrintToString(leaks);

  // After the period: the notice with the open objection is held, the other has passed.
  auto later = restart_at(env, "2019-04-30T09:00:00+08:00");
  ASSERT_TRUE(later);
  Api mgr(later->port(), env.token("镇项目负责人"));
  Api anon(later->port(), "");
  EXPECT_EQ(mgr.get(notice_path(a_id)).json()["status"], "objection_open");
  EXPECT_EQ(mgr.get(notice_path(b_id)).json()["status"], "passed");
  EXPECT_EQ(anon.get(public_path(a_id)).json()["status"], "objection_open");
  auto all = anon.get("/public/notices?state=all&org=" + url_encode("吉照村"));
  ASSERT_EQ(all.status, 200) << all.body;
  std::set<int64_t> ids;
  for (const auto& p : array_at(all.json(), "notices")) ids.insert(p.value("id", int64_t{-1}));
  EXPECT_TRUE(ids.contains(a_id) && ids.contains(b_id)) << all.body;
  auto active = anon.get("/public/notices?org=" + url_encode("吉照村"));
  ASSERT_EQ(active.status, 200) << active.body;
  for (const auto& p : array_at(active.json(), "notices")) EXPECT_NE(p.value("id", int64_t{-1}), b_id);

  // Resolve: the notice passes. Resolving again is a conflict.
  const std::string resolution = "经核实，该户已于2018年退出财政供养，符合条件，公示无误";
  auto resolved = mgr.post_json("/api/v1/objections/" + std::to_string(objection) + "/resolve",
                                {{"resolution", resolution}});
  ASSERT_EQ(resolved.status, 200) << resolved.body;
  EXPECT_EQ(resolved.json()["state"], "resolved");
  EXPECT_EQ(resolved.json()["resolution"], resolution);
  EXPECT_TRUE(resolved.json().contains("resolved_at"));
  auto passed = mgr.get(notice_path(a_id)).json();
  EXPECT_EQ(passed["status"], "passed");
  EXPECT_EQ(passed["objections_open"], 0);
  EXPECT_EQ(passed["objections_resolved"], 1);
  EXPECT_EQ(anon.get(public_path(a_id)).json()["status"], "passed");
  EXPECT_TRUE(IsProblem(mgr.post_json("/api/v1/objections/" + std::to_string(objection) + "/resolve",
                                      {{"resolution", "再次处理"}}),
                        409, "conflict"));
  EXPECT_EQ(mgr.post_json("/api/v1/objections/99999999/resolve", {{"resolution", "无"}}).status, 404);

  later->terminate();
  EXPECT_EQ(later->wait(), 0);
  expect_cli_verify(env);
}

TEST(Notices, SubmitTownshipWaitsForAPassedBeforeNotice) {
  DemoEnv env;
  Api manager = env.township_manager();
  auto item = env.create_item(manager, "road", "马田村通屯道路（公示守卫测试）", "马田村",
                              {{"length_m", 1800}});
  ASSERT_TRUE(item.is_object());
  const int64_t id = item["id"].get<int64_t>();
  auto moved = manager.post_json(transitions_path(id), {{"action", "publish_notice"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  ASSERT_EQ(moved.json()["stage"], "village_notice");

  auto blocked = [&](const std::string& why) {
    SCOPED_TRACE(why);
    const auto before = env.get_item(id);
    auto r = manager.post_json(transitions_path(id), {{"action", "submit_township"}});
    EXPECT_TRUE(IsProblem(r, 422, "guard_failed"));
    bool named = false;
    for (const auto& b : array_at(r.json(), "blocked_by")) {
      named |= b.value("guard", "") == "notice_passed:before";
    }
    EXPECT_TRUE(named) << r.body;
    EXPECT_EQ(env.get_item(id), before);
  };
  blocked("no notice at all");
  auto matian_notice = [&](const std::string& posted_on, const std::string& phase) {
    json b = notice_body("马田村通屯道路硬化", posted_on, phase);
    b["location"] = "泗顶镇马田村";
    auto r = manager.post_json(notices_path(id), b);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json();
  };
  auto after_notice = matian_notice("2019-03-01", "after");
  EXPECT_EQ(after_notice["status"], "passed");
  blocked("only an after-notice has passed");
  auto current = matian_notice("2019-03-15", "before");
  EXPECT_EQ(current["status"], "active");
  blocked("the before-notice is still on the board");
  // The item's actions say why, too.
  auto actions = manager.get(item_path(id)).json()["actions"];
  for (const auto& a : actions) {
    if (a.value("action", "") != "submit_township") continue;
    EXPECT_EQ(a["allowed"], false);
    bool named = false;
    for (const auto& b : a["blocked_by"]) named |= b.value("guard", "") == "notice_passed:before";
    EXPECT_TRUE(named) << a.dump();
  }

  auto passed = matian_notice("2019-03-01", "before");
  EXPECT_EQ(passed["ends_on"], "2019-03-10");
  EXPECT_EQ(passed["status"], "passed");
  auto ok = manager.post_json(transitions_path(id), {{"action", "submit_township"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json()["stage"], "township_review");

  ASSERT_EQ(env.stop_server(), 0);
  expect_cli_verify(env);
}

}  // namespace
}  // namespace e2e
