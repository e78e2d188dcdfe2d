/* jsonw.c - streaming JSON writer. */
#include "base/jsonw.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void jsonw_init(struct jsonw *w, struct buf *out, int pretty)
{
	memset(w, 0, sizeof *w);
	w->out = out;
	w->pretty = pretty;
}

static void newline(struct jsonw *w)
{
	int i;
	if (!w->pretty)
		return;
	buf_addc(w->out, '\n');
	for (i = 0; i < w->depth; i++)
		buf_adds(w->out, "  ");
}

/* Called before any value or key: writes the separator. */
static void before_item(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth > 0) {
		if (w->count[w->depth] > 0)
			buf_addc(w->out, ',');
		newline(w);
		w->count[w->depth]++;
	}
}

static void jw_open(struct jsonw *w, char c)
{
	before_item(w);
	buf_addc(w->out, c);
	assert(w->depth + 1 < JSONW_MAX_DEPTH);
	w->depth++;
	w->count[w->depth] = 0;
}

static void jw_close(struct jsonw *w, char c)
{
	int had = w->count[w->depth];
	assert(w->depth > 0);
	w->depth--;
	if (had)
		newline(w);
	buf_addc(w->out, c);
}

void jsonw_object_begin(struct jsonw *w) { jw_open(w, '{'); }
void jsonw_object_end(struct jsonw *w) { jw_close(w, '}'); }
void jsonw_array_begin(struct jsonw *w) { jw_open(w, '['); }
void jsonw_array_end(struct jsonw *w) { jw_close(w, ']'); }

void json_escape(struct buf *out, const char *s, size_t n)
{
	size_t i;
	buf_addc(out, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': buf_adds(out, "\\\""); break;
		case '\\': buf_adds(out, "\\\\"); break;
		case '\n': buf_adds(out, "\\n"); break;
		case '\r': buf_adds(out, "\\r"); break;
		case '\t': buf_adds(out, "\\t"); break;
		default:
			if (c < 0x20)
				buf_printf(out, "\\u%04x", c);
			else
				buf_addc(out, (char)c);
		}
	}
	buf_addc(out, '"');
}

void jsonw_key(struct jsonw *w, const char *key)
{
	before_item(w);
	json_escape(w->out, key, strlen(key));
	buf_adds(w->out, w->pretty ? ": " : ":");
	w->after_key = 1;
}

void jsonw_stringn(struct jsonw *w, const char *s, size_t n)
{
	before_item(w);
	json_escape(w->out, s, n);
}

void jsonw_string(struct jsonw *w, const char *s)
{
	if (!s) {
		jsonw_null(w);
		return;
	}
	jsonw_stringn(w, s, strlen(s));
}

void jsonw_int(struct jsonw *w, int64_t v)
{
	before_item(w);
	buf_printf(w->out, "%" PRId64, v);
}

void jsonw_bool(struct jsonw *w, int v)
{
	before_item(w);
	buf_adds(w->out, v ? "true" : "false");
}

void jsonw_null(struct jsonw *w)
{
	before_item(w);
	buf_adds(w->out, "null");
}

void jsonw_raw_number(struct jsonw *w, const char *text)
{
	before_item(w);
	buf_adds(w->out, text);
}

char *decimal_format(char *dst, size_t size, int64_t units, int scale)
{
	uint64_t mag = units < 0 ? (uint64_t)0 - (uint64_t)units : (uint64_t)units;
	uint64_t div = 1;
	int i;
	for (i = 0; i < scale && i < 18; i++)
		div *= 10;
	if (scale > 18)
		scale = 18;
	if (scale <= 0) {
		snprintf(dst, size, "%s%" PRIu64, units < 0 ? "-" : "", mag);
	} else {
		char frac[24];
		uint64_t f = mag % div;
		for (i = scale - 1; i >= 0; i--) {
			frac[i] = (char)('0' + f % 10);
			f /= 10;
		}
		frac[scale] = '\0';
		snprintf(dst, size, "%s%" PRIu64 ".%s", units < 0 ? "-" : "",
			 mag / div, frac);
	}
	return dst;
}

void jsonw_decimal(struct jsonw *w, int64_t units, int scale)
{
	char tmp[48];
	jsonw_raw_number(w, decimal_format(tmp, sizeof tmp, units, scale));
}
