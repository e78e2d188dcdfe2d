/* render_docx.c - the report as a Word document (Office Open XML,
 * WordprocessingML), the file clerks submit to their 政务公开办.
 *
 * The same content and order as the HTML page (render_html.c): the title,
 * the spec's sections with their official numbering and text (one
 * paragraph per line), every table of the format in its official shape -
 * the grid from layout_grid(), so merged header and label cells are exactly
 * the HTML renderer's rowspan/colspan, here as w:vMerge / w:gridSpan - and
 * the agency and date at the end. A4 portrait with the margins of GB/T 9704
 * (公文格式), 仿宋 三号 body text, 黑体 headings, 宋体 五号 in tables, single
 * borders on every cell; header rows repeat on each page. Every text from
 * the report is XML-escaped.
 *
 * The package is the minimum Word, LibreOffice and WPS open:
 * [Content_Types].xml, _rels/.rels, word/document.xml, word/styles.xml,
 * word/_rels/document.xml.rels and docProps/core.xml (title, creator).
 * decode.c reads it back (tests/unit/test_render_office.c round-trips every
 * number through report_decode + report_parse). */
#include "report/render_layout.h"
#include "report/ooxml.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

/* A4 portrait and GB/T 9704 margins, in twentieths of a point. */
#define PAGE_W 11906
#define PAGE_H 16838
#define MARGIN_TOP 2098
#define MARGIN_BOTTOM 1984
#define MARGIN_LEFT 1587
#define MARGIN_RIGHT 1474
#define TEXT_W (PAGE_W - MARGIN_LEFT - MARGIN_RIGHT)
#define UNIT_COL_W 700

static const char content_types[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	"<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
	"<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
	"</Types>\n";

static const char package_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
	"</Relationships>\n";

static const char document_rels[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
	"</Relationships>\n";

/* Fonts: Latin text in Times New Roman, Chinese (w:eastAsia) in the
 * official faces; sizes in half-points (三号 16pt = 32, 五号 10.5pt = 21,
 * 二号 22pt = 44). */
#define FONTS(ea) "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\"" \
	" w:eastAsia=\"" ea "\" w:cs=\"Times New Roman\" w:hint=\"eastAsia\"/>"

static const char styles[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
	"<w:styles xmlns:w=\"" W_NS "\">"
	"<w:docDefaults><w:rPrDefault><w:rPr>" FONTS("仿宋")
	"<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/>"
	"</w:rPr></w:rPrDefault>"
	"<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"560\" w:lineRule=\"exact\"/>"
	"<w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>"
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/>"
	"<w:pPr><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/></w:pPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/>"
	"<w:pPr><w:spacing w:before=\"0\" w:after=\"560\" w:line=\"700\" w:lineRule=\"exact\"/>"
	"<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"center\"/><w:outlineLvl w:val=\"0\"/></w:pPr>"
	"<w:rPr>" FONTS("宋体") "<w:b/><w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/>"
	"<w:pPr><w:keepNext/><w:outlineLvl w:val=\"1\"/></w:pPr>"
	"<w:rPr>" FONTS("黑体") "</w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:pPr><w:keepNext/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/>"
	"<w:jc w:val=\"center\"/></w:pPr><w:rPr>" FONTS("黑体") "</w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/>"
	"<w:basedOn w:val=\"Normal\"/>"
	"<w:pPr><w:spacing w:after=\"0\" w:line=\"260\" w:lineRule=\"atLeast\"/>"
	"<w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"center\"/></w:pPr>"
	"<w:rPr>" FONTS("宋体") "<w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/></w:rPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"Signature\"><w:name w:val=\"Signature\"/>"
	"<w:basedOn w:val=\"Normal\"/><w:pPr><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/>"
	"<w:jc w:val=\"right\"/></w:pPr></w:style>"
	"<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>"
	"<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/>"
	"<w:left w:w=\"57\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/>"
	"<w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"
	"</w:styles>\n";

/* A paragraph of style `style` (NULL: Normal) holding text. */
static void para(struct buf *out, const char *style, const char *text, size_t n)
{
	buf_adds(out, "<w:p>");
	if (style)
		buf_printf(out, "<w:pPr><w:pStyle w:val=\"%s\"/></w:pPr>", style);
	if (n) {
		buf_adds(out, "<w:r><w:t xml:space=\"preserve\">");
		xml_esc_n(out, text, n);
		buf_adds(out, "</w:t></w:r>");
	}
	buf_adds(out, "</w:p>");
}

static void para_s(struct buf *out, const char *style, const char *text)
{
	para(out, style, text, text ? strlen(text) : 0);
}

/* Body text: one paragraph per non-empty line. */
static void paragraphs(struct buf *out, const char *text)
{
	while (text && *text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		size_t k = n;
		while (k > 0 && text[k - 1] == '\r')
			k--;
		if (k)
			para(out, NULL, text, k);
		text += n + (nl ? 1 : 0);
	}
}

/* Column widths (twips) for grid g: the leading label columns get a share
 * of the text width (more when there are few value columns), a unit
 * column a fixed width, the value columns the rest in equal parts. */
static void col_widths(const struct tgrid *g, int *w)
{
	int lab = g->ncols, unit = -1, i, j, nval, rest;
	for (i = 0; i < g->nrows; i++)
		for (j = 0; j < g->ncols; j++) {
			const struct gcell *x = layout_gcell(g, i, j);
			if (x->kind == GC_VALUE && j < lab)
				lab = j;
			if (x->kind == GC_UNIT)
				unit = j;
		}
	if (lab == g->ncols)
		lab = 0;
	nval = g->ncols - lab - (unit >= 0 ? 1 : 0);
	rest = TEXT_W - (unit >= 0 ? UNIT_COL_W : 0);
	if (lab > 0) {
		int area = rest * (nval <= 2 ? 60 : lab == 1 ? 34 : 46) / 100;
		if (lab == 1) {
			w[0] = area;
		} else {
			w[lab - 1] = area * 55 / 100;
			for (j = 0; j < lab - 1; j++)
				w[j] = (area - w[lab - 1]) / (lab - 1);
		}
		rest -= area;
	}
	for (j = lab; j < g->ncols; j++)
		w[j] = j == unit ? UNIT_COL_W : rest / (nval > 0 ? nval : 1);
}

/* One <w:tc>: width of its columns, spans, vertical merge state
 * ("restart", "continue" or NULL), and its text. */
static void tc(struct buf *out, const int *w, int col, int colspan, const char *vmerge,
	       const char *text, int left)
{
	int width = 0, k;
	for (k = 0; k < colspan; k++)
		width += w[col + k];
	buf_printf(out, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/>", width);
	if (colspan > 1)
		buf_printf(out, "<w:gridSpan w:val=\"%d\"/>", colspan);
	if (vmerge)
		buf_printf(out, "<w:vMerge w:val=\"%s\"/>", vmerge);
	buf_adds(out, "<w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/>");
	if (left)
		buf_adds(out, "<w:jc w:val=\"left\"/>");
	buf_adds(out, "</w:pPr>");
	if (text && *text) {
		buf_adds(out, "<w:r><w:t xml:space=\"preserve\">");
		xml_esc(out, text);
		buf_adds(out, "</w:t></w:r>");
	}
	buf_adds(out, "</w:p></w:tc>");
}

static void table(const struct report *r, int t, struct buf *out)
{
	static const char border[] = " w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>";
	const struct spec_table *st = r->tables[t].spec;
	struct tlayout L;
	struct tgrid g;
	char tmp[48];
	int *w, i, j, total = 0;
	layout_init(&L, st);
	layout_grid(&L, &g);
	w = xcalloc((size_t)g.ncols + 1, sizeof *w);
	col_widths(&g, w);
	for (j = 0; j < g.ncols; j++)
		total += w[j];
	if (!st->section)
		para_s(out, "Caption", st->title);
	buf_printf(out, "<w:tbl><w:tblPr><w:tblW w:w=\"%d\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>"
		   "<w:tblBorders><w:top%s<w:left%s<w:bottom%s<w:right%s<w:insideH%s<w:insideV%s"
		   "</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
		   "<w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\""
		   " w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
		   total, border, border, border, border, border, border);
	for (j = 0; j < g.ncols; j++)
		buf_printf(out, "<w:gridCol w:w=\"%d\"/>", w[j]);
	buf_adds(out, "</w:tblGrid>");
	for (i = 0; i < g.nrows; i++) {
		buf_adds(out, "<w:tr><w:trPr><w:cantSplit/>");
		if (i < g.head_rows)
			buf_adds(out, "<w:tblHeader/>");
		buf_adds(out, "</w:trPr>");
		for (j = 0; j < g.ncols; j++) {
			const struct gcell *x = layout_gcell(&g, i, j);
			const char *text = x->text;
			if (x->kind == GC_COVERED) {
				const struct gcell *o = layout_gcell(&g, x->orow, x->ocol);
				/* the part of a vertical merge below its first row */
				if (x->orow < i && x->ocol == j)
					tc(out, w, j, o->colspan, "continue", NULL, 0);
				continue;
			}
			if (x->kind == GC_VALUE)
				text = layout_cell_text(report_cell_c(r, t, x->row, x->col), tmp, sizeof tmp);
			tc(out, w, j, x->colspan, x->rowspan > 1 ? "restart" : NULL, text,
			   x->kind == GC_LABEL || x->kind == GC_BLOCK);
		}
		buf_adds(out, "</w:tr>");
	}
	buf_adds(out, "</w:tbl>");
	para(out, NULL, "", 0);   /* Word needs a paragraph between tables */
	free(w);
	layout_grid_free(&g);
	layout_free(&L);
}

static void document(const struct report *r, struct buf *out)
{
	struct buf tmp = BUF_INIT(0);
	struct litem *items;
	int n = layout_order(r, &items), i;
	buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		 "<w:document xmlns:w=\"" W_NS "\"><w:body>");
	layout_title(r, &tmp);
	para_s(out, "Title", buf_str(&tmp));
	for (i = 0; i < n; i++) {
		const struct litem *it = &items[i];
		if (it->kind == LI_TABLE) {
			table(r, it->table, out);
			continue;
		}
		buf_reset(&tmp);
		layout_heading(r, it, &tmp);
		para_s(out, "Heading1", buf_str(&tmp));
		if (it->section >= 0)
			paragraphs(out, r->sections[it->section].text);
	}
	buf_reset(&tmp);
	layout_date(r, &tmp);
	if (r->agency || tmp.len) {
		para(out, NULL, "", 0);
		if (r->agency)
			para_s(out, "Signature", r->agency);
		if (tmp.len)
			para_s(out, "Signature", buf_str(&tmp));
	}
	buf_printf(out, "<w:sectPr><w:pgSz w:w=\"%d\" w:h=\"%d\"/>"
		   "<w:pgMar w:top=\"%d\" w:right=\"%d\" w:bottom=\"%d\" w:left=\"%d\""
		   " w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr>"
		   "</w:body></w:document>\n",
		   PAGE_W, PAGE_H, MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT);
	free(items);
	buf_free(&tmp);
}

/* docProps/core.xml: the title and the agency as creator. */
static void core_props(const struct report *r, struct buf *out)
{
	struct buf title = BUF_INIT(0);
	layout_title(r, &title);
	buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		 "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
		 " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>");
	xml_esc(out, buf_str(&title));
	buf_adds(out, "</dc:title><dc:creator>");
	xml_esc(out, r->agency ? r->agency : "gongkai");
	buf_adds(out, "</dc:creator><dc:language>zh-CN</dc:language></cp:coreProperties>\n");
	buf_free(&title);
}

/* Render the report as a DOCX package into out. 0 or -1. */
int render_docx(const struct report *r, struct buf *out)
{
	struct ooxml pkg = {0};
	int rc;
	buf_adds(ooxml_part(&pkg, "[Content_Types].xml"), content_types);
	buf_adds(ooxml_part(&pkg, "_rels/.rels"), package_rels);
	document(r, ooxml_part(&pkg, "word/document.xml"));
	buf_adds(ooxml_part(&pkg, "word/styles.xml"), styles);
	buf_adds(ooxml_part(&pkg, "word/_rels/document.xml.rels"), document_rels);
	core_props(r, ooxml_part(&pkg, "docProps/core.xml"));
	rc = ooxml_write(&pkg, out);
	ooxml_free(&pkg);
	return rc;
}
