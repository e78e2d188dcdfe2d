/* users.h - back-office user accounts and their roles in agencies.
 *
 * Rows only: password hashing, policy and permissions live in
 * service/accounts.c and service/access.c. Roles are (user, agency, role)
 * triples; role names are those of service/access.h. */
#ifndef GK_STORE_USERS_H
#define GK_STORE_USERS_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define USER_LOGIN_MAX 64
#define USER_NAME_MAX 128
#define USER_HASH_MAX 160          /* >= crypto_pwhash_STRBYTES (128) */

struct user {
	int64_t id;
	char login[USER_LOGIN_MAX];
	char display_name[USER_NAME_MAX];
	int disabled;
	int must_change_password;
	char last_login_at[32];        /* "" if never */
	char created_at[32];
};

struct user_list {
	struct user *items;
	size_t n, cap;
};

/* One role of a user, with the agency's code and name for display. */
struct user_role {
	int64_t agency_id;
	char agency_code[64];
	char agency_name[256];
	char role[32];
};

struct user_role_list {
	struct user_role *items;
	size_t n, cap;
};

void user_list_free(struct user_list *l);
void user_role_list_free(struct user_role_list *l);

/* Insert a user. 0 with *id, or -1 (duplicate login: DB_ERR_CONFLICT). */
int user_store_create(struct db *db, const char *login, const char *display_name,
		      const char *password_hash, int must_change_password,
		      const char *created_at, int64_t *id);
/* Load by id: 0 found, 1 none, -1 error. */
int user_store_get(struct db *db, int64_t id, struct user *out);
/* Load by login, and its password hash into hash (hashsize bytes, may be
 * NULL): 0 found, 1 none, -1 error. */
int user_store_find_login(struct db *db, const char *login, struct user *out,
			  char *hash, size_t hashsize);
/* Replace the password hash (and the must-change flag). 0, 1 none, -1. */
int user_store_set_password(struct db *db, int64_t id, const char *password_hash,
			    int must_change_password);
/* Set or clear the disabled flag. 0, 1 none, -1. */
int user_store_set_disabled(struct db *db, int64_t id, int disabled);
/* Record a successful login time. 0 or -1. */
int user_store_touch_login(struct db *db, int64_t id, const char *at);
/* Append all users (ordered by login). 0 or -1. */
int user_store_list(struct db *db, struct user_list *out);
/* Append the users holding any role in agency_id or below it. 0 or -1. */
int user_store_list_in_subtree(struct db *db, int64_t agency_id, struct user_list *out);

/* Grant a role (granting one already held is not an error). 0 or -1. */
int user_store_add_role(struct db *db, int64_t user_id, int64_t agency_id, const char *role);
/* Revoke a role: 0 removed, 1 was not held, -1 error. */
int user_store_remove_role(struct db *db, int64_t user_id, int64_t agency_id, const char *role);
/* Append a user's roles, ordered by agency id then role. 0 or -1. */
int user_store_roles(struct db *db, int64_t user_id, struct user_role_list *out);

#endif
