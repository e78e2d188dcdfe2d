/* test_db.c - the store interface on SQLite: open, migrations, pragmas,
 * parameters, error classes, transactions, statement cache. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/xalloc.h"
#include "store/db.h"
#include "store/db_impl.h"
#include "store/migrate.h"
#include "t.h"

static char dir[64];

static void path_in(char *out, size_t size, const char *name)
{
	snprintf(out, size, "%s/%s", dir, name);
}

static void text_of(struct db *db, const char *sql, char *out, size_t size)
{
	struct db_stmt *st = db_query(db, sql, NULL, 0);
	out[0] = '\0';
	if (st && db_step(st) == 1)
		snprintf(out, size, "%s", db_col_text(st, 0));
	db_finish(st);
}

static void test_open_migrate(void)
{
	char path[128], url[160], err[512];
	struct db *db;
	int64_t n = -1, latest = migrate_latest(DB_SQLITE);
	struct stat sb;
	path_in(path, sizeof path, "a.db");
	snprintf(url, sizeof url, "sqlite:%s", path);
	T_OK(latest >= 1, "at least one embedded SQLite migration (%lld)", (long long)latest);
	db = db_open(url, err, sizeof err);
	T_OK(db != NULL, "open %s creates it (%s)", url, db ? "" : err);
	if (!db)
		return;
	T_OK(stat(path, &sb) == 0, "database file exists");
	T_EQ_INT(db_engine(db), DB_SQLITE, "engine is SQLite");
	T_EQ_INT(migrate_current(db), latest, "schema at the latest version");
	T_OK(db_query_int(db, "SELECT COUNT(*) FROM schema_migrations", NULL, 0, &n) == 0 &&
	     n == migrate_count(DB_SQLITE), "one schema_migrations row per migration");
	db_close(db);

	db = db_open(path, err, sizeof err);   /* bare path, second time */
	T_OK(db != NULL, "reopen by bare path (%s)", db ? "" : err);
	if (!db)
		return;
	n = -1;
	T_OK(db_query_int(db, "SELECT COUNT(*) FROM schema_migrations", NULL, 0, &n) == 0 &&
	     n == migrate_count(DB_SQLITE), "reopen applies nothing twice (%lld rows)", (long long)n);
	T_OK(db_query_int(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'applications'",
			  NULL, 0, &n) == 0 && n == 1, "core tables exist");
	T_OK(migrate_apply(db, err, sizeof err) == 0, "migrate_apply again applies 0");
	db_close(db);
}

static void test_pragmas(struct db *db)
{
	char v[32];
	text_of(db, "PRAGMA journal_mode", v, sizeof v);
	T_EQ_STR(v, "wal", "journal_mode is WAL");
	text_of(db, "PRAGMA foreign_keys", v, sizeof v);
	T_EQ_STR(v, "1", "foreign keys on");
	text_of(db, "PRAGMA synchronous", v, sizeof v);
	T_EQ_STR(v, "2", "synchronous FULL");
	text_of(db, "PRAGMA busy_timeout", v, sizeof v);
	T_EQ_STR(v, "5000", "busy timeout 5 s");
}

static void test_params(struct db *db)
{
	static const char evil[] = "O'Brien \"quoted\"; DROP TABLE t; -- $1 ?2 '$3'";
	static const unsigned char blob[] = {0, 1, 2, 0, 255, '\'', 0};
	struct db_stmt *st;
	size_t len = 0;
	const void *b;
	int64_t id = 0;
	T_OK(db_exec_script(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, s TEXT, b BLOB)") == 0,
	     "create scratch table");
	T_EQ_INT(db_exec(db, "INSERT INTO t (i, s, b) VALUES ($1, $2, $3)",
			 (struct db_param[]){DBP_INT(-9007199254740993LL), DBP_TEXT(evil),
					     DBP_BLOB(blob, sizeof blob)}, 3),
		 1, "insert int/text/blob");
	T_EQ_INT(db_exec(db, "INSERT INTO t (i, s, b) VALUES ($1, $2, $3)",
			 (struct db_param[]){DBP_NULL, DBP_TEXT(NULL), DBP_BLOB(NULL, 0)}, 3),
		 1, "insert NULLs and an empty blob");
	st = db_query(db, "SELECT i, s, b FROM t ORDER BY id", NULL, 0);
	T_OK(st && db_step(st) == 1, "first row");
	if (st) {
		T_EQ_INT(db_col_int(st, 0), -9007199254740993LL, "int64 survives");
		T_EQ_STR(db_col_text(st, 1), evil, "SQL-looking text stored verbatim");
		b = db_col_blob(st, 2, &len);
		T_OK(len == sizeof blob && b && memcmp(b, blob, len) == 0,
		     "blob with NUL bytes round-trips (%zu bytes)", len);
		T_OK(db_step(st) == 1, "second row");
		T_OK(db_col_isnull(st, 0) && db_col_isnull(st, 1), "NULL int and NULL text");
		T_EQ_STR(db_col_text(st, 1), "", "NULL text reads as \"\"");
		T_OK(!db_col_isnull(st, 2), "empty blob is not NULL");
		b = db_col_blob(st, 2, &len);
		T_EQ_INT(len, 0, "empty blob length 0");
		T_EQ_INT(db_step(st), 0, "no third row");
	}
	db_finish(st);
	T_OK(db_query_int(db, "SELECT COUNT(*) FROM t WHERE s = $1",
			  (struct db_param[]){DBP_TEXT(evil)}, 1, &id) == 0 && id == 1,
	     "parameter compares equal to stored text");
	T_OK(db_query_int(db, "SELECT length('$1') + length(\"i\") * 0 FROM t WHERE id = 1 -- $2",
			  NULL, 0, &id) == 0 && id == 2,
	     "$N inside quotes and comments is not a parameter");
	T_EQ_INT(db_query_int(db, "SELECT id FROM t WHERE id = $1",
			      (struct db_param[]){DBP_INT(999)}, 1, &id), 1, "no row gives 1");
	T_EQ_INT(db_exec(db, "UPDATE t SET i = $1 WHERE id = $2",
			 (struct db_param[]){DBP_INT(1)}, 1), -1, "too few parameters refused");
	T_EQ_INT(db_errclass(db), DB_ERR_OTHER, "parameter count error is OTHER");
	T_EQ_INT(db_exec(db, "DELETE FROM t WHERE id = 1; DELETE FROM t", NULL, 0), -1,
		 "two statements in db_exec refused");
	T_OK(db_query_int(db, "SELECT COUNT(*) FROM t", NULL, 0, &id) == 0 && id == 2,
	     "nothing was deleted");
	T_OK(strstr(db_errmsg(db), "") != NULL, "errmsg readable");
}

static void test_rewrite(void)
{
	char *r = db_rewrite_params("a = $1 AND b = '$2 it''s' AND \"c$3\" = $10 -- $4\n/* $5 */ $2");
	T_EQ_STR(r, "a = ?1 AND b = '$2 it''s' AND \"c$3\" = ?10 -- $4\n/* $5 */ ?2",
		 "$N rewrite skips literals, identifiers and comments");
	free(r);
}

static void seed_agency(struct db *db)
{
	T_EQ_INT(db_exec(db, "INSERT INTO agencies (id, code, name, kind, created_at) "
			 "VALUES (1, 'A1', '某市人民政府', 'government', '2024-01-01T00:00:00Z')",
			 NULL, 0), 1, "insert agency");
	T_EQ_INT(db_exec(db, "INSERT INTO users (id, login, display_name, password_hash, created_at) "
			 "VALUES (1, 'zhang', '张三', 'x', '2024-01-01T00:00:00Z')", NULL, 0),
		 1, "insert user");
}

static void test_errors(struct db *db)
{
	int64_t n = -1;
	T_EQ_INT(db_exec(db, "INSERT INTO users (login, display_name, password_hash, created_at) "
			 "VALUES ($1, 'x', 'x', 'now')", (struct db_param[]){DBP_TEXT("zhang")}, 1),
		 -1, "duplicate login refused");
	T_EQ_INT(db_errclass(db), DB_ERR_CONFLICT, "unique violation is CONFLICT");
	T_OK(strstr(db_errmsg(db), "UNIQUE") != NULL, "message names the constraint: %s",
	     db_errmsg(db));
	T_EQ_INT(db_exec(db, "INSERT INTO user_roles (user_id, agency_id, role) VALUES (42, 1, 'clerk')",
			 NULL, 0), -1, "role for a missing user refused");
	T_EQ_INT(db_errclass(db), DB_ERR_CONFLICT, "foreign key violation is CONFLICT");
	T_EQ_INT(db_exec(db, "INSERT INTO user_roles (user_id, agency_id, role) VALUES (1, 1, 'king')",
			 NULL, 0), -1, "unknown role refused by CHECK");
	T_EQ_INT(db_exec(db, "SELECT nonsense FROM nowhere", NULL, 0), -1, "bad SQL fails");
	T_EQ_INT(db_errclass(db), DB_ERR_OTHER, "syntax error is OTHER");
	T_OK(db_query_int(db, "SELECT 1", NULL, 0, &n) == 0 && n == 1 && db_errclass(db) == DB_OK,
	     "error cleared by the next call");
}

static void test_transactions(struct db *db)
{
	int64_t n = -1;
	T_EQ_INT(db_begin(db), 0, "begin");
	T_EQ_INT(db_exec(db, "INSERT INTO agencies (id, code, name, kind, created_at) "
			 "VALUES (2, 'A2', 'x', 'department', 'now')", NULL, 0), 1, "insert in tx");
	T_EQ_INT(db_rollback(db), 0, "rollback");
	T_OK(db_query_int(db, "SELECT COUNT(*) FROM agencies WHERE id = 2", NULL, 0, &n) == 0 &&
	     n == 0, "rollback leaves nothing");
	T_EQ_INT(db_begin(db), 0, "begin again");
	T_EQ_INT(db_exec(db, "INSERT INTO agencies (id, parent_id, code, name, kind, created_at) "
			 "VALUES (2, 1, 'A2', 'x', 'department', 'now')", NULL, 0), 1, "insert");
	T_EQ_INT(db_commit(db), 0, "commit");
	T_OK(db_query_int(db, "SELECT COUNT(*) FROM agencies WHERE id = 2", NULL, 0, &n) == 0 &&
	     n == 1, "commit keeps the row");
	/* optimistic locking pattern: the second writer with a stale version loses */
	T_EQ_INT(db_exec(db, "INSERT INTO applications (id, agency_id, tracking_code, verifier_hash, "
			 "channel, received_on, applicant_kind, applicant_name, description, "
			 "created_at, updated_at) VALUES (1, 1, 'GK-1', 'h', 'online', '2024-03-01', "
			 "'person', '李四', '预算', 'now', 'now')", NULL, 0), 1, "insert application");
	T_EQ_INT(db_exec(db, "UPDATE applications SET state = 'answered', version = version + 1 "
			 "WHERE id = $1 AND version = $2",
			 (struct db_param[]){DBP_INT(1), DBP_INT(1)}, 2), 1, "update at version 1");
	T_EQ_INT(db_exec(db, "UPDATE applications SET state = 'open', version = version + 1 "
			 "WHERE id = $1 AND version = $2",
			 (struct db_param[]){DBP_INT(1), DBP_INT(1)}, 2), 0, "stale version changes 0 rows");
}

static void test_cache(struct db *db)
{
	const char *sql = "SELECT id FROM agencies WHERE id >= $1 ORDER BY id";
	struct db_stmt *outer = db_query(db, sql, (struct db_param[]){DBP_INT(1)}, 1), *inner;
	int rows = 0, inner_rows = 0, i, ok = 1;
	while (outer && db_step(outer) == 1) {
		rows++;
		inner = db_query(db, sql, (struct db_param[]){DBP_INT(db_col_int(outer, 0))}, 1);
		while (inner && db_step(inner) == 1)
			inner_rows++;
		db_finish(inner);
	}
	db_finish(outer);
	T_OK(rows == 2 && inner_rows == 3, "nested query with the same SQL (%d, %d)", rows, inner_rows);
	for (i = 0; i < 200; i++) {
		char q[64];
		int64_t v = -1;
		snprintf(q, sizeof q, "SELECT %d + $1", i);
		if (db_query_int(db, q, (struct db_param[]){DBP_INT(1)}, 1, &v) != 0 || v != i + 1)
			ok = 0;
	}
	T_OK(ok, "200 distinct statements through the bounded cache");
	for (i = 0; i < 3; i++) {
		int64_t v = -1;
		ok = db_query_int(db, "SELECT 0 + $1", (struct db_param[]){DBP_INT(i)}, 1, &v) == 0 && v == i;
		if (!ok)
			break;
	}
	T_OK(ok, "cached statement rebinds its parameters");
}

static void test_busy(const char *path)
{
	char err[512];
	struct db *a = db_open(path, err, sizeof err), *b = db_open(path, err, sizeof err);
	T_OK(a && b, "two connections");
	if (!a || !b) {
		db_close(a);
		db_close(b);
		return;
	}
	T_EQ_INT(db_begin(a), 0, "first writer begins");
	T_EQ_INT(db_begin(b), -1, "second writer gives up after the busy timeout");
	T_EQ_INT(db_errclass(b), DB_ERR_UNAVAILABLE, "busy is UNAVAILABLE");
	T_EQ_INT(db_rollback(a), 0, "first writer rolls back");
	T_EQ_INT(db_begin(b), 0, "second writer can now begin");
	db_rollback(b);
	db_close(a);
	db_close(b);
}

static void test_newer_schema(const char *path)
{
	char err[512];
	struct db *db = db_open(path, err, sizeof err);
	T_OK(db != NULL, "open for the newer-schema test");
	if (!db)
		return;
	T_EQ_INT(db_exec(db, "INSERT INTO schema_migrations VALUES (998, '998_future.sql', 'now')",
			 NULL, 0), 1, "pretend a newer gongkai migrated it");
	db_close(db);
	err[0] = '\0';
	db = db_open(path, err, sizeof err);
	T_OK(db == NULL, "database newer than the binary refused");
	T_OK(strstr(err, "newer") && strstr(err, "998"), "clear message: %s", err);
	db_close(db);
}

static void test_bad_targets(void)
{
	char path[128], err[512];
	FILE *f;
	struct db *db;
	path_in(path, sizeof path, "junk.db");
	f = fopen(path, "w");
	fputs("this is not a database, just some text that is long enough to matter\n", f);
	fclose(f);
	db = db_open(path, err, sizeof err);
	T_OK(db == NULL && err[0], "a non-database file is refused: %s", err);
	db_close(db);
	path_in(path, sizeof path, "no/such/dir/x.db");
	db = db_open(path, err, sizeof err);
	T_OK(db == NULL && err[0], "missing directory refused: %s", err);
	db = db_open("mysql://x", err, sizeof err);
	T_OK(db == NULL && strstr(err, "unsupported"), "unknown scheme refused: %s", err);
	db = db_open("", err, sizeof err);
	T_OK(db == NULL, "empty URL refused");
}

int main(void)
{
	char path[128], url[160], err[512], cmd[128];
	struct db *db;
	snprintf(dir, sizeof dir, "/tmp/gk-test-db-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_rewrite();
	test_open_migrate();
	path_in(path, sizeof path, "b.db");
	snprintf(url, sizeof url, "sqlite://%s", path);
	db = db_open(url, err, sizeof err);
	T_OK(db != NULL, "open sqlite:// URL (%s)", db ? "" : err);
	if (db) {
		test_pragmas(db);
		test_params(db);
		seed_agency(db);
		test_errors(db);
		test_transactions(db);
		test_cache(db);
		db_close(db);
	}
	test_busy(path);
	test_newer_schema(path);
	test_bad_targets();
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return T_DONE();
}
