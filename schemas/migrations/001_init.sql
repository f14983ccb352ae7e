-- 001: organisation, users, workflow versions, work items, their history, and the audit chain.
-- Times are RFC 3339 text with +08:00; dates are YYYY-MM-DD; money is integer fen.

CREATE TABLE orgs (
  id        INTEGER PRIMARY KEY,
  name      TEXT NOT NULL UNIQUE,
  kind      TEXT NOT NULL CHECK (kind IN ('county', 'township', 'village')),
  parent_id INTEGER REFERENCES orgs(id),
  facts     TEXT NOT NULL DEFAULT '{}'   -- JSON object of integer figures (附件1)
);

CREATE TABLE users (
  id           INTEGER PRIMARY KEY,
  name         TEXT NOT NULL,
  role         TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'finance', 'supervisor')),
  token_sha256 TEXT NOT NULL UNIQUE,     -- hex SHA-256 of the bearer token; the token is never stored
  created_at   TEXT NOT NULL
);

CREATE TABLE user_orgs (
  user_id INTEGER NOT NULL REFERENCES users(id),
  org_id  INTEGER NOT NULL REFERENCES orgs(id),
  PRIMARY KEY (user_id, org_id)
) WITHOUT ROWID;

-- Every distinct workflow definition ever loaded; items point at the version they began with.
CREATE TABLE workflow_versions (
  workflow   TEXT NOT NULL,
  version    INTEGER NOT NULL,
  sha256     TEXT NOT NULL,
  definition TEXT NOT NULL,
  loaded_at  TEXT NOT NULL,
  PRIMARY KEY (workflow, version)
);

CREATE TABLE items (
  id               INTEGER PRIMARY KEY,
  workflow         TEXT NOT NULL,
  workflow_version INTEGER NOT NULL,
  title            TEXT NOT NULL,
  org_id           INTEGER NOT NULL REFERENCES orgs(id),
  stage            TEXT NOT NULL,
  stage_entered_at TEXT NOT NULL,
  due_on           TEXT,
  responsible_id   INTEGER REFERENCES users(id),
  budget_fen       INTEGER,
  plan_year        INTEGER NOT NULL,
  fields           TEXT NOT NULL DEFAULT '{}',
  closed           INTEGER NOT NULL DEFAULT 0,  -- 1 once the item is in a final stage
  version          INTEGER NOT NULL,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  FOREIGN KEY (workflow, workflow_version) REFERENCES workflow_versions (workflow, version)
);
CREATE INDEX items_by_org ON items (org_id, id);
CREATE INDEX items_by_workflow_stage ON items (workflow, stage, id);
CREATE INDEX items_open_by_due ON items (closed, due_on);

CREATE TABLE item_history (
  id         INTEGER PRIMARY KEY,
  item_id    INTEGER NOT NULL REFERENCES items(id),
  at         TEXT NOT NULL,
  actor_id   INTEGER REFERENCES users(id),
  action     TEXT NOT NULL,             -- 'create' or the workflow action
  from_stage TEXT,
  to_stage   TEXT NOT NULL,
  comment    TEXT,
  fields     TEXT,                      -- JSON of the fields the action set, if any
  audit_seq  INTEGER NOT NULL REFERENCES audit_log(seq)
);
CREATE INDEX item_history_by_item ON item_history (item_id, id);

-- Append-only, hash-chained: hash = SHA-256(prev_hash || canonical JSON of the record).
-- See README "Audit chain". The triggers keep ordinary SQL from editing history; they are a
-- guard rail, not the proof: the chain is the proof.
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  action    TEXT NOT NULL,
  entity    TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before    TEXT,
  after     TEXT,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
