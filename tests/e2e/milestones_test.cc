// A task's milestones over HTTP: a plan task whose words hold two deadlines ("7月底前全面完成…
// 9月底前全部搬迁入住") is imported with both, and one is recorded reached once, by a manager
// who can see the item. Every refusal leaves the item and the audit log as they were.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "checks.h"
#include "harness.h"

namespace e2e {
namespace {

std::string read_plan() {
  return read_file(std::string(TAIZHANG_SOURCE_DIR) + "/tests/data/plan_2019_excerpt.txt");
}

// Imports the plan excerpt and returns the id of the housing task with two milestones.
int64_t housing_task_with_milestones(DemoEnv& env) {
  auto imported = env.township_manager().post_json(
      "/api/v1/plans/import",
      {{"text", read_plan()}, {"year", 2019}, {"org", "泗顶镇"}, {"commit", true}});
  EXPECT_EQ(imported.status, 200) << imported.body;
  auto list = env.township_manager().get("/api/v1/items?limit=200&q=" + url_encode("住房保障"));
  EXPECT_EQ(list.status, 200) << list.body;
  const nlohmann::json page = list.json();  // kept: a loop over a temporary's member dangles
  for (const auto& item : page["items"]) {
    if (item["milestones"].size() == 2) return item["id"].get<int64_t>();
  }
  ADD_FAILURE() << "no imported item with two milestones: " << list.body;
  return 0;
}

TEST(MilestonesApi, ImportedTaskCarriesBothDeadlinesAndItsDueDateIsTheLast) {
  DemoEnv env;
  const int64_t id = housing_task_with_milestones(env);
  ASSERT_NE(id, 0);
  auto item = env.get_item(id);
  EXPECT_EQ(item["milestones"][0]["due_on"], "2019-07-31");
  EXPECT_EQ(item["milestones"][1]["due_on"], "2019-09-30");
  EXPECT_NE(item["milestones"][1]["words"].get<std::string>().find("搬迁入住"), std::string::npos);
  EXPECT_TRUE(item["milestones"][0]["reached_on"].is_null());
  EXPECT_FALSE(item["milestones"][0]["overdue"].get<bool>());  // the demo's today is 2019-03-15
}

TEST(MilestonesApi, RefusalsChangeNothingThenOneReachedIsRecordedOnce) {
  DemoEnv env;
  const int64_t id = housing_task_with_milestones(env);
  ASSERT_NE(id, 0);
  const std::string path = "/api/v1/items/" + std::to_string(id) + "/milestones/1/reached";
  const nlohmann::json before = env.get_item(id);
  int64_t seq = env.audit_seq();

  // The item is the township's: a village's manager is told it does not exist.
  EXPECT_TRUE(IsProblem(env.village_manager().post_json(path, nlohmann::json::object()), 404,
                        "not_found"));
  // …and the attempt is recorded, as on every route: one access.denied and nothing else.
  EXPECT_EQ(env.audit_seq(), seq + 1);
  seq = env.audit_seq();
  EXPECT_TRUE(IsProblem(env.finance().post_json(path, nlohmann::json::object()), 403, "forbidden"));
  auto manager = env.township_manager();
  EXPECT_TRUE(IsInvalidField(manager.post_json(path, {{"reached_on", "2019-13-01"}}), "reached_on"));
  EXPECT_TRUE(IsInvalidField(manager.post_json(path, {{"reached_on", "2019-03-16"}}), "reached_on"))
      << "a day after today";
  EXPECT_TRUE(IsInvalidField(manager.post_json(path, {{"reached_on", "2018-12-31"}}), "reached_on"))
      << "a day before the item was created";
  EXPECT_TRUE(IsProblem(manager.post_json(path, {{"reached", "2019-03-14"}}), 400, "invalid_field"));
  EXPECT_TRUE(IsProblem(manager.post_json(path + "?dry_run=true", nlohmann::json::object()), 400,
                        "invalid_field"));
  EXPECT_TRUE(IsProblem(manager.post_json("/api/v1/items/" + std::to_string(id) +
                                              "/milestones/3/reached",
                                          nlohmann::json::object()),
                        404, "not_found"));
  EXPECT_TRUE(IsProblem(manager.post_json(path, nlohmann::json::object(), {{"If-Match", "\"99\""}}),
                        412, "version_conflict"));
  EXPECT_EQ(env.audit_seq(), seq);
  EXPECT_EQ(env.get_item(id), before);

  auto reached = manager.post_json(path, {{"reached_on", "2019-03-15"}},
                                   {{"If-Match", "\"" + before["version"].dump() + "\""}});
  ASSERT_EQ(reached.status, 200) << reached.body;
  EXPECT_EQ(reached.json()["milestones"][0]["reached_on"], "2019-03-15");
  EXPECT_TRUE(reached.json()["milestones"][1]["reached_on"].is_null());
  EXPECT_TRUE(reached.header("etag").has_value());
  EXPECT_EQ(env.audit_seq(), seq + 1);

  // Recorded once: the second attempt is a conflict and logs nothing.
  EXPECT_TRUE(IsProblem(manager.post_json(path, nlohmann::json::object()), 409, "conflict"));
  EXPECT_EQ(env.audit_seq(), seq + 1);
  auto record = env.supervisor().get("/api/v1/audit?after=" + std::to_string(seq)).json();
  ASSERT_EQ(record["records"].size(), 1u) << record;
  EXPECT_EQ(record["records"][0]["action"], "item.milestone");
  EXPECT_EQ(record["records"][0]["after"]["milestone"]["number"], 1);
}

}  // namespace
}  // namespace e2e
