/* buf.h - growable byte buffer with a hard maximum.
 *
 * Every buffer filled from a file or the network has a cap (the curl
 * "dynbuf" idea): appending past it fails with -1 and sets the sticky
 * `overflow` flag, so nothing a client sends can grow memory without bound.
 * The data is always NUL-terminated for convenience. */
#ifndef GK_BUF_H
#define GK_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;    /* NUL-terminated contents, or NULL when empty */
	size_t len;    /* bytes used, excluding the terminating NUL */
	size_t cap;    /* bytes allocated */
	size_t max;    /* hard limit on len; 0 means SIZE_MAX/2 */
	int overflow;  /* set once an append was refused for size */
};

#define BUF_INIT(maxbytes) { NULL, 0, 0, (maxbytes), 0 }

/* Initialise b with the given maximum length (0: practically unlimited). */
void buf_init(struct buf *b, size_t max);
/* Free the contents and reset to empty (max is kept). */
void buf_free(struct buf *b);
/* Forget the contents but keep the allocation. */
void buf_reset(struct buf *b);
/* Append n bytes; returns 0, or -1 if the maximum would be exceeded. */
int buf_add(struct buf *b, const void *p, size_t n);
/* Append a NUL-terminated string; same result as buf_add. */
int buf_adds(struct buf *b, const char *s);
/* Append one byte. */
int buf_addc(struct buf *b, char c);
/* Append printf-formatted text; same result as buf_add. */
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* va_list form of buf_printf. */
int buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Return the contents (never NULL: "" when empty). */
const char *buf_str(const struct buf *b);
/* Hand the contents to the caller (who frees them) and reset b. */
char *buf_detach(struct buf *b);

#endif
