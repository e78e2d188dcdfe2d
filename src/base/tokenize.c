/* tokenize.c - the search tokenizer (base/tokenize.h).
 *
 * One pass over the NFKC + case-folded text classifies each code point as
 * an ideograph, a word character (letter or digit of any other script) or
 * a separator, and emits tokens per run. */
#include "base/tokenize.h"
#include "base/utf8.h"
#include "base/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

enum cls { C_SEP = 0, C_HAN = 1, C_WORD = 2 };

static enum cls classify(uint32_t cp)
{
	utf8proc_category_t c;
	if (cp < 0x80) {
		if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9'))
			return C_WORD;
		return C_SEP;
	}
	if (utf8_is_han(cp) || (cp >= 0x20000 && cp <= 0x3134F))
		return C_HAN;
	c = utf8proc_category((utf8proc_int32_t)cp);
	switch (c) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC:
		return C_WORD;
	default:
		return C_SEP;
	}
}

/* One code point of the folded text. */
struct cpos {
	size_t off;      /* byte offset in the folded text */
	int len;         /* bytes */
	enum cls cls;
};

/* Decode folded text into code points with classes; *count set. */
static struct cpos *scan(const char *f, size_t n, size_t *count)
{
	struct cpos *v = xreallocarray(NULL, n + 1, sizeof *v);
	size_t i = 0, k = 0;
	while (i < n) {
		uint32_t cp;
		int l = utf8_decode(f + i, n - i, &cp);
		if (l < 0) {
			l = 1;
			cp = 0xFFFD;
		}
		v[k].off = i;
		v[k].len = l;
		v[k].cls = classify(cp);
		k++;
		i += (size_t)l;
	}
	*count = k;
	return v;
}

static int emit(struct buf *b, const char *s, size_t n, long *count)
{
	if (!b)
		return 0;
	if (b->len && buf_addc(b, ' ') < 0)
		return -1;
	if (buf_add(b, s, n) < 0)
		return -1;
	if (count)
		(*count)++;
	return 0;
}

/* Length of a word run's token, cut at TOK_WORD_MAX on a code point edge. */
static size_t word_cut(const struct cpos *v, size_t a, size_t b)
{
	size_t len = 0, i;
	for (i = a; i < b; i++) {
		if (len + (size_t)v[i].len > TOK_WORD_MAX)
			break;
		len += (size_t)v[i].len;
	}
	return len;
}

/* Walk runs; mode 0 = fields (seq/uni), 1 = all tokens into seq. */
static long run_tokens(const char *text, size_t n, struct buf *seq, struct buf *uni, int all)
{
	char *f = utf8_fold(text, n);
	size_t fn = strlen(f), cnt, i = 0;
	struct cpos *v = scan(f, fn, &cnt);
	long count = 0;
	int bad = 0;

	while (i < cnt && !bad) {
		size_t j = i;
		if (v[i].cls == C_SEP) {
			i++;
			continue;
		}
		while (j < cnt && v[j].cls == v[i].cls)
			j++;
		if (v[i].cls == C_WORD) {
			if (emit(seq, f + v[i].off, word_cut(v, i, j), &count) < 0)
				bad = 1;
		} else if (j - i == 1) {
			if (emit(seq, f + v[i].off, (size_t)v[i].len, &count) < 0 ||
			    emit(uni, f + v[i].off, (size_t)v[i].len, NULL) < 0)
				bad = 1;
		} else {
			size_t k;
			for (k = i; k < j && !bad; k++) {
				if (all || uni) {
					if (emit(all ? seq : uni, f + v[k].off, (size_t)v[k].len,
						 all ? &count : NULL) < 0)
						bad = 1;
				}
				if (k + 1 < j && !bad &&
				    emit(seq, f + v[k].off, (size_t)(v[k].len + v[k + 1].len), &count) < 0)
					bad = 1;
			}
		}
		i = j;
	}
	free(v);
	free(f);
	return bad ? -1 : count;
}

long tokenize_fields(const char *text, size_t n, struct buf *seq, struct buf *uni)
{
	return run_tokens(text, n, seq, uni, 0);
}

long tokenize_all(const char *text, size_t n, struct buf *out)
{
	return run_tokens(text, n, out, NULL, 1);
}

/* ---------- queries ---------- */

static void add_term(struct tok_query *q, enum tok_term_kind kind, struct buf *tokens,
		     const char *text, size_t textlen, int prefix_last)
{
	if (!tokens->len) {
		return;
	}
	if (q->n >= TOK_QUERY_TERMS) {
		buf_reset(tokens);
		return;
	}
	q->terms[q->n].kind = kind;
	q->terms[q->n].tokens = xstrdup(buf_str(tokens));
	q->terms[q->n].text = xstrndup(text, textlen);
	q->terms[q->n].prefix_last = prefix_last;
	q->n++;
	buf_reset(tokens);
}

/* Terms of one whitespace-free fragment [a, b) of the folded query. */
static void fragment_terms(struct tok_query *q, const char *f, const struct cpos *v,
			   size_t a, size_t b)
{
	struct buf phrase = BUF_INIT(TOK_QUERY_MAX * 4);
	size_t i = a, pstart = 0, pend = 0;
	int have = 0;

	while (i < b) {
		size_t j = i;
		if (v[i].cls == C_SEP) {
			i++;
			continue;
		}
		while (j < b && v[j].cls == v[i].cls)
			j++;
		if (v[i].cls == C_HAN && j - i == 1 && j == b && have) {
			/* A lone ideograph ending the fragment after other tokens:
			 * keep the phrase, matching it as a token prefix. */
			emit(&phrase, f + v[i].off, (size_t)v[i].len, NULL);
			pend = v[i].off + (size_t)v[i].len;
			add_term(q, TOK_TERM_PHRASE, &phrase, f + pstart, pend - pstart, 1);
			have = 0;
		} else if (v[i].cls == C_HAN && j - i == 1 && (i == a || j == b || (j - i == b - a))) {
			/* A lone ideograph at the fragment's edge may be half of a
			 * bigram in the text: match it on its own. Interior lone
			 * ideographs are whole runs in any matching text. */
			struct buf one = BUF_INIT(16);
			if (have)
				add_term(q, TOK_TERM_PHRASE, &phrase, f + pstart, pend - pstart, 0);
			have = 0;
			buf_add(&one, f + v[i].off, (size_t)v[i].len);
			add_term(q, TOK_TERM_UNI, &one, f + v[i].off, (size_t)v[i].len, 0);
			buf_free(&one);
		} else {
			if (!have)
				pstart = v[i].off;
			have = 1;
			pend = v[j - 1].off + (size_t)v[j - 1].len;
			if (v[i].cls == C_WORD) {
				emit(&phrase, f + v[i].off, word_cut(v, i, j), NULL);
			} else if (j - i == 1) {
				emit(&phrase, f + v[i].off, (size_t)v[i].len, NULL);
			} else {
				size_t k;
				for (k = i; k + 1 < j; k++)
					emit(&phrase, f + v[k].off, (size_t)(v[k].len + v[k + 1].len), NULL);
			}
		}
		i = j;
	}
	if (have)
		add_term(q, TOK_TERM_PHRASE, &phrase, f + pstart, pend - pstart, 0);
	buf_free(&phrase);
}

void tokenize_query(const char *q, size_t n, struct tok_query *out)
{
	char *f;
	size_t fn, cnt, i = 0;
	struct cpos *v;

	memset(out, 0, sizeof *out);
	if (n > TOK_QUERY_MAX)
		n = TOK_QUERY_MAX;
	f = utf8_fold(q, n);
	fn = strlen(f);
	v = scan(f, fn, &cnt);
	while (i < cnt) {
		size_t j = i;
		/* Fragments are separated by white space (ASCII and U+3000,
		 * which NFKC folds to a space). */
		if (f[v[i].off] == ' ' || f[v[i].off] == '\t' || f[v[i].off] == '\n' ||
		    f[v[i].off] == '\r') {
			i++;
			continue;
		}
		while (j < cnt && !(f[v[j].off] == ' ' || f[v[j].off] == '\t' ||
				    f[v[j].off] == '\n' || f[v[j].off] == '\r'))
			j++;
		fragment_terms(out, f, v, i, j);
		i = j;
	}
	free(v);
	free(f);
}

void tok_query_free(struct tok_query *q)
{
	int i;
	for (i = 0; i < q->n; i++) {
		free(q->terms[i].tokens);
		free(q->terms[i].text);
	}
	q->n = 0;
}
