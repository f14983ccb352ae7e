#include "engine/access/permission.h"

#include <string>

namespace taizhang {

namespace {

constexpr unsigned bit(Role role) { return 1u << static_cast<unsigned>(role); }

struct Grant {
  unsigned roles;       // bit(role) for each role that holds the permission
  const char* refusal;  // what the forbidden answer says
};

Grant grant_of(Permission permission) {
  switch (permission) {
    case Permission::plan_work:
      return {bit(Role::manager) | bit(Role::admin),
              "only managers and admins create, import and plan work items"};
    case Permission::write_ledger:
      return {bit(Role::finance) | bit(Role::admin),
              "only finance staff and admins write the ledger"};
    case Permission::handle_notices:
      return {bit(Role::manager) | bit(Role::finance) | bit(Role::admin),
              "only managers, finance staff and admins post notices"};
    case Permission::administer:
      return {bit(Role::admin), "only admins manage users, tokens and webhooks"};
    case Permission::read_audit:
      return {bit(Role::supervisor) | bit(Role::admin),
              "only supervisors and admins read the audit log"};
    case Permission::withdraw_others_evidence:
      return {bit(Role::admin), "only the uploader or an admin withdraws an attachment"};
  }
  return {0, "unknown permission"};
}

}  // namespace

bool role_may(Role role, Permission permission) {
  return (grant_of(permission).roles & bit(role)) != 0;
}

Result<void> require(const Principal& who, Permission permission) {
  if (role_may(who.user.role, permission)) return {};
  return fail(ErrorCode::forbidden, std::string(grant_of(permission).refusal) + " (your role: " +
                                        std::string(to_string(who.user.role)) + ")");
}

}  // namespace taizhang
