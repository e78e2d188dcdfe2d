/* service.h - what every use case shares: who acts, and how it fails.
 *
 * A service function takes the database, the acting user and a typed
 * command; it runs in one transaction, checks the actor's role in the
 * agency concerned (service/access.h), asks domain/ what is allowed,
 * saves through store/, appends to the audit log (service/audit.h) and
 * returns 0 or a struct svc_error. Fronts (web/, cli/) map the error code
 * to an HTTP status or an exit code and show the message; they never check
 * permissions themselves. */
#ifndef GK_SERVICE_H
#define GK_SERVICE_H

#include <stdint.h>

enum svc_code {
	SVC_OK = 0,
	SVC_INVALID = 400,      /* bad input: message says which field and why */
	SVC_UNAUTHENTICATED = 401,
	SVC_FORBIDDEN = 403,    /* the actor lacks the role in that agency */
	SVC_NOT_FOUND = 404,    /* also used for other agencies' objects */
	SVC_CONFLICT = 409,     /* invalid transition, or someone else changed it */
	SVC_RATE_LIMITED = 429,
	SVC_UNAVAILABLE = 503,  /* database unreachable: retry later */
	SVC_INTERNAL = 500
};

struct svc_error {
	enum svc_code code;
	char field[64];         /* offending input field, or "" */
	char message[512];      /* user-facing, Simplified Chinese (English after " / " is fine) */
};

/* The acting user. user_id 0 with is_system set means the program itself
 * (CLI administration, demo set-up); anonymous public actions have
 * user_id 0 and is_system 0. */
struct actor {
	int64_t user_id;
	char login[64];
	int is_system;
	char ip[64];
};

/* Set err (code, field, printf-style message) and return -1, so callers
 * can write `return svc_fail(err, SVC_INVALID, "date", "日期格式错误");`. */
int svc_fail(struct svc_error *err, enum svc_code code, const char *field,
	     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Map a database error class (store/db.h) on db to an svc_error. */
struct db;
int svc_db_fail(struct svc_error *err, struct db *db);

#endif
