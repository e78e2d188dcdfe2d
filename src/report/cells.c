/* cells.c - published report text -> a flat stream of table cells (see
 * cells.h for the layouts). One pass over the text, line by line; every
 * text cell is folded once; all strings go into one arena buffer. */
#include "report/cells.h"
#include "report/label.h"
#include "base/utf8.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Longest number we parse; longer digit strings are still kept for
 * splitting, up to this many digits. */
#define NUM_MAX 64
/* A label with digits glued on is at most this wide (display columns);
 * longer text is prose, whose trailing digits are left alone. */
#define GLUE_MAX_WIDTH 160

struct unit_word {
	const char *s;
	int unit;
};

static const struct unit_word unit_words[] = {
	{"万元", CU_WANYUAN}, {"元", CU_YUAN}, {"人次", CU_COUNT}, {"条", CU_COUNT},
	{"件", CU_COUNT}, {"次", CU_COUNT}, {"人", CU_COUNT}, {"个", CU_COUNT},
	{"篇", CU_COUNT}, {"项", CU_COUNT}, {"份", CU_COUNT}, {"宗", CU_COUNT},
	{"起", CU_COUNT}, {"家", CU_COUNT}, {"场", CU_COUNT}, {"期", CU_COUNT},
	{"户", CU_COUNT}, {"名", CU_COUNT}, {"套", CU_COUNT}, {"处", CU_COUNT},
};

int cells_unit_word(const char *s, size_t n)
{
	size_t i;
	if (n < 3 || n > 6 || ((unsigned char)s[0] & 0xF0) != 0xE0)
		return 0;
	for (i = 0; i < sizeof unit_words / sizeof unit_words[0]; i++)
		if (strlen(unit_words[i].s) == n && memcmp(unit_words[i].s, s, n) == 0)
			return unit_words[i].unit;
	return 0;
}

/* Map one code point of a number to ASCII: digits, . , + - (ASCII or
 * full-width). 0 if it is not part of a number. */
static char num_char(uint32_t cp)
{
	if (cp >= '0' && cp <= '9')
		return (char)cp;
	if (cp >= 0xFF10 && cp <= 0xFF19)
		return (char)('0' + (cp - 0xFF10));
	switch (cp) {
	case '.': case 0xFF0E: return '.';
	case ',': return ',';
	case '-': case 0xFF0D: case 0x2212: return '-';
	case '+': case 0xFF0B: return '+';
	}
	return 0;
}

int cells_parse_number(const char *s, size_t n, int64_t *units, int *scale,
		       int *unit, int *digits_only, int *fits,
		       char *dig, size_t dsize)
{
	char a[NUM_MAX + 1];
	size_t i = 0, m = 0, k, nd = 0;
	int neg = 0, sc = 0, seen_point = 0, seen_comma = 0, group = 0, u = 0;
	uint64_t v = 0;
	int over = 0;
	uint32_t cp;
	unsigned char b0 = n ? (unsigned char)s[0] : 0;
	/* Quick reject: a number starts with a digit, a sign or a full-width
	 * form (EF BC xx) or U+2212. */
	if (!((b0 >= '0' && b0 <= '9') || b0 == '+' || b0 == '-' || b0 == 0xEF || b0 == 0xE2))
		return 0;
	/* Normalise the numeric prefix into ASCII. */
	while (i < n) {
		int len = utf8_decode(s + i, n - i, &cp);
		char c;
		if (len < 0)
			return 0;
		c = num_char(cp);
		if (!c)
			break;
		if (m >= NUM_MAX)
			return 0;
		a[m++] = c;
		i += (size_t)len;
	}
	if (i < n) {
		u = cells_unit_word(s + i, n - i);
		if (!u)
			return 0;
	}
	a[m] = '\0';
	k = 0;
	if (k < m && (a[k] == '-' || a[k] == '+'))
		neg = a[k++] == '-';
	if (k >= m || a[k] < '0' || a[k] > '9')
		return 0;
	for (; k < m; k++) {
		char c = a[k];
		if (c >= '0' && c <= '9') {
			if (nd + 1 < dsize)
				dig[nd] = c;
			nd++;
			if (v > (UINT64_MAX - 9) / 10)
				over = 1;
			else
				v = v * 10 + (uint64_t)(c - '0');
			if (seen_point)
				sc++;
			group++;
		} else if (c == ',' && !seen_point) {
			/* 1,234,567: first group 1-3 digits, then exactly 3. */
			if ((seen_comma && group != 3) || (!seen_comma && (group < 1 || group > 3)))
				return 0;
			seen_comma = 1;
			group = 0;
		} else if (c == '.' && !seen_point) {
			if (seen_comma && group != 3)
				return 0;
			seen_point = 1;
			group = 0;
			seen_comma = seen_comma ? 2 : 0;
		} else {
			return 0;
		}
	}
	if (seen_comma == 1 && group != 3)
		return 0;
	if (seen_point && sc == 0)
		return 0;   /* "1." is numbering, not a number */
	if (dsize)
		dig[nd < dsize ? nd : dsize - 1] = '\0';
	if (v > (uint64_t)INT64_MAX / 2 || sc > 9 || nd > 18)
		over = 1;
	*units = over ? 0 : (neg ? -(int64_t)v : (int64_t)v);
	*scale = sc;
	*unit = u;
	*digits_only = !neg && a[0] != '+' && !seen_point && !seen_comma && !u;
	*fits = !over;
	return 1;
}

/* ---- building ---------------------------------------------------------- */

struct lctx {
	struct cellv *cv;
	const char *text;
	int max;
	int line;
	const char *ls;     /* line start */
	size_t wpos;        /* byte offset within the line of the width cache */
	int wcol;           /* display width up to wpos */
	int first_of_line;  /* next cell is the first of its line */
	int layout;         /* enum cell_layout of the current line */
};

/* utf8_width() with a fast path for ASCII and CJK (U+3000-U+9FFF and the
 * full-width forms, all width 2). */
static int fast_width(const char *s, size_t n)
{
	size_t i = 0;
	int w = 0;
	while (i < n) {
		unsigned char b = (unsigned char)s[i];
		if (b < 0x80) {
			w += b >= 0x20 && b != 0x7F;
			i++;
		} else if (b >= 0xE3 && b <= 0xE9 && i + 2 < n) {
			w += 2;
			i += 3;
		} else if (b == 0xEF && i + 2 < n && ((unsigned char)s[i + 1] == 0xBC ||
						     ((unsigned char)s[i + 1] == 0xBD &&
						      (unsigned char)s[i + 2] <= 0xA0))) {
			w += 2;
			i += 3;
		} else {
			size_t j = i + 1;
			while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80)
				j++;
			w += (int)utf8_width(s + i, j - i);
			i = j;
		}
	}
	return w;
}

static int col_at(struct lctx *x, const char *p)
{
	size_t pos = (size_t)(p - x->ls);
	if (pos < x->wpos) {
		x->wpos = 0;
		x->wcol = 0;
	}
	x->wcol += fast_width(x->ls + x->wpos, pos - x->wpos);
	x->wpos = pos;
	return x->wcol;
}

static uint32_t arena_add(struct cellv *cv, const char *s, size_t n)
{
	uint32_t off = (uint32_t)cv->strings.len;
	if (buf_add(&cv->strings, s, n) < 0 || buf_addc(&cv->strings, '\0') < 0)
		return 0;
	return off;
}

static struct tcell *new_cell(struct lctx *x, int kind, const char *s, size_t n)
{
	struct cellv *cv = x->cv;
	struct tcell *c;
	if (cv->n >= x->max) {
		cv->truncated = 1;
		return NULL;
	}
	if (cv->n == cv->cap) {
		cv->cap = cv->cap ? cv->cap * 2 : 256;
		if (cv->cap > x->max)
			cv->cap = x->max;
		cv->v = xreallocarray(cv->v, (size_t)cv->cap, sizeof *cv->v);
	}
	c = &cv->v[cv->n++];
	memset(c, 0, sizeof *c);
	c->kind = (uint8_t)kind;
	c->line = x->line;
	c->first = (uint8_t)x->first_of_line;
	c->layout = (uint8_t)x->layout;
	x->first_of_line = 0;
	c->raw = (uint32_t)(s - x->text);
	c->rawlen = (uint32_t)n;
	c->col = col_at(x, s);
	c->width = fast_width(s, n);
	return c;
}

static void emit_empty(struct lctx *x, const char *s, size_t n)
{
	struct tcell *c = new_cell(x, CK_EMPTY, s, n);
	if (c)
		c->str = arena_add(x->cv, "", 0);
}

static void emit_text(struct lctx *x, const char *s, size_t n)
{
	int u = cells_unit_word(s, n);
	struct tcell *c = new_cell(x, u ? CK_UNIT : CK_TEXT, s, n);
	struct buf *a = &x->cv->strings;
	size_t off = a->len;
	if (!c)
		return;
	c->unit = (uint8_t)u;
	if (label_key_fast(s, n, a) && buf_addc(a, '\0') == 0 && !a->overflow) {
		c->str = (uint32_t)off;
		c->slen = (uint32_t)(a->len - off - 1);
	} else {
		char *key = label_key(s, n);
		c->slen = (uint32_t)strlen(key);
		c->str = arena_add(x->cv, key, c->slen);
		free(key);
	}
}

/* Emit s as a value cell if it is a number; 0 if it is not one. */
/* The digits-and-points form of s: ASCII or full-width digits with single
 * points between digits and nothing else ("1232.66506.57"). Writes it into
 * out (NUL-terminated) and returns the number of points, or -1. */
static int dotted_form(const char *s, size_t n, char *out, size_t osize)
{
	size_t i = 0, m = 0;
	int points = 0;
	uint32_t cp;
	while (i < n) {
		int len = utf8_decode(s + i, n - i, &cp);
		char c;
		if (len < 0)
			return -1;
		c = num_char(cp);
		if (c == '.') {
			if (m == 0 || out[m - 1] == '.')
				return -1;
			points++;
		} else if (c < '0' || c > '9') {
			return -1;
		}
		if (m + 1 >= osize)
			return -1;
		out[m++] = c;
		i += (size_t)len;
	}
	if (m == 0 || out[m - 1] == '.')
		return -1;
	out[m] = '\0';
	return points;
}

static int emit_number(struct lctx *x, const char *s, size_t n, int glued)
{
	int64_t units;
	int scale, unit, digits, fits, points;
	char dig[NUM_MAX + 1], dot[NUM_MAX + 1];
	struct tcell *c;
	if (!cells_parse_number(s, n, &units, &scale, &unit, &digits, &fits, dig, sizeof dig)) {
		/* Decimals run together after a label ("收费1232.66506.57"):
		 * a value that is not one number, kept for the splitter. */
		if (!glued || dotted_form(s, n, dot, sizeof dot) < 2)
			return 0;
		c = new_cell(x, CK_VALUE, s, n);
		if (!c)
			return 1;
		c->dotted = 1;
		c->glued = 1;
		c->slen = (uint32_t)strlen(dot);
		c->str = arena_add(x->cv, dot, c->slen);
		return 1;
	}
	c = new_cell(x, CK_VALUE, s, n);
	if (!c)
		return 1;
	c->units = units;
	c->scale = (uint8_t)scale;
	c->unit = (uint8_t)unit;
	c->digits = (uint8_t)digits;
	c->ok = (uint8_t)fits;
	c->glued = (uint8_t)glued;
	points = scale > 0 && !unit ? dotted_form(s, n, dot, sizeof dot) : -1;
	if (points == 1) {
		c->dotted = 1;   /* "1948.32099" may be several cells too */
		c->slen = (uint32_t)strlen(dot);
		c->str = arena_add(x->cv, dot, c->slen);
	} else {
		c->slen = (uint32_t)strlen(dig);
		c->str = arena_add(x->cv, dig, c->slen);
	}
	return 1;
}

/* Bytes of white space (ASCII, NBSP, U+3000, BOM, ZWSP) at s, or 0. */
static size_t space_at(const unsigned char *s, size_t n)
{
	if (!n)
		return 0;
	if (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\f' || s[0] == '\v')
		return 1;
	if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)
		return 2;
	if (n >= 3 && ((s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) ||
		       (s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) ||
		       (s[0] == 0xE2 && s[1] == 0x80 && s[2] == 0x8B)))
		return 3;
	return 0;
}

/* Trim leading and trailing white space (ASCII, NBSP, U+3000, BOM). */
static void trim(const char **s, size_t *n)
{
	size_t k;
	while ((k = space_at((const unsigned char *)*s, *n)) > 0) {
		*s += k;
		*n -= k;
	}
	while (*n) {
		const unsigned char *e = (const unsigned char *)*s + *n;
		if (e[-1] < 0x80) {
			if (!space_at(e - 1, 1))
				break;
			*n -= 1;
		} else if (*n >= 2 && space_at(e - 2, 2) == 2) {
			*n -= 2;
		} else if (*n >= 3 && space_at(e - 3, 3) == 3) {
			*n -= 3;
		} else {
			break;
		}
	}
}

/* A cell of only dashes or slashes ("—", "-", "/", "——") is an empty cell. */
static int dash_only(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	unsigned char b0 = n ? (unsigned char)s[0] : 0;
	if (!(b0 == '-' || b0 == '/' || b0 == '\\' || b0 == 0xE2 || b0 == 0xEF))
		return 0;
	while (i < n) {
		int k = utf8_decode(s + i, n - i, &cp);
		if (k < 0)
			return 0;
		switch (cp) {
		case '-': case '/': case '\\': case 0x2014: case 0x2013: case 0x2015:
		case 0xFF0D: case 0xFF0F: case 0x2500: case 0x2026: case 0x2212:
			break;
		default:
			return 0;
		}
		i += (size_t)k;
	}
	return n > 0;
}

/* Length of the digits glued to the end of text s (ASCII digits with
 * optional single points between them, right after a non-ASCII
 * character), or 0. */
static size_t glued_tail(const char *s, size_t n)
{
	size_t e = n, b;
	/* Several points are kept ("1232.66506.57": decimals run together,
	 * split later by the table reader); two in a row are not. */
	while (e > 0 && ((s[e - 1] >= '0' && s[e - 1] <= '9') || s[e - 1] == '.')) {
		if (s[e - 1] == '.' && (e == n || s[e] == '.'))
			return 0;
		e--;
	}
	if (e == n || e == 0 || s[e] == '.')
		return 0;
	b = e;
	/* The character before must be non-ASCII (Han, closing bracket,
	 * quote) but not a colon: "联系方式：5221234" is not a table row. */
	if (((unsigned char)s[b - 1] & 0x80) == 0)
		return 0;
	if (b >= 3 && memcmp(s + b - 3, "：", 3) == 0)
		return 0;
	return n - b;
}

/* One piece of a line (no runs of 2+ spaces inside): a number, a dash, a
 * run of numbers separated by single spaces, or text, possibly with numbers
 * after it (separated by single spaces or glued on). */
static void emit_piece(struct lctx *x, const char *s, size_t n)
{
	const char *w[64];
	size_t wl[64];
	int nw = 0, k, lead;
	size_t i = 0;
	if (!n)
		return;
	if (dash_only(s, n)) {
		emit_empty(x, s, n);
		return;
	}
	if (emit_number(x, s, n, 0))
		return;
	/* Words separated by single spaces. */
	while (i < n && nw < 64) {
		size_t j;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		j = i;
		while (j < n && s[j] != ' ' && s[j] != '\t')
			j++;
		if (j > i) {
			w[nw] = s + i;
			wl[nw++] = j - i;
		}
		i = j;
	}
	if (i < n)
		nw = 0;   /* too many words: treat as plain text */
	/* Trailing words that are numbers. */
	lead = nw;
	while (lead > 0) {
		int64_t u;
		int sc, un, d, f;
		char dig[NUM_MAX + 1];
		if (!cells_parse_number(w[lead - 1], wl[lead - 1], &u, &sc, &un, &d, &f, dig, sizeof dig) &&
		    !dash_only(w[lead - 1], wl[lead - 1]))
			break;
		lead--;
	}
	if (nw > 0 && lead < nw) {
		size_t tl;
		if (lead > 0) {
			tl = (size_t)(w[lead - 1] + wl[lead - 1] - s);
			emit_piece(x, s, tl);   /* the text part (may hold glued digits) */
		}
		for (k = lead; k < nw; k++)
			if (!emit_number(x, w[k], wl[k], 0))
				emit_empty(x, w[k], wl[k]);
		return;
	}
	/* Digits glued to a short label. */
	{
		size_t g = glued_tail(s, n);
		if (g && !memmem(s, n, "。", 3) && utf8_width(s, n - g) <= GLUE_MAX_WIDTH) {
			const char *t = s;
			size_t tn = n - g;
			trim(&t, &tn);
			if (tn) {
				emit_text(x, t, tn);
				if (emit_number(x, s + n - g, g, 1))
					return;
			}
		}
	}
	emit_text(x, s, n);
}

/* Split a segment on runs of 2+ spaces, tabs and U+3000 and emit the
 * pieces. Returns the number of pieces. */
static int emit_spaced(struct lctx *x, const char *s, size_t n)
{
	size_t i = 0, ps = 0;
	int count = 0;
	while (i <= n) {
		size_t sep = 0;
		if (i < n) {
			if (s[i] == '\t')
				sep = 1;
			else if (s[i] == ' ' && i + 1 < n && s[i + 1] == ' ')
				sep = 2;
			else if (i + 2 < n && (unsigned char)s[i] == 0xE3 &&
				 (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x80)
				sep = 3;
		}
		if (i == n || sep) {
			const char *p = s + ps;
			size_t pn = i - ps;
			trim(&p, &pn);
			if (pn) {
				emit_piece(x, p, pn);
				count++;
			}
			if (i == n)
				break;
			/* Skip the whole separator run. */
			while (i < n && (s[i] == ' ' || s[i] == '\t' ||
					 (i + 2 < n && (unsigned char)s[i] == 0xE3 &&
					  (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x80)))
				i += s[i] == ' ' || s[i] == '\t' ? 1 : 3;
			ps = i;
			continue;
		}
		i++;
	}
	return count;
}

/* One segment between separators: empty, or pieces. */
static void emit_segment(struct lctx *x, const char *s, size_t n)
{
	trim(&s, &n);
	if (!n)
		emit_empty(x, s, 0);
	else
		emit_spaced(x, s, n);
}

/* Position of the next pipe ('|' or full-width '｜') at or after i, or n. */
static size_t next_pipe(const char *s, size_t n, size_t i, size_t *plen)
{
	for (; i < n; i++) {
		if (s[i] == '|') {
			*plen = 1;
			return i;
		}
		if ((unsigned char)s[i] == 0xEF && i + 2 < n &&
		    (unsigned char)s[i + 1] == 0xBD && (unsigned char)s[i + 2] == 0x9C) {
			*plen = 3;
			return i;
		}
	}
	*plen = 0;
	return n;
}

static int blank_span(const char *s, size_t n)
{
	trim(&s, &n);
	return n == 0;
}

static void do_pipe_line(struct lctx *x, const char *s, size_t n)
{
	size_t i = 0, plen, first_pipe = next_pipe(s, n, 0, &plen);
	int only_pipes = 1, first = 1;
	size_t j;
	for (j = 0; j < n; j++)
		if (s[j] != '|' && s[j] != ' ' && s[j] != '\t' && s[j] != '\r') {
			only_pipes = 0;
			break;
		}
	if (only_pipes && first_pipe == n)
		return;
	if (only_pipes) {
		/* "|||": one empty cell per pipe; two or more are the padding
		 * of merged cells. */
		int pipes = 0, start = x->cv->n, k;
		for (j = 0; j < n; j++)
			if (s[j] == '|') {
				emit_empty(x, s + j, 0);
				pipes++;
			}
		for (k = start; pipes >= 2 && k < x->cv->n; k++)
			x->cv->v[k].pad = 1;
		return;
	}
	while (i <= n) {
		size_t p = next_pipe(s, n, i, &plen);
		if (p == n) {
			/* Text after the last pipe: a cell unless blank. */
			if (!blank_span(s + i, n - i))
				emit_segment(x, s + i, n - i);
			break;
		}
		/* A leading empty segment ("| a | b |") is not a cell. */
		if (!(first && blank_span(s + i, p - i)))
			emit_segment(x, s + i, p - i);
		first = 0;
		i = p + plen;
	}
}

static void do_tab_line(struct lctx *x, const char *s, size_t n)
{
	size_t i = 0;
	int first = 1;
	while (i <= n) {
		const char *t = memchr(s + i, '\t', n - i);
		size_t p = t ? (size_t)(t - s) : n;
		if (!(first && blank_span(s + i, p - i)))
			emit_segment(x, s + i, p - i);
		first = 0;
		if (!t)
			break;
		i = p + 1;
	}
}

/* A plain line right after a "\tcell" line continues that cell when it is
 * short text (pdf copies wrap long header cells: "本年新\n公开数量"). */
static int continue_cell(struct lctx *x, const char *s, size_t n)
{
	struct cellv *cv = x->cv;
	struct tcell *c;
	int64_t u;
	int sc, un, d, f;
	char dig[NUM_MAX + 1], *key, *old;
	size_t kl;
	uint32_t off;
	trim(&s, &n);
	if (!cv->n || !n || utf8_width(s, n) > 40)
		return 0;
	c = &cv->v[cv->n - 1];
	if (c->kind != CK_TEXT || c->line != x->line - 1)
		return 0;
	if (memmem(s, n, "  ", 2) || cells_parse_number(s, n, &u, &sc, &un, &d, &f, dig, sizeof dig) ||
	    glued_tail(s, n) || dash_only(s, n))
		return 0;
	key = label_key(s, n);
	kl = strlen(key);
	old = xstrndup(cell_str(cv, cv->n - 1), c->slen);
	/* Re-add the joined key at the end of the arena. */
	off = (uint32_t)cv->strings.len;
	if (buf_add(&cv->strings, old, c->slen) == 0 &&
	    buf_add(&cv->strings, key, kl) == 0 && buf_addc(&cv->strings, '\0') == 0) {
		c->str = off;
		c->slen += (uint32_t)kl;
	}
	free(old);
	free(key);
	return 1;
}

void cells_build(struct cellv *cv, const char *text, size_t len, int max_cells)
{
	struct lctx x;
	size_t i = 0;
	int prev_tab = 0;
	memset(&x, 0, sizeof x);
	x.cv = cv;
	x.text = text;
	x.max = max_cells > 0 && max_cells < CELLS_MAX ? max_cells : CELLS_MAX;
	if (!cv->strings.max)
		buf_init(&cv->strings, (size_t)1 << 30);
	if (!cv->strings.len)
		buf_addc(&cv->strings, '\0');   /* offset 0 is "" */
	while (i < len && !cv->truncated) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) : len, n = e - i;
		const char *s = text + i;
		x.line++;
		x.ls = s;
		x.wpos = 0;
		x.wcol = 0;
		x.first_of_line = 1;
		if (n && s[n - 1] == '\r')
			n--;
		if (blank_span(s, n) && !memchr(s, '\t', n)) {
			prev_tab = 0;
		} else if (next_pipe(s, n, 0, &(size_t){0}) < n) {
			x.layout = CL_PIPE;
			do_pipe_line(&x, s, n);
			prev_tab = 0;
		} else if (memchr(s, '\t', n)) {
			x.layout = CL_TAB;
			do_tab_line(&x, s, n);
			prev_tab = s[0] == '\t';
		} else if (prev_tab && continue_cell(&x, s, n)) {
			/* merged into the previous cell; still a cell line */
		} else {
			int start = cv->n, k;
			x.layout = CL_PLAIN;
			if (emit_spaced(&x, s, n) >= 2)
				for (k = start; k < cv->n; k++)
					cv->v[k].aligned = 1;
			prev_tab = 0;
		}
		i = e + 1;
	}
}

void cells_free(struct cellv *cv)
{
	free(cv->v);
	buf_free(&cv->strings);
	memset(cv, 0, sizeof *cv);
}
