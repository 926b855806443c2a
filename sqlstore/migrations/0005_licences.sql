-- The licence library (电子证照库) and the departments' electronic seals
-- (电子印章). A seal is an SM2 key pair; its private key is kept encrypted
-- with SM4-GCM under the master key (seal.SealPrivateKey, stored base64). A
-- department has at most one active seal (retired_at NULL); rotation retires
-- it for new signing, and licences it signed still verify with it. A licence
-- keeps the exact canonical bytes that were signed (document) and the DER
-- signature (base64), so the export file and the OpenSSL check reproduce
-- them byte for byte. Dates are YYYY-MM-DD in China time; valid_until NULL
-- is long-term (长期). Serials count per issuer, type and day.

CREATE TABLE seals (
    id                 TEXT PRIMARY KEY,
    department_id      TEXT NOT NULL REFERENCES departments(id),
    public_key_pem     TEXT NOT NULL,
    private_key_sealed TEXT NOT NULL,
    fingerprint        TEXT NOT NULL,
    serial             TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    created_by         TEXT NOT NULL,
    retired_at         TEXT,
    retired_by         TEXT
);
CREATE UNIQUE INDEX seals_active ON seals(department_id) WHERE retired_at IS NULL;
CREATE INDEX seals_department ON seals(department_id, created_at);

CREATE TABLE licence_serials (
    issuer_code TEXT NOT NULL,
    type_code   TEXT NOT NULL,
    day         TEXT NOT NULL,
    last        BIGINT NOT NULL,
    PRIMARY KEY (issuer_code, type_code, day)
);

CREATE TABLE licences (
    id                TEXT PRIMARY KEY,
    identifier        TEXT NOT NULL UNIQUE,
    type              TEXT NOT NULL,
    type_code         TEXT NOT NULL,
    type_name         TEXT NOT NULL,
    holder_name       TEXT NOT NULL,
    holder_id_type    TEXT NOT NULL,
    holder_id_number  TEXT NOT NULL,
    representative_id TEXT NOT NULL,
    department_id     TEXT NOT NULL REFERENCES departments(id),
    issuer_name       TEXT NOT NULL,
    issuer_code       TEXT NOT NULL,
    region            TEXT NOT NULL,
    seal_id           TEXT NOT NULL REFERENCES seals(id),
    case_id           TEXT REFERENCES cases(id),
    task_id           TEXT REFERENCES tasks(id),
    case_number       TEXT NOT NULL,
    serial            TEXT NOT NULL,
    version           TEXT NOT NULL,
    issued_on         TEXT NOT NULL,
    valid_until       TEXT,
    fields            TEXT NOT NULL,
    document          TEXT NOT NULL,
    signature         TEXT NOT NULL,
    issued_at         TEXT NOT NULL,
    issued_by         TEXT NOT NULL,
    revoked_at        TEXT,
    revoke_reason     TEXT,
    revoked_by        TEXT,
    search            TEXT NOT NULL
);
CREATE INDEX licences_holder ON licences(holder_id_number, type);
CREATE INDEX licences_representative ON licences(representative_id);
CREATE INDEX licences_department ON licences(department_id, issued_at);
CREATE INDEX licences_region ON licences(region, issued_at);
CREATE INDEX licences_case ON licences(case_id);

CREATE TABLE licence_uses (
    licence_id TEXT NOT NULL REFERENCES licences(id),
    case_id    TEXT NOT NULL REFERENCES cases(id),
    used_by    TEXT NOT NULL,
    used_at    TEXT NOT NULL,
    purpose    TEXT NOT NULL,
    PRIMARY KEY (licence_id, case_id)
);
CREATE INDEX licence_uses_case ON licence_uses(case_id);
