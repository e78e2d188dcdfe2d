/* render.c - dispatch to the renderers and the table-layout analysis they
 * share (see render_layout.h). HTML and Markdown are in render_html.c, the
 * plain-text layouts in render_text.c. */
#include "report/render.h"
#include "report/render_layout.h"
#include "report/json.h"
#include "base/jsonw.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* True if some row of st carries exactly this label (then a parent with the
 * same text is that row, not a separate group cell). */
static int is_row_label(const struct spec_table *st, const char *label)
{
	int i;
	for (i = 0; i < st->nrows; i++)
		if (!strcmp(st->rows[i].label, label))
			return 1;
	return 0;
}

/* Analyse table st: block or grid mode, parent spans and their nesting. */
void layout_init(struct tlayout *L, const struct spec_table *st)
{
	int i, j, n = st->nrows;
	memset(L, 0, sizeof *L);
	L->st = st;
	L->parents = xcalloc((size_t)n + 1, sizeof *L->parents);
	L->pfirst = xcalloc((size_t)n + 1, sizeof *L->pfirst);
	L->plast = xcalloc((size_t)n + 1, sizeof *L->plast);
	L->chain = xcalloc((size_t)n * LAYOUT_MAX_DEPTH + 1, sizeof *L->chain);
	L->chainlen = xcalloc((size_t)n + 1, sizeof *L->chainlen);
	for (i = 0; i < n; i++) {
		if (st->rows[i].ncols < st->ncols)
			L->block_mode = 1;
		if (st->rows[i].ncols > L->maxcols)
			L->maxcols = st->rows[i].ncols;
	}
	for (i = 0; i < st->ncols; i++)
		if (st->cols[i].group)
			L->has_groups = 1;
	for (i = 0; i < n; i++) {
		const char *p = st->rows[i].parent;
		if (!p || !*p || is_row_label(st, p))
			continue;
		for (j = 0; j < L->nparents; j++)
			if (!strcmp(L->parents[j], p))
				break;
		if (j == L->nparents) {
			L->parents[j] = p;
			L->pfirst[j] = i;
			L->nparents++;
		}
		L->plast[j] = i;
	}
	/* Chains: every parent whose span holds the row, widest first. */
	L->depth = 1;
	for (i = 0; i < n; i++) {
		int *ch = &L->chain[i * LAYOUT_MAX_DEPTH];
		int len = 0, a, b;
		for (j = 0; j < L->nparents && len < LAYOUT_MAX_DEPTH - 1; j++)
			if (L->pfirst[j] <= i && i <= L->plast[j])
				ch[len++] = j;
		for (a = 1; a < len; a++)  /* insertion sort: widest span first */
			for (b = a; b > 0 && layout_span(L, ch[b]) > layout_span(L, ch[b - 1]); b--) {
				int tmp = ch[b];
				ch[b] = ch[b - 1];
				ch[b - 1] = tmp;
			}
		L->chainlen[i] = len;
		if (len + 1 > L->depth)
			L->depth = len + 1;
	}
}

void layout_free(struct tlayout *L)
{
	free(L->parents);
	free(L->pfirst);
	free(L->plast);
	free(L->chain);
	free(L->chainlen);
	memset(L, 0, sizeof *L);
}

int layout_parent(const struct tlayout *L, int row, int level)
{
	return L->chain[row * LAYOUT_MAX_DEPTH + level];
}

int layout_starts(const struct tlayout *L, int row, int level)
{
	return L->pfirst[layout_parent(L, row, level)] == row;
}

int layout_span(const struct tlayout *L, int p)
{
	return L->plast[p] - L->pfirst[p] + 1;
}

int layout_row_found(const struct report *r, int t, int row)
{
	const struct spec_table *st = r->tables[t].spec;
	int c;
	for (c = 0; c < st->ncols; c++)
		if (report_cell_c(r, t, row, c)->state != CELL_ABSENT)
			return 1;
	return 0;
}

const char *layout_cell_text(const struct report_cell *cell, char *tmp, size_t size)
{
	if (cell->state != CELL_VALUE)
		return "";
	return decimal_format(tmp, size, cell->units, cell->scale);
}

/* ------------------------------------------------------------------ grid */

static struct gcell *gat(struct tgrid *g, int r, int c)
{
	return &g->cells[r * g->ncols + c];
}

static int gtaken(struct tgrid *g, int r, int c)
{
	const struct gcell *x = gat(g, r, c);
	return x->rowspan > 0 || x->orow >= 0;
}

/* Put an origin cell at the first free position of grid row r at or after
 * *c (positions covered by cells of earlier rows are skipped, as a browser
 * does with rowspan), cover its span, and move *c past it. */
static void gadd(struct tgrid *g, int r, int *c, enum gcell_kind kind, const char *text,
		 int rowspan, int colspan, int row, int col)
{
	struct gcell *x;
	int i, j;
	while (*c < g->ncols && gtaken(g, r, *c))
		(*c)++;
	if (*c >= g->ncols)
		return;
	if (rowspan > g->nrows - r)
		rowspan = g->nrows - r;
	if (colspan > g->ncols - *c)
		colspan = g->ncols - *c;
	for (i = 0; i < rowspan; i++)
		for (j = 0; j < colspan; j++) {
			x = gat(g, r + i, *c + j);
			x->kind = GC_COVERED;
			x->orow = r;
			x->ocol = *c;
		}
	x = gat(g, r, *c);
	x->kind = kind;
	x->text = text;
	x->rowspan = rowspan;
	x->colspan = colspan;
	x->row = row;
	x->col = col;
	*c += colspan;
}

static void galloc(struct tgrid *g, int nrows, int ncols)
{
	int i;
	g->nrows = nrows;
	g->ncols = ncols;
	g->cells = xcalloc((size_t)nrows * (size_t)ncols + 1, sizeof *g->cells);
	for (i = 0; i < nrows * ncols; i++) {
		g->cells[i].kind = GC_NA;
		g->cells[i].row = g->cells[i].col = -1;
		g->cells[i].orow = g->cells[i].ocol = -1;
	}
}

/* Grid mode: one header (corner, 单位, caption, grouped column labels),
 * then one line per row with its nested group labels spanning rows. */
static void grid_grid(const struct tlayout *L, struct tgrid *g)
{
	const struct spec_table *st = L->st;
	int H = (st->header ? 1 : 0) + (L->has_groups ? 2 : 1);
	int hr = st->header ? 1 : 0, i, c, lv, x;
	galloc(g, H + st->nrows, L->depth + (st->unit_col ? 1 : 0) + st->ncols);
	g->head_rows = H;
	x = 0;
	gadd(g, 0, &x, GC_CORNER, st->corner ? st->corner : "", H, L->depth, -1, -1);
	if (st->unit_col)
		gadd(g, 0, &x, GC_HEAD, "单位", H, 1, -1, -1);
	if (st->header)
		gadd(g, 0, &x, GC_HEAD, st->header, 1, st->ncols, -1, -1);
	x = 0;
	for (c = 0; c < st->ncols; c++) {
		const char *grp = st->cols[c].group;
		int run = 1;
		if (!grp) {
			gadd(g, hr, &x, GC_HEAD, st->cols[c].label, L->has_groups ? 2 : 1, 1, -1, -1);
			continue;
		}
		while (c + run < st->ncols && st->cols[c + run].group &&
		       !strcmp(st->cols[c + run].group, grp))
			run++;
		gadd(g, hr, &x, GC_HEAD, grp, 1, run, -1, -1);
		c += run - 1;
	}
	if (L->has_groups) {
		x = 0;
		for (c = 0; c < st->ncols; c++)
			if (st->cols[c].group)
				gadd(g, hr + 1, &x, GC_HEAD, st->cols[c].label, 1, 1, -1, -1);
	}
	for (i = 0; i < st->nrows; i++) {
		int r = H + i;
		x = 0;
		for (lv = 0; lv < L->chainlen[i]; lv++)
			if (layout_starts(L, i, lv)) {
				int p = layout_parent(L, i, lv);
				gadd(g, r, &x, GC_GROUP, L->parents[p], layout_span(L, p), 1, -1, -1);
			}
		gadd(g, r, &x, GC_LABEL, st->rows[i].label, 1, L->depth - L->chainlen[i], -1, -1);
		if (st->unit_col)
			gadd(g, r, &x, GC_UNIT, st->rows[i].unit ? st->rows[i].unit : "", 1, 1, -1, -1);
		for (c = 0; c < st->ncols; c++) {
			if (spec_row_has_col(st, i, c))
				gadd(g, r, &x, GC_VALUE, NULL, 1, 1, i, c);
			else
				gadd(g, r, &x, GC_NA, "", 1, 1, -1, -1);
		}
	}
}

/* True if row i starts a new block (its parent differs from the row's
 * before it). */
static int block_starts(const struct spec_table *st, int i)
{
	const char *p = st->rows[i].parent;
	const char *prev = i > 0 ? st->rows[i - 1].parent : NULL;
	return i == 0 || (p ? !prev || strcmp(p, prev) : prev != NULL);
}

/* Block mode (表二): per block a line with its label, a header line
 * (corner, 单位, the block's columns), then its rows; the last column of a
 * narrower block spans the rest of the width. */
static void grid_blocks(const struct tlayout *L, struct tgrid *g)
{
	const struct spec_table *st = L->st;
	int width = 1 + L->maxcols + (st->unit_col ? 1 : 0);
	int i, k, r = 0, n = 0, x;
	for (i = 0; i < st->nrows; i++)
		n += 1 + (block_starts(st, i) ? 1 + (st->rows[i].parent ? 1 : 0) : 0);
	galloc(g, n, width);
	g->head_rows = 0;
	for (i = 0; i < st->nrows; i++) {
		const struct spec_row *sr = &st->rows[i];
		int fill = L->maxcols - sr->ncols + 1;
		if (block_starts(st, i)) {
			if (sr->parent) {
				x = 0;
				gadd(g, r++, &x, GC_BLOCK, sr->parent, 1, width, -1, -1);
			}
			x = 0;
			gadd(g, r, &x, GC_CORNER, st->corner ? st->corner : "", 1, 1, -1, -1);
			if (st->unit_col)
				gadd(g, r, &x, GC_HEAD, "单位", 1, 1, -1, -1);
			for (k = 0; k < sr->ncols; k++)
				gadd(g, r, &x, GC_HEAD, st->cols[sr->cols[k]].label, 1,
				     k == sr->ncols - 1 ? fill : 1, -1, -1);
			r++;
		}
		x = 0;
		gadd(g, r, &x, GC_LABEL, sr->label, 1, 1, -1, -1);
		if (st->unit_col)
			gadd(g, r, &x, GC_UNIT, sr->unit ? sr->unit : "", 1, 1, -1, -1);
		for (k = 0; k < sr->ncols; k++)
			gadd(g, r, &x, GC_VALUE, NULL, 1, k == sr->ncols - 1 ? fill : 1, i, sr->cols[k]);
		r++;
	}
}

/* Headless (表四): the rows become column groups (under their parent
 * labels) over one data line. */
static void grid_headless(const struct tlayout *L, struct tgrid *g)
{
	const struct spec_table *st = L->st;
	int any_parent = 0, width = 0, i, j, k, r, x;
	for (i = 0; i < st->nrows; i++) {
		if (st->rows[i].parent)
			any_parent = 1;
		width += st->rows[i].ncols;
	}
	galloc(g, (any_parent ? 2 : 1) + 2, width > 0 ? width : 1);
	g->head_rows = g->nrows - 1;
	x = 0;
	for (i = 0; i < st->nrows; i++) {
		const char *p = st->rows[i].parent;
		int span = st->rows[i].ncols;
		if (!p) {
			gadd(g, 0, &x, GC_HEAD, st->rows[i].label, any_parent ? 2 : 1, span, -1, -1);
			continue;
		}
		for (j = i + 1; j < st->nrows && st->rows[j].parent &&
		     !strcmp(st->rows[j].parent, p); j++)
			span += st->rows[j].ncols;
		gadd(g, 0, &x, GC_HEAD, p, 1, span, -1, -1);
		i = j - 1;
	}
	r = 1;
	if (any_parent) {
		x = 0;
		for (i = 0; i < st->nrows; i++)
			if (st->rows[i].parent)
				gadd(g, r, &x, GC_HEAD, st->rows[i].label, 1, st->rows[i].ncols, -1, -1);
		r++;
	}
	x = 0;
	for (i = 0; i < st->nrows; i++)
		for (k = 0; k < st->rows[i].ncols; k++)
			gadd(g, r, &x, GC_HEAD, st->cols[st->rows[i].cols[k]].label, 1, 1, -1, -1);
	x = 0;
	for (i = 0; i < st->nrows; i++)
		for (k = 0; k < st->rows[i].ncols; k++)
			gadd(g, r + 1, &x, GC_VALUE, NULL, 1, 1, i, st->rows[i].cols[k]);
}

/* Lay the table out as a full grid (see render_layout.h). */
void layout_grid(const struct tlayout *L, struct tgrid *g)
{
	int i;
	memset(g, 0, sizeof *g);
	if (L->st->headless)
		grid_headless(L, g);
	else if (L->block_mode)
		grid_blocks(L, g);
	else
		grid_grid(L, g);
	for (i = 0; i < g->nrows * g->ncols; i++)   /* nothing left unset */
		if (g->cells[i].rowspan == 0 && g->cells[i].orow < 0) {
			g->cells[i].kind = GC_NA;
			g->cells[i].text = "";
			g->cells[i].rowspan = g->cells[i].colspan = 1;
		}
}

void layout_grid_free(struct tgrid *g)
{
	free(g->cells);
	memset(g, 0, sizeof *g);
}

const struct gcell *layout_gcell(const struct tgrid *g, int row, int col)
{
	return &g->cells[row * g->ncols + col];
}

/* Chinese numeral for 1..99 ("一", "十", "十二", "二十一"). */
static void cn_numeral(int n, struct buf *out)
{
	static const char *const d[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	if (n <= 0 || n > 99) {
		buf_printf(out, "%d", n);
		return;
	}
	if (n >= 20)
		buf_adds(out, d[n / 10]);
	if (n >= 10)
		buf_adds(out, "十");
	buf_adds(out, d[n % 10]);
}

void layout_heading(const struct report *r, const struct litem *it, struct buf *out)
{
	const struct spec_section *ss = it->spec;
	const char *num;
	if (!ss) {
		buf_adds(out, r->sections[it->section].heading);
		return;
	}
	num = ss->number;
	if ((!num || !*num) && it->section >= 0)
		num = r->sections[it->section].number;
	if (num && *num)
		buf_printf(out, "%s、", num);
	else
		cn_numeral((int)(ss - r->spec->sections) + 1, out);
	if (!(num && *num))
		buf_adds(out, "、");
	buf_adds(out, ss->title ? ss->title : "");
}

int layout_find_section(const struct report *r, const struct spec_section *ss)
{
	int i;
	for (i = 0; i < r->nsections; i++)
		if (r->sections[i].spec == ss)
			return i;
	return -1;
}

void layout_title(const struct report *r, struct buf *out)
{
	if (r->title && *r->title) {
		buf_adds(out, r->title);
		return;
	}
	if (r->agency)
		buf_adds(out, r->agency);
	if (r->year > 0)
		buf_printf(out, "%d年", r->year);
	buf_adds(out, "政府信息公开工作年度报告");
}

void layout_date(const struct report *r, struct buf *out)
{
	int y, m, d;
	if (!r->published[0] || sscanf(r->published, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return;
	buf_printf(out, "%d年%d月%d日", y, m, d);
}

static void push(struct litem **v, int *n, enum litem_kind kind,
		 const struct spec_section *ss, int section, int table)
{
	*v = xreallocarray(*v, (size_t)*n + 1, sizeof **v);
	(*v)[*n].kind = kind;
	(*v)[*n].spec = ss;
	(*v)[*n].section = section;
	(*v)[*n].table = table;
	(*n)++;
}

/* Order of output: see render_layout.h. */
int layout_order(const struct report *r, struct litem **items)
{
	const struct report_spec *s = r->spec;
	char *done = xcalloc((size_t)r->nsections + (size_t)s->ntables + 1, 1);
	char *tdone = done + r->nsections;
	int n = 0, i, k, t;
	*items = NULL;
	for (i = 0; i < r->nsections && !r->sections[i].spec; i++) {
		push(items, &n, LI_SECTION, NULL, i, -1);
		done[i] = 1;
	}
	for (k = 0; k < s->nsections; k++) {
		const struct spec_section *ss = &s->sections[k];
		int idx = layout_find_section(r, ss);
		push(items, &n, LI_SECTION, ss, idx, -1);
		if (idx >= 0)
			done[idx] = 1;
		for (t = 0; t < s->ntables; t++)
			if (s->tables[t].section && !strcmp(s->tables[t].section, ss->key)) {
				push(items, &n, LI_TABLE, NULL, -1, t);
				tdone[t] = 1;
			}
		for (i = idx + 1; idx >= 0 && i < r->nsections && !r->sections[i].spec; i++) {
			push(items, &n, LI_SECTION, NULL, i, -1);
			done[i] = 1;
		}
	}
	for (i = 0; i < r->nsections; i++)
		if (!done[i] && !r->sections[i].spec)
			push(items, &n, LI_SECTION, NULL, i, -1);
	for (t = 0; t < s->ntables; t++)
		if (!tdone[t])
			push(items, &n, LI_TABLE, NULL, -1, t);
	free(done);
	return n;
}

/* Render r into out. Returns 0, or -1 if the report has no format. */
int report_render(const struct report *r, enum render_to to, struct buf *out)
{
	struct jsonw w;
	if (!r->spec && to != RENDER_JSON)
		return -1;
	switch (to) {
	case RENDER_JSON:
		jsonw_init(&w, out, 1);
		report_to_json(r, &w);
		buf_addc(out, '\n');
		return 0;
	case RENDER_HTML:
		render_html(r, out);
		return 0;
	case RENDER_MD:
		render_md(r, out);
		return 0;
	case RENDER_TEXT_PIPE:
	case RENDER_TEXT_CELLS:
	case RENDER_TEXT_TAB:
	case RENDER_TEXT_SPACE:
	case RENDER_TEXT_RUN:
		render_text(r, (int)to, out);
		return 0;
	case RENDER_DOCX:
		return render_docx(r, out);
	case RENDER_XLSX:
		return render_xlsx(r, NULL, out);
	}
	return -1;
}

int report_render_xlsx(const struct report *r, const struct finding_list *findings,
		       struct buf *out)
{
	if (!r->spec)
		return -1;
	return render_xlsx(r, findings, out);
}

int render_to_is_binary(enum render_to to)
{
	return to == RENDER_DOCX || to == RENDER_XLSX;
}

const char *render_to_mime(enum render_to to)
{
	switch (to) {
	case RENDER_HTML: return "text/html; charset=utf-8";
	case RENDER_MD: return "text/markdown; charset=utf-8";
	case RENDER_JSON: return "application/json";
	case RENDER_DOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
	case RENDER_XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	default: return "text/plain; charset=utf-8";
	}
}

const char *render_to_ext(enum render_to to)
{
	switch (to) {
	case RENDER_HTML: return "html";
	case RENDER_MD: return "md";
	case RENDER_JSON: return "json";
	case RENDER_DOCX: return "docx";
	case RENDER_XLSX: return "xlsx";
	default: return "txt";
	}
}

/* Parse a --to name; -1 if unknown. */
int render_to_from_name(const char *name)
{
	static const struct { const char *name; enum render_to to; } names[] = {
		{"html", RENDER_HTML}, {"md", RENDER_MD}, {"json", RENDER_JSON},
		{"pipe", RENDER_TEXT_PIPE}, {"cells", RENDER_TEXT_CELLS},
		{"tab", RENDER_TEXT_TAB}, {"space", RENDER_TEXT_SPACE},
		{"run", RENDER_TEXT_RUN}, {"docx", RENDER_DOCX}, {"xlsx", RENDER_XLSX},
	};
	size_t i;
	if (!name)
		return -1;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i].name, name))
			return (int)names[i].to;
	return -1;
}
