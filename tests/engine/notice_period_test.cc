// Notice periods in working days, the minimum of either kind, and housing repair's three notice
// rounds (村级公示, 乡镇审核公示, 县级审批公示), each with its own minimum and its own guard.
#include <gtest/gtest.h>

#include "engine/notice/notice_reads.h"
#include "engine/verify/audit_verify.h"
#include "tests/support/engine_fixture.h"

namespace taizhang {
namespace {

class NoticePeriods : public testing::EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    auto made = create_housing_repair();
    ASSERT_TRUE(made) << made.error().message;
    item = made->id;
  }

  // The server's rules: a minimum in days or in working days, the calendar and (when
  // `with_rounds`) the workflows' own rounds.
  NoticeRules server_rules(std::optional<int> min_working_days = std::nullopt,
                           bool with_rounds = false) const {
    NoticeRules r;
    r.min_working_days = min_working_days;
    r.calendar = &*calendar;
    if (with_rounds) r.workflows = &workflows;
    return r;
  }

  NewNotice notice(std::string posted_on, std::optional<int> days,
                   std::optional<int> working_days,
                   NoticeLevel level = NoticeLevel::village) const {
    NewNotice n{level, NoticePhase::before, std::move(posted_on), days, notice_contents()};
    n.period_working_days = working_days;
    return n;
  }

  Result<Notice> post(const NewNotice& n, const NoticeRules& rules,
                      const std::string& when = "2019-03-15T09:00:00+08:00") {
    return job<Notice>([&](StoreWriter& s) {
      return post_notice(s, manager, rules, item, n, *parse_rfc3339(when));
    });
  }

  std::size_t notices_stored() {
    return db_->read([&](StoreReader& s) -> Result<std::vector<Notice>> {
                NoticeQuery q;
                q.item_id = item;
                q.limit = 100;
                return s.notices(q);
              })
        ->size();
  }

  // The refusal names `field`, and neither a notice nor an audit record was written.
  void expect_refused(const Result<Notice>& r, const std::string& field) {
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::invalid_field);
    EXPECT_EQ(r.error().field, field) << r.error().message;
    EXPECT_EQ(notices_stored(), stored_before);
    EXPECT_EQ(head().seq, head_before);
  }

  void remember() {
    stored_before = notices_stored();
    head_before = head().seq;
  }

  int64_t item = 0;
  std::size_t stored_before = 0;
  int64_t head_before = 0;
};

TEST_F(NoticePeriods, WorkingDaysAreCountedOnTheHolidayCalendar) {
  // Friday 2019-03-01 and 7个工作日: the Friday, the next week, and Monday 03-11.
  auto n = post(notice("2019-03-01", std::nullopt, 7), server_rules());
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(n->ends_on, "2019-03-11");
  EXPECT_EQ(n->period_working_days, 7);
  EXPECT_EQ(n->period_days, 11);
  EXPECT_EQ(describe(period_of(*n)), "7个工作日");
  // Posted on a Saturday, the count starts on Monday (where 5 working days are the minimum).
  auto saturday = post(notice("2019-03-02", std::nullopt, 5), server_rules(5));
  ASSERT_TRUE(saturday) << saturday.error().message;
  EXPECT_EQ(saturday->ends_on, "2019-03-08");
  // Over 国庆 2019: Friday 09-27, Sunday 09-29 (调休, a working day), Monday 09-30, then the
  // holiday to 10-07, and 10-08, 10-09.
  auto national_day = post(notice("2019-09-27", std::nullopt, 5), server_rules(),
                           "2019-10-10T09:00:00+08:00");
  ASSERT_TRUE(national_day) << national_day.error().message;
  EXPECT_EQ(national_day->ends_on, "2019-10-09");
  EXPECT_EQ(national_day->period_days, 13);
  // Stored and logged as posted: the replay finds the same notices.
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict);
  EXPECT_TRUE(verdict->intact) << verdict->problem;
}

TEST_F(NoticePeriods, BadPeriodsAreRefusedAndNothingIsPosted) {
  remember();
  expect_refused(post(notice("2019-03-01", std::nullopt, 0), server_rules()),
                 "period_working_days");
  expect_refused(post(notice("2019-03-01", std::nullopt, 91), server_rules()),
                 "period_working_days");
  expect_refused(post(notice("2019-03-01", 10, 7), server_rules()), "period_working_days");
  expect_refused(post(notice("2019-03-01", 0, std::nullopt), server_rules()), "period_days");
  // Without a calendar a count of working days cannot be made.
  NoticeRules no_calendar = server_rules();
  no_calendar.calendar = nullptr;
  expect_refused(post(notice("2019-03-01", std::nullopt, 7), no_calendar),
                 "period_working_days");
}

TEST_F(NoticePeriods, AMinimumInWorkingDaysComparesByTheDayAPeriodEnds) {
  remember();
  // 7个工作日 from Friday 03-01 end on 03-11; 10 days end on 03-10: too short under that rule.
  auto short_days = post(notice("2019-03-01", 10, std::nullopt), server_rules(7));
  expect_refused(short_days, "period_days");
  EXPECT_NE(short_days.error().message.find("7个工作日"), std::string::npos)
      << short_days.error().message;
  expect_refused(post(notice("2019-03-01", std::nullopt, 6), server_rules(7)),
                 "period_working_days");
  EXPECT_TRUE(post(notice("2019-03-01", 11, std::nullopt), server_rules(7)));
  // Given nothing, a notice runs 10 days, or the minimum, in its own kind, where that is longer.
  auto by_default = post(notice("2019-03-01", std::nullopt, std::nullopt), server_rules(7));
  ASSERT_TRUE(by_default) << by_default.error().message;
  EXPECT_EQ(by_default->period_working_days, 7);
  EXPECT_EQ(by_default->ends_on, "2019-03-11");
}

TEST_F(NoticePeriods, HousingRepairsRoundsHaveTheirOwnMinimums) {
  const NoticeRules rules = server_rules(std::nullopt, true);
  // 村级公示: at least 7 days, though the server's minimum is 10.
  auto village = post(notice("2019-03-01", 7, std::nullopt, NoticeLevel::village), rules);
  ASSERT_TRUE(village) << village.error().message;
  remember();
  auto too_short = post(notice("2019-03-01", 6, std::nullopt, NoticeLevel::township), rules);
  expect_refused(too_short, "period_days");
  EXPECT_NE(too_short.error().message.find("乡镇审核公示"), std::string::npos)
      << too_short.error().message;
  // 县级审批公示: at least 5 working days; 5 days from Friday 03-01 end on Tuesday 03-05,
  // before 5 working days do (Thursday 03-07).
  expect_refused(post(notice("2019-03-01", 5, std::nullopt, NoticeLevel::county), rules),
                 "period_days");
  auto county = post(notice("2019-03-01", std::nullopt, 5, NoticeLevel::county), rules);
  ASSERT_TRUE(county) << county.error().message;
  EXPECT_EQ(county->period_working_days, 5);
  EXPECT_EQ(county->ends_on, "2019-03-07");
  // Given no period, the usual 10 days, which is longer than the round's 5 working days.
  auto usual = post(notice("2019-03-01", std::nullopt, std::nullopt, NoticeLevel::county), rules);
  ASSERT_TRUE(usual) << usual.error().message;
  EXPECT_EQ(usual->period_days, 10);
  EXPECT_FALSE(usual->period_working_days);
  // A level the workflow declares no round for keeps the server's minimum: the road has none.
  WorkItem road_item;
  road_item.workflow = "road";
  road_item.workflow_version = 1;
  NoticeMinimum road = notice_minimum(rules, road_item, NoticeLevel::village, NoticePhase::before);
  EXPECT_EQ(road.period.count, 10);
  EXPECT_FALSE(road.period.working_days);
  EXPECT_TRUE(road.round.empty());
}

TEST_F(NoticePeriods, EachRoundsGuardNamesItsLevelInChinese) {
  auto act = [](const char* action, nlohmann::json fields = nlohmann::json::object()) {
    return TransitionRequest{action, std::nullopt, std::move(fields), std::nullopt, std::nullopt};
  };
  for (auto t : {act("submit_verification"), act("submit_review", {{"danger_grade", "C"}}),
                 act("pass_review")}) {
    ASSERT_TRUE(move(manager, item, t));
  }
  // A passed county notice does not stand for the village's.
  ASSERT_TRUE(passed_notice(item, NoticePhase::before, NoticeLevel::county));
  auto blocked = [&](const char* action, const std::string& guard, const std::string& reason) {
    auto before = *db_->read([&](StoreReader& s) -> Result<std::optional<WorkItem>> {
      return s.item(item);
    });
    auto r = move(manager, item, act(action));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::guard_failed);
    ASSERT_EQ(r.error().blocked_by.size(), 1u);
    EXPECT_EQ(r.error().blocked_by[0].guard, guard);
    EXPECT_TRUE(r.error().blocked_by[0].detail.starts_with(reason))
        << r.error().blocked_by[0].detail;
    auto after = *db_->read([&](StoreReader& s) -> Result<std::optional<WorkItem>> {
      return s.item(item);
    });
    EXPECT_EQ(snapshot(*after), snapshot(*before));
  };
  blocked("submit_township", "notice_passed:before:village", "村级公示未期满或有未处理的异议");
  ASSERT_TRUE(passed_notice(item, NoticePhase::before, NoticeLevel::village));
  ASSERT_TRUE(move(manager, item, act("submit_township")));
  blocked("township_approve", "notice_passed:before:township", "乡镇审核公示未期满");
  ASSERT_TRUE(passed_notice(item, NoticePhase::before, NoticeLevel::township));
  ASSERT_TRUE(move(manager, item, act("township_approve")));
  // The county's notice passed already.
  auto approved = move(manager, item, act("county_approve"));
  ASSERT_TRUE(approved) << approved.error().message;
  EXPECT_EQ(approved->stage, "agreement");
}

}  // namespace
}  // namespace taizhang
