/* render_layout.h - how a spec table is laid out, shared by the renderers
 * (internal to render*.c).
 *
 * Everything is derived from the spec, never from the format's name:
 *  - block mode: some rows have fewer columns than the table (表二): rows
 *    are grouped by their parent label into blocks, each with its own
 *    header line (corner + the block's column labels);
 *  - grid mode: one header for all rows; a parent label spans the rows
 *    that name it, and a parent whose rows lie inside another parent's
 *    span nests inside it (三、本年度办理结果 > （三）不予公开 > 1.…);
 *  - headless (表四): rows become column groups over one data line. */
#ifndef GK_RENDER_LAYOUT_H
#define GK_RENDER_LAYOUT_H

#include "base/buf.h"
#include "report/model.h"

#define LAYOUT_MAX_DEPTH 4

struct tlayout {
	const struct spec_table *st;
	int block_mode;
	int depth;          /* label columns in grid mode: max chain + 1 */
	int maxcols;        /* widest row (block mode grid width - 1) */
	const char **parents;  /* distinct group labels */
	int nparents;
	int *pfirst, *plast;   /* row span of each parent */
	int *chain;         /* nrows * LAYOUT_MAX_DEPTH parent ids, outer first */
	int *chainlen;      /* per row */
	int has_groups;     /* some column has a group */
};

/* Analyse table st. */
void layout_init(struct tlayout *L, const struct spec_table *st);
void layout_free(struct tlayout *L);
/* Parent id at `level` of row's chain. */
int layout_parent(const struct tlayout *L, int row, int level);
/* True if row is the first row of the span of its parent at `level`. */
int layout_starts(const struct tlayout *L, int row, int level);
/* Rows spanned by parent p. */
int layout_span(const struct tlayout *L, int p);
/* True if any cell of the row is not ABSENT. */
int layout_row_found(const struct report *r, int t, int row);
/* Format a cell for text: "" for blank/absent, else the exact decimal. */
const char *layout_cell_text(const struct report_cell *cell, char *tmp, size_t size);
/* Report section matching spec section i, or -1. */
int layout_find_section(const struct report *r, const struct spec_section *ss);
/* The title to print: r->title, or composed from agency and year. */
void layout_title(const struct report *r, struct buf *out);
/* "2022年12月30日" from r->published, or "" if none. */
void layout_date(const struct report *r, struct buf *out);

/* The order in which a renderer prints things: spec sections in the spec's
 * order (each followed by its tables and by the report's own extra
 * headings that came after it), then leftovers. */
enum litem_kind { LI_SECTION, LI_TABLE };
struct litem {
	enum litem_kind kind;
	const struct spec_section *spec;  /* LI_SECTION: the spec section or NULL */
	int section;                      /* LI_SECTION: report section or -1 */
	int table;                        /* LI_TABLE: table index */
};
/* Fill *items (caller frees) and return how many. */
int layout_order(const struct report *r, struct litem **items);
/* The heading of a LI_SECTION item: for a spec section its number (the
 * spec's, else the report's, else its position as a Chinese numeral) and
 * its official title ("一、总体情况"); otherwise the heading as written. */
void layout_heading(const struct report *r, const struct litem *it, struct buf *out);

/* A table as a full rectangular grid, every position filled: the shape
 * the HTML renderer draws with rowspan/colspan, for the renderers whose
 * formats need every cell (DOCX vMerge/gridSpan, XLSX merged ranges).
 * An origin cell carries the text and its spans; the positions it covers
 * are GC_COVERED and point back to it. */
enum gcell_kind {
	GC_CORNER,    /* top-left header cell (spec corner text, may be "") */
	GC_HEAD,      /* column header, header caption, 单位 header */
	GC_BLOCK,     /* block-mode group line (第二十条第（一）项) */
	GC_GROUP,     /* grid-mode row group label spanning rows */
	GC_LABEL,     /* row label */
	GC_UNIT,      /* unit-column text of a row */
	GC_VALUE,     /* a cell of the report: row, col set */
	GC_NA,        /* the row has no such column */
	GC_COVERED    /* inside another cell's span: orow, ocol */
};
struct gcell {
	enum gcell_kind kind;
	const char *text;   /* header/label text (spec-owned), NULL for values */
	int rowspan, colspan;
	int row, col;       /* GC_VALUE: spec row and column; else -1 */
	int orow, ocol;     /* GC_COVERED: the origin cell */
};
struct tgrid {
	int nrows, ncols;
	int head_rows;      /* leading rows that are the column header (0 in block mode) */
	struct gcell *cells;/* nrows * ncols, row-major */
};
/* Lay table L out as a grid (grid, block or headless shape, as
 * render_html draws it). Free with layout_grid_free. */
void layout_grid(const struct tlayout *L, struct tgrid *g);
void layout_grid_free(struct tgrid *g);
/* Cell (row, col) of g. */
const struct gcell *layout_gcell(const struct tgrid *g, int row, int col);

/* Renderers (render_html.c, render_text.c, render_docx.c, render_xlsx.c). */
void render_html(const struct report *r, struct buf *out);
void render_md(const struct report *r, struct buf *out);
void render_text(const struct report *r, int to, struct buf *out);
/* DOCX / XLSX packages (bytes) into out; 0, or -1 if the zip cannot be
 * written. render_xlsx adds the findings to its first sheet when not NULL. */
int render_docx(const struct report *r, struct buf *out);
int render_xlsx(const struct report *r, const struct finding_list *findings,
		struct buf *out);

#endif
