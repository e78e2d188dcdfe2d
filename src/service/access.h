/* access.h - who may do what, where.
 *
 * A user holds roles in agencies (table user_roles). A role in an agency
 * applies to that agency; "supervisor" and "admin" in an agency also apply
 * to every agency below it in the agency tree. Every service calls
 * access_require() before touching an agency's data; objects of agencies
 * the actor cannot see are reported as not found, not forbidden, so ids
 * cannot be probed. */
#ifndef GK_ACCESS_H
#define GK_ACCESS_H

#include <stdint.h>
#include "service/service.h"

struct db;

/* Role names as stored. */
#define ROLE_ADMIN        "admin"        /* users, roles, catalog sections, calendar */
#define ROLE_CLERK        "clerk"        /* drafts items, registers paper applications */
#define ROLE_HANDLER      "handler"      /* handles applications */
#define ROLE_APPROVER     "approver"     /* approves deadline extensions (工作机构负责人) */
#define ROLE_DEPT_REVIEW  "dept_review"  /* 科室初审 */
#define ROLE_OFFICE_CHECK "office_check" /* 办公室核稿 */
#define ROLE_OFFICE_HEAD  "office_head"  /* 办公室主任审核 */
#define ROLE_LEADER_SIGN  "leader_sign"  /* 分管领导审签 */
#define ROLE_SUPERVISOR   "supervisor"   /* 政务公开办: sees the whole subtree */

/* 0 if `who` holds `role` in agency_id (directly, or as supervisor/admin of
 * an ancestor when role is supervisor/admin or a read-only view), else -1
 * with SVC_FORBIDDEN in err. The system actor always passes. */
int access_require(struct db *db, const struct actor *who, int64_t agency_id,
		   const char *role, struct svc_error *err);
/* 1 if `who` may see agency_id's back-office data at all (any role there,
 * or supervisor/admin of an ancestor), else 0. */
int access_can_see(struct db *db, const struct actor *who, int64_t agency_id);

#endif
