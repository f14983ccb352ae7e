// The happy path over real HTTP: create an item, read it, move it to its final stage, read its
// history, page through a filtered list, verify the audit chain, create a user.
#include <gtest/gtest.h>

#include <set>

#include "checks.h"
#include "harness.h"

namespace e2e {
namespace {

TEST(ApiFlow, HealthzAnswersWithoutToken) {
  DemoEnv env;
  auto r = env.anonymous().get("/healthz");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json().value("status", ""), "ok");
}

TEST(ApiFlow, PlanTaskFromCreationToVerified) {
  DemoEnv env;
  Api manager = env.village_manager();
  Api supervisor = env.supervisor();
  const int64_t seq0 = env.audit_seq();
  ASSERT_GT(seq0, 0);

  // Create.
  nlohmann::json body = {{"workflow", "plan_task"},
                         {"title", "吉照村：逐户核查安全饮水"},
                         {"org", "吉照村"},
                         {"plan_year", 2019},
                         {"due_on", "2019-06-30"},
                         {"budget_fen", 120000},
                         {"fields", {{"households", 42}, {"note", "第一批"}}}};
  auto created = manager.post_json("/api/v1/items", body);
  ASSERT_EQ(created.status, 201) << created.body;
  auto item = created.json();
  const int64_t id = item["id"].get<int64_t>();
  EXPECT_EQ(created.header("location").value_or(""), item_path(id));
  EXPECT_EQ(item["workflow"], "plan_task");
  EXPECT_EQ(item["title"], "吉照村：逐户核查安全饮水");
  EXPECT_EQ(item["org"]["name"], "吉照村");
  EXPECT_EQ(item["stage"], "not_started");
  EXPECT_EQ(item["stage_name"], "未启动");
  EXPECT_EQ(item["plan_year"], 2019);
  EXPECT_EQ(item["budget_fen"], 120000);
  EXPECT_EQ(item["due_on"], "2019-06-30");
  EXPECT_EQ(item["fields"]["households"], 42);
  EXPECT_EQ(item["fields"]["note"], "第一批");
  EXPECT_EQ(item["version"], 1);
  for (const char* key : {"workflow_version", "stage_entered_at", "overdue", "responsible",
                          "created_at", "updated_at"}) {
    EXPECT_TRUE(item.contains(key)) << key;
  }

  // Read: ETag and the caller's actions.
  auto got = manager.get(item_path(id));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.header("etag").value_or(""), "\"1\"");
  auto actions = got.json()["actions"];
  ASSERT_TRUE(actions.is_array());
  ASSERT_EQ(actions.size(), 1u) << actions.dump();
  EXPECT_EQ(actions[0]["action"], "start");
  EXPECT_EQ(actions[0]["to"], "in_progress");
  EXPECT_EQ(actions[0]["allowed"], true);
  EXPECT_TRUE(actions[0]["blocked_by"].empty());
  // The supervisor sees the same action, not allowed, and why.
  auto seen = supervisor.get(item_path(id)).json()["actions"];
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0]["allowed"], false);
  ASSERT_FALSE(seen[0]["blocked_by"].empty());
  EXPECT_EQ(seen[0]["blocked_by"][0]["guard"], "role");

  // Move through to the final stage, each time with the current ETag.
  struct Step {
    const Api* who;
    const char* action;
    const char* to;
  };
  const Step steps[] = {{&manager, "start", "in_progress"},
                        {&manager, "complete", "done"},
                        {&supervisor, "verify", "verified"}};
  std::string etag = "\"1\"";
  int64_t version = 1;
  for (const auto& step : steps) {
    auto moved = step.who->post_json(transitions_path(id),
                                     {{"action", step.action}, {"comment", "按计划推进"}},
                                     {{"If-Match", etag}});
    ASSERT_EQ(moved.status, 200) << step.action << ": " << moved.body;
    auto j = moved.json();
    EXPECT_EQ(j["stage"], step.to);
    EXPECT_EQ(j["version"], ++version);
    etag = moved.header("etag").value_or("");
    EXPECT_EQ(etag, "\"" + std::to_string(version) + "\"");
  }
  auto final_item = manager.get(item_path(id)).json();
  EXPECT_EQ(final_item["stage"], "verified");
  EXPECT_EQ(final_item["stage_name"], "已核验");
  EXPECT_EQ(final_item["closed"], true);
  EXPECT_TRUE(final_item["actions"].empty());

  // History lists creation and the three transitions, each tied to an audit record.
  auto history = manager.get(item_path(id) + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  auto h = history.json()["history"];
  ASSERT_EQ(h.size(), 4u) << h.dump();
  EXPECT_EQ(h[0]["action"], "create");
  EXPECT_EQ(h[0]["to"], "not_started");
  EXPECT_EQ(h[1]["action"], "start");
  EXPECT_EQ(h[1]["from"], "not_started");
  EXPECT_EQ(h[1]["to"], "in_progress");
  EXPECT_EQ(h[1]["comment"], "按计划推进");
  EXPECT_EQ(h[2]["action"], "complete");
  EXPECT_EQ(h[3]["action"], "verify");
  EXPECT_EQ(h[3]["to_name"], "已核验");
  std::set<int64_t> seqs;
  for (const auto& e : h) seqs.insert(e["audit_seq"].get<int64_t>());
  EXPECT_EQ(seqs.size(), 4u);
  EXPECT_EQ(env.audit_seq(), seq0 + 4);

  // The audit log holds the records; the chain verifies.
  auto audit = supervisor.get("/api/v1/audit?after=" + std::to_string(seq0));
  ASSERT_EQ(audit.status, 200) << audit.body;
  EXPECT_EQ(audit.json()["records"].size(), 4u);
  auto verify = supervisor.get("/api/v1/audit/verify");
  ASSERT_EQ(verify.status, 200) << verify.body;
  EXPECT_EQ(verify.json()["intact"], true) << verify.body;
  EXPECT_EQ(verify.json()["head"]["seq"], seq0 + 4);

  // The audit endpoints are for supervisors and admins only.
  EXPECT_TRUE(IsProblem(manager.get("/api/v1/audit/head"), 403, "forbidden"));
  EXPECT_EQ(env.admin().get("/api/v1/audit/head").status, 200);

  env.stop_server();
  auto cli = run_taizhang({"audit", "verify", "--db", env.db()});
  EXPECT_EQ(cli.exit_code, 0) << cli.out << cli.err;
}

TEST(ApiFlow, ListPaginationWithCursorWalksEveryItem) {
  DemoEnv env;
  Api manager = env.village_manager();
  std::set<int64_t> created;
  for (int i = 0; i < 5; ++i) {
    auto item = env.create_item(manager, "plan_task", "分页任务 " + std::to_string(i), "吉照村");
    ASSERT_TRUE(item.is_object());
    created.insert(item["id"].get<int64_t>());
  }
  // Noise that the filter must leave out: another workflow in the same village, and a
  // plan_task elsewhere.
  ASSERT_TRUE(env.create_item(manager, "housing_repair", "危房", "吉照村").is_object());
  ASSERT_TRUE(env.create_item(env.township_manager(), "plan_task", "马田村任务", "马田村")
                  .is_object());

  std::set<int64_t> seen;
  std::string cursor;
  int pages = 0;
  for (; pages < 20; ++pages) {
    std::string target = "/api/v1/items?org=" + url_encode("吉照村") + "&workflow=plan_task&limit=1";
    if (!cursor.empty()) target += "&cursor=" + url_encode(cursor);
    auto r = manager.get(target);
    ASSERT_EQ(r.status, 200) << r.body;
    auto j = r.json();
    ASSERT_LE(j["items"].size(), 1u);
    for (const auto& it : j["items"]) {
      EXPECT_EQ(it["workflow"], "plan_task");
      EXPECT_EQ(it["org"]["name"], "吉照村");
      EXPECT_TRUE(seen.insert(it["id"].get<int64_t>()).second) << "item listed twice";
    }
    if (j["next_cursor"].is_null()) break;
    cursor = j["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(seen, created);
  EXPECT_EQ(pages + 1, 5);

  // The stage filter.
  auto first = *created.begin();
  ASSERT_EQ(manager.post_json(transitions_path(first), {{"action", "start"}}).status, 200);
  auto r = manager.get("/api/v1/items?workflow=plan_task&stage=in_progress&limit=200");
  ASSERT_EQ(r.status, 200);
  std::set<int64_t> in_progress;
  const auto listed = r.json();
  for (const auto& it : listed["items"]) in_progress.insert(it["id"].get<int64_t>());
  EXPECT_TRUE(in_progress.contains(first));
  EXPECT_FALSE(in_progress.contains(*created.rbegin()));
}

TEST(ApiFlow, AdminCreatesUserWhoseTokenWorksOnce) {
  DemoEnv env;
  const int64_t seq0 = env.audit_seq();
  auto r = env.admin().post_json("/api/v1/users",
                                 {{"name", "新任包村干部"}, {"role", "manager"}, {"orgs", {"吉照村"}}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto j = r.json();
  ASSERT_TRUE(j.contains("token"));
  const std::string token = j["token"];
  EXPECT_GE(token.size(), 43u);  // 256 bits, base64url or hex
  EXPECT_EQ(r.header("cache-control").value_or(""), "no-store");
  EXPECT_TRUE(r.header("location").has_value());
  EXPECT_GT(env.audit_seq(), seq0);

  auto me = Api(env.port(), token).get("/api/v1/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["name"], "新任包村干部");
  EXPECT_EQ(me.json()["role"], "manager");
  ASSERT_EQ(me.json()["orgs"].size(), 1u);
  EXPECT_EQ(me.json()["orgs"][0]["name"], "吉照村");
  // The new manager works within 吉照村 only.
  EXPECT_TRUE(env.create_item(Api(env.port(), token), "plan_task", "新干部的任务", "吉照村")
                  .is_object());
  // The token is not shown anywhere again.
  auto me_again = Api(env.port(), token).get("/api/v1/me");
  EXPECT_EQ(me_again.body.find(token), std::string::npos);

  // Only an admin may create users.
  const int64_t seq1 = env.audit_seq();
  EXPECT_TRUE(IsProblem(env.township_manager().post_json(
                            "/api/v1/users", {{"name", "x"}, {"role", "admin"}}),
                        403, "forbidden"));
  EXPECT_EQ(env.audit_seq(), seq1);
}

TEST(ApiFlow, WorkflowsAndOrgsAreServed) {
  DemoEnv env;
  Api m = env.township_manager();
  auto list = m.get("/api/v1/workflows");
  ASSERT_EQ(list.status, 200) << list.body;
  auto one = m.get("/api/v1/workflows/plan_task");
  ASSERT_EQ(one.status, 200) << one.body;
  auto wf = one.json();
  ASSERT_TRUE(wf["stages"].is_array());
  ASSERT_TRUE(wf["transitions"].is_array());
  EXPECT_EQ(wf["stages"][0]["id"], "not_started");
  EXPECT_TRUE(IsProblem(m.get("/api/v1/workflows/no_such_flow"), 404, "not_found"));
  auto orgs = m.get("/api/v1/orgs");
  ASSERT_EQ(orgs.status, 200) << orgs.body;
  EXPECT_NE(orgs.body.find("吉照村"), std::string::npos);
}

TEST(ApiFlow, KeepAliveServesSeveralRequestsOnOneConnection) {
  DemoEnv env;
  Connection c(env.port());
  ASSERT_TRUE(c.connected());
  for (int i = 0; i < 5; ++i) {
    auto r = c.request("GET", "/api/v1/me", "",
                       {{"Authorization", "Bearer " + env.token("镇督查")}});
    ASSERT_TRUE(r.has_value()) << "request " << i;
    EXPECT_EQ(r->status, 200);
  }
}

}  // namespace
}  // namespace e2e
