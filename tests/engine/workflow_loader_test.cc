#include <gtest/gtest.h>

#include <fstream>

#include "engine/workflow/guard.h"
#include "engine/workflow/definition.h"

namespace taizhang {
namespace {

nlohmann::json minimal() {
  return nlohmann::json::parse(R"({
    "id": "demo", "name": "示例", "description": "测试用流程", "initial": "a",
    "stages": [{"id": "a", "name": "甲"}, {"id": "b", "name": "乙", "final": true}],
    "transitions": [{"action": "go", "name": "前进", "from": ["a"], "to": "b",
                     "roles": ["manager"], "requires": [{"guard": "comment"}]}]
  })");
}

TEST(WorkflowLoader, AcceptsAValidDefinition) {
  auto def = parse_workflow(minimal(), "demo.json", GuardRegistry::builtin());
  ASSERT_TRUE(def) << def.error().message;
  EXPECT_EQ(def->initial, "a");
  ASSERT_EQ(def->transitions.size(), 1u);
  EXPECT_EQ(def->transitions[0].requires_[0].kind, "comment");
  EXPECT_TRUE(def->transitions[0].allows(Role::manager));
  EXPECT_FALSE(def->transitions[0].allows(Role::finance));
  EXPECT_EQ(def->sha256.size(), 64u);
}

TEST(WorkflowLoader, SchemaErrorNamesFileAndPath) {
  auto doc = minimal();
  doc["transitions"][0]["roles"] = {"clerk"};
  auto def = parse_workflow(doc, "demo.json", GuardRegistry::builtin());
  ASSERT_FALSE(def);
  EXPECT_NE(def.error().message.find("demo.json"), std::string::npos);
  EXPECT_NE(def.error().message.find("/transitions/0/roles"), std::string::npos)
      << def.error().message;
}

TEST(WorkflowLoader, RejectsUnknownProperty) {
  auto doc = minimal();
  doc["stages"][0]["colour"] = "red";
  auto def = parse_workflow(doc, "demo.json", GuardRegistry::builtin());
  ASSERT_FALSE(def);
  EXPECT_NE(def.error().message.find("/stages/0"), std::string::npos) << def.error().message;
}

TEST(WorkflowLoader, RejectsTransitionToUnknownStage) {
  auto doc = minimal();
  doc["transitions"][0]["to"] = "nowhere";
  auto def = parse_workflow(doc, "demo.json", GuardRegistry::builtin());
  ASSERT_FALSE(def);
  EXPECT_EQ(def.error().field, "/transitions/0/to");
}

TEST(WorkflowLoader, RejectsWayOutOfFinalStage) {
  auto doc = minimal();
  doc["transitions"].push_back(nlohmann::json::parse(
      R"({"action": "back", "name": "返回", "from": ["b"], "to": "a", "roles": ["manager"]})"));
  auto def = parse_workflow(doc, "demo.json", GuardRegistry::builtin());
  ASSERT_FALSE(def);
  EXPECT_EQ(def.error().field, "/transitions/1/from/0");
}

TEST(WorkflowLoader, RejectsUnreachableAndDeadEndStages) {
  auto doc = minimal();
  doc["stages"].push_back({{"id", "c"}, {"name", "丙"}});
  auto def = parse_workflow(doc, "demo.json", GuardRegistry::builtin());
  ASSERT_FALSE(def);
  EXPECT_NE(def.error().message.find("cannot be reached"), std::string::npos);
}

TEST(WorkflowLoader, RejectsUnknownInitialStage) {
  auto doc = minimal();
  doc["initial"] = "zzz";
  auto def = parse_workflow(doc, "demo.json", GuardRegistry::builtin());
  ASSERT_FALSE(def);
  EXPECT_EQ(def.error().field, "/initial");
}

TEST(WorkflowLoader, RejectsGuardTheRegistryDoesNotKnow) {
  GuardRegistry only_comment;
  only_comment.add("comment", Fact::none, [](const Guard&, const GuardContext&) {
    return std::optional<Blocker>{};
  });
  auto doc = minimal();
  doc["transitions"][0]["requires"] = {{{"guard", "field"}, {"field", "x"}}};
  auto def = parse_workflow(doc, "demo.json", only_comment);
  ASSERT_FALSE(def);
  EXPECT_EQ(def.error().field, "/transitions/0/requires/0/guard");
}

TEST(WorkflowLoader, LoadsTheShippedWorkflows) {
  auto defs = load_workflow_dir(TAIZHANG_SOURCE_DIR "/workflows", GuardRegistry::builtin());
  ASSERT_TRUE(defs) << defs.error().message;
  std::set<std::string> ids;
  for (const auto& d : *defs) ids.insert(d.id);
  EXPECT_EQ(ids, (std::set<std::string>{"collective_economy", "fund_disbursement",
                                        "housing_repair", "plan_task", "rectification", "road"}));
  for (const auto& d : *defs) {
    if (d.id != "housing_repair") continue;
    const Stage* build = d.stage("construction");
    ASSERT_NE(build, nullptr);
    EXPECT_EQ(build->name, "施工");
    EXPECT_EQ(build->deadline.value_or(""), "7月底前");
  }
}

TEST(WorkflowLoader, FileNameMustMatchId) {
  char dir[] = "/tmp/tz_wf_XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  std::ofstream(std::string(dir) + "/other.json") << minimal().dump();
  auto defs = load_workflow_dir(dir, GuardRegistry::builtin());
  ASSERT_FALSE(defs);
  EXPECT_NE(defs.error().message.find("other.json"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace taizhang
