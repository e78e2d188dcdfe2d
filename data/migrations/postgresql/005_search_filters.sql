-- 005_search_filters.sql - SQLite's FTS5 index gains filter tokens
-- (migrations/sqlite/005_search_filters.sql). PostgreSQL filters by
-- joining items; nothing changes here. Kept so both engines share numbers.
SELECT 1;
