/* review.c - the review use cases (service/review.h). */
#include "service/review.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/catalog.h"
#include "store/items.h"
#include "store/search.h"
#include "store/db.h"
#include "base/jsonw.h"
#include "base/str.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void review_flow_of(struct db *db, int64_t agency_id, struct review_flow *flow)
{
	struct catalog_settings cs;
	char tmp[256], msg[128];
	char *tok, *save = NULL;
	struct review_flow f;

	review_flow_default(flow);
	if (catalog_settings_get(db, agency_id, &cs) < 0)
		return;
	free(cs.guide_html);
	if (!cs.review_stages[0])
		return;
	memset(&f, 0, sizeof f);
	str_copy(tmp, cs.review_stages, sizeof tmp);
	for (tok = strtok_r(tmp, ",", &save); tok && f.n < REVIEW_MAX_STAGES;
	     tok = strtok_r(NULL, ",", &save)) {
		str_copy(f.stages[f.n].key, str_trim(tok), REVIEW_KEY_MAX);
		str_copy(f.stages[f.n].label, review_stage_label(f.stages[f.n].key), REVIEW_LABEL_MAX);
		f.n++;
	}
	if (review_flow_check(&f, msg, sizeof msg) == 0)
		*flow = f;
}

void review_roles_of(struct db *db, const struct actor *who, int64_t agency_id,
		     struct review_who *rw)
{
	static const char *const roles[] = {ROLE_CLERK, ROLE_ADMIN, ROLE_DEPT_REVIEW,
					    ROLE_OFFICE_CHECK, ROLE_OFFICE_HEAD, ROLE_LEADER_SIGN};
	size_t i;
	struct svc_error e;
	memset(rw, 0, sizeof *rw);
	rw->user_id = who->user_id;
	rw->is_system = who->is_system;
	for (i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (access_require(db, who, agency_id, roles[i], &e) == 0)
			rw->roles[rw->nroles++] = roles[i];
}

static enum svc_code refusal_code(const char *r)
{
	if (!strcmp(r, "role_required") || !strcmp(r, "stage_role_required") || !strcmp(r, "own_draft"))
		return SVC_FORBIDDEN;
	if (!strcmp(r, "comment_required") || !strcmp(r, "reason_required"))
		return SVC_INVALID;
	return SVC_CONFLICT;
}

int review_act(struct db *db, const struct actor *who, int64_t item_id,
	       enum review_action action, const char *expect_stage, const char *text,
	       struct review_result *res, struct svc_error *err)
{
	struct item it;
	struct review_flow flow;
	struct review_who rw;
	struct review_item ri;
	struct review_outcome o;
	enum review_state st;
	const char *stage_key = "";
	char at[32], today[11], oid[32];
	struct buf detail = BUF_INIT(0);
	struct jsonw w;
	int r;

	memset(res, 0, sizeof *res);
	if (action == RA_EDIT)
		return svc_fail(err, SVC_INVALID, "action", "请使用修改接口 / use the update call");
	if (db_begin(db) < 0)
		return svc_db_fail(err, db);
	r = item_store_get(db, item_id, &it);
	if (r < 0) {
		svc_db_fail(err, db);
		db_rollback(db);
		return -1;
	}
	if (r == 1 || !access_can_see(db, who, it.agency_id)) {
		if (r == 0)
			item_clear(&it);
		db_rollback(db);
		if (!who->is_system && who->user_id <= 0)
			return svc_fail(err, SVC_UNAUTHENTICATED, NULL, "请先登录 / login required");
		return svc_fail(err, SVC_NOT_FOUND, NULL, "信息不存在 / no such item");
	}
	review_flow_of(db, it.agency_id, &flow);
	review_roles_of(db, who, it.agency_id, &rw);
	if (review_state_parse(it.state, &st) < 0)
		st = RV_DRAFT;
	ri.state = st;
	ri.stage = it.stage;
	ri.author_id = it.author_id;
	if (st == RV_IN_REVIEW && it.stage >= 0 && it.stage < flow.n)
		stage_key = flow.stages[it.stage].key;
	str_copy(res->state, it.state, sizeof res->state);
	str_copy(res->stage, stage_key, sizeof res->stage);
	if (review_decide(&flow, &ri, &rw, action, expect_stage, text, &o) < 0) {
		item_clear(&it);
		db_rollback(db);
		res->refusal = o.refusal;
		return svc_fail(err, refusal_code(o.refusal),
				!strcmp(o.refusal, "comment_required") ? "comment" :
				!strcmp(o.refusal, "reason_required") ? "reason" : "",
				"%s", o.message);
	}
	catalog_now(at);
	catalog_today(today);
	str_copy(it.state, review_state_name(o.next.state), sizeof it.state);
	it.stage = o.next.stage;
	str_copy(it.updated_at, at, sizeof it.updated_at);
	if (o.published && !it.published_on[0])
		str_copy(it.published_on, today, sizeof it.published_on);
	if (action == RA_WITHDRAW || action == RA_REPEAL || action == RA_SEND_BACK)
		str_copy(it.state_reason, text ? text : "", sizeof it.state_reason);
	else if (o.published || action == RA_SUBMIT)
		it.state_reason[0] = '\0';
	if (action == RA_REPEAL && it.validity[0]) {
		str_copy(it.validity, "repealed", sizeof it.validity);
		if (!it.invalid_on[0])
			str_copy(it.invalid_on, today, sizeof it.invalid_on);
	}
	r = item_store_update(db, &it);
	if (r != 0) {
		item_clear(&it);
		if (r == 1) {
			db_rollback(db);
			return svc_fail(err, SVC_CONFLICT, NULL, "信息已被他人修改，请刷新 / changed meanwhile");
		}
		svc_db_fail(err, db);
		db_rollback(db);
		return -1;
	}
	jsonw_init(&w, &detail, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "stage");
	jsonw_string(&w, stage_key);
	jsonw_key(&w, "from");
	jsonw_string(&w, review_state_name(st));
	jsonw_key(&w, "to");
	jsonw_string(&w, it.state);
	jsonw_key(&w, "comment");
	jsonw_string(&w, text ? text : "");
	jsonw_key(&w, "version");
	jsonw_int(&w, it.version + 1);
	jsonw_object_end(&w);
	snprintf(oid, sizeof oid, "%lld", (long long)item_id);
	if (item_store_add_review(db, item_id, review_action_name(action), stage_key, who->user_id,
				  text, at) < 0 ||
	    audit_append(db, who->is_system ? "system" : who->login, it.agency_id, o.event, "item",
			 oid, buf_str(&detail)) < 0 ||
	    search_index_item(db, item_id) < 0) {
		buf_free(&detail);
		item_clear(&it);
		svc_db_fail(err, db);
		db_rollback(db);
		return -1;
	}
	{
		/* keep a version snapshot of every state change */
		struct item cur;
		if (item_store_get(db, item_id, &cur) == 0) {
			struct buf snap = BUF_INIT(0);
			catalog_item_snapshot(&cur, &snap);
			r = item_store_add_version(db, item_id, cur.version, buf_str(&snap), who->user_id, at);
			buf_free(&snap);
			item_clear(&cur);
			if (r < 0) {
				buf_free(&detail);
				item_clear(&it);
				svc_db_fail(err, db);
				db_rollback(db);
				return -1;
			}
		}
	}
	buf_free(&detail);
	item_clear(&it);
	if (db_commit(db) < 0) {
		svc_db_fail(err, db);
		db_rollback(db);
		return -1;
	}
	str_copy(res->state, review_state_name(o.next.state), sizeof res->state);
	str_copy(res->stage, o.next.state == RV_IN_REVIEW ? flow.stages[o.next.stage].key : "",
		 sizeof res->stage);
	res->published = o.published;
	return 0;
}

struct hist_ctx {
	struct jsonw *w;
};

static void hist_row(void *ctx, const char *action, const char *stage, int64_t user_id,
		     const char *login, const char *comment, const char *at)
{
	struct hist_ctx *c = ctx;
	jsonw_object_begin(c->w);
	jsonw_key(c->w, "action");
	jsonw_string(c->w, action);
	jsonw_key(c->w, "stage");
	jsonw_string(c->w, stage);
	jsonw_key(c->w, "stage_label");
	jsonw_string(c->w, stage[0] ? review_stage_label(stage) : "");
	jsonw_key(c->w, "user_id");
	jsonw_int(c->w, user_id);
	jsonw_key(c->w, "user");
	jsonw_string(c->w, login);
	jsonw_key(c->w, "comment");
	jsonw_string(c->w, comment);
	jsonw_key(c->w, "at");
	jsonw_string(c->w, at);
	jsonw_object_end(c->w);
}

int review_history_json(struct db *db, const struct actor *who, int64_t item_id,
			struct buf *out, struct svc_error *err)
{
	struct item it;
	struct jsonw w;
	struct hist_ctx c = {&w};
	int r = item_store_get(db, item_id, &it);
	if (r < 0)
		return svc_db_fail(err, db);
	if (r == 1 || !access_can_see(db, who, it.agency_id)) {
		if (r == 0)
			item_clear(&it);
		return svc_fail(err, SVC_NOT_FOUND, NULL, "信息不存在 / no such item");
	}
	item_clear(&it);
	jsonw_init(&w, out, 0);
	jsonw_array_begin(&w);
	if (item_store_reviews(db, item_id, hist_row, &c) < 0)
		return svc_db_fail(err, db);
	jsonw_array_end(&w);
	return 0;
}
