// Deadlines and plan import over real HTTP: reading an expression, an item's own deadline, a
// bad expression that changes nothing, and importing a plan twice.
#include <gtest/gtest.h>

#include "checks.h"
#include "harness.h"

namespace e2e {
namespace {

TEST(DeadlinesApi, ReadsThePlansOwnWords) {
  DemoEnv env;
  auto r = env.finance().post_json("/api/v1/deadlines/parse",
                                   {{"text", "（时间节点：2019年2月下旬-3月中旬）"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  EXPECT_EQ(j["kind"], "span");
  EXPECT_EQ(j["start_on"], "2019-02-21");
  EXPECT_EQ(j["due_on"], "2019-03-20");
  // National Day 2019: 9-29 (Sunday) is a make-up working day, 10-01..10-07 are not.
  auto w = env.finance().post_json("/api/v1/deadlines/parse",
                                   {{"text", "5个工作日内"}, {"anchor", "2019-09-27"}});
  ASSERT_EQ(w.status, 200) << w.body;
  EXPECT_EQ(w.json()["due_on"], "2019-10-10");
}

TEST(DeadlinesApi, ReadsTheTimeInsideASentenceAndRefusesTwoDeadlines) {
  DemoEnv env;
  auto r = env.finance().post_json("/api/v1/deadlines/parse",
                                   {{"text", "请于2019年7月31日前报送镇扶贫站"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = r.json();
  EXPECT_EQ(j["due_on"], "2019-07-31");
  EXPECT_EQ(j["matched"]["text"], "于2019年7月31日前");
  EXPECT_EQ(j["matched"]["start"], 1);  // characters, not bytes
  EXPECT_EQ(j["matched"]["end"], 13);
  EXPECT_EQ(j["words"], "请报送镇扶贫站");
  auto two = env.finance().post_json(
      "/api/v1/deadlines/parse",
      {{"text", "7月底前全面完成，9月底前全部搬迁入住"}, {"ref", "2019-01-01"}});
  EXPECT_TRUE(IsProblem(two, 422, "several_deadlines")) << two.body;
  EXPECT_NE(two.body.find("9月底前"), std::string::npos) << two.body;
  auto event = env.finance().post_json("/api/v1/deadlines/parse",
                                       {{"text", "接到通知后3个工作日内上报"}});
  EXPECT_TRUE(IsInvalidField(event, "text")) << event.body;
  EXPECT_NE(event.body.find("接到通知"), std::string::npos) << event.body;
}

TEST(DeadlinesApi, UnreadableTextIsAnErrorNeverAGuess) {
  DemoEnv env;
  for (const char* text : {"13月底前", "2月30日前", "2019年9—2月", "2018224日至630日"}) {
    auto r = env.finance().post_json("/api/v1/deadlines/parse", {{"text", text}});
    EXPECT_TRUE(IsInvalidField(r, "text")) << text;
  }
  EXPECT_TRUE(IsInvalidField(
      env.finance().post_json("/api/v1/deadlines/parse", {{"text", "15日内"}, {"anchor", "x"}}),
      "anchor"));
  EXPECT_TRUE(IsProblem(env.anonymous().post_json("/api/v1/deadlines/parse", {{"text", "年底前"}}),
                        401, "unauthenticated"));
}

TEST(DeadlinesApi, ItemsOwnDeadlineAndABadOneChangesNothing) {
  DemoEnv env;
  Api manager = env.township_manager();
  auto created = manager.post_json("/api/v1/items", {{"workflow", "plan_task"},
                                                     {"title", "八月底前完成的任务"},
                                                     {"org", "马田村"},
                                                     {"plan_year", 2019},
                                                     {"deadline", "八月底前"}});
  ASSERT_EQ(created.status, 201) << created.body;
  int64_t id = created.json()["id"];
  EXPECT_EQ(created.json()["due_on"], "2019-08-31");
  State before = state_of(env, id);
  auto bad_create = manager.post_json("/api/v1/items", {{"workflow", "plan_task"},
                                                        {"title", "坏的期限"},
                                                        {"org", "马田村"},
                                                        {"plan_year", 2019},
                                                        {"deadline", "13月底前"}});
  EXPECT_TRUE(IsInvalidField(bad_create, "deadline"));
  auto bad_move = manager.post_json(transitions_path(id),
                                    {{"action", "start"}, {"deadline", "2月30日前"}});
  EXPECT_TRUE(IsInvalidField(bad_move, "deadline"));
  EXPECT_EQ(state_of(env, id), before);
  auto moved = manager.post_json(transitions_path(id),
                                 {{"action", "start"}, {"deadline", "2019年10月"}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(moved.json()["due_on"], "2019-10-31");
  auto history = manager.get(item_path(id) + "/history").json()["history"];
  EXPECT_EQ(history.back()["due_on"], "2019-10-31");
  EXPECT_EQ(history.back()["deadline"], "2019年10月");
}

TEST(PlansApi, ImportTwiceCreatesOnceAndScopeIsChecked) {
  DemoEnv env;
  const std::string plan = read_file(std::string(TAIZHANG_SOURCE_DIR) +
                                     "/tests/data/plan_2019_excerpt.txt");
  nlohmann::json body = {{"text", plan}, {"year", 2019}, {"org", "泗顶镇"}};
  auto preview = env.township_manager().post_json("/api/v1/plans/import", body);
  ASSERT_EQ(preview.status, 200) << preview.body;
  const size_t tasks = preview.json()["tasks"].size();
  ASSERT_GT(tasks, 0u);
  EXPECT_FALSE(preview.json().contains("created"));
  const int64_t seq = env.audit_seq();
  EXPECT_TRUE(IsProblem(env.village_manager().post_json("/api/v1/plans/import",
                                                        {{"text", plan}, {"year", 2019},
                                                         {"org", "泗顶镇"}, {"commit", true}}),
                        403, "forbidden"));
  EXPECT_TRUE(IsProblem(env.finance().post_json("/api/v1/plans/import", body), 403, "forbidden"));
  EXPECT_EQ(env.audit_seq(), seq);
  body["commit"] = true;
  auto first = env.township_manager().post_json("/api/v1/plans/import", body);
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.json()["created"], tasks);
  auto second = env.township_manager().post_json("/api/v1/plans/import", body);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.json()["created"], 0);
  EXPECT_EQ(second.json()["existing"], tasks);
}

}  // namespace
}  // namespace e2e

namespace e2e {
namespace {

TEST(DeadlineCommand, PrintsJsonOrExitsTwoNamingTheProblem) {
  auto ok = run_taizhang({"deadline", "9月底前全部搬迁入住", "--ref", "2019-02-18"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  auto j = nlohmann::json::parse(ok.out);
  EXPECT_EQ(j["kind"], "by");
  EXPECT_EQ(j["due_on"], "2019-09-30");
  auto bad = run_taizhang({"deadline", "13月底前"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("13"), std::string::npos) << bad.err;
  EXPECT_TRUE(bad.out.empty());
  auto no_anchor = run_taizhang({"deadline", "竣工验收后30日内"});
  EXPECT_EQ(no_anchor.exit_code, 2);
}

TEST(ImportPlanCommand, CommitsOnceFromTheCommandLine) {
  DemoEnv env({}, false);
  const std::string plan = std::string(TAIZHANG_SOURCE_DIR) + "/tests/data/plan_2019_excerpt.txt";
  auto first = run_taizhang({"import-plan", plan, "--year", "2019", "--commit", "--db", env.db(),
                             "--org", "泗顶镇", "--as", "镇项目负责人", "--workflows",
                             kWorkflowsDir});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto created = nlohmann::json::parse(first.out)["created"].get<int>();
  EXPECT_GT(created, 0);
  auto again = run_taizhang({"import-plan", plan, "--year", "2019", "--commit", "--db", env.db(),
                             "--org", "泗顶镇", "--as", "镇项目负责人", "--workflows",
                             kWorkflowsDir});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(nlohmann::json::parse(again.out)["created"], 0);
  EXPECT_EQ(nlohmann::json::parse(again.out)["existing"], created);
  EXPECT_EQ(run_taizhang({"audit", "verify", "--db", env.db()}).exit_code, 0);
}

}  // namespace
}  // namespace e2e
