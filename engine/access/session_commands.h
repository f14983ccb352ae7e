// Signing in and out, and passwords, as write jobs (audited like every other change). Reading a
// session for a request is session_user, a read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/access/access_store.h"
#include "engine/access/principal.h"
#include "engine/access/session.h"
#include "engine/base/clock.h"
#include "engine/base/error.h"

namespace taizhang {

struct SignIn {
  std::string name;
  std::string password;
  std::string remote;  // the client's address, for the audit log
};

struct OpenedSession {
  User user;
  Session session;
  std::string token;  // for the cookie; shown once, only its hash is stored
};

// Signing in is three steps, so that the Argon2id check (about 0.1 s) runs on the caller's
// thread and never on the writer's: read the candidate, check the password, then write either
// the session or the refusal.
struct SignInCandidate {
  User user;
  std::string password_hash;
};

// The one user of that name who has a password; nullopt for an unknown name, a user without a
// password, or a name shared by several users (all refused the same way).
std::optional<SignInCandidate> sign_in_candidate(AccessReader& store, std::string_view name);

// Whether `password` is the candidate's. Takes the time of one Argon2id check even when there is
// no candidate, so the time does not tell which names exist.
bool credentials_match(const std::optional<SignInCandidate>& candidate, std::string_view password);

// Opens a session for a user whose password matched, and logs it ("session.open").
OpenedSession open_session(AccessWriter& store, const User& user, std::string_view remote,
                           const SessionPolicy& policy, TimePoint now);

// Logs a refused sign-in ("session.refused", the name and the address). The job that calls it
// commits: the refusal is an answer, not a failed write.
void log_refused_sign_in(AccessWriter& store, const SignIn& request, TimePoint now);

// The audit record of a refused sign-in, for refusals decided before the store is read (too
// many attempts): "session.throttled".
void log_throttled_sign_in(AccessWriter& store, std::string_view name, std::string_view remote,
                           int64_t retry_after_s, TimePoint now);

// Revokes the session whose cookie token has this hash ("session.close"). An expired or idle
// session that is not revoked is revoked all the same.
// Errors: not_found (no such session, or it is already revoked).
Result<void> sign_out(AccessWriter& store, std::string_view token_sha256, TimePoint now);

// Sets a user's password and revokes all of the user's sessions. `actor` is who did it
// ("cli", "user:1"). Only the time of the change is logged, never the hash.
// Errors: not_found (no such user), invalid_field (`password` too short, too long, or holding a
// control character: hash_password), internal (libsodium could not hash: out of memory).
Result<void> set_password(AccessWriter& store, const std::string& actor, int64_t user_id,
                          std::string_view password, TimePoint now);

// The user a session cookie stands for, and its session, if the session is live at `now`;
// unauthenticated otherwise (unknown, revoked, idle, expired: one message).
// Errors: unauthenticated (no such session; revoked, idle or past its end; its user gone or
// disabled).
struct SessionUser {
  User user;
  Session session;
  bool needs_touch = false;  // last_seen_ms is older than policy.touch_every_ms
};
Result<SessionUser> session_user(AccessReader& store, std::string_view token_sha256,
                                 const SessionPolicy& policy, TimePoint now);

// Writes last_seen_ms of a live session (a small write, at most every touch_every_ms).
void touch_session(AccessWriter& store, int64_t session_id, TimePoint now);

}  // namespace taizhang
