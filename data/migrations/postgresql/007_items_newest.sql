-- 007_items_newest.sql - the newest public items in index order, so the
-- portal's lists (store/items.c item_store_list: the home page, an
-- agency's page, /api/public/items) read their page from an index instead
-- of sorting every match. Partial indexes over the public states in the
-- list's order: 发布日期 descending with undated items last, then id
-- descending. The same indexes as migrations/sqlite/007_items_newest.sql.

-- One agency's public items (agency_id = $1, optionally a year's range).
CREATE INDEX items_public_agency ON items (agency_id, published_on DESC NULLS LAST, id DESC)
	WHERE state IN ('published', 'repealed');

-- Every agency's public items (the home page's newest).
CREATE INDEX items_public_newest ON items (published_on DESC NULLS LAST, id DESC)
	WHERE state IN ('published', 'repealed');

-- Public items per section (section_store_list counts them for every
-- section of an agency's catalog tree) without reading the rows.
CREATE INDEX items_public_section ON items (section_id)
	WHERE state IN ('published', 'repealed');
