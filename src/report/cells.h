/* cells.h - published report text -> a flat stream of table cells.
 *
 * Every layout a table reaches us in is reduced to one sequence of cells in
 * reading order, each with its source line and display column:
 *   - pipe rows ("label | 0 | 0 |"), including one cell per line ("0 |")
 *     and lines of bare pipes ("|||", padding from merged headers);
 *   - tab cells (a line "\tX" per cell, "\t" alone is an empty cell, a
 *     following line without a tab continues the cell) and tab-separated rows;
 *   - space-aligned columns as pdftotext -layout prints them (split on runs
 *     of two or more spaces, a tab or U+3000; such cells are `aligned`);
 *   - labels with the numbers glued on ("一、本年新收...640020470"): the
 *     trailing digits become a separate value cell marked `glued`.
 * Text cells carry their label_key() folding (computed once). Value cells
 * carry the exact decimal and, for plain digit strings, the digits, so
 * run-together cells can be split later (see split.h). */
#ifndef GK_CELLS_H
#define GK_CELLS_H

#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"

enum cell_kind {
	CK_TEXT = 0,   /* a label or any other text */
	CK_VALUE = 1,  /* a number, possibly with a unit suffix */
	CK_EMPTY = 2,  /* an explicit empty cell (between separators, or "—") */
	CK_UNIT = 3    /* a cell holding only a unit word such as 条 or 万元 */
};

/* How the cell's source line was split. */
enum cell_layout { CL_PLAIN = 0, CL_PIPE = 1, CL_TAB = 2 };

/* Unit suffixes and unit cells that matter for conversion. */
enum cell_unit { CU_NONE = 0, CU_YUAN = 1, CU_WANYUAN = 2, CU_COUNT = 3 };

struct tcell {
	uint8_t kind;      /* enum cell_kind */
	uint8_t scale;     /* decimals of a value */
	uint8_t unit;      /* enum cell_unit of a value's suffix or a unit cell */
	uint8_t aligned;   /* from a space-aligned line: col/width are meaningful */
	uint8_t first;     /* first cell of its source line */
	uint8_t glued;     /* digits that were glued to the text before them */
	uint8_t digits;    /* value is a plain digit string (may be run-together) */
	uint8_t dotted;    /* value is digits with single points between them
			    * ("1948.32" or, glued to a label, "1232.66506.57",
			    * which is not one number: ok = 0); str holds that
			    * text and it may be several decimals run together */
	uint8_t ok;        /* value fits in int64 (units valid) */
	uint8_t layout;    /* enum cell_layout of its source line */
	uint8_t pad;       /* empty cell from a line of 2+ bare pipes ("|||"):
			    * padding of merged cells, never a table value */
	int line;          /* 1-based source line */
	int col;           /* display column where the cell starts */
	int width;         /* display width */
	int64_t units;     /* value * 10^scale */
	uint32_t str;      /* offset in cellv.strings: folded key (text/unit) or
			    * normalised number text (value: digits only, or
			    * the dotted form when `dotted`) */
	uint32_t slen;
	uint32_t raw;      /* offset of the raw cell text in the source */
	uint32_t rawlen;
};

struct cellv {
	struct tcell *v;
	int n, cap;
	int truncated;     /* more cells than the cap: the rest were dropped */
	struct buf strings;/* all folded keys and number texts, NUL-separated */
};

/* Cap on cells per report: nothing a file contains grows memory past it. */
#define CELLS_MAX 200000

/* Split `len` bytes of text into cells (appending to cv, which must be
 * zero-initialised or reset). At most max_cells cells are kept. */
void cells_build(struct cellv *cv, const char *text, size_t len, int max_cells);
/* Free everything cells_build allocated and reset cv to empty. */
void cells_free(struct cellv *cv);
/* The folded key (text, unit) or normalised number (value) of cell i. */
static inline const char *cell_str(const struct cellv *cv, int i)
{
	return cv->strings.data ? cv->strings.data + cv->v[i].str : "";
}

/* Parse a whole cell as a number: optional sign, digits (ASCII or
 * full-width, optional 1,234 grouping), optional decimals, optional unit
 * suffix (元, 万元, 条, 件, ...). On success returns 1 and fills *units,
 * *scale, *unit, *digits_only (a plain digit string without sign, point,
 * grouping or unit), *fits (value fits in int64) and writes the normalised
 * digits (no sign/point/commas; at most dsize-1 bytes) into dig. */
int cells_parse_number(const char *s, size_t n, int64_t *units, int *scale,
		       int *unit, int *digits_only, int *fits,
		       char *dig, size_t dsize);
/* Unit word in s (whole text)? Returns enum cell_unit or 0. */
int cells_unit_word(const char *s, size_t n);

#endif
