// Who may do what: the one table of the powers each role holds beyond a workflow's own actions
// (each workflow names the roles of its transitions). The engine's commands and the API's read
// handlers all ask here, so a role's powers are read and changed in one place.
#pragma once

#include "engine/access/principal.h"
#include "engine/base/error.h"

namespace taizhang {

enum class Permission {
  plan_work,       // create and import work items and plans, record milestones reached
  write_ledger,    // funds, allocations, disbursements and reversals, fund imports
  handle_notices,  // post notices (objections to them are recorded and resolved by any role
                   // within its units: they reach the office by phone, letter or at the board)
  administer,      // users, their tokens, webhooks
  read_audit,      // the audit log and its verification
  withdraw_others_evidence,  // withdraw an attachment someone else uploaded (the uploader may
                             // always withdraw their own)
};

// Whether `role` holds `permission`.
bool role_may(Role role, Permission permission);

// {} when `who` holds `permission`; otherwise forbidden, naming the roles that hold it.
Result<void> require(const Principal& who, Permission permission);

}  // namespace taizhang
