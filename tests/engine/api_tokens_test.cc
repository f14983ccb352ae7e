// Named bearer tokens: several per user, an optional expiry, revocation of one or all; a
// revoked or expired token signs nobody in, and each change is in the audit chain.
#include <gtest/gtest.h>

#include "engine/access/api_tokens.h"
#include "engine/base/digest.h"
#include "tests/support/engine_fixture.h"

namespace taizhang {
namespace {

using namespace std::chrono_literals;

class ApiTokens : public testing::EngineFixture {
 protected:
  Result<IssuedApiToken> issue(const std::string& name, std::optional<TimePoint> expires = {}) {
    return job<IssuedApiToken>([&](StoreWriter& s) {
      return issue_token(s, "test", finance.user.id, name, expires, now);
    });
  }
  Result<User> who_holds(const std::string& token, TimePoint at) {
    return db_->read([&](StoreReader& s) { return user_for_token(s, sha256_hex(token), at); });
  }
};

TEST_F(ApiTokens, AUserHoldsSeveralNamedTokensEachSigningThemIn) {
  auto integration = issue("报账系统接口");
  auto person = issue("手机");
  ASSERT_TRUE(integration) << integration.error().message;
  ASSERT_TRUE(person) << person.error().message;
  EXPECT_NE(integration->token, person->token);
  for (const auto* t : {&integration->token, &person->token}) {
    auto user = who_holds(*t, now);
    ASSERT_TRUE(user) << user.error().message;
    EXPECT_EQ(user->id, finance.user.id);
  }
  auto listed = db_->read([&](StoreReader& s) -> Result<std::vector<ApiToken>> {
    return s.api_tokens(finance.user.id);
  });
  ASSERT_EQ(listed->size(), 3u);  // the first one, made with the user, and these two
  EXPECT_EQ((*listed)[0].name, kFirstTokenName);
  // A name in use among live tokens is a conflict; bad names and past expiries are refused.
  EXPECT_EQ(issue("手机").error().code, ErrorCode::conflict);
  EXPECT_EQ(issue("").error().field, "name");
  EXPECT_EQ(issue(std::string(101, 'x')).error().field, "name");
  EXPECT_EQ(issue("过期", now - 1s).error().field, "expires_at");
}

TEST_F(ApiTokens, AnExpiredTokenSignsNobodyIn) {
  auto short_lived = issue("临时", now + 1h);
  ASSERT_TRUE(short_lived);
  EXPECT_TRUE(who_holds(short_lived->token, now + 59min));
  auto late = who_holds(short_lived->token, now + 1h);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::unauthenticated);
}

TEST_F(ApiTokens, RevokingOneLeavesTheOthersAndRevokingAllLeavesNone) {
  auto a = issue("甲");
  auto b = issue("乙");
  ASSERT_TRUE(a && b);
  const int64_t seq = head().seq;
  auto revoked = job<ApiToken>([&](StoreWriter& s) {
    return revoke_token(s, "test", finance.user.id, a->info.id, now);
  });
  ASSERT_TRUE(revoked) << revoked.error().message;
  EXPECT_EQ(token_state(*revoked, now), "revoked");
  EXPECT_FALSE(who_holds(a->token, now));
  EXPECT_TRUE(who_holds(b->token, now));
  EXPECT_EQ(head().seq, seq + 1);
  // Again: a conflict, and nothing recorded. Another user's token id: not found.
  EXPECT_EQ((job<ApiToken>([&](StoreWriter& s) {
              return revoke_token(s, "test", finance.user.id, a->info.id, now);
            }).error().code),
            ErrorCode::conflict);
  EXPECT_EQ((job<ApiToken>([&](StoreWriter& s) {
              return revoke_token(s, "test", supervisor.user.id, b->info.id, now);
            }).error().code),
            ErrorCode::not_found);
  EXPECT_EQ(head().seq, seq + 1);
  EXPECT_TRUE(who_holds(b->token, now));
  // The name of a revoked token may be used again.
  EXPECT_TRUE(issue("甲"));
  auto all = job<int64_t>([&](StoreWriter& s) {
    return revoke_all_tokens(s, "test", finance.user.id, now);
  });
  ASSERT_TRUE(all);
  EXPECT_EQ(*all, 3);  // the first token, 乙 and the new 甲
  EXPECT_FALSE(who_holds(b->token, now));
}

TEST_F(ApiTokens, AUserHoldsAtMostTwentyLiveTokens) {
  for (int i = 1; i < kMaxLiveTokensPerUser; ++i) {
    ASSERT_TRUE(issue("接口" + std::to_string(i)));
  }
  auto over = issue("再多一个");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code, ErrorCode::invalid_field);
}

}  // namespace
}  // namespace taizhang
