/* access.c - role checks over the agency tree (service/access.h).
 *
 * One query per check: a recursive CTE walks from the agency up to the
 * root (bounded by AGENCY_MAX_DEPTH), joined with the actor's roles.
 * Rules:
 *   - a role held in the agency itself satisfies that role;
 *   - "admin" of the agency or of an ancestor satisfies "admin";
 *   - "supervisor" or "admin" of the agency or an ancestor satisfies
 *     "supervisor" (admins see what they administer);
 *   - role NULL asks for a read-only view: same as access_can_see();
 *   - a disabled user holds no role; the system actor passes everything. */
#include "service/access.h"
#include "store/agencies.h"
#include "store/db.h"

#include <stdio.h>
#include <string.h>

#define UP_CTE \
	"WITH RECURSIVE up(id, depth) AS (" \
	" SELECT id, 0 FROM agencies WHERE id = $1" \
	" UNION ALL" \
	" SELECT a.parent_id, up.depth + 1 FROM agencies a JOIN up ON a.id = up.id" \
	" WHERE a.parent_id IS NOT NULL AND up.depth < $3) "

/* 1 if the check query finds a matching role, 0 if not, -1 on error. */
static int holds(struct db *db, const struct actor *who, int64_t agency_id, const char *role)
{
	struct db_param p[4] = {DBP_INT(agency_id), DBP_INT(who->user_id),
				DBP_INT(AGENCY_MAX_DEPTH), DBP_TEXT(role)};
	int64_t n = 0;
	int rc;
	if (role)
		rc = db_query_int(db, UP_CTE
			"SELECT COUNT(*) FROM user_roles r JOIN up ON r.agency_id = up.id"
			" JOIN users u ON u.id = r.user_id"
			" WHERE r.user_id = $2 AND u.disabled = 0 AND ("
			"  (r.role = $4 AND (up.depth = 0 OR r.role IN ('admin', 'supervisor')))"
			"  OR ($4 = 'supervisor' AND r.role = 'admin'))", p, 4, &n);
	else
		rc = db_query_int(db, UP_CTE
			"SELECT COUNT(*) FROM user_roles r JOIN up ON r.agency_id = up.id"
			" JOIN users u ON u.id = r.user_id"
			" WHERE r.user_id = $2 AND u.disabled = 0 AND ("
			"  up.depth = 0 OR r.role IN ('admin', 'supervisor'))", p, 3, &n);
	if (rc < 0)
		return -1;
	return n > 0;
}

int access_require(struct db *db, const struct actor *who, int64_t agency_id,
		   const char *role, struct svc_error *err)
{
	int r;
	if (who && who->is_system)
		return 0;
	if (!who || who->user_id <= 0)
		return svc_fail(err, SVC_UNAUTHENTICATED, NULL, "请先登录 / login required");
	r = holds(db, who, agency_id, role);
	if (r < 0)
		return svc_db_fail(err, db);
	if (!r)
		return svc_fail(err, SVC_FORBIDDEN, NULL,
				"您在该机关没有%s权限 / role %s required in agency %lld",
				role ? role : "查看", role ? role : "view", (long long)agency_id);
	return 0;
}

int access_can_see(struct db *db, const struct actor *who, int64_t agency_id)
{
	if (who && who->is_system)
		return 1;
	if (!who || who->user_id <= 0)
		return 0;
	return holds(db, who, agency_id, NULL) == 1;
}
