/* label.c - folding labels for matching. */
#include "report/label.h"
#include "base/utf8.h"

#include <stdlib.h>
#include <string.h>

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

char *label_key(const char *s, size_t n)
{
	char *f = utf8_fold(s, n);
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
	return f;
}

int label_contains(const char *hay, const char *needle)
{
	return *needle && strstr(hay, needle) != NULL;
}
