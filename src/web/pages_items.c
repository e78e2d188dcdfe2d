/* pages_items.c - the portal's catalog pages: an item, its attachments,
 * and the search page.
 *
 *   GET /item/:id                 an item: metadata table, body, attachments
 *   GET /item?index=索引号         the same, found by its index number
 *   GET /item/:id/files/:file     an attachment, as a download
 *   GET /search?q=&agency=&section=&year=&genre=&validity=&page=
 *
 * Anonymous visitors see public items only (the catalog service answers
 * 404 for drafts). The body is HTML the catalog service sanitized when it
 * was stored; search highlights come from store/search.c already escaped,
 * and are checked again here (only <mark> tags may appear) before being
 * emitted raw. */
#include "web/routes.h"
#include "web/page.h"
#include "web/forms.h"
#include "web/view.h"
#include "web/items_view.h"
#include "service/applications.h"
#include "service/catalog.h"
#include "store/agencies.h"
#include "store/items.h"
#include "store/search.h"
#include "base/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct actor anonymous;

/* GET /item/:id */
static void item_page(struct http_request *req, struct http_response *res)
{
	struct item it;
	struct svc_error err;
	struct attachment_list files = {0};
	struct tpl_ctx *c;
	int64_t id;
	size_t i;
	if (str_to_int64(http_param(req, "id"), &id) || id <= 0) {
		page_error(req, res, PAGE_PORTAL, 404, "没有找到该信息。");
		return;
	}
	memset(&it, 0, sizeof it);
	if (catalog_item_get(req->db, &anonymous, id, &it, &err)) {
		if (err.code == SVC_NOT_FOUND)
			page_error(req, res, PAGE_PORTAL, 404, "没有找到该信息，可能尚未公开或已被撤回。");
		else
			page_svc_error(req, res, PAGE_PORTAL, &err);
		return;
	}
	c = page_new(req, PAGE_PORTAL, it.title, "search");
	items_view_meta(&it, c);
	tpl_set(c, "body", it.body_html ? it.body_html : "");
	tpl_list(c, "files");
	if (attachment_store_list(req->db, it.id, &files) == 0)
		for (i = 0; i < files.n; i++) {
			struct tpl_ctx *f = tpl_add(c, "files");
			tpl_set_int(f, "item_id", it.id);
			tpl_set_int(f, "file_id", files.items[i].file_id);
			tpl_set(f, "name", files.items[i].filename);
			tpl_set(f, "type", files.items[i].content_type);
			tpl_setf(f, "size", "%.1f KB", (double)files.items[i].size / 1024.0);
		}
	attachment_list_free(&files);
	item_clear(&it);
	page_send(res, 200, "portal_item", c);
}

/* GET /item?index=... : redirect to the item's page. */
static void item_by_index(struct http_request *req, struct http_response *res)
{
	const char *ix = http_query(req, "index");
	struct item it;
	char loc[64];
	int rc;
	memset(&it, 0, sizeof it);
	rc = ix && ix[0] && strlen(ix) < ITEM_FIELD_MAX ? item_store_find_index_no(req->db, ix, &it) : 1;
	if (rc == 0 && (!strcmp(it.state, "published") || !strcmp(it.state, "repealed"))) {
		snprintf(loc, sizeof loc, "/item/%lld", (long long)it.id);
		item_clear(&it);
		page_redirect(res, loc);
		return;
	}
	item_clear(&it);
	page_error(req, res, PAGE_PORTAL, rc < 0 ? 503 : 404, rc < 0 ? "数据库暂时不可用，请稍后再试。"
		   : "没有找到该索引号对应的公开信息。");
}

/* GET /item/:id/files/:file : the bytes, with the stored content type and
 * the original name in Content-Disposition (RFC 6266 / 5987). */
static void item_file(struct http_request *req, struct http_response *res)
{
	struct attachment meta;
	struct svc_error err;
	void *data = NULL;
	int64_t id, fid;
	char disp[1024], enc[800];
	if (str_to_int64(http_param(req, "id"), &id) || str_to_int64(http_param(req, "file"), &fid)) {
		page_error(req, res, PAGE_PORTAL, 404, "没有该附件。");
		return;
	}
	if (catalog_attachment_get(req->db, &anonymous, id, fid, &meta, &data, &err)) {
		page_error(req, res, PAGE_PORTAL, err.code == SVC_NOT_FOUND ? 404 : (int)err.code,
			   err.code == SVC_NOT_FOUND ? "没有该附件。" : "附件暂时无法下载。");
		return;
	}
	form_url_encode(meta.filename, enc, sizeof enc);
	{
		const char *dot = strrchr(meta.filename, '.');
		snprintf(disp, sizeof disp, "attachment; filename=\"attachment-%lld%s\"; filename*=UTF-8''%s",
			 (long long)fid, dot && strlen(dot) < 8 && !strpbrk(dot, "\"\\;") ? dot : "", enc);
	}
	buf_reset(&res->body);
	res->body.max = 0;
	buf_add(&res->body, data, (size_t)meta.size);
	free(data);
	res->status = 200;
	res->content_type = items_view_static_ctype(meta.content_type);
	http_set_header(res, "Content-Disposition", disp);
	http_set_header(res, "Cache-Control", "public, max-age=300");
}

/* ------------------------------------------------------------- search */

static const char *const genres[] = {
	"规章", "行政规范性文件", "其他文件", "政策解读", "通知", "公告", "规划", "报告",
};

/* Append "&key=value" (encoded) to a query string. */
static void qs_add(struct buf *b, const char *key, const char *value)
{
	char enc[400];
	if (!value || !value[0])
		return;
	form_url_encode(value, enc, sizeof enc);
	buf_printf(b, "%s%s=%s", b->len ? "&" : "", key, enc);
}

/* GET /search */
static void search_page(struct http_request *req, struct http_response *res)
{
	const char *q = http_query(req, "q"), *ag = http_query(req, "agency");
	const char *sec = http_query(req, "section"), *yr = http_query(req, "year");
	const char *genre = http_query(req, "genre"), *val = http_query(req, "validity");
	const char *pg = http_query(req, "page");
	struct search_request rq;
	struct search_result out;
	struct svc_error err;
	struct agency a;
	struct agency_list all = {0};
	struct tpl_ctx *c;
	struct buf qs = BUF_INIT(4096);
	int page = 1, year = 0, pages, p, this_year;
	int64_t section_id = 0;
	size_t i;
	char tmp[64];

	memset(&rq, 0, sizeof rq);
	memset(&out, 0, sizeof out);
	c = page_new(req, PAGE_PORTAL, "信息检索", "search");
	if (pg && str_to_int(pg, 1, SEARCH_PAGE_MAX, &page))
		page = 1;
	if (yr && yr[0] && str_to_int(yr, 1990, 2100, &year))
		year = 0;
	if (sec && sec[0] && (str_to_int64(sec, &section_id) || section_id < 0))
		section_id = 0;
	rq.q = q && q[0] ? q : NULL;
	rq.page = page;
	rq.per_page = 10;
	rq.year = year;
	rq.section_id = section_id;
	rq.genre = genre && genre[0] ? genre : NULL;
	rq.validity = val && val[0] ? val : NULL;
	tpl_set(c, "v_q", q ? q : "");
	if (agency_store_all(req->db, &all) == 0)
		for (i = 0; i < all.n; i++) {
			struct tpl_ctx *o;
			if (all.items[i].disabled)
				continue;
			o = tpl_add(c, "agencies");
			tpl_set(o, "code", all.items[i].code);
			tpl_set(o, "name", all.items[i].name);
			tpl_set_bool(o, "selected", ag && !strcmp(ag, all.items[i].code));
		}
	agency_list_free(&all);
	if (ag && ag[0] && agency_store_find_code(req->db, ag, &a) == 0) {
		struct section_list secs = {0};
		rq.agency_id = a.id;
		tpl_set(c, "agency_name", a.name);
		if (catalog_sections(req->db, a.id, &secs, &err) == 0)
			for (i = 0; i < secs.n; i++) {
				struct tpl_ctx *o = tpl_add(c, "sections");
				tpl_set_int(o, "id", secs.items[i].id);
				tpl_setf(o, "name", "%s%s", secs.items[i].parent_id ? "　" : "",
					 secs.items[i].name);
				tpl_set_bool(o, "selected", secs.items[i].id == section_id);
				if (secs.items[i].id == section_id)
					tpl_set(c, "section_name", secs.items[i].name);
			}
		section_list_free(&secs);
	}
	this_year = date_year(app_today());
	for (p = this_year; p >= this_year - 9; p--) {
		struct tpl_ctx *o = tpl_add(c, "years");
		tpl_set_int(o, "year", p);
		tpl_set_bool(o, "selected", p == year);
	}
	for (i = 0; i < sizeof genres / sizeof genres[0]; i++) {
		struct tpl_ctx *o = tpl_add(c, "genres");
		tpl_set(o, "name", genres[i]);
		tpl_set_bool(o, "selected", genre && !strcmp(genre, genres[i]));
	}
	{
		static const char *const vals[][2] = {
			{VALIDITY_CURRENT, "现行有效"}, {VALIDITY_AMENDED, "已修改"}, {VALIDITY_REPEALED, "已废止"}};
		for (i = 0; i < 3; i++) {
			struct tpl_ctx *o = tpl_add(c, "validities");
			tpl_set(o, "key", vals[i][0]);
			tpl_set(o, "name", vals[i][1]);
			tpl_set_bool(o, "selected", val && !strcmp(val, vals[i][0]));
		}
	}
	if (catalog_search(req->db, &rq, &out, &err)) {
		tpl_set(c, "search_error", err.code == SVC_INVALID ? "检索条件有误：检索词过长或页码过大。"
			: "检索暂时不可用，请稍后再试。");
		buf_free(&qs);
		page_send(res, err.code == SVC_INVALID ? 400 : 503, "portal_search", c);
		return;
	}
	tpl_set_bool(c, "searched", 1);
	tpl_set_int(c, "total", out.total);
	tpl_set_bool(c, "total_capped", out.total_capped);
	tpl_list(c, "hits");
	for (i = 0; i < out.n; i++) {
		const struct search_hit *h = &out.hits[i];
		struct tpl_ctx *o = tpl_add(c, "hits");
		tpl_set_int(o, "id", h->item.id);
		items_view_marked(o, "title_html", h->title_html, h->item.title);
		items_view_marked(o, "snippet_html", h->snippet_html, NULL);
		tpl_set(o, "agency", h->item.agency_name);
		tpl_set(o, "index_no", h->item.index_no);
		tpl_set(o, "doc_no", h->item.doc_no);
		tpl_set(o, "date", view_date_cn(h->item.published_on, tmp, sizeof tmp));
		tpl_set(o, "validity", items_view_validity(h->item.validity));
		tpl_set(o, "validity_class", h->item.validity);
	}
	/* pagination: keep every filter, change the page */
	qs_add(&qs, "q", q);
	qs_add(&qs, "agency", ag);
	if (section_id > 0) {
		snprintf(tmp, sizeof tmp, "%lld", (long long)section_id);
		qs_add(&qs, "section", tmp);
	}
	if (year) {
		snprintf(tmp, sizeof tmp, "%d", year);
		qs_add(&qs, "year", tmp);
	}
	qs_add(&qs, "genre", genre);
	qs_add(&qs, "validity", val);
	pages = (int)((out.total + rq.per_page - 1) / rq.per_page);
	if (pages > SEARCH_PAGE_MAX)
		pages = SEARCH_PAGE_MAX;
	tpl_set_int(c, "page", page);
	tpl_set_int(c, "pages", pages);
	if (pages > 1) {
		int from = page - 4 < 1 ? 1 : page - 4, to = from + 8 > pages ? pages : from + 8;
		tpl_set_bool(c, "paged", 1);
		if (page > 1)
			tpl_setf(c, "prev_href", "/search?%s%spage=%d", buf_str(&qs), qs.len ? "&" : "", page - 1);
		if (page < pages)
			tpl_setf(c, "next_href", "/search?%s%spage=%d", buf_str(&qs), qs.len ? "&" : "", page + 1);
		for (p = from; p <= to; p++) {
			struct tpl_ctx *o = tpl_add(c, "page_links");
			tpl_set_int(o, "n", p);
			tpl_set_bool(o, "current", p == page);
			tpl_setf(o, "href", "/search?%s%spage=%d", buf_str(&qs), qs.len ? "&" : "", p);
		}
	}
	buf_free(&qs);
	search_result_free(&out);
	page_send(res, 200, "portal_search", c);
}

const struct route portal_item_routes[] = {
	{"GET", "/item", item_by_index, "portal.item_index"},
	{"GET", "/item/:id", item_page, "portal.item"},
	{"GET", "/item/:id/files/:file", item_file, "portal.item_file"},
	{"GET", "/search", search_page, "portal.search"},
	{NULL, NULL, NULL, NULL}
};
