/* render_xlsx.c - the report as an Excel workbook (Office Open XML,
 * SpreadsheetML), for supervisors and auditors who work on the tables.
 *
 * Sheets: first 报告信息 (title, agency, year, format, publication date,
 * and - when the caller passes them - the check findings), then one sheet
 * per table of the format, named after the table's section heading
 * ("二、主动公开政府信息情况") or its title, cut to Excel's 31 characters with
 * []:*?/\ replaced. A table sheet has the heading in row 1 and the table
 * from row 2 in exactly the shape of the HTML page (layout_grid(): the
 * merged header and label cells become merged ranges, covered cells keep
 * the border style). Every number is a numeric cell holding the report's
 * exact decimal digits (168.61 is written as 168.61, not through a
 * double); blank and absent cells are empty cells. Header rows are frozen.
 *
 * Written by hand with libzip (report/ooxml.c) rather than with
 * libxlsxwriter: Debian 12's libxlsxwriter 1.1.4 can only write to a named
 * file (no memory output, and temporary files of its own), which a web
 * server answering downloads should not need; it takes numbers as double;
 * and the DOCX renderer needs the same zip writer anyway. The parts are a
 * few hundred lines of fixed XML: inline strings (no shared-string table),
 * one style sheet, no formulas. */
#include "report/render_layout.h"
#include "report/ooxml.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SS_NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define MAX_SHEETS 32
#define SHEET_NAME_MAX 31   /* Excel's limit, in UTF-16 code units */

/* Cell styles: indices into cellXfs of styles[] below. */
enum xstyle { XS_DEFAULT = 0, XS_TITLE = 1, XS_HEAD = 2, XS_LABEL = 3, XS_NUM = 4,
	      XS_TEXT = 5, XS_KEY = 6 };

static const char styles[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<styleSheet xmlns=\"" SS_NS "\">"
	"<fonts count=\"3\">"
	"<font><sz val=\"11\"/><name val=\"宋体\"/><family val=\"3\"/><charset val=\"134\"/></font>"
	"<font><b/><sz val=\"11\"/><name val=\"宋体\"/><family val=\"3\"/><charset val=\"134\"/></font>"
	"<font><b/><sz val=\"14\"/><name val=\"宋体\"/><family val=\"3\"/><charset val=\"134\"/></font>"
	"</fonts>"
	"<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
	"<fill><patternFill patternType=\"gray125\"/></fill></fills>"
	"<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border>"
	"<border><left style=\"thin\"><color auto=\"1\"/></left><right style=\"thin\"><color auto=\"1\"/></right>"
	"<top style=\"thin\"><color auto=\"1\"/></top><bottom style=\"thin\"><color auto=\"1\"/></bottom>"
	"<diagonal/></border></borders>"
	"<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
	"<cellXfs count=\"7\">"
	"<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
	"<xf numFmtId=\"0\" fontId=\"2\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
	"<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyBorder=\"1\" applyAlignment=\"1\">"
	"<alignment horizontal=\"center\" vertical=\"center\" wrapText=\"1\"/></xf>"
	"<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyBorder=\"1\" applyAlignment=\"1\">"
	"<alignment horizontal=\"left\" vertical=\"center\" wrapText=\"1\"/></xf>"
	"<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyBorder=\"1\" applyAlignment=\"1\">"
	"<alignment horizontal=\"center\" vertical=\"center\"/></xf>"
	"<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\">"
	"<alignment vertical=\"top\" wrapText=\"1\"/></xf>"
	"<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyAlignment=\"1\">"
	"<alignment vertical=\"top\"/></xf>"
	"</cellXfs>"
	"<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
	"</styleSheet>\n";

/* ------------------------------------------------------------ sheet XML */

struct sheet {
	struct buf *x;      /* the part being written */
	int row;            /* open <row> (1-based), 0 if none */
	struct buf merges;  /* <mergeCell .../> elements */
	int nmerges;
};

/* "A", "B", ..., "Z", "AA", ... for 0-based column c. */
static void col_name(int c, char *out)
{
	char tmp[8];
	int n = 0, i;
	c++;
	while (c > 0 && n < 7) {
		tmp[n++] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

/* Move to 1-based sheet row r (rows only go forward). */
static void sheet_row(struct sheet *s, int r)
{
	if (s->row == r)
		return;
	if (s->row)
		buf_adds(s->x, "</row>");
	buf_printf(s->x, "<row r=\"%d\">", r);
	s->row = r;
}

static void cell_ref(struct sheet *s, int r, int c, int style)
{
	char col[8];
	sheet_row(s, r);
	col_name(c, col);
	buf_printf(s->x, "<c r=\"%s%d\"", col, r);
	if (style)
		buf_printf(s->x, " s=\"%d\"", style);
}

/* A text cell (inline string), or an empty styled cell if text is empty. */
static void cell_text(struct sheet *s, int r, int c, int style, const char *text)
{
	cell_ref(s, r, c, style);
	if (!text || !*text) {
		buf_adds(s->x, "/>");
		return;
	}
	buf_adds(s->x, " t=\"inlineStr\"><is><t xml:space=\"preserve\">");
	xml_esc(s->x, text);
	buf_adds(s->x, "</t></is></c>");
}

/* A numeric cell holding the exact decimal text num ("168.61"). */
static void cell_num(struct sheet *s, int r, int c, int style, const char *num)
{
	cell_ref(s, r, c, style);
	buf_printf(s->x, "><v>%s</v></c>", num);
}

static void merge(struct sheet *s, int r0, int c0, int r1, int c1)
{
	char a[8], b[8];
	col_name(c0, a);
	col_name(c1, b);
	buf_printf(&s->merges, "<mergeCell ref=\"%s%d:%s%d\"/>", a, r0, b, r1);
	s->nmerges++;
}

/* Start a worksheet: frozen rows above `freeze` (1-based row of the first
 * scrolling row, 0 for none) and column widths in characters. */
static void sheet_begin(struct sheet *s, struct buf *x, int freeze, const int *widths, int ncols)
{
	int j;
	memset(s, 0, sizeof *s);
	s->x = x;
	buf_init(&s->merges, 0);
	buf_adds(x, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		 "<worksheet xmlns=\"" SS_NS "\" xmlns:r=\"" R_NS "\"><sheetViews><sheetView workbookViewId=\"0\">");
	if (freeze > 1)
		buf_printf(x, "<pane ySplit=\"%d\" topLeftCell=\"A%d\" activePane=\"bottomLeft\" state=\"frozen\"/>",
			   freeze - 1, freeze);
	buf_adds(x, "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/><cols>");
	for (j = 0; j < ncols; j++)
		buf_printf(x, "<col min=\"%d\" max=\"%d\" width=\"%d\" customWidth=\"1\"/>", j + 1, j + 1,
			   widths[j]);
	buf_adds(x, "</cols><sheetData>");
}

static void sheet_end(struct sheet *s, int landscape)
{
	if (s->row)
		buf_adds(s->x, "</row>");
	buf_adds(s->x, "</sheetData>");
	if (s->nmerges)
		buf_printf(s->x, "<mergeCells count=\"%d\">%s</mergeCells>", s->nmerges,
			   buf_str(&s->merges));
	buf_printf(s->x, "<pageMargins left=\"0.6\" right=\"0.6\" top=\"0.8\" bottom=\"0.8\""
		   " header=\"0.3\" footer=\"0.3\"/><pageSetup paperSize=\"9\" orientation=\"%s\"/>"
		   "</worksheet>\n", landscape ? "landscape" : "portrait");
	buf_free(&s->merges);
}

/* Display width of UTF-8 text in Excel columns (CJK counts 2). */
static int text_width(const char *s)
{
	int w = 0;
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x80)
			w++;
		else if (c >= 0xC0)
			w += 2;
	}
	return w;
}

/* --------------------------------------------------------- sheet names */

/* Excel's sheet name rules: at most 31 UTF-16 units, none of []:*?/\,
 * not empty, unique (case-insensitively; ours differ by CJK text or a
 * numeric suffix). */
static void sheet_name(const char *want, char names[][128], int n, char *out)
{
	char base[96];
	size_t o = 0;
	int units = 0, k, dup;
	const unsigned char *p = (const unsigned char *)want;
	while (*p && o + 5 < sizeof base) {
		int len = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1;
		int u = len == 4 ? 2 : 1;
		if (units + u > SHEET_NAME_MAX - 4)   /* room for a " (2)" suffix */
			break;
		if (len == 1 && (strchr("[]:*?/\\", *p) || *p < 0x20))
			base[o++] = '_';
		else {
			memcpy(base + o, p, (size_t)len);
			o += (size_t)len;
		}
		units += u;
		p += len;
		while (*p && (*p & 0xC0) == 0x80)   /* stray continuation bytes */
			p++;
	}
	base[o] = '\0';
	if (!o || base[0] == '\'')
		snprintf(base, sizeof base, "表%d", n);
	snprintf(out, 128, "%s", base);
	for (k = 2;; k++) {
		int i;
		dup = 0;
		for (i = 0; i < n; i++)
			if (!strcmp(names[i], out))
				dup = 1;
		if (!dup)
			break;
		snprintf(out, 128, "%s (%d)", base, k);
	}
}

/* ---------------------------------------------------------------- sheets */

static int grid_style(enum gcell_kind k)
{
	switch (k) {
	case GC_LABEL: case GC_BLOCK: return XS_LABEL;
	case GC_VALUE: case GC_NA: return XS_NUM;
	default: return XS_HEAD;
	}
}

/* The sheet of table t: heading in row 1, the grid from row 2. */
static void table_sheet(const struct report *r, int t, const char *heading, struct buf *x)
{
	const struct spec_table *st = r->tables[t].spec;
	struct tlayout L;
	struct tgrid g;
	struct sheet s;
	char tmp[48];
	int *w, i, j;
	layout_init(&L, st);
	layout_grid(&L, &g);
	w = xcalloc((size_t)g.ncols + 1, sizeof *w);
	for (j = 0; j < g.ncols; j++)
		w[j] = 8;
	for (i = 0; i < g.nrows; i++)
		for (j = 0; j < g.ncols; j++) {
			const struct gcell *c = layout_gcell(&g, i, j);
			int cw = c->kind == GC_VALUE ? 10 : text_width(c->text) + 2;
			int cap = c->kind == GC_LABEL || c->kind == GC_UNIT ? 60 :
				  c->kind == GC_GROUP ? 12 : 16;
			if (c->kind == GC_COVERED || c->colspan != 1 || c->kind == GC_CORNER)
				continue;
			if (cw > cap)
				cw = cap;
			if (cw > w[j])
				w[j] = cw;
		}
	sheet_begin(&s, x, g.head_rows ? 2 + g.head_rows : 0, w, g.ncols);
	cell_text(&s, 1, 0, XS_TITLE, heading);
	for (i = 0; i < g.nrows; i++)
		for (j = 0; j < g.ncols; j++) {
			const struct gcell *c = layout_gcell(&g, i, j);
			const struct gcell *o = c->kind == GC_COVERED ? layout_gcell(&g, c->orow, c->ocol) : c;
			const char *v;
			if (c->kind == GC_COVERED) {
				cell_text(&s, i + 2, j, grid_style(o->kind), NULL);
				continue;
			}
			if (c->rowspan > 1 || c->colspan > 1)
				merge(&s, i + 2, j, i + 1 + c->rowspan, j + c->colspan - 1);
			if (c->kind != GC_VALUE) {
				cell_text(&s, i + 2, j, grid_style(c->kind), c->text);
				continue;
			}
			v = layout_cell_text(report_cell_c(r, t, c->row, c->col), tmp, sizeof tmp);
			if (*v)
				cell_num(&s, i + 2, j, XS_NUM, v);
			else
				cell_text(&s, i + 2, j, XS_NUM, NULL);
		}
	sheet_end(&s, g.ncols > 6);
	free(w);
	layout_grid_free(&g);
	layout_free(&L);
}

/* Label of a finding's table/row/column key, else the key itself. */
static const char *finding_where(const struct report *r, const struct finding *f, int what)
{
	int t = f->table ? spec_table_index(r->spec, f->table) : -1, k;
	const struct spec_table *st = t >= 0 ? &r->spec->tables[t] : NULL;
	if (what == 0)
		return st ? st->title : f->table;
	if (what == 1) {
		k = st && f->row ? spec_row_index(st, f->row) : -1;
		return k >= 0 ? st->rows[k].label : f->row;
	}
	k = st && f->col ? spec_col_index(st, f->col) : -1;
	return k >= 0 ? st->cols[k].label : f->col;
}

/* The first sheet: what the report is, and the check findings. */
static void info_sheet(const struct report *r, const struct finding_list *fl, struct buf *x)
{
	static const int widths[] = {12, 40, 30, 30, 16, 10, 10, 60};
	static const char *const heads[] = {"级别", "规则", "表", "行", "列", "应为", "实为", "说明"};
	struct buf tmp = BUF_INIT(0);
	struct sheet s;
	char year[16];
	int row = 3, i, k;
	sheet_begin(&s, x, 0, widths, 8);
	layout_title(r, &tmp);
	cell_text(&s, 1, 0, XS_TITLE, buf_str(&tmp));
	cell_text(&s, row, 0, XS_KEY, "机关");
	cell_text(&s, row++, 1, XS_TEXT, r->agency);
	cell_text(&s, row, 0, XS_KEY, "年度");
	if (r->year > 0) {
		snprintf(year, sizeof year, "%d", r->year);
		cell_num(&s, row, 1, XS_TEXT, year);
	}
	row++;
	cell_text(&s, row, 0, XS_KEY, "格式");
	cell_text(&s, row++, 1, XS_TEXT, r->spec->key);
	cell_text(&s, row, 0, XS_KEY, "格式名称");
	cell_text(&s, row++, 1, XS_TEXT, r->spec->name);
	cell_text(&s, row, 0, XS_KEY, "发布日期");
	cell_text(&s, row++, 1, XS_TEXT, r->published);
	cell_text(&s, row, 0, XS_KEY, "标题");
	cell_text(&s, row++, 1, XS_TEXT, buf_str(&tmp));
	if (fl) {
		row++;
		cell_text(&s, row, 0, XS_KEY, "检查结果");
		if (fl->n == 0)
			cell_text(&s, row, 1, XS_TEXT, "检查通过：各项数字符合格式规则。");
		else {
			buf_reset(&tmp);
			buf_printf(&tmp, "错误 %d 项，提示 %d 项，说明 %d 项",
				   finding_count(fl, SEV_ERROR),
				   finding_count(fl, SEV_WARNING) - finding_count(fl, SEV_ERROR),
				   fl->n - finding_count(fl, SEV_WARNING));
			cell_text(&s, row, 1, XS_TEXT, buf_str(&tmp));
		}
		row++;
		if (fl->n) {
			for (k = 0; k < 8; k++)
				cell_text(&s, row, k, XS_HEAD, heads[k]);
			row++;
		}
		for (i = 0; i < fl->n; i++, row++) {
			const struct finding *f = &fl->v[i];
			cell_text(&s, row, 0, XS_LABEL, f->sev == SEV_ERROR ? "错误" :
				  f->sev == SEV_WARNING ? "提示" : "说明");
			cell_text(&s, row, 1, XS_LABEL, f->rule);
			cell_text(&s, row, 2, XS_LABEL, finding_where(r, f, 0));
			cell_text(&s, row, 3, XS_LABEL, finding_where(r, f, 1));
			cell_text(&s, row, 4, XS_LABEL, finding_where(r, f, 2));
			cell_text(&s, row, 5, XS_NUM, f->expected);
			cell_text(&s, row, 6, XS_NUM, f->found);
			cell_text(&s, row, 7, XS_LABEL, f->zh);
		}
	}
	sheet_end(&s, 1);
	buf_free(&tmp);
}

/* Sheet heading of table t: its section's heading ("二、主动公开政府信息情况")
 * when it sits in a section, else its title. */
static void table_heading(const struct report *r, int t, struct buf *out)
{
	const struct spec_table *st = &r->spec->tables[t];
	const struct litem *items = NULL;
	struct litem *v;
	int n = layout_order(r, &v), i;
	items = v;
	for (i = 0; st->section && i < n; i++)
		if (items[i].kind == LI_SECTION && items[i].spec &&
		    !strcmp(items[i].spec->key, st->section)) {
			layout_heading(r, &items[i], out);
			break;
		}
	if (!out->len)
		buf_adds(out, st->title);
	free(v);
}

/* Render the workbook into out. 0 or -1. */
int render_xlsx(const struct report *r, const struct finding_list *findings, struct buf *out)
{
	char (*nm)[128] = xcalloc(MAX_SHEETS, sizeof *nm);
	struct ooxml pkg = {0};
	struct buf *ct, *wb, *rels, heading = BUF_INIT(0);
	char part[64];
	int nsheets = 1, t, i, rc;
	ct = ooxml_part(&pkg, "[Content_Types].xml");
	buf_adds(ooxml_part(&pkg, "_rels/.rels"),
		 "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		 "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		 "<Relationship Id=\"rId1\" Type=\"" R_NS "/officeDocument\" Target=\"xl/workbook.xml\"/>"
		 "</Relationships>\n");
	wb = ooxml_part(&pkg, "xl/workbook.xml");
	rels = ooxml_part(&pkg, "xl/_rels/workbook.xml.rels");
	buf_adds(ooxml_part(&pkg, "xl/styles.xml"), styles);
	sheet_name("报告信息", nm, 0, nm[0]);
	info_sheet(r, findings, ooxml_part(&pkg, "xl/worksheets/sheet1.xml"));
	for (t = 0; t < r->spec->ntables && nsheets < MAX_SHEETS; t++) {
		buf_reset(&heading);
		table_heading(r, t, &heading);
		sheet_name(buf_str(&heading), nm, nsheets, nm[nsheets]);
		snprintf(part, sizeof part, "xl/worksheets/sheet%d.xml", nsheets + 1);
		table_sheet(r, t, buf_str(&heading), ooxml_part(&pkg, part));
		nsheets++;
	}
	buf_adds(ct, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		 "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		 "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
		 "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
		 "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
		 "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>");
	buf_adds(wb, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		 "<workbook xmlns=\"" SS_NS "\" xmlns:r=\"" R_NS "\"><bookViews><workbookView/></bookViews><sheets>");
	buf_adds(rels, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		 "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
	for (i = 0; i < nsheets; i++) {
		buf_printf(ct, "<Override PartName=\"/xl/worksheets/sheet%d.xml\" ContentType=\""
			   "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>", i + 1);
		buf_adds(wb, "<sheet name=\"");
		xml_esc(wb, nm[i]);
		buf_printf(wb, "\" sheetId=\"%d\" r:id=\"rId%d\"/>", i + 1, i + 1);
		buf_printf(rels, "<Relationship Id=\"rId%d\" Type=\"" R_NS "/worksheet\""
			   " Target=\"worksheets/sheet%d.xml\"/>", i + 1, i + 1);
	}
	buf_adds(ct, "</Types>\n");
	buf_adds(wb, "</sheets></workbook>\n");
	buf_printf(rels, "<Relationship Id=\"rId%d\" Type=\"" R_NS "/styles\" Target=\"styles.xml\"/>"
		   "</Relationships>\n", nsheets + 1);
	rc = ooxml_write(&pkg, out);
	ooxml_free(&pkg);
	buf_free(&heading);
	free(nm);
	return rc;
}
