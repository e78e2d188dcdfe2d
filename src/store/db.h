/* db.h - one SQL interface over two engines (SQLite embedded, PostgreSQL).
 *
 * Store modules under src/store/ write portable SQL once, with numbered
 * parameters $1, $2, ... (the SQLite backend rewrites them to ?1, ?2), and
 * run it through this interface; services never see SQL. What differs
 * between engines (DDL, full-text search) lives in per-engine migrations
 * and in the few functions that ask db_engine().
 *
 * Errors are sticky on the connection: db_errmsg() says what failed, and
 * db_errclass() tells a conflict (unique/foreign-key violation, or a
 * serialization failure) from an unavailable database (retry later) from
 * anything else. A connection is used by one thread at a time. */
#ifndef GK_DB_H
#define GK_DB_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct db_stmt;

enum db_engine { DB_SQLITE = 1, DB_POSTGRES = 2 };

enum db_errclass {
	DB_OK = 0,
	DB_ERR_CONFLICT = 1,     /* unique / foreign key / check / serialization */
	DB_ERR_UNAVAILABLE = 2,  /* cannot reach the database; retry later */
	DB_ERR_OTHER = 3
};

enum db_type { DB_NULL = 0, DB_INT = 1, DB_TEXT = 2, DB_BLOB = 3 };

/* A query parameter. Text and blobs are not copied; they must outlive the
 * call that uses them. */
struct db_param {
	enum db_type type;
	int64_t i;
	const char *s;
	size_t len;   /* for DB_BLOB (and DB_TEXT if s is not NUL-terminated; 0 = strlen) */
};

#define DBP_INT(v)    ((struct db_param){DB_INT, (v), NULL, 0})
/* A NULL string binds SQL NULL (the backends check s, so arrays work too). */
#define DBP_TEXT(v)   ((struct db_param){DB_TEXT, 0, (v), 0})
#define DBP_BLOB(p,n) ((struct db_param){DB_BLOB, 0, (const char *)(p), (n)})
#define DBP_NULL      ((struct db_param){DB_NULL, 0, NULL, 0})

/* Open a database from a URL: "sqlite:PATH" (or a bare path), or
 * "postgresql://..." / "postgres://...". Applies pending migrations.
 * Returns NULL with a reason in err. */
struct db *db_open(const char *url, char *err, size_t errsize);
/* Close the connection (NULL is fine). */
void db_close(struct db *db);
/* Which engine this connection talks to. */
enum db_engine db_engine(const struct db *db);

/* Transactions. db_begin starts a read-write transaction (SQLite:
 * BEGIN IMMEDIATE; PostgreSQL: READ COMMITTED with row locks taken by
 * SELECT ... FOR UPDATE in the store). Return 0 or -1 (see db_errmsg). */
int db_begin(struct db *db);
int db_commit(struct db *db);
int db_rollback(struct db *db);

/* Run a statement that returns no rows. Returns the number of rows
 * changed (>= 0) or -1. */
int64_t db_exec(struct db *db, const char *sql, const struct db_param *p, int np);
/* Prepare and run a query; iterate with db_step. Returns NULL on error. */
struct db_stmt *db_query(struct db *db, const char *sql, const struct db_param *p, int np);
/* Advance to the next row: 1 a row is ready, 0 done, -1 error. */
int db_step(struct db_stmt *st);
/* Column accessors for the current row (0-based). Text and blob pointers
 * stay valid until the next db_step or db_finish. */
int db_col_isnull(struct db_stmt *st, int col);
int64_t db_col_int(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col);   /* "" for NULL */
const void *db_col_blob(struct db_stmt *st, int col, size_t *len);
/* Free the statement. NULL is fine. */
void db_finish(struct db_stmt *st);
/* Convenience: run a query expected to return one integer (e.g. count or
 * RETURNING id). Returns 0 and sets *out, 1 if no row, -1 on error. */
int db_query_int(struct db *db, const char *sql, const struct db_param *p, int np, int64_t *out);

/* Run several ;-separated statements without parameters (migrations,
 * maintenance). Returns 0 or -1. */
int db_exec_script(struct db *db, const char *sql);

/* Last error on this connection, and its class. */
const char *db_errmsg(const struct db *db);
enum db_errclass db_errclass(const struct db *db);

/* SQLite only: an online, consistent backup of the live database into the
 * file dest (replaced atomically; checked with integrity_check). Returns 0,
 * or -1 with a reason in err (also for a PostgreSQL connection: use
 * pg_dump). Defined in db_sqlite.c. */
int db_sqlite_backup(struct db *db, const char *dest, char *err, size_t errsize);

#endif
