/* render_text.c - the report as plain text in the table layouts seen in
 * published copies, so render -> parse round trips can be tested and the
 * parser has fixtures for every layout.
 *
 * Every layout prints the title line, each spec section's official heading
 * ("一、总体情况") followed by its text and its tables, then the agency and
 * the date ("2022年12月30日"). A table is printed only if found, a row only
 * if found. Table lines, in order:
 *   grid tables (表三): [corner, header] line if the spec has them, the
 *     column-label line, then per row: a line for each group label when its
 *     first row comes (pipe/tab/space/run), then "label | v | v |";
 *   block tables (表二): per block the block label, a header line
 *     (corner + the block's column labels), then its rows;
 *   headless tables (表四): group labels, sub-group labels, the column
 *     labels of every group, then one line with all values.
 * Layouts: pipe "a | b |"; tab "a\tb"; cells: one "\t"-prefixed cell per
 * line, a blank line after each row, group labels as leading cells (empty
 * "\t" cells under a span, like seed 004); space: pdftotext -layout style,
 * labels padded by display width, numbers right-aligned in columns, long
 * labels wrapped onto a second line; run: cells concatenated with no
 * separator (web copy). A blank cell is an empty cell in every layout. */
#include "report/render.h"
#include "report/render_layout.h"
#include "base/utf8.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define SPACE_LABEL_MAX 40   /* display columns before a label wraps */
#define SPACE_GAP 2

struct trow {
	char **cells;
	int n;
	int nlead;   /* leading label cells; the rest align as columns */
};

struct tbuild {
	struct trow *rows;
	int n;
	struct trow *cur;
};

static void row_begin(struct tbuild *b, int nlead)
{
	b->rows = xreallocarray(b->rows, (size_t)b->n + 1, sizeof *b->rows);
	b->cur = &b->rows[b->n++];
	memset(b->cur, 0, sizeof *b->cur);
	b->cur->nlead = nlead;
}

static void row_cell(struct tbuild *b, const char *s)
{
	struct trow *r = b->cur;
	r->cells = xreallocarray(r->cells, (size_t)r->n + 1, sizeof *r->cells);
	r->cells[r->n++] = xstrdup(s ? s : "");
}

static void build_free(struct tbuild *b)
{
	int i, j;
	for (i = 0; i < b->n; i++) {
		for (j = 0; j < b->rows[i].n; j++)
			free(b->rows[i].cells[j]);
		free(b->rows[i].cells);
	}
	free(b->rows);
}

static void value(struct tbuild *b, const struct report *r, int t, int row, int c)
{
	char tmp[48];
	row_cell(b, layout_cell_text(report_cell_c(r, t, row, c), tmp, sizeof tmp));
}

/* Grid tables: one header, group labels spanning rows. */
static void build_grid(struct tbuild *b, const struct report *r, int t,
		       const struct tlayout *L, int cells_layout)
{
	const struct spec_table *st = L->st;
	char *printed = xcalloc((size_t)L->nparents + 1, 1);
	int i, k, lv;
	if (st->header) {
		row_begin(b, st->corner ? 2 : 1);
		if (st->corner)
			row_cell(b, st->corner);
		row_cell(b, st->header);
	}
	row_begin(b, !st->header && st->corner ? 1 : 0);
	if (!st->header && st->corner)
		row_cell(b, st->corner);
	if (st->unit_col)
		row_cell(b, "单位");
	for (k = 0; k < st->ncols; k++)
		row_cell(b, st->cols[k].label);
	for (i = 0; i < st->nrows; i++) {
		const struct spec_row *sr = &st->rows[i];
		if (!layout_row_found(r, t, i))
			continue;
		if (cells_layout) {
			row_begin(b, L->chainlen[i] + 1);
			for (lv = 0; lv < L->chainlen[i]; lv++) {
				int p = layout_parent(L, i, lv);
				row_cell(b, printed[p] ? "" : L->parents[p]);
				printed[p] = 1;
			}
		} else {
			for (lv = 0; lv < L->chainlen[i]; lv++) {
				int p = layout_parent(L, i, lv);
				if (!printed[p]) {
					row_begin(b, 1);
					row_cell(b, L->parents[p]);
					printed[p] = 1;
				}
			}
			row_begin(b, 1);
		}
		row_cell(b, sr->label);
		if (st->unit_col)
			row_cell(b, sr->unit);
		for (k = 0; k < sr->ncols; k++)
			value(b, r, t, i, sr->cols[k]);
	}
	free(printed);
}

/* Block tables: each parent label starts a block with its own header. */
static void build_blocks(struct tbuild *b, const struct report *r, int t,
			 const struct tlayout *L)
{
	const struct spec_table *st = L->st;
	const char *block = NULL;
	int started = 0, i, k;
	for (i = 0; i < st->nrows; i++) {
		const struct spec_row *sr = &st->rows[i];
		const char *p = sr->parent;
		if (!layout_row_found(r, t, i))
			continue;
		if (!started || (p ? !block || strcmp(p, block) : block != NULL)) {
			started = 1;
			block = p;
			if (p) {
				row_begin(b, 1);
				row_cell(b, p);
			}
			row_begin(b, st->corner ? 1 : 0);
			if (st->corner)
				row_cell(b, st->corner);
			if (st->unit_col)
				row_cell(b, "单位");
			for (k = 0; k < sr->ncols; k++)
				row_cell(b, st->cols[sr->cols[k]].label);
		}
		row_begin(b, 1);
		row_cell(b, sr->label);
		if (st->unit_col)
			row_cell(b, sr->unit);
		for (k = 0; k < sr->ncols; k++)
			value(b, r, t, i, sr->cols[k]);
	}
}

/* Headless tables: rows become column groups over one line of values. */
static void build_headless(struct tbuild *b, const struct report *r, int t,
			   const struct tlayout *L)
{
	const struct spec_table *st = L->st;
	int any_parent = 0, i, k;
	for (i = 0; i < st->nrows; i++)
		if (st->rows[i].parent)
			any_parent = 1;
	row_begin(b, 0);
	for (i = 0; i < st->nrows; i++) {
		const char *p = st->rows[i].parent;
		if (!p)
			row_cell(b, st->rows[i].label);
		else if (i == 0 || !st->rows[i - 1].parent || strcmp(st->rows[i - 1].parent, p))
			row_cell(b, p);
	}
	b->cur->nlead = b->cur->n;
	if (any_parent) {
		row_begin(b, 0);
		for (i = 0; i < st->nrows; i++)
			if (st->rows[i].parent)
				row_cell(b, st->rows[i].label);
		b->cur->nlead = b->cur->n;
	}
	row_begin(b, 0);
	for (i = 0; i < st->nrows; i++)
		for (k = 0; k < st->rows[i].ncols; k++)
			row_cell(b, st->cols[st->rows[i].cols[k]].label);
	row_begin(b, 0);
	for (i = 0; i < st->nrows; i++)
		for (k = 0; k < st->rows[i].ncols; k++)
			value(b, r, t, i, st->rows[i].cols[k]);
}

static size_t width_of(const char *s)
{
	return utf8_width(s, strlen(s));
}

static void pad(struct buf *out, size_t n)
{
	while (n--)
		buf_addc(out, ' ');
}

/* Remove trailing spaces of the current (last) line. */
static void trim_line(struct buf *out)
{
	while (out->len && out->data[out->len - 1] == ' ')
		out->data[--out->len] = '\0';
}

/* Split s at the last code point boundary within `cols` display columns. */
static size_t split_at_width(const char *s, size_t cols)
{
	size_t i = 0, w = 0, n = strlen(s);
	while (i < n) {
		uint32_t cp;
		int k = utf8_decode(s + i, n - i, &cp);
		size_t cw;
		if (k < 0) {
			k = 1;
			cw = 1;
		} else {
			cw = (size_t)utf8_cp_width(cp);
		}
		if (w + cw > cols)
			break;
		w += cw;
		i += (size_t)k;
	}
	return i ? i : n;
}

static void emit_space(const struct tbuild *b, struct buf *out)
{
	size_t widths[64] = {0}, lw = 0;
	int i, k;
	for (i = 0; i < b->n; i++) {
		const struct trow *row = &b->rows[i];
		size_t w = 0;
		for (k = 0; k < row->nlead; k++)
			w += width_of(row->cells[k]) + (k ? SPACE_GAP : 0);
		if (row->nlead < row->n && w > lw)
			lw = w;
		for (k = row->nlead; k < row->n && k - row->nlead < 64; k++) {
			size_t cw = width_of(row->cells[k]);
			if (cw > widths[k - row->nlead])
				widths[k - row->nlead] = cw;
		}
	}
	if (lw > SPACE_LABEL_MAX)
		lw = SPACE_LABEL_MAX;
	for (i = 0; i < b->n; i++) {
		const struct trow *row = &b->rows[i];
		struct buf lead = BUF_INIT(0);
		const char *ls;
		size_t w;
		for (k = 0; k < row->nlead; k++) {
			if (k)
				pad(&lead, SPACE_GAP);
			buf_adds(&lead, row->cells[k]);
		}
		ls = buf_str(&lead);
		w = width_of(ls);
		while (row->nlead < row->n && w > lw) {  /* wrap a long label */
			size_t cut = split_at_width(ls, lw);
			buf_add(out, ls, cut);
			buf_addc(out, '\n');
			ls += cut;
			w = width_of(ls);
		}
		buf_adds(out, ls);
		if (row->nlead < row->n)
			pad(out, w < lw ? lw - w : 0);
		for (k = row->nlead; k < row->n; k++) {
			size_t cw = width_of(row->cells[k]);
			size_t colw = k - row->nlead < 64 ? widths[k - row->nlead] : cw;
			pad(out, SPACE_GAP + (colw > cw ? colw - cw : 0));
			buf_adds(out, row->cells[k]);
		}
		trim_line(out);
		buf_addc(out, '\n');
		buf_free(&lead);
	}
}

static void emit(const struct tbuild *b, int to, struct buf *out)
{
	int i, k;
	if (to == RENDER_TEXT_SPACE) {
		emit_space(b, out);
		return;
	}
	for (i = 0; i < b->n; i++) {
		const struct trow *row = &b->rows[i];
		for (k = 0; k < row->n; k++) {
			const char *c = row->cells[k];
			switch (to) {
			case RENDER_TEXT_PIPE:
				buf_printf(out, "%s%s |", k ? " " : "", c);
				break;
			case RENDER_TEXT_TAB:
				buf_printf(out, "%s%s", k ? "\t" : "", c);
				break;
			case RENDER_TEXT_CELLS:
				buf_printf(out, "\t%s\n", c);
				break;
			default: /* RUN */
				buf_adds(out, c);
				break;
			}
		}
		if (to != RENDER_TEXT_CELLS || row->n == 0)
			buf_addc(out, '\n');
		if (to == RENDER_TEXT_CELLS)
			buf_addc(out, '\n');
	}
}

static void text_table(const struct report *r, int t, int to, struct buf *out)
{
	const struct spec_table *st = r->tables[t].spec;
	struct tbuild b = {NULL, 0, NULL};
	struct tlayout L;
	if (!r->tables[t].found)
		return;
	layout_init(&L, st);
	if (!st->section)
		buf_printf(out, "%s\n", st->title);
	if (st->headless)
		build_headless(&b, r, t, &L);
	else if (L.block_mode)
		build_blocks(&b, r, t, &L);
	else
		build_grid(&b, r, t, &L, to == RENDER_TEXT_CELLS);
	emit(&b, to, out);
	build_free(&b);
	layout_free(&L);
}

/* Render the report as plain text in layout `to` (a RENDER_TEXT_*). */
void render_text(const struct report *r, int to, struct buf *out)
{
	struct litem *items;
	int n = layout_order(r, &items), i;
	layout_title(r, out);
	buf_addc(out, '\n');
	for (i = 0; i < n; i++) {
		const struct litem *it = &items[i];
		const char *text;
		if (it->kind == LI_TABLE) {
			text_table(r, it->table, to, out);
			continue;
		}
		layout_heading(r, it, out);
		buf_addc(out, '\n');
		text = it->section >= 0 ? r->sections[it->section].text : NULL;
		if (text && *text) {
			buf_adds(out, text);
			if (text[strlen(text) - 1] != '\n')
				buf_addc(out, '\n');
		}
	}
	if (r->agency)
		buf_printf(out, "%s\n", r->agency);
	if (r->published[0]) {
		layout_date(r, out);
		buf_addc(out, '\n');
	}
	free(items);
}
