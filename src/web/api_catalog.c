/* api_catalog.c - JSON API of the proactive-disclosure catalog (route
 * table catalog_routes; documented in docs/api.md, "Catalog and search").
 *
 * Public (no login): /api/public/items, /api/public/items/:id, public
 * attachments, /api/public/search, sections and the guide of an agency.
 * Back office (session or bearer token): items CRUD, review actions,
 * attachments, sections, guide, settings, the Art. 26 overdue list and
 * the Art. 44 conversion. Handlers parse, call one service function, and
 * render; permissions are checked in the services. */
#include "web/api.h"
#include "web/routes.h"
#include "web/auth.h"
#include "service/accounts.h"
#include "service/applications.h"
#include "service/catalog.h"
#include "service/review.h"
#include "base/jsonw.h"
#include "base/str.h"
#include "base/utf8.h"
#include "base/xalloc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------- responses ---------- */

/* Map a service error; a workflow refusal code replaces the generic one. */
static void svc_reply(struct http_response *res, const struct svc_error *err, const char *refusal)
{
	api_svc_error_code(res, err, refusal);
}

/* Agency given as id or code in path parameter :agency. 0 after a 404. */
static int64_t agency_param(struct http_request *req, struct http_response *res)
{
	struct agency a;
	struct svc_error err;
	const char *ref = http_param(req, "agency");
	if (!ref || accounts_agency_lookup(req->db, ref, &a, &err) < 0) {
		http_json_error_at(res, 404, "not_found", "机关不存在 / no such agency", NULL);
		return 0;
	}
	return a.id;
}

/* Parse the body as a JSON object (caller json_decref) or write a 400. */
static json_t *body_object(struct http_request *req, struct http_response *res)
{
	json_error_t jerr;
	char msg[256];
	json_t *o = json_loadb(req->body.data ? req->body.data : "", req->body.len,
			       JSON_REJECT_DUPLICATES, &jerr);
	if (!o || !json_is_object(o)) {
		snprintf(msg, sizeof msg, "请求体须为 JSON 对象 / body must be a JSON object%s%s",
			 o ? "" : ": ", o ? "" : jerr.text);
		json_decref(o);
		http_json_error_at(res, 400, "invalid_json", msg, "$");
		return NULL;
	}
	return o;
}

/* Only these members (NULL-terminated) are allowed, each a string. */
static int only_strings(json_t *o, const char *const *names, struct http_response *res)
{
	const char *key;
	json_t *v;
	char path[96];
	json_object_foreach(o, key, v) {
		size_t i;
		int ok = 0;
		for (i = 0; names[i]; i++)
			if (!strcmp(names[i], key))
				ok = 1;
		snprintf(path, sizeof path, "$.%.80s", key);
		if (!ok) {
			http_json_error_at(res, 400, "unknown_field", "未知字段 / unknown field", path);
			return -1;
		}
		if (!json_is_string(v) && !json_is_null(v)) {
			http_json_error_at(res, 400, "wrong_type", "字段类型错误，应为字符串 / expected a string", path);
			return -1;
		}
	}
	return 0;
}

/* ---------- rendering ---------- */

static void write_item(struct jsonw *w, const struct item *it, int with_body)
{
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, it->id);
	jsonw_key(w, "index_no");
	jsonw_string(w, it->index_no);
	jsonw_key(w, "agency_id");
	jsonw_int(w, it->agency_id);
	jsonw_key(w, "agency_code");
	jsonw_string(w, it->agency_code);
	jsonw_key(w, "agency_name");
	jsonw_string(w, it->agency_name);
	jsonw_key(w, "section_id");
	if (it->section_id)
		jsonw_int(w, it->section_id);
	else
		jsonw_null(w);
	jsonw_key(w, "section_name");
	jsonw_string(w, it->section_name[0] ? it->section_name : NULL);
	jsonw_key(w, "title");
	jsonw_string(w, it->title);
#define OPT(k) jsonw_key(w, #k); jsonw_string(w, it->k[0] ? it->k : NULL)
	OPT(publisher); OPT(written_on); OPT(formed_on); OPT(published_on); OPT(doc_no);
	OPT(topic); OPT(genre); OPT(validity); OPT(effective_on); OPT(invalid_on);
#undef OPT
	jsonw_key(w, "interprets_id");
	if (it->interprets_id)
		jsonw_int(w, it->interprets_id);
	else
		jsonw_null(w);
	jsonw_key(w, "state");
	jsonw_string(w, it->state);
	jsonw_key(w, "version");
	jsonw_int(w, it->version);
	if (with_body) {
		jsonw_key(w, "body_html");
		jsonw_string(w, it->body_html ? it->body_html : "");
	}
	jsonw_object_end(w);
}

static void write_attachments(struct jsonw *w, struct db *db, const struct actor *who,
			      int64_t item_id)
{
	struct attachment_list l = {0};
	struct svc_error err;
	size_t i;
	catalog_attachments(db, who, item_id, &l, &err);
	jsonw_array_begin(w);
	for (i = 0; i < l.n; i++) {
		jsonw_object_begin(w);
		jsonw_key(w, "file_id");
		jsonw_int(w, l.items[i].file_id);
		jsonw_key(w, "filename");
		jsonw_string(w, l.items[i].filename);
		jsonw_key(w, "content_type");
		jsonw_string(w, l.items[i].content_type);
		jsonw_key(w, "size");
		jsonw_int(w, l.items[i].size);
		jsonw_key(w, "sha256");
		jsonw_string(w, l.items[i].sha256);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	attachment_list_free(&l);
}

/* {"item": {...}, "attachments": [...], "interpretations": [ids]} */
static void reply_item(struct http_request *req, struct http_response *res,
		       const struct actor *who, const struct item *it)
{
	struct jsonw w;
	struct item_list inter = {0};
	struct svc_error err;
	size_t i;
	buf_reset(&res->body);
	jsonw_init(&w, &res->body, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "item");
	write_item(&w, it, 1);
	jsonw_key(&w, "attachments");
	write_attachments(&w, req->db, who, it->id);
	jsonw_key(&w, "interpretations");
	jsonw_array_begin(&w);
	catalog_interpretations(req->db, it->id, &inter, &err);
	for (i = 0; i < inter.n; i++)
		write_item(&w, &inter.items[i], 0);
	item_list_free(&inter);
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	buf_addc(&res->body, '\n');
	http_json(res, 200);
}

static void reply_list(struct http_response *res, const struct item_list *l, int page, int per)
{
	struct jsonw w;
	size_t i;
	buf_reset(&res->body);
	jsonw_init(&w, &res->body, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "total");
	jsonw_int(&w, l->total);
	jsonw_key(&w, "page");
	jsonw_int(&w, page);
	jsonw_key(&w, "per_page");
	jsonw_int(&w, per);
	jsonw_key(&w, "items");
	jsonw_array_begin(&w);
	for (i = 0; i < l->n; i++)
		write_item(&w, &l->items[i], 0);
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	buf_addc(&res->body, '\n');
	http_json(res, 200);
}

/* ---------- query parameters ---------- */

/* Fill a filter from ?agency=&section=&year=&genre=&validity=&page=&per_page=.
 * -1 after writing a 400/404. */
static int query_filter(struct http_request *req, struct http_response *res, int64_t *agency,
			int64_t *section, int *year, const char **genre, const char **validity,
			int *page, int *per)
{
	const char *v;
	struct agency a;
	struct svc_error err;
	*agency = *section = 0;
	*year = 0;
	*page = 1;
	*per = 10;
	if ((v = http_query(req, "agency")) && v[0]) {
		if (accounts_agency_lookup(req->db, v, &a, &err) < 0) {
			http_json_error_at(res, 404, "not_found", "机关不存在 / no such agency", "agency");
			return -1;
		}
		*agency = a.id;
	}
	if ((v = http_query(req, "section")) && v[0]) {
		if (str_to_int64(v, section) < 0 || *section <= 0) {
			/* a section code needs the agency */
			if (!*agency || catalog_section_find(req->db, *agency, v, section, &err) < 0) {
				http_json_error_at(res, 400, "invalid", "栏目不存在 / no such section", "section");
				return -1;
			}
		}
	}
	if ((v = http_query(req, "year")) && v[0] && str_to_int(v, 1900, 9999, year) < 0) {
		http_json_error_at(res, 400, "invalid", "年份无效 / bad year", "year");
		return -1;
	}
	if ((v = http_query(req, "page")) && v[0] && str_to_int(v, 1, SEARCH_PAGE_MAX, page) < 0) {
		http_json_error_at(res, 400, "invalid", "页码无效 / bad page", "page");
		return -1;
	}
	if ((v = http_query(req, "per_page")) && v[0] &&
	    str_to_int(v, 1, SEARCH_PER_PAGE_MAX, per) < 0) {
		http_json_error_at(res, 400, "invalid", "每页条数无效 / bad per_page", "per_page");
		return -1;
	}
	*genre = http_query(req, "genre");
	*validity = http_query(req, "validity");
	return 0;
}

/* ---------- public ---------- */

static const struct actor anonymous = {0, "", 0, ""};

static void h_public_items(struct http_request *req, struct http_response *res)
{
	struct item_filter f;
	struct item_list l = {0};
	struct svc_error err;
	int page, per;
	if (api_need_db(req, res))
		return;
	memset(&f, 0, sizeof f);
	if (query_filter(req, res, &f.agency_id, &f.section_id, &f.year, &f.genre, &f.validity,
			 &page, &per) < 0)
		return;
	f.subtree = 1;
	f.state = "public";
	f.limit = per;
	f.offset = (page - 1) * per;
	if (catalog_item_list(req->db, &anonymous, &f, &l, &err) < 0) {
		svc_reply(res, &err, NULL);
		return;
	}
	reply_list(res, &l, page, per);
	item_list_free(&l);
}

static void h_public_item(struct http_request *req, struct http_response *res)
{
	struct item it;
	struct svc_error err;
	if (api_need_db(req, res))
		return;
	if (catalog_item_get(req->db, &anonymous, api_param_id(req, "id"), &it, &err) < 0) {
		svc_reply(res, &err, NULL);
		return;
	}
	reply_item(req, res, &anonymous, &it);
	item_clear(&it);
}

/* RFC 6266 download name: an ASCII fallback and the UTF-8 name. */
static void content_disposition(struct http_response *res, const char *name)
{
	struct buf v = BUF_INIT(2048);
	const unsigned char *p;
	buf_adds(&v, "attachment; filename=\"");
	for (p = (const unsigned char *)name; *p; p++)
		buf_addc(&v, *p < 0x80 && *p >= 0x20 && *p != '"' && *p != '\\' ? (char)*p : '_');
	buf_adds(&v, "\"; filename*=UTF-8''");
	for (p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~", *p))
			buf_addc(&v, (char)*p);
		else
			buf_printf(&v, "%%%02X", *p);
	}
	http_set_header(res, "Content-Disposition", buf_str(&v));
	buf_free(&v);
}

static const char *static_ctype(const char *ct)
{
	static const char *const known[] = {
		"application/pdf", "application/msword", "application/vnd.ms-excel",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"image/png", "image/jpeg", "image/gif", NULL
	};
	size_t i;
	for (i = 0; known[i]; i++)
		if (!strcmp(known[i], ct))
			return known[i];
	return "application/octet-stream";
}

static void send_attachment(struct http_request *req, struct http_response *res,
			    const struct actor *who)
{
	struct attachment meta;
	struct svc_error err;
	void *data = NULL;
	if (catalog_attachment_get(req->db, who, api_param_id(req, "id"), api_param_id(req, "file"), &meta,
				   &data, &err) < 0) {
		svc_reply(res, &err, NULL);
		return;
	}
	buf_free(&res->body);
	buf_init(&res->body, 0);                     /* attachments exceed the default cap */
	buf_add(&res->body, data, (size_t)meta.size);
	free(data);
	res->status = 200;
	res->content_type = static_ctype(meta.content_type);
	content_disposition(res, meta.filename);   /* the server adds nosniff */
}

static void h_public_attachment(struct http_request *req, struct http_response *res)
{
	if (api_need_db(req, res))
		return;
	send_attachment(req, res, &anonymous);
}

static void h_public_search(struct http_request *req, struct http_response *res)
{
	struct search_request rq;
	struct search_result r;
	struct svc_error err;
	struct jsonw w;
	size_t i;
	if (api_need_db(req, res))
		return;
	memset(&rq, 0, sizeof rq);
	if (query_filter(req, res, &rq.agency_id, &rq.section_id, &rq.year, &rq.genre, &rq.validity,
			 &rq.page, &rq.per_page) < 0)
		return;
	rq.q = http_query(req, "q");
	if (rq.q && !utf8_valid(rq.q, strlen(rq.q))) {
		http_json_error_at(res, 400, "invalid", "检索词不是有效的 UTF-8 / bad query", "q");
		return;
	}
	if (catalog_search(req->db, &rq, &r, &err) < 0) {
		svc_reply(res, &err, NULL);
		return;
	}
	buf_reset(&res->body);
	jsonw_init(&w, &res->body, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "q");
	jsonw_string(&w, rq.q ? rq.q : "");
	jsonw_key(&w, "total");
	jsonw_int(&w, r.total);
	jsonw_key(&w, "total_capped");
	jsonw_bool(&w, r.total_capped);
	jsonw_key(&w, "page");
	jsonw_int(&w, r.page);
	jsonw_key(&w, "per_page");
	jsonw_int(&w, r.per_page);
	jsonw_key(&w, "hits");
	jsonw_array_begin(&w);
	for (i = 0; i < r.n; i++) {
		const struct item *it = &r.hits[i].item;
		jsonw_object_begin(&w);
		jsonw_key(&w, "id");
		jsonw_int(&w, it->id);
		jsonw_key(&w, "index_no");
		jsonw_string(&w, it->index_no);
		jsonw_key(&w, "title");
		jsonw_string(&w, it->title);
		jsonw_key(&w, "title_html");
		jsonw_string(&w, r.hits[i].title_html);
		jsonw_key(&w, "snippet_html");
		jsonw_string(&w, r.hits[i].snippet_html);
		jsonw_key(&w, "doc_no");
		jsonw_string(&w, it->doc_no);
		jsonw_key(&w, "agency_name");
		jsonw_string(&w, it->agency_name);
		jsonw_key(&w, "published_on");
		jsonw_string(&w, it->published_on);
		jsonw_key(&w, "genre");
		jsonw_string(&w, it->genre);
		jsonw_key(&w, "validity");
		jsonw_string(&w, it->validity[0] ? it->validity : NULL);
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	buf_addc(&res->body, '\n');
	http_json(res, 200);
	search_result_free(&r);
}

static void write_sections(struct http_response *res, const struct section_list *l)
{
	struct jsonw w;
	size_t i;
	buf_reset(&res->body);
	jsonw_init(&w, &res->body, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "sections");
	jsonw_array_begin(&w);
	for (i = 0; i < l->n; i++) {
		jsonw_object_begin(&w);
		jsonw_key(&w, "id");
		jsonw_int(&w, l->items[i].id);
		jsonw_key(&w, "parent_id");
		if (l->items[i].parent_id)
			jsonw_int(&w, l->items[i].parent_id);
		else
			jsonw_null(&w);
		jsonw_key(&w, "code");
		jsonw_string(&w, l->items[i].code);
		jsonw_key(&w, "name");
		jsonw_string(&w, l->items[i].name);
		jsonw_key(&w, "position");
		jsonw_int(&w, l->items[i].position);
		jsonw_key(&w, "items");
		jsonw_int(&w, l->items[i].items);
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	buf_addc(&res->body, '\n');
	http_json(res, 200);
}

static void h_sections(struct http_request *req, struct http_response *res)
{
	struct section_list l = {0};
	struct svc_error err;
	int64_t agency;
	if (api_need_db(req, res) || !(agency = agency_param(req, res)))
		return;
	if (catalog_sections(req->db, agency, &l, &err) < 0) {
		svc_reply(res, &err, NULL);
		return;
	}
	write_sections(res, &l);
	section_list_free(&l);
}

static void h_guide(struct http_request *req, struct http_response *res)
{
	struct svc_error err;
	struct jsonw w;
	char *html = NULL;
	int64_t agency;
	if (api_need_db(req, res) || !(agency = agency_param(req, res)))
		return;
	if (catalog_guide_get(req->db, agency, &html, &err) < 0) {
		svc_reply(res, &err, NULL);
		return;
	}
	buf_reset(&res->body);
	jsonw_init(&w, &res->body, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "agency_id");
	jsonw_int(&w, agency);
	jsonw_key(&w, "html");
	jsonw_string(&w, html);
	jsonw_object_end(&w);
	buf_addc(&res->body, '\n');
	http_json(res, 200);
	free(html);
}

/* ---------- back office: items ---------- */

static void created(struct http_response *res, int64_t id, const char *key)
{
	struct jsonw w;
	buf_reset(&res->body);
	jsonw_init(&w, &res->body, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, key);
	jsonw_int(&w, id);
	jsonw_object_end(&w);
	buf_addc(&res->body, '\n');
	http_json(res, 201);
}

static void h_items(struct http_request *req, struct http_response *res)
{
	struct actor who;
	struct item_filter f;
	struct item_list l = {0};
	struct svc_error err;
	int page, per;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who))
		return;
	memset(&f, 0, sizeof f);
	if (query_filter(req, res, &f.agency_id, &f.section_id, &f.year, &f.genre, &f.validity,
			 &page, &per) < 0)
		return;
	f.state = http_query(req, "state");
	if (f.state && !f.state[0])
		f.state = NULL;
	if (!f.state)
		f.state = "draft";
	f.limit = per;
	f.offset = (page - 1) * per;
	if (catalog_item_list(req->db, &who, &f, &l, &err) < 0) {
		svc_reply(res, &err, NULL);
		return;
	}
	reply_list(res, &l, page, per);
	item_list_free(&l);
}

static void h_item_create(struct http_request *req, struct http_response *res)
{
	struct actor who;
	struct item_input in;
	struct svc_error err;
	int64_t id = 0;
	json_t *o;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who) || !(o = body_object(req, res)))
		return;
	memset(&err, 0, sizeof err);
	if (catalog_input_from_json(o, &in, &err) < 0 ||
	    catalog_item_create(req->db, &who, &in, &id, &err) < 0)
		svc_reply(res, &err, NULL);
	else
		created(res, id, "id");
	json_decref(o);
}

static void h_item_get(struct http_request *req, struct http_response *res)
{
	struct actor who;
	struct item it;
	struct svc_error err;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who))
		return;
	if (catalog_item_get(req->db, &who, api_param_id(req, "id"), &it, &err) < 0) {
		svc_reply(res, &err, NULL);
		return;
	}
	reply_item(req, res, &who, &it);
	item_clear(&it);
}

static void h_item_update(struct http_request *req, struct http_response *res)
{
	struct actor who;
	struct item_input in;
	struct svc_error err;
	json_t *o;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who) || !(o = body_object(req, res)))
		return;
	memset(&err, 0, sizeof err);
	if (catalog_input_from_json(o, &in, &err) < 0 ||
	    catalog_item_update(req->db, &who, api_param_id(req, "id"), &in, &err) < 0) {
		svc_reply(res, &err, NULL);
	} else {
		struct item it;
		if (catalog_item_get(req->db, &who, api_param_id(req, "id"), &it, &err) == 0) {
			reply_item(req, res, &who, &it);
			item_clear(&it);
		} else {
			svc_reply(res, &err, NULL);
		}
	}
	json_decref(o);
}

static void h_item_versions(struct http_request *req, struct http_response *res)
{
	struct actor who;
	struct svc_error err;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who))
		return;
	buf_reset(&res->body);
	buf_adds(&res->body, "{\"versions\":");
	if (catalog_item_versions_json(req->db, &who, api_param_id(req, "id"), &res->body, &err) < 0) {
		svc_reply(res, &err, NULL);
		return;
	}
	buf_adds(&res->body, "}\n");
	http_json(res, 200);
}

static void h_item_reviews(struct http_request *req, struct http_response *res)
{
	struct actor who;
	struct svc_error err;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who))
		return;
	buf_reset(&res->body);
	buf_adds(&res->body, "{\"reviews\":");
	if (review_history_json(req->db, &who, api_param_id(req, "id"), &res->body, &err) < 0) {
		svc_reply(res, &err, NULL);
		return;
	}
	buf_adds(&res->body, "}\n");
	http_json(res, 200);
}

/* POST /api/items/:id/{submit,approve,send-back,recall,withdraw,repeal}
 * with optional {"stage", "comment", "reason"}. */
static void review_action(struct http_request *req, struct http_response *res,
			  enum review_action action)
{
	static const char *const names[] = {"stage", "comment", "reason", NULL};
	struct actor who;
	struct svc_error err;
	struct review_result rr;
	struct jsonw w;
	json_t *o = NULL;
	const char *stage = NULL, *text = NULL;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who))
		return;
	if (req->body.len) {
		if (!(o = body_object(req, res)))
			return;
		if (only_strings(o, names, res) < 0) {
			json_decref(o);
			return;
		}
		stage = json_string_value(json_object_get(o, "stage"));
		text = json_string_value(json_object_get(o, "comment"));
		if (!text)
			text = json_string_value(json_object_get(o, "reason"));
	}
	memset(&err, 0, sizeof err);
	if (review_act(req->db, &who, api_param_id(req, "id"), action, stage, text, &rr, &err) < 0) {
		svc_reply(res, &err, rr.refusal);
		json_decref(o);
		return;
	}
	json_decref(o);
	buf_reset(&res->body);
	jsonw_init(&w, &res->body, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "id");
	jsonw_int(&w, api_param_id(req, "id"));
	jsonw_key(&w, "state");
	jsonw_string(&w, rr.state);
	jsonw_key(&w, "stage");
	jsonw_string(&w, rr.stage[0] ? rr.stage : NULL);
	jsonw_key(&w, "published");
	jsonw_bool(&w, rr.published);
	jsonw_object_end(&w);
	buf_addc(&res->body, '\n');
	http_json(res, 200);
}

static void h_submit(struct http_request *req, struct http_response *res) { review_action(req, res, RA_SUBMIT); }
static void h_approve(struct http_request *req, struct http_response *res) { review_action(req, res, RA_APPROVE); }
static void h_send_back(struct http_request *req, struct http_response *res) { review_action(req, res, RA_SEND_BACK); }
static void h_recall(struct http_request *req, struct http_response *res) { review_action(req, res, RA_RECALL); }
static void h_withdraw(struct http_request *req, struct http_response *res) { review_action(req, res, RA_WITHDRAW); }
static void h_repeal(struct http_request *req, struct http_response *res) { review_action(req, res, RA_REPEAL); }

/* ---------- attachments ---------- */

/* Percent-decode s into out (bounded). -1 on a bad escape. */
static int pct_decode(const char *s, char *out, size_t size)
{
	size_t n = 0;
	while (*s) {
		int c = (unsigned char)*s;
		if (c == '%') {
			unsigned v;
			if (!s[1] || !s[2] || sscanf(s + 1, "%2x", &v) != 1)
				return -1;
			c = (int)v;
			s += 3;
		} else {
			s++;
		}
		if (n + 1 >= size)
			return -1;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return 0;
}

/* Find the file part of a multipart/form-data body: its filename and
 * bytes. 0 or -1. */
static int multipart_file(const char *ctype, const char *body, size_t len, char *name,
			  size_t namesize, const char **data, size_t *size)
{
	const char *b = strstr(ctype, "boundary=");
	char delim[128];
	const char *p, *end = body + len;
	size_t dl;
	if (!b)
		return -1;
	b += 9;
	if (*b == '"')
		b++;
	dl = strcspn(b, "\";");
	if (dl == 0 || dl > 100)
		return -1;
	snprintf(delim, sizeof delim, "--%.*s", (int)dl, b);
	dl = strlen(delim);
	p = memmem(body, len, delim, dl);
	while (p) {
		const char *hdr = p + dl, *hend, *fn, *next;
		if (hdr + 2 > end || !memcmp(hdr, "--", 2))
			return -1;
		hend = memmem(hdr, (size_t)(end - hdr), "\r\n\r\n", 4);
		if (!hend)
			return -1;
		next = memmem(hend + 4, (size_t)(end - hend - 4), delim, dl);
		if (!next)
			return -1;
		fn = memmem(hdr, (size_t)(hend - hdr), "filename=\"", 10);
		if (fn) {
			const char *q = memchr(fn + 10, '"', (size_t)(hend - fn - 10));
			size_t n;
			if (!q)
				return -1;
			n = (size_t)(q - fn - 10);
			if (n >= namesize)
				n = namesize - 1;
			memcpy(name, fn + 10, n);
			name[n] = '\0';
			*data = hend + 4;
			*size = (size_t)(next - *data);
			if (*size >= 2 && next[-2] == '\r' && next[-1] == '\n')
				*size -= 2;
			return 0;
		}
		p = next;
	}
	return -1;
}

/* POST /api/items/:id/attachments: multipart/form-data with one file
 * part, or the raw bytes with the name in ?filename= or X-Filename
 * (percent-encoded UTF-8). */
static void h_attach(struct http_request *req, struct http_response *res)
{
	struct actor who;
	struct svc_error err;
	char name[512];
	const char *ct, *data = req->body.data ? req->body.data : "";
	size_t size = req->body.len;
	int64_t file_id = 0;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who))
		return;
	ct = http_header(req, "Content-Type");
	if (ct && !strncasecmp(ct, "multipart/form-data", 19)) {
		if (multipart_file(ct, data, req->body.len, name, sizeof name, &data, &size) < 0) {
			http_json_error_at(res, 400, "invalid", "无法解析上传内容 / malformed multipart body", "file");
			return;
		}
	} else {
		const char *fn = http_query(req, "filename");
		if (!fn)
			fn = http_header(req, "X-Filename");
		if (!fn || pct_decode(fn, name, sizeof name) < 0) {
			http_json_error_at(res, 400, "invalid", "缺少文件名 / file name required", "filename");
			return;
		}
	}
	memset(&err, 0, sizeof err);
	if (catalog_attachment_add(req->db, &who, api_param_id(req, "id"), name, data, size, &file_id,
				   &err) < 0) {
		svc_reply(res, &err, NULL);
		return;
	}
	created(res, file_id, "file_id");
}

static void h_attachment(struct http_request *req, struct http_response *res)
{
	struct actor who;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who))
		return;
	send_attachment(req, res, &who);
}

/* ---------- sections, guide, settings ---------- */

static int section_from_json(json_t *o, struct section *s, struct http_response *res)
{
	const char *key;
	json_t *v;
	char path[96];
	json_object_foreach(o, key, v) {
		snprintf(path, sizeof path, "$.%.80s", key);
		if (!strcmp(key, "name") && json_is_string(v))
			str_copy(s->name, json_string_value(v), sizeof s->name);
		else if (!strcmp(key, "code") && json_is_string(v))
			str_copy(s->code, json_string_value(v), sizeof s->code);
		else if (!strcmp(key, "parent_id") && (json_is_integer(v) || json_is_null(v)))
			s->parent_id = json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
		else if (!strcmp(key, "position") && json_is_integer(v))
			s->position = (int)json_integer_value(v);
		else {
			http_json_error_at(res, 400, "unknown_field", "未知字段或类型错误 / unknown field or wrong type", path);
			return -1;
		}
	}
	return 0;
}

static void h_section_create(struct http_request *req, struct http_response *res)
{
	struct actor who;
	struct svc_error err;
	struct section s;
	int64_t id = 0;
	json_t *o;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who))
		return;
	memset(&s, 0, sizeof s);
	if (!(s.agency_id = agency_param(req, res)) || !(o = body_object(req, res)))
		return;
	if (section_from_json(o, &s, res) == 0) {
		if (catalog_section_create(req->db, &who, &s, &id, &err) < 0)
			svc_reply(res, &err, NULL);
		else
			created(res, id, "id");
	}
	json_decref(o);
}

static void h_section_update(struct http_request *req, struct http_response *res)
{
	struct actor who;
	struct svc_error err;
	struct section s, old;
	json_t *o;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who) || !(o = body_object(req, res)))
		return;
	memset(&s, 0, sizeof s);
	s.id = api_param_id(req, "id");
	if (catalog_section_get(req->db, s.id, &old, &err) == 0) {
		s.parent_id = old.parent_id;
		s.position = old.position;
	}
	if (section_from_json(o, &s, res) == 0) {
		if (catalog_section_update(req->db, &who, &s, &err) < 0)
			svc_reply(res, &err, NULL);
		else {
			buf_reset(&res->body);
			buf_adds(&res->body, "{\"ok\":true}\n");
			http_json(res, 200);
		}
	}
	json_decref(o);
}

static void h_section_delete(struct http_request *req, struct http_response *res)
{
	struct actor who;
	struct svc_error err;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who))
		return;
	if (catalog_section_delete(req->db, &who, api_param_id(req, "id"), &err) < 0) {
		svc_reply(res, &err, NULL);
		return;
	}
	buf_reset(&res->body);
	buf_adds(&res->body, "{\"ok\":true}\n");
	http_json(res, 200);
}

static void h_guide_put(struct http_request *req, struct http_response *res)
{
	static const char *const names[] = {"html", NULL};
	struct actor who;
	struct svc_error err;
	int64_t agency;
	json_t *o;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who) || !(agency = agency_param(req, res)) ||
	    !(o = body_object(req, res)))
		return;
	if (only_strings(o, names, res) == 0) {
		if (catalog_guide_put(req->db, &who, agency, json_string_value(json_object_get(o, "html")),
				      &err) < 0)
			svc_reply(res, &err, NULL);
		else
			h_guide(req, res);
	}
	json_decref(o);
}

static void h_settings_put(struct http_request *req, struct http_response *res)
{
	static const char *const names[] = {"index_pattern", "review_stages", NULL};
	struct actor who;
	struct svc_error err;
	int64_t agency;
	json_t *o;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who) || !(agency = agency_param(req, res)) ||
	    !(o = body_object(req, res)))
		return;
	if (only_strings(o, names, res) == 0) {
		if (catalog_settings_set(req->db, &who, agency,
					 json_string_value(json_object_get(o, "index_pattern")),
					 json_string_value(json_object_get(o, "review_stages")), &err) < 0) {
			svc_reply(res, &err, NULL);
		} else {
			buf_reset(&res->body);
			buf_adds(&res->body, "{\"ok\":true}\n");
			http_json(res, 200);
		}
	}
	json_decref(o);
}

/* GET /api/agencies/:agency/overdue?today=YYYY-MM-DD */
static void h_overdue(struct http_request *req, struct http_response *res)
{
	struct actor who;
	struct svc_error err;
	struct overdue_list l = {0};
	const struct calendar *cal;
	char today[11], cerr[256];
	const char *t = http_query(req, "today");
	struct jsonw w;
	int64_t agency;
	size_t i;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who) || !(agency = agency_param(req, res)))
		return;
	cal = app_calendar(cerr, sizeof cerr);
	if (!cal) {
		http_json_error_at(res, 503, "unavailable", "工作日历不可用 / calendar unavailable", NULL);
		return;
	}
	if (t && t[0])
		str_copy(today, t, sizeof today);
	else
		catalog_today(today);
	if (catalog_overdue(req->db, &who, agency, cal, today, &l, &err) < 0) {
		svc_reply(res, &err, NULL);
		return;
	}
	buf_reset(&res->body);
	jsonw_init(&w, &res->body, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "today");
	jsonw_string(&w, today);
	jsonw_key(&w, "items");
	jsonw_array_begin(&w);
	for (i = 0; i < l.n; i++) {
		jsonw_object_begin(&w);
		jsonw_key(&w, "id");
		jsonw_int(&w, l.items[i].item.id);
		jsonw_key(&w, "title");
		jsonw_string(&w, l.items[i].item.title);
		jsonw_key(&w, "state");
		jsonw_string(&w, l.items[i].item.state);
		jsonw_key(&w, "formed_on");
		jsonw_string(&w, l.items[i].item.formed_on);
		jsonw_key(&w, "due_on");
		jsonw_string(&w, l.items[i].due_on);
		jsonw_key(&w, "published_on");
		jsonw_string(&w, l.items[i].item.published_on[0] ? l.items[i].item.published_on : NULL);
		jsonw_key(&w, "late");
		jsonw_bool(&w, l.items[i].late);
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	buf_addc(&res->body, '\n');
	http_json(res, 200);
	overdue_list_free(&l);
}

/* POST /api/applications/:id/to-item {item fields...} (Art. 44) */
static void h_to_item(struct http_request *req, struct http_response *res)
{
	struct actor who;
	struct item_input in;
	struct svc_error err;
	int64_t id = 0;
	json_t *o;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who))
		return;
	memset(&in, 0, sizeof in);
	memset(&err, 0, sizeof err);
	if (req->body.len) {
		if (!(o = body_object(req, res)))
			return;
		if (catalog_input_from_json(o, &in, &err) < 0) {
			svc_reply(res, &err, NULL);
			json_decref(o);
			return;
		}
	} else {
		o = NULL;
	}
	if (catalog_item_from_application(req->db, &who, api_param_id(req, "id"), &in, &id, &err) < 0)
		svc_reply(res, &err, NULL);
	else
		created(res, id, "id");
	json_decref(o);
}

const struct route catalog_routes[] = {
	{"GET", "/api/public/items", h_public_items, "api.public.items"},
	{"GET", "/api/public/items/:id", h_public_item, "api.public.item"},
	{"GET", "/api/public/items/:id/attachments/:file", h_public_attachment, "api.public.attachment"},
	{"GET", "/api/public/search", h_public_search, "api.public.search"},
	{"GET", "/api/public/agencies/:agency/sections", h_sections, "api.public.sections"},
	{"GET", "/api/public/agencies/:agency/guide", h_guide, "api.public.guide"},
	{"GET", "/api/items", h_items, "api.items"},
	{"POST", "/api/items", h_item_create, "api.item.create"},
	{"GET", "/api/items/:id", h_item_get, "api.item.get"},
	{"PATCH", "/api/items/:id", h_item_update, "api.item.update"},
	{"GET", "/api/items/:id/versions", h_item_versions, "api.item.versions"},
	{"GET", "/api/items/:id/reviews", h_item_reviews, "api.item.reviews"},
	{"POST", "/api/items/:id/submit", h_submit, "api.item.submit"},
	{"POST", "/api/items/:id/approve", h_approve, "api.item.approve"},
	{"POST", "/api/items/:id/send-back", h_send_back, "api.item.send_back"},
	{"POST", "/api/items/:id/recall", h_recall, "api.item.recall"},
	{"POST", "/api/items/:id/withdraw", h_withdraw, "api.item.withdraw"},
	{"POST", "/api/items/:id/repeal", h_repeal, "api.item.repeal"},
	{"POST", "/api/items/:id/attachments", h_attach, "api.item.attach"},
	{"GET", "/api/items/:id/attachments/:file", h_attachment, "api.item.attachment"},
	{"POST", "/api/agencies/:agency/sections", h_section_create, "api.section.create"},
	{"PATCH", "/api/sections/:id", h_section_update, "api.section.update"},
	{"DELETE", "/api/sections/:id", h_section_delete, "api.section.delete"},
	{"PUT", "/api/agencies/:agency/guide", h_guide_put, "api.guide.put"},
	{"PUT", "/api/agencies/:agency/catalog-settings", h_settings_put, "api.catalog.settings"},
	{"GET", "/api/agencies/:agency/overdue", h_overdue, "api.catalog.overdue"},
	{"POST", "/api/applications/:id/to-item", h_to_item, "api.application.to_item"},
	{NULL, NULL, NULL, NULL}
};
