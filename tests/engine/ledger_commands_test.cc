#include <gtest/gtest.h>

#include "engine/ledger/ledger_totals.h"
#include "engine/verify/audit_verify.h"
#include "engine/storage/sqlite/connection.h"
#include "tests/support/engine_fixture.h"

namespace taizhang {
namespace {

class Ledger : public testing::EngineFixture {
 protected:
  void SetUp() override {
    EngineFixture::SetUp();
    auto made = create_housing_repair();
    ASSERT_TRUE(made) << made.error().message;
    item = made->id;
  }

  NewDisbursement payment(int64_t amount, std::string key) {
    return NewDisbursement{amount, "吉照村 户主", "PZ-2019-001", std::nullopt, "6217****1234",
                           std::move(key)};
  }

  Result<DisbursementResult> pay(const Principal& who, int64_t amount, std::string key) {
    auto p = payment(amount, std::move(key));
    return job<DisbursementResult>([&](StoreWriter& s) { return disburse(s, who, item, p, now); });
  }

  Result<LedgerEntry> reverse(int64_t entry, EntryKind kind) {
    return job<LedgerEntry>([&](StoreWriter& s) {
      return reverse_entry(s, finance, entry, kind, "凭证录入错误", now);
    });
  }

  LedgerTotals totals() {
    return *db_->read([&](StoreReader& s) -> Result<LedgerTotals> { return item_totals(s, item); });
  }

  FundTotals fund_totals(int64_t fund) {
    return *db_->read([&](StoreReader& s) -> Result<FundTotals> { return s.fund_totals(fund); });
  }

  void expect_verified() {
    auto verdict = verify_audit(*db_);
    ASSERT_TRUE(verdict);
    EXPECT_TRUE(verdict->intact) << verdict->problem;
  }

  int64_t item = 0;
};

TEST_F(Ledger, AllocateDisburseReverseKeepsExactTotals) {
  auto fund = new_fund(1'000'000);
  ASSERT_TRUE(fund);
  auto a = allocate_to(item, fund->id, 600'000);
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->postings, (std::vector<Posting>{{fund->id, 600'000, 0}}));
  auto paid = pay(finance, 250'000, "pay-1");
  ASSERT_TRUE(paid) << paid.error().message;
  EXPECT_FALSE(paid->replayed);
  EXPECT_EQ(totals().allocated_fen, 600'000);
  EXPECT_EQ(totals().disbursed_fen, 250'000);
  EXPECT_EQ(fund_totals(fund->id).disbursed_fen, 250'000);
  auto back = reverse(paid->entry.id, EntryKind::disbursement);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->postings, (std::vector<Posting>{{fund->id, 0, -250'000}}));
  EXPECT_EQ(totals().disbursed_fen, 0);
  EXPECT_EQ(totals().remaining_fen(), 600'000);
  expect_verified();
}

TEST_F(Ledger, AllocationBeyondTheFundIsInsufficientFund) {
  auto fund = new_fund(1'000);
  ASSERT_TRUE(fund);
  ASSERT_TRUE(allocate_to(item, fund->id, 700));
  AuditHead before = head();
  auto over = allocate_to(item, fund->id, 301);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::insufficient_fund);
  EXPECT_EQ(head().seq, before.seq);
  EXPECT_EQ(fund_totals(fund->id).allocated_fen, 700);
  EXPECT_TRUE(allocate_to(item, fund->id, 300));  // exactly the rest is fine
}

TEST_F(Ledger, DisbursementBeyondTheAllocationIsOverAllocation) {
  auto fund = new_fund(1'000);
  ASSERT_TRUE(allocate_to(item, fund->id, 500));
  ASSERT_TRUE(pay(finance, 400, "a"));
  AuditHead before = head();
  auto over = pay(finance, 101, "b");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::over_allocation);
  EXPECT_EQ(head().seq, before.seq);
  EXPECT_EQ(totals().disbursed_fen, 400);
  // The refused key was not consumed: the same key may pay once the money is there.
  EXPECT_TRUE(pay(finance, 100, "b"));
}

TEST_F(Ledger, SameKeySameRequestPaysOnceAndReplaysTheEntry) {
  auto fund = new_fund(1'000);
  ASSERT_TRUE(allocate_to(item, fund->id, 1'000));
  auto first = pay(finance, 300, "k-1");
  ASSERT_TRUE(first);
  for (int i = 0; i < 5; ++i) {
    auto again = pay(finance, 300, "k-1");
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->replayed);
    EXPECT_EQ(again->entry.id, first->entry.id);
  }
  EXPECT_EQ(totals().disbursed_fen, 300);
}

TEST_F(Ledger, SameKeyDifferentRequestIsAConflictNamingTheDifference) {
  auto fund = new_fund(1'000);
  ASSERT_TRUE(allocate_to(item, fund->id, 1'000));
  ASSERT_TRUE(pay(finance, 300, "k-2"));
  AuditHead before = head();
  auto other = pay(finance, 301, "k-2");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::idempotency_conflict);
  EXPECT_EQ(other.error().fields, std::vector<std::string>{"amount_fen"});
  EXPECT_EQ(head().seq, before.seq);
}

TEST_F(Ledger, DisbursementDrawsOnTheOldestFundFirst) {
  auto older = new_fund(1'000, "中央资金");
  auto newer = new_fund(1'000, "县级资金");
  ASSERT_TRUE(allocate_to(item, newer->id, 500));
  ASSERT_TRUE(allocate_to(item, older->id, 200));
  auto paid = pay(finance, 600, "split");
  ASSERT_TRUE(paid) << paid.error().message;
  EXPECT_EQ(paid->entry.postings,
            (std::vector<Posting>{{older->id, 0, 200}, {newer->id, 0, 400}}));
  expect_verified();
}

TEST_F(Ledger, AnEntryIsReversedOnlyOnceAndAPaidAllocationNotAtAll) {
  auto fund = new_fund(1'000);
  auto a = allocate_to(item, fund->id, 500);
  auto paid = pay(finance, 400, "p");
  ASSERT_TRUE(reverse(paid->entry.id, EntryKind::disbursement));
  auto twice = reverse(paid->entry.id, EntryKind::disbursement);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::conflict);
  ASSERT_TRUE(pay(finance, 450, "p2"));
  auto take_back = reverse(a->id, EntryKind::allocation);
  ASSERT_FALSE(take_back);
  EXPECT_EQ(take_back.error().code, ErrorCode::over_allocation);
  // A disbursement id is not an allocation.
  auto wrong_kind = reverse(paid->entry.id, EntryKind::allocation);
  ASSERT_FALSE(wrong_kind);
  EXPECT_EQ(wrong_kind.error().code, ErrorCode::not_found);
  expect_verified();
}

TEST_F(Ledger, OnlyFinanceAndAdminWriteAndScopeHolds) {
  auto fund = new_fund(1'000);
  ASSERT_TRUE(fund);
  auto by_manager = job<LedgerEntry>([&](StoreWriter& s) {
    return allocate(s, manager, item, NewAllocation{fund->id, 100, std::nullopt}, now);
  });
  ASSERT_FALSE(by_manager);
  EXPECT_EQ(by_manager.error().code, ErrorCode::forbidden);
  Principal other_village = add_user("马田村报账员", Role::finance, {"马田村"});
  auto out_of_scope = job<LedgerEntry>([&](StoreWriter& s) {
    return allocate(s, other_village, item, NewAllocation{fund->id, 100, std::nullopt}, now);
  });
  ASSERT_FALSE(out_of_scope);
  EXPECT_EQ(out_of_scope.error().code, ErrorCode::not_found);  // as if absent
  EXPECT_EQ(out_of_scope.error().message, "no item " + std::to_string(item));
  EXPECT_EQ(fund_totals(fund->id).allocated_fen, 0);
}

TEST_F(Ledger, BadAmountsAndTextsAreRefused) {
  auto fund = new_fund(1'000);
  for (int64_t bad : {int64_t{0}, int64_t{-1}, kMaxAmountFen + 1}) {
    auto r = allocate_to(item, fund->id, bad);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "amount_fen");
  }
  auto no_payee = job<DisbursementResult>([&](StoreWriter& s) {
    auto p = payment(1, "x");
    p.payee = "  ";
    return disburse(s, finance, item, p, now);
  });
  ASSERT_FALSE(no_payee);
  EXPECT_EQ(no_payee.error().field, "payee");
  auto bad_key = pay(finance, 1, "has space");
  ASSERT_FALSE(bad_key);
  EXPECT_EQ(bad_key.error().field, "Idempotency-Key");
  EXPECT_EQ(fund_totals(fund->id).allocated_fen, 0);
}

TEST_F(Ledger, GuardsReadTheLedgerAndNotices) {
  auto fund = new_fund(1'000'000);
  // 村级公示 → 乡镇审核 needs a before-notice that has passed.
  for (auto a : {"submit_verification", "pass_review"}) {
    TransitionRequest t{a, std::nullopt, nlohmann::json::object(), std::nullopt, std::nullopt};
    if (std::string(a) == "submit_verification") {
      ASSERT_TRUE(move(manager, item, t));
      TransitionRequest review{"submit_review", std::nullopt, {{"danger_grade", "C"}},
                               std::nullopt, std::nullopt};
      ASSERT_TRUE(move(manager, item, review));
    } else {
      ASSERT_TRUE(move(manager, item, t));
    }
  }
  TransitionRequest submit{"submit_township", std::nullopt, nlohmann::json::object(),
                           std::nullopt, std::nullopt};
  auto blocked = move(manager, item, submit);
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code, ErrorCode::guard_failed);
  ASSERT_EQ(blocked.error().blocked_by.size(), 1u);
  EXPECT_EQ(blocked.error().blocked_by[0].guard, "notice_passed:before:village");
  // A notice still on the board does not pass; one whose period is over does.
  NewNotice running{NoticeLevel::village, NoticePhase::before, "2019-03-10", 10,
                    notice_contents()};
  ASSERT_TRUE(job<Notice>(
      [&](StoreWriter& s) { return post_notice(s, manager, NoticeRules{}, item, running, now); }));
  EXPECT_FALSE(move(manager, item, submit));
  ASSERT_TRUE(passed_notice(item, NoticePhase::before));
  EXPECT_TRUE(move(manager, item, submit));
  EXPECT_TRUE(fund);
}

// Editing the ledger behind the engine's back is caught: the triggers refuse UPDATE, and a row
// slipped in with plain SQL disagrees with the audit log.
TEST_F(Ledger, VerifyCatchesAPostingAddedBehindTheLog) {
  auto fund = new_fund(1'000);
  ASSERT_TRUE(allocate_to(item, fund->id, 500));
  expect_verified();
  auto other = new_fund(1'000, "县级资金");
  ASSERT_TRUE(other);
  sqlite::Connection raw(dir.file("test.db"), sqlite::Connection::Mode::read_write);
  EXPECT_THROW(raw.exec("UPDATE ledger_entries SET amount_fen = 1"), StorageFailure);
  raw.exec("INSERT INTO ledger_postings (entry_id, item_id, fund_id, allocated_fen, "
           "disbursed_fen) VALUES (1, " + std::to_string(item) + ", " +
           std::to_string(other->id) + ", 0, 100)");
  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict);
  EXPECT_FALSE(verdict->intact);
  EXPECT_NE(verdict->problem.find("fund"), std::string::npos) << verdict->problem;
}

}  // namespace
}  // namespace taizhang
