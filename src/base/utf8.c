/* utf8.c - UTF-8 decoding, validation, display width and folding. */
#include "base/utf8.h"
#include "base/buf.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

int utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	int len, i;
	if (n == 0)
		return -1;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xE0) == 0xC0) {
		len = 2;
		c = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3;
		c = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		return -1;
	}
	if ((size_t)len > n)
		return -1;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if ((len == 2 && c < 0x80) || (len == 3 && c < 0x800) ||
	    (len == 4 && c < 0x10000) || c > 0x10FFFF ||
	    (c >= 0xD800 && c <= 0xDFFF))
		return -1;
	*cp = c;
	return len;
}

int utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	} else if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			return 0;
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	} else if (cp <= 0x10FFFF) {
		o[0] = (unsigned char)(0xF0 | (cp >> 18));
		o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (unsigned char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

int utf8_valid(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	while (i < n) {
		int k;
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_decode(s + i, n - i, &cp);
		if (k < 0)
			return 0;
		i += (size_t)k;
	}
	return 1;
}

int utf8_cp_width(uint32_t cp)
{
	if (cp == 0 || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return 0;
	if (cp < 0x300)
		return 1;
	return utf8proc_charwidth((utf8proc_int32_t)cp) == 2 ? 2 :
	       utf8proc_charwidth((utf8proc_int32_t)cp) == 0 ? 0 : 1;
}

size_t utf8_width(const char *s, size_t n)
{
	size_t i = 0, w = 0;
	uint32_t cp;
	while (i < n) {
		int k = utf8_decode(s + i, n - i, &cp);
		if (k < 0) {
			w++;
			i++;
			continue;
		}
		w += (size_t)utf8_cp_width(cp);
		i += (size_t)k;
	}
	return w;
}

int utf8_is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FA1F);
}

size_t utf8_len(const char *s, size_t n)
{
	size_t i = 0, c = 0;
	uint32_t cp;
	while (i < n) {
		int k = utf8_decode(s + i, n - i, &cp);
		i += k < 0 ? 1 : (size_t)k;
		c++;
	}
	return c;
}

char *utf8_fold(const char *s, size_t n)
{
	struct buf clean = BUF_INIT(0);
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t rc;
	size_t i = 0;
	uint32_t cp;
	char *res;

	/* Replace invalid bytes first: utf8proc rejects the whole string. */
	while (i < n) {
		int k = utf8_decode(s + i, n - i, &cp);
		if (k < 0 || cp == 0) {
			buf_adds(&clean, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		buf_add(&clean, s + i, (size_t)k);
		i += (size_t)k;
	}
	rc = utf8proc_map((const utf8proc_uint8_t *)buf_str(&clean),
			  (utf8proc_ssize_t)clean.len, &out,
			  UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
			  UTF8PROC_CASEFOLD);
	if (rc < 0) {
		res = buf_detach(&clean);
		return res;
	}
	buf_free(&clean);
	res = xstrdup((const char *)out);
	free(out);
	return res;
}
