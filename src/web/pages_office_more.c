/* pages_office_more.c - the rest of the back office:
 *
 *   GET  /office/reports?agency=&year=&format=   build a report from records,
 *                                                show it with its findings
 *   POST /office/reports/publish                 publish it to the portal
 *   GET  /office/audit, POST /office/audit/verify   latest entries, chain check
 *   GET  /office/calendar?year=                  the active working-day calendar
 *   GET  /office/overview                        supervisor: agencies of the subtree
 *   GET  /office/appeals, POST /office/appeals, POST /office/appeals/:id
 *   GET|POST /office/applications/new            register a paper/fax/letter application
 *   GET  /office/applications/:id/answer         answer form with the 告知书 draft
 *
 * As everywhere in the back office, the services decide who may do what. */
#include "web/office.h"
#include "web/routes.h"
#include "web/page.h"
#include "web/view.h"
#include "service/access.h"
#include "service/annual_report.h"
#include "service/applications.h"
#include "service/audit.h"
#include "service/audit_read.h"
#include "service/catalog.h"
#include "service/report_build.h"
#include "service/report_summary.h"
#include "web/api.h"
#include "service/calendar_admin.h"
#include "domain/calendar.h"
#include "domain/outcome.h"
#include "report/check.h"
#include "report/model.h"
#include "report/spec.h"
#include "store/agencies.h"
#include "store/items.h"
#include "store/users.h"
#include "base/buf.h"
#include "base/str.h"
#include "base/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The agencies the actor sees as <option>s ("agencies"), the chosen one in
 * *a (by code, else the first). 0, or -1 if none. */
static int agency_choice(struct http_request *req, const struct office *o, const char *code,
			 struct tpl_ctx *c, struct agency *a)
{
	struct agency_list vis = {0};
	struct svc_error err;
	size_t i, pick = 0;
	if (accounts_agency_visible(req->db, &o->who, &vis, &err) || vis.n == 0) {
		agency_list_free(&vis);
		return -1;
	}
	for (i = 0; i < vis.n; i++)
		if (code && !strcmp(code, vis.items[i].code))
			pick = i;
	if (!code) {
		struct user_role_list roles = {0};
		if (user_store_roles(req->db, o->who.user_id, &roles) == 0 && roles.n)
			for (i = 0; i < vis.n; i++)
				if (vis.items[i].id == roles.items[0].agency_id)
					pick = i;
		user_role_list_free(&roles);
	}
	*a = vis.items[pick];
	for (i = 0; i < vis.n; i++) {
		struct tpl_ctx *it = tpl_add(c, "agencies");
		tpl_set(it, "code", vis.items[i].code);
		tpl_set(it, "name", vis.items[i].name);
		tpl_set_bool(it, "selected", i == pick);
	}
	agency_list_free(&vis);
	tpl_set(c, "agency_code", a->code);
	tpl_set(c, "agency_name", a->name);
	return 0;
}

/* ---------------------------------------------------------- annual reports */

/* The applications table (表三) cells that are not zero, as a list of
 * {table, row, col, row_label, col_label, value} for checking numbers. */
static void cells_to_ctx(const struct report *r, struct tpl_ctx *c)
{
	int t, ri, k;
	tpl_list(c, "cells");
	for (t = 0; r->spec && t < r->spec->ntables; t++) {
		const struct spec_table *st = &r->spec->tables[t];
		if (strcmp(st->key, "applications"))
			continue;
		for (ri = 0; ri < st->nrows; ri++)
			for (k = 0; k < st->rows[ri].ncols; k++) {
				int ci = st->rows[ri].cols[k];
				const struct report_cell *cell = report_cell_c(r, t, ri, ci);
				struct tpl_ctx *it;
				if (!cell || cell->state != CELL_VALUE || cell->units == 0 ||
				    !strcmp(st->cols[ci].key, "total"))
					continue;
				it = tpl_add(c, "cells");
				tpl_set(it, "row", st->rows[ri].key);
				tpl_set(it, "col", st->cols[ci].key);
				tpl_setf(it, "row_label", "%s%s", st->rows[ri].parent ? st->rows[ri].parent : "",
					 st->rows[ri].label);
				tpl_setf(it, "col_label", "%s%s", st->cols[ci].group ? st->cols[ci].group : "",
					 st->cols[ci].label);
				tpl_set_int(it, "value", cell->units);
			}
	}
}

/* GET /office/reports */
static void reports_page(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct agency a;
	struct tpl_ctx *c;
	struct svc_error err;
	struct report *r = NULL;
	const struct calendar *cal;
	const char *fmt = http_query(req, "format"), *yq = http_query(req, "year");
	char calerr[256], status[16];
	int year = 0, this_year = date_year(app_today()), y, summary = 0, nagencies = 0;
	if (office_begin(req, res, &o))
		return;
	c = office_page(req, &o, "年度报告", "reports");
	if (agency_choice(req, &o, http_query(req, "agency"), c, &a)) {
		tpl_ctx_free(c);
		page_error(req, res, PAGE_OFFICE, 403, "您尚未在任何机关任职。");
		return;
	}
	if (yq && str_to_int(yq, 2019, this_year, &year))
		year = 0;
	for (y = this_year; y >= 2019 && y >= this_year - 6; y--) {
		struct tpl_ctx *it = tpl_add(c, "years");
		tpl_set_int(it, "year", y);
		tpl_set_bool(it, "selected", y == (year ? year : this_year - 1));
	}
	{
		static const char *const fmts[][2] = {{"", "按年度自动选择"}, {"2021", "2021年版格式"},
						     {"2019", "2019年版格式"}};
		int i;
		for (i = 0; i < 3; i++) {
			struct tpl_ctx *it = tpl_add(c, "formats");
			tpl_set(it, "key", fmts[i][0]);
			tpl_set(it, "name", fmts[i][1]);
			tpl_set_bool(it, "selected", fmt ? !strcmp(fmt, fmts[i][0]) : i == 0);
		}
	}
	if (http_query(req, "done"))
		tpl_set(c, "flash", "年度报告已发布到门户网站。");
	if (year) {
		tpl_set_int(c, "year", year);
		tpl_set(c, "format", fmt ? fmt : "");
		if (annual_report_status(req->db, a.id, year, status, sizeof status) == 0 && status[0])
			tpl_set(c, "stored_status", !strcmp(status, "published") ? "已发布" : "草稿");
		cal = app_calendar(calerr, sizeof calerr);
		summary = http_query(req, "summary") && !strcmp(http_query(req, "summary"), "1");
		tpl_set_bool(c, "summary", summary);
		if (!cal || (summary ? report_build_summary(req->db, cal, &o.who, a.id, year,
							    fmt && fmt[0] ? fmt : NULL, &r, &nagencies, &err)
				     : report_build(req->db, cal, &o.who, a.id, year, fmt && fmt[0] ? fmt : NULL,
						    &r, &err))) {
			if (cal)
				office_chinese(err.message);
			tpl_set(c, "build_error", cal ? err.message : "工作日历不可用。");
		} else {
			struct finding_list fl = {0};
			struct buf article = BUF_INIT(0);
			int i;
			report_check(r, &fl);
			tpl_set_bool(c, "built", 1);
			tpl_set_int(c, "summary_agencies", nagencies);
			tpl_list(c, "findings");
			for (i = 0; i < fl.n; i++) {
				struct tpl_ctx *it = tpl_add(c, "findings");
				tpl_set(it, "severity", fl.v[i].sev == SEV_ERROR ? "错误" : fl.v[i].sev == SEV_WARNING
					? "提示" : "说明");
				tpl_set(it, "sev_class", severity_name(fl.v[i].sev));
				tpl_set(it, "rule", fl.v[i].rule);
				tpl_set(it, "text", fl.v[i].zh);
			}
			tpl_set_int(c, "errors_n", finding_count(&fl, SEV_ERROR));
			finding_list_free(&fl);
			cells_to_ctx(r, c);
			view_report_article(r, &article);
			tpl_set(c, "article", buf_str(&article));   /* escaped by the renderer */
			tpl_set(c, "format_used", r->spec ? r->spec->key : "");
			buf_free(&article);
			report_free(r);
		}
	}
	page_send(res, 200, "office_reports", c);
}

/* POST /office/reports/publish */
static void reports_publish(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct form f;
	struct agency a;
	struct svc_error err;
	const struct calendar *cal;
	char calerr[256], loc[160];
	int year;
	if (office_begin(req, res, &o) || office_form(req, res, &f))
		return;
	if (agency_store_find_code(req->db, form_text(&f, "agency"), &a) ||
	    str_to_int(form_text(&f, "year"), 2019, 2100, &year)) {
		form_free(&f);
		page_error(req, res, PAGE_OFFICE, 400, "请选择机关和年度。");
		return;
	}
	cal = app_calendar(calerr, sizeof calerr);
	if (!cal || annual_report_publish(req->db, cal, &o.who, a.id, year,
					  form_text(&f, "format")[0] ? form_text(&f, "format") : NULL, &err)) {
		form_free(&f);
		if (!cal) {
			page_error(req, res, PAGE_OFFICE, 503, "工作日历不可用。");
			return;
		}
		office_chinese(err.message);
		page_svc_error(req, res, PAGE_OFFICE, &err);
		return;
	}
	snprintf(loc, sizeof loc, "/office/reports?agency=%s&year=%d&done=1", a.code, year);
	form_free(&f);
	page_redirect(res, loc);
}

/* -------------------------------------------------------------- audit log */

static void audit_page(struct http_request *req, struct http_response *res, struct office *o,
		       const struct audit_report *verified, int broken)
{
	struct audit_entries *e;   /* large: not on the stack */
	struct svc_error err;
	struct tpl_ctx *c = office_page(req, o, "审计日志", "audit");
	size_t i;
	e = malloc(sizeof *e);
	if (!e) {
		tpl_ctx_free(c);
		page_error(req, res, PAGE_OFFICE, 503, "内存不足。");
		return;
	}
	tpl_list(c, "entries");
	if (audit_read_latest(req->db, &o->who, 100, e, &err) == 0)
		for (i = 0; i < e->n; i++) {
			struct tpl_ctx *it = tpl_add(c, "entries");
			char detail[256];
			size_t n = strlen(e->items[i].detail);
			/* a cut detail may end inside a UTF-8 sequence: drop the tail */
			str_copy(detail, e->items[i].detail, sizeof detail);
			while (n > 0 && !utf8_valid(detail, n))
				detail[--n] = '\0';
			tpl_set_int(it, "id", e->items[i].id);
			tpl_set(it, "at", e->items[i].at);
			tpl_set(it, "actor", e->items[i].actor);
			tpl_set(it, "action", e->items[i].action);
			tpl_setf(it, "object", "%s %s", e->items[i].object_type, e->items[i].object_id);
			tpl_set(it, "detail", detail);
		}
	free(e);
	if (verified) {
		tpl_set_bool(c, "verified", 1);
		tpl_set_bool(c, "intact", !broken);
		tpl_set_int(c, "checked", verified->entries);
		tpl_set(c, "head_hash", verified->head_hash);
		tpl_set_int(c, "broken_id", verified->first_broken_id);
		tpl_set(c, "verify_message", verified->message);
	}
	page_send(res, verified && broken ? 409 : 200, "office_audit", c);
}

/* GET /office/audit */
static void audit_get(struct http_request *req, struct http_response *res)
{
	struct office o;
	if (office_begin(req, res, &o))
		return;
	audit_page(req, res, &o, NULL, 0);
}

/* POST /office/audit/verify */
static void audit_verify_post(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct form f;
	struct audit_report rep;
	int rc;
	if (office_begin(req, res, &o) || office_form(req, res, &f))
		return;
	form_free(&f);
	memset(&rep, 0, sizeof rep);
	rc = audit_verify(req->db, &rep);
	if (rc < 0) {
		page_error(req, res, PAGE_OFFICE, 503, "数据库暂时不可用，无法校验。");
		return;
	}
	audit_page(req, res, &o, &rep, rc == 1);
}

/* --------------------------------------------------------------- calendar */

/* GET /office/calendar?year= : the active calendar's year, month by month. */
static void calendar_get(struct http_request *req, struct http_response *res)
{
	struct office o;
	const struct calendar *cal;
	char calerr[256];
	struct tpl_ctx *c;
	int year = date_year(app_today()), m;
	const char *yq = http_query(req, "year");
	if (office_begin(req, res, &o))
		return;
	if (yq && str_to_int(yq, 1990, 2100, &year))
		year = date_year(app_today());
	cal = app_calendar(calerr, sizeof calerr);
	c = office_page(req, &o, "工作日历", "calendar");
	{
		struct svc_error perr;
		tpl_set_bool(c, "may_load", calendar_admin_may_load(req->db, &o.who, &perr) == 0);
		int64_t ver = api_query_id(req, "loaded"), moved = 0;
		const char *mv = http_query(req, "moved");
		if (ver > 0 && (!mv || str_to_int64(mv, &moved) == 0)) {
			char msg[160];
			snprintf(msg, sizeof msg, "已加载第%lld版日历，%lld件申请的答复期限随之调整。",
				 (long long)ver, (long long)moved);
			tpl_set(c, "flash", msg);
		} else if (http_query(req, "unchanged")) {
			tpl_set(c, "flash", "日历与当前使用的相同，未作更改。");
		}
	}
	tpl_set_int(c, "year", year);
	tpl_set_int(c, "prev", year - 1);
	tpl_set_int(c, "next", year + 1);
	if (!cal) {
		tpl_set(c, "cal_error", calerr);
		page_send(res, 503, "office_calendar", c);
		return;
	}
	for (m = 1; m <= 12; m++) {
		struct tpl_ctx *mo = tpl_add(c, "months");
		gk_date d;
		int y2, m2, dd, work = 0, uncovered = 0;
		tpl_set_int(mo, "month", m);
		if (date_from_ymd(year, m, 1, &d))
			continue;
		for (;; d++) {
			const struct calendar_entry *ce;
			date_to_ymd(d, &y2, &m2, &dd);
			if (m2 != m)
				break;
			if (!calendar_covers(cal, d)) {
				uncovered = 1;
				continue;
			}
			work += calendar_is_workday(cal, d) == 1;
			ce = calendar_entry_at(cal, d);
			if (ce) {
				struct tpl_ctx *it = tpl_add(mo, "special");
				char iso[DATE_STR_SIZE];
				int wd = calendar_is_workday(cal, d) == 1;
				tpl_set(it, "date", date_format(d, iso));
				tpl_set(it, "kind", wd ? "调休上班" : "放假");
				tpl_set(it, "kind_class", wd ? "work" : "off");
			}
		}
		tpl_set_int(mo, "workdays", work);
		tpl_set_bool(mo, "uncovered", uncovered);
	}
	page_send(res, 200, "office_calendar", c);
}

/* POST /office/calendar : load a new calendar file (multipart field
 * "tsv"), through the same service call as `gongkai calendar load`. */
static void calendar_post(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct form f;
	struct svc_error err;
	struct calendar_load_result lr;
	const struct form_field *tsv;
	char loc[160];
	if (office_begin(req, res, &o) || office_form(req, res, &f))
		return;
	tsv = form_field(&f, "tsv");
	memset(&lr, 0, sizeof lr);
	if (!tsv || !tsv->len) {
		form_free(&f);
		page_error(req, res, PAGE_OFFICE, 400, "请选择要加载的日历文件（TSV）。");
		return;
	}
	if (calendar_admin_load(req->db, &o.who, tsv->value, tsv->len,
				tsv->filename && tsv->filename[0] ? tsv->filename : "上传的日历",
				DATE_NONE, 0, &lr, &err)) {
		form_free(&f);
		office_chinese(err.message);
		page_svc_error(req, res, PAGE_OFFICE, &err);
		return;
	}
	if (lr.unchanged)
		snprintf(loc, sizeof loc, "/office/calendar?unchanged=1");
	else
		snprintf(loc, sizeof loc, "/office/calendar?year=%d&loaded=%lld&moved=%lld",
			 date_year(app_today()), (long long)lr.version, (long long)lr.due_moved);
	calendar_load_result_free(&lr);
	form_free(&f);
	page_redirect(res, loc);
}

/* ------------------------------------------------------- supervisor overview */

/* GET /office/overview : each agency of the subtrees the actor supervises,
 * with overdue applications, items waiting for review and last year's
 * report status. */
static void overview_get(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct agency_list vis = {0};
	struct svc_error err;
	const struct calendar *cal;
	char calerr[256];
	struct tpl_ctx *c;
	int last = date_year(app_today()) - 1;
	size_t i;
	if (office_begin(req, res, &o))
		return;
	c = office_page(req, &o, "下级机关概况", "work");
	tpl_set_int(c, "year", last);
	cal = app_calendar(calerr, sizeof calerr);
	tpl_list(c, "rows");
	if (cal && accounts_agency_visible(req->db, &o.who, &vis, &err) == 0)
		for (i = 0; i < vis.n; i++) {
			struct tpl_ctx *r = tpl_add(c, "rows");
			struct app_listing l;
			struct item_filter f;
			struct item_list items = {0};
			char status[16];
			memset(&l, 0, sizeof l);
			tpl_set(r, "code", vis.items[i].code);
			tpl_set(r, "name", vis.items[i].name);
			tpl_set_int(r, "depth", vis.items[i].depth > 5 ? 5 : vis.items[i].depth);
			if (app_list(req->db, cal, &o.who, vis.items[i].id, BUCKET_OVERDUE, 1, 0, &l, &err) == 0) {
				tpl_set_int(r, "overdue", l.overdue);
				tpl_set_int(r, "open", l.total_open);
				tpl_set_bool(r, "has_overdue", l.overdue > 0);
			}
			app_listing_free(&l);
			memset(&f, 0, sizeof f);
			f.agency_id = vis.items[i].id;
			f.state = "in_review";
			f.limit = 1;
			if (catalog_item_list(req->db, &o.who, &f, &items, &err) == 0)
				tpl_set_int(r, "backlog", items.total);
			item_list_free(&items);
			if (annual_report_status(req->db, vis.items[i].id, last, status, sizeof status) == 0)
				tpl_set(r, "report", !strcmp(status, "published") ? "已发布" : status[0] ? "草稿" : "未发布");
			tpl_set_bool(r, "report_ok", !strcmp(status, "published"));
		}
	agency_list_free(&vis);
	page_send(res, 200, "office_overview", c);
}

/* ---------------------------------------------------------------- appeals */

static const char *appeal_kind_label(const char *k)
{
	return !strcmp(k, "reconsideration") ? "行政复议" : !strcmp(k, "litigation_direct") ? "未经复议直接起诉"
		: !strcmp(k, "litigation_after") ? "复议后起诉" : k;
}

static const char *appeal_result_label(const char *k)
{
	return !strcmp(k, "upheld") ? "维持" : !strcmp(k, "corrected") ? "纠正" : !strcmp(k, "other") ? "其他结果"
		: !strcmp(k, "pending") ? "尚未审结" : k;
}

static void appeals_page(struct http_request *req, struct http_response *res, struct office *o,
			 const char *code, const char *error, int status)
{
	struct tpl_ctx *c = office_page(req, o, "行政复议和行政诉讼", "applications");
	struct agency a;
	struct appeal_rows rows = {0};
	struct svc_error err;
	char today[DATE_STR_SIZE];
	size_t i;
	if (agency_choice(req, o, code, c, &a)) {
		tpl_ctx_free(c);
		page_error(req, res, PAGE_OFFICE, 403, "您尚未在任何机关任职。");
		return;
	}
	tpl_set(c, "today", date_format(app_today(), today));
	tpl_list(c, "appeals");
	if (appeal_list(req->db, &o->who, a.id, 0, &rows, &err) == 0)
		for (i = 0; i < rows.n; i++) {
			struct tpl_ctx *r = tpl_add(c, "appeals");
			tpl_set_int(r, "id", rows.items[i].id);
			tpl_set(r, "kind", appeal_kind_label(rows.items[i].kind));
			tpl_set(r, "filed", rows.items[i].filed_on);
			tpl_set(r, "result", appeal_result_label(rows.items[i].result));
			tpl_set_bool(r, "pending", !strcmp(rows.items[i].result, "pending"));
			tpl_set(r, "decided", rows.items[i].decided_on);
			tpl_set(r, "note", rows.items[i].note ? rows.items[i].note : "");
			if (rows.items[i].application_id)
				tpl_set_int(r, "app_id", rows.items[i].application_id);
		}
	else {
		office_chinese(err.message);
		tpl_set(c, "error", err.message);
	}
	appeal_rows_free(&rows);
	if (error)
		tpl_set(c, "error", error);
	if (http_query(req, "done"))
		tpl_set(c, "flash", "已保存。");
	page_send(res, status, "office_appeals", c);
}

/* GET /office/appeals?agency= */
static void appeals_get(struct http_request *req, struct http_response *res)
{
	struct office o;
	if (office_begin(req, res, &o))
		return;
	appeals_page(req, res, &o, http_query(req, "agency"), NULL, 200);
}

/* POST /office/appeals : add one. */
static void appeals_post(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct form f;
	struct agency a;
	struct appeal_input in;
	struct svc_error err;
	int64_t id, app_id = 0;
	char loc[128];
	if (office_begin(req, res, &o) || office_form(req, res, &f))
		return;
	memset(&in, 0, sizeof in);
	if (accounts_agency_lookup(req->db, form_text(&f, "agency"), &a, &err)) {
		form_free(&f);
		page_error(req, res, PAGE_OFFICE, 404, "没有该机关。");
		return;
	}
	in.agency_id = a.id;
	if (form_int64(&f, "application_id", &app_id) == 0)
		in.application_id = app_id;
	in.kind = form_text(&f, "kind");
	in.filed_on = form_text(&f, "filed_on");
	in.result = form_text(&f, "result")[0] ? form_text(&f, "result") : NULL;
	in.decided_on = form_text(&f, "decided_on")[0] ? form_text(&f, "decided_on") : NULL;
	in.note = form_text(&f, "note");
	if (appeal_create(req->db, &o.who, &in, &id, &err)) {
		office_chinese(err.message);
		appeals_page(req, res, &o, a.code, err.message, err.code == SVC_FORBIDDEN ? 403 : 400);
		form_free(&f);
		return;
	}
	snprintf(loc, sizeof loc, "/office/appeals?agency=%s&done=1", a.code);
	form_free(&f);
	page_redirect(res, loc);
}

/* POST /office/appeals/:id : record the decision. */
static void appeal_decide(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct form f;
	struct svc_error err;
	struct appeal_row row;
	struct agency a;
	int64_t id;
	char loc[128];
	if (office_begin(req, res, &o) || office_id_param(req, res, "id", &id) ||
	    office_form(req, res, &f))
		return;
	memset(&row, 0, sizeof row);
	if (appeal_update(req->db, &o.who, id, form_text(&f, "result"), form_text(&f, "decided_on"),
			  form_text(&f, "note")[0] ? form_text(&f, "note") : NULL, &err) ||
	    appeal_get(req->db, &o.who, id, &row, &err)) {
		form_free(&f);
		office_chinese(err.message);
		page_svc_error(req, res, PAGE_OFFICE, &err);
		return;
	}
	form_free(&f);
	free(row.note);
	if (agency_store_get(req->db, row.agency_id, &a))
		str_copy(a.code, "", sizeof a.code);
	snprintf(loc, sizeof loc, "/office/appeals?agency=%s&done=1", a.code);
	page_redirect(res, loc);
}

/* ------------------------------------------------- registering an application */

static const char *const kinds[][2] = {
	{"person", "自然人"}, {"business", "商业企业"}, {"research", "科研机构"},
	{"nonprofit", "社会公益组织"}, {"legal", "法律服务机构"}, {"other_org", "其他组织"},
};
static const char *const channels[][2] = {
	{"in_person", "当面提交"}, {"post_signed", "邮寄（以签收日为准）"}, {"letter", "信函"},
	{"fax", "传真"}, {"other", "其他方式"},
};

static void register_form(struct http_request *req, struct http_response *res, struct office *o,
			  struct form *f, struct form_errors *e, int status)
{
	struct tpl_ctx *c = office_page(req, o, "登记申请", "applications");
	struct agency a;
	char today[DATE_STR_SIZE];
	const char *kind = f ? form_text(f, "applicant_kind") : "person";
	const char *ch = f ? form_text(f, "channel") : "in_person";
	size_t i;
	agency_choice(req, o, f ? form_get(f, "agency") : http_query(req, "agency"), c, &a);
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		struct tpl_ctx *it = tpl_add(c, "kinds");
		tpl_set(it, "key", kinds[i][0]);
		tpl_set(it, "label", kinds[i][1]);
		tpl_set_bool(it, "selected", !strcmp(kind, kinds[i][0]));
	}
	for (i = 0; i < sizeof channels / sizeof channels[0]; i++) {
		struct tpl_ctx *it = tpl_add(c, "channels");
		tpl_set(it, "key", channels[i][0]);
		tpl_set(it, "label", channels[i][1]);
		tpl_set_bool(it, "selected", !strcmp(ch, channels[i][0]));
	}
	tpl_set(c, "v_date", date_format(app_today(), today));
	if (f)
		form_values_to_ctx(f, c);
	if (e)
		form_errors_to_ctx(e, c);
	page_send(res, status, "office_register", c);
}

/* GET /office/applications/new */
void office_register_get(struct http_request *req, struct http_response *res)
{
	struct office o;
	if (office_begin(req, res, &o))
		return;
	register_form(req, res, &o, NULL, NULL, 200);
}

/* POST /office/applications/new */
void office_register_post(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct form f;
	struct form_errors e = {0};
	struct agency a;
	struct app_input in;
	struct app_created out;
	struct svc_error err;
	const struct calendar *cal;
	const struct secret_key *key;
	char calerr[256], loc[96];
	const char *ch, *date;
	if (office_begin(req, res, &o) || office_form(req, res, &f))
		return;
	form_require(&f, &e, "applicant_name", "申请人姓名或名称");
	form_require(&f, &e, "description", "所需信息的描述");
	form_require(&f, &e, "date", "收到日期");
	if (accounts_agency_lookup(req->db, form_text(&f, "agency"), &a, &err))
		form_error(&e, "agency", "请选择机关");
	cal = app_calendar(calerr, sizeof calerr);
	key = page_secret_key(req);
	if (e.n || !cal || !key) {
		if (!e.n)
			form_error(&e, "_form", "系统暂时无法登记，请稍后再试。");
		register_form(req, res, &o, &f, &e, 400);
		form_free(&f);
		return;
	}
	memset(&in, 0, sizeof in);
	in.agency_id = a.id;
	ch = form_text(&f, "channel");
	date = form_text(&f, "date");
	in.channel = ch;
	if (!strcmp(ch, "in_person"))
		in.submitted_on = date;
	else if (!strcmp(ch, "post_signed"))
		in.signed_on = date;
	else
		in.confirmed_on = date;
	in.applicant_kind = form_text(&f, "applicant_kind");
	in.applicant_name = form_text(&f, "applicant_name");
	in.id_number = form_text(&f, "id_number")[0] ? form_text(&f, "id_number") : NULL;
	in.contact_phone = form_text(&f, "contact_phone");
	in.contact_email = form_text(&f, "contact_email");
	in.contact_address = form_text(&f, "contact_address");
	in.postal_code = form_text(&f, "postal_code");
	in.description = form_text(&f, "description");
	in.form_wanted = form_text(&f, "form_wanted");
	in.delivery = form_text(&f, "delivery");
	if (app_register(req->db, cal, key, &o.who, &in, &out, &err)) {
		office_chinese(err.message);
		form_error_svc(&e, &err);
		register_form(req, res, &o, &f, &e, err.code == SVC_FORBIDDEN ? 403 : 400);
		form_free(&f);
		return;
	}
	form_free(&f);
	snprintf(loc, sizeof loc, "/office/applications/%lld?done=1", (long long)out.id);
	page_redirect(res, loc);
}

/* ------------------------------------------------------ answer with 告知书 */

/* GET /office/applications/:id/answer?outcome=&date= : the answer form
 * with the 告知书 generated from the outcome's template, editable. */
static void answer_get(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct app_view v;
	struct svc_error err;
	const struct calendar *cal;
	const char *outcome = http_query(req, "outcome"), *date = http_query(req, "date");
	char calerr[256], today[DATE_STR_SIZE];
	struct tpl_ctx *c;
	struct buf notice = BUF_INIT(64 * 1024);
	int64_t id;
	size_t i, n;
	const struct outcome_info *all;
	if (office_begin(req, res, &o) || office_id_param(req, res, "id", &id))
		return;
	cal = app_calendar(calerr, sizeof calerr);
	memset(&v, 0, sizeof v);
	if (!cal || app_get(req->db, cal, &o.who, id, &v, &err)) {
		if (cal) {
			office_chinese(err.message);
			page_svc_error(req, res, PAGE_OFFICE, &err);
		} else {
			page_error(req, res, PAGE_OFFICE, 503, "工作日历不可用。");
		}
		return;
	}
	c = office_page(req, &o, "答复申请", "applications");
	view_app_to_ctx(&v, c, 1);
	if (!date || !date[0])
		date = date_format(app_today(), today);
	tpl_set(c, "v_date", date);
	all = outcome_all(&n);
	for (i = 0; i < n; i++) {
		struct tpl_ctx *it = tpl_add(c, "outcomes");
		tpl_set(it, "key", all[i].key);
		tpl_setf(it, "label", "%s%s", all[i].group ? all[i].group : "", all[i].label);
		tpl_set_bool(it, "selected", outcome && !strcmp(outcome, all[i].key));
	}
	if (outcome && outcome[0]) {
		struct agency a;
		struct notice_fields nf;
		memset(&nf, 0, sizeof nf);
		nf.applicant = v.rec.applicant_name;
		nf.received = v.rec.received_on;
		nf.description = v.rec.description;
		nf.date = date;
		if (agency_store_get(req->db, v.rec.agency_id, &a) == 0)
			nf.agency = a.name;
		if (outcome_render_notice(outcome, &nf, &notice) == 0) {
			tpl_set(c, "notice", buf_str(&notice));
			tpl_set(c, "outcome_key", outcome);
		} else {
			tpl_set(c, "error", "未知的办理结果。");
		}
	}
	buf_free(&notice);
	app_view_free(&v);
	page_send(res, 200, "office_answer", c);
}

const struct route office_more_routes[] = {
	{"GET", "/office/reports", reports_page, "office.reports"},
	{"POST", "/office/reports/publish", reports_publish, "office.report_publish"},
	{"GET", "/office/audit", audit_get, "office.audit"},
	{"POST", "/office/audit/verify", audit_verify_post, "office.audit_verify"},
	{"GET", "/office/calendar", calendar_get, "office.calendar"},
	{"POST", "/office/calendar", calendar_post, "office.calendar.load"},
	{"GET", "/office/overview", overview_get, "office.overview"},
	{"GET", "/office/appeals", appeals_get, "office.appeals"},
	{"POST", "/office/appeals", appeals_post, "office.appeal_add"},
	{"POST", "/office/appeals/:id", appeal_decide, "office.appeal_decide"},
	{"GET", "/office/applications/:id/answer", answer_get, "office.app_answer"},
	{NULL, NULL, NULL, NULL}
};
