/* review.h - the confidentiality-review workflow of catalog items (pure).
 *
 * An item is drafted, submitted, approved stage by stage and published
 * when the last stage approves; a reviewer may instead send it back to
 * draft with a comment. Each agency configures its stages (an ordered
 * list of role names); the default is the four of the design:
 *
 *   科室初审 dept_review -> 办公室核稿 office_check ->
 *   办公室主任审核 office_head -> 分管领导审签 leader_sign
 *
 * review_decide() says whether an actor holding some roles in the item's
 * agency may take an action now, and what follows; it knows nothing of
 * the database. The service layer loads the item, works out the roles,
 * calls it, and saves the result. Rules:
 *   - submit: a clerk of the agency (or its admin), item in draft;
 *   - approve / send_back: item in review, actor holds the role of the
 *     CURRENT stage (holding a later stage's role does not let anyone skip
 *     ahead), actor is not the item's author; send_back needs a comment;
 *     an optional expected stage key must equal the current one;
 *   - approve at the last stage publishes; nothing else does;
 *   - recall (撤回送审): the author or a clerk pulls an item in review back
 *     to draft;
 *   - withdraw (撤回) / repeal (废止): a published item, by the agency's
 *     admin or the holder of the last stage's role, with a reason;
 *   - edit: drafts (and withdrawn items, which return to draft), by a
 *     clerk or admin. */
#ifndef GK_REVIEW_H
#define GK_REVIEW_H

#include <stddef.h>
#include <stdint.h>

#define REVIEW_MAX_STAGES 8
#define REVIEW_KEY_MAX 32
#define REVIEW_LABEL_MAX 64
#define REVIEW_MAX_ROLES 16

enum review_state {
	RV_DRAFT = 0,
	RV_IN_REVIEW = 1,
	RV_PUBLISHED = 2,
	RV_WITHDRAWN = 3,
	RV_REPEALED = 4
};

enum review_action {
	RA_SUBMIT = 0,
	RA_APPROVE,
	RA_SEND_BACK,
	RA_RECALL,
	RA_WITHDRAW,
	RA_REPEAL,
	RA_EDIT
};

struct review_stage {
	char key[REVIEW_KEY_MAX];       /* the role name doubles as the stage key */
	char label[REVIEW_LABEL_MAX];   /* 科室初审 */
};

struct review_flow {
	struct review_stage stages[REVIEW_MAX_STAGES];
	int n;
};

/* Where an item stands. stage is the index of the current stage while in
 * review (0-based), else -1. */
struct review_item {
	enum review_state state;
	int stage;
	int64_t author_id;
};

/* Who acts: their user id and the role names they hold in the item's
 * agency (after the service's access rules: admin of an ancestor counts
 * as admin here; stage roles count only where held). is_system passes
 * every role check but is still not allowed to approve its own draft. */
struct review_who {
	int64_t user_id;
	int is_system;
	const char *roles[REVIEW_MAX_ROLES];
	int nroles;
};

struct review_outcome {
	int allowed;                    /* 1 if the action may happen */
	struct review_item next;        /* the item afterwards (if allowed) */
	const char *event;              /* audit action: "item.submit", "item.approve", ... */
	int published;                  /* this step publishes the item */
	const char *refusal;            /* machine code when refused, e.g. "own_draft" */
	char message[256];              /* Chinese / English reason when refused */
};

/* The default four-stage flow. */
void review_flow_default(struct review_flow *flow);
/* Check a flow: 1..REVIEW_MAX_STAGES stages, each a known review role
 * (dept_review, office_check, office_head, leader_sign), none repeated.
 * 0, or -1 with a reason in msg. */
int review_flow_check(const struct review_flow *flow, char *msg, size_t msgsize);
/* Label of a stage key (科室初审 ...), or the key itself if unknown. */
const char *review_stage_label(const char *key);

/* Decide an action. expect_stage, if not NULL/"", must equal the current
 * stage's key for approve/send_back (a client approving what it thinks is
 * stage X while the item is at Y is refused as "stage_mismatch"); text is
 * the comment (send_back) or reason (withdraw/repeal). Fills out. Returns
 * out->allowed ? 0 : -1. */
int review_decide(const struct review_flow *flow, const struct review_item *item,
		  const struct review_who *who, enum review_action action,
		  const char *expect_stage, const char *text, struct review_outcome *out);

/* Names: "draft", "in_review", "published", "withdrawn", "repealed". */
const char *review_state_name(enum review_state s);
/* Parse a state name: 0 with *out, or -1. */
int review_state_parse(const char *s, enum review_state *out);
/* Names: "submit", "approve", "send_back", "recall", "withdraw", "repeal", "edit". */
const char *review_action_name(enum review_action a);
int review_action_parse(const char *s, enum review_action *out);

#endif
