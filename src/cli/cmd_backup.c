/* cmd_backup.c - `gongkai backup` and `gongkai restore`.
 *
 *   gongkai backup --db sqlite:PATH --to FILE
 *       online backup of a live SQLite database (servers may keep running):
 *       one consistent snapshot, integrity-checked, written atomically
 *   gongkai backup --db postgresql://... --to FILE [--run]
 *       prints the pg_dump / pg_restore commands; --run runs pg_dump
 *   gongkai restore --from FILE --db sqlite:PATH [--force]
 *       copies FILE next to PATH, applies pending migrations, checks
 *       integrity, foreign keys and the audit chain, then renames it into
 *       place (stop the servers first; --force replaces an existing PATH)
 *
 * Identity numbers are sealed with the key file (base/secret.h), which is
 * NOT in the database: back it up separately, or the restored numbers
 * cannot be read. */
#include "cli/cli.h"
#include "base/buf.h"
#include "base/jsonw.h"
#include "base/str.h"
#include "service/audit.h"
#include "store/db.h"
#include "store/migrate.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static const char key_reminder[] =
	"提醒 / reminder: back up the key file (serve --key-file, default"
	" gongkai.key in the working directory) separately and keep it safe: without it the\n"
	"stored identity numbers cannot be read after a restore.\n";

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

/* Single-quote s for a POSIX shell. */
static void shell_quote(struct buf *b, const char *s)
{
	buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			buf_adds(b, "'\\''");
		else
			buf_addc(b, *s);
	}
	buf_addc(b, '\'');
}

/* Run argv (PATH lookup), wait, return its exit status or -1. */
static int run_program(char *const argv[])
{
	pid_t pid;
	int status;
	if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) != 0) {
		fprintf(stderr, "gongkai: cannot run %s: %s\n", argv[0], strerror(errno));
		return -1;
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int backup_pg(const char *url, const char *to, int run)
{
	struct buf dump = BUF_INIT(0), rest = BUF_INIT(0);
	int rc = 0;
	buf_adds(&dump, "pg_dump --format=custom --no-owner --file=");
	shell_quote(&dump, to);
	buf_addc(&dump, ' ');
	shell_quote(&dump, url);
	buf_adds(&rest, "pg_restore --no-owner --exit-on-error --single-transaction --dbname=");
	shell_quote(&rest, url);
	buf_addc(&rest, ' ');
	shell_quote(&rest, to);
	printf("# PostgreSQL: a consistent dump while gongkai keeps serving:\n%s\n"
	       "# restore into a new, empty database created as in deploy/postgresql-setup.sql:\n%s\n"
	       "# then check it: gongkai audit verify --db URL\n",
	       buf_str(&dump), buf_str(&rest));
	if (run) {
		char *argv[] = {"pg_dump", "--format=custom", "--no-owner", "--file", (char *)to,
				(char *)url, NULL};
		rc = run_program(argv);
		if (rc != 0)
			fprintf(stderr, "gongkai backup: pg_dump failed (status %d)\n", rc);
		else
			fprintf(stderr, "gongkai backup: wrote %s\n", to);
		rc = rc == 0 ? 0 : 1;
	}
	fputs(key_reminder, stderr);
	buf_free(&dump);
	buf_free(&rest);
	return rc;
}

int cmd_backup(int argc, char **argv)
{
	const char *dburl = NULL, *to = NULL;
	int run = 0, i;
	struct db *db;
	struct stat sb;
	char err[1024];
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("usage: gongkai backup [--db URL] --to FILE [--run]\n"
			       "  SQLite: online backup to FILE; PostgreSQL: prints the pg_dump command\n"
			       "  (--run runs it)\n");
			return 0;
		} else if (!strcmp(argv[i], "--run")) {
			run = 1;
		} else if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			dburl = argv[++i];
		} else if (!strcmp(argv[i], "--to") && i + 1 < argc) {
			to = argv[++i];
		} else {
			fprintf(stderr, "gongkai backup: bad option '%s'\n", argv[i]);
			return 2;
		}
	}
	if (!to) {
		fprintf(stderr, "usage: gongkai backup [--db URL] --to FILE [--run]\n");
		return 2;
	}
	dburl = cli_db_url(dburl);
	if (!sqlite_path(dburl))
		return backup_pg(dburl, to, run);
	if (access(sqlite_path(dburl), F_OK) != 0) {
		fprintf(stderr, "gongkai backup: %s: no such database file\n", sqlite_path(dburl));
		return 2;
	}
	db = cli_db_open(dburl, "backup");
	if (!db)
		return 2;
	if (db_sqlite_backup(db, to, err, sizeof err) != 0) {
		fprintf(stderr, "gongkai backup: %s\n", err);
		db_close(db);
		return 1;
	}
	db_close(db);
	if (stat(to, &sb) != 0)
		sb.st_size = 0;
	printf("{\"backup\":\"%s\",\"engine\":\"sqlite\",\"bytes\":%lld,\"integrity\":\"ok\"}\n",
	       to, (long long)sb.st_size);
	fputs(key_reminder, stderr);
	return 0;
}

/* Copy file from -> to (created exclusively, fsynced). 0 or -1. */
static int copy_file(const char *from, const char *to)
{
	char block[65536];
	ssize_t n;
	int in = open(from, O_RDONLY | O_CLOEXEC), out, rc = 0;
	if (in < 0)
		return -1;
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, block, sizeof block)) > 0) {
		char *p = block;
		while (n > 0) {
			ssize_t w = write(out, p, (size_t)n);
			if (w <= 0) {
				rc = -1;
				break;
			}
			p += w;
			n -= w;
		}
		if (rc)
			break;
	}
	if (n < 0 || fsync(out) != 0)
		rc = -1;
	close(in);
	if (close(out) != 0)
		rc = -1;
	return rc;
}

/* Check the staged copy: integrity, foreign keys, audit chain. */
static int check_restored(const char *path, struct audit_report *ar, int64_t *version,
			  char *err, size_t errsize)
{
	char url[PATH_MAX + 16];
	struct db *db;
	struct db_stmt *st;
	int rc = -1, v;
	snprintf(url, sizeof url, "sqlite:%s", path);
	db = db_open(url, err, errsize);
	if (!db)
		return -1;
	st = db_query(db, "PRAGMA integrity_check", NULL, 0);
	if (!st || db_step(st) != 1 || strcmp(db_col_text(st, 0), "ok") != 0) {
		snprintf(err, errsize, "integrity_check: %s", st ? db_col_text(st, 0) : db_errmsg(db));
		goto out;
	}
	db_finish(st);
	st = db_query(db, "PRAGMA foreign_key_check", NULL, 0);
	if (!st || db_step(st) != 0) {
		snprintf(err, errsize, "foreign_key_check: %s", st ? "dangling references" : db_errmsg(db));
		goto out;
	}
	db_finish(st);
	st = NULL;
	v = audit_verify(db, ar);
	if (v != 0) {
		snprintf(err, errsize, "audit chain: %s", v < 0 ? db_errmsg(db) : ar->message);
		goto out;
	}
	*version = migrate_current(db);
	rc = 0;
out:
	db_finish(st);
	db_close(db);
	return rc;
}

int cmd_restore(int argc, char **argv)
{
	const char *from = NULL, *dburl = NULL, *path;
	int force = 0, run = 0, i;
	char staged[PATH_MAX], side[PATH_MAX + 8], err[1024];
	struct audit_report ar;
	struct stat sb;
	int64_t version = 0;
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("usage: gongkai restore --from FILE --db sqlite:PATH [--force]\n");
			return 0;
		} else if (!strcmp(argv[i], "--force")) {
			force = 1;
		} else if (!strcmp(argv[i], "--run")) {
			run = 1;
		} else if (!strcmp(argv[i], "--from") && i + 1 < argc) {
			from = argv[++i];
		} else if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			dburl = argv[++i];
		} else {
			fprintf(stderr, "gongkai restore: bad option '%s'\n", argv[i]);
			return 2;
		}
	}
	if (!from || !dburl) {
		fprintf(stderr, "usage: gongkai restore --from FILE --db sqlite:PATH [--force]\n");
		return 2;
	}
	path = sqlite_path(dburl);
	if (!path) {
		char *pargv[] = {"pg_restore", "--no-owner", "--exit-on-error", "--single-transaction",
				 "--dbname", (char *)dburl, (char *)from, NULL};
		printf("# PostgreSQL: restore into a new, empty database, then verify:\n"
		       "pg_restore --no-owner --exit-on-error --single-transaction --dbname='%s' '%s'\n"
		       "gongkai audit verify --db '%s'\n", dburl, from, dburl);
		if (!run)
			return 0;
		return run_program(pargv) == 0 ? 0 : 1;
	}
	if (stat(from, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		fprintf(stderr, "gongkai restore: %s: not a readable backup file\n", from);
		return 2;
	}
	if (access(path, F_OK) == 0 && !force) {
		fprintf(stderr, "gongkai restore: %s exists; stop the servers and use --force to replace it\n",
			path);
		return 2;
	}
	if ((size_t)snprintf(staged, sizeof staged, "%s.restoring", path) >= sizeof staged) {
		fprintf(stderr, "gongkai restore: path too long\n");
		return 2;
	}
	unlink(staged);
	if (copy_file(from, staged) != 0) {
		fprintf(stderr, "gongkai restore: cannot copy %s to %s: %s\n", from, staged, strerror(errno));
		unlink(staged);
		return 1;
	}
	if (check_restored(staged, &ar, &version, err, sizeof err) != 0) {
		fprintf(stderr, "gongkai restore: %s fails its checks (%s); %s left untouched\n", from,
			err, path);
		unlink(staged);
		return 1;
	}
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	if (rename(staged, path) != 0) {
		fprintf(stderr, "gongkai restore: cannot rename %s to %s: %s\n", staged, path, strerror(errno));
		return 1;
	}
	printf("{\"restored\":\"%s\",\"integrity\":\"ok\",\"schema_version\":%lld,"
	       "\"audit\":{\"entries\":%lld,\"head\":\"%s\"}}\n",
	       path, (long long)version, (long long)ar.entries, ar.head_hash);
	fputs(key_reminder, stderr);
	return 0;
}
