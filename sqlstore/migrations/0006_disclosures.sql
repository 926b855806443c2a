-- Disclosures: a supervisor or admin opened a case's personal ID numbers
-- in full, for a stated purpose (PIPL: every such read is recorded).
CREATE TABLE disclosures (
    id         TEXT PRIMARY KEY,
    username   TEXT NOT NULL,
    role       TEXT NOT NULL,
    case_id    TEXT NOT NULL REFERENCES cases(id),
    purpose    TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX disclosures_case ON disclosures(case_id, at);
