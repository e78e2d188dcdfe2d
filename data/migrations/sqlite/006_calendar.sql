-- 006_calendar.sql - the active working-day calendar lives in the database
-- (docs/deadlines.md, "Updating the calendar"). Every `gongkai calendar
-- load` (or POST /api/calendar) adds one row; the row with the highest
-- version is the active calendar, and an empty table means the calendar
-- built into the program (data/cn-holidays.tsv). Older rows stay as the
-- history of what was in force when. Running servers poll MAX(version)
-- (the primary key) at most once a second and reload when it changes.
CREATE TABLE calendars (
	version    INTEGER PRIMARY KEY,     -- 1, 2, 3 ...; the highest is active
	tsv        TEXT NOT NULL,           -- the holiday TSV as loaded (validated)
	sha256     TEXT NOT NULL,           -- hex SHA-256 of tsv
	first_year INTEGER NOT NULL,        -- covered notice years
	last_year  INTEGER NOT NULL,
	entries    INTEGER NOT NULL,        -- listed dates
	source     TEXT NOT NULL,           -- file name or "api" as given by the loader
	loaded_by  TEXT NOT NULL,           -- actor login, or "system" for the CLI
	loaded_at  TEXT NOT NULL            -- ISO-8601 UTC
);
