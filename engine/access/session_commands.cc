#include "engine/access/session_commands.h"

#include "engine/access/password.h"
#include "engine/audit/log.h"
#include "engine/base/digest.h"

namespace taizhang {

namespace {

constexpr size_t kMaxNameBytes = 200;
constexpr size_t kMaxRemoteBytes = 64;

std::string bounded(std::string_view text, size_t max) { return std::string(text.substr(0, max)); }

}  // namespace

std::optional<SignInCandidate> sign_in_candidate(AccessReader& store, std::string_view name) {
  if (name.empty() || name.size() > kMaxNameBytes) return std::nullopt;
  auto users = store.users_named(name);
  if (users.size() != 1 || !users.front().active()) return std::nullopt;
  auto hash = store.password_hash(users.front().id);
  if (!hash) return std::nullopt;
  return SignInCandidate{std::move(users.front()), std::move(*hash)};
}

bool credentials_match(const std::optional<SignInCandidate>& candidate, std::string_view password) {
  if (!candidate) {
    spend_password_check_time(password);
    return false;
  }
  return password_matches(candidate->password_hash, password);
}

OpenedSession open_session(AccessWriter& store, const User& user, std::string_view remote,
                           const SessionPolicy& policy, TimePoint now) {
  OpenedSession out;
  out.user = user;
  out.token = new_bearer_token();
  Session& s = out.session;
  s.user_id = user.id;
  s.csrf_token = new_bearer_token();
  s.remote = bounded(remote, kMaxRemoteBytes);
  s.created_ms = s.last_seen_ms = unix_ms(now);
  s.expires_ms = s.created_ms + policy.absolute_ms;
  s.id = store.insert_session(s, sha256_hex(out.token));
  nlohmann::json after = {
      {"id", s.id}, {"user_id", s.user_id}, {"remote", s.remote}, {"expires_ms", s.expires_ms}};
  cover_rows(store, after, CoveredTable::session, {s.id});
  append_audit(store, now,
               {"user:" + std::to_string(s.user_id), "session.open", "session",
                std::to_string(s.id), nullptr, std::move(after)});
  return out;
}

void log_refused_sign_in(AccessWriter& store, const SignIn& r, TimePoint now) {
  append_audit(store, now,
               {"anonymous", "session.refused", "user_name", bounded(r.name, kMaxNameBytes),
                nullptr, {{"name", bounded(r.name, kMaxNameBytes)},
                          {"remote", bounded(r.remote, kMaxRemoteBytes)}}});
}

void log_throttled_sign_in(AccessWriter& store, std::string_view name, std::string_view remote,
                           int64_t retry_after_s, TimePoint now) {
  append_audit(store, now,
               {"anonymous", "session.throttled", "user_name", bounded(name, kMaxNameBytes),
                nullptr, {{"name", bounded(name, kMaxNameBytes)},
                          {"remote", bounded(remote, kMaxRemoteBytes)},
                          {"retry_after_s", retry_after_s}}});
}

Result<void> sign_out(AccessWriter& store, std::string_view token_sha256, TimePoint now) {
  auto s = store.session_by_token_hash(token_sha256);
  if (!s || s->revoked_ms || !store.revoke_session(s->id, unix_ms(now))) {
    return fail(ErrorCode::not_found, "no open session");
  }
  nlohmann::json after = {{"id", s->id}, {"revoked_ms", unix_ms(now)}};
  cover_rows(store, after, CoveredTable::session, {s->id});
  append_audit(store, now,
               {"user:" + std::to_string(s->user_id), "session.close", "session",
                std::to_string(s->id), nullptr, std::move(after)});
  return {};
}

Result<void> set_password(AccessWriter& store, const std::string& actor, int64_t user_id,
                          std::string_view password, TimePoint now) {
  if (!store.user(user_id)) return fail(ErrorCode::not_found, "no user " + std::to_string(user_id));
  auto hash = hash_password(password);
  if (!hash) return std::unexpected(hash.error());
  const std::string at = format_rfc3339(now);
  store.set_password_hash(user_id, *hash, at);
  const std::vector<int64_t> revoked = store.revoke_user_sessions(user_id, unix_ms(now));
  nlohmann::json after = {
      {"id", user_id}, {"password_changed_at", at}, {"sessions_revoked", revoked.size()}};
  cover_rows(store, after, CoveredTable::user, {user_id});
  cover_rows(store, after, CoveredTable::session, revoked);
  append_audit(store, now,
               {actor, "user.password", "user", std::to_string(user_id), nullptr,
                std::move(after)});
  return {};
}

Result<SessionUser> session_user(AccessReader& store, std::string_view token_sha256,
                                 const SessionPolicy& policy, TimePoint now) {
  auto s = store.session_by_token_hash(token_sha256);
  const int64_t now_ms = unix_ms(now);
  if (!s || !session_live(*s, now_ms, policy)) {
    return fail(ErrorCode::unauthenticated, "登录已过期，请重新登录 (the session has ended)");
  }
  auto user = store.user(s->user_id);
  if (!user) return fail(ErrorCode::unauthenticated, "登录已过期，请重新登录 (no such user)");
  if (!user->active()) {
    return fail(ErrorCode::unauthenticated, "该账号已停用 (the account is disabled)");
  }
  return SessionUser{std::move(*user), *s, now_ms - s->last_seen_ms >= policy.touch_every_ms};
}

void touch_session(AccessWriter& store, int64_t session_id, TimePoint now) {
  store.touch_session(session_id, unix_ms(now));
}

}  // namespace taizhang
