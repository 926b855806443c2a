-- The service catalogue: licence types, shared data items, items and bundles
-- with frozen published versions and at most one draft each, and the
-- regions' implementations (实施清单). Version bodies are the catalog
-- package's JSON; the summary columns of items and bundles describe the
-- published version (or the draft of a never-published one) for lists.

CREATE TABLE licence_types (
    code           TEXT PRIMARY KEY,
    seq            INTEGER NOT NULL,
    name           TEXT NOT NULL,
    issuer_kind    TEXT NOT NULL,
    holder         TEXT NOT NULL,
    validity_years INTEGER NOT NULL,
    fields         TEXT NOT NULL
);

CREATE TABLE data_items (
    code          TEXT PRIMARY KEY,
    seq           INTEGER NOT NULL,
    name          TEXT NOT NULL,
    provider_kind TEXT NOT NULL,
    subject       TEXT NOT NULL,
    fields        TEXT NOT NULL,
    level         TEXT NOT NULL
);

CREATE TABLE items (
    code              TEXT PRIMARY KEY,
    seq               INTEGER NOT NULL,
    published_version INTEGER,
    draft_version     INTEGER,
    name              TEXT NOT NULL,
    kind              TEXT NOT NULL,
    department_kind   TEXT NOT NULL,
    level             TEXT NOT NULL,
    window_category   TEXT NOT NULL,
    online            TEXT NOT NULL,
    max_visits        INTEGER NOT NULL,
    promised_days     INTEGER NOT NULL,
    search            TEXT NOT NULL
);
CREATE INDEX items_window ON items(window_category);
CREATE INDEX items_dept ON items(department_kind);

CREATE TABLE item_versions (
    code         TEXT NOT NULL REFERENCES items(code),
    version      INTEGER NOT NULL,
    state        TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    published_at TEXT,
    published_by TEXT,
    PRIMARY KEY (code, version)
);

CREATE TABLE bundles (
    code              TEXT PRIMARY KEY,
    seq               INTEGER NOT NULL,
    published_version INTEGER,
    draft_version     INTEGER,
    name              TEXT NOT NULL,
    lead_kind         TEXT NOT NULL,
    promised_days     INTEGER NOT NULL,
    search            TEXT NOT NULL
);

CREATE TABLE bundle_versions (
    code         TEXT NOT NULL REFERENCES bundles(code),
    version      INTEGER NOT NULL,
    state        TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    published_at TEXT,
    published_by TEXT,
    PRIMARY KEY (code, version)
);

CREATE TABLE implementations (
    id            TEXT PRIMARY KEY,
    item_code     TEXT NOT NULL REFERENCES items(code),
    region        TEXT NOT NULL REFERENCES regions(code),
    department_id TEXT NOT NULL REFERENCES departments(id),
    center_id     TEXT REFERENCES centers(id),
    promised_days INTEGER NOT NULL,
    address       TEXT NOT NULL,
    hours         TEXT NOT NULL,
    phone         TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    UNIQUE (item_code, region)
);
CREATE INDEX implementations_region ON implementations(region);
