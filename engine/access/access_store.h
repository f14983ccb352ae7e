// What accounts and the organisation need from a database. Users are found by token hash (a
// bearer token is never stored), by id or by name; units are the organisation file as loaded.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/access/org.h"
#include "engine/access/principal.h"
#include "engine/audit/audit_store.h"

namespace taizhang {

class AccessReader : public virtual AuditReader {
 public:
  // The user holding the token whose SHA-256 (hex) is given; nullopt when no user does.
  virtual std::optional<User> user_by_token_hash(std::string_view token_sha256) = 0;
  // nullopt when there is no such user.
  virtual std::optional<User> user(int64_t id) = 0;
  // Every user of that name, in id order (names are unique in practice; empty: none).
  virtual std::vector<User> users_named(std::string_view name) = 0;
  // Every user of that role, in id order.
  virtual std::vector<User> users_with_role(Role role) = 0;
  // Every organisation unit, in id order.
  virtual std::vector<OrgUnit> orgs() = 0;
};

// Needs a write job.
class AccessWriter : public virtual AccessReader, public virtual AuditWriter {
 public:
  // Returns the new user's id.
  virtual int64_t insert_user(const User& user, std::string_view token_sha256) = 0;
  // Returns the new unit's id.
  virtual int64_t insert_org(const OrgUnit& unit) = 0;
};

}  // namespace taizhang
