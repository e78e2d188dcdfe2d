/* pages_portal.c - the public portal: no login, server-rendered pages.
 *
 *   GET  /                      home: agency tree, search box, quick links
 *   GET  /agency/:code          an agency: guide, catalog, newest items, reports
 *   GET  /apply, POST /apply    the online application form and its confirmation
 *   GET  /status, POST /status  an application's progress by code and verifier
 *
 * Handlers read through the service and store layers and render
 * data/templates/portal_*.html; they never build HTML themselves except
 * through the template engine (escaped by default). */
#include "web/routes.h"
#include "web/page.h"
#include "web/forms.h"
#include "web/view.h"
#include "service/accounts.h"
#include "service/applications.h"
#include "service/annual_report.h"
#include "service/catalog.h"
#include "report/model.h"
#include "store/agencies.h"
#include "base/str.h"
#include "base/utf8.h"
#include "base/xalloc.h"

#include <stdlib.h>

#include <stdio.h>
#include <string.h>

static void report_years(struct http_request *req, struct tpl_ctx *c, int64_t agency_id,
			 const char *code);

/* The newest public items (of agency_id, 0 = all) into list `key`. */
static void newest_to_ctx(struct http_request *req, int64_t agency_id, int limit,
			  struct tpl_ctx *c, const char *key)
{
	static const struct actor anonymous;
	struct item_filter f;
	struct item_list l = {0};
	struct svc_error err;
	char tmp[64];
	size_t i;
	memset(&f, 0, sizeof f);
	f.agency_id = agency_id;
	f.subtree = 0;
	f.state = "public";
	f.limit = limit;
	f.skip_total = 1;              /* the lists show the rows only */
	tpl_list(c, key);
	if (catalog_item_list(req->db, &anonymous, &f, &l, &err) == 0)
		for (i = 0; i < l.n; i++) {
			struct tpl_ctx *it = tpl_add(c, key);
			tpl_set_int(it, "id", l.items[i].id);
			tpl_set(it, "title", l.items[i].title);
			tpl_set(it, "date", view_date_cn(l.items[i].published_on, tmp, sizeof tmp));
		}
	tpl_set_bool(c, "has_newest", l.n > 0);
	item_list_free(&l);
}

/* Fill ctx's list `key` with the agencies of l in tree order. */
static void agency_tree_to_ctx(const struct agency_list *l, struct tpl_ctx *ctx, const char *key)
{
	size_t i;
	tpl_list(ctx, key);
	for (i = 0; i < l->n; i++) {
		const struct agency *a = &l->items[i];
		struct tpl_ctx *it;
		if (a->disabled)
			continue;
		it = tpl_add(ctx, key);
		tpl_set(it, "code", a->code);
		tpl_set(it, "name", a->name);
		tpl_set_int(it, "depth", a->depth > 5 ? 5 : a->depth);
		tpl_set_bool(it, "government", !strcmp(a->kind, "government"));
	}
}

/* GET / */
static void home(struct http_request *req, struct http_response *res)
{
	struct agency_list l = {0};
	struct tpl_ctx *c;
	if (!req->db || agency_store_all(req->db, &l)) {
		agency_list_free(&l);
		page_error(req, res, PAGE_PORTAL, 503, "数据库暂时不可用，请稍后再试。");
		return;
	}
	c = page_new(req, PAGE_PORTAL, "首页", "home");
	agency_tree_to_ctx(&l, c, "agencies");
	agency_list_free(&l);
	newest_to_ctx(req, 0, 8, c, "newest");
	page_send(res, 200, "portal_home", c);
}

/* GET /agency/:code */
static void agency_page(struct http_request *req, struct http_response *res)
{
	struct agency a;
	struct agency_list kids = {0};
	struct tpl_ctx *c;
	if (view_portal_agency(req, res, &a))
		return;
	c = page_new(req, PAGE_PORTAL, a.name, NULL);
	tpl_set(c, "agency_name", a.name);
	tpl_set(c, "agency_code", a.code);
	if (a.parent_id) {
		struct agency p;
		if (agency_store_get(req->db, a.parent_id, &p) == 0) {
			tpl_set(c, "parent_name", p.name);
			tpl_set(c, "parent_code", p.code);
		}
	}
	if (agency_store_children(req->db, a.id, &kids) == 0)
		agency_tree_to_ctx(&kids, c, "children");
	agency_list_free(&kids);
	{
		struct section_list secs = {0};
		struct svc_error err;
		char *guide = NULL;
		size_t i;
		if (catalog_sections(req->db, a.id, &secs, &err) == 0)
			for (i = 0; i < secs.n; i++) {
				struct tpl_ctx *it = tpl_add(c, "sections");
				tpl_set_int(it, "key", secs.items[i].id);
				tpl_set(it, "name", secs.items[i].name);
				tpl_set_bool(it, "sub", secs.items[i].parent_id != 0);
				tpl_set_int(it, "count", secs.items[i].items);
				tpl_set(it, "agency_code", a.code);
				tpl_set_bool(c, "has_sections", 1);
			}
		section_list_free(&secs);
		if (catalog_guide_get(req->db, a.id, &guide, &err) == 0 && guide[0])
			tpl_set(c, "guide", guide);   /* sanitized when stored */
		free(guide);
	}
	newest_to_ctx(req, a.id, 10, c, "items");
	report_years(req, c, a.id, a.code);
	page_send(res, 200, "portal_agency", c);
}

/* ------------------------------------------------------------ applying */

static const char *const kinds[][2] = {
	{"person", "自然人"}, {"business", "商业企业"}, {"research", "科研机构"},
	{"nonprofit", "社会公益组织"}, {"legal", "法律服务机构"}, {"other_org", "其他组织"},
};

/* The text before " / " of a bilingual service message. */
static void chinese_part(char *msg)
{
	char *slash = strstr(msg, " / ");
	if (slash)
		*slash = '\0';
}

/* The form, empty or with what was typed (f), its errors (e) and, when
 * the submission was refused as a whole (too many from this address), the
 * reason as a notice above it. */
static void apply_form(struct http_request *req, struct http_response *res,
		       struct form *f, struct form_errors *e, const char *refused, int status)
{
	struct tpl_ctx *c = page_new(req, PAGE_PORTAL, "在线申请政府信息公开", "apply");
	struct agency_list l = {0};
	char token[64];
	const char *chosen = f ? form_get(f, "agency") : http_query(req, "agency");
	const char *kind = f ? form_get(f, "applicant_kind") : NULL;
	size_t i;
	page_public_csrf(req, res, token, sizeof token);
	tpl_set(c, "csrf", token);
	if (agency_store_all(req->db, &l) == 0)
		for (i = 0; i < l.n; i++) {
			struct tpl_ctx *it;
			if (l.items[i].disabled)
				continue;
			it = tpl_add(c, "agencies");
			tpl_set(it, "code", l.items[i].code);
			tpl_set(it, "name", l.items[i].name);
			tpl_set_bool(it, "selected", chosen && !strcmp(chosen, l.items[i].code));
		}
	agency_list_free(&l);
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		struct tpl_ctx *it = tpl_add(c, "kinds");
		tpl_set(it, "key", kinds[i][0]);
		tpl_set(it, "label", kinds[i][1]);
		tpl_set_bool(it, "checked", kind ? !strcmp(kind, kinds[i][0]) : i == 0);
	}
	if (f)
		form_values_to_ctx(f, c);
	if (e)
		form_errors_to_ctx(e, c);
	if (refused)
		tpl_set(c, "refused", refused);
	page_send(res, status, "portal_apply", c);
}

/* GET /apply */
static void apply_get(struct http_request *req, struct http_response *res)
{
	apply_form(req, res, NULL, NULL, NULL, 200);
}

/* Check the form as a citizen reads it: which field, and why, in Chinese. */
static void apply_validate(struct form *f, struct form_errors *e)
{
	const char *v;
	size_t i;
	int kind_ok = 0;
	if (!form_text(f, "agency")[0])
		form_error(e, "agency", "请选择受理申请的行政机关");
	v = form_text(f, "applicant_kind");
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		kind_ok |= !strcmp(v, kinds[i][0]);
	if (!kind_ok)
		form_error(e, "applicant_kind", "请选择申请人类型");
	if (!form_require(f, e, "applicant_name", "申请人姓名或名称"))
		form_max_chars(f, e, "applicant_name", "申请人姓名或名称", 60);
	v = form_text(f, "id_number");
	if (v[0] && (strlen(v) < 6 || strlen(v) > 30))
		form_error(e, "id_number", "证件号码格式不正确，请核对");
	v = form_text(f, "contact_phone");
	if (!v[0] && !form_text(f, "contact_email")[0])
		form_error(e, "contact_phone", "请至少填写联系电话或电子邮箱中的一项，以便我们与您联系");
	else if (v[0] && (strlen(v) < 7 || strlen(v) > 20 || strspn(v, "0123456789-+ ") != strlen(v)))
		form_error(e, "contact_phone", "联系电话只能包含数字、空格和“-”，长度7到20位");
	v = form_text(f, "contact_email");
	if (v[0] && (!strchr(v, '@') || strchr(v, ' ') || strlen(v) > 100))
		form_error(e, "contact_email", "电子邮箱格式不正确，例如 name@example.com");
	v = form_text(f, "postal_code");
	if (v[0] && (strlen(v) != 6 || strspn(v, "0123456789") != 6))
		form_error(e, "postal_code", "邮政编码应为6位数字");
	form_max_chars(f, e, "contact_address", "通信地址", 200);
	if (!form_require(f, e, "description", "所需政府信息的名称、文号或特征描述")) {
		if (utf8_len(form_text(f, "description"), strlen(form_text(f, "description"))) < 5)
			form_error(e, "description", "请具体描述所需的政府信息（至少5个字），如文件名称、文号或内容特征");
		form_max_chars(f, e, "description", "所需政府信息的描述", 1000);
	}
	if (!form_text(f, "form_wanted")[0])
		form_error(e, "form_wanted", "请选择获取信息的形式");
	if (!form_text(f, "delivery")[0])
		form_error(e, "delivery", "请选择获取信息的方式");
}

/* POST /apply */
static void apply_post(struct http_request *req, struct http_response *res)
{
	struct form f;
	struct form_errors e = {0};
	struct agency a;
	struct app_input in;
	struct app_created out;
	struct svc_error err;
	struct actor who;
	const struct calendar *cal;
	const struct secret_key *key;
	char calerr[256], tmp[64];
	struct tpl_ctx *c;
	if (form_parse(req, &f)) {
		page_error(req, res, PAGE_PORTAL, 400, "表单内容无法识别，请返回重新填写。");
		return;
	}
	if (page_check_public_csrf(req, form_get(&f, "csrf")))
		form_error(&e, "_form", "页面已过期，请检查后重新提交。");
	apply_validate(&f, &e);
	if (!form_error_for(&e, "agency") &&
	    (agency_store_find_code(req->db, form_text(&f, "agency"), &a) != 0 || a.disabled))
		form_error(&e, "agency", "请选择受理申请的行政机关");
	if (e.n) {
		apply_form(req, res, &f, &e, NULL, 400);
		form_free(&f);
		return;
	}
	cal = app_calendar(calerr, sizeof calerr);
	key = page_secret_key(req);
	if (!cal || !key) {
		form_free(&f);
		page_error(req, res, PAGE_PORTAL, 503, "系统暂时无法受理申请，请稍后再试。");
		return;
	}
	memset(&in, 0, sizeof in);
	in.agency_id = a.id;
	in.channel = "online";
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
	memset(&who, 0, sizeof who);
	str_copy(who.ip, req->remote_ip, sizeof who.ip);
	if (app_submit_public(req->db, cal, key, &who, &in, &out, &err)) {
		chinese_part(err.message);
		if (err.code == SVC_INVALID) {
			form_error_svc(&e, &err);
			apply_form(req, res, &f, &e, NULL, 400);
		} else if (err.code == SVC_RATE_LIMITED) {
			/* Keep what was typed: it can be sent later or printed. */
			apply_form(req, res, &f, NULL, err.message, 429);
			http_retry_after(res, out.retry_after);
		} else {
			page_svc_error(req, res, PAGE_PORTAL, &err);
		}
		form_free(&f);
		return;
	}
	c = page_new(req, PAGE_PORTAL, "申请已提交", "apply");
	tpl_set(c, "code", out.tracking_code);
	tpl_set(c, "verifier", out.verifier);
	tpl_set(c, "agency_name", a.name);
	tpl_set(c, "received", view_date_cn(out.received_on, tmp, sizeof tmp));
	if (out.due_on[0])
		tpl_set(c, "due", view_date_cn(out.due_on, tmp, sizeof tmp));
	form_free(&f);
	page_send(res, 200, "portal_applied", c);
}

/* ------------------------------------------------------------- status */

/* GET /status */
static void status_get(struct http_request *req, struct http_response *res)
{
	struct tpl_ctx *c = page_new(req, PAGE_PORTAL, "办理进度查询", "status");
	const char *code = http_query(req, "code");
	tpl_set(c, "v_code", code ? code : "");
	page_send(res, 200, "portal_status", c);
}

/* POST /status: code + verifier. */
static void status_post(struct http_request *req, struct http_response *res)
{
	struct form f;
	struct form_errors e = {0};
	struct app_view v;
	struct svc_error err;
	const struct calendar *cal;
	char calerr[256];
	struct tpl_ctx *c;
	if (form_parse(req, &f)) {
		page_error(req, res, PAGE_PORTAL, 400, "表单内容无法识别。");
		return;
	}
	form_require(&f, &e, "code", "查询码");
	form_require(&f, &e, "verifier", "校验码");
	c = page_new(req, PAGE_PORTAL, "办理进度查询", "status");
	form_values_to_ctx(&f, c);
	cal = app_calendar(calerr, sizeof calerr);
	memset(&v, 0, sizeof v);
	if (!e.n && cal &&
	    app_public_status(req->db, cal, form_text(&f, "code"), form_text(&f, "verifier"), &v, &err) == 0) {
		struct agency a;
		if (agency_store_get(req->db, v.rec.agency_id, &a) == 0)
			tpl_set(c, "agency_name", a.name);
		view_app_to_ctx(&v, tpl_child(c, "app"), 0);
		app_view_free(&v);
		form_free(&f);
		page_send(res, 200, "portal_status", c);
		return;
	}
	if (!e.n)
		form_error(&e, "_form", "没有找到该申请，请核对查询码和校验码（校验码在提交申请时显示）。");
	form_errors_to_ctx(&e, c);
	form_free(&f);
	page_send(res, e.n && !form_error_for(&e, "_form") ? 400 : 404, "portal_status", c);
}

/* ------------------------------------------------------- annual reports */

/* GET /agency/:code/report/:year - the PUBLISHED annual report in the
 * official layout (print-ready: the stylesheet's print rules hide the
 * site). Reports are published from the back office; nothing is built
 * live from unpublished records here. */
static void report_page(struct http_request *req, struct http_response *res)
{
	struct agency a;
	struct report *r;
	int year;
	struct tpl_ctx *c;
	struct buf article = BUF_INIT(0);
	r = view_published_report(req, res, &a, &year);
	if (!r)
		return;
	view_report_article(r, &article);
	report_free(r);
	c = page_new(req, PAGE_PORTAL, "", "reports");
	tpl_setf(c, "title", "%s%d年政府信息公开工作年度报告", a.name, year);
	tpl_set(c, "agency_name", a.name);
	tpl_set(c, "agency_code", a.code);
	tpl_set_int(c, "year", year);
	tpl_set(c, "article", buf_str(&article));
	buf_free(&article);
	page_send(res, 200, "portal_report", c);
}

/* Put the years with a published report into ctx "reports" (newest first). */
static void report_years(struct http_request *req, struct tpl_ctx *c, int64_t agency_id,
			 const char *code)
{
	int years[20], n = 0, i;
	tpl_list(c, "reports");
	if (annual_report_published_years(req->db, agency_id, years, 20, &n))
		return;
	for (i = 0; i < n; i++) {
		struct tpl_ctx *it = tpl_add(c, "reports");
		tpl_set_int(it, "year", years[i]);
		tpl_set(it, "agency_code", code);
	}
}

/* GET /reports: every agency's reports. */
static void reports_index(struct http_request *req, struct http_response *res)
{
	struct agency_list l = {0};
	struct tpl_ctx *c = page_new(req, PAGE_PORTAL, "政府信息公开工作年度报告", "reports");
	size_t i;
	if (agency_store_all(req->db, &l) == 0)
		for (i = 0; i < l.n; i++) {
			struct tpl_ctx *it;
			if (l.items[i].disabled)
				continue;
			it = tpl_add(c, "agencies");
			tpl_set(it, "name", l.items[i].name);
			tpl_set(it, "code", l.items[i].code);
			report_years(req, it, l.items[i].id, l.items[i].code);
		}
	agency_list_free(&l);
	page_send(res, 200, "portal_reports", c);
}

const struct route portal_routes[] = {
	{"GET", "/reports", reports_index, "portal.reports"},
	{"GET", "/agency/:code/report/:year", report_page, "portal.report"},
	{"GET", "/apply", apply_get, "portal.apply"},
	{"POST", "/apply", apply_post, "portal.apply"},
	{"GET", "/status", status_get, "portal.status"},
	{"POST", "/status", status_post, "portal.status"},
	{"GET", "/", home, "portal.home"},
	{"GET", "/agency/:code", agency_page, "portal.agency"},
	{NULL, NULL, NULL, NULL}
};
