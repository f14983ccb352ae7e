#include <gtest/gtest.h>

#include "engine/verify/audit_verify.h"
#include "tests/support/engine_fixture.h"

namespace taizhang {
namespace {

using StageDeadlines = testing::EngineFixture;

TransitionRequest act(std::string action, nlohmann::json fields = nlohmann::json::object(),
                      std::optional<std::string> comment = std::nullopt,
                      std::optional<std::string> deadline = std::nullopt) {
  return TransitionRequest{std::move(action), std::move(comment), std::move(fields), std::nullopt,
                           std::move(deadline)};
}

NewItem housing(int64_t org) {
  return NewItem{"housing_repair", "吉照村危房改造", org, 2019, std::nullopt, std::nullopt,
                 std::nullopt, {{"applicant", "户主"}, {"household_id", "JZ-1"}}, std::nullopt};
}

TEST_F(StageDeadlines, EnteringConstructionIsDueEndOfJulyOfThePlanYear) {
  auto item = create(manager, housing(org("吉照村")));
  ASSERT_TRUE(item) << item.error().message;
  EXPECT_FALSE(item->due_on);  // 农户申请 has no deadline of its own
  int64_t id = item->id;
  // The three rounds: 村级公示, 乡镇审核公示, 县级审批公示.
  for (NoticeLevel level : {NoticeLevel::village, NoticeLevel::township, NoticeLevel::county}) {
    ASSERT_TRUE(passed_notice(id, NoticePhase::before, level));
  }
  for (auto t : {act("submit_verification"), act("submit_review", {{"danger_grade", "C"}}),
                 act("pass_review"), act("submit_township"), act("township_approve"),
                 act("county_approve")}) {
    ASSERT_TRUE(move(manager, id, t));
  }
  auto building = move(manager, id, act("sign_agreement", {{"agreement_no", "XY-1"}}));
  ASSERT_TRUE(building) << building.error().message;
  EXPECT_EQ(building->due_on, "2019-07-31");
  EXPECT_EQ(building->deadline, "7月底前");
  ASSERT_TRUE(move(manager, id, act("complete_construction")));
  ASSERT_TRUE(attach(id, "completion_photo"));
  ASSERT_TRUE(attach(id, "acceptance_form"));
  auto moved_in = move(manager, id, act("accept", nlohmann::json::object(), "验收合格"));
  ASSERT_TRUE(moved_in);
  EXPECT_EQ(moved_in->due_on, "2019-09-30");
  auto history = db_->read([&](StoreReader& s) -> Result<std::vector<HistoryEntry>> {
    return s.history(id, 0, 100);
  });
  ASSERT_TRUE(history);
  EXPECT_EQ(history->back().due_on, "2019-09-30");
  EXPECT_EQ(history->back().deadline, "9月底前");
  // 补助资金拨付: "竣工验收后30日内", counted from entering the stage (2019-03-15).
  auto fund = new_fund(10'000'000);
  ASSERT_TRUE(fund);
  ASSERT_TRUE(allocate_to(id, fund->id, 1'500'000));
  auto paying = move(manager, id, act("confirm_relocation"));
  ASSERT_TRUE(paying);
  EXPECT_EQ(paying->due_on, "2019-04-14");
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict);
  EXPECT_TRUE(verdict->intact) << verdict->problem;
}

TEST_F(StageDeadlines, ItemsOwnExpressionOverridesAndCarriesThroughStages) {
  NewItem n{"plan_task", "全面落实义务教育保障政策", org("泗顶镇"), 2019, std::nullopt,
            std::nullopt, std::nullopt, nlohmann::json::object(), "（时间节点：2019年2—9月）"};
  auto item = create(manager, n);
  ASSERT_TRUE(item) << item.error().message;
  EXPECT_EQ(item->due_on, "2019-09-30");
  auto started = move(manager, item->id, act("start"));
  ASSERT_TRUE(started);
  EXPECT_EQ(started->due_on, "2019-09-30");  // 推进中 has no deadline: the task's holds
}

TEST_F(StageDeadlines, RectificationTimeLimitAsWorkingDays) {
  NewItem n{"rectification", "帮扶手册登记不全", org("上洞村"), 2019, std::nullopt,
            std::nullopt, std::nullopt, nlohmann::json::object(), std::nullopt};
  auto item = create(manager, n);
  ASSERT_TRUE(item);
  ASSERT_TRUE(move(manager, item->id, act("start_planning")));
  auto fixing = move(manager, item->id,
                     act("start_rectification",
                         {{"responsible_person", "张三"}, {"measures", "逐户补登"},
                          {"time_limit", "5个工作日内"}},
                         std::nullopt, "5个工作日内"));
  ASSERT_TRUE(fixing) << fixing.error().message;
  // Entered Friday 2019-03-15: five working days later is Friday 2019-03-22.
  EXPECT_EQ(fixing->due_on, "2019-03-22");
}

TEST_F(StageDeadlines, UnreadableExpressionChangesNothing) {
  NewItem n{"plan_task", "任务", org("泗顶镇"), 2019, std::nullopt, std::nullopt, std::nullopt,
            nlohmann::json::object(), "13月底前"};
  auto before = head();
  auto created = create(manager, n);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, ErrorCode::invalid_field);
  EXPECT_EQ(created.error().field, "deadline");
  n.deadline = std::nullopt;
  auto item = create(manager, n);
  ASSERT_TRUE(item);
  auto mid = head();
  EXPECT_EQ(mid.seq, before.seq + 1);
  auto moved = move(manager, item->id, act("start", nlohmann::json::object(), std::nullopt,
                                           "2018224日至630日"));
  ASSERT_FALSE(moved);
  EXPECT_EQ(moved.error().field, "deadline");
  EXPECT_EQ(head().seq, mid.seq);
  auto stored = db_->read([&](StoreReader& s) -> Result<std::optional<WorkItem>> {
    return s.item(item->id);
  });
  EXPECT_EQ((*stored)->stage, "not_started");
  EXPECT_EQ((*stored)->version, 1);
}

}  // namespace
}  // namespace taizhang
