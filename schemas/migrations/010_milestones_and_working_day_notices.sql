-- 010: milestones of a work item, alerts on them, and notice periods in working days.

-- A task whose words hold several deadlines ("工程7月底前全面完成…9月底前全部搬迁入住") keeps each as
-- a milestone: a JSON array on the item ([{number, words, time_expression, start_on, due_on,
-- reached_on, reached_by}]), NULL when it has none. It is part of the item's state, so the item's
-- audit snapshot carries it and `audit verify` checks it like every other column. Few items have
-- milestones (plan tasks): the partial index lets the alert scanner visit just the open ones.
ALTER TABLE items ADD COLUMN milestones TEXT;
CREATE INDEX items_open_with_milestones ON items (id) WHERE milestones IS NOT NULL AND closed = 0;

-- An alert raised for a milestone names it (1, 2, … as on the item); NULL for a stage's due date.
-- Its stage column holds "milestone:N" so that the one-alert-per-level rule (the unique key on
-- item, stage, visit and level) holds per milestone as it does per stage visit.
ALTER TABLE alerts ADD COLUMN milestone INTEGER;

-- A notice whose period was given in working days (7个工作日) keeps that count; period_days is
-- then the calendar days it spans (posted_on to ends_on), so readers of period_days and ends_on
-- see the same board time either way.
ALTER TABLE notices ADD COLUMN period_working_days INTEGER
  CHECK (period_working_days IS NULL OR period_working_days BETWEEN 1 AND 90);
