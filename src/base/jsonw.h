/* jsonw.h - streaming JSON writer into a struct buf.
 *
 * Emits compact or indented JSON with correct escaping. Numbers that must
 * keep their exact decimal text (money such as 168.61) are written with
 * jsonw_raw_number(). The writer tracks nesting so callers only say what
 * comes next; misuse (a key outside an object) is a programming error and
 * asserts. */
#ifndef GK_JSONW_H
#define GK_JSONW_H

#include <stdint.h>
#include "base/buf.h"

#define JSONW_MAX_DEPTH 32

struct jsonw {
	struct buf *out;
	int pretty;                    /* indent with two spaces when set */
	int depth;
	int count[JSONW_MAX_DEPTH];    /* members written at each level */
	int after_key;                 /* a key was written; value follows */
};

/* Start writing into out (which the caller owns). */
void jsonw_init(struct jsonw *w, struct buf *out, int pretty);
/* Open/close an object or array. */
void jsonw_object_begin(struct jsonw *w);
void jsonw_object_end(struct jsonw *w);
void jsonw_array_begin(struct jsonw *w);
void jsonw_array_end(struct jsonw *w);
/* Write an object key; the next call writes its value. */
void jsonw_key(struct jsonw *w, const char *key);
/* Values. jsonw_string(NULL) writes null. */
void jsonw_string(struct jsonw *w, const char *s);
void jsonw_stringn(struct jsonw *w, const char *s, size_t n);
void jsonw_int(struct jsonw *w, int64_t v);
void jsonw_bool(struct jsonw *w, int v);
void jsonw_null(struct jsonw *w);
/* Write an already-formatted JSON number verbatim (e.g. "168.61"). */
void jsonw_raw_number(struct jsonw *w, const char *text);
/* Write a scaled decimal: units / 10^scale, keeping `scale` decimals. */
void jsonw_decimal(struct jsonw *w, int64_t units, int scale);
/* Escape s as a JSON string literal (with quotes) into out. */
void json_escape(struct buf *out, const char *s, size_t n);
/* Format units/10^scale into dst (at least 32 bytes); returns dst. */
char *decimal_format(char *dst, size_t size, int64_t units, int scale);

#endif
