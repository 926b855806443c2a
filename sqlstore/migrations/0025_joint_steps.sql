-- Joint steps (issue 20): a task can be one participating department's
-- opinion on a joint step (联合验收 …), named by its department kind; ''
-- is a step's own task, on a joint step the lead's consolidation. A
-- participant's task stores its step as its Key, "<item>@<kind>" (casework.Task.Key), so
-- UNIQUE (case_id, step) still holds one task per step and participant.
ALTER TABLE tasks ADD COLUMN participant TEXT NOT NULL DEFAULT '';
