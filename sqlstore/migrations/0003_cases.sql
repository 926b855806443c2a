-- Cases (办件) from intake to archive: materials as last judged, notices,
-- trips, the append-only hash-chained event log, idempotent requests, daily
-- case-number counters, uploaded blobs, department tasks, suspensions and
-- the working-day calendar's admin overrides.

CREATE TABLE case_counters (
    region TEXT NOT NULL,
    day    TEXT NOT NULL,
    last   INTEGER NOT NULL,
    PRIMARY KEY (region, day)
);

CREATE TABLE cases (
    id              TEXT PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    region          TEXT NOT NULL REFERENCES regions(code),
    center_id       TEXT REFERENCES centers(id),
    item_code       TEXT,
    bundle_code     TEXT,
    catalog_version INTEGER NOT NULL,
    step_versions   TEXT NOT NULL,
    title           TEXT NOT NULL,
    channel         TEXT NOT NULL,
    status          TEXT NOT NULL,
    applicant_type  TEXT NOT NULL,
    applicant_name  TEXT NOT NULL,
    applicant_id    TEXT NOT NULL,
    applicant_user  TEXT REFERENCES users(id),
    agent           TEXT,
    form            TEXT NOT NULL,
    delivery        TEXT NOT NULL,
    max_visits      INTEGER NOT NULL,
    promised_days   INTEGER NOT NULL,
    lead_department TEXT REFERENCES departments(id),
    accepted_at     TEXT,
    due_date        TEXT,
    deferred_due    TEXT,
    decision        TEXT,
    decided_at      TEXT,
    closed_at       TEXT,
    notices         INTEGER NOT NULL,
    second_notice   BOOLEAN NOT NULL,
    trips_total     INTEGER NOT NULL,
    trips_counted   INTEGER NOT NULL,
    visit_breach    BOOLEAN NOT NULL,
    refusal         TEXT,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL,
    event_seq       INTEGER NOT NULL,
    event_hash      TEXT NOT NULL
);
CREATE INDEX cases_region_status ON cases(region, status, created_at);
CREATE INDEX cases_applicant ON cases(applicant_id);
CREATE INDEX cases_applicant_user ON cases(applicant_user);
CREATE INDEX cases_status ON cases(status, created_at);

CREATE TABLE case_materials (
    case_id   TEXT NOT NULL REFERENCES cases(id),
    entry_key TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    name      TEXT NOT NULL,
    source    TEXT NOT NULL,
    required  BOOLEAN NOT NULL,
    state     TEXT NOT NULL,
    reason    TEXT NOT NULL,
    ref       TEXT NOT NULL,
    files     TEXT NOT NULL,
    spec_ids  TEXT NOT NULL,
    due_date  TEXT,
    PRIMARY KEY (case_id, entry_key)
);

CREATE TABLE notices (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases(id),
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    items       TEXT NOT NULL,
    breaches    TEXT NOT NULL,
    reason      TEXT NOT NULL,
    legal_basis TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    UNIQUE (case_id, seq)
);

CREATE TABLE trips (
    case_id   TEXT NOT NULL REFERENCES cases(id),
    seq       INTEGER NOT NULL,
    at        TEXT NOT NULL,
    purpose   TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    voluntary BOOLEAN NOT NULL,
    note      TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
);

CREATE TABLE events (
    case_id   TEXT NOT NULL REFERENCES cases(id),
    seq       INTEGER NOT NULL,
    type      TEXT NOT NULL,
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL,
    data      TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL,
    PRIMARY KEY (case_id, seq)
);

CREATE TABLE idempotency (
    principal  TEXT NOT NULL,
    key        TEXT NOT NULL,
    body_hash  TEXT NOT NULL,
    status     INTEGER NOT NULL,
    response   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (principal, key)
);

CREATE TABLE blobs (
    id           TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    size         BIGINT NOT NULL,
    content_type TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (id, created_by)
);

CREATE TABLE case_files (
    case_id   TEXT NOT NULL REFERENCES cases(id),
    blob_id   TEXT NOT NULL,
    entry_key TEXT NOT NULL,
    added_at  TEXT NOT NULL,
    PRIMARY KEY (case_id, blob_id, entry_key)
);
CREATE INDEX case_files_blob ON case_files(blob_id);

CREATE TABLE tasks (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL REFERENCES cases(id),
    step          TEXT NOT NULL,
    item_version  INTEGER NOT NULL,
    department_id TEXT NOT NULL REFERENCES departments(id),
    after_steps   TEXT NOT NULL,
    is_lead       BOOLEAN NOT NULL,
    status        TEXT NOT NULL,
    version       INTEGER NOT NULL,
    limit_days    INTEGER NOT NULL,
    ready_at      TEXT,
    due_date      TEXT,
    decided_at    TEXT,
    decided_by    TEXT,
    opinion       TEXT NOT NULL,
    outputs       TEXT NOT NULL,
    seq           INTEGER NOT NULL,
    UNIQUE (case_id, step)
);
CREATE INDEX tasks_queue ON tasks(department_id, status, due_date, id);
CREATE INDEX tasks_case ON tasks(case_id);

CREATE TABLE suspensions (
    id         TEXT PRIMARY KEY,
    case_id    TEXT NOT NULL REFERENCES cases(id),
    task_id    TEXT REFERENCES tasks(id),
    kind       TEXT NOT NULL,
    reason     TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at   TEXT,
    created_by TEXT NOT NULL
);
CREATE INDEX suspensions_case ON suspensions(case_id);

CREATE TABLE calendar_overrides (
    day        TEXT PRIMARY KEY,
    work       BOOLEAN NOT NULL,
    name       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

CREATE TABLE calendar_audit (
    id     TEXT PRIMARY KEY,
    day    TEXT NOT NULL,
    action TEXT NOT NULL,
    work   BOOLEAN,
    name   TEXT NOT NULL,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL
);
