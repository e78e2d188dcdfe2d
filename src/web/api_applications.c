/* api_applications.c - JSON API for disclosure applications, their events
 * and answers, appeals, report figures and the annual report built from
 * records (route table applications_routes; docs/api.md, "Applications").
 *
 * Handlers are thin: check the JSON body (malformed JSON, wrong types and
 * unknown fields are 400 with the JSON path), identify the actor (public
 * endpoints need none; staff endpoints need a session or an API token),
 * call one service function and render its result. */
#include "web/api.h"
#include "web/routes.h"
#include "web/auth.h"
#include "web/page.h"
#include "service/applications.h"
#include "service/report_build.h"
#include "service/report_summary.h"
#include "domain/outcome.h"
#include "report/check.h"
#include "report/json.h"
#include "base/jsonw.h"
#include "base/str.h"
#include "base/xalloc.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------- responses ---------- */

static void done(struct http_response *res, struct jsonw *w, int status)
{
	(void)w;
	buf_addc(&res->body, '\n');
	http_json(res, status);
}

static const struct calendar *calendar_or_503(struct http_response *res)
{
	char err[512];
	const struct calendar *cal = app_calendar(err, sizeof err);
	if (!cal) {
		fprintf(stderr, "gongkai: calendar: %s\n", err);
		http_json_error_at(res, 503, "unavailable", "工作日历不可用 / working-day calendar unavailable", NULL);
	}
	return cal;
}

/* ---------- rendering ---------- */

static void kv(struct jsonw *w, const char *k, const char *v)
{
	jsonw_key(w, k);
	jsonw_string(w, v && *v ? v : NULL);
}

static void write_date(struct jsonw *w, const char *k, gk_date d)
{
	char s[DATE_STR_SIZE];
	jsonw_key(w, k);
	if (d == DATE_NONE)
		jsonw_null(w);
	else
		jsonw_string(w, date_format(d, s));
}

/* Events: staff see everything; applicants see type, date, outcome and
 * the reply notice. */
static void write_events(struct jsonw *w, const struct app_event_rows *evs, int staff)
{
	size_t i;
	jsonw_array_begin(w);
	for (i = 0; i < evs->n; i++) {
		const struct app_event_row *e = &evs->items[i];
		json_t *data = json_loads(e->data_json ? e->data_json : "{}", 0, NULL);
		jsonw_object_begin(w);
		if (staff) {
			jsonw_key(w, "id");
			jsonw_int(w, e->id);
			jsonw_key(w, "seq");
			jsonw_int(w, e->seq);
		}
		kv(w, "type", e->type);
		kv(w, "date", e->date);
		if (api_str(data, "outcome")) {
			const struct outcome_info *o = outcome_find(api_str(data, "outcome"));
			kv(w, "outcome", api_str(data, "outcome"));
			kv(w, "outcome_label", o ? o->label : NULL);
		}
		if (api_str(data, "notice_text"))
			kv(w, "notice_text", api_str(data, "notice_text"));
		if (api_str(data, "deadline"))
			kv(w, "deadline", api_str(data, "deadline"));
		if (json_is_integer(json_object_get(data, "amount_yuan"))) {
			jsonw_key(w, "fee_yuan");
			jsonw_int(w, api_int(data, "amount_yuan"));
			kv(w, "fee_method", api_str(data, "fee_method"));
		}
		if (staff) {
			if (json_is_integer(json_object_get(data, "days"))) {
				jsonw_key(w, "days");
				jsonw_int(w, api_int(data, "days"));
			}
			if (api_str(data, "approver"))
				kv(w, "approver", api_str(data, "approver"));
			if (api_str(data, "note"))
				kv(w, "note", api_str(data, "note"));
			jsonw_key(w, "actor_user_id");
			if (e->actor_user_id > 0)
				jsonw_int(w, e->actor_user_id);
			else
				jsonw_null(w);
			kv(w, "created_at", e->created_at);
		}
		jsonw_object_end(w);
		json_decref(data);
	}
	jsonw_array_end(w);
}

static void write_deadline(struct jsonw *w, const struct app_view *v)
{
	const struct deadline_result *r = &v->res;
	size_t i;
	jsonw_key(w, "deadline");
	if (v->derive_failed) {
		jsonw_object_begin(w);
		kv(w, "error", r->error);
		jsonw_object_end(w);
		return;
	}
	jsonw_object_begin(w);
	write_date(w, "due", r->due);
	kv(w, "state", app_state_name(r->state));
	kv(w, "regime", r->regime == REGIME_2019 ? "2019" : "2008");
	kv(w, "waiting_for", r->waiting == WAIT_NONE ? NULL : app_waiting_name(r->waiting));
	write_date(w, "waiting_until", r->waiting_until);
	jsonw_key(w, "overdue");
	jsonw_bool(w, r->overdue);
	jsonw_key(w, "remaining_workdays");
	if (r->remaining_workdays >= 0)
		jsonw_int(w, r->remaining_workdays);
	else
		jsonw_null(w);
	jsonw_key(w, "steps");
	jsonw_array_begin(w);
	for (i = 0; i < r->nsteps; i++) {
		char s[DATE_STR_SIZE];
		jsonw_object_begin(w);
		kv(w, "date", date_format(r->steps[i].date, s));
		kv(w, "kind", r->steps[i].kind);
		kv(w, "zh", r->steps[i].zh);
		kv(w, "en", r->steps[i].en);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
	jsonw_object_end(w);
}

/* Listing row or full record (staff). */
static void write_record(struct jsonw *w, const struct app_record *r)
{
	jsonw_key(w, "id");
	jsonw_int(w, r->id);
	jsonw_key(w, "agency_id");
	jsonw_int(w, r->agency_id);
	kv(w, "tracking_code", r->tracking_code);
	kv(w, "channel", r->channel);
	kv(w, "received_on", r->received_on);
	kv(w, "applicant_kind", r->applicant_kind);
	kv(w, "applicant_name", r->applicant_name);
	kv(w, "id_number", r->id_number_mask);   /* masked, never the number */
	kv(w, "description", r->description);
	kv(w, "state", r->state);
	kv(w, "waiting_for", r->waiting);
	kv(w, "due_on", r->due_on);
	kv(w, "outcome", r->outcome);
	kv(w, "answered_on", r->answered_on);
	jsonw_key(w, "version");
	jsonw_int(w, r->version);
}

static void write_view(struct http_response *res, const struct app_view *v, int status)
{
	struct jsonw w;
	const struct app_record *r = &v->rec;
	buf_reset(&res->body);
	jsonw_init(&w, &res->body, 0);
	jsonw_object_begin(&w);
	write_record(&w, r);
	kv(&w, "submitted_on", r->submitted_on);
	kv(&w, "signed_on", r->signed_on);
	kv(&w, "confirmed_on", r->confirmed_on);
	kv(&w, "contact_phone", r->contact_phone);
	kv(&w, "contact_email", r->contact_email);
	kv(&w, "contact_address", r->contact_address);
	kv(&w, "postal_code", r->postal_code);
	kv(&w, "form_wanted", r->form_wanted);
	kv(&w, "delivery", r->delivery);
	kv(&w, "created_at", r->created_at);
	kv(&w, "updated_at", r->updated_at);
	write_deadline(&w, v);
	jsonw_key(&w, "events");
	write_events(&w, &v->events, 1);
	jsonw_object_end(&w);
	done(res, &w, status);
}

static void write_appeal(struct jsonw *w, const struct appeal_row *a)
{
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, a->id);
	jsonw_key(w, "agency_id");
	jsonw_int(w, a->agency_id);
	jsonw_key(w, "application_id");
	if (a->application_id > 0)
		jsonw_int(w, a->application_id);
	else
		jsonw_null(w);
	kv(w, "kind", a->kind);
	kv(w, "filed_on", a->filed_on);
	kv(w, "result", a->result);
	kv(w, "decided_on", a->decided_on);
	kv(w, "note", a->note);
	kv(w, "updated_at", a->updated_at);
	jsonw_object_end(w);
}

/* ---------- public ---------- */

static const struct api_field applicant_fields[] = {
	{"agency_id", API_INT, 1}, {"applicant_kind", API_STRING, 1}, {"applicant_name", API_STRING, 1},
	{"id_number", API_STRING, 0}, {"contact_phone", API_STRING, 0}, {"contact_email", API_STRING, 0},
	{"contact_address", API_STRING, 0}, {"postal_code", API_STRING, 0},
	{"description", API_STRING, 1}, {"form_wanted", API_STRING, 0}, {"delivery", API_STRING, 0},
	/* registration only (ignored for public submission, see below) */
	{"channel", API_STRING, 0}, {"submitted_on", API_STRING, 0}, {"signed_on", API_STRING, 0},
	{"confirmed_on", API_STRING, 0},
	{NULL, 0, 0}};

static void fill_input(json_t *in, struct app_input *a)
{
	memset(a, 0, sizeof *a);
	a->agency_id = api_int(in, "agency_id");
	a->applicant_kind = api_str(in, "applicant_kind");
	a->applicant_name = api_str(in, "applicant_name");
	a->id_number = api_str(in, "id_number");
	a->contact_phone = api_str(in, "contact_phone");
	a->contact_email = api_str(in, "contact_email");
	a->contact_address = api_str(in, "contact_address");
	a->postal_code = api_str(in, "postal_code");
	a->description = api_str(in, "description");
	a->form_wanted = api_str(in, "form_wanted");
	a->delivery = api_str(in, "delivery");
	a->channel = api_str(in, "channel");
	a->submitted_on = api_str(in, "submitted_on");
	a->signed_on = api_str(in, "signed_on");
	a->confirmed_on = api_str(in, "confirmed_on");
}

static void write_created(struct http_response *res, const struct app_created *c)
{
	struct jsonw w;
	jsonw_init(&w, &res->body, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "id");
	jsonw_int(&w, c->id);
	kv(&w, "tracking_code", c->tracking_code);
	kv(&w, "verifier", c->verifier);
	kv(&w, "received_on", c->received_on);
	kv(&w, "due_on", c->due_on);
	jsonw_object_end(&w);
	done(res, &w, 201);
}

/* POST /api/public/applications */
static void h_public_submit(struct http_request *req, struct http_response *res)
{
	static const struct api_field public_fields[] = {
		{"agency_id", API_INT, 1}, {"applicant_kind", API_STRING, 1}, {"applicant_name", API_STRING, 1},
		{"id_number", API_STRING, 0}, {"contact_phone", API_STRING, 0}, {"contact_email", API_STRING, 0},
		{"contact_address", API_STRING, 0}, {"postal_code", API_STRING, 0},
		{"description", API_STRING, 1}, {"form_wanted", API_STRING, 0}, {"delivery", API_STRING, 0},
		{NULL, 0, 0}};
	const struct calendar *cal;
	const struct secret_key *key;
	struct app_input a;
	struct app_created out;
	struct svc_error err = {0};
	struct actor who;
	json_t *in;
	if (api_need_db(req, res) || !(cal = calendar_or_503(res)) ||
	    !(in = api_body(req, res, public_fields)))
		return;
	memset(&who, 0, sizeof who);
	str_copy(who.ip, req->remote_ip, sizeof who.ip);
	fill_input(in, &a);
	key = page_secret_key(req);
	if (a.id_number && *a.id_number && !key) {
		json_decref(in);
		http_json_error_at(res, 503, "unavailable", "加密密钥不可用 / key unavailable", NULL);
		return;
	}
	if (app_submit_public(req->db, cal, key, &who, &a, &out, &err)) {
		api_svc_error(res, &err);
		if (err.code == SVC_RATE_LIMITED)
			http_retry_after(res, out.retry_after);
	} else {
		write_created(res, &out);
	}
	json_decref(in);
}

/* GET /api/public/applications/:code?verifier=... */
static void h_public_status(struct http_request *req, struct http_response *res)
{
	const struct calendar *cal;
	struct app_view v;
	struct svc_error err = {0};
	struct jsonw w;
	const struct outcome_info *o;
	if (api_need_db(req, res) || !(cal = calendar_or_503(res)))
		return;
	if (app_public_status(req->db, cal, http_param(req, "code"), http_query(req, "verifier"),
			      &v, &err)) {
		api_svc_error(res, &err);
		return;
	}
	o = outcome_find(v.rec.outcome);
	jsonw_init(&w, &res->body, 0);
	jsonw_object_begin(&w);
	kv(&w, "tracking_code", v.rec.tracking_code);
	kv(&w, "received_on", v.rec.received_on);
	kv(&w, "state", v.derive_failed ? v.rec.state : app_state_name(v.res.state));
	if (v.derive_failed)
		kv(&w, "due_on", v.rec.due_on);
	else
		write_date(&w, "due_on", v.res.due);
	kv(&w, "waiting_for", !v.derive_failed && v.res.waiting != WAIT_NONE ? app_waiting_name(v.res.waiting) : NULL);
	kv(&w, "outcome", v.rec.outcome);
	kv(&w, "outcome_label", o ? o->label : NULL);
	kv(&w, "answered_on", v.rec.answered_on);
	jsonw_key(&w, "events");
	write_events(&w, &v.events, 0);
	jsonw_object_end(&w);
	done(res, &w, 200);
	app_view_free(&v);
}

/* ---------- staff: applications ---------- */

/* POST /api/applications: register a paper, letter, fax ... application. */
static void h_register(struct http_request *req, struct http_response *res)
{
	const struct calendar *cal;
	struct app_input a;
	struct app_created out;
	struct svc_error err = {0};
	struct actor who;
	json_t *in;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who) || !(cal = calendar_or_503(res)) ||
	    !(in = api_body(req, res, applicant_fields)))
		return;
	fill_input(in, &a);
	if (!a.channel) {
		json_decref(in);
		http_json_error_at(res, 400, "missing_field", "缺少申请方式 / channel is required", "$.channel");
		return;
	}
	if (app_register(req->db, cal, page_secret_key(req), &who, &a, &out, &err))
		api_svc_error(res, &err);
	else
		write_created(res, &out);
	json_decref(in);
}

/* The cached due dates follow the calendar: the first listing after start
 * re-derives every open application once; a calendar loaded later
 * (service/calendar_admin.h) re-caches them in its own transaction. */
static pthread_mutex_t refresh_lock = PTHREAD_MUTEX_INITIALIZER;
static int refreshed;

static void refresh_once(struct db *db, const struct calendar *cal)
{
	struct actor sys = {0, "system", 1, ""};
	struct svc_error err = {0};
	int64_t changed = 0;
	pthread_mutex_lock(&refresh_lock);
	if (!refreshed) {
		if (app_refresh_deadlines(db, cal, &sys, 0, &changed, &err) == 0)
			refreshed = 1;
		else
			fprintf(stderr, "gongkai: refreshing deadlines: %s\n", err.message);
		if (changed)
			fprintf(stderr, "gongkai: %lld open deadlines re-derived under the current calendar\n",
				(long long)changed);
	}
	pthread_mutex_unlock(&refresh_lock);
}

/* GET /api/applications?agency=ID&bucket=overdue|due_soon|on_time|waiting|all */
static void h_list(struct http_request *req, struct http_response *res)
{
	const struct calendar *cal;
	struct app_listing l;
	struct svc_error err = {0};
	struct actor who;
	struct jsonw w;
	int bucket, limit = 100;
	int64_t agency, offset = 0;
	const char *s;
	size_t i;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who) || !(cal = calendar_or_503(res)))
		return;
	agency = api_query_id(req, "agency");
	if (!agency) {
		http_json_error_at(res, 400, "invalid", "缺少 agency 参数 / agency=ID is required", "agency");
		return;
	}
	bucket = app_bucket_from_name(http_query(req, "bucket"));
	if (bucket < 0) {
		http_json_error_at(res, 400, "invalid", "bucket 应为 overdue、due_soon、on_time、waiting 或 all", "bucket");
		return;
	}
	if ((s = http_query(req, "limit")) && str_to_int(s, 1, 1000, &limit)) {
		http_json_error_at(res, 400, "invalid", "limit 应为 1-1000", "limit");
		return;
	}
	if ((s = http_query(req, "offset")) && (str_to_int64(s, &offset) || offset < 0)) {
		http_json_error_at(res, 400, "invalid", "offset 应为非负整数", "offset");
		return;
	}
	refresh_once(req->db, cal);
	if (app_list(req->db, cal, &who, agency, (enum app_bucket)bucket, limit, offset, &l, &err)) {
		api_svc_error(res, &err);
		return;
	}
	jsonw_init(&w, &res->body, 0);
	jsonw_object_begin(&w);
	kv(&w, "today", l.today);
	kv(&w, "due_soon_until", l.soon_until);
	jsonw_key(&w, "counts");
	jsonw_object_begin(&w);
	jsonw_key(&w, "overdue");
	jsonw_int(&w, l.overdue);
	jsonw_key(&w, "due_soon");
	jsonw_int(&w, l.due_soon);
	jsonw_key(&w, "on_time");
	jsonw_int(&w, l.on_time);
	jsonw_key(&w, "waiting");
	jsonw_int(&w, l.waiting);
	jsonw_key(&w, "open");
	jsonw_int(&w, l.total_open);
	jsonw_object_end(&w);
	jsonw_key(&w, "applications");
	jsonw_array_begin(&w);
	for (i = 0; i < l.items.n; i++) {
		jsonw_object_begin(&w);
		write_record(&w, &l.items.items[i]);
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	done(res, &w, 200);
	app_listing_free(&l);
}

/* GET /api/applications/:id */
static void h_get(struct http_request *req, struct http_response *res)
{
	const struct calendar *cal;
	struct app_view v;
	struct svc_error err = {0};
	struct actor who;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who) || !(cal = calendar_or_503(res)))
		return;
	if (app_get(req->db, cal, &who, api_param_id(req, "id"), &v, &err)) {
		api_svc_error(res, &err);
		return;
	}
	write_view(res, &v, 200);
	app_view_free(&v);
}

static void add_event(struct http_request *req, struct http_response *res, int answer)
{
	static const struct api_field event_fields[] = {
		{"type", API_STRING, 1}, {"date", API_STRING, 1}, {"deadline", API_STRING, 0},
		{"days", API_INT, 0}, {"approver", API_STRING, 0}, {"outcome", API_STRING, 0},
		{"notice_text", API_STRING, 0}, {"fee_method", API_STRING, 0}, {"pages", API_INT, 0},
		{"note", API_STRING, 0}, {"version", API_INT, 0}, {NULL, 0, 0}};
	static const struct api_field answer_fields[] = {
		{"outcome", API_STRING, 1}, {"date", API_STRING, 1}, {"notice_text", API_STRING, 0},
		{"note", API_STRING, 0}, {"version", API_INT, 0}, {NULL, 0, 0}};
	const struct calendar *cal;
	struct app_event_input ev;
	struct app_view v;
	struct svc_error err = {0};
	struct actor who;
	json_t *in;
	int64_t days;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who) || !(cal = calendar_or_503(res)) ||
	    !(in = api_body(req, res, answer ? answer_fields : event_fields)))
		return;
	memset(&ev, 0, sizeof ev);
	ev.type = answer ? "answered" : api_str(in, "type");
	ev.date = api_str(in, "date");
	ev.deadline = api_str(in, "deadline");
	days = api_int(in, "days");
	if (days < 0 || days > 20) {
		json_decref(in);
		http_json_error_at(res, 400, "invalid", "延期不得超过20个工作日 / days must be 1-20", "$.days");
		return;
	}
	ev.days = (int)days;
	ev.approver = api_str(in, "approver");
	ev.outcome = api_str(in, "outcome");
	ev.notice_text = api_str(in, "notice_text");
	ev.fee_method = api_str(in, "fee_method");
	ev.pages = api_int(in, "pages");
	ev.note = api_str(in, "note");
	ev.expected_version = api_int(in, "version");
	if (app_add_event(req->db, cal, &who, api_param_id(req, "id"), &ev, &v, &err)) {
		api_svc_error(res, &err);
	} else {
		write_view(res, &v, 201);
		app_view_free(&v);
	}
	json_decref(in);
}

/* POST /api/applications/:id/events */
static void h_event(struct http_request *req, struct http_response *res)
{
	add_event(req, res, 0);
}

/* POST /api/applications/:id/answer */
static void h_answer(struct http_request *req, struct http_response *res)
{
	add_event(req, res, 1);
}

/* ---------- appeals ---------- */

static void reply_appeal(struct http_request *req, struct http_response *res,
			 const struct actor *who, int64_t id, int status)
{
	struct appeal_row a;
	struct svc_error err = {0};
	struct jsonw w;
	if (appeal_get(req->db, who, id, &a, &err)) {
		api_svc_error(res, &err);
		return;
	}
	buf_reset(&res->body);
	jsonw_init(&w, &res->body, 0);
	write_appeal(&w, &a);
	done(res, &w, status);
	free(a.note);
}

/* POST /api/appeals */
static void h_appeal_create(struct http_request *req, struct http_response *res)
{
	static const struct api_field spec[] = {
		{"agency_id", API_INT, 0}, {"application_id", API_INT, 0}, {"kind", API_STRING, 1},
		{"filed_on", API_STRING, 1}, {"result", API_STRING, 0}, {"decided_on", API_STRING, 0},
		{"note", API_STRING, 0}, {NULL, 0, 0}};
	struct appeal_input a;
	struct svc_error err = {0};
	struct actor who;
	json_t *in;
	int64_t id = 0;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who) || !(in = api_body(req, res, spec)))
		return;
	memset(&a, 0, sizeof a);
	a.agency_id = api_int(in, "agency_id");
	a.application_id = api_int(in, "application_id");
	a.kind = api_str(in, "kind");
	a.filed_on = api_str(in, "filed_on");
	a.result = api_str(in, "result");
	a.decided_on = api_str(in, "decided_on");
	a.note = api_str(in, "note");
	if (appeal_create(req->db, &who, &a, &id, &err))
		api_svc_error(res, &err);
	else
		reply_appeal(req, res, &who, id, 201);
	json_decref(in);
}

/* PUT /api/appeals/:id {result, decided_on, note} */
static void h_appeal_update(struct http_request *req, struct http_response *res)
{
	static const struct api_field spec[] = {
		{"result", API_STRING, 1}, {"decided_on", API_STRING, 0}, {"note", API_STRING, 0}, {NULL, 0, 0}};
	struct svc_error err = {0};
	struct actor who;
	json_t *in;
	int64_t id;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who) || !(in = api_body(req, res, spec)))
		return;
	id = api_param_id(req, "id");
	if (appeal_update(req->db, &who, id, api_str(in, "result"), api_str(in, "decided_on"),
			  api_str(in, "note"), &err))
		api_svc_error(res, &err);
	else
		reply_appeal(req, res, &who, id, 200);
	json_decref(in);
}

/* GET /api/appeals/:id */
static void h_appeal_get(struct http_request *req, struct http_response *res)
{
	struct actor who;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who))
		return;
	reply_appeal(req, res, &who, api_param_id(req, "id"), 200);
}

/* GET /api/appeals?agency=ID[&application=ID] */
static void h_appeal_list(struct http_request *req, struct http_response *res)
{
	struct appeal_rows l = {0};
	struct svc_error err = {0};
	struct actor who;
	struct jsonw w;
	size_t i;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who))
		return;
	if (appeal_list(req->db, &who, api_query_id(req, "agency"), api_query_id(req, "application"), &l, &err)) {
		api_svc_error(res, &err);
		return;
	}
	jsonw_init(&w, &res->body, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "appeals");
	jsonw_array_begin(&w);
	for (i = 0; i < l.n; i++)
		write_appeal(&w, &l.items[i]);
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	done(res, &w, 200);
	appeal_rows_free(&l);
}

/* ---------- report ---------- */

/* PUT /api/agencies/:id/report-figures/:year {"figures": {"proactive.rules.issued": "3", ...}} */
static void h_figures(struct http_request *req, struct http_response *res)
{
	static const struct api_field spec[] = {{"figures", API_OBJECT, 1}, {NULL, 0, 0}};
	struct figure_rows rows = {0};
	struct svc_error err = {0};
	struct actor who;
	const char *key;
	json_t *in, *val, *figs;
	int year;
	char path[160];
	if (api_need_db(req, res) || auth_api_actor(req, res, &who) || !(in = api_body(req, res, spec)))
		return;
	if (!http_param(req, "year") || str_to_int(http_param(req, "year"), 2008, 2199, &year)) {
		json_decref(in);
		http_json_error_at(res, 400, "invalid", "年份无效 / bad year", "year");
		return;
	}
	figs = json_object_get(in, "figures");
	if (json_object_size(figs) > 500) {
		json_decref(in);
		http_json_error_at(res, 400, "invalid", "数据项过多 / too many figures", "$.figures");
		return;
	}
	rows.items = xcalloc(json_object_size(figs) + 1, sizeof *rows.items);
	json_object_foreach(figs, key, val) {
		snprintf(path, sizeof path, "$.figures.%.100s", key);
		if (!json_is_string(val) || strlen(key) >= sizeof rows.items[0].key ||
		    strlen(json_string_value(val)) >= sizeof rows.items[0].value) {
			figure_rows_free(&rows);
			json_decref(in);
			http_json_error_at(res, 400, "wrong_type", "应为十进制数字字符串 / want a decimal string", path);
			return;
		}
		str_copy(rows.items[rows.n].key, key, sizeof rows.items[0].key);
		str_copy(rows.items[rows.n].value, json_string_value(val), sizeof rows.items[0].value);
		rows.n++;
	}
	if (app_set_report_figures(req->db, &who, api_param_id(req, "id"), year, &rows, &err)) {
		api_svc_error(res, &err);
	} else {
		buf_adds(&res->body, "{\"ok\":true}\n");
		http_json(res, 200);
	}
	figure_rows_free(&rows);
	json_decref(in);
}

/* GET /api/agencies/:id/report/:year?format=2021|2019 */
static void h_report(struct http_request *req, struct http_response *res)
{
	const struct calendar *cal;
	struct report *r = NULL;
	struct finding_list f = {0};
	struct svc_error err = {0};
	struct actor who;
	struct jsonw w;
	int year, summary, nagencies = 0;
	if (api_need_db(req, res) || auth_api_actor(req, res, &who) || !(cal = calendar_or_503(res)))
		return;
	if (!http_param(req, "year") || str_to_int(http_param(req, "year"), 1900, 2199, &year)) {
		http_json_error_at(res, 400, "invalid", "年份无效 / bad year", "year");
		return;
	}
	summary = http_query(req, "summary") && !strcmp(http_query(req, "summary"), "1");
	if (summary ? report_build_summary(req->db, cal, &who, api_param_id(req, "id"), year,
					   http_query(req, "format"), &r, &nagencies, &err)
		    : report_build(req->db, cal, &who, api_param_id(req, "id"), year,
				   http_query(req, "format"), &r, &err)) {
		api_svc_error(res, &err);
		return;
	}
	report_check(r, &f);
	jsonw_init(&w, &res->body, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "report");
	report_to_json(r, &w);
	jsonw_key(&w, "findings");
	findings_to_json(&f, &w);
	jsonw_key(&w, "errors");
	jsonw_int(&w, finding_count(&f, SEV_ERROR));
	if (summary) {
		jsonw_key(&w, "agencies");
		jsonw_int(&w, nagencies);
	}
	jsonw_object_end(&w);
	done(res, &w, 200);
	finding_list_free(&f);
	report_free(r);
}

const struct route applications_routes[] = {
	{"POST", "/api/public/applications", h_public_submit, "api.public.submit"},
	{"GET", "/api/public/applications/:code", h_public_status, "api.public.status"},
	{"GET", "/api/applications", h_list, "api.applications.list"},
	{"POST", "/api/applications", h_register, "api.applications.register"},
	{"GET", "/api/applications/:id", h_get, "api.applications.get"},
	{"POST", "/api/applications/:id/events", h_event, "api.applications.event"},
	{"POST", "/api/applications/:id/answer", h_answer, "api.applications.answer"},
	{"GET", "/api/appeals", h_appeal_list, "api.appeals.list"},
	{"POST", "/api/appeals", h_appeal_create, "api.appeals.create"},
	{"GET", "/api/appeals/:id", h_appeal_get, "api.appeals.get"},
	{"PUT", "/api/appeals/:id", h_appeal_update, "api.appeals.update"},
	{"PUT", "/api/agencies/:id/report-figures/:year", h_figures, "api.report.figures"},
	{"GET", "/api/agencies/:id/report/:year", h_report, "api.report.build"},
	{NULL, NULL, NULL, NULL}
};
