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
