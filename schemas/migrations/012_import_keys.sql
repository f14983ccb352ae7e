-- 012: importing the office's spreadsheets. Each imported row's key (项目编号, or 村 + 项目名称 for
-- an item; 来源 + 文号 + 年度 for a fund) remembers what it became, so that importing the same file
-- again creates nothing new. Items are also found by unit and exact title, for rows without a
-- 项目编号 that match an item created by hand.
CREATE TABLE import_keys (
  kind      TEXT NOT NULL CHECK (kind IN ('fund', 'item')),
  key       TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  PRIMARY KEY (kind, key)
) WITHOUT ROWID;

CREATE INDEX items_by_org_title ON items (org_id, title);
