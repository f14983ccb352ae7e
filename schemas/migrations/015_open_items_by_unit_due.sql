-- 015: the morning report walks each unit's open dated items by due date, one unit after another
-- in the organisation's order, so that it can print rows as it reads them instead of holding
-- and sorting hundreds of thousands (`taizhang overdue`). Partial: closed and undated items,
-- which the report never shows, are not in it.
CREATE INDEX items_open_by_unit_due ON items (org_id, due_on) WHERE closed = 0 AND due_on IS NOT NULL;
