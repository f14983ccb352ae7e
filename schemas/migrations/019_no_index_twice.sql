-- 019: two indexes that another index already holds, dropped. Every write of an item or an alert
-- paid for each of them, and at a million items every such B-tree insert reads pages the writer
-- does not have at hand: their upkeep is a cost that grows with the data.

-- (closed, due_on) is the leading part of items_alert_watch (closed, due_on, id, alert_level),
-- which answers every query this one did, in the same order.
DROP INDEX items_open_by_due;

-- "The unresolved alerts of one item" is answered by the alerts' unique index
-- (item_id, stage, stage_entered_at, level): an item's alerts are few, resolved or not, so the
-- state is tested on the rows the item_id leads to.
DROP INDEX alerts_unresolved;
