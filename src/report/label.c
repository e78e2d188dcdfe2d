/* label.c - folding labels for matching.
 *
 * label_key() folds runs of the common characters (ASCII, full-width ASCII,
 * CJK unified ideographs, the dropped CJK punctuation) directly and hands
 * only the runs of other characters to utf8_fold() (NFKC + case folding via
 * utf8proc), which is the costly part. That is exact: NFKC composes a
 * character only with a following combining character, so a run may be
 * folded on its own unless it starts with one - then the whole text goes
 * the slow way (label_key_reference). */
#include "report/label.h"
#include "base/buf.h"
#include "base/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Punctuation dropped from keys (after NFKC, so full-width forms are gone). */
static int dropped(uint32_t cp)
{
	if (cp < 0x80)
		return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
			 (cp >= 'A' && cp <= 'Z'));
	switch (cp) {
	case 0x3001: /* 、 */ case 0x3002: /* 。 */ case 0x201C: case 0x201D:
	case 0x2018: case 0x2019: case 0x00B7: /* · */ case 0x2014: case 0x2013:
	case 0x2026: case 0x3008: case 0x3009: case 0x300A: case 0x300B:
	case 0x300C: case 0x300D: case 0x3010: case 0x3011: case 0x3014:
	case 0x3015: case 0x00A0: case 0x3000: case 0x2022: case 0x30FB:
	case 0xFEFF: case 0x200B:
		return 1;
	}
	return 0;
}

/* Drop the punctuation from a folded string, in place. */
static void drop_punct(char *f)
{
	size_t i = 0, o = 0, len = strlen(f);
	uint32_t cp;
	while (i < len) {
		int k = utf8_decode(f + i, len - i, &cp);
		if (k < 0)
			k = 1, cp = 0xFFFD;
		if (!dropped(cp)) {
			memmove(f + o, f + i, (size_t)k);
			o += (size_t)k;
		}
		i += (size_t)k;
	}
	f[o] = '\0';
}

char *label_key_reference(const char *s, size_t n)
{
	char *f = utf8_fold(s, n);
	drop_punct(f);
	return f;
}

/* Is cp one of the common characters folded without utf8proc? */
static inline int common_cp(uint32_t cp)
{
	if (cp < 0x80 || (cp >= 0xFF01 && cp <= 0xFF5E) || (cp >= 0x4E00 && cp <= 0x9FFF))
		return cp != 0;
	return dropped(cp) && cp != 0xFEFF && cp != 0x200B;
}

/* Append the key of one common code point (k bytes at s). */
static inline void add_common(uint32_t cp, const char *s, int k, struct buf *out)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		cp -= 0xFEE0;
	if (cp < 0x80) {
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z'))
			buf_addc(out, (char)cp);
	} else if (cp >= 0x4E00 && cp <= 0x9FFF) {
		buf_add(out, s, (size_t)k);
	}
	/* else: dropped punctuation */
}

int label_key_fast(const char *s, size_t n, struct buf *out)
{
	size_t i = 0, start = out->len;
	while (i < n) {
		unsigned char b = (unsigned char)s[i];
		uint32_t cp = b;
		int k = 1;
		if (b >= 0x80)
			k = utf8_decode(s + i, n - i, &cp);
		if (k <= 0 || !common_cp(cp)) {
			out->len = start;
			if (out->data)
				out->data[start] = '\0';
			return 0;
		}
		add_common(cp, s + i, k, out);
		i += (size_t)k;
	}
	return 1;
}

/* Append the key of a run of other characters (utf8proc). */
static void add_run(const char *s, size_t n, struct buf *out)
{
	char *f = utf8_fold(s, n);
	drop_punct(f);
	buf_adds(out, f);
	free(f);
}

char *label_key(const char *s, size_t n)
{
	struct buf out = BUF_INIT(0);
	size_t i = 0, run = 0;
	int pending = 0;
	while (i < n) {
		unsigned char b = (unsigned char)s[i];
		uint32_t cp = b;
		int k = 1;
		if (b >= 0x80)
			k = utf8_decode(s + i, n - i, &cp);
		if (k > 0 && common_cp(cp)) {
			if (pending)
				add_run(s + run, i - run, &out);
			pending = 0;
			add_common(cp, s + i, k, &out);
			i += (size_t)k;
			continue;
		}
		if (!pending) {
			/* A combining character may compose with the character
			 * before it: fold the whole text together. */
			if (k > 0 && i > 0 && utf8proc_get_property((utf8proc_int32_t)cp)->combining_class) {
				buf_free(&out);
				return label_key_reference(s, n);
			}
			pending = 1;
			run = i;
		}
		i += (size_t)(k > 0 ? k : 1);
	}
	if (pending)
		add_run(s + run, n - run, &out);
	return buf_detach(&out);
}

int label_contains(const char *hay, const char *needle)
{
	return *needle && strstr(hay, needle) != NULL;
}
