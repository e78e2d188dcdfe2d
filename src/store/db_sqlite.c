/* db_sqlite.c - the SQLite backend of the store interface.
 *
 * One sqlite3 handle per connection, opened in WAL mode with foreign keys
 * on, a 5-second busy timeout, synchronous=FULL (see docs/store.md) and
 * defensive mode. Prepared statements are cached per connection, keyed by
 * the caller's SQL text, at most DB_SQLITE_CACHE of them (least recently
 * used is evicted). A cached statement in use (a nested query with the
 * same text) is never handed out twice: the second user gets a private
 * statement that is finalized when finished. */
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "store/db_impl.h"

#define DB_SQLITE_CACHE 64
#define DB_BUSY_TIMEOUT_MS 5000

struct cache_entry {
	char *sql;            /* caller's text (the key), NULL if the slot is free */
	sqlite3_stmt *st;
	int in_use;
	uint64_t last_used;
};

struct sqlite_db {
	struct db base;
	sqlite3 *h;
	struct cache_entry cache[DB_SQLITE_CACHE];
	uint64_t tick;
};

struct sqlite_stmt {
	struct db_stmt base;
	sqlite3_stmt *st;
	struct cache_entry *entry;   /* NULL: private, finalize on finish */
};

static struct sqlite_db *SDB(struct db *db)
{
	return (struct sqlite_db *)db;
}

static enum db_errclass classify(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_CONSTRAINT:
		return DB_ERR_CONFLICT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return DB_ERR_UNAVAILABLE;
	default:
		return DB_ERR_OTHER;
	}
}

static void set_sqlite_error(struct sqlite_db *s, int rc, const char *what)
{
	const char *msg = sqlite3_errmsg(s->h);
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		db_set_error(&s->base, DB_ERR_UNAVAILABLE,
			     "%s: database is busy (locked by another writer for more than %d ms): %s",
			     what, DB_BUSY_TIMEOUT_MS, msg);
	else
		db_set_error(&s->base, classify(rc), "%s: %s", what, msg);
}

static int only_space_or_comments(const char *s)
{
	while (*s) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == ';') {
			s++;
		} else if (s[0] == '-' && s[1] == '-') {
			while (*s && *s != '\n')
				s++;
		} else {
			return 0;
		}
	}
	return 1;
}

static sqlite3_stmt *prepare(struct sqlite_db *s, const char *sql, int persistent)
{
	char *rewritten = db_rewrite_params(sql);
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	int rc = sqlite3_prepare_v3(s->h, rewritten, -1,
				    persistent ? SQLITE_PREPARE_PERSISTENT : 0, &st, &tail);
	if (rc != SQLITE_OK) {
		set_sqlite_error(s, rc, "prepare");
		free(rewritten);
		return NULL;
	}
	if (!st) {
		db_set_error(&s->base, DB_ERR_OTHER, "prepare: empty statement");
		free(rewritten);
		return NULL;
	}
	if (tail && !only_space_or_comments(tail)) {
		sqlite3_finalize(st);
		db_set_error(&s->base, DB_ERR_OTHER,
			     "prepare: more than one statement (use db_exec_script)");
		free(rewritten);
		return NULL;
	}
	free(rewritten);
	return st;
}

/* Find or prepare the statement for sql; *entry is its cache slot or NULL. */
static sqlite3_stmt *get_stmt(struct sqlite_db *s, const char *sql, struct cache_entry **entry)
{
	struct cache_entry *free_slot = NULL, *victim = NULL;
	sqlite3_stmt *st;
	int i, busy_twin = 0;
	*entry = NULL;
	s->tick++;
	for (i = 0; i < DB_SQLITE_CACHE; i++) {
		struct cache_entry *e = &s->cache[i];
		if (!e->sql) {
			if (!free_slot)
				free_slot = e;
			continue;
		}
		if (strcmp(e->sql, sql) == 0) {
			if (!e->in_use) {
				e->in_use = 1;
				e->last_used = s->tick;
				*entry = e;
				return e->st;
			}
			busy_twin = 1;
		}
		if (!e->in_use && (!victim || e->last_used < victim->last_used))
			victim = e;
	}
	if (busy_twin)
		return prepare(s, sql, 0);
	st = prepare(s, sql, 1);
	if (!st)
		return NULL;
	if (!free_slot && victim) {
		sqlite3_finalize(victim->st);
		free(victim->sql);
		victim->sql = NULL;
		free_slot = victim;
	}
	if (!free_slot)
		return st;   /* every slot is in use: keep this one private */
	free_slot->sql = xstrdup(sql);
	free_slot->st = st;
	free_slot->in_use = 1;
	free_slot->last_used = s->tick;
	*entry = free_slot;
	return st;
}

static void release_stmt(sqlite3_stmt *st, struct cache_entry *entry)
{
	if (entry) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		entry->in_use = 0;
	} else {
		sqlite3_finalize(st);
	}
}

static int bind_params(struct sqlite_db *s, sqlite3_stmt *st, const struct db_param *p, int np)
{
	int i, rc = SQLITE_OK;
	int want = sqlite3_bind_parameter_count(st);
	if (want != np) {
		db_set_error(&s->base, DB_ERR_OTHER,
			     "statement takes %d parameters, %d given", want, np);
		return -1;
	}
	for (i = 0; i < np && rc == SQLITE_OK; i++) {
		int idx = i + 1;
		switch (p[i].type) {
		case DB_NULL:
			rc = sqlite3_bind_null(st, idx);
			break;
		case DB_INT:
			rc = sqlite3_bind_int64(st, idx, p[i].i);
			break;
		case DB_TEXT:
			if (!p[i].s)
				rc = sqlite3_bind_null(st, idx);
			else
				rc = sqlite3_bind_text64(st, idx, p[i].s,
							 p[i].len ? p[i].len : strlen(p[i].s),
							 SQLITE_TRANSIENT, SQLITE_UTF8);
			break;
		case DB_BLOB:
			if (!p[i].s || p[i].len == 0)
				rc = sqlite3_bind_zeroblob(st, idx, 0);
			else
				rc = sqlite3_bind_blob64(st, idx, p[i].s, p[i].len, SQLITE_TRANSIENT);
			break;
		default:
			db_set_error(&s->base, DB_ERR_OTHER, "parameter $%d has an unknown type", idx);
			return -1;
		}
	}
	if (rc != SQLITE_OK) {
		set_sqlite_error(s, rc, "bind");
		return -1;
	}
	return 0;
}

static int64_t sq_exec(struct db *db, const char *sql, const struct db_param *p, int np)
{
	struct sqlite_db *s = SDB(db);
	struct cache_entry *entry;
	sqlite3_stmt *st = get_stmt(s, sql, &entry);
	int rc;
	int64_t changed;
	if (!st)
		return -1;
	if (bind_params(s, st, p, np) != 0) {
		release_stmt(st, entry);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	if (rc != SQLITE_DONE) {
		set_sqlite_error(s, rc, "exec");
		release_stmt(st, entry);
		return -1;
	}
	changed = sqlite3_changes64(s->h);
	release_stmt(st, entry);
	return changed;
}

static int sq_simple(struct db *db, const char *sql, const char *what)
{
	struct sqlite_db *s = SDB(db);
	char *msg = NULL;
	int rc = sqlite3_exec(s->h, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		set_sqlite_error(s, rc, what);
		if (msg) {
			db_set_error(db, db->errclass, "%s: %s", what, msg);
			sqlite3_free(msg);
		}
		return -1;
	}
	return 0;
}

static int sq_exec_script(struct db *db, const char *sql)
{
	return sq_simple(db, sql, "script");
}

static int sq_begin(struct db *db)
{
	return sq_simple(db, "BEGIN IMMEDIATE", "begin");
}

static int sq_commit(struct db *db)
{
	return sq_simple(db, "COMMIT", "commit");
}

static int sq_rollback(struct db *db)
{
	struct sqlite_db *s = SDB(db);
	char *msg = NULL;
	if (sqlite3_get_autocommit(s->h))
		return 0;   /* nothing open (SQLite may have rolled back already) */
	if (sqlite3_exec(s->h, "ROLLBACK", NULL, NULL, &msg) != SQLITE_OK) {
		if (db->errclass == DB_OK)
			db_set_error(db, DB_ERR_OTHER, "rollback: %s", msg ? msg : "failed");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static struct db_stmt *sq_query(struct db *db, const char *sql, const struct db_param *p, int np)
{
	struct sqlite_db *s = SDB(db);
	struct cache_entry *entry;
	struct sqlite_stmt *q;
	sqlite3_stmt *st = get_stmt(s, sql, &entry);
	if (!st)
		return NULL;
	if (bind_params(s, st, p, np) != 0) {
		release_stmt(st, entry);
		return NULL;
	}
	q = xcalloc(1, sizeof *q);
	q->base.db = db;
	q->st = st;
	q->entry = entry;
	return &q->base;
}

static int sq_step(struct db_stmt *base)
{
	struct sqlite_stmt *q = (struct sqlite_stmt *)base;
	int rc = sqlite3_step(q->st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	set_sqlite_error(SDB(base->db), rc, "step");
	return -1;
}

static int sq_col_isnull(struct db_stmt *base, int col)
{
	return sqlite3_column_type(((struct sqlite_stmt *)base)->st, col) == SQLITE_NULL;
}

static int64_t sq_col_int(struct db_stmt *base, int col)
{
	return sqlite3_column_int64(((struct sqlite_stmt *)base)->st, col);
}

static const char *sq_col_text(struct db_stmt *base, int col)
{
	return (const char *)sqlite3_column_text(((struct sqlite_stmt *)base)->st, col);
}

static const void *sq_col_blob(struct db_stmt *base, int col, size_t *len)
{
	sqlite3_stmt *st = ((struct sqlite_stmt *)base)->st;
	const void *p = sqlite3_column_blob(st, col);
	if (len)
		*len = (size_t)sqlite3_column_bytes(st, col);
	return p;
}

static void sq_finish(struct db_stmt *base)
{
	struct sqlite_stmt *q = (struct sqlite_stmt *)base;
	release_stmt(q->st, q->entry);
	free(q);
}

static void sq_close(struct db *db)
{
	struct sqlite_db *s = SDB(db);
	int i;
	for (i = 0; i < DB_SQLITE_CACHE; i++) {
		if (s->cache[i].sql) {
			sqlite3_finalize(s->cache[i].st);
			free(s->cache[i].sql);
		}
	}
	sqlite3_close_v2(s->h);
	free(s);
}

static const struct db_ops sqlite_ops = {
	"sqlite",
	sq_close, sq_begin, sq_commit, sq_rollback,
	sq_exec, sq_exec_script, sq_query, sq_step,
	sq_col_isnull, sq_col_int, sq_col_text, sq_col_blob, sq_finish,
};

/* Run a PRAGMA and return its first column as text into out. */
static int pragma(struct sqlite_db *s, const char *sql, char *out, size_t outsize)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(s->h, sql, -1, &st, NULL);
	if (out && outsize)
		out[0] = '\0';
	if (rc != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && out && outsize) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		snprintf(out, outsize, "%s", t ? (const char *)t : "");
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

struct db *db_sqlite_open(const char *path, char *err, size_t errsize)
{
	struct sqlite_db *s = xcalloc(1, sizeof *s);
	char mode[32];
	int rc, memory = strcmp(path, ":memory:") == 0;
	s->base.ops = &sqlite_ops;
	s->base.engine = DB_SQLITE;
	rc = sqlite3_open_v2(path, &s->h,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errsize, "cannot open SQLite database %s: %s", path,
			 s->h ? sqlite3_errmsg(s->h) : sqlite3_errstr(rc));
		sqlite3_close_v2(s->h);
		free(s);
		return NULL;
	}
	sqlite3_extended_result_codes(s->h, 1);
	sqlite3_busy_timeout(s->h, DB_BUSY_TIMEOUT_MS);
	sqlite3_db_config(s->h, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(s->h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	if (pragma(s, "PRAGMA journal_mode=WAL", mode, sizeof mode) != 0 ||
	    (!memory && strcmp(mode, "wal") != 0)) {
		snprintf(err, errsize, "cannot switch %s to WAL mode (%s): %s", path,
			 mode[0] ? mode : "error", sqlite3_errmsg(s->h));
		sq_close(&s->base);
		return NULL;
	}
	if (pragma(s, "PRAGMA foreign_keys=ON", NULL, 0) != 0 ||
	    pragma(s, "PRAGMA synchronous=FULL", NULL, 0) != 0) {
		snprintf(err, errsize, "cannot configure %s: %s", path, sqlite3_errmsg(s->h));
		sq_close(&s->base);
		return NULL;
	}
	/* sqlite3_open is lazy: make sure the file really is a database now */
	if (pragma(s, "PRAGMA schema_version", NULL, 0) != 0) {
		snprintf(err, errsize, "%s is not a usable SQLite database: %s", path,
			 sqlite3_errmsg(s->h));
		sq_close(&s->base);
		return NULL;
	}
	return &s->base;
}

/* Online backup (sqlite3_backup_*) of a live database into dest: written
 * to "dest.partial" in one backup step (a WAL reader, so writers are not
 * blocked and the copy is one consistent snapshot), switched to a
 * self-contained rollback-journal file, checked with integrity_check, then
 * renamed to dest. 0, or -1 with a reason in err. */
int db_sqlite_backup(struct db *db, const char *dest, char *err, size_t errsize)
{
	struct sqlite_db *s = SDB(db);
	sqlite3 *d = NULL;
	sqlite3_backup *b;
	char tmp[4096], check[64];
	int rc, tries;
	if (db->engine != DB_SQLITE) {
		snprintf(err, errsize, "online backup is for SQLite databases");
		return -1;
	}
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.partial", dest) >= sizeof tmp) {
		snprintf(err, errsize, "backup path too long");
		return -1;
	}
	remove(tmp);
	rc = sqlite3_open_v2(tmp, &d, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errsize, "cannot create %s: %s", tmp, d ? sqlite3_errmsg(d) : sqlite3_errstr(rc));
		goto fail;
	}
	b = sqlite3_backup_init(d, "main", s->h, "main");
	if (!b) {
		snprintf(err, errsize, "backup: %s", sqlite3_errmsg(d));
		goto fail;
	}
	for (tries = 0; tries < 100; tries++) {
		rc = sqlite3_backup_step(b, -1);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		sqlite3_sleep(100);
	}
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		snprintf(err, errsize, "backup: %s", sqlite3_errstr(rc));
		goto fail;
	}
	{
		struct sqlite_db tmpdb;
		memset(&tmpdb, 0, sizeof tmpdb);
		tmpdb.h = d;
		if (pragma(&tmpdb, "PRAGMA journal_mode=DELETE", check, sizeof check) != 0 ||
		    pragma(&tmpdb, "PRAGMA integrity_check", check, sizeof check) != 0 ||
		    strcmp(check, "ok") != 0) {
			snprintf(err, errsize, "backup copy fails integrity_check: %s",
				 check[0] ? check : sqlite3_errmsg(d));
			goto fail;
		}
	}
	if (sqlite3_close(d) != SQLITE_OK) {
		d = NULL;
		snprintf(err, errsize, "closing %s failed", tmp);
		goto fail;
	}
	d = NULL;
	if (rename(tmp, dest) != 0) {
		snprintf(err, errsize, "cannot rename %s to %s", tmp, dest);
		goto fail;
	}
	return 0;
fail:
	if (d)
		sqlite3_close_v2(d);
	remove(tmp);
	return -1;
}

struct sqlite3 *db_sqlite_handle(struct db *db)
{
	return db && db->engine == DB_SQLITE ? SDB(db)->h : NULL;
}
