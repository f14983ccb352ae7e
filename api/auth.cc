#include "api/auth.h"

#include <openssl/crypto.h>

#include "api/app.h"
#include "api/cookies.h"
#include "api/problem.h"
#include "engine/access/api_tokens.h"
#include "engine/access/scope_refusal.h"
#include "engine/access/session_commands.h"
#include "engine/base/digest.h"

namespace taizhang::api {

namespace {

Principal principal_for(const App& app, User user) {
  Principal who;
  who.user = std::move(user);
  if (!who.user.org_ids.empty()) {
    who.visible_orgs.emplace();
    for (int64_t id : who.user.org_ids) {
      auto subtree = app.orgs().subtree(id);
      who.visible_orgs->insert(subtree.begin(), subtree.end());
    }
  }
  return who;
}

Result<Principal> bearer(App& app, const std::string& header) {
  constexpr std::string_view kScheme = "Bearer ";
  if (header.size() <= kScheme.size() || header.size() > 256 ||
      !std::equal(kScheme.begin(), kScheme.end(), header.begin(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) ==
               std::tolower(static_cast<unsigned char>(b));
      })) {
    return fail(ErrorCode::unauthenticated, "send Authorization: Bearer <token>");
  }
  std::string hash = sha256_hex(header.substr(kScheme.size()));
  auto user = app.db().read([&](StoreReader& store) -> Result<User> {
    return user_for_token(store, hash, app.clock().now());
  });
  if (!user) return std::unexpected(user.error());
  if (!user->active()) {
    return fail(ErrorCode::unauthenticated, "该账号已停用 (the account is disabled)");
  }
  return principal_for(app, std::move(*user));
}

bool reads_only(const Request& request) {
  return request.method == "GET" || request.method == "HEAD";
}

// A write on a session cookie must come from the app itself: its Origin is this server, and it
// carries the session's CSRF token, which another site's page cannot read. A cross-site form
// fails both.
Result<void> check_same_origin(const Request& request, const Session& session) {
  auto origin = request.header("origin");
  auto host = request.header("host");
  const bool same_origin = origin && host &&
                           (*origin == "http://" + *host || *origin == "https://" + *host);
  auto token = request.header("x-csrf-token");
  const bool token_ok = token && token->size() == session.csrf_token.size() &&
                        CRYPTO_memcmp(token->data(), session.csrf_token.data(), token->size()) == 0;
  if (same_origin && token_ok) return {};
  return fail(ErrorCode::forbidden,
              "跨站请求被拒绝 (a write with the session cookie needs this site's Origin and the "
              "X-CSRF-Token header)");
}

}  // namespace

Result<SessionUser> request_session(App& app, const Request& request) {
  auto token = cookie(request, kSessionCookie);
  if (!token || token->empty() || token->size() > 256) {
    return fail(ErrorCode::unauthenticated, "请先登录 (not signed in)");
  }
  const std::string hash = sha256_hex(*token);
  return app.db().read([&](StoreReader& store) {
    return session_user(store, hash, app.session_policy(), app.clock().now());
  });
}

Result<Principal> authenticate(App& app, const Request& request) {
  if (auto header = request.header("authorization")) return bearer(app, *header);
  if (!request.header("cookie")) {
    return fail(ErrorCode::unauthenticated,
                "请先登录 (sign in, or send Authorization: Bearer <token>)");
  }
  auto session = request_session(app, request);
  if (!session) return std::unexpected(session.error());
  if (!reads_only(request)) {
    if (auto ok = check_same_origin(request, session->session); !ok) {
      return std::unexpected(ok.error());
    }
  }
  if (session->needs_touch) {
    // Fire and forget: the request does not wait for this write, and a lost touch only makes
    // the session fall idle a few minutes early.
    const int64_t id = session->session.id;
    const TimePoint now = app.clock().now();
    app.db().writer().submit(
        [id, now](StoreWriter& store) -> Result<bool> {
          touch_session(store, id, now);
          return true;
        },
        [](Result<bool>) {});
  }
  return principal_for(app, std::move(session->user));
}

Response read_refused(App& app, const Principal& who, std::string_view attempted,
                      const Error& error) {
  if (error.out_of_scope) {
    // Fire and forget, like a session touch: a full queue loses the record, never the answer.
    app.db().writer().submit(
        [who, attempted = std::string(attempted), refusal = *error.out_of_scope,
         now = app.clock().now()](StoreWriter& store) -> Result<bool> {
          record_refusal(store, who, attempted, refusal, now);
          return true;
        },
        [](Result<bool>) {});
  }
  return problem(error);
}

Result<void> require_role(const Principal& who, std::initializer_list<Role> roles) {
  for (Role r : roles) {
    if (who.user.role == r) return {};
  }
  return fail(ErrorCode::forbidden,
              "your role (" + std::string(to_string(who.user.role)) + ") may not do this");
}

}  // namespace taizhang::api
