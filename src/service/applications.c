/* applications.c - disclosure application use cases
 * (service/applications.h). */
#include "service/applications.h"
#include "service/access.h"
#include "service/apply_limit.h"
#include "service/audit.h"
#include "service/calendar_admin.h"
#include "store/db.h"
#include "domain/fees.h"
#include "domain/outcome.h"
#include "base/buf.h"
#include "base/embedded.h"
#include "base/file.h"
#include "base/isotime.h"
#include "base/jsonw.h"
#include "base/str.h"
#include "base/utf8.h"
#include "base/xalloc.h"

#include <jansson.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ---------- calendar and clock ---------- */

/* The active calendar is kept by service/calendar_admin.c (stored in the
 * database and followed by running servers, else $GONGKAI_HOME/calendar.tsv
 * or the built-in one); app_calendar() stays the entry point callers use.
 * (Changed for issue 3: it used to load the file once per process.) */
const struct calendar *app_calendar(char *err, size_t errsize)
{
	return calendar_admin_current(NULL, err, errsize);
}

static gk_date today_override = DATE_NONE;

gk_date app_today(void)
{
	time_t t;
	struct tm tm;
	gk_date d;
	if (today_override != DATE_NONE)
		return today_override;
	t = time(NULL);
	localtime_r(&t, &tm);
	if (date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &d))
		return DATE_NONE;
	return d;
}

void app_today_set(gk_date d)
{
	today_override = d;
}

static void now_iso(char *out, size_t size)
{
	iso_time_format(time(NULL), out, size);
}

/* ---------- small helpers ---------- */

static const char *actor_name(const struct actor *who)
{
	if (who && who->is_system)
		return "system";
	if (who && who->user_id > 0)
		return who->login;
	return "public";
}

static int begin(struct db *db, struct svc_error *err)
{
	return db_begin(db) ? svc_db_fail(err, db) : 0;
}

/* Roll back and pass the failure on. */
static int abort_tx(struct db *db)
{
	db_rollback(db);
	return -1;
}

static int commit(struct db *db, struct svc_error *err)
{
	if (db_commit(db)) {
		svc_db_fail(err, db);
		db_rollback(db);
		return -1;
	}
	return 0;
}

static int audit(struct db *db, const struct actor *who, int64_t agency, const char *action,
		 const char *type, int64_t id, const char *detail, struct svc_error *err)
{
	char ids[32];
	snprintf(ids, sizeof ids, "%lld", (long long)id);
	if (audit_append(db, actor_name(who), agency, action, type, ids, detail) < 0)
		return svc_db_fail(err, db);
	return 0;
}

/* Either of two roles. */
static int require_either(struct db *db, const struct actor *who, int64_t agency,
			  const char *r1, const char *r2, struct svc_error *err)
{
	if (access_require(db, who, agency, r1, err) == 0)
		return 0;
	if (err->code == SVC_FORBIDDEN && access_require(db, who, agency, r2, err) == 0)
		return 0;
	return -1;
}

/* Optional bounded UTF-8 text. */
static int check_text(const char *s, const char *field, size_t max, int required,
		      struct svc_error *err)
{
	if (!s || !*s)
		return required ? svc_fail(err, SVC_INVALID, field, "%s 不能为空 / %s is required",
					   field, field) : 0;
	if (strlen(s) > max)
		return svc_fail(err, SVC_INVALID, field, "%s 过长（最多 %zu 字节）/ %s too long",
				field, max, field);
	if (!utf8_valid(s, strlen(s)))
		return svc_fail(err, SVC_INVALID, field, "%s 不是有效的 UTF-8 / invalid UTF-8", field);
	return 0;
}

static int check_date(const char *s, const char *field, int required, gk_date *out,
		      struct svc_error *err)
{
	*out = DATE_NONE;
	if (!s || !*s)
		return required ? svc_fail(err, SVC_INVALID, field, "缺少日期 %s / %s is required",
					   field, field) : 0;
	if (date_parse(s, out))
		return svc_fail(err, SVC_INVALID, field,
				"日期格式错误，应为 YYYY-MM-DD / %s: want YYYY-MM-DD", field);
	return 0;
}

static int in_list(const char *s, const char *const *list)
{
	size_t i;
	for (i = 0; s && list[i]; i++)
		if (!strcmp(s, list[i]))
			return 1;
	return 0;
}

static const char *const applicant_kinds[] = {"person", "business", "research", "nonprofit",
					      "legal", "other_org", NULL};

/* Crockford base32 of random bytes into out (n characters + NUL). */
static void random_code(char *out, size_t n)
{
	static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	size_t i;
	for (i = 0; i < n; i++)
		out[i] = alphabet[randombytes_uniform(32)];
	out[n] = '\0';
}

/* Hex of BLAKE2b(code || ":" || verifier). */
static void verifier_hash(const char *code, const char *verifier, char *out, size_t size)
{
	unsigned char h[32];
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)code, strlen(code));
	crypto_generichash_update(&st, (const unsigned char *)":", 1);
	crypto_generichash_update(&st, (const unsigned char *)verifier, strlen(verifier));
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(out, size, h, sizeof h);
}

/* ---------- derivation ---------- */

static gk_date parse_or_none(const char *s)
{
	gk_date d;
	return s && *s && date_parse(s, &d) == 0 ? d : DATE_NONE;
}

/* The event fields kept in data_json, borrowed from the parsed JSON. */
static void event_from_row(const struct app_event_row *row, json_t *data, struct app_event *ev)
{
	json_t *days;
	memset(ev, 0, sizeof *ev);
	ev->kind = (enum app_event_kind)app_event_kind_from_name(row->type);
	ev->date = parse_or_none(row->date);
	ev->deadline = parse_or_none(json_string_value(json_object_get(data, "deadline")));
	days = json_object_get(data, "days");
	ev->days = json_is_integer(days) ? (int)json_integer_value(days) : 0;
	ev->approver = json_string_value(json_object_get(data, "approver"));
	ev->outcome = json_string_value(json_object_get(data, "outcome"));
}

int app_derive(const struct calendar *cal, const struct app_record *rec,
	       const struct app_event_rows *events, gk_date cutoff, gk_date today,
	       struct deadline_result *res)
{
	struct app_history h;
	struct app_event *evs;
	json_t **datas;
	size_t i, n = 0;
	int rc, ch;

	memset(res, 0, sizeof *res);
	if (events->n > DEADLINE_MAX_EVENTS) {
		snprintf(res->error, sizeof res->error, "事件过多 / too many events");
		return -1;
	}
	evs = xcalloc(events->n + 1, sizeof *evs);
	datas = xcalloc(events->n + 1, sizeof *datas);
	for (i = 0; i < events->n; i++) {
		const struct app_event_row *row = &events->items[i];
		if (app_event_kind_from_name(row->type) < 0)
			continue;  /* "acknowledged" and notes do not move the deadline */
		if (cutoff != DATE_NONE && parse_or_none(row->date) > cutoff)
			continue;
		datas[n] = json_loads(row->data_json ? row->data_json : "{}", 0, NULL);
		event_from_row(row, datas[n], &evs[n]);
		n++;
	}
	memset(&h, 0, sizeof h);
	h.received = parse_or_none(rec->received_on);
	ch = app_channel_from_name(rec->channel);
	h.channel = ch < 0 ? CHANNEL_OTHER : (enum app_channel)ch;
	h.submitted = parse_or_none(rec->submitted_on);
	h.signed_on = parse_or_none(rec->signed_on);
	h.confirmed = parse_or_none(rec->confirmed_on);
	h.today = today;
	h.events = evs;
	h.nevents = n;
	rc = deadline_derive(cal, &h, res);
	/* res->outcome points into the JSON; pin it to the static taxonomy. */
	if (res->outcome) {
		const struct outcome_info *o = outcome_find(res->outcome);
		res->outcome = o ? o->key : NULL;
	}
	for (i = 0; i < n; i++)
		json_decref(datas[i]);
	free(datas);
	free(evs);
	return rc;
}

void app_view_free(struct app_view *v)
{
	app_record_free(&v->rec);
	app_event_rows_free(&v->events);
	deadline_result_free(&v->res);
	memset(v, 0, sizeof *v);
}

/* Save the cached columns derived in res; 409 on a stale version. */
static int save_derived(struct db *db, const struct app_record *rec,
			const struct deadline_result *res, int64_t handler, struct svc_error *err)
{
	char due[DATE_STR_SIZE], ended[DATE_STR_SIZE], now[32];
	int rc;
	now_iso(now, sizeof now);
	if (res->due != DATE_NONE)
		date_format(res->due, due);
	else
		due[0] = '\0';
	if (res->ended != DATE_NONE)
		date_format(res->ended, ended);
	else
		ended[0] = '\0';
	rc = app_store_save_derived(db, rec->id, rec->version, app_state_name(res->state),
				    res->waiting == WAIT_NONE ? NULL : app_waiting_name(res->waiting),
				    due, res->outcome, ended, handler, now);
	if (rc < 0)
		return svc_db_fail(err, db);
	if (rc == 0)
		return svc_fail(err, SVC_CONFLICT, "version", "已被他人修改，请刷新后重试 / modified by someone else");
	return 0;
}

/* ---------- creating ---------- */

static int validate_input(const struct app_input *in, struct svc_error *err)
{
	if (check_text(in->applicant_name, "applicant_name", APP_NAME_MAX, 1, err) ||
	    check_text(in->description, "description", APP_TEXT_MAX, 1, err) ||
	    check_text(in->id_number, "id_number", 64, 0, err) ||
	    check_text(in->contact_phone, "contact_phone", 64, 0, err) ||
	    check_text(in->contact_email, "contact_email", APP_NAME_MAX, 0, err) ||
	    check_text(in->contact_address, "contact_address", APP_TEXT_MAX, 0, err) ||
	    check_text(in->postal_code, "postal_code", 16, 0, err) ||
	    check_text(in->form_wanted, "form_wanted", APP_NAME_MAX, 0, err) ||
	    check_text(in->delivery, "delivery", APP_NAME_MAX, 0, err))
		return -1;
	if (!in_list(in->applicant_kind, applicant_kinds))
		return svc_fail(err, SVC_INVALID, "applicant_kind",
				"申请人类型无效 / applicant_kind must be person, business, research, nonprofit, legal or other_org");
	if (in->agency_id <= 0)
		return svc_fail(err, SVC_INVALID, "agency_id", "缺少机关 / agency_id is required");
	return 0;
}

/* The receipt date the channel implies (条例 Art. 31). */
static int receipt_date(const struct app_input *in, gk_date today, gk_date *received,
			struct svc_error *err)
{
	gk_date sub, sig, conf;
	int ch = app_channel_from_name(in->channel);
	if (ch < 0)
		return svc_fail(err, SVC_INVALID, "channel",
				"申请方式无效 / channel must be in_person, post_signed, letter, online, fax or other");
	if (check_date(in->submitted_on, "submitted_on", ch == CHANNEL_IN_PERSON, &sub, err) ||
	    check_date(in->signed_on, "signed_on", ch == CHANNEL_POST_SIGNED, &sig, err) ||
	    check_date(in->confirmed_on, "confirmed_on",
		       ch != CHANNEL_IN_PERSON && ch != CHANNEL_POST_SIGNED, &conf, err))
		return -1;
	*received = ch == CHANNEL_IN_PERSON ? sub : ch == CHANNEL_POST_SIGNED ? sig : conf;
	if (*received > today)
		return svc_fail(err, SVC_INVALID, "received_on",
				"收到申请之日不能晚于今天 / the receipt date is in the future");
	if (date_year(*received) < 2008)
		return svc_fail(err, SVC_INVALID, "received_on",
				"收到申请之日早于2008年 / receipt before 2008 is not supported");
	return 0;
}

static int create(struct db *db, const struct calendar *cal, const struct secret_key *key,
		  const struct actor *who, const struct app_input *in, int public_submit,
		  struct app_created *out, struct svc_error *err)
{
	struct app_record rec;
	struct app_event_rows none = {0};
	struct deadline_result res;
	struct buf sealed = BUF_INIT(0), detail = BUF_INIT(0);
	struct jsonw w;
	char vhash[65], now[32], mask[128], received[DATE_STR_SIZE], due[DATE_STR_SIZE];
	gk_date today = app_today(), rd = DATE_NONE;
	int64_t id = 0;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (validate_input(in, err) || receipt_date(in, today, &rd, err))
		return -1;
	if (in->id_number && *in->id_number) {
		if (!key)
			return svc_fail(err, SVC_INTERNAL, "id_number",
					"未配置身份证件号码加密密钥 / no key configured for identity numbers");
		if (secret_encrypt(key, in->id_number, strlen(in->id_number), &sealed))
			return svc_fail(err, SVC_INVALID, "id_number", "身份证件号码过长 / id_number too long");
		secret_mask_id(in->id_number, mask, sizeof mask);
	} else {
		mask[0] = '\0';
	}
	memset(&rec, 0, sizeof rec);
	random_code(out->tracking_code + 2, 10);
	out->tracking_code[0] = 'G';
	out->tracking_code[1] = 'K';
	random_code(out->verifier, 4);
	out->verifier[4] = '-';
	random_code(out->verifier + 5, 4);
	verifier_hash(out->tracking_code, out->verifier, vhash, sizeof vhash);
	now_iso(now, sizeof now);
	date_format(rd, received);
	rec.agency_id = in->agency_id;
	rec.tracking_code = out->tracking_code;
	rec.verifier_hash = vhash;
	rec.channel = (char *)in->channel;
	rec.submitted_on = (char *)in->submitted_on;
	rec.signed_on = (char *)in->signed_on;
	rec.confirmed_on = (char *)in->confirmed_on;
	rec.received_on = received;
	rec.applicant_kind = (char *)in->applicant_kind;
	rec.applicant_name = (char *)in->applicant_name;
	rec.id_number_enc = sealed.len ? (unsigned char *)sealed.data : NULL;
	rec.id_number_enc_len = sealed.len;
	rec.id_number_mask = mask;
	rec.contact_phone = (char *)in->contact_phone;
	rec.contact_email = (char *)in->contact_email;
	rec.contact_address = (char *)in->contact_address;
	rec.postal_code = (char *)in->postal_code;
	rec.description = (char *)in->description;
	rec.form_wanted = (char *)in->form_wanted;
	rec.delivery = (char *)in->delivery;
	rec.state = "open";
	rec.created_at = now;
	rec.updated_at = now;
	/* Derive first: a history the deadline rules refuse is never stored. */
	if (app_derive(cal, &rec, &none, DATE_NONE, today, &res)) {
		svc_fail(err, SVC_INVALID, "received_on", "%s", res.error);
		deadline_result_free(&res);
		buf_free(&sealed);
		return -1;
	}
	due[0] = '\0';
	if (res.due != DATE_NONE)
		date_format(res.due, due);
	rec.due_on = due;
	if (begin(db, err))
		goto out;
	if (!public_submit && require_either(db, who, in->agency_id, ROLE_CLERK, ROLE_HANDLER, err))
		goto fail;
	if (public_submit) {
		int64_t exists = 0;
		struct db_param p[1] = {DBP_INT(in->agency_id)};
		if (db_query_int(db, "SELECT COUNT(*) FROM agencies WHERE id = $1 AND disabled = 0",
				 p, 1, &exists) < 0) {
			svc_db_fail(err, db);
			goto fail;
		}
		if (!exists) {
			svc_fail(err, SVC_NOT_FOUND, "agency_id", "没有该机关 / no such agency");
			goto fail;
		}
		if (apply_limit_count(db, who ? who->ip : NULL, &out->retry_after, err))
			goto fail;
	}
	if (app_store_insert(db, &rec, &id)) {
		svc_db_fail(err, db);
		goto fail;
	}
	jsonw_init(&w, &detail, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "tracking_code");
	jsonw_string(&w, out->tracking_code);
	jsonw_key(&w, "channel");
	jsonw_string(&w, in->channel);
	jsonw_key(&w, "received_on");
	jsonw_string(&w, received);
	jsonw_key(&w, "applicant_kind");
	jsonw_string(&w, in->applicant_kind);
	jsonw_object_end(&w);
	if (audit(db, who, in->agency_id, public_submit ? "application.submit" : "application.register",
		  "application", id, buf_str(&detail), err) || commit(db, err))
		goto fail;
	out->id = id;
	str_copy(out->received_on, received, sizeof out->received_on);
	str_copy(out->due_on, due, sizeof out->due_on);
	rc = 0;
	goto out;
fail:
	abort_tx(db);
out:
	deadline_result_free(&res);
	buf_free(&sealed);
	buf_free(&detail);
	return rc;
}

int app_submit_public(struct db *db, const struct calendar *cal, const struct secret_key *key,
		      const struct actor *who, const struct app_input *in,
		      struct app_created *out, struct svc_error *err)
{
	struct app_input copy = *in;
	char today[DATE_STR_SIZE];
	/* Refuse a locked address before any work; create() counts exactly. */
	memset(out, 0, sizeof *out);
	if (apply_limit_check(db, who ? who->ip : NULL, &out->retry_after, err))
		return -1;
	date_format(app_today(), today);
	copy.channel = "online";
	copy.confirmed_on = today;   /* 双方确认之日: the system confirms at once */
	copy.submitted_on = today;
	copy.signed_on = NULL;
	return create(db, cal, key, who, &copy, 1, out, err);
}

int app_register(struct db *db, const struct calendar *cal, const struct secret_key *key,
		 const struct actor *who, const struct app_input *in,
		 struct app_created *out, struct svc_error *err)
{
	return create(db, cal, key, who, in, 0, out, err);
}

/* ---------- events ---------- */

/* Build data_json for an event. */
static void event_json(const struct app_event_input *in, const char *approver,
		       const char *notice, int64_t fee, int64_t fee_nth, struct buf *out)
{
	struct jsonw w;
	jsonw_init(&w, out, 0);
	jsonw_object_begin(&w);
	if (in->deadline && *in->deadline) {
		jsonw_key(&w, "deadline");
		jsonw_string(&w, in->deadline);
	}
	if (!strcmp(in->type, "extension_approved")) {
		jsonw_key(&w, "days");
		jsonw_int(&w, in->days);
		jsonw_key(&w, "approver");
		jsonw_string(&w, approver);
	}
	if (in->outcome && *in->outcome) {
		jsonw_key(&w, "outcome");
		jsonw_string(&w, in->outcome);
	}
	if (notice) {
		jsonw_key(&w, "notice_text");
		jsonw_string(&w, notice);
	}
	if (fee >= 0) {
		jsonw_key(&w, "fee_method");
		jsonw_string(&w, in->fee_method);
		if (in->pages > 0) {
			jsonw_key(&w, "pages");
			jsonw_int(&w, in->pages);
		}
		if (fee_nth > 0) {
			jsonw_key(&w, "month_ordinal");
			jsonw_int(&w, fee_nth);
		}
		jsonw_key(&w, "amount_yuan");
		jsonw_int(&w, fee);
	}
	if (in->note && *in->note) {
		jsonw_key(&w, "note");
		jsonw_string(&w, in->note);
	}
	jsonw_object_end(&w);
}

int app_add_event(struct db *db, const struct calendar *cal, const struct actor *who,
		  int64_t app_id, const struct app_event_input *in,
		  struct app_view *view, struct svc_error *err)
{
	struct app_record rec;
	struct app_event_rows evs = {0};
	struct deadline_result res;
	struct buf data = BUF_INIT(0), notice = BUF_INIT(0), detail = BUF_INIT(0);
	struct jsonw w;
	const char *role = ROLE_HANDLER, *approver = NULL;
	char now[32];
	gk_date date, dl, today = app_today();
	int64_t fee = -1, nth = 0, ev_id = 0;
	int kind, rc = -1, have_rec = 0, answered;

	memset(&res, 0, sizeof res);
	if (!in->type || !*in->type)
		return svc_fail(err, SVC_INVALID, "type", "缺少事件类型 / type is required");
	kind = app_event_kind_from_name(in->type);
	if (kind < 0 && strcmp(in->type, "acknowledged"))
		return svc_fail(err, SVC_INVALID, "type", "未知的事件类型 / unknown event type");
	if (check_date(in->date, "date", 1, &date, err) ||
	    check_date(in->deadline, "deadline", 0, &dl, err) ||
	    check_text(in->note, "note", APP_TEXT_MAX, 0, err) ||
	    check_text(in->approver, "approver", APP_NAME_MAX, 0, err) ||
	    check_text(in->notice_text, "notice_text", 20000, 0, err))
		return -1;
	if (date > today)
		return svc_fail(err, SVC_INVALID, "date", "事件日期不能晚于今天 / the date is in the future");
	answered = kind == EV_ANSWERED;
	if (answered && !outcome_find(in->outcome))
		return svc_fail(err, SVC_INVALID, "outcome",
				"办理结果无效 / unknown outcome (see docs/api.md, Applications)");
	if (!answered && in->outcome && *in->outcome)
		return svc_fail(err, SVC_INVALID, "outcome", "只有答复事件有办理结果 / only answered has an outcome");
	if (kind == EV_EXTENSION_APPROVED) {
		role = ROLE_APPROVER;
		if (in->days < 0 || in->days > 20)
			return svc_fail(err, SVC_INVALID, "days",
					"延期不得超过20个工作日 / an extension is at most 20 working days");
	}
	if (kind == EV_FEE_NOTICE_ISSUED && fee_method_from_name(in->fee_method) < 0)
		return svc_fail(err, SVC_INVALID, "fee_method",
				"收费方式应为 per_item（按件）或 per_volume（按量）/ fee_method: per_item or per_volume");
	if (kind == EV_FEE_NOTICE_ISSUED && fee_method_from_name(in->fee_method) == FEE_PER_VOLUME &&
	    fee_per_volume(in->pages) < 0)
		return svc_fail(err, SVC_INVALID, "pages", "页数无效 / pages out of range");

	if (begin(db, err))
		return -1;
	memset(&rec, 0, sizeof rec);
	rc = app_store_get(db, app_id, 1, &rec);
	if (rc < 0) {
		svc_db_fail(err, db);
		goto fail;
	}
	have_rec = rc == 0;
	rc = -1;
	if (!have_rec || !access_can_see(db, who, rec.agency_id)) {
		svc_fail(err, SVC_NOT_FOUND, NULL, "没有该申请 / no such application");
		goto fail;
	}
	if (access_require(db, who, rec.agency_id, role, err))
		goto fail;
	if (in->expected_version > 0 && in->expected_version != rec.version) {
		svc_fail(err, SVC_CONFLICT, "version", "已被他人修改，请刷新后重试 / modified by someone else (version %lld, now %lld)",
			 (long long)in->expected_version, (long long)rec.version);
		goto fail;
	}
	if (app_store_events(db, app_id, &evs)) {
		svc_db_fail(err, db);
		goto fail;
	}
	approver = in->approver && *in->approver ? in->approver : actor_name(who);
	if (answered) {
		struct notice_fields nf = {rec.applicant_name, rec.received_on, rec.description,
					   NULL, in->date};
		if (in->notice_text && *in->notice_text)
			buf_adds(&notice, in->notice_text);
		else
			outcome_render_notice(in->outcome, &nf, &notice);
	}
	if (kind == EV_FEE_NOTICE_ISSUED) {
		if (fee_method_from_name(in->fee_method) == FEE_PER_ITEM) {
			if (app_store_count_applicant_month(db, rec.agency_id, rec.applicant_name,
							    rec.id_number_mask, rec.received_on,
							    rec.id, &nth)) {
				svc_db_fail(err, db);
				goto fail;
			}
			fee = fee_per_item_nth((int)(nth < 1 ? 1 : nth > FEE_MAX_COUNT ? FEE_MAX_COUNT : nth));
		} else {
			fee = fee_per_volume(in->pages);
		}
	}
	event_json(in, approver, answered ? buf_str(&notice) : NULL, fee, nth, &data);
	/* The whole history with the new event must derive. */
	{
		struct app_event_row *row;
		if (evs.n == evs.cap) {
			evs.cap = evs.cap ? evs.cap * 2 : 8;
			evs.items = xreallocarray(evs.items, evs.cap, sizeof *evs.items);
		}
		row = &evs.items[evs.n++];
		memset(row, 0, sizeof *row);
		str_copy(row->type, in->type, sizeof row->type);
		str_copy(row->date, in->date, sizeof row->date);
		row->data_json = xstrdup(buf_str(&data));
	}
	if (kind < 0 && strcmp(rec.state, "open")) {
		svc_fail(err, SVC_CONFLICT, "type", "申请已办结，不能再登记 / the application has ended");
		goto fail;
	}
	if (app_derive(cal, &rec, &evs, DATE_NONE, today, &res)) {
		svc_fail(err, SVC_CONFLICT, "type", "%s", res.error);
		goto fail;
	}
	now_iso(now, sizeof now);
	if (app_store_add_event(db, app_id, in->type, in->date, who ? who->user_id : 0,
				buf_str(&data), now, &ev_id)) {
		svc_db_fail(err, db);
		goto fail;
	}
	if (save_derived(db, &rec, &res, who && who->user_id > 0 ? who->user_id : 0, err))
		goto fail;
	jsonw_init(&w, &detail, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "event_id");
	jsonw_int(&w, ev_id);
	jsonw_key(&w, "type");
	jsonw_string(&w, in->type);
	jsonw_key(&w, "date");
	jsonw_string(&w, in->date);
	if (answered) {
		jsonw_key(&w, "outcome");
		jsonw_string(&w, in->outcome);
	}
	jsonw_key(&w, "state");
	jsonw_string(&w, app_state_name(res.state));
	jsonw_object_end(&w);
	if (audit(db, who, rec.agency_id, answered ? "application.answer" : "application.event",
		  "application", app_id, buf_str(&detail), err) || commit(db, err))
		goto fail;
	rc = 0;
	if (view && app_get(db, cal, who, app_id, view, err))
		rc = -1;
	goto out;
fail:
	abort_tx(db);
	rc = -1;
out:
	if (have_rec || rec.tracking_code)
		app_record_free(&rec);
	app_event_rows_free(&evs);
	deadline_result_free(&res);
	buf_free(&data);
	buf_free(&notice);
	buf_free(&detail);
	return rc;
}

/* ---------- reading ---------- */

static int load_view(struct db *db, const struct calendar *cal, struct app_view *out,
		     struct svc_error *err)
{
	if (app_store_events(db, out->rec.id, &out->events))
		return svc_db_fail(err, db);
	if (app_derive(cal, &out->rec, &out->events, DATE_NONE, app_today(), &out->res))
		out->derive_failed = 1;
	return 0;
}

int app_get(struct db *db, const struct calendar *cal, const struct actor *who,
	    int64_t app_id, struct app_view *out, struct svc_error *err)
{
	int rc;
	memset(out, 0, sizeof *out);
	rc = app_store_get(db, app_id, 0, &out->rec);
	if (rc < 0)
		return svc_db_fail(err, db);
	if (rc == 1 || !access_can_see(db, who, out->rec.agency_id)) {
		app_view_free(out);
		return svc_fail(err, SVC_NOT_FOUND, NULL, "没有该申请 / no such application");
	}
	if (load_view(db, cal, out, err)) {
		app_view_free(out);
		return -1;
	}
	return 0;
}

int app_public_status(struct db *db, const struct calendar *cal, const char *code,
		      const char *verifier, struct app_view *out, struct svc_error *err)
{
	char want[65];
	int rc;
	memset(out, 0, sizeof *out);
	if (!code || !verifier || strlen(code) >= APP_CODE_SIZE || strlen(verifier) >= APP_VERIFIER_SIZE)
		return svc_fail(err, SVC_NOT_FOUND, NULL, "查无此申请或校验码错误 / not found");
	rc = app_store_get_by_code(db, code, &out->rec);
	if (rc < 0)
		return svc_db_fail(err, db);
	verifier_hash(code, verifier, want, sizeof want);
	if (rc == 1 || sodium_memcmp(want, out->rec.verifier_hash, 64) != 0 ||
	    strlen(out->rec.verifier_hash) != 64) {
		app_view_free(out);
		return svc_fail(err, SVC_NOT_FOUND, NULL, "查无此申请或校验码错误 / not found");
	}
	if (load_view(db, cal, out, err)) {
		app_view_free(out);
		return -1;
	}
	return 0;
}

int app_bucket_from_name(const char *name)
{
	static const char *const names[] = {"all", "overdue", "due_soon", "on_time", "waiting", NULL};
	int i;
	if (!name || !*name)
		return BUCKET_ALL;
	for (i = 0; names[i]; i++)
		if (!strcmp(name, names[i]))
			return i;
	return -1;
}

void app_listing_free(struct app_listing *l)
{
	app_records_free(&l->items);
}

int app_list(struct db *db, const struct calendar *cal, const struct actor *who,
	     int64_t agency_id, enum app_bucket bucket, int limit, int64_t offset,
	     struct app_listing *out, struct svc_error *err)
{
	struct app_list_filter f;
	char soon_after[DATE_STR_SIZE];
	gk_date today = app_today();
	memset(out, 0, sizeof *out);
	if (limit < 0 || limit > 1000)
		return svc_fail(err, SVC_INVALID, "limit", "limit 应为 1-1000 / limit must be 1-1000");
	if (!access_can_see(db, who, agency_id))
		return svc_fail(err, who && who->user_id > 0 ? SVC_NOT_FOUND : SVC_UNAUTHENTICATED,
				"agency", "没有该机关或无权查看 / no such agency");
	date_format(today, out->today);
	date_format(calendar_add_workdays(cal, today, 3), out->soon_until);
	date_format(calendar_add_workdays(cal, today, 3) + 1, soon_after);
	{
		int64_t c[5];
		if (app_store_bucket_counts(db, agency_id, out->today, soon_after, c))
			return svc_db_fail(err, db);
		out->total_open = c[0];
		out->overdue = c[1];
		out->due_soon = c[2];
		out->on_time = c[3];
		out->waiting = c[4];
	}
	memset(&f, 0, sizeof f);
	f.agency_id = agency_id;
	f.open_only = 1;
	f.limit = limit ? limit : 100;
	f.offset = offset;
	switch (bucket) {
	case BUCKET_OVERDUE: f.due_before = out->today; break;
	case BUCKET_DUE_SOON: f.due_from = out->today; f.due_before = soon_after; break;
	case BUCKET_ON_TIME: f.due_from = soon_after; break;
	case BUCKET_WAITING: f.no_due = 1; break;
	default: break;
	}
	if (app_store_list(db, &f, &out->items))
		return svc_db_fail(err, db);
	return 0;
}

int app_refresh_deadlines(struct db *db, const struct calendar *cal, const struct actor *who,
			  int64_t agency_id, int64_t *changed, struct svc_error *err)
{
	struct app_records open = {0};
	size_t i;
	*changed = 0;
	if (agency_id <= 0 && !(who && who->is_system))
		return svc_fail(err, SVC_FORBIDDEN, "agency", "需要指定机关 / agency required");
	if (begin(db, err))
		return -1;
	if (agency_id > 0 && access_require(db, who, agency_id, ROLE_HANDLER, err))
		return abort_tx(db);
	if (app_store_open(db, agency_id, &open)) {
		svc_db_fail(err, db);
		return abort_tx(db);
	}
	for (i = 0; i < open.n; i++) {
		struct app_record *r = &open.items[i];
		struct app_event_rows evs = {0};
		struct deadline_result res;
		char due[DATE_STR_SIZE] = "";
		int skip = 0;
		if (app_store_events(db, r->id, &evs)) {
			app_records_free(&open);
			svc_db_fail(err, db);
			return abort_tx(db);
		}
		if (app_derive(cal, r, &evs, DATE_NONE, app_today(), &res) == 0) {
			if (res.due != DATE_NONE)
				date_format(res.due, due);
			/* Only open ones are refreshed here; closure by lapse is
			 * recorded when someone acts on the application. */
			skip = res.state != STATE_OPEN || !strcmp(due, r->due_on);
			if (!skip) {
				struct db_param p[3] = {DBP_TEXT(due[0] ? due : NULL),
							DBP_TEXT(app_waiting_name(res.waiting)),
							DBP_INT(r->id)};
				if (res.waiting == WAIT_NONE)
					p[1] = DBP_NULL;
				if (db_exec(db, "UPDATE applications SET due_on = $1, waiting = $2"
					    " WHERE id = $3", p, 3) < 0) {
					deadline_result_free(&res);
					app_event_rows_free(&evs);
					app_records_free(&open);
					svc_db_fail(err, db);
					return abort_tx(db);
				}
				(*changed)++;
			}
		}
		deadline_result_free(&res);
		app_event_rows_free(&evs);
	}
	app_records_free(&open);
	if (*changed) {
		char detail[64];
		snprintf(detail, sizeof detail, "{\"changed\":%lld}", (long long)*changed);
		if (audit(db, who, agency_id, "application.refresh_deadlines", "agency", agency_id,
			  detail, err))
			return abort_tx(db);
	}
	return commit(db, err);
}

/* ---------- appeals ---------- */

static const char *const appeal_kinds[] = {"reconsideration", "litigation_direct",
					   "litigation_after", NULL};
static const char *const appeal_results[] = {"upheld", "corrected", "other", "pending", NULL};

int appeal_create(struct db *db, const struct actor *who, const struct appeal_input *in,
		  int64_t *id, struct svc_error *err)
{
	struct appeal_row a;
	struct app_record rec;
	gk_date filed, decided;
	char detail[256];
	int rc;
	memset(&a, 0, sizeof a);
	if (!in_list(in->kind, appeal_kinds))
		return svc_fail(err, SVC_INVALID, "kind",
				"类型应为 reconsideration、litigation_direct 或 litigation_after / bad kind");
	if (in->result && *in->result && !in_list(in->result, appeal_results))
		return svc_fail(err, SVC_INVALID, "result",
				"结果应为 upheld、corrected、other 或 pending / bad result");
	if (check_date(in->filed_on, "filed_on", 1, &filed, err) ||
	    check_date(in->decided_on, "decided_on", 0, &decided, err) ||
	    check_text(in->note, "note", APP_TEXT_MAX, 0, err))
		return -1;
	if (decided != DATE_NONE && decided < filed)
		return svc_fail(err, SVC_INVALID, "decided_on", "审结日期早于立案日期 / decided before filed");
	if (filed > app_today())
		return svc_fail(err, SVC_INVALID, "filed_on", "日期不能晚于今天 / the date is in the future");
	a.agency_id = in->agency_id;
	a.application_id = in->application_id;
	str_copy(a.kind, in->kind, sizeof a.kind);
	str_copy(a.filed_on, in->filed_on, sizeof a.filed_on);
	str_copy(a.result, in->result && *in->result ? in->result : "pending", sizeof a.result);
	if (in->decided_on)
		str_copy(a.decided_on, in->decided_on, sizeof a.decided_on);
	a.note = (char *)in->note;
	now_iso(a.created_at, sizeof a.created_at);
	str_copy(a.updated_at, a.created_at, sizeof a.updated_at);
	if (begin(db, err))
		return -1;
	if (in->application_id > 0) {
		rc = app_store_get(db, in->application_id, 0, &rec);
		if (rc < 0) {
			svc_db_fail(err, db);
			return abort_tx(db);
		}
		if (rc == 1 || !access_can_see(db, who, rec.agency_id) ||
		    (in->agency_id > 0 && in->agency_id != rec.agency_id)) {
			if (rc == 0)
				app_record_free(&rec);
			svc_fail(err, SVC_NOT_FOUND, "application_id", "没有该申请 / no such application");
			return abort_tx(db);
		}
		a.agency_id = rec.agency_id;
		app_record_free(&rec);
	}
	if (a.agency_id <= 0) {
		svc_fail(err, SVC_INVALID, "agency_id", "缺少机关 / agency_id is required");
		return abort_tx(db);
	}
	if (!access_can_see(db, who, a.agency_id)) {
		svc_fail(err, who && who->user_id > 0 ? SVC_NOT_FOUND : SVC_UNAUTHENTICATED,
			 "agency_id", "没有该机关 / no such agency");
		return abort_tx(db);
	}
	if (access_require(db, who, a.agency_id, ROLE_HANDLER, err))
		return abort_tx(db);
	if (appeal_store_insert(db, &a, id)) {
		svc_db_fail(err, db);
		return abort_tx(db);
	}
	snprintf(detail, sizeof detail, "{\"kind\":\"%s\",\"filed_on\":\"%s\",\"result\":\"%s\",\"application_id\":%lld}",
		 a.kind, a.filed_on, a.result, (long long)a.application_id);
	if (audit(db, who, a.agency_id, "appeal.create", "appeal", *id, detail, err))
		return abort_tx(db);
	return commit(db, err);
}

int appeal_update(struct db *db, const struct actor *who, int64_t id, const char *result,
		  const char *decided_on, const char *note, struct svc_error *err)
{
	struct appeal_row a;
	gk_date decided, filed;
	char detail[256];
	int rc;
	if (!in_list(result, appeal_results))
		return svc_fail(err, SVC_INVALID, "result",
				"结果应为 upheld、corrected、other 或 pending / bad result");
	if (check_date(decided_on, "decided_on", strcmp(result, "pending") != 0, &decided, err) ||
	    check_text(note, "note", APP_TEXT_MAX, 0, err))
		return -1;
	if (begin(db, err))
		return -1;
	rc = appeal_store_get(db, id, &a);
	if (rc < 0) {
		svc_db_fail(err, db);
		return abort_tx(db);
	}
	if (rc == 1 || !access_can_see(db, who, a.agency_id)) {
		if (rc == 0)
			free(a.note);
		svc_fail(err, SVC_NOT_FOUND, NULL, "没有该记录 / no such appeal");
		return abort_tx(db);
	}
	filed = parse_or_none(a.filed_on);
	if (access_require(db, who, a.agency_id, ROLE_HANDLER, err) ||
	    (decided != DATE_NONE && decided < filed &&
	     svc_fail(err, SVC_INVALID, "decided_on", "审结日期早于立案日期 / decided before filed"))) {
		free(a.note);
		return abort_tx(db);
	}
	str_copy(a.result, result, sizeof a.result);
	str_copy(a.decided_on, decided_on ? decided_on : "", sizeof a.decided_on);
	if (note) {
		free(a.note);
		a.note = xstrdup(note);
	}
	now_iso(a.updated_at, sizeof a.updated_at);
	if (appeal_store_update(db, &a) < 0) {
		free(a.note);
		svc_db_fail(err, db);
		return abort_tx(db);
	}
	snprintf(detail, sizeof detail, "{\"result\":\"%s\",\"decided_on\":\"%s\"}", a.result, a.decided_on);
	free(a.note);
	if (audit(db, who, a.agency_id, "appeal.update", "appeal", id, detail, err))
		return abort_tx(db);
	return commit(db, err);
}

int appeal_get(struct db *db, const struct actor *who, int64_t id, struct appeal_row *out,
	       struct svc_error *err)
{
	int rc = appeal_store_get(db, id, out);
	if (rc < 0)
		return svc_db_fail(err, db);
	if (rc == 1 || !access_can_see(db, who, out->agency_id)) {
		if (rc == 0) {
			free(out->note);
			out->note = NULL;
		}
		return svc_fail(err, SVC_NOT_FOUND, NULL, "没有该记录 / no such appeal");
	}
	return 0;
}

int appeal_list(struct db *db, const struct actor *who, int64_t agency_id,
		int64_t application_id, struct appeal_rows *out, struct svc_error *err)
{
	if (!access_can_see(db, who, agency_id))
		return svc_fail(err, SVC_NOT_FOUND, "agency", "没有该机关 / no such agency");
	if (appeal_store_list(db, agency_id, application_id, 0, out))
		return svc_db_fail(err, db);
	return 0;
}

/* ---------- report figures ---------- */

int app_set_report_figures(struct db *db, const struct actor *who, int64_t agency_id, int year,
			   const struct figure_rows *rows, struct svc_error *err)
{
	char now[32], detail[64];
	size_t i;
	if (year < 2008 || year > DATE_MAX_YEAR)
		return svc_fail(err, SVC_INVALID, "year", "年份无效 / bad year");
	if (rows->n > 500)
		return svc_fail(err, SVC_INVALID, "figures", "数据项过多 / too many figures");
	for (i = 0; i < rows->n; i++) {
		const char *v = rows->items[i].value;
		size_t k, dots = 0;
		if (!rows->items[i].key[0])
			return svc_fail(err, SVC_INVALID, "figures", "缺少键 / empty key");
		for (k = 0; v[k]; k++) {
			if (v[k] == '.')
				dots++;
			else if (v[k] < '0' || v[k] > '9')
				break;
		}
		if (!v[0] || v[k] || dots > 1 || v[0] == '.')
			return svc_fail(err, SVC_INVALID, rows->items[i].key,
					"应为非负十进制数 / want a non-negative decimal number");
	}
	if (begin(db, err))
		return -1;
	if (!access_can_see(db, who, agency_id)) {
		svc_fail(err, who && who->user_id > 0 ? SVC_NOT_FOUND : SVC_UNAUTHENTICATED,
			 "agency", "没有该机关 / no such agency");
		return abort_tx(db);
	}
	if (require_either(db, who, agency_id, ROLE_CLERK, ROLE_HANDLER, err))
		return abort_tx(db);
	now_iso(now, sizeof now);
	if (figure_store_replace(db, agency_id, year, rows, who ? who->user_id : 0, now)) {
		svc_db_fail(err, db);
		return abort_tx(db);
	}
	snprintf(detail, sizeof detail, "{\"year\":%d,\"figures\":%zu}", year, rows->n);
	if (audit(db, who, agency_id, "report_figures.set", "agency", agency_id, detail, err))
		return abort_tx(db);
	return commit(db, err);
}
