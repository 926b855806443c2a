-- The user admin page (issue 13). Every change an admin makes to an
-- account names the version it was made on and bumps it, so two admins
-- never overwrite each other silently; user_changes keeps who changed what
-- (role and scope, a password reset, disabling, a revocation), with what
-- changed as JSON.
ALTER TABLE users ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TABLE user_changes (
    id      TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    detail  TEXT NOT NULL
);
CREATE INDEX user_changes_user ON user_changes(user_id, at);
