/* users.c - user accounts and roles in the database (store/users.h). */
#include "store/users.h"
#include "store/agencies.h"
#include "store/db.h"
#include "base/vec.h"
#include "base/str.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define USER_COLS "u.id, u.login, u.display_name, u.disabled, u.must_change_password, " \
		  "u.last_login_at, u.created_at"

void user_list_free(struct user_list *l)
{
	free(l->items);
	l->items = NULL;
	l->n = l->cap = 0;
}

void user_role_list_free(struct user_role_list *l)
{
	free(l->items);
	l->items = NULL;
	l->n = l->cap = 0;
}

static void row_to_user(struct db_stmt *st, struct user *u)
{
	memset(u, 0, sizeof *u);
	u->id = db_col_int(st, 0);
	str_copy(u->login, db_col_text(st, 1), sizeof u->login);
	str_copy(u->display_name, db_col_text(st, 2), sizeof u->display_name);
	u->disabled = (int)db_col_int(st, 3);
	u->must_change_password = (int)db_col_int(st, 4);
	str_copy(u->last_login_at, db_col_text(st, 5), sizeof u->last_login_at);
	str_copy(u->created_at, db_col_text(st, 6), sizeof u->created_at);
}

static int query_users(struct db *db, const char *sql, const struct db_param *p, int np,
		       struct user_list *out)
{
	struct db_stmt *st = db_query(db, sql, p, np);
	int rc;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1) {
		row_to_user(st, VEC_PUSH(out));
	}
	db_finish(st);
	return rc < 0 ? -1 : 0;
}

int user_store_create(struct db *db, const char *login, const char *display_name,
		      const char *password_hash, int must_change_password,
		      const char *created_at, int64_t *id)
{
	struct db_param p[5] = {
		DBP_TEXT(login), DBP_TEXT(display_name), DBP_TEXT(password_hash),
		DBP_INT(must_change_password ? 1 : 0), DBP_TEXT(created_at)
	};
	return db_query_int(db,
		"INSERT INTO users (login, display_name, password_hash, must_change_password, "
		"created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id", p, 5, id) == 0 ? 0 : -1;
}

int user_store_get(struct db *db, int64_t id, struct user *out)
{
	struct db_param p[1] = {DBP_INT(id)};
	struct db_stmt *st = db_query(db, "SELECT " USER_COLS " FROM users u WHERE u.id = $1",
				      p, 1);
	int rc;
	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == 1)
		row_to_user(st, out);
	db_finish(st);
	return rc < 0 ? -1 : rc == 1 ? 0 : 1;
}

int user_store_find_login(struct db *db, const char *login, struct user *out,
			  char *hash, size_t hashsize)
{
	struct db_param p[1] = {DBP_TEXT(login)};
	struct db_stmt *st = db_query(db, "SELECT " USER_COLS ", u.password_hash "
				      "FROM users u WHERE u.login = $1", p, 1);
	int rc;
	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == 1) {
		row_to_user(st, out);
		if (hash)
			str_copy(hash, db_col_text(st, 7), hashsize);
	}
	db_finish(st);
	return rc < 0 ? -1 : rc == 1 ? 0 : 1;
}

/* Run an UPDATE: 0 if a row changed, 1 if none, -1 on error. */
static int update_one(struct db *db, const char *sql, const struct db_param *p, int np)
{
	int64_t n = db_exec(db, sql, p, np);
	return n < 0 ? -1 : n == 0 ? 1 : 0;
}

int user_store_set_password(struct db *db, int64_t id, const char *password_hash,
			    int must_change_password)
{
	struct db_param p[3] = {DBP_TEXT(password_hash), DBP_INT(must_change_password ? 1 : 0),
				DBP_INT(id)};
	return update_one(db, "UPDATE users SET password_hash = $1, must_change_password = $2 "
			  "WHERE id = $3", p, 3);
}

int user_store_set_disabled(struct db *db, int64_t id, int disabled)
{
	struct db_param p[2] = {DBP_INT(disabled ? 1 : 0), DBP_INT(id)};
	return update_one(db, "UPDATE users SET disabled = $1 WHERE id = $2", p, 2);
}

int user_store_touch_login(struct db *db, int64_t id, const char *at)
{
	struct db_param p[2] = {DBP_TEXT(at), DBP_INT(id)};
	return update_one(db, "UPDATE users SET last_login_at = $1 WHERE id = $2", p, 2) < 0 ? -1 : 0;
}

int user_store_list(struct db *db, struct user_list *out)
{
	return query_users(db, "SELECT " USER_COLS " FROM users u ORDER BY u.login", NULL, 0, out);
}

int user_store_list_in_subtree(struct db *db, int64_t agency_id, struct user_list *out)
{
	struct db_param p[2] = {DBP_INT(agency_id), DBP_INT(AGENCY_MAX_DEPTH)};
	return query_users(db,
		"WITH RECURSIVE down(id, depth) AS ("
		" SELECT id, 0 FROM agencies WHERE id = $1"
		" UNION ALL"
		" SELECT c.id, down.depth + 1 FROM agencies c JOIN down ON c.parent_id = down.id"
		" WHERE down.depth < $2)"
		" SELECT " USER_COLS " FROM users u WHERE u.id IN ("
		"  SELECT r.user_id FROM user_roles r JOIN down ON r.agency_id = down.id)"
		" ORDER BY u.login", p, 2, out);
}

int user_store_add_role(struct db *db, int64_t user_id, int64_t agency_id, const char *role)
{
	struct db_param p[3] = {DBP_INT(user_id), DBP_INT(agency_id), DBP_TEXT(role)};
	return db_exec(db, "INSERT INTO user_roles (user_id, agency_id, role) VALUES ($1, $2, $3) "
		       "ON CONFLICT DO NOTHING", p, 3) < 0 ? -1 : 0;
}

int user_store_remove_role(struct db *db, int64_t user_id, int64_t agency_id, const char *role)
{
	struct db_param p[3] = {DBP_INT(user_id), DBP_INT(agency_id), DBP_TEXT(role)};
	return update_one(db, "DELETE FROM user_roles WHERE user_id = $1 AND agency_id = $2 "
			  "AND role = $3", p, 3);
}

int user_store_roles(struct db *db, int64_t user_id, struct user_role_list *out)
{
	struct db_param p[1] = {DBP_INT(user_id)};
	struct db_stmt *st = db_query(db,
		"SELECT r.agency_id, a.code, a.name, r.role FROM user_roles r "
		"JOIN agencies a ON a.id = r.agency_id WHERE r.user_id = $1 "
		"ORDER BY r.agency_id, r.role", p, 1);
	int rc;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1) {
		struct user_role *r;
		r = VEC_PUSH(out);
		r->agency_id = db_col_int(st, 0);
		str_copy(r->agency_code, db_col_text(st, 1), sizeof r->agency_code);
		str_copy(r->agency_name, db_col_text(st, 2), sizeof r->agency_name);
		str_copy(r->role, db_col_text(st, 3), sizeof r->role);
	}
	db_finish(st);
	return rc < 0 ? -1 : 0;
}
