/* pages_office.c - the back office: login, my work, items and reviews,
 * applications, annual reports, calendar, users, audit log.
 *
 * Every page needs a session (auth_actor); without one it redirects to
 * /office/login?next=PATH. Every POST form carries the session's CSRF
 * token (auth_check_csrf). Permissions are decided by the services; these
 * handlers only turn forms into service calls and results into pages. */
#include "web/routes.h"
#include "web/auth.h"
#include "web/page.h"
#include "web/forms.h"
#include "web/office.h"
#include "service/accounts.h"
#include "service/access.h"
#include "service/applications.h"
#include "service/catalog.h"
#include "service/review.h"
#include "web/view.h"
#include "domain/outcome.h"
#include "store/users.h"
#include "base/str.h"

#include <stdio.h>
#include <string.h>

int office_begin(struct http_request *req, struct http_response *res, struct office *o)
{
	char next[1100], loc[1200];
	memset(o, 0, sizeof *o);
	if (auth_actor(req, &o->who) == 0 && o->who.user_id > 0 &&
	    auth_csrf_token(req, o->csrf, sizeof o->csrf) == 0) {
		if (user_store_get(req->db, o->who.user_id, &o->user) != 0)
			str_copy(o->user.display_name, o->who.login, sizeof o->user.display_name);
		/* An initial password set by an admin: nothing but 修改密码
		 * (and logout, which does not come here) until it is changed. */
		if (o->user.must_change_password && strcmp(req->path, "/office/password")) {
			page_redirect(res, "/office/password");
			return -1;
		}
		return 0;
	}
	form_url_encode(req->path, next, sizeof next);
	snprintf(loc, sizeof loc, "/office/login?next=%s", next);
	page_redirect(res, loc);
	return -1;
}

struct tpl_ctx *office_page(struct http_request *req, const struct office *o,
				   const char *title, const char *nav)
{
	struct tpl_ctx *c = page_new(req, PAGE_OFFICE, title, nav);
	tpl_set(c, "user_login", o->who.login);
	tpl_set(c, "user_name", o->user.display_name[0] ? o->user.display_name : o->who.login);
	tpl_set(c, "csrf", o->csrf);
	return c;
}

int office_form(struct http_request *req, struct http_response *res, struct form *f)
{
	if (form_parse(req, f)) {
		page_error(req, res, PAGE_OFFICE, 400, "表单内容无法识别。");
		return -1;
	}
	if (auth_check_csrf(req, form_get(f, "csrf"))) {
		form_free(f);
		page_error(req, res, PAGE_OFFICE, 403, "页面已过期或来源不明，请返回后刷新页面重新提交。");
		return -1;
	}
	return 0;
}

void office_chinese(char *msg)
{
	char *slash = strstr(msg, " / ");
	if (slash)
		*slash = '\0';
}

int office_id_param(struct http_request *req, struct http_response *res, const char *name,
		    int64_t *id)
{
	if (str_to_int64(http_param(req, name), id) || *id <= 0) {
		page_error(req, res, PAGE_OFFICE, 404, "页面不存在。");
		return -1;
	}
	return 0;
}

/* ---------------------------------------------------------------- login */

static const char *safe_next(const char *next)
{
	if (next && str_starts(next, "/office") && !strpbrk(next, "\r\n"))
		return next;
	return "/office";
}

static void login_form(struct http_request *req, struct http_response *res,
		       struct form *f, const struct form_errors *e, int status)
{
	struct tpl_ctx *c = page_new(req, PAGE_OFFICE, "工作人员登录", NULL);
	char token[64];
	const char *next = f ? form_get(f, "next") : http_query(req, "next");
	page_public_csrf(req, res, token, sizeof token);
	tpl_set(c, "csrf", token);
	tpl_set(c, "next", safe_next(next));
	if (f)
		form_values_to_ctx(f, c);
	if (e)
		form_errors_to_ctx(e, c);
	if (!f && http_query(req, "changed"))
		tpl_set(c, "flash", "密码已修改，请使用新密码登录。");
	page_send(res, status, "office_login", c);
}

/* GET /office/login */
static void login_get(struct http_request *req, struct http_response *res)
{
	login_form(req, res, NULL, NULL, 200);
}

/* POST /office/login */
static void login_post(struct http_request *req, struct http_response *res)
{
	struct form f;
	struct form_errors e = {0};
	struct login_result lr;
	struct svc_error err;
	struct actor anon;
	if (form_parse(req, &f)) {
		page_error(req, res, PAGE_OFFICE, 400, "表单内容无法识别。");
		return;
	}
	if (page_check_public_csrf(req, form_get(&f, "csrf"))) {
		form_error(&e, "_form", "页面已过期，请重新输入用户名和密码。");
		login_form(req, res, &f, &e, 403);
		form_free(&f);
		return;
	}
	form_require(&f, &e, "login", "用户名");
	if (!form_get(&f, "password") || !form_get(&f, "password")[0])
		form_error(&e, "password", "请填写密码");
	if (e.n) {
		login_form(req, res, &f, &e, 400);
		form_free(&f);
		return;
	}
	auth_actor(req, &anon);
	if (accounts_login(req->db, form_text(&f, "login"), form_get(&f, "password"), anon.ip,
			   http_header(req, "User-Agent"), &lr, &err)) {
		if (err.code == SVC_RATE_LIMITED) {
			form_error(&e, "_form", "%s", err.message);
			http_retry_after(res, lr.retry_after > 0 ? lr.retry_after : 60);
		} else if (err.code == SVC_UNAUTHENTICATED)
			form_error(&e, "_form", "用户名或密码错误。");
		else
			form_error(&e, "_form", "%s", err.message);
		login_form(req, res, &f, &e, err.code == SVC_RATE_LIMITED ? 429
			   : err.code == SVC_UNAUTHENTICATED ? 401 : 400);
		form_free(&f);
		return;
	}
	auth_set_session_cookie(res, lr.session_id, auth_request_secure(req));
	page_redirect(res, lr.user.must_change_password ? "/office/password"
		      : safe_next(form_get(&f, "next")));
	form_free(&f);
}

/* POST /office/logout */
static void logout_post(struct http_request *req, struct http_response *res)
{
	struct form f;
	struct svc_error err;
	const char *sid = http_cookie(req, AUTH_COOKIE);
	if (office_form(req, res, &f))
		return;
	if (sid)
		accounts_logout(req->db, sid, &err);
	auth_clear_session_cookie(res, auth_request_secure(req));
	page_redirect(res, "/office/login");
	form_free(&f);
}

/* -------------------------------------------------------------- my work */

const char *office_role_label(const char *role)
{
	static const struct { const char *k, *v; } names[] = {
		{ROLE_ADMIN, "系统管理员"}, {ROLE_CLERK, "科室经办人"},
		{ROLE_HANDLER, "依申请公开经办人"}, {ROLE_APPROVER, "工作机构负责人"},
		{ROLE_DEPT_REVIEW, "科室负责人（初审）"}, {ROLE_OFFICE_CHECK, "办公室（核稿）"},
		{ROLE_OFFICE_HEAD, "办公室主任（审核）"}, {ROLE_LEADER_SIGN, "分管领导（审签）"},
		{ROLE_SUPERVISOR, "政务公开办（监督）"},
	};
	size_t i;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i].k, role))
			return names[i].v;
	return role;
}

/* Put the user's roles into ctx as "roles". */
static void roles_to_ctx(struct http_request *req, const struct office *o, struct tpl_ctx *c)
{
	struct user_role_list roles = {0};
	size_t i;
	tpl_list(c, "roles");
	if (user_store_roles(req->db, o->who.user_id, &roles) == 0)
		for (i = 0; i < roles.n; i++) {
			struct tpl_ctx *r = tpl_add(c, "roles");
			tpl_set(r, "agency", roles.items[i].agency_name);
			tpl_set(r, "agency_code", roles.items[i].agency_code);
			tpl_set(r, "role", office_role_label(roles.items[i].role));
		}
	user_role_list_free(&roles);
}

/* Add the open applications of every agency the actor sees to ctx: the
 * counts per bucket and the rows of `bucket`. 0 or -1. */
static int apps_to_ctx(struct http_request *req, const struct office *o, struct tpl_ctx *c,
		       enum app_bucket bucket, int limit)
{
	struct agency_list vis = {0};
	struct svc_error err;
	const struct calendar *cal;
	char calerr[256];
	int64_t overdue = 0, soon = 0, ontime = 0, waiting = 0;
	size_t i, k;
	cal = app_calendar(calerr, sizeof calerr);
	if (!cal || accounts_agency_visible(req->db, &o->who, &vis, &err)) {
		agency_list_free(&vis);
		return -1;
	}
	tpl_list(c, "apps");
	for (i = 0; i < vis.n; i++) {
		struct app_listing l;
		memset(&l, 0, sizeof l);
		if (app_list(req->db, cal, &o->who, vis.items[i].id, bucket, limit, 0, &l, &err)) {
			app_listing_free(&l);
			continue;
		}
		overdue += l.overdue;
		soon += l.due_soon;
		ontime += l.on_time;
		waiting += l.waiting;
		for (k = 0; k < l.items.n; k++) {
			struct tpl_ctx *row = tpl_add(c, "apps");
			view_app_row(&l.items.items[k], l.today, l.soon_until, row);
			tpl_set(row, "agency", vis.items[i].name);
		}
		app_listing_free(&l);
	}
	agency_list_free(&vis);
	tpl_set_int(c, "overdue", overdue);
	tpl_set_int(c, "due_soon", soon);
	tpl_set_int(c, "on_time", ontime);
	tpl_set_int(c, "waiting", waiting);
	tpl_set_bool(c, "has_apps", overdue + soon + ontime + waiting > 0);
	return 0;
}

/* Add the items waiting at a review stage the actor holds (in every
 * agency the actor sees, not the actor's own drafts) to ctx "reviews",
 * with a count per stage in "review_stages" and the total. */
static void reviews_to_ctx(struct http_request *req, const struct office *o, struct tpl_ctx *c)
{
	struct agency_list vis = {0};
	struct svc_error err;
	struct { char label[REVIEW_LABEL_MAX]; int64_t n; } counts[REVIEW_MAX_STAGES * 2];
	int ncounts = 0, k;
	int64_t total = 0;
	size_t i, j;
	tpl_list(c, "reviews");
	if (accounts_agency_visible(req->db, &o->who, &vis, &err))
		return;
	for (i = 0; i < vis.n; i++) {
		struct review_flow flow;
		struct review_who rw;
		struct item_filter f;
		struct item_list l = {0};
		review_roles_of(req->db, &o->who, vis.items[i].id, &rw);
		if (rw.nroles == 0)
			continue;
		review_flow_of(req->db, vis.items[i].id, &flow);
		memset(&f, 0, sizeof f);
		f.agency_id = vis.items[i].id;
		f.state = "in_review";
		f.limit = 200;
		f.skip_total = 1;
		if (catalog_item_list(req->db, &o->who, &f, &l, &err) == 0)
			for (j = 0; j < l.n; j++) {
				const struct item *it = &l.items[j];
				const char *key;
				int held = 0, r;
				struct tpl_ctx *row;
				if (it->agency_id != vis.items[i].id || it->stage < 0 || it->stage >= flow.n ||
				    it->author_id == o->who.user_id)
					continue;
				key = flow.stages[it->stage].key;
				for (r = 0; r < rw.nroles; r++)
					held |= !strcmp(rw.roles[r], key);
				if (!held)
					continue;
				row = tpl_add(c, "reviews");
				tpl_set_int(row, "id", it->id);
				tpl_set(row, "title", it->title);
				tpl_set(row, "agency", vis.items[i].name);
				tpl_set(row, "stage", flow.stages[it->stage].label);
				total++;
				for (k = 0; k < ncounts; k++)
					if (!strcmp(counts[k].label, flow.stages[it->stage].label))
						break;
				if (k == ncounts && ncounts < (int)(sizeof counts / sizeof counts[0])) {
					str_copy(counts[k].label, flow.stages[it->stage].label, sizeof counts[k].label);
					counts[k].n = 0;
					ncounts++;
				}
				if (k < ncounts)
					counts[k].n++;
			}
		item_list_free(&l);
	}
	agency_list_free(&vis);
	for (k = 0; k < ncounts; k++) {
		struct tpl_ctx *s = tpl_add(c, "review_stages");
		tpl_set(s, "label", counts[k].label);
		tpl_set_int(s, "n", counts[k].n);
	}
	tpl_set_int(c, "review_count", total);
	tpl_set_bool(c, "has_reviews", total > 0);
}

/* GET /office */
static void work(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct tpl_ctx *c;
	if (office_begin(req, res, &o))
		return;
	c = office_page(req, &o, "我的工作", "work");
	roles_to_ctx(req, &o, c);
	apps_to_ctx(req, &o, c, BUCKET_OVERDUE, 20);
	reviews_to_ctx(req, &o, c);
	page_send(res, 200, "office_work", c);
}

/* --------------------------------------------------------- applications */

/* GET /office/applications?bucket=overdue|due_soon|on_time|waiting|all */
static void apps_index(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct tpl_ctx *c;
	const char *b = http_query(req, "bucket");
	int bucket = b ? app_bucket_from_name(b) : BUCKET_ALL;
	if (office_begin(req, res, &o))
		return;
	if (bucket < 0)
		bucket = BUCKET_ALL;
	c = office_page(req, &o, "依申请公开", "applications");
	tpl_set(c, "bucket", b ? b : "all");
	apps_to_ctx(req, &o, c, (enum app_bucket)bucket, 200);
	page_send(res, 200, "office_apps", c);
}

static const char *const event_types[][2] = {
	{"clarification_requested", "告知补正"},
	{"clarification_received", "收到补正材料"},
	{"third_party_sent", "征求第三方意见"},
	{"third_party_answered", "收到第三方意见"},
	{"extension_approved", "延长答复期限（需工作机构负责人批准）"},
	{"fee_notice_issued", "发出收费通知"},
	{"fee_paid", "申请人已缴费"},
	{"withdrawn", "申请人撤回申请"},
};

static void app_page(struct http_request *req, struct http_response *res, struct office *o,
		     int64_t id, struct form *f, struct form_errors *e, int status)
{
	struct app_view v;
	struct svc_error err;
	const struct calendar *cal;
	char calerr[256], today[DATE_STR_SIZE];
	struct tpl_ctx *c;
	size_t i, n;
	const struct outcome_info *all;
	cal = app_calendar(calerr, sizeof calerr);
	memset(&v, 0, sizeof v);
	if (!cal || app_get(req->db, cal, &o->who, id, &v, &err)) {
		if (cal)
			page_svc_error(req, res, PAGE_OFFICE, &err);
		else
			page_error(req, res, PAGE_OFFICE, 503, "工作日历不可用。");
		return;
	}
	c = office_page(req, o, "申请详情", "applications");
	view_app_to_ctx(&v, c, 1);
	{
		struct agency a;
		if (agency_store_get(req->db, v.rec.agency_id, &a) == 0)
			tpl_set(c, "agency_name", a.name);
	}
	app_view_free(&v);
	tpl_set(c, "today", date_format(app_today(), today));
	for (i = 0; i < sizeof event_types / sizeof event_types[0]; i++) {
		struct tpl_ctx *it = tpl_add(c, "event_types");
		tpl_set(it, "key", event_types[i][0]);
		tpl_set(it, "label", event_types[i][1]);
	}
	all = outcome_all(&n);
	for (i = 0; i < n; i++) {
		struct tpl_ctx *it = tpl_add(c, "outcomes");
		tpl_set(it, "key", all[i].key);
		tpl_setf(it, "label", "%s%s", all[i].group ? all[i].group : "", all[i].label);
	}
	if (f)
		form_values_to_ctx(f, c);
	if (e)
		form_errors_to_ctx(e, c);
	if (http_query(req, "done"))
		tpl_set(c, "flash", "已保存。");
	page_send(res, status, "office_app", c);
}

/* GET /office/applications/:id */
static void app_show(struct http_request *req, struct http_response *res)
{
	struct office o;
	int64_t id;
	if (office_begin(req, res, &o))
		return;
	if (str_to_int64(http_param(req, "id"), &id)) {
		page_error(req, res, PAGE_OFFICE, 404, "没有该申请。");
		return;
	}
	app_page(req, res, &o, id, NULL, NULL, 200);
}

/* POST /office/applications/:id/events: record an event or the answer. */
static void app_event(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct form f;
	struct form_errors e = {0};
	struct app_event_input in;
	struct svc_error err;
	const struct calendar *cal;
	char calerr[256], loc[96];
	int64_t id, version = 0;
	int days = 0;
	if (office_begin(req, res, &o))
		return;
	if (str_to_int64(http_param(req, "id"), &id)) {
		page_error(req, res, PAGE_OFFICE, 404, "没有该申请。");
		return;
	}
	if (office_form(req, res, &f))
		return;
	memset(&in, 0, sizeof in);
	in.type = form_text(&f, "type");
	in.date = form_text(&f, "date");
	if (!in.type[0])
		form_error(&e, "type", "请选择办理事项");
	if (!in.date[0])
		form_error(&e, "date", "请填写日期");
	if (!strcmp(in.type, "answered")) {
		in.outcome = form_text(&f, "outcome");
		if (!in.outcome[0])
			form_error(&e, "outcome", "请选择办理结果");
	}
	if (form_text(&f, "days")[0] && str_to_int(form_text(&f, "days"), 1, 20, &days))
		form_error(&e, "days", "延长天数应为1到20个工作日");
	in.days = days;
	in.note = form_text(&f, "note");
	if (form_text(&f, "approver")[0])
		in.approver = form_text(&f, "approver");
	if (form_text(&f, "deadline")[0])
		in.deadline = form_text(&f, "deadline");
	if (form_text(&f, "notice_text")[0])
		in.notice_text = form_text(&f, "notice_text");
	if (!strcmp(in.type, "fee_notice_issued")) {
		int64_t pages = 0;
		in.fee_method = form_text(&f, "fee_method")[0] ? form_text(&f, "fee_method") : "per_item";
		if (form_text(&f, "pages")[0] && (form_int64(&f, "pages", &pages) || pages < 0))
			form_error(&e, "pages", "页数应为非负整数");
		in.pages = pages;
	}
	if (form_int64(&f, "version", &version) == 0)
		in.expected_version = version;
	cal = app_calendar(calerr, sizeof calerr);
	if (!e.n && cal && app_add_event(req->db, cal, &o.who, id, &in, NULL, &err) == 0) {
		snprintf(loc, sizeof loc, "/office/applications/%lld?done=1", (long long)id);
		form_free(&f);
		page_redirect(res, loc);
		return;
	}
	if (!e.n) {
		char *slash = strstr(err.message, " / ");
		if (slash)
			*slash = '\0';
		form_error_svc(&e, &err);
	}
	app_page(req, res, &o, id, &f, &e, !e.n ? 400 : err.code == SVC_FORBIDDEN ? 403
		 : err.code == SVC_CONFLICT ? 409 : 400);
	form_free(&f);
}

const struct route office_routes[] = {
	{"GET", "/office/login", login_get, "office.login"},
	{"POST", "/office/login", login_post, "office.login"},
	{"POST", "/office/logout", logout_post, "office.logout"},
	{"GET", "/office", work, "office.work"},
	{"GET", "/office/applications", apps_index, "office.apps"},
	{"GET", "/office/applications/new", office_register_get, "office.app_register"},
	{"POST", "/office/applications/new", office_register_post, "office.app_register"},
	{"GET", "/office/applications/:id", app_show, "office.app"},
	{"POST", "/office/applications/:id/events", app_event, "office.app_event"},
	{NULL, NULL, NULL, NULL}
};
