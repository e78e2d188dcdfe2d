/* report_build.c - the annual report from records (service/report_build.h). */
#include "service/report_build.h"
#include "service/proactive_report.h"
#include "service/access.h"
#include "service/applications.h"
#include "store/agencies.h"
#include "store/db.h"
#include "domain/deadline.h"
#include "domain/outcome.h"
#include "report/spec.h"
#include "base/buf.h"
#include "base/str.h"
#include "base/xalloc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *report_build_default_format(int year)
{
	if (year >= 2021)
		return "2021";
	if (year >= 2019)
		return "2019";
	return NULL;
}

/* Parse exact decimal text "123" / "168.61" into units and scale. */
static int parse_decimal(const char *s, int64_t *units, int *scale)
{
	int64_t v = 0;
	int sc = 0, dot = 0, digits = 0;
	for (; *s; s++) {
		if (*s == '.' && !dot) {
			dot = 1;
			continue;
		}
		if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10 || sc >= 6)
			return -1;
		v = v * 10 + (*s - '0');
		digits++;
		if (dot)
			sc++;
	}
	if (!digits)
		return -1;
	*units = v;
	*scale = sc;
	return 0;
}

static void add(struct report *r, int t, int row, int col, int64_t n)
{
	struct report_cell *c = report_cell(r, t, row, col);
	c->units += n;
}

struct report *report_build_from_facts(const struct report_spec *spec, int year,
				       const char *agency, const struct rb_app *apps, size_t napps,
				       const struct rb_appeal *appeals, size_t nappeals,
				       const struct figure_rows *figures, char *err, size_t errsize)
{
	struct report *r;
	const struct spec_table *ta, *tp;
	struct buf text = BUF_INIT(0), missing = BUF_INIT(0);
	int t_apps = spec_table_index(spec, "applications");
	int t_appeals = spec_table_index(spec, "appeals");
	int t_pro = spec_table_index(spec, "proactive");
	int row_new, row_in, row_total, row_out, col_total, t, i, c;
	int64_t n_new = 0, n_in = 0, n_out = 0, n_recon = 0, n_lit = 0, fee_yuan = 0, n_fee = 0;
	size_t k;
	char title[512];

	if (t_apps < 0 || t_appeals < 0) {
		snprintf(err, errsize, "format %s has no applications/appeals tables", spec->key);
		return NULL;
	}
	r = report_new(spec, "records");
	r->year = year;
	if (agency)
		r->agency = xstrdup(agency);
	snprintf(title, sizeof title, "%s%d年政府信息公开工作年度报告", agency ? agency : "", year);
	r->title = xstrdup(title);
	/* Every cell starts as 0: counts of nothing are zero, not blank. */
	for (t = 0; t < spec->ntables; t++) {
		const struct spec_table *st = &spec->tables[t];
		for (i = 0; i < st->nrows; i++)
			for (c = 0; c < st->ncols; c++)
				if (spec_row_has_col(st, i, c))
					report_set(r, t, i, c, 0, 0);
		r->tables[t].found = 1;
	}
	ta = &spec->tables[t_apps];
	row_new = spec_row_index(ta, "new");
	row_in = spec_row_index(ta, "carried_in");
	row_total = spec_row_index(ta, "total");
	row_out = spec_row_index(ta, "carried_out");
	col_total = spec_col_index(ta, "total");
	if (row_new < 0 || row_in < 0 || row_total < 0 || row_out < 0 || col_total < 0) {
		snprintf(err, errsize, "format %s lacks a row of table three", spec->key);
		goto fail;
	}
	for (k = 0; k < napps; k++) {
		const struct rb_app *a = &apps[k];
		int col = spec_col_index(ta, a->kind ? a->kind : "");
		if (a->fee_yuan > 0) {
			fee_yuan += a->fee_yuan;
			n_fee++;
		}
		int received_in_year = date_year(a->received) == year;
		if (col < 0 || col == col_total) {
			snprintf(err, errsize, "application %zu: unknown applicant kind '%.40s'", k,
				 a->kind ? a->kind : "");
			goto fail;
		}
		if (date_year(a->received) > year)
			continue;
		if (!received_in_year && !a->open_at_prev_end)
			continue;   /* ended before the year */
		if (received_in_year) {
			add(r, t_apps, row_new, col, 1);
			n_new++;
		} else {
			add(r, t_apps, row_in, col, 1);
			n_in++;
		}
		if (a->open_at_end) {
			add(r, t_apps, row_out, col, 1);
			n_out++;
		} else {
			const char *key = a->outcome ? a->outcome : OUTCOME_WITHDRAWN_ROW;
			const char *rowkey = outcome_report_row(key, spec->key);
			int row = rowkey ? spec_row_index(ta, rowkey) : -1;
			if (row < 0) {
				snprintf(err, errsize, "application %zu: outcome '%.60s' has no row in format %s",
					 k, key, spec->key);
				goto fail;
			}
			add(r, t_apps, row, col, 1);
			add(r, t_apps, row_total, col, 1);
		}
	}
	/* The 总计 column of table three. */
	for (i = 0; i < ta->nrows; i++) {
		int64_t sum = 0;
		if (!spec_row_has_col(ta, i, col_total))
			continue;
		for (c = 0; c < ta->ncols; c++)
			if (c != col_total && spec_row_has_col(ta, i, c))
				sum += report_cell(r, t_apps, i, c)->units;
		report_cell(r, t_apps, i, col_total)->units = sum;
	}
	/* Table four. */
	{
		const struct spec_table *tf = &spec->tables[t_appeals];
		int ftotal = spec_col_index(tf, "total");
		for (k = 0; k < nappeals; k++) {
			int row = spec_row_index(tf, appeals[k].kind ? appeals[k].kind : "");
			int col = spec_col_index(tf, appeals[k].result ? appeals[k].result : "");
			if (row < 0 || col < 0 || col == ftotal || ftotal < 0) {
				snprintf(err, errsize, "appeal %zu: unknown kind or result", k);
				goto fail;
			}
			add(r, t_appeals, row, col, 1);
			add(r, t_appeals, row, ftotal, 1);
			if (!strcmp(appeals[k].kind, "reconsideration"))
				n_recon++;
			else
				n_lit++;
		}
	}
	/* Table two from the entered figures ("table.row.col" keys). */
	if (t_pro >= 0) {
		tp = &spec->tables[t_pro];
		for (k = 0; figures && k < figures->n; k++) {
			char key[96], *row, *col;
			int64_t units;
			int scale, ri, ci, ti;
			str_copy(key, figures->items[k].key, sizeof key);
			row = strchr(key, '.');
			col = row ? strchr(row + 1, '.') : NULL;
			if (!row || !col) {
				snprintf(err, errsize, "figure '%.90s': want TABLE.ROW.COL", figures->items[k].key);
				goto fail;
			}
			*row++ = '\0';
			*col++ = '\0';
			ti = spec_table_index(spec, key);
			if (ti != t_pro) {
				snprintf(err, errsize, "figure '%.90s': only table %s is entered by hand",
					 figures->items[k].key, tp->key);
				goto fail;
			}
			ri = spec_row_index(tp, row);
			ci = spec_col_index(tp, col);
			if (ri < 0 || ci < 0 || !spec_row_has_col(tp, ri, ci) ||
			    parse_decimal(figures->items[k].value, &units, &scale) ||
			    (scale > 0 && !tp->cols[ci].decimal)) {
				snprintf(err, errsize, "figure '%.90s' = '%.40s' is not a cell of format %s or not a valid number",
					 figures->items[k].key, figures->items[k].value, spec->key);
				goto fail;
			}
			report_cell(r, t_pro, ri, ci)->units = units;
			report_cell(r, t_pro, ri, ci)->scale = (uint8_t)scale;
		}
		for (i = 0; i < tp->nrows; i++)
			for (c = 0; c < tp->ncols; c++) {
				int entered = 0;
				char want[200];
				if (!spec_row_has_col(tp, i, c))
					continue;
				snprintf(want, sizeof want, "%s.%s.%s", tp->key, tp->rows[i].key, tp->cols[c].key);
				for (k = 0; figures && k < figures->n; k++)
					if (!strcmp(figures->items[k].key, want))
						entered = 1;
				if (!entered)
					buf_printf(&missing, "%s%s", missing.len ? ", " : "", want);
			}
		if (missing.len)
			finding_add(&r->notes, "build.figures_missing", SEV_INFO, tp->key, NULL, NULL, 0,
				    NULL, buf_str(&missing),
				    "表二有未录入的数据，按0计", "Table two figures not entered were set to 0");
	}
	/* Sections: a factual summary the checker compares with the tables. */
	for (i = 0; i < spec->nsections; i++) {
		const struct spec_section *s = &spec->sections[i];
		char heading[256];
		buf_reset(&text);
		snprintf(heading, sizeof heading, "%s、%s", s->number, s->title);
		if (!strcmp(s->key, "overview"))
			buf_printf(&text, "本年度本机关收到政府信息公开申请%lld件，上年结转%lld件，"
				   "结转下年度继续办理%lld件；因政府信息公开工作被申请行政复议%lld件，"
				   "被提起行政诉讼%lld件。",
				   (long long)n_new, (long long)n_in, (long long)n_out,
				   (long long)n_recon, (long long)n_lit);
		else if (!strcmp(s->key, "proactive") || !strcmp(s->key, "applications") ||
			 !strcmp(s->key, "appeals"))
			buf_printf(&text, "详见下表（根据本机关登记的记录生成）。");
		else if (!strcmp(s->key, "other") && fee_yuan > 0)
			buf_printf(&text, "本年度收取信息处理费共计%lld元（%lld件申请）。其他事项（待填写）",
				   (long long)fee_yuan, (long long)n_fee);
		else if (!strcmp(s->key, "other") && !strcmp(spec->key, "2021"))
			buf_printf(&text, "本年度未收取信息处理费。其他事项（待填写）");
		else
			buf_printf(&text, "（待填写）");
		report_add_section(r, s, s->number, heading, buf_str(&text), 0);
	}
	buf_free(&text);
	buf_free(&missing);
	return r;
fail:
	buf_free(&text);
	buf_free(&missing);
	report_free(r);
	return NULL;
}

int64_t report_build_fee_paid(const struct app_event_rows *events, int year)
{
	int64_t notice = 0, paid = 0;
	gk_date on;
	size_t i;
	for (i = 0; i < events->n; i++) {
		const struct app_event_row *e = &events->items[i];
		if (!strcmp(e->type, "fee_notice_issued") && e->data_json) {
			json_t *d = json_loads(e->data_json, 0, NULL);
			json_t *v = d ? json_object_get(d, "amount_yuan") : NULL;
			notice = json_is_integer(v) ? json_integer_value(v) : 0;
			json_decref(d);
		} else if (!strcmp(e->type, "fee_paid") && !date_parse(e->date, &on) &&
			   date_year(on) == year) {
			paid += notice > 0 ? notice : 0;
			notice = 0;
		}
	}
	return paid;
}

int report_build_classify(const struct calendar *cal, const struct app_record *rec,
			  const struct app_event_rows *events, int year, gk_date today,
			  struct rb_app *out, char *err, size_t errsize)
{
	struct deadline_result res;
	gk_date prev_end, end;
	memset(out, 0, sizeof *out);
	out->kind = rec->applicant_kind;
	if (date_parse(rec->received_on, &out->received) ||
	    date_from_ymd(year, 12, 31, &end) || date_from_ymd(year - 1, 12, 31, &prev_end)) {
		snprintf(err, errsize, "application %lld: bad receipt date", (long long)rec->id);
		return -1;
	}
	if (out->received > end)
		return 0;
	if (out->received <= prev_end) {
		gk_date t = today < prev_end ? today : prev_end;
		if (app_derive(cal, rec, events, prev_end, t, &res)) {
			snprintf(err, errsize, "application %lld: %s", (long long)rec->id, res.error);
			deadline_result_free(&res);
			return -1;
		}
		out->open_at_prev_end = res.state == STATE_OPEN;
		deadline_result_free(&res);
		if (!out->open_at_prev_end)
			return 0;
	}
	if (app_derive(cal, rec, events, end, today < end ? today : end, &res)) {
		snprintf(err, errsize, "application %lld: %s", (long long)rec->id, res.error);
		deadline_result_free(&res);
		return -1;
	}
	out->open_at_end = res.state == STATE_OPEN;
	out->outcome = res.outcome;   /* static taxonomy string, NULL when withdrawn */
	deadline_result_free(&res);
	return 1;
}

int report_build(struct db *db, const struct calendar *cal, const struct actor *who,
		 int64_t agency_id, int year, const char *format, struct report **out,
		 struct svc_error *err)
{
	const struct report_spec *spec;
	struct agency ag;
	struct app_records recs = {0};
	struct appeal_rows appeals = {0};
	struct figure_rows figs = {0};
	struct rb_app *apps = NULL;
	struct rb_appeal *aps = NULL;
	size_t napps = 0, i;
	char msg[512], end[24];
	gk_date today = app_today();
	int rc = -1, arc;

	*out = NULL;
	if (year < 2019 || year > DATE_MAX_YEAR)
		return svc_fail(err, SVC_INVALID, "year",
				"只能从记录生成2019年及以后的年度报告 / reports from records start with 2019");
	if (!format || !*format)
		format = report_build_default_format(year);
	if (strcmp(format, "2021") && strcmp(format, "2019"))
		return svc_fail(err, SVC_INVALID, "format", "格式应为 2021 或 2019 / format must be 2021 or 2019");
	spec = spec_find(spec_builtin(), format);
	if (!spec)
		return svc_fail(err, SVC_INTERNAL, "format", "格式 %s 缺失 / format missing", format);
	if (!access_can_see(db, who, agency_id))
		return svc_fail(err, who && (who->user_id > 0 || who->is_system) ? SVC_NOT_FOUND : SVC_UNAUTHENTICATED,
				"agency", "没有该机关或无权查看 / no such agency");
	arc = agency_store_get(db, agency_id, &ag);
	if (arc != 0)
		return arc < 0 ? svc_db_fail(err, db)
			       : svc_fail(err, SVC_NOT_FOUND, "agency", "没有该机关 / no such agency");
	snprintf(end, sizeof end, "%04d-12-31", year);
	if (app_store_for_year(db, agency_id, year, &recs) ||
	    appeal_store_list(db, agency_id, 0, year, &appeals) ||
	    figure_store_list(db, agency_id, year, &figs)) {
		svc_db_fail(err, db);
		goto out;
	}
	/* 规章 and 规范性文件 counts come from the catalog; appended after the
	 * hand-entered figures so that they win where both exist. */
	if (proactive_report_figures(db, agency_id, year, spec, &figs, err))
		goto out;
	apps = xcalloc(recs.n + 1, sizeof *apps);
	for (i = 0; i < recs.n; i++) {
		struct app_event_rows evs = {0};
		int c;
		if (app_store_events(db, recs.items[i].id, &evs)) {
			svc_db_fail(err, db);
			app_event_rows_free(&evs);
			goto out;
		}
		c = report_build_classify(cal, &recs.items[i], &evs, year, today, &apps[napps],
					  msg, sizeof msg);
		if (c > 0)
			apps[napps].fee_yuan = report_build_fee_paid(&evs, year);
		app_event_rows_free(&evs);
		if (c < 0) {
			svc_fail(err, SVC_CONFLICT, "applications", "%s", msg);
			goto out;
		}
		if (c > 0)
			napps++;
	}
	aps = xcalloc(appeals.n + 1, sizeof *aps);
	for (i = 0; i < appeals.n; i++) {
		const struct appeal_row *a = &appeals.items[i];
		aps[i].kind = a->kind;
		/* The result as of 31 December: decided later counts as pending. */
		aps[i].result = a->decided_on[0] && strcmp(a->decided_on, end) <= 0 ? a->result : "pending";
	}
	*out = report_build_from_facts(spec, year, ag.name, apps, napps, aps, appeals.n, &figs,
				       msg, sizeof msg);
	if (!*out) {
		svc_fail(err, SVC_CONFLICT, "report", "%s", msg);
		goto out;
	}
	rc = 0;
out:
	free(apps);
	free(aps);
	app_records_free(&recs);
	appeal_rows_free(&appeals);
	figure_rows_free(&figs);
	return rc;
}
