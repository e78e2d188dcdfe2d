/* review.h - the confidentiality-review use cases over domain/review.h:
 * submit, approve, send back, recall, withdraw and repeal a catalog item.
 *
 * review_act() runs in one transaction: it loads the item (404 if the
 * actor may not see it: another agency's item is "not found"), works out
 * the roles the actor holds in the item's agency, asks review_decide(),
 * and on success saves the new state, sets 发布日期 when the last stage
 * approves (and 废止 validity/date on repeal), records the review step
 * and a version, appends to the audit log (who, when, stage, comment)
 * and updates the search index. A refusal rolls everything back and
 * reports the domain's refusal code. */
#ifndef GK_SERVICE_REVIEW_H
#define GK_SERVICE_REVIEW_H

#include <stdint.h>
#include "domain/review.h"
#include "service/service.h"

struct db;

struct review_result {
	char state[16];               /* the item's state afterwards (or unchanged) */
	char stage[REVIEW_KEY_MAX];   /* current stage key while in review, else "" */
	const char *refusal;          /* domain refusal code, or NULL */
	int published;                /* this step published the item */
};

/* Take a review action on an item. expect_stage: optional stage key the
 * client believes is current (approve/send_back). text: comment or
 * reason. 0 with res filled, or -1 with err (403 role / own draft, 409
 * wrong state or stage, 400 missing comment/reason, 404) and
 * res->refusal set when the workflow refused. */
int review_act(struct db *db, const struct actor *who, int64_t item_id,
	       enum review_action action, const char *expect_stage, const char *text,
	       struct review_result *res, struct svc_error *err);

/* The agency's review flow (its configured stages, or the default). */
void review_flow_of(struct db *db, int64_t agency_id, struct review_flow *flow);
/* The workflow roles (clerk, admin and the stage roles) the actor holds
 * in agency_id, per service/access.h. */
void review_roles_of(struct db *db, const struct actor *who, int64_t agency_id,
		     struct review_who *rw);

/* The review history of an item the actor may see, as a JSON array into
 * out ([{action, stage, user, comment, at}]). 0 or -1. */
struct buf;
int review_history_json(struct db *db, const struct actor *who, int64_t item_id,
			struct buf *out, struct svc_error *err);

#endif
