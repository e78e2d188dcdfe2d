/* test_check.c - the rule engine and the generic checks on reports built in
 * C: a consistent 2021-format report gives no findings, and changing one
 * cell (or date, section, text) flags exactly the rules it breaks. */
#include "t.h"

#include "base/buf.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "report/check.h"
#include "report/model.h"
#include "report/spec.h"

#include <stdlib.h>
#include <string.h>

static const struct report_spec *S21;

static int T(const struct report_spec *s, const char *k) { return spec_table_index(s, k); }
static int R(const struct report_spec *s, const char *t, const char *k)
{
	return spec_row_index(&s->tables[T(s, t)], k);
}
static int C(const struct report_spec *s, const char *t, const char *k)
{
	return spec_col_index(&s->tables[T(s, t)], k);
}

/* Set cell table.row.col to v. */
static void set(struct report *r, const char *t, const char *row, const char *col, int64_t v)
{
	report_set(r, T(r->spec, t), R(r->spec, t, row), C(r->spec, t, col), v, 0);
}

static struct report_cell *cell(struct report *r, const char *t, const char *row, const char *col)
{
	return report_cell(r, T(r->spec, t), R(r->spec, t, row), C(r->spec, t, col));
}

/* Every cell of every table 0, plus a few consistent numbers:
 * 3 new applications (person), 2 disclosed, 1 carried out. */
static struct report *clean_report(const struct report_spec *s)
{
	struct report *r = report_new(s, "test.txt");
	int t, i, c;
	for (t = 0; t < s->ntables; t++)
		for (i = 0; i < s->tables[t].nrows; i++)
			for (c = 0; c < s->tables[t].ncols; c++)
				if (spec_row_has_col(&s->tables[t], i, c))
					report_set(r, t, i, c, 0, 100 + i);
	set(r, "applications", "new", "person", 3);
	set(r, "applications", "new", "total", 3);
	set(r, "applications", "disclosed", "person", 2);
	set(r, "applications", "disclosed", "total", 2);
	set(r, "applications", "total", "person", 2);
	set(r, "applications", "total", "total", 2);
	set(r, "applications", "carried_out", "person", 1);
	set(r, "applications", "carried_out", "total", 1);
	r->year = 2022;
	r->agency = xstrdup("某市某区住房和城乡建设局");
	memcpy(r->published, "2023-01-15", 11);
	r->published_line = 200;
	for (i = 0; i < s->nsections; i++) {
		char heading[256];
		snprintf(heading, sizeof heading, "%s、%s", s->sections[i].number, s->sections[i].title);
		report_add_section(r, &s->sections[i], s->sections[i].number, heading,
				   "本年度工作正常开展。\n数据统计期限自2022年1月1日至2022年12月31日。", 10 * (i + 1));
	}
	return r;
}

/* The rule ids of l joined by spaces. */
static char *ids(const struct finding_list *l)
{
	static char out[2048];
	struct buf b = BUF_INIT(sizeof out - 1);
	int i;
	for (i = 0; i < l->n; i++)
		buf_printf(&b, "%s%s", i ? " " : "", l->v[i].rule);
	str_copy(out, buf_str(&b), sizeof out);
	buf_free(&b);
	return out;
}

static void run(const struct report *r, struct finding_list *l)
{
	finding_list_free(l);
	report_check(r, l);
}

static void test_clean(void)
{
	struct finding_list l = {0};
	struct report *r = clean_report(S21);
	run(r, &l);
	T_EQ_STR(ids(&l), "", "a consistent 2021 report has no findings");
	finding_list_free(&l);
	report_free(r);
}

static void test_one_cell(void)
{
	struct finding_list l = {0};
	struct report *r = clean_report(S21);
	const struct finding *f;

	/* one more new application by a person, totals unchanged: breaks the
	 * balance of the person column and the applicant total of row new */
	set(r, "applications", "new", "person", 4);
	cell(r, "applications", "new", "person")->line = 42;
	run(r, &l);
	T_EQ_STR(ids(&l), "applications.balance applications.applicant_total",
		 "new.person 3->4 breaks balance and applicant_total");
	if (l.n == 2) {
		f = &l.v[0];
		T_EQ_STR(f->table, "applications", "balance table");
		T_EQ_STR(f->row, "new", "balance target row is the first lhs term");
		T_EQ_STR(f->col, "person", "balance bound column");
		T_EQ_STR(f->expected, "3", "balance expected = total + carried_out");
		T_EQ_STR(f->found, "4", "balance found = new + carried_in");
		T_EQ_INT(f->line, 42, "balance line is the target cell's line");
		T_EQ_INT(f->sev, SEV_ERROR, "balance is an error");
		T_OK(strstr(f->zh, "自然人") && strstr(f->zh, "3") && strstr(f->zh, "4"),
		     "zh names the column and the numbers: %s", f->zh);
		T_OK(strstr(f->en, "person") && strstr(f->en, "expected 3, found 4"),
		     "en names the column and the numbers: %s", f->en);
		f = &l.v[1];
		T_EQ_STR(f->row, "new", "applicant_total bound row");
		T_EQ_STR(f->col, "total", "applicant_total target column");
		T_EQ_STR(f->expected, "4", "applicant_total expected");
		T_EQ_STR(f->found, "3", "applicant_total found");
	}

	/* a result row off: results_total (person and total columns) only */
	set(r, "applications", "new", "person", 3);
	set(r, "applications", "withheld_law", "business", 1);
	set(r, "applications", "withheld_law", "total", 1);
	run(r, &l);
	T_EQ_STR(ids(&l), "applications.results_total applications.results_total",
		 "an uncounted result row breaks the results total of its columns");
	T_EQ_STR(l.n ? l.v[0].col : NULL, "business", "results_total in the business column");

	/* ... fix the totals as well and the report balances except for the
	 * business column: new has no business application */
	set(r, "applications", "total", "business", 1);
	set(r, "applications", "total", "total", 3);
	run(r, &l);
	T_EQ_STR(ids(&l), "applications.balance applications.balance",
		 "results fixed: balance fails in business and total columns");

	finding_list_free(&l);
	report_free(r);
}

static void test_blank_absent(void)
{
	struct finding_list l = {0};
	struct report *r = clean_report(S21);
	int t = T(S21, "applications"), row = R(S21, "applications", "carried_in"), c;

	cell(r, "applications", "withheld_law", "business")->state = CELL_BLANK;
	run(r, &l);
	T_EQ_STR(ids(&l), "cell.blank", "a blank cell is reported once, counted as 0");
	T_EQ_STR(l.n ? l.v[0].row : NULL, "withheld_law", "blank row");
	T_EQ_INT(l.n ? (int)l.v[0].sev : -1, SEV_WARNING, "blank is a warning");

	/* a blank that matters: counted as 0 in the arithmetic */
	cell(r, "applications", "withheld_law", "business")->state = CELL_VALUE;
	cell(r, "applications", "new", "total")->state = CELL_BLANK;
	run(r, &l);
	T_EQ_STR(ids(&l), "cell.blank applications.balance applications.applicant_total",
		 "blank new.total counts as 0 and breaks the rules that use it");

	/* a row that was not found: its rules are skipped, the row reported */
	set(r, "applications", "new", "total", 3);
	for (c = 0; c < S21->tables[t].ncols; c++)
		report_cell(r, t, row, c)->state = CELL_ABSENT;
	set(r, "applications", "new", "person", 9);
	run(r, &l);
	T_EQ_STR(ids(&l), "table.row_missing applications.applicant_total",
		 "absent carried_in: balance skipped, row reported, row-wise rule still runs");

	finding_list_free(&l);
	report_free(r);
}

static void test_tables_appeals(void)
{
	struct finding_list l = {0};
	struct report *r = clean_report(S21);
	set(r, "appeals", "reconsideration", "upheld", 1);
	run(r, &l);
	T_EQ_STR(ids(&l), "appeals.total", "a reconsideration outcome without its total");
	T_EQ_STR(l.n ? l.v[0].row : NULL, "reconsideration", "appeals row");
	T_EQ_STR(l.n ? l.v[0].col : NULL, "total", "appeals target column");

	set(r, "appeals", "reconsideration", "upheld", 0);
	r->tables[T(S21, "appeals")].found = 0;
	run(r, &l);
	T_EQ_STR(ids(&l), "table.missing", "an unfound table is reported, its rules skipped");
	finding_list_free(&l);
	report_free(r);
}

static void test_facts(void)
{
	struct finding_list l = {0};
	struct report *r = clean_report(S21);
	const struct spec_fact *fnew = NULL, *flit = NULL;
	int i;
	for (i = 0; i < S21->nfacts; i++) {
		if (!strcmp(S21->facts[i].key, "applications_new"))
			fnew = &S21->facts[i];
		if (!strcmp(S21->facts[i].key, "litigation"))
			flit = &S21->facts[i];
	}
	T_OK(fnew && flit, "2021 spec has the applications_new and litigation facts");
	if (!fnew || !flit)
		return;
	report_add_fact(r, fnew, 3, 0, 12, "收到政府信息公开申请3件");
	run(r, &l);
	T_EQ_STR(ids(&l), "", "text agrees with the table");
	report_add_fact(r, fnew, 5, 0, 13, "收到政府信息公开申请5件");
	run(r, &l);
	T_EQ_STR(ids(&l), "text.fact_mismatch", "text says 5, table says 3");
	if (l.n == 1) {
		T_EQ_INT(l.v[0].line, 13, "the line of the sentence");
		T_EQ_STR(l.v[0].expected, "3", "expected is the table value");
		T_EQ_STR(l.v[0].found, "5", "found is the text value");
		T_OK(strstr(l.v[0].zh, "收到政府信息公开申请5件") != NULL, "zh quotes the sentence");
	}
	/* litigation = direct + after reconsideration */
	set(r, "appeals", "litigation_direct", "pending", 1);
	set(r, "appeals", "litigation_direct", "total", 1);
	set(r, "appeals", "litigation_after", "upheld", 1);
	set(r, "appeals", "litigation_after", "total", 1);
	while (r->nfacts > 0)
		free(r->facts[--r->nfacts].quote);
	report_add_fact(r, flit, 2, 0, 14, "行政诉讼2件");
	run(r, &l);
	T_EQ_STR(ids(&l), "", "a fact over several cells compares with their sum");
	report_add_fact(r, flit, 1, 0, 15, "行政诉讼1件");
	run(r, &l);
	T_EQ_STR(ids(&l), "text.fact_mismatch", "litigation 1 vs 1+1");
	report_free(r);

	/* a blank cell is reported as blank, not compared with the text */
	r = clean_report(S21);
	report_add_fact(r, fnew, 5, 0, 12, "收到政府信息公开申请5件");
	cell(r, "applications", "new", "total")->state = CELL_BLANK;
	run(r, &l);
	T_EQ_STR(ids(&l), "cell.blank applications.balance applications.applicant_total",
		 "text vs a blank cell: no fact finding");
	finding_list_free(&l);
	report_free(r);
}

static void test_year_format(void)
{
	struct finding_list l = {0};
	struct report *r = clean_report(S21);
	r->year = 2020;
	memcpy(r->published, "2021-01-15", 11);
	run(r, &l);
	T_EQ_STR(ids(&l), "format.year_mismatch", "a 2020 report in the 2021 format");
	r->year = 2022;
	memcpy(r->published, "2023-01-15", 11);
	free(r->sections[0].text);
	r->sections[0].text = xstrdup("按照国办公开办函〔2019〕60号要求编制本报告。");
	run(r, &l);
	if (spec_find(spec_builtin(), "2019"))
		T_EQ_STR(ids(&l), "format.year_mismatch", "text cites the 2019 format's document");
	free(r->sections[0].text);
	r->sections[0].text = xstrdup("按照国办公开办函〔2021〕30号要求编制本报告，不再使用〔2019〕60号格式。");
	run(r, &l);
	T_EQ_STR(ids(&l), "", "citing its own format's document as well is fine");
	finding_list_free(&l);
	report_free(r);
}

static void test_sections(void)
{
	struct finding_list l = {0};
	struct report *r = clean_report(S21);
	struct report_section tmp;

	/* drop section 五 (index 4): missing + numbering gap at 六 */
	free(r->sections[4].number);
	free(r->sections[4].heading);
	free(r->sections[4].text);
	r->sections[4] = r->sections[5];
	r->nsections = 5;
	run(r, &l);
	T_EQ_STR(ids(&l), "sections.missing sections.numbering", "section 五 missing");
	if (l.n == 2) {
		T_EQ_STR(l.v[1].expected, "五", "numbering expects 五");
		T_EQ_STR(l.v[1].found, "六", "numbering found 六");
	}
	report_free(r);

	/* 一、三、三 style: section 二 written as 三 */
	r = clean_report(S21);
	free(r->sections[1].number);
	r->sections[1].number = xstrdup("三");
	run(r, &l);
	T_EQ_STR(ids(&l), "sections.numbering", "一、三、三、四: one finding, at the first 三");
	T_EQ_INT(l.n ? l.v[0].line : 0, 20, "at the second heading");
	report_free(r);

	/* 一、二、三、三、五、六: 四 written as 三 */
	r = clean_report(S21);
	free(r->sections[3].number);
	r->sections[3].number = xstrdup("三");
	run(r, &l);
	T_EQ_STR(ids(&l), "sections.numbering", "一、二、三、三、五、六: one finding");
	T_EQ_STR(l.n ? l.v[0].expected : NULL, "四", "expected 四");
	report_free(r);

	/* sections 二 and 三 swapped (numbers as written follow the order) */
	r = clean_report(S21);
	tmp = r->sections[1];
	r->sections[1] = r->sections[2];
	r->sections[2] = tmp;
	free(r->sections[1].number);
	r->sections[1].number = xstrdup("二");
	free(r->sections[2].number);
	r->sections[2].number = xstrdup("三");
	run(r, &l);
	T_EQ_STR(ids(&l), "sections.order", "applications before proactive");
	report_free(r);
	finding_list_free(&l);
}

static void test_placeholders(void)
{
	static const char *bad[] = {
		"本报告统计期限自至。",
		"统计时间为自年月日至年月日。",
		"XX局负责本机关政府信息公开工作。",
		"××区人民政府办公室",
		"收费金额（单位：）",
		"全年共件。",
		"联系电话：______",
	};
	static const char *good[] = {
		"统计期限自2022年1月1日起至2022年12月31日止。",
		"二〇二二年十二月三十一日",
		"共受理申请3件，共计0元。",
		"5×8小时服务。",
		"本年收费金额（单位：万元）",
	};
	struct finding_list l = {0};
	size_t i;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct report *r = clean_report(S21);
		free(r->sections[5].text);
		r->sections[5].text = xstrdup(bad[i]);
		run(r, &l);
		T_EQ_STR(ids(&l), i == 1 ? "text.placeholder text.placeholder" : "text.placeholder",
			 "placeholder in: %s", bad[i]);
		if (l.n >= 1)
			T_EQ_INT(l.v[0].line, 61, "line of the placeholder (section line + 1)");
		report_free(r);
	}
	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		struct report *r = clean_report(S21);
		free(r->sections[5].text);
		r->sections[5].text = xstrdup(good[i]);
		run(r, &l);
		T_EQ_STR(ids(&l), "", "no placeholder in: %s", good[i]);
		report_free(r);
	}
	finding_list_free(&l);
}

/* With the full text: the preface (before the first section, line 10 in
 * clean_report) is searched for cites and placeholders too. */
static void test_full_text(void)
{
	static const char text[] =
		"XX局2022年政府信息公开工作年度报告\n"
		"本报告依据国办公开办函〔2019〕60号编制，统计期限自至。\n"
		"\n\n\n\n\n\n\n"
		"一、总体情况\n"
		"……\n";
	struct finding_list l = {0};
	struct report *r = clean_report(S21);
	report_check(r, &l);
	T_EQ_STR(ids(&l), "", "without the text the preface is not seen");
	finding_list_free(&l);
	report_check_text(r, text, sizeof text - 1, &l);
	T_EQ_STR(ids(&l), "format.year_mismatch text.placeholder text.placeholder",
		 "preface: other format's cite, 自至 and XX");
	if (l.n == 3) {
		T_EQ_INT(l.v[1].line, 2, "自至 on line 2");
		T_EQ_STR(l.v[1].found, "自至", "found text");
		T_EQ_INT(l.v[2].line, 1, "XX on line 1");
	}
	finding_list_free(&l);
	report_free(r);
}

static void test_published(void)
{
	struct finding_list l = {0};
	struct report *r = clean_report(S21);

	memcpy(r->published, "2023-02-01", 11);
	run(r, &l);
	T_EQ_STR(ids(&l), "publish.late", "a department publishing after 01-31");
	T_EQ_STR(l.n ? l.v[0].expected : NULL, "2023-01-31", "deadline");
	T_EQ_INT(l.n ? l.v[0].line : 0, 200, "line of the date");

	memcpy(r->published, "2023-01-31", 11);
	run(r, &l);
	T_EQ_STR(ids(&l), "", "on the deadline day is in time");

	free(r->agency);
	r->agency = xstrdup("某市某区人民政府");
	memcpy(r->published, "2023-03-20", 11);
	run(r, &l);
	T_EQ_STR(ids(&l), "", "a government has until 03-31");
	memcpy(r->published, "2023-04-01", 11);
	run(r, &l);
	T_EQ_STR(ids(&l), "publish.late", "a government after 03-31");

	free(r->agency);
	r->agency = xstrdup("某市人民政府办公室");
	run(r, &l);
	T_EQ_STR(ids(&l), "publish.late", "政府办公室 counts as government: still late on 04-01");

	memcpy(r->published, "2022-12-30", 11);
	run(r, &l);
	T_EQ_STR(ids(&l), "publish.early", "dated before the end of the report year");
	memcpy(r->published, "2022-12-31", 11);
	run(r, &l);
	T_EQ_STR(ids(&l), "", "dated on the last day of the year");
	finding_list_free(&l);
	report_free(r);
}

static void test_not_report(void)
{
	struct finding_list l = {0};
	struct report *r = report_new(NULL, "x.txt");
	report_check(r, &l);
	T_EQ_STR(ids(&l), "report.not_annual_report", "no spec: not an annual report");
	T_EQ_INT(l.n ? (int)l.v[0].sev : -1, SEV_ERROR, "an error");
	finding_list_free(&l);
	report_free(r);
}

static void test_pair(void)
{
	struct finding_list l = {0};
	struct report *prev = clean_report(S21), *cur = clean_report(S21);
	prev->year = 2021;
	/* prev carried out 1 (person); cur carried in 0 */
	report_check_pair(prev, cur, &l);
	T_EQ_STR(ids(&l), "carryover.mismatch carryover.mismatch",
		 "carried_in 0 vs last year's carried_out 1 (person and total)");
	if (l.n == 2) {
		T_EQ_STR(l.v[0].col, "person", "person column");
		T_EQ_STR(l.v[0].expected, "1", "expected last year's carried_out");
		T_EQ_STR(l.v[0].found, "0", "found this year's carried_in");
	}
	/* make it consistent */
	set(cur, "applications", "carried_in", "person", 1);
	set(cur, "applications", "carried_in", "total", 1);
	set(cur, "applications", "total", "person", 3);
	set(cur, "applications", "total", "total", 3);
	set(cur, "applications", "disclosed", "person", 3);
	set(cur, "applications", "disclosed", "total", 3);
	finding_list_free(&l);
	report_check(cur, &l);
	T_EQ_STR(ids(&l), "", "the fixed current report is itself consistent");
	finding_list_free(&l);
	report_check_pair(prev, cur, &l);
	T_EQ_STR(ids(&l), "", "carry-over consistent");

	/* in force: 0 + 2 issued - 0 repealed should be 2 */
	set(cur, "proactive", "normative_docs", "issued", 2);
	report_check_pair(prev, cur, &l);
	T_EQ_STR(ids(&l), "carryover.in_force", "in_force did not follow issued");
	T_EQ_INT(l.n ? (int)l.v[0].sev : -1, SEV_WARNING, "in_force is a warning");
	finding_list_free(&l);
	set(cur, "proactive", "normative_docs", "issued", 0);

	/* not consecutive, or another agency: nothing */
	set(cur, "applications", "carried_in", "person", 0);
	prev->year = 2020;
	report_check_pair(prev, cur, &l);
	T_EQ_STR(ids(&l), "", "2020 and 2022 are not paired");
	prev->year = 2021;
	free(prev->agency);
	prev->agency = xstrdup("另一个局");
	report_check_pair(prev, cur, &l);
	T_EQ_STR(ids(&l), "", "different agencies are not paired");
	free(prev->agency);
	prev->agency = xstrdup("某市某区住房和城乡建设局 ");
	report_check_pair(prev, cur, &l);
	T_EQ_STR(ids(&l), "carryover.mismatch", "agency names compared after folding");
	finding_list_free(&l);
	report_free(prev);
	report_free(cur);
}

/* A small spec exercising "le", fixed cells (each none) and decimals. */
static const char *tiny_spec =
	"{\"key\":\"tiny\",\"name\":\"tiny\",\"years\":[2000,null],\"markers\":[\"tiny\"],"
	"\"sections\":[],"
	"\"tables\":[{\"key\":\"t\",\"title\":\"T\",\"anchors\":[\"T\"],"
	" \"cols\":[{\"key\":\"a\",\"label\":\"A\",\"decimal\":true},{\"key\":\"b\",\"label\":\"B\",\"decimal\":true}],"
	" \"rows\":[{\"key\":\"x\",\"label\":\"X\"},{\"key\":\"y\",\"label\":\"Y\"}]}],"
	"\"rules\":["
	" {\"id\":\"t.le\",\"severity\":\"warning\",\"op\":\"le\",\"each\":\"row\",\"table\":\"t\","
	"  \"lhs\":[\"a\"],\"rhs\":[\"b\"],\"zh\":\"A不大于B\",\"en\":\"A <= B\"},"
	" {\"id\":\"t.fixed\",\"op\":\"eq\",\"each\":\"none\",\"table\":\"t\","
	"  \"lhs\":[\"y.b\"],\"rhs\":[\"x.a\",\"x.b\"],\"zh\":\"Y.B=X.A+X.B\",\"en\":\"Y.B = X.A + X.B\"}],"
	"\"facts\":[]}";

static void set_dec(struct report *r, int row, int col, int64_t units, int scale)
{
	struct report_cell *c = report_cell(r, 0, row, col);
	c->state = CELL_VALUE;
	c->units = units;
	c->scale = (uint8_t)scale;
	r->tables[0].found = 1;
}

static void test_tiny(void)
{
	char err[256];
	struct report_spec *s = spec_load(tiny_spec, strlen(tiny_spec), err, sizeof err);
	struct finding_list l = {0};
	struct report *r;
	T_OK(s != NULL, "tiny spec loads (%s)", s ? "ok" : err);
	if (!s)
		return;
	r = report_new(s, "tiny");
	set_dec(r, 0, 0, 1050, 2);  /* x.a 10.50 */
	set_dec(r, 0, 1, 105, 1);   /* x.b 10.5 */
	set_dec(r, 1, 0, 0, 0);     /* y.a 0 */
	set_dec(r, 1, 1, 21, 0);    /* y.b 21 = 10.50 + 10.5 */
	report_check(r, &l);
	T_EQ_STR(ids(&l), "", "decimals of different scales compare exactly; le holds");
	set_dec(r, 0, 0, 1051, 2);  /* x.a 10.51 > x.b 10.5; y.b != 21.01 */
	finding_list_free(&l);
	report_check(r, &l);
	T_EQ_STR(ids(&l), "t.le t.fixed", "le broken by 0.01; fixed-cell rule too");
	if (l.n == 2) {
		T_EQ_INT(l.v[0].sev, SEV_WARNING, "severity from the spec");
		T_EQ_STR(l.v[0].expected, "10.50", "le expected keeps decimals");
		T_EQ_STR(l.v[0].found, "10.51", "le found");
		T_EQ_STR(l.v[1].row, "y", "fixed rule target row");
		T_EQ_STR(l.v[1].col, "b", "fixed rule target col");
		T_EQ_STR(l.v[1].expected, "21.01", "fixed rule expected sum");
	}
	finding_list_free(&l);
	report_free(r);
	spec_free(s);
}

/* Optional rows: an absent optional row counts as 0; an absent
 * non-optional cell, or a side that is wholly absent, skips the instance. */
static const char *opt_spec =
	"{\"key\":\"opt\",\"name\":\"opt\",\"years\":[2000,null],\"markers\":[\"opt\"],"
	"\"sections\":[],"
	"\"tables\":[{\"key\":\"t\",\"title\":\"T\",\"anchors\":[\"T\"],"
	" \"cols\":[{\"key\":\"v\",\"label\":\"V\"}],"
	" \"rows\":[{\"key\":\"total\",\"label\":\"Total\"},{\"key\":\"a\",\"label\":\"A\"},"
	"  {\"key\":\"b\",\"label\":\"B\",\"optional\":true},{\"key\":\"c\",\"label\":\"C\",\"optional\":true},"
	"  {\"key\":\"d\",\"label\":\"D\"}]}],"
	"\"rules\":["
	" {\"id\":\"t.sum\",\"op\":\"eq\",\"each\":\"col\",\"table\":\"t\","
	"  \"lhs\":[\"total\"],\"rhs\":[\"a\",\"b\"],\"zh\":\"和\",\"en\":\"sum\"},"
	" {\"id\":\"t.only_optional\",\"op\":\"eq\",\"each\":\"col\",\"table\":\"t\","
	"  \"lhs\":[\"d\"],\"rhs\":[\"c\"],\"zh\":\"D=C\",\"en\":\"D = C\"}],"
	"\"facts\":[]}";

static void test_optional_absent(void)
{
	char err[256];
	struct report_spec *s = spec_load(opt_spec, strlen(opt_spec), err, sizeof err);
	struct finding_list l = {0};
	struct report *r;
	T_OK(s != NULL, "optional-row spec loads (%s)", s ? "ok" : err);
	if (!s)
		return;
	r = report_new(s, "opt");
	r->tables[0].found = 1;
	report_set(r, 0, 0, 0, 5, 1);  /* total 5 */
	report_set(r, 0, 1, 0, 5, 2);  /* a 5; b, c absent (optional) */
	report_set(r, 0, 4, 0, 7, 3);  /* d 7; its only right-hand cell c is absent */
	report_check(r, &l);
	T_EQ_STR(ids(&l), "", "absent optional b counts as 0: 5 = 5 + 0; d = (absent c) skipped");
	report_set(r, 0, 1, 0, 4, 2);  /* a 4: 5 != 4 + 0 */
	finding_list_free(&l);
	report_check(r, &l);
	T_EQ_STR(ids(&l), "t.sum", "absent optional row does not hide a broken sum");
	if (l.n == 1) {
		T_EQ_STR(l.v[0].expected, "4", "expected a + 0");
		T_EQ_STR(l.v[0].found, "5", "found total");
	}
	report_set(r, 0, 2, 0, 1, 4);  /* b present: 4 + 1 = 5 */
	finding_list_free(&l);
	report_check(r, &l);
	T_EQ_STR(ids(&l), "", "present optional row is summed");
	report_cell(r, 0, 1, 0)->state = CELL_ABSENT;  /* a (non-optional) absent */
	report_set(r, 0, 0, 0, 9, 1);
	finding_list_free(&l);
	report_check(r, &l);
	T_EQ_STR(ids(&l), "table.row_missing", "absent non-optional cell: instance skipped, row reported");
	finding_list_free(&l);
	report_free(r);
	spec_free(s);
}

/* A fact stated in 元 against a cell in 万元 (2014 statistics.fees) is
 * compared after conversion. */
static void test_fact_units(void)
{
	const struct report_spec *s = spec_find(spec_builtin(), "2014");
	const struct spec_fact *ff = NULL;
	struct finding_list l = {0};
	struct report *r;
	int t, i, c, row;
	T_OK(s != NULL, "2014 spec is built in");
	if (!s)
		return;
	for (i = 0; i < s->nfacts; i++)
		if (!strcmp(s->facts[i].key, "fees"))
			ff = &s->facts[i];
	T_OK(ff != NULL, "2014 has the fees fact");
	if (!ff)
		return;
	r = report_new(s, "fees.txt");
	for (t = 0; t < s->ntables; t++) {
		r->tables[t].found = 1;
		for (i = 0; i < s->tables[t].nrows; i++)
			for (c = 0; c < s->tables[t].ncols; c++)
				if (spec_row_has_col(&s->tables[t], i, c))
					report_set(r, t, i, c, 0, 1);
	}
	t = spec_table_index(s, "statistics");
	row = spec_row_index(&s->tables[t], "fees");
	report_cell(r, t, row, 0)->units = 15;   /* 0.15 万元 */
	report_cell(r, t, row, 0)->scale = 2;
	report_add_fact(r, ff, 1500, 0, 7, "收取信息处理费1500元");
	r->facts[0].unit = "元";
	report_check(r, &l);
	T_OK(!strstr(ids(&l), "text.fact_mismatch"), "1500元 equals 0.15万元 (%s)", ids(&l));
	r->facts[0].units = 1600;
	finding_list_free(&l);
	report_check(r, &l);
	T_OK(strstr(ids(&l), "text.fact_mismatch") != NULL, "1600元 differs from 0.15万元 (%s)", ids(&l));
	for (i = 0; i < l.n; i++)
		if (!strcmp(l.v[i].rule, "text.fact_mismatch")) {
			T_EQ_STR(l.v[i].expected, "0.15", "expected in the cell unit");
			T_EQ_STR(l.v[i].found, "0.16", "found converted to the cell unit");
		}
	finding_list_free(&l);
	report_free(r);
}

int main(void)
{
	S21 = spec_find(spec_builtin(), "2021");
	T_OK(S21 != NULL, "the 2021 spec is built in");
	if (!S21)
		return T_DONE();
	test_clean();
	test_one_cell();
	test_blank_absent();
	test_tables_appeals();
	test_facts();
	test_year_format();
	test_sections();
	test_placeholders();
	test_full_text();
	test_published();
	test_not_report();
	test_pair();
	test_tiny();
	test_optional_absent();
	test_fact_units();
	return T_DONE();
}
