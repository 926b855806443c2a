-- Outbound webhooks of department systems: subscriptions, one delivery per
-- event and subscription (sent in event order per case, retried by jobs),
-- and leases that keep one sender per subscription and case.

CREATE TABLE webhooks (
    id            TEXT PRIMARY KEY,
    department_id TEXT NOT NULL REFERENCES departments(id),
    url           TEXT NOT NULL,
    secret        TEXT NOT NULL,
    events        TEXT NOT NULL,
    active        BOOLEAN NOT NULL,
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL
);
CREATE INDEX webhooks_department ON webhooks(department_id);

CREATE TABLE webhook_deliveries (
    id           TEXT PRIMARY KEY,
    webhook_id   TEXT NOT NULL REFERENCES webhooks(id),
    case_id      TEXT NOT NULL REFERENCES cases(id),
    event_seq    INTEGER NOT NULL,
    event_type   TEXT NOT NULL,
    body         TEXT NOT NULL,
    status       TEXT NOT NULL,
    attempts     INTEGER NOT NULL,
    last_status  INTEGER NOT NULL,
    last_error   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    delivered_at TEXT,
    UNIQUE (webhook_id, case_id, event_seq)
);
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries(webhook_id, case_id, status, event_seq);
CREATE INDEX webhook_deliveries_status ON webhook_deliveries(status, created_at);

CREATE TABLE webhook_leases (
    webhook_id TEXT NOT NULL,
    case_id    TEXT NOT NULL,
    holder     TEXT NOT NULL,
    until      TEXT NOT NULL,
    PRIMARY KEY (webhook_id, case_id)
);
