/* cmd_migrate.c - `gongkai migrate`: schema upgrades and moving data.
 *
 *   gongkai migrate [--db URL]                      apply pending schema
 *       migrations (the upgrade path after installing a new gongkai) and
 *       print the schema version
 *   gongkai migrate --from URL --to URL [--force]   copy a whole database
 *       (e.g. sqlite:/var/lib/gongkai/gongkai.db to postgresql://...),
 *       audit chain included, and verify the copy (store/copy.h)
 *
 * Stop every `gongkai serve` on the source before copying: the copy reads
 * one snapshot, and anything written afterwards would not be moved. */
#include "cli/cli.h"
#include "base/buf.h"
#include "base/jsonw.h"
#include "base/str.h"
#include "store/copy.h"
#include "store/db.h"
#include "store/migrate.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gongkai migrate [--db URL]\n"
		"         apply pending schema migrations and print the schema version\n"
		"       gongkai migrate --from URL --to URL [--force]\n"
		"         copy every table (audit chain included) and verify the copy;\n"
		"         the target must be empty unless --force (which replaces it)\n"
		"URL forms: sqlite:PATH, PATH, postgresql://USER@HOST/DB\n");
}

/* The file path of a SQLite URL, or NULL for PostgreSQL. */
static const char *sqlite_path(const char *url)
{
	if (str_starts(url, "postgresql://") || str_starts(url, "postgres://"))
		return NULL;
	if (str_starts(url, "sqlite://"))
		return url + 9;
	if (str_starts(url, "sqlite:"))
		return url + 7;
	return url;
}

/* Do two URLs name the same database? (same file, or same text) */
static int same_database(const char *a, const char *b)
{
	const char *pa = sqlite_path(a), *pb = sqlite_path(b);
	char ra[PATH_MAX], rb[PATH_MAX];
	if (!pa || !pb)
		return !strcmp(a, b);
	if (realpath(pa, ra) && realpath(pb, rb))
		return !strcmp(ra, rb);
	return !strcmp(pa, pb);
}

static int show_version(const char *url)
{
	struct db *db = cli_db_open(url, "migrate");
	struct buf out = BUF_INIT(0);
	struct jsonw w;
	int64_t v;
	if (!db)
		return 2;
	v = migrate_current(db);
	if (v < 0) {
		fprintf(stderr, "gongkai migrate: %s\n", db_errmsg(db));
		db_close(db);
		return 1;
	}
	jsonw_init(&w, &out, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "engine");
	jsonw_string(&w, db_engine(db) == DB_POSTGRES ? "postgresql" : "sqlite");
	jsonw_key(&w, "version");
	jsonw_int(&w, v);
	jsonw_key(&w, "latest");
	jsonw_int(&w, migrate_latest(db_engine(db)));
	jsonw_object_end(&w);
	printf("%s\n", buf_str(&out));
	buf_free(&out);
	db_close(db);
	return 0;
}

static void print_report(const struct copy_report *r, const char *from, const char *to)
{
	struct buf out = BUF_INIT(0);
	struct jsonw w;
	int i;
	jsonw_init(&w, &out, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "from");
	jsonw_string(&w, from);
	jsonw_key(&w, "to");
	jsonw_string(&w, to);
	jsonw_key(&w, "schema_version");
	jsonw_int(&w, r->schema_version);
	jsonw_key(&w, "verified");
	jsonw_bool(&w, r->verified);
	jsonw_key(&w, "audit");
	jsonw_object_begin(&w);
	jsonw_key(&w, "entries");
	jsonw_int(&w, r->audit_entries);
	jsonw_key(&w, "head");
	jsonw_string(&w, r->audit_head);
	jsonw_key(&w, "ok");
	jsonw_bool(&w, r->audit_ok);
	jsonw_object_end(&w);
	jsonw_key(&w, "search_reindexed");
	jsonw_int(&w, r->reindexed);
	jsonw_key(&w, "tables");
	jsonw_array_begin(&w);
	for (i = 0; i < r->ntables; i++) {
		const struct copy_table_report *t = &r->tables[i];
		jsonw_object_begin(&w);
		jsonw_key(&w, "name");
		jsonw_string(&w, t->name);
		if (t->derived) {
			jsonw_key(&w, "rebuilt");
			jsonw_bool(&w, 1);
		} else {
			jsonw_key(&w, "rows");
			jsonw_int(&w, t->rows);
			jsonw_key(&w, "target_rows");
			jsonw_int(&w, t->target_rows);
			jsonw_key(&w, "same");
			jsonw_bool(&w, t->digest_ok && t->rows == t->target_rows);
		}
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	printf("%s\n", buf_str(&out));
	buf_free(&out);
}

static int copy_command(const char *from, const char *to, int force)
{
	struct copy_options opt = {force, stderr};
	struct copy_report *rep;
	struct db *src, *dst;
	const char *dpath = sqlite_path(to);
	char err[1024];
	int rc;

	if (same_database(from, to)) {
		fprintf(stderr, "gongkai migrate: --from and --to name the same database\n");
		return 2;
	}
	if (!sqlite_path(from) || access(sqlite_path(from), F_OK) == 0) {
		src = cli_db_open(from, "migrate");
	} else {
		fprintf(stderr, "gongkai migrate: %s: no such file\n", from);
		return 2;
	}
	if (!src)
		return 2;
	if (force && dpath && access(dpath, F_OK) == 0) {
		/* a SQLite target is replaced as a whole: its audit log cannot be
		 * emptied row by row (append-only triggers) */
		char side[PATH_MAX + 8];
		fprintf(stderr, "gongkai migrate: --force: removing %s\n", dpath);
		if (unlink(dpath) != 0) {
			perror(dpath);
			db_close(src);
			return 2;
		}
		snprintf(side, sizeof side, "%s-wal", dpath);
		unlink(side);
		snprintf(side, sizeof side, "%s-shm", dpath);
		unlink(side);
	}
	dst = cli_db_open(to, "migrate");
	if (!dst) {
		db_close(src);
		return 2;
	}
	rep = calloc(1, sizeof *rep);
	if (!rep) {
		db_close(src);
		db_close(dst);
		return 1;
	}
	rc = copy_database(src, dst, &opt, rep, err, sizeof err);
	if (rc < 0) {
		fprintf(stderr, "gongkai migrate: %s (nothing was written to the target)\n", err);
		rc = 2;
	} else {
		print_report(rep, from, to);
		if (rc > 0)
			fprintf(stderr, "gongkai migrate: VERIFICATION FAILED: %s\n", err);
		else
			fprintf(stderr, "gongkai migrate: copied and verified (%d tables, %lld audit entries)\n",
				rep->ntables, (long long)rep->audit_entries);
	}
	free(rep);
	db_close(src);
	db_close(dst);
	return rc;
}

int cmd_migrate(int argc, char **argv)
{
	const char *from = NULL, *to = NULL, *dburl = NULL;
	int force = 0, i;
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(a, "--force")) {
			force = 1;
			continue;
		}
		if (!v || (strcmp(a, "--from") && strcmp(a, "--to") && strcmp(a, "--db"))) {
			fprintf(stderr, "gongkai migrate: %s '%s'\n", v ? "unknown option" : "missing value for", a);
			usage(stderr);
			return 2;
		}
		if (!strcmp(a, "--from"))
			from = v;
		else if (!strcmp(a, "--to"))
			to = v;
		else
			dburl = v;
		i++;
	}
	if (from || to) {
		if (!from || !to || dburl) {
			fprintf(stderr, "gongkai migrate: --from and --to go together (and without --db)\n");
			usage(stderr);
			return 2;
		}
		return copy_command(from, to, force);
	}
	if (force) {
		fprintf(stderr, "gongkai migrate: --force only applies to --from/--to\n");
		return 2;
	}
	return show_version(cli_db_url(dburl));
}
