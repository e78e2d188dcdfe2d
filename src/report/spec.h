/* spec.h - annual-report formats as data.
 *
 * Each national or local format is a JSON file under data/formats/ (compiled
 * into the binary; see docs/formats.md for the file schema). It lists the
 * text sections, the tables with stable row and column keys and the label
 * variants real reports use, the consistency rules (勾稽关系) and the
 * numbers the text usually states. Parser, checker and renderers are generic
 * over these structures: adding a format means adding a file, not code.
 *
 * Labels are matched after label_key() folding (see report/label.h), so a
 * spec lists a variant only when it differs by more than punctuation width,
 * spaces or case. */
#ifndef GK_SPEC_H
#define GK_SPEC_H

#include <stddef.h>
#include "report/finding.h"

struct spec_col {
	char *key;        /* stable JSON key, e.g. "person" */
	char *label;      /* official label, e.g. "自然人" */
	char **variants;  /* extra labels accepted when reading headers */
	int nvariants;
	char *unit;       /* e.g. "万元", or NULL */
	int decimal;      /* 1 if the cell may hold decimals (money) */
	char *group;      /* header spanning adjacent columns when rendering,
			     e.g. "法人或其他组织" (JSON "group"), or NULL */
};

struct spec_row {
	char *key;        /* stable JSON key, e.g. "withheld_state_secret" */
	char *label;      /* official label as rendered, e.g. "1.属于国家秘密" */
	char *parent;     /* rendered group label above it, e.g. "（三）不予公开", or NULL */
	char **variants;  /* folded key phrases that identify the row in text */
	int nvariants;
	int *cols;        /* indices into the table's cols that this row has */
	int ncols;
	char *unit;       /* unit column text for indicator tables, or NULL */
	int optional;     /* absent in some versions: no finding when missing */
	int decimal;      /* 1 if every cell of the row may hold decimals
			     (JSON "decimal"; see spec_cell_decimal) */
	char *flabel;     /* label_key(label), computed at load */
	char *fparent;    /* label_key(parent), or NULL */
};

struct spec_table {
	char *key;        /* "applications", "appeals", "proactive", ... */
	char *title;      /* caption used when rendering */
	char *section;    /* key of the section that holds it, or NULL */
	char **anchors;   /* texts that mark where the table starts */
	int nanchors;
	int nest_rows;    /* JSON puts rows under "rows" (tables.<t>.rows.<r>.<c>) */
	int headless;     /* a single data row without its own label (表四) */
	int unit_col;     /* the layout has a 单位 column before the values */
	char *corner;     /* top-left header cell when rendering, e.g. "信息内容"
			     (JSON "corner"), or NULL */
	char *header;     /* caption spanning all value columns, e.g.
			     "申请人情况" (JSON "header"), or NULL */
	struct spec_col *cols;
	int ncols;
	struct spec_row *rows;
	int nrows;
};

enum rule_op { RULE_EQ = 0, RULE_LE = 1 };
enum rule_each { EACH_NONE = 0, EACH_ROW = 1, EACH_COL = 2 };

/* One cell reference inside a rule. With EACH_ROW the rule runs once per
 * row and `row` is -1 (the bound row); with EACH_COL `col` is -1. */
struct spec_term {
	int row;
	int col;
};

struct spec_rule {
	char *id;          /* stable id, e.g. "applications.balance" */
	enum severity sev;
	enum rule_op op;   /* lhs == rhs, or lhs <= rhs */
	enum rule_each each;
	int table;         /* index into the spec's tables */
	struct spec_term *lhs;
	int nlhs;
	struct spec_term *rhs;
	int nrhs;
	int *over;         /* rows (EACH_ROW) or cols (EACH_COL) to iterate; NULL = all */
	int nover;
	char *zh;          /* explanation, Chinese */
	char *en;          /* explanation, English */
};

struct spec_section {
	char *key;         /* "overview", "proactive", ... */
	char *number;      /* "一" */
	char *title;       /* "总体情况" */
	char **variants;   /* other titles seen for the same section */
	int nvariants;
	int required;
	char *ftitle;      /* label_key(title), computed at load */
	char **fvariants;  /* label_key of each variant */
};

struct spec_pattern {
	void *re;          /* compiled pcre2_code */
	char *source;
	int fixed;         /* 1: the match means `value`, not a captured number */
	long long value;
	char *unit;        /* unit of the captured number, e.g. "元", or NULL
	                    * (added by specs: fees stated in 元 vs cells in 万元) */
};

/* A number the text states, e.g. "收到申请3件", compared with a cell. */
struct spec_fact {
	char *key;         /* "applications_new" */
	char *zh;          /* what it is, in Chinese, for findings */
	int table, row, col; /* the cell it must equal, or table = -1 */
	struct spec_pattern *patterns;
	int npatterns;
	/* Added: the cells whose SUM the fact must equal (JSON "cell" gives one,
	 * "cells" several, e.g. litigation = direct + after reconsideration).
	 * With several cells, row = col = -1 and table is their table. */
	struct spec_term *cells;
	int ncells;
};

struct report_spec {
	char *key;         /* "2021", "2019", "2014", "local" */
	char *name;        /* human name with the 文号 */
	int year_from, year_to;  /* report years the format applies to */
	char **cites;      /* documents a report in this format cites */
	int ncites;
	char **markers;    /* folded texts typical of this format (detection) */
	int nmarkers;
	char **fcites;     /* label_key of each cite, computed at load */
	char **fmarkers;   /* label_key of each marker */
	char *publish_by_department; /* "01-31": deadline month-day, next year */
	char *publish_by_government; /* "03-31" */
	struct spec_section *sections;
	int nsections;
	struct spec_table *tables;
	int ntables;
	struct spec_rule *rules;
	int nrules;
	struct spec_fact *facts;
	int nfacts;
};

struct spec_set {
	struct report_spec **v;
	int n;
};

/* The formats compiled into the binary, loaded once (thread-safe). Aborts
 * with a message if a built-in spec is malformed (a build defect). */
const struct spec_set *spec_builtin(void);
/* Load one spec from JSON text. Returns NULL and writes a reason naming the
 * offending key into err on failure. */
struct report_spec *spec_load(const char *json, size_t len,
			      char *err, size_t errsize);
/* Free a spec from spec_load. */
void spec_free(struct report_spec *s);
/* Lookup helpers: index or -1. */
const struct report_spec *spec_find(const struct spec_set *set, const char *key);
int spec_table_index(const struct report_spec *s, const char *key);
int spec_row_index(const struct spec_table *t, const char *key);
int spec_col_index(const struct spec_table *t, const char *key);
/* True if row r of table t has column c. */
int spec_row_has_col(const struct spec_table *t, int r, int c);
/* 1 if cell (r, c) may hold decimals (money): its column or its row says
 * "decimal". */
int spec_cell_decimal(const struct spec_table *t, int r, int c);

#endif
