/* migrate.c - apply the embedded numbered migrations (see migrate.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/embedded.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "store/migrate.h"

#define MIGRATE_MAX 999

struct migration {
	int64_t version;
	const char *name;      /* "001_core.sql" (points into the embedded table) */
	const char *sql;
};

static const char *engine_dir(enum db_engine e)
{
	return e == DB_POSTGRES ? "migrations/postgresql/" : "migrations/sqlite/";
}

/* Parse "NNN_name.sql" into its version. -1 if malformed. */
static int64_t parse_version(const char *base)
{
	char digits[8];
	size_t n = 0;
	int64_t v;
	while (base[n] >= '0' && base[n] <= '9' && n < sizeof digits - 1) {
		digits[n] = base[n];
		n++;
	}
	digits[n] = '\0';
	if (n != 3 || base[n] != '_' || !str_ends(base, ".sql"))
		return -1;
	if (str_to_int64(digits, &v) != 0 || v < 1 || v > MIGRATE_MAX)
		return -1;
	return v;
}

static int cmp_migration(const void *a, const void *b)
{
	const struct migration *x = a, *y = b;
	return x->version < y->version ? -1 : x->version > y->version;
}

/* Collect the embedded migrations of engine, sorted. Returns the count or
 * -1 (err set) on a malformed or duplicate name. *out is freed by caller. */
static int collect(enum db_engine engine, struct migration **out, char *err, size_t errsize)
{
	const char *dir = engine_dir(engine);
	size_t i, dirlen = strlen(dir);
	int n = 0, k;
	struct migration *m = xcalloc(embedded_count + 1, sizeof *m);
	for (i = 0; i < embedded_count; i++) {
		const char *name = embedded_files[i].name;
		if (strncmp(name, dir, dirlen) != 0)
			continue;
		m[n].name = name + dirlen;
		m[n].version = parse_version(m[n].name);
		m[n].sql = (const char *)embedded_files[i].data;
		if (m[n].version < 0) {
			if (err)
				snprintf(err, errsize, "malformed migration name %s (want NNN_name.sql)", name);
			free(m);
			return -1;
		}
		n++;
	}
	qsort(m, (size_t)n, sizeof *m, cmp_migration);
	for (k = 1; k < n; k++) {
		if (m[k].version == m[k - 1].version) {
			if (err)
				snprintf(err, errsize, "two migrations numbered %03lld",
					 (long long)m[k].version);
			free(m);
			return -1;
		}
	}
	*out = m;
	return n;
}

int64_t migrate_latest(enum db_engine engine)
{
	struct migration *m = NULL;
	int n = collect(engine, &m, NULL, 0);
	int64_t v = n > 0 ? m[n - 1].version : 0;
	free(m);
	return v;
}

int migrate_count(enum db_engine engine)
{
	struct migration *m = NULL;
	int n = collect(engine, &m, NULL, 0);
	free(m);
	return n;
}

int64_t migrate_current(struct db *db)
{
	int64_t v = 0;
	if (db_query_int(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
			 NULL, 0, &v) < 0)
		return -1;
	return v;
}

static void utc_now(char *out, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int migrate_apply(struct db *db, char *err, size_t errsize)
{
	struct migration *m = NULL;
	int n, i, applied = 0;
	int64_t current, latest;
	n = collect(db_engine(db), &m, err, errsize);
	if (n < 0)
		return -1;
	if (db_exec_script(db, "CREATE TABLE IF NOT EXISTS schema_migrations ("
			       " version INTEGER PRIMARY KEY,"
			       " name TEXT NOT NULL,"
			       " applied_at TEXT NOT NULL)") != 0) {
		snprintf(err, errsize, "cannot create schema_migrations: %s", db_errmsg(db));
		free(m);
		return -1;
	}
	current = migrate_current(db);
	latest = n > 0 ? m[n - 1].version : 0;
	if (current < 0) {
		snprintf(err, errsize, "cannot read schema version: %s", db_errmsg(db));
		free(m);
		return -1;
	}
	if (current > latest) {
		snprintf(err, errsize,
			 "database schema version %lld is newer than this gongkai (knows up to %lld); "
			 "数据库结构版本高于本程序，请升级 gongkai",
			 (long long)current, (long long)latest);
		free(m);
		return -1;
	}
	for (i = 0; i < n; i++) {
		int64_t have = 0;
		char now[32];
		int rc;
		/* cheap check without the write lock first; every version is
		 * checked, so a gap below `current` is still filled */
		if (db_query_int(db, "SELECT COUNT(*) FROM schema_migrations WHERE version = $1",
				 (struct db_param[]){DBP_INT(m[i].version)}, 1, &have) == 0 &&
		    have > 0)
			continue;
		if (db_begin(db) != 0) {
			snprintf(err, errsize, "migration %s: %s", m[i].name, db_errmsg(db));
			free(m);
			return -1;
		}
		/* re-check inside the write lock: another process may have won */
		rc = db_query_int(db, "SELECT COUNT(*) FROM schema_migrations WHERE version = $1",
				  (struct db_param[]){DBP_INT(m[i].version)}, 1, &have);
		if (rc < 0) {
			snprintf(err, errsize, "migration %s: %s", m[i].name, db_errmsg(db));
			db_rollback(db);
			free(m);
			return -1;
		}
		if (have > 0) {
			db_rollback(db);
			continue;
		}
		utc_now(now, sizeof now);
		if (db_exec_script(db, m[i].sql) != 0 ||
		    db_exec(db, "INSERT INTO schema_migrations (version, name, applied_at) "
				"VALUES ($1, $2, $3)",
			    (struct db_param[]){DBP_INT(m[i].version), DBP_TEXT(m[i].name),
						DBP_TEXT(now)}, 3) < 0 ||
		    db_commit(db) != 0) {
			snprintf(err, errsize, "migration %s failed: %s", m[i].name, db_errmsg(db));
			db_rollback(db);
			free(m);
			return -1;
		}
		applied++;
	}
	free(m);
	return applied;
}
