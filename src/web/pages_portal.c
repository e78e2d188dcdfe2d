/* pages_portal.c - the public portal: no login, server-rendered pages.
 *
 *   GET  /                      home: agency tree, search box, quick links
 *   GET  /agency/:code          an agency: guide, catalog, newest items, reports
 *
 * Handlers read through the service and store layers and render
 * data/templates/portal_*.html; they never build HTML themselves except
 * through the template engine (escaped by default). */
#include "web/routes.h"
#include "web/page.h"
#include "web/forms.h"
#include "service/accounts.h"
#include "store/agencies.h"
#include "base/str.h"

#include <stdio.h>
#include <string.h>

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
	page_send(res, 200, "portal_home", c);
}

/* Load the agency named by the :code path parameter, or answer 404. */
static int load_agency(struct http_request *req, struct http_response *res, struct agency *a)
{
	const char *code = http_param(req, "code");
	int rc = req->db && code ? agency_store_find_code(req->db, code, a) : -1;
	if (rc == 0 && !a->disabled)
		return 0;
	page_error(req, res, PAGE_PORTAL, rc < 0 ? 503 : 404,
		   rc < 0 ? "数据库暂时不可用，请稍后再试。" : "没有找到该机关。");
	return -1;
}

/* GET /agency/:code */
static void agency_page(struct http_request *req, struct http_response *res)
{
	struct agency a;
	struct agency_list kids = {0};
	struct tpl_ctx *c;
	if (load_agency(req, res, &a))
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
	page_send(res, 200, "portal_agency", c);
}

const struct route portal_routes[] = {
	{"GET", "/", home, "portal.home"},
	{"GET", "/agency/:code", agency_page, "portal.agency"},
	{NULL, NULL, NULL, NULL}
};
