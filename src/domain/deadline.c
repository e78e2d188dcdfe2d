/* deadline.c - derive a disclosure application's reply deadline from its
 * event history and the working-day calendar (see deadline.h). */
#include "domain/deadline.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

/* ---- names ---------------------------------------------------------- */

static const char *const channel_names[CHANNEL_COUNT] = {
	"in_person", "post_signed", "letter", "online", "fax", "other"};

static const char *const event_names[EV_KIND_COUNT] = {
	"clarification_requested", "clarification_received", "third_party_sent",
	"third_party_answered", "other_agency_consulted", "other_agency_answered",
	"extension_approved", "fee_notice_issued", "fee_paid", "answered", "withdrawn"};

/* The rows of table three, 2021 format (regulation.md §3c). */
const char *const app_outcome_keys[] = {
	"disclosed", "partial",
	"withheld_state_secret", "withheld_law", "withheld_security",
	"withheld_third_party", "withheld_internal", "withheld_process",
	"withheld_enforcement_file", "withheld_inquiry",
	"unable_not_held", "unable_needs_creation", "unable_unclear_after_correction",
	"rejected_complaint", "rejected_repeat", "rejected_publication",
	"rejected_mass_repeat", "rejected_confirm",
	"other_no_correction", "other_no_payment", "other_other",
	NULL};

int app_channel_from_name(const char *name)
{
	int i;
	for (i = 0; name && i < CHANNEL_COUNT; i++)
		if (!strcmp(name, channel_names[i]))
			return i;
	return -1;
}

int app_event_kind_from_name(const char *name)
{
	int i;
	for (i = 0; name && i < EV_KIND_COUNT; i++)
		if (!strcmp(name, event_names[i]))
			return i;
	return -1;
}

const char *app_event_kind_name(enum app_event_kind k)
{
	return (unsigned)k < EV_KIND_COUNT ? event_names[k] : "?";
}

const char *app_state_name(enum app_state s)
{
	switch (s) {
	case STATE_OPEN: return "open";
	case STATE_ANSWERED: return "answered";
	case STATE_CLOSED_NO_CORRECTION: return "closed_no_correction";
	case STATE_CLOSED_UNPAID: return "closed_unpaid";
	case STATE_WITHDRAWN: return "withdrawn";
	}
	return "?";
}

const char *app_waiting_name(enum app_waiting w)
{
	switch (w) {
	case WAIT_NONE: return NULL;
	case WAIT_CLARIFICATION: return "clarification";
	case WAIT_THIRD_PARTY: return "third_party";
	case WAIT_OTHER_AGENCY: return "other_agency";
	case WAIT_FEE: return "fee";
	}
	return NULL;
}

int app_outcome_valid(const char *key)
{
	size_t i;
	for (i = 0; key && app_outcome_keys[i]; i++)
		if (!strcmp(key, app_outcome_keys[i]))
			return 1;
	return 0;
}

/* ---- derivation state ----------------------------------------------- */

/* A stretch during which the clock stands still: working days d with
 * lo < d <= hi are not counted. While `open`, hi is not known yet and
 * `cap` (DATE_NONE under the 2008 rules) bounds it. */
struct pause {
	enum app_waiting kind;
	gk_date lo, hi, cap;
	int open;
};

struct derive {
	const struct calendar *cal;
	const struct app_history *h;
	struct deadline_result *res;
	size_t stepcap;
	int base, maxext, ext;        /* working days: base period, max and granted extension */
	gk_date start;                /* the clock counts from the day after start */
	int clar;                     /* 0 none, 1 waiting for 补正, 2 补正 received */
	gk_date clar_deadline;
	int fee;                      /* 0 none, 1 waiting for payment, 2 paid */
	gk_date fee_deadline;
	struct pause pauses[DEADLINE_MAX_EVENTS];
	size_t npauses;
};

static void step(struct derive *dv, gk_date date, const char *kind,
		 const char *zh, const char *en)
{
	struct deadline_result *r = dv->res;
	struct deadline_step *s;
	if (r->nsteps == dv->stepcap) {
		dv->stepcap = dv->stepcap ? dv->stepcap * 2 : 16;
		r->steps = xreallocarray(r->steps, dv->stepcap, sizeof *r->steps);
	}
	s = &r->steps[r->nsteps++];
	s->date = date;
	snprintf(s->kind, sizeof s->kind, "%s", kind);
	snprintf(s->zh, sizeof s->zh, "%s", zh);
	snprintf(s->en, sizeof s->en, "%s", en);
}

static int fail(struct derive *dv, size_t ev, const char *zh, const char *en)
{
	char d[DATE_STR_SIZE];
	if (ev < dv->h->nevents) {
		const struct app_event *e = &dv->h->events[ev];
		snprintf(dv->res->error, sizeof dv->res->error,
			 "事件%zu（%s，%s）：%s / event %zu (%s, %s): %s", ev + 1,
			 app_event_kind_name(e->kind), date_format(e->date, d), zh,
			 ev + 1, app_event_kind_name(e->kind), d, en);
	} else {
		snprintf(dv->res->error, sizeof dv->res->error, "%s / %s", zh, en);
	}
	return -1;
}

/* Is day d inside a pause? 1 closed (or capped) pause, 2 an open pause
 * without a cap (the end is unknown), 0 no. */
static int paused(const struct derive *dv, gk_date d)
{
	size_t i;
	int r = 0;
	for (i = 0; i < dv->npauses; i++) {
		const struct pause *p = &dv->pauses[i];
		gk_date hi = p->open ? p->cap : p->hi;
		if (d <= p->lo)
			continue;
		if (hi == DATE_NONE)
			return 2;
		if (d <= hi)
			r = 1;
	}
	return r;
}

/* The due date under the current state: base + extension working days
 * after start, skipping paused days. Open pauses count up to their cap;
 * an open pause without a cap makes the due date unknown (DATE_NONE). */
static gk_date compute_due(const struct derive *dv)
{
	gk_date d = dv->start;
	int left = dv->base + dv->ext;
	if (dv->clar == 1)
		return DATE_NONE;
	while (left > 0) {
		int p;
		d++;
		if (date_year(d) > DATE_MAX_YEAR)
			return DATE_NONE;
		p = paused(dv, d);
		if (p == 2)
			return DATE_NONE;
		if (p == 0 && calendar_is_workday(dv->cal, d))
			left--;
	}
	return d;
}

static struct pause *open_pause(struct derive *dv, enum app_waiting kind)
{
	size_t i;
	for (i = 0; i < dv->npauses; i++)
		if (dv->pauses[i].open && dv->pauses[i].kind == kind)
			return &dv->pauses[i];
	return NULL;
}

static const char *pause_zh(enum app_waiting k)
{
	return k == WAIT_THIRD_PARTY ? "征求第三方意见" :
	       k == WAIT_OTHER_AGENCY ? "征求其他机关意见" : "等待缴费";
}

static const char *pause_en(enum app_waiting k)
{
	return k == WAIT_THIRD_PARTY ? "third-party consultation" :
	       k == WAIT_OTHER_AGENCY ? "consultation of another agency" :
	       "waiting for the fee";
}

/* Close an open pause at date `at` (an answer, a payment, the end of the
 * application). A consultation answered after its 15-day cap only pauses
 * until the cap (the silence step says so). */
static void close_pause(struct derive *dv, struct pause *p, gk_date at)
{
	char zh[DEADLINE_TEXT_MAX], en[DEADLINE_TEXT_MAX], a[DATE_STR_SIZE], b[DATE_STR_SIZE];
	p->open = 0;
	p->hi = at;
	if (p->cap != DATE_NONE && at > p->cap) {
		p->hi = p->cap;
		snprintf(zh, sizeof zh, "%s：15个工作日内（至%s）未答复，只扣除15个工作日",
			 pause_zh(p->kind), date_format(p->cap, a));
		snprintf(en, sizeof en, "%s: no answer within 15 working days (by %s); only 15 working days are excluded",
			 pause_en(p->kind), a);
		step(dv, p->cap, p->kind == WAIT_THIRD_PARTY ? "third_party_silent" : "other_agency_silent", zh, en);
	}
	if (p->hi < p->lo)
		p->hi = p->lo;
	snprintf(zh, sizeof zh, "%s：%s至%s，其间%d个工作日不计入期限", pause_zh(p->kind),
		 date_format(p->lo, a), date_format(p->hi, b),
		 calendar_count_workdays(dv->cal, p->lo, p->hi));
	snprintf(en, sizeof en, "%s: %s to %s, %d working days not counted", pause_en(p->kind),
		 a, b, calendar_count_workdays(dv->cal, p->lo, p->hi));
	step(dv, p->hi, "pause_end", zh, en);
}

static const char *receipt_zh(enum app_channel c)
{
	switch (c) {
	case CHANNEL_IN_PERSON: return "收到申请（当面提交，以提交之日为收到之日）";
	case CHANNEL_POST_SIGNED: return "收到申请（邮寄，以行政机关签收之日为收到之日）";
	case CHANNEL_LETTER: return "收到申请（平常信函，以与申请人确认之日为收到之日）";
	case CHANNEL_ONLINE: return "收到申请（网络渠道以双方确认之日为收到之日）";
	case CHANNEL_FAX: return "收到申请（传真以双方确认之日为收到之日）";
	default: return "收到申请";
	}
}

static const char *receipt_en(enum app_channel c)
{
	switch (c) {
	case CHANNEL_IN_PERSON: return "application received (in person: the day it was submitted)";
	case CHANNEL_POST_SIGNED: return "application received (signed-for post: the day the agency signed)";
	case CHANNEL_LETTER: return "application received (ordinary letter: the day receipt was confirmed with the applicant)";
	case CHANNEL_ONLINE: return "application received (online: the day both sides confirmed)";
	case CHANNEL_FAX: return "application received (fax: the day both sides confirmed)";
	default: return "application received";
	}
}

static int check_receipt(struct derive *dv)
{
	const struct app_history *h = dv->h;
	gk_date want = DATE_NONE;
	const char *field = NULL;
	char a[DATE_STR_SIZE], b[DATE_STR_SIZE], zh[DEADLINE_TEXT_MAX], en[DEADLINE_TEXT_MAX];

	if ((unsigned)h->channel >= CHANNEL_COUNT)
		return fail(dv, SIZE_MAX, "未知的申请渠道", "unknown channel");
	if (h->channel == CHANNEL_IN_PERSON)
		want = h->submitted, field = "submitted";
	else if (h->channel == CHANNEL_POST_SIGNED)
		want = h->signed_on, field = "signed";
	else if (h->channel != CHANNEL_OTHER)
		want = h->confirmed, field = "confirmed";
	if (field && want != DATE_NONE && want != h->received) {
		snprintf(zh, sizeof zh, "收到申请之日%s与%s（%s）不一致：%s渠道以%s为收到之日",
			 date_format(h->received, a), field, date_format(want, b),
			 channel_names[h->channel], field);
		snprintf(en, sizeof en, "received %s disagrees with %s %s: for %s the receipt date is the %s date",
			 a, field, b, channel_names[h->channel], field);
		return fail(dv, SIZE_MAX, zh, en);
	}
	if (h->submitted != DATE_NONE && h->submitted > h->received) {
		snprintf(zh, sizeof zh, "提交日期%s晚于收到申请之日%s",
			 date_format(h->submitted, a), date_format(h->received, b));
		snprintf(en, sizeof en, "submitted %s is after received %s", a, b);
		return fail(dv, SIZE_MAX, zh, en);
	}
	if (h->signed_on != DATE_NONE && h->channel != CHANNEL_POST_SIGNED)
		return fail(dv, SIZE_MAX, "只有 post_signed 渠道有签收日期 signed",
			    "only the post_signed channel has a signed date");
	if (h->today != DATE_NONE && h->today < h->received) {
		snprintf(zh, sizeof zh, "today（%s）早于收到申请之日%s",
			 date_format(h->today, a), date_format(h->received, b));
		snprintf(en, sizeof en, "today %s is before received %s", a, b);
		return fail(dv, SIZE_MAX, zh, en);
	}
	return 0;
}

/* An event that may follow while the application waits for a 补正 or a
 * payment whose limit has passed: only the closing answer is allowed. */
static int check_lapsed(struct derive *dv, size_t i, const struct app_event *e)
{
	char a[DATE_STR_SIZE], zh[DEADLINE_TEXT_MAX], en[DEADLINE_TEXT_MAX];
	if (dv->clar == 1 && e->date > dv->clar_deadline &&
	    !(e->kind == EV_ANSWERED && e->outcome && !strcmp(e->outcome, "other_no_correction"))) {
		snprintf(zh, sizeof zh, "补正期限%s已届满且未收到补正，申请视为放弃，其后不能再有事件（可记 answered/other_no_correction）",
			 date_format(dv->clar_deadline, a));
		snprintf(en, sizeof en, "the clarification deadline %s passed without a supplement; the application is deemed abandoned and no further event is allowed (record answered with other_no_correction)", a);
		return fail(dv, i, zh, en);
	}
	if (dv->fee == 1 && e->date > dv->fee_deadline &&
	    !(e->kind == EV_ANSWERED && e->outcome && !strcmp(e->outcome, "other_no_payment"))) {
		snprintf(zh, sizeof zh, "缴费期限%s已届满且未缴费，申请视为放弃，其后不能再有事件（可记 answered/other_no_payment）",
			 date_format(dv->fee_deadline, a));
		snprintf(en, sizeof en, "the payment deadline %s passed unpaid; the application is deemed abandoned and no further event is allowed (record answered with other_no_payment)", a);
		return fail(dv, i, zh, en);
	}
	return 0;
}

static int do_event(struct derive *dv, size_t i)
{
	const struct app_event *e = &dv->h->events[i];
	struct deadline_result *r = dv->res;
	char a[DATE_STR_SIZE], b[DATE_STR_SIZE], zh[DEADLINE_TEXT_MAX], en[DEADLINE_TEXT_MAX];
	struct pause *p;
	gk_date due;
	enum app_waiting wk;

	if (dv->clar == 1 && e->kind != EV_CLARIFICATION_RECEIVED &&
	    e->kind != EV_WITHDRAWN && e->kind != EV_ANSWERED)
		return fail(dv, i, "等待补正期间只能收到补正材料、撤回或逾期结案",
			    "while waiting for the clarification only its receipt, a withdrawal or the closing answer may follow");

	switch (e->kind) {
	case EV_CLARIFICATION_REQUESTED:
		if (dv->clar)
			return fail(dv, i, "补正只能一次性告知，不能第二次要求补正",
				    "clarification may be requested only once (一次性告知)");
		if (i > 0)
			return fail(dv, i, "补正告知须先于其他办理事项",
				    "the clarification request must come before any other step");
		if (r->regime == REGIME_2019) {
			gk_date limit = calendar_add_workdays(dv->cal, dv->h->received, 7);
			if (e->date > limit) {
				snprintf(zh, sizeof zh, "补正须在收到申请之日起7个工作日内告知（最迟%s）",
					 date_format(limit, a));
				snprintf(en, sizeof en, "clarification must be requested within 7 working days of receipt (by %s)", a);
				return fail(dv, i, zh, en);
			}
		}
		dv->clar_deadline = e->deadline != DATE_NONE ? e->deadline :
			calendar_add_workdays(dv->cal, e->date, 15);
		if (dv->clar_deadline < e->date)
			return fail(dv, i, "补正期限早于补正告知日期",
				    "the clarification deadline is before the request");
		dv->clar = 1;
		snprintf(zh, sizeof zh, "补正：一次性告知申请人补正，补正期限至%s%s；答复期限自收到补正材料之日重新计算",
			 date_format(dv->clar_deadline, a), e->deadline != DATE_NONE ? "" : "（未载明期限，按15个工作日）");
		snprintf(en, sizeof en, "clarification requested, supplement due by %s%s; the reply period restarts when it arrives",
			 a, e->deadline != DATE_NONE ? "" : " (no deadline given: 15 working days)");
		step(dv, e->date, "clarification_requested", zh, en);
		return 0;

	case EV_CLARIFICATION_RECEIVED:
		if (dv->clar != 1)
			return fail(dv, i, "没有待补正的告知", "no clarification was requested");
		dv->clar = 2;
		dv->start = e->date;
		snprintf(zh, sizeof zh, "补正：收到补正材料，自收到补正材料之日重新计算%d个工作日", dv->base);
		snprintf(en, sizeof en, "clarification received: the %d working days run again from this day", dv->base);
		step(dv, e->date, "clarification_received", zh, en);
		return 0;

	case EV_THIRD_PARTY_SENT:
	case EV_OTHER_AGENCY_CONSULTED:
		wk = e->kind == EV_THIRD_PARTY_SENT ? WAIT_THIRD_PARTY : WAIT_OTHER_AGENCY;
		p = open_pause(dv, wk);
		if (p && (p->cap == DATE_NONE || e->date <= p->cap))
			return fail(dv, i, "上一次征求意见尚未答复", "the previous consultation is still unanswered");
		if (p)
			close_pause(dv, p, e->date);
		if (dv->npauses >= DEADLINE_MAX_EVENTS)
			return fail(dv, i, "事件过多", "too many events");
		due = compute_due(dv);
		p = &dv->pauses[dv->npauses++];
		p->kind = wk;
		p->lo = e->date;
		p->hi = DATE_NONE;
		p->open = 1;
		p->cap = r->regime == REGIME_2019 ? calendar_add_workdays(dv->cal, e->date, 15) : DATE_NONE;
		if (p->cap != DATE_NONE) {
			snprintf(zh, sizeof zh, "%s：书面征求意见，对方应在15个工作日内（%s前）答复，其间不计入期限",
				 pause_zh(wk), date_format(p->cap, a));
			snprintf(en, sizeof en, "%s sent; answer due within 15 working days (by %s); the time is not counted",
				 pause_en(wk), a);
		} else {
			snprintf(zh, sizeof zh, "%s：书面征求意见，所需时间不计入期限", pause_zh(wk));
			snprintf(en, sizeof en, "%s sent; the time it takes is not counted", pause_en(wk));
		}
		step(dv, e->date, e->kind == EV_THIRD_PARTY_SENT ? "third_party_sent" : "other_agency_consulted", zh, en);
		if (due != DATE_NONE && e->date >= due) {
			snprintf(zh, sizeof zh, "答复期限已于%s届满，征求意见不再延长期限", date_format(due, a));
			snprintf(en, sizeof en, "the reply period already ended on %s; the consultation does not extend it", a);
			step(dv, e->date, "note", zh, en);
		}
		return 0;

	case EV_THIRD_PARTY_ANSWERED:
	case EV_OTHER_AGENCY_ANSWERED:
		wk = e->kind == EV_THIRD_PARTY_ANSWERED ? WAIT_THIRD_PARTY : WAIT_OTHER_AGENCY;
		p = open_pause(dv, wk);
		if (!p)
			return fail(dv, i, "没有待答复的征求意见", "no consultation is waiting for an answer");
		close_pause(dv, p, e->date);
		return 0;

	case EV_EXTENSION_APPROVED:
		if (dv->ext)
			return fail(dv, i, "延期只能一次", "the period may be extended only once");
		if (!e->approver || !e->approver[0])
			return fail(dv, i, "延期须经政府信息公开工作机构负责人同意（缺少 approver）",
				    "an extension needs the approval of the head of the disclosure office (approver missing)");
		if (e->days < 0 || e->days > dv->maxext) {
			snprintf(zh, sizeof zh, "延长的期限最长不得超过%d个工作日（申请延期%d个）", dv->maxext, e->days);
			snprintf(en, sizeof en, "an extension may not exceed %d working days (asked %d)", dv->maxext, e->days);
			return fail(dv, i, zh, en);
		}
		due = compute_due(dv);
		if (due != DATE_NONE && e->date > due) {
			snprintf(zh, sizeof zh, "答复期限已于%s届满，不能再延期", date_format(due, a));
			snprintf(en, sizeof en, "the reply period ended on %s; it can no longer be extended", a);
			return fail(dv, i, zh, en);
		}
		dv->ext = e->days ? e->days : dv->maxext;
		snprintf(zh, sizeof zh, "延期%d个工作日（经%s批准）", dv->ext, e->approver);
		snprintf(en, sizeof en, "extended by %d working days (approved by %s)", dv->ext, e->approver);
		step(dv, e->date, "extension_approved", zh, en);
		return 0;

	case EV_FEE_NOTICE_ISSUED:
		if (r->regime == REGIME_2008)
			return fail(dv, i, "2008年条例下没有信息处理费收费通知", "no processing-fee notices under the 2008 rules");
		if (dv->fee)
			return fail(dv, i, "收费通知只能发出一次", "a fee notice may be issued only once");
		if (dv->npauses >= DEADLINE_MAX_EVENTS)
			return fail(dv, i, "事件过多", "too many events");
		dv->fee = 1;
		dv->fee_deadline = calendar_add_workdays(dv->cal, e->date, 20);
		p = &dv->pauses[dv->npauses++];
		p->kind = WAIT_FEE;
		p->lo = e->date;
		p->hi = DATE_NONE;
		p->cap = DATE_NONE;
		p->open = 1;
		snprintf(zh, sizeof zh, "收费通知：申请人应在20个工作日内（%s前）缴费，等待缴费期间不计入期限",
			 date_format(dv->fee_deadline, a));
		snprintf(en, sizeof en, "fee notice issued: payment due within 20 working days (by %s); the wait is not counted", a);
		step(dv, e->date, "fee_notice_issued", zh, en);
		return 0;

	case EV_FEE_PAID:
		p = open_pause(dv, WAIT_FEE);
		if (!p || dv->fee != 1)
			return fail(dv, i, "没有待缴费的收费通知", "no fee notice is waiting for payment");
		dv->fee = 2;
		snprintf(zh, sizeof zh, "申请人缴费，恢复计算期限");
		snprintf(en, sizeof en, "fee paid; the clock runs again");
		step(dv, e->date, "fee_paid", zh, en);
		close_pause(dv, p, e->date);
		return 0;

	case EV_ANSWERED:
		if (!e->outcome || !app_outcome_valid(e->outcome)) {
			snprintf(zh, sizeof zh, "未知的办理结果 '%.60s'", e->outcome ? e->outcome : "");
			snprintf(en, sizeof en, "unknown outcome '%.60s' (want a 2021 table row key such as disclosed, partial, withheld_state_secret)",
				 e->outcome ? e->outcome : "");
			return fail(dv, i, zh, en);
		}
		if (!strcmp(e->outcome, "other_no_correction")) {
			if (dv->clar != 1 || e->date <= dv->clar_deadline)
				return fail(dv, i, "other_no_correction 仅用于补正期限届满仍未补正",
					    "other_no_correction applies only after the clarification deadline passed unanswered");
			r->state = STATE_CLOSED_NO_CORRECTION;
			dv->clar = 0;
			snprintf(zh, sizeof zh, "逾期不补正：补正期限%s届满，视为放弃申请，不再处理", date_format(dv->clar_deadline, a));
			snprintf(en, sizeof en, "no supplement by %s: the application is deemed abandoned", a);
			step(dv, e->date, "closed_no_correction", zh, en);
		} else if (!strcmp(e->outcome, "other_no_payment")) {
			if (dv->fee != 1 || e->date <= dv->fee_deadline)
				return fail(dv, i, "other_no_payment 仅用于缴费期限届满仍未缴费",
					    "other_no_payment applies only after the payment deadline passed unpaid");
			r->state = STATE_CLOSED_UNPAID;
			snprintf(zh, sizeof zh, "逾期未缴费：缴费期限%s届满，不再处理", date_format(dv->fee_deadline, a));
			snprintf(en, sizeof en, "fee unpaid by %s: the application is no longer processed", a);
			step(dv, e->date, "closed_unpaid", zh, en);
		} else {
			if (dv->clar == 1)
				return fail(dv, i, "等待补正期间不能作出答复（补正期限届满后记 other_no_correction）",
					    "cannot answer while waiting for the clarification (after its deadline record other_no_correction)");
			r->state = STATE_ANSWERED;
			snprintf(zh, sizeof zh, "作出答复（办理结果：%s）", e->outcome);
			snprintf(en, sizeof en, "answered (outcome: %s)", e->outcome);
			step(dv, e->date, "answered", zh, en);
		}
		r->ended = e->date;
		r->outcome = e->outcome;
		break;

	case EV_WITHDRAWN:
		r->state = STATE_WITHDRAWN;
		r->ended = e->date;
		step(dv, e->date, "withdrawn", "申请人撤回申请", "the applicant withdrew the application");
		break;

	default:
		return fail(dv, i, "未知的事件类型", "unknown event type");
	}
	/* The application ended: consultations still open stop today. */
	for (size_t k = 0; k < dv->npauses; k++)
		if (dv->pauses[k].open)
			close_pause(dv, &dv->pauses[k], e->date);
	(void)b;
	return 0;
}

/* Order steps by date, keeping the order of equal dates. */
static void sort_steps(struct deadline_result *r)
{
	size_t i, j;
	for (i = 1; i < r->nsteps; i++) {
		struct deadline_step tmp = r->steps[i];
		for (j = i; j > 0 && r->steps[j - 1].date > tmp.date; j--)
			r->steps[j] = r->steps[j - 1];
		r->steps[j] = tmp;
	}
}

static void note_coverage(struct derive *dv, gk_date d)
{
	if (d != DATE_NONE && !calendar_covers(dv->cal, d))
		dv->res->uncovered = 1;
}

int deadline_derive(const struct calendar *cal, const struct app_history *h,
		    struct deadline_result *res)
{
	struct derive dv;
	gk_date regime_2019, regime_2008, due, today = h->today;
	char a[DATE_STR_SIZE], b[DATE_STR_SIZE], zh[DEADLINE_TEXT_MAX], en[DEADLINE_TEXT_MAX];
	size_t i, k;
	int extra;

	memset(res, 0, sizeof *res);
	memset(&dv, 0, sizeof dv);
	dv.cal = cal;
	dv.h = h;
	dv.res = res;
	res->due = res->ended = res->waiting_until = DATE_NONE;
	res->received = h->received;
	res->remaining_workdays = -1;
	res->state = STATE_OPEN;
	date_from_ymd(2019, 5, 15, &regime_2019);
	date_from_ymd(2008, 5, 1, &regime_2008);

	if (h->received == DATE_NONE)
		return fail(&dv, SIZE_MAX, "缺少收到申请之日", "the receipt date is missing");
	if (h->received < regime_2008)
		return fail(&dv, SIZE_MAX, "收到申请之日早于2008-05-01条例施行之日",
			    "received before the regulation took effect (2008-05-01)");
	if (h->nevents > DEADLINE_MAX_EVENTS)
		return fail(&dv, SIZE_MAX, "事件过多", "too many events");
	if (check_receipt(&dv))
		return -1;
	res->regime = h->received >= regime_2019 ? REGIME_2019 : REGIME_2008;
	dv.base = res->regime == REGIME_2019 ? 20 : 15;
	dv.maxext = res->regime == REGIME_2019 ? 20 : 15;
	dv.start = h->received;
	snprintf(zh, sizeof zh, "%s；适用%s，%d个工作日内答复", receipt_zh(h->channel),
		 res->regime == REGIME_2019 ? "2019年修订的条例（第三十三条）" : "2008年条例（第二十四条）", dv.base);
	snprintf(en, sizeof en, "%s; %s rules: reply within %d working days", receipt_en(h->channel),
		 res->regime == REGIME_2019 ? "2019" : "2008", dv.base);
	step(&dv, h->received, "received", zh, en);
	note_coverage(&dv, h->received);

	for (i = 0; i < h->nevents; i++) {
		const struct app_event *e = &h->events[i];
		note_coverage(&dv, e->date);
		if ((unsigned)e->kind >= EV_KIND_COUNT)
			return fail(&dv, i, "未知的事件类型", "unknown event type");
		if (e->date == DATE_NONE)
			return fail(&dv, i, "缺少日期", "date missing");
		if (res->state != STATE_OPEN) {
			snprintf(zh, sizeof zh, "申请已于%s结束（%s），其后不能再有事件",
				 date_format(res->ended, a), app_state_name(res->state));
			snprintf(en, sizeof en, "the application ended on %s (%s); no event may follow",
				 a, app_state_name(res->state));
			return fail(&dv, i, zh, en);
		}
		if (e->date < h->received) {
			snprintf(zh, sizeof zh, "事件日期早于收到申请之日%s", date_format(h->received, a));
			snprintf(en, sizeof en, "dated before the application was received (%s)", a);
			return fail(&dv, i, zh, en);
		}
		if (i > 0 && e->date < h->events[i - 1].date) {
			snprintf(zh, sizeof zh, "事件未按日期排列（前一事件为%s）", date_format(h->events[i - 1].date, a));
			snprintf(en, sizeof en, "events out of date order (the previous one is dated %s)", a);
			return fail(&dv, i, zh, en);
		}
		if (today != DATE_NONE && e->date > today) {
			snprintf(zh, sizeof zh, "事件日期晚于today（%s）", date_format(today, a));
			snprintf(en, sizeof en, "dated after today (%s)", a);
			return fail(&dv, i, zh, en);
		}
		if (check_lapsed(&dv, i, e) || do_event(&dv, i))
			return -1;
	}

	/* Still open: lapsed 补正 or payment, silent consultations. */
	if (res->state == STATE_OPEN && dv.clar == 1) {
		if (today != DATE_NONE && today > dv.clar_deadline) {
			res->state = STATE_CLOSED_NO_CORRECTION;
			res->ended = dv.clar_deadline;
			res->outcome = "other_no_correction";
			snprintf(zh, sizeof zh, "逾期不补正：补正期限%s届满仍未补正，视为放弃申请（other_no_correction）",
				 date_format(dv.clar_deadline, a));
			snprintf(en, sizeof en, "no supplement by %s: deemed abandoned (other_no_correction)", a);
			step(&dv, dv.clar_deadline, "closed_no_correction", zh, en);
		} else {
			res->waiting = WAIT_CLARIFICATION;
			res->waiting_until = dv.clar_deadline;
		}
	}
	if (res->state == STATE_OPEN && dv.fee == 1) {
		if (today != DATE_NONE && today > dv.fee_deadline) {
			res->state = STATE_CLOSED_UNPAID;
			res->ended = dv.fee_deadline;
			res->outcome = "other_no_payment";
			snprintf(zh, sizeof zh, "逾期未缴费：缴费期限%s届满仍未缴费，不再处理（other_no_payment）",
				 date_format(dv.fee_deadline, a));
			snprintf(en, sizeof en, "fee unpaid by %s: no longer processed (other_no_payment)", a);
			step(&dv, dv.fee_deadline, "closed_unpaid", zh, en);
		} else {
			res->waiting = WAIT_FEE;
			res->waiting_until = dv.fee_deadline;
		}
	}
	if (res->state == STATE_OPEN) {
		for (k = 0; k < dv.npauses; k++) {
			struct pause *p = &dv.pauses[k];
			if (!p->open || p->kind == WAIT_FEE)
				continue;
			if (p->cap != DATE_NONE && (today == DATE_NONE || today > p->cap)) {
				close_pause(&dv, p, p->cap + 1); /* silent: pause to the cap */
			} else if (res->waiting == WAIT_NONE) {
				res->waiting = p->kind;
				res->waiting_until = p->cap;
			}
		}
	}

	/* The due date: unknown while waiting for a 补正 or a payment, or a
	 * consultation without a cap; a closed-unanswered application has none. */
	due = DATE_NONE;
	if (res->state == STATE_OPEN || res->state == STATE_ANSWERED || res->state == STATE_WITHDRAWN)
		due = compute_due(&dv);
	res->due = due;
	note_coverage(&dv, due);
	note_coverage(&dv, today);
	if (due != DATE_NONE) {
		extra = 0;
		for (k = 0; k < dv.npauses; k++)
			if (!dv.pauses[k].open && dv.pauses[k].lo < due)
				extra = 1;
		snprintf(zh, sizeof zh, "答复期限：自%s起%d个工作日%s%s，至%s届满",
			 date_format(dv.start, a), dv.base,
			 dv.ext ? "，加延期" : "", extra ? "，扣除不计入期限的时间" : "",
			 date_format(due, b));
		snprintf(en, sizeof en, "reply due: %d working days after %s%s%s, ending %s",
			 dv.base, a, dv.ext ? " plus the extension" : "",
			 extra ? ", not counting paused time" : "", b);
		step(&dv, due, "due", zh, en);
		if (res->state == STATE_ANSWERED && res->ended > due) {
			res->overdue = 1;
			res->late_workdays = calendar_count_workdays(cal, due, res->ended);
			snprintf(zh, sizeof zh, "逾期答复：超过期限%d个工作日", res->late_workdays);
			snprintf(en, sizeof en, "answered late: %d working days after the deadline", res->late_workdays);
			step(&dv, res->ended, "overdue", zh, en);
		} else if (res->state == STATE_OPEN && today != DATE_NONE) {
			if (today > due) {
				res->overdue = 1;
				res->late_workdays = calendar_count_workdays(cal, due, today);
				snprintf(zh, sizeof zh, "已逾期%d个工作日仍未答复", res->late_workdays);
				snprintf(en, sizeof en, "overdue by %d working days and not answered", res->late_workdays);
				step(&dv, today, "overdue", zh, en);
			} else {
				res->remaining_workdays = calendar_count_workdays(cal, today, due);
			}
		}
	}
	sort_steps(res);
	return 0;
}

void deadline_result_free(struct deadline_result *res)
{
	free(res->steps);
	res->steps = NULL;
	res->nsteps = 0;
}
