#include <gtest/gtest.h>

#include "engine/workflow/transition.h"

namespace taizhang {
namespace {

WorkflowDefinition definition() {
  auto doc = nlohmann::json::parse(R"({
    "id": "demo", "name": "示例", "description": "测试用流程", "initial": "draft",
    "stages": [{"id": "draft", "name": "起草"}, {"id": "review", "name": "审核"},
               {"id": "done", "name": "完成", "final": true}],
    "transitions": [
      {"action": "submit", "name": "提交", "from": ["draft"], "to": "review", "roles": ["manager"],
       "requires": [{"guard": "field", "field": "applicant"}]},
      {"action": "approve", "name": "通过", "from": ["review"], "to": "done",
       "roles": ["supervisor"], "requires": [{"guard": "comment"},
        {"guard": "field_at_least", "field": "income_fen", "min": 3000000,
         "min_poor_village": 4000000}]}
    ],
    "fields": [{"key": "applicant", "label": "申请人", "type": "text"},
               {"key": "income_fen", "label": "年收入", "type": "amount_fen"}]})");
  auto def = parse_workflow(doc, "demo.json", GuardRegistry::builtin());
  EXPECT_TRUE(def);
  return *def;
}

Principal person(Role role, std::optional<std::set<int64_t>> orgs = std::nullopt) {
  return Principal{User{7, "张三", role, {}, ""}, std::move(orgs)};
}

WorkItem item(std::string stage) {
  WorkItem it;
  it.id = 1;
  it.workflow = "demo";
  it.org_id = 3;
  it.stage = std::move(stage);
  it.version = 4;
  it.stage_entered_at = "2019-03-01T09:00:00.000+08:00";
  return it;
}

const TimePoint kNow = *parse_rfc3339("2019-03-15T10:00:00+08:00");
const ItemFacts kPlainItem{};
const ItemFacts kPoorVillageItem{.poor_village = true};

TEST(Transition, MovesStageMergesFieldsAndBumpsVersion) {
  auto def = definition();
  TransitionRequest req{"submit", std::nullopt, {{"applicant", "李四"}}, 4, std::nullopt};
  auto next = plan_transition(def, GuardRegistry::builtin(), item("draft"),
                              person(Role::manager), req, kPlainItem, kNow);
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_EQ(next->stage, "review");
  EXPECT_EQ(next->fields["applicant"], "李四");
  EXPECT_EQ(next->version, 5);
  EXPECT_EQ(next->stage_entered_at, "2019-03-15T10:00:00.000+08:00");
  EXPECT_FALSE(next->closed);
}

TEST(Transition, StaleIfMatchIsVersionConflict) {
  TransitionRequest req{"submit", std::nullopt, {{"applicant", "李四"}}, 3, std::nullopt};
  auto next = plan_transition(definition(), GuardRegistry::builtin(), item("draft"),
                              person(Role::manager), req, kPlainItem, kNow);
  ASSERT_FALSE(next);
  EXPECT_EQ(next.error().code, ErrorCode::version_conflict);
}

TEST(Transition, ActionNotFromThisStageIsIllegal) {
  TransitionRequest req{"approve", "同意", nlohmann::json::object(), std::nullopt, std::nullopt};
  auto next = plan_transition(definition(), GuardRegistry::builtin(), item("draft"),
                              person(Role::supervisor), req, kPlainItem, kNow);
  ASSERT_FALSE(next);
  EXPECT_EQ(next.error().code, ErrorCode::illegal_transition);
}

TEST(Transition, WrongRoleIsForbidden) {
  TransitionRequest req{"submit", std::nullopt, {{"applicant", "李四"}}, std::nullopt, std::nullopt};
  auto next = plan_transition(definition(), GuardRegistry::builtin(), item("draft"),
                              person(Role::finance), req, kPlainItem, kNow);
  ASSERT_FALSE(next);
  EXPECT_EQ(next.error().code, ErrorCode::forbidden);
}

TEST(Transition, UnitOutsideScopeIsForbidden) {
  TransitionRequest req{"submit", std::nullopt, {{"applicant", "李四"}}, std::nullopt, std::nullopt};
  auto next = plan_transition(definition(), GuardRegistry::builtin(), item("draft"),
                              person(Role::manager, std::set<int64_t>{5, 6}), req, kPlainItem, kNow);
  ASSERT_FALSE(next);
  EXPECT_EQ(next.error().code, ErrorCode::forbidden);
}

TEST(Transition, GuardsListEveryUnmetRequirement) {
  TransitionRequest req{"approve", "  ", {{"income_fen", 100}}, std::nullopt, std::nullopt};
  auto next = plan_transition(definition(), GuardRegistry::builtin(), item("review"),
                              person(Role::supervisor), req, kPlainItem, kNow);
  ASSERT_FALSE(next);
  EXPECT_EQ(next.error().code, ErrorCode::guard_failed);
  ASSERT_EQ(next.error().blocked_by.size(), 2u);
  EXPECT_EQ(next.error().blocked_by[0].guard, "comment");
  EXPECT_EQ(next.error().blocked_by[1].field, "income_fen");
}

TEST(Transition, PoorVillageThresholdIsHigher) {
  TransitionRequest req{"approve", "年度考核达标", {{"income_fen", 3500000}}, std::nullopt, std::nullopt};
  auto rules = GuardRegistry::builtin();
  auto ordinary = plan_transition(definition(), rules, item("review"), person(Role::supervisor),
                                  req, kPlainItem, kNow);
  ASSERT_TRUE(ordinary);
  EXPECT_TRUE(ordinary->closed);
  auto poor = plan_transition(definition(), rules, item("review"), person(Role::supervisor), req,
                              kPoorVillageItem, kNow);
  ASSERT_FALSE(poor);
  EXPECT_EQ(poor.error().code, ErrorCode::guard_failed);
}

TEST(Transition, DecimalThresholdFieldDoesNotCount) {
  TransitionRequest req{"approve", "ok", {{"income_fen", "5000000"}}, std::nullopt, std::nullopt};
  auto next = plan_transition(definition(), GuardRegistry::builtin(), item("review"),
                              person(Role::supervisor), req, kPlainItem, kNow);
  ASSERT_FALSE(next);
  EXPECT_EQ(next.error().blocked_by.at(0).guard, "field_at_least");
}

TEST(Transition, AvailableActionsExplainWhatBlocks) {
  auto actions = available_actions(definition(), GuardRegistry::builtin(), item("draft"),
                                   person(Role::finance), kPlainItem);
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0]["action"], "submit");
  EXPECT_FALSE(actions[0]["allowed"].get<bool>());
  ASSERT_EQ(actions[0]["blocked_by"].size(), 2u);
  EXPECT_EQ(actions[0]["blocked_by"][0]["guard"], "role");
  EXPECT_EQ(actions[0]["blocked_by"][1]["field"], "applicant");
}

}  // namespace
}  // namespace taizhang
