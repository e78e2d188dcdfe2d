/* view.c - service results as template values (see view.h). */
#include "web/view.h"
#include "web/template.h"
#include "web/page.h"
#include "service/annual_report.h"
#include "service/applications.h"
#include "domain/outcome.h"
#include "report/json.h"
#include "report/render.h"
#include "report/spec.h"
#include "store/agencies.h"
#include "base/str.h"
#include "base/utf8.h"

#include <stdio.h>
#include <string.h>

const char *view_date_cn(const char *iso, char *out, size_t size)
{
	gk_date d;
	int y, m, dd;
	if (!iso || date_parsen(iso, strlen(iso) < 10 ? strlen(iso) : 10, &d)) {
		str_copy(out, iso ? iso : "", size);
		return out;
	}
	date_to_ymd(d, &y, &m, &dd);
	snprintf(out, size, "%d年%d月%d日", y, m, dd);
	return out;
}

static const char *lookup(const char *const (*t)[2], size_t n, const char *key)
{
	size_t i;
	for (i = 0; key && i < n; i++)
		if (!strcmp(t[i][0], key))
			return t[i][1];
	return key ? key : "";
}

const char *view_event_label(const char *type)
{
	static const char *const t[][2] = {
		{"acknowledged", "确认收到申请"},
		{"clarification_requested", "告知补正申请材料"},
		{"clarification_received", "收到补正材料"},
		{"third_party_sent", "征求第三方意见"},
		{"third_party_answered", "收到第三方意见"},
		{"other_agency_consulted", "征求其他机关意见"},
		{"other_agency_answered", "收到其他机关意见"},
		{"extension_approved", "延长答复期限"},
		{"fee_notice_issued", "发出收取信息处理费通知"},
		{"fee_paid", "缴纳信息处理费"},
		{"answered", "作出答复"},
		{"withdrawn", "申请人撤回申请"},
	};
	return lookup(t, sizeof t / sizeof t[0], type);
}

const char *view_channel_label(const char *c)
{
	static const char *const t[][2] = {
		{"in_person", "当面提交"}, {"post_signed", "邮寄（签收）"}, {"letter", "平常信函"},
		{"online", "网络申请"}, {"fax", "传真"}, {"other", "其他"},
	};
	return lookup(t, sizeof t / sizeof t[0], c);
}

const char *view_kind_label(const char *k)
{
	static const char *const t[][2] = {
		{"person", "自然人"}, {"business", "商业企业"}, {"research", "科研机构"},
		{"nonprofit", "社会公益组织"}, {"legal", "法律服务机构"}, {"other_org", "其他"},
	};
	return lookup(t, sizeof t / sizeof t[0], k);
}

const char *view_outcome_label(const char *key)
{
	const struct outcome_info *o = key ? outcome_find(key) : NULL;
	const char *l;
	if (!o)
		return key ? key : "";
	l = o->label;
	/* drop the table numbering "7." */
	while (*l >= '0' && *l <= '9')
		l++;
	if (*l == '.')
		l++;
	return l;
}

/* The status in plain words. */
static void status_text(const struct app_view *v, struct tpl_ctx *c)
{
	const struct deadline_result *r = &v->res;
	char due[32], until[32], ended[32], iso[DATE_STR_SIZE];
	due[0] = until[0] = ended[0] = '\0';
	if (r->due != DATE_NONE)
		view_date_cn(date_format(r->due, iso), due, sizeof due);
	if (r->waiting_until != DATE_NONE)
		view_date_cn(date_format(r->waiting_until, iso), until, sizeof until);
	if (r->ended != DATE_NONE)
		view_date_cn(date_format(r->ended, iso), ended, sizeof ended);
	if (v->derive_failed) {
		tpl_set(c, "status_text", "正在办理。");
		tpl_set(c, "status_class", "");
		return;
	}
	switch (r->state) {
	case STATE_ANSWERED:
		tpl_setf(c, "status_text", "已办结：本机关已于%s作出答复，办理结果为“%s”。",
			 ended, view_outcome_label(r->outcome));
		tpl_set(c, "status_class", "ok");
		return;
	case STATE_WITHDRAWN:
		tpl_setf(c, "status_text", "已办结：申请人已于%s撤回申请。", ended);
		tpl_set(c, "status_class", "ok");
		return;
	case STATE_CLOSED_NO_CORRECTION:
		tpl_setf(c, "status_text", "已办结：申请人逾期未补正，视为放弃申请（%s）。", ended);
		tpl_set(c, "status_class", "warn");
		return;
	case STATE_CLOSED_UNPAID:
		tpl_setf(c, "status_text", "已办结：申请人逾期未缴纳信息处理费，视为放弃申请（%s）。", ended);
		tpl_set(c, "status_class", "warn");
		return;
	case STATE_OPEN:
		break;
	}
	switch (r->waiting) {
	case WAIT_CLARIFICATION:
		tpl_setf(c, "status_text", "需要补正：本机关已告知申请人补正申请材料%s%s%s。"
			 "补正期间不计入答复期限，收到补正材料后重新计算20个工作日。",
			 until[0] ? "，请于" : "", until, until[0] ? "前补正" : "");
		tpl_set(c, "status_class", "warn");
		return;
	case WAIT_FEE:
		tpl_setf(c, "status_text", "等待缴费：本机关已发出收取信息处理费通知%s%s%s，缴费期间不计入答复期限。",
			 until[0] ? "，请于" : "", until, until[0] ? "前缴纳" : "");
		tpl_set(c, "status_class", "warn");
		return;
	case WAIT_THIRD_PARTY:
	case WAIT_OTHER_AGENCY:
		tpl_setf(c, "status_text", "正在办理：本机关正在征求%s意见，征求意见期间不计入答复期限%s%s。",
			 r->waiting == WAIT_THIRD_PARTY ? "第三方" : "其他机关",
			 due[0] ? "。目前答复期限为" : "", due);
		tpl_set(c, "status_class", "");
		return;
	case WAIT_NONE:
		break;
	}
	if (r->overdue)
		tpl_setf(c, "status_text", "正在办理：答复期限为%s，已超过期限%d个工作日。", due,
			 r->late_workdays);
	else if (r->remaining_workdays >= 0)
		tpl_setf(c, "status_text", "正在办理：本机关将在%s前答复（还有%d个工作日）。", due,
			 r->remaining_workdays);
	else
		tpl_setf(c, "status_text", "正在办理：答复期限为%s。", due);
	tpl_set(c, "status_class", r->overdue ? "bad" : "");
	tpl_set_bool(c, "overdue", r->overdue);
}

void view_app_to_ctx(const struct app_view *v, struct tpl_ctx *c, int staff)
{
	const struct app_record *a = &v->rec;
	char tmp[64], iso[DATE_STR_SIZE];
	size_t i;
	tpl_set_int(c, "app_id", a->id);
	tpl_set_int(c, "app_version", a->version);
	tpl_set(c, "code", a->tracking_code);
	tpl_set(c, "applicant", a->applicant_name);
	tpl_set(c, "applicant_kind", view_kind_label(a->applicant_kind));
	tpl_set(c, "description", a->description);
	tpl_set(c, "channel", view_channel_label(a->channel));
	tpl_set(c, "received", view_date_cn(a->received_on, tmp, sizeof tmp));
	tpl_set(c, "form_wanted", a->form_wanted);
	tpl_set(c, "delivery", a->delivery);
	tpl_set(c, "state", a->state);
	tpl_set_bool(c, "is_open", !v->derive_failed && v->res.state == STATE_OPEN);
	if (v->res.due != DATE_NONE && !v->derive_failed) {
		tpl_set(c, "due", view_date_cn(date_format(v->res.due, iso), tmp, sizeof tmp));
		tpl_set(c, "due_iso", iso);
	}
	if (v->res.outcome)
		tpl_set(c, "outcome", view_outcome_label(v->res.outcome));
	status_text(v, c);
	tpl_list(c, "events");
	{
		struct tpl_ctx *e = tpl_add(c, "events");
		tpl_set(e, "date", view_date_cn(a->received_on, tmp, sizeof tmp));
		tpl_setf(e, "label", "收到申请（%s）", view_channel_label(a->channel));
	}
	for (i = 0; i < v->events.n; i++) {
		const struct app_event_row *ev = &v->events.items[i];
		struct tpl_ctx *e = tpl_add(c, "events");
		tpl_set(e, "date", view_date_cn(ev->date, tmp, sizeof tmp));
		tpl_set(e, "label", view_event_label(ev->type));
		tpl_set(e, "type", ev->type);
	}
	if (!staff)
		return;
	tpl_set(c, "id_mask", a->id_number_mask ? a->id_number_mask : "");
	tpl_set(c, "phone", a->contact_phone);
	tpl_set(c, "email", a->contact_email);
	tpl_set(c, "address", a->contact_address);
	tpl_set(c, "postal_code", a->postal_code);
	for (i = 0; !v->derive_failed && i < v->res.nsteps; i++) {
		struct tpl_ctx *s = tpl_add(c, "steps");
		tpl_set(s, "date", date_format(v->res.steps[i].date, iso));
		tpl_set(s, "text", v->res.steps[i].zh);
	}
}

void view_app_row(const struct app_record *r, const char *today, const char *soon_until,
		  struct tpl_ctx *row)
{
	char summary[160];
	size_t n = 0, chars = 0;
	const char *d = r->description ? r->description : "";
	while (d[n] && chars < 30) {
		uint32_t cp;
		int k = utf8_decode(d + n, strlen(d + n), &cp);
		n += k > 0 ? (size_t)k : 1;
		chars++;
	}
	if (n >= sizeof summary - 4)
		n = 0;
	memcpy(summary, d, n);
	str_copy(summary + n, d[n] ? "…" : "", sizeof summary - n);
	tpl_set_int(row, "id", r->id);
	tpl_set(row, "code", r->tracking_code);
	tpl_set(row, "applicant", r->applicant_name);
	tpl_set(row, "summary", summary);
	tpl_set(row, "due_on", r->due_on && r->due_on[0] ? r->due_on : "—");
	if (r->waiting && r->waiting[0] && (!r->due_on || !r->due_on[0])) {
		tpl_set(row, "bucket", "soon");
		tpl_set(row, "bucket_label", "等待申请人");
	} else if (r->due_on && r->due_on[0] && strcmp(r->due_on, today) < 0) {
		tpl_set(row, "bucket", "overdue");
		tpl_set(row, "bucket_label", "已超期");
	} else if (r->due_on && r->due_on[0] && strcmp(r->due_on, soon_until) <= 0) {
		tpl_set(row, "bucket", "soon");
		tpl_set(row, "bucket_label", "即将到期");
	} else {
		tpl_set(row, "bucket", "ok");
		tpl_set(row, "bucket_label", "期限内");
	}
}

int view_report_article(const struct report *r, struct buf *out)
{
	struct buf page = BUF_INIT(0);
	const char *a, *b;
	int rc = -1;
	if (report_render(r, RENDER_HTML, &page) == 0) {
		a = strstr(buf_str(&page), "<article");
		b = a ? strstr(a, "</article>") : NULL;
		if (a && b)
			rc = buf_add(out, a, (size_t)(b - a) + strlen("</article>"));
	}
	buf_free(&page);
	return rc;
}

int view_portal_agency(struct http_request *req, struct http_response *res, struct agency *a)
{
	const char *code = http_param(req, "code");
	int rc = req->db && code ? agency_store_find_code(req->db, code, a) : -1;
	if (rc == 0 && !a->disabled)
		return 0;
	page_error(req, res, PAGE_PORTAL, rc < 0 ? 503 : 404,
		   rc < 0 ? "数据库暂时不可用，请稍后再试。" : "没有找到该机关。");
	return -1;
}

struct report *view_published_report(struct http_request *req, struct http_response *res,
				     struct agency *a, int *year)
{
	struct annual_report_row row;
	struct report *r;
	char err[256];
	int rc;
	if (view_portal_agency(req, res, a))
		return NULL;
	if (str_to_int(http_param(req, "year"), 2008, 2100, year)) {
		page_error(req, res, PAGE_PORTAL, 404, "没有该年度的报告。");
		return NULL;
	}
	rc = annual_report_get_published(req->db, a->id, *year, &row);
	if (rc) {
		page_error(req, res, PAGE_PORTAL, rc < 0 ? 503 : 404,
			   rc < 0 ? "数据库暂时不可用，请稍后再试。" : "该年度报告尚未发布。");
		return NULL;
	}
	r = report_from_json(spec_builtin(), row.report_json, strlen(row.report_json), err, sizeof err);
	annual_report_row_clear(&row);
	if (!r)
		page_error(req, res, PAGE_PORTAL, 500, "报告数据无法读取。");
	return r;
}
