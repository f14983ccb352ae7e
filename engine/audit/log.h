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

// Reads the head inside the transaction (another process may have appended since), links the
// new record to it and stores it. Returns the stored record.
AuditRecord append_audit(AuditWriter& store, TimePoint at, AuditEvent event);
// The same, for a record about something of unit `org_id`: only callers whose scope includes
// that unit read it (AuditReader::audit).
AuditRecord append_audit(AuditWriter& store, TimePoint at, AuditEvent event, int64_t org_id);

}  // namespace taizhang
