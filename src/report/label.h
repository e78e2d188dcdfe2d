/* label.h - folding labels so that trivial differences do not matter.
 *
 * label_key() maps a label to its matching key: NFKC (full-width to
 * half-width), case folding, and removal of whitespace and punctuation
 * (brackets, commas, colons, quotes, dots, pipes, dashes). So
 * "（二）部分公开（区分处理的，只计这一情形）" and "(二)部分 公开(区分处理的,只计这一情形)"
 * give the same key. Digits and Han characters are kept. */
#ifndef GK_LABEL_H
#define GK_LABEL_H

#include <stddef.h>

/* Return the folded key of n bytes of s as a new malloc'd string. */
char *label_key(const char *s, size_t n);
/* The same, folding the whole text with utf8proc (the definition
 * label_key() must agree with; for tests). */
char *label_key_reference(const char *s, size_t n);
/* Append label_key(s, n) to out without utf8proc or a new allocation when
 * s holds only the common characters (ASCII, full-width ASCII, CJK
 * ideographs, dropped punctuation) and return 1; otherwise return 0 with
 * out unchanged, for label_key() to handle. */
struct buf;
int label_key_fast(const char *s, size_t n, struct buf *out);
/* True if the folded key `hay` contains the folded key `needle`. */
int label_contains(const char *hay, const char *needle);

#endif
