/* accounts.c - agencies, users, roles, logins, sessions and API tokens
 * (service/accounts.h). */
#include "service/accounts.h"
#include "service/access.h"
#include "service/audit.h"
#include "store/db.h"
#include "store/sessions.h"
#include "base/buf.h"
#include "base/isotime.h"
#include "base/jsonw.h"
#include "base/secret.h"
#include "base/str.h"
#include "base/vec.h"
#include "base/xalloc.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------- clock (times as text: base/isotime.h) ---------- */

static time_t clock_override;

time_t accounts_now(void)
{
	return clock_override ? clock_override : time(NULL);
}

void accounts_clock_set(time_t t)
{
	clock_override = t;
}

/* ---------- secrets ---------- */

/* A fresh random secret: prefix + 43 base64url characters (32 bytes). */
static void new_secret(const char *prefix, char *out, size_t outsize)
{
	unsigned char raw[32];
	char b64[64];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(b64, sizeof b64, raw, sizeof raw,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	snprintf(out, outsize, "%s%s", prefix, b64);
}

/* The hex SHA-256 of a secret: what the database stores. */
static void secret_hash(const char *secret, char out[SESSION_HASH_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)secret, strlen(secret));
	sodium_bin2hex(out, SESSION_HASH_HEX, h, sizeof h);
}

/* 1 if s is prefix followed by exactly 43 base64url characters. */
static int secret_well_formed(const char *s, const char *prefix)
{
	size_t i, pl = strlen(prefix);
	if (!s || strncmp(s, prefix, pl))
		return 0;
	s += pl;
	for (i = 0; s[i]; i++)
		if (i >= 43 || !(isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '_'))
			return 0;
	return i == 43;
}

/* ---------- passwords ---------- */

int accounts_password_hash(const char *password, char *out, size_t outsize)
{
	char h[crypto_pwhash_STRBYTES];
	if (secret_init() || outsize < sizeof h)
		return -1;
	if (crypto_pwhash_str(h, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return -1;
	str_copy(out, h, outsize);
	return 0;
}

int accounts_password_verify(const char *hash, const char *password)
{
	if (secret_init() || !hash || !password)
		return 0;
	return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

/* A hash of a random password, verified against when the login is unknown
 * so that unknown logins take as long as wrong passwords. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
	char pw[ACCOUNTS_SECRET_MAX];
	new_secret("", pw, sizeof pw);
	if (accounts_password_hash(pw, dummy_hash, sizeof dummy_hash))
		dummy_hash[0] = '\0';
}

int accounts_check_password(const char *password, struct svc_error *err)
{
	size_t n = password ? strlen(password) : 0;
	if (n < ACCOUNTS_PASSWORD_MIN)
		return svc_fail(err, SVC_INVALID, "password",
				"密码至少需要%d个字符 / password must have at least %d characters",
				ACCOUNTS_PASSWORD_MIN, ACCOUNTS_PASSWORD_MIN);
	if (n > ACCOUNTS_PASSWORD_MAX)
		return svc_fail(err, SVC_INVALID, "password",
				"密码过长（最多%d字节） / password longer than %d bytes",
				ACCOUNTS_PASSWORD_MAX, ACCOUNTS_PASSWORD_MAX);
	return 0;
}

int accounts_check_login(const char *login, struct svc_error *err)
{
	size_t i, n = login ? strlen(login) : 0;
	if (n < 2 || n >= USER_LOGIN_MAX || !islower((unsigned char)login[0]))
		goto bad;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)login[i];
		if (!(islower(c) || isdigit(c) || c == '_' || c == '.' || c == '-' || c == '@'))
			goto bad;
	}
	if (!strcmp(login, "system"))
		return svc_fail(err, SVC_INVALID, "login", "登录名 system 为保留名称 / login 'system' is reserved");
	return 0;
bad:
	return svc_fail(err, SVC_INVALID, "login",
			"登录名须为2-63个小写字母、数字或 _.-@，并以字母开头 / "
			"login: 2-63 of [a-z0-9_.-@], starting with a letter");
}

/* ---------- shared helpers ---------- */

static const char *const all_roles[] = {
	ROLE_ADMIN, ROLE_CLERK, ROLE_HANDLER, ROLE_APPROVER, ROLE_DEPT_REVIEW,
	ROLE_OFFICE_CHECK, ROLE_OFFICE_HEAD, ROLE_LEADER_SIGN, ROLE_SUPERVISOR
};

static int role_known(const char *role)
{
	size_t i;
	for (i = 0; role && i < sizeof all_roles / sizeof all_roles[0]; i++)
		if (!strcmp(role, all_roles[i]))
			return 1;
	return 0;
}

static const char *actor_name(const struct actor *who)
{
	if (who->is_system)
		return "system";
	return who->login[0] ? who->login : "anonymous";
}

/* Roll back, keep err, return -1. */
static int fail_rollback(struct db *db)
{
	db_rollback(db);
	return -1;
}

/* Roll back and turn the connection's error into err. */
static int db_fail_rollback(struct db *db, struct svc_error *err)
{
	svc_db_fail(err, db);
	db_rollback(db);
	return -1;
}

/* Append an audit entry with a small JSON detail built by the caller.
 * 0 or -1 (db error). */
static int audit(struct db *db, const struct actor *who, int64_t agency_id,
		 const char *action, const char *object_type, int64_t object_id,
		 const struct buf *detail)
{
	char oid[32];
	snprintf(oid, sizeof oid, "%lld", (long long)object_id);
	return audit_append(db, actor_name(who), agency_id, action, object_type, oid,
			    detail ? buf_str(detail) : NULL) > 0 ? 0 : -1;
}

static int digits_only(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* ---------- agencies ---------- */

static int check_code(const char *code, struct svc_error *err)
{
	size_t i, n = strlen(code);
	if (n < 1 || n >= AGENCY_CODE_MAX)
		goto bad;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)code[i];
		if (!(isalnum(c) || c == '_' || c == '.' || c == '-'))
			goto bad;
	}
	return 0;
bad:
	return svc_fail(err, SVC_INVALID, "code",
			"机关代码须为1-63个字母、数字或 _.- / code: 1-63 of [A-Za-z0-9_.-]");
}

int accounts_agency_create(struct db *db, const struct actor *who,
			   const struct agency_input *in, int64_t *id, struct svc_error *err)
{
	struct agency parent;
	char now[32], code[AGENCY_CODE_MAX];
	const char *kind = in->kind && in->kind[0] ? in->kind : "department";
	struct buf detail = BUF_INIT(4096);
	struct jsonw w;
	int rc;

	if (!in->name || !in->name[0] || strlen(in->name) >= AGENCY_NAME_MAX)
		return svc_fail(err, SVC_INVALID, "name",
				"机关名称不能为空且不超过255字节 / name: 1-255 bytes");
	if (strcmp(kind, "department") && strcmp(kind, "government"))
		return svc_fail(err, SVC_INVALID, "kind",
				"机关类型须为 department 或 government / kind: department|government");
	if (in->code && in->code[0]) {
		if (check_code(in->code, err))
			return -1;
		str_copy(code, in->code, sizeof code);
	} else {
		unsigned char r[5];
		char hex[11];
		randombytes_buf(r, sizeof r);
		sodium_bin2hex(hex, sizeof hex, r, sizeof r);
		snprintf(code, sizeof code, "ag-%s", hex);
	}
	if (db_begin(db))
		return svc_db_fail(err, db);
	if (in->parent_id <= 0) {
		if (!who->is_system) {
			db_rollback(db);
			return svc_fail(err, SVC_FORBIDDEN, "parent_id",
					"只有系统管理员可以创建顶级机关 / only the system creates root agencies");
		}
	} else {
		rc = agency_store_get(db, in->parent_id, &parent);
		if (rc < 0)
			return db_fail_rollback(db, err);
		if (rc == 1 || !access_can_see(db, who, in->parent_id)) {
			db_rollback(db);
			return svc_fail(err, SVC_NOT_FOUND, "parent_id",
					"上级机关不存在 / parent agency %lld not found",
					(long long)in->parent_id);
		}
		if (access_require(db, who, in->parent_id, ROLE_ADMIN, err))
			return fail_rollback(db);
	}
	if (agency_store_create(db, in->parent_id, code, in->name, kind,
				iso_time_format(accounts_now(), now, sizeof now), id)) {
		if (db_errclass(db) == DB_ERR_CONFLICT) {
			db_rollback(db);
			return svc_fail(err, SVC_CONFLICT, "code",
					"机关代码已被使用 / agency code '%s' is taken", code);
		}
		return db_fail_rollback(db, err);
	}
	jsonw_init(&w, &detail, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "code");
	jsonw_string(&w, code);
	jsonw_key(&w, "name");
	jsonw_string(&w, in->name);
	jsonw_key(&w, "kind");
	jsonw_string(&w, kind);
	jsonw_key(&w, "parent_id");
	jsonw_int(&w, in->parent_id > 0 ? in->parent_id : 0);
	jsonw_object_end(&w);
	rc = audit(db, who, *id, "agency.create", "agency", *id, &detail);
	buf_free(&detail);
	if (rc || db_commit(db))
		return db_fail_rollback(db, err);
	return 0;
}

int accounts_agency_lookup(struct db *db, const char *ref, struct agency *out,
			   struct svc_error *err)
{
	int rc = agency_store_find_code(db, ref ? ref : "", out);
	int64_t id;
	if (rc == 1 && digits_only(ref) && !str_to_int64(ref, &id))
		rc = agency_store_get(db, id, out);
	if (rc < 0)
		return svc_db_fail(err, db);
	if (rc == 1)
		return svc_fail(err, SVC_NOT_FOUND, "agency",
				"机关不存在 / no agency with id or code '%s'", ref ? ref : "");
	return 0;
}

int accounts_agency_visible(struct db *db, const struct actor *who,
			    struct agency_list *out, struct svc_error *err)
{
	int rc;
	if (who->is_system)
		rc = agency_store_all(db, out);
	else if (who->user_id <= 0)
		return svc_fail(err, SVC_UNAUTHENTICATED, NULL, "请先登录 / login required");
	else
		rc = agency_store_visible(db, who->user_id, out);
	return rc ? svc_db_fail(err, db) : 0;
}

/* The roles of who, a logged-in user (not the system actor), in which
 * they are admin: the roots of what they administer, into roots (the
 * caller frees it with user_role_list_free). 0, or -1 with err: 401 for
 * an anonymous actor, or a database error (roots then freed). */
static int admin_roots(struct db *db, const struct actor *who, struct user_role_list *roots,
		       struct svc_error *err)
{
	size_t i, n = 0;
	if (who->user_id <= 0)
		return svc_fail(err, SVC_UNAUTHENTICATED, NULL, "请先登录 / login required");
	if (user_store_roles(db, who->user_id, roots)) {
		user_role_list_free(roots);
		return svc_db_fail(err, db);
	}
	for (i = 0; i < roots->n; i++)
		if (!strcmp(roots->items[i].role, ROLE_ADMIN))
			roots->items[n++] = roots->items[i];
	roots->n = n;
	return 0;
}

int accounts_agency_administered(struct db *db, const struct actor *who,
				 struct agency_list *out, struct svc_error *err)
{
	struct user_role_list roots = {0};
	struct agency_list sub = {0};
	size_t i, j, k;
	if (who->is_system)
		return agency_store_all(db, out) ? svc_db_fail(err, db) : 0;
	if (admin_roots(db, who, &roots, err))
		return -1;
	for (i = 0; i < roots.n; i++) {
		sub.n = 0;
		if (agency_store_subtree(db, roots.items[i].agency_id, &sub)) {
			user_role_list_free(&roots);
			agency_list_free(&sub);
			return svc_db_fail(err, db);
		}
		/* an admin of a city and of one of its bureaus: keep each once */
		for (j = 0; j < sub.n; j++) {
			int dup = 0;
			for (k = 0; k < out->n && !dup; k++)
				dup = out->items[k].id == sub.items[j].id;
			if (!dup)
				*VEC_PUSH(out) = sub.items[j];
		}
	}
	user_role_list_free(&roots);
	agency_list_free(&sub);
	agency_list_sort_tree(out);
	return 0;
}

/* ---------- users and roles ---------- */

/* 0 if who may administer user_id's account: the system actor, or an admin
 * over every agency where the user holds a role (so a county admin cannot
 * take over a city admin who also works in the county bureau). *u is the
 * user, *agency_id the first agency of their roles (0 if none), for the
 * audit entry. Else -1 with err: 404 if the user does not exist or who
 * sees none of the user's agencies (ids cannot be probed), 403 if who sees
 * one but is not admin over all of them, or a database error. */
static int require_admin_over_user(struct db *db, const struct actor *who, int64_t user_id,
				   struct user *u, int64_t *agency_id, struct svc_error *err)
{
	struct user_role_list roles = {0};
	struct svc_error denied;
	size_t i;
	int rc, seen = 0, all = 1;
	*agency_id = 0;
	rc = user_store_get(db, user_id, u);
	if (rc < 0)
		return svc_db_fail(err, db);
	if (rc == 1)
		return svc_fail(err, SVC_NOT_FOUND, "user_id", "用户不存在 / user not found");
	if (user_store_roles(db, user_id, &roles))
		return svc_db_fail(err, db);
	if (roles.n)
		*agency_id = roles.items[0].agency_id;
	for (i = 0; i < roles.n && !who->is_system; i++) {
		seen |= access_can_see(db, who, roles.items[i].agency_id);
		memset(&denied, 0, sizeof denied);
		if (access_require(db, who, roles.items[i].agency_id, ROLE_ADMIN, &denied)) {
			if (denied.code != SVC_FORBIDDEN) {
				user_role_list_free(&roles);
				*err = denied;
				return -1;
			}
			all = 0;
		}
	}
	user_role_list_free(&roles);
	if (who->is_system)
		return 0;
	if (!seen)
		return svc_fail(err, SVC_NOT_FOUND, "user_id", "用户不存在 / user not found");
	if (!all)
		return svc_fail(err, SVC_FORBIDDEN, NULL,
				"该用户在您管理的机关以外也有岗位，只能由上级机关的管理员办理 / "
				"the user holds roles outside the agencies you administer");
	return 0;
}

/* {"login": login} as an audit detail into b. */
static void login_detail(struct buf *b, const char *login)
{
	struct jsonw w;
	jsonw_init(&w, b, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "login");
	jsonw_string(&w, login);
	jsonw_object_end(&w);
}

/* accounts_user_create and accounts_user_create_initial: must_change is
 * stored as the user's must_change_password flag. */
static int user_create(struct db *db, const struct actor *who, const char *login,
		       const char *display_name, const char *password, int64_t agency_id,
		       const char *role, int must_change, int64_t *id, struct svc_error *err)
{
	char hash[ACCOUNTS_HASH_MAX], now[32];
	struct buf detail = BUF_INIT(4096);
	struct jsonw w;
	struct agency ag;
	int rc;

	if (accounts_check_login(login, err) || accounts_check_password(password, err))
		return -1;
	if (!display_name || !display_name[0] || strlen(display_name) >= USER_NAME_MAX)
		return svc_fail(err, SVC_INVALID, "display_name",
				"姓名不能为空且不超过127字节 / display_name: 1-127 bytes");
	if ((agency_id > 0) != (role != NULL))
		return svc_fail(err, SVC_INVALID, agency_id > 0 ? "role" : "agency_id",
				"机关与角色须同时提供 / agency_id and role go together");
	if (role && !role_known(role))
		return svc_fail(err, SVC_INVALID, "role", "未知角色 / unknown role '%s'", role);
	if (!who->is_system && agency_id <= 0)
		return svc_fail(err, SVC_INVALID, "agency_id",
				"请指定新用户所属机关和角色 / agency_id and role are required");
	/* Hash before the transaction: Argon2 takes a while and SQLite
	 * writers queue behind an open write transaction. */
	if (accounts_password_hash(password, hash, sizeof hash))
		return svc_fail(err, SVC_INTERNAL, NULL, "内部错误 / cannot hash password");
	if (db_begin(db))
		return svc_db_fail(err, db);
	if (agency_id > 0) {
		rc = agency_store_get(db, agency_id, &ag);
		if (rc < 0)
			return db_fail_rollback(db, err);
		if (rc == 1 || !access_can_see(db, who, agency_id)) {
			db_rollback(db);
			return svc_fail(err, SVC_NOT_FOUND, "agency_id", "机关不存在 / agency not found");
		}
		if (access_require(db, who, agency_id, ROLE_ADMIN, err))
			return fail_rollback(db);
	}
	if (user_store_create(db, login, display_name, hash, must_change,
			      iso_time_format(accounts_now(), now, sizeof now), id)) {
		if (db_errclass(db) == DB_ERR_CONFLICT) {
			db_rollback(db);
			return svc_fail(err, SVC_CONFLICT, "login",
					"登录名已存在 / login '%s' is taken", login);
		}
		return db_fail_rollback(db, err);
	}
	if (agency_id > 0 && user_store_add_role(db, *id, agency_id, role))
		return db_fail_rollback(db, err);
	jsonw_init(&w, &detail, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "login");
	jsonw_string(&w, login);
	jsonw_key(&w, "display_name");
	jsonw_string(&w, display_name);
	if (role) {
		jsonw_key(&w, "role");
		jsonw_string(&w, role);
	}
	jsonw_object_end(&w);
	rc = audit(db, who, agency_id, "user.create", "user", *id, &detail);
	buf_free(&detail);
	if (rc || db_commit(db))
		return db_fail_rollback(db, err);
	return 0;
}

int accounts_user_create(struct db *db, const struct actor *who, const char *login,
			 const char *display_name, const char *password,
			 int64_t agency_id, const char *role, int64_t *id,
			 struct svc_error *err)
{
	return user_create(db, who, login, display_name, password, agency_id, role, 0, id, err);
}

int accounts_user_create_initial(struct db *db, const struct actor *who, const char *login,
				 const char *display_name, const char *password,
				 int64_t agency_id, const char *role, int64_t *id,
				 struct svc_error *err)
{
	return user_create(db, who, login, display_name, password, agency_id, role, 1, id, err);
}

int accounts_user_set_role(struct db *db, const struct actor *who, int64_t user_id,
			   int64_t agency_id, const char *role, int grant,
			   struct svc_error *err)
{
	struct user u;
	struct agency ag;
	struct buf detail = BUF_INIT(1024);
	struct jsonw w;
	int rc;

	if (!role_known(role))
		return svc_fail(err, SVC_INVALID, "role", "未知角色 / unknown role '%s'",
				role ? role : "");
	if (db_begin(db))
		return svc_db_fail(err, db);
	rc = agency_store_get(db, agency_id, &ag);
	if (rc < 0)
		return db_fail_rollback(db, err);
	if (rc == 1 || !access_can_see(db, who, agency_id)) {
		db_rollback(db);
		return svc_fail(err, SVC_NOT_FOUND, "agency_id", "机关不存在 / agency not found");
	}
	if (access_require(db, who, agency_id, ROLE_ADMIN, err))
		return fail_rollback(db);
	rc = user_store_get(db, user_id, &u);
	if (rc < 0)
		return db_fail_rollback(db, err);
	if (rc == 1) {
		db_rollback(db);
		return svc_fail(err, SVC_NOT_FOUND, "user_id", "用户不存在 / user not found");
	}
	if (grant)
		rc = user_store_add_role(db, user_id, agency_id, role);
	else {
		rc = user_store_remove_role(db, user_id, agency_id, role);
		if (rc == 1) {
			db_rollback(db);
			return svc_fail(err, SVC_NOT_FOUND, "role",
					"该用户在此机关没有此角色 / the user does not hold that role there");
		}
	}
	if (rc)
		return db_fail_rollback(db, err);
	jsonw_init(&w, &detail, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "login");
	jsonw_string(&w, u.login);
	jsonw_key(&w, "agency_id");
	jsonw_int(&w, agency_id);
	jsonw_key(&w, "role");
	jsonw_string(&w, role);
	jsonw_object_end(&w);
	rc = audit(db, who, agency_id, grant ? "user.role_add" : "user.role_remove", "user",
		   user_id, &detail);
	buf_free(&detail);
	if (rc || db_commit(db))
		return db_fail_rollback(db, err);
	return 0;
}

int accounts_user_set_disabled(struct db *db, const struct actor *who, int64_t user_id,
			       int disabled, struct svc_error *err)
{
	struct user u;
	struct buf detail = BUF_INIT(1024);
	int64_t agency_id;
	int rc;
	if (disabled && !who->is_system && who->user_id == user_id)
		return svc_fail(err, SVC_CONFLICT, NULL, "不能停用自己的账号 / cannot disable yourself");
	if (db_begin(db))
		return svc_db_fail(err, db);
	if (require_admin_over_user(db, who, user_id, &u, &agency_id, err))
		return fail_rollback(db);
	rc = user_store_set_disabled(db, user_id, disabled);
	if (rc < 0)
		return db_fail_rollback(db, err);
	if (rc == 1) {
		db_rollback(db);
		return svc_fail(err, SVC_NOT_FOUND, "user_id", "用户不存在 / user not found");
	}
	login_detail(&detail, u.login);
	rc = (disabled && session_store_delete_user(db, user_id) < 0) ||
	     audit(db, who, agency_id, disabled ? "user.disable" : "user.enable", "user", user_id,
		   &detail);
	buf_free(&detail);
	if (rc || db_commit(db))
		return db_fail_rollback(db, err);
	return 0;
}

/* Inside an open transaction: store hash as u's password (must_change
 * cleared), end all u's sessions, revoke u's API tokens when who is
 * someone else, audit user.password under agency_id, and commit. 0, or -1
 * with err after rolling back. */
static int password_write(struct db *db, const struct actor *who, const struct user *u,
			  int64_t agency_id, const char *hash, struct svc_error *err)
{
	char now[32];
	struct buf detail = BUF_INIT(1024);
	/* A password someone else set is known to them: the user must replace
	 * it at the next login (the back office sends them to 修改密码). */
	int rc = user_store_set_password(db, u->id, hash, who->user_id != u->id);
	if (rc < 0)
		return db_fail_rollback(db, err);
	if (rc == 1) {
		db_rollback(db);
		return svc_fail(err, SVC_NOT_FOUND, "user_id", "用户不存在 / user not found");
	}
	login_detail(&detail, u->login);
	/* Someone else's reset (a forgotten or compromised password) also
	 * revokes the user's API tokens; one's own change keeps them. */
	iso_time_format(accounts_now(), now, sizeof now);
	rc = session_store_delete_user(db, u->id) < 0 ||
	     (who->user_id != u->id && token_store_revoke_user(db, u->id, now) < 0) ||
	     audit(db, who, agency_id, "user.password", "user", u->id, &detail);
	buf_free(&detail);
	if (rc || db_commit(db))
		return db_fail_rollback(db, err);
	return 0;
}

int accounts_user_set_password(struct db *db, const struct actor *who, int64_t user_id,
			       const char *password, struct svc_error *err)
{
	char hash[ACCOUNTS_HASH_MAX];
	struct user u;
	int64_t agency_id = 0;
	int rc;
	if (accounts_check_password(password, err))
		return -1;
	if (accounts_password_hash(password, hash, sizeof hash))
		return svc_fail(err, SVC_INTERNAL, NULL, "内部错误 / cannot hash password");
	if (db_begin(db))
		return svc_db_fail(err, db);
	if (who->user_id == user_id && who->user_id > 0) {
		rc = user_store_get(db, user_id, &u);
		if (rc < 0)
			return db_fail_rollback(db, err);
		if (rc == 1) {
			db_rollback(db);
			return svc_fail(err, SVC_NOT_FOUND, "user_id", "用户不存在 / user not found");
		}
	} else if (require_admin_over_user(db, who, user_id, &u, &agency_id, err)) {
		return fail_rollback(db);
	}
	return password_write(db, who, &u, agency_id, hash, err);
}

/* A wrong password (at login, or the current one when changing it):
 * count it against the login and the address in one transaction and audit
 * login.fail {"login", "ip", "locked"[, "where"]} as `by`. *locked = 1 if
 * this failure locked either key. 0, or -1 with err. */
static int count_failure(struct db *db, const struct actor *by, const char *login, const char *ip,
			 const char *where, int64_t user_id, const char *key_login,
			 const char *key_ip, const char *now_s, const char *floor_s,
			 const char *lock_s, int *locked, struct svc_error *err)
{
	struct buf detail = BUF_INIT(1024);
	struct jsonw w;
	int locked_login = 0, locked_ip = 0, rc;
	*locked = 0;
	if (db_begin(db))
		return svc_db_fail(err, db);
	if (throttle_store_fail(db, key_login, now_s, floor_s, ACCOUNTS_LOGIN_LIMIT,
				lock_s, &locked_login) < 0 ||
	    throttle_store_fail(db, key_ip, now_s, floor_s, ACCOUNTS_IP_LIMIT,
				lock_s, &locked_ip) < 0)
		return db_fail_rollback(db, err);
	*locked = locked_login || locked_ip;
	jsonw_init(&w, &detail, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "login");
	jsonw_stringn(&w, login, strnlen(login, 63));
	jsonw_key(&w, "ip");
	jsonw_string(&w, ip ? ip : "");
	jsonw_key(&w, "locked");
	jsonw_bool(&w, *locked);
	if (where) {
		jsonw_key(&w, "where");
		jsonw_string(&w, where);
	}
	jsonw_object_end(&w);
	rc = audit(db, by, 0, "login.fail", "user", user_id, &detail);
	buf_free(&detail);
	if (rc || db_commit(db))
		return db_fail_rollback(db, err);
	return 0;
}

int accounts_change_own_password(struct db *db, const struct actor *who, const char *current,
				 const char *new_password, struct svc_error *err)
{
	char hash[ACCOUNTS_HASH_MAX], key_login[96], key_ip[96], until[32];
	char now_s[32], floor_s[32], lock_s[32];
	time_t now = accounts_now();
	struct user u;
	struct user_role_list roles = {0};
	int64_t agency_id = 0;
	int rc, ok, locked_login = 0;

	if (who->is_system || who->user_id <= 0)
		return svc_fail(err, SVC_UNAUTHENTICATED, NULL, "请先登录 / not logged in");
	if (!current || !current[0])
		return svc_fail(err, SVC_INVALID, "current_password",
				"请输入当前密码 / current password is required");
	if (accounts_check_password(new_password, err))
		return -1;
	if (!strcmp(current, new_password))
		return svc_fail(err, SVC_INVALID, "password",
				"新密码不能与当前密码相同 / the new password equals the current one");
	snprintf(key_login, sizeof key_login, "login:%.63s", who->login);
	snprintf(key_ip, sizeof key_ip, "ip:%.63s", who->ip[0] ? who->ip : "unknown");
	iso_time_format(now, now_s, sizeof now_s);
	iso_time_format(now - ACCOUNTS_FAIL_WINDOW, floor_s, sizeof floor_s);
	iso_time_format(now + ACCOUNTS_LOCK_SECONDS, lock_s, sizeof lock_s);
	if (throttle_store_locked_until(db, key_login, now_s, until, sizeof until))
		return svc_db_fail(err, db);
	if (until[0])
		return svc_fail(err, SVC_RATE_LIMITED, "current_password",
				"密码输入错误次数过多，已暂时锁定，请在%s后重试 / locked until %s",
				until, until);
	rc = user_store_find_login(db, who->login, &u, hash, sizeof hash);
	if (rc < 0)
		return svc_db_fail(err, db);
	if (rc == 1 || u.id != who->user_id || u.disabled)
		return svc_fail(err, SVC_UNAUTHENTICATED, NULL, "请先登录 / not logged in");
	ok = strlen(current) <= ACCOUNTS_PASSWORD_MAX && accounts_password_verify(hash, current);
	if (!ok) {
		/* Counted like a failed login, so a session left open does not
		 * allow guessing the password. */
		if (count_failure(db, who, u.login, who->ip, "password_change", u.id, key_login, key_ip,
				  now_s, floor_s, lock_s, &locked_login, err))
			return -1;
		return svc_fail(err, SVC_UNAUTHENTICATED, "current_password",
				"当前密码不正确 / the current password is wrong");
	}
	if (accounts_password_hash(new_password, hash, sizeof hash))
		return svc_fail(err, SVC_INTERNAL, NULL, "内部错误 / cannot hash password");
	if (db_begin(db))
		return svc_db_fail(err, db);
	if (user_store_roles(db, u.id, &roles))
		return db_fail_rollback(db, err);
	if (roles.n)
		agency_id = roles.items[0].agency_id;
	user_role_list_free(&roles);
	if (throttle_store_clear(db, key_login))
		return db_fail_rollback(db, err);
	return password_write(db, who, &u, agency_id, hash, err);
}

int accounts_user_lookup(struct db *db, const char *ref, struct user *out,
			 struct svc_error *err)
{
	int64_t id;
	int rc;
	if (digits_only(ref) && !str_to_int64(ref, &id))
		rc = user_store_get(db, id, out);
	else
		rc = user_store_find_login(db, ref ? ref : "", out, NULL, 0);
	if (rc < 0)
		return svc_db_fail(err, db);
	if (rc == 1)
		return svc_fail(err, SVC_NOT_FOUND, "user", "用户不存在 / no user '%s'",
				ref ? ref : "");
	return 0;
}

int accounts_user_list(struct db *db, const struct actor *who, struct user_list *out,
		       struct svc_error *err)
{
	struct user_role_list roots = {0};
	struct user_list part = {0};
	size_t i, j, k;
	if (who->is_system)
		return user_store_list(db, out) ? svc_db_fail(err, db) : 0;
	if (admin_roots(db, who, &roots, err))
		return -1;
	for (i = 0; i < roots.n; i++)
		if (user_store_list_in_subtree(db, roots.items[i].agency_id, &part)) {
			user_role_list_free(&roots);
			user_list_free(&part);
			return svc_db_fail(err, db);
		}
	user_role_list_free(&roots);
	/* Merge, dropping duplicates (a user may be under several admin roots). */
	for (j = 0; j < part.n; j++) {
		int dup = 0;
		for (k = 0; k < out->n && !dup; k++)
			dup = out->items[k].id == part.items[j].id;
		if (!dup) {
			if (out->n == out->cap) {
				out->cap = out->cap ? out->cap * 2 : 16;
				out->items = xreallocarray(out->items, out->cap, sizeof *out->items);
			}
			out->items[out->n++] = part.items[j];
		}
	}
	user_list_free(&part);
	return 0;
}

/* ---------- login and sessions ---------- */

/* 429 for a key locked until `until`. */
static int locked_fail(time_t now, const char *until, struct login_result *out,
		       struct svc_error *err)
{
	time_t t = iso_time_parse(until);
	long secs = t > now ? (long)(t - now) : 60;
	out->retry_after = (int)secs;
	return svc_fail(err, SVC_RATE_LIMITED, NULL,
			"登录失败次数过多，已暂时锁定，请在%ld分钟后（%s）重试 / "
			"too many failed logins; try again in %ld minutes (after %s)",
			(secs + 59) / 60, until, (secs + 59) / 60, until);
}

int accounts_login(struct db *db, const char *login, const char *password,
		   const char *ip, const char *user_agent,
		   struct login_result *out, struct svc_error *err)
{
	char hash[USER_HASH_MAX], key_login[96], key_ip[96], until[32];
	char now_s[32], floor_s[32], lock_s[32], exp_s[32], idle_s[32], stale_s[32];
	char sid_hash[SESSION_HASH_HEX];
	time_t now = accounts_now();
	struct actor self;
	struct buf detail = BUF_INIT(1024);
	struct jsonw w;
	int rc, found, ok, locked_login = 0;

	memset(out, 0, sizeof *out);
	if (!login || !login[0])
		return svc_fail(err, SVC_INVALID, "login", "请输入登录名 / login is required");
	if (!password || !password[0])
		return svc_fail(err, SVC_INVALID, "password", "请输入密码 / password is required");
	if (secret_init())
		return svc_fail(err, SVC_INTERNAL, NULL, "内部错误 / libsodium");
	snprintf(key_login, sizeof key_login, "login:%.63s", login);
	snprintf(key_ip, sizeof key_ip, "ip:%.63s", ip && ip[0] ? ip : "unknown");
	iso_time_format(now, now_s, sizeof now_s);
	iso_time_format(now - ACCOUNTS_FAIL_WINDOW, floor_s, sizeof floor_s);
	iso_time_format(now + ACCOUNTS_LOCK_SECONDS, lock_s, sizeof lock_s);

	/* Locked keys are refused before any password is checked. */
	if (throttle_store_locked_until(db, key_login, now_s, until, sizeof until))
		return svc_db_fail(err, db);
	if (!until[0] && throttle_store_locked_until(db, key_ip, now_s, until, sizeof until))
		return svc_db_fail(err, db);
	if (until[0])
		return locked_fail(now, until, out, err);

	found = strlen(login) < USER_LOGIN_MAX && strlen(password) <= ACCOUNTS_PASSWORD_MAX
		? user_store_find_login(db, login, &out->user, hash, sizeof hash) : 1;
	if (found < 0)
		return svc_db_fail(err, db);
	if (found == 0 && !out->user.disabled) {
		ok = accounts_password_verify(hash, password);
	} else {
		/* Same work for unknown or disabled accounts. */
		pthread_once(&dummy_once, make_dummy_hash);
		accounts_password_verify(dummy_hash, password);
		ok = 0;
	}

	if (!ok) {
		memset(&self, 0, sizeof self);
		str_copy(self.login, "anonymous", sizeof self.login);
		if (count_failure(db, &self, login, ip, NULL, found == 0 ? out->user.id : 0, key_login,
				  key_ip, now_s, floor_s, lock_s, &locked_login, err))
			return -1;
		memset(&out->user, 0, sizeof out->user);
		if (locked_login)
			return locked_fail(now, lock_s, out, err);
		return svc_fail(err, SVC_UNAUTHENTICATED, NULL,
				"登录名或密码错误 / wrong login or password");
	}

	/* Upgrade the hash if the limits changed since it was made. */
	if (crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
					   crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0 &&
	    accounts_password_hash(password, hash, sizeof hash) == 0)
		user_store_set_password(db, out->user.id, hash, out->user.must_change_password);

	new_secret("", out->session_id, sizeof out->session_id);
	new_secret("", out->csrf_token, sizeof out->csrf_token);
	secret_hash(out->session_id, sid_hash);
	iso_time_format(now + ACCOUNTS_SESSION_MAX, exp_s, sizeof exp_s);
	iso_time_format(now - ACCOUNTS_SESSION_IDLE, idle_s, sizeof idle_s);
	memset(&self, 0, sizeof self);
	self.user_id = out->user.id;
	str_copy(self.login, out->user.login, sizeof self.login);
	str_copy(self.ip, ip ? ip : "", sizeof self.ip);
	jsonw_init(&w, &detail, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "ip");
	jsonw_string(&w, ip ? ip : "");
	jsonw_object_end(&w);
	if (db_begin(db)) {
		buf_free(&detail);
		return svc_db_fail(err, db);
	}
	iso_time_format(now - ACCOUNTS_THROTTLE_KEEP, stale_s, sizeof stale_s);
	rc = throttle_store_clear(db, key_login) ||
	     session_store_purge(db, now_s, idle_s) < 0 ||
	     throttle_store_purge(db, now_s, stale_s) < 0 ||
	     session_store_create(db, sid_hash, out->user.id, out->csrf_token, now_s, exp_s,
				  ip, user_agent && strlen(user_agent) < 512 ? user_agent : NULL) ||
	     user_store_touch_login(db, out->user.id, now_s) ||
	     audit(db, &self, 0, "session.login", "user", out->user.id, &detail);
	buf_free(&detail);
	if (rc || db_commit(db)) {
		sodium_memzero(out->session_id, sizeof out->session_id);
		return db_fail_rollback(db, err);
	}
	str_copy(out->user.last_login_at, now_s, sizeof out->user.last_login_at);
	return 0;
}

int accounts_logout(struct db *db, const char *session_id, struct svc_error *err)
{
	char h[SESSION_HASH_HEX];
	if (!secret_well_formed(session_id, ""))
		return 0;
	secret_hash(session_id, h);
	return session_store_delete(db, h) < 0 ? svc_db_fail(err, db) : 0;
}

int accounts_session_check(struct db *db, const char *session_id, struct auth_info *out)
{
	struct session_row s;
	char h[SESSION_HASH_HEX], now_s[32], idle_s[32], touch_s[32];
	time_t now = accounts_now();
	int rc;
	memset(out, 0, sizeof *out);
	if (!secret_well_formed(session_id, "") || secret_init())
		return 1;
	secret_hash(session_id, h);
	rc = session_store_get(db, h, &s);
	if (rc)
		return rc;
	iso_time_format(now, now_s, sizeof now_s);
	iso_time_format(now - ACCOUNTS_SESSION_IDLE, idle_s, sizeof idle_s);
	if (strcmp(s.expires_at, now_s) <= 0 || strcmp(s.last_seen_at, idle_s) <= 0) {
		session_store_delete(db, h);
		return 1;
	}
	if (s.user_disabled)
		return 1;
	iso_time_format(now - 60, touch_s, sizeof touch_s);
	if (strcmp(s.last_seen_at, touch_s) < 0 && session_store_touch(db, h, now_s))
		return -1;
	out->user_id = s.user_id;
	str_copy(out->login, s.login, sizeof out->login);
	str_copy(out->csrf_token, s.csrf_token, sizeof out->csrf_token);
	return 0;
}

/* ---------- API tokens ---------- */

int accounts_token_create(struct db *db, const struct actor *who, int64_t user_id,
			  const char *label, char *token, size_t tokensize,
			  int64_t *id, struct svc_error *err)
{
	char h[SESSION_HASH_HEX], now[32];
	struct user u;
	struct buf detail = BUF_INIT(1024);
	struct jsonw w;
	int rc;
	if (!who->is_system && who->user_id != user_id)
		return svc_fail(err, SVC_FORBIDDEN, NULL,
				"只能为自己创建令牌 / tokens are created by their owner");
	if (label && strlen(label) >= 128)
		return svc_fail(err, SVC_INVALID, "label", "标签过长 / label longer than 127 bytes");
	if (tokensize < ACCOUNTS_SECRET_MAX || secret_init())
		return svc_fail(err, SVC_INTERNAL, NULL, "内部错误 / token buffer");
	new_secret("gk_", token, tokensize);
	secret_hash(token, h);
	if (db_begin(db))
		return svc_db_fail(err, db);
	rc = user_store_get(db, user_id, &u);
	if (rc < 0)
		return db_fail_rollback(db, err);
	if (rc == 1 || u.disabled) {
		db_rollback(db);
		return svc_fail(err, SVC_NOT_FOUND, "user", "用户不存在或已停用 / no such active user");
	}
	if (token_store_create(db, user_id, h, label ? label : "",
			       iso_time_format(accounts_now(), now, sizeof now), id))
		return db_fail_rollback(db, err);
	jsonw_init(&w, &detail, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "token_id");
	jsonw_int(&w, *id);
	jsonw_key(&w, "label");
	jsonw_string(&w, label ? label : "");
	jsonw_object_end(&w);
	rc = audit(db, who, 0, "token.create", "user", user_id, &detail);
	buf_free(&detail);
	if (rc || db_commit(db)) {
		sodium_memzero(token, tokensize);
		return db_fail_rollback(db, err);
	}
	return 0;
}

int accounts_token_revoke(struct db *db, const struct actor *who, int64_t token_id,
			  struct svc_error *err)
{
	struct token_row t;
	char now[32];
	int rc;
	if (db_begin(db))
		return svc_db_fail(err, db);
	rc = token_store_get_id(db, token_id, &t);
	if (rc < 0)
		return db_fail_rollback(db, err);
	if (rc == 1 || (!who->is_system && who->user_id != t.user_id)) {
		db_rollback(db);
		return svc_fail(err, SVC_NOT_FOUND, "token_id", "令牌不存在 / token not found");
	}
	rc = token_store_revoke(db, token_id, iso_time_format(accounts_now(), now, sizeof now));
	if (rc < 0)
		return db_fail_rollback(db, err);
	if (rc == 1) {
		db_rollback(db);
		return svc_fail(err, SVC_NOT_FOUND, "token_id", "令牌不存在或已撤销 / token not found");
	}
	if (audit(db, who, 0, "token.revoke", "api_token", token_id, NULL) || db_commit(db))
		return db_fail_rollback(db, err);
	return 0;
}

int accounts_token_check(struct db *db, const char *token, struct auth_info *out)
{
	struct token_row t;
	char h[SESSION_HASH_HEX], now_s[32], touch_s[32];
	time_t now = accounts_now();
	int rc;
	memset(out, 0, sizeof *out);
	if (!secret_well_formed(token, "gk_") || secret_init())
		return 1;
	secret_hash(token, h);
	rc = token_store_get(db, h, &t);
	if (rc)
		return rc;
	if (t.revoked_at[0] || t.user_disabled)
		return 1;
	iso_time_format(now, now_s, sizeof now_s);
	iso_time_format(now - 60, touch_s, sizeof touch_s);
	if (strcmp(t.last_used_at, touch_s) < 0 && token_store_touch(db, t.id, now_s))
		return -1;
	out->user_id = t.user_id;
	out->token_id = t.id;
	str_copy(out->login, t.login, sizeof out->login);
	return 0;
}
