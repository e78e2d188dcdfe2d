/* accounts.h - agencies, users, roles, logins, sessions and API tokens.
 *
 * The identity use cases. Changes follow the service pattern (one
 * transaction, access check, validation, write, audit entry, commit).
 *
 * Passwords: Argon2id via libsodium crypto_pwhash_str with the
 * "interactive" limits; hashes are upgraded on login when the limits
 * change (crypto_pwhash_str_needs_rehash).
 *
 * Sessions: a random 32-byte id (43 base64url characters) in the
 * "gk_session" cookie; the database keeps only its SHA-256. A session ends
 * after ACCOUNTS_SESSION_IDLE seconds without a request (8 hours) or
 * ACCOUNTS_SESSION_MAX seconds after login (7 days), whichever is first,
 * or at logout. Each session has its own CSRF token.
 *
 * Login throttling (in the database, shared by all processes): 5 failed
 * logins for one login name within 15 minutes lock that name for 15
 * minutes; 20 failures from one IP address within 15 minutes lock the
 * address for 15 minutes. Unknown login and wrong password give the same
 * answer, and take the same time.
 *
 * API tokens: "gk_" + 43 base64url characters, shown once; the database
 * keeps only the SHA-256. Used as "Authorization: Bearer gk_...". */
#ifndef GK_ACCOUNTS_H
#define GK_ACCOUNTS_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include "service/service.h"
#include "store/agencies.h"
#include "store/users.h"

struct db;

#define ACCOUNTS_SESSION_IDLE (8 * 3600)
#define ACCOUNTS_SESSION_MAX  (7 * 24 * 3600)
#define ACCOUNTS_LOGIN_LIMIT  5
#define ACCOUNTS_IP_LIMIT     20
#define ACCOUNTS_FAIL_WINDOW  (15 * 60)
/* Throttle rows (failed logins, online submissions) whose window started
 * longer ago than this and that are not locked are purged at each login;
 * longer than the longest apply_window the server accepts (30 days). */
#define ACCOUNTS_THROTTLE_KEEP (31 * 24 * 3600)
#define ACCOUNTS_LOCK_SECONDS (15 * 60)
#define ACCOUNTS_PASSWORD_MIN 8        /* characters (bytes) */
#define ACCOUNTS_PASSWORD_MAX 256
#define ACCOUNTS_SECRET_MAX   64       /* session ids, CSRF and API tokens, with NUL */
#define ACCOUNTS_HASH_MAX     160      /* a crypto_pwhash_str string, with NUL */

/* --- agencies --- */

struct agency_input {
	int64_t parent_id;        /* 0: a root agency (system actor only) */
	const char *code;         /* 1-63 characters [A-Za-z0-9_.-]; NULL/"": generated */
	const char *name;         /* 1-255 bytes */
	const char *kind;         /* "department" or "government"; NULL: department */
};

/* Create an agency. The actor must be admin of the parent (or of an
 * ancestor), or the system actor; only the system actor creates roots.
 * 0 with *id set, or -1 with err (400 invalid, 403, 404 parent, 409 code
 * taken). Audited as agency.create. */
int accounts_agency_create(struct db *db, const struct actor *who,
			   const struct agency_input *in, int64_t *id, struct svc_error *err);
/* Find an agency by numeric id or code (`ref`). 0 found, -1 with err 404. */
int accounts_agency_lookup(struct db *db, const char *ref, struct agency *out,
			   struct svc_error *err);
/* The agencies the actor may see, in tree order (system actor: all). */
int accounts_agency_visible(struct db *db, const struct actor *who,
			    struct agency_list *out, struct svc_error *err);
/* The agencies the actor administers (where they hold admin, and every
 * agency below), in tree order (system actor: all), into out (an empty
 * list). 0 or -1 with err. */
int accounts_agency_administered(struct db *db, const struct actor *who,
				 struct agency_list *out, struct svc_error *err);

/* --- users and roles --- */

/* Check a login name: 2-63 characters of [a-z0-9_.-@], starting with a
 * letter or digit, not "system". 0 or -1 with err (field "login"). */
int accounts_check_login(const char *login, struct svc_error *err);
/* Check a password's length. 0 or -1 with err (field "password"). */
int accounts_check_password(const char *password, struct svc_error *err);

/* Create a user. The system actor may create any user; anyone else must
 * be admin of agency_id (which must then be given with a role, so the new
 * account is within someone's administration). agency_id 0 / role NULL:
 * no initial role. 0 with *id, or -1 with err. Audited as user.create. */
int accounts_user_create(struct db *db, const struct actor *who, const char *login,
			 const char *display_name, const char *password,
			 int64_t agency_id, const char *role, int64_t *id,
			 struct svc_error *err);
/* As accounts_user_create, but the password is an initial one that the
 * user must change at the next login (must_change_password = 1); for
 * accounts an admin creates in the back office. */
int accounts_user_create_initial(struct db *db, const struct actor *who, const char *login,
				 const char *display_name, const char *password,
				 int64_t agency_id, const char *role, int64_t *id,
				 struct svc_error *err);
/* Grant (grant=1) or revoke (grant=0) a role of user_id in agency_id.
 * The actor must be admin of that agency (or an ancestor), or system.
 * Audited as user.role_add / user.role_remove. 0 or -1 with err. */
int accounts_user_set_role(struct db *db, const struct actor *who, int64_t user_id,
			   int64_t agency_id, const char *role, int grant,
			   struct svc_error *err);
/* Disable (1) or re-enable (0) a user; disabling ends their sessions.
 * The actor must be system, or admin over every agency where the user
 * holds a role (404 if the actor sees none of them, 403 if not admin over
 * all); nobody disables themself (409). Audited as user.disable /
 * user.enable with {"login"}. 0 or -1 with err. */
int accounts_user_set_disabled(struct db *db, const struct actor *who, int64_t user_id,
			       int disabled, struct svc_error *err);
/* Set a new password (accounts_check_password rules): the user themself,
 * system, or an admin over every agency where the user holds a role (404 /
 * 403 as for accounts_user_set_disabled). Ends all the user's sessions;
 * set by someone else (an admin, or system from the CLI), it also revokes
 * the user's API tokens and sets must_change_password, so the user replaces
 * it at the next back-office login. Audited as user.password with
 * {"login"}. 0 or -1 with err. */
int accounts_user_set_password(struct db *db, const struct actor *who, int64_t user_id,
			       const char *password, struct svc_error *err);
/* The logged-in user who changes their own password: current must match
 * the stored hash (else 401, field "current_password", counted as a failed
 * login of who->login and who->ip for the lockout; 429 while locked);
 * new_password follows accounts_check_password (400, field "password")
 * and differs from current (400). Clears must_change_password and ends
 * ALL the user's sessions, the current one included (API tokens stay).
 * Audited as user.password with {"login"} (a wrong current password as
 * login.fail). 0 or -1 with err. */
int accounts_change_own_password(struct db *db, const struct actor *who, const char *current,
				 const char *new_password, struct svc_error *err);
/* Find a user by numeric id or login (`ref`). 0, or -1 with err 404. */
int accounts_user_lookup(struct db *db, const char *ref, struct user *out,
			 struct svc_error *err);
/* The users the actor may administer (system: all). 0 or -1. */
int accounts_user_list(struct db *db, const struct actor *who, struct user_list *out,
		       struct svc_error *err);

/* --- passwords --- */

/* Hash a password (Argon2id, interactive limits) into out
 * (ACCOUNTS_HASH_MAX bytes). 0 or -1 (out of memory). */
int accounts_password_hash(const char *password, char *out, size_t outsize);
/* 1 if password matches hash, else 0. */
int accounts_password_verify(const char *hash, const char *password);

/* --- sessions --- */

struct login_result {
	struct user user;
	char session_id[ACCOUNTS_SECRET_MAX];  /* for the cookie; not stored */
	char csrf_token[ACCOUNTS_SECRET_MAX];
	int retry_after;                       /* seconds, with SVC_RATE_LIMITED */
};

/* Log in with login and password from ip (user_agent may be NULL). 0 with
 * a new session in out, or -1: 401 (bad login or password, or a disabled
 * account: one message for all), 429 with out->retry_after, 400 missing
 * input, 503. Audited as session.login (and failures as login.fail). */
int accounts_login(struct db *db, const char *login, const char *password,
		   const char *ip, const char *user_agent,
		   struct login_result *out, struct svc_error *err);
/* End the session with this id. 0 (also if it did not exist) or -1. */
int accounts_logout(struct db *db, const char *session_id, struct svc_error *err);

/* A validated session or token. */
struct auth_info {
	int64_t user_id;
	char login[64];
	char csrf_token[ACCOUNTS_SECRET_MAX];  /* "" for API tokens */
	int64_t token_id;                      /* > 0 for API tokens */
};
/* Check a session id: 0 valid (last_seen refreshed at most once a
 * minute), 1 unknown/expired/disabled user, -1 database error. */
int accounts_session_check(struct db *db, const char *session_id, struct auth_info *out);

/* --- API tokens --- */

/* Create a token for user_id (the user themself or system). The token is
 * written to token (ACCOUNTS_SECRET_MAX bytes) and never again available.
 * 0 with *id, or -1 with err. Audited as token.create. */
int accounts_token_create(struct db *db, const struct actor *who, int64_t user_id,
			  const char *label, char *token, size_t tokensize,
			  int64_t *id, struct svc_error *err);
/* Revoke a token (its owner, or system). 0 or -1 with err (404). */
int accounts_token_revoke(struct db *db, const struct actor *who, int64_t token_id,
			  struct svc_error *err);
/* Check a bearer token: 0 valid, 1 unknown/revoked/disabled, -1 error. */
int accounts_token_check(struct db *db, const char *token, struct auth_info *out);

/* --- clock (tests) --- */

/* Current time used by this module: time(NULL), or the value set by
 * accounts_clock_set (0 restores the real clock). For tests of expiry and
 * lockout. */
time_t accounts_now(void);
void accounts_clock_set(time_t t);

#endif
