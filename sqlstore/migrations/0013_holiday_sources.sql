-- The State Council notice each year's holiday schedule comes from (issue
-- 17): the administrator's record for a year, one row per year, replacing
-- the notice shipped with the built-in table (workday.BuiltinSources), and
-- the audit trail of every change. published is the notice's date,
-- YYYY-MM-DD; url is '' when none was given.
CREATE TABLE calendar_sources (
    year        INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    number      TEXT NOT NULL,
    published   TEXT NOT NULL,
    url         TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL
);

CREATE TABLE calendar_source_audit (
    id        TEXT PRIMARY KEY,
    year      INTEGER NOT NULL,
    action    TEXT NOT NULL,
    title     TEXT NOT NULL,
    number    TEXT NOT NULL,
    published TEXT NOT NULL,
    url       TEXT NOT NULL,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL
);
CREATE INDEX calendar_source_audit_at ON calendar_source_audit(at);
