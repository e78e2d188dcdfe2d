/* pages_office_users.c - users and roles in the back office (用户与角色):
 *
 *   GET  /office/users[?reset=LOGIN]    the users of the agencies I administer,
 *                                       with the forms below (admins only)
 *   POST /office/users                  新建用户: login, display_name, password,
 *                                       password2, agency, role
 *   POST /office/users/disable          停用 / 启用: login, disabled (1 or 0)
 *   POST /office/users/password         重置密码: login, password, password2
 *   POST /office/users/roles            添加岗位: login, agency, role
 *   GET  /office/password               修改密码 (every staff member, own account)
 *   POST /office/password               current_password, password, password2
 *
 * Every POST carries the session's CSRF token (office_form) and ends in a
 * 303 to /office/users?done=WHAT (post/redirect/get). The services in
 * service/accounts.c decide who may do what (an admin manages the users
 * of the agencies they administer and writes the audit log); this file only
 * checks that the form is filled in, calls them and shows the answer.
 * Passwords are never put back into a page. */
#include "web/office.h"
#include "web/auth.h"
#include "web/routes.h"
#include "web/page.h"
#include "service/access.h"
#include "service/accounts.h"
#include "store/agencies.h"
#include "store/users.h"
#include "base/str.h"

#include <stdio.h>
#include <string.h>

static const char *const assignable[] = {
	ROLE_CLERK, ROLE_HANDLER, ROLE_APPROVER, ROLE_DEPT_REVIEW, ROLE_OFFICE_CHECK,
	ROLE_OFFICE_HEAD, ROLE_LEADER_SIGN, ROLE_SUPERVISOR, ROLE_ADMIN,
};

/* What a POST that failed puts back into the page. */
struct users_again {
	struct form *create;          /* the 新建用户 form to show again, or NULL */
	const char *reset_login;      /* the user chosen in the 重置密码 form, or NULL */
	const struct form_errors *e;  /* messages by field, or NULL */
	const char *error;            /* one message above everything, or NULL */
};

/* The users the actor administers, each with roles, state and actions;
 * the same users (but the actor) as choices of the 重置密码 form. */
static void users_to_ctx(struct http_request *req, const struct office *o, struct tpl_ctx *c,
			 const char *reset_login)
{
	struct user_list users = {0};
	struct svc_error err;
	size_t i, k;
	tpl_list(c, "users");
	tpl_list(c, "reset_users");
	if (accounts_user_list(req->db, &o->who, &users, &err))
		return;
	for (i = 0; i < users.n; i++) {
		const struct user *us = &users.items[i];
		struct tpl_ctx *u = tpl_add(c, "users");
		struct user_role_list roles = {0};
		int self = us->id == o->who.user_id;
		tpl_set(u, "login", us->login);
		tpl_set(u, "name", us->display_name);
		tpl_set_bool(u, "disabled", us->disabled);
		tpl_set_bool(u, "self", self);
		tpl_set(u, "last_login", us->last_login_at[0] ? us->last_login_at : "从未登录");
		if (user_store_roles(req->db, us->id, &roles) == 0)
			for (k = 0; k < roles.n; k++) {
				struct tpl_ctx *r = tpl_add(u, "roles");
				tpl_set(r, "agency", roles.items[k].agency_name);
				tpl_set(r, "role", office_role_label(roles.items[k].role));
			}
		user_role_list_free(&roles);
		if (!self) {
			struct tpl_ctx *r = tpl_add(c, "reset_users");
			tpl_set(r, "login", us->login);
			tpl_set(r, "name", us->display_name);
			tpl_set_bool(r, "selected", reset_login && !strcmp(reset_login, us->login));
		}
	}
	user_list_free(&users);
}

/* The /office/users page with status; again (or NULL) after a failed POST. */
static void users_page(struct http_request *req, struct http_response *res, struct office *o,
		       const char *flash, const struct users_again *again, int status)
{
	struct tpl_ctx *c = office_page(req, o, "用户与角色", "users");
	struct agency_list mine = {0};
	struct svc_error err;
	const char *agency = NULL, *role = ROLE_CLERK;
	size_t i;
	if (again && again->create) {
		form_values_to_ctx(again->create, c);
		agency = form_text(again->create, "agency");
		role = form_text(again->create, "role");
	}
	users_to_ctx(req, o, c, again && again->reset_login ? again->reset_login
						 : http_query(req, "reset"));
	if (accounts_agency_administered(req->db, &o->who, &mine, &err) == 0)
		for (i = 0; i < mine.n; i++) {
			struct tpl_ctx *a = tpl_add(c, "agencies");
			tpl_set(a, "code", mine.items[i].code);
			tpl_set(a, "name", mine.items[i].name);
			tpl_set_bool(a, "selected", agency && !strcmp(agency, mine.items[i].code));
		}
	tpl_set_bool(c, "can_admin", mine.n > 0);
	agency_list_free(&mine);
	for (i = 0; i < sizeof assignable / sizeof assignable[0]; i++) {
		struct tpl_ctx *r = tpl_add(c, "role_choices");
		tpl_set(r, "key", assignable[i]);
		tpl_set(r, "label", office_role_label(assignable[i]));
		tpl_set_bool(r, "selected", !strcmp(role, assignable[i]));
	}
	tpl_set_int(c, "password_min", ACCOUNTS_PASSWORD_MIN);
	if (flash)
		tpl_set(c, "flash", flash);
	if (again && again->error)
		tpl_set(c, "error", again->error);
	if (again && again->e)
		form_errors_to_ctx(again->e, c);
	page_send(res, status, "office_users", c);
}

/* The confirmation after a redirect: /office/users?done=WHAT&login=LOGIN. */
static void done_message(struct http_request *req, char *out, size_t outsize)
{
	const char *done = http_query(req, "done"), *login = http_query(req, "login");
	struct svc_error ignored;
	out[0] = '\0';
	if (!done)
		return;
	if (!login || accounts_check_login(login, &ignored))
		login = "";
	if (!strcmp(done, "created"))
		snprintf(out, outsize, "已新建用户 %s，请将初始密码告知本人。", login);
	else if (!strcmp(done, "disabled"))
		snprintf(out, outsize, "已停用用户 %s，其登录会话已全部结束。", login);
	else if (!strcmp(done, "enabled"))
		snprintf(out, outsize, "已启用用户 %s。", login);
	else if (!strcmp(done, "password"))
		snprintf(out, outsize, "已重置用户 %s 的密码，其登录会话已全部结束。", login);
	else if (!strcmp(done, "1"))
		snprintf(out, outsize, "角色已添加。");
}

/* GET /office/users */
static void users_get(struct http_request *req, struct http_response *res)
{
	struct office o;
	char flash[256];
	if (office_begin(req, res, &o))
		return;
	done_message(req, flash, sizeof flash);
	users_page(req, res, &o, flash[0] ? flash : NULL, NULL, 200);
}

/* 303 to /office/users?done=WHAT&login=LOGIN. */
static void users_done(struct http_response *res, const char *what, const char *login)
{
	char enc[200], loc[260];
	form_url_encode(login, enc, sizeof enc);
	snprintf(loc, sizeof loc, "/office/users?done=%s&login=%s", what, enc);
	page_redirect(res, loc);
}

/* The status of a page that shows err's message with the form again. */
static int again_status(const struct svc_error *err)
{
	return err->code == SVC_FORBIDDEN || err->code >= 500 ? (int)err->code : 400;
}

/* The password fields' value (not trimmed: spaces count), "" if absent. */
static const char *password_field(const struct form *f, const char *name)
{
	const char *v = form_get(f, name);
	return v ? v : "";
}

/* Check a new password and its repetition into e under the given field
 * names (the message of accounts_check_password, or a mismatch). */
static void check_new_password(const struct form *f, struct form_errors *e, const char *field,
			       const char *field2, const char *label)
{
	const char *pw = password_field(f, "password");
	struct svc_error err;
	if (!pw[0]) {
		form_error(e, field, "请填写%s", label);
		return;
	}
	if (accounts_check_password(pw, &err)) {
		office_chinese(err.message);
		form_error(e, field, "%s", err.message);
		return;
	}
	if (strcmp(pw, password_field(f, "password2")))
		form_error(e, field2, "两次输入的密码不一致");
}

/* Wipe the password fields of a parsed form (they are never shown again). */
static void forget_passwords(struct form *f)
{
	int i;
	for (i = 0; i < f->n; i++)
		if (!strcmp(f->f[i].name, "password") || !strcmp(f->f[i].name, "password2") ||
		    !strcmp(f->f[i].name, "current_password")) {
			memset(f->f[i].value, 0, f->f[i].len);
			f->f[i].len = 0;
		}
}

/* POST /office/users : create a user with a role in one agency. */
static void users_create_post(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct form f;
	struct form_errors e = {0};
	struct users_again again = {0};
	struct agency a;
	struct svc_error err;
	const char *login;
	int64_t id;
	if (office_begin(req, res, &o) || office_form(req, res, &f))
		return;
	login = form_text(&f, "login");
	if (form_require(&f, &e, "login", "登录名") == 0 && accounts_check_login(login, &err)) {
		office_chinese(err.message);
		form_error(&e, "login", "%s", err.message);
	}
	if (form_require(&f, &e, "display_name", "姓名") == 0)
		form_max_chars(&f, &e, "display_name", "姓名", 40);
	check_new_password(&f, &e, "password", "password2", "初始密码");
	if (accounts_agency_lookup(req->db, form_text(&f, "agency"), &a, &err))
		form_error(&e, "agency", "请选择所属机构");
	if (!form_text(&f, "role")[0])
		form_error(&e, "role", "请选择角色");
	if (!e.n && accounts_user_create_initial(req->db, &o.who, login, form_text(&f, "display_name"),
					 password_field(&f, "password"), a.id,
					 form_text(&f, "role"), &id, &err)) {
		office_chinese(err.message);
		form_error(&e, !strcmp(err.field, "agency_id") ? "agency"
			   : err.field[0] ? err.field : "_form", "%s", err.message);
		forget_passwords(&f);
		again.create = &f;
		again.e = &e;
		users_page(req, res, &o, NULL, &again, again_status(&err));
		form_free(&f);
		return;
	}
	forget_passwords(&f);
	if (e.n) {
		again.create = &f;
		again.e = &e;
		users_page(req, res, &o, NULL, &again, 400);
		form_free(&f);
		return;
	}
	users_done(res, "created", login);
	form_free(&f);
}

/* POST /office/users/disable : login, disabled=1 (停用) or 0 (启用). */
static void users_disable_post(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct form f;
	struct users_again again = {0};
	struct user u;
	struct svc_error err;
	const char *flag;
	int disable;
	if (office_begin(req, res, &o) || office_form(req, res, &f))
		return;
	flag = form_text(&f, "disabled");
	disable = !strcmp(flag, "1");
	if (!disable && strcmp(flag, "0")) {
		form_free(&f);
		again.error = "请求无效：请从用户列表中选择停用或启用。";
		users_page(req, res, &o, NULL, &again, 400);
		return;
	}
	if (accounts_user_lookup(req->db, form_text(&f, "login"), &u, &err) ||
	    accounts_user_set_disabled(req->db, &o.who, u.id, disable, &err)) {
		form_free(&f);
		office_chinese(err.message);
		again.error = err.message;
		users_page(req, res, &o, NULL, &again, (int)err.code);
		return;
	}
	form_free(&f);
	users_done(res, disable ? "disabled" : "enabled", u.login);
}

/* POST /office/users/password : login, password, password2. */
static void users_password_post(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct form f;
	struct form_errors e = {0};
	struct users_again again = {0};
	struct user u;
	struct svc_error err;
	if (office_begin(req, res, &o) || office_form(req, res, &f))
		return;
	again.reset_login = form_text(&f, "login");
	again.e = &e;
	check_new_password(&f, &e, "new_password", "new_password2", "新密码");
	if (!again.reset_login[0])
		form_error(&e, "reset_login", "请选择用户");
	else if (accounts_user_lookup(req->db, again.reset_login, &u, &err)) {
		office_chinese(err.message);
		form_error(&e, "reset_login", "%s", err.message);
	}
	if (!e.n && accounts_user_set_password(req->db, &o.who, u.id, password_field(&f, "password"),
					       &err)) {
		office_chinese(err.message);
		form_error(&e, !strcmp(err.field, "password") ? "new_password"
			   : !strcmp(err.field, "user_id") ? "reset_login" : "_form", "%s", err.message);
		forget_passwords(&f);
		users_page(req, res, &o, NULL, &again, again_status(&err));
		form_free(&f);
		return;
	}
	forget_passwords(&f);
	if (e.n) {
		users_page(req, res, &o, NULL, &again, 400);
		form_free(&f);
		return;
	}
	users_done(res, "password", u.login);
	form_free(&f);
}

/* POST /office/users/roles : login, agency, role. */
static void users_role_post(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct form f;
	struct users_again again = {0};
	struct user u;
	struct agency a;
	struct svc_error err;
	if (office_begin(req, res, &o) || office_form(req, res, &f))
		return;
	if (accounts_user_lookup(req->db, form_text(&f, "login"), &u, &err) ||
	    accounts_agency_lookup(req->db, form_text(&f, "agency"), &a, &err) ||
	    accounts_user_set_role(req->db, &o.who, u.id, a.id, form_text(&f, "role"), 1, &err)) {
		form_free(&f);
		office_chinese(err.message);
		again.error = err.message;
		users_page(req, res, &o, NULL, &again, err.code == SVC_FORBIDDEN ? 403
			   : err.code == SVC_NOT_FOUND ? 404 : 400);
		return;
	}
	form_free(&f);
	page_redirect(res, "/office/users?done=1");
}

/* The 修改密码 page with status; e (or NULL) after a failed POST. A user
 * who must still change an initial password is told so. */
static void password_page(struct http_request *req, struct http_response *res, struct office *o,
			  const struct form_errors *e, int status)
{
	struct tpl_ctx *c = office_page(req, o, "修改密码", NULL);
	tpl_set_int(c, "password_min", ACCOUNTS_PASSWORD_MIN);
	if (o->user.must_change_password)
		tpl_set(c, "flash", "首次登录请先修改初始密码。");
	if (e)
		form_errors_to_ctx(e, c);
	page_send(res, status, "office_password", c);
}

/* GET /office/password */
static void password_get(struct http_request *req, struct http_response *res)
{
	struct office o;
	if (office_begin(req, res, &o))
		return;
	password_page(req, res, &o, NULL, 200);
}

/* POST /office/password : current_password, password, password2. Success
 * ends every session of the user (this one too): 303 to the login page,
 * which then says so. */
static void password_post(struct http_request *req, struct http_response *res)
{
	struct office o;
	struct form f;
	struct form_errors e = {0};
	struct svc_error err;
	const char *current;
	if (office_begin(req, res, &o) || office_form(req, res, &f))
		return;
	current = password_field(&f, "current_password");
	if (!current[0])
		form_error(&e, "current_password", "请填写当前密码");
	check_new_password(&f, &e, "password", "password2", "新密码");
	if (!e.n && accounts_change_own_password(req->db, &o.who, current,
						 password_field(&f, "password"), &err)) {
		office_chinese(err.message);
		form_error(&e, !strcmp(err.field, "current_password") ? "current_password"
			   : !strcmp(err.field, "password") ? "password" : "_form", "%s", err.message);
		forget_passwords(&f);
		form_free(&f);
		password_page(req, res, &o, &e, err.code == SVC_UNAUTHENTICATED ? 401
			      : err.code == SVC_RATE_LIMITED || err.code >= 500 ? (int)err.code : 400);
		return;
	}
	forget_passwords(&f);
	form_free(&f);
	if (e.n) {
		password_page(req, res, &o, &e, 400);
		return;
	}
	auth_clear_session_cookie(res, auth_request_secure(req));
	page_redirect(res, "/office/login?changed=1");
}

const struct route office_user_routes[] = {
	{"GET", "/office/password", password_get, "office.password"},
	{"POST", "/office/password", password_post, "office.password"},
	{"GET", "/office/users", users_get, "office.users"},
	{"POST", "/office/users", users_create_post, "office.user_create"},
	{"POST", "/office/users/disable", users_disable_post, "office.user_disable"},
	{"POST", "/office/users/password", users_password_post, "office.user_password"},
	{"POST", "/office/users/roles", users_role_post, "office.user_role"},
	{NULL, NULL, NULL, NULL}
};
