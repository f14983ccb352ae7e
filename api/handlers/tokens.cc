// A user's bearer tokens (admin): issue a named one with an optional expiry, list them, revoke
// one or all. A token is shown once, in the answer that issues it.
//   POST   /api/v1/users/{id}/tokens             {"name", "expires_at"?} → 201 with the token
//   GET    /api/v1/users/{id}/tokens             → {"tokens": […]}, never a token or its hash
//   DELETE /api/v1/users/{id}/tokens/{token_id}  → 200 the token, revoked
//   DELETE /api/v1/users/{id}/tokens             → 200 {"revoked": n}
#include "api/after_commit.h"
#include "api/app.h"
#include "api/auth.h"
#include "api/handlers/handlers.h"
#include "api/json_io.h"
#include "api/problem.h"
#include "engine/access/api_tokens.h"

namespace taizhang::api {

namespace {

nlohmann::json token_json(const ApiToken& t, TimePoint now) {
  auto at = [](const std::optional<int64_t>& ms) -> nlohmann::json {
    return ms ? nlohmann::json(format_rfc3339(from_unix_ms(*ms))) : nlohmann::json(nullptr);
  };
  return {{"id", t.id},
          {"user_id", t.user_id},
          {"name", t.name},
          {"created_at", t.created_at},
          {"expires_at", at(t.expires_ms)},
          {"revoked_at", at(t.revoked_ms)},
          {"state", token_state(t, now)}};
}

// The admin and the user id of the path.
Result<std::pair<Principal, int64_t>> admin_on_user(App& app, const Request& req,
                                                    const PathParams& params) {
  auto who = authenticate(app, req);
  if (!who) return std::unexpected(who.error());
  if (auto ok = require_role(*who, {Role::admin}); !ok) return std::unexpected(ok.error());
  auto id = id_param(params, "id");
  if (!id) return std::unexpected(id.error());
  return std::pair{std::move(*who), *id};
}

}  // namespace

Response post_user_token(App& app, const Request& req, const PathParams& params) {
  auto target = admin_on_user(app, req, params);
  if (!target) return problem(target.error());
  const auto& [who, user_id] = *target;
  auto body = read_object(req);
  if (!body) return problem(body.error());
  if (auto ok = only_fields(*body, {"name", "expires_at"}); !ok) return problem(ok.error());
  auto name = string_field(*body, "name", true, kMaxTokenNameBytes);
  if (!name) return problem(name.error());
  auto expires_text = string_field(*body, "expires_at", false, 64);
  if (!expires_text) return problem(expires_text.error());
  std::optional<TimePoint> expires;
  if (*expires_text) {
    expires = parse_rfc3339(**expires_text);
    if (!expires) {
      return problem(ErrorCode::invalid_field,
                     "expires_at must be an RFC 3339 time such as 2019-12-31T18:00:00+08:00",
                     "expires_at");
    }
  }
  const TimePoint now = app.clock().now();
  return answer_after_commit(
      app,
      [actor = who.actor(), user_id, name = **name, expires, now](StoreWriter& store) {
        return issue_token(store, actor, user_id, name, expires, now);
      },
      [now](Result<IssuedApiToken> issued) {
        if (!issued) return problem(issued.error());
        nlohmann::json out = token_json(issued->info, now);
        out["token"] = issued->token;
        Response r = json_response(201, out);
        r.set_header("Cache-Control", "no-store");  // the token is shown once
        return r;
      });
}

Response get_user_tokens(App& app, const Request& req, const PathParams& params) {
  auto target = admin_on_user(app, req, params);
  if (!target) return problem(target.error());
  const int64_t user_id = target->second;
  const TimePoint now = app.clock().now();
  auto list = app.db().read([&](StoreReader& store) -> Result<nlohmann::json> {
    if (!store.user(user_id)) return fail(ErrorCode::not_found, "no user " + std::to_string(user_id));
    nlohmann::json out = {{"tokens", nlohmann::json::array()}};
    for (const ApiToken& t : store.api_tokens(user_id)) out["tokens"].push_back(token_json(t, now));
    return out;
  });
  if (!list) return problem(list.error());
  return json_response(200, *list);
}

Response delete_user_token(App& app, const Request& req, const PathParams& params) {
  auto target = admin_on_user(app, req, params);
  if (!target) return problem(target.error());
  const auto& [who, user_id] = *target;
  auto token_id = id_param(params, "token_id");
  if (!token_id) return problem(token_id.error());
  const TimePoint now = app.clock().now();
  return answer_after_commit(
      app,
      [actor = who.actor(), user_id, token_id = *token_id, now](StoreWriter& store) {
        return revoke_token(store, actor, user_id, token_id, now);
      },
      [now](Result<ApiToken> revoked) {
        if (!revoked) return problem(revoked.error());
        return json_response(200, token_json(*revoked, now));
      });
}

Response delete_user_tokens(App& app, const Request& req, const PathParams& params) {
  auto target = admin_on_user(app, req, params);
  if (!target) return problem(target.error());
  const auto& [who, user_id] = *target;
  return answer_after_commit(
      app,
      [&app, actor = who.actor(), user_id](StoreWriter& store) {
        return revoke_all_tokens(store, actor, user_id, app.clock().now());
      },
      [user_id](Result<int64_t> revoked) {
        if (!revoked) return problem(revoked.error());
        return json_response(200, {{"user_id", user_id}, {"revoked", *revoked}});
      });
}

}  // namespace taizhang::api
