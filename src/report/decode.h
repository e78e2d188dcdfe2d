/* decode.h - turn any input file into UTF-8 text for the parser.
 *
 * Detects the container from its bytes (not the file name): PDF (runs
 * `pdftotext -layout`), DOCX (libzip + libxml2; table cells become "|"
 * separated rows), HTML (libxml2's HTML parser; <td>/<th> become "|"
 * separated cells, one <tr> per line), or plain text in UTF-8 (with or
 * without BOM), UTF-16 with BOM, or GB18030/GBK (detected when the bytes are
 * not valid UTF-8 but decode as GB18030). Binary data is refused. */
#ifndef GK_DECODE_H
#define GK_DECODE_H

#include <stddef.h>
#include "base/buf.h"

#define DECODE_MAX_INPUT (64u << 20)   /* bytes accepted from one file */
#define DECODE_MAX_TEXT  (16u << 20)   /* bytes of text handed to the parser */

enum decode_kind { DECODE_TEXT, DECODE_HTML, DECODE_DOCX, DECODE_PDF };

/* Decode `len` bytes of `data` into UTF-8 text in `out`. `kind_out`, if not
 * NULL, receives what was detected. Returns 0, or -1 with a one-line English
 * reason in err (e.g. "binary data, not a report", "empty file"). */
int report_decode(const char *data, size_t len, struct buf *out,
		  enum decode_kind *kind_out, char *err, size_t errsize);
/* Read the file at path (bounded by DECODE_MAX_INPUT) and decode it. */
int report_decode_file(const char *path, struct buf *out,
		       enum decode_kind *kind_out, char *err, size_t errsize);
/* "text", "html", "docx" or "pdf". */
const char *decode_kind_name(enum decode_kind k);

#endif
