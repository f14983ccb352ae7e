// Users and the organisation, as write jobs (audited like every other change).
#pragma once

#include <string>
#include <vector>

#include "engine/base/clock.h"
#include "engine/base/error.h"
#include "engine/access/org.h"
#include "engine/access/principal.h"
#include "engine/access/access_store.h"

namespace taizhang {

struct NewUser {
  std::string name;
  Role role = Role::manager;
  std::vector<int64_t> org_ids;
};

struct IssuedToken {
  User user;
  std::string token;  // shown once; only its hash is stored
};

// `actor` is how the audit log names who did it ("user:1", "cli").
// Errors: invalid_field (`name` blank or over 200 bytes; `orgs` over 100 units or naming no
// stored unit). Names are not checked for uniqueness.
Result<IssuedToken> create_user(AccessWriter& store, const std::string& actor, const NewUser& n,
                                TimePoint now);

// Disables a user: from this write on, none of their sessions or tokens is accepted (the open
// sessions are revoked in the same job; a token is refused while disabled_at is set). Appends
// "user.disable".
// Errors: not_found (no such user), forbidden (`actor_id` is the user: an administrator cannot
// lock themself out), conflict (already disabled).
Result<User> disable_user(AccessWriter& store, int64_t actor_id, int64_t user_id, TimePoint now);

// Lets a disabled user sign in again (their revoked sessions stay revoked). Appends
// "user.enable".
// Errors: not_found (no such user), conflict (not disabled).
Result<User> enable_user(AccessWriter& store, int64_t actor_id, int64_t user_id, TimePoint now);

// Stores the units of an organisation file that are not stored yet (matched by name), parents
// first. Returns how many were added. Each unit's parent must be stored or come earlier in
// `units` (parse_org_file's order).
// Errors: conflict (`name`: a unit of that name is stored with another kind or parent),
// invalid_field (`parent`: a unit's parent is neither stored nor earlier in `units`).
Result<int> load_orgs(AccessWriter& store, const std::string& actor,
                      const std::vector<OrgUnit>& units, TimePoint now);

}  // namespace taizhang
