/* utf8.h - UTF-8 decoding, validation, display width and folding. */
#ifndef GK_UTF8_H
#define GK_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode one code point from s (n bytes available). Returns the number of
 * bytes consumed (1-4) and stores the code point, or -1 on an invalid or
 * truncated sequence (overlongs and surrogates are invalid). */
int utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (at least 4 bytes); returns bytes written (0 if cp is
 * not a valid scalar value). */
int utf8_encode(uint32_t cp, char *out);
/* True if all n bytes of s are valid UTF-8. */
int utf8_valid(const char *s, size_t n);
/* Terminal/print display width of a code point: 2 for East Asian wide and
 * fullwidth characters, 0 for combining marks and controls, else 1. */
int utf8_cp_width(uint32_t cp);
/* Display width of n bytes of UTF-8 text (invalid bytes count 1). */
size_t utf8_width(const char *s, size_t n);
/* True for CJK ideographs (the unified blocks and extension A). */
int utf8_is_han(uint32_t cp);
/* NFKC-normalise and case-fold n bytes of s into a new malloc'd string.
 * Invalid input bytes are replaced by U+FFFD. Never returns NULL. */
char *utf8_fold(const char *s, size_t n);
/* Number of code points in n bytes of s (invalid bytes count 1). */
size_t utf8_len(const char *s, size_t n);

#endif
