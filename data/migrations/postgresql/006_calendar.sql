-- 006_calendar.sql - the active working-day calendar lives in the database
-- (PostgreSQL; see migrations/sqlite/006_calendar.sql and
-- docs/deadlines.md, "Updating the calendar"). The row with the highest
-- version is active; an empty table means the built-in calendar.
CREATE TABLE calendars (
	version    BIGINT PRIMARY KEY,      -- 1, 2, 3 ...; the highest is active
	tsv        TEXT NOT NULL,           -- the holiday TSV as loaded (validated)
	sha256     TEXT NOT NULL,           -- hex SHA-256 of tsv
	first_year INTEGER NOT NULL,        -- covered notice years
	last_year  INTEGER NOT NULL,
	entries    INTEGER NOT NULL,        -- listed dates
	source     TEXT NOT NULL,           -- file name or "api" as given by the loader
	loaded_by  TEXT NOT NULL,           -- actor login, or "system" for the CLI
	loaded_at  TEXT NOT NULL            -- ISO-8601 UTC
);
