/* auth.c - request authentication and CSRF checks (web/auth.h). */
#include "web/auth.h"
#include "service/accounts.h"
#include "base/str.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Validate the request's credentials into info: 0 ok, 1 none/invalid,
 * -1 database error. *by_cookie says which kind was used. */
static int authenticate(struct http_request *req, struct auth_info *info, int *by_cookie)
{
	const char *authz, *cookie;
	*by_cookie = 0;
	if (!req->db)
		return -1;
	authz = http_header(req, "Authorization");
	if (authz) {
		if (strncasecmp(authz, "Bearer ", 7))
			return 1;
		authz += 7;
		while (*authz == ' ')
			authz++;
		return accounts_token_check(req->db, authz, info);
	}
	cookie = http_cookie(req, AUTH_COOKIE);
	if (!cookie)
		return 1;
	*by_cookie = 1;
	return accounts_session_check(req->db, cookie, info);
}

static void fill_actor(struct http_request *req, const struct auth_info *info, struct actor *out)
{
	memset(out, 0, sizeof *out);
	str_copy(out->ip, req->remote_ip, sizeof out->ip);
	if (info) {
		out->user_id = info->user_id;
		str_copy(out->login, info->login, sizeof out->login);
	}
}

int auth_actor(struct http_request *req, struct actor *out)
{
	struct auth_info info;
	int by_cookie;
	if (authenticate(req, &info, &by_cookie) != 0) {
		fill_actor(req, NULL, out);
		return -1;
	}
	fill_actor(req, &info, out);
	return 0;
}

/* Constant-time comparison of two NUL-terminated tokens. */
static int tokens_equal(const char *a, const char *b)
{
	size_t n = strlen(a);
	if (!n || n != strlen(b))
		return 0;
	return sodium_memcmp(a, b, n) == 0;
}

int auth_api_actor(struct http_request *req, struct http_response *res, struct actor *out)
{
	struct auth_info info;
	int by_cookie, rc = authenticate(req, &info, &by_cookie);
	fill_actor(req, NULL, out);
	if (rc < 0) {
		http_json_error(res, 503, "unavailable",
				"数据库暂时不可用，请稍后重试 / database unavailable");
		http_set_header(res, "Retry-After", "5");
		return -1;
	}
	if (rc > 0) {
		http_json_error(res, 401, "unauthenticated", "请先登录 / login required");
		return -1;
	}
	if (by_cookie && strcmp(req->method, "GET") && strcmp(req->method, "HEAD")) {
		const char *h = http_header(req, AUTH_CSRF_HEADER);
		if (!h || !tokens_equal(info.csrf_token, h)) {
			http_json_error(res, 403, "csrf",
					"缺少或错误的 X-CSRF-Token 请求头 / missing or wrong X-CSRF-Token header");
			return -1;
		}
	}
	fill_actor(req, &info, out);
	return 0;
}

int auth_csrf_token(struct http_request *req, char *out, size_t outsize)
{
	struct auth_info info;
	const char *cookie = http_cookie(req, AUTH_COOKIE);
	if (outsize)
		out[0] = '\0';
	if (!req->db || !cookie || accounts_session_check(req->db, cookie, &info) != 0)
		return -1;
	if (str_copy(out, info.csrf_token, outsize) >= outsize) {
		out[0] = '\0';
		return -1;
	}
	return 0;
}

int auth_check_csrf(struct http_request *req, const char *form_token)
{
	char tok[ACCOUNTS_SECRET_MAX];
	if (!form_token || auth_csrf_token(req, tok, sizeof tok))
		return -1;
	return tokens_equal(tok, form_token) ? 0 : -1;
}

int auth_request_secure(struct http_request *req)
{
	const struct server_config *cfg = req->server ? server_config(req->server) : NULL;
	const char *proto;
	if (cfg && cfg->secure_cookies)
		return 1;
	if (!cfg || !cfg->trust_proxy)
		return 0;
	proto = http_header(req, "X-Forwarded-Proto");
	return proto && !strcasecmp(proto, "https");
}

void auth_set_session_cookie(struct http_response *res, const char *sid, int secure)
{
	char v[256];
	snprintf(v, sizeof v, "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Lax%s",
		 AUTH_COOKIE, sid, ACCOUNTS_SESSION_MAX, secure ? "; Secure" : "");
	http_set_header(res, "Set-Cookie", v);
}

void auth_clear_session_cookie(struct http_response *res, int secure)
{
	char v[160];
	snprintf(v, sizeof v, "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax%s",
		 AUTH_COOKIE, secure ? "; Secure" : "");
	http_set_header(res, "Set-Cookie", v);
}
