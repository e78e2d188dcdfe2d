/* ooxml.c - OOXML packages in memory (see ooxml.h). */
#include "report/ooxml.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* 2000-01-01 00:00:00 UTC: a fixed entry time keeps the output
 * reproducible (zip stores DOS local times, 1980 onwards). */
#define OOXML_MTIME 946684800

/* A new part; see ooxml.h. */
struct buf *ooxml_part(struct ooxml *pkg, const char *name)
{
	struct ooxml_part *p;
	if (pkg->n >= OOXML_MAX_PARTS) {
		fprintf(stderr, "gongkai: ooxml: more than %d parts\n", OOXML_MAX_PARTS);
		abort();
	}
	p = &pkg->parts[pkg->n++];
	p->name = xstrdup(name);
	buf_init(&p->xml, 0);
	return &p->xml;
}

/* Free the parts. */
void ooxml_free(struct ooxml *pkg)
{
	int i;
	for (i = 0; i < pkg->n; i++) {
		buf_free(&pkg->parts[i].xml);
		free(pkg->parts[i].name);
	}
	pkg->n = 0;
}

/* Copy the finished archive out of its in-memory source. */
static int source_to_buf(zip_source_t *src, struct buf *out)
{
	zip_stat_t st;
	char chunk[16384];
	zip_int64_t got;
	int rc = 0;
	zip_stat_init(&st);
	if (zip_source_open(src) < 0)
		return -1;
	if (zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE) == 0)
		rc = -1;
	while (rc == 0 && (got = zip_source_read(src, chunk, sizeof chunk)) > 0)
		if (buf_add(out, chunk, (size_t)got))
			rc = -1;
	zip_source_close(src);
	return rc;
}

/* Zip the parts into out; see ooxml.h. */
int ooxml_write(struct ooxml *pkg, struct buf *out)
{
	zip_error_t zerr;
	zip_source_t *mem, *part;
	zip_t *za;
	zip_int64_t idx;
	int i, rc = 0;

	zip_error_init(&zerr);
	mem = zip_source_buffer_create(NULL, 0, 0, &zerr);
	if (!mem) {
		zip_error_fini(&zerr);
		return -1;
	}
	za = zip_open_from_source(mem, ZIP_TRUNCATE, &zerr);
	zip_error_fini(&zerr);
	if (!za) {
		zip_source_free(mem);
		return -1;
	}
	zip_source_keep(mem);   /* it must outlive zip_close() */
	for (i = 0; i < pkg->n && rc == 0; i++) {
		const struct buf *b = &pkg->parts[i].xml;
		part = zip_source_buffer(za, b->data ? b->data : "", b->len, 0);
		if (!part) {
			rc = -1;
			break;
		}
		idx = zip_file_add(za, pkg->parts[i].name, part, ZIP_FL_ENC_UTF_8);
		if (idx < 0) {
			zip_source_free(part);
			rc = -1;
			break;
		}
		if (zip_file_set_mtime(za, (zip_uint64_t)idx, OOXML_MTIME, 0) < 0 ||
		    zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 6) < 0)
			rc = -1;
	}
	if (rc) {
		zip_discard(za);
		zip_source_free(mem);
		return -1;
	}
	if (zip_close(za) < 0) {
		zip_discard(za);
		zip_source_free(mem);
		return -1;
	}
	rc = source_to_buf(mem, out);
	zip_source_free(mem);
	return rc;
}

/* XML-escape n bytes; see ooxml.h. */
void xml_esc_n(struct buf *out, const char *s, size_t n)
{
	size_t i;
	for (i = 0; s && i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '&': buf_adds(out, "&amp;"); break;
		case '<': buf_adds(out, "&lt;"); break;
		case '>': buf_adds(out, "&gt;"); break;
		case '"': buf_adds(out, "&quot;"); break;
		case '\'': buf_adds(out, "&apos;"); break;
		default:
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				break;   /* not allowed in XML 1.0 */
			/* U+FFFE and U+FFFF (EF BF BE/BF) are not XML characters */
			if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBF &&
			    ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF)) {
				i += 2;
				break;
			}
			buf_addc(out, (char)c);
		}
	}
}

/* XML-escape a string; see ooxml.h. */
void xml_esc(struct buf *out, const char *s)
{
	if (s)
		xml_esc_n(out, s, strlen(s));
}
