-- The data-sharing platform (issue 11): grants of shared data items to
-- consumer bodies, and the append-only access log of every query. The
-- log keeps the subject as a keyed hash (searchable by the platform, not
-- readable) and masked for display; the store never updates or deletes a
-- row of it.
CREATE TABLE sharing_grants (
    id            TEXT PRIMARY KEY,
    item          TEXT NOT NULL,
    provider      TEXT NOT NULL,
    consumer_kind TEXT NOT NULL,
    consumer      TEXT NOT NULL,
    fields        TEXT NOT NULL,
    purpose       TEXT NOT NULL,
    valid_until   TEXT NOT NULL,
    status        TEXT NOT NULL,
    requested_by  TEXT NOT NULL,
    requested_at  TEXT NOT NULL,
    decided_by    TEXT,
    decided_at    TEXT,
    reason        TEXT NOT NULL
);
CREATE INDEX sharing_grants_consumer ON sharing_grants(consumer, item, status, valid_until);
CREATE INDEX sharing_grants_provider ON sharing_grants(provider, status, requested_at);

CREATE TABLE sharing_access (
    id             TEXT PRIMARY KEY,
    at             TEXT NOT NULL,
    user_name      TEXT NOT NULL,
    consumer_kind  TEXT NOT NULL,
    consumer       TEXT NOT NULL,
    item           TEXT NOT NULL,
    provider       TEXT NOT NULL,
    subject_key    TEXT NOT NULL,
    subject_masked TEXT NOT NULL,
    case_id        TEXT,
    case_number    TEXT,
    purpose        TEXT NOT NULL,
    result         TEXT NOT NULL,
    reason         TEXT NOT NULL,
    fields         TEXT NOT NULL,
    duration_us    BIGINT NOT NULL
);
CREATE INDEX sharing_access_subject ON sharing_access(subject_key, at);
CREATE INDEX sharing_access_case ON sharing_access(case_id, at);
CREATE INDEX sharing_access_consumer ON sharing_access(consumer, at);
CREATE INDEX sharing_access_at ON sharing_access(at);
