/* tokenize.h - the search tokenizer shared by both store backends.
 *
 * Text is NFKC-normalised and case-folded (utf8proc, via base/utf8.h), so
 * full-width and half-width forms (２０２４ / 2024, ＡＢＣ / abc) give the
 * same tokens. Then:
 *   - a run of CJK ideographs c1 c2 ... cn gives its unigrams (every ci)
 *     and its bigrams (every ci ci+1);
 *   - a run of letters or digits that are not ideographs (ASCII words,
 *     numbers, other scripts) gives one word token, cut at TOK_WORD_MAX
 *     bytes;
 *   - everything else (spaces, punctuation, 〔〕, symbols) separates.
 *
 * The index keeps two token streams per text field:
 *   seq: the bigrams of each ideograph run (the lone character of a
 *        one-character run) interleaved in text order with the words, so
 *        that a phrase query over seq matches a contiguous substring;
 *   uni: every ideograph on its own, for one-character queries.
 * A query is tokenized the same way into terms (tokenize_query): each
 * term is a phrase against seq, or a single ideograph against uni. All
 * terms must match (AND). Tokens never contain ASCII punctuation,
 * spaces or quotes, so they are safe inside FTS5 "..." strings and
 * PostgreSQL tsquery lexemes. */
#ifndef GK_TOKENIZE_H
#define GK_TOKENIZE_H

#include <stddef.h>
#include "base/buf.h"

#define TOK_WORD_MAX 64        /* bytes of one word token (longer words are cut) */
#define TOK_QUERY_TERMS 32     /* terms kept from one query */
#define TOK_QUERY_MAX 512      /* bytes of query text considered */

/* Append the seq stream of text (n bytes, any UTF-8) to seq and the uni
 * stream to uni, tokens separated by single spaces (a space is added
 * before the first token if the buffer is not empty). Either output may
 * be NULL. Returns the number of seq tokens written, or -1 if a buffer
 * hit its maximum. */
long tokenize_fields(const char *text, size_t n, struct buf *seq, struct buf *uni);

/* Every token of text (unigrams, bigrams and words, in text order,
 * space-separated) appended to out: the "all tokens" view used by tests
 * and by `gongkai catalog tokens`. Returns tokens written or -1. */
long tokenize_all(const char *text, size_t n, struct buf *out);

enum tok_term_kind {
	TOK_TERM_PHRASE = 1,   /* tokens: space-separated seq tokens, in order */
	TOK_TERM_UNI = 2       /* tokens: one ideograph, match against uni */
};

struct tok_term {
	enum tok_term_kind kind;
	char *tokens;          /* malloc'd */
	char *text;            /* the folded query fragment this came from (for highlighting) */
	int prefix_last;       /* PHRASE: the last token is a lone ideograph that may
				* begin a bigram in the text: match it as a prefix */
};

struct tok_query {
	struct tok_term terms[TOK_QUERY_TERMS];
	int n;
};

/* Split a user query into terms. Whitespace separates terms; within one
 * whitespace-free fragment the seq tokens form one phrase, except that a
 * one-ideograph run next to other tokens becomes its own UNI term (it is
 * a bigram's half inside the indexed text, so it cannot be part of a seq
 * phrase); a lone ideograph at the END of a fragment that follows other
 * tokens stays in the phrase as a prefix (prefix_last), since in the text
 * it is either a token of its own or the first half of a bigram. Empty result (n == 0) when the query has no tokens. Only the
 * first TOK_QUERY_MAX bytes and TOK_QUERY_TERMS terms are used. */
void tokenize_query(const char *q, size_t n, struct tok_query *out);
/* Free the terms of q. */
void tok_query_free(struct tok_query *q);

#endif
