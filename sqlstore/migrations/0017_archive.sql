-- Electronic archives (issue 16). One package per case and department that
-- worked on it; the zip lives in the archive storage (a blob root of its
-- own), named by its SM3 (blob). applicant_id is the archive's full record:
-- pages mask it. state: kept, transferred (移交 to the archives), destroyed.
-- check_ok/check_report are the last 四性检测 (archive.Report as JSON);
-- every check is in archive_checks.
CREATE TABLE archive_packages (
    id              TEXT PRIMARY KEY,
    case_id         TEXT NOT NULL,
    department_id   TEXT NOT NULL,
    department_name TEXT NOT NULL,
    region          TEXT NOT NULL,
    item_code       TEXT NOT NULL,
    item_name       TEXT NOT NULL,
    case_number     TEXT NOT NULL,
    applicant       TEXT NOT NULL,
    applicant_type  TEXT NOT NULL,
    applicant_id    TEXT NOT NULL,
    closed_at       TEXT NOT NULL,
    archived_at     TEXT NOT NULL,
    retention       TEXT NOT NULL,
    blob            TEXT NOT NULL,
    size            INTEGER NOT NULL,
    files           INTEGER NOT NULL,
    state           TEXT NOT NULL,
    check_ok        INTEGER NOT NULL,
    check_report    TEXT NOT NULL,
    checked_at      TEXT NOT NULL,
    transfer_id     TEXT NOT NULL,
    UNIQUE (case_id, department_id)
);
CREATE INDEX archive_packages_dept ON archive_packages(department_id, archived_at);
CREATE INDEX archive_packages_number ON archive_packages(case_number);

CREATE TABLE archive_checks (
    id         TEXT PRIMARY KEY,
    package_id TEXT NOT NULL,
    reason     TEXT NOT NULL,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    ok         INTEGER NOT NULL,
    report     TEXT NOT NULL
);
CREATE INDEX archive_checks_package ON archive_checks(package_id, at);

-- Retention per item (保管期限), set by the province's admins; an item
-- without a row keeps archive.DefaultRetention.
CREATE TABLE archive_retention (
    item_code  TEXT PRIMARY KEY,
    retention  TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

-- Transfer batches (移交): a department's packages handed to the archives
-- with a signed transfer list (its SM3 and the seal's signature).
CREATE TABLE archive_transfers (
    id            TEXT PRIMARY KEY,
    department_id TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL,
    packages      INTEGER NOT NULL,
    list_xml      TEXT NOT NULL,
    list_sm3      TEXT NOT NULL,
    signature     TEXT NOT NULL
);
CREATE INDEX archive_transfers_dept ON archive_transfers(department_id, created_at);

-- Destruction (销毁) of packages whose retention is over: proposed by the
-- department's archivist, approved by a region admin; the list is kept
-- after the package's bytes are gone.
CREATE TABLE archive_destructions (
    package_id   TEXT PRIMARY KEY,
    department_id TEXT NOT NULL,
    case_number  TEXT NOT NULL,
    item_code    TEXT NOT NULL,
    retention    TEXT NOT NULL,
    archived_at  TEXT NOT NULL,
    proposed_at  TEXT NOT NULL,
    proposed_by  TEXT NOT NULL,
    reason       TEXT NOT NULL,
    approved_at  TEXT NOT NULL,
    approved_by  TEXT NOT NULL
);
