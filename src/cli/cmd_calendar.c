/* cmd_calendar.c - gongkai calendar add|is-workday|load|show.
 *
 * The working-day calendar on the command line. With a database (--db URL
 * or $GONGKAI_DB_URL) the active calendar is the one stored there
 * (service/calendar_admin.h): `load` stores a new version and re-derives
 * the open deadlines in one transaction, and every gongkai process using
 * that database follows it. Without one, the DB-less commands use an
 * installed newer TSV under $GONGKAI_HOME, else the one built into the
 * binary (cli_calendar_active, also used by `application deadline`). */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/buf.h"
#include "base/embedded.h"
#include "base/file.h"
#include "base/str.h"
#include "domain/calendar.h"
#include "service/calendar_admin.h"
#include "store/db.h"

#define BUILTIN_NAME "cn-holidays.tsv"
#define MAX_ADD_DAYS 3650

/* Directory holding installed data: $GONGKAI_HOME or ~/.local/share/gongkai.
 * Returns 0, or -1 if neither GONGKAI_HOME nor HOME is set. */
static int home_dir(char *out, size_t size)
{
	const char *h = getenv("GONGKAI_HOME");
	if (h && *h)
		return str_copy(out, h, size) < size ? 0 : -1;
	h = getenv("HOME");
	if (!h || !*h)
		return -1;
	return (size_t)snprintf(out, size, "%s/.local/share/gongkai", h) < size ? 0 : -1;
}

static int installed_path(char *out, size_t size)
{
	char dir[2048];
	if (home_dir(dir, sizeof dir))
		return -1;
	return (size_t)snprintf(out, size, "%s/calendar.tsv", dir) < size ? 0 : -1;
}

int cli_calendar_active(struct calendar *cal, char *err, size_t errsize)
{
	char path[4096], ferr[256];
	struct buf b = BUF_INIT(0);
	struct stat st;
	const char *text;
	size_t len;
	int rc;

	if (installed_path(path, sizeof path) == 0 && stat(path, &st) == 0) {
		if (file_read(path, CALENDAR_MAX_BYTES, &b, ferr, sizeof ferr)) {
			snprintf(err, errsize, "%s: %s", path, ferr);
			buf_free(&b);
			return -1;
		}
		rc = calendar_parse(cal, buf_str(&b), b.len, path, err, errsize);
		buf_free(&b);
		return rc;
	}
	text = embedded_get(BUILTIN_NAME, &len);
	if (!text) {
		snprintf(err, errsize, "built-in calendar %s missing", BUILTIN_NAME);
		return -1;
	}
	return calendar_parse(cal, text, len, "(built-in) " BUILTIN_NAME, err, errsize);
}

int cli_take_db_flag(int *argc, char **argv, const char **url)
{
	int i, j;
	const char *env = getenv("GONGKAI_DB_URL");
	*url = env && *env ? env : NULL;
	for (i = 1; i < *argc; i++) {
		if (!strcmp(argv[i], "--db")) {
			if (i + 1 >= *argc || !*argv[i + 1])
				return -1;
			*url = argv[i + 1];
			for (j = i; j + 2 <= *argc; j++)
				argv[j] = argv[j + 2];
			*argc -= 2;
			i--;
		} else if (!strncmp(argv[i], "--db=", 5)) {
			*url = argv[i] + 5;
			for (j = i; j + 1 <= *argc; j++)
				argv[j] = argv[j + 1];
			*argc -= 1;
			i--;
		}
	}
	return 0;
}

int cli_calendar_load(struct calendar *cal, const char *url, const char *who)
{
	char err[1024];
	struct calendar_row row;
	struct db *db;
	int rc;
	if (!url) {
		if (cli_calendar_active(cal, err, sizeof err)) {
			fprintf(stderr, "gongkai %s: %s\n", who, err);
			return -1;
		}
		return 0;
	}
	db = cli_db_open(url, who);
	if (!db)
		return -1;
	rc = calendar_admin_from_db(db, cal, &row, err, sizeof err);
	db_close(db);
	if (rc) {
		fprintf(stderr, "gongkai %s: %s\n", who, err);
		return -1;
	}
	return 0;
}

static void warn_uncovered(const struct calendar *cal, gk_date d)
{
	char s[DATE_STR_SIZE];
	if (!calendar_covers(cal, d))
		fprintf(stderr, "warning: %s is outside the calendar (%d-%d); "
			"only weekends counted as days off / 超出日历覆盖年份，仅按周末计算\n",
			date_format(d, s), cal->first_year, cal->last_year);
}

static int parse_date_arg(const char *s, gk_date *d)
{
	if (date_parse(s, d) == 0)
		return 0;
	fprintf(stderr, "gongkai calendar: bad date '%s' (want YYYY-MM-DD, years %d-%d)\n",
		s, DATE_MIN_YEAR, DATE_MAX_YEAR);
	return -1;
}

static int cmd_add(int argc, char **argv)
{
	struct calendar cal;
	gk_date d, r;
	int n;
	char s[DATE_STR_SIZE];
	const char *url;
	if (cli_take_db_flag(&argc, argv, &url) || argc != 3) {
		fprintf(stderr, "usage: gongkai calendar add DATE N [--db URL]\n");
		return 2;
	}
	if (parse_date_arg(argv[1], &d))
		return 2;
	if (str_to_int(argv[2], 0, MAX_ADD_DAYS, &n)) {
		fprintf(stderr, "gongkai calendar: bad number of working days '%s' (want 0..%d)\n",
			argv[2], MAX_ADD_DAYS);
		return 2;
	}
	if (cli_calendar_load(&cal, url, "calendar"))
		return 2;
	r = calendar_add_workdays(&cal, d, n);
	if (date_year(r) > DATE_MAX_YEAR) {
		fprintf(stderr, "gongkai calendar: result beyond year %d\n", DATE_MAX_YEAR);
		calendar_free(&cal);
		return 2;
	}
	warn_uncovered(&cal, d);
	if (calendar_covers(&cal, d))
		warn_uncovered(&cal, r);
	printf("%s\n", date_format(r, s));
	calendar_free(&cal);
	return 0;
}

static int cmd_is_workday(int argc, char **argv)
{
	struct calendar cal;
	gk_date d;
	const char *url;
	if (cli_take_db_flag(&argc, argv, &url) || argc != 2) {
		fprintf(stderr, "usage: gongkai calendar is-workday DATE [--db URL]\n");
		return 2;
	}
	if (parse_date_arg(argv[1], &d))
		return 2;
	if (cli_calendar_load(&cal, url, "calendar"))
		return 2;
	warn_uncovered(&cal, d);
	printf("%s\n", calendar_is_workday(&cal, d) ? "yes" : "no");
	calendar_free(&cal);
	return 0;
}

/* mkdir -p for the install directory. */
static int make_dirs(const char *dir)
{
	char tmp[2048];
	size_t i, n = str_copy(tmp, dir, sizeof tmp);
	if (n >= sizeof tmp)
		return -1;
	for (i = 1; i <= n; i++) {
		if (tmp[i] == '/' || tmp[i] == '\0') {
			char c = tmp[i];
			tmp[i] = '\0';
			if (mkdir(tmp, 0755) && errno != EEXIST)
				return -1;
			tmp[i] = c;
		}
	}
	return 0;
}

/* `calendar load FILE --db URL`: store the validated text b as the active
 * calendar (calendar_admin_load: one transaction with the re-derivation of
 * every open deadline and the audit entry) and report what moved. */
static int load_into_db(const char *url, const char *file, const struct buf *b, int dry)
{
	struct actor sys = {0, "system", 1, ""};
	struct calendar_load_result r;
	struct svc_error err;
	struct db *db = cli_db_open(url, "calendar load");
	size_t i;
	if (!db)
		return 1;
	memset(&err, 0, sizeof err);
	if (calendar_admin_load(db, &sys, b->data ? b->data : "", b->len, file, DATE_NONE, dry,
				&r, &err)) {
		db_close(db);
		if (err.code == SVC_INVALID) {
			fprintf(stderr, "%s\n日历未加载，未作任何更改 (calendar not loaded; nothing changed)\n",
				err.message);
			return 2;
		}
		return cli_svc_exit("calendar load", &err);
	}
	db_close(db);
	printf("%s: %zu dates (%d off, %d work), covers %d-%d\n", file, r.entries, r.noff,
	       r.nwork, r.first_year, r.last_year);
	if (r.unchanged) {
		printf("already the active calendar (version %lld); nothing changed\n",
		       (long long)r.version);
		calendar_load_result_free(&r);
		return 0;
	}
	if (r.dry_run)
		printf("dry run: would become calendar version %lld (active now: %s%lld); nothing stored\n",
		       (long long)r.version, r.previous ? "version " : "built-in, version ",
		       (long long)r.previous);
	else
		printf("stored as calendar version %lld (previous: %s%lld); running servers follow it within seconds\n",
		       (long long)r.version, r.previous ? "version " : "built-in, version ",
		       (long long)r.previous);
	printf("open applications re-derived: %lld; deadlines moved: %lld; cached columns changed: %lld;"
	       " closed by lapse: %lld; not derivable (left as is): %lld\n",
	       (long long)r.open_checked, (long long)r.due_moved, (long long)r.recached,
	       (long long)r.closed, (long long)r.underivable);
	for (i = 0; i < r.nmoves; i++) {
		const struct calendar_move *m = &r.moves[i];
		printf("  %s (#%lld, agency %lld): due %s -> %s", m->tracking_code,
		       (long long)m->app_id, (long long)m->agency_id,
		       m->old_due[0] ? m->old_due : "-", m->new_due[0] ? m->new_due : "-");
		if (strcmp(m->old_state, m->new_state))
			printf(", state %s -> %s", m->old_state, m->new_state);
		printf("\n");
	}
	if ((int64_t)r.nmoves < r.recached)
		printf("  ... and %lld more\n", (long long)(r.recached - (int64_t)r.nmoves));
	calendar_load_result_free(&r);
	return 0;
}

static int cmd_load(int argc, char **argv)
{
	struct calendar cal;
	struct buf b = BUF_INIT(0);
	char err[512], dir[2048], path[4096];
	const char *file = NULL, *url;
	int dry = 0, i, rc;
	gk_date lo, hi;

	if (cli_take_db_flag(&argc, argv, &url)) {
		fprintf(stderr, "usage: gongkai calendar load [--dry-run] FILE.tsv [--db URL]\n");
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--dry-run"))
			dry = 1;
		else if (!file)
			file = argv[i];
		else
			file = NULL, i = argc + 1;
	}
	if (!file || i > argc) {
		fprintf(stderr, "usage: gongkai calendar load [--dry-run] FILE.tsv [--db URL]\n");
		return 2;
	}
	if (file_read(file, CALENDAR_MAX_BYTES, &b, err, sizeof err)) {
		fprintf(stderr, "%s: %s\n", file, err);
		buf_free(&b);
		return 2;
	}
	if (calendar_parse(&cal, buf_str(&b), b.len, file, err, sizeof err)) {
		fprintf(stderr, "%s\n日历未加载，未作任何更改 (calendar not loaded; nothing changed)\n", err);
		buf_free(&b);
		return 2;
	}
	if (url) {
		/* Issue 3: into the database, through one service call. */
		calendar_free(&cal);
		rc = load_into_db(url, file, &b, dry);
		buf_free(&b);
		return rc;
	}
	date_from_ymd(cal.first_year, 1, 1, &lo);
	date_from_ymd(cal.last_year, 12, 31, &hi);
	if (!dry) {
		if (home_dir(dir, sizeof dir) || make_dirs(dir) ||
		    installed_path(path, sizeof path) ||
		    file_write_atomic(path, b.data ? b.data : "", b.len)) {
			fprintf(stderr, "gongkai calendar: cannot install into %s: %s\n",
				getenv("GONGKAI_HOME") ? getenv("GONGKAI_HOME") : "~/.local/share/gongkai",
				strerror(errno));
			calendar_free(&cal);
			buf_free(&b);
			return 2;
		}
	}
	if (!dry)
		fprintf(stderr, "note: installed for the commands on this host without a database;"
			" with a database use --db URL (or $GONGKAI_DB_URL) so every server follows it\n");
	printf("%s: %zu dates (%d off, %d work), covers %d-%d (%d years, %d days)%s%s\n",
	       file, cal.nentries, cal.noff, cal.nwork, cal.first_year, cal.last_year,
	       cal.last_year - cal.first_year + 1, (int)(hi - lo + 1),
	       dry ? "; valid, not installed (--dry-run)" : "; installed as ",
	       dry ? "" : path);
	calendar_free(&cal);
	buf_free(&b);
	return 0;
}

static const char *weekday_zh(gk_date d)
{
	static const char *names[] = {"星期一", "星期二", "星期三", "星期四",
				      "星期五", "星期六", "星期日"};
	return names[date_weekday(d) - 1];
}

static int cmd_show(int argc, char **argv)
{
	struct calendar cal;
	char s[DATE_STR_SIZE];
	int year, noff = 0, nwork = 0;
	size_t i;
	const char *url;
	if (cli_take_db_flag(&argc, argv, &url) || argc != 2) {
		fprintf(stderr, "usage: gongkai calendar show YEAR [--db URL]\n");
		return 2;
	}
	if (str_to_int(argv[1], DATE_MIN_YEAR, DATE_MAX_YEAR, &year)) {
		fprintf(stderr, "gongkai calendar: bad year '%s' (want %d..%d)\n",
			argv[1], DATE_MIN_YEAR, DATE_MAX_YEAR);
		return 2;
	}
	if (cli_calendar_load(&cal, url, "calendar"))
		return 2;
	if (year < cal.first_year || year > cal.last_year)
		fprintf(stderr, "warning: %d is outside the calendar (%d-%d); only weekends are days off\n",
			year, cal.first_year, cal.last_year);
	for (i = 0; i < cal.nentries; i++) {
		const struct calendar_entry *e = &cal.entries[i];
		if (date_year(e->date) != year)
			continue;
		printf("%s\t%s\t%s\t%s\n", date_format(e->date, s),
		       e->kind == CAL_OFF ? "off" : "work", weekday_zh(e->date), e->name);
		if (e->kind == CAL_OFF)
			noff++;
		else
			nwork++;
	}
	printf("# %d: %d off, %d work (调休上班)\n", year, noff, nwork);
	calendar_free(&cal);
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: gongkai calendar COMMAND\n"
		"  add DATE N          the date N working days after DATE\n"
		"  is-workday DATE     yes or no\n"
		"  load [--dry-run] FILE.tsv  validate and install a newer holiday calendar\n"
		"  show YEAR           list that year's days off and make-up working days\n"
		"Each takes --db URL (or $GONGKAI_DB_URL): use the calendar stored in that\n"
		"database; load then stores a new version there and re-derives every open\n"
		"deadline. Without a database: $GONGKAI_HOME/calendar.tsv, else built-in.\n");
}

int cmd_calendar(int argc, char **argv)
{
	if (argc < 1) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[0], "add"))
		return cmd_add(argc, argv);
	if (!strcmp(argv[0], "is-workday"))
		return cmd_is_workday(argc, argv);
	if (!strcmp(argv[0], "load"))
		return cmd_load(argc, argv);
	if (!strcmp(argv[0], "show"))
		return cmd_show(argc, argv);
	fprintf(stderr, "gongkai calendar: unknown command '%s'\n", argv[0]);
	usage(stderr);
	return 2;
}
