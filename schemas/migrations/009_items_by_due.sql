-- Item lists sorted by due date walk this index: items without a due date sort last, and id
-- breaks ties so that a cursor (due key, id) names one place in the order.
CREATE INDEX items_by_due ON items (coalesce(due_on, '9999-12-31'), id);
