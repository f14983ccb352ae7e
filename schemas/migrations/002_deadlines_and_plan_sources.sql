-- 002: stage deadlines and plan import.
-- An item may carry its own deadline expression, overriding its stage's; each history line
-- records the due date computed on entering the stage, and the expression it came from.
ALTER TABLE items ADD COLUMN deadline TEXT;
ALTER TABLE item_history ADD COLUMN due_on TEXT;
ALTER TABLE item_history ADD COLUMN deadline TEXT;

-- Which plan_task item a task of an imported work plan became, so that importing the same plan
-- again creates nothing new. source_key identifies the task within its plan (see
-- engine/plan/plan_import.h).
CREATE TABLE plan_task_sources (
  source_key TEXT PRIMARY KEY,
  item_id    INTEGER NOT NULL UNIQUE REFERENCES items(id)
) WITHOUT ROWID;
