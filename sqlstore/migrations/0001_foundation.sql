-- Foundation: regions, departments, service centres and windows, accounts,
-- browser sessions, API tokens, failed-login tracking, key/value metadata.
-- Portable SQL for SQLite and PostgreSQL: TEXT ids made in Go, times as TEXT
-- in UTC "2006-01-02T15:04:05.000000Z" (sorts as time), JSON as TEXT.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE regions (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    parent TEXT REFERENCES regions(code),
    level  TEXT NOT NULL
);
CREATE INDEX regions_parent ON regions(parent);

CREATE TABLE department_kinds (
    kind  TEXT PRIMARY KEY,
    name  TEXT NOT NULL,
    short TEXT NOT NULL,
    seq   INTEGER NOT NULL
);

CREATE TABLE departments (
    id     TEXT PRIMARY KEY,
    region TEXT NOT NULL REFERENCES regions(code),
    kind   TEXT NOT NULL REFERENCES department_kinds(kind),
    name   TEXT NOT NULL,
    short  TEXT NOT NULL,
    code   TEXT NOT NULL,
    UNIQUE (region, kind)
);
CREATE INDEX departments_region ON departments(region);

CREATE TABLE centers (
    id      TEXT PRIMARY KEY,
    region  TEXT NOT NULL REFERENCES regions(code),
    kind    TEXT NOT NULL,
    name    TEXT NOT NULL,
    address TEXT NOT NULL,
    hours   TEXT NOT NULL,
    phone   TEXT NOT NULL
);
CREATE INDEX centers_region ON centers(region);

CREATE TABLE windows (
    id        TEXT PRIMARY KEY,
    center_id TEXT NOT NULL REFERENCES centers(id),
    category  TEXT NOT NULL,
    name      TEXT NOT NULL,
    seq       INTEGER NOT NULL
);
CREATE INDEX windows_center ON windows(center_id);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    region        TEXT REFERENCES regions(code),
    department_id TEXT REFERENCES departments(id),
    center_id     TEXT REFERENCES centers(id),
    id_number     TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled      BOOLEAN NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX users_region ON users(region);

CREATE TABLE sessions (
    id_hash    TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id),
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id         TEXT PRIMARY KEY,
    hash       TEXT NOT NULL UNIQUE,
    user_id    TEXT NOT NULL REFERENCES users(id),
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE login_failures (
    username TEXT PRIMARY KEY,
    count    INTEGER NOT NULL,
    last_at  TEXT NOT NULL
);
