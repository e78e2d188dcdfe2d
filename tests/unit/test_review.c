/* test_review.c - the review workflow state machine (domain/review.h). */
#include "t.h"
#include "domain/review.h"
#include "base/str.h"

#include <string.h>

static struct review_who who_with(int64_t id, const char *r1, const char *r2)
{
	struct review_who w;
	memset(&w, 0, sizeof w);
	w.user_id = id;
	if (r1)
		w.roles[w.nroles++] = r1;
	if (r2)
		w.roles[w.nroles++] = r2;
	return w;
}

int main(void)
{
	struct review_flow flow;
	struct review_item item = {RV_DRAFT, -1, 1};
	struct review_outcome o;
	struct review_who clerk = who_with(1, "clerk", NULL);
	struct review_who dept = who_with(2, "dept_review", NULL);
	struct review_who check = who_with(3, "office_check", NULL);
	struct review_who head = who_with(4, "office_head", NULL);
	struct review_who leader = who_with(5, "leader_sign", NULL);
	struct review_who author_reviewer = who_with(1, "clerk", "dept_review");
	struct review_who admin = who_with(6, "admin", NULL);
	char msg[128];

	review_flow_default(&flow);
	T_EQ_INT(flow.n, 4, "default flow has four stages");
	T_EQ_STR(flow.stages[0].key, "dept_review", "first stage");
	T_EQ_STR(flow.stages[3].label, "分管领导审签", "last stage label");
	T_EQ_INT(review_flow_check(&flow, msg, sizeof msg), 0, "default flow is valid");

	/* Approving a draft is refused; submitting needs a clerk. */
	T_EQ_INT(review_decide(&flow, &item, &dept, RA_APPROVE, NULL, NULL, &o), -1, "approve draft refused");
	T_EQ_STR(o.refusal, "not_in_review", "reason not_in_review");
	T_EQ_INT(review_decide(&flow, &item, &dept, RA_SUBMIT, NULL, NULL, &o), -1, "reviewer cannot submit");
	T_EQ_STR(o.refusal, "role_required", "reason role_required");
	T_EQ_INT(review_decide(&flow, &item, &clerk, RA_SUBMIT, NULL, NULL, &o), 0, "clerk submits");
	item = o.next;
	T_EQ_INT(item.state, RV_IN_REVIEW, "in review");
	T_EQ_INT(item.stage, 0, "at stage 0");

	/* Skipping: the leader cannot approve at stage 0. */
	T_EQ_INT(review_decide(&flow, &item, &leader, RA_APPROVE, NULL, NULL, &o), -1, "leader cannot skip");
	T_EQ_STR(o.refusal, "stage_role_required", "reason stage_role_required");
	T_EQ_INT(review_decide(&flow, &item, &dept, RA_APPROVE, "office_check", NULL, &o), -1,
		 "approving an expected later stage refused");
	T_EQ_STR(o.refusal, "stage_mismatch", "reason stage_mismatch");
	/* Own draft. */
	T_EQ_INT(review_decide(&flow, &item, &author_reviewer, RA_APPROVE, NULL, NULL, &o), -1,
		 "author cannot approve own draft");
	T_EQ_STR(o.refusal, "own_draft", "reason own_draft");
	/* Send back needs a comment. */
	T_EQ_INT(review_decide(&flow, &item, &dept, RA_SEND_BACK, NULL, "  ", &o), -1, "blank comment refused");
	T_EQ_STR(o.refusal, "comment_required", "reason comment_required");

	/* Four approvals publish; only the last one. */
	T_EQ_INT(review_decide(&flow, &item, &dept, RA_APPROVE, "dept_review", NULL, &o), 0, "dept approves");
	T_EQ_INT(o.published, 0, "not yet published");
	item = o.next;
	T_EQ_INT(review_decide(&flow, &item, &check, RA_APPROVE, NULL, NULL, &o), 0, "check approves");
	item = o.next;
	T_EQ_INT(review_decide(&flow, &item, &head, RA_APPROVE, NULL, NULL, &o), 0, "head approves");
	T_EQ_INT(o.published, 0, "still not published at stage 3");
	item = o.next;
	T_EQ_INT(item.stage, 3, "at stage 3");
	T_EQ_INT(review_decide(&flow, &item, &leader, RA_APPROVE, NULL, NULL, &o), 0, "leader signs");
	T_EQ_INT(o.published, 1, "published");
	T_EQ_STR(o.event, "item.publish", "publish event");
	item = o.next;
	T_EQ_INT(item.state, RV_PUBLISHED, "state published");

	/* Withdraw and repeal need a reason and the right role. */
	T_EQ_INT(review_decide(&flow, &item, &clerk, RA_WITHDRAW, NULL, "错误", &o), -1, "clerk cannot withdraw");
	T_EQ_INT(review_decide(&flow, &item, &admin, RA_REPEAL, NULL, "", &o), -1, "repeal needs reason");
	T_EQ_STR(o.refusal, "reason_required", "reason reason_required");
	T_EQ_INT(review_decide(&flow, &item, &admin, RA_REPEAL, NULL, "已被新规定替代", &o), 0, "admin repeals");
	T_EQ_INT(o.next.state, RV_REPEALED, "repealed");
	T_EQ_INT(review_decide(&flow, &item, &leader, RA_WITHDRAW, NULL, "内容有误", &o), 0, "leader withdraws");
	item = o.next;
	T_EQ_INT(review_decide(&flow, &item, &clerk, RA_EDIT, NULL, NULL, &o), 0, "withdrawn item editable");
	T_EQ_INT(o.next.state, RV_DRAFT, "edit returns it to draft");

	/* A two-stage flow publishes after two approvals. */
	{
		struct review_flow two;
		struct review_item it = {RV_IN_REVIEW, 0, 1};
		memset(&two, 0, sizeof two);
		str_copy(two.stages[0].key, "dept_review", REVIEW_KEY_MAX);
		str_copy(two.stages[1].key, "leader_sign", REVIEW_KEY_MAX);
		two.n = 2;
		T_EQ_INT(review_flow_check(&two, msg, sizeof msg), 0, "two-stage flow valid");
		review_decide(&two, &it, &dept, RA_APPROVE, NULL, NULL, &o);
		it = o.next;
		T_EQ_INT(review_decide(&two, &it, &leader, RA_APPROVE, NULL, NULL, &o), 0, "leader approves");
		T_EQ_INT(o.published, 1, "two-stage flow publishes");
		str_copy(two.stages[1].key, "dept_review", REVIEW_KEY_MAX);
		T_EQ_INT(review_flow_check(&two, msg, sizeof msg), -1, "repeated stage invalid");
		str_copy(two.stages[1].key, "boss", REVIEW_KEY_MAX);
		T_EQ_INT(review_flow_check(&two, msg, sizeof msg), -1, "unknown stage invalid");
	}
	return T_DONE();
}
