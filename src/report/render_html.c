/* render_html.c - the report as one print-ready HTML page, and as Markdown.
 *
 * HTML: UTF-8, lang="zh-CN", an embedded stylesheet (A4 page margins, a
 * Song/FangSong serif stack, bordered tables), the title, the spec's
 * sections in order with their official numbering, every table of the
 * format in its official shape (multi-level headers and grouped row labels
 * with rowspan/colspan, derived from the spec by render_layout), and the
 * agency and date at the end. Everything from the report is escaped.
 *
 * Markdown: headings and pipe tables, one row per spec row, the label
 * column joining the group labels and the row label. */
#include "report/render_layout.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ HTML */

static void esc(struct buf *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': buf_adds(out, "&amp;"); break;
		case '<': buf_adds(out, "&lt;"); break;
		case '>': buf_adds(out, "&gt;"); break;
		case '"': buf_adds(out, "&quot;"); break;
		case '\'': buf_adds(out, "&#39;"); break;
		default: buf_addc(out, *s);
		}
	}
}

/* One table cell: <tag rowspan colspan class>text</tag>. */
static void cell(struct buf *out, const char *tag, const char *text,
		 int rowspan, int colspan, const char *cls)
{
	buf_printf(out, "<%s", tag);
	if (rowspan > 1)
		buf_printf(out, " rowspan=\"%d\"", rowspan);
	if (colspan > 1)
		buf_printf(out, " colspan=\"%d\"", colspan);
	if (cls)
		buf_printf(out, " class=\"%s\"", cls);
	buf_addc(out, '>');
	esc(out, text);
	buf_printf(out, "</%s>", tag);
}

static void value_cell(struct buf *out, const struct report *r, int t, int row,
		       int c, int colspan)
{
	char tmp[48];
	cell(out, "td", layout_cell_text(report_cell_c(r, t, row, c), tmp, sizeof tmp),
	     1, colspan, "num");
}

static void html_grid(const struct report *r, int t, const struct tlayout *L,
		      struct buf *out)
{
	const struct spec_table *st = L->st;
	int H = (st->header ? 1 : 0) + (L->has_groups ? 2 : 1);
	int i, c, lv;
	buf_adds(out, "<thead>\n<tr>");
	cell(out, "th", st->corner ? st->corner : "", H, L->depth, "corner");
	if (st->unit_col)
		cell(out, "th", "单位", H, 1, NULL);
	if (st->header) {
		cell(out, "th", st->header, 1, st->ncols, NULL);
		buf_adds(out, "</tr>\n<tr>");
	}
	for (c = 0; c < st->ncols; c++) {
		const char *g = st->cols[c].group;
		int run = 1;
		if (!g) {
			cell(out, "th", st->cols[c].label, L->has_groups ? 2 : 1, 1, NULL);
			continue;
		}
		while (c + run < st->ncols && st->cols[c + run].group &&
		       !strcmp(st->cols[c + run].group, g))
			run++;
		cell(out, "th", g, 1, run, NULL);
		c += run - 1;
	}
	buf_adds(out, "</tr>\n");
	if (L->has_groups) {
		buf_adds(out, "<tr>");
		for (c = 0; c < st->ncols; c++)
			if (st->cols[c].group)
				cell(out, "th", st->cols[c].label, 1, 1, NULL);
		buf_adds(out, "</tr>\n");
	}
	buf_adds(out, "</thead>\n<tbody>\n");
	for (i = 0; i < st->nrows; i++) {
		const struct spec_row *sr = &st->rows[i];
		buf_adds(out, "<tr>");
		for (lv = 0; lv < L->chainlen[i]; lv++)
			if (layout_starts(L, i, lv)) {
				int p = layout_parent(L, i, lv);
				cell(out, "th", L->parents[p], layout_span(L, p), 1, "group");
			}
		cell(out, "th", sr->label, 1, L->depth - L->chainlen[i], "label");
		if (st->unit_col)
			cell(out, "td", sr->unit ? sr->unit : "", 1, 1, "unit");
		for (c = 0; c < st->ncols; c++) {
			if (spec_row_has_col(st, i, c))
				value_cell(out, r, t, i, c, 1);
			else
				cell(out, "td", "", 1, 1, "na");
		}
		buf_adds(out, "</tr>\n");
	}
	buf_adds(out, "</tbody>\n");
}

static void html_blocks(const struct report *r, int t, const struct tlayout *L,
			struct buf *out)
{
	const struct spec_table *st = L->st;
	int width = 1 + L->maxcols + (st->unit_col ? 1 : 0);
	int i, k;
	buf_adds(out, "<tbody>\n");
	for (i = 0; i < st->nrows; i++) {
		const struct spec_row *sr = &st->rows[i];
		const char *p = sr->parent;
		const char *prev = i > 0 ? st->rows[i - 1].parent : NULL;
		int fill = L->maxcols - sr->ncols + 1;
		if (i == 0 || (p ? !prev || strcmp(p, prev) : prev != NULL)) {
			if (p) {
				buf_adds(out, "<tr>");
				cell(out, "th", p, 1, width, "block");
				buf_adds(out, "</tr>\n");
			}
			buf_adds(out, "<tr>");
			cell(out, "th", st->corner ? st->corner : "", 1, 1, "corner");
			if (st->unit_col)
				cell(out, "th", "单位", 1, 1, NULL);
			for (k = 0; k < sr->ncols; k++)
				cell(out, "th", st->cols[sr->cols[k]].label, 1,
				     k == sr->ncols - 1 ? fill : 1, NULL);
			buf_adds(out, "</tr>\n");
		}
		buf_adds(out, "<tr>");
		cell(out, "th", sr->label, 1, 1, "label");
		if (st->unit_col)
			cell(out, "td", sr->unit ? sr->unit : "", 1, 1, "unit");
		for (k = 0; k < sr->ncols; k++)
			value_cell(out, r, t, i, sr->cols[k], k == sr->ncols - 1 ? fill : 1);
		buf_adds(out, "</tr>\n");
	}
	buf_adds(out, "</tbody>\n");
}

static void html_headless(const struct report *r, int t, const struct tlayout *L,
			  struct buf *out)
{
	const struct spec_table *st = L->st;
	int any_parent = 0, i, j, k;
	for (i = 0; i < st->nrows; i++)
		if (st->rows[i].parent)
			any_parent = 1;
	buf_adds(out, "<thead>\n<tr>");
	for (i = 0; i < st->nrows; i++) {
		const char *p = st->rows[i].parent;
		int span = st->rows[i].ncols;
		if (!p) {
			cell(out, "th", st->rows[i].label, any_parent ? 2 : 1, span, NULL);
			continue;
		}
		for (j = i + 1; j < st->nrows && st->rows[j].parent &&
		     !strcmp(st->rows[j].parent, p); j++)
			span += st->rows[j].ncols;
		cell(out, "th", p, 1, span, NULL);
		i = j - 1;
	}
	buf_adds(out, "</tr>\n");
	if (any_parent) {
		buf_adds(out, "<tr>");
		for (i = 0; i < st->nrows; i++)
			if (st->rows[i].parent)
				cell(out, "th", st->rows[i].label, 1, st->rows[i].ncols, NULL);
		buf_adds(out, "</tr>\n");
	}
	buf_adds(out, "<tr>");
	for (i = 0; i < st->nrows; i++)
		for (k = 0; k < st->rows[i].ncols; k++)
			cell(out, "th", st->cols[st->rows[i].cols[k]].label, 1, 1, NULL);
	buf_adds(out, "</tr>\n</thead>\n<tbody>\n<tr>");
	for (i = 0; i < st->nrows; i++)
		for (k = 0; k < st->rows[i].ncols; k++)
			value_cell(out, r, t, i, st->rows[i].cols[k], 1);
	buf_adds(out, "</tr>\n</tbody>\n");
}

static void html_table(const struct report *r, int t, struct buf *out)
{
	const struct spec_table *st = r->tables[t].spec;
	struct tlayout L;
	layout_init(&L, st);
	buf_printf(out, "<table class=\"t t-%s\">\n", st->key);
	if (!st->section) {
		buf_adds(out, "<caption>");
		esc(out, st->title);
		buf_adds(out, "</caption>\n");
	}
	if (st->headless)
		html_headless(r, t, &L, out);
	else if (L.block_mode)
		html_blocks(r, t, &L, out);
	else
		html_grid(r, t, &L, out);
	buf_adds(out, "</table>\n");
	layout_free(&L);
}

/* Body text: one <p> per non-empty line. */
static void html_paragraphs(struct buf *out, const char *text)
{
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		struct buf line = BUF_INIT(0);
		buf_add(&line, text, n);
		if (line.len && !(line.len == 1 && line.data[0] == '\r')) {
			buf_adds(out, "<p>");
			esc(out, buf_str(&line));
			buf_adds(out, "</p>\n");
		}
		buf_free(&line);
		text += n + (nl ? 1 : 0);
	}
}

static const char html_style[] =
	"@page { size: A4; margin: 25mm 20mm 25mm 25mm; }\n"
	"body { font-family: \"FangSong\", \"FangSong_GB2312\", \"仿宋\", \"STFangsong\","
	" \"SimSun\", \"宋体\", \"Songti SC\", \"Noto Serif CJK SC\", \"Source Han Serif SC\", serif;"
	" font-size: 16pt; line-height: 1.6; color: #000; background: #fff; margin: 0; }\n"
	".report { max-width: 170mm; margin: 0 auto; padding: 10mm 0; }\n"
	"h1 { font-family: \"SimSun\", \"宋体\", \"Songti SC\", \"Noto Serif CJK SC\", serif;"
	" font-size: 22pt; text-align: center; margin: 0 0 1em; }\n"
	"h2 { font-family: \"SimHei\", \"黑体\", \"Noto Sans CJK SC\", sans-serif; font-size: 16pt;"
	" margin: 1em 0 0.5em; }\n"
	"p { text-indent: 2em; margin: 0 0 0.3em; }\n"
	"table.t { border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; font-size: 10.5pt;"
	" line-height: 1.4; page-break-inside: auto; }\n"
	"table.t th, table.t td { border: 1px solid #000; padding: 2px 4px; vertical-align: middle; }\n"
	"table.t th { font-weight: normal; text-align: center; }\n"
	"table.t th.label, table.t th.block { text-align: left; }\n"
	"table.t td.num { text-align: center; }\n"
	"table.t tr { page-break-inside: avoid; }\n"
	"table.t caption { font-weight: bold; margin-bottom: 0.3em; }\n"
	".sign { text-align: right; text-indent: 0; margin-top: 2em; }\n"
	"@media print {\n"
	"  body { font-size: 16pt; }\n"
	"  .report { max-width: none; padding: 0; }\n"
	"  h2 { page-break-after: avoid; }\n"
	"  table.t { page-break-before: auto; }\n"
	"  thead { display: table-header-group; }\n"
	"}\n";

/* Render the report as one self-contained HTML page. */
void render_html(const struct report *r, struct buf *out)
{
	struct buf tmp = BUF_INIT(0);
	struct litem *items;
	int n = layout_order(r, &items), i;
	layout_title(r, &tmp);
	buf_adds(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
	esc(out, buf_str(&tmp));
	buf_adds(out, "</title>\n<style>\n");
	buf_adds(out, html_style);
	buf_adds(out, "</style>\n</head>\n<body>\n<article class=\"report\">\n<h1>");
	esc(out, buf_str(&tmp));
	buf_adds(out, "</h1>\n");
	for (i = 0; i < n; i++) {
		const struct litem *it = &items[i];
		if (it->kind == LI_TABLE) {
			html_table(r, it->table, out);
			continue;
		}
		buf_reset(&tmp);
		layout_heading(r, it, &tmp);
		buf_adds(out, "<h2>");
		esc(out, buf_str(&tmp));
		buf_adds(out, "</h2>\n");
		if (it->section >= 0)
			html_paragraphs(out, r->sections[it->section].text);
	}
	buf_reset(&tmp);
	layout_date(r, &tmp);
	if (r->agency || tmp.len) {
		buf_adds(out, "<p class=\"sign\">");
		esc(out, r->agency);
		if (r->agency && tmp.len)
			buf_adds(out, "<br>");
		esc(out, buf_str(&tmp));
		buf_adds(out, "</p>\n");
	}
	buf_adds(out, "</article>\n</body>\n</html>\n");
	free(items);
	buf_free(&tmp);
}

/* -------------------------------------------------------------- Markdown */

static void md_esc(struct buf *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			buf_adds(out, "\\|");
		else if (*s == '\n' || *s == '\r')
			buf_addc(out, ' ');
		else
			buf_addc(out, *s);
	}
}

static void md_table(const struct report *r, int t, struct buf *out)
{
	const struct spec_table *st = r->tables[t].spec;
	struct tlayout L;
	char tmp[48];
	int i, c, lv;
	layout_init(&L, st);
	if (!st->section)
		buf_printf(out, "**%s**\n\n", st->title);
	buf_adds(out, "| 项目 |");
	if (st->unit_col)
		buf_adds(out, " 单位 |");
	for (c = 0; c < st->ncols; c++) {
		buf_addc(out, ' ');
		if (st->cols[c].group) {
			md_esc(out, st->cols[c].group);
			buf_addc(out, ' ');
		}
		md_esc(out, st->cols[c].label);
		buf_adds(out, " |");
	}
	buf_adds(out, "\n|---|");
	if (st->unit_col)
		buf_adds(out, "---|");
	for (c = 0; c < st->ncols; c++)
		buf_adds(out, "---:|");
	buf_addc(out, '\n');
	for (i = 0; i < st->nrows; i++) {
		const struct spec_row *sr = &st->rows[i];
		buf_adds(out, "| ");
		if (st->headless || L.block_mode) {
			if (sr->parent) {
				md_esc(out, sr->parent);
				buf_addc(out, ' ');
			}
		} else {
			for (lv = 0; lv < L.chainlen[i]; lv++) {
				md_esc(out, L.parents[layout_parent(&L, i, lv)]);
				buf_addc(out, ' ');
			}
		}
		md_esc(out, sr->label);
		buf_adds(out, " |");
		if (st->unit_col) {
			buf_addc(out, ' ');
			md_esc(out, sr->unit);
			buf_adds(out, " |");
		}
		for (c = 0; c < st->ncols; c++) {
			const char *v = "";
			if (spec_row_has_col(st, i, c))
				v = layout_cell_text(report_cell_c(r, t, i, c), tmp, sizeof tmp);
			buf_printf(out, " %s |", v);
		}
		buf_addc(out, '\n');
	}
	buf_addc(out, '\n');
	layout_free(&L);
}

/* Render the report as Markdown. */
void render_md(const struct report *r, struct buf *out)
{
	struct buf tmp = BUF_INIT(0);
	struct litem *items;
	int n = layout_order(r, &items), i;
	layout_title(r, &tmp);
	buf_adds(out, "# ");
	md_esc(out, buf_str(&tmp));
	buf_adds(out, "\n\n");
	for (i = 0; i < n; i++) {
		const struct litem *it = &items[i];
		const char *text;
		if (it->kind == LI_TABLE) {
			md_table(r, it->table, out);
			continue;
		}
		buf_reset(&tmp);
		layout_heading(r, it, &tmp);
		buf_adds(out, "## ");
		md_esc(out, buf_str(&tmp));
		buf_adds(out, "\n\n");
		text = it->section >= 0 ? r->sections[it->section].text : NULL;
		while (text && *text) {  /* one paragraph per non-empty line */
			const char *nl = strchr(text, '\n');
			size_t len = nl ? (size_t)(nl - text) : strlen(text);
			if (len) {
				buf_add(out, text, len);
				buf_adds(out, "\n\n");
			}
			text += len + (nl ? 1 : 0);
		}
	}
	buf_reset(&tmp);
	layout_date(r, &tmp);
	if (r->agency)
		buf_printf(out, "%s\n\n", r->agency);
	if (tmp.len)
		buf_printf(out, "%s\n", buf_str(&tmp));
	free(items);
	buf_free(&tmp);
}
