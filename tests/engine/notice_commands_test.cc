#include <gtest/gtest.h>

#include "engine/notice/notice_reads.h"
#include "engine/verify/audit_verify.h"
#include "tests/support/engine_fixture.h"

namespace taizhang {
namespace {

class Notices : public testing::EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    NewItem n{"road", "马田村通屯道路硬化", org("马田村"), 2019, std::nullopt, std::nullopt,
              std::nullopt, {{"length_m", 1800}}, std::nullopt};
    auto made = create(manager, n);
    ASSERT_TRUE(made) << made.error().message;
    item = made->id;
  }

  Result<Notice> post(NewNotice n, const Principal& who) {
    return job<Notice>(
        [&](StoreWriter& s) { return post_notice(s, who, NoticeRules{}, item, n, now); });
  }
  NewNotice notice(std::string posted_on = "2019-03-01") {
    return NewNotice{NoticeLevel::village, NoticePhase::before, std::move(posted_on), std::nullopt,
                     notice_contents()};
  }
  Result<Objection> object(int64_t notice_id, std::optional<std::string> on = std::nullopt) {
    NewObjection o{std::move(on), "12317", "村民反映道路走向占用耕地"};
    return job<Objection>(
        [&](StoreWriter& s) { return raise_objection(s, manager, notice_id, o, now); });
  }
  Result<Objection> resolve(int64_t objection_id) {
    return job<Objection>([&](StoreWriter& s) {
      return resolve_objection(s, manager, objection_id, "已核实，调整线路后无异议", now);
    });
  }
  bool passed() {
    return *db_->read([&](StoreReader& s) -> Result<bool> {
      return notice_passed(s, item, NoticePhase::before, "2019-03-15");
    });
  }

  int64_t item = 0;
};

TEST_F(Notices, PostedNoticeCarriesTheLedgerAsItsFunding) {
  auto fund = new_fund(100'000'000, "2019年自治区财政专项扶贫资金");
  ASSERT_TRUE(allocate_to(item, fund->id, 60'000'000));
  auto n = post(notice(), manager);
  ASSERT_TRUE(n) << n.error().message;
  EXPECT_EQ(n->ends_on, "2019-03-10");  // 10 days from 03-01, both ends on the board
  EXPECT_EQ(n->funding["allocated_fen"], 60'000'000);
  ASSERT_EQ(n->funding["sources"].size(), 1u);
  EXPECT_EQ(n->funding["sources"][0]["name"], "2019年自治区财政专项扶贫资金");
  EXPECT_EQ(n->funding["sources"][0]["doc_no"], "桂财农〔2019〕1号");
  EXPECT_GT(n->audit_seq, 0);
  EXPECT_TRUE(passed());
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict);
  EXPECT_TRUE(verdict->intact) << verdict->problem;
  EXPECT_EQ(verdict->notices_checked, 1);
}

TEST_F(Notices, EveryMissingContentIsNamedAndNothingIsPosted) {
  NewNotice n = notice();
  n.contents.erase("location");
  n.contents.erase("hotline");
  n.contents["content"] = "   ";
  AuditHead before = head();
  auto r = post(n, manager);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_field);
  EXPECT_EQ(r.error().fields, (std::vector<std::string>{"location", "content", "hotline"}));
  EXPECT_EQ(head().seq, before.seq);
}

TEST_F(Notices, HotlineNeeds12317AndALocalNumber) {
  for (const char* bad : {"0772-8123456", "12317", "请拨打12317"}) {
    NewNotice n = notice();
    n.contents["hotline"] = bad;
    auto r = post(n, manager);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "hotline");
  }
  NewNotice ok = notice();
  ok.contents["hotline"] = "12317；镇纪委 0772 8123456";
  EXPECT_TRUE(post(ok, manager));
}

TEST_F(Notices, PeriodAndDatesAreChecked) {
  NewNotice future = notice("2019-03-16");
  auto r = post(future, manager);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "posted_on");
  NewNotice short_period = notice();
  short_period.period_days = 7;
  r = post(short_period, manager);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "period_days");
  // A county that posts for 7 days sets the minimum to 7.
  auto seven = job<Notice>([&](StoreWriter& s) {
    return post_notice(s, manager, NoticeRules{7}, item, short_period, now);
  });
  EXPECT_TRUE(seven);
}

TEST_F(Notices, AnOpenObjectionHoldsTheNoticeUntilResolved) {
  auto n = post(notice(), manager);
  ASSERT_TRUE(n);
  auto late = object(n->id, "2019-03-12");  // after the period ended (03-10)
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().field, "raised_on");
  auto o = object(n->id, "2019-03-05");
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_FALSE(passed());
  ASSERT_TRUE(resolve(o->id));
  EXPECT_TRUE(passed());
  auto again = resolve(o->id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict);
  EXPECT_TRUE(verdict->intact) << verdict->problem;
}

TEST_F(Notices, ScopeAndRoleApply) {
  auto by_supervisor = post(notice(), supervisor);
  ASSERT_FALSE(by_supervisor);
  EXPECT_EQ(by_supervisor.error().code, ErrorCode::forbidden);
  auto other_village = post(notice(), village_manager);  // 吉照村's manager, 马田村's item
  ASSERT_FALSE(other_village);
  EXPECT_EQ(other_village.error().code, ErrorCode::not_found);  // as if absent
}

}  // namespace
}  // namespace taizhang
