/* items_view.c - catalog items as template values. */
#include "web/items_view.h"
#include "web/template.h"
#include "web/view.h"
#include "service/catalog.h"
#include "domain/review.h"
#include "store/items.h"
#include "base/buf.h"

#include <string.h>

const char *items_view_validity(const char *v)
{
	if (!v || !v[0])
		return "";
	if (!strcmp(v, VALIDITY_CURRENT))
		return "现行有效";
	if (!strcmp(v, VALIDITY_REPEALED))
		return "已废止";
	if (!strcmp(v, VALIDITY_AMENDED))
		return "已修改";
	return "";
}

const char *items_view_state(const char *s)
{
	static const char *const names[][2] = {
		{"draft", "草稿"}, {"in_review", "审核中"}, {"published", "已发布"},
		{"withdrawn", "已撤回"}, {"repealed", "已废止"},
	};
	size_t i;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (s && !strcmp(s, names[i][0]))
			return names[i][1];
	return s ? s : "";
}

void items_view_meta(const struct item *it, struct tpl_ctx *c)
{
	char tmp[64];
	tpl_set_int(c, "item_id", it->id);
	tpl_set(c, "item_title", it->title);
	tpl_set(c, "index_no", it->index_no);
	tpl_set(c, "publisher", it->publisher[0] ? it->publisher : it->agency_name);
	tpl_set(c, "doc_no", it->doc_no);
	tpl_set(c, "written", it->written_on[0] ? view_date_cn(it->written_on, tmp, sizeof tmp) : "");
	tpl_set(c, "published", it->published_on[0] ? view_date_cn(it->published_on, tmp, sizeof tmp) : "");
	tpl_set(c, "topic", it->topic);
	tpl_set(c, "genre", it->genre);
	tpl_set(c, "section", it->section_name);
	tpl_set(c, "agency", it->agency_name);
	tpl_set(c, "agency_code", it->agency_code);
	tpl_set(c, "validity", items_view_validity(it->validity));
	tpl_set(c, "validity_class", it->validity);
	tpl_set(c, "effective", it->effective_on[0] ? view_date_cn(it->effective_on, tmp, sizeof tmp) : "");
	tpl_set(c, "invalid", it->invalid_on[0] ? view_date_cn(it->invalid_on, tmp, sizeof tmp) : "");
	tpl_set(c, "state", it->state);
	tpl_set(c, "state_label", items_view_state(it->state));
	tpl_set(c, "state_reason", it->state_reason);
	tpl_set_bool(c, "repealed", !strcmp(it->state, "repealed") || !strcmp(it->validity, VALIDITY_REPEALED));
}

int items_view_marked_ok(const char *h)
{
	if (!h)
		return 0;
	for (; *h; h++) {
		if (*h == '<') {
			if (!strncmp(h, "<mark>", 6))
				h += 5;
			else if (!strncmp(h, "</mark>", 7))
				h += 6;
			else
				return 0;
		} else if (*h == '>' || *h == '"' || *h == '\'') {
			return 0;
		}
	}
	return 1;
}

void items_view_marked(struct tpl_ctx *c, const char *key, const char *html, const char *fallback)
{
	struct buf b = BUF_INIT(1u << 16);
	if (items_view_marked_ok(html)) {
		tpl_set(c, key, html);
		return;
	}
	tpl_escape(&b, fallback ? fallback : "");
	tpl_set(c, key, b.data ? b.data : "");
	buf_free(&b);
}

const char *items_view_static_ctype(const char *t)
{
	static const char *const known[] = {
		"application/pdf", "application/msword", "application/vnd.ms-excel",
		"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		"image/png", "image/jpeg", "image/gif",
	};
	size_t i;
	for (i = 0; i < sizeof known / sizeof known[0]; i++)
		if (t && !strcmp(t, known[i]))
			return known[i];
	return "application/octet-stream";
}
