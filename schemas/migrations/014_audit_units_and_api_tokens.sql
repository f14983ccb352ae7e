-- 014: the unit each audit record concerns, so that a user scoped to some villages reads only
-- their records; and bearer tokens of their own, several per user, each with a name, an optional
-- expiry and a revocation.

-- One row per audit record about a unit's things (items, their ledger entries, notices,
-- objections, alerts, refused attempts on them). Records without a row are township matters
-- (users, funds, webhooks, sign-ins) that only township-wide users read. Kept beside audit_log
-- rather than in it: the chain's records stay as they were hashed.
CREATE TABLE audit_units (
  seq    INTEGER PRIMARY KEY REFERENCES audit_log(seq),
  org_id INTEGER NOT NULL REFERENCES orgs(id)
);
CREATE INDEX audit_units_by_org ON audit_units (org_id, seq);
CREATE TRIGGER audit_units_no_update BEFORE UPDATE ON audit_units
BEGIN SELECT RAISE(ABORT, 'audit_units is append-only'); END;
CREATE TRIGGER audit_units_no_delete BEFORE DELETE ON audit_units
BEGIN SELECT RAISE(ABORT, 'audit_units is append-only'); END;

-- The records written before this migration, by what they are about.
INSERT INTO audit_units (seq, org_id)
  SELECT a.seq, i.org_id FROM audit_log a JOIN items i ON i.id = CAST(a.entity_id AS INTEGER)
  WHERE a.entity = 'item';
INSERT INTO audit_units (seq, org_id)
  SELECT a.seq, i.org_id FROM audit_log a
  JOIN ledger_entries e ON e.id = CAST(a.entity_id AS INTEGER)
  JOIN items i ON i.id = e.item_id
  WHERE a.entity = 'ledger_entry';
INSERT INTO audit_units (seq, org_id)
  SELECT a.seq, n.org_id FROM audit_log a JOIN notices n ON n.id = CAST(a.entity_id AS INTEGER)
  WHERE a.entity = 'notice';
INSERT INTO audit_units (seq, org_id)
  SELECT a.seq, n.org_id FROM audit_log a
  JOIN objections o ON o.id = CAST(a.entity_id AS INTEGER)
  JOIN notices n ON n.id = o.notice_id
  WHERE a.entity = 'objection';
INSERT INTO audit_units (seq, org_id)
  SELECT a.seq, al.org_id FROM audit_log a JOIN alerts al ON al.id = CAST(a.entity_id AS INTEGER)
  WHERE a.entity = 'alert';

-- Bearer tokens. Only the SHA-256 of a token is stored. A user holds several, each named
-- ("默认", "报账系统接口", …; unique among the user's live ones); expires_ms (Unix ms on the
-- server's clock) NULL never expires; a revoked token is kept, with revoked_ms, for the record.
-- users.token_sha256 stays as the hash of the token the user was created with and is no longer
-- read for sign-in: this table is.
CREATE TABLE api_tokens (
  id           INTEGER PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users(id),
  name         TEXT NOT NULL,
  token_sha256 TEXT NOT NULL UNIQUE,
  created_at   TEXT NOT NULL,
  expires_ms   INTEGER,
  revoked_ms   INTEGER
);
CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (user_id, name) WHERE revoked_ms IS NULL;
INSERT INTO api_tokens (user_id, name, token_sha256, created_at)
  SELECT id, '默认', token_sha256, created_at FROM users;
