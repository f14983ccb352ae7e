// Signing in and out in the browser: POST, GET and DELETE /api/v1/session.

#include "api/after_commit.h"
#include "api/app.h"
#include "api/auth.h"
#include "api/cookies.h"
#include "api/handlers/handlers.h"
#include "api/json_io.h"
#include "api/problem.h"
#include "api/views/user_view.h"
#include "engine/access/password.h"
#include "engine/access/session_commands.h"
#include "engine/base/digest.h"

namespace taizhang::api {

namespace {

Response session_answer(const App& app, const User& user, const Session& session) {
  Response r = json_response(200, {{"user", user_json(app, user)},
                                   {"csrf_token", session.csrf_token},
                                   {"expires_at", format_rfc3339(from_unix_ms(session.expires_ms))}});
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response too_many_attempts(int64_t retry_after_s) {
  Response r = problem(ErrorCode::too_many_attempts,
                       "登录失败次数过多，请 " + std::to_string(retry_after_s) +
                           " 秒后再试 (too many failed sign-ins; retry later)");
  r.set_header("Retry-After", std::to_string(retry_after_s));
  return r;
}

}  // namespace

Response post_session(App& app, const Request& req, const PathParams&) {
  auto body = read_object(req);
  if (!body) return problem(body.error());
  if (auto ok = only_fields(*body, {"name", "password"}); !ok) return problem(ok.error());
  auto name = string_field(*body, "name", true, 200);
  if (!name) return problem(name.error());
  auto password = string_field(*body, "password", true, kMaxPasswordBytes);
  if (!password) return problem(password.error());
  SignIn request{**name, **password, req.remote};

  const auto now_steady = SignInThrottle::Clock::now();
  if (int64_t wait = app.sign_in_throttle().retry_after_s(request.name, request.remote, now_steady)) {
    return answer_after_commit(
        app,
        [&app, name = request.name, remote = request.remote, wait](StoreWriter& store)
            -> Result<void> {
          log_throttled_sign_in(store, name, remote, wait, app.clock().now());
          return {};
        },
        [wait](Result<void>) { return too_many_attempts(wait); });
  }
  // The password is checked here, on a worker thread: the writer only records the outcome.
  auto candidate = app.db().read([&](StoreReader& store) -> Result<std::optional<SignInCandidate>> {
    return sign_in_candidate(store, request.name);
  });
  if (!candidate) return problem(candidate.error());
  if (!credentials_match(*candidate, request.password)) {
    app.sign_in_throttle().failed(request.name, request.remote, now_steady);
    request.password.clear();  // the job keeps only what the audit record needs
    return answer_after_commit(
        app,
        [&app, request](StoreWriter& store) -> Result<void> {
          log_refused_sign_in(store, request, app.clock().now());
          return {};
        },
        [](Result<void> logged) {
          if (!logged) return problem(logged.error());
          return problem(ErrorCode::bad_credentials, "用户名或密码错误 (wrong name or password)");
        });
  }
  return answer_after_commit(
      app,
      [&app, user = (*candidate)->user, remote = request.remote](StoreWriter& store)
          -> Result<OpenedSession> {
        return open_session(store, user, remote, app.session_policy(), app.clock().now());
      },
      [&app, name = request.name, secure = req.over_tls](Result<OpenedSession> opened) {
        if (!opened) return problem(opened.error());
        app.sign_in_throttle().succeeded(name);
        Response r = session_answer(app, opened->user, opened->session);
        r.set_header("Set-Cookie", session_cookie(opened->token,
                                                  app.session_policy().absolute_ms / 1000, secure));
        return r;
      });
}

Response get_session(App& app, const Request& req, const PathParams&) {
  auto session = request_session(app, req);
  if (!session) return problem(session.error());
  return session_answer(app, session->user, session->session);
}

Response delete_session(App& app, const Request& req, const PathParams&) {
  // authenticate() holds the logout to the CSRF check: another site cannot sign a person out.
  auto who = authenticate(app, req);
  if (!who) return problem(who.error());
  auto token = cookie(req, kSessionCookie);
  if (!token) return problem(ErrorCode::not_found, "no session cookie (a bearer token stays valid)");
  return answer_after_commit(
      app,
      [&app, token_sha256 = sha256_hex(*token)](StoreWriter& store) {
        return sign_out(store, token_sha256, app.clock().now());
      },
      [secure = req.over_tls](Result<void> closed) {
        if (!closed) return problem(closed.error());
        Response r;
        r.status = 204;
        r.set_header("Set-Cookie", cleared_session_cookie(secure));
        return r;
      });
}

}  // namespace taizhang::api
