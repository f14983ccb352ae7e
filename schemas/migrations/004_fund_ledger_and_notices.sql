-- 004: the fund ledger and public notices (公告公示).
--
-- Money is integer fen. The ledger is append-only: an allocation or disbursement made in error
-- is corrected by a reversal entry, never by an edit. Totals are not stored: they are sums of
-- postings, so there is nothing to drift out of step.

CREATE TABLE funds (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  source     TEXT NOT NULL CHECK (source IN ('central', 'region', 'city', 'county',
                                             'guangdong_cooperation', 'integrated', 'social')),
  doc_no     TEXT NOT NULL,                -- 文号 of the document that issued the fund
  year       INTEGER NOT NULL,
  amount_fen INTEGER NOT NULL CHECK (amount_fen BETWEEN 1 AND 10000000000000),
  created_at TEXT NOT NULL,
  created_by INTEGER NOT NULL REFERENCES users(id),
  audit_seq  INTEGER NOT NULL
);

-- One line of an item's ledger: an allocation from a fund, a disbursement to a payee, or the
-- reversal of an earlier entry. amount_fen is always positive; what the entry does to the
-- totals is in its postings.
CREATE TABLE ledger_entries (
  id              INTEGER PRIMARY KEY,
  item_id         INTEGER NOT NULL REFERENCES items(id),
  kind            TEXT NOT NULL CHECK (kind IN ('allocation', 'disbursement', 'reversal')),
  amount_fen      INTEGER NOT NULL CHECK (amount_fen BETWEEN 1 AND 10000000000000),
  fund_id         INTEGER REFERENCES funds(id),           -- allocations
  payee           TEXT,                                   -- disbursements
  payee_account   TEXT,                                   -- disbursements; never public
  voucher_no      TEXT,                                   -- disbursements: 报账凭证号
  note            TEXT,
  reverses        INTEGER UNIQUE REFERENCES ledger_entries(id),  -- reversals; at most one each
  reason          TEXT,                                   -- reversals
  idempotency_key TEXT UNIQUE,                            -- disbursements
  request_sha256  TEXT,                                   -- of the request the key was first used for
  at              TEXT NOT NULL,
  actor_id        INTEGER NOT NULL REFERENCES users(id),
  audit_seq       INTEGER NOT NULL
);
CREATE INDEX ledger_entries_by_item ON ledger_entries(item_id, id);

-- What each entry does to the totals of one fund on one item (signed). An allocation posts
-- +amount allocated; a disbursement posts +amount disbursed, split over the item's funds; a
-- reversal posts the negation of the entry it reverses.
CREATE TABLE ledger_postings (
  entry_id      INTEGER NOT NULL REFERENCES ledger_entries(id),
  item_id       INTEGER NOT NULL REFERENCES items(id),
  fund_id       INTEGER NOT NULL REFERENCES funds(id),
  allocated_fen INTEGER NOT NULL,
  disbursed_fen INTEGER NOT NULL,
  PRIMARY KEY (entry_id, fund_id)
) WITHOUT ROWID;
CREATE INDEX ledger_postings_by_fund ON ledger_postings(fund_id);
CREATE INDEX ledger_postings_by_item ON ledger_postings(item_id, fund_id);

CREATE TRIGGER funds_no_update BEFORE UPDATE ON funds
BEGIN SELECT RAISE(ABORT, 'funds are never edited'); END;
CREATE TRIGGER funds_no_delete BEFORE DELETE ON funds
BEGIN SELECT RAISE(ABORT, 'funds are never deleted'); END;
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: reverse an entry instead'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only: reverse an entry instead'); END;
CREATE TRIGGER ledger_postings_no_update BEFORE UPDATE ON ledger_postings
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_postings_no_delete BEFORE DELETE ON ledger_postings
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;

-- A notice as posted on a board. Its contents and the funding read from the ledger at posting
-- are fixed; only its objections change.
CREATE TABLE notices (
  id          INTEGER PRIMARY KEY,
  item_id     INTEGER NOT NULL REFERENCES items(id),
  org_id      INTEGER NOT NULL REFERENCES orgs(id),      -- the item's unit when posted
  level       TEXT NOT NULL CHECK (level IN ('county', 'township', 'village')),
  phase       TEXT NOT NULL CHECK (phase IN ('before', 'after')),
  posted_on   TEXT NOT NULL,
  period_days INTEGER NOT NULL CHECK (period_days BETWEEN 1 AND 366),
  ends_on     TEXT NOT NULL,                              -- last day on the board
  contents    TEXT NOT NULL,                              -- JSON object
  funding     TEXT NOT NULL,                              -- JSON object, from the ledger
  posted_at   TEXT NOT NULL,
  posted_by   INTEGER NOT NULL REFERENCES users(id),
  audit_seq   INTEGER NOT NULL                            -- the notice's own audit record
);
CREATE INDEX notices_by_item ON notices(item_id, id);
CREATE INDEX notices_by_org ON notices(org_id, id);

CREATE TRIGGER notices_no_update BEFORE UPDATE ON notices
BEGIN SELECT RAISE(ABORT, 'a posted notice is never edited'); END;
CREATE TRIGGER notices_no_delete BEFORE DELETE ON notices
BEGIN SELECT RAISE(ABORT, 'a posted notice is never deleted'); END;

-- What the public raised about a notice during its period, and how it was resolved.
CREATE TABLE objections (
  id          INTEGER PRIMARY KEY,
  notice_id   INTEGER NOT NULL REFERENCES notices(id),
  raised_on   TEXT NOT NULL,
  channel     TEXT,
  content     TEXT NOT NULL,
  raised_at   TEXT NOT NULL,
  raised_by   INTEGER NOT NULL REFERENCES users(id),
  resolution  TEXT,
  resolved_at TEXT,
  resolved_by INTEGER REFERENCES users(id)
);
CREATE INDEX objections_by_notice ON objections(notice_id, id);
