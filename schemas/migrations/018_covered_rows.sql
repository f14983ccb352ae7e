-- 018: the tables that grant access are held whole in the audit log (engine/audit/covered_rows.h).
-- A table's rows written before that are adopted into the log once, at start-up; this remembers
-- which tables were. Forgetting a mark only makes the server adopt the table again, and `audit
-- verify` names an adopted row that differs from its last logged copy.
CREATE TABLE audit_covered_adoptions (
  table_name TEXT PRIMARY KEY CHECK (table_name IN ('user', 'api_token', 'session', 'org')),
  at         TEXT NOT NULL
) WITHOUT ROWID;

-- The server checks each stored workflow definition against the hash its audit record logged
-- (engine/workflow/catalog.cc) at every start: found through this index, not by a walk of the log.
CREATE INDEX audit_log_workflow_versions ON audit_log (entity_id) WHERE entity = 'workflow';

-- The start-up check (engine/verify/startup_check.h) reads only the records about access — users,
-- API tokens, sessions, units, webhooks — through this index, so that its cost follows sign-ins
-- and administration, not the work items.
CREATE INDEX audit_log_access ON audit_log (seq)
  WHERE entity IN ('user', 'api_token', 'session', 'org', 'webhook');

-- …and holds items' closed flags to their stages by counting over this index alone.
CREATE INDEX items_stage_closed ON items (workflow, workflow_version, stage, closed);
