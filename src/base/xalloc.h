/* xalloc.h - allocation that never returns NULL.
 *
 * Out-of-memory is handled in one place: the process prints a message and
 * aborts, so callers never check for NULL after allocating (the Redis way).
 * Anything sized by untrusted input must be bounded by the caller first. */
#ifndef GK_XALLOC_H
#define GK_XALLOC_H

#include <stddef.h>

/* Allocate n bytes; aborts on failure. xmalloc(0) returns a unique pointer. */
void *xmalloc(size_t n);
/* Allocate nmemb*size zeroed bytes; aborts on failure or overflow. */
void *xcalloc(size_t nmemb, size_t size);
/* Resize p to n bytes; aborts on failure. */
void *xrealloc(void *p, size_t n);
/* Resize an array of nmemb elements of size bytes, checking overflow. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
/* Duplicate a NUL-terminated string; NULL in gives NULL out. */
char *xstrdup(const char *s);
/* Duplicate at most n bytes of s and NUL-terminate. */
char *xstrndup(const char *s, size_t n);

#endif
