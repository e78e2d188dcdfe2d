/* calendar_admin.c - the active working-day calendar: loading and
 * following it (service/calendar_admin.h). */
#include "service/calendar_admin.h"
#include "service/access.h"
#include "service/applications.h"
#include "service/audit.h"
#include "store/agencies.h"
#include "store/applications.h"
#include "store/db.h"
#include "base/buf.h"
#include "base/embedded.h"
#include "base/file.h"
#include "base/jsonw.h"
#include "base/str.h"
#include "base/xalloc.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ---------- the process-wide active calendar ---------- */

/* Versions besides the stored ones (> 0) and the built-in (0). */
#define VERSION_FILE   (-1)   /* $GONGKAI_HOME file or built-in, not following a database */
#define VERSION_UNSURE (-3)   /* following, but the database could not be read yet */

/* A calendar once handed out is never freed while the process runs: the
 * callers of app_calendar() borrow it without releasing. Replaced ones go
 * on this list (one per reload; reloads are rare administrative acts). */
struct retired {
	struct calendar *cal;
	struct retired *next;
};

static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER; /* guards the fields below */
static struct calendar *current;
static int64_t current_version;
static struct retired *retired_list;
static char follow_url[1024];
static double next_poll;                  /* monotonic seconds */
static char current_err[512];

static pthread_mutex_t poll_lock = PTHREAD_MUTEX_INITIALIZER; /* one poller at a time */
static struct db *poll_db;                /* private connection, under poll_lock */
static int poll_failing;                  /* log a failure streak once */

static double now_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int calendar_admin_builtin(struct calendar *cal, char *err, size_t errsize)
{
	size_t len;
	const char *text = embedded_get(CALENDAR_BUILTIN_NAME, &len);
	if (!text) {
		snprintf(err, errsize, "built-in calendar %s missing", CALENDAR_BUILTIN_NAME);
		memset(cal, 0, sizeof *cal);
		return -1;
	}
	return calendar_parse(cal, text, len, "(built-in) " CALENDAR_BUILTIN_NAME, err, errsize);
}

/* $GONGKAI_HOME/calendar.tsv (or ~/.local/share/gongkai/calendar.tsv); 0
 * with the path if the file exists. */
static int installed_file(char *path, size_t size)
{
	const char *h = getenv("GONGKAI_HOME");
	struct stat st;
	int n;
	if (h && *h)
		n = snprintf(path, size, "%s/calendar.tsv", h);
	else if ((h = getenv("HOME")) && *h)
		n = snprintf(path, size, "%s/.local/share/gongkai/calendar.tsv", h);
	else
		return -1;
	return n > 0 && (size_t)n < size && stat(path, &st) == 0 ? 0 : -1;
}

/* The calendar of a process that follows no database (the behaviour
 * before calendars were stored): the installed file, else built-in. */
static int load_file_or_builtin(struct calendar *cal, char *err, size_t errsize)
{
	char path[4096], ferr[256];
	struct buf b = BUF_INIT(0);
	int rc;
	if (installed_file(path, sizeof path) != 0)
		return calendar_admin_builtin(cal, err, errsize);
	if (file_read(path, CALENDAR_MAX_BYTES, &b, ferr, sizeof ferr)) {
		snprintf(err, errsize, "%.300s: %.150s", path, ferr);
		buf_free(&b);
		memset(cal, 0, sizeof *cal);
		return -1;
	}
	rc = calendar_parse(cal, buf_str(&b), b.len, path, err, errsize);
	buf_free(&b);
	return rc;
}

int calendar_admin_from_db(struct db *db, struct calendar *cal, struct calendar_row *row,
			   char *err, size_t errsize)
{
	struct calendar_row r;
	char source[64];
	int rc = calendar_store_get(db, 0, 1, &r);
	memset(cal, 0, sizeof *cal);
	if (row)
		memset(row, 0, sizeof *row);
	if (rc < 0) {
		snprintf(err, errsize, "cannot read the stored calendar: %s", db_errmsg(db));
		return -1;
	}
	if (rc == 1) {
		if (row)
			str_copy(row->source, "(built-in) " CALENDAR_BUILTIN_NAME, sizeof row->source);
		return calendar_admin_builtin(cal, err, errsize);
	}
	snprintf(source, sizeof source, "(stored calendar version %lld)", (long long)r.version);
	rc = calendar_parse(cal, r.tsv, r.tsv_len, source, err, errsize);
	calendar_row_free(&r);
	if (row)
		*row = r;
	return rc;
}

/* Put cal (heap) in force as `version`; the previous one is retired. */
static void install(struct calendar *cal, int64_t version)
{
	struct retired *old = NULL;
	pthread_mutex_lock(&state_lock);
	if (current) {
		old = xcalloc(1, sizeof *old);
		old->cal = current;
		old->next = retired_list;
		retired_list = old;
	}
	current = cal;
	current_version = version;
	current_err[0] = '\0';
	pthread_mutex_unlock(&state_lock);
}

/* Load a calendar with `load` (file/built-in, or built-in only) and put it
 * in force as `version`; on failure keep the reason for callers that find
 * no calendar. Called with poll_lock held. */
static void install_loaded(int (*load)(struct calendar *, char *, size_t), int64_t version)
{
	struct calendar *c = xcalloc(1, sizeof *c);
	char e[sizeof current_err];
	if (load(c, e, sizeof e) == 0) {
		install(c, version);
		return;
	}
	free(c);
	pthread_mutex_lock(&state_lock);
	str_copy(current_err, e, sizeof current_err);
	pthread_mutex_unlock(&state_lock);
}

/* Read the stored version and, if it differs from `have`, load and install
 * it. Called with poll_lock held. Returns 0, or -1 (logged; the calendar
 * in force stays). */
static int poll_stored(const char *url, int64_t have)
{
	char err[1024];
	struct calendar *cal;
	struct calendar_row row;
	int64_t v = 0;

	if (!poll_db) {
		poll_db = db_open(url, err, sizeof err);
		if (!poll_db)
			goto fail;
	}
	if (calendar_store_version(poll_db, &v)) {
		snprintf(err, sizeof err, "%s", db_errmsg(poll_db));
		db_close(poll_db);
		poll_db = NULL;
		goto fail;
	}
	poll_failing = 0;
	if (v == have)
		return 0;
	cal = xcalloc(1, sizeof *cal);
	if (calendar_admin_from_db(poll_db, cal, &row, err, sizeof err)) {
		free(cal);
		db_close(poll_db);
		poll_db = NULL;
		goto fail;
	}
	if (have != VERSION_UNSURE || row.version > 0)
		fprintf(stderr, "gongkai: working-day calendar version %lld now in force"
			" (%d-%d, %zu dates%s%s)\n", (long long)row.version, cal->first_year,
			cal->last_year, cal->nentries, row.loaded_by[0] ? ", loaded by " : "",
			row.loaded_by);
	install(cal, row.version);
	return 0;
fail:
	if (!poll_failing)
		fprintf(stderr, "gongkai: cannot check the stored calendar (keeping the one in force): %s\n",
			err);
	poll_failing = 1;
	return -1;
}

void calendar_admin_follow(const char *url)
{
	pthread_mutex_lock(&state_lock);
	str_copy(follow_url, url ? url : "", sizeof follow_url);
	next_poll = 0;   /* check at the next call */
	pthread_mutex_unlock(&state_lock);
}

void calendar_admin_poll_now(void)
{
	pthread_mutex_lock(&state_lock);
	next_poll = 0;
	pthread_mutex_unlock(&state_lock);
}

const struct calendar *calendar_admin_current(int64_t *version, char *err, size_t errsize)
{
	char url[sizeof follow_url];
	const struct calendar *cal;
	int64_t have;
	int due, loaded;
	double now = now_mono();

	pthread_mutex_lock(&state_lock);
	loaded = current != NULL;
	have = current ? current_version : VERSION_UNSURE;
	due = follow_url[0] && (now >= next_poll || !current ||
				current_version == VERSION_FILE);
	str_copy(url, follow_url, sizeof url);
	pthread_mutex_unlock(&state_lock);

	if (!loaded && !url[0]) {
		/* Not following a database: load once (file or built-in). */
		pthread_mutex_lock(&poll_lock);
		pthread_mutex_lock(&state_lock);
		have = current ? 1 : 0;
		pthread_mutex_unlock(&state_lock);
		if (!have)
			install_loaded(load_file_or_builtin, VERSION_FILE);
		pthread_mutex_unlock(&poll_lock);
	} else if (due) {
		/* Following: the first call waits for the load; later checks
		 * are skipped by threads that find another one checking. */
		int locked = !loaded ? pthread_mutex_lock(&poll_lock) == 0
				     : pthread_mutex_trylock(&poll_lock) == 0;
		if (locked) {
			pthread_mutex_lock(&state_lock);
			due = now >= next_poll || !current || current_version == VERSION_FILE;
			have = current ? current_version : VERSION_UNSURE;
			if (due)
				next_poll = now + CALENDAR_POLL_MS / 1000.0;
			loaded = current != NULL;
			pthread_mutex_unlock(&state_lock);
			/* The database cannot be read yet: use the built-in
			 * calendar and try again at the next check. */
			if (due && poll_stored(url, have) && !loaded)
				install_loaded(calendar_admin_builtin, VERSION_UNSURE);
			pthread_mutex_unlock(&poll_lock);
		}
	}

	pthread_mutex_lock(&state_lock);
	cal = current;
	if (version)
		*version = current_version;
	if (!cal)
		str_copy(err, current_err[0] ? current_err : "no calendar", errsize);
	pthread_mutex_unlock(&state_lock);
	return cal;
}

/* ---------- loading a new calendar ---------- */

void calendar_load_result_free(struct calendar_load_result *r)
{
	free(r->moves);
	r->moves = NULL;
	r->nmoves = 0;
}

int calendar_admin_may_load(struct db *db, const struct actor *who, struct svc_error *err)
{
	struct agency_list roots = {0};
	struct svc_error ignored;
	size_t i;
	int ok = 0;
	if (who && who->is_system)
		return 0;
	if (!who || who->user_id <= 0)
		return svc_fail(err, SVC_UNAUTHENTICATED, NULL, "请先登录 / login required");
	if (agency_store_children(db, 0, &roots))
		return svc_db_fail(err, db);
	for (i = 0; i < roots.n && !ok; i++)
		ok = access_require(db, who, roots.items[i].id, ROLE_ADMIN, &ignored) == 0;
	agency_list_free(&roots);
	if (!ok)
		return svc_fail(err, SVC_FORBIDDEN, NULL,
				"只有最上级机关的管理员可以更新工作日历 / only an admin of a top-level agency may load the calendar");
	return 0;
}

static void sha256_hex(const char *text, size_t len, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)text, len);
	sodium_bin2hex(out, 65, h, sizeof h);
}

static void copy_or_empty(char *dst, const char *src, size_t size)
{
	str_copy(dst, src ? src : "", size);
}

/* Re-derive every open application under cal as of today and rewrite the
 * cached columns that changed; counts into out. Inside the caller's
 * transaction. 0 or -1 (err set). */
static int recache_open(struct db *db, const struct calendar *cal, gk_date today,
			struct calendar_load_result *out, struct svc_error *err)
{
	struct app_records open = {0};
	size_t i;
	int rc = 0;
	if (app_store_open(db, 0, &open))
		return svc_db_fail(err, db);
	for (i = 0; i < open.n && rc == 0; i++) {
		struct app_record rec;
		struct app_event_rows evs = {0};
		struct deadline_result res;
		char due[DATE_STR_SIZE] = "", ended[DATE_STR_SIZE] = "";
		const char *state, *waiting;
		int got;
		/* Re-read with a row lock (PostgreSQL): a concurrent event on
		 * this application waits for us, or we see its result. */
		got = app_store_get(db, open.items[i].id, 1, &rec);
		if (got < 0) {
			rc = svc_db_fail(err, db);
			break;
		}
		if (got == 1)
			continue;
		if (strcmp(rec.state, "open") != 0) {
			app_record_free(&rec);
			continue;
		}
		out->open_checked++;
		if (app_store_events(db, rec.id, &evs)) {
			rc = svc_db_fail(err, db);
			app_record_free(&rec);
			break;
		}
		if (app_derive(cal, &rec, &evs, DATE_NONE, today, &res)) {
			out->underivable++;
			goto next;
		}
		if (res.due != DATE_NONE)
			date_format(res.due, due);
		if (res.ended != DATE_NONE)
			date_format(res.ended, ended);
		state = app_state_name(res.state);
		waiting = res.waiting == WAIT_NONE ? "" : app_waiting_name(res.waiting);
		if (!strcmp(due, rec.due_on) && !strcmp(waiting, rec.waiting) &&
		    !strcmp(state, rec.state))
			goto next;
		if (calendar_store_recache_app(db, rec.id, state, waiting, due,
					       res.state != STATE_OPEN ? res.outcome : NULL,
					       res.state != STATE_OPEN ? ended : NULL) < 0) {
			rc = svc_db_fail(err, db);
			goto next;
		}
		out->recached++;
		if (strcmp(due, rec.due_on))
			out->due_moved++;
		if (res.state != STATE_OPEN)
			out->closed++;
		if (out->nmoves < CALENDAR_MOVES_MAX) {
			struct calendar_move *m;
			if (!out->moves)
				out->moves = xcalloc(CALENDAR_MOVES_MAX, sizeof *out->moves);
			m = &out->moves[out->nmoves++];
			m->app_id = rec.id;
			m->agency_id = rec.agency_id;
			copy_or_empty(m->tracking_code, rec.tracking_code, sizeof m->tracking_code);
			copy_or_empty(m->old_due, rec.due_on, sizeof m->old_due);
			copy_or_empty(m->new_due, due, sizeof m->new_due);
			copy_or_empty(m->old_state, rec.state, sizeof m->old_state);
			copy_or_empty(m->new_state, state, sizeof m->new_state);
		}
next:
		deadline_result_free(&res);
		app_event_rows_free(&evs);
		app_record_free(&rec);
	}
	app_records_free(&open);
	return rc;
}

static void audit_detail(struct buf *b, const struct calendar_row *row,
			 const struct calendar_load_result *r)
{
	struct jsonw w;
	jsonw_init(&w, b, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "version");
	jsonw_int(&w, r->version);
	jsonw_key(&w, "previous");
	jsonw_int(&w, r->previous);
	jsonw_key(&w, "sha256");
	jsonw_string(&w, row->sha256);
	jsonw_key(&w, "source");
	jsonw_string(&w, row->source);
	jsonw_key(&w, "first_year");
	jsonw_int(&w, r->first_year);
	jsonw_key(&w, "last_year");
	jsonw_int(&w, r->last_year);
	jsonw_key(&w, "entries");
	jsonw_int(&w, (int64_t)r->entries);
	jsonw_key(&w, "open_checked");
	jsonw_int(&w, r->open_checked);
	jsonw_key(&w, "due_moved");
	jsonw_int(&w, r->due_moved);
	jsonw_key(&w, "recached");
	jsonw_int(&w, r->recached);
	jsonw_key(&w, "closed");
	jsonw_int(&w, r->closed);
	jsonw_object_end(&w);
}

int calendar_admin_load(struct db *db, const struct actor *who, const char *tsv, size_t len,
			const char *source, gk_date today, int dry_run,
			struct calendar_load_result *out, struct svc_error *err)
{
	struct calendar cal;
	struct calendar_row row, active;
	struct buf detail = BUF_INIT(0);
	char perr[512], vstr[32];
	time_t t = time(NULL);
	struct tm tm;
	int rc = -1, got;

	memset(out, 0, sizeof *out);
	memset(&row, 0, sizeof row);
	if (!source || !*source)
		source = "calendar.tsv";
	if (len > CALENDAR_MAX_BYTES)
		return svc_fail(err, SVC_INVALID, "tsv", "%.200s: 日历文件过大（最多 %u 字节）/ calendar too large",
				source, CALENDAR_MAX_BYTES);
	if (!tsv || memchr(tsv, '\0', len))
		return svc_fail(err, SVC_INVALID, "tsv", "%.200s: 日历含有 NUL 字节 / calendar contains a NUL byte",
				source);
	if (calendar_parse(&cal, tsv, len, source, perr, sizeof perr))
		return svc_fail(err, SVC_INVALID, "tsv", "%s", perr);
	if (today == DATE_NONE)
		today = app_today();
	out->first_year = cal.first_year;
	out->last_year = cal.last_year;
	out->entries = cal.nentries;
	out->noff = cal.noff;
	out->nwork = cal.nwork;

	row.tsv = xstrndup(tsv, len);
	row.tsv_len = len;
	sha256_hex(tsv, len, row.sha256);
	row.first_year = cal.first_year;
	row.last_year = cal.last_year;
	row.entries = (int64_t)cal.nentries;
	str_copy(row.source, source, sizeof row.source);
	str_copy(row.loaded_by, who && who->is_system ? "system" : who ? who->login : "",
		 sizeof row.loaded_by);
	gmtime_r(&t, &tm);
	strftime(row.loaded_at, sizeof row.loaded_at, "%Y-%m-%dT%H:%M:%SZ", &tm);

	if (db_begin(db)) {
		svc_db_fail(err, db);
		goto out;
	}
	if (calendar_admin_may_load(db, who, err))
		goto fail;
	got = calendar_store_get(db, 0, 0, &active);
	if (got < 0) {
		svc_db_fail(err, db);
		goto fail;
	}
	out->previous = got == 0 ? active.version : 0;
	if (got == 0 && !strcmp(active.sha256, row.sha256)) {
		/* The active calendar already: nothing to store or re-derive. */
		out->unchanged = 1;
		out->version = active.version;
		db_rollback(db);
		rc = 0;
		goto out;
	}
	if (calendar_store_insert(db, &row, &out->version)) {
		svc_db_fail(err, db);
		if (err->code == SVC_CONFLICT)
			svc_fail(err, SVC_CONFLICT, NULL,
				 "另一个日历正在同时加载，请重试 / another calendar was loaded at the same time; retry");
		goto fail;
	}
	if (recache_open(db, &cal, today, out, err))
		goto fail;
	if (dry_run) {
		out->dry_run = 1;
		db_rollback(db);
		rc = 0;
		goto out;
	}
	audit_detail(&detail, &row, out);
	snprintf(vstr, sizeof vstr, "%lld", (long long)out->version);
	if (audit_append(db, row.loaded_by[0] ? row.loaded_by : "system", 0, "calendar.load",
			 "calendar", vstr, buf_str(&detail)) < 0) {
		svc_db_fail(err, db);
		goto fail;
	}
	if (db_commit(db)) {
		svc_db_fail(err, db);
		goto fail;
	}
	calendar_admin_poll_now();
	rc = 0;
	goto out;
fail:
	db_rollback(db);
	calendar_load_result_free(out);
	rc = -1;
out:
	calendar_row_free(&row);
	calendar_free(&cal);
	buf_free(&detail);
	return rc;
}

int calendar_admin_info(struct db *db, const struct actor *who, struct calendar_info *out,
			struct svc_error *err)
{
	struct calendar cal;
	struct svc_error ignored;
	char perr[1024];
	memset(out, 0, sizeof *out);
	if (!who || (who->user_id <= 0 && !who->is_system))
		return svc_fail(err, SVC_UNAUTHENTICATED, NULL, "请先登录 / login required");
	if (calendar_admin_from_db(db, &cal, &out->row, perr, sizeof perr)) {
		if (db_errclass(db) != DB_OK)
			return svc_db_fail(err, db);
		return svc_fail(err, SVC_INTERNAL, NULL, "%s", perr);
	}
	if (out->row.version == 0) {
		out->row.first_year = cal.first_year;
		out->row.last_year = cal.last_year;
		out->row.entries = (int64_t)cal.nentries;
	}
	out->noff = cal.noff;
	out->nwork = cal.nwork;
	calendar_free(&cal);
	if (!calendar_admin_current(&out->in_force, perr, sizeof perr))
		out->in_force = VERSION_UNSURE;
	out->may_load = calendar_admin_may_load(db, who, &ignored) == 0;
	return 0;
}
