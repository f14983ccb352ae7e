-- The scan for alerts whose item has moved on walks unresolved alerts in id order. Without this
-- index it walked the whole alerts table by rowid, resolved alerts included: at 164,000 alerts
-- that was 86% of the writer's time. Partial, so it holds only what is still open.
CREATE INDEX alerts_unresolved_by_id ON alerts (id) WHERE state != 'resolved';
