-- 015: the indexes the alert scan and the morning report walk, in the order they read.

-- The morning report walks each unit's open dated items by due date, one unit after another in
-- the organisation's order, so that it can print rows as it reads them instead of holding and
-- sorting hundreds of thousands (`taizhang overdue`). Partial: closed and undated items, which
-- the report never shows, are not in it.
CREATE INDEX items_open_by_unit_due ON items (org_id, due_on) WHERE closed = 0 AND due_on IS NOT NULL;

-- The scan pages through open items in (due_on, id) order. On (closed, due_on, alert_level) the
-- ids of one due date came in alert_level order, so SQLite sorted every due date's items before
-- returning the first of a page (EXPLAIN QUERY PLAN: "USE TEMP B-TREE FOR RIGHT PART OF ORDER
-- BY"). With the id before alert_level the index is in the scan's own order and still answers
-- the whole alert_level test without reading a row.
DROP INDEX items_alert_watch;
CREATE INDEX items_alert_watch ON items (closed, due_on, id, alert_level);
