/* test_calendar_admin.c - loading a working-day calendar into the database
 * and following it (service/calendar_admin.c, store/calendar_store.c).
 * DB from $GONGKAI_TEST_DB_URL (uses-db: tests/run.sh repeats it on
 * PostgreSQL), else a temp SQLite file.
 *
 * Hand computation (built-in calendar, regime 2019, 20 working days):
 * received Monday 2025-02-24 (in person). Working days after it:
 * Feb 25-28 (4), Mar 3-7 (9), Mar 10-14 (14), Mar 17-21 (19), Mar 24 (20)
 * -> due 2025-03-24 (no holiday in March 2025). The new calendar makes
 * Monday 2025-03-03 a day off, so the 20th working day is one later:
 * Mar 4-7 (8), 10-14 (13), 17-21 (18), 24 (19), 25 (20) -> 2025-03-25.
 * A second new calendar also makes Tuesday 2025-03-04 off -> 2025-03-26. */
#include "t.h"
#include "service/accounts.h"
#include "service/access.h"
#include "service/applications.h"
#include "service/audit.h"
#include "service/calendar_admin.h"
#include "store/calendar_store.h"
#include "store/db.h"
#include "base/buf.h"
#include "base/embedded.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct db *db;
static volatile int readers_stop;

/* A worker thread: borrow the calendar in force again and again and use
 * it, as request handlers do, while the main thread loads new versions.
 * Counts uses in *arg; AddressSanitizer reports any use after free. */
static void *reader(void *arg)
{
	long *uses = arg;
	char err[256];
	gk_date d;
	date_parse("2025-03-03", &d);
	while (!__atomic_load_n(&readers_stop, __ATOMIC_ACQUIRE)) {
		const struct calendar *c = app_calendar(err, sizeof err);
		if (c) {
			(void)calendar_add_workdays(c, d, 20);
			(*uses)++;
		}
	}
	return NULL;
}
static struct actor sys = {0, "system", 1, ""};

static struct actor mkuser(const char *prefix, int64_t agency, const char *role)
{
	struct actor a;
	struct svc_error e;
	int64_t id = 0;
	memset(&a, 0, sizeof a);
	snprintf(a.login, sizeof a.login, "%s%ld", prefix, (long)getpid());
	if (accounts_user_create(db, &sys, a.login, a.login, "password-123", agency, role, &id, &e))
		printf("# user %s: %s\n", a.login, e.message);
	a.user_id = id;
	return a;
}

/* The built-in TSV with extra lines (sorted, each "DATE\tkind\tname\n")
 * inserted before the first built-in line dated after `after`. */
static void builtin_plus(struct buf *out, const char *after, const char *extra)
{
	size_t len, i = 0;
	const char *t = embedded_get(CALENDAR_BUILTIN_NAME, &len);
	int done = 0;
	buf_reset(out);
	while (i < len) {
		const char *nl = memchr(t + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (t + i)) + 1 : len - i;
		if (!done && i > 0 && n > 10 && memcmp(t + i, after, 10) > 0) {
			buf_add(out, extra, strlen(extra));
			done = 1;
		}
		buf_add(out, t + i, n);
		i += n;
	}
}

static int64_t count(const char *sql)
{
	int64_t n = -1;
	if (db_query_int(db, sql, NULL, 0, &n) != 0)
		printf("# query failed: %s\n", db_errmsg(db));
	return n;
}

/* due_on, state and version of an application as stored. */
static void stored(int64_t id, char *due, char *state, int64_t *version)
{
	struct db_param p[1] = {DBP_INT(id)};
	struct db_stmt *st = db_query(db, "SELECT due_on, state, version FROM applications WHERE id = $1",
				      p, 1);
	due[0] = state[0] = '\0';
	*version = -1;
	if (st && db_step(st) == 1) {
		snprintf(due, 16, "%s", db_col_text(st, 0));
		snprintf(state, 32, "%s", db_col_text(st, 1));
		*version = db_col_int(st, 2);
	}
	db_finish(st);
}

int main(void)
{
	char path[256], err[512], code[64], due[16], state[32], due2[16], state2[32];
	const char *url = getenv("GONGKAI_TEST_DB_URL");
	struct agency_input ai;
	struct svc_error e;
	struct app_input in;
	struct app_created open_app, answered_app;
	struct app_event_input ev;
	struct app_view v;
	struct actor clerk, handler, root_admin, child_admin;
	struct calendar_load_result r;
	struct calendar_info ci;
	struct calendar dbcal;
	struct audit_report ar;
	struct buf tsv = BUF_INIT(0);
	const struct calendar *cal, *cal_v1, *cur;
	int64_t root = 0, child = 0, ver = -9, audits, version_before, version_after;
	gk_date today, d0303, d0304;
	char dstr[DATE_STR_SIZE];

	if (!url || !*url) {
		snprintf(path, sizeof path, "sqlite:/tmp/gk_test_calendar_admin_%ld.db", (long)getpid());
		unlink(path + 7);
		url = path;
	}
	db = db_open(url, err, sizeof err);
	T_OK(db != NULL, "open %s", url);
	if (!db) {
		printf("# %s\n", err);
		return T_DONE();
	}
	/* Before following a database: the file or built-in calendar. */
	cal = app_calendar(err, sizeof err);
	T_OK(cal != NULL, "app_calendar before following a database");
	if (!cal)
		return T_DONE();
	date_parse("2025-03-03", &d0303);
	date_parse("2025-03-04", &d0304);
	T_OK(calendar_is_workday(cal, d0303), "built-in: 2025-03-03 is a working day");

	memset(&ai, 0, sizeof ai);
	snprintf(code, sizeof code, "calroot%ld", (long)getpid());
	ai.code = code;
	ai.name = "某市人民政府";
	ai.kind = "government";
	T_OK(accounts_agency_create(db, &sys, &ai, &root, &e) == 0, "root agency %s", e.message);
	snprintf(code, sizeof code, "calchild%ld", (long)getpid());
	ai.code = code;
	ai.name = "某市住房和城乡建设局";
	ai.kind = "department";
	ai.parent_id = root;
	T_OK(accounts_agency_create(db, &sys, &ai, &child, &e) == 0, "child agency %s", e.message);
	clerk = mkuser("calclerk", child, ROLE_CLERK);
	handler = mkuser("calhandler", child, ROLE_HANDLER);
	root_admin = mkuser("calrootadm", root, ROLE_ADMIN);
	child_admin = mkuser("calchildadm", child, ROLE_ADMIN);
	date_parse("2025-03-01", &today);
	app_today_set(today);

	/* Two applications received Monday 2025-02-24; one gets answered. */
	memset(&in, 0, sizeof in);
	in.agency_id = child;
	in.channel = "in_person";
	in.submitted_on = "2025-02-24";
	in.applicant_kind = "person";
	in.applicant_name = "李四";
	in.description = "2024年保障性住房分配名单";
	T_OK(app_register(db, cal, NULL, &clerk, &in, &open_app, &e) == 0, "register open one %s", e.message);
	T_EQ_STR(open_app.due_on, "2025-03-24", "built-in: due 20 working days after 2025-02-24");
	T_OK(app_register(db, cal, NULL, &clerk, &in, &answered_app, &e) == 0, "register second %s", e.message);
	memset(&ev, 0, sizeof ev);
	ev.type = "answered";
	ev.date = "2025-02-28";
	ev.outcome = "disclosed";
	T_OK(app_add_event(db, cal, &handler, answered_app.id, &ev, NULL, &e) == 0, "answer the second %s",
	     e.message);
	stored(answered_app.id, due2, state2, &version_before);
	T_EQ_STR(state2, "answered", "second one answered");

	/* A bad file changes nothing (FILE:LINE error, 400). */
	audits = count("SELECT COUNT(*) FROM audit_log");
	{
		const char *bad = "date\tkind\tname\n2025-03-03\toff\t测试\n2025-02-30\toff\t坏日期\n";
		memset(&e, 0, sizeof e);
		T_OK(calendar_admin_load(db, &sys, bad, strlen(bad), "bad.tsv", DATE_NONE, 0, &r, &e) == -1 &&
		     e.code == SVC_INVALID && strstr(e.message, "bad.tsv:3:") != NULL,
		     "bad file refused with its line: %s", e.message);
	}
	T_EQ_INT(count("SELECT COUNT(*) FROM calendars"), 0, "bad file: nothing stored");
	T_EQ_INT(count("SELECT COUNT(*) FROM audit_log"), audits, "bad file: no audit entry");
	stored(open_app.id, due, state, &version_after);
	T_EQ_STR(due, "2025-03-24", "bad file: cached due date unchanged");

	/* Who may load: admin of a top-level agency only. */
	builtin_plus(&tsv, "2025-03-03", "2025-03-03\toff\t测试假日\n");
	T_OK(calendar_admin_load(db, &clerk, buf_str(&tsv), tsv.len, "new.tsv", DATE_NONE, 0, &r, &e) == -1 &&
	     e.code == SVC_FORBIDDEN, "clerk may not load (%d)", e.code);
	T_OK(calendar_admin_load(db, &child_admin, buf_str(&tsv), tsv.len, "new.tsv", DATE_NONE, 0, &r, &e) == -1 &&
	     e.code == SVC_FORBIDDEN, "admin of a department below the root may not load (%d)", e.code);
	T_OK(calendar_admin_load(db, &(struct actor){0}, buf_str(&tsv), tsv.len, "new.tsv", DATE_NONE, 0, &r,
				 &e) == -1 && e.code == SVC_UNAUTHENTICATED, "anonymous may not load");
	T_EQ_INT(count("SELECT COUNT(*) FROM calendars"), 0, "refused loads store nothing");

	/* Dry run: reports the move, stores nothing. */
	T_OK(calendar_admin_load(db, &root_admin, buf_str(&tsv), tsv.len, "new.tsv", DATE_NONE, 1, &r, &e) == 0 &&
	     r.dry_run && r.due_moved == 1, "dry run reports one moved deadline %s", e.message);
	calendar_load_result_free(&r);
	T_EQ_INT(count("SELECT COUNT(*) FROM calendars"), 0, "dry run stores nothing");
	stored(open_app.id, due, state, &version_after);
	T_EQ_STR(due, "2025-03-24", "dry run: cached due date unchanged");

	/* The real load. */
	T_OK(calendar_admin_load(db, &root_admin, buf_str(&tsv), tsv.len, "new.tsv", DATE_NONE, 0, &r, &e) == 0,
	     "root admin loads the new calendar %s", e.message);
	T_EQ_INT(r.version, 1, "first stored version");
	T_EQ_INT(r.previous, 0, "previous was the built-in");
	T_EQ_INT(r.open_checked, 1, "one open application re-derived");
	T_EQ_INT(r.due_moved, 1, "one deadline moved");
	T_OK(r.nmoves == 1 && !strcmp(r.moves[0].old_due, "2025-03-24") &&
	     !strcmp(r.moves[0].new_due, "2025-03-25") && r.moves[0].app_id == open_app.id,
	     "the move listed: 2025-03-24 -> 2025-03-25");
	calendar_load_result_free(&r);

	stored(open_app.id, due, state, &version_after);
	T_EQ_STR(due, "2025-03-25", "cached due_on moved by one working day");
	T_EQ_STR(state, "open", "still open");
	T_OK(app_get(db, cal, &handler, open_app.id, &v, &e) == 0, "read it back");
	/* app_get with the calendar passed in; the stored one as a service sees it: */
	app_view_free(&v);
	T_OK(calendar_admin_from_db(db, &dbcal, NULL, err, sizeof err) == 0, "stored calendar parses");
	T_OK(!calendar_is_workday(&dbcal, d0303), "stored: 2025-03-03 is a day off");
	T_OK(app_get(db, &dbcal, &handler, open_app.id, &v, &e) == 0 && v.res.due != DATE_NONE &&
	     !strcmp(date_format(v.res.due, dstr), "2025-03-25"), "derived due date 2025-03-25 (%s)", dstr);
	app_view_free(&v);
	calendar_free(&dbcal);
	stored(answered_app.id, due, state, &version_after);
	T_OK(!strcmp(due, due2) && !strcmp(state, state2) && version_after == version_before,
	     "answered application's record unchanged (%s %s v%lld)", due, state, (long long)version_after);

	T_EQ_INT(count("SELECT COUNT(*) FROM audit_log WHERE action = 'calendar.load' AND object_id = '1'"),
		 1, "audit entry calendar.load for version 1");
	{
		char q[256];
		snprintf(q, sizeof q, "SELECT COUNT(*) FROM audit_log WHERE action = 'calendar.load' AND actor = '%s'"
			 " AND detail_json LIKE '%%\"due_moved\":1%%'", root_admin.login);
		T_EQ_INT(count(q), 1, "audit entry names the admin and the moved count");
	}
	T_OK(audit_verify(db, &ar) == 0, "audit chain intact: %s", ar.message);

	/* Same text again: unchanged, no new version or audit entry. */
	audits = count("SELECT COUNT(*) FROM audit_log");
	T_OK(calendar_admin_load(db, &sys, buf_str(&tsv), tsv.len, "again.tsv", DATE_NONE, 0, &r, &e) == 0 &&
	     r.unchanged && r.version == 1, "loading the active text again changes nothing");
	calendar_load_result_free(&r);
	T_EQ_INT(count("SELECT COUNT(*) FROM calendars"), 1, "still one stored version");
	T_EQ_INT(count("SELECT COUNT(*) FROM audit_log"), audits, "no audit entry for a no-op");

	/* Info. */
	T_OK(calendar_admin_info(db, &root_admin, &ci, &e) == 0 && ci.row.version == 1 && ci.may_load &&
	     ci.row.first_year == 2008 && !strcmp(ci.row.loaded_by, root_admin.login) &&
	     !strcmp(ci.row.source, "new.tsv"), "info: version 1 by %s", ci.row.loaded_by);
	T_OK(calendar_admin_info(db, &clerk, &ci, &e) == 0 && !ci.may_load, "info for a clerk: may not load");

	/* Following the database: the process picks up versions as they come. */
	calendar_admin_follow(url);
	cal_v1 = calendar_admin_current(&ver, err, sizeof err);
	T_OK(cal_v1 && ver == 1 && !calendar_is_workday(cal_v1, d0303) && calendar_is_workday(cal_v1, d0304),
	     "following: version 1 in force (%lld)", (long long)ver);
	T_OK(app_calendar(err, sizeof err) == cal_v1, "app_calendar() returns the followed calendar");
	builtin_plus(&tsv, "2025-03-03", "2025-03-03\toff\t测试假日\n2025-03-04\toff\t测试假日\n");
	T_OK(calendar_admin_load(db, &sys, buf_str(&tsv), tsv.len, "newer.tsv", DATE_NONE, 0, &r, &e) == 0 &&
	     r.version == 2 && r.previous == 1 && r.due_moved == 1, "version 2 loaded by the system %s", e.message);
	calendar_load_result_free(&r);
	stored(open_app.id, due, state, &version_after);
	T_EQ_STR(due, "2025-03-26", "cached due_on moved again");
	cur = calendar_admin_current(&ver, err, sizeof err);
	T_OK(cur && ver == 2 && !calendar_is_workday(cur, d0304), "following: version 2 in force");
	/* The replaced calendar is still readable by whoever borrowed it
	 * (AddressSanitizer would catch a use after free here). */
	T_OK(!calendar_is_workday(cal_v1, d0303) && calendar_is_workday(cal_v1, d0304),
	     "the replaced calendar stays valid for its borrowers");
	/* A change made by another connection is seen within the poll interval. */
	{
		struct db *other = db_open(url, err, sizeof err);
		struct db_param p[1] = {DBP_INT(2)};
		T_OK(other != NULL, "second connection");
		/* Make version 3 = version 2's text directly in the table (as
		 * another host would), without this process being told. */
		T_OK(other && db_exec(other, "INSERT INTO calendars (version, tsv, sha256, first_year, last_year,"
				      " entries, source, loaded_by, loaded_at) SELECT 3, tsv, 'x', first_year,"
				      " last_year, entries, 'other-host', 'system', loaded_at FROM calendars"
				      " WHERE version = $1", p, 1) == 1, "another host stores version 3");
		db_close(other);
		usleep(1100 * 1000);
		cur = calendar_admin_current(&ver, err, sizeof err);
		T_OK(cur && ver == 3, "picked up within a second (%lld)", (long long)ver);
	}

	/* Worker threads keep borrowing while versions change under them. */
	{
		pthread_t th[4];
		long uses[4] = {0, 0, 0, 0};
		int i, ok = 1;
		for (i = 0; i < 4; i++)
			pthread_create(&th[i], NULL, reader, &uses[i]);
		for (i = 0; i < 3 && ok; i++) {
			builtin_plus(&tsv, "2025-03-03", i % 2 ? "2025-03-03\toff\t甲\n" : "2025-03-03\toff\t乙\n");
			ok = calendar_admin_load(db, &sys, buf_str(&tsv), tsv.len, "t.tsv", DATE_NONE, 0, &r, &e) == 0;
			calendar_load_result_free(&r);
			usleep(300 * 1000);
		}
		__atomic_store_n(&readers_stop, 1, __ATOMIC_RELEASE);
		for (i = 0; i < 4; i++)
			pthread_join(th[i], NULL);
		cur = calendar_admin_current(&ver, err, sizeof err);
		T_OK(ok && uses[0] > 0 && uses[3] > 0 && ver == 6,
		     "4 threads borrowed the calendar %ld times while versions 4-6 were loaded (now %lld)",
		     uses[0] + uses[1] + uses[2] + uses[3], (long long)ver);
	}

	app_today_set(DATE_NONE);
	buf_free(&tsv);
	db_close(db);
	if (url == path)
		unlink(path + 7);
	return T_DONE();
}
