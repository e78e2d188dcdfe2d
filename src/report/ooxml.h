/* ooxml.h - the Office Open XML package shared by the DOCX and XLSX
 * renderers: parts built as XML text in memory, zipped with libzip into a
 * byte buffer, and XML escaping.
 *
 * The zip is deterministic (fixed entry times, parts in the order added;
 * [Content_Types].xml should be added first), so the same report gives the
 * same bytes. */
#ifndef GK_OOXML_H
#define GK_OOXML_H

#include "base/buf.h"

#define OOXML_MAX_PARTS 64

struct ooxml_part {
	char *name;         /* path inside the package, e.g. "word/document.xml" */
	struct buf xml;
};

struct ooxml {
	struct ooxml_part parts[OOXML_MAX_PARTS];
	int n;
};

/* A new part named `name` (copied); returns its buffer to fill. Aborts
 * past OOXML_MAX_PARTS (a bug). */
struct buf *ooxml_part(struct ooxml *pkg, const char *name);
/* Zip every part into out (bytes appended). 0, or -1 if libzip fails. */
int ooxml_write(struct ooxml *pkg, struct buf *out);
/* Free the parts' buffers. */
void ooxml_free(struct ooxml *pkg);
/* Append s (UTF-8) XML-escaped for text and attribute values (& < > " '),
 * leaving out the control characters XML 1.0 forbids. NULL appends
 * nothing. */
void xml_esc(struct buf *out, const char *s);
/* The same for the first n bytes of s. */
void xml_esc_n(struct buf *out, const char *s, size_t n);

#endif
