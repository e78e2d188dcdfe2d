/* str.h - small string helpers: bounded copy, strict number parsing. */
#ifndef GK_STR_H
#define GK_STR_H

#include <stddef.h>
#include <stdint.h>

/* Copy src into dst of size `size`, always NUL-terminating (if size > 0).
 * Returns strlen(src); a result >= size means the copy was truncated. */
size_t str_copy(char *dst, const char *src, size_t size);
/* Parse a whole string as a base-10 int64. Returns 0 on success, -1 if s is
 * empty, has trailing junk, or overflows. */
int str_to_int64(const char *s, int64_t *out);
/* Same for an int within [min, max]. */
int str_to_int(const char *s, int min, int max, int *out);
/* True if s starts with prefix. */
int str_starts(const char *s, const char *prefix);
/* True if s ends with suffix. */
int str_ends(const char *s, const char *suffix);
/* Trim ASCII whitespace in place at both ends; returns s. */
char *str_trim(char *s);

#endif
