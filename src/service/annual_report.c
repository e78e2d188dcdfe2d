/* annual_report.c - build, publish and read stored annual reports. */
#include "service/annual_report.h"
#include "service/access.h"
#include "service/accounts.h"
#include "service/audit.h"
#include "service/report_build.h"
#include "report/json.h"
#include "report/model.h"
#include "base/buf.h"
#include "base/isotime.h"
#include "base/jsonw.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REPORT_JSON_MAX (8u << 20)

void annual_report_row_clear(struct annual_report_row *r)
{
	free(r->report_json);
	r->report_json = NULL;
}

/* 0 if the actor holds clerk, handler or admin in agency_id. */
static int may_publish(struct db *db, const struct actor *who, int64_t agency_id,
		       struct svc_error *err)
{
	if (access_require(db, who, agency_id, ROLE_CLERK, err) == 0 ||
	    access_require(db, who, agency_id, ROLE_HANDLER, err) == 0 ||
	    access_require(db, who, agency_id, ROLE_ADMIN, err) == 0)
		return 0;
	if (err->code == SVC_FORBIDDEN && !access_can_see(db, who, agency_id))
		return svc_fail(err, SVC_NOT_FOUND, "agency", "没有该机关或无权查看 / no such agency");
	if (err->code == SVC_FORBIDDEN)
		return svc_fail(err, SVC_FORBIDDEN, NULL,
				"发布年度报告需要经办人或管理员岗位 / clerk, handler or admin required");
	return -1;
}

int annual_report_publish(struct db *db, const struct calendar *cal, const struct actor *who,
			  int64_t agency_id, int year, const char *format,
			  struct svc_error *err)
{
	struct report *r = NULL;
	struct buf json = BUF_INIT(REPORT_JSON_MAX);
	struct jsonw w;
	char now[32], oid[64], detail[160];
	int64_t changed;
	int rc = -1;

	if (may_publish(db, who, agency_id, err))
		return -1;
	if (report_build(db, cal, who, agency_id, year, format, &r, err))
		return -1;
	jsonw_init(&w, &json, 0);
	report_to_json(r, &w);
	if (json.overflow) {
		svc_fail(err, SVC_INTERNAL, NULL, "报告过大 / report too large");
		goto out;
	}
	iso_time_format(accounts_now(), now, sizeof now);
	if (db_begin(db)) {
		svc_db_fail(err, db);
		goto out;
	}
	{
		struct db_param up[] = {
			DBP_TEXT(r->spec->key), DBP_TEXT(buf_str(&json)), DBP_TEXT(now),
			DBP_INT(agency_id), DBP_INT(year)
		};
		changed = db_exec(db, "UPDATE annual_reports SET format = $1, report_json = $2, "
				  "status = 'published', published_at = $3, updated_at = $3, "
				  "version = version + 1 WHERE agency_id = $4 AND year = $5", up, 5);
	}
	if (changed == 0) {
		struct db_param in[] = {
			DBP_INT(agency_id), DBP_INT(year), DBP_TEXT(r->spec->key),
			DBP_TEXT(buf_str(&json)), DBP_TEXT(now)
		};
		changed = db_exec(db, "INSERT INTO annual_reports (agency_id, year, format, status, "
				  "report_json, published_at, created_at, updated_at) "
				  "VALUES ($1, $2, $3, 'published', $4, $5, $5, $5)", in, 5);
	}
	snprintf(oid, sizeof oid, "%lld/%d", (long long)agency_id, year);
	snprintf(detail, sizeof detail, "{\"year\":%d,\"format\":\"%s\",\"bytes\":%zu}", year,
		 r->spec->key, json.len);
	if (changed < 0 ||
	    audit_append(db, who->is_system ? "system" : who->login, agency_id, "report.publish",
			 "annual_report", oid, detail) < 0) {
		svc_db_fail(err, db);
		db_rollback(db);
		goto out;
	}
	if (db_commit(db)) {
		svc_db_fail(err, db);
		db_rollback(db);
		goto out;
	}
	rc = 0;
out:
	report_free(r);
	buf_free(&json);
	return rc;
}

int annual_report_get_published(struct db *db, int64_t agency_id, int year,
				struct annual_report_row *out)
{
	struct db_param p[] = {DBP_INT(agency_id), DBP_INT(year)};
	struct db_stmt *st;
	int rc;
	memset(out, 0, sizeof *out);
	st = db_query(db, "SELECT format, status, COALESCE(published_at, ''), report_json "
		      "FROM annual_reports WHERE agency_id = $1 AND year = $2 "
		      "AND status = 'published'", p, 2);
	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == 1) {
		out->agency_id = agency_id;
		out->year = year;
		str_copy(out->format, db_col_text(st, 0), sizeof out->format);
		str_copy(out->status, db_col_text(st, 1), sizeof out->status);
		str_copy(out->published_at, db_col_text(st, 2), sizeof out->published_at);
		out->report_json = xstrdup(db_col_text(st, 3));
	}
	db_finish(st);
	return rc == 1 ? 0 : rc == 0 ? 1 : -1;
}

int annual_report_published_years(struct db *db, int64_t agency_id, int *years, int max,
				  int *n)
{
	struct db_param p[] = {DBP_INT(agency_id)};
	struct db_stmt *st;
	int rc;
	*n = 0;
	st = db_query(db, "SELECT year FROM annual_reports WHERE agency_id = $1 "
		      "AND status = 'published' ORDER BY year DESC", p, 1);
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1)
		if (*n < max)
			years[(*n)++] = (int)db_col_int(st, 0);
	db_finish(st);
	return rc < 0 ? -1 : 0;
}

int annual_report_status(struct db *db, int64_t agency_id, int year, char *status,
			 size_t size)
{
	struct db_param p[] = {DBP_INT(agency_id), DBP_INT(year)};
	struct db_stmt *st;
	int rc;
	status[0] = '\0';
	st = db_query(db, "SELECT status FROM annual_reports WHERE agency_id = $1 AND year = $2",
		      p, 2);
	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == 1)
		str_copy(status, db_col_text(st, 0), size);
	db_finish(st);
	return rc < 0 ? -1 : 0;
}
