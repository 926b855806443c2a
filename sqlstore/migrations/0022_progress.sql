-- Public progress lookup (issue 13). The query codes need no table: they
-- are an HMAC of the case number under the platform's secret, which lives
-- in meta (key progress_secret, 32 random bytes in hex, written once by
-- whichever node needs it first). Wrong lookups are counted per subject,
-- "case:<number>" or "source:<client address>", in a window that opens at
-- the first failure (progress.Limits); a subject without failures has no
-- row. Every lookup is logged with its outcome (shown, wrong_code,
-- unknown_number, limited); the code asked is never stored.
CREATE TABLE progress_failures (
    subject TEXT PRIMARY KEY,
    count   INTEGER NOT NULL,
    since   TEXT NOT NULL
);

CREATE TABLE progress_lookups (
    id          TEXT PRIMARY KEY,
    case_number TEXT NOT NULL,
    source      TEXT NOT NULL,
    at          TEXT NOT NULL,
    outcome     TEXT NOT NULL
);
CREATE INDEX progress_lookups_number ON progress_lookups(case_number, at);
CREATE INDEX progress_lookups_source ON progress_lookups(source, at);
