-- Server-side secrets shared by every instance (HMAC keys for start tokens
-- and device hashes). Created once, at first start.
CREATE TABLE app_secrets (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
