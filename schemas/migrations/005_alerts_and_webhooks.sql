-- 005: overdue alerts, their change events (the live stream and the webhook outbox), webhooks
-- and webhook deliveries.

-- One alert per item, stage visit and level: an item that returns to a stage it left is watched
-- afresh (stage_entered_at tells the visits apart).
CREATE TABLE alerts (
  id               INTEGER PRIMARY KEY,
  item_id          INTEGER NOT NULL REFERENCES items(id),
  org_id           INTEGER NOT NULL REFERENCES orgs(id),
  stage            TEXT NOT NULL,
  stage_entered_at TEXT NOT NULL,
  level            TEXT NOT NULL CHECK (level IN ('due_soon', 'overdue', 'escalated')),
  state            TEXT NOT NULL CHECK (state IN ('open', 'acked', 'resolved')),
  due_on           TEXT NOT NULL,
  raised_at        TEXT NOT NULL,
  recipients       TEXT NOT NULL,  -- JSON array of user ids the alert is routed to
  acked_at         TEXT,
  acked_by         INTEGER REFERENCES users(id),
  resolved_at      TEXT,
  UNIQUE (item_id, stage, stage_entered_at, level)
);
CREATE INDEX alerts_unresolved ON alerts (item_id) WHERE state != 'resolved';
CREATE INDEX alerts_by_org ON alerts (org_id, id);

-- Every change of an alert, in order: the id is the Server-Sent Events id (Last-Event-ID).
CREATE TABLE alert_events (
  id       INTEGER PRIMARY KEY,
  alert_id INTEGER NOT NULL REFERENCES alerts(id),
  org_id   INTEGER NOT NULL REFERENCES orgs(id),
  event    TEXT NOT NULL CHECK (event IN ('raised', 'acked', 'resolved')),
  at       TEXT NOT NULL,
  alert    TEXT NOT NULL          -- JSON of the alert after the change
);
CREATE TRIGGER alert_events_no_update BEFORE UPDATE ON alert_events
BEGIN SELECT RAISE(ABORT, 'alert events are append-only'); END;

CREATE TABLE webhooks (
  id         INTEGER PRIMARY KEY,
  url        TEXT NOT NULL,
  format     TEXT NOT NULL CHECK (format IN ('json', 'dingtalk', 'wecom')),
  org_id     INTEGER REFERENCES orgs(id),   -- only alerts of this unit and below; NULL: all
  levels     TEXT NOT NULL,                 -- JSON array of levels
  secret     TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by INTEGER NOT NULL REFERENCES users(id)
);

-- The outbox: one row per (webhook, event), written in the transaction that wrote the event, so
-- that a restart loses nothing; the deliverer works through the pending ones.
CREATE TABLE webhook_deliveries (
  id              INTEGER PRIMARY KEY,
  webhook_id      INTEGER NOT NULL REFERENCES webhooks(id),
  event_id        INTEGER NOT NULL REFERENCES alert_events(id),
  state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL,         -- when to try next: Unix time in ms, server clock
  last_status     INTEGER,                  -- HTTP status of the last attempt, if any
  last_error      TEXT,
  delivered_at    TEXT,
  UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (next_attempt_ms) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, id);
