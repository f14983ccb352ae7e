// The SQL of the server's start-up check (engine/verify/startup_check.h) and of the workflow
// catalog's check against the log, named so that a test can hold each one's plan to its index
// (tests/engine/scan_query_plan_test.cc): they run at every start over a log of any length and
// over every item, and must cost what the access records and the index hold, not the table.
#pragma once

#include <string>

namespace taizhang::sqlite {

// The columns every audit read selects (sqlite_store.cc reads them all alike), with the unit.
inline const std::string kAuditColumns =
    "SELECT a.seq, a.at, a.actor, a.action, a.entity, a.entity_id, a.before, a.after, "
    "a.prev_hash, a.hash, u.org_id FROM audit_log a LEFT JOIN audit_units u ON u.seq = a.seq ";

// The WHERE repeats audit_log_access's (migration 018) word for word, so that index serves it.
inline const std::string kAuditOfAccessSql =
    kAuditColumns +
    "WHERE a.entity IN ('user', 'api_token', 'session', 'org', 'webhook') AND a.seq > ? "
    "ORDER BY a.seq LIMIT ?";

// items_stage_closed (migration 018) covers every column read: no table row is touched.
inline const std::string kItemsByStageAndClosedSql =
    "SELECT workflow, workflow_version, stage, closed, min(id), count(*) FROM items "
    "GROUP BY workflow, workflow_version, stage, closed";

// The partial index audit_log_workflow_versions (migration 018) serves this.
inline const std::string kLoggedWorkflowSha256Sql =
    "SELECT after FROM audit_log WHERE entity = 'workflow' AND entity_id = ? "
    "ORDER BY seq DESC LIMIT 1";

}  // namespace taizhang::sqlite
