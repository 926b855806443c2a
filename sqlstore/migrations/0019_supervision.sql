-- Electronic supervision (issue 12): ratings and rectifications, clock
-- alerts, and the measures' projection.
--
-- A rating (好差评) is given once per case and target; seq 2 is the one
-- follow-up after a bad rating's rectification, and the unique key keeps
-- "once" true when two devices submit at the same moment. stat_done marks
-- a rating the projection has counted (exactly once).
CREATE TABLE ratings (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases(id),
    case_number TEXT NOT NULL,
    region      TEXT NOT NULL,
    department  TEXT NOT NULL,
    center      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    target      TEXT NOT NULL,
    level       TEXT NOT NULL,
    comment     TEXT NOT NULL,
    channel     TEXT NOT NULL,
    follow_up   BOOLEAN NOT NULL,
    seq         INTEGER NOT NULL,
    rated_by    TEXT NOT NULL,
    at          TEXT NOT NULL,
    stat_done   BOOLEAN NOT NULL,
    UNIQUE (case_id, target, seq)
);
CREATE INDEX ratings_region ON ratings(region, at);
CREATE INDEX ratings_pending ON ratings(at) WHERE NOT stat_done;

-- A bad rating's rectification (整改) for the responsible department; the
-- due dates are China dates counted in working days when it was opened.
CREATE TABLE rectifications (
    id           TEXT PRIMARY KEY,
    rating_id    TEXT NOT NULL UNIQUE REFERENCES ratings(id),
    case_id      TEXT NOT NULL REFERENCES cases(id),
    case_number  TEXT NOT NULL,
    region       TEXT NOT NULL,
    department   TEXT NOT NULL,
    center       TEXT NOT NULL,
    target       TEXT NOT NULL,
    level        TEXT NOT NULL,
    comment      TEXT NOT NULL,
    state        TEXT NOT NULL,
    contact_due  TEXT NOT NULL,
    answer_due   TEXT NOT NULL,
    contacted_at TEXT,
    contacted_by TEXT NOT NULL,
    contact_note TEXT NOT NULL,
    answered_at  TEXT,
    answered_by  TEXT NOT NULL,
    answer       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    version      INTEGER NOT NULL
);
CREATE INDEX rectifications_region ON rectifications(region, created_at);
CREATE INDEX rectifications_department ON rectifications(department, state, answer_due);
CREATE INDEX rectifications_center ON rectifications(center, state, answer_due);

-- A clock alert (预警) is raised once per case or task and kind: object is
-- the case id for the case's own clock, else the task id.
CREATE TABLE clock_alerts (
    id          TEXT PRIMARY KEY,
    object      TEXT NOT NULL,
    kind        TEXT NOT NULL,
    case_id     TEXT NOT NULL REFERENCES cases(id),
    case_number TEXT NOT NULL,
    case_title  TEXT NOT NULL,
    task_id     TEXT NOT NULL,
    step        TEXT NOT NULL,
    region      TEXT NOT NULL,
    department  TEXT NOT NULL,
    due_date    TEXT NOT NULL,
    at          TEXT NOT NULL,
    UNIQUE (object, kind)
);
CREATE INDEX clock_alerts_region ON clock_alerts(region, at);
CREATE INDEX clock_alerts_department ON clock_alerts(department, at);
-- When a user last opened their alerts: newer ones are unread.
CREATE TABLE alert_reads (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    seen_at TEXT NOT NULL
);
-- Running tasks by due date, for the clock watch.
CREATE INDEX tasks_ready_due ON tasks(due_date, id) WHERE status = 'ready';

-- The measures' projection. stat_facts keeps what each case last
-- contributed (supervision.Facts as JSON), so a change applies as the
-- difference between its new and old contributions, and reading a case
-- twice adds nothing, and its version (the case's when read) lets a
-- fold skip the cases it has read as they are (two changes may share a
-- moment; they never share a version). stat_days and stat_months hold the additive counts
-- (supervision.CountNames) per day or month (China) of the case's region,
-- subject (item or bundle), lead department and centre. A period reads
-- whole months from stat_months and only its edge days from stat_days.
-- stat_marks holds the projection's position in cases.updated_at ('cases').
CREATE TABLE stat_facts (
    case_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    facts   TEXT NOT NULL
);
CREATE TABLE stat_days (
    day            TEXT NOT NULL,
    region         TEXT NOT NULL,
    subject        TEXT NOT NULL,
    department     TEXT NOT NULL,
    center         TEXT NOT NULL,
    submitted      BIGINT NOT NULL,
    online         BIGINT NOT NULL,
    corrected      BIGINT NOT NULL,
    second_notices BIGINT NOT NULL,
    materials      BIGINT NOT NULL,
    exempt         BIGINT NOT NULL,
    accepted       BIGINT NOT NULL,
    decided        BIGINT NOT NULL,
    on_time        BIGINT NOT NULL,
    days_used      BIGINT NOT NULL,
    days_promised  BIGINT NOT NULL,
    closed         BIGINT NOT NULL,
    within_visits  BIGINT NOT NULL,
    zero_trip      BIGINT NOT NULL,
    ratings        BIGINT NOT NULL,
    satisfied      BIGINT NOT NULL,
    bad            BIGINT NOT NULL,
    PRIMARY KEY (day, region, subject, department, center)
);
CREATE TABLE stat_months (
    month          TEXT NOT NULL,
    region         TEXT NOT NULL,
    subject        TEXT NOT NULL,
    department     TEXT NOT NULL,
    center         TEXT NOT NULL,
    submitted      BIGINT NOT NULL,
    online         BIGINT NOT NULL,
    corrected      BIGINT NOT NULL,
    second_notices BIGINT NOT NULL,
    materials      BIGINT NOT NULL,
    exempt         BIGINT NOT NULL,
    accepted       BIGINT NOT NULL,
    decided        BIGINT NOT NULL,
    on_time        BIGINT NOT NULL,
    days_used      BIGINT NOT NULL,
    days_promised  BIGINT NOT NULL,
    closed         BIGINT NOT NULL,
    within_visits  BIGINT NOT NULL,
    zero_trip      BIGINT NOT NULL,
    ratings        BIGINT NOT NULL,
    satisfied      BIGINT NOT NULL,
    bad            BIGINT NOT NULL,
    PRIMARY KEY (month, region, subject, department, center)
);
CREATE TABLE stat_marks (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- Every fold first updates this row, so two nodes' folds take turns: each
-- reads the facts the other wrote (PostgreSQL's row lock; SQLite has one
-- writer anyway).
INSERT INTO stat_marks (name, value) VALUES ('lock', '');
CREATE INDEX cases_updated ON cases(updated_at, id);
