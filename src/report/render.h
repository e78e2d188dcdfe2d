/* render.h - the model in the official layout.
 *
 * HTML (print-ready, one self-contained page), Markdown (pipe tables), JSON,
 * plain text in each table layout seen in the wild, so round trips can
 * be tested: render -> parse gives back the same numbers, and two binary
 * packages: DOCX (the Word file clerks submit) and XLSX (one sheet per
 * table, for supervisors and auditors). */
#ifndef GK_RENDER_H
#define GK_RENDER_H

#include "base/buf.h"
#include "report/model.h"

enum render_to {
	RENDER_HTML, RENDER_MD, RENDER_JSON,
	RENDER_TEXT_PIPE,   /* "label | 0 | 0 |" rows */
	RENDER_TEXT_CELLS,  /* one cell per line */
	RENDER_TEXT_TAB,    /* tab-separated */
	RENDER_TEXT_SPACE,  /* space-aligned columns like pdftotext -layout */
	RENDER_TEXT_RUN,    /* web copy: cells run together after the label */
	RENDER_DOCX,        /* Word (WordprocessingML zip): bytes, not text */
	RENDER_XLSX         /* Excel (SpreadsheetML zip): bytes, not text */
};

/* Render r into out (for DOCX and XLSX out holds the bytes of the file;
 * out->len is their length). Returns 0, or -1 if the report has no format
 * (or, for DOCX/XLSX, the zip could not be written). */
int report_render(const struct report *r, enum render_to to, struct buf *out);
/* The XLSX workbook with the check findings on its first sheet (findings
 * may be NULL: report_render(RENDER_XLSX) is this without findings).
 * 0, or -1 as report_render. */
int report_render_xlsx(const struct report *r, const struct finding_list *findings,
		       struct buf *out);
/* Parse a --to name ("html", "md", "json", "pipe", "cells", "tab",
 * "space", "run", "docx", "xlsx"); returns -1 if unknown. */
int render_to_from_name(const char *name);
/* 1 if the format is binary (docx, xlsx): not for a terminal. */
int render_to_is_binary(enum render_to to);
/* MIME type of the format ("text/html; charset=utf-8", ...,
 * "application/vnd.openxmlformats-officedocument.wordprocessingml.document"). */
const char *render_to_mime(enum render_to to);
/* File name extension without the dot ("html", "md", "json", "txt",
 * "docx", "xlsx"). */
const char *render_to_ext(enum render_to to);

#endif
