-- The knowledge base and question answering (issue 15). kb_entries are the
-- entries admins write and review (draft → reviewed → published →
-- retired); services is a JSON array of item and bundle codes; region ''
-- is the whole province; valid_from/valid_to YYYY-MM-DD or ''. revision
-- counts saves so two admins editing at once do not overwrite each other.
-- The guides' FAQ are entries too, but they live in the guides.
CREATE TABLE kb_entries (
    id          TEXT PRIMARY KEY,
    question    TEXT NOT NULL,
    answer      TEXT NOT NULL,
    services    TEXT NOT NULL,
    region      TEXT NOT NULL,
    source      TEXT NOT NULL,
    state       TEXT NOT NULL,
    author      TEXT NOT NULL,
    reviewed_by TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    valid_to    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    revision    INTEGER NOT NULL
);
CREATE INDEX kb_entries_state ON kb_entries(state, updated_at);

-- The synonym table: a way people say something and the catalogue's words
-- for it (targets: a JSON array). Seeded once from qa.DefaultSynonyms.
CREATE TABLE qa_synonyms (
    term       TEXT PRIMARY KEY,
    targets    TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

-- Questions that found no answer, anonymised (qa.Anonymise), counted per
-- question and region for the knowledge-base team.
CREATE TABLE qa_unanswered (
    question TEXT NOT NULL,
    region   TEXT NOT NULL,
    asked    INTEGER NOT NULL,
    first_at TEXT NOT NULL,
    last_at  TEXT NOT NULL,
    PRIMARY KEY (question, region)
);
CREATE INDEX qa_unanswered_asked ON qa_unanswered(asked);

-- 有帮助 / 没帮助 on answers, counted per answer (kind item, bundle or
-- entry, and its code).
CREATE TABLE qa_feedback (
    kind      TEXT NOT NULL,
    code      TEXT NOT NULL,
    helpful   INTEGER NOT NULL,
    unhelpful INTEGER NOT NULL,
    PRIMARY KEY (kind, code)
);
