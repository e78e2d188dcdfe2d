/* apply_limit.h - how many applications one client address may submit
 * online (the portal form and POST /api/public/applications, both through
 * app_submit_public).
 *
 * Counted in the database (the throttle rows of store/sessions.h, key
 * "apply:ADDR"), so every gongkai process on one database shares the
 * count. Once `limit` submissions have been accepted within `window`
 * seconds, the address is refused with SVC_RATE_LIMITED for `window`
 * seconds from the submission that reached the limit. Refused and failed
 * submissions are not counted. Staff registration (app_register) is never
 * limited. */
#ifndef GK_SERVICE_APPLY_LIMIT_H
#define GK_SERVICE_APPLY_LIMIT_H

#include "service/service.h"

struct db;

#define APPLY_LIMIT_DEFAULT  10     /* submissions per address ... */
#define APPLY_WINDOW_DEFAULT 3600   /* ... within this many seconds */

/* Set the process-wide limit; 0 in either turns it off. Call at start-up,
 * before worker threads run (`gongkai serve` does, from apply_limit and
 * apply_window of its config). Until then: APPLY_LIMIT_DEFAULT per
 * APPLY_WINDOW_DEFAULT. */
void apply_limit_set(int limit, int window_seconds);

/* Refuse addr at once if it is locked, counting nothing (no transaction
 * needed). 0 when free or the limit is off; -1 with err: SVC_RATE_LIMITED
 * (message says until when, *retry_after the seconds) or a database
 * error. A NULL or empty addr counts as "unknown". */
int apply_limit_check(struct db *db, const char *addr, int *retry_after,
		      struct svc_error *err);

/* Count one submission from addr inside the caller's open transaction,
 * which then stores the application and commits, or rolls back and so
 * undoes the count. -1 as for apply_limit_check when addr is locked: the
 * caller must roll back. The count holds the row lock until the end of the
 * transaction, so submissions racing from several processes are counted
 * and refused exactly. */
int apply_limit_count(struct db *db, const char *addr, int *retry_after,
		      struct svc_error *err);

#endif
