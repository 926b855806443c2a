-- Notifications (issue 13): what a case's events tell its applicant.
--
-- The change's transaction writes one notify_queue row (the case and the
-- seqs of its new events that may notify someone) and wakes its shard's
-- sender; the sender, right after the commit (or, while the node takes
-- changes fast, within a few seconds: it yields to them), reads the
-- events, the recipients and their choices, and writes the inbox rows and
-- the SMS (notify.Notes, notify.Address) in one batched transaction, then
-- sends the SMS. A change thus costs one small insert, and nothing it
-- caused can be lost: the queue row commits with it.
CREATE TABLE notify_queue (
    id            TEXT PRIMARY KEY, -- UUIDv7: in the order of the changes
    shard         INTEGER NOT NULL,
    case_id       TEXT NOT NULL,
    first_seq     INTEGER NOT NULL,
    last_seq      INTEGER NOT NULL,
    created_at    TEXT NOT NULL,    -- real time, for the sender's pace
    claimed_until TEXT              -- a sender's claim (real time)
);
CREATE INDEX notify_queue_shard ON notify_queue(shard, id);

-- notifications is the in-app inbox (站内消息): one row per recipient and
-- note, the text in both languages as it was sent (a template changed
-- later does not rewrite what someone was told); created_at is the
-- change's moment. No foreign key to cases: an inbox outlives the
-- archiving of the case it is about. The unique index makes a second
-- fan-out of the same change write nothing.
CREATE TABLE notifications (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users(id),
    kind        TEXT NOT NULL,
    case_id     TEXT NOT NULL,
    case_number TEXT NOT NULL,
    event_seq   INTEGER NOT NULL,
    title_zh    TEXT NOT NULL,
    body_zh     TEXT NOT NULL,
    title_en    TEXT NOT NULL,
    body_en     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    read_at     TEXT
);
CREATE INDEX notifications_user ON notifications(user_id, created_at);
CREATE UNIQUE INDEX notifications_once ON notifications(case_id, event_seq, user_id);
CREATE INDEX notifications_unread ON notifications(user_id) WHERE read_at IS NULL;

-- sms_outbox holds every SMS until the gateway took it. The id (derived
-- from the case, the event and the recipient) is the gateway's Ref, so a
-- send retried after a crash or a duplicate job texts once. status:
-- pending (due at next_at), sending (claimed by a sender until next_at; a
-- claim that lapses is taken again), sent, rejected (the gateway will
-- never send it), failed (out of attempts). next_at is a real-time
-- moment, as the job queue's retries are. shard spreads the senders (one
-- job per shard drains it).
CREATE TABLE sms_outbox (
    id         TEXT PRIMARY KEY,
    shard      INTEGER NOT NULL,
    user_id    TEXT NOT NULL,
    case_id    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    mobile     TEXT NOT NULL,
    text       TEXT NOT NULL,
    status     TEXT NOT NULL,
    attempts   INTEGER NOT NULL,
    next_at    TEXT NOT NULL,
    last_error TEXT NOT NULL,
    gateway_id TEXT,
    created_at TEXT NOT NULL,
    sent_at    TEXT
);
CREATE INDEX sms_outbox_due ON sms_outbox(shard, status, next_at);
CREATE INDEX sms_outbox_case ON sms_outbox(case_id);

-- sms_wake has a row for each shard with work (queued changes, SMS) for a
-- sender that has not started yet: a change inserts it (and then the
-- shard's job) only when it is absent, the sender deletes it before it
-- drains the shard, so a burst of changes makes a few jobs, not one each,
-- and none is missed (on PostgreSQL a change reads the row FOR SHARE: the
-- sender's delete waits for it). n is 1: a row stands for one queued job.
CREATE TABLE sms_wake (
    shard INTEGER PRIMARY KEY,
    n     INTEGER NOT NULL
);

-- notification_prefs are an applicant's channel choices (notify.Prefs);
-- an account without a row has the defaults (SMS on, in Chinese).
CREATE TABLE notification_prefs (
    user_id    TEXT PRIMARY KEY REFERENCES users(id),
    sms        BOOLEAN NOT NULL,
    sms_off    TEXT NOT NULL, -- JSON array of notify.Kind
    lang       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- A case names its applicant by ID number: the recipients' lookup finds
-- the citizen's account by it.
CREATE INDEX users_id_number ON users(id_number);
