/* test_tables.c - table extraction over every layout, with small specs
 * loaded from inline JSON: pipe rows, tab cells, tab-separated rows,
 * space-aligned columns with a missing cell, labels broken across lines,
 * run-together digits (unique, resolved by column rules, ambiguous),
 * headless tables, unit columns, money with units, region limits. */
#include "report/spec.h"
#include "report/model.h"
#include "report/tables.h"
#include "report/cells.h"
#include "report/parse.h"
#include "report/label.h"
#include "base/buf.h"
#include "t.h"

#include <stdlib.h>
#include <string.h>

static const char SPEC[] =
"{\"key\": \"test\", \"name\": \"test format\", \"years\": [2000, 2100],\n"
" \"tables\": [\n"
"  {\"key\": \"apps\", \"title\": \"申请\", \"anchors\": [\"申请情况表\"],\n"
"   \"cols\": [{\"key\": \"a\", \"label\": \"甲\"}, {\"key\": \"b\", \"label\": \"乙\"},\n"
"            {\"key\": \"c\", \"label\": \"丙\"}, {\"key\": \"total\", \"label\": \"总计\"}],\n"
"   \"rows\": [{\"key\": \"new\", \"label\": \"一、本年新收\", \"variants\": [\"本年新收\"]},\n"
"            {\"key\": \"old\", \"label\": \"二、上年结转\", \"variants\": [\"上年结转\"]},\n"
"            {\"key\": \"done\", \"label\": \"三、本年度办结\", \"variants\": [\"本年度办结\"]},\n"
"            {\"key\": \"carried\", \"label\": \"四、结转下年\", \"variants\": [\"结转下年\"]}]},\n"
"  {\"key\": \"money\", \"title\": \"收费\", \"anchors\": [\"收费情况表\"],\n"
"   \"cols\": [{\"key\": \"count\", \"label\": \"件数\"},\n"
"            {\"key\": \"amount\", \"label\": \"金额\", \"unit\": \"万元\", \"decimal\": true}],\n"
"   \"rows\": [{\"key\": \"fees\", \"label\": \"行政事业性收费\", \"cols\": [\"amount\"]},\n"
"            {\"key\": \"buy\", \"label\": \"政府集中采购\", \"cols\": [\"count\", \"amount\"]},\n"
"            {\"key\": \"change\", \"label\": \"本年增减\", \"cols\": [\"count\"], \"optional\": true}]},\n"
"  {\"key\": \"appeals\", \"title\": \"复议诉讼\", \"anchors\": [\"复议诉讼情况\"], \"headless\": true,\n"
"   \"cols\": [{\"key\": \"upheld\", \"label\": \"维持\"}, {\"key\": \"corrected\", \"label\": \"纠正\"},\n"
"            {\"key\": \"total\", \"label\": \"总计\"}],\n"
"   \"rows\": [{\"key\": \"recon\", \"label\": \"行政复议\"}, {\"key\": \"lit\", \"label\": \"行政诉讼\"}]},\n"
"  {\"key\": \"stats\", \"title\": \"统计\", \"anchors\": [\"统计指标\"], \"unit_col\": true,\n"
"   \"cols\": [{\"key\": \"value\", \"label\": \"统计数\"}],\n"
"   \"rows\": [{\"key\": \"items\", \"label\": \"主动公开信息数\"},\n"
"            {\"key\": \"in_person\", \"label\": \"1.当面申请数\", \"variants\": [\"当面申请\"]},\n"
"            {\"key\": \"upheld\", \"label\": \"维持具体行政行为数\", \"variants\": [\"维持\"]},\n"
"            {\"key\": \"upheld2\", \"label\": \"维持具体行政行为数\", \"variants\": [\"维持\"]}]}\n"
" ],\n"
" \"rules\": [\n"
"  {\"id\": \"apps.row_total\", \"op\": \"eq\", \"each\": \"row\", \"table\": \"apps\",\n"
"   \"lhs\": [\"total\"], \"rhs\": [\"a\", \"b\", \"c\"], \"zh\": \"总计\", \"en\": \"total\"},\n"
"  {\"id\": \"apps.balance\", \"op\": \"eq\", \"each\": \"col\", \"table\": \"apps\",\n"
"   \"lhs\": [\"new\", \"old\"], \"rhs\": [\"done\", \"carried\"], \"zh\": \"平衡\", \"en\": \"balance\"},\n"
"  {\"id\": \"appeals.total\", \"op\": \"eq\", \"each\": \"row\", \"table\": \"appeals\",\n"
"   \"lhs\": [\"total\"], \"rhs\": [\"upheld\", \"corrected\"], \"zh\": \"总计\", \"en\": \"total\"}\n"
" ]}\n";

static struct report_spec *spec;

static struct report *parse(const char *text)
{
	struct report *r = report_new(spec, "t");
	tables_extract(r, text, strlen(text));
	return r;
}

static int ti(const char *t) { return spec_table_index(spec, t); }

/* "v" for a value (compared with want/scale), "blank", "absent". */
static const char *state(struct report *r, const char *t, const char *row, const char *col)
{
	int tt = ti(t);
	int rr = spec_row_index(&spec->tables[tt], row), cc = spec_col_index(&spec->tables[tt], col);
	const struct report_cell *c = report_cell_c(r, tt, rr, cc);
	return c->state == CELL_VALUE ? "v" : c->state == CELL_BLANK ? "blank" : "absent";
}

static long long val(struct report *r, const char *t, const char *row, const char *col)
{
	int tt = ti(t);
	int rr = spec_row_index(&spec->tables[tt], row), cc = spec_col_index(&spec->tables[tt], col);
	const struct report_cell *c = report_cell_c(r, tt, rr, cc);
	return c->state == CELL_VALUE ? (long long)c->units : -999;
}

static int line_of(struct report *r, const char *t, const char *row, const char *col)
{
	int tt = ti(t);
	int rr = spec_row_index(&spec->tables[tt], row), cc = spec_col_index(&spec->tables[tt], col);
	return report_cell_c(r, tt, rr, cc)->line;
}

static int scale_of(struct report *r, const char *t, const char *row, const char *col)
{
	int tt = ti(t);
	int rr = spec_row_index(&spec->tables[tt], row), cc = spec_col_index(&spec->tables[tt], col);
	return report_cell_c(r, tt, rr, cc)->scale;
}

/* Row values as "1,2,3,6" with "_" for blank and "." for absent. */
static const char *row4(struct report *r, const char *row)
{
	static char out[128];
	const char *cols[] = {"a", "b", "c", "total"};
	size_t n = 0;
	int k;
	out[0] = '\0';
	for (k = 0; k < 4; k++) {
		const char *s = state(r, "apps", row, cols[k]);
		int m = s[0] == 'v' ? snprintf(out + n, sizeof out - n, "%s%lld", k ? "," : "",
					       val(r, "apps", row, cols[k]))
				    : snprintf(out + n, sizeof out - n, "%s%s", k ? "," : "",
					       s[0] == 'b' ? "_" : ".");
		n += (size_t)m;
	}
	return out;
}

static int count_notes(struct report *r, const char *rule)
{
	int i, n = 0;
	for (i = 0; i < r->notes.n; i++)
		if (strcmp(r->notes.v[i].rule, rule) == 0)
			n++;
	return n;
}

static const struct finding *find_note(struct report *r, const char *rule)
{
	int i;
	for (i = 0; i < r->notes.n; i++)
		if (strcmp(r->notes.v[i].rule, rule) == 0)
			return &r->notes.v[i];
	return NULL;
}

static void test_pipe(void)
{
	struct report *r = parse(
		"一、本年新收申请 5 件。\n"          /* prose before the table: ignored */
		"申请情况表\n"
		"| 项目 | 甲 | 乙 | 丙 | 总计 |\n"
		"| 一、本年新收 | 1 | 2 | 3 | 6 |\n"
		"| 二、上年结转 | 0 | | 0 | 0 |\n"
		"| 三、本年度办结 | 1 | 2 | 3 | 6 |\n"
		"| 四、结转下年 | 0 | 0 | 0 | 0 | | |\n");
	T_EQ_STR(row4(r, "new"), "1,2,3,6", "pipe: new row");
	T_EQ_STR(row4(r, "old"), "0,_,0,0", "pipe: explicit empty cell is blank, not 0");
	T_EQ_STR(row4(r, "done"), "1,2,3,6", "pipe: done row");
	T_EQ_STR(row4(r, "carried"), "0,0,0,0", "pipe: trailing padding ignored");
	T_EQ_INT(line_of(r, "apps", "new", "a"), 4, "pipe: cell records its line");
	T_EQ_INT(r->tables[ti("apps")].found, 1, "pipe: table found");
	T_EQ_INT(r->tables[ti("apps")].line, 2, "pipe: table line is the anchor");
	T_EQ_INT(r->notes.n, 0, "pipe: no notes");
	report_free(r);
}

static void test_pipe_per_line(void)
{
	/* seed 003 style: one cell per line ending in " |", bare pipes. */
	struct report *r = parse(
		"申请情况表 |\n|||\n甲 |\n乙 |\n丙 |\n总计 |\n|||||\n"
		"一、本年新收 |\n1 |\n2 |\n3 |\n6 |\n||\n"
		"二、上年结转 |\n0 |\n0 |\n0 |\n0 |\n|\n"
		"三、本年度办结 |\n1 |\n2 |\n3 |\n6 |\n||\n"
		"四、结转下年 |\n0 |\n0 |\n0 |\n0 |\n");
	T_EQ_STR(row4(r, "new"), "1,2,3,6", "pipe per line: new");
	T_EQ_STR(row4(r, "old"), "0,0,0,0", "pipe per line: old");
	T_EQ_STR(row4(r, "carried"), "0,0,0,0", "pipe per line: carried");
	T_EQ_INT(line_of(r, "apps", "new", "total"), 12, "pipe per line: line of the total cell");
	T_EQ_INT(r->notes.n, 0, "pipe per line: no notes");
	report_free(r);
}

static void test_tab_cells(void)
{
	/* seed 004 style: "\tX" per cell, blank lines between rows, "\t" is an
	 * empty cell, a plain line continues the cell above. */
	struct report *r = parse(
		"申请情况表\n\n"
		"\t项目\n\t甲\n\t乙\n\t丙\n\t总\n计\n\n"
		"\t一、本年新收\n\t1\n\t2\n\t3\n\t6\n\n"
		"\t\n\t二、上年结转\n\t0\n\t\n\t0\n\t0\n\n"
		"\t三、本年度\n办结\n\t1\n\t2\n\t3\n\t6\n\n"
		"\t四、结转下年\n\t0\n\t0\n\t0\n\t0\n");
	T_EQ_STR(row4(r, "new"), "1,2,3,6", "tab cells: new");
	T_EQ_STR(row4(r, "old"), "0,_,0,0", "tab cells: a line holding only a tab is an empty cell");
	T_EQ_STR(row4(r, "done"), "1,2,3,6", "tab cells: label continued on a line without tab");
	T_EQ_STR(row4(r, "carried"), "0,0,0,0", "tab cells: carried");
	report_free(r);
}

static void test_tab_rows(void)
{
	struct report *r = parse(
		"申请情况表\n项目\t甲\t乙\t丙\t总计\n"
		"一、本年新收\t1\t2\t3\t6\n二、上年结转\t0\t\t0\t0\n"
		"三、本年度办结\t1\t2\t3\t6\n四、结转下年\t0\t0\t0\t0\n");
	T_EQ_STR(row4(r, "new"), "1,2,3,6", "tab rows: new");
	T_EQ_STR(row4(r, "old"), "0,_,0,0", "tab rows: empty between tabs is blank");
	T_EQ_STR(row4(r, "carried"), "0,0,0,0", "tab rows: carried");
	report_free(r);
}

static void test_space_aligned(void)
{
	struct report *r = parse(
		"                申请情况表\n"
		"项目              甲      乙      丙     总计\n"
		"一、本年新收       1       2       3       6\n"
		"二、上年结转       5               1       6\n"
		"三、本年度                                     \n"
		"办结               6       0       4      10\n"
		"四、结转下年               0                0\n");
	T_EQ_STR(row4(r, "new"), "1,2,3,6", "space: complete row");
	T_EQ_STR(row4(r, "old"), "5,_,1,6", "space: missing middle cell placed by column");
	T_EQ_STR(row4(r, "done"), "6,0,4,10", "space: label broken across lines");
	T_EQ_STR(row4(r, "carried"), "_,0,_,0", "space: sparse row placed by column");
	T_EQ_INT(r->notes.n, 0, "space: no notes");
	report_free(r);
}

static void test_space_single_spaces(void)
{
	struct report *r = parse(
		"申请情况表\n"
		"一、本年新收 1 2 3 6\n"
		"二、上年结转 0 0 0 0\n");
	T_EQ_STR(row4(r, "new"), "1,2,3,6", "single spaces: numbers after the label");
	T_EQ_STR(row4(r, "old"), "0,0,0,0", "single spaces: second row");
	T_EQ_INT(count_notes(r, "parse.missing_row"), 2, "single spaces: two rows missing noted");
	report_free(r);
}

static void test_glued_unique(void)
{
	struct report *r = parse(
		"申请情况表\n"
		"项目甲乙丙总计\n"
		"一、本年新收123015\n"
		"二、上年结转0000\n"
		"三、本年度办结1236\n"
		"四、结转下年2002\n");
	T_EQ_STR(row4(r, "new"), "12,3,0,15", "glued: unique split by the row rule");
	T_EQ_STR(row4(r, "old"), "0,0,0,0", "glued: zeros");
	T_EQ_STR(row4(r, "done"), "1,2,3,6", "glued: one digit per cell");
	T_EQ_STR(row4(r, "carried"), "2,0,0,2", "glued: 2002");
	T_EQ_INT(r->notes.n, 0, "glued: no notes");
	report_free(r);
}

static void test_glued_column_rules(void)
{
	/* 111214 splits three ways by the row rule (1|1|12|14, 1|11|2|14,
	 * 11|1|2|14); the balance new+old = done+carried picks one. */
	struct report *r = parse(
		"申请情况表\n"
		"一、本年新收111214\n"
		"二、上年结转0000\n"
		"| 三、本年度办结 | 1 | 11 | 2 | 14 |\n"
		"| 四、结转下年 | 0 | 0 | 0 | 0 |\n");
	T_EQ_STR(row4(r, "new"), "1,11,2,14", "glued: resolved by the column rules");
	T_EQ_INT(r->notes.n, 0, "glued/column rules: no notes");
	report_free(r);
}

static void test_glued_ambiguous(void)
{
	const struct finding *f;
	struct report *r = parse(
		"申请情况表\n"
		"一、本年新收111214\n");
	T_EQ_STR(row4(r, "new"), "_,_,_,_", "ambiguous: cells left blank");
	f = find_note(r, "parse.ambiguous_split");
	T_OK(f != NULL, "ambiguous: note added");
	if (f) {
		T_EQ_STR(f->found, "111214", "ambiguous: found is the digit string");
		T_OK(f->expected && strstr(f->expected, "1|1|12|14") && strstr(f->expected, "11|1|2|14"),
		     "ambiguous: candidates listed (%s)", f->expected ? f->expected : "null");
		T_EQ_STR(f->row, "new", "ambiguous: row named");
		T_EQ_INT(f->sev, SEV_WARNING, "ambiguous: warning");
		T_EQ_INT(f->line, 2, "ambiguous: line");
	}
	report_free(r);
}

static void test_glued_inconsistent(void)
{
	const struct finding *f;
	/* No split satisfies total = a+b+c and there is more than one split. */
	struct report *r = parse("申请情况表\n一、本年新收12315\n二、上年结转1000\n");
	T_EQ_STR(row4(r, "new"), "_,_,_,_", "no valid split: blank");
	f = find_note(r, "parse.ambiguous_split");
	T_OK(f && f->found && strcmp(f->found, "12315") == 0, "no valid split: noted");
	/* Four digits for four cells: the only split, taken even if it does
	 * not add up (the checker reports the sum). */
	T_EQ_STR(row4(r, "old"), "1,0,0,0", "one digit per cell taken");
	report_free(r);
}

static void test_headless(void)
{
	struct report *r = parse(
		"复议诉讼情况\n"
		"| 行政复议 | | | 行政诉讼 | | |\n"
		"| 维持 | 纠正 | 总计 | 维持 | 纠正 | 总计 |\n"
		"| 1 | 0 | 1 | 0 | 2 | 2 |\n"
		"五、其他\n3\n");
	T_EQ_INT(val(r, "appeals", "recon", "upheld"), 1, "headless: first cell");
	T_EQ_INT(val(r, "appeals", "recon", "total"), 1, "headless: recon total");
	T_EQ_INT(val(r, "appeals", "lit", "corrected"), 2, "headless: second group");
	T_EQ_INT(val(r, "appeals", "lit", "total"), 2, "headless: last cell");
	T_EQ_INT(count_notes(r, "parse.unknown_row"), 0, "headless: later numbers not read");
	report_free(r);
	r = parse("复议诉讼情况\n维持纠正总计维持纠正总计\n101111122\n");
	T_EQ_INT(val(r, "appeals", "recon", "upheld"), 1, "headless glued: split");
	T_EQ_INT(val(r, "appeals", "lit", "upheld"), 11, "headless glued: group rule split 11");
	T_EQ_INT(val(r, "appeals", "lit", "total"), 22, "headless glued: total 22");
	report_free(r);
}

static void test_unit_col(void)
{
	struct report *r = parse(
		"统 计 指 标 | 单位 | 统计数 |\n"
		"主动公开信息数 | 条 | 27 |\n"
		"1.当面申请数 | 件 | |\n"
		"四、行政复议 |\n| |\n"
		"(一)维持具体行政行为数 | 件 | 2 |\n"
		"五、行政诉讼 |\n|\n"
		"(一)维持具体行政行为数 | 件 | 3 |\n");
	T_EQ_INT(val(r, "stats", "items", "value"), 27, "unit col: value after the unit cell");
	T_EQ_STR(state(r, "stats", "in_person", "value"), "blank",
		 "unit col: numbered label not a value, empty cell blank");
	T_EQ_INT(val(r, "stats", "upheld", "value"), 2, "same label twice: first row");
	T_EQ_INT(val(r, "stats", "upheld2", "value"), 3, "same label twice: next unmatched row");
	report_free(r);
}

static void test_money(void)
{
	struct report *r = parse(
		"收费情况表\n"
		"行政事业性收费 | 168.61 |\n"
		"政府集中采购 | 5 | 251000元 |\n"
		"其他 | 7 |\n");
	T_EQ_INT(val(r, "money", "fees", "amount"), 16861, "money: exact decimal units");
	T_EQ_INT(scale_of(r, "money", "fees", "amount"), 2, "money: scale kept");
	T_EQ_INT(val(r, "money", "buy", "count"), 5, "money: count");
	T_EQ_INT(val(r, "money", "buy", "amount"), 251, "money: 251000元 -> 25.1 万元");
	T_EQ_INT(scale_of(r, "money", "buy", "amount"), 1, "money: converted scale");
	T_EQ_INT(count_notes(r, "parse.unknown_row"), 1, "money: unmatched row noted");
	T_EQ_INT(count_notes(r, "parse.missing_row"), 0, "money: optional row not noted");
	report_free(r);
	r = parse("收费情况表\n政府集中采购  3  -1.5万元\n行政事业性收费  0\n");
	T_EQ_INT(val(r, "money", "buy", "amount"), -15, "money: negative with unit");
	T_EQ_INT(val(r, "money", "fees", "amount"), 0, "money: zero");
	report_free(r);
}

static void test_not_found(void)
{
	struct report *r = parse("一、总体情况\n本年新收申请 5 件。\n");
	T_EQ_INT(r->tables[ti("apps")].found, 0, "no anchor: table not found");
	T_EQ_INT(r->notes.n, 0, "no anchor: no notes");
	report_free(r);
}

static void test_cells_numbers(void)
{
	int64_t u;
	int sc, un, d, f;
	char dig[32];
	T_OK(cells_parse_number("1,234.5", 7, &u, &sc, &un, &d, &f, dig, sizeof dig) && u == 12345 && sc == 1,
	     "number: grouping and decimals");
	T_OK(!cells_parse_number("1.", 2, &u, &sc, &un, &d, &f, dig, sizeof dig), "number: '1.' is numbering");
	T_OK(!cells_parse_number("1．", 4, &u, &sc, &un, &d, &f, dig, sizeof dig), "number: '1．' is numbering");
	T_OK(cells_parse_number("１２", 6, &u, &sc, &un, &d, &f, dig, sizeof dig) && u == 12, "number: full width");
	T_OK(cells_parse_number("0012", 4, &u, &sc, &un, &d, &f, dig, sizeof dig) && d && strcmp(dig, "0012") == 0,
	     "number: digit run kept for splitting");
	T_OK(!cells_parse_number("1,23", 4, &u, &sc, &un, &d, &f, dig, sizeof dig), "number: bad grouping");
	T_OK(cells_parse_number("168.61万元", strlen("168.61万元"), &u, &sc, &un, &d, &f, dig, sizeof dig) &&
	     un == CU_WANYUAN && u == 16861, "number: unit suffix");
	T_OK(cells_parse_number("99999999999999999999999", 23, &u, &sc, &un, &d, &f, dig, sizeof dig) && !f,
	     "number: overflow flagged");
}

/* A web copy of a 2021 report whose table cells ran together, read with
 * the built-in 2021 spec through report_parse(). */
static const char GLUED_2021[] =
"某某局2021年政府信息公开工作年度报告\n"
"依据国办公开办函〔2021〕30号要求编制。\n"
"一、总体情况\n本年度收到政府信息公开申请64件。\n"
"二、主动公开政府信息情况\n"
"第二十条第（一）项\n信息内容本年制发件数本年废止件数现行有效件数\n"
"规章000\n行政规范性文件3114\n"
"第二十条第（五）项\n信息内容本年处理决定数量\n行政许可172\n"
"第二十条第（六）项\n信息内容本年处理决定数量\n行政处罚8\n行政强制0\n"
"第二十条第（八）项\n信息内容本年收费金额（单位：万元）\n行政事业性收费168.61\n"
"三、收到和处理政府信息公开申请情况\n"
"（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\n"
"申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他\n"
"一、本年新收政府信息公开申请数量640020470\n"
"二、上年结转政府信息公开申请数量1000001\n"
"三、本年度办理结果（一）予以公开300010233\n"
"（二）部分公开（区分处理的，只计这一情形，不计其他情形）5000005\n"
"（三）不予公开1.属于国家秘密0000000\n2.其他法律行政法规禁止公开0000000\n"
"3.危及“三安全一稳定”0000000\n4.保护第三方合法权益0000000\n5.属于三类内部事务信息0000000\n"
"6.属于四类过程性信息0000000\n7.属于行政执法案卷0000000\n8.属于行政查询事项0000000\n"
"（四）无法提供1.本机关不掌握相关政府信息200010223\n2.没有现成信息需要另行制作0000000\n"
"3.补正后申请内容仍不明确0000000\n"
"（五）不予处理1.信访举报投诉类申请0000000\n2.重复申请0000000\n3.要求提供公开出版物0000000\n"
"4.无正当理由大量反复申请0000000\n5.要求行政机关确认或重新出具已获取信息0000000\n"
"（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请0000000\n"
"2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请0000000\n"
"3.其他0000000\n"
"（七）总计550020461\n"
"四、结转下年度继续办理100000010\n"
"四、政府信息公开行政复议、行政诉讼情况\n"
"行政复议行政诉讼\n结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉\n"
"结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计\n"
"100120101200000\n"
"五、存在的主要问题及改进情况\n无。\n六、其他需要报告的事项\n无。\n";

static long long cell2(const struct report *r, const char *t, const char *row, const char *col)
{
	int tt = spec_table_index(r->spec, t);
	const struct spec_table *st = &r->spec->tables[tt];
	const struct report_cell *c = report_cell_c(r, tt, spec_row_index(st, row), spec_col_index(st, col));
	return c->state == CELL_VALUE ? (long long)c->units : c->state == CELL_BLANK ? -1 : -999;
}

static void test_builtin_glued(void)
{
	const struct spec_set *set = spec_builtin();
	struct report *r = report_parse(set, GLUED_2021, strlen(GLUED_2021), "glued");
	T_OK(r->spec && strcmp(r->spec->key, "2021") == 0, "glued 2021: format detected");
	if (!r->spec || strcmp(r->spec->key, "2021") != 0) {
		report_free(r);
		return;
	}
	T_EQ_INT(cell2(r, "applications", "new", "person"), 64, "glued 2021: new.person 64");
	T_EQ_INT(cell2(r, "applications", "new", "legal"), 0, "glued 2021: new.legal 0");
	T_EQ_INT(cell2(r, "applications", "new", "other_org"), 4, "glued 2021: new.other_org 4");
	T_EQ_INT(cell2(r, "applications", "new", "total"), 70, "glued 2021: new.total 70");
	T_EQ_INT(cell2(r, "applications", "carried_in", "total"), 1, "glued 2021: carried_in 1");
	T_EQ_INT(cell2(r, "applications", "disclosed", "person"), 30, "glued 2021: disclosed.person 30");
	T_EQ_INT(cell2(r, "applications", "disclosed", "total"), 33, "glued 2021: disclosed.total 33");
	T_EQ_INT(cell2(r, "applications", "withheld_state_secret", "total"), 0,
		 "glued 2021: numbered label digits not read as a value");
	T_EQ_INT(cell2(r, "applications", "unavailable_not_held", "person"), 20, "glued 2021: not_held 20");
	T_EQ_INT(cell2(r, "applications", "other_other", "total"), 0, "glued 2021: 3.其他");
	T_EQ_INT(cell2(r, "applications", "total", "person"), 55, "glued 2021: results total 55");
	T_EQ_INT(cell2(r, "applications", "total", "total"), 61, "glued 2021: results total 61");
	T_EQ_INT(cell2(r, "applications", "carried_out", "person"), 10, "glued 2021: carried_out 10");
	T_EQ_INT(cell2(r, "applications", "carried_out", "total"), 10, "glued 2021: carried_out total 10");
	T_EQ_INT(cell2(r, "appeals", "reconsideration", "upheld"), 1, "glued 2021: appeals split");
	T_EQ_INT(cell2(r, "appeals", "reconsideration", "total"), 2, "glued 2021: appeals total");
	T_EQ_INT(cell2(r, "appeals", "litigation_direct", "total"), 2, "glued 2021: litigation total");
	T_EQ_INT(cell2(r, "proactive", "licensing", "decisions"), 172, "glued 2021: one-column row");
	T_EQ_INT(cell2(r, "proactive", "fees", "amount"), 16861, "glued 2021: glued decimal");
	T_EQ_INT(cell2(r, "proactive", "rules", "issued"), 0, "glued 2021: rules 000");
	/* 3114 for three columns with no rule: 3|1|14, 3|11|4, 31|1|4 */
	T_EQ_INT(cell2(r, "proactive", "normative_docs", "issued"), -1, "glued 2021: ambiguous row blank");
	T_EQ_INT(count_notes(r, "parse.ambiguous_split"), 1, "glued 2021: exactly one ambiguity noted");
	T_EQ_INT(count_notes(r, "parse.missing_row"), 0, "glued 2021: no missing rows");
	T_EQ_INT(count_notes(r, "parse.unknown_row"), 0, "glued 2021: no unknown rows");
	report_free(r);
}

/* pdftotext -layout style: columns by spaces, one cell missing. */
static const char SPACED_2019[] =
"XX局2019年政府信息公开工作年度报告\n"
"按照国办公开办函〔2019〕60号格式。\n"
"二、主动公开政府信息情况\n"
"                      第二十条第（一）项\n"
"    信息内容        本年新制作数量    本年新公开数量    对外公开总数量\n"
"      规章                0                 0                 0\n"
"   规范性文件             2                                   5\n"
"                      第二十条第（五）项\n"
"    信息内容        上一年项目数量      本年增/减       处理决定数量\n"
"    行政许可             172                38               134\n"
"其他对外管理服务事项      0                 0                 0\n"
"                      第二十条第（六）项\n"
"    行政处罚              12                -8                20\n"
"    行政强制              0                 0                 0\n"
"                      第二十条第（八）项\n"
"  行政事业性收费      78504912.2       1736889.9\n"
"                      第二十条第（九）项\n"
"    信息内容         采购项目数量       采购总金额\n"
"  政府集中采购            5             251000元\n"
"三、收到和处理政府信息公开申请情况\n";

static void test_builtin_spaced(void)
{
	const struct spec_set *set = spec_builtin();
	struct report *r = report_parse(set, SPACED_2019, strlen(SPACED_2019), "spaced");
	T_OK(r->spec && strcmp(r->spec->key, "2019") == 0, "spaced 2019: format detected");
	if (!r->spec || strcmp(r->spec->key, "2019") != 0) {
		report_free(r);
		return;
	}
	T_EQ_INT(cell2(r, "proactive", "normative_docs", "created"), 2, "spaced: first column");
	T_EQ_INT(cell2(r, "proactive", "normative_docs", "published"), -1, "spaced: missing cell blank");
	T_EQ_INT(cell2(r, "proactive", "normative_docs", "total_public"), 5, "spaced: placed by column");
	T_EQ_INT(cell2(r, "proactive", "licensing", "change"), 38, "spaced: licensing change");
	T_EQ_INT(cell2(r, "proactive", "punishment", "change"), -8, "spaced: negative change");
	T_EQ_INT(cell2(r, "proactive", "fees", "last_year"), 785049122, "spaced: decimal units");
	T_EQ_INT(cell2(r, "proactive", "procurement", "count"), 5, "spaced: procurement count");
	T_EQ_INT(count_notes(r, "parse.short_row"), 0, "spaced: no short rows");
	report_free(r);
}

/* The allocation-free folding gives exactly label_key() on real text. */
static void test_fast_key(void)
{
	static const char *samples[] = {
		"（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
		"3.危及“三安全一稳定”", "本年收费金额(单位:万元)", "ＡＢＣ１２３，。、", "统 计 指 标",
		"第二十条第（一）项", "Hello World! 2021", "1．属于国家秘密", "其中：主动公开规范性文件数",
		"…—·「」【】〔〕", "申请人　情况", NULL};
	int i, same = 1;
	for (i = 0; samples[i]; i++) {
		struct buf b = BUF_INIT(0);
		char *k = label_key(samples[i], strlen(samples[i]));
		if (label_key_fast(samples[i], strlen(samples[i]), &b) && strcmp(buf_str(&b), k) != 0) {
			printf("# fast \"%s\" label_key \"%s\"\n", buf_str(&b), k);
			same = 0;
		}
		free(k);
		buf_free(&b);
	}
	T_OK(same, "fast folding equals label_key");
}

/* label_key() folds common characters itself and only the other runs with
 * utf8proc: the result equals folding everything with utf8proc. */
static void test_label_key_runs(void)
{
	static const char *samples[] = {
		"（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
		"①收到申请Ⅻ件ﬁ", "ＫＥＬＶＩＮ\xE2\x84\xAA度", "Straße 街道", "e\xCC\x81t\xC3\xA9",
		"\xEF\xBC\xA1\xCC\x81", "한국어 정부", "\xF0\x9F\x98\x80表情", "bad\xFF\xFE" "bytes 中文",
		"㈠㈡ ⑴⑵ ⒈⒉", "ｶﾀｶﾅ半角", "\xEF\xBB\xBF零宽\xE2\x80\x8B空格", "㎡ ㎏ ℃", "",
		"﹙一﹚ 兼容括号", "abc\x00" "def", NULL};
	int i, same = 1;
	for (i = 0; samples[i]; i++) {
		size_t n = strlen(samples[i]) + (strstr(samples[i], "abc") == samples[i] ? 4 : 0);
		char *a = label_key(samples[i], n), *b = label_key_reference(samples[i], n);
		if (strcmp(a, b) != 0) {
			printf("# sample %d: label_key \"%s\" reference \"%s\"\n", i, a, b);
			same = 0;
		}
		free(a);
		free(b);
	}
	T_OK(same, "label_key equals whole-text utf8proc folding");
}

int main(void)
{
	char err[256];
	spec = spec_load(SPEC, strlen(SPEC), err, sizeof err);
	T_OK(spec != NULL, "test spec loads (%s)", err);
	if (!spec)
		return T_DONE();
	test_cells_numbers();
	test_fast_key();
	test_label_key_runs();
	test_pipe();
	test_pipe_per_line();
	test_tab_cells();
	test_tab_rows();
	test_space_aligned();
	test_space_single_spaces();
	test_glued_unique();
	test_glued_column_rules();
	test_glued_ambiguous();
	test_glued_inconsistent();
	test_headless();
	test_unit_col();
	test_money();
	test_not_found();
	test_builtin_glued();
	test_builtin_spaced();
	spec_free(spec);
	return T_DONE();
}
