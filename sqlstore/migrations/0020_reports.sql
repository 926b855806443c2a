-- Progress reports and circulars (issue 12). A round is set by a province
-- (or city) for its children; each child region has at most one report
-- per round, its figures kept as saved (JSON of supervision.Measures and
-- its children's), final once submitted.
CREATE TABLE report_rounds (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    region      TEXT NOT NULL,
    period_from TEXT NOT NULL,
    period_to   TEXT NOT NULL,
    due         TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX report_rounds_region ON report_rounds(region, due);

CREATE TABLE reports (
    id           TEXT PRIMARY KEY,
    round_id     TEXT NOT NULL REFERENCES report_rounds(id),
    region       TEXT NOT NULL,
    state        TEXT NOT NULL,
    narrative    TEXT NOT NULL,
    figures      TEXT NOT NULL,
    saved_at     TEXT NOT NULL,
    submitted_at TEXT,
    submitted_by TEXT NOT NULL,
    version      INTEGER NOT NULL,
    UNIQUE (round_id, region)
);
