/* meta.c - format detection and everything about a report but its tables.
 *
 * The text is read line by line, never indexed as a whole, so memory is
 * linear and every scan is bounded: the title and year come from the first
 * lines, detection folds at most DETECT_MAX bytes, headings are capped at
 * MAX_SECTIONS, and each fact pattern runs at most MAX_FACT_MATCHES times
 * under a PCRE2 match limit. */
#include "report/meta.h"
#include "report/cn_number.h"
#include "report/label.h"
#include "base/buf.h"
#include "base/utf8.h"
#include "base/xalloc.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEAD_LINES 40            /* non-empty lines searched for the title */
#define HEAD_BYTES (64 * 1024)
#define YEAR_SCAN_BYTES (256 * 1024)
#define DETECT_MAX (1024 * 1024)    /* bytes folded for detection */
#define MAX_SECTIONS 64
#define MAX_HEADING_TRIES 20000  /* candidate heading lines examined */
#define MAX_TITLE_CPS 80
#define MAX_HEADING_CPS 60
#define MAX_FACT_MATCHES 200
#define QUOTE_CPS 24
#define YEAR_MIN 1990
#define YEAR_MAX 2199

/* ---- lines and small text helpers ---- */

struct span {
	size_t off, len;   /* bytes of the text */
	int line;          /* 1-based line number */
};

struct line_iter {
	const char *text;
	size_t len, pos;
	int line;
};

/* Next line (without the newline and a trailing CR); 0 at the end. */
static int next_line(struct line_iter *it, struct span *out)
{
	const char *nl;
	size_t n;
	if (it->pos >= it->len)
		return 0;
	nl = memchr(it->text + it->pos, '\n', it->len - it->pos);
	n = nl ? (size_t)(nl - (it->text + it->pos)) : it->len - it->pos;
	out->off = it->pos;
	out->len = n;
	out->line = ++it->line;
	if (n && it->text[it->pos + n - 1] == '\r')
		out->len--;
	it->pos += n + (nl ? 1 : 0);
	return 1;
}

/* Length of a blank code point at s (ASCII space/tab, U+3000, U+00A0,
 * BOM, zero-width space), or 0. */
static size_t blank_at(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	if (!n)
		return 0;
	if (u[0] == ' ' || u[0] == '\t' || u[0] == '\r' || u[0] == '\f' || u[0] == '\v')
		return 1;
	if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (n >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		return 3;
	if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0x8B)
		return 3;
	return 0;
}

/* Length of a blank code point ending at s+n, or 0. */
static size_t blank_before(const char *s, size_t n)
{
	size_t k;
	for (k = 1; k <= 3 && k <= n; k++)
		if (blank_at(s + n - k, k) == k)
			return k;
	return 0;
}

/* Trim blanks at both ends of the span, and a Markdown heading mark
 * ("# ", "## ") at its start. */
static struct span trim(const char *text, struct span sp)
{
	size_t k, h = 0;
	while (sp.len && (k = blank_at(text + sp.off, sp.len)) != 0) {
		sp.off += k;
		sp.len -= k;
	}
	while (h < sp.len && h < 7 && text[sp.off + h] == '#')
		h++;
	if (h && h <= 6 && h < sp.len && text[sp.off + h] == ' ') {
		sp.off += h;
		sp.len -= h;
		while (sp.len && (k = blank_at(text + sp.off, sp.len)) != 0) {
			sp.off += k;
			sp.len -= k;
		}
	}
	while (sp.len && (k = blank_before(text + sp.off, sp.len)) != 0)
		sp.len -= k;
	return sp;
}

/* Trim blanks and line breaks at both ends. */
static struct span trim_lines(const char *text, struct span sp)
{
	for (;;) {
		sp = trim(text, sp);
		if (sp.len && (text[sp.off] == '\n' || text[sp.off] == '\r')) {
			sp.off++;
			sp.len--;
		} else if (sp.len && (text[sp.off + sp.len - 1] == '\n' ||
				      text[sp.off + sp.len - 1] == '\r')) {
			sp.len--;
		} else {
			return sp;
		}
	}
}

static int contains(const char *s, size_t n, const char *needle)
{
	return memmem(s, n, needle, strlen(needle)) != NULL;
}

/* Offset of needle in s[0..n) or -1. */
static long find(const char *s, size_t n, const char *needle)
{
	const char *p = memmem(s, n, needle, strlen(needle));
	return p ? (long)(p - s) : -1;
}

static int starts(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	return n >= k && memcmp(s, prefix, k) == 0;
}

static int ends(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);
	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* Largest prefix length <= n that ends on a UTF-8 code point boundary. */
static size_t utf8_cut(const char *s, size_t n, size_t len)
{
	if (n >= len)
		return len;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

/* True if the code point at s is an Arabic digit (ASCII or full-width). */
static int arabic_at(const char *s, size_t n)
{
	uint32_t cp;
	int k = utf8_decode(s, n, &cp);
	return k > 0 && ((cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19));
}

/* ---- years ---- */

/* A year written at s ("2022年", "二〇一一年", "2010年度"): returns the bytes
 * up to and including 年 (and 度 when present, reported in *nian_du), or 0.
 * Dates ("2022年12月") report *is_date. */
static size_t year_at(const char *s, size_t n, int *year, int *nian_du, int *is_date)
{
	int64_t v, m;
	size_t k = cn_number_scan(s, n, 1, &v), i, j;
	if (!k || v < YEAR_MIN || v > YEAR_MAX)
		return 0;
	i = k;
	while (i < n && s[i] == ' ')
		i++;
	if (!starts(s + i, n - i, "年"))
		return 0;
	i += 3;
	*year = (int)v;
	*nian_du = starts(s + i, n - i, "度");
	if (*nian_du)
		i += 3;
	j = i;
	while (j < n && s[j] == ' ')
		j++;
	k = cn_number_scan(s + j, n - j, 0, &m);
	*is_date = k && m >= 1 && m <= 12 && starts(s + j + k, n - j - k, "月");
	return i;
}

/* The first year in s[0..n) (not part of a longer number), or 0. */
static int first_year(const char *s, size_t n, size_t *at, size_t *end)
{
	size_t i = 0;
	while (i < n) {
		int y, du, date;
		size_t k;
		if ((i == 0 || !arabic_at(s + i - 1, 1)) &&
		    (k = year_at(s + i, n - i, &y, &du, &date)) != 0) {
			if (at)
				*at = i;
			if (end)
				*end = i + k;
			return y;
		}
		i++;
		while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
	}
	return 0;
}

/* The year the body talks about most: "YYYY年度" counts 3, "YYYY年" 1,
 * dates not at all; ties go to the earlier year (plans name the next). */
static int frequent_year(const char *text, size_t len)
{
	int counts[YEAR_MAX - YEAR_MIN + 1];
	size_t n = utf8_cut(text, YEAR_SCAN_BYTES, len), i = 0;
	int best = 0, y;
	memset(counts, 0, sizeof counts);
	while (i < n) {
		int du, date;
		size_t k;
		if ((i == 0 || !arabic_at(text + i - 1, 1)) &&
		    (k = year_at(text + i, n - i, &y, &du, &date)) != 0) {
			if (!date)
				counts[y - YEAR_MIN] += du ? 3 : 1;
			i += k;
			continue;
		}
		i++;
		while (i < n && ((unsigned char)text[i] & 0xC0) == 0x80)
			i++;
	}
	for (y = YEAR_MIN; y <= YEAR_MAX; y++)
		if (counts[y - YEAR_MIN] > (best ? counts[best - YEAR_MIN] : 0))
			best = y;
	return best;
}

/* ---- title, the lines before it, agencies ---- */

struct head {
	struct span title;     /* len 0: none */
	int year;              /* from the title, else the body, else 0 */
	struct span before[3]; /* non-empty lines before the title, nearest first */
	int nbefore;
};

static int is_title(const char *s, size_t n)
{
	if (!(contains(s, n, "年度报告") || contains(s, n, "工作报告") ||
	      contains(s, n, "年报")))
		return 0;
	if (contains(s, n, ">") || contains(s, n, "＞") || contains(s, n, "当前位置") ||
	    contains(s, n, "首页"))
		return 0; /* a breadcrumb */
	if (contains(s, n, "。") || ends(s, n, "：") || ends(s, n, ":") ||
	    contains(s, n, "|") || contains(s, n, "\t"))
		return 0;
	return utf8_len(s, n) <= MAX_TITLE_CPS;
}

static void find_head(const char *text, size_t len, struct head *h)
{
	struct line_iter it = { text, len, 0, 0 };
	struct span sp;
	int nonempty = 0;
	memset(h, 0, sizeof *h);
	while (nonempty < HEAD_LINES && it.pos < HEAD_BYTES && next_line(&it, &sp)) {
		sp = trim(text, sp);
		if (!sp.len)
			continue;
		nonempty++;
		if (is_title(text + sp.off, sp.len)) {
			h->title = sp;
			break;
		}
		memmove(&h->before[1], &h->before[0], 2 * sizeof h->before[0]);
		h->before[0] = sp;
		if (h->nbefore < 3)
			h->nbefore++;
	}
	if (!h->title.len)
		h->nbefore = 0;
	else
		h->year = first_year(text + h->title.off, h->title.len, NULL, NULL);
	if (!h->year)
		h->year = frequent_year(text, len);
}

/* Does s look like the name of an issuing body: 2-40 Han characters (and
 * brackets) ending in a typical suffix such as 局, 委, 办, 中心, 政府? */
static int agency_like(const char *s, size_t n)
{
	static const uint32_t suffix[] = {
		0x5C40 /* 局 */, 0x59D4 /* 委 */, 0x529E /* 办 */, 0x5385 /* 厅 */,
		0x90E8 /* 部 */, 0x7F72 /* 署 */, 0x9662 /* 院 */, 0x4F1A /* 会 */,
		0x5FC3 /* 心 */, 0x5E9C /* 府 */, 0x5BA4 /* 室 */, 0x5904 /* 处 */,
		0x6240 /* 所 */, 0x7AD9 /* 站 */, 0x961F /* 队 */, 0x9986 /* 馆 */,
		0x793E /* 社 */, 0x53F8 /* 司 */, 0x9053 /* 道 */, 0x9547 /* 镇 */,
		0x4E61 /* 乡 */, 0x56E2 /* 团 */, 0x6821 /* 校 */, 0x884C /* 行 */,
	};
	size_t i = 0, cps = 0, j;
	uint32_t cp = 0, last = 0;
	while (i < n) {
		int k = utf8_decode(s + i, n - i, &cp);
		if (k < 0)
			return 0;
		if (!utf8_is_han(cp) && cp != 0xFF08 && cp != 0xFF09 &&
		    cp != '(' && cp != ')')
			return 0;
		if (utf8_is_han(cp))
			last = cp;
		cps++;
		i += (size_t)k;
	}
	if (cps < 2 || cps > 40 || cp != last)
		return 0;
	for (j = 0; j < sizeof suffix / sizeof suffix[0]; j++)
		if (last == suffix[j])
			return 1;
	return 0;
}

/* The agency named in the title: "<agency>2010年度政府信息公开…" or
 * "2010年度<agency>政府信息公开工作年度报告". NULL if none. */
static char *agency_from_title(const char *s, size_t n)
{
	static const char *tails[] = { "政府信息公开", "政务公开", "信息公开",
				       "年度报告", "工作报告", "年报" };
	size_t at, end, j;
	int y;
	if (starts(s, n, "关于"))
		s += 6, n -= 6;
	y = first_year(s, n, &at, &end);
	if (y) {
		size_t p = at;
		if (p >= 6 && ends(s, p, "关于"))
			p -= 6;
		if (agency_like(s, p))
			return xstrndup(s, p);
		s += end;
		n -= end;
	}
	{
		/* Cut at the earliest of the tails. */
		long cut = -1;
		for (j = 0; j < sizeof tails / sizeof tails[0]; j++) {
			long p = find(s, n, tails[j]);
			if (p >= 0 && (cut < 0 || p < cut))
				cut = p;
		}
		if (cut > 0) {
			size_t q = (size_t)cut;
			if (ends(s, q, "的"))
				q -= 3;
			if (ends(s, q, "关于"))
				q -= 6;
			if (agency_like(s, q))
				return xstrndup(s, q);
		}
	}
	return NULL;
}

/* ---- dates ---- */

/* A date anywhere in s[0..n): the first one found. */
static int date_in(const char *s, size_t n, int *y, int *m, int *d)
{
	size_t i = 0;
	while (i < n) {
		if ((i == 0 || !arabic_at(s + i - 1, 1)) && cn_date_scan(s + i, n - i, y, m, d))
			return 1;
		i++;
		while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
	}
	return 0;
}

/* True if the whole (trimmed) line is a date. */
static int date_line(const char *s, size_t n, int *y, int *m, int *d)
{
	size_t k = cn_date_scan(s, n, y, m, d);
	return k && k == n;
}

/* A labelled date: "发布日期：2011-01-14", "发布时间 2011年1月14日". */
static int labelled_date(const char *s, size_t n, const char *const *labels,
			 size_t nlabels, int *y, int *m, int *d)
{
	size_t j;
	for (j = 0; j < nlabels; j++) {
		long p = find(s, n, labels[j]);
		if (p >= 0) {
			size_t q = (size_t)p + strlen(labels[j]);
			size_t lim = n - q < 64 ? n - q : 64;
			if (date_in(s + q, lim, y, m, d))
				return 1;
		}
	}
	return 0;
}

/* ---- detection ---- */

static int spec_total_rows(const struct report_spec *s)
{
	int t, n = 0;
	for (t = 0; t < s->ntables; t++)
		n += s->tables[t].nrows;
	return n;
}

static int year_in_range(const struct report_spec *s, int year)
{
	return year && year >= s->year_from && year <= s->year_to;
}

/* Count numbered headings ("一、…" at the start of a line) in the text. */
static int count_headings(const char *text, size_t len);

struct spec_score {
	int score;
	int strong_labels;  /* long row labels found */
	int signals;        /* cites + markers + labels */
};

/* A filter for finding many needles in one text: a bitmap of the hashed
 * 4-byte sequences of the text. A needle of 4 or more bytes can only occur
 * if every one of its 4-byte sequences is set, so a needle with one unset
 * is skipped without strstr; the others are confirmed with strstr, so the
 * answer is always strstr's. */
#define GRAM_BITS 17
struct gram_filter {
	uint64_t bits[(1u << GRAM_BITS) / 64];
};

static uint32_t gram_hash(const char *p)
{
	uint32_t g = (uint32_t)(unsigned char)p[0] | (uint32_t)(unsigned char)p[1] << 8 |
		     (uint32_t)(unsigned char)p[2] << 16 | (uint32_t)(unsigned char)p[3] << 24;
	return (g * 2654435761u) >> (32 - GRAM_BITS);
}

static void gram_filter_init(struct gram_filter *f, const char *text)
{
	size_t i, n = strlen(text);
	memset(f->bits, 0, sizeof f->bits);
	for (i = 0; i + 4 <= n; i++) {
		uint32_t h = gram_hash(text + i);
		f->bits[h / 64] |= (uint64_t)1 << (h % 64);
	}
}

/* strstr(text, needle) != NULL, for the text the filter was built from. */
static int gram_contains(const struct gram_filter *f, const char *text, const char *needle)
{
	size_t i, n = strlen(needle);
	for (i = 0; i + 4 <= n; i++) {
		uint32_t h = gram_hash(needle + i);
		if (!(f->bits[h / 64] & (uint64_t)1 << (h % 64)))
			return 0;
	}
	return strstr(text, needle) != NULL;
}

static struct spec_score score_spec(const struct report_spec *s, const char *folded,
				    const struct gram_filter *grams, int year)
{
	struct spec_score sc = { 0, 0, 0 };
	int i, t, r, cites = 0;
	for (i = 0; i < s->ncites; i++) {
		const char *k = s->fcites[i];
		if (strlen(k) >= 6 && gram_contains(grams, folded, k))
			cites++;
	}
	/* A cited document counts, but less than the table's shape and the
	 * year together: a 2022 report in the 2021 table that cites the 2019
	 * document is a 2021 report with a wrong citation (a check finding). */
	if (cites)
		sc.score += 30 + 10 * (cites - 1);
	sc.signals += cites;
	for (i = 0; i < s->nmarkers; i++) {
		const char *k = s->fmarkers[i];
		if (strlen(k) >= 6 && gram_contains(grams, folded, k)) {
			sc.score += 10;
			sc.signals++;
		}
	}
	for (t = 0; t < s->ntables; t++)
		for (r = 0; r < s->tables[t].nrows; r++) {
			const char *k = s->tables[t].rows[r].flabel;
			if (k && strlen(k) >= 9 && gram_contains(grams, folded, k)) {
				sc.score += 3;
				sc.signals++;
				if (strlen(k) >= 18)
					sc.strong_labels++;
			}
		}
	if (year)
		sc.score += year_in_range(s, year) ? 25 : -25;
	return sc;
}

/* Is a better than b at equal score? In-range first, then the most
 * generic (fewest table rows), then the widest year range. */
static int better_tie(const struct report_spec *a, const struct report_spec *b, int year)
{
	int ra = year_in_range(a, year), rb = year_in_range(b, year);
	if (ra != rb)
		return ra > rb;
	if (spec_total_rows(a) != spec_total_rows(b))
		return spec_total_rows(a) < spec_total_rows(b);
	return (a->year_to - a->year_from) > (b->year_to - b->year_from);
}

const struct report_spec *meta_detect(const struct spec_set *specs,
				      const char *text, size_t len,
				      int *year_out)
{
	struct head h;
	size_t n;
	char *folded;
	struct gram_filter *grams;
	int i, annual, best = -1, best_score = 0, strong = 0, signals = 0;

	*year_out = 0;
	if (!text || !len)
		return NULL;
	find_head(text, len, &h);
	*year_out = h.year;
	if (!specs || specs->n == 0)
		return NULL;
	n = utf8_cut(text, DETECT_MAX, len);
	folded = label_key(text, n);
	grams = xmalloc(sizeof *grams);
	gram_filter_init(grams, folded);
	annual = (strstr(folded, "政府信息公开") || strstr(folded, "政务公开")) &&
		 (strstr(folded, "年度报告") || strstr(folded, "工作报告") ||
		  strstr(folded, "年报") || strstr(folded, "工作情况"));
	for (i = 0; i < specs->n; i++) {
		struct spec_score sc = score_spec(specs->v[i], folded, grams, h.year);
		if (sc.strong_labels > strong)
			strong = sc.strong_labels;
		if (sc.signals > signals)
			signals = sc.signals;
		if (best < 0 || sc.score > best_score ||
		    (sc.score == best_score && better_tie(specs->v[i], specs->v[best], h.year))) {
			best = i;
			best_score = sc.score;
		}
	}
	free(folded);
	free(grams);
	/* Not an annual report: neither the words nor a real table. */
	if (annual) {
		if (!signals && count_headings(text, n) < 2)
			return NULL;
	} else if (strong < 4) {
		return NULL;
	}
	return best >= 0 ? specs->v[best] : NULL;
}

/* ---- section headings ---- */

struct heading {
	struct span line;      /* the whole line */
	size_t head_len;       /* bytes of the heading within the line */
	size_t num_len;        /* bytes of the numeral */
	int64_t num;
	size_t body_off;       /* where the section text starts */
	const struct spec_section *spec;
};

/* Parse "一、总体情况" (also "一．", "一.", and "一、总体情况。正文…") at the
 * start of a trimmed line. Returns 1 and fills h on success. */
static int parse_heading(const char *text, struct span sp, struct heading *h)
{
	const char *s = text + sp.off;
	size_t n = sp.len, k, i, pipes = 0, j;
	int64_t v;
	uint32_t cp;
	if (!n || arabic_at(s, n))
		return 0;
	k = cn_number_scan(s, n, 0, &v);
	if (!k || v < 1 || v > 30)
		return 0;
	i = k;
	if (starts(s + i, n - i, "、") || starts(s + i, n - i, "．"))
		i += 3;
	else if (starts(s + i, n - i, ".") && !arabic_at(s + i + 1, n - i - 1))
		i += 1;
	else
		return 0;
	for (j = 0; j < n; j++)
		pipes += s[j] == '|';
	if (pipes > 1 || (pipes == 1 && s[n - 1] != '|'))
		return 0;
	{
		struct span rest = { sp.off + i, n - i, sp.line };
		long stop;
		rest = trim(text, rest);
		if (pipes) { /* "五、标题 |": keep it only if it names a section (checked later) */
			rest.len--;
			rest = trim(text, rest);
		}
		if (!rest.len)
			return 0;
		stop = find(text + rest.off, rest.len, "。");
		if (stop == 0)
			return 0;
		if (stop > 0)
			rest.len = (size_t)stop;
		if (utf8_len(text + rest.off, rest.len) > MAX_HEADING_CPS)
			return 0;
		(void)cp;
		memset(h, 0, sizeof *h);
		h->line = sp;
		h->num = v;
		h->num_len = k;
		h->head_len = rest.off + rest.len - sp.off;
		h->body_off = stop > 0 ? rest.off + rest.len + 3 : sp.off + sp.len;
		h->body_off = h->body_off > sp.off + sp.len ? sp.off + sp.len : h->body_off;
	}
	return 1;
}

static int count_headings(const char *text, size_t len)
{
	struct line_iter it = { text, len, 0, 0 };
	struct span sp;
	struct heading h;
	int count = 0, tries = 0;
	while (count < 2 && tries < MAX_HEADING_TRIES && next_line(&it, &sp)) {
		if (sp.len && text[sp.off] == '\t')
			continue;
		sp = trim(text, sp);
		if (!sp.len)
			continue;
		tries++;
		if (parse_heading(text, sp, &h))
			count++;
	}
	return count;
}

/* Strip leading numbering (Chinese numerals or digits) from a folded key. */
static const char *skip_numbering(const char *k)
{
	int64_t v;
	size_t n = strlen(k), c = cn_number_scan(k, n, 0, &v);
	return c < n ? k + c : k;
}

/* Folded row labels of every table of the spec (the spec's own). */
struct label_set {
	const char **v;
	int n;
};

static void label_set_add(struct label_set *ls, const char *key)
{
	if (!key)
		return;
	ls->v = xreallocarray(ls->v, (size_t)ls->n + 1, sizeof *ls->v);
	ls->v[ls->n++] = key;
}

static void label_set_build(struct label_set *ls, const struct report_spec *s)
{
	int t, r;
	memset(ls, 0, sizeof *ls);
	if (!s)
		return;
	for (t = 0; t < s->ntables; t++)
		for (r = 0; r < s->tables[t].nrows; r++) {
			label_set_add(ls, s->tables[t].rows[r].flabel);
			label_set_add(ls, s->tables[t].rows[r].fparent);
		}
}

static void label_set_free(struct label_set *ls)
{
	free(ls->v);
}

static int label_set_has(const struct label_set *ls, const char *key)
{
	int i;
	const char *k = skip_numbering(key);
	for (i = 0; i < ls->n; i++)
		if (!strcmp(skip_numbering(ls->v[i]), k))
			return 1;
	return 0;
}

/* The spec section a folded heading title names: exact title or variant
 * first, then the longest containment. *exact tells which. */
static const struct spec_section *match_section(const struct report_spec *s,
						const char *key, const char *number,
						int *exact)
{
	const struct spec_section *best = NULL;
	int i, j, best_score = 0;
	size_t klen = strlen(key);
	*exact = 0;
	if (!s || klen < 6)
		return NULL;
	for (i = 0; i < s->nsections; i++) {
		const struct spec_section *sec = &s->sections[i];
		for (j = -1; j < sec->nvariants; j++) {
			const char *ck = j < 0 ? sec->ftitle : sec->fvariants[j];
			int score = 0;
			size_t clen;
			if (!ck)
				continue;
			clen = strlen(ck);
			if (clen >= 6) {
				if (!strcmp(ck, key))
					score = 10000 + (int)clen;
				else if (strstr(key, ck) || strstr(ck, key))
					score = (int)(clen < klen ? clen : klen);
			}
			if (score && sec->number && number && !strcmp(sec->number, number))
				score++;
			if (score > best_score) {
				best_score = score;
				best = sec;
			}
		}
	}
	*exact = best_score >= 10000;
	return best;
}

/* ---- facts ---- */

/* Line number of byte offset off, counting forward from a cached point. */
struct line_cache {
	const char *text;
	size_t off;
	int line;
};

static int line_of(struct line_cache *lc, size_t off)
{
	const char *p, *end;
	if (off < lc->off) {
		lc->off = 0;
		lc->line = 1;
	}
	p = lc->text + lc->off;
	end = lc->text + off;
	while (p < end && (p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		lc->line++;
		p++;
	}
	lc->off = off;
	return lc->line;
}

/* A short fragment around text[a..b): back to the sentence start and on
 * to its end, at most QUOTE_CPS code points each side, within the line. */
static char *make_quote(const char *text, size_t len, size_t a, size_t b)
{
	int c;
	for (c = 0; c < QUOTE_CPS && a > 0; c++) {
		size_t p = a - 1;
		while (p > 0 && ((unsigned char)text[p] & 0xC0) == 0x80)
			p--;
		if (text[p] == '\n' || starts(text + p, len - p, "。") ||
		    starts(text + p, len - p, "；") || text[p] == '|')
			break;
		a = p;
	}
	for (c = 0; c < QUOTE_CPS && b < len; c++) {
		uint32_t cp;
		int k;
		if (text[b] == '\n' || text[b] == '\r' || text[b] == '|')
			break;
		k = utf8_decode(text + b, len - b, &cp);
		if (k < 0)
			break;
		b += (size_t)k;
		if (cp == 0x3002 || cp == 0xFF1B)
			break;
	}
	{
		struct span sp = { a, b - a, 0 };
		sp = trim(text, sp);
		return xstrndup(text + sp.off, sp.len);
	}
}

/* Value of a captured number: "12", "168.61", "三", "十二". */
static int capture_value(const char *s, size_t n, int64_t *units, int *scale)
{
	int64_t v = 0;
	size_t i = 0, digits = 0;
	int sc = 0, dot = 0;
	if (n && arabic_at(s, n)) {
		char *folded = utf8_fold(s, n);
		const char *f = folded;
		for (; f[i]; i++) {
			if (f[i] >= '0' && f[i] <= '9') {
				if (++digits > 18)
					break;
				v = v * 10 + (f[i] - '0');
				if (dot)
					sc++;
			} else if (f[i] == '.' && !dot) {
				dot = 1;
			} else {
				break;
			}
		}
		i = f[i] == '\0' && digits <= 18;
		free(folded);
		if (!i || !digits)
			return 0;
		*units = v;
		*scale = sc;
		return 1;
	}
	if (cn_number_parse(s, n, &v)) {
		*units = v;
		*scale = 0;
		return 1;
	}
	return 0;
}

struct fact_hit {
	size_t start, end;
	int64_t units;
	int scale;
	const char *unit;  /* the pattern's unit, or NULL */
};

static void fact_value_text(char *dst, size_t size, int64_t units, int scale)
{
	int64_t p = 1;
	int i;
	for (i = 0; i < scale; i++)
		p *= 10;
	if (scale)
		snprintf(dst, size, "%lld.%0*lld", (long long)(units / p), scale,
			 (long long)(units % p));
	else
		snprintf(dst, size, "%lld", (long long)units);
}

static void extract_facts(struct report *r, const char *text, size_t len)
{
	const struct report_spec *s = r->spec;
	pcre2_match_context *mctx;
	pcre2_match_data *md;
	struct line_cache lc = { text, 0, 1 };
	uint32_t opts = 0;
	int f, p;

	if (!s || !s->nfacts)
		return;
	if (utf8_valid(text, len))
		opts = PCRE2_NO_UTF_CHECK;
	mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(mctx, 200000);
	pcre2_set_depth_limit(mctx, 5000);
	md = pcre2_match_data_create(4, NULL);
	for (f = 0; f < s->nfacts; f++) {
		const struct spec_fact *sf = &s->facts[f];
		struct fact_hit first = { SIZE_MAX, 0, 0, 0, NULL }, conflict = { SIZE_MAX, 0, 0, 0, NULL };
		int have = 0;
		/* The earliest statement across all patterns wins. */
		for (p = 0; p < sf->npatterns; p++) {
			const pcre2_code *re = sf->patterns[p].re;
			size_t pos = 0;
			int count = 0;
			uint32_t allopts = 0;
			if (!re)
				continue;
			pcre2_pattern_info(re, PCRE2_INFO_ALLOPTIONS, &allopts);
			while (pos <= len && count++ < MAX_FACT_MATCHES) {
				PCRE2_SIZE *ov;
				struct fact_hit hit;
				int rc = pcre2_match(re, (PCRE2_SPTR)text, len, pos,
						     (allopts & PCRE2_UTF) ? opts : 0, md, mctx);
				if (rc < 0)
					break;
				ov = pcre2_get_ovector_pointer(md);
				hit.start = ov[0];
				hit.end = ov[1];
				hit.unit = sf->patterns[p].unit;
				if (sf->patterns[p].fixed) {
					hit.units = sf->patterns[p].value;
					hit.scale = 0;
				} else {
					int g, ok = 0;
					for (g = 1; g < rc && !ok; g++)
						if (ov[2 * g] != PCRE2_UNSET)
							ok = capture_value(text + ov[2 * g],
									   ov[2 * g + 1] - ov[2 * g],
									   &hit.units, &hit.scale);
					if (!ok)
						goto next;
				}
				if (!have || hit.start < first.start) {
					if (have && cell_cmp_units(first.units, first.scale,
								   hit.units, hit.scale) != 0 &&
					    first.start < conflict.start)
						conflict = first;
					first = hit;
					have = 1;
				} else if (cell_cmp_units(first.units, first.scale,
							  hit.units, hit.scale) != 0 &&
					   hit.start < conflict.start) {
					conflict = hit;
				}
			next:
				pos = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
				while (pos < len && ((unsigned char)text[pos] & 0xC0) == 0x80)
					pos++;
				if (pos > len)
					break;
			}
		}
		if (!have)
			continue;
		{
			char *quote = make_quote(text, len, first.start, first.end);
			report_add_fact(r, sf, first.units, first.scale,
					line_of(&lc, first.start), quote);
			r->facts[r->nfacts - 1].unit = first.unit;
			free(quote);
		}
		/* A different number stated for the same fact. */
		if (conflict.start != SIZE_MAX &&
		    cell_cmp_units(first.units, first.scale, conflict.units, conflict.scale) != 0) {
			char a[40], b[40], zh[256], en[256];
			fact_value_text(a, sizeof a, first.units, first.scale);
			fact_value_text(b, sizeof b, conflict.units, conflict.scale);
			snprintf(zh, sizeof zh, "正文对“%s”给出了不同的数字：先写%s，后写%s；采用前者",
				 sf->zh ? sf->zh : sf->key, a, b);
			snprintf(en, sizeof en, "The text states two different numbers for %s (%s, later %s); the first is kept",
				 sf->key, a, b);
			finding_add(&r->notes, "facts.conflict", SEV_WARNING, NULL, NULL, NULL,
				    line_of(&lc, conflict.start), a, b, zh, en);
		}
	}
	pcre2_match_data_free(md);
	pcre2_match_context_free(mctx);
}

/* ---- extraction ---- */

struct dated {
	int y, m, d;
	int line;
	struct span prev;      /* the non-empty line before it */
	size_t off;            /* start of the date line */
	int found;
};

static void set_published(struct report *r, const struct dated *dt)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%04u-%02u-%02u", (unsigned)dt->y % 10000u,
		 (unsigned)dt->m % 100u, (unsigned)dt->d % 100u);
	memcpy(r->published, buf, sizeof r->published - 1);
	r->published[sizeof r->published - 1] = '\0';
	r->published_line = dt->line;
}

void meta_extract(struct report *r, const char *text, size_t len)
{
	static const char *const pub_labels[] = { "发布日期", "发布时间", "发文日期",
						  "成文日期", "印发日期" };
	static const char *const form_labels[] = { "填表日期", "填报日期", "报送日期" };
	static const char *const unit_labels[] = { "填报单位", "报送单位", "发布机构",
						   "发布单位", "制表单位" };
	struct head h;
	struct line_iter it;
	struct span sp, prev = { 0, 0, 0 };
	struct dated explicit_date, closing, form_date;
	struct heading *heads;
	struct label_set labels;
	char *unit_agency = NULL;
	int nheads = 0, tries = 0, i;
	int64_t last_num = 0;

	if (!r || !text || !len)
		return;
	memset(&explicit_date, 0, sizeof explicit_date);
	closing = form_date = explicit_date;
	find_head(text, len, &h);
	if (h.title.len && !r->title)
		r->title = xstrndup(text + h.title.off, h.title.len);
	if (!r->year)
		r->year = h.year;
	if (!r->agency && h.title.len)
		r->agency = agency_from_title(text + h.title.off, h.title.len);
	for (i = 0; !r->agency && i < h.nbefore && i < 2; i++)
		if (agency_like(text + h.before[i].off, h.before[i].len))
			r->agency = xstrndup(text + h.before[i].off, h.before[i].len);

	heads = xcalloc(MAX_SECTIONS, sizeof *heads);
	label_set_build(&labels, r->spec);
	it = (struct line_iter){ text, len, 0, 0 };
	while (next_line(&it, &sp)) {
		int tab_led = sp.len && text[sp.off] == '\t';
		int y, m, d;
		const char *s;
		sp = trim(text, sp);
		if (!sp.len)
			continue;
		s = text + sp.off;
		if (sp.len <= 200) {
			if (!explicit_date.found &&
			    labelled_date(s, sp.len, pub_labels, 5, &y, &m, &d)) {
				explicit_date = (struct dated){ y, m, d, sp.line, prev, sp.off, 1 };
			} else if (date_line(s, sp.len, &y, &m, &d)) {
				closing = (struct dated){ y, m, d, sp.line, prev, sp.off, 1 };
			} else if (!form_date.found &&
				   labelled_date(s, sp.len, form_labels, 3, &y, &m, &d)) {
				form_date = (struct dated){ y, m, d, sp.line, prev, sp.off, 1 };
			}
			if (!unit_agency) {
				size_t j;
				for (j = 0; j < 5; j++) {
					long p = find(s, sp.len, unit_labels[j]);
					if (p >= 0) {
						struct span a = { sp.off + (size_t)p + strlen(unit_labels[j]),
								  sp.len - (size_t)p - strlen(unit_labels[j]), 0 };
						size_t k;
						if (starts(text + a.off, a.len, "："))
							a.off += 3, a.len -= 3;
						else if (starts(text + a.off, a.len, ":"))
							a.off += 1, a.len -= 1;
						a = trim(text, a);
						for (k = 0; k < a.len && text[a.off + k] != ' ' &&
						     text[a.off + k] != '\t'; k++)
							;
						if (agency_like(text + a.off, k))
							unit_agency = xstrndup(text + a.off, k);
						break;
					}
				}
			}
		}
		if (nheads < MAX_SECTIONS && tries < MAX_HEADING_TRIES &&
		    !arabic_at(s, sp.len) && sp.len < 1024) {
			struct heading hd;
			tries++;
			if (parse_heading(text, sp, &hd)) {
				size_t tstart = hd.num_len;
				char *key, *num;
				int exact;
				const struct spec_section *sec;
				const char *hs = text + hd.line.off;
				/* title without the numeral and its separator */
				key = label_key(hs + tstart, hd.head_len - tstart);
				num = xstrndup(hs, hd.num_len);
				sec = match_section(r->spec, key, num, &exact);
				hd.spec = sec;
				if ((tab_led || memchr(hs, '|', hd.line.len) ||
				     memchr(hs, '\t', hd.line.len)) && !exact) {
					/* a table cell (tab or pipe layout) that does not
					 * name a section exactly */
				} else if (!exact && label_set_has(&labels, key)) {
					/* a table row label such as "一、本年新收…" */
				} else if (nheads && (sec ? hd.num < last_num : hd.num <= last_num)) {
					/* numbering goes back (or repeats for a heading the
					 * format does not know): a list inside a section */
				} else {
					heads[nheads++] = hd;
					last_num = hd.num;
				}
				free(key);
				free(num);
			}
		}
		prev = sp;
	}
	label_set_free(&labels);

	/* Published date: an explicit 发布日期 beats the closing date line. */
	if (explicit_date.found)
		set_published(r, &explicit_date);
	else if (closing.found)
		set_published(r, &closing);
	else if (form_date.found)
		set_published(r, &form_date);

	/* Agency from the 落款 above the closing date, else 填报单位. */
	if (!r->agency && closing.found && closing.prev.len &&
	    agency_like(text + closing.prev.off, closing.prev.len))
		r->agency = xstrndup(text + closing.prev.off, closing.prev.len);
	if (!r->agency && unit_agency) {
		r->agency = unit_agency;
		unit_agency = NULL;
	}
	free(unit_agency);

	if (!r->year && r->published[0]) {
		const struct dated *dt = explicit_date.found ? &explicit_date :
			closing.found ? &closing : &form_date;
		r->year = dt->m <= 6 ? dt->y - 1 : dt->y;
	}

	/* Sections: each runs to the next heading; the last one stops at the
	 * 落款 (the signature and closing date) when they follow it. */
	for (i = 0; i < nheads; i++) {
		const struct heading *hd = &heads[i];
		size_t end = i + 1 < nheads ? heads[i + 1].line.off : len;
		struct span body;
		char *heading, *num, *body_text;
		if (i + 1 == nheads && closing.found && closing.off > hd->line.off) {
			end = closing.off;
			if (closing.prev.len && closing.prev.off > hd->line.off &&
			    agency_like(text + closing.prev.off, closing.prev.len))
				end = closing.prev.off;
		}
		body.off = hd->body_off < end ? hd->body_off : end;
		body.len = end - body.off;
		body = trim_lines(text, body);
		heading = xstrndup(text + hd->line.off, hd->head_len);
		num = xstrndup(text + hd->line.off, hd->num_len);
		body_text = xstrndup(text + body.off, body.len);
		report_add_section(r, hd->spec, num, heading, body_text, hd->line.line);
		free(heading);
		free(num);
		free(body_text);
	}
	free(heads);

	extract_facts(r, text, len);
}
