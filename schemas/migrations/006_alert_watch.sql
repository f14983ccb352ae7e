-- 006: what the alert scanner needs to skip, without reading it, every item whose alerts are
-- already raised. items.alert_level is the highest level raised for the item's current stage
-- visit (1 due_soon, 2 overdue, 3 escalated; NULL none); entering another stage clears it. The
-- index covers the scan's whole test, so a scan reads the rows of only the items that need a
-- new alert.
ALTER TABLE items ADD COLUMN alert_level INTEGER;

UPDATE items SET alert_level = (
  SELECT max(CASE a.level WHEN 'due_soon' THEN 1 WHEN 'overdue' THEN 2 ELSE 3 END)
  FROM alerts a
  WHERE a.item_id = items.id AND a.stage = items.stage
    AND a.stage_entered_at = items.stage_entered_at);

CREATE INDEX items_alert_watch ON items (closed, due_on, alert_level);

CREATE TRIGGER items_new_stage_visit AFTER UPDATE OF stage, stage_entered_at ON items
WHEN NEW.stage IS NOT OLD.stage OR NEW.stage_entered_at IS NOT OLD.stage_entered_at
BEGIN
  UPDATE items SET alert_level = NULL WHERE id = NEW.id;
END;
