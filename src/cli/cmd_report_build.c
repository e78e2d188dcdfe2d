/* cmd_report_build.c - `gongkai report build --agency ID --year YYYY
 * [--format 2021|2019] --to json|html|md|docx|xlsx [-o OUT] [--db URL]`:
 * the annual report of
 * an agency computed from its records (service/report_build.h), rendered
 * through the report engine, and checked with the same checks as a parsed
 * report (an xlsx carries the findings on its first sheet). Exit 0 built
 * and no check error; 1 built but the checks found errors (findings on
 * stderr); 2 bad usage, unknown agency, database, binary output to a
 * terminal, unwritable -o. */
#include "cli/cli.h"
#include "service/calendar_admin.h"
#include "service/accounts.h"
#include "service/applications.h"
#include "service/report_build.h"
#include "service/report_summary.h"
#include "report/check.h"
#include "report/render.h"
#include "base/buf.h"
#include "base/str.h"
#include "store/db.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f, "usage: gongkai report build --agency ID|CODE --year YYYY [--format 2021|2019]\n"
		   "                           [--to json|html|md|docx|xlsx] [-o OUT] [--db URL] [--summary]\n"
		   "--summary adds up the reports of the agency and every agency below it\n"
		   "(the summary report of a level, 本级汇总报告).\n"
		   "Builds 表二 (from the entered figures), 表三 and 表四 (from the records)\n"
		   "and runs the report checks. docx and xlsx are binary: give -o OUT or redirect\n"
		   "standard output. The database is --db, else $GONGKAI_DB_URL,\n"
		   "else sqlite:gongkai.db.\n");
}

int cmd_report_build(int argc, char **argv)
{
	const char *agency_ref = NULL, *format = NULL, *to = "json", *dburl = NULL, *year_s = NULL;
	const char *outpath = NULL;
	const struct calendar *cal;
	struct actor sys = {0, "system", 1, ""};
	struct svc_error err = {0};
	struct report *r = NULL;
	struct finding_list f = {0};
	struct buf out = BUF_INIT(0);
	struct agency ag;
	struct db *db;
	char cerr[512];
	int i, year, rto, rc = 2, summary = 0, nagencies = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		}
		if (!strcmp(a, "--summary")) {
			summary = 1;
			continue;
		}
		if (!v) {
			fprintf(stderr, "gongkai report build: %s needs a value\n", a);
			return 2;
		}
		if (!strcmp(a, "--agency"))
			agency_ref = v;
		else if (!strcmp(a, "--year"))
			year_s = v;
		else if (!strcmp(a, "--format"))
			format = v;
		else if (!strcmp(a, "--to"))
			to = v;
		else if (!strcmp(a, "--db"))
			dburl = v;
		else if (!strcmp(a, "-o") || !strcmp(a, "--out"))
			outpath = v;
		else {
			fprintf(stderr, "gongkai report build: unknown option '%s'\n", a);
			usage(stderr);
			return 2;
		}
		i++;
	}
	if (!agency_ref || !year_s || str_to_int(year_s, 2019, 2199, &year)) {
		fprintf(stderr, "gongkai report build: --agency and --year (2019 or later) are required\n");
		usage(stderr);
		return 2;
	}
	rto = render_to_from_name(to);
	if (rto != RENDER_JSON && rto != RENDER_HTML && rto != RENDER_MD &&
	    rto != RENDER_DOCX && rto != RENDER_XLSX) {
		fprintf(stderr, "gongkai report build: --to must be json, html, md, docx or xlsx\n");
		return 2;
	}
	if (cli_binary_ok("report build", rto, outpath))
		return 2;
	/* Derive with the calendar stored in that database (issue 3). */
	calendar_admin_follow(cli_db_url(dburl));
	cal = app_calendar(cerr, sizeof cerr);
	if (!cal) {
		fprintf(stderr, "gongkai report build: calendar: %s\n", cerr);
		return 2;
	}
	db = cli_db_open(cli_db_url(dburl), "report build");
	if (!db)
		return 2;
	if (accounts_agency_lookup(db, agency_ref, &ag, &err) ||
	    (summary ? report_build_summary(db, cal, &sys, ag.id, year, format, &r, &nagencies, &err)
		     : report_build(db, cal, &sys, ag.id, year, format, &r, &err))) {
		fprintf(stderr, "gongkai report build: %s%s%s\n", err.field, err.field[0] ? ": " : "",
			err.message);
		db_close(db);
		return 2;
	}
	if (summary)
		fprintf(stderr, "summary of %d agencies\n", nagencies);
	report_check(r, &f);
	if ((rto == RENDER_XLSX ? report_render_xlsx(r, &f, &out)
				: report_render(r, (enum render_to)rto, &out)) == 0)
		rc = cli_write_out(outpath, &out);
	else
		fprintf(stderr, "gongkai report build: the %s file could not be written\n", to);
	for (i = 0; i < f.n; i++)
		if (f.v[i].sev >= SEV_WARNING)
			fprintf(stderr, "%s: %s: %s\n", severity_name(f.v[i].sev), f.v[i].rule, f.v[i].zh);
	if (rc == 0 && finding_count(&f, SEV_ERROR))
		rc = 1;
	finding_list_free(&f);
	buf_free(&out);
	report_free(r);
	db_close(db);
	return rc;
}
