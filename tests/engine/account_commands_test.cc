#include <gtest/gtest.h>

#include "engine/access/api_tokens.h"

#include "engine/access/session_commands.h"
#include "engine/base/digest.h"
#include "tests/support/engine_fixture.h"

namespace taizhang {
namespace {

using AccountCommands = testing::EngineFixture;

TEST_F(AccountCommands, TokenIsShownOnceAndOnlyItsHashIsStored) {
  IssuedToken issued;
  auto r = write([&](StoreWriter& s) -> Result<nlohmann::json> {
    auto t = create_user(s, "test", {"新用户", Role::finance, {}}, now);
    if (!t) return std::unexpected(t.error());
    issued = *t;
    return nlohmann::json(nullptr);
  });
  ASSERT_TRUE(r);
  EXPECT_EQ(issued.token.size(), 3u + 64u);
  auto found = db_->read([&](StoreReader& s) -> Result<User> {
    return user_for_token(s, sha256_hex(issued.token), now);
  });
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(found->name, "新用户");
  auto by_token_itself = db_->read([&](StoreReader& s) -> Result<User> {
    return user_for_token(s, issued.token, now);
  });
  EXPECT_FALSE(by_token_itself);
}

TEST_F(AccountCommands, SameUnitNamedTwiceCountsOnce) {
  int64_t village = org("吉照村");
  auto r = write([&](StoreWriter& s) -> Result<nlohmann::json> {
    auto t = create_user(s, "test", {"包村干部", Role::manager, {village, village}}, now);
    if (!t) return std::unexpected(t.error());
    return nlohmann::json(t->user.org_ids);
  });
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(*r, nlohmann::json::array({village}));
}

TEST_F(AccountCommands, UnknownUnitChangesNothing) {
  auto before = head();
  auto r = write([&](StoreWriter& s) -> Result<nlohmann::json> {
    auto t = create_user(s, "test", {"某人", Role::manager, {999}}, now);
    if (!t) return std::unexpected(t.error());
    return nlohmann::json(nullptr);
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "orgs");
  EXPECT_EQ(head().seq, before.seq);
}

TEST_F(AccountCommands, DisablingRevokesSessionsRefusesSignInAndIsAudited) {
  const SessionPolicy policy;
  auto opened = write([&](StoreWriter& s) -> Result<OpenedSession> {
    auto user = s.user(village_manager.user.id);
    return open_session(s, *user, "127.0.0.1", policy, now);
  });
  ASSERT_TRUE(opened);
  const std::string cookie_hash = sha256_hex(opened->token);
  auto live = [&] {
    return db_->read([&](StoreReader& s) { return session_user(s, cookie_hash, policy, now); });
  };
  ASSERT_TRUE(live());

  auto disabled = write([&](StoreWriter& s) { return disable_user(s, manager.user.id, village_manager.user.id, now); });
  ASSERT_TRUE(disabled) << disabled.error().message;
  EXPECT_TRUE(disabled->disabled_at.has_value());
  EXPECT_FALSE(live());
  auto candidate = db_->read([&](StoreReader& s) -> Result<bool> {
    return sign_in_candidate(s, village_manager.user.name).has_value();
  });
  EXPECT_FALSE(*candidate);
  const int64_t last = head().seq;
  auto record = db_->read([&](StoreReader& s) -> Result<AuditRecord> { return s.audit(last - 1, 1).front(); });
  EXPECT_EQ(record->action, "user.disable");
  EXPECT_EQ(record->after["sessions_revoked"], 1);

  auto again = write([&](StoreWriter& s) { return disable_user(s, manager.user.id, village_manager.user.id, now); });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::conflict);

  auto enabled = write([&](StoreWriter& s) { return enable_user(s, manager.user.id, village_manager.user.id, now); });
  ASSERT_TRUE(enabled);
  EXPECT_FALSE(enabled->disabled_at.has_value());
  EXPECT_FALSE(live()) << "enabling does not bring a revoked session back";
}

TEST_F(AccountCommands, NoOneDisablesThemselfOrAnAbsentUserAndNothingChanges) {
  const auto before = head();
  auto self = write([&](StoreWriter& s) { return disable_user(s, manager.user.id, manager.user.id, now); });
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().code, ErrorCode::forbidden);
  auto absent = write([&](StoreWriter& s) { return disable_user(s, manager.user.id, 9999, now); });
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().code, ErrorCode::not_found);
  EXPECT_EQ(head().seq, before.seq);
}

}  // namespace
}  // namespace taizhang

namespace taizhang {
namespace {

// A unit whose parent is neither stored nor earlier in the list is refused, naming it, and
// nothing of the list is stored.
TEST_F(AccountCommands, UnitWithAnUnknownParentIsRefusedAndNothingIsAdded) {
  auto count = [&] {
    return db_->read([](StoreReader& s) -> Result<size_t> { return s.orgs().size(); }).value();
  };
  const size_t before = count();
  OrgUnit fine{0, "新屯", "village", std::nullopt, "泗顶镇", nlohmann::json::object()};
  OrgUnit orphan{0, "孤屯", "village", std::nullopt, "不存在的乡镇", nlohmann::json::object()};
  auto r = write([&](StoreWriter& s) -> Result<nlohmann::json> {
    auto added = load_orgs(s, "test", {fine, orphan}, now);
    if (!added) return std::unexpected(added.error());
    return nlohmann::json(*added);
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::invalid_field);
  EXPECT_EQ(r.error().field, "parent");
  EXPECT_NE(r.error().message.find("不存在的乡镇"), std::string::npos) << r.error().message;
  EXPECT_EQ(count(), before);
}

}  // namespace
}  // namespace taizhang
