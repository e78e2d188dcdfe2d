/* model.h - one annual report as structured data.
 *
 * The same model is filled by the parser (from published text), by
 * report_from_json() (from our own JSON), and later by the builder (from an
 * agency's records); checks and renderers read it. A cell is ABSENT when its
 * row was not found at all, BLANK when the report left it empty (JSON null,
 * never 0), or VALUE. Numbers are exact scaled decimals: 168.61 is
 * units=16861, scale=2. */
#ifndef GK_MODEL_H
#define GK_MODEL_H

#include <stdint.h>
#include "report/finding.h"
#include "report/spec.h"

enum cell_state { CELL_ABSENT = 0, CELL_BLANK = 1, CELL_VALUE = 2 };

struct report_cell {
	uint8_t state;     /* enum cell_state */
	uint8_t scale;     /* decimals kept */
	int line;          /* source line, 0 if unknown */
	int64_t units;     /* value * 10^scale */
};

struct report_table {
	const struct spec_table *spec;
	struct report_cell *cells;  /* spec->nrows * spec->ncols, row-major */
	int found;                  /* the table was located in the text */
	int line;                   /* line where it starts, 0 if unknown */
};

struct report_section {
	const struct spec_section *spec; /* NULL: a heading the format lacks */
	char *number;      /* "一", as written */
	char *heading;     /* the whole heading line, e.g. "一、总体情况" */
	char *text;        /* body text up to the next section */
	int line;
};

struct report_fact {
	const struct spec_fact *spec;
	int64_t units;
	int scale;
	int line;
	char *quote;       /* the sentence fragment that stated it */
	const char *unit;  /* unit the text gave the number in ("元", "万元"),
			    * or NULL; points into the spec or a literal */
};

struct report {
	const struct report_spec *spec;  /* NULL: not an annual report */
	char *source;      /* file name or "-" */
	char *title;       /* title line, if found */
	int year;          /* report year, 0 if unknown */
	char *agency;      /* issuing agency, or NULL */
	char published[11];/* "YYYY-MM-DD" or "" */
	int published_line;
	struct report_section *sections;
	int nsections;
	struct report_table *tables;     /* spec->ntables of them (NULL if no spec) */
	struct report_fact *facts;
	int nfacts;
	struct finding_list notes;       /* what parsing noticed (ambiguities, ...) */
};

/* Allocate an empty report for spec (which may be NULL). */
struct report *report_new(const struct report_spec *spec, const char *source);
/* Free everything the report owns. NULL is fine. */
void report_free(struct report *r);
/* Cell accessor: row r, column c of table t (indices into the spec). */
struct report_cell *report_cell(struct report *rep, int t, int r, int c);
const struct report_cell *report_cell_c(const struct report *rep, int t, int r, int c);
/* Set a cell to an integer value. */
void report_set(struct report *rep, int t, int r, int c, int64_t v, int line);
/* Add a section (strings copied). */
void report_add_section(struct report *rep, const struct spec_section *spec,
			const char *number, const char *heading,
			const char *text, int line);
/* Add a fact (quote copied). */
void report_add_fact(struct report *rep, const struct spec_fact *spec,
		     int64_t units, int scale, int line, const char *quote);
/* Compare two cell values as exact decimals: <0, 0, >0. */
int cell_cmp_units(int64_t a, int as, int64_t b, int bs);

#endif
