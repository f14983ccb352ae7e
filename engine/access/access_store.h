// What accounts and the organisation need from a database. Users are found by token hash (a
// bearer token is never stored), by id or by name; units are the organisation file as loaded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/access/org.h"
#include "engine/access/principal.h"
#include "engine/access/session.h"
#include "engine/audit/audit_store.h"

namespace taizhang {

// A bearer token as stored (engine/access/api_tokens.h): never the token, only its hash.
struct ApiToken {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string name;
  std::string created_at;
  std::optional<int64_t> expires_ms;  // Unix ms on the server's clock; none: never expires
  std::optional<int64_t> revoked_ms;
};

class AccessReader : public virtual AuditReader {
 public:
  // The token whose SHA-256 (hex) is given, revoked or expired or not; nullopt when none is.
  virtual std::optional<ApiToken> api_token_by_hash(std::string_view token_sha256) = 0;
  // Every token of the user, revoked and expired ones included, in id order; empty when the
  // user has none (or does not exist).
  virtual std::vector<ApiToken> api_tokens(int64_t user_id) = 0;
  // The user with their units (org_ids, in id order), disabled or not; nullopt when there is no
  // such user.
  virtual std::optional<User> user(int64_t id) = 0;
  // The users of that name, in id order, at most 10 (names are unique in practice; a caller
  // needs only to tell one from several); empty: none.
  virtual std::vector<User> users_named(std::string_view name) = 0;
  // Every user of that role, disabled ones too, in id order; empty when none.
  virtual std::vector<User> users_with_role(Role role) = 0;
  // At most `limit` users with id > after_id, in id order (disabled ones too); empty past the
  // last.
  virtual std::vector<User> users(int64_t after_id, int limit) = 0;
  // When the user last signed in (the newest session's creation, Unix ms); nullopt: never.
  virtual std::optional<int64_t> last_sign_in_ms(int64_t user_id) = 0;
  // Every organisation unit, in id order, with its parent's name; empty before any is loaded.
  virtual std::vector<OrgUnit> orgs() = 0;
  // The user's stored password hash; nullopt when the user has none (or does not exist).
  virtual std::optional<std::string> password_hash(int64_t user_id) = 0;
  // The session whose cookie token has this SHA-256 (hex), revoked or not; nullopt: none.
  virtual std::optional<Session> session_by_token_hash(std::string_view token_sha256) = 0;
};

// Needs a write job. Ids in the rows given are ignored: each insert returns the new one.
class AccessWriter : public virtual AccessReader, public virtual AuditWriter {
 public:
  // Stores the user and their units; returns the new user's id. `token_sha256` is kept in the
  // user's row as the hash of the first token; the token itself is stored with
  // insert_api_token. A hash already stored violates a unique index and throws StorageFailure.
  virtual int64_t insert_user(const User& user, std::string_view token_sha256) = 0;
  // Stores the token (name, created_at, expires_ms; never revoked) and returns its id. A hash
  // already stored, or a name the user's unrevoked tokens hold, violates a unique index and
  // throws StorageFailure.
  virtual int64_t insert_api_token(const ApiToken& token, std::string_view token_sha256) = 0;
  // Revokes one token; returns whether it was unrevoked (false also for no such token, which
  // changes nothing).
  virtual bool revoke_api_token(int64_t token_id, int64_t now_ms) = 0;
  // Revokes every unrevoked token of the user; returns their ids, in id order (empty: none).
  virtual std::vector<int64_t> revoke_user_api_tokens(int64_t user_id, int64_t now_ms) = 0;
  // Stores the unit under parent_id (parent_name is not stored: it is read by join) and returns
  // its id. A name already stored violates a unique index and throws StorageFailure.
  virtual int64_t insert_org(const OrgUnit& unit) = 0;
  // Replaces the user's password hash and records when. No such user: changes nothing.
  virtual void set_password_hash(int64_t user_id, const std::string& hash,
                                 const std::string& changed_at) = 0;
  // Sets (a time) or clears (nullopt) the user's disabled_at. No such user: changes nothing.
  virtual void set_user_disabled(int64_t user_id, const std::optional<std::string>& at) = 0;
  // Stores the session (not revoked) and returns its id. A token hash already stored violates a
  // unique index and throws StorageFailure.
  virtual int64_t insert_session(const Session& session, std::string_view token_sha256) = 0;
  // Sets last_seen_ms of an unrevoked session, never backwards; a revoked or missing session is
  // left as it is.
  virtual void touch_session(int64_t session_id, int64_t now_ms) = 0;
  // Revokes one session; returns whether it was unrevoked (expired or idle ones count as
  // unrevoked; false for no such session, which changes nothing).
  virtual bool revoke_session(int64_t session_id, int64_t now_ms) = 0;
  // Revokes every unrevoked session of the user; returns their ids, in id order (empty: none).
  virtual std::vector<int64_t> revoke_user_sessions(int64_t user_id, int64_t now_ms) = 0;
};

}  // namespace taizhang
