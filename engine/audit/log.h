// Appending to the audit chain inside a write job: the record joins the job's transaction, so a
// change and its audit record commit together or not at all.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "engine/audit/chain.h"
#include "engine/base/clock.h"
#include "engine/audit/audit_store.h"

namespace taizhang {

struct AuditEvent {
  std::string actor;
  std::string action;
  std::string entity;
  std::string entity_id;
  nlohmann::json before;  // null for a new entity
  nlohmann::json after;
};

// What an update logs as its `before`: a JSON Patch (RFC 6902) that turns the entity's new state
// (the record's `after`) back into its old one. The old state whole is the `after` of the
// entity's previous record already; logging it again would double what every transition costs
// the database. The patch names only what changed, so the record still says what the change
// was, and `audit verify` applies it to `after` and requires the result to be exactly the
// entity's last logged state (engine/verify/audit_verify.cc).
nlohmann::json undo_patch(const nlohmann::json& old_state, const nlohmann::json& new_state);

// Reads the head inside the transaction (another process may have appended since), links the
// new record to it and stores it, with the Merkle subtrees it completes
// (engine/audit/audit_tree.h). Returns the stored record; asserts that it is the new head and
// that the tree took it.
AuditRecord append_audit(AuditWriter& store, TimePoint at, AuditEvent event);
// The same, for a record about something of unit `org_id`: only callers whose scope includes
// that unit read it (AuditReader::audit).
AuditRecord append_audit(AuditWriter& store, TimePoint at, AuditEvent event, int64_t org_id);

}  // namespace taizhang
