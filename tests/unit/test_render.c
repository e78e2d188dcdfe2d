/* test_render.c - HTML, Markdown and the plain-text layouts: official
 * labels and header spans, escaping, exact lines of each text layout, and
 * (with the parser) render -> parse -> compare every cell.
 * Set RENDER_DUMP=1 to print every rendering. */
#include "t.h"
#include "report/render.h"
#include "report/generate.h"
#include "report/parse.h"
#include "report/model.h"
#include "report/spec.h"
#include "base/buf.h"
#include "base/embedded.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>

static int T(const struct report_spec *s, const char *k) { return spec_table_index(s, k); }
static int R(const struct report_spec *s, const char *t, const char *k)
{ return spec_row_index(&s->tables[T(s, t)], k); }
static int C(const struct report_spec *s, const char *t, const char *k)
{ return spec_col_index(&s->tables[T(s, t)], k); }

static void set(struct report *r, const char *t, const char *row, const char *col,
		int64_t units, int scale)
{
	const struct report_spec *s = r->spec;
	struct report_cell *c = report_cell(r, T(s, t), R(s, t, row), C(s, t, col));
	c->state = CELL_VALUE;
	c->units = units;
	c->scale = (uint8_t)scale;
	r->tables[T(s, t)].found = 1;
}

static void set_blank(struct report *r, const char *t, const char *row, const char *col)
{
	const struct report_spec *s = r->spec;
	report_cell(r, T(s, t), R(s, t, row), C(s, t, col))->state = CELL_BLANK;
	r->tables[T(s, t)].found = 1;
}

/* A full 2021 report: every row of every table found, a few blanks, a
 * decimal fee, and text that needs escaping. */
static struct report *build_2021(const struct report_spec *s)
{
	struct report *r = report_new(s, "t.txt");
	int t, row, k;
	r->year = 2022;
	r->agency = xstrdup("朝阳市龙城区住房和城乡建设局");
	r->title = xstrdup("朝阳市龙城区住房和城乡建设局2022年政府信息公开工作年度报告");
	memcpy(r->published, "2022-12-30", 11);
	for (k = 0; k < s->nsections; k++) {
		char heading[128];
		snprintf(heading, sizeof heading, "%s、%s", s->sections[k].number, s->sections[k].title);
		report_add_section(r, &s->sections[k], s->sections[k].number, heading,
				   k == 0 ? "全年主动公开信息53条。<script>alert(1)</script> & 更多" :
				   k == 4 ? "（一）存在问题\n人员不足。" : "", k * 10 + 1);
	}
	for (t = 0; t < s->ntables; t++) {
		const struct spec_table *st = &s->tables[t];
		for (row = 0; row < st->nrows; row++)
			for (k = 0; k < st->rows[row].ncols; k++) {
				struct report_cell *c = report_cell(r, t, row, st->rows[row].cols[k]);
				c->state = CELL_VALUE;
				c->units = (row * 7 + k * 3) % 11;
			}
		r->tables[t].found = 1;
	}
	set(r, "proactive", "fees", "amount", 16861, 2);
	set(r, "proactive", "punishment", "decisions", 8, 0);
	set(r, "applications", "new", "person", 64, 0);
	set(r, "applications", "new", "total", 640020470, 0);  /* long run of digits */
	set_blank(r, "applications", "carried_in", "business");
	set(r, "appeals", "reconsideration", "total", 3, 0);
	return r;
}

static char *render(const struct report *r, enum render_to to)
{
	struct buf b = BUF_INIT(0);
	int rc = report_render(r, to, &b);
	T_EQ_INT(rc, 0, "report_render(%d) succeeds", (int)to);
	if (getenv("RENDER_DUMP"))
		printf("# ---- layout %d ----\n%s\n", (int)to, buf_str(&b));
	if (!b.data)
		return xstrdup("");
	return buf_detach(&b);
}

/* True if `line` occurs as a whole line of text. */
static int has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	const char *p = text;
	while ((p = strstr(p, line)) != NULL) {
		if ((p == text || p[-1] == '\n') && (p[n] == '\n' || p[n] == '\0'))
			return 1;
		p += 1;
	}
	return 0;
}

static void test_names(void)
{
	T_EQ_INT(render_to_from_name("html"), RENDER_HTML, "html");
	T_EQ_INT(render_to_from_name("md"), RENDER_MD, "md");
	T_EQ_INT(render_to_from_name("json"), RENDER_JSON, "json");
	T_EQ_INT(render_to_from_name("pipe"), RENDER_TEXT_PIPE, "pipe");
	T_EQ_INT(render_to_from_name("cells"), RENDER_TEXT_CELLS, "cells");
	T_EQ_INT(render_to_from_name("tab"), RENDER_TEXT_TAB, "tab");
	T_EQ_INT(render_to_from_name("space"), RENDER_TEXT_SPACE, "space");
	T_EQ_INT(render_to_from_name("run"), RENDER_TEXT_RUN, "run");
	T_EQ_INT(render_to_from_name("docx"), RENDER_DOCX, "docx");
	T_EQ_INT(render_to_from_name("xlsx"), RENDER_XLSX, "xlsx");
	T_EQ_INT(render_to_from_name("pdf"), -1, "unknown name");
}

static void test_html(const struct report_spec *s)
{
	struct report *r = build_2021(s);
	char *h = render(r, RENDER_HTML);
	T_OK(strncmp(h, "<!DOCTYPE html>", 15) == 0, "doctype");
	T_OK(strstr(h, "<html lang=\"zh-CN\">") != NULL, "lang zh-CN");
	T_OK(strstr(h, "<meta charset=\"utf-8\">") != NULL, "utf-8");
	T_OK(strstr(h, "@media print") != NULL && strstr(h, "size: A4") != NULL, "print stylesheet, A4");
	T_OK(strstr(h, "仿宋") != NULL && strstr(h, "宋体") != NULL, "Song/FangSong font stack");
	T_OK(strstr(h, "<script>") == NULL, "no raw <script>");
	T_OK(strstr(h, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 更多") != NULL, "text escaped");
	T_OK(strstr(h, "<h2>一、总体情况</h2>") != NULL && strstr(h, "<h2>六、其他需要报告的事项</h2>") != NULL,
	     "numbered section headings");
	T_OK(strstr(h, "<h2>一、总体情况</h2>") < strstr(h, "<h2>二、主动公开政府信息情况</h2>") &&
	     strstr(h, "<h2>二、主动公开政府信息情况</h2>") < strstr(h, "<h2>三、收到和处理政府信息公开申请情况</h2>"),
	     "sections in spec order");
	/* 表三 grouped row labels */
	T_OK(strstr(h, "<th rowspan=\"22\" class=\"group\">三、本年度办理结果</th>") != NULL,
	     "三、本年度办理结果 spans its 22 sub-rows");
	T_OK(strstr(h, "<th rowspan=\"8\" class=\"group\">（三）不予公开</th><th class=\"label\">1.属于国家秘密</th>") != NULL,
	     "（三）不予公开 spans 1-8");
	T_OK(strstr(h, "<th colspan=\"2\" class=\"label\">（一）予以公开</th>") != NULL,
	     "（一）予以公开 spans two label columns");
	T_OK(strstr(h, "<th colspan=\"3\" class=\"label\">一、本年新收政府信息公开申请数量</th><td class=\"num\">64</td>") != NULL,
	     "top-level row label spans three label columns");
	T_OK(strstr(h, "<td class=\"num\"></td>") != NULL, "blank cell is empty");
	/* 表四 */
	T_OK(strstr(h, "<th rowspan=\"2\" colspan=\"5\">行政复议</th><th colspan=\"10\">行政诉讼</th>") != NULL,
	     "表四 行政复议 / 行政诉讼 header");
	T_OK(strstr(h, "<th colspan=\"5\">未经复议直接起诉</th><th colspan=\"5\">复议后起诉</th>") != NULL,
	     "表四 second header level");
	/* 表二 blocks */
	T_OK(strstr(h, "<th colspan=\"4\" class=\"block\">第二十条第（一）项</th>") != NULL, "表二 block label");
	T_OK(strstr(h, "<th colspan=\"3\">本年处理决定数量</th>") != NULL, "表二 single column spans the block");
	T_OK(strstr(h, "<th class=\"label\">行政事业性收费</th><td colspan=\"3\" class=\"num\">168.61</td>") != NULL,
	     "fee 168.61 exact");
	/* two-level column header when the spec gives groups */
	if (s->tables[T(s, "applications")].cols[1].group) {
		T_OK(strstr(h, "<th colspan=\"5\">法人或其他组织</th>") != NULL, "法人或其他组织 spans 5 columns");
		T_OK(strstr(h, "<th rowspan=\"2\">自然人</th>") != NULL, "自然人 spans two header rows");
	} else {
		T_OK(0, "spec lacks column \"group\" for 法人或其他组织 (spec.c must load cols[].group)");
	}
	if (s->tables[T(s, "applications")].header)
		T_OK(strstr(h, "<th colspan=\"7\">申请人情况</th>") != NULL, "申请人情况 spans 7 columns");
	else
		T_OK(0, "spec lacks table \"header\" 申请人情况 (spec.c must load tables[].header)");
	T_OK(strstr(h, "<p class=\"sign\">朝阳市龙城区住房和城乡建设局<br>2022年12月30日</p>") != NULL,
	     "agency and date at the end");
	free(h);
	report_free(r);
}

static void test_md(const struct report_spec *s)
{
	struct report *r = build_2021(s);
	char *m = render(r, RENDER_MD);
	T_OK(strncmp(m, "# 朝阳市龙城区住房和城乡建设局2022年政府信息公开工作年度报告\n", 20) == 0, "md title");
	T_OK(has_line(m, "## 三、收到和处理政府信息公开申请情况"), "md heading");
	T_OK(strstr(m, "| 三、本年度办理结果 （三）不予公开 1.属于国家秘密 |") != NULL, "md joined label");
	T_OK(strstr(m, "| 第二十条第（八）项 行政事业性收费 |  |  |  |  | 168.61 |") != NULL, "md block row");
	free(m);
	report_free(r);
}

static void test_text(const struct report_spec *s)
{
	struct report *r = build_2021(s);
	char *p = render(r, RENDER_TEXT_PIPE);
	char *tab = render(r, RENDER_TEXT_TAB);
	char *cells = render(r, RENDER_TEXT_CELLS);
	char *sp = render(r, RENDER_TEXT_SPACE);
	char *run = render(r, RENDER_TEXT_RUN);

	T_OK(strncmp(p, "朝阳市龙城区住房和城乡建设局2022年政府信息公开工作年度报告\n一、总体情况\n", 20) == 0,
	     "pipe starts with the title line and the first heading");
	T_OK(has_line(p, "一、本年新收政府信息公开申请数量 | 64 | 3 | 6 | 9 | 1 | 4 | 640020470 |"), "pipe row");
	T_OK(has_line(p, "二、上年结转政府信息公开申请数量 | 7 |  | 2 | 5 | 8 | 0 | 3 |"), "pipe blank cell");
	T_OK(has_line(p, "三、本年度办理结果 |") && has_line(p, "（三）不予公开 |"), "pipe group lines");
	T_OK(has_line(p, "行政事业性收费 | 168.61 |"), "pipe decimal");
	T_OK(has_line(p, "第二十条第（一）项 |"), "pipe block label");
	T_OK(has_line(p, "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |") ||
	     (!s->tables[T(s, "proactive")].corner &&
	      has_line(p, "本年制发件数 | 本年废止件数 | 现行有效件数 |")), "pipe block header");
	T_OK(has_line(p, "行政复议 | 行政诉讼 |"), "pipe appeals header");
	T_OK(has_line(p, "0 | 3 | 6 | 9 | 3 | 7 | 10 | 2 | 5 | 8 | 3 | 6 | 9 | 1 | 4 |"),
	     "pipe appeals data line");
	T_OK(has_line(p, "朝阳市龙城区住房和城乡建设局") && has_line(p, "2022年12月30日"), "pipe signature");
	T_OK(strstr(p, "<script>alert(1)</script>") != NULL, "text layouts keep text verbatim");

	T_OK(has_line(tab, "一、本年新收政府信息公开申请数量\t64\t3\t6\t9\t1\t4\t640020470"), "tab row");
	T_OK(has_line(tab, "二、上年结转政府信息公开申请数量\t7\t\t2\t5\t8\t0\t3"), "tab blank cell");

	T_OK(strstr(cells, "\n\t三、本年度办理结果\n\t（一）予以公开\n\t") != NULL, "cells: group label as a leading cell");
	T_OK(strstr(cells, "\n\t\n\t（三）不予公开\n\t1.属于国家秘密\n") != NULL, "cells: empty cell under a span");
	T_OK(strstr(cells, "\n\t二、上年结转政府信息公开申请数量\n\t7\n\t\n\t2\n") != NULL, "cells: blank cell is a lone tab");
	T_OK(strstr(cells, "\n\t640020470\n\n") != NULL, "cells: blank line after a row");

	T_OK(has_line(run, "一、本年新收政府信息公开申请数量6436914640020470"), "run row");
	T_OK(has_line(run, "行政事业性收费168.61"), "run decimal");
	T_OK(has_line(run, "0369371025836914"), "run: 表四 as one digit string after its header");
	T_OK(has_line(run, "结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"),
	     "run: header cells run together");

	T_OK(strstr(sp, "一、本年新收政府信息公开申请数量") != NULL, "space has the row label");
	{
		const char *l = strstr(sp, "二、上年结转政府信息公开申请数量");
		const char *e = l ? strchr(l, '\n') : NULL;
		char line[512] = "";
		if (l && e && (size_t)(e - l) < sizeof line)
			memcpy(line, l, (size_t)(e - l));
		T_OK(strstr(line, "  7  ") != NULL && strstr(line, "\t") == NULL && strstr(line, "|") == NULL,
		     "space row is space-separated: [%s]", line);
	}
	T_OK(strstr(sp, "\n（二）部分公开（区分处理的，只计这一情形\n，不计其他情形）     ") != NULL,
	     "space wraps a long label before its numbers");
	free(p);
	free(tab);
	free(cells);
	free(sp);
	free(run);
	report_free(r);
}

/* A 2021 report for round trips: every cell one digit (web copy cannot
 * separate longer numbers without the rules), the fee a decimal, and one
 * blank cell unless the layout cannot show blanks (run). */
static struct report *build_plain(const struct report_spec *s, int with_blank)
{
	struct report *r = build_2021(s);
	int t, row, k;
	for (t = 0; t < s->ntables; t++) {
		const struct spec_table *st = &s->tables[t];
		for (row = 0; row < st->nrows; row++)
			for (k = 0; k < st->rows[row].ncols; k++) {
				struct report_cell *c = report_cell(r, t, row, st->rows[row].cols[k]);
				c->state = CELL_VALUE;
				c->scale = 0;
				c->units = (row * 7 + k * 3) % 10;
			}
	}
	set(r, "proactive", "fees", "amount", 16861, 2);
	if (with_blank)
		set_blank(r, "applications", "carried_in", "business");
	return r;
}

/* Render every text layout, parse it back, compare every cell. */
static void test_round_trip(const struct spec_set *set, const struct report_spec *s)
{
	static const enum render_to layouts[] = {RENDER_TEXT_PIPE, RENDER_TEXT_CELLS,
		RENDER_TEXT_TAB, RENDER_TEXT_SPACE, RENDER_TEXT_RUN};
	static const char *const names[] = {"pipe", "cells", "tab", "space", "run"};
	size_t l;
	for (l = 0; l < sizeof layouts / sizeof layouts[0]; l++) {
		struct report *r = build_plain(s, layouts[l] != RENDER_TEXT_RUN);
		char *text = render(r, layouts[l]);
		struct report *back = report_parse(set, text, strlen(text), "rt");
		int t, row, c, bad = 0;
		T_OK(back->spec == s, "%s: parser detects format 2021", names[l]);
		if (back->spec == s) {
			for (t = 0; t < s->ntables; t++)
				for (row = 0; row < s->tables[t].nrows; row++)
					for (c = 0; c < s->tables[t].ncols; c++) {
						const struct report_cell *a = report_cell_c(r, t, row, c);
						const struct report_cell *b = report_cell_c(back, t, row, c);
						if (a->state != b->state ||
						    (a->state == CELL_VALUE &&
						     cell_cmp_units(a->units, a->scale, b->units, b->scale) != 0)) {
							if (bad < 5)
								printf("#   %s: %s.%s.%s: want %d/%lld, got %d/%lld\n",
								       names[l], s->tables[t].key,
								       s->tables[t].rows[row].key,
								       s->tables[t].cols[c].key, a->state,
								       (long long)a->units, b->state,
								       (long long)b->units);
							bad++;
						}
					}
			T_EQ_INT(bad, 0, "%s: every cell reads back", names[l]);
			T_EQ_INT(back->year, 2022, "%s: year", names[l]);
			T_EQ_STR(back->published, "2022-12-30", "%s: published", names[l]);
		}
		report_free(back);
		report_free(r);
		free(text);
	}
}

/* The renderer's side of the two-level header, independent of whether the
 * built-in spec carries the data yet: load 2021.json and add the render
 * fields (corner, header, column groups) by hand. */
static void test_header_groups(void)
{
	size_t len;
	const char *json = embedded_get("formats/2021.json", &len);
	char err[256];
	struct report_spec *s = json ? spec_load(json, len, err, sizeof err) : NULL;
	struct spec_table *apps, *pro;
	struct report *r;
	char *h, *p;
	char *mine[8];   /* what this test allocated (spec_free may not know them) */
	int nmine = 0, c;
	T_OK(s != NULL, "2021.json loads");
	if (!s)
		return;
	apps = &s->tables[T(s, "applications")];
	pro = &s->tables[T(s, "proactive")];
	if (!apps->header)
		apps->header = mine[nmine++] = xstrdup("申请人情况");
	if (!apps->corner)
		apps->corner = mine[nmine++] = xstrdup("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）");
	if (!pro->corner)
		pro->corner = mine[nmine++] = xstrdup("信息内容");
	for (c = 1; c <= 5; c++)
		if (!apps->cols[c].group)
			apps->cols[c].group = mine[nmine++] = xstrdup("法人或其他组织");
	r = build_2021(s);
	h = render(r, RENDER_HTML);
	T_OK(strstr(h, "<tr><th rowspan=\"3\" colspan=\"3\" class=\"corner\">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>"
		       "<th colspan=\"7\">申请人情况</th></tr>\n"
		       "<tr><th rowspan=\"2\">自然人</th><th colspan=\"5\">法人或其他组织</th><th rowspan=\"2\">总计</th></tr>\n"
		       "<tr><th>商业企业</th><th>科研机构</th><th>社会公益组织</th><th>法律服务机构</th><th>其他</th></tr>\n") != NULL,
	     "表三 three-row header: corner, 申请人情况, 自然人 / 法人或其他组织 (5) / 总计");
	T_OK(strstr(h, "<tr><th class=\"corner\">信息内容</th><th>本年制发件数</th>") != NULL, "表二 block header with 信息内容");
	free(h);
	p = render(r, RENDER_TEXT_PIPE);
	T_OK(has_line(p, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |"),
	     "pipe: corner and header line");
	T_OK(has_line(p, "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |"), "pipe: block header with corner");
	free(p);
	p = render(r, RENDER_MD);
	T_OK(strstr(p, "| 项目 | 自然人 | 法人或其他组织 商业企业 |") != NULL, "md: grouped column label");
	free(p);
	report_free(r);
	for (c = 1; c <= 5; c++)   /* detach ours before spec_free */
		for (len = 0; len < (size_t)nmine; len++)
			if (apps->cols[c].group == mine[len])
				apps->cols[c].group = NULL;
	for (len = 0; len < (size_t)nmine; len++) {
		if (apps->header == mine[len])
			apps->header = NULL;
		if (apps->corner == mine[len])
			apps->corner = NULL;
		if (pro->corner == mine[len])
			pro->corner = NULL;
		free(mine[len]);
	}
	spec_free(s);
}

/* Every built-in format renders in every layout; the HTML carries every
 * row label of every table, escaped (generic over specs). */
static void test_all_specs(const struct spec_set *set)
{
	static const enum render_to all[] = {RENDER_HTML, RENDER_MD, RENDER_JSON,
		RENDER_TEXT_PIPE, RENDER_TEXT_CELLS, RENDER_TEXT_TAB, RENDER_TEXT_SPACE,
		RENDER_TEXT_RUN};
	int i, t, row;
	size_t l;
	for (i = 0; i < set->n; i++) {
		const struct report_spec *s = set->v[i];
		struct gen_options opt = {(uint64_t)(i + 1) * 7919, 0, 30, 20, 400};
		struct report *r = report_generate(s, &opt);
		int missing = 0;
		T_OK(r != NULL, "generate a %s report", s->key);
		if (!r)
			continue;
		for (l = 0; l < sizeof all / sizeof all[0]; l++) {
			struct buf b = BUF_INIT(0);
			T_EQ_INT(report_render(r, all[l], &b), 0, "%s: layout %d renders", s->name, (int)all[l]);
			if (all[l] == RENDER_HTML) {
				for (t = 0; t < s->ntables; t++)
					for (row = 0; row < s->tables[t].nrows; row++) {
						struct buf want = BUF_INIT(0);
						const char *lab = s->tables[t].rows[row].label;
						for (; *lab; lab++) {
							if (*lab == '<') buf_adds(&want, "&lt;");
							else if (*lab == '>') buf_adds(&want, "&gt;");
							else if (*lab == '&') buf_adds(&want, "&amp;");
							else if (*lab == '"') buf_adds(&want, "&quot;");
							else if (*lab == '\'') buf_adds(&want, "&#39;");
							else buf_addc(&want, *lab);
						}
						if (!strstr(buf_str(&b), buf_str(&want))) {
							if (!missing)
								printf("#   missing label %s\n", buf_str(&want));
							missing++;
						}
						buf_free(&want);
					}
				T_EQ_INT(missing, 0, "%s: HTML has every row label", s->name);
			}
			buf_free(&b);
		}
		report_free(r);
	}
}

int main(void)
{
	const struct spec_set *set = spec_builtin();
	const struct report_spec *s = spec_find(set, "2021");
	struct report *none = report_new(NULL, "x");
	struct buf b = BUF_INIT(0);
	test_names();
	T_EQ_INT(report_render(none, RENDER_HTML, &b), -1, "no format: html refused");
	report_free(none);
	buf_free(&b);
	T_OK(s != NULL, "2021 spec built in");
	if (!s)
		return T_DONE();
	test_html(s);
	test_md(s);
	test_text(s);
	test_header_groups();
	test_all_specs(set);
	test_round_trip(set, s);
	return T_DONE();
}
