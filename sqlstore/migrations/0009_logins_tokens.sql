-- Login throttling by the source that failed, not by the account (issue
-- 10): someone else's failures never keep an official out. An account
-- counts failures against it for an alert shown at the next login; unknown
-- names leave no row of their own. API tokens expire.
DROP TABLE login_failures;
CREATE TABLE login_failures (
    source  TEXT PRIMARY KEY,
    count   INTEGER NOT NULL,
    last_at TEXT NOT NULL
);
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN failed_login_at TEXT;
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
