// Milestones: several deadlines in one task's words, each stored on the item, recorded reached
// by its manager, and watched by the alert scanner like a due date.
#include <gtest/gtest.h>

#include "engine/alerts/alert_commands.h"
#include "engine/plan/plan_import.h"
#include "engine/progress/milestone_commands.h"
#include "engine/verify/audit_verify.h"
#include "tests/support/engine_fixture.h"

namespace taizhang {
namespace {

class Milestones : public testing::EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    // The seed plan's 四(三)5(4): 工程7月底前全面完成, 9月底前全部搬迁入住.
    NewItem n{"plan_task", "危房改造", org("泗顶镇"), 2019, manager.user.id, std::nullopt,
              std::nullopt, nlohmann::json::object(), std::nullopt};
    n.milestones = {testing::milestone(1, "在建或新增危改户、修缮户工程全面完成", "7月底前", "2019-07-31"),
                    testing::milestone(2, "全部搬迁入住", "9月底前", "2019-09-30")};
    auto made = create(manager, n);
    ASSERT_TRUE(made) << made.error().message;
    item = made->id;
  }

  Result<WorkItem> reach(const Principal& who, int number,
                         std::optional<std::string> reached_on = std::nullopt,
                         std::optional<int64_t> if_match = std::nullopt,
                         std::string when = "2019-07-20T09:00:00+08:00") {
    MilestoneReached r{number, std::move(reached_on), if_match};
    return job<WorkItem>([&](StoreWriter& s) {
      return reach_milestone(s, who, item, r, *parse_rfc3339(when));
    });
  }

  WorkItem stored() {
    return **db_->read([&](StoreReader& s) -> Result<std::optional<WorkItem>> {
      return s.item(item);
    });
  }

  ScanReport scan(const std::string& when) {
    return *job<ScanReport>([&](StoreWriter& s) {
      return scan_alerts(s, orgs, AlertPolicy{}, *parse_rfc3339(when));
    });
  }

  std::vector<Alert> alerts(AlertState state) {
    AlertQuery q;
    q.state = state;
    q.limit = 100;
    return *db_->read([&](StoreReader& s) -> Result<std::vector<Alert>> { return s.alerts(q); });
  }

  void expect_verified() {
    auto verdict = verify_audit(*db_);
    ASSERT_TRUE(verdict);
    EXPECT_TRUE(verdict->intact) << verdict->problem;
  }

  int64_t item = 0;
};

TEST_F(Milestones, AreStoredWithTheItemWhichIsDueOnTheLast) {
  const WorkItem it = stored();
  EXPECT_EQ(it.due_on, "2019-09-30");
  ASSERT_EQ(it.milestones.size(), 2u);
  EXPECT_EQ(it.milestones[0].words, "在建或新增危改户、修缮户工程全面完成");
  EXPECT_EQ(it.milestones[0].due_on, "2019-07-31");
  EXPECT_FALSE(it.milestones[0].reached());
  EXPECT_EQ(snapshot(it)["milestones"][1]["time_expression"], "9月底前");
  expect_verified();
}

TEST_F(Milestones, BadMilestonesAreRefusedAndNothingIsCreated) {
  const AuditHead before = head();
  NewItem n{"plan_task", "危房改造", org("泗顶镇"), 2019, std::nullopt, std::nullopt,
            std::nullopt, nlohmann::json::object(), std::nullopt};
  auto refused = [&](std::vector<Milestone> ms, const std::string& field) {
    n.milestones = std::move(ms);
    auto made = create(manager, n);
    ASSERT_FALSE(made);
    EXPECT_EQ(made.error().code, ErrorCode::invalid_field);
    EXPECT_EQ(made.error().field, field) << made.error().message;
  };
  refused({testing::milestone(2, "工程全面完成", "7月底前", "2019-07-31")}, "milestones[0].number");
  refused({testing::milestone(1, " ", "7月底前", "2019-07-31")}, "milestones[0].words");
  refused({testing::milestone(1, "工程全面完成", "7月底前", "2019-07-32")}, "milestones[0].due_on");
  Milestone reached = testing::milestone(1, "工程全面完成", "7月底前", "2019-07-31");
  reached.reached_on = "2019-03-01";
  refused({reached}, "milestones[0].reached_on");
  std::vector<Milestone> many;
  for (int k = 1; k <= 17; ++k) many.push_back(testing::milestone(k, "工程", "7月底前", "2019-07-31"));
  refused(many, "milestones");
  EXPECT_EQ(head().seq, before.seq);
}

TEST_F(Milestones, ReachedOnceByTheManagerAndEveryBadRequestChangesNothing) {
  const WorkItem before = stored();
  auto refused = [&](Result<WorkItem> r, ErrorCode code) {
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, code) << r.error().message;
    EXPECT_EQ(snapshot(stored()), snapshot(before));
  };
  refused(reach(manager, 3), ErrorCode::not_found);
  refused(reach(supervisor, 1), ErrorCode::forbidden);
  refused(reach(manager, 1, "2019-07-21"), ErrorCode::invalid_field);  // after today
  refused(reach(manager, 1, "2019-03-14"), ErrorCode::invalid_field);  // before the item
  refused(reach(manager, 1, "7月20日"), ErrorCode::invalid_field);
  refused(reach(manager, 1, std::nullopt, before.version + 1), ErrorCode::version_conflict);
  Principal other_village = add_user("马田村包村干部", Role::manager, {"马田村"});
  refused(reach(other_village, 1), ErrorCode::not_found);

  auto done = reach(manager, 1, "2019-07-18", before.version);
  ASSERT_TRUE(done) << done.error().message;
  EXPECT_EQ(done->version, before.version + 1);
  EXPECT_EQ(done->milestones[0].reached_on, "2019-07-18");
  EXPECT_EQ(done->milestones[0].reached_by, manager.user.id);
  EXPECT_FALSE(done->milestones[1].reached());
  const WorkItem after = stored();
  auto again = reach(manager, 1);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  EXPECT_EQ(snapshot(stored()), snapshot(after));
  expect_verified();
}

TEST_F(Milestones, AreWatchedByTheScannerAndTheirAlertsResolveWhenReached) {
  // 2019-07-26: milestone 1 (7-31) is due soon; the item (9-30) is not.
  EXPECT_EQ(scan("2019-07-26T08:00:00+08:00").raised, 1);
  auto open = alerts(AlertState::open);
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].milestone, 1);
  EXPECT_EQ(open[0].stage, "milestone:1");
  EXPECT_EQ(open[0].due_on, "2019-07-31");
  EXPECT_EQ(open[0].level, AlertLevel::due_soon);
  EXPECT_EQ(scan("2019-07-26T09:00:00+08:00").raised, 0);  // once
  EXPECT_EQ(scan("2019-08-02T08:00:00+08:00").raised, 1);  // overdue
  // Reaching it resolves both; the scan then raises nothing more for it.
  ASSERT_TRUE(reach(manager, 1, std::nullopt, std::nullopt, "2019-08-02T10:00:00+08:00"));
  auto report = scan("2019-08-02T11:00:00+08:00");
  EXPECT_EQ(report.resolved, 2);
  EXPECT_EQ(report.raised, 0);
  EXPECT_TRUE(alerts(AlertState::open).empty());
  // Milestone 2 comes due with the item itself: one alert for each.
  EXPECT_EQ(scan("2019-09-25T08:00:00+08:00").raised, 2);
  open = alerts(AlertState::open);
  ASSERT_EQ(open.size(), 2u);
  EXPECT_NE(open[0].milestone.has_value(), open[1].milestone.has_value());
  // The scan after a write sees the same: nothing new.
  auto after_write = job<ScanReport>([&](StoreWriter& s) {
    return scan_item_alerts(s, orgs, AlertPolicy{}, {item},
                            *parse_rfc3339("2019-09-25T09:00:00+08:00"));
  });
  ASSERT_TRUE(after_write);
  EXPECT_EQ(after_write->raised, 0);
  EXPECT_EQ(after_write->resolved, 0);
  expect_verified();
}

TEST_F(Milestones, AlertsOfAClosedItemResolve) {
  EXPECT_EQ(scan("2019-08-02T08:00:00+08:00").raised, 1);  // milestone 1 found overdue
  for (const char* action : {"start", "complete", "verify"}) {
    TransitionRequest t{action, std::string("完成"), nlohmann::json::object(), std::nullopt,
                        std::nullopt};
    auto moved = job<WorkItem>([&](StoreWriter& s) {
      return transition_item(s, rules(), std::string(action) == "verify" ? supervisor : manager,
                             item, t, *parse_rfc3339("2019-08-02T09:00:00+08:00"));
    });
    ASSERT_TRUE(moved) << action << ": " << moved.error().message;
  }
  ASSERT_TRUE(stored().closed);
  EXPECT_EQ(scan("2019-08-02T10:00:00+08:00").resolved, 1);
  EXPECT_EQ(scan("2019-10-10T10:00:00+08:00").raised, 0);
  auto late = reach(manager, 2, std::nullopt, std::nullopt, "2019-10-10T10:00:00+08:00");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::conflict);
}

TEST_F(Milestones, ThePlanImportCommitsATasksMilestones) {
  auto plan = read_work_plan(
      "一、工作重点\n1.危房改造。2018年改造120户,工程7月底前全面完成,9月底前全部搬迁入住。\n"
      "2.饮水安全。请于10月31日前报送镇扶贫站。\n",
      2019, &*calendar);
  ASSERT_TRUE(plan) << plan.error().message;
  auto committed = job<ImportResult>([&](StoreWriter& s) {
    return commit_plan_tasks(s, rules(), manager, *plan, org("泗顶镇"), now);
  });
  ASSERT_TRUE(committed) << committed.error().message;
  ASSERT_EQ(committed->created_ids.size(), 2u);
  auto read = [&](int64_t id) {
    return **db_->read([&](StoreReader& s) -> Result<std::optional<WorkItem>> {
      return s.item(id);
    });
  };
  const WorkItem housing = read(committed->created_ids[0]);
  EXPECT_EQ(housing.due_on, "2019-09-30");
  ASSERT_EQ(housing.milestones.size(), 2u);
  EXPECT_EQ(housing.milestones[0].number, 1);
  EXPECT_EQ(housing.milestones[0].due_on, "2019-07-31");
  EXPECT_EQ(housing.milestones[0].time_expression, "7月底前");
  EXPECT_NE(housing.milestones[0].words.find("工程全面完成"), std::string::npos)
      << housing.milestones[0].words;
  EXPECT_EQ(housing.milestones[1].words, "全部搬迁入住");
  EXPECT_EQ(housing.milestones[1].due_on, "2019-09-30");
  // One deadline is the task's due date, not a milestone.
  const WorkItem water = read(committed->created_ids[1]);
  EXPECT_EQ(water.due_on, "2019-10-31");
  EXPECT_TRUE(water.milestones.empty());
  expect_verified();
}

}  // namespace
}  // namespace taizhang
