/* db_impl.h - what an engine backend provides to db.c (internal to store/).
 *
 * A backend allocates its own connection struct with `struct db` as the
 * first member, and its statements with `struct db_stmt` first, and fills
 * in a `struct db_ops` table. db.c does URL dispatch, error bookkeeping and
 * migrations; everything engine-specific sits behind these function
 * pointers, so adding an engine touches only its own file and the table of
 * engines in db.c. */
#ifndef GK_DB_IMPL_H
#define GK_DB_IMPL_H

#include "store/db.h"

#define DB_ERRMSG_MAX 512

struct db_ops {
	const char *name;
	void (*close)(struct db *db);
	int (*begin)(struct db *db);
	int (*commit)(struct db *db);
	int (*rollback)(struct db *db);
	int64_t (*exec)(struct db *db, const char *sql, const struct db_param *p, int np);
	int (*exec_script)(struct db *db, const char *sql);
	struct db_stmt *(*query)(struct db *db, const char *sql, const struct db_param *p, int np);
	int (*step)(struct db_stmt *st);
	int (*col_isnull)(struct db_stmt *st, int col);
	int64_t (*col_int)(struct db_stmt *st, int col);
	const char *(*col_text)(struct db_stmt *st, int col);
	const void *(*col_blob)(struct db_stmt *st, int col, size_t *len);
	void (*finish)(struct db_stmt *st);
};

struct db {
	const struct db_ops *ops;
	enum db_engine engine;
	enum db_errclass errclass;
	char errmsg[DB_ERRMSG_MAX];
};

struct db_stmt {
	struct db *db;
};

/* Record an error on the connection (printf-style message). */
void db_set_error(struct db *db, enum db_errclass cls, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Clear the sticky error before a new operation. */
void db_clear_error(struct db *db);

/* Engine constructors: open the connection described by `target` (a file
 * path for SQLite, the full URL for PostgreSQL). NULL with err on failure. */
struct db *db_sqlite_open(const char *path, char *err, size_t errsize);
struct db *db_pg_open(const char *url, char *err, size_t errsize);
/* The sqlite3 handle of a SQLite connection (NULL for another engine), for
 * store modules that register SQLite extensions (search_sqlite.c). */
struct sqlite3 *db_sqlite_handle(struct db *db);

/* Rewrite portable $N parameters to SQLite's ?N, leaving string literals,
 * quoted identifiers and comments untouched. Returns a new string the
 * caller frees. */
char *db_rewrite_params(const char *sql);

#endif
