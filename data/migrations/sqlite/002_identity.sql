-- 002_identity.sql - what the identity layer adds to the core schema
-- (SQLite): API tokens and login throttling. Sessions are in 001_core.
-- Timestamps are ISO-8601 UTC text ("2024-05-01T08:30:00Z").

-- Personal API tokens ("Authorization: Bearer gk_..."). Only a SHA-256 hex
-- of the token is stored; the token itself is shown once at creation.
CREATE TABLE api_tokens (
	id           INTEGER PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	token_hash   TEXT NOT NULL UNIQUE,
	label        TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL,
	last_used_at TEXT,
	revoked_at   TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Failed-login throttling, one row per key ("login:NAME" or "ip:ADDR"):
-- failures counted since window_start; locked_until set when the limit is
-- reached (service/accounts.h gives the limits).
CREATE TABLE login_throttle (
	key          TEXT PRIMARY KEY,
	failures     INTEGER NOT NULL DEFAULT 0,
	window_start TEXT NOT NULL,
	locked_until TEXT
);
