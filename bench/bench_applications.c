/* bench_applications.c - applications: submissions per second through the
 * service (one transaction + audit entry each, identity number sealed),
 * and the latency of the deadline listing (counts per bucket + one page of
 * 100 sorted by due date) with N applications in the store.
 *
 *   bench_applications [N=100000] [SUBMISSIONS=2000] [DB_URL]
 *
 * DB_URL defaults to a fresh SQLite file under /tmp. */
#include "service/applications.h"
#include "service/apply_limit.h"
#include "service/accounts.h"
#include "store/applications.h"
#include "store/db.h"
#include "report/generate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 100000;
	long subs = argc > 2 ? strtol(argv[2], NULL, 10) : 2000;
	char path[256], err[512], keypath[256], code[32];
	const char *url = argc > 3 ? argv[3] : NULL;
	struct actor sys = {0, "system", 1, ""}, anon;
	const struct calendar *cal = app_calendar(err, sizeof err);
	struct agency_input ai;
	struct svc_error e;
	struct secret_key key;
	struct db *db;
	int64_t agency = 0;
	uint64_t rng = 42;
	double t0, t1, *lat;
	long i, runs = 300;
	gk_date today = app_today(), d;

	if (!cal || n < 0 || subs < 1) {
		fprintf(stderr, "usage: bench_applications [N] [SUBMISSIONS] [DB_URL]\n");
		return 2;
	}
	if (!url) {
		snprintf(path, sizeof path, "sqlite:/tmp/gk_bench_apps_%ld.db", (long)getpid());
		unlink(path + 7);
		url = path;
	}
	db = db_open(url, err, sizeof err);
	if (!db) {
		fprintf(stderr, "bench: %s\n", err);
		return 2;
	}
	snprintf(keypath, sizeof keypath, "/tmp/gk_bench_apps_%ld.key", (long)getpid());
	unlink(keypath);
	secret_key_load(keypath, 1, &key, err, sizeof err);
	memset(&ai, 0, sizeof ai);
	snprintf(code, sizeof code, "bench%ld", (long)getpid());
	ai.code = code;
	ai.name = "基准测试局";
	if (accounts_agency_create(db, &sys, &ai, &agency, &e)) {
		fprintf(stderr, "bench: %s\n", e.message);
		return 2;
	}

	/* 1. Submissions through the service (all from one anonymous actor,
	 * so without the per-address limit). */
	apply_limit_set(0, 0);
	memset(&anon, 0, sizeof anon);
	t0 = now_s();
	for (i = 0; i < subs; i++) {
		struct app_input in;
		struct app_created out;
		memset(&in, 0, sizeof in);
		in.agency_id = agency;
		in.applicant_kind = "person";
		in.applicant_name = "张三";
		in.id_number = "110105199001011234";
		in.description = "某某项目的批复文件";
		if (app_submit_public(db, cal, &key, &anon, &in, &out, &e)) {
			fprintf(stderr, "bench: submit: %s\n", e.message);
			return 1;
		}
	}
	t1 = now_s();
	printf("submissions: %ld in %.2f s = %.0f per second (service layer, %s, one transaction + audit entry each)\n",
	       subs, t1 - t0, (double)subs / (t1 - t0), db_engine(db) == DB_SQLITE ? "SQLite WAL" : "PostgreSQL");

	/* 2. Fill the store to n applications (bulk, one transaction). */
	t0 = now_s();
	db_begin(db);
	for (i = subs; i < n; i++) {
		struct app_record r;
		char rd[DATE_STR_SIZE], due[DATE_STR_SIZE], tc[32], now[] = "2024-01-01T00:00:00Z";
		memset(&r, 0, sizeof r);
		d = today - (gk_date)(gen_next(&rng) % 60);
		date_format(d, rd);
		date_format(calendar_add_workdays(cal, d, 20), due);
		snprintf(tc, sizeof tc, "GB%010ld", i);
		r.agency_id = agency;
		r.tracking_code = tc;
		r.verifier_hash = "x";
		r.channel = "online";
		r.confirmed_on = rd;
		r.received_on = rd;
		r.applicant_kind = "person";
		r.applicant_name = "李四";
		r.description = "某文件";
		r.state = gen_next(&rng) % 4 ? "open" : "answered";
		r.due_on = due;
		r.created_at = now;
		r.updated_at = now;
		{
			int64_t id;
			if (app_store_insert(db, &r, &id)) {
				fprintf(stderr, "bench: insert: %s\n", db_errmsg(db));
				return 1;
			}
		}
	}
	db_commit(db);
	t1 = now_s();
	{
		struct db_param p[1] = {DBP_INT(agency)};
		int64_t total = 0;
		db_query_int(db, "SELECT COUNT(*) FROM applications WHERE agency_id = $1", p, 1, &total);
		printf("store: %lld applications of one agency (filled in %.1f s)\n", (long long)total, t1 - t0);
	}

	/* 3. Deadline listing latency. */
	lat = calloc((size_t)runs, sizeof *lat);
	for (i = 0; i < runs; i++) {
		struct app_listing l;
		enum app_bucket b = (enum app_bucket)(i % 4);
		double s = now_s();
		if (app_list(db, cal, &sys, agency, b, 100, 0, &l, &e)) {
			fprintf(stderr, "bench: list: %s\n", e.message);
			return 1;
		}
		lat[i] = (now_s() - s) * 1000.0;
		if (i == 0)
			printf("listing: open %lld (overdue %lld, due soon %lld, on time %lld, waiting %lld)\n",
			       (long long)l.total_open, (long long)l.overdue, (long long)l.due_soon,
			       (long long)l.on_time, (long long)l.waiting);
		app_listing_free(&l);
	}
	qsort(lat, (size_t)runs, sizeof *lat, cmp_double);
	printf("deadline listing (counts per bucket + first 100 by due date), %ld calls: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
	       runs, lat[runs / 2], lat[runs * 99 / 100], lat[runs - 1]);
	free(lat);
	db_close(db);
	if (url == path) {
		char wal[300];
		unlink(path + 7);
		snprintf(wal, sizeof wal, "%s-wal", path + 7);
		unlink(wal);
		snprintf(wal, sizeof wal, "%s-shm", path + 7);
		unlink(wal);
	}
	unlink(keypath);
	return 0;
}
