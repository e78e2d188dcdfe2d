/* check.c - consistency checks (勾稽关系 and more) on a parsed report.
 *
 * Everything table-specific comes from the report's spec: the rules
 * (lhs op rhs, bound per row or per column), the sections, the facts and
 * the publication deadlines. The generic checks here are: blank cells,
 * missing tables and rows, text-stated numbers against the tables, format
 * vs report year, section presence/numbering/order, empty template
 * placeholders and the publication date. Rule ids and meanings are listed
 * in docs/checks.md; findings come out in a fixed order (report level,
 * tables, rules in spec order, facts, sections, placeholders, dates) so
 * that tests can compare them element by element. */
#include "report/check.h"
#include "base/buf.h"
#include "base/jsonw.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "report/label.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SCALE 9   /* decimals kept when summing cells */

/* The report's full text when the caller has it (report_check_text). */
struct fulltext {
	const char *text;
	size_t len;
};

/* An exact decimal: units / 10^scale. */
struct dec {
	int64_t units;
	int scale;
};

/* Bring a and b to the same scale; 0, or -1 on overflow. */
static int dec_align(struct dec *a, struct dec *b)
{
	while (a->scale < b->scale) {
		if (__builtin_mul_overflow(a->units, 10, &a->units))
			return -1;
		a->scale++;
	}
	while (b->scale < a->scale) {
		if (__builtin_mul_overflow(b->units, 10, &b->units))
			return -1;
		b->scale++;
	}
	return 0;
}

/* acc += v; 0, or -1 on overflow. */
static int dec_add(struct dec *acc, struct dec v)
{
	if (v.scale > MAX_SCALE || dec_align(acc, &v) < 0)
		return -1;
	return __builtin_add_overflow(acc->units, v.units, &acc->units) ? -1 : 0;
}

static char *dec_text(char *dst, size_t size, struct dec d)
{
	return decimal_format(dst, size, d.units, d.scale);
}

/* The value of a present cell; BLANK counts as 0. */
static struct dec cell_dec(const struct report_cell *c)
{
	struct dec d = {0, 0};
	if (c->state == CELL_VALUE) {
		d.units = c->units;
		d.scale = c->scale;
	}
	return d;
}

/* Cell (row, col) of table t, or NULL when the table has no such cell or
 * the row was not found (ABSENT). */
static const struct report_cell *present_cell(const struct report *r, int t,
					      int row, int col)
{
	const struct spec_table *st;
	const struct report_cell *c;
	if (t < 0 || t >= r->spec->ntables)
		return NULL;
	st = &r->spec->tables[t];
	if (row < 0 || row >= st->nrows || col < 0 || col >= st->ncols ||
	    !spec_row_has_col(st, row, col))
		return NULL;
	c = report_cell_c(r, t, row, col);
	return c->state == CELL_ABSENT ? NULL : c;
}

/* ---- tables: missing tables and rows, blank cells ---- */

/* True if the parser already noted that this row is missing (a note whose
 * rule ends in "missing_row" for the same table and row). */
static int noted_missing(const struct report *r, const char *table, const char *row)
{
	int i;
	for (i = 0; i < r->notes.n; i++) {
		const struct finding *f = &r->notes.v[i];
		if (f->rule && str_ends(f->rule, "missing_row") && f->table && f->row &&
		    !strcmp(f->table, table) && !strcmp(f->row, row))
			return 1;
	}
	return 0;
}

/* True if the parser already explained why cell (table, row, col) is
 * blank: a short row (parse.short_row), digits it could not split
 * (parse.ambiguous_split, per row or, in a headless table, for the whole
 * table) or a number it could not read (parse.bad_number). The blank is
 * then reported once, by that note. With split_only, only the first kind
 * counts (the one where the report itself may well be right). */
static int noted_blank(const struct report *r, const char *table, const char *row,
		       const char *col, int split_only)
{
	int i;
	for (i = 0; i < r->notes.n; i++) {
		const struct finding *f = &r->notes.v[i];
		if (!f->rule || !f->table || strcmp(f->table, table) ||
		    (f->row && strcmp(f->row, row)) || (f->col && strcmp(f->col, col)))
			continue;
		if (str_ends(f->rule, "ambiguous_split") ||
		    (!split_only && (str_ends(f->rule, "short_row") || str_ends(f->rule, "bad_number"))))
			return 1;
	}
	return 0;
}

static void check_tables(const struct report *r, struct finding_list *out)
{
	char zh[512], en[512];
	int t, i, c;
	for (t = 0; t < r->spec->ntables; t++) {
		const struct spec_table *st = &r->spec->tables[t];
		const struct report_table *rt = &r->tables[t];
		if (!rt->found) {
			snprintf(zh, sizeof zh, "未找到“%s”表", st->title ? st->title : st->key);
			snprintf(en, sizeof en, "Table '%s' required by the format was not found", st->key);
			/* The 2019 and 2021 templates make their tables part of the
			 * report; before them (2008 条例, the 2014 statistics table
			 * sent to 国办, local tables) a report without a table was
			 * allowed, so a missing table is only a warning there. */
			finding_add(out, "table.missing",
				    r->spec->year_from >= 2019 ? SEV_ERROR : SEV_WARNING,
				    st->key, NULL, NULL, 0, NULL, NULL, zh, en);
			continue;
		}
		for (i = 0; i < st->nrows; i++) {
			const struct spec_row *sr = &st->rows[i];
			int present = 0;
			for (c = 0; c < st->ncols; c++)
				if (spec_row_has_col(st, i, c) &&
				    report_cell_c(r, t, i, c)->state != CELL_ABSENT)
					present = 1;
			if (!present) {
				if (!sr->optional && !noted_missing(r, st->key, sr->key)) {
					snprintf(zh, sizeof zh, "“%s”表缺少“%s”行", st->title ? st->title : st->key, sr->label);
					snprintf(en, sizeof en, "Row '%s' of table '%s' was not found", sr->key, st->key);
					finding_add(out, "table.row_missing", SEV_WARNING, st->key, sr->key,
						    NULL, rt->line, NULL, NULL, zh, en);
				}
				continue;
			}
			for (c = 0; c < st->ncols; c++) {
				const struct report_cell *cell;
				if (!spec_row_has_col(st, i, c))
					continue;
				cell = report_cell_c(r, t, i, c);
				if (cell->state != CELL_BLANK ||
				    noted_blank(r, st->key, sr->key, st->cols[c].key, 0))
					continue;
				snprintf(zh, sizeof zh, "“%s”行“%s”列为空，应填0或数字（按0计算）",
					 sr->label, st->cols[c].label);
				snprintf(en, sizeof en, "Cell %s.%s.%s is blank; it should be 0 or a number (counted as 0)",
					 st->key, sr->key, st->cols[c].key);
				finding_add(out, "cell.blank", SEV_WARNING, st->key, sr->key,
					    st->cols[c].key, cell->line ? cell->line : rt->line,
					    NULL, NULL, zh, en);
			}
		}
	}
}

/* ---- spec rules ---- */

/* Resolve a term of rule instance k to (row, col). */
static void bind_term(const struct spec_rule *ru, const struct spec_term *term,
		      int k, int *row, int *col)
{
	*row = term->row;
	*col = term->col;
	if (ru->each == EACH_ROW && term->row < 0)
		*row = k;
	if (ru->each == EACH_COL && term->col < 0)
		*col = k;
}

/* Sum the terms of one side. An absent cell of an optional row counts as
 * 0 (versions of a layout that lack the row); a blank cell counts as 0
 * (the report left it empty) unless the parser could not split the run of
 * digits it was in (parse.ambiguous_split: the value is unknown, so the
 * rule cannot be checked, rather than fail on a 0 the report never had).
 * Returns 1 (skip the instance) if a cell of a non-optional row is absent
 * or unsplit or every cell of the side is absent, 0 when summed, -1 on
 * overflow. */
static int sum_side(const struct report *r, const struct spec_rule *ru,
		    const struct spec_term *terms, int n, int k, struct dec *sum)
{
	const struct spec_table *st = &r->spec->tables[ru->table];
	int i, row, col, present = 0;
	sum->units = 0;
	sum->scale = 0;
	for (i = 0; i < n; i++) {
		const struct report_cell *c;
		bind_term(ru, &terms[i], k, &row, &col);
		c = present_cell(r, ru->table, row, col);
		if (!c) {
			if (row >= 0 && row < st->nrows && st->rows[row].optional &&
			    spec_row_has_col(st, row, col))
				continue;
			return 1;
		}
		if (c->state == CELL_BLANK && r->notes.n &&
		    noted_blank(r, st->key, st->rows[row].key, st->cols[col].key, 1))
			return 1;
		present++;
		if (dec_add(sum, cell_dec(c)) < 0)
			return -1;
	}
	return present ? 0 : 1;
}

static void check_rule_instance(const struct report *r, const struct spec_rule *ru,
				int k, struct finding_list *out)
{
	const struct spec_table *st = &r->spec->tables[ru->table];
	struct dec lhs, rhs;
	int bad, row, col, line;
	char e[48], f[48], zh[1024], en[1024];
	const char *bound_zh = NULL, *bound_en = NULL;
	const struct report_cell *target;

	if (ru->nlhs < 1 || sum_side(r, ru, ru->lhs, ru->nlhs, k, &lhs) != 0 ||
	    sum_side(r, ru, ru->rhs, ru->nrhs, k, &rhs) != 0 || dec_align(&lhs, &rhs) < 0)
		return;
	bad = ru->op == RULE_LE ? lhs.units > rhs.units : lhs.units != rhs.units;
	if (!bad)
		return;
	bind_term(ru, &ru->lhs[0], k, &row, &col);
	target = present_cell(r, ru->table, row, col);
	line = target && target->line ? target->line : r->tables[ru->table].line;
	if (ru->each == EACH_COL && k >= 0 && k < st->ncols) {
		bound_zh = st->cols[k].label;
		bound_en = st->cols[k].key;
	} else if (ru->each == EACH_ROW && k >= 0 && k < st->nrows) {
		bound_zh = st->rows[k].label;
		bound_en = st->rows[k].key;
	}
	dec_text(e, sizeof e, rhs);
	dec_text(f, sizeof f, lhs);
	snprintf(zh, sizeof zh, "%s（%s%s%s %s，实为 %s）", ru->zh ? ru->zh : ru->id,
		 bound_zh ? bound_zh : "", bound_zh ? "：" : "",
		 ru->op == RULE_LE ? "不应超过" : "应为", e, f);
	snprintf(en, sizeof en, "%s (%s%sexpected %s%s, found %s)", ru->en ? ru->en : ru->id,
		 bound_en ? bound_en : "", bound_en ? ": " : "",
		 ru->op == RULE_LE ? "at most " : "", e, f);
	finding_add(out, ru->id, ru->sev, st->key,
		    row >= 0 && row < st->nrows ? st->rows[row].key : NULL,
		    col >= 0 && col < st->ncols ? st->cols[col].key : NULL,
		    line, e, f, zh, en);
}

static void check_rules(const struct report *r, struct finding_list *out)
{
	int i, k;
	for (i = 0; i < r->spec->nrules; i++) {
		const struct spec_rule *ru = &r->spec->rules[i];
		const struct spec_table *st;
		if (ru->table < 0 || ru->table >= r->spec->ntables || !r->tables[ru->table].found)
			continue;
		st = &r->spec->tables[ru->table];
		if (ru->each == EACH_NONE)
			check_rule_instance(r, ru, -1, out);
		else if (ru->over)
			for (k = 0; k < ru->nover; k++)
				check_rule_instance(r, ru, ru->over[k], out);
		else
			for (k = 0; k < (ru->each == EACH_ROW ? st->nrows : st->ncols); k++)
				check_rule_instance(r, ru, k, out);
	}
}

/* ---- text-stated numbers ---- */

/* Sum of the cells a fact must equal; 0, 1 if a cell is absent or blank
 * (a blank is reported as cell.blank; comparing the text with it would
 * only repeat that), -1 on overflow. Facts list their cells in `cells`
 * (or the single table/row/col). */
static int fact_cells_sum(const struct report *r, const struct spec_fact *sf, struct dec *sum)
{
	int i;
	sum->units = 0;
	sum->scale = 0;
	if (sf->ncells == 0) {
		const struct report_cell *c = present_cell(r, sf->table, sf->row, sf->col);
		if (!c || c->state == CELL_BLANK)
			return 1;
		*sum = cell_dec(c);
		return 0;
	}
	for (i = 0; i < sf->ncells; i++) {
		const struct report_cell *c = present_cell(r, sf->table, sf->cells[i].row,
							   sf->cells[i].col);
		if (!c || c->state == CELL_BLANK)
			return 1;
		if (dec_add(sum, cell_dec(c)) < 0)
			return -1;
	}
	return 0;
}

/* The unit of a fact's (first) cell: its column's, else its row's. */
static const char *fact_cell_unit(const struct report *r, const struct spec_fact *sf)
{
	const struct spec_table *st = &r->spec->tables[sf->table];
	int row = sf->ncells ? sf->cells[0].row : sf->row;
	int col = sf->ncells ? sf->cells[0].col : sf->col;
	if (row < 0 || row >= st->nrows || col < 0 || col >= st->ncols)
		return NULL;
	return st->cols[col].unit ? st->cols[col].unit : st->rows[row].unit;
}

/* Bring a number stated in unit `from` to unit `to` (元 <-> 万元; any
 * other pair is left alone). Returns -1 if it cannot be represented. */
static int dec_convert(struct dec *d, const char *from, const char *to)
{
	int k;
	if (!from || !to || !strcmp(from, to))
		return 0;
	if (!strcmp(from, "元") && !strcmp(to, "万元")) {
		if (d->scale + 4 > MAX_SCALE)
			return -1;
		d->scale += 4;
		while (d->scale > 0 && d->units % 10 == 0) {
			d->units /= 10;
			d->scale--;
		}
		return 0;
	}
	if (!strcmp(from, "万元") && !strcmp(to, "元")) {
		for (k = 0; k < 4; k++) {
			if (d->scale > 0)
				d->scale--;
			else if (__builtin_mul_overflow(d->units, 10, &d->units))
				return -1;
		}
		return 0;
	}
	return 0;
}

static void check_facts(const struct report *r, struct finding_list *out)
{
	int i;
	char e[48], f[48], zh[1024], en[1024], where_zh[512], where_en[256];
	for (i = 0; i < r->nfacts; i++) {
		const struct report_fact *fa = &r->facts[i];
		const struct spec_fact *sf = fa->spec;
		struct dec want, got = {fa->units, fa->scale};
		const struct spec_table *st;
		int row, col, k;
		if (!sf || sf->table < 0 || sf->table >= r->spec->ntables ||
		    !r->tables[sf->table].found)
			continue;
		if (fact_cells_sum(r, sf, &want) != 0)
			continue;
		/* "收取费用1500元" against a cell in 万元: compare 0.15 with it. */
		if (dec_convert(&got, fa->unit, fact_cell_unit(r, sf)) < 0)
			continue;
		if (got.scale > MAX_SCALE || dec_align(&want, &got) < 0 || want.units == got.units)
			continue;
		st = &r->spec->tables[sf->table];
		row = sf->ncells > 1 ? -1 : sf->ncells == 1 ? sf->cells[0].row : sf->row;
		col = sf->ncells > 1 ? -1 : sf->ncells == 1 ? sf->cells[0].col : sf->col;
		if (row >= 0 && col >= 0) {
			snprintf(where_zh, sizeof where_zh, "表格“%s”“%s”", st->rows[row].label,
				 st->cols[col].label);
			snprintf(where_en, sizeof where_en, "the table cell %s.%s.%s", st->key,
				 st->rows[row].key, st->cols[col].key);
		} else {
			struct buf wz = BUF_INIT(sizeof where_zh - 1), we = BUF_INIT(sizeof where_en - 1);
			buf_adds(&wz, "表格");
			buf_adds(&we, "the sum of cells");
			for (k = 0; k < sf->ncells; k++) {
				const struct spec_term *t = &sf->cells[k];
				buf_printf(&wz, "%s“%s”“%s”", k ? "加" : "", st->rows[t->row].label,
					   st->cols[t->col].label);
				buf_printf(&we, "%s %s.%s.%s", k ? " +" : "", st->key,
					   st->rows[t->row].key, st->cols[t->col].key);
			}
			str_copy(where_zh, buf_str(&wz), sizeof where_zh);
			str_copy(where_en, buf_str(&we), sizeof where_en);
			buf_free(&wz);
			buf_free(&we);
		}
		dec_text(e, sizeof e, want);
		dec_text(f, sizeof f, got);
		snprintf(zh, sizeof zh, "正文第%d行称%s为 %s，%s为 %s：“%s”",
			 fa->line, sf->zh ? sf->zh : sf->key, f, where_zh, e,
			 fa->quote ? fa->quote : "");
		snprintf(en, sizeof en, "Line %d of the text states %s = %s but %s is %s",
			 fa->line, sf->key, f, where_en, e);
		finding_add(out, "text.fact_mismatch", SEV_ERROR, st->key,
			    row >= 0 ? st->rows[row].key : NULL,
			    col >= 0 ? st->cols[col].key : NULL, fa->line, e, f, zh, en);
	}
}

/* ---- format vs year ---- */

/* Bounded substring search (the full text need not be NUL-terminated). */
static int mem_contains(const char *hay, size_t n, const char *needle)
{
	return memmem(hay, n, needle, strlen(needle)) != NULL;
}

/* True if the full text (when given), any section text, heading or the
 * title contains s. */
static int text_contains(const struct report *r, const struct fulltext *ft, const char *s)
{
	int i;
	if (!s || !*s)
		return 0;
	if (ft && ft->text)
		return mem_contains(ft->text, ft->len, s);
	if (r->title && strstr(r->title, s))
		return 1;
	for (i = 0; i < r->nsections; i++)
		if ((r->sections[i].heading && strstr(r->sections[i].heading, s)) ||
		    (r->sections[i].text && strstr(r->sections[i].text, s)))
			return 1;
	return 0;
}

/* The first cite of spec s found in the text, or NULL. */
static const char *cited(const struct report *r, const struct fulltext *ft,
			 const struct report_spec *s)
{
	int i;
	for (i = 0; i < s->ncites; i++)
		if (text_contains(r, ft, s->cites[i]))
			return s->cites[i];
	return NULL;
}

static void check_format_year(const struct report *r, const struct fulltext *ft,
			      struct finding_list *out)
{
	const struct report_spec *s = r->spec;
	const struct spec_set *all = spec_builtin();
	char e[64], f[32], zh[1024], en[1024];
	int i;
	if (r->year && (r->year < s->year_from || r->year > s->year_to)) {
		if (s->year_to >= 9999)
			snprintf(e, sizeof e, "%d-", s->year_from);
		else
			snprintf(e, sizeof e, "%d-%d", s->year_from, s->year_to);
		snprintf(f, sizeof f, "%d", r->year);
		snprintf(zh, sizeof zh, "%d年度报告使用了%s，该格式适用于%s年度的报告",
			 r->year, s->name ? s->name : s->key, e);
		snprintf(en, sizeof en, "A %d report uses the %s format, which applies to report years %s",
			 r->year, s->key, e);
		finding_add(out, "format.year_mismatch", SEV_ERROR, NULL, NULL, NULL, 0,
			    e, f, zh, en);
	}
	if (cited(r, ft, s))
		return;
	for (i = 0; all && i < all->n; i++) {
		const struct report_spec *o = all->v[i];
		const char *c;
		if (o == s || !strcmp(o->key, s->key) || !(c = cited(r, ft, o)))
			continue;
		snprintf(zh, sizeof zh, "报告表格为%s，但正文引用了另一格式的文件“%s”", s->name ? s->name : s->key, c);
		snprintf(en, sizeof en, "The tables are in the %s format but the text cites '%s' of the %s format",
			 s->key, c, o->key);
		finding_add(out, "format.year_mismatch", SEV_ERROR, NULL, NULL, NULL, 0,
			    s->key, o->key, zh, en);
		return;
	}
}

/* ---- sections ---- */

/* Value of a Chinese numeral 一..九十九 or an Arabic number; -1 if s is not
 * a bare number. */
static int section_number_value(const char *s)
{
	static const char *digits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	int v = 0, cur = -1, i, tens = 0;
	int64_t a;
	if (!s || !*s)
		return -1;
	if (str_to_int64(s, &a) == 0)
		return a >= 0 && a < 1000 ? (int)a : -1;
	while (*s) {
		int matched = 0;
		if (!strncmp(s, "十", strlen("十"))) {
			if (tens)
				return -1;
			tens = 1;
			v = (cur < 0 ? 1 : cur) * 10;
			cur = -1;
			s += strlen("十");
			continue;
		}
		for (i = 0; i < 10; i++) {
			size_t n = strlen(digits[i]);
			if (!strncmp(s, digits[i], n)) {
				if (cur >= 0)
					return -1;
				cur = i;
				s += n;
				matched = 1;
				break;
			}
		}
		if (!matched)
			return -1;
	}
	return v + (cur < 0 ? 0 : cur);
}

static void number_text(char *dst, size_t size, int v)
{
	static const char *digits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	if (v <= 0 || v >= 100)
		snprintf(dst, size, "%d", v);
	else if (v < 10)
		snprintf(dst, size, "%s", digits[v]);
	else
		snprintf(dst, size, "%s十%s", v / 10 == 1 ? "" : digits[v / 10],
			 v % 10 ? digits[v % 10] : "");
}

static int section_spec_index(const struct report *r, const struct report_section *s)
{
	if (!s->spec || s->spec < r->spec->sections ||
	    s->spec >= r->spec->sections + r->spec->nsections)
		return -1;
	return (int)(s->spec - r->spec->sections);
}

static void check_sections(const struct report *r, struct finding_list *out)
{
	const struct report_spec *s = r->spec;
	char zh[1024], en[1024], e[32], f[32];
	int i, k, prev = 0, prev_should = 0, maxidx = -1, maxsec = -1;

	for (k = 0; k < s->nsections; k++) {
		int seen = 0;
		if (!s->sections[k].required)
			continue;
		for (i = 0; i < r->nsections && !seen; i++)
			seen = section_spec_index(r, &r->sections[i]) == k;
		if (seen)
			continue;
		snprintf(zh, sizeof zh, "缺少第%s部分“%s”", s->sections[k].number ? s->sections[k].number : "",
			 s->sections[k].title);
		snprintf(en, sizeof en, "Required section '%s' (%s) was not found", s->sections[k].key,
			 s->sections[k].number ? s->sections[k].number : "");
		finding_add(out, "sections.missing", SEV_WARNING, NULL, NULL, NULL, 0,
			    s->sections[k].title, NULL, zh, en);
	}

	/* Numbers as written must run 一, 二, 三, ... A heading is fine when it
	 * follows the previous number as written or as it should have been, so
	 * one wrong number gives one finding (一、三、三 flags the first 三;
	 * 一、二、三、三、五 flags the second 三). */
	for (i = 0; i < r->nsections; i++) {
		const struct report_section *sec = &r->sections[i];
		int v = section_number_value(sec->number);
		if (v < 0)
			continue;
		if (v == prev + 1 || v == prev_should + 1) {
			prev = prev_should = v;
			continue;
		}
		number_text(e, sizeof e, prev_should + 1);
		str_copy(f, sec->number, sizeof f);
		snprintf(zh, sizeof zh, "标题“%s”的序号%s，应为“%s”", sec->heading ? sec->heading : f,
			 v == prev ? "重复" : "不连续", e);
		snprintf(en, sizeof en, "Section number %s is %s; expected %d", f,
			 v == prev ? "repeated" : "out of sequence", prev_should + 1);
		finding_add(out, "sections.numbering", SEV_WARNING, NULL, NULL, NULL,
			    sec->line, e, f, zh, en);
		prev = v;
		prev_should++;
	}

	for (i = 0; i < r->nsections; i++) {
		const struct report_section *sec = &r->sections[i];
		int idx = section_spec_index(r, sec);
		if (idx < 0)
			continue;
		if (idx < maxidx) {
			const struct spec_section *before = &s->sections[maxidx];
			snprintf(zh, sizeof zh, "“%s”应在“%s”之前", s->sections[idx].title,
				 before->title);
			snprintf(en, sizeof en, "Section '%s' comes after '%s' but the format puts it before",
				 s->sections[idx].key, before->key);
			finding_add(out, "sections.order", SEV_WARNING, NULL, NULL, NULL, sec->line,
				    s->sections[idx].key,
				    maxsec >= 0 ? r->sections[maxsec].heading : NULL, zh, en);
		} else {
			maxidx = idx;
			maxsec = i;
		}
	}
}

/* ---- template placeholders ---- */

/* Generic patterns of template text left unfilled. Each is matched in the
 * title, the section headings and the section texts. */
static const char *placeholder_res[] = {
	/* 统计期限自至 / 自 至 : a range with both ends empty */
	"自[\\s_　]*至(?![0-9０-９〇零一二三四五六七八九十今])",
	/* 自年月日至年月日, 年 月 日 with no digits */
	"(?<![0-9０-９〇零一二三四五六七八九十])年[\\s_　]*月[\\s_　]*日",
	/* XX, ××, ＸＸ used for names or numbers */
	"(?<![A-Za-z])(?:[XxＸｘ]{2,}|[×＊*]{2,})(?![A-Za-z])",
	/* （单位：） */
	"[（(][\\s　]*单位[\\s　]*[：:][\\s　_]*[）)]",
	/* 共件, 共计 条, 合计元 */
	"(?:共|共计|合计|总计|累计)[\\s_　]*(?:件|条|次|个|人次|元|万元)(?![0-9０-９])",
	/* a run of underscores as a fill-in blank */
	"_{3,}|＿{2,}",
};
#define NPLACEHOLDER ((int)(sizeof placeholder_res / sizeof placeholder_res[0]))

static pcre2_code *placeholder_code[NPLACEHOLDER];
static pthread_once_t placeholder_once = PTHREAD_ONCE_INIT;

static void placeholder_compile(void)
{
	int i, err;
	PCRE2_SIZE off;
	for (i = 0; i < NPLACEHOLDER; i++) {
		placeholder_code[i] = pcre2_compile((PCRE2_SPTR)placeholder_res[i],
						    PCRE2_ZERO_TERMINATED,
						    PCRE2_UTF | PCRE2_UCP, &err, &off, NULL);
		if (!placeholder_code[i]) {
			fprintf(stderr, "check: bad placeholder pattern %d at %zu\n", i, (size_t)off);
			abort();
		}
		(void)pcre2_jit_compile(placeholder_code[i], PCRE2_JIT_COMPLETE);
	}
}

/* Scan len bytes of text; `line0` is the line of its first byte. */
static void scan_placeholders_n(const char *text, size_t len, int line0,
				struct finding_list *out)
{
	size_t start;
	int i;
	pcre2_match_data *md;
	if (!text || !len)
		return;
	md = pcre2_match_data_create(4, NULL);
	for (i = 0; i < NPLACEHOLDER; i++) {
		start = 0;
		while (start < len &&
		       pcre2_match(placeholder_code[i], (PCRE2_SPTR)text, len, start,
				   PCRE2_NO_UTF_CHECK, md, NULL) > 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
			size_t a = ov[0], b = ov[1], ctx_a, ctx_b, j;
			int line = line0;
			char zh[512], en[512], quote[160];
			for (j = 0; j < a; j++)
				if (text[j] == '\n')
					line++;
			/* quote a little context around the match, on its line */
			ctx_a = a;
			for (j = 0; j < 12 && ctx_a > 0 && text[ctx_a - 1] != '\n'; j++) {
				ctx_a--;
				while (ctx_a > 0 && ((unsigned char)text[ctx_a] & 0xC0) == 0x80)
					ctx_a--;
			}
			ctx_b = b;
			for (j = 0; j < 12 && ctx_b < len && text[ctx_b] != '\n'; j++) {
				ctx_b++;
				while (ctx_b < len && ((unsigned char)text[ctx_b] & 0xC0) == 0x80)
					ctx_b++;
			}
			snprintf(quote, sizeof quote, "%.*s", (int)(ctx_b - ctx_a), text + ctx_a);
			/* do not cut a UTF-8 sequence in half */
			j = strlen(quote);
			while (j > 0 && ((unsigned char)quote[j - 1] & 0x80)) {
				size_t lead = j - 1;
				while (lead > 0 && ((unsigned char)quote[lead] & 0xC0) == 0x80)
					lead--;
				{
					unsigned char c = (unsigned char)quote[lead];
					size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
					if (j - lead >= need)
						break;
					quote[lead] = '\0';
					j = lead;
				}
			}
			snprintf(zh, sizeof zh, "模板占位内容未填写：“%s”", quote);
			snprintf(en, sizeof en, "Template placeholder left unfilled: \"%s\"", quote);
			{
				char *found = xstrndup(text + a, b - a);
				finding_add(out, "text.placeholder", SEV_WARNING, NULL, NULL, NULL,
					    line, NULL, found, zh, en);
				free(found);
			}
			start = b > a ? b : a + 1;
			while (start < len && ((unsigned char)text[start] & 0xC0) == 0x80)
				start++;
		}
	}
	pcre2_match_data_free(md);
}

static void scan_placeholders(const char *text, int line0, struct finding_list *out)
{
	if (text)
		scan_placeholders_n(text, strlen(text), line0, out);
}

/* The bytes of the full text before the first section heading (title and
 * preface), or all of it when no section was found. */
static size_t preface_len(const struct report *r, const struct fulltext *ft)
{
	int i, first = 0, line = 1;
	size_t k;
	for (i = 0; i < r->nsections; i++)
		if (r->sections[i].line > 0 && (!first || r->sections[i].line < first))
			first = r->sections[i].line;
	if (!first)
		return r->nsections ? 0 : ft->len;
	for (k = 0; k < ft->len && line < first; k++)
		if (ft->text[k] == '\n')
			line++;
	return k;
}

static void check_placeholders(const struct report *r, const struct fulltext *ft,
			       struct finding_list *out)
{
	int i;
	pthread_once(&placeholder_once, placeholder_compile);
	if (ft && ft->text) {
		size_t n = preface_len(r, ft);
		scan_placeholders_n(ft->text, n, 1, out);
		if (n == ft->len && !r->nsections)
			return;
	} else {
		scan_placeholders(r->title, 0, out);
	}
	for (i = 0; i < r->nsections; i++) {
		const struct report_section *s = &r->sections[i];
		scan_placeholders(s->heading, s->line, out);
		scan_placeholders(s->text, s->line ? s->line + 1 : 0, out);
	}
}

/* ---- publication date ---- */

/* True if the agency is a people's government (its report is due later). */
static int is_government(const char *agency)
{
	return agency && (str_ends(agency, "人民政府") || str_ends(agency, "政府办公室") ||
			  str_ends(agency, "政府办公厅"));
}

static void check_published(const struct report *r, struct finding_list *out)
{
	const struct report_spec *s = r->spec;
	const char *by;
	char deadline[32], yearend[32], zh[512], en[512];
	if (!r->year || strlen(r->published) != 10)
		return;
	if (r->agency)
		by = is_government(r->agency) ? s->publish_by_government : s->publish_by_department;
	else /* unknown issuer: the later of the two deadlines */
		by = s->publish_by_government ? s->publish_by_government : s->publish_by_department;
	if (by && strlen(by) == 5) {
		snprintf(deadline, sizeof deadline, "%04d-%s", r->year + 1, by);
		if (strcmp(r->published, deadline) > 0) {
			snprintf(zh, sizeof zh, "发布日期%s晚于%d年度报告的发布期限%s（%s）",
				 r->published, r->year, deadline,
				 r->agency ? (is_government(r->agency) ? "人民政府" : "政府部门") : "发布主体不明，按较晚期限");
			snprintf(en, sizeof en, "Published %s, after the %s deadline for the %d report",
				 r->published, deadline, r->year);
			finding_add(out, "publish.late", SEV_ERROR, NULL, NULL, NULL,
				    r->published_line, deadline, r->published, zh, en);
		}
	}
	snprintf(yearend, sizeof yearend, "%04d-12-31", r->year);
	if (strcmp(r->published, yearend) < 0) {
		snprintf(zh, sizeof zh, "落款日期%s早于报告年度结束（%s），数据可能不完整",
			 r->published, yearend);
		snprintf(en, sizeof en, "Dated %s, before the end of the report year %d",
			 r->published, r->year);
		finding_add(out, "publish.early", SEV_WARNING, NULL, NULL, NULL,
			    r->published_line, yearend, r->published, zh, en);
	}
}

static void check_all(const struct report *r, const struct fulltext *ft,
		      struct finding_list *out)
{
	if (!r->spec) {
		finding_add(out, "report.not_annual_report", SEV_ERROR, NULL, NULL, NULL, 0,
			    NULL, NULL, "未识别为政府信息公开工作年度报告（找不到任何已知格式的表格或标志）",
			    "Not recognised as a government information disclosure annual report");
		return;
	}
	check_format_year(r, ft, out);
	check_tables(r, out);
	check_rules(r, out);
	check_facts(r, out);
	check_sections(r, out);
	check_placeholders(r, ft, out);
	check_published(r, out);
}

void report_check(const struct report *r, struct finding_list *out)
{
	check_all(r, NULL, out);
}

void report_check_text(const struct report *r, const char *text, size_t len,
		       struct finding_list *out)
{
	struct fulltext ft = {text, len};
	check_all(r, text ? &ft : NULL, out);
}

/* ---- two consecutive years ---- */

/* Agencies match after label folding (spaces, punctuation width). */
static int same_agency(const char *a, const char *b)
{
	char *ka, *kb;
	int same;
	if (!a || !b)
		return 0;
	ka = label_key(a, strlen(a));
	kb = label_key(b, strlen(b));
	same = *ka && !strcmp(ka, kb);
	free(ka);
	free(kb);
	return same;
}

/* Locate table/row/col by keys; returns the present cell or NULL. */
static const struct report_cell *cell_by_key(const struct report *r, const char *table,
					     const char *row, const char *col)
{
	int t, ri, ci;
	if (!r->spec || (t = spec_table_index(r->spec, table)) < 0 || !r->tables[t].found)
		return NULL;
	ri = spec_row_index(&r->spec->tables[t], row);
	ci = spec_col_index(&r->spec->tables[t], col);
	return present_cell(r, t, ri, ci);
}

static void pair_carryover(const struct report *prev, const struct report *cur,
			   struct finding_list *out)
{
	int t, c;
	const struct spec_table *st;
	char e[48], f[48], zh[1024], en[1024];
	if ((t = spec_table_index(cur->spec, "applications")) < 0)
		return;
	st = &cur->spec->tables[t];
	for (c = 0; c < st->ncols; c++) {
		const struct report_cell *in = cell_by_key(cur, "applications", "carried_in", st->cols[c].key);
		const struct report_cell *was = cell_by_key(prev, "applications", "carried_out", st->cols[c].key);
		struct dec a, b;
		if (!in || !was)
			continue;
		a = cell_dec(in);
		b = cell_dec(was);
		if (dec_align(&a, &b) < 0 || a.units == b.units)
			continue;
		dec_text(e, sizeof e, b);
		dec_text(f, sizeof f, a);
		snprintf(zh, sizeof zh, "%d年“上年结转”（%s）为 %s，而%d年报告“结转下年度继续办理”为 %s",
			 cur->year, st->cols[c].label, f, prev->year, e);
		snprintf(en, sizeof en, "Carried in to %d (%s) is %s but the %d report carried out %s",
			 cur->year, st->cols[c].key, f, prev->year, e);
		finding_add(out, "carryover.mismatch", SEV_ERROR, "applications", "carried_in",
			    st->cols[c].key, in->line, e, f, zh, en);
	}
}

/* 2021 format: in_force ≈ last year's in_force + issued - repealed. */
static void pair_in_force(const struct report *prev, const struct report *cur,
			  struct finding_list *out)
{
	static const char *rows[] = {"rules", "normative_docs"};
	char e[48], f[48], zh[1024], en[1024];
	int i;
	for (i = 0; i < 2; i++) {
		const struct report_cell *now = cell_by_key(cur, "proactive", rows[i], "in_force");
		const struct report_cell *iss = cell_by_key(cur, "proactive", rows[i], "issued");
		const struct report_cell *rep = cell_by_key(cur, "proactive", rows[i], "repealed");
		const struct report_cell *was = cell_by_key(prev, "proactive", rows[i], "in_force");
		struct dec want, got, x, y;
		if (!now || !iss || !rep || !was)
			continue;
		want = cell_dec(was);
		x = cell_dec(iss);
		y = cell_dec(rep);
		y.units = -y.units;
		got = cell_dec(now);
		if (dec_add(&want, x) < 0 || dec_add(&want, y) < 0 || dec_align(&want, &got) < 0 ||
		    want.units == got.units)
			continue;
		dec_text(e, sizeof e, want);
		dec_text(f, sizeof f, got);
		snprintf(zh, sizeof zh, "“%s”现行有效件数为 %s，按上年现行有效加本年制发减本年废止应约为 %s（清理文件时可能合理）",
			 !strcmp(rows[i], "rules") ? "规章" : "行政规范性文件", f, e);
		snprintf(en, sizeof en, "%s in force is %s; last year's in force + issued - repealed gives %s (a clean-up may explain it)",
			 rows[i], f, e);
		finding_add(out, "carryover.in_force", SEV_WARNING, "proactive", rows[i], "in_force",
			    now->line, e, f, zh, en);
	}
}

/* 2019 format: 上一年项目数量 = last year's 上一年项目数量 + 本年增/减. */
static void pair_last_year(const struct report *prev, const struct report *cur,
			   struct finding_list *out)
{
	int t, i;
	const struct spec_table *st;
	char e[48], f[48], zh[1024], en[1024];
	if ((t = spec_table_index(cur->spec, "proactive")) < 0)
		return;
	st = &cur->spec->tables[t];
	for (i = 0; i < st->nrows; i++) {
		const char *row = st->rows[i].key;
		const struct report_cell *now = cell_by_key(cur, "proactive", row, "last_year");
		const struct report_cell *was = cell_by_key(prev, "proactive", row, "last_year");
		const struct report_cell *chg = cell_by_key(prev, "proactive", row, "change");
		struct dec want, got;
		if (!now || !was || !chg)
			continue;
		want = cell_dec(was);
		got = cell_dec(now);
		if (dec_add(&want, cell_dec(chg)) < 0 || dec_align(&want, &got) < 0 ||
		    want.units == got.units)
			continue;
		dec_text(e, sizeof e, want);
		dec_text(f, sizeof f, got);
		snprintf(zh, sizeof zh, "“%s”上一年项目数量为 %s，按上年报告（上一年项目数量加本年增/减）应为 %s",
			 st->rows[i].label, f, e);
		snprintf(en, sizeof en, "%s last-year count is %s; the previous report's last-year count + change gives %s",
			 row, f, e);
		finding_add(out, "carryover.last_year", SEV_WARNING, "proactive", row, "last_year",
			    now->line, e, f, zh, en);
	}
}

void report_check_pair(const struct report *prev, const struct report *cur,
		       struct finding_list *out)
{
	if (!prev || !cur || !prev->spec || !cur->spec || !prev->year ||
	    cur->year != prev->year + 1 || !same_agency(prev->agency, cur->agency))
		return;
	pair_carryover(prev, cur, out);
	pair_in_force(prev, cur, out);
	pair_last_year(prev, cur, out);
}
