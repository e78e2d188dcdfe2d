/* test_report_build.c - property test of the annual report built from
 * records (service/report_build.c).
 *
 * Thousands of random, deadline_derive-valid event histories (补正 asked
 * and received or left to lapse, third-party consultations, extensions,
 * fee notices paid or unpaid, answers with every outcome, withdrawals),
 * spread over three years for many agency-years. For each, the reports of
 * two consecutive years are built and must (1) pass report_check with no
 * error, (2) balance per column (一 + 二 = 三(七)总计 + 四), (3) equal the
 * counts of an independent oracle computed from the generated histories,
 * and (4) carry over: year N+1's 二 equals year N's 四 (report_check_pair).
 * A second part drives the same kind of histories through the service
 * layer into a database (SQLite temp file, or $GONGKAI_TEST_DB_URL; uses-db) and
 * compares report_build() with the oracle. */
#include "t.h"
#include "service/applications.h"
#include "service/report_build.h"
#include "service/access.h"
#include "service/accounts.h"
#include "domain/outcome.h"
#include "report/check.h"
#include "report/generate.h"
#include "store/db.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_EV 12

static const char *const kinds[] = {"person", "business", "research", "nonprofit", "legal", "other_org"};
static const char *const appeal_kinds[] = {"reconsideration", "litigation_direct", "litigation_after"};
static const char *const appeal_results[] = {"upheld", "corrected", "other", "pending"};

struct gen_app {
	struct app_record rec;
	char received[DATE_STR_SIZE];
	struct app_event_rows evs;
	gk_date end_eff;            /* first day it counts as ended, DATE_NONE = open */
	const char *outcome;        /* NULL = withdrawn */
	int kind;
};

struct gen_appeal {
	int kind, result;
	gk_date filed, decided;
};

static uint64_t rng;
static const struct calendar *cal;

static int rnd(int n)
{
	return (int)(gen_next(&rng) % (uint64_t)n);
}

static void push_event(struct gen_app *a, const char *type, gk_date d, const char *json)
{
	struct app_event_row *e;
	if (a->evs.n == a->evs.cap) {
		a->evs.cap = a->evs.cap ? a->evs.cap * 2 : 8;
		a->evs.items = xreallocarray(a->evs.items, a->evs.cap, sizeof *a->evs.items);
	}
	e = &a->evs.items[a->evs.n++];
	memset(e, 0, sizeof *e);
	snprintf(e->type, sizeof e->type, "%s", type);
	date_format(d, e->date);
	e->data_json = xstrdup(json ? json : "{}");
}

static void free_app(struct gen_app *a)
{
	app_event_rows_free(&a->evs);
}

/* Draw one history with receipt in [from, to]; 0 if deadline_derive
 * accepts it (then a->end_eff / outcome are the oracle's), -1 to redraw. */
static int gen_app(struct gen_app *a, gk_date from, gk_date to, gk_date today)
{
	struct deadline_result res;
	gk_date d, rd;
	size_t n;
	const struct outcome_info *all = outcome_all(&n);
	int plan, rc, lapse = 0;
	char json[128];

	memset(a, 0, sizeof *a);
	rd = from + rnd(to - from + 1);
	date_format(rd, a->received);
	a->kind = rnd(6);
	a->rec.id = 1;
	a->rec.channel = "in_person";
	a->rec.received_on = a->received;
	a->rec.submitted_on = a->received;
	a->rec.applicant_kind = (char *)kinds[a->kind];
	d = rd;
	/* Middle events. */
	if (rnd(4) == 0) { /* 补正 within 7 working days */
		gk_date asked = calendar_add_workdays(cal, rd, 1 + rnd(5));
		gk_date limit = calendar_add_workdays(cal, asked, 10);
		char ds[DATE_STR_SIZE];
		snprintf(json, sizeof json, "{\"deadline\":\"%s\"}", date_format(limit, ds));
		push_event(a, "clarification_requested", asked, json);
		if (rnd(5) == 0) {
			lapse = 1;   /* never supplied: closes after the limit */
		} else {
			d = asked + rnd(limit - asked + 1);
			push_event(a, "clarification_received", d, NULL);
		}
	}
	if (!lapse && rnd(5) == 0) {
		gk_date sent = d + rnd(10);
		push_event(a, "third_party_sent", sent, NULL);
		d = sent + 1 + rnd(20);
		push_event(a, "third_party_answered", d, NULL);
	}
	if (!lapse && rnd(6) == 0) {
		d = d + rnd(15);
		snprintf(json, sizeof json, "{\"days\":%d,\"approver\":\"boss\"}", 1 + rnd(20));
		push_event(a, "extension_approved", d, json);
	}
	if (!lapse && rnd(8) == 0) {
		d = d + rnd(10);
		push_event(a, "fee_notice_issued", d, "{\"fee_method\":\"per_item\",\"amount_yuan\":100}");
		if (rnd(3) == 0)
			lapse = 2;
		else {
			d = d + rnd(20);
			push_event(a, "fee_paid", d, NULL);
		}
	}
	/* The end. */
	plan = lapse ? 9 : rnd(10);
	a->end_eff = DATE_NONE;
	if (plan <= 6) {               /* answered */
		const struct outcome_info *o;
		do
			o = &all[rnd((int)n)];
		while (!strcmp(o->key, "other_no_correction") || !strcmp(o->key, "other_no_payment"));
		d = d + rnd(60);
		snprintf(json, sizeof json, "{\"outcome\":\"%s\"}", o->key);
		push_event(a, "answered", d, json);
		a->end_eff = d;
		a->outcome = o->key;
	} else if (plan == 7) {        /* withdrawn */
		d = d + rnd(30);
		push_event(a, "withdrawn", d, NULL);
		a->end_eff = d;
		a->outcome = NULL;
	}                              /* else open (or lapsing) */
	for (n = 0; n < a->evs.n; n++) {
		gk_date ed;
		date_parse(a->evs.items[n].date, &ed);
		if (ed > today)
			return -1;
	}
	rc = app_derive(cal, &a->rec, &a->evs, DATE_NONE, today, &res);
	if (rc == 0 && lapse) {
		if (res.state == STATE_OPEN) {
			rc = -1;
		} else {
			a->end_eff = res.ended + 1;   /* closed once the limit has passed */
			a->outcome = lapse == 1 ? "other_no_correction" : "other_no_payment";
		}
	}
	deadline_result_free(&res);
	return rc;
}

/* Oracle counts for year y: [row][kind] with rows new, in, out, and
 * outcomes by 2021/2019 row key. */
struct oracle {
	int64_t nnew[7], nin[7], nout[7];
	int64_t rows[64][7];
	const char *rowkeys[64];
	int nrows;
	int64_t appeals[3][5];
};

static int oracle_row(struct oracle *o, const char *key)
{
	int i;
	for (i = 0; i < o->nrows; i++)
		if (!strcmp(o->rowkeys[i], key))
			return i;
	o->rowkeys[o->nrows] = key;
	return o->nrows++;
}

static void compute_oracle(struct oracle *o, const struct gen_app *apps, size_t n,
			   const struct gen_appeal *aps, size_t na, int y, const char *fmt)
{
	gk_date first, last;
	size_t i;
	memset(o, 0, sizeof *o);
	date_from_ymd(y, 1, 1, &first);
	date_from_ymd(y, 12, 31, &last);
	for (i = 0; i < n; i++) {
		const struct gen_app *a = &apps[i];
		gk_date rd;
		int k = a->kind;
		date_parse(a->received, &rd);
		if (rd > last)
			continue;
		if (rd < first && a->end_eff != DATE_NONE && a->end_eff <= first - 1 + 0 &&
		    a->end_eff < first)
			continue;   /* ended before the year */
		if (rd >= first) {
			o->nnew[k]++;
			o->nnew[6]++;
		} else {
			o->nin[k]++;
			o->nin[6]++;
		}
		if (a->end_eff == DATE_NONE || a->end_eff > last) {
			o->nout[k]++;
			o->nout[6]++;
		} else {
			int r = oracle_row(o, outcome_report_row(a->outcome ? a->outcome : "other_other", fmt));
			o->rows[r][k]++;
			o->rows[r][6]++;
		}
	}
	for (i = 0; i < na; i++) {
		const struct gen_appeal *p = &aps[i];
		int res = p->result;
		if (date_year(p->filed) != y)
			continue;
		if (p->decided == DATE_NONE || p->decided > last)
			res = 3;
		o->appeals[p->kind][res]++;
		o->appeals[p->kind][4]++;
	}
}

static int64_t cellv(struct report *r, const char *t, const char *row, const char *col)
{
	int ti = spec_table_index(r->spec, t);
	int ri = spec_row_index(&r->spec->tables[ti], row);
	int ci = spec_col_index(&r->spec->tables[ti], col);
	return report_cell(r, ti, ri, ci)->units;
}

/* Compare a built report with the oracle; returns the number of mismatches
 * and prints the first few. */
static int compare(struct report *r, const struct oracle *o, int verbose)
{
	const struct spec_table *ta = &r->spec->tables[spec_table_index(r->spec, "applications")];
	int bad = 0, k, i, j;
	static const char *const cols[] = {"person", "business", "research", "nonprofit", "legal", "other_org", "total"};
	for (k = 0; k < 7; k++) {
		int64_t total = cellv(r, "applications", "total", cols[k]);
		int64_t sum = 0;
		if (cellv(r, "applications", "new", cols[k]) != o->nnew[k] ||
		    cellv(r, "applications", "carried_in", cols[k]) != o->nin[k] ||
		    cellv(r, "applications", "carried_out", cols[k]) != o->nout[k]) {
			if (verbose && bad < 3)
				printf("# %s: new %lld/%lld in %lld/%lld out %lld/%lld\n", cols[k],
				       (long long)cellv(r, "applications", "new", cols[k]), (long long)o->nnew[k],
				       (long long)cellv(r, "applications", "carried_in", cols[k]), (long long)o->nin[k],
				       (long long)cellv(r, "applications", "carried_out", cols[k]), (long long)o->nout[k]);
			bad++;
		}
		/* balance: 一 + 二 = 三(七) + 四 */
		if (o->nnew[k] + o->nin[k] != total + o->nout[k])
			bad++;
		for (i = 0; i < ta->nrows; i++) {
			const char *key = ta->rows[i].key;
			int64_t want = 0;
			if (!strcmp(key, "new") || !strcmp(key, "carried_in") || !strcmp(key, "carried_out") ||
			    !strcmp(key, "total"))
				continue;
			for (j = 0; j < o->nrows; j++)
				if (!strcmp(o->rowkeys[j], key))
					want = o->rows[j][k];
			sum += want;
			if (cellv(r, "applications", key, cols[k]) != want) {
				if (verbose && bad < 3)
					printf("# row %s col %s: %lld want %lld\n", key, cols[k],
					       (long long)cellv(r, "applications", key, cols[k]), (long long)want);
				bad++;
			}
		}
		if (sum != total)
			bad++;
	}
	for (i = 0; i < 3; i++)
		for (j = 0; j < 5; j++) {
			static const char *const rc[] = {"upheld", "corrected", "other", "pending", "total"};
			if (cellv(r, "appeals", appeal_kinds[i], rc[j]) != o->appeals[i][j])
				bad++;
		}
	return bad;
}

static void gen_appeals(struct gen_appeal *aps, size_t n, int y0)
{
	size_t i;
	for (i = 0; i < n; i++) {
		gk_date f;
		date_from_ymd(y0 + rnd(3), 1 + rnd(12), 1 + rnd(28), &f);
		aps[i].kind = rnd(3);
		aps[i].result = rnd(4);
		aps[i].filed = f;
		aps[i].decided = aps[i].result == 3 ? DATE_NONE : f + 10 + rnd(200);
	}
}

static struct report *build(const struct gen_app *apps, size_t n, const struct gen_appeal *aps,
			    size_t na, int y, gk_date today, int *classify_fail)
{
	const struct report_spec *spec = spec_find(spec_builtin(), report_build_default_format(y));
	struct rb_app *rb = xcalloc(n + 1, sizeof *rb);
	struct rb_appeal *ra = xcalloc(na + 1, sizeof *ra);
	struct report *r;
	char err[512], end[16];
	size_t i, m = 0, ma = 0;
	snprintf(end, sizeof end, "%04d-12-31", y % 10000);
	for (i = 0; i < n; i++) {
		int c = report_build_classify(cal, &apps[i].rec, &apps[i].evs, y, today, &rb[m], err, sizeof err);
		if (c < 0) {
			(*classify_fail)++;
			printf("# classify: %s\n", err);
		}
		if (c > 0)
			m++;
	}
	for (i = 0; i < na; i++) {
		char dd[DATE_STR_SIZE];
		if (date_year(aps[i].filed) != y)
			continue;
		ra[ma].kind = appeal_kinds[aps[i].kind];
		ra[ma].result = aps[i].decided != DATE_NONE && strcmp(date_format(aps[i].decided, dd), end) <= 0
			? appeal_results[aps[i].result] : "pending";
		ma++;
	}
	r = report_build_from_facts(spec, y, "某某区住房和城乡建设局", rb, m, ra, ma, NULL, err, sizeof err);
	if (!r)
		printf("# build: %s\n", err);
	free(rb);
	free(ra);
	return r;
}

static void property_pure(int samples)
{
	int s, histories = 0, redraws = 0, check_errors = 0, mismatches = 0, pair_errors = 0;
	int classify_fail = 0, build_fail = 0;
	for (s = 0; s < samples; s++) {
		int y = 2019 + rnd(6), yy;
		gk_date from, to, today;
		size_t n = (size_t)rnd(40), na = (size_t)rnd(6), i;
		struct gen_app *apps = xcalloc(n + 1, sizeof *apps);
		struct gen_appeal *aps = xcalloc(na + 1, sizeof *aps);
		struct report *r[2] = {NULL, NULL};
		date_from_ymd(y == 2019 ? 2019 : y - 1, y == 2019 ? 5 : 1, y == 2019 ? 15 : 1, &from);
		date_from_ymd(y + 1, 12, 31, &to);
		date_from_ymd(y + 2, 6, 30, &today);
		for (i = 0; i < n; i++) {
			while (gen_app(&apps[i], from, to, today)) {
				free_app(&apps[i]);
				redraws++;
			}
			histories++;
		}
		gen_appeals(aps, na, y - 1);
		for (yy = 0; yy < 2; yy++) {
			struct finding_list f = {0};
			struct oracle o;
			r[yy] = build(apps, n, aps, na, y + yy, today, &classify_fail);
			if (!r[yy]) {
				build_fail++;
				continue;
			}
			report_check(r[yy], &f);
			if (finding_count(&f, SEV_ERROR)) {
				if (check_errors < 3)
					for (i = 0; i < (size_t)f.n; i++)
						if (f.v[i].sev == SEV_ERROR)
							printf("# check %d: %s %s\n", y + yy, f.v[i].rule, f.v[i].en);
				check_errors++;
			}
			finding_list_free(&f);
			compute_oracle(&o, apps, n, aps, na, y + yy, r[yy]->spec->key);
			if (compare(r[yy], &o, mismatches < 3))
				mismatches++;
		}
		if (r[0] && r[1] && !strcmp(r[0]->spec->key, r[1]->spec->key)) {
			struct finding_list f = {0};
			report_check_pair(r[0], r[1], &f);
			if (finding_count(&f, SEV_ERROR))
				pair_errors++;
			finding_list_free(&f);
		}
		report_free(r[0]);
		report_free(r[1]);
		for (i = 0; i < n; i++)
			free_app(&apps[i]);
		free(apps);
		free(aps);
	}
	T_OK(histories >= 1000, "%d random valid histories over %d agency-years (%d redrawn)", histories, samples, redraws);
	T_EQ_INT(build_fail + classify_fail, 0, "every report built");
	T_EQ_INT(check_errors, 0, "report_check finds no error in any built report");
	T_EQ_INT(mismatches, 0, "every report balances per column and equals the oracle's counts");
	T_EQ_INT(pair_errors, 0, "year N+1 上年结转 equals year N 结转下年度 (report_check_pair)");
}

/* The same through the service layer and a database. */
static void property_db(int napps)
{
	char path[256], err[512];
	const char *url = getenv("GONGKAI_TEST_DB_URL");
	struct actor sys = {0, "system", 1, ""};
	struct db *db;
	struct svc_error e;
	struct gen_app *apps = xcalloc((size_t)napps + 1, sizeof *apps);
	struct gen_appeal aps[8];
	int64_t agency = 0;
	int y = 2023, i, stored = 0, bad = 0;
	gk_date from, to, today;
	struct agency_input ai;
	char code[64];

	if (!url || !*url) {
		snprintf(path, sizeof path, "sqlite:/tmp/gk_test_report_build_%ld.db", (long)getpid());
		unlink(path + 7);
		url = path;
	}
	db = db_open(url, err, sizeof err);
	T_OK(db != NULL, "open %s", url);
	if (!db) {
		printf("# %s\n", err);
		free(apps);
		return;
	}
	snprintf(code, sizeof code, "rb%ld_%llu", (long)getpid(), (unsigned long long)(rng % 100000));
	memset(&ai, 0, sizeof ai);
	ai.code = code;
	ai.name = "测试局";
	memset(&e, 0, sizeof e);
	T_OK(accounts_agency_create(db, &sys, &ai, &agency, &e) == 0, "agency created %s", e.message);
	date_from_ymd(y - 1, 1, 1, &from);
	date_from_ymd(y + 1, 12, 31, &to);
	date_from_ymd(y + 2, 6, 30, &today);
	app_today_set(today);
	for (i = 0; i < napps; i++) {
		struct app_input in;
		struct app_created cr;
		size_t k;
		int ok = 1;
		while (gen_app(&apps[i], from, to, today))
			free_app(&apps[i]);
		memset(&in, 0, sizeof in);
		in.agency_id = agency;
		in.channel = "in_person";
		in.submitted_on = apps[i].received;
		in.applicant_kind = kinds[apps[i].kind];
		in.applicant_name = "张三";
		in.description = "某某文件";
		if (app_register(db, cal, NULL, &sys, &in, &cr, &e)) {
			printf("# register: %s\n", e.message);
			bad++;
			continue;
		}
		for (k = 0; k < apps[i].evs.n && ok; k++) {
			struct app_event_row *row = &apps[i].evs.items[k];
			struct app_event_input ev;
			char deadline[DATE_STR_SIZE] = "", outcome[64] = "";
			const char *p;
			int days = 0;
			memset(&ev, 0, sizeof ev);
			ev.type = row->type;
			ev.date = row->date;
			if ((p = strstr(row->data_json, "\"deadline\":\"")))
				snprintf(deadline, sizeof deadline, "%.10s", p + 12);
			if ((p = strstr(row->data_json, "\"outcome\":\""))) {
				snprintf(outcome, sizeof outcome, "%s", p + 11);
				*strchr(outcome, '"') = '\0';
			}
			if ((p = strstr(row->data_json, "\"days\":")))
				days = (int)strtol(p + 7, NULL, 10);
			ev.deadline = deadline[0] ? deadline : NULL;
			ev.outcome = outcome[0] ? outcome : NULL;
			ev.days = days;
			if (!strcmp(row->type, "fee_notice_issued"))
				ev.fee_method = "per_item";
			if (app_add_event(db, cal, &sys, cr.id, &ev, NULL, &e)) {
				printf("# event %s %s: %s\n", row->type, row->date, e.message);
				ok = 0;
				bad++;
			}
		}
		stored++;
	}
	T_EQ_INT(bad, 0, "%d generated histories stored through the service", stored);
	gen_appeals(aps, 8, y - 1);
	for (i = 0; i < 8; i++) {
		struct appeal_input a;
		int64_t id;
		char f[DATE_STR_SIZE], d[DATE_STR_SIZE];
		memset(&a, 0, sizeof a);
		a.agency_id = agency;
		a.kind = appeal_kinds[aps[i].kind];
		a.filed_on = date_format(aps[i].filed, f);
		a.result = appeal_results[aps[i].result];
		a.decided_on = aps[i].decided != DATE_NONE ? date_format(aps[i].decided, d) : NULL;
		if (appeal_create(db, &sys, &a, &id, &e))
			printf("# appeal: %s\n", e.message);
	}
	for (i = 0; i < 2; i++) {
		struct report *r = NULL;
		struct oracle o;
		struct finding_list f = {0};
		memset(&e, 0, sizeof e);
		T_OK(report_build(db, cal, &sys, agency, y + i, NULL, &r, &e) == 0, "report_build %d %s", y + i, e.message);
		if (!r)
			continue;
		report_check(r, &f);
		T_EQ_INT(finding_count(&f, SEV_ERROR), 0, "DB-built %d report passes report_check", y + i);
		finding_list_free(&f);
		compute_oracle(&o, apps, (size_t)napps, aps, 8, y + i, r->spec->key);
		T_EQ_INT(compare(r, &o, 1), 0, "DB-built %d report equals the oracle", y + i);
		report_free(r);
	}
	app_today_set(DATE_NONE);
	for (i = 0; i < napps; i++)
		free_app(&apps[i]);
	free(apps);
	db_close(db);
	if (url == path)
		unlink(path + 7);
}

/* The text of the report's section `key`, or "". */
static const char *section_text(const struct report *r, const char *key)
{
	int i;
	for (i = 0; i < r->nsections; i++)
		if (r->sections[i].spec && !strcmp(r->sections[i].spec->key, key))
			return r->sections[i].text ? r->sections[i].text : "";
	return "";
}

/* 信息处理费: report_build_fee_paid counts a notice's amount in the year
 * of its payment only, and section 六 states the sum (or that there was
 * none, in the 2021 format). */
static void fee_section(void)
{
	struct gen_app a;
	struct rb_app facts[3];
	struct report *r;
	char err[256];
	gk_date d;
	const char *t;

	memset(&a, 0, sizeof a);
	date_from_ymd(2023, 12, 20, &d);
	push_event(&a, "fee_notice_issued", d, "{\"fee_method\":\"per_item\",\"amount_yuan\":100}");
	date_from_ymd(2024, 1, 5, &d);
	push_event(&a, "fee_paid", d, NULL);
	T_EQ_INT((int)report_build_fee_paid(&a.evs, 2023), 0, "a fee notified in 2023 and paid in 2024: nothing in 2023");
	T_EQ_INT((int)report_build_fee_paid(&a.evs, 2024), 100, "... 100 yuan in 2024");
	free_app(&a);
	memset(&a, 0, sizeof a);
	date_from_ymd(2024, 3, 1, &d);
	push_event(&a, "fee_notice_issued", d, "{\"fee_method\":\"per_volume\",\"pages\":120,\"amount_yuan\":250}");
	T_EQ_INT((int)report_build_fee_paid(&a.evs, 2024), 0, "an unpaid notice collects nothing");
	date_from_ymd(2024, 3, 8, &d);
	push_event(&a, "fee_paid", d, NULL);
	T_EQ_INT((int)report_build_fee_paid(&a.evs, 2024), 250, "paid: 250 yuan");
	free_app(&a);
	memset(&a, 0, sizeof a);
	date_from_ymd(2024, 3, 8, &d);
	push_event(&a, "fee_paid", d, NULL);
	T_EQ_INT((int)report_build_fee_paid(&a.evs, 2024), 0, "a payment without a notice counts nothing");
	free_app(&a);

	memset(facts, 0, sizeof facts);
	date_from_ymd(2024, 2, 1, &d);
	for (int i = 0; i < 3; i++) {
		facts[i].kind = "person";
		facts[i].received = d;
		facts[i].outcome = "disclosed";
	}
	facts[0].fee_yuan = 100;
	facts[2].fee_yuan = 250;
	r = report_build_from_facts(spec_find(spec_builtin(), "2021"), 2024, "某局", facts, 3, NULL, 0, NULL,
				    err, sizeof err);
	T_OK(r != NULL, "built with fees %s", r ? "" : err);
	t = r ? section_text(r, "other") : "";
	T_OK(strstr(t, "收取信息处理费共计350元（2件申请）") != NULL, "section 六 states 350 yuan from 2 applications: %s", t);
	report_free(r);
	facts[0].fee_yuan = facts[2].fee_yuan = 0;
	r = report_build_from_facts(spec_find(spec_builtin(), "2021"), 2024, "某局", facts, 3, NULL, 0, NULL,
				    err, sizeof err);
	t = r ? section_text(r, "other") : "";
	T_OK(strstr(t, "本年度未收取信息处理费") != NULL, "2021 format without fees: 未收取: %s", t);
	report_free(r);
	r = report_build_from_facts(spec_find(spec_builtin(), "2019"), 2020, "某局", facts, 0, NULL, 0, NULL,
				    err, sizeof err);
	t = r ? section_text(r, "other") : "";
	T_OK(strstr(t, "信息处理费") == NULL, "2019 format without fees says nothing of them: %s", t);
	report_free(r);
}

int main(int argc, char **argv)
{
	char err[512];
	const char *seed = getenv("GK_SEED");
	rng = seed ? strtoull(seed, NULL, 10) : 20240501;
	printf("# seed %llu\n", (unsigned long long)rng);
	cal = app_calendar(err, sizeof err);
	T_OK(cal != NULL, "calendar loaded %s", cal ? "" : err);
	if (!cal)
		return T_DONE();
	fee_section();
	property_pure(argc > 1 ? (int)strtol(argv[1], NULL, 10) : 300);
	property_db(150);
	return T_DONE();
}
