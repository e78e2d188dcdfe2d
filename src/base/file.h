/* file.h - reading whole files with a size cap. */
#ifndef GK_FILE_H
#define GK_FILE_H

#include <stddef.h>
#include "base/buf.h"

enum file_rc {
	FILE_OK = 0,
	FILE_ENOENT = -1,   /* cannot open (message in err) */
	FILE_TOO_BIG = -2,  /* larger than the cap */
	FILE_EIO = -3       /* read error */
};

/* Read the file at path (or standard input for "-") into out, refusing
 * anything larger than max bytes. On failure writes a one-line English
 * reason into err (size errsize) and returns a negative enum file_rc. */
int file_read(const char *path, size_t max, struct buf *out,
	      char *err, size_t errsize);
/* Write len bytes to path atomically (temp file + rename). 0 or -1. */
int file_write_atomic(const char *path, const void *data, size_t len);

#endif
