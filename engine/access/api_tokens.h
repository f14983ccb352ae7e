// Bearer tokens, for scripts and integrations: a user holds several, each named ("默认" for the
// one made with the user, "报账系统接口" for an integration), each with an optional expiry, each
// revocable on its own or all at once. Only a token's SHA-256 is stored; the token itself is
// shown once, when it is issued.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/access/access_store.h"
#include "engine/base/clock.h"
#include "engine/base/error.h"

namespace taizhang {

// How many live (unrevoked, unexpired) tokens one user may hold: a person and a few
// integrations, not one per request.
inline constexpr int kMaxLiveTokensPerUser = 20;
inline constexpr size_t kMaxTokenNameBytes = 100;
// The name of the token a user is created with.
inline constexpr std::string_view kFirstTokenName = "默认";

struct IssuedApiToken {
  ApiToken info;
  std::string token;  // shown once; only its hash is stored
};

// The user holding the token whose SHA-256 (hex) is given, if that token is live at `now`;
// unauthenticated otherwise (unknown, revoked or expired: one answer). A disabled user is
// returned like any other: the caller checks User::active (api/auth.cc does).
// Errors: unauthenticated (no such token, revoked, expired, or its user is gone).
Result<User> user_for_token(AccessReader& store, std::string_view token_sha256, TimePoint now);

// Issues user `user_id` a new token named `name` (1–100 bytes, unique among the user's live
// tokens: conflict otherwise), live until `expires` if given (which must be after `now`). Fails
// with not_found for no such user, and invalid_field when the user already holds
// kMaxLiveTokensPerUser live tokens. `actor` is who did it ("user:1", "cli"); the audit record
// ("token.issue") holds the name and expiry, never the token or its hash.
// Errors: not_found (no such user), invalid_field (`name` blank, over 100 bytes or holding a
// control character; `expires_at` not after `now`; `name` when the user holds
// kMaxLiveTokensPerUser live tokens), conflict (`name`: an unrevoked token, live or expired,
// has that name).
Result<IssuedApiToken> issue_token(AccessWriter& store, const std::string& actor, int64_t user_id,
                                   const std::string& name, std::optional<TimePoint> expires,
                                   TimePoint now);

// Revokes user `user_id`'s token `token_id` ("token.revoke").
// Errors: not_found (the user has no such token, or there is no such user), conflict (revoked
// already).
Result<ApiToken> revoke_token(AccessWriter& store, const std::string& actor, int64_t user_id,
                              int64_t token_id, TimePoint now);

// Revokes every token of user `user_id` that is not revoked yet ("token.revoke_all"); returns
// how many (0 is not an error: a record is still appended).
// Errors: not_found (no such user).
Result<int64_t> revoke_all_tokens(AccessWriter& store, const std::string& actor, int64_t user_id,
                                  TimePoint now);

// "live", "expired" or "revoked" at `now`.
std::string_view token_state(const ApiToken& token, TimePoint now);

}  // namespace taizhang
