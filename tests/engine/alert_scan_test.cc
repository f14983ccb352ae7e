#include <gtest/gtest.h>

#include "engine/alerts/alert_commands.h"
#include "engine/verify/audit_verify.h"
#include "tests/support/engine_fixture.h"

namespace taizhang {
namespace {

class AlertScan : public testing::EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    village_supervisor = add_user("吉照村督查", Role::supervisor, {"吉照村"});
    // A plan task of 吉照村 due on 2019-03-20, with the village manager responsible.
    NewItem n{"plan_task", "吉照村饮水安全排查", org("吉照村"), 2019, village_manager.user.id,
              std::nullopt, "2019-03-20", nlohmann::json::object(), std::nullopt};
    auto made = create(manager, n);
    ASSERT_TRUE(made) << made.error().message;
    item = made->id;
  }

  ScanReport scan(const std::string& when) {
    ScanReport out;
    auto r = write([&](StoreWriter& s) -> Result<nlohmann::json> {
      auto report = scan_alerts(s, orgs, AlertPolicy{}, *parse_rfc3339(when));
      if (!report) return std::unexpected(report.error());
      out = *report;
      return nlohmann::json(nullptr);
    });
    EXPECT_TRUE(r);
    return out;
  }

  std::vector<Alert> alerts(std::optional<AlertState> state = std::nullopt) {
    AlertQuery q;
    q.state = state;
    q.limit = 100;
    return *db_->read([&](StoreReader& s) -> Result<std::vector<Alert>> { return s.alerts(q); });
  }

  Principal village_supervisor;
  int64_t item = 0;
};

TEST(AlertLevels, FollowTheDueDate) {
  AlertPolicy p;  // 7 and 15 days
  EXPECT_TRUE(levels_due("2019-03-20", "2019-03-12", p).empty());
  EXPECT_EQ(levels_due("2019-03-20", "2019-03-13", p), std::vector{AlertLevel::due_soon});
  EXPECT_EQ(levels_due("2019-03-20", "2019-03-20", p), std::vector{AlertLevel::due_soon});
  EXPECT_EQ(levels_due("2019-03-20", "2019-03-21", p), std::vector{AlertLevel::overdue});
  EXPECT_EQ(levels_due("2019-03-20", "2019-04-04", p),
            (std::vector{AlertLevel::overdue, AlertLevel::escalated}));
  EXPECT_EQ(days_overdue("2019-03-20", "2019-04-04"), 15);
}

TEST_F(AlertScan, RaisesEachLevelOnceAndResolvesWhenTheItemMovesOn) {
  EXPECT_EQ(scan("2019-03-10T08:00:00+08:00").raised, 0);
  EXPECT_EQ(scan("2019-03-19T08:00:00+08:00").raised, 1);  // due_soon
  EXPECT_EQ(scan("2019-03-19T09:00:00+08:00").raised, 0);  // once
  EXPECT_EQ(scan("2019-03-25T08:00:00+08:00").raised, 1);  // overdue
  EXPECT_EQ(scan("2019-04-05T08:00:00+08:00").raised, 1);  // escalated (16 days)
  auto open = alerts(AlertState::open);
  ASSERT_EQ(open.size(), 3u);
  EXPECT_EQ(open[0].level, AlertLevel::due_soon);
  EXPECT_EQ(open[2].level, AlertLevel::escalated);
  TransitionRequest start{"start", std::nullopt, nlohmann::json::object(), std::nullopt,
                          std::nullopt};
  ASSERT_TRUE(move(manager, item, start));
  auto report = scan("2019-04-05T09:00:00+08:00");
  EXPECT_EQ(report.resolved, 3);
  EXPECT_EQ(alerts(AlertState::resolved).size(), 3u);
  // The task is still late in its new stage: that visit is watched afresh, and an item found
  // already overdue is not told it is due soon.
  EXPECT_EQ(report.raised, 2);
  for (const auto& a : alerts(AlertState::open)) {
    EXPECT_EQ(a.stage, "in_progress");
    EXPECT_NE(a.level, AlertLevel::due_soon);
  }
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict);
  EXPECT_TRUE(verdict->intact) << verdict->problem;
}

// A scan with much to do runs as short jobs (the server's scanner): each job stops at its limit
// between two items or alerts and the next goes on from its cursor, so the jobs together raise
// and resolve exactly what one scan does, each once, and the cursor is back at the start after.
TEST_F(AlertScan, AScanInJobsGoesOnFromItsCursorAndDoesWhatOneScanDoes) {
  std::vector<int64_t> items{item};
  for (int k = 0; k < 6; ++k) {
    NewItem n{"plan_task", "吉照村排查 " + std::to_string(k), org("吉照村"), 2019,
              village_manager.user.id, std::nullopt, "2019-03-" + std::to_string(11 + k),
              nlohmann::json::object(), std::nullopt};
    auto made = create(manager, n);
    ASSERT_TRUE(made) << made.error().message;
    items.push_back(made->id);
  }
  auto in_jobs = [&](const std::string& when, int64_t per_job, int& jobs) {
    ScanReport total;
    ScanCursor cursor;
    for (jobs = 0; jobs < 100;) {
      ScanReport step;
      ++jobs;
      auto r = write([&](StoreWriter& s) -> Result<nlohmann::json> {
        auto report = scan_alerts(s, orgs, AlertPolicy{}, *parse_rfc3339(when), per_job, cursor);
        if (!report) return std::unexpected(report.error());
        step = *report;
        return nlohmann::json(nullptr);
      });
      EXPECT_TRUE(r);
      // An item calls for at most three levels at once, and the job stops only between items.
      EXPECT_LE(step.raised + step.resolved, per_job + 2);
      total.raised += step.raised;
      total.resolved += step.resolved;
      total.items_examined += step.items_examined;
      if (step.complete) break;
    }
    EXPECT_EQ(cursor.pass, ScanCursor::Pass::left_behind);
    EXPECT_EQ(cursor.after_alert_id, 0);
    return total;
  };
  int jobs = 0;
  // Seven items, overdue by 15 to 25 days: overdue and escalated each.
  ScanReport first = in_jobs("2019-04-05T08:00:00+08:00", 3, jobs);
  EXPECT_EQ(first.raised, 14);
  EXPECT_EQ(first.items_examined, 7);
  EXPECT_EQ(jobs, 4);  // two items (four alerts) per job: the third change ends a job
  EXPECT_EQ(alerts(AlertState::open).size(), 14u);
  EXPECT_EQ(scan("2019-04-05T09:00:00+08:00").raised, 0);  // nothing left: each raised once
  // Every item moves on: the jobs resolve all fourteen, each once, and raise the new visits'.
  TransitionRequest start{"start", std::nullopt, nlohmann::json::object(), std::nullopt,
                          std::nullopt};
  for (int64_t id : items) ASSERT_TRUE(move(manager, id, start));
  ScanReport second = in_jobs("2019-04-05T10:00:00+08:00", 4, jobs);
  EXPECT_EQ(second.resolved, 14);
  EXPECT_EQ(second.raised, 14);
  EXPECT_EQ(alerts(AlertState::resolved).size(), 14u);
  EXPECT_EQ(alerts(AlertState::open).size(), 14u);
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict);
  EXPECT_TRUE(verdict->intact) << verdict->problem;
}

TEST_F(AlertScan, RoutesToTheResponsibleAndTheUnitsSupervisorsEscalationToTheTownship) {
  scan("2019-03-19T08:00:00+08:00");
  auto due_soon = alerts().at(0);
  EXPECT_EQ(due_soon.recipients,
            (std::vector<int64_t>{village_manager.user.id, village_supervisor.user.id}));
  scan("2019-04-05T08:00:00+08:00");
  auto all = alerts();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[2].recipients,
            (std::vector<int64_t>{village_manager.user.id, supervisor.user.id,
                                  village_supervisor.user.id}));
}

TEST_F(AlertScan, AckOnlyOpenAlertsAndOnlyInScope) {
  scan("2019-03-19T08:00:00+08:00");
  int64_t id = alerts().at(0).id;
  Principal outsider = add_user("马田村包村干部", Role::manager, {"马田村"});
  auto denied = write([&](StoreWriter& s) -> Result<nlohmann::json> {
    auto a = ack_alert(s, orgs, outsider, id, now);
    if (!a) return std::unexpected(a.error());
    return nlohmann::json(nullptr);
  });
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::not_found);  // as if absent
  ASSERT_TRUE(denied.error().out_of_scope);
  auto ack = [&] {
    return write([&](StoreWriter& s) -> Result<nlohmann::json> {
      auto a = ack_alert(s, orgs, village_manager, id, now);
      if (!a) return std::unexpected(a.error());
      return nlohmann::json(nullptr);
    });
  };
  ASSERT_TRUE(ack());
  auto twice = ack();
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::conflict);
  auto events = *db_->read([&](StoreReader& s) -> Result<std::vector<AlertEvent>> {
    return s.alert_events(0, std::nullopt, 100);
  });
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].event, "raised");
  EXPECT_EQ(events[1].event, "acked");
  EXPECT_EQ(events[1].alert["state"], "acked");
}

}  // namespace
}  // namespace taizhang
