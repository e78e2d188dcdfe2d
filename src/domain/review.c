/* review.c - the review workflow state machine (domain/review.h). */
#include "domain/review.h"
#include "base/str.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *key, *label;
} known_stages[] = {
	{"dept_review", "科室初审"},
	{"office_check", "办公室核稿"},
	{"office_head", "办公室主任审核"},
	{"leader_sign", "分管领导审签"},
};

#define NKNOWN (sizeof known_stages / sizeof known_stages[0])

void review_flow_default(struct review_flow *flow)
{
	size_t i;
	memset(flow, 0, sizeof *flow);
	for (i = 0; i < NKNOWN; i++) {
		str_copy(flow->stages[i].key, known_stages[i].key, REVIEW_KEY_MAX);
		str_copy(flow->stages[i].label, known_stages[i].label, REVIEW_LABEL_MAX);
	}
	flow->n = (int)NKNOWN;
}

const char *review_stage_label(const char *key)
{
	size_t i;
	for (i = 0; i < NKNOWN; i++)
		if (!strcmp(known_stages[i].key, key))
			return known_stages[i].label;
	return key;
}

int review_flow_check(const struct review_flow *flow, char *msg, size_t msgsize)
{
	int i, j;
	size_t k;
	if (flow->n < 1 || flow->n > REVIEW_MAX_STAGES) {
		snprintf(msg, msgsize, "审核环节须为 1 至 %d 个 / 1 to %d stages", REVIEW_MAX_STAGES,
			 REVIEW_MAX_STAGES);
		return -1;
	}
	for (i = 0; i < flow->n; i++) {
		int known = 0;
		for (k = 0; k < NKNOWN; k++)
			if (!strcmp(flow->stages[i].key, known_stages[k].key))
				known = 1;
		if (!known) {
			snprintf(msg, msgsize, "未知审核环节 %s / unknown stage", flow->stages[i].key);
			return -1;
		}
		for (j = 0; j < i; j++)
			if (!strcmp(flow->stages[i].key, flow->stages[j].key)) {
				snprintf(msg, msgsize, "审核环节 %s 重复 / stage repeated",
					 flow->stages[i].key);
				return -1;
			}
	}
	return 0;
}

static int holds(const struct review_who *who, const char *role)
{
	int i;
	if (who->is_system)
		return 1;
	for (i = 0; i < who->nroles; i++)
		if (who->roles[i] && !strcmp(who->roles[i], role))
			return 1;
	return 0;
}

static int refuse(struct review_outcome *out, const char *code, const char *fmt, const char *arg)
{
	out->allowed = 0;
	out->refusal = code;
	snprintf(out->message, sizeof out->message, fmt, arg ? arg : "");
	return -1;
}

static int blank(const char *s)
{
	if (!s)
		return 1;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	return *s == '\0';
}

int review_decide(const struct review_flow *flow, const struct review_item *item,
		  const struct review_who *who, enum review_action action,
		  const char *expect_stage, const char *text, struct review_outcome *out)
{
	const char *cur;
	const char *last = flow->n > 0 ? flow->stages[flow->n - 1].key : "leader_sign";

	memset(out, 0, sizeof *out);
	out->next = *item;
	switch (action) {
	case RA_EDIT:
		if (item->state != RV_DRAFT && item->state != RV_WITHDRAWN)
			return refuse(out, "not_editable",
				      "只有草稿或已撤回的信息可以修改 / only drafts and withdrawn items can be edited%s", NULL);
		if (!holds(who, "clerk") && !holds(who, "admin"))
			return refuse(out, "role_required",
				      "需要经办人(clerk)或管理员角色 / clerk or admin role required%s", NULL);
		out->next.state = RV_DRAFT;
		out->next.stage = -1;
		out->event = "item.update";
		break;
	case RA_SUBMIT:
		if (item->state != RV_DRAFT)
			return refuse(out, "not_draft", "只有草稿可以送审 / only drafts can be submitted%s", NULL);
		if (!holds(who, "clerk") && !holds(who, "admin"))
			return refuse(out, "role_required",
				      "需要经办人(clerk)或管理员角色 / clerk or admin role required%s", NULL);
		if (flow->n < 1)
			return refuse(out, "no_stages", "未配置审核环节 / no review stages%s", NULL);
		out->next.state = RV_IN_REVIEW;
		out->next.stage = 0;
		out->event = "item.submit";
		break;
	case RA_APPROVE:
	case RA_SEND_BACK:
		if (item->state != RV_IN_REVIEW)
			return refuse(out, "not_in_review", "该信息不在审核中 / item is not in review%s", NULL);
		if (item->stage < 0 || item->stage >= flow->n)
			return refuse(out, "stage_invalid",
				      "审核环节配置已变更，请撤回后重新送审 / stage no longer exists%s", NULL);
		cur = flow->stages[item->stage].key;
		if (expect_stage && expect_stage[0] && strcmp(expect_stage, cur))
			return refuse(out, "stage_mismatch",
				      "该信息当前处于%s环节，不能跳过 / item is at another stage", review_stage_label(cur));
		if (!holds(who, cur))
			return refuse(out, "stage_role_required",
				      "您不是%s环节的审核人 / you do not hold the current stage's role",
				      review_stage_label(cur));
		if (who->user_id > 0 && who->user_id == item->author_id)
			return refuse(out, "own_draft",
				      "不能审核本人起草的信息 / nobody reviews their own draft%s", NULL);
		if (action == RA_SEND_BACK) {
			if (blank(text))
				return refuse(out, "comment_required",
					      "退回须填写意见 / a comment is required to send back%s", NULL);
			out->next.state = RV_DRAFT;
			out->next.stage = -1;
			out->event = "item.send_back";
		} else if (item->stage + 1 >= flow->n) {
			out->next.state = RV_PUBLISHED;
			out->next.stage = -1;
			out->published = 1;
			out->event = "item.publish";
		} else {
			out->next.stage = item->stage + 1;
			out->event = "item.approve";
		}
		break;
	case RA_RECALL:
		if (item->state != RV_IN_REVIEW)
			return refuse(out, "not_in_review", "该信息不在审核中 / item is not in review%s", NULL);
		if (!(who->user_id > 0 && who->user_id == item->author_id) && !holds(who, "clerk") &&
		    !holds(who, "admin"))
			return refuse(out, "role_required",
				      "只有起草人或经办人可以撤回送审 / only the author or a clerk can recall%s", NULL);
		out->next.state = RV_DRAFT;
		out->next.stage = -1;
		out->event = "item.recall";
		break;
	case RA_WITHDRAW:
	case RA_REPEAL:
		if (item->state != RV_PUBLISHED)
			return refuse(out, "not_published", "该信息未发布 / item is not published%s", NULL);
		if (!holds(who, "admin") && !holds(who, last))
			return refuse(out, "role_required",
				      "需要管理员或%s角色 / admin or last-stage role required", review_stage_label(last));
		if (blank(text))
			return refuse(out, "reason_required", "须填写理由 / a reason is required%s", NULL);
		out->next.state = action == RA_WITHDRAW ? RV_WITHDRAWN : RV_REPEALED;
		out->next.stage = -1;
		out->event = action == RA_WITHDRAW ? "item.withdraw" : "item.repeal";
		break;
	default:
		return refuse(out, "unknown_action", "未知操作 / unknown action%s", NULL);
	}
	out->allowed = 1;
	return 0;
}

static const char *const state_names[] = {"draft", "in_review", "published", "withdrawn", "repealed"};
static const char *const action_names[] = {"submit", "approve", "send_back", "recall",
					   "withdraw", "repeal", "edit"};

const char *review_state_name(enum review_state s)
{
	return (unsigned)s < 5 ? state_names[s] : "unknown";
}

int review_state_parse(const char *s, enum review_state *out)
{
	int i;
	for (i = 0; i < 5; i++)
		if (s && !strcmp(s, state_names[i])) {
			*out = (enum review_state)i;
			return 0;
		}
	return -1;
}

const char *review_action_name(enum review_action a)
{
	return (unsigned)a < 7 ? action_names[a] : "unknown";
}

int review_action_parse(const char *s, enum review_action *out)
{
	int i;
	for (i = 0; i < 7; i++)
		if (s && !strcmp(s, action_names[i])) {
			*out = (enum review_action)i;
			return 0;
		}
	return -1;
}
