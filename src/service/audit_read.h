/* audit_read.h - reading the audit log for the back office (the chain
 * itself and audit_verify are service/audit.h).
 *
 * Who sees what: entries of an agency are visible to anyone who may see
 * that agency's back-office data (service/access.h); entries without an
 * agency (logins, user changes) only to the system actor and to admins of
 * a top-level agency. */
#ifndef GK_SERVICE_AUDIT_READ_H
#define GK_SERVICE_AUDIT_READ_H

#include <stddef.h>
#include <stdint.h>
#include "service/service.h"

struct db;

#define AUDIT_READ_MAX 200

struct audit_entry {
	int64_t id;
	char at[32];
	char actor[64];
	int64_t agency_id;        /* 0: none */
	char action[64];
	char object_type[32];
	char object_id[64];
	char detail[256];         /* detail_json, cut to fit */
};

struct audit_entries {
	struct audit_entry items[AUDIT_READ_MAX];
	size_t n;
};

/* The latest entries the actor may see, newest first, at most limit
 * (1..AUDIT_READ_MAX). Needs a logged-in actor. 0 or -1 with err. */
int audit_read_latest(struct db *db, const struct actor *who, int limit,
		      struct audit_entries *out, struct svc_error *err);

#endif
