/* pages_report_files.c - the annual report as a Word or Excel download.
 *
 *   GET /agency/:code/report/:year/report.docx   the PUBLISHED report (portal,
 *   GET /agency/:code/report/:year/report.xlsx   no login; the same source as
 *                                                the page /agency/:code/report/:year)
 *   GET /office/reports/report.docx?agency=&year=&format=&summary=
 *   GET /office/reports/report.xlsx?...          the report built from the
 *                                                records, as on /office/reports
 *                                                (xlsx with the check findings)
 *
 * The files come from the report renderers (report/render.h: render_docx.c,
 * render_xlsx.c). The back-office files go through report_build() /
 * report_build_summary(), which check that the logged-in staff member may
 * see the agency, exactly as for the reports page: another agency's report
 * is a 404 (the service does not reveal agencies one may not see), a
 * summary without the supervisor role a 403. Answers carry the OOXML content type and
 * Content-Disposition: attachment with an ASCII fallback name
 * (report-CODE-YEAR.docx) and the Chinese name in RFC 5987 form
 * (某局2024年政府信息公开工作年度报告.docx). */
#include "web/routes.h"
#include "web/office.h"
#include "web/page.h"
#include "web/view.h"
#include "service/applications.h"
#include "service/report_build.h"
#include "service/report_summary.h"
#include "report/check.h"
#include "report/render.h"
#include "store/agencies.h"
#include "base/buf.h"
#include "base/str.h"

#include <stdio.h>
#include <string.h>

/* Send r as a `to` file named after the agency and year. */
static void send_report(struct http_response *res, const struct report *r,
			const struct finding_list *findings, enum render_to to,
			const struct agency *a, int year, int summary, const char *cache)
{
	char name[600], enc[1800], disp[2200], ascii[160];
	size_t i;
	buf_reset(&res->body);
	res->body.max = 0;
	if ((to == RENDER_XLSX ? report_render_xlsx(r, findings, &res->body)
			       : report_render(r, to, &res->body)) != 0) {
		buf_reset(&res->body);
		http_text(res, 500, "报告文件无法生成。");
		return;
	}
	res->status = 200;
	res->content_type = render_to_mime(to);
	snprintf(name, sizeof name, "%s%d年政府信息公开工作年度报告%s.%s", a->name, year,
		 summary ? "（汇总）" : "", render_to_ext(to));
	for (i = 0; name[i]; i++)   /* no path separators in a file name */
		if (name[i] == '/' || name[i] == '\\')
			name[i] = '_';
	form_url_encode(name, enc, sizeof enc);
	snprintf(ascii, sizeof ascii, "report-%s-%d%s.%s", a->code, year, summary ? "-summary" : "",
		 render_to_ext(to));
	for (i = 0; ascii[i]; i++)
		if (!((ascii[i] >= 'a' && ascii[i] <= 'z') || (ascii[i] >= 'A' && ascii[i] <= 'Z') ||
		      (ascii[i] >= '0' && ascii[i] <= '9') || strchr("-_.", ascii[i])))
			ascii[i] = '_';
	snprintf(disp, sizeof disp, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, enc);
	http_set_header(res, "Content-Disposition", disp);
	http_set_header(res, "Cache-Control", cache);
}

/* ----------------------------------------------------------------- portal */

/* The published report of /agency/:code/report/:year, read as the page
 * report_page in pages_portal.c reads it (view_published_report). */
static void public_file(struct http_request *req, struct http_response *res, enum render_to to)
{
	struct agency a;
	struct report *r;
	int year;
	r = view_published_report(req, res, &a, &year);
	if (!r)
		return;
	send_report(res, r, NULL, to, &a, year, 0, "public, max-age=300");
	report_free(r);
}

static void public_docx(struct http_request *req, struct http_response *res)
{
	public_file(req, res, RENDER_DOCX);
}

static void public_xlsx(struct http_request *req, struct http_response *res)
{
	public_file(req, res, RENDER_XLSX);
}

/* ------------------------------------------------------------ back office */

/* The report the reports page shows for ?agency=&year=&format=&summary=,
 * built from the records with the actor's rights. */
static void office_file(struct http_request *req, struct http_response *res, enum render_to to)
{
	struct office o;
	struct agency a;
	struct svc_error err;
	struct report *r = NULL;
	struct finding_list fl = {0};
	const struct calendar *cal;
	const char *code = http_query(req, "agency"), *fmt = http_query(req, "format");
	const char *sq = http_query(req, "summary");
	char calerr[256];
	int year, summary = sq && !strcmp(sq, "1"), nagencies = 0, rc;
	if (office_begin(req, res, &o))
		return;
	if (!code || str_to_int(http_query(req, "year"), 2019, 2100, &year)) {
		page_error(req, res, PAGE_OFFICE, 400, "请选择机关和年度。");
		return;
	}
	rc = agency_store_find_code(req->db, code, &a);
	if (rc) {
		page_error(req, res, PAGE_OFFICE, rc < 0 ? 503 : 404,
			   rc < 0 ? "数据库暂时不可用，请稍后再试。" : "没有找到该机关。");
		return;
	}
	if (fmt && !fmt[0])
		fmt = NULL;
	cal = app_calendar(calerr, sizeof calerr);
	if (!cal) {
		page_error(req, res, PAGE_OFFICE, 503, "工作日历不可用。");
		return;
	}
	if (summary ? report_build_summary(req->db, cal, &o.who, a.id, year, fmt, &r, &nagencies, &err)
		    : report_build(req->db, cal, &o.who, a.id, year, fmt, &r, &err)) {
		office_chinese(err.message);
		page_svc_error(req, res, PAGE_OFFICE, &err);
		return;
	}
	report_check(r, &fl);
	send_report(res, r, &fl, to, &a, year, summary, "private, no-store");
	finding_list_free(&fl);
	report_free(r);
}

static void office_docx(struct http_request *req, struct http_response *res)
{
	office_file(req, res, RENDER_DOCX);
}

static void office_xlsx(struct http_request *req, struct http_response *res)
{
	office_file(req, res, RENDER_XLSX);
}

const struct route report_file_routes[] = {
	{"GET", "/agency/:code/report/:year/report.docx", public_docx, "portal.report_file"},
	{"GET", "/agency/:code/report/:year/report.xlsx", public_xlsx, "portal.report_file"},
	{"GET", "/office/reports/report.docx", office_docx, "office.report_file"},
	{"GET", "/office/reports/report.xlsx", office_xlsx, "office.report_file"},
	{NULL, NULL, NULL, NULL}
};
