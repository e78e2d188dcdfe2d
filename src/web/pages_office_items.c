/* pages_office_items.c - the back office's catalog pages: item list,
 * editor, the review workflow and version history.
 *
 *   GET  /office/items[?agency=CODE&state=]   items of an agency
 *   GET  /office/items/new?agency=CODE         the editor, empty
 *   POST /office/items                         create a draft
 *   GET  /office/items/:id                     an item: state, actions, history
 *   GET  /office/items/:id/edit                the editor, filled
 *   POST /office/items/:id                     save the draft
 *   POST /office/items/:id/review              submit / approve / send_back /
 *                                              recall / withdraw / repeal
 *
 * The catalog and review services decide everything (who, when, what);
 * another agency's item is their 404. */
#include "web/office.h"
#include "web/routes.h"
#include "web/page.h"
#include "web/view.h"
#include "web/items_view.h"
#include "service/access.h"
#include "service/catalog.h"
#include "service/review.h"
#include "store/agencies.h"
#include "store/items.h"
#include "base/buf.h"
#include "base/str.h"
#include "base/xalloc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const genre_choices[] = {
	"规章", "行政规范性文件", "其他文件", "政策解读", "通知", "公告", "规划", "报告",
};

/* Find the agency named by ?agency=CODE among those the actor sees (or the
 * first one seen). 0 with a, or -1 (sees none). */
static int pick_agency(struct http_request *req, const struct office *o, const char *code,
		       struct agency *a, struct agency_list *vis)
{
	struct svc_error err;
	size_t i;
	if (accounts_agency_visible(req->db, &o->who, vis, &err) || vis->n == 0)
		return -1;
	for (i = 0; i < vis->n; i++)
		if (code && !strcmp(code, vis->items[i].code)) {
			*a = vis->items[i];
			return 0;
		}
	/* default: the first agency where the user holds a role directly */
	{
		struct user_role_list roles = {0};
		int found = 0;
		if (user_store_roles(req->db, o->who.user_id, &roles) == 0 && roles.n)
			for (i = 0; i < vis->n && !found; i++)
				if (vis->items[i].id == roles.items[0].agency_id) {
					*a = vis->items[i];
					found = 1;
				}
		user_role_list_free(&roles);
		if (!found)
			*a = vis->items[0];
	}
	return 0;
}

/* The agencies as <option>s under key "agencies" with `selected`. */
static void agencies_to_ctx(const struct agency_list *vis, int64_t chosen, struct tpl_ctx *c)
{
	size_t i;
	for (i = 0; i < vis->n; i++) {
		struct tpl_ctx *o = tpl_add(c, "agencies");
		tpl_set(o, "code", vis->items[i].code);
		tpl_set(o, "name", vis->items[i].name);
		tpl_set_bool(o, "selected", vis->items[i].id == chosen);
	}
}

/* GET /office/items */
static void items_index(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct agency a;
	struct agency_list vis = {0};
	struct item_filter f;
	struct item_list l = {0};
	struct svc_error err;
	struct tpl_ctx *c;
	const char *state = http_query(req, "state");
	char tmp[64];
	size_t i;
	if (office_begin(req, res, &o))
		return;
	if (pick_agency(req, &o, http_query(req, "agency"), &a, &vis)) {
		agency_list_free(&vis);
		page_error(req, res, PAGE_OFFICE, 403, "您尚未在任何机关任职，请联系系统管理员。");
		return;
	}
	c = office_page(req, &o, "主动公开", "items");
	agencies_to_ctx(&vis, a.id, c);
	agency_list_free(&vis);
	tpl_set(c, "agency_code", a.code);
	tpl_set(c, "agency_name", a.name);
	{
		static const char *const states[][2] = {
			{"draft", "草稿"}, {"in_review", "审核中"}, {"published", "已发布"},
			{"withdrawn", "已撤回"}, {"repealed", "已废止"}};
		for (i = 0; i < 5; i++) {
			struct tpl_ctx *s = tpl_add(c, "states");
			tpl_set(s, "key", states[i][0]);
			tpl_set(s, "label", states[i][1]);
			tpl_set_bool(s, "selected", state && !strcmp(state, states[i][0]));
		}
	}
	memset(&f, 0, sizeof f);
	f.agency_id = a.id;
	f.state = state && state[0] ? state : "";
	f.limit = 200;
	f.skip_total = 1;              /* the page shows the rows only */
	if (!f.state[0]) {
		/* every state: list them one after another */
		static const char *const all[] = {"draft", "in_review", "published", "withdrawn", "repealed"};
		for (i = 0; i < 5; i++) {
			f.state = all[i];
			catalog_item_list(req->db, &o.who, &f, &l, &err);
		}
	} else if (catalog_item_list(req->db, &o.who, &f, &l, &err)) {
		tpl_set(c, "flash", err.message);
	}
	tpl_list(c, "items");
	for (i = 0; i < l.n; i++) {
		const struct item *it = &l.items[i];
		struct tpl_ctx *r = tpl_add(c, "items");
		tpl_set_int(r, "id", it->id);
		tpl_set(r, "title", it->title);
		tpl_set(r, "index_no", it->index_no);
		tpl_set(r, "section", it->section_name);
		tpl_set(r, "state", it->state);
		tpl_set(r, "state_label", items_view_state(it->state));
		if (!strcmp(it->state, "in_review")) {
			struct review_flow flow;
			review_flow_of(req->db, it->agency_id, &flow);
			if (it->stage >= 0 && it->stage < flow.n)
				tpl_set(r, "stage", flow.stages[it->stage].label);
		}
		tpl_set(r, "date", view_date_cn(it->published_on[0] ? it->published_on : it->updated_at,
						tmp, sizeof tmp));
	}
	item_list_free(&l);
	page_send(res, 200, "office_items", c);
}

/* Fill the editor's choices (sections, genres, validity) for agency_id. */
static void editor_choices(struct http_request *req, int64_t agency_id, int64_t section_id,
			   const char *genre, const char *validity, struct tpl_ctx *c)
{
	struct section_list secs = {0};
	struct svc_error err;
	size_t i;
	static const char *const vals[][2] = {
		{"", "不适用"}, {VALIDITY_CURRENT, "现行有效"}, {VALIDITY_AMENDED, "已修改"},
		{VALIDITY_REPEALED, "已废止"}};
	if (catalog_sections(req->db, agency_id, &secs, &err) == 0)
		for (i = 0; i < secs.n; i++) {
			struct tpl_ctx *o = tpl_add(c, "sections");
			tpl_set_int(o, "id", secs.items[i].id);
			tpl_setf(o, "name", "%s%s", secs.items[i].parent_id ? "　" : "", secs.items[i].name);
			tpl_set_bool(o, "selected", secs.items[i].id == section_id);
		}
	section_list_free(&secs);
	for (i = 0; i < sizeof genre_choices / sizeof genre_choices[0]; i++) {
		struct tpl_ctx *o = tpl_add(c, "genres");
		tpl_set(o, "name", genre_choices[i]);
		tpl_set_bool(o, "selected", genre && !strcmp(genre, genre_choices[i]));
	}
	for (i = 0; i < 4; i++) {
		struct tpl_ctx *o = tpl_add(c, "validities");
		tpl_set(o, "key", vals[i][0]);
		tpl_set(o, "name", vals[i][1]);
		tpl_set_bool(o, "selected", validity ? !strcmp(validity, vals[i][0]) : i == 0);
	}
}

/* Render the editor. it: the item being edited (NULL: new); f/e: a form
 * to show again with its errors. */
static void editor(struct http_request *req, struct http_response *res, struct office *o,
		   const struct agency *a, const struct item *it, struct form *f,
		   struct form_errors *e, int status)
{
	struct tpl_ctx *c = office_page(req, o, it ? "修改信息" : "新建主动公开信息", "items");
	int64_t section_id = 0;
	const char *genre = NULL, *validity = NULL;
	tpl_set(c, "agency_code", a->code);
	tpl_set(c, "agency_name", a->name);
	if (it) {
		tpl_set_int(c, "item_id", it->id);
		tpl_set_int(c, "item_version", it->version);
		tpl_set(c, "v_title", it->title);
		tpl_set(c, "v_body", it->body_html ? it->body_html : "");
		tpl_set(c, "v_doc_no", it->doc_no);
		tpl_set(c, "v_written_on", it->written_on);
		tpl_set(c, "v_topic", it->topic);
		tpl_set(c, "v_effective_on", it->effective_on);
		tpl_set(c, "v_invalid_on", it->invalid_on);
		section_id = it->section_id;
		genre = it->genre;
		validity = it->validity;
	}
	if (f) {
		form_values_to_ctx(f, c);
		form_int64(f, "section", &section_id);
		genre = form_text(f, "genre");
		validity = form_text(f, "validity");
	}
	editor_choices(req, a->id, section_id, genre, validity, c);
	if (e)
		form_errors_to_ctx(e, c);
	page_send(res, status, "office_item_edit", c);
}

/* GET /office/items/new?agency=CODE */
static void item_new(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct agency a;
	struct agency_list vis = {0};
	if (office_begin(req, res, &o))
		return;
	if (pick_agency(req, &o, http_query(req, "agency"), &a, &vis)) {
		agency_list_free(&vis);
		page_error(req, res, PAGE_OFFICE, 403, "您尚未在任何机关任职。");
		return;
	}
	agency_list_free(&vis);
	editor(req, res, &o, &a, NULL, NULL, NULL, 200);
}

/* The body as HTML: text without any tag becomes paragraphs (escaped). */
static char *body_html(const char *text)
{
	struct buf b = BUF_INIT(ITEM_BODY_MAX);
	const char *p = text, *nl;
	if (strchr(text, '<'))
		return xstrdup(text);
	while (*p) {
		size_t n;
		char *line;
		nl = strchr(p, '\n');
		n = nl ? (size_t)(nl - p) : strlen(p);
		while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
			n--;
		if (n) {
			line = xstrndup(p, n);
			buf_adds(&b, "<p>");
			tpl_escape(&b, line);
			buf_adds(&b, "</p>\n");
			free(line);
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	{
		char *out = xstrdup(b.data ? b.data : "");
		buf_free(&b);
		return out;
	}
}

/* Turn the editor form into an item_input (strings borrowed from f; the
 * body is malloc'd into *body). */
static void input_from_form(struct form *f, struct item_input *in, char **body)
{
	int64_t sid = 0;
	memset(in, 0, sizeof *in);
	in->title = form_text(f, "title");
	*body = body_html(form_text(f, "body"));
	in->body_html = *body;
	in->doc_no = form_text(f, "doc_no");
	in->written_on = form_text(f, "written_on");
	in->topic = form_text(f, "topic");
	in->genre = form_text(f, "genre");
	in->validity = form_text(f, "validity");
	in->effective_on = form_text(f, "effective_on");
	in->invalid_on = form_text(f, "invalid_on");
	if (form_int64(f, "section", &sid) == 0 && sid > 0)
		in->section_id = sid;
	else
		in->section_id = -1;
}

static void editor_validate(struct form *f, struct form_errors *e)
{
	if (!form_require(f, e, "title", "标题"))
		form_max_chars(f, e, "title", "标题", 200);
	form_max_chars(f, e, "doc_no", "文号", 40);
	form_max_chars(f, e, "topic", "主题分类", 40);
}

/* POST /office/items : create a draft. */
static void item_create(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct form f;
	struct form_errors e = {0};
	struct agency a;
	struct agency_list vis = {0};
	struct item_input in;
	struct svc_error err;
	char *body = NULL, loc[64];
	int64_t id;
	if (office_begin(req, res, &o) || office_form(req, res, &f))
		return;
	if (pick_agency(req, &o, form_get(&f, "agency"), &a, &vis) ||
	    strcmp(a.code, form_text(&f, "agency"))) {
		agency_list_free(&vis);
		form_free(&f);
		page_error(req, res, PAGE_OFFICE, 404, "没有该机关。");
		return;
	}
	agency_list_free(&vis);
	editor_validate(&f, &e);
	if (!e.n) {
		input_from_form(&f, &in, &body);
		in.agency_id = a.id;
		if (in.section_id < 0)
			in.section_id = 0;
		if (catalog_item_create(req->db, &o.who, &in, &id, &err) == 0) {
			free(body);
			form_free(&f);
			snprintf(loc, sizeof loc, "/office/items/%lld?done=created", (long long)id);
			page_redirect(res, loc);
			return;
		}
		office_chinese(err.message);
		if (err.code == SVC_FORBIDDEN || err.code == SVC_NOT_FOUND) {
			free(body);
			form_free(&f);
			page_svc_error(req, res, PAGE_OFFICE, &err);
			return;
		}
		form_error_svc(&e, &err);
	}
	free(body);
	editor(req, res, &o, &a, NULL, &f, &e, 400);
	form_free(&f);
}

/* Load item :id for the actor, or answer the service's error page. */
static int load_item(struct http_request *req, struct http_response *res, struct office *o,
		     int64_t *id, struct item *it)
{
	struct svc_error err;
	if (office_id_param(req, res, "id", id))
		return -1;
	memset(it, 0, sizeof *it);
	if (catalog_item_get(req->db, &o->who, *id, it, &err)) {
		office_chinese(err.message);
		page_svc_error(req, res, PAGE_OFFICE, &err);
		return -1;
	}
	return 0;
}

/* GET /office/items/:id/edit */
static void item_edit(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct item it;
	struct agency a;
	int64_t id;
	if (office_begin(req, res, &o) || load_item(req, res, &o, &id, &it))
		return;
	if (agency_store_get(req->db, it.agency_id, &a)) {
		item_clear(&it);
		page_error(req, res, PAGE_OFFICE, 503, "数据库暂时不可用。");
		return;
	}
	editor(req, res, &o, &a, &it, NULL, NULL, 200);
	item_clear(&it);
}

/* POST /office/items/:id : save the draft. */
static void item_save(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct item it;
	struct agency a;
	struct form f;
	struct form_errors e = {0};
	struct item_input in;
	struct svc_error err;
	char *body = NULL, loc[64];
	int64_t id, version = 0;
	memset(&err, 0, sizeof err);
	if (office_begin(req, res, &o) || load_item(req, res, &o, &id, &it))
		return;
	if (office_form(req, res, &f)) {
		item_clear(&it);
		return;
	}
	agency_store_get(req->db, it.agency_id, &a);
	editor_validate(&f, &e);
	if (!e.n) {
		input_from_form(&f, &in, &body);
		if (form_int64(&f, "version", &version) == 0)
			in.expected_version = version;
		if (catalog_item_update(req->db, &o.who, id, &in, &err) == 0) {
			free(body);
			form_free(&f);
			item_clear(&it);
			snprintf(loc, sizeof loc, "/office/items/%lld?done=saved", (long long)id);
			page_redirect(res, loc);
			return;
		}
		office_chinese(err.message);
		form_error_svc(&e, &err);
	}
	free(body);
	editor(req, res, &o, &a, &it, &f, &e, err.code == SVC_CONFLICT ? 409
	       : err.code == SVC_FORBIDDEN ? 403 : 400);
	item_clear(&it);
	form_free(&f);
}

/* Put the review history and versions (JSON from the services) into c. */
static void history_to_ctx(struct http_request *req, struct office *o, int64_t id,
			   struct tpl_ctx *c)
{
	struct buf b = BUF_INIT(8u << 20);
	struct svc_error err;
	json_t *arr;
	size_t i;
	tpl_list(c, "history");
	tpl_list(c, "versions");
	if (review_history_json(req->db, &o->who, id, &b, &err) == 0 &&
	    (arr = json_loadb(b.data ? b.data : "[]", b.len, 0, NULL))) {
		static const char *const acts[][2] = {
			{"submit", "送审"}, {"approve", "审核通过"}, {"send_back", "退回修改"},
			{"recall", "撤回送审"}, {"withdraw", "撤回发布"}, {"repeal", "废止"}, {"edit", "修改"}};
		for (i = 0; i < json_array_size(arr); i++) {
			json_t *h = json_array_get(arr, i);
			const char *act = json_string_value(json_object_get(h, "action"));
			struct tpl_ctx *r = tpl_add(c, "history");
			size_t k;
			tpl_set(r, "action", act);
			for (k = 0; act && k < sizeof acts / sizeof acts[0]; k++)
				if (!strcmp(act, acts[k][0]))
					tpl_set(r, "action", acts[k][1]);
			tpl_set(r, "stage", json_string_value(json_object_get(h, "stage_label")));
			tpl_set(r, "user", json_string_value(json_object_get(h, "user")));
			tpl_set(r, "comment", json_string_value(json_object_get(h, "comment")));
			tpl_set(r, "at", json_string_value(json_object_get(h, "at")));
		}
		json_decref(arr);
	}
	buf_reset(&b);
	if (catalog_item_versions_json(req->db, &o->who, id, &b, &err) == 0 &&
	    (arr = json_loadb(b.data ? b.data : "[]", b.len, 0, NULL))) {
		for (i = json_array_size(arr); i-- > 0;) {
			json_t *v = json_array_get(arr, i), *s = json_object_get(v, "snapshot");
			struct tpl_ctx *r = tpl_add(c, "versions");
			tpl_set_int(r, "version", json_integer_value(json_object_get(v, "version")));
			tpl_set(r, "at", json_string_value(json_object_get(v, "at")));
			tpl_set(r, "title", json_string_value(json_object_get(s, "title")));
			tpl_set(r, "state", items_view_state(json_string_value(json_object_get(s, "state"))));
			tpl_set(r, "doc_no", json_string_value(json_object_get(s, "doc_no")));
		}
		json_decref(arr);
	}
	buf_free(&b);
}

static int holds_role(const struct review_who *rw, const char *role)
{
	int i;
	for (i = 0; i < rw->nroles; i++)
		if (!strcmp(rw->roles[i], role))
			return 1;
	return 0;
}

/* Render an item's page (with a review error when e is set). */
static void item_page(struct http_request *req, struct http_response *res, struct office *o,
		      struct item *it, const struct form_errors *e, int status)
{
	struct tpl_ctx *c = office_page(req, o, it->title, "items");
	struct review_flow flow;
	struct review_who rw;
	const char *done = http_query(req, "done");
	int i;
	items_view_meta(it, c);
	tpl_set(c, "body", it->body_html ? it->body_html : "");
	tpl_set_int(c, "item_version", it->version);
	review_flow_of(req->db, it->agency_id, &flow);
	review_roles_of(req->db, &o->who, it->agency_id, &rw);
	for (i = 0; i < flow.n; i++) {
		struct tpl_ctx *s = tpl_add(c, "stages");
		tpl_set(s, "label", flow.stages[i].label);
		tpl_set_bool(s, "done", !strcmp(it->state, "published") || !strcmp(it->state, "repealed") ||
			     (!strcmp(it->state, "in_review") && i < it->stage));
		tpl_set_bool(s, "current", !strcmp(it->state, "in_review") && i == it->stage);
	}
	if (!strcmp(it->state, "in_review") && it->stage >= 0 && it->stage < flow.n) {
		tpl_set(c, "stage_key", flow.stages[it->stage].key);
		tpl_set(c, "stage_label", flow.stages[it->stage].label);
		tpl_set_bool(c, "can_review", holds_role(&rw, flow.stages[it->stage].key) &&
			     it->author_id != o->who.user_id);
		tpl_set_bool(c, "can_recall", it->author_id == o->who.user_id || holds_role(&rw, ROLE_CLERK));
	}
	tpl_set_bool(c, "can_edit", (!strcmp(it->state, "draft") || !strcmp(it->state, "withdrawn")) &&
		     (holds_role(&rw, ROLE_CLERK) || holds_role(&rw, ROLE_ADMIN)));
	tpl_set_bool(c, "can_submit", !strcmp(it->state, "draft") &&
		     (holds_role(&rw, ROLE_CLERK) || holds_role(&rw, ROLE_ADMIN)));
	tpl_set_bool(c, "can_withdraw", !strcmp(it->state, "published") &&
		     (holds_role(&rw, ROLE_ADMIN) || (flow.n && holds_role(&rw, flow.stages[flow.n - 1].key))));
	tpl_set_bool(c, "is_public", !strcmp(it->state, "published") || !strcmp(it->state, "repealed"));
	if (done)
		tpl_set(c, "flash", !strcmp(done, "created") ? "草稿已创建。" : !strcmp(done, "saved") ? "已保存。"
			: !strcmp(done, "published") ? "审核通过，信息已发布到门户网站。" : "操作成功。");
	history_to_ctx(req, o, it->id, c);
	if (e)
		form_errors_to_ctx(e, c);
	page_send(res, status, "office_item", c);
}

/* GET /office/items/:id */
static void item_show(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct item it;
	int64_t id;
	if (office_begin(req, res, &o) || load_item(req, res, &o, &id, &it))
		return;
	item_page(req, res, &o, &it, NULL, 200);
	item_clear(&it);
}

/* POST /office/items/:id/review */
static void item_review(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct form f;
	struct form_errors e = {0};
	struct review_result rr;
	struct svc_error err;
	struct item it;
	enum review_action act;
	char loc[80];
	int64_t id;
	if (office_begin(req, res, &o) || office_id_param(req, res, "id", &id))
		return;
	if (office_form(req, res, &f))
		return;
	if (review_action_parse(form_text(&f, "action"), &act) || act == RA_EDIT) {
		form_free(&f);
		page_error(req, res, PAGE_OFFICE, 400, "未知的操作。");
		return;
	}
	memset(&rr, 0, sizeof rr);
	if (review_act(req->db, &o.who, id, act, form_text(&f, "stage"), form_text(&f, "text"),
		       &rr, &err) == 0) {
		form_free(&f);
		snprintf(loc, sizeof loc, "/office/items/%lld?done=%s", (long long)id,
			 rr.published ? "published" : "ok");
		page_redirect(res, loc);
		return;
	}
	form_free(&f);
	office_chinese(err.message);
	if (err.code == SVC_NOT_FOUND) {
		page_svc_error(req, res, PAGE_OFFICE, &err);
		return;
	}
	memset(&it, 0, sizeof it);
	{
		struct svc_error lerr;
		if (catalog_item_get(req->db, &o.who, id, &it, &lerr)) {
			page_svc_error(req, res, PAGE_OFFICE, &err);
			return;
		}
	}
	form_error(&e, "text", "%s", err.message);
	item_page(req, res, &o, &it, &e, err.code == SVC_FORBIDDEN ? 403 : err.code == SVC_CONFLICT ? 409 : 400);
	item_clear(&it);
}

const struct route office_item_routes[] = {
	{"GET", "/office/items", items_index, "office.items"},
	{"GET", "/office/items/new", item_new, "office.item_new"},
	{"POST", "/office/items", item_create, "office.item_create"},
	{"GET", "/office/items/:id", item_show, "office.item"},
	{"GET", "/office/items/:id/edit", item_edit, "office.item_edit"},
	{"POST", "/office/items/:id", item_save, "office.item_save"},
	{"POST", "/office/items/:id/review", item_review, "office.item_review"},
	{NULL, NULL, NULL, NULL}
};
