-- 001_core.sql - the back-office core schema (SQLite). docs/store.md
-- describes every table. Portable types only: INTEGER, TEXT, BLOB;
-- timestamps are ISO-8601 UTC text ("2024-05-01T08:30:00Z"), dates are
-- "YYYY-MM-DD", booleans are INTEGER 0/1.

CREATE TABLE settings (
	key        TEXT PRIMARY KEY,
	value      TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

CREATE TABLE agencies (
	id         INTEGER PRIMARY KEY,
	parent_id  INTEGER REFERENCES agencies(id),
	code       TEXT NOT NULL UNIQUE,
	name       TEXT NOT NULL,
	kind       TEXT NOT NULL CHECK (kind IN ('department', 'government')),
	disabled   INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at TEXT NOT NULL
);
CREATE INDEX agencies_parent ON agencies(parent_id);

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	login         TEXT NOT NULL UNIQUE,
	display_name  TEXT NOT NULL,
	password_hash TEXT NOT NULL,          -- Argon2id string (crypto_pwhash_str)
	must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
	disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	last_login_at TEXT,
	created_at    TEXT NOT NULL
);

CREATE TABLE user_roles (
	user_id   INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	agency_id INTEGER NOT NULL REFERENCES agencies(id),
	role      TEXT NOT NULL CHECK (role IN ('admin', 'clerk', 'handler', 'dept_review',
		'office_check', 'office_head', 'leader_sign', 'supervisor', 'approver')),
	PRIMARY KEY (user_id, agency_id, role)
);
CREATE INDEX user_roles_agency ON user_roles(agency_id, role);

-- Login sessions live in the database so any gongkai process can answer
-- any request. id is a hash of the cookie token, never the token itself.
CREATE TABLE sessions (
	id           TEXT PRIMARY KEY,
	user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	csrf_token   TEXT NOT NULL,
	created_at   TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	expires_at   TEXT NOT NULL,
	remote_addr  TEXT,
	user_agent   TEXT
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

-- Disclosure applications (政府信息公开申请).
CREATE TABLE applications (
	id              INTEGER PRIMARY KEY,
	agency_id       INTEGER NOT NULL REFERENCES agencies(id),
	tracking_code   TEXT NOT NULL UNIQUE,   -- given to the applicant
	verifier_hash   TEXT NOT NULL,          -- hash of the applicant's follow-up secret
	channel         TEXT NOT NULL CHECK (channel IN ('in_person', 'post_signed', 'letter',
		'online', 'fax', 'other')),
	submitted_on    TEXT,                   -- dates "YYYY-MM-DD"
	signed_on       TEXT,                   -- post: 签收之日
	confirmed_on    TEXT,                   -- letter/online/fax: 确认之日
	received_on     TEXT NOT NULL,          -- 收到申请之日 (deadline start)
	applicant_kind  TEXT NOT NULL CHECK (applicant_kind IN ('person', 'business', 'research',
		'nonprofit', 'legal', 'other_org')),
	applicant_name  TEXT NOT NULL,
	id_number_enc   BLOB,                   -- secretbox(nonce || ciphertext), base/secret.h
	id_number_mask  TEXT,                   -- e.g. 110105********1234
	contact_phone   TEXT,
	contact_email   TEXT,
	contact_address TEXT,
	postal_code     TEXT,
	description     TEXT NOT NULL,          -- 所需信息的名称、文号或描述
	form_wanted     TEXT,                   -- paper / electronic / ...
	delivery        TEXT,                   -- post / pickup / email / online
	handler_user_id INTEGER REFERENCES users(id),
	state           TEXT NOT NULL DEFAULT 'open',
	waiting         TEXT,                   -- what an open application waits for
	due_on          TEXT,                   -- cache of the DERIVED deadline (domain/deadline.h)
	outcome         TEXT,                   -- a 2021 table-three row key when answered
	answered_on     TEXT,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	version         INTEGER NOT NULL DEFAULT 1   -- optimistic locking
);
CREATE INDEX applications_deadline ON applications(agency_id, state, due_on);
CREATE INDEX applications_received ON applications(agency_id, received_on);
CREATE INDEX applications_answered ON applications(agency_id, answered_on);

-- The event history an application's deadline and state are derived from.
CREATE TABLE application_events (
	id             INTEGER PRIMARY KEY,
	application_id INTEGER NOT NULL REFERENCES applications(id),
	seq            INTEGER NOT NULL,        -- 1, 2, ... per application
	type           TEXT NOT NULL,           -- domain/deadline.h event kind names
	date           TEXT NOT NULL,           -- the legal date of the event
	actor_user_id  INTEGER REFERENCES users(id),
	data_json      TEXT NOT NULL DEFAULT '{}',
	created_at     TEXT NOT NULL,
	UNIQUE (application_id, seq)
);

-- Stored files (scanned letters, reply notices, attachments).
CREATE TABLE files (
	id           INTEGER PRIMARY KEY,
	sha256       TEXT NOT NULL,
	filename     TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size         INTEGER NOT NULL,
	data         BLOB NOT NULL,
	created_by   INTEGER REFERENCES users(id),
	created_at   TEXT NOT NULL
);
CREATE INDEX files_sha256 ON files(sha256);

CREATE TABLE application_files (
	application_id INTEGER NOT NULL REFERENCES applications(id),
	file_id        INTEGER NOT NULL REFERENCES files(id),
	role           TEXT NOT NULL CHECK (role IN ('application', 'correction', 'reply',
		'notice', 'other')),
	event_id       INTEGER REFERENCES application_events(id),
	PRIMARY KEY (application_id, file_id)
);

-- Administrative reconsideration and litigation (行政复议 / 行政诉讼).
-- application_id is optional: appeals about active disclosure exist too.
CREATE TABLE appeals (
	id             INTEGER PRIMARY KEY,
	agency_id      INTEGER NOT NULL REFERENCES agencies(id),
	application_id INTEGER REFERENCES applications(id),
	kind           TEXT NOT NULL CHECK (kind IN ('reconsideration', 'litigation_direct',
		'litigation_after')),
	filed_on       TEXT NOT NULL,
	result         TEXT NOT NULL DEFAULT 'pending' CHECK (result IN ('upheld', 'corrected',
		'other', 'pending')),
	decided_on     TEXT,
	note           TEXT,
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL
);
CREATE INDEX appeals_agency ON appeals(agency_id, filed_on);
CREATE INDEX appeals_application ON appeals(application_id);

-- Figures of the annual report that no record yields (Article 20, tables
-- one and five: regulations issued, fees collected, ...), entered by hand.
CREATE TABLE report_figures (
	agency_id  INTEGER NOT NULL REFERENCES agencies(id),
	year       INTEGER NOT NULL,
	key        TEXT NOT NULL,               -- a cell key of the format spec
	value_text TEXT NOT NULL,               -- exact decimal text, e.g. "168.61"
	updated_by INTEGER REFERENCES users(id),
	updated_at TEXT NOT NULL,
	PRIMARY KEY (agency_id, year, key)
);

-- Annual reports as drafted and published (JSON of report/json.h).
CREATE TABLE annual_reports (
	id           INTEGER PRIMARY KEY,
	agency_id    INTEGER NOT NULL REFERENCES agencies(id),
	year         INTEGER NOT NULL,
	format       TEXT NOT NULL,
	status       TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
	report_json  TEXT NOT NULL,
	published_at TEXT,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	version      INTEGER NOT NULL DEFAULT 1,
	UNIQUE (agency_id, year)
);

-- Administrator's changes to the shipped holiday calendar.
CREATE TABLE calendar_overrides (
	date       TEXT PRIMARY KEY,            -- "YYYY-MM-DD"
	kind       TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
	note       TEXT,
	created_by INTEGER REFERENCES users(id),
	created_at TEXT NOT NULL
);

-- The hash-chained audit log (service/audit.h). Entries are appended only;
-- the triggers refuse UPDATE and DELETE through SQL, and the chain detects
-- changes made around them. The chain head is also kept in settings
-- ('audit.head') so that deleting the last entries is detected.
CREATE TABLE audit_log (
	id          INTEGER PRIMARY KEY,        -- 1, 2, 3 ... without gaps
	at          TEXT NOT NULL,
	actor       TEXT NOT NULL,
	agency_id   INTEGER,
	action      TEXT NOT NULL,
	object_type TEXT NOT NULL,
	object_id   TEXT NOT NULL,
	detail_json TEXT NOT NULL,
	prev_hash   TEXT NOT NULL,
	hash        TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id);
CREATE INDEX audit_log_agency ON audit_log(agency_id, at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
	SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- The chain starts empty: head "0:" followed by the genesis hash (64 zeros).
INSERT INTO settings (key, value, updated_at) VALUES ('audit.head',
	'0:0000000000000000000000000000000000000000000000000000000000000000',
	strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
