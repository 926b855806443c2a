-- Unified identity (issue 13): citizens' own accounts with a mobile number
-- and an assurance level, SMS codes kept as keyed hashes, companies bound
-- by their legal representative and the staff they authorise, and every
-- attempt (codes, real-name checks, bindings) logged.
CREATE TABLE accounts (
    user_id     TEXT PRIMARY KEY REFERENCES users(id),
    mobile      TEXT NOT NULL,
    level       TEXT NOT NULL,
    id_number   TEXT,
    verified_at TEXT,
    created_at  TEXT NOT NULL,
    closed_at   TEXT
);
CREATE UNIQUE INDEX accounts_mobile ON accounts(mobile) WHERE closed_at IS NULL;
CREATE UNIQUE INDEX accounts_id_number ON accounts(id_number) WHERE closed_at IS NULL AND id_number IS NOT NULL;

CREATE TABLE sms_codes (
    id      TEXT PRIMARY KEY,
    mobile  TEXT NOT NULL,
    purpose TEXT NOT NULL,
    hash    TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    tries   INTEGER NOT NULL DEFAULT 0,
    used_at TEXT
);
CREATE INDEX sms_codes_mobile ON sms_codes(mobile, purpose, sent_at);

CREATE TABLE company_bindings (
    id           TEXT PRIMARY KEY,
    uscc         TEXT NOT NULL,
    company_name TEXT NOT NULL,
    user_id      TEXT NOT NULL REFERENCES users(id),
    bound_at     TEXT NOT NULL,
    unbound_at   TEXT
);
CREATE UNIQUE INDEX company_bindings_active ON company_bindings(uscc, user_id) WHERE unbound_at IS NULL;
CREATE INDEX company_bindings_user ON company_bindings(user_id);

CREATE TABLE company_staff (
    id           TEXT PRIMARY KEY,
    uscc         TEXT NOT NULL,
    company_name TEXT NOT NULL,
    staff_user   TEXT NOT NULL REFERENCES users(id),
    items        TEXT NOT NULL, -- JSON array of item or bundle codes; [] every item
    until        TEXT NOT NULL,
    granted_by   TEXT NOT NULL,
    granted_at   TEXT NOT NULL,
    revoked_at   TEXT,
    revoked_by   TEXT
);
CREATE INDEX company_staff_user ON company_staff(staff_user);
CREATE INDEX company_staff_uscc ON company_staff(uscc);

CREATE TABLE identity_attempts (
    id        TEXT PRIMARY KEY,
    at        TEXT NOT NULL,
    kind      TEXT NOT NULL,   -- code_send, code_check, real_name, bind, grant, act
    subject   TEXT NOT NULL,   -- masked mobile, ID or USCC
    user_id   TEXT,
    source    TEXT NOT NULL,
    outcome   TEXT NOT NULL,   -- ok, or the message key of the refusal
    detail    TEXT NOT NULL
);
CREATE INDEX identity_attempts_at ON identity_attempts(at);
