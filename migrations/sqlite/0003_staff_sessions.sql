-- Server-side sessions of staff accounts. Only a SHA-256 of the cookie's
-- token is stored, so a leaked database does not leak live sessions.
CREATE TABLE staff_sessions (
    token_hash    TEXT    PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES staff_users (id) ON DELETE CASCADE,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL
);
CREATE INDEX staff_sessions_by_user ON staff_sessions (user_id);
