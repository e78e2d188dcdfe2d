/* page.c - the shared layout context and HTML responses. */
#include "web/page.h"
#include "web/forms.h"
#include "service/service.h"
#include "base/secret.h"
#include "base/str.h"

#include <pthread.h>

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define SITE_NAME "政府信息公开平台"

static const struct { const char *key, *href, *label; } portal_nav[] = {
	{"home", "/", "首页"},
	{"search", "/search", "信息检索"},
	{"apply", "/apply", "依申请公开"},
	{"status", "/status", "办理进度查询"},
	{"reports", "/reports", "年度报告"},
};

static const struct { const char *key, *href, *label; } office_nav[] = {
	{"work", "/office", "我的工作"},
	{"items", "/office/items", "主动公开"},
	{"applications", "/office/applications", "依申请公开"},
	{"reports", "/office/reports", "年度报告"},
	{"calendar", "/office/calendar", "工作日历"},
	{"users", "/office/users", "用户与角色"},
	{"audit", "/office/audit", "审计日志"},
};

int page_large_text(struct http_request *req)
{
	const char *q = http_query(req, "text");
	const char *c;
	if (q)
		return !strcmp(q, "large");
	c = http_cookie(req, "gk_text");
	return c && !strcmp(c, "large");
}

struct tpl_ctx *page_new(struct http_request *req, enum page_area area,
			 const char *title, const char *nav_key)
{
	struct tpl_ctx *c = tpl_ctx_new();
	char here[1024];
	size_t i;
	tpl_set(c, "site_name", SITE_NAME);
	tpl_set(c, "title", title);
	tpl_set_bool(c, "large", page_large_text(req));
	tpl_set_bool(c, "office", area == PAGE_OFFICE);
	form_url_encode(req->path ? req->path : "/", here, sizeof here);
	tpl_set(c, "here", here);
	if (area == PAGE_OFFICE) {
		for (i = 0; i < sizeof office_nav / sizeof office_nav[0]; i++) {
			struct tpl_ctx *n = tpl_add(c, "nav");
			tpl_set(n, "href", office_nav[i].href);
			tpl_set(n, "label", office_nav[i].label);
			tpl_set_bool(n, "current", nav_key && !strcmp(nav_key, office_nav[i].key));
		}
	} else {
		for (i = 0; i < sizeof portal_nav / sizeof portal_nav[0]; i++) {
			struct tpl_ctx *n = tpl_add(c, "nav");
			tpl_set(n, "href", portal_nav[i].href);
			tpl_set(n, "label", portal_nav[i].label);
			tpl_set_bool(n, "current", nav_key && !strcmp(nav_key, portal_nav[i].key));
		}
	}
	return c;
}

void page_send(struct http_response *res, int status, const char *tpl,
	       struct tpl_ctx *ctx)
{
	buf_reset(&res->body);
	res->body.max = PAGE_MAX_BYTES;
	if (tpl_render(tpl, ctx, &res->body)) {
		buf_reset(&res->body);
		res->body.overflow = 0;
		http_text(res, 500, "页面渲染失败 (template error)\n");
	} else {
		res->status = status;
		res->content_type = "text/html; charset=utf-8";
		http_set_header(res, "Cache-Control", "no-store");
	}
	tpl_ctx_free(ctx);
}

void page_error(struct http_request *req, struct http_response *res,
		enum page_area area, int status, const char *message)
{
	const char *title = status == 404 ? "页面不存在" : status == 403 ? "无权访问"
		: status == 400 ? "请求有误" : status == 429 ? "操作过于频繁" : "出错了";
	struct tpl_ctx *c = page_new(req, area, title, NULL);
	tpl_set(c, "message", message);
	page_send(res, status, "error", c);
}

void page_svc_error(struct http_request *req, struct http_response *res,
		    enum page_area area, const struct svc_error *err)
{
	int status = err->code >= 400 && err->code <= 599 ? (int)err->code : 500;
	page_error(req, res, area, status, err->message[0] ? err->message : "操作失败");
}

void page_redirect(struct http_response *res, const char *location)
{
	int local = location && location[0] == '/' && location[1] != '/' && location[1] != '\\' &&
		    !strpbrk(location, "\r\n");
	http_set_header(res, "Location", local ? location : "/");
	http_set_header(res, "Cache-Control", "no-store");
	res->status = 303;
	res->content_type = "text/plain; charset=utf-8";
	buf_reset(&res->body);
	buf_adds(&res->body, "See Other\n");
}

static int token_ok(const char *t)
{
	size_t i, n = t ? strlen(t) : 0;
	if (n != 43)
		return 0;
	for (i = 0; i < n; i++)
		if (!((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z') ||
		      (t[i] >= '0' && t[i] <= '9') || t[i] == '-' || t[i] == '_'))
			return 0;
	return 1;
}

void page_public_csrf(struct http_request *req, struct http_response *res,
		      char *out, size_t outsize)
{
	const char *c = http_cookie(req, "gk_csrf");
	unsigned char raw[32];
	char b64[64], cookie[160];
	if (token_ok(c)) {
		str_copy(out, c, outsize);
		return;
	}
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(b64, sizeof b64, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	snprintf(cookie, sizeof cookie, "gk_csrf=%s; Path=/; HttpOnly; SameSite=Strict", b64);
	http_set_header(res, "Set-Cookie", cookie);
	str_copy(out, b64, outsize);
}

int page_check_public_csrf(struct http_request *req, const char *form_token)
{
	const char *c = http_cookie(req, "gk_csrf");
	if (!token_ok(c) || !token_ok(form_token))
		return -1;
	return sodium_memcmp(c, form_token, 43) == 0 ? 0 : -1;
}

static pthread_mutex_t key_lock = PTHREAD_MUTEX_INITIALIZER;
static struct secret_key server_key;
static int key_state; /* 0 not loaded, 1 loaded, -1 failed */

const struct secret_key *page_secret_key(struct http_request *req)
{
	char err[256];
	pthread_mutex_lock(&key_lock);
	if (key_state == 0) {
		const struct server_config *cfg = server_config(req->server);
		key_state = secret_key_load(cfg->key_file, 1, &server_key, err, sizeof err) ? -1 : 1;
		if (key_state < 0)
			fprintf(stderr, "gongkai serve: key file %s: %s\n", cfg->key_file, err);
	}
	pthread_mutex_unlock(&key_lock);
	return key_state > 0 ? &server_key : NULL;
}

/* GET /prefs/text?size=large|normal&back=/path: remember the text size in
 * a cookie (a year) and go back; works without JavaScript. */
static void prefs_text(struct http_request *req, struct http_response *res)
{
	const char *size = http_query(req, "size");
	const char *back = http_query(req, "back");
	int large = size && !strcmp(size, "large");
	http_set_header(res, "Set-Cookie", large
		? "gk_text=large; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly"
		: "gk_text=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly");
	page_redirect(res, back ? back : "/");
}

const struct route page_routes[] = {
	{"GET", "/prefs/text", prefs_text, "page.prefs"},
	{NULL, NULL, NULL, NULL}
};
