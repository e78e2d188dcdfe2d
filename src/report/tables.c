/* tables.c - locate and read every table of the report's spec.
 *
 * 1. cells.c turns the whole text into one stream of cells (text, value,
 *    empty, unit) with lines and display columns, whatever the layout.
 * 2. Each spec table gets a region of that stream: it starts at the first
 *    anchor (searched inside the table's section when meta found it,
 *    otherwise after the previous table; as a last resort at the first
 *    row's label) and ends where the next table or the next section heading
 *    starts.
 * 3. Walking the region, text cells accumulate into a folded label buffer;
 *    a run of value cells closes it and is matched to the not-yet-matched
 *    spec row whose variant the buffer contains (longest variant wins, then
 *    the first row at or after the last match). Headless tables (表四) take
 *    the first runs of values after their header instead.
 * 4. Each hit is resolved: values in order (explicit empties are BLANK);
 *    fewer values than columns on a space-aligned line are placed by the
 *    column positions learned from complete rows; a run-together digit
 *    string is split with the table's rules (split.h), first per row, then
 *    across rows; what stays ambiguous is left BLANK with a note.
 * Nothing here knows a particular format: all of it comes from the spec. */
#include "report/tables.h"
#include "report/cells.h"
#include "report/label.h"
#include "report/split.h"
#include "base/buf.h"
#include "base/jsonw.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LABEL_TAIL 256        /* folded label bytes kept (the latest) */
#define MAX_TABLE_CELLS 20000 /* cells walked per table */
#define MAX_HITS 1024         /* value runs per table */
#define MAX_RUN 128           /* value cells kept per run */
#define MAX_CAND 16           /* splits kept per row */
#define MAX_COMBOS 4096       /* cross-row combinations tried */
#define MAX_LEARNED 8         /* column layouts learned per table */
#define HEADLESS_RUNS 4       /* value runs a headless table may span */

struct hit {
	int row;        /* spec row; -1 unknown; -2 headless (all rows) */
	int v0, nv;     /* range in walk.vals */
	int line;       /* line of the label, else of the first value */
	int label;      /* cell index of the last label cell, or -1 */
};

struct learned {
	int n;                 /* number of columns */
	int center[SPLIT_MAX_PARTS]; /* doubled centers: 2*col + width */
};

struct walk {
	const struct cellv *cv;
	const char *text;
	struct report *r;
	int ti;
	const struct spec_table *st;
	int *vals, nvals, capvals;
	struct hit *hits;
	int nhits;
	char *matched;          /* per spec row */
	int cursor;             /* row after the last match */
	char buf[LABEL_TAIL + 8];
	int blen;
	int label_cell, label_line, label_first_line, unit_seen;
	struct learned learned[MAX_LEARNED];
	int nlearned;
};

/* An ambiguous row (or headless block) waiting for the column rules. */
struct amb {
	int hit;
	int ntarget;
	int trow[SPLIT_MAX_PARTS], tcol[SPLIT_MAX_PARTS];
	int64_t cand[MAX_CAND * SPLIT_MAX_PARTS];
	uint8_t cscale[MAX_CAND * SPLIT_MAX_PARTS]; /* decimals of each value */
	int decimal;            /* split as decimals: never combined across rows */
	int ncand;
	int unsure;             /* search incomplete: never pick */
	uint32_t mask;          /* candidates seen in passing combinations */
	char digits[160];
};

/* ---- regions ------------------------------------------------------------ */

static int first_cell_at_line(const struct cellv *cv, int line)
{
	int lo = 0, hi = cv->n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (cv->v[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A section heading on its own plain line (not a cell of a table row). */
static int plain_heading(const struct cellv *cv, int line)
{
	int i = first_cell_at_line(cv, line);
	return i < cv->n && cv->v[i].line == line && cv->v[i].kind == CK_TEXT &&
	       cv->v[i].layout == CL_PLAIN &&
	       (i + 1 >= cv->n || cv->v[i + 1].line != line);
}

/* First text cell in [from, to) whose key contains the folded needle and
 * that is short (a heading or a cell, not prose). */
static int find_short(const struct cellv *cv, int from, int to, const char *needle)
{
	size_t nl = strlen(needle);
	int i;
	if (!nl)
		return -1;
	for (i = from; i < to; i++) {
		const struct tcell *c = &cv->v[i];
		if (c->kind != CK_TEXT || c->slen < nl || c->slen > 2 * nl + 90)
			continue;
		if (strstr(cell_str(cv, i), needle))
			return i;
	}
	return -1;
}

static int find_anchor(const struct cellv *cv, int from, int to,
		       char **anchors, int nanchors)
{
	int k, at;
	for (k = 0; k < nanchors; k++)
		if ((at = find_short(cv, from, to, anchors[k])) >= 0)
			return at;
	return -1;
}

/* Section heading line of the section `key`, or 0. */
static int section_line(const struct report *r, const char *key)
{
	int i;
	if (!key)
		return 0;
	for (i = 0; i < r->nsections; i++)
		if (r->sections[i].spec && r->sections[i].line > 0 &&
		    strcmp(r->sections[i].spec->key, key) == 0)
			return r->sections[i].line;
	return 0;
}

/* The first plain section heading after `line`, as a cell index. */
static int next_heading_cell(const struct report *r, const struct cellv *cv, int line)
{
	int i, best = 0;
	for (i = 0; i < r->nsections; i++) {
		int l = r->sections[i].line;
		if (r->sections[i].spec && l > line && (!best || l < best) &&
		    plain_heading(cv, l))
			best = l;
	}
	return best ? first_cell_at_line(cv, best) : cv->n;
}

static void table_starts(const struct report *r, const struct cellv *cv, int *start)
{
	const struct report_spec *s = r->spec;
	int t, prev = 0, k;
	for (t = 0; t < s->ntables; t++) {
		const struct spec_table *st = &s->tables[t];
		char **anchors = xcalloc((size_t)st->nanchors + 1, sizeof *anchors);
		int sec = section_line(r, st->section), at = -1;
		for (k = 0; k < st->nanchors; k++)
			anchors[k] = label_key(st->anchors[k], strlen(st->anchors[k]));
		if (sec) {
			int lo = first_cell_at_line(cv, sec);
			int hi = next_heading_cell(r, cv, sec);
			at = find_anchor(cv, lo, hi, anchors, st->nanchors);
			if (at < 0 && lo < hi)
				at = lo;
		}
		if (at < 0)
			at = find_anchor(cv, prev, cv->n, anchors, st->nanchors);
		if (at < 0)
			at = find_anchor(cv, 0, cv->n, anchors, st->nanchors);
		/* Without anchors, the first row's label marks the table. */
		for (k = 0; at < 0 && !st->nanchors && k < st->nrows; k++)
			if (!st->rows[k].optional && st->rows[k].nvariants) {
				at = find_short(cv, prev, cv->n, st->rows[k].variants[0]);
				break;
			}
		start[t] = at;
		if (at >= 0)
			prev = at;
		for (k = 0; k < st->nanchors; k++)
			free(anchors[k]);
		free(anchors);
	}
}

/* ---- walking ------------------------------------------------------------ */

static void label_add(struct walk *w, const char *key, size_t n)
{
	size_t drop;
	if (n > LABEL_TAIL) {
		key += n - LABEL_TAIL;
		n = LABEL_TAIL;
		while (n && ((unsigned char)*key & 0xC0) == 0x80)
			key++, n--;
	}
	if ((size_t)w->blen + n > LABEL_TAIL) {
		drop = (size_t)w->blen + n - LABEL_TAIL;
		while (drop < (size_t)w->blen && ((unsigned char)w->buf[drop] & 0xC0) == 0x80)
			drop++;
		memmove(w->buf, w->buf + drop, (size_t)w->blen - drop);
		w->blen -= (int)drop;
	}
	memcpy(w->buf + w->blen, key, n);
	w->blen += (int)n;
	w->buf[w->blen] = '\0';
}

/* The not-yet-matched row whose variant the label buffer contains: longest
 * variant, then the first row at or after the cursor. -1 if none. */
static int match_row(const struct walk *w)
{
	const struct spec_table *st = w->st;
	int best = -1, bestlen = 0, bestdist = 0, r, k;
	if (!w->blen)
		return -1;
	for (r = 0; r < st->nrows; r++) {
		const struct spec_row *row = &st->rows[r];
		int dist = (r - w->cursor + st->nrows) % st->nrows;
		if (w->matched[r])
			continue;
		for (k = 0; k < row->nvariants; k++) {
			int len = (int)strlen(row->variants[k]);
			if (len > w->blen || len < bestlen || !strstr(w->buf, row->variants[k]))
				continue;
			if (len > bestlen || dist < bestdist) {
				best = r;
				bestlen = len;
				bestdist = dist;
			}
		}
	}
	return best;
}

static int row_needs(const struct spec_table *st, int row)
{
	int r, n = 0;
	if (row >= 0)
		return st->rows[row].ncols;
	for (r = 0; r < st->nrows; r++)
		n += st->rows[r].ncols;
	return n;
}

static void push_val(struct walk *w, int cell)
{
	if (w->nvals == w->capvals) {
		w->capvals = w->capvals ? w->capvals * 2 : 64;
		w->vals = xreallocarray(w->vals, (size_t)w->capvals, sizeof *w->vals);
	}
	w->vals[w->nvals++] = cell;
}

static struct hit *new_hit(struct walk *w, int row, int line)
{
	struct hit *h;
	if (w->nhits >= MAX_HITS)
		return NULL;
	h = &w->hits[w->nhits++];
	h->row = row;
	h->v0 = w->nvals;
	h->nv = 0;
	h->line = line;
	h->label = w->label_cell;
	return h;
}

static void add_run(struct walk *w, struct hit *h, int rs, int re)
{
	int i;
	for (i = rs; i < re && h->nv < MAX_RUN; i++) {
		push_val(w, i);
		h->nv++;
	}
}

static void reset_label(struct walk *w)
{
	w->blen = 0;
	w->buf[0] = '\0';
	w->unit_seen = 0;
	w->label_cell = -1;
	w->label_first_line = 0;
}

/* A run of value/empty cells [rs, re) ended. */
static void close_run(struct walk *w, int rs, int re)
{
	const struct cellv *cv = w->cv;
	int i, nval = 0, row;
	struct hit *h;
	for (i = rs; i < re; i++)
		nval += cv->v[i].kind == CK_VALUE;
	if (w->st->headless) {
		/* The first runs with values after the header, up to the cells
		 * all rows need (the whole data row may wrap). */
		int need = row_needs(w->st, -2);
		if (w->nhits == 0) {
			if (!nval)
				return;
			if ((h = new_hit(w, -2, cv->v[rs].line)))
				add_run(w, h, rs, re);
			w->label_cell = -1;
			return;
		}
		h = &w->hits[0];
		if (nval && h->nv < need && w->nhits == 1 && h->v0 + h->nv == w->nvals &&
		    h->nv + (re - rs) <= need + 16 && ++w->cursor < HEADLESS_RUNS)
			add_run(w, h, rs, re);
		return;
	}
	if (!nval) {
		/* Only empties (or nothing): a row left blank when they follow
		 * its label on the same line or after a unit cell; else header
		 * padding. */
		if (!w->blen || !(w->unit_seen || (rs < re && w->label_first_line == cv->v[rs].line)))
			return;
	}
	if (!w->blen) {
		/* No label since the last run: the previous row continues on
		 * another line, or a row without a label. */
		struct hit *last = w->nhits ? &w->hits[w->nhits - 1] : NULL;
		if (last && last->row >= 0 && last->v0 + last->nv == w->nvals &&
		    last->nv < row_needs(w->st, last->row)) {
			add_run(w, last, rs, re);
			return;
		}
	}
	row = match_row(w);
	h = new_hit(w, row, w->label_cell >= 0 ? cv->v[w->label_cell].line
				 : rs < re ? cv->v[rs].line : 0);
	if (h && rs == re && row < 0)
		w->nhits--;   /* a label and a unit, no cells, no row: nothing */
	if (h)
		add_run(w, h, rs, re);
	if (row >= 0) {
		w->matched[row] = 1;
		w->cursor = (row + 1) % w->st->nrows;
	}
	reset_label(w);
}

static void walk_region(struct walk *w, int a, int b)
{
	const struct cellv *cv = w->cv;
	int i, rs = -1;
	if (b - a > MAX_TABLE_CELLS)
		b = a + MAX_TABLE_CELLS;
	reset_label(w);
	for (i = a; i < b; i++) {
		const struct tcell *c = &cv->v[i];
		if (c->pad)
			continue;
		if (c->kind == CK_UNIT && w->st->unit_col) {
			w->unit_seen = 1;
			continue;
		}
		if (c->kind == CK_TEXT || c->kind == CK_UNIT) {
			if (rs >= 0) {
				close_run(w, rs, i);
				rs = -1;
			} else if (w->unit_seen && w->blen) {
				close_run(w, i, i);   /* "label | 件 |" and nothing */
			}
			label_add(w, cell_str(cv, i), c->slen);
			w->label_cell = i;
			if (c->first)
				w->label_first_line = c->line;
			continue;
		}
		if (rs < 0)
			rs = i;
	}
	if (rs >= 0)
		close_run(w, rs, b);
	else if (w->unit_seen && w->blen)
		close_run(w, b, b);
}

/* ---- writing cells ------------------------------------------------------ */

static void note(struct report *r, const char *rule, enum severity sev,
		 const struct spec_table *st, int row, int col, int line,
		 const char *expected, const char *found, const char *zh, const char *en)
{
	if (r->notes.n >= 200)
		return;
	finding_add(&r->notes, rule, sev, st->key, row >= 0 ? st->rows[row].key : NULL,
		    col >= 0 ? st->cols[col].key : NULL, line, expected, found, zh, en);
}

static void set_blank(struct report *r, int t, int row, int col, int line)
{
	struct report_cell *c = report_cell(r, t, row, col);
	c->state = CELL_BLANK;
	c->units = 0;
	c->scale = 0;
	c->line = line;
}

static void set_int(struct report *r, int t, int row, int col, int64_t v, int line)
{
	struct report_cell *c = report_cell(r, t, row, col);
	c->state = CELL_VALUE;
	c->units = v;
	c->scale = 0;
	c->line = line;
}

/* Write value cell `ci` into (row, col), converting 元 <-> 万元 when the
 * column has a unit and the cell says another. */
static void set_from_cell(struct walk *w, int row, int col, int ci)
{
	const struct tcell *c = &w->cv->v[ci];
	const struct spec_col *sc = &w->st->cols[col];
	int64_t units = c->units;
	int scale = c->scale;
	struct report_cell *out;
	if (c->kind != CK_VALUE) {
		set_blank(w->r, w->ti, row, col, c->line);
		return;
	}
	if (!c->ok) {
		set_blank(w->r, w->ti, row, col, c->line);
		note(w->r, "parse.bad_number", SEV_WARNING, w->st, row, col, c->line, NULL,
		     cell_str(w->cv, ci), "数字过长，无法读取，单元格留空",
		     "Number too long to read; cell left blank");
		return;
	}
	if (sc->unit && c->unit == CU_YUAN && strcmp(sc->unit, "万元") == 0 && scale <= 5) {
		scale += 4;
		while (scale > 0 && units % 10 == 0)
			units /= 10, scale--;
		note(w->r, "parse.unit_converted", SEV_INFO, w->st, row, col, c->line, "万元", "元",
		     "单元格以元填写，已换算为万元", "Cell given in yuan; converted to 10k yuan");
	} else if (sc->unit && c->unit == CU_WANYUAN && strcmp(sc->unit, "元") == 0) {
		int k;
		for (k = 0; k < 4; k++) {
			if (scale > 0)
				scale--;
			else if (units > INT64_MAX / 10 || units < INT64_MIN / 10)
				break;
			else
				units *= 10;
		}
		note(w->r, "parse.unit_converted", SEV_INFO, w->st, row, col, c->line, "元", "万元",
		     "单元格以万元填写，已换算为元", "Cell given in 10k yuan; converted to yuan");
	}
	out = report_cell(w->r, w->ti, row, col);
	out->state = CELL_VALUE;
	out->units = units;
	out->scale = (uint8_t)scale;
	out->line = c->line;
}

/* The (row, col) cells a hit fills, in order. */
static int hit_targets(const struct spec_table *st, const struct hit *h,
		       int *trow, int *tcol)
{
	int r, k, n = 0;
	for (r = 0; r < st->nrows; r++) {
		if (h->row >= 0 && r != h->row)
			continue;
		for (k = 0; k < st->rows[r].ncols && n < SPLIT_MAX_PARTS; k++) {
			trow[n] = r;
			tcol[n++] = st->rows[r].cols[k];
		}
	}
	return n;
}

/* ---- rules as linear terms --------------------------------------------- */

struct term {
	int row, col, coef;
};

/* Instance `k` (bound row or col) of rule `ru` as terms; returns the
 * number of terms, or -1 if the instance does not exist. */
static int rule_instance(const struct spec_table *st, const struct spec_rule *ru,
			 int bound, struct term *out, int max)
{
	int side, m, n = 0;
	for (side = 0; side < 2; side++) {
		const struct spec_term *terms = side ? ru->rhs : ru->lhs;
		int nt = side ? ru->nrhs : ru->nlhs;
		for (m = 0; m < nt; m++) {
			int row = ru->each == EACH_ROW ? bound : terms[m].row;
			int col = ru->each == EACH_COL ? bound : terms[m].col;
			if (n >= max || row < 0 || row >= st->nrows || col < 0 || col >= st->ncols ||
			    !spec_row_has_col(st, row, col))
				return -1;
			out[n].row = row;
			out[n].col = col;
			out[n++].coef = side ? -1 : 1;
		}
	}
	return n;
}

static int rule_ninstances(const struct spec_table *st, const struct spec_rule *ru)
{
	if (ru->each == EACH_NONE)
		return 1;
	if (ru->nover)
		return ru->nover;
	return ru->each == EACH_ROW ? st->nrows : st->ncols;
}

static int rule_bound(const struct spec_table *st, const struct spec_rule *ru, int k)
{
	(void)st;
	return ru->nover ? ru->over[k] : k;
}

/* The row rules that live within a hit's targets, as split rules. */
static int hit_rules(const struct walk *w, const int *trow, const int *tcol, int n,
		     struct split_rule *out, int max)
{
	const struct report_spec *s = w->r->spec;
	struct term terms[SPLIT_MAX_TERMS];
	int i, k, m, j, nr = 0;
	for (i = 0; i < s->nrules && nr < max; i++) {
		const struct spec_rule *ru = &s->rules[i];
		if (ru->table != w->ti)
			continue;
		for (k = 0; k < rule_ninstances(w->st, ru) && nr < max; k++) {
			int nt = rule_instance(w->st, ru, rule_bound(w->st, ru, k), terms, SPLIT_MAX_TERMS);
			struct split_rule *sr = &out[nr];
			if (nt <= 0)
				continue;
			for (m = 0; m < nt; m++) {
				for (j = 0; j < n; j++)
					if (trow[j] == terms[m].row && tcol[j] == terms[m].col)
						break;
				if (j == n)
					break;
				sr->pos[m] = j;
				sr->coef[m] = terms[m].coef;
			}
			if (m < nt)
				continue;
			sr->nterms = nt;
			sr->op = ru->op == RULE_LE ? SPLIT_LE : SPLIT_EQ;
			nr++;
		}
	}
	return nr;
}

/* ---- resolving hits ----------------------------------------------------- */

static void learn_columns(struct walk *w)
{
	int h, k;
	for (h = 0; h < w->nhits && w->nlearned < MAX_LEARNED; h++) {
		const struct hit *hh = &w->hits[h];
		int need = row_needs(w->st, hh->row), ok = 1, l;
		if (hh->row == -1 || hh->nv != need || need < 2 || need > SPLIT_MAX_PARTS)
			continue;
		for (k = 0; k < hh->nv; k++) {
			const struct tcell *c = &w->cv->v[w->vals[hh->v0 + k]];
			if (!c->aligned || c->kind != CK_VALUE)
				ok = 0;
		}
		for (l = 0; l < w->nlearned; l++)
			if (w->learned[l].n == need)
				ok = 0;
		if (!ok)
			continue;
		w->learned[w->nlearned].n = need;
		for (k = 0; k < need; k++) {
			const struct tcell *c = &w->cv->v[w->vals[hh->v0 + k]];
			w->learned[w->nlearned].center[k] = 2 * c->col + c->width;
		}
		w->nlearned++;
	}
}

/* Place K values into N learned columns keeping their order, minimising the
 * total distance of centers. Writes the column of each value into pos. */
static int place_by_columns(const struct walk *w, const struct hit *h, int need, int *pos)
{
	const struct learned *L = NULL;
	static const long INF = 1L << 40;
	long cost[MAX_RUN + 1][SPLIT_MAX_PARTS + 1];
	int from[MAX_RUN + 1][SPLIT_MAX_PARTS + 1];
	int K = h->nv, i, j, l;
	for (l = 0; l < w->nlearned; l++)
		if (w->learned[l].n == need)
			L = &w->learned[l];
	if (!L || K >= need || K > MAX_RUN)
		return 0;
	for (i = 0; i < K; i++) {
		const struct tcell *c = &w->cv->v[w->vals[h->v0 + i]];
		if (!c->aligned)
			return 0;
	}
	/* cost[i][j]: first i values placed, the i-th in a column < j. */
	for (i = 0; i <= K; i++)
		for (j = 0; j <= need; j++)
			cost[i][j] = i == 0 ? 0 : INF;
	for (i = 1; i <= K; i++) {
		const struct tcell *c = &w->cv->v[w->vals[h->v0 + i - 1]];
		int center = 2 * c->col + c->width;
		for (j = 1; j <= need; j++) {
			long d = labs((long)(center - L->center[j - 1]));
			long via = cost[i - 1][j - 1] + d;     /* value i in column j-1 */
			cost[i][j] = cost[i][j - 1];
			from[i][j] = from[i][j - 1];
			if (cost[i - 1][j - 1] < INF && via < cost[i][j]) {
				cost[i][j] = via;
				from[i][j] = j - 1;
			}
		}
	}
	if (cost[K][need] >= INF)
		return 0;
	j = need;
	for (i = K; i >= 1; i--) {
		pos[i - 1] = from[i][j];
		j = from[i][j];
	}
	return 1;
}

static void candidates_text(struct buf *b, const int64_t *cand, const uint8_t *cscale,
			    int ncand, int n, uint32_t mask)
{
	int c, k, shown = 0;
	char num[48];
	for (c = 0; c < ncand; c++) {
		if (mask && !(mask & (1u << c)))
			continue;
		if (shown == 8) {
			buf_adds(b, " …");
			break;
		}
		if (shown++)
			buf_adds(b, " / ");
		for (k = 0; k < n; k++)
			buf_printf(b, "%s%s", k ? "|" : "",
				   decimal_format(num, sizeof num, cand[c * n + k], cscale[c * n + k]));
	}
}

static void note_ambiguous(struct walk *w, const struct amb *a, uint32_t mask, const char *why_zh,
			   const char *why_en)
{
	const struct hit *h = &w->hits[a->hit];
	struct buf exp = BUF_INIT(4096), zh = BUF_INIT(1024), en = BUF_INIT(1024);
	buf_adds(&exp, "");
	candidates_text(&exp, a->cand, a->cscale, a->ncand, a->ntarget, mask);
	buf_printf(&zh, "连在一起的数字“%s”%s，单元格留空，请核对原文", a->digits, why_zh);
	buf_printf(&en, "Run-together digits \"%s\" %s; cells left blank, check the source", a->digits, why_en);
	note(w->r, "parse.ambiguous_split", SEV_WARNING, w->st, h->row >= 0 ? h->row : -1, -1,
	     h->line, exp.len ? buf_str(&exp) : NULL, a->digits, buf_str(&zh), buf_str(&en));
	buf_free(&exp);
	buf_free(&zh);
	buf_free(&en);
}

static void write_candidate(struct walk *w, const struct amb *a, int c)
{
	const struct hit *h = &w->hits[a->hit];
	int k, line = w->cv->v[w->vals[h->v0]].line;
	for (k = 0; k < a->ntarget; k++) {
		struct report_cell *cell;
		set_int(w->r, w->ti, a->trow[k], a->tcol[k], a->cand[c * a->ntarget + k], line);
		cell = report_cell(w->r, w->ti, a->trow[k], a->tcol[k]);
		cell->scale = a->cscale[c * a->ntarget + k];
	}
}

static void write_blank(struct walk *w, const struct amb *a)
{
	const struct hit *h = &w->hits[a->hit];
	int k, line = w->cv->v[w->vals[h->v0]].line;
	for (k = 0; k < a->ntarget; k++)
		set_blank(w->r, w->ti, a->trow[k], a->tcol[k], line);
}

/* Try to split a hit's digit tokens. Returns 1 if the hit was handled
 * (written, or queued as ambiguous in *amb), 0 if it is not splittable. */
static int try_split(struct walk *w, int hi, const int *trow, const int *tcol, int n,
		     struct amb *a)
{
	const struct hit *h = &w->hits[hi];
	const char *toks[SPLIT_MAX_PARTS];
	int toklen[SPLIT_MAX_PARTS], total = 0, k, nrules, more, exh, dotted = 0;
	struct split_rule *rules;
	struct split_problem p;
	size_t dl = 0;
	if (h->nv < 1 || h->nv >= n)
		return 0;
	for (k = 0; k < h->nv; k++) {
		const struct tcell *c = &w->cv->v[w->vals[h->v0 + k]];
		if (c->kind != CK_VALUE || !(c->digits || c->dotted) || c->slen < 1)
			return 0;
		dotted |= c->dotted;
		toks[k] = cell_str(w->cv, w->vals[h->v0 + k]);
		toklen[k] = (int)c->slen;
		total += toklen[k];
	}
	if (total < n)
		return 0;
	memset(a, 0, sizeof *a);
	a->hit = hi;
	a->ntarget = n;
	memcpy(a->trow, trow, sizeof(int) * (size_t)n);
	memcpy(a->tcol, tcol, sizeof(int) * (size_t)n);
	for (k = 0; k < h->nv && dl + 2 < sizeof a->digits; k++) {
		int m = snprintf(a->digits + dl, sizeof a->digits - dl, "%s%s", k ? " " : "", toks[k]);
		if (m < 0 || (size_t)m >= sizeof a->digits - dl)
			break;
		dl += (size_t)m;
	}
	rules = xcalloc(64, sizeof *rules);
	nrules = hit_rules(w, trow, tcol, n, rules, 64);
	memset(&p, 0, sizeof p);
	p.tokens = toks;
	p.toklen = toklen;
	p.ntok = h->nv;
	p.nparts = n;
	p.rules = rules;
	p.nrules = nrules;
	if (dotted) {
		/* Decimals run together ("1948.320.99"): only a split the
		 * row's rules (or the digits alone) leave unique is taken. */
		a->decimal = 1;
		a->ncand = split_solve_decimal(&p, a->cand, a->cscale, MAX_CAND, &more, &exh);
		a->unsure = more || exh;
		free(rules);
		return 1;
	}
	a->ncand = split_solve(&p, a->cand, MAX_CAND, &more, &exh);
	a->unsure = more || exh;
	if (a->ncand == 0 && !exh && total == n) {
		/* No split satisfies the rules, but there is only one split at
		 * all (one digit per cell): take it; the checker will report
		 * the broken sums. */
		p.nrules = 0;
		a->ncand = split_solve(&p, a->cand, MAX_CAND, &more, &exh);
		a->unsure = 0;
	}
	free(rules);
	return 1;
}

/* Choose among the candidates of ambiguous rows with the table's rules
 * (column sums, balances) over all combinations (bounded). */
static void disambiguate(struct walk *w, struct amb *ambs, int namb)
{
	const struct report_spec *s = w->r->spec;
	const struct spec_table *st = w->st;
	struct term terms[SPLIT_MAX_TERMS];
	struct inst {
		int n;
		int op;
		struct term t[SPLIT_MAX_TERMS];
		int amb[SPLIT_MAX_TERMS], pos[SPLIT_MAX_TERMS]; /* -1: fixed */
	} *inst = NULL;
	int ninst = 0, capinst = 0, i, k, m, a, j;
	long combos = 1;
	int choice[64];
	for (a = 0; a < namb; a++) {
		if (ambs[a].unsure || ambs[a].ncand == 0)
			return;
		combos *= ambs[a].ncand;
		if (combos > MAX_COMBOS)
			return;
	}
	for (i = 0; i < s->nrules; i++) {
		const struct spec_rule *ru = &s->rules[i];
		if (ru->table != w->ti)
			continue;
		for (k = 0; k < rule_ninstances(st, ru); k++) {
			int nt = rule_instance(st, ru, rule_bound(st, ru, k), terms, SPLIT_MAX_TERMS);
			int touches = 0, ok = 1;
			if (nt <= 0)
				continue;
			if (ninst == capinst) {
				capinst = capinst ? capinst * 2 : 16;
				inst = xreallocarray(inst, (size_t)capinst, sizeof *inst);
			}
			inst[ninst].n = nt;
			inst[ninst].op = ru->op;
			for (m = 0; m < nt && ok; m++) {
				const struct report_cell *c;
				inst[ninst].t[m] = terms[m];
				inst[ninst].amb[m] = -1;
				for (a = 0; a < namb; a++)
					for (j = 0; j < ambs[a].ntarget; j++)
						if (ambs[a].trow[j] == terms[m].row && ambs[a].tcol[j] == terms[m].col) {
							inst[ninst].amb[m] = a;
							inst[ninst].pos[m] = j;
						}
				if (inst[ninst].amb[m] >= 0) {
					touches = 1;
					continue;
				}
				c = report_cell_c(w->r, w->ti, terms[m].row, terms[m].col);
				if (c->state != CELL_VALUE || c->scale != 0)
					ok = 0;
			}
			if (ok && touches)
				ninst++;
		}
	}
	memset(choice, 0, sizeof choice);
	for (;;) {
		int pass = 1;
		for (i = 0; i < ninst && pass; i++) {
			int64_t sum = 0;
			for (m = 0; m < inst[i].n; m++) {
				int64_t v;
				if (inst[i].amb[m] >= 0) {
					const struct amb *am = &ambs[inst[i].amb[m]];
					v = am->cand[choice[inst[i].amb[m]] * am->ntarget + inst[i].pos[m]];
				} else {
					v = report_cell_c(w->r, w->ti, inst[i].t[m].row, inst[i].t[m].col)->units;
				}
				sum += inst[i].t[m].coef * v;
			}
			pass = inst[i].op == RULE_LE ? sum <= 0 : sum == 0;
		}
		if (pass)
			for (a = 0; a < namb; a++)
				ambs[a].mask |= 1u << choice[a];
		for (a = 0; a < namb; a++) {
			if (++choice[a] < ambs[a].ncand)
				break;
			choice[a] = 0;
		}
		if (a == namb)
			break;
	}
	free(inst);
}

/* A run that spans every column of the table with at least one explicit
 * empty cell: a grid row, whose cells are positional. */
static int grid_row(const struct walk *w, const struct hit *h)
{
	int k;
	for (k = 0; k < h->nv; k++)
		if (w->cv->v[w->vals[h->v0 + k]].kind != CK_VALUE)
			return 1;
	return 0;
}

static void resolve(struct walk *w)
{
	const struct spec_table *st = w->st;
	struct amb *ambs = NULL;
	int namb = 0, hi, k, a;
	int trow[SPLIT_MAX_PARTS], tcol[SPLIT_MAX_PARTS], pos[MAX_RUN];
	learn_columns(w);
	for (hi = 0; hi < w->nhits; hi++) {
		const struct hit *h = &w->hits[hi];
		int n, nv = h->nv;
		if (h->row == -1) {
			char found[200];
			const char *label = "";
			size_t ll = 0;
			if (h->label >= 0) {
				const struct tcell *c = &w->cv->v[h->label];
				label = w->text + c->raw;
				ll = c->rawlen < 150 ? c->rawlen : 150;
				while (ll && ll < c->rawlen && ((unsigned char)label[ll] & 0xC0) == 0x80)
					ll--;
			}
			snprintf(found, sizeof found, "%.*s", (int)ll, label);
			note(w->r, "parse.unknown_row", SEV_INFO, st, -1, -1, h->line, NULL, found,
			     "表格中的这一行数字未能对应到格式中的任何一行",
			     "A row of numbers in the table matches no row of the format");
			continue;
		}
		n = hit_targets(st, h, trow, tcol);
		if (nv == 0) {
			/* A label (and unit) with no cells: a blank row. */
			for (k = 0; k < n; k++)
				set_blank(w->r, w->ti, trow[k], tcol[k], h->line);
			continue;
		}
		if (nv == st->ncols && n < st->ncols && grid_row(w, h)) {
			/* A full grid row (one Markdown header for the whole
			 * table): cell k is table column k. */
			int line = w->cv->v[w->vals[h->v0]].line;
			for (k = 0; k < n; k++)
				set_from_cell(w, trow[k], tcol[k], w->vals[h->v0 + tcol[k]]);
			for (k = 0; k < nv; k++)
				if (!spec_row_has_col(st, trow[0], k) &&
				    w->cv->v[w->vals[h->v0 + k]].kind == CK_VALUE)
					note(w->r, "parse.extra_cell", SEV_WARNING, st, trow[0], k, line,
					     NULL, cell_str(w->cv, w->vals[h->v0 + k]),
					     "这一行没有该栏目，其中的数字未读取",
					     "The row has no such column; its number was not read");
			continue;
		}
		if (nv >= n) {
			for (k = 0; k < n; k++)
				set_from_cell(w, trow[k], tcol[k], w->vals[h->v0 + k]);
			continue;
		}
		if (place_by_columns(w, h, n, pos)) {
			int line = w->cv->v[w->vals[h->v0]].line;
			for (k = 0; k < n; k++)
				set_blank(w->r, w->ti, trow[k], tcol[k], line);
			for (k = 0; k < nv; k++)
				set_from_cell(w, trow[pos[k]], tcol[pos[k]], w->vals[h->v0 + k]);
			continue;
		}
		ambs = xreallocarray(ambs, (size_t)namb + 1, sizeof *ambs);
		if (try_split(w, hi, trow, tcol, n, &ambs[namb])) {
			struct amb *am = &ambs[namb];
			if (am->ncand == 1 && !am->unsure) {
				write_candidate(w, am, 0);
			} else if (am->decimal) {
				write_blank(w, am);
				note_ambiguous(w, am, 0, am->ncand ? "有多种拆分方式" : "无法拆分",
					       am->ncand ? "split in several ways" : "cannot be split");
			} else {
				namb++;
			}
			continue;
		}
		/* Fewer cells than columns and nothing to split: in order. */
		for (k = 0; k < n; k++) {
			if (k < nv)
				set_from_cell(w, trow[k], tcol[k], w->vals[h->v0 + k]);
			else
				set_blank(w->r, w->ti, trow[k], tcol[k],
					  nv ? w->cv->v[w->vals[h->v0 + nv - 1]].line : h->line);
		}
		note(w->r, "parse.short_row", SEV_WARNING, st, h->row >= 0 ? h->row : -1, -1, h->line,
		     NULL, NULL, "这一行的数字少于栏目数，缺少的单元格留空",
		     "The row has fewer numbers than columns; missing cells left blank");
	}
	/* Beyond 64 ambiguous rows nothing is combined (their mask stays 0,
	 * so they are left blank with a note). */
	if (namb)
		disambiguate(w, ambs, namb < 64 ? namb : 64);
	for (a = 0; a < namb; a++) {
		struct amb *am = &ambs[a];
		int bits = __builtin_popcount(am->mask);
		if (!am->unsure && am->ncand > 0 && bits == 1) {
			write_candidate(w, am, __builtin_ctz(am->mask));
			continue;
		}
		write_blank(w, am);
		if (am->ncand == 0)
			note_ambiguous(w, am, 0, "无法按表内勾稽关系拆分", "cannot be split consistently with the table's rules");
		else if (am->unsure)
			note_ambiguous(w, am, 0, "拆分方式过多", "split in too many ways");
		else
			note_ambiguous(w, am, am->mask, "有多种拆分方式", "split in several ways");
	}
	free(ambs);
}

/* ---- driver ------------------------------------------------------------- */

static void extract_table(struct report *r, const struct cellv *cv, const char *text,
			  int ti, int a, int b)
{
	const struct spec_table *st = &r->spec->tables[ti];
	struct report_table *rt = &r->tables[ti];
	struct walk w;
	int row, col, any = 0;
	memset(&w, 0, sizeof w);
	w.cv = cv;
	w.text = text;
	w.r = r;
	w.ti = ti;
	w.st = st;
	w.hits = xcalloc(MAX_HITS, sizeof *w.hits);
	w.matched = xcalloc((size_t)st->nrows + 1, 1);
	if (st->nrows > 0 && st->ncols > 0) {
		walk_region(&w, a, b);
		w.cursor = 0;
		resolve(&w);
	}
	for (row = 0; row < st->nrows; row++)
		for (col = 0; col < st->ncols; col++)
			if (report_cell_c(r, ti, row, col)->state != CELL_ABSENT)
				any = 1;
	if (any) {
		rt->found = 1;
		rt->line = cv->v[a].line;
		for (row = 0; row < st->nrows; row++) {
			int seen = 0;
			for (col = 0; col < st->ncols; col++)
				if (report_cell_c(r, ti, row, col)->state != CELL_ABSENT)
					seen = 1;
			if (!seen && !st->rows[row].optional)
				note(r, "parse.missing_row", SEV_WARNING, st, row, -1, rt->line, st->rows[row].label,
				     NULL, "表格中缺少这一行", "This row of the table was not found");
		}
	}
	free(w.vals);
	free(w.hits);
	free(w.matched);
}

void tables_extract(struct report *r, const char *text, size_t len)
{
	struct cellv cv;
	int *start, *end, t, u;
	if (!r || !r->spec || !r->tables || !text)
		return;
	memset(&cv, 0, sizeof cv);
	cells_build(&cv, text, len, CELLS_MAX);
	start = xcalloc((size_t)r->spec->ntables + 1, sizeof *start);
	end = xcalloc((size_t)r->spec->ntables + 1, sizeof *end);
	table_starts(r, &cv, start);
	for (t = 0; t < r->spec->ntables; t++) {
		if (start[t] < 0)
			continue;
		end[t] = next_heading_cell(r, &cv, cv.v[start[t]].line);
		for (u = 0; u < r->spec->ntables; u++)
			if (u != t && start[u] > start[t] && start[u] < end[t])
				end[t] = start[u];
	}
	for (t = 0; t < r->spec->ntables; t++)
		if (start[t] >= 0 && start[t] < end[t])
			extract_table(r, &cv, text, t, start[t], end[t]);
	free(start);
	free(end);
	cells_free(&cv);
}
