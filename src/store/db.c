/* db.c - the engine-neutral half of the store interface.
 *
 * Parses the database URL, picks the backend, applies migrations after
 * opening, keeps the sticky error of a connection and forwards every call
 * through the backend's ops table (store/db_impl.h). Also home of the
 * $N -> ?N parameter rewrite used by the SQLite backend. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "store/db_impl.h"
#include "store/migrate.h"

void db_set_error(struct db *db, enum db_errclass cls, const char *fmt, ...)
{
	va_list ap;
	db->errclass = cls;
	va_start(ap, fmt);
	vsnprintf(db->errmsg, sizeof db->errmsg, fmt, ap);
	va_end(ap);
}

void db_clear_error(struct db *db)
{
	db->errclass = DB_OK;
	db->errmsg[0] = '\0';
}

struct db *db_open(const char *url, char *err, size_t errsize)
{
	struct db *db;
	if (!url || !*url) {
		snprintf(err, errsize, "empty database URL");
		return NULL;
	}
	if (str_starts(url, "postgresql://") || str_starts(url, "postgres://")) {
		db = db_pg_open(url, err, errsize);
	} else if (str_starts(url, "sqlite:")) {
		const char *path = url + strlen("sqlite:");
		/* accept sqlite:///abs/path and sqlite://rel as well as sqlite:path */
		if (str_starts(path, "//"))
			path += 2;
		if (!*path) {
			snprintf(err, errsize, "sqlite URL without a file path");
			return NULL;
		}
		db = db_sqlite_open(path, err, errsize);
	} else if (strstr(url, "://")) {
		snprintf(err, errsize, "unsupported database URL scheme: %.100s", url);
		return NULL;
	} else {
		db = db_sqlite_open(url, err, errsize);
	}
	if (!db)
		return NULL;
	if (migrate_apply(db, err, errsize) < 0) {
		db_close(db);
		return NULL;
	}
	return db;
}

void db_close(struct db *db)
{
	if (db)
		db->ops->close(db);
}

enum db_engine db_engine(const struct db *db)
{
	return db->engine;
}

int db_begin(struct db *db)
{
	db_clear_error(db);
	return db->ops->begin(db);
}

int db_commit(struct db *db)
{
	db_clear_error(db);
	return db->ops->commit(db);
}

int db_rollback(struct db *db)
{
	/* keep the error that made the caller roll back */
	return db->ops->rollback(db);
}

int64_t db_exec(struct db *db, const char *sql, const struct db_param *p, int np)
{
	db_clear_error(db);
	return db->ops->exec(db, sql, p, np);
}

int db_exec_script(struct db *db, const char *sql)
{
	db_clear_error(db);
	return db->ops->exec_script(db, sql);
}

struct db_stmt *db_query(struct db *db, const char *sql, const struct db_param *p, int np)
{
	db_clear_error(db);
	return db->ops->query(db, sql, p, np);
}

int db_step(struct db_stmt *st)
{
	return st->db->ops->step(st);
}

int db_col_isnull(struct db_stmt *st, int col)
{
	return st->db->ops->col_isnull(st, col);
}

int64_t db_col_int(struct db_stmt *st, int col)
{
	return st->db->ops->col_int(st, col);
}

const char *db_col_text(struct db_stmt *st, int col)
{
	const char *s = st->db->ops->col_text(st, col);
	return s ? s : "";
}

const void *db_col_blob(struct db_stmt *st, int col, size_t *len)
{
	return st->db->ops->col_blob(st, col, len);
}

void db_finish(struct db_stmt *st)
{
	if (st)
		st->db->ops->finish(st);
}

int db_query_int(struct db *db, const char *sql, const struct db_param *p, int np, int64_t *out)
{
	struct db_stmt *st = db_query(db, sql, p, np);
	int rc;
	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == 1) {
		*out = db_col_int(st, 0);
		rc = 0;
	} else if (rc == 0) {
		rc = 1;
	}
	db_finish(st);
	return rc;
}

const char *db_errmsg(const struct db *db)
{
	return db->errmsg;
}

enum db_errclass db_errclass(const struct db *db)
{
	return db->errclass;
}

/* Copy a quoted run (string literal or quoted identifier) starting at s[i]
 * with quote character q, doubling-quote escapes included. Returns the
 * index after it. */
static size_t copy_quoted(struct buf *out, const char *s, size_t i, char q)
{
	size_t start = i++;
	for (;;) {
		if (!s[i])
			break;
		if (s[i] == q) {
			if (s[i + 1] == q) {
				i += 2;
				continue;
			}
			i++;
			break;
		}
		i++;
	}
	buf_add(out, s + start, i - start);
	return i;
}

char *db_rewrite_params(const char *sql)
{
	struct buf out = BUF_INIT(0);
	size_t i = 0;
	while (sql[i]) {
		char c = sql[i];
		if (c == '\'' || c == '"' || c == '`') {
			i = copy_quoted(&out, sql, i, c);
		} else if (c == '-' && sql[i + 1] == '-') {
			size_t start = i;
			while (sql[i] && sql[i] != '\n')
				i++;
			buf_add(&out, sql + start, i - start);
		} else if (c == '/' && sql[i + 1] == '*') {
			const char *end = strstr(sql + i + 2, "*/");
			size_t stop = end ? (size_t)(end - sql) + 2 : strlen(sql);
			buf_add(&out, sql + i, stop - i);
			i = stop;
		} else if (c == '$' && sql[i + 1] >= '1' && sql[i + 1] <= '9') {
			buf_addc(&out, '?');
			i++;
		} else {
			buf_addc(&out, c);
			i++;
		}
	}
	if (!out.data)
		return xstrdup("");
	return buf_detach(&out);
}
