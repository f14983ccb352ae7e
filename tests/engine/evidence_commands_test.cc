// Evidence in the domain: attaching and withdrawing, the limits, and the guards evidence:<kind>
// that housing repairs' 竣工验收 and 补助资金拨付 require.
#include <gtest/gtest.h>

#include "engine/progress/item_facts.h"
#include "engine/verify/audit_verify.h"
#include "engine/workflow/transition.h"
#include "tests/support/engine_fixture.h"

namespace taizhang {
namespace {

using Evidence = testing::EngineFixture;

TransitionRequest act(std::string action, std::optional<std::string> comment = std::nullopt,
                      nlohmann::json fields = nlohmann::json::object()) {
  return TransitionRequest{std::move(action), std::move(comment), std::move(fields), std::nullopt,
                           std::nullopt};
}

NewItem housing(int64_t org) {
  return NewItem{"housing_repair", "吉照村危房改造", org, 2019, std::nullopt, std::nullopt,
                 std::nullopt, {{"applicant", "户主"}, {"household_id", "JZ-1"}}, std::nullopt};
}

TEST_F(Evidence, AcceptanceIsBlockedUntilCompletionPhotoAndFormAreAttached) {
  auto item = create(manager, housing(org("吉照村")));
  ASSERT_TRUE(item);
  const int64_t id = item->id;
  // The three rounds: 村级公示, 乡镇审核公示, 县级审批公示.
  for (NoticeLevel level : {NoticeLevel::village, NoticeLevel::township, NoticeLevel::county}) {
    ASSERT_TRUE(passed_notice(id, NoticePhase::before, level));
  }
  for (auto t : {act("submit_verification"), act("submit_review", std::nullopt, {{"danger_grade", "C"}}),
                 act("pass_review"), act("submit_township"), act("township_approve"),
                 act("county_approve"), act("sign_agreement", std::nullopt, {{"agreement_no", "XY-1"}}),
                 act("complete_construction")}) {
    ASSERT_TRUE(move(manager, id, t));
  }
  auto refused = move(manager, id, act("accept", "验收合格"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::guard_failed);
  ASSERT_EQ(refused.error().blocked_by.size(), 2u);
  EXPECT_EQ(refused.error().blocked_by[0].guard, "evidence:completion_photo");
  EXPECT_NE(refused.error().blocked_by[0].detail.find("竣工照片"), std::string::npos);
  EXPECT_EQ(refused.error().blocked_by[1].guard, "evidence:acceptance_form");
  EXPECT_NE(refused.error().blocked_by[1].detail.find("竣工验收表"), std::string::npos);

  ASSERT_TRUE(attach(id, "completion_photo"));
  auto still = move(manager, id, act("accept", "验收合格"));
  ASSERT_FALSE(still);
  ASSERT_EQ(still.error().blocked_by.size(), 1u);
  EXPECT_EQ(still.error().blocked_by[0].guard, "evidence:acceptance_form");

  // A withdrawn attachment does not count.
  auto form = attach(id, "acceptance_form", "form");
  ASSERT_TRUE(form);
  auto withdrawn = job<Attachment>([&](StoreWriter& s) {
    return withdraw_evidence(s, manager, form->attachment.id, "拍错了", now);
  });
  ASSERT_TRUE(withdrawn) << withdrawn.error().message;
  EXPECT_FALSE(move(manager, id, act("accept", "验收合格")));
  ASSERT_TRUE(attach(id, "acceptance_form", "form, again"));
  auto accepted = move(manager, id, act("accept", "验收合格"));
  ASSERT_TRUE(accepted) << accepted.error().message;
  EXPECT_EQ(accepted->stage, "relocation");

  auto verdict = verify_audit(*db_);
  ASSERT_TRUE(verdict);
  EXPECT_TRUE(verdict->intact) << verdict->problem;
}

TEST_F(Evidence, SameBytesAsSameKindAreRecordedOnceAndWithdrawalIsOnceWithAReason) {
  auto item = create(manager, housing(org("吉照村")));
  ASSERT_TRUE(item);
  auto first = attach(item->id, "before_photo", "the same bytes");
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->created);
  EXPECT_EQ(first->attachment.stage, "application");
  const int64_t seq = db_->read([](StoreReader& s) -> Result<int64_t> {
                        return s.audit_head().seq;
                      }).value();
  auto again = attach(item->id, "before_photo", "the same bytes");
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->attachment.id, first->attachment.id);
  // As another kind it is another attachment (one photo may prove two things).
  auto other = attach(item->id, "construction_photo", "the same bytes");
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->created);
  EXPECT_EQ(db_->read([](StoreReader& s) -> Result<int64_t> { return s.audit_head().seq; }).value(),
            seq + 1);

  auto blank = job<Attachment>([&](StoreWriter& s) {
    return withdraw_evidence(s, manager, first->attachment.id, "  ", now);
  });
  ASSERT_FALSE(blank);
  EXPECT_EQ(blank.error().field, "reason");
  auto not_theirs = job<Attachment>([&](StoreWriter& s) {
    return withdraw_evidence(s, supervisor, first->attachment.id, "不是我传的", now);
  });
  ASSERT_FALSE(not_theirs);
  EXPECT_EQ(not_theirs.error().code, ErrorCode::forbidden);
  // An admin may withdraw what someone else uploaded.
  const Principal admin = add_user("系统管理员", Role::admin, {});
  ASSERT_TRUE(job<Attachment>([&](StoreWriter& s) {
    return withdraw_evidence(s, admin, other->attachment.id, "重复上传", now);
  }));
  ASSERT_TRUE(job<Attachment>([&](StoreWriter& s) {
    return withdraw_evidence(s, manager, first->attachment.id, "照片模糊", now);
  }));
  auto twice = job<Attachment>([&](StoreWriter& s) {
    return withdraw_evidence(s, manager, first->attachment.id, "照片模糊", now);
  });
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::conflict);
  // Withdrawn, the same bytes may be attached again as a new attachment.
  auto renewed = attach(item->id, "before_photo", "the same bytes");
  ASSERT_TRUE(renewed);
  EXPECT_TRUE(renewed->created);
  EXPECT_NE(renewed->attachment.id, first->attachment.id);
}

TEST_F(Evidence, RefusesUnknownKindsOtherUnitsAndTheTwoHundredAndFirstFile) {
  auto item = create(manager, housing(org("马田村")));
  ASSERT_TRUE(item);
  auto unknown = attach(item->id, "selfie");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::invalid_field);
  EXPECT_EQ(unknown.error().field, "kind");
  auto elsewhere = attach(item->id, "before_photo", "photo", &village_manager);
  ASSERT_FALSE(elsewhere);
  EXPECT_EQ(elsewhere.error().code, ErrorCode::not_found);
  for (int i = 0; i < kMaxAttachmentsPerItem; ++i) {
    ASSERT_TRUE(attach(item->id, "construction_photo", "photo " + std::to_string(i)));
  }
  auto over = attach(item->id, "construction_photo", "one too many");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::conflict);
}

TEST(AttachmentName, KeepsTheLastPathPartAndRefusesControlCharacters) {
  EXPECT_EQ(clean_attachment_name("C:\\fakepath\\竣工照片.jpg").value(), "竣工照片.jpg");
  EXPECT_EQ(clean_attachment_name("../../etc/passwd").value(), "passwd");
  EXPECT_EQ(clean_attachment_name("  验收表.pdf ").value(), "验收表.pdf");
  EXPECT_FALSE(clean_attachment_name("a\nb.jpg"));
  EXPECT_FALSE(clean_attachment_name(std::string("a\0b.jpg", 7)));
  EXPECT_FALSE(clean_attachment_name("a\x7f.jpg"));
  EXPECT_FALSE(clean_attachment_name("\xff\xfe.jpg"));
  EXPECT_FALSE(clean_attachment_name("dir/.."));
  EXPECT_FALSE(clean_attachment_name("dir/"));
  EXPECT_FALSE(clean_attachment_name(std::string(300, 'a')));
}

}  // namespace
}  // namespace taizhang
