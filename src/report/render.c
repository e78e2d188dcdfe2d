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
	}
	return -1;
}

/* Parse a --to name; -1 if unknown. */
int render_to_from_name(const char *name)
{
	static const struct { const char *name; enum render_to to; } names[] = {
		{"html", RENDER_HTML}, {"md", RENDER_MD}, {"json", RENDER_JSON},
		{"pipe", RENDER_TEXT_PIPE}, {"cells", RENDER_TEXT_CELLS},
		{"tab", RENDER_TEXT_TAB}, {"space", RENDER_TEXT_SPACE},
		{"run", RENDER_TEXT_RUN},
	};
	size_t i;
	if (!name)
		return -1;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(names[i].name, name))
			return (int)names[i].to;
	return -1;
}
