/* sessions.h - login sessions, API tokens and throttling (failed logins,
 * online applications per address).
 *
 * Everything is in the database so that any gongkai process behind a load
 * balancer can validate any request. Secrets are never stored: sessions
 * and tokens are looked up by the hex SHA-256 of the secret the client
 * holds (the service computes it). Times are ISO-8601 UTC text, which
 * compares correctly as strings. */
#ifndef GK_STORE_SESSIONS_H
#define GK_STORE_SESSIONS_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define SESSION_HASH_HEX 65        /* 64 hex digits + NUL */
#define SESSION_CSRF_MAX 64

/* A session joined with its user. */
struct session_row {
	int64_t user_id;
	char login[64];
	int user_disabled;
	char csrf_token[SESSION_CSRF_MAX];
	char created_at[32];
	char last_seen_at[32];
	char expires_at[32];
};

/* Insert a session. 0 or -1. */
int session_store_create(struct db *db, const char *id_hash, int64_t user_id,
			 const char *csrf_token, const char *created_at,
			 const char *expires_at, const char *remote_addr,
			 const char *user_agent);
/* Load a session by hash: 0 found (whatever its times), 1 none, -1 error. */
int session_store_get(struct db *db, const char *id_hash, struct session_row *out);
/* Set last_seen_at. 0 or -1. */
int session_store_touch(struct db *db, const char *id_hash, const char *at);
/* Delete one session: 0 deleted, 1 none, -1 error. */
int session_store_delete(struct db *db, const char *id_hash);
/* Delete every session of a user. Returns how many (>= 0) or -1. */
int64_t session_store_delete_user(struct db *db, int64_t user_id);
/* Delete sessions whose expires_at <= now or last_seen_at <= idle_before.
 * Returns how many (>= 0) or -1. */
int64_t session_store_purge(struct db *db, const char *now, const char *idle_before);

/* An API token joined with its user. */
struct token_row {
	int64_t id;
	int64_t user_id;
	char login[64];
	int user_disabled;
	char label[128];
	char created_at[32];
	char last_used_at[32];
	char revoked_at[32];
};

/* Insert a token. 0 with *id, or -1. */
int token_store_create(struct db *db, int64_t user_id, const char *token_hash,
		       const char *label, const char *created_at, int64_t *id);
/* Load a token by hash: 0 found, 1 none, -1 error. */
int token_store_get(struct db *db, const char *token_hash, struct token_row *out);
/* Load a token by id: 0 found, 1 none, -1 error. */
int token_store_get_id(struct db *db, int64_t id, struct token_row *out);
/* Record use. 0 or -1. */
int token_store_touch(struct db *db, int64_t id, const char *at);
/* Revoke: 0 revoked now, 1 no such live token, -1 error. */
int token_store_revoke(struct db *db, int64_t id, const char *at);
/* Revoke every live token of a user at `at`. The number revoked, or -1. */
int64_t token_store_revoke_user(struct db *db, int64_t user_id, const char *at);

/* Throttling, one row per key: failed logins ("login:NAME", "ip:ADDR",
 * service/accounts.c) and accepted online applications ("apply:ADDR",
 * service/apply_limit.c); "failures" below are whatever the key counts. */
/* The key's locked_until if it is later than now, else "": 0, or -1. */
int throttle_store_locked_until(struct db *db, const char *key, const char *now,
				char *until, size_t untilsize);
/* Count a failure at `now`: failures since window_start, where a
 * window_start earlier than window_floor starts a new window. When the
 * count reaches limit, lock the key until lock_until and start over.
 * Returns the failures counted in the current window (0 right after a
 * lock) or -1. *locked is set to 1 if this failure locked the key. */
int throttle_store_fail(struct db *db, const char *key, const char *now,
			const char *window_floor, int limit, const char *lock_until,
			int *locked);
/* Forget a key (after a successful login). 0 or -1. */
int throttle_store_clear(struct db *db, const char *key);
/* Forget every key whose window started before idle_before and that is not
 * locked at now (so the table holds only recent addresses and logins).
 * The number deleted, or -1. */
int64_t throttle_store_purge(struct db *db, const char *now, const char *idle_before);

#endif
