/* test_db_pg.c - the store interface and the audit log on PostgreSQL.
 *
 * pg-only, uses-db: tests/run.sh runs it in its PostgreSQL pass only.
 * Runs only when GONGKAI_TEST_DB_URL names a database whose name contains
 * "gk_test" (its public schema is WIPED); otherwise prints one skip line.
 * A throwaway cluster (as root):
 *   T=$(mktemp -d); chown postgres $T
 *   su postgres -c "/usr/lib/postgresql/15/bin/initdb -D $T/data -A trust"
 *   su postgres -c "/usr/lib/postgresql/15/bin/pg_ctl -D $T/data \
 *       -o '-k $T -p 54329 -h 127.0.0.1' -l $T/log start"
 *   su postgres -c "psql -h 127.0.0.1 -p 54329 -c 'create database gk_test'"
 *   GONGKAI_TEST_DB_URL=postgresql://postgres@127.0.0.1:54329/gk_test build/san/tests/test_db_pg */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "service/audit.h"
#include "store/db.h"
#include "store/migrate.h"
#include "t.h"

static const char *url;

/* Wipe the scratch database with plain libpq (db_open would refuse a
 * database left at a "newer" version by a previous run), then open it. */
static struct db *fresh(void)
{
	char err[512];
	struct db *db;
	PGconn *c = PQconnectdb(url);
	PGresult *res = PQexec(c, "SET client_min_messages = warning; "
			       "DROP SCHEMA public CASCADE; CREATE SCHEMA public");
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		printf("# wipe: %s\n", PQerrorMessage(c));
		PQclear(res);
		PQfinish(c);
		return NULL;
	}
	PQclear(res);
	PQfinish(c);
	db = db_open(url, err, sizeof err);
	if (!db)
		printf("# open: %s\n", err);
	return db;
}

static void test_store(struct db *db)
{
	static const char evil[] = "O'Brien \"quoted\"; DROP TABLE t; -- $1 ?2 '$3'";
	static const unsigned char blob[] = {0, 1, 2, 0, 255, '\'', '\\', 0};
	struct db_stmt *st, *inner;
	char err[512];
	size_t len;
	const void *b;
	int64_t n = -1, id1 = 0, id2 = 0;
	int rows = 0, inner_rows = 0;
	struct db *again;

	T_EQ_INT(db_engine(db), DB_POSTGRES, "engine is PostgreSQL");
	T_EQ_INT(migrate_current(db), migrate_latest(DB_POSTGRES), "migrated to the latest version");
	again = db_open(url, err, sizeof err);
	T_OK(again && db_query_int(again, "SELECT COUNT(*) FROM schema_migrations", NULL, 0, &n) == 0 &&
	     n == migrate_count(DB_POSTGRES), "reopen is idempotent");
	db_close(again);

	T_OK(db_exec_script(db, "CREATE TABLE t (id BIGSERIAL PRIMARY KEY, i BIGINT, s TEXT, b BYTEA)") == 0,
	     "scratch table");
	T_EQ_INT(db_exec(db, "INSERT INTO t (i, s, b) VALUES ($1, $2, $3)",
			 (struct db_param[]){DBP_INT(-9007199254740993LL), DBP_TEXT(evil),
					     DBP_BLOB(blob, sizeof blob)}, 3), 1, "insert int/text/blob");
	T_EQ_INT(db_exec(db, "INSERT INTO t (i, s, b) VALUES ($1, $2, $3)",
			 (struct db_param[]){DBP_NULL, DBP_TEXT(NULL), DBP_BLOB(NULL, 0)}, 3),
		 1, "insert NULLs and an empty blob");
	st = db_query(db, "SELECT i, s, b FROM t ORDER BY id", NULL, 0);
	T_OK(st && db_step(st) == 1, "first row");
	if (st) {
		T_EQ_INT(db_col_int(st, 0), -9007199254740993LL, "int64 survives");
		T_EQ_STR(db_col_text(st, 1), evil, "SQL-looking text verbatim");
		b = db_col_blob(st, 2, &len);
		T_OK(b && len == sizeof blob && memcmp(b, blob, len) == 0, "blob round-trips (%zu)", len);
		T_OK(db_step(st) == 1 && db_col_isnull(st, 0) && db_col_isnull(st, 1), "NULLs");
		T_EQ_STR(db_col_text(st, 1), "", "NULL text reads as \"\"");
		b = db_col_blob(st, 2, &len);
		T_OK(!db_col_isnull(st, 2) && len == 0, "empty blob");
		T_EQ_INT(db_step(st), 0, "done");
	}
	db_finish(st);

	T_EQ_INT(db_exec(db, "INSERT INTO agencies (code, name, kind, created_at) VALUES "
			 "('A1', '某市人民政府', 'government', 'now'), ('A2', '某局', 'department', 'now')",
			 NULL, 0), 2, "two agencies");
	T_EQ_INT(db_exec(db, "INSERT INTO agencies (code, name, kind, created_at) VALUES ($1, 'x', 'department', 'now')",
			 (struct db_param[]){DBP_TEXT("A1")}, 1), -1, "duplicate code refused");
	T_EQ_INT(db_errclass(db), DB_ERR_CONFLICT, "unique violation is CONFLICT");
	T_EQ_INT(db_exec(db, "INSERT INTO user_roles (user_id, agency_id, role) VALUES (42, 1, 'clerk')",
			 NULL, 0), -1, "foreign key enforced");
	T_EQ_INT(db_errclass(db), DB_ERR_CONFLICT, "FK violation is CONFLICT");
	T_EQ_INT(db_exec(db, "SELECT nonsense FROM nowhere", NULL, 0), -1, "bad SQL");
	T_EQ_INT(db_errclass(db), DB_ERR_OTHER, "is OTHER");
	T_EQ_INT(db_exec(db, "UPDATE t SET i = $1 WHERE id = $2", (struct db_param[]){DBP_INT(1)}, 1),
		 -1, "too few parameters refused");

	T_EQ_INT(db_begin(db), 0, "begin");
	T_EQ_INT(db_exec(db, "INSERT INTO agencies (code, name, kind, created_at) VALUES ('A3', 'x', 'department', 'now')",
			 NULL, 0), 1, "insert in tx");
	T_EQ_INT(db_rollback(db), 0, "rollback");
	T_OK(db_query_int(db, "SELECT COUNT(*) FROM agencies WHERE code = 'A3'", NULL, 0, &n) == 0 && n == 0,
	     "rollback leaves nothing");
	T_EQ_INT(db_begin(db), 0, "begin");
	db_exec(db, "SELECT nonsense", NULL, 0);
	T_EQ_INT(db_commit(db), -1, "commit of a failed transaction reports failure");

	T_OK(db_query_int(db, "SELECT id FROM agencies WHERE code = 'A1'", NULL, 0, &id1) == 0 &&
	     db_query_int(db, "INSERT INTO applications (agency_id, tracking_code, verifier_hash, channel, "
			  "received_on, applicant_kind, applicant_name, description, created_at, updated_at) "
			  "VALUES ($1, 'GK-1', 'h', 'online', '2024-03-01', 'person', '李四', '预算', 'now', 'now') "
			  "RETURNING id", (struct db_param[]){DBP_INT(id1)}, 1, &id2) == 0 && id2 > 0,
	     "RETURNING id through db_query_int");
	T_EQ_INT(db_exec(db, "UPDATE applications SET version = version + 1 WHERE id = $1 AND version = $2",
			 (struct db_param[]){DBP_INT(id2), DBP_INT(1)}, 2), 1, "update at version 1");
	T_EQ_INT(db_exec(db, "UPDATE applications SET version = version + 1 WHERE id = $1 AND version = $2",
			 (struct db_param[]){DBP_INT(id2), DBP_INT(1)}, 2), 0, "stale version changes 0 rows");

	st = db_query(db, "SELECT id FROM agencies WHERE id >= $1 ORDER BY id", (struct db_param[]){DBP_INT(0)}, 1);
	while (st && db_step(st) == 1) {
		rows++;
		inner = db_query(db, "SELECT id FROM agencies WHERE id >= $1 ORDER BY id",
				 (struct db_param[]){DBP_INT(db_col_int(st, 0))}, 1);
		while (inner && db_step(inner) == 1)
			inner_rows++;
		db_finish(inner);
	}
	db_finish(st);
	T_OK(rows == 2 && inner_rows == 3, "nested queries (%d, %d)", rows, inner_rows);
}

static void test_reconnect(struct db *db)
{
	char err[512];
	struct db *admin = db_open(url, err, sizeof err);
	int64_t pid = 0, one = 0;
	T_OK(admin && db_query_int(db, "SELECT pg_backend_pid()", NULL, 0, &pid) == 0, "backend pid");
	if (!admin)
		return;
	T_OK(db_exec(admin, "SELECT pg_terminate_backend($1::int)", (struct db_param[]){DBP_INT(pid)}, 1) == 1,
	     "kill the backend");
	db_close(admin);
	T_EQ_INT(db_query_int(db, "SELECT 1", NULL, 0, &one), -1, "call on a dead connection fails");
	T_EQ_INT(db_errclass(db), DB_ERR_UNAVAILABLE, "as UNAVAILABLE: %s", db_errmsg(db));
	T_OK(db_query_int(db, "SELECT 1", NULL, 0, &one) == 0 && one == 1, "next call reconnects");

	admin = db_open(url, err, sizeof err);
	T_OK(admin && db_begin(db) == 0 &&
	     db_query_int(db, "SELECT pg_backend_pid()", NULL, 0, &pid) == 0, "begin, backend pid");
	if (!admin)
		return;
	db_exec(admin, "SELECT pg_terminate_backend($1::int)", (struct db_param[]){DBP_INT(pid)}, 1);
	db_close(admin);
	T_EQ_INT(db_exec(db, "INSERT INTO settings VALUES ('x', 'y', 'now')", NULL, 0), -1,
		 "statement in the lost transaction fails");
	T_EQ_INT(db_exec(db, "INSERT INTO settings VALUES ('x', 'y', 'now')", NULL, 0), -1,
		 "and is not retried in autocommit: %s", db_errmsg(db));
	T_EQ_INT(db_errclass(db), DB_ERR_UNAVAILABLE, "UNAVAILABLE");
	T_EQ_INT(db_rollback(db), 0, "rollback ends the lost transaction");
	T_OK(db_query_int(db, "SELECT COUNT(*) FROM settings WHERE key = 'x'", NULL, 0, &one) == 0 &&
	     one == 0, "reconnected; nothing was written");
}

static void test_audit(struct db *db)
{
	struct audit_report r;
	char err[512];
	pid_t pids[3];
	int i, k, status, all_ok = 1;
	for (i = 1; i <= 5; i++) {
		T_OK(db_begin(db) == 0 && audit_append(db, "zhang", 1, "x", "application", "1", "{\"a\":1}") == i &&
		     db_commit(db) == 0, "append %d", i);
	}
	T_EQ_INT(db_exec(db, "DELETE FROM audit_log WHERE id = 2", NULL, 0), -1, "trigger refuses DELETE");
	for (i = 0; i < 3; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			struct db *c = db_open(url, err, sizeof err);
			int bad = !c;
			for (k = 0; c && k < 20; k++) {
				if (db_begin(c) != 0 || audit_append(c, "w", i + 1, "t", "w", "w", "{}") < 0 ||
				    db_commit(c) != 0) {
					db_rollback(c);
					bad = 1;
				}
			}
			db_close(c);
			_exit(bad);
		}
	}
	for (i = 0; i < 3; i++)
		if (waitpid(pids[i], &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			all_ok = 0;
	T_OK(all_ok, "three processes appended concurrently");
	T_EQ_INT(audit_verify(db, &r), 0, "chain intact: %s", r.message);
	T_EQ_INT(r.entries, 65, "65 entries, no fork");
	T_OK(db_exec_script(db, "ALTER TABLE audit_log DISABLE TRIGGER USER") == 0, "attacker disables triggers");
	T_EQ_INT(db_exec(db, "UPDATE audit_log SET detail_json = '{\"a\":2}' WHERE id = 3", NULL, 0), 1, "tamper 3");
	T_OK(audit_verify(db, &r) == 1 && r.first_broken_id == 3, "altered entry 3 found: %s", r.message);
	T_EQ_INT(db_exec(db, "UPDATE audit_log SET detail_json = '{\"a\":1}' WHERE id = 3", NULL, 0), 1, "restore");
	T_EQ_INT(db_exec(db, "DELETE FROM audit_log WHERE id = 65", NULL, 0), 1, "delete the last");
	T_OK(audit_verify(db, &r) == 1 && r.first_broken_id == 65, "truncation found: %s", r.message);
	T_EQ_INT(db_exec(db, "DELETE FROM audit_log WHERE id = 10", NULL, 0), 1, "delete a middle one");
	T_OK(audit_verify(db, &r) == 1 && r.first_broken_id == 10, "gap found: %s", r.message);
}

static void test_newer(void)
{
	char err[512];
	struct db *db = db_open(url, err, sizeof err);
	if (!db)
		return;
	db_exec(db, "INSERT INTO schema_migrations VALUES (998, '998_future.sql', 'now')", NULL, 0);
	db_close(db);
	db = db_open(url, err, sizeof err);
	T_OK(db == NULL && strstr(err, "newer"), "newer schema refused: %s", err);
	db_close(db);
}

int main(void)
{
	struct db *db;
	url = getenv("GONGKAI_TEST_DB_URL");
	if (!url || strncmp(url, "postgres", 8) || !strstr(url, "gk_test")) {
		printf("not ok 1 - set GONGKAI_TEST_DB_URL to a scratch PostgreSQL database named gk_test*\n");
		return 1;
	}
	db = fresh();
	T_OK(db != NULL, "open %s", url);
	if (!db)
		return T_DONE();
	test_store(db);
	test_reconnect(db);
	test_audit(db);
	db_close(db);
	test_newer();
	return T_DONE();
}
