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

/* The grid's rows as <tr>s: header rows in <thead>, the rest in <tbody>. */
static void html_rows(const struct report *r, int t, const struct tgrid *g,
		      struct buf *out)
{
	static const char *const cls[] = {
		[GC_CORNER] = "corner", [GC_HEAD] = NULL, [GC_BLOCK] = "block",
		[GC_GROUP] = "group", [GC_LABEL] = "label", [GC_UNIT] = "unit",
		[GC_VALUE] = "num", [GC_NA] = "na", [GC_COVERED] = NULL};
	char tmp[48];
	int i, j;
	if (g->head_rows)
		buf_adds(out, "<thead>\n");
	for (i = 0; i < g->nrows; i++) {
		if (i == g->head_rows)
			buf_adds(out, g->head_rows ? "</thead>\n<tbody>\n" : "<tbody>\n");
		buf_adds(out, "<tr>");
		for (j = 0; j < g->ncols; j++) {
			const struct gcell *x = layout_gcell(g, i, j);
			int th = x->kind <= GC_LABEL;
			const char *text = x->text;
			if (x->kind == GC_COVERED)
				continue;
			if (x->kind == GC_VALUE)
				text = layout_cell_text(report_cell_c(r, t, x->row, x->col), tmp, sizeof tmp);
			cell(out, th ? "th" : "td", text ? text : "", x->rowspan, x->colspan, cls[x->kind]);
		}
		buf_adds(out, "</tr>\n");
	}
	if (g->nrows <= g->head_rows)   /* no body rows (a spec without rows) */
		buf_adds(out, g->head_rows ? "</thead>\n<tbody>\n" : "<tbody>\n");
	buf_adds(out, "</tbody>\n");
}

static void html_table(const struct report *r, int t, struct buf *out)
{
	const struct spec_table *st = r->tables[t].spec;
	struct tlayout L;
	struct tgrid g;
	layout_init(&L, st);
	buf_printf(out, "<table class=\"t t-%s\">\n", st->key);
	if (!st->section) {
		buf_adds(out, "<caption>");
		esc(out, st->title);
		buf_adds(out, "</caption>\n");
	}
	layout_grid(&L, &g);
	html_rows(r, t, &g, out);
	buf_adds(out, "</table>\n");
	layout_grid_free(&g);
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
