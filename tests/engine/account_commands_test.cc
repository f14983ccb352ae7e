#include <gtest/gtest.h>

#include "engine/access/api_tokens.h"

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

}  // namespace
}  // namespace taizhang
