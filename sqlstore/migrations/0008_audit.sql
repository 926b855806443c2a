-- Provable integrity (issue 10). The platform's own SM2 key signs
-- checkpoints: the SM3 Merkle root over every case's chain head, chained to
-- the checkpoint before. checkpoint_heads holds each case's head as of the
-- newest checkpoint that saw it change, so the newest root can be rebuilt
-- and every case's log shown to begin with what was checkpointed. Audit
-- runs are kept for the supervision pages.
CREATE TABLE platform_keys (
    id                 TEXT PRIMARY KEY,
    public_key_pem     TEXT NOT NULL,
    private_key_sealed TEXT NOT NULL,
    created_at         TEXT NOT NULL
);

CREATE TABLE checkpoints (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    cases     INTEGER NOT NULL,
    events    INTEGER NOT NULL,
    root      TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL,
    key_id    TEXT NOT NULL REFERENCES platform_keys(id),
    signature TEXT NOT NULL
);

CREATE TABLE checkpoint_heads (
    case_id        TEXT PRIMARY KEY,
    event_seq      INTEGER NOT NULL,
    hash           TEXT NOT NULL,
    checkpoint_seq INTEGER NOT NULL
);

CREATE TABLE audit_runs (
    id          TEXT PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    cases       INTEGER NOT NULL,
    events      INTEGER NOT NULL,
    licences    INTEGER NOT NULL,
    checkpoints INTEGER NOT NULL,
    problems    INTEGER NOT NULL,
    report      TEXT NOT NULL
);
CREATE INDEX audit_runs_started ON audit_runs(started_at);
