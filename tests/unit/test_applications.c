/* test_applications.c - the application service, its store, the outcome
 * taxonomy and the fee tiers (service/applications.c, domain/outcome.c,
 * domain/fees.c). DB from $GONGKAI_TEST_DB_URL (uses-db: tests/run.sh
 * repeats it on PostgreSQL), else a temp SQLite file. */
#include "t.h"
#include "service/applications.h"
#include "service/accounts.h"
#include "service/access.h"
#include "service/apply_limit.h"
#include "service/audit.h"
#include "domain/fees.h"
#include "domain/outcome.h"
#include "report/spec.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct db *db;
static const struct calendar *cal;
static struct actor sys = {0, "system", 1, ""};

static struct actor mkuser(const char *prefix, int64_t agency, const char *role)
{
	struct actor a;
	struct svc_error e;
	int64_t id = 0;
	memset(&a, 0, sizeof a);
	snprintf(a.login, sizeof a.login, "%s%ld", prefix, (long)getpid());
	if (accounts_user_create(db, &sys, a.login, a.login, "password-123", agency, role, &id, &e))
		printf("# user %s: %s\n", a.login, e.message);
	a.user_id = id;
	return a;
}

static void test_pure(void)
{
	const char *const *k;
	const struct spec_set *specs = spec_builtin();
	const struct report_spec *s21 = spec_find(specs, "2021"), *s19 = spec_find(specs, "2019");
	int t21 = spec_table_index(s21, "applications"), t19 = spec_table_index(s19, "applications");
	int missing = 0, n = 0;
	struct buf b = BUF_INIT(0);
	struct notice_fields nf = {"张三", "2024-05-06", "某文件", "某局", "2024-05-20"};

	T_EQ_INT(fee_per_item_total(10), 0, "per item: 10 a month are free");
	T_EQ_INT(fee_per_item_total(35), 3000, "per item: 35 in a month -> 20x100 + 5x200 = 3000");
	T_EQ_INT(fee_per_item_nth(11), 100, "per item: the 11th costs 100");
	T_EQ_INT(fee_per_item_nth(41), 300, "per item: the 41st costs 300");
	T_EQ_INT(fee_per_volume(30), 0, "per volume: 30 pages free");
	T_EQ_INT(fee_per_volume(150), 1700, "per volume: 150 pages -> 70x10 + 50x20 = 1700");
	T_EQ_INT(fee_per_volume(250), 10 * 70 + 20 * 100 + 40 * 50, "per volume: 250 pages");
	T_EQ_INT(fee_per_volume(-1), -1, "per volume: negative refused");
	for (k = app_outcome_keys; *k; k++, n++) {
		const struct outcome_info *o = outcome_find(*k);
		if (!o || spec_row_index(&s21->tables[t21], o->row2021) < 0 ||
		    spec_row_index(&s19->tables[t19], o->row2019) < 0) {
			printf("# outcome %s has no row\n", *k);
			missing++;
		}
	}
	T_OK(n == 21 && missing == 0, "each of the %d outcomes maps to one 2021 and one 2019 row", n);
	T_EQ_STR(outcome_report_row("other_no_payment", "2019"), "other", "2019 folds other_* into （六）其他处理");
	T_EQ_STR(outcome_report_row("withheld_enforcement_file", "2021"), "withheld_enforcement", "2021 row key");
	T_OK(outcome_find("nonsense") == NULL, "unknown outcome refused");
	T_OK(outcome_render_notice("unable_not_held", &nf, &b) == 0 &&
	     strstr(buf_str(&b), "张三：") && strstr(buf_str(&b), "2024-05-06") &&
	     strstr(buf_str(&b), "不存在") == NULL && strstr(buf_str(&b), "第三十六条第（四）项") &&
	     !strchr(buf_str(&b), '{'), "notice template filled");
	buf_free(&b);
}

/* The per-address limit on public submissions (service/apply_limit.h):
 * counted per actor ip, refused with 429 and nothing stored, other
 * addresses and staff registration unaffected, 0 turns it off. */
static void test_apply_limit(const struct secret_key *key, int64_t agency, struct actor staff)
{
	struct actor a, b;
	struct app_input in;
	struct app_created out;
	struct svc_error e;
	struct db_param p[1] = {DBP_TEXT("限额测试")};
	int64_t stored = -1;
	int i, ok = 1;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	snprintf(a.ip, sizeof a.ip, "192.0.2.1");
	snprintf(b.ip, sizeof b.ip, "192.0.2.2");
	memset(&in, 0, sizeof in);
	in.agency_id = agency;
	in.applicant_kind = "person";
	in.applicant_name = "限额测试";
	in.description = "某项目批复文件";
	apply_limit_set(2, 3600);
	for (i = 0; i < 2; i++)
		ok &= app_submit_public(db, cal, key, &a, &in, &out, &e) == 0;
	T_OK(ok, "limit 2 per hour: two submissions from one address accepted");
	T_OK(app_submit_public(db, cal, key, &a, &in, &out, &e) == -1 && e.code == SVC_RATE_LIMITED &&
	     out.retry_after > 3500 && out.retry_after <= 3600 && strstr(e.message, "提交过于频繁"),
	     "the third is refused: 429, retry after %d s (%s)", out.retry_after, e.message);
	db_query_int(db, "SELECT COUNT(*) FROM applications WHERE applicant_name = $1", p, 1, &stored);
	T_EQ_INT(stored, 2, "nothing stored for the refused one");
	T_OK(app_submit_public(db, cal, key, &b, &in, &out, &e) == 0, "another address is accepted");
	in.channel = "letter";
	in.confirmed_on = "2024-06-03";
	snprintf(staff.ip, sizeof staff.ip, "%s", a.ip);
	ok = 1;
	for (i = 0; i < 3; i++)
		ok &= app_register(db, cal, key, &staff, &in, &out, &e) == 0;
	T_OK(ok, "staff registration from the locked address is not limited");
	in.channel = in.confirmed_on = NULL;
	apply_limit_set(0, 3600);
	T_OK(app_submit_public(db, cal, key, &a, &in, &out, &e) == 0, "apply_limit 0: no limit");
	apply_limit_set(APPLY_LIMIT_DEFAULT, APPLY_WINDOW_DEFAULT);
}

int main(void)
{
	char path[256], err[512], code[64], keypath[256];
	const char *url = getenv("GONGKAI_TEST_DB_URL");
	struct agency_input ai;
	struct svc_error e;
	struct app_input in;
	struct app_created cr, cr2, pub;
	struct app_view v;
	struct app_event_input ev;
	struct app_listing l;
	struct secret_key key;
	struct audit_report ar;
	struct actor clerk, handler, approver, outsider;
	int64_t agency = 0, other = 0, n = 0;
	gk_date today;
	int i;

	test_pure();
	cal = app_calendar(err, sizeof err);
	T_OK(cal != NULL, "calendar");
	if (!url || !*url) {
		snprintf(path, sizeof path, "sqlite:/tmp/gk_test_applications_%ld.db", (long)getpid());
		unlink(path + 7);
		url = path;
	}
	db = db_open(url, err, sizeof err);
	T_OK(db != NULL, "open %s", url);
	if (!db || !cal) {
		printf("# %s\n", err);
		return T_DONE();
	}
	snprintf(keypath, sizeof keypath, "/tmp/gk_test_applications_%ld.key", (long)getpid());
	unlink(keypath);
	T_OK(secret_key_load(keypath, 1, &key, err, sizeof err) == 0, "key file %s", err);
	memset(&ai, 0, sizeof ai);
	snprintf(code, sizeof code, "apps%ld", (long)getpid());
	ai.code = code;
	ai.name = "某某区住房和城乡建设局";
	T_OK(accounts_agency_create(db, &sys, &ai, &agency, &e) == 0, "agency");
	snprintf(code, sizeof code, "other%ld", (long)getpid());
	ai.code = code;
	ai.name = "另一局";
	T_OK(accounts_agency_create(db, &sys, &ai, &other, &e) == 0, "second agency");
	clerk = mkuser("clerk", agency, ROLE_CLERK);
	handler = mkuser("handler", agency, ROLE_HANDLER);
	approver = mkuser("approver", agency, ROLE_APPROVER);
	outsider = mkuser("outsider", other, ROLE_HANDLER);
	date_parse("2024-06-03", &today);
	app_today_set(today);

	/* Registration: receipt date per channel. */
	memset(&in, 0, sizeof in);
	in.agency_id = agency;
	in.channel = "post_signed";
	in.applicant_kind = "person";
	in.applicant_name = "张三";
	in.id_number = "110105199001011234";
	in.description = "2023年老旧小区改造项目清单";
	memset(&e, 0, sizeof e);
	T_OK(app_register(db, cal, &key, &clerk, &in, &cr, &e) == -1 && e.code == SVC_INVALID &&
	     !strcmp(e.field, "signed_on"), "post_signed without signed_on refused (%s)", e.field);
	in.signed_on = "2024-05-06";
	in.submitted_on = "2024-04-30";
	T_OK(app_register(db, cal, &key, &clerk, &in, &cr, &e) == 0, "clerk registers a letter %s", e.message);
	T_EQ_STR(cr.received_on, "2024-05-06", "post: receipt = signed date");
	T_EQ_STR(cr.due_on, "2024-05-31", "20 working days after 2024-05-06 (Sat 2024-05-11 is a make-up working day)");
	T_OK(!strncmp(cr.tracking_code, "GK", 2) && strlen(cr.tracking_code) == 12, "tracking code %s", cr.tracking_code);
	in.signed_on = "2024-06-04";
	T_OK(app_register(db, cal, &key, &clerk, &in, &cr2, &e) == -1 && e.code == SVC_INVALID,
	     "receipt in the future refused");
	in.channel = "fax";
	in.signed_on = NULL;
	in.confirmed_on = "2024-05-30";
	in.submitted_on = NULL;
	T_OK(app_register(db, cal, &key, &outsider, &in, &cr2, &e) == -1 && e.code == SVC_FORBIDDEN,
	     "another agency's handler cannot register here (%d)", e.code);
	T_OK(app_register(db, cal, &key, &handler, &in, &cr2, &e) == 0, "fax: receipt = confirmation");
	T_EQ_STR(cr2.received_on, "2024-05-30", "fax receipt date");

	/* Identity numbers: sealed at rest, masked everywhere. */
	{
		struct db_param p[1] = {DBP_INT(cr.id)};
		struct db_stmt *st = db_query(db, "SELECT id_number_enc, id_number_mask FROM applications WHERE id = $1", p, 1);
		size_t len = 0;
		const void *blob;
		int found = st && db_step(st) == 1;
		blob = found ? db_col_blob(st, 0, &len) : NULL;
		T_OK(found && blob && len > 18 && !memmem(blob, len, "110105199001011234", 18),
		     "identity number stored sealed (%zu bytes)", len);
		T_EQ_STR(found ? db_col_text(st, 1) : "", "110105********1234", "mask stored");
		db_finish(st);
	}

	/* Public submission and status lookup. */
	memset(&in, 0, sizeof in);
	in.agency_id = agency;
	in.applicant_kind = "business";
	in.applicant_name = "某公司";
	in.description = "某项目环评批复";
	T_OK(app_submit_public(db, cal, &key, &(struct actor){0}, &in, &pub, &e) == 0, "public submit");
	T_EQ_STR(pub.received_on, "2024-06-03", "online: receipt = today");
	T_OK(strlen(pub.verifier) == 9, "verifier %s", pub.verifier);
	T_OK(app_public_status(db, cal, pub.tracking_code, pub.verifier, &v, &e) == 0 &&
	     !strcmp(v.rec.tracking_code, pub.tracking_code), "status with the verifier");
	app_view_free(&v);
	T_OK(app_public_status(db, cal, pub.tracking_code, "AAAA-AAAA", &v, &e) == -1 && e.code == SVC_NOT_FOUND,
	     "wrong verifier -> 404");
	T_OK(app_public_status(db, cal, "GK0000000000", pub.verifier, &v, &e) == -1 && e.code == SVC_NOT_FOUND,
	     "unknown code -> 404");
	in.agency_id = 999999;
	T_OK(app_submit_public(db, cal, &key, &(struct actor){0}, &in, &cr2, &e) == -1 && e.code == SVC_NOT_FOUND,
	     "unknown agency -> 404");
	in.agency_id = agency;
	in.applicant_kind = "alien";
	T_OK(app_submit_public(db, cal, &key, &(struct actor){0}, &in, &cr2, &e) == -1 && e.code == SVC_INVALID,
	     "bad applicant kind -> 400");
	test_apply_limit(&key, other, outsider);   /* another agency: counts below stay */

	/* Reading: other agencies' applications are not found. */
	T_OK(app_get(db, cal, &outsider, cr.id, &v, &e) == -1 && e.code == SVC_NOT_FOUND, "outsider gets 404");
	T_OK(app_get(db, cal, &clerk, cr.id, &v, &e) == 0 && v.res.due != DATE_NONE && v.res.nsteps > 0,
	     "clerk reads it with the derivation steps");
	app_view_free(&v);

	/* Events and transitions. */
	memset(&ev, 0, sizeof ev);
	ev.type = "extension_approved";
	ev.date = "2024-05-31";
	ev.days = 10;
	T_OK(app_add_event(db, cal, &handler, cr.id, &ev, NULL, &e) == -1 && e.code == SVC_FORBIDDEN,
	     "a handler cannot approve an extension");
	ev.days = 25;
	T_OK(app_add_event(db, cal, &approver, cr.id, &ev, NULL, &e) == -1 && e.code == SVC_INVALID,
	     "an extension over 20 working days is refused");
	ev.days = 10;
	T_OK(app_add_event(db, cal, &approver, cr.id, &ev, &v, &e) == 0, "approver approves 10 days %s", e.message);
	T_EQ_STR(v.rec.due_on, "2024-06-17", "due date moved by 10 working days (端午 2024-06-10 off)");
	T_EQ_INT(v.rec.version, 2, "version bumped");
	app_view_free(&v);
	T_OK(app_add_event(db, cal, &approver, cr.id, &ev, NULL, &e) == -1 && e.code == SVC_CONFLICT,
	     "a second extension is refused: %s", e.message);
	memset(&ev, 0, sizeof ev);
	ev.type = "acknowledged";
	ev.date = "2024-06-03";
	ev.expected_version = 1;
	T_OK(app_add_event(db, cal, &handler, cr.id, &ev, NULL, &e) == -1 && e.code == SVC_CONFLICT,
	     "stale version -> 409 已被他人修改");
	ev.expected_version = 2;
	T_OK(app_add_event(db, cal, &handler, cr.id, &ev, NULL, &e) == 0, "acknowledged with the current version");
	memset(&ev, 0, sizeof ev);
	ev.type = "answered";
	ev.date = "2024-06-03";
	ev.outcome = "made_up";
	T_OK(app_add_event(db, cal, &handler, cr.id, &ev, NULL, &e) == -1 && e.code == SVC_INVALID,
	     "unknown outcome refused");
	ev.outcome = "partial";
	T_OK(app_add_event(db, cal, &clerk, cr.id, &ev, NULL, &e) == -1 && e.code == SVC_FORBIDDEN,
	     "a clerk cannot answer");
	T_OK(app_add_event(db, cal, &handler, cr.id, &ev, &v, &e) == 0, "handler answers");
	T_EQ_STR(v.rec.state, "answered", "state answered");
	T_EQ_STR(v.rec.outcome, "partial", "outcome stored");
	T_OK(v.events.n == 3 && strstr(v.events.items[2].data_json, "第三十七条"),
	     "the reply notice was generated from the outcome template");
	app_view_free(&v);
	ev.outcome = "disclosed";
	T_OK(app_add_event(db, cal, &handler, cr.id, &ev, NULL, &e) == -1 && e.code == SVC_CONFLICT,
	     "no event after the answer: %s", e.message);

	/* Fees: per item, per applicant per calendar month. */
	memset(&in, 0, sizeof in);
	in.agency_id = agency;
	in.channel = "in_person";
	in.applicant_kind = "person";
	in.applicant_name = "李四";
	in.description = "某文件";
	in.submitted_on = "2024-05-20";
	for (i = 0; i < 11; i++)
		if (app_register(db, cal, &key, &clerk, &in, &cr2, &e))
			break;
	T_EQ_INT(i, 11, "11 applications by one applicant in May");
	memset(&ev, 0, sizeof ev);
	ev.type = "fee_notice_issued";
	ev.date = "2024-05-22";
	ev.fee_method = "per_item";
	T_OK(app_add_event(db, cal, &handler, cr2.id, &ev, &v, &e) == 0 &&
	     strstr(v.events.items[0].data_json, "\"amount_yuan\":100") &&
	     !strcmp(v.rec.waiting, "fee"), "the 11th in a month: 100 yuan, waiting for payment (%s)",
	     v.events.n ? v.events.items[0].data_json : e.message);
	app_view_free(&v);
	ev.fee_method = "by_weight";
	T_OK(app_add_event(db, cal, &handler, cr2.id, &ev, NULL, &e) == -1 && e.code == SVC_INVALID,
	     "unknown fee method refused");

	/* Listing buckets. */
	T_OK(app_list(db, cal, &handler, agency, BUCKET_ALL, 0, 0, &l, &e) == 0, "list");
	T_EQ_INT(l.total_open, 13, "13 open (1 answered)");
	T_EQ_INT(l.waiting, 1, "1 waiting for payment (no due date)");
	T_EQ_INT(l.overdue + l.due_soon + l.on_time + l.waiting, l.total_open, "buckets partition the open ones");
	app_listing_free(&l);
	T_OK(app_list(db, cal, &outsider, agency, BUCKET_ALL, 0, 0, &l, &e) == -1 && e.code == SVC_NOT_FOUND,
	     "outsider cannot list");
	date_parse("2024-07-01", &today);
	app_today_set(today);
	T_OK(app_list(db, cal, &handler, agency, BUCKET_OVERDUE, 0, 0, &l, &e) == 0 && l.overdue == 11 &&
	     l.items.n == 11, "a month later 11 are overdue (the online one of 06-03 is due 07-02) (%lld)", (long long)l.overdue);
	app_listing_free(&l);
	T_OK(app_refresh_deadlines(db, cal, &sys, 0, &n, &e) == 0, "refresh cached deadlines (%lld changed)", (long long)n);

	/* Appeals. */
	{
		struct appeal_input a;
		int64_t id = 0;
		memset(&a, 0, sizeof a);
		a.application_id = cr.id;
		a.kind = "reconsideration";
		a.filed_on = "2024-06-20";
		T_OK(appeal_create(db, &handler, &a, &id, &e) == 0, "reconsideration recorded %s", e.message);
		T_OK(appeal_update(db, &outsider, id, "upheld", "2024-06-28", NULL, &e) == -1 && e.code == SVC_NOT_FOUND,
		     "outsider cannot touch it");
		T_OK(appeal_update(db, &handler, id, "upheld", "2024-06-10", NULL, &e) == -1 && e.code == SVC_INVALID,
		     "decided before filed refused");
		T_OK(appeal_update(db, &handler, id, "upheld", "2024-06-28", NULL, &e) == 0, "result 维持");
		a.kind = "appeal_to_heaven";
		T_OK(appeal_create(db, &handler, &a, &id, &e) == -1 && e.code == SVC_INVALID, "bad kind refused");
	}

	T_EQ_INT(audit_verify(db, &ar), 0, "audit chain intact after %lld entries", (long long)ar.entries);
	app_today_set(DATE_NONE);
	db_close(db);
	if (url == path)
		unlink(path + 7);
	unlink(keypath);
	return T_DONE();
}
