#include "engine/access/api_tokens.h"

#include <algorithm>

#include "engine/audit/log.h"
#include "engine/base/digest.h"

namespace taizhang {

namespace {

bool live(const ApiToken& t, int64_t now_ms) {
  return !t.revoked_ms && (!t.expires_ms || now_ms < *t.expires_ms);
}

nlohmann::json token_record(const ApiToken& t) {
  return {{"id", t.id},
          {"user_id", t.user_id},
          {"name", t.name},
          {"expires_ms", t.expires_ms ? nlohmann::json(*t.expires_ms) : nullptr},
          {"revoked_ms", t.revoked_ms ? nlohmann::json(*t.revoked_ms) : nullptr}};
}

}  // namespace

std::string_view token_state(const ApiToken& token, TimePoint now) {
  if (token.revoked_ms) return "revoked";
  return live(token, unix_ms(now)) ? "live" : "expired";
}

Result<User> user_for_token(AccessReader& store, std::string_view token_sha256, TimePoint now) {
  auto token = store.api_token_by_hash(token_sha256);
  if (!token || !live(*token, unix_ms(now))) {
    return fail(ErrorCode::unauthenticated, "the token is not valid (unknown, revoked or expired)");
  }
  auto user = store.user(token->user_id);
  if (!user) return fail(ErrorCode::unauthenticated, "the token is not valid (unknown, revoked or expired)");
  return *user;
}

Result<IssuedApiToken> issue_token(AccessWriter& store, const std::string& actor, int64_t user_id,
                                   const std::string& name, std::optional<TimePoint> expires,
                                   TimePoint now) {
  if (!store.user(user_id)) return fail(ErrorCode::not_found, "no user " + std::to_string(user_id));
  if (name.find_first_not_of(" \t") == std::string::npos || name.size() > kMaxTokenNameBytes ||
      std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    return fail(ErrorCode::invalid_field, "name must be 1 to 100 bytes without control characters",
                "name");
  }
  const int64_t now_ms = unix_ms(now);
  if (expires && unix_ms(*expires) <= now_ms) {
    return fail(ErrorCode::invalid_field, "expires_at must be in the future", "expires_at");
  }
  int live_count = 0;
  for (const ApiToken& t : store.api_tokens(user_id)) {
    if (t.revoked_ms) continue;
    // An expired token keeps its name until it is revoked: names say which integration it was.
    if (t.name == name) {
      return fail(ErrorCode::conflict, "the user already has a token named " + name +
                                           " (revoke it first)", "name");
    }
    if (live(t, now_ms)) ++live_count;
  }
  if (live_count >= kMaxLiveTokensPerUser) {
    return fail(ErrorCode::invalid_field,
                "the user holds " + std::to_string(kMaxLiveTokensPerUser) +
                    " live tokens already; revoke one first",
                "name");
  }
  IssuedApiToken out;
  out.token = new_bearer_token();
  out.info.user_id = user_id;
  out.info.name = name;
  out.info.created_at = format_rfc3339(now);
  if (expires) out.info.expires_ms = unix_ms(*expires);
  out.info.id = store.insert_api_token(out.info, sha256_hex(out.token));
  nlohmann::json after = {{"token", token_record(out.info)}};
  cover_rows(store, after, CoveredTable::api_token, {out.info.id});
  append_audit(store, now,
               {actor, "token.issue", "api_token", std::to_string(out.info.id), nullptr,
                std::move(after)});
  return out;
}

Result<ApiToken> revoke_token(AccessWriter& store, const std::string& actor, int64_t user_id,
                              int64_t token_id, TimePoint now) {
  auto tokens = store.api_tokens(user_id);
  auto it = std::find_if(tokens.begin(), tokens.end(),
                         [&](const ApiToken& t) { return t.id == token_id; });
  if (it == tokens.end()) {
    return fail(ErrorCode::not_found,
                "user " + std::to_string(user_id) + " has no token " + std::to_string(token_id));
  }
  const ApiToken before = *it;
  if (!store.revoke_api_token(token_id, unix_ms(now))) {
    return fail(ErrorCode::conflict, "token " + std::to_string(token_id) + " is revoked already");
  }
  ApiToken after = before;
  after.revoked_ms = unix_ms(now);
  nlohmann::json logged = {{"token", token_record(after)}};
  cover_rows(store, logged, CoveredTable::api_token, {token_id});
  append_audit(store, now,
               {actor, "token.revoke", "api_token", std::to_string(token_id),
                {{"token", token_record(before)}}, std::move(logged)});
  return after;
}

Result<int64_t> revoke_all_tokens(AccessWriter& store, const std::string& actor, int64_t user_id,
                                  TimePoint now) {
  if (!store.user(user_id)) return fail(ErrorCode::not_found, "no user " + std::to_string(user_id));
  const std::vector<int64_t> revoked = store.revoke_user_api_tokens(user_id, unix_ms(now));
  nlohmann::json after = {
      {"user_id", user_id}, {"revoked", revoked.size()}, {"revoked_ms", unix_ms(now)}};
  cover_rows(store, after, CoveredTable::api_token, revoked);
  append_audit(store, now,
               {actor, "token.revoke_all", "user", std::to_string(user_id), nullptr,
                std::move(after)});
  return static_cast<int64_t>(revoked.size());
}

}  // namespace taizhang
