/* render.h - the model in the official layout.
 *
 * HTML (print-ready, one self-contained page), Markdown (pipe tables), JSON,
 * and plain text in each table layout seen in the wild, so round trips can
 * be tested: render -> parse gives back the same numbers. */
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
	RENDER_TEXT_RUN     /* web copy: cells run together after the label */
};

/* Render r into out. Returns 0, or -1 if the report has no format. */
int report_render(const struct report *r, enum render_to to, struct buf *out);
/* Parse a --to name ("html", "md", "json", "pipe", "cells", "tab",
 * "space", "run"); returns -1 if unknown. */
int render_to_from_name(const char *name);

#endif
