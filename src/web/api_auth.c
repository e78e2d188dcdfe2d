/* api_auth.c - JSON API for logins, sessions, tokens, agencies and users
 * (route table auth_routes; documented in docs/api.md, "Authentication").
 *
 * Handlers are thin: parse and type-check the JSON body (unknown fields
 * and wrong types are 400 with the JSON path in "field"), call one
 * service function, render the result. */
#include "web/routes.h"
#include "web/api.h"
#include "web/auth.h"
#include "service/accounts.h"
#include "base/jsonw.h"
#include "base/str.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* ---------- rendering ---------- */

static void write_user(struct jsonw *w, const struct user *u)
{
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, u->id);
	jsonw_key(w, "login");
	jsonw_string(w, u->login);
	jsonw_key(w, "display_name");
	jsonw_string(w, u->display_name);
	jsonw_key(w, "disabled");
	jsonw_bool(w, u->disabled);
	jsonw_key(w, "must_change_password");
	jsonw_bool(w, u->must_change_password);
	jsonw_key(w, "last_login_at");
	jsonw_string(w, u->last_login_at[0] ? u->last_login_at : NULL);
	jsonw_key(w, "created_at");
	jsonw_string(w, u->created_at);
	jsonw_object_end(w);
}

static void write_roles(struct jsonw *w, struct db *db, int64_t user_id)
{
	struct user_role_list roles = {0};
	size_t i;
	user_store_roles(db, user_id, &roles);
	jsonw_array_begin(w);
	for (i = 0; i < roles.n; i++) {
		jsonw_object_begin(w);
		jsonw_key(w, "agency_id");
		jsonw_int(w, roles.items[i].agency_id);
		jsonw_key(w, "agency_code");
		jsonw_string(w, roles.items[i].agency_code);
		jsonw_key(w, "agency_name");
		jsonw_string(w, roles.items[i].agency_name);
		jsonw_key(w, "role");
		jsonw_string(w, roles.items[i].role);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	user_role_list_free(&roles);
}

static void write_agencies(struct http_response *res, const struct agency_list *l, int full)
{
	struct jsonw w;
	size_t i;
	jsonw_init(&w, &res->body, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "agencies");
	jsonw_array_begin(&w);
	for (i = 0; i < l->n; i++) {
		const struct agency *a = &l->items[i];
		if (!full && a->disabled)
			continue;
		jsonw_object_begin(&w);
		jsonw_key(&w, "id");
		jsonw_int(&w, a->id);
		jsonw_key(&w, "parent_id");
		if (a->parent_id)
			jsonw_int(&w, a->parent_id);
		else
			jsonw_null(&w);
		jsonw_key(&w, "code");
		jsonw_string(&w, a->code);
		jsonw_key(&w, "name");
		jsonw_string(&w, a->name);
		jsonw_key(&w, "kind");
		jsonw_string(&w, a->kind);
		jsonw_key(&w, "depth");
		jsonw_int(&w, a->depth);
		if (full) {
			jsonw_key(&w, "disabled");
			jsonw_bool(&w, a->disabled);
			jsonw_key(&w, "created_at");
			jsonw_string(&w, a->created_at);
		}
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	buf_addc(&res->body, '\n');
	http_json(res, 200);
}

/* ---------- handlers ---------- */

/* POST /api/login {"login", "password"} */
static void h_login(struct http_request *req, struct http_response *res)
{
	static const struct api_field spec[] = {
		{"login", API_STRING, 1}, {"password", API_STRING, 1}, {NULL, 0, 0}
	};
	struct login_result r;
	struct svc_error err;
	struct jsonw w;
	json_t *in = api_body(req, res, spec);
	if (!in)
		return;
	memset(&err, 0, sizeof err);
	if (accounts_login(req->db, api_str(in, "login"), api_str(in, "password"), req->remote_ip,
			   http_header(req, "User-Agent"), &r, &err)) {
		json_decref(in);
		api_svc_error(res, &err);
		if (err.code == SVC_RATE_LIMITED)
			http_retry_after(res, r.retry_after > 0 ? r.retry_after : 60);
		return;
	}
	json_decref(in);
	auth_set_session_cookie(res, r.session_id, auth_request_secure(req));
	jsonw_init(&w, &res->body, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "user");
	write_user(&w, &r.user);
	jsonw_key(&w, "roles");
	write_roles(&w, req->db, r.user.id);
	jsonw_key(&w, "csrf_token");
	jsonw_string(&w, r.csrf_token);
	jsonw_key(&w, "session_idle_seconds");
	jsonw_int(&w, ACCOUNTS_SESSION_IDLE);
	jsonw_key(&w, "session_max_seconds");
	jsonw_int(&w, ACCOUNTS_SESSION_MAX);
	jsonw_object_end(&w);
	buf_addc(&res->body, '\n');
	http_json(res, 200);
}

/* POST /api/logout: ends the cookie's session (CSRF header required). */
static void h_logout(struct http_request *req, struct http_response *res)
{
	struct actor who;
	struct svc_error err;
	const char *cookie = http_cookie(req, AUTH_COOKIE);
	if (auth_api_actor(req, res, &who))
		return;
	if (cookie && accounts_logout(req->db, cookie, &err)) {
		api_svc_error(res, &err);
		return;
	}
	auth_clear_session_cookie(res, auth_request_secure(req));
	buf_adds(&res->body, "{\"ok\":true}\n");
	http_json(res, 200);
}

/* GET /api/me */
static void h_me(struct http_request *req, struct http_response *res)
{
	struct actor who;
	struct user u;
	struct svc_error err;
	struct jsonw w;
	char ref[32], csrf[ACCOUNTS_SECRET_MAX];
	if (auth_api_actor(req, res, &who))
		return;
	snprintf(ref, sizeof ref, "%lld", (long long)who.user_id);
	if (accounts_user_lookup(req->db, ref, &u, &err)) {
		api_svc_error(res, &err);
		return;
	}
	jsonw_init(&w, &res->body, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "user");
	write_user(&w, &u);
	jsonw_key(&w, "roles");
	write_roles(&w, req->db, u.id);
	jsonw_key(&w, "auth");
	if (!http_header(req, "Authorization") && auth_csrf_token(req, csrf, sizeof csrf) == 0) {
		jsonw_string(&w, "session");
		jsonw_key(&w, "csrf_token");
		jsonw_string(&w, csrf);
	} else {
		jsonw_string(&w, "token");
	}
	jsonw_object_end(&w);
	buf_addc(&res->body, '\n');
	http_json(res, 200);
}

/* POST /api/tokens {"label"?}: a token for the caller, shown once. */
static void h_token_create(struct http_request *req, struct http_response *res)
{
	static const struct api_field spec[] = {{"label", API_STRING, 0}, {NULL, 0, 0}};
	struct actor who;
	struct svc_error err;
	struct jsonw w;
	char tok[ACCOUNTS_SECRET_MAX];
	int64_t id = 0;
	json_t *in;
	if (auth_api_actor(req, res, &who) || !(in = api_body(req, res, spec)))
		return;
	if (accounts_token_create(req->db, &who, who.user_id, api_str(in, "label"), tok, sizeof tok,
				  &id, &err)) {
		json_decref(in);
		api_svc_error(res, &err);
		return;
	}
	json_decref(in);
	jsonw_init(&w, &res->body, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "id");
	jsonw_int(&w, id);
	jsonw_key(&w, "token");
	jsonw_string(&w, tok);
	jsonw_object_end(&w);
	buf_addc(&res->body, '\n');
	http_json(res, 201);
}

/* DELETE /api/tokens/:id */
static void h_token_revoke(struct http_request *req, struct http_response *res)
{
	struct actor who;
	struct svc_error err;
	if (auth_api_actor(req, res, &who))
		return;
	if (accounts_token_revoke(req->db, &who, api_param_id(req, "id"), &err)) {
		api_svc_error(res, &err);
		return;
	}
	buf_adds(&res->body, "{\"ok\":true}\n");
	http_json(res, 200);
}

/* GET /api/public/agencies: every enabled agency, no login needed. */
static void h_public_agencies(struct http_request *req, struct http_response *res)
{
	struct agency_list l = {0};
	if (agency_store_all(req->db, &l)) {
		agency_list_free(&l);
		http_json_error_at(res, 503, "unavailable", "数据库暂时不可用 / database unavailable", NULL);
		return;
	}
	write_agencies(res, &l, 0);
	agency_list_free(&l);
}

/* GET /api/agencies: the agencies the caller may see, in tree order. */
static void h_agencies(struct http_request *req, struct http_response *res)
{
	struct actor who;
	struct svc_error err;
	struct agency_list l = {0};
	if (auth_api_actor(req, res, &who))
		return;
	if (accounts_agency_visible(req->db, &who, &l, &err)) {
		agency_list_free(&l);
		api_svc_error(res, &err);
		return;
	}
	write_agencies(res, &l, 1);
	agency_list_free(&l);
}

/* POST /api/agencies {"name", "parent_id", "code"?, "kind"?} */
static void h_agency_create(struct http_request *req, struct http_response *res)
{
	static const struct api_field spec[] = {
		{"name", API_STRING, 1}, {"parent_id", API_INT, 0}, {"code", API_STRING, 0},
		{"kind", API_STRING, 0}, {NULL, 0, 0}
	};
	struct actor who;
	struct svc_error err;
	struct agency_input ai;
	int64_t id = 0;
	json_t *in;
	if (auth_api_actor(req, res, &who) || !(in = api_body(req, res, spec)))
		return;
	ai.parent_id = api_int(in, "parent_id");
	ai.name = api_str(in, "name");
	ai.code = api_str(in, "code");
	ai.kind = api_str(in, "kind");
	if (accounts_agency_create(req->db, &who, &ai, &id, &err)) {
		json_decref(in);
		api_svc_error(res, &err);
		return;
	}
	json_decref(in);
	buf_printf(&res->body, "{\"id\":%lld}\n", (long long)id);
	http_json(res, 201);
}

/* GET /api/users: the users the caller administers. */
static void h_users(struct http_request *req, struct http_response *res)
{
	struct actor who;
	struct svc_error err;
	struct user_list l = {0};
	struct jsonw w;
	size_t i;
	if (auth_api_actor(req, res, &who))
		return;
	if (accounts_user_list(req->db, &who, &l, &err)) {
		user_list_free(&l);
		api_svc_error(res, &err);
		return;
	}
	jsonw_init(&w, &res->body, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "users");
	jsonw_array_begin(&w);
	for (i = 0; i < l.n; i++)
		write_user(&w, &l.items[i]);
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	buf_addc(&res->body, '\n');
	user_list_free(&l);
	http_json(res, 200);
}

/* POST /api/users {"login", "display_name", "password", "agency_id", "role"} */
static void h_user_create(struct http_request *req, struct http_response *res)
{
	static const struct api_field spec[] = {
		{"login", API_STRING, 1}, {"display_name", API_STRING, 1}, {"password", API_STRING, 1},
		{"agency_id", API_INT, 0}, {"role", API_STRING, 0}, {NULL, 0, 0}
	};
	struct actor who;
	struct svc_error err;
	int64_t id = 0;
	json_t *in;
	if (auth_api_actor(req, res, &who) || !(in = api_body(req, res, spec)))
		return;
	if (accounts_user_create(req->db, &who, api_str(in, "login"), api_str(in, "display_name"),
				 api_str(in, "password"), api_int(in, "agency_id"), api_str(in, "role"),
				 &id, &err)) {
		json_decref(in);
		api_svc_error(res, &err);
		return;
	}
	json_decref(in);
	buf_printf(&res->body, "{\"id\":%lld}\n", (long long)id);
	http_json(res, 201);
}

/* POST /api/users/:id/roles {"agency_id", "role"} */
static void h_role_add(struct http_request *req, struct http_response *res)
{
	static const struct api_field spec[] = {
		{"agency_id", API_INT, 1}, {"role", API_STRING, 1}, {NULL, 0, 0}
	};
	struct actor who;
	struct svc_error err;
	json_t *in;
	if (auth_api_actor(req, res, &who) || !(in = api_body(req, res, spec)))
		return;
	if (accounts_user_set_role(req->db, &who, api_param_id(req, "id"), api_int(in, "agency_id"),
				   api_str(in, "role"), 1, &err)) {
		json_decref(in);
		api_svc_error(res, &err);
		return;
	}
	json_decref(in);
	buf_adds(&res->body, "{\"ok\":true}\n");
	http_json(res, 200);
}

/* DELETE /api/users/:id/roles/:agency/:role */
static void h_role_remove(struct http_request *req, struct http_response *res)
{
	struct actor who;
	struct svc_error err;
	if (auth_api_actor(req, res, &who))
		return;
	if (accounts_user_set_role(req->db, &who, api_param_id(req, "id"), api_param_id(req, "agency"),
				   http_param(req, "role"), 0, &err)) {
		api_svc_error(res, &err);
		return;
	}
	buf_adds(&res->body, "{\"ok\":true}\n");
	http_json(res, 200);
}

/* POST /api/users/:id/disable and /enable */
static void set_disabled(struct http_request *req, struct http_response *res, int disabled)
{
	struct actor who;
	struct svc_error err;
	if (auth_api_actor(req, res, &who))
		return;
	if (accounts_user_set_disabled(req->db, &who, api_param_id(req, "id"), disabled, &err)) {
		api_svc_error(res, &err);
		return;
	}
	buf_adds(&res->body, "{\"ok\":true}\n");
	http_json(res, 200);
}

static void h_user_disable(struct http_request *req, struct http_response *res)
{
	set_disabled(req, res, 1);
}

static void h_user_enable(struct http_request *req, struct http_response *res)
{
	set_disabled(req, res, 0);
}

const struct route auth_routes[] = {
	{"POST", "/api/login", h_login, "api.login"},
	{"POST", "/api/logout", h_logout, "api.logout"},
	{"GET", "/api/me", h_me, "api.me"},
	{"POST", "/api/tokens", h_token_create, "api.token.create"},
	{"DELETE", "/api/tokens/:id", h_token_revoke, "api.token.revoke"},
	{"GET", "/api/public/agencies", h_public_agencies, "api.public.agencies"},
	{"GET", "/api/agencies", h_agencies, "api.agencies"},
	{"POST", "/api/agencies", h_agency_create, "api.agency.create"},
	{"GET", "/api/users", h_users, "api.users"},
	{"POST", "/api/users", h_user_create, "api.user.create"},
	{"POST", "/api/users/:id/roles", h_role_add, "api.user.role_add"},
	{"DELETE", "/api/users/:id/roles/:agency/:role", h_role_remove, "api.user.role_remove"},
	{"POST", "/api/users/:id/disable", h_user_disable, "api.user.disable"},
	{"POST", "/api/users/:id/enable", h_user_enable, "api.user.enable"},
	{NULL, NULL, NULL, NULL}
};
