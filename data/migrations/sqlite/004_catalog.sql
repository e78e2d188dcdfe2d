-- 004_catalog.sql - proactive disclosure (主动公开): catalog sections,
-- items and their versions, review stages and history, attachments, the
-- guide, index-number counters and the full-text index (SQLite).
-- docs/catalog.md describes the tables. Dates "YYYY-MM-DD", timestamps
-- ISO-8601 UTC text.

-- Per-agency catalog settings: the 索引号 pattern, the review stages
-- (comma-separated stage roles, '' = the default four) and the guide.
CREATE TABLE catalog_settings (
	agency_id     INTEGER PRIMARY KEY REFERENCES agencies(id),
	index_pattern TEXT NOT NULL DEFAULT '{code}/{year}-{seq:5}',
	review_stages TEXT NOT NULL DEFAULT '',
	guide_html    TEXT NOT NULL DEFAULT '',
	guide_updated_at TEXT,
	updated_at    TEXT NOT NULL
);

-- Next sequence number of 索引号 per agency and year.
CREATE TABLE index_counters (
	agency_id INTEGER NOT NULL REFERENCES agencies(id),
	year      INTEGER NOT NULL,
	next_seq  INTEGER NOT NULL,
	PRIMARY KEY (agency_id, year)
);

-- The catalog tree (栏目) of each agency.
CREATE TABLE catalog_sections (
	id         INTEGER PRIMARY KEY,
	agency_id  INTEGER NOT NULL REFERENCES agencies(id),
	parent_id  INTEGER REFERENCES catalog_sections(id),
	code       TEXT NOT NULL,
	name       TEXT NOT NULL,
	position   INTEGER NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	UNIQUE (agency_id, code)
);
CREATE INDEX catalog_sections_agency ON catalog_sections(agency_id, parent_id, position);

-- Items of the catalog (主动公开信息).
CREATE TABLE items (
	id            INTEGER PRIMARY KEY,
	agency_id     INTEGER NOT NULL REFERENCES agencies(id),
	section_id    INTEGER REFERENCES catalog_sections(id),
	index_no      TEXT NOT NULL UNIQUE,     -- 索引号
	title         TEXT NOT NULL,
	body_html     TEXT NOT NULL DEFAULT '', -- sanitized (base/sanitize.h)
	publisher     TEXT NOT NULL DEFAULT '', -- 发布机构
	written_on    TEXT,                     -- 成文日期
	formed_on     TEXT,                     -- 信息形成日期 (Art. 26 deadline start)
	published_on  TEXT,                     -- 发布日期
	doc_no        TEXT NOT NULL DEFAULT '', -- 文号
	topic         TEXT NOT NULL DEFAULT '', -- 主题分类
	genre         TEXT NOT NULL DEFAULT '', -- 体裁
	validity      TEXT CHECK (validity IN ('current', 'repealed', 'amended')),
	effective_on  TEXT,                     -- 施行日期
	invalid_on    TEXT,                     -- 废止/修改日期
	interprets_id INTEGER REFERENCES items(id),   -- 政策解读 -> the document
	source_application_id INTEGER REFERENCES applications(id),  -- Art. 44
	state         TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'in_review',
		'published', 'withdrawn', 'repealed')),
	stage         INTEGER NOT NULL DEFAULT -1,
	state_reason  TEXT NOT NULL DEFAULT '',
	author_id     INTEGER REFERENCES users(id),
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX items_agency_state ON items(agency_id, state, published_on);
CREATE INDEX items_section ON items(section_id);
CREATE INDEX items_genre ON items(genre, validity);
CREATE INDEX items_interprets ON items(interprets_id);

-- Every saved version of an item (a JSON snapshot of its fields).
CREATE TABLE item_versions (
	item_id    INTEGER NOT NULL REFERENCES items(id),
	version    INTEGER NOT NULL,
	snapshot   TEXT NOT NULL,
	created_by INTEGER REFERENCES users(id),
	created_at TEXT NOT NULL,
	PRIMARY KEY (item_id, version)
);

-- The review history shown next to an item (the audit log has it too).
CREATE TABLE item_reviews (
	id         INTEGER PRIMARY KEY,
	item_id    INTEGER NOT NULL REFERENCES items(id),
	action     TEXT NOT NULL,
	stage      TEXT NOT NULL DEFAULT '',
	user_id    INTEGER REFERENCES users(id),
	comment    TEXT NOT NULL DEFAULT '',
	at         TEXT NOT NULL
);
CREATE INDEX item_reviews_item ON item_reviews(item_id, id);

-- Attachments: rows of files (001_core) linked to items.
CREATE TABLE item_attachments (
	item_id  INTEGER NOT NULL REFERENCES items(id),
	file_id  INTEGER NOT NULL REFERENCES files(id),
	position INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (item_id, file_id)
);

-- Full-text index of public items (state published or repealed). rowid =
-- items.id. Columns hold the tokens of base/tokenize.h as space-separated
-- text (seq and uni streams of title, body, and meta = 文号 索引号
-- 发布机构), so FTS5's plain 'ascii' tokenizer only splits on spaces.
CREATE VIRTUAL TABLE item_fts USING fts5(t_seq, t_uni, b_seq, b_uni, m_seq, m_uni,
	tokenize = 'ascii', detail = 'full');
