/* sessions.c - sessions, API tokens and login throttling in the database
 * (store/sessions.h). */
#include "store/sessions.h"
#include "store/db.h"
#include "base/str.h"

#include <string.h>

int session_store_create(struct db *db, const char *id_hash, int64_t user_id,
			 const char *csrf_token, const char *created_at,
			 const char *expires_at, const char *remote_addr,
			 const char *user_agent)
{
	struct db_param p[7] = {
		DBP_TEXT(id_hash), DBP_INT(user_id), DBP_TEXT(csrf_token),
		DBP_TEXT(created_at), DBP_TEXT(expires_at), DBP_TEXT(remote_addr),
		DBP_TEXT(user_agent)
	};
	return db_exec(db,
		"INSERT INTO sessions (id, user_id, csrf_token, created_at, last_seen_at, "
		"expires_at, remote_addr, user_agent) VALUES ($1, $2, $3, $4, $4, $5, $6, $7)",
		p, 7) == 1 ? 0 : -1;
}

int session_store_get(struct db *db, const char *id_hash, struct session_row *out)
{
	struct db_param p[1] = {DBP_TEXT(id_hash)};
	struct db_stmt *st = db_query(db,
		"SELECT s.user_id, u.login, u.disabled, s.csrf_token, s.created_at, "
		"s.last_seen_at, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id "
		"WHERE s.id = $1", p, 1);
	int rc;
	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == 1) {
		memset(out, 0, sizeof *out);
		out->user_id = db_col_int(st, 0);
		str_copy(out->login, db_col_text(st, 1), sizeof out->login);
		out->user_disabled = (int)db_col_int(st, 2);
		str_copy(out->csrf_token, db_col_text(st, 3), sizeof out->csrf_token);
		str_copy(out->created_at, db_col_text(st, 4), sizeof out->created_at);
		str_copy(out->last_seen_at, db_col_text(st, 5), sizeof out->last_seen_at);
		str_copy(out->expires_at, db_col_text(st, 6), sizeof out->expires_at);
	}
	db_finish(st);
	return rc < 0 ? -1 : rc == 1 ? 0 : 1;
}

int session_store_touch(struct db *db, const char *id_hash, const char *at)
{
	struct db_param p[2] = {DBP_TEXT(at), DBP_TEXT(id_hash)};
	return db_exec(db, "UPDATE sessions SET last_seen_at = $1 WHERE id = $2", p, 2) < 0 ? -1 : 0;
}

int session_store_delete(struct db *db, const char *id_hash)
{
	struct db_param p[1] = {DBP_TEXT(id_hash)};
	int64_t n = db_exec(db, "DELETE FROM sessions WHERE id = $1", p, 1);
	return n < 0 ? -1 : n == 0 ? 1 : 0;
}

int64_t session_store_delete_user(struct db *db, int64_t user_id)
{
	struct db_param p[1] = {DBP_INT(user_id)};
	return db_exec(db, "DELETE FROM sessions WHERE user_id = $1", p, 1);
}

int64_t session_store_purge(struct db *db, const char *now, const char *idle_before)
{
	struct db_param p[2] = {DBP_TEXT(now), DBP_TEXT(idle_before)};
	return db_exec(db, "DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2",
		       p, 2);
}

#define TOKEN_SELECT "SELECT t.id, t.user_id, u.login, u.disabled, t.label, t.created_at, " \
		     "t.last_used_at, t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id "

static int token_one(struct db *db, const char *sql, const struct db_param *p,
		     struct token_row *out)
{
	struct db_stmt *st = db_query(db, sql, p, 1);
	int rc;
	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == 1) {
		memset(out, 0, sizeof *out);
		out->id = db_col_int(st, 0);
		out->user_id = db_col_int(st, 1);
		str_copy(out->login, db_col_text(st, 2), sizeof out->login);
		out->user_disabled = (int)db_col_int(st, 3);
		str_copy(out->label, db_col_text(st, 4), sizeof out->label);
		str_copy(out->created_at, db_col_text(st, 5), sizeof out->created_at);
		str_copy(out->last_used_at, db_col_text(st, 6), sizeof out->last_used_at);
		str_copy(out->revoked_at, db_col_text(st, 7), sizeof out->revoked_at);
	}
	db_finish(st);
	return rc < 0 ? -1 : rc == 1 ? 0 : 1;
}

int token_store_create(struct db *db, int64_t user_id, const char *token_hash,
		       const char *label, const char *created_at, int64_t *id)
{
	struct db_param p[4] = {DBP_INT(user_id), DBP_TEXT(token_hash), DBP_TEXT(label),
				DBP_TEXT(created_at)};
	return db_query_int(db, "INSERT INTO api_tokens (user_id, token_hash, label, created_at) "
			    "VALUES ($1, $2, $3, $4) RETURNING id", p, 4, id) == 0 ? 0 : -1;
}

int token_store_get(struct db *db, const char *token_hash, struct token_row *out)
{
	struct db_param p[1] = {DBP_TEXT(token_hash)};
	return token_one(db, TOKEN_SELECT "WHERE t.token_hash = $1", p, out);
}

int token_store_get_id(struct db *db, int64_t id, struct token_row *out)
{
	struct db_param p[1] = {DBP_INT(id)};
	return token_one(db, TOKEN_SELECT "WHERE t.id = $1", p, out);
}

int token_store_touch(struct db *db, int64_t id, const char *at)
{
	struct db_param p[2] = {DBP_TEXT(at), DBP_INT(id)};
	return db_exec(db, "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", p, 2) < 0 ? -1 : 0;
}

int token_store_revoke(struct db *db, int64_t id, const char *at)
{
	struct db_param p[2] = {DBP_TEXT(at), DBP_INT(id)};
	int64_t n = db_exec(db, "UPDATE api_tokens SET revoked_at = $1 "
			    "WHERE id = $2 AND revoked_at IS NULL", p, 2);
	return n < 0 ? -1 : n == 0 ? 1 : 0;
}

int64_t token_store_revoke_user(struct db *db, int64_t user_id, const char *at)
{
	struct db_param p[2] = {DBP_TEXT(at), DBP_INT(user_id)};
	return db_exec(db, "UPDATE api_tokens SET revoked_at = $1 "
		       "WHERE user_id = $2 AND revoked_at IS NULL", p, 2);
}

int throttle_store_locked_until(struct db *db, const char *key, const char *now,
				char *until, size_t untilsize)
{
	struct db_param p[2] = {DBP_TEXT(key), DBP_TEXT(now)};
	struct db_stmt *st = db_query(db, "SELECT locked_until FROM login_throttle "
				      "WHERE key = $1 AND locked_until > $2", p, 2);
	int rc;
	until[0] = '\0';
	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == 1)
		str_copy(until, db_col_text(st, 0), untilsize);
	db_finish(st);
	return rc < 0 ? -1 : 0;
}

int throttle_store_fail(struct db *db, const char *key, const char *now,
			const char *window_floor, int limit, const char *lock_until,
			int *locked)
{
	struct db_param p[3] = {DBP_TEXT(key), DBP_TEXT(now), DBP_TEXT(window_floor)};
	int64_t n = 0;
	*locked = 0;
	/* One statement, so concurrent failures from several processes count
	 * exactly (the row is locked by the upsert on both engines). */
	if (db_query_int(db,
		"INSERT INTO login_throttle (key, failures, window_start) VALUES ($1, 1, $2) "
		"ON CONFLICT (key) DO UPDATE SET "
		" failures = CASE WHEN login_throttle.window_start < $3 THEN 1"
		"  ELSE login_throttle.failures + 1 END,"
		" window_start = CASE WHEN login_throttle.window_start < $3 THEN $2"
		"  ELSE login_throttle.window_start END "
		"RETURNING failures", p, 3, &n) != 0)
		return -1;
	if (n >= limit) {
		struct db_param q[3] = {DBP_TEXT(lock_until), DBP_TEXT(now), DBP_TEXT(key)};
		if (db_exec(db, "UPDATE login_throttle SET locked_until = $1, failures = 0, "
			    "window_start = $2 WHERE key = $3", q, 3) < 0)
			return -1;
		*locked = 1;
		return 0;
	}
	return (int)n;
}

int throttle_store_clear(struct db *db, const char *key)
{
	struct db_param p[1] = {DBP_TEXT(key)};
	return db_exec(db, "DELETE FROM login_throttle WHERE key = $1", p, 1) < 0 ? -1 : 0;
}

int64_t throttle_store_purge(struct db *db, const char *now, const char *idle_before)
{
	struct db_param p[2] = {DBP_TEXT(now), DBP_TEXT(idle_before)};
	return db_exec(db, "DELETE FROM login_throttle WHERE window_start < $2"
		       " AND (locked_until IS NULL OR locked_until <= $1)", p, 2);
}
