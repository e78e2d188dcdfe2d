/* decode.h - turn any input file into UTF-8 text for the parser.
 *
 * Detects the container from its bytes (not the file name): PDF (runs
 * `pdftotext -layout`), DOCX (libzip + libxml2; table cells become "|"
 * separated rows), HTML (libxml2's HTML parser; <td>/<th> become "|"
 * separated cells, one <tr> per line), or plain text in UTF-8 (with or
 * without BOM), UTF-16 with BOM, or GB18030/GBK (detected when the bytes are
 * not valid UTF-8 but decode as GB18030). Binary data is refused.
 *
 * Table rows (HTML <tr>, DOCX <w:tr>) come out as one line each, every cell
 * followed by " |": "一、本年新收政府信息公开申请数量 | 0 | 0 | ... | 0 |"; an
 * empty (e.g. merged) cell is a bare "|". PDF text keeps pdftotext's
 * -layout column alignment (cells separated by runs of spaces). Lines end in
 * "\n" only. The PDF converter is `pdftotext` from PATH, or
 * $GONGKAI_PDFTOTEXT; its time limit is 30 s, or $GONGKAI_PDF_TIMEOUT s. */
#ifndef GK_DECODE_H
#define GK_DECODE_H

#include <stddef.h>
#include "base/buf.h"

#define DECODE_MAX_INPUT (64u << 20)   /* bytes accepted from one file */
#define DECODE_MAX_TEXT  (16u << 20)   /* bytes of text handed to the parser */

enum decode_kind { DECODE_TEXT, DECODE_HTML, DECODE_DOCX, DECODE_PDF };

/* Decode `len` bytes of `data` into UTF-8 text in `out`. `kind_out`, if not
 * NULL, receives what was detected. Returns 0, or -1 with a one-line English
 * reason in err ("empty file", "binary data, not a text, HTML, DOCX or PDF
 * document", "truncated or corrupt DOCX file (...)", "document text too
 * large (N MB, limit 16 MB)", ...) and out emptied. Safe to call from
 * several threads (the PDF path blocks SIGPIPE only in the calling thread). */
int report_decode(const char *data, size_t len, struct buf *out,
		  enum decode_kind *kind_out, char *err, size_t errsize);
/* Read the file at path (bounded by DECODE_MAX_INPUT: a larger regular file
 * is refused from its size, without reading it) and decode it. */
int report_decode_file(const char *path, struct buf *out,
		       enum decode_kind *kind_out, char *err, size_t errsize);
/* "text", "html", "docx" or "pdf". */
const char *decode_kind_name(enum decode_kind k);

#endif
