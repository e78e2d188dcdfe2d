/* audit_read.c - the latest audit entries an actor may see. */
#include "service/audit_read.h"
#include "service/access.h"
#include "store/agencies.h"
#include "store/db.h"
#include "store/users.h"
#include "base/str.h"

#include <string.h>

#define SCAN_MAX 5000      /* rows looked at per request, newest first */
#define SEEN_CACHE 64

/* 1 if the actor is admin of a top-level agency (sees entries without one). */
static int admin_of_root(struct db *db, const struct actor *who)
{
	struct user_role_list roles = {0};
	size_t i;
	int yes = 0;
	if (who->is_system)
		return 1;
	if (user_store_roles(db, who->user_id, &roles))
		return 0;
	for (i = 0; i < roles.n && !yes; i++) {
		struct agency a;
		if (!strcmp(roles.items[i].role, ROLE_ADMIN) &&
		    agency_store_get(db, roles.items[i].agency_id, &a) == 0 && a.parent_id == 0)
			yes = 1;
	}
	user_role_list_free(&roles);
	return yes;
}

int audit_read_latest(struct db *db, const struct actor *who, int limit,
		      struct audit_entries *out, struct svc_error *err)
{
	struct { int64_t id; int ok; } cache[SEEN_CACHE];
	int ncache = 0, root_admin, rc;
	struct db_stmt *st;
	struct db_param p[] = {DBP_INT(SCAN_MAX)};
	out->n = 0;
	if (!who || (!who->is_system && who->user_id <= 0))
		return svc_fail(err, SVC_UNAUTHENTICATED, NULL, "请先登录 / login required");
	if (limit < 1 || limit > AUDIT_READ_MAX)
		limit = AUDIT_READ_MAX;
	root_admin = admin_of_root(db, who);
	st = db_query(db, "SELECT id, at, actor, COALESCE(agency_id, 0), action, object_type, "
		      "object_id, detail_json FROM audit_log ORDER BY id DESC LIMIT $1", p, 1);
	if (!st)
		return svc_db_fail(err, db);
	while (out->n < (size_t)limit && (rc = db_step(st)) == 1) {
		int64_t ag = db_col_int(st, 3);
		int ok = -1, k;
		struct audit_entry *e;
		if (ag <= 0) {
			ok = root_admin;
		} else {
			for (k = 0; k < ncache; k++)
				if (cache[k].id == ag)
					ok = cache[k].ok;
			if (ok < 0) {
				ok = access_can_see(db, who, ag);
				if (ncache < SEEN_CACHE) {
					cache[ncache].id = ag;
					cache[ncache++].ok = ok;
				}
			}
		}
		if (!ok)
			continue;
		e = &out->items[out->n++];
		e->id = db_col_int(st, 0);
		str_copy(e->at, db_col_text(st, 1), sizeof e->at);
		str_copy(e->actor, db_col_text(st, 2), sizeof e->actor);
		e->agency_id = ag;
		str_copy(e->action, db_col_text(st, 4), sizeof e->action);
		str_copy(e->object_type, db_col_text(st, 5), sizeof e->object_type);
		str_copy(e->object_id, db_col_text(st, 6), sizeof e->object_id);
		str_copy(e->detail, db_col_text(st, 7), sizeof e->detail);
	}
	db_finish(st);
	return 0;
}
