-- 003: listing open items in id order (overdue=true) without sorting every overdue item for
-- each page: a partial index over the open items, walked in id order until a page is full.
CREATE INDEX items_open_by_id ON items (id) WHERE closed = 0;
