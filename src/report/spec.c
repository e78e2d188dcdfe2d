/* spec.c - loading annual-report format specs from JSON (see spec.h and
 * docs/formats.md for the file schema).
 *
 * spec_load() reads one spec with jansson, checks every member (unknown
 * members, missing keys, duplicate keys, references from rows, rules and
 * facts to tables, rows and columns that do not exist, regexes that do not
 * compile) and builds the structures of spec.h. Errors name the spec key
 * and the offending item. spec_builtin() loads every embedded
 * "formats/NAME.json" file once. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "report/spec.h"
#include "report/label.h"
#include "base/embedded.h"
#include "base/xalloc.h"

#include <jansson.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bounds on what a spec may contain, so a bad file cannot blow up memory. */
#define SPEC_MAX_ITEMS 512
#define SPEC_MAX_TERMS 128

struct ctx {
	char *err;
	size_t errsize;
	const char *key;   /* spec key, for messages */
	int failed;
};

static void fail(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	int n;
	if (c->failed)
		return;
	c->failed = 1;
	if (!c->err || !c->errsize)
		return;
	n = snprintf(c->err, c->errsize, "spec %s: ", c->key ? c->key : "?");
	if (n < 0 || (size_t)n >= c->errsize)
		return;
	va_start(ap, fmt);
	vsnprintf(c->err + n, c->errsize - (size_t)n, fmt, ap);
	va_end(ap);
}

/* Reject members not in `allowed` (NULL-terminated): catches typos. */
static void check_members(struct ctx *c, json_t *obj, const char *where,
			  const char *const *allowed)
{
	const char *k;
	json_t *v;
	json_object_foreach(obj, k, v) {
		int i, ok = 0;
		for (i = 0; allowed[i]; i++)
			if (!strcmp(allowed[i], k))
				ok = 1;
		if (!ok) {
			fail(c, "%s: unknown member \"%s\"", where, k);
			return;
		}
	}
	(void)v;
}

/* A required (or optional) string member, copied; NULL when absent. */
static char *get_str(struct ctx *c, json_t *obj, const char *name,
		     const char *where, int required)
{
	json_t *v = json_object_get(obj, name);
	if (!v || json_is_null(v)) {
		if (required)
			fail(c, "%s: missing \"%s\"", where, name);
		return NULL;
	}
	if (!json_is_string(v)) {
		fail(c, "%s: \"%s\" must be a string", where, name);
		return NULL;
	}
	if (required && !json_string_value(v)[0]) {
		fail(c, "%s: \"%s\" must not be empty", where, name);
		return NULL;
	}
	return xstrdup(json_string_value(v));
}

static int get_bool(struct ctx *c, json_t *obj, const char *name, const char *where)
{
	json_t *v = json_object_get(obj, name);
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_boolean(v)) {
		fail(c, "%s: \"%s\" must be true or false", where, name);
		return 0;
	}
	return json_is_true(v);
}

/* An array member (NULL if absent and optional). */
static json_t *get_array(struct ctx *c, json_t *obj, const char *name,
			 const char *where, int required)
{
	json_t *v = json_object_get(obj, name);
	if (!v || json_is_null(v)) {
		if (required)
			fail(c, "%s: missing \"%s\"", where, name);
		return NULL;
	}
	if (!json_is_array(v)) {
		fail(c, "%s: \"%s\" must be an array", where, name);
		return NULL;
	}
	if (json_array_size(v) > SPEC_MAX_ITEMS) {
		fail(c, "%s: \"%s\" has too many items", where, name);
		return NULL;
	}
	return v;
}

/* An array of strings, copied; folded with label_key() when `fold`. */
static char **get_strings(struct ctx *c, json_t *obj, const char *name,
			  const char *where, int fold, int *n)
{
	json_t *a = get_array(c, obj, name, where, 0), *v;
	char **out;
	size_t i;
	*n = 0;
	if (!a || !json_array_size(a))
		return NULL;
	out = xcalloc(json_array_size(a), sizeof *out);
	json_array_foreach(a, i, v) {
		const char *s;
		if (!json_is_string(v) || !json_string_value(v)[0]) {
			fail(c, "%s: \"%s\"[%zu] must be a non-empty string", where, name, i);
			break;
		}
		s = json_string_value(v);
		out[*n] = fold ? label_key(s, strlen(s)) : xstrdup(s);
		if (fold && !out[*n][0]) {
			fail(c, "%s: \"%s\" item \"%s\" is empty after folding", where, name, s);
			free(out[*n]);
			break;
		}
		(*n)++;
	}
	return out;
}

static void free_strings(char **v, int n)
{
	int i;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* ---- lookups ---- */

const struct report_spec *spec_find(const struct spec_set *set, const char *key)
{
	int i;
	for (i = 0; i < set->n; i++)
		if (!strcmp(set->v[i]->key, key))
			return set->v[i];
	return NULL;
}

int spec_table_index(const struct report_spec *s, const char *key)
{
	int i;
	for (i = 0; i < s->ntables; i++)
		if (!strcmp(s->tables[i].key, key))
			return i;
	return -1;
}

int spec_row_index(const struct spec_table *t, const char *key)
{
	int i;
	for (i = 0; i < t->nrows; i++)
		if (!strcmp(t->rows[i].key, key))
			return i;
	return -1;
}

int spec_col_index(const struct spec_table *t, const char *key)
{
	int i;
	for (i = 0; i < t->ncols; i++)
		if (!strcmp(t->cols[i].key, key))
			return i;
	return -1;
}

int spec_row_has_col(const struct spec_table *t, int r, int c)
{
	int i;
	if (r < 0 || r >= t->nrows || c < 0 || c >= t->ncols)
		return 0;
	for (i = 0; i < t->rows[r].ncols; i++)
		if (t->rows[r].cols[i] == c)
			return 1;
	return 0;
}

int spec_cell_decimal(const struct spec_table *t, int r, int c)
{
	if (r < 0 || r >= t->nrows || c < 0 || c >= t->ncols)
		return 0;
	return t->cols[c].decimal || t->rows[r].decimal;
}

static int section_index(const struct report_spec *s, const char *key)
{
	int i;
	for (i = 0; i < s->nsections; i++)
		if (!strcmp(s->sections[i].key, key))
			return i;
	return -1;
}

/* ---- sections ---- */

static void load_sections(struct ctx *c, struct report_spec *s, json_t *root)
{
	static const char *const allowed[] = {"key", "number", "title", "variants", "required", NULL};
	json_t *a = get_array(c, root, "sections", "sections", 0), *v;
	size_t i;
	if (!a)
		return;
	s->sections = xcalloc(json_array_size(a) + 1, sizeof *s->sections);
	json_array_foreach(a, i, v) {
		struct spec_section *sec = &s->sections[s->nsections];
		char where[160];
		snprintf(where, sizeof where, "sections[%zu]", i);
		if (!json_is_object(v)) {
			fail(c, "%s: must be an object", where);
			return;
		}
		sec->key = get_str(c, v, "key", where, 1);
		s->nsections++;
		if (c->failed)
			return;
		snprintf(where, sizeof where, "section %s", sec->key);
		check_members(c, v, where, allowed);
		if (section_index(s, sec->key) != s->nsections - 1)
			fail(c, "%s: duplicate section key", where);
		sec->number = get_str(c, v, "number", where, 0);
		sec->title = get_str(c, v, "title", where, 1);
		sec->variants = get_strings(c, v, "variants", where, 0, &sec->nvariants);
		sec->required = get_bool(c, v, "required", where);
		if (c->failed)
			return;
	}
}

/* ---- tables ---- */

static void load_cols(struct ctx *c, struct spec_table *t, json_t *tv, const char *twhere)
{
	static const char *const allowed[] = {"key", "label", "variants", "unit", "decimal",
					      "group", NULL};
	json_t *a = get_array(c, tv, "cols", twhere, 1), *v;
	size_t i;
	if (!a)
		return;
	if (!json_array_size(a)) {
		fail(c, "%s: \"cols\" must not be empty", twhere);
		return;
	}
	t->cols = xcalloc(json_array_size(a), sizeof *t->cols);
	json_array_foreach(a, i, v) {
		struct spec_col *col = &t->cols[t->ncols];
		char where[200];
		snprintf(where, sizeof where, "%s: cols[%zu]", twhere, i);
		if (!json_is_object(v)) {
			fail(c, "%s: must be an object", where);
			return;
		}
		col->key = get_str(c, v, "key", where, 1);
		t->ncols++;
		if (c->failed)
			return;
		snprintf(where, sizeof where, "%s: column %s", twhere, col->key);
		check_members(c, v, where, allowed);
		if (spec_col_index(t, col->key) != t->ncols - 1)
			fail(c, "%s: duplicate column key", where);
		col->label = get_str(c, v, "label", where, 1);
		col->variants = get_strings(c, v, "variants", where, 0, &col->nvariants);
		col->unit = get_str(c, v, "unit", where, 0);
		col->decimal = get_bool(c, v, "decimal", where);
		col->group = get_str(c, v, "group", where, 0);
		if (c->failed)
			return;
	}
}

static void load_rows(struct ctx *c, struct spec_table *t, json_t *tv, const char *twhere)
{
	static const char *const allowed[] = {"key", "label", "parent", "variants", "cols",
					      "unit", "optional", "decimal", NULL};
	json_t *a = get_array(c, tv, "rows", twhere, 1), *v;
	size_t i;
	if (!a)
		return;
	if (!json_array_size(a)) {
		fail(c, "%s: \"rows\" must not be empty", twhere);
		return;
	}
	t->rows = xcalloc(json_array_size(a), sizeof *t->rows);
	json_array_foreach(a, i, v) {
		struct spec_row *row = &t->rows[t->nrows];
		json_t *cols;
		char where[200];
		snprintf(where, sizeof where, "%s: rows[%zu]", twhere, i);
		if (!json_is_object(v)) {
			fail(c, "%s: must be an object", where);
			return;
		}
		row->key = get_str(c, v, "key", where, 1);
		t->nrows++;
		if (c->failed)
			return;
		snprintf(where, sizeof where, "%s: row %s", twhere, row->key);
		check_members(c, v, where, allowed);
		if (spec_row_index(t, row->key) != t->nrows - 1)
			fail(c, "%s: duplicate row key", where);
		row->label = get_str(c, v, "label", where, 1);
		row->parent = get_str(c, v, "parent", where, 0);
		row->variants = get_strings(c, v, "variants", where, 1, &row->nvariants);
		if (!c->failed && !row->nvariants) {
			/* No key phrases given: the folded label is the phrase. */
			row->variants = xcalloc(1, sizeof *row->variants);
			row->variants[0] = label_key(row->label, strlen(row->label));
			row->nvariants = 1;
		}
		row->unit = get_str(c, v, "unit", where, 0);
		row->optional = get_bool(c, v, "optional", where);
		row->decimal = get_bool(c, v, "decimal", where);
		cols = get_array(c, v, "cols", where, 0);
		if (c->failed)
			return;
		if (!cols) {
			int k;
			row->cols = xcalloc((size_t)t->ncols, sizeof *row->cols);
			for (k = 0; k < t->ncols; k++)
				row->cols[k] = k;
			row->ncols = t->ncols;
		} else {
			size_t k;
			json_t *cv;
			if (!json_array_size(cols)) {
				fail(c, "%s: \"cols\" must not be empty", where);
				return;
			}
			row->cols = xcalloc(json_array_size(cols), sizeof *row->cols);
			json_array_foreach(cols, k, cv) {
				int ci = json_is_string(cv) ? spec_col_index(t, json_string_value(cv)) : -1;
				if (ci < 0) {
					fail(c, "%s: unknown column \"%s\"", where,
					     json_is_string(cv) ? json_string_value(cv) : "(not a string)");
					return;
				}
				if (spec_row_has_col(t, t->nrows - 1, ci)) {
					fail(c, "%s: column \"%s\" listed twice", where, json_string_value(cv));
					return;
				}
				row->cols[row->ncols++] = ci;
			}
		}
	}
}

static void load_tables(struct ctx *c, struct report_spec *s, json_t *root)
{
	static const char *const allowed[] = {"key", "title", "section", "anchors", "nest_rows",
					      "headless", "unit_col", "cols", "rows", "corner",
					      "header", NULL};
	json_t *a = get_array(c, root, "tables", "tables", 1), *v;
	size_t i;
	if (!a)
		return;
	s->tables = xcalloc(json_array_size(a) + 1, sizeof *s->tables);
	json_array_foreach(a, i, v) {
		struct spec_table *t = &s->tables[s->ntables];
		char where[160];
		snprintf(where, sizeof where, "tables[%zu]", i);
		if (!json_is_object(v)) {
			fail(c, "%s: must be an object", where);
			return;
		}
		t->key = get_str(c, v, "key", where, 1);
		s->ntables++;
		if (c->failed)
			return;
		snprintf(where, sizeof where, "table %s", t->key);
		check_members(c, v, where, allowed);
		if (spec_table_index(s, t->key) != s->ntables - 1)
			fail(c, "%s: duplicate table key", where);
		t->title = get_str(c, v, "title", where, 1);
		t->section = get_str(c, v, "section", where, 0);
		if (t->section && section_index(s, t->section) < 0)
			fail(c, "%s: unknown section \"%s\"", where, t->section);
		t->anchors = get_strings(c, v, "anchors", where, 0, &t->nanchors);
		t->nest_rows = get_bool(c, v, "nest_rows", where);
		t->headless = get_bool(c, v, "headless", where);
		t->unit_col = get_bool(c, v, "unit_col", where);
		t->corner = get_str(c, v, "corner", where, 0);
		t->header = get_str(c, v, "header", where, 0);
		if (c->failed)
			return;
		load_cols(c, t, v, where);
		if (c->failed)
			return;
		load_rows(c, t, v, where);
		if (c->failed)
			return;
	}
}

/* ---- rules ---- */

/* Resolve a list of term names for a rule. With EACH_ROW names are column
 * keys, with EACH_COL row keys, with EACH_NONE "row.col" references. */
static struct spec_term *load_terms(struct ctx *c, const struct spec_table *t,
				    enum rule_each each, json_t *a, const char *name,
				    const char *where, int *n)
{
	struct spec_term *out;
	json_t *v;
	size_t i;
	*n = 0;
	if (!a || !json_is_array(a) || !json_array_size(a)) {
		fail(c, "%s: \"%s\" must be a non-empty array", where, name);
		return NULL;
	}
	if (json_array_size(a) > SPEC_MAX_TERMS) {
		fail(c, "%s: \"%s\" has too many terms", where, name);
		return NULL;
	}
	out = xcalloc(json_array_size(a), sizeof *out);
	json_array_foreach(a, i, v) {
		const char *s = json_is_string(v) ? json_string_value(v) : NULL;
		struct spec_term *term = &out[*n];
		if (!s) {
			fail(c, "%s: \"%s\"[%zu] must be a string", where, name, i);
			return out;
		}
		if (each == EACH_ROW) {
			term->row = -1;
			term->col = spec_col_index(t, s);
			if (term->col < 0) {
				fail(c, "%s: unknown column \"%s\" in table %s", where, s, t->key);
				return out;
			}
		} else if (each == EACH_COL) {
			term->col = -1;
			term->row = spec_row_index(t, s);
			if (term->row < 0) {
				fail(c, "%s: unknown row \"%s\" in table %s", where, s, t->key);
				return out;
			}
		} else {
			const char *dot = strchr(s, '.');
			char rowkey[128];
			size_t rl = dot ? (size_t)(dot - s) : 0;
			if (!dot || rl >= sizeof rowkey) {
				fail(c, "%s: \"%s\" is not a \"row.col\" reference", where, s);
				return out;
			}
			memcpy(rowkey, s, rl);
			rowkey[rl] = '\0';
			term->row = spec_row_index(t, rowkey);
			term->col = spec_col_index(t, dot + 1);
			if (term->row < 0 || term->col < 0 || !spec_row_has_col(t, term->row, term->col)) {
				fail(c, "%s: unknown cell \"%s\" in table %s", where, s, t->key);
				return out;
			}
		}
		(*n)++;
	}
	return out;
}

static void load_rules(struct ctx *c, struct report_spec *s, json_t *root)
{
	static const char *const allowed[] = {"id", "severity", "op", "each", "table", "lhs",
					      "rhs", "over", "zh", "en", NULL};
	json_t *a = get_array(c, root, "rules", "rules", 0), *v;
	size_t i;
	if (!a)
		return;
	s->rules = xcalloc(json_array_size(a) + 1, sizeof *s->rules);
	json_array_foreach(a, i, v) {
		struct spec_rule *r = &s->rules[s->nrules];
		const struct spec_table *t;
		char where[160], *tmp;
		json_t *over;
		int k;
		snprintf(where, sizeof where, "rules[%zu]", i);
		if (!json_is_object(v)) {
			fail(c, "%s: must be an object", where);
			return;
		}
		r->id = get_str(c, v, "id", where, 1);
		s->nrules++;
		if (c->failed)
			return;
		snprintf(where, sizeof where, "rule %s", r->id);
		check_members(c, v, where, allowed);
		for (k = 0; k < s->nrules - 1; k++)
			if (!strcmp(s->rules[k].id, r->id))
				fail(c, "%s: duplicate rule id", where);
		tmp = get_str(c, v, "severity", where, 0);
		if (!tmp || !strcmp(tmp, "error"))
			r->sev = SEV_ERROR;
		else if (!strcmp(tmp, "warning"))
			r->sev = SEV_WARNING;
		else if (!strcmp(tmp, "info"))
			r->sev = SEV_INFO;
		else
			fail(c, "%s: severity \"%s\" is not error, warning or info", where, tmp);
		free(tmp);
		tmp = get_str(c, v, "op", where, 1);
		if (tmp && !strcmp(tmp, "eq"))
			r->op = RULE_EQ;
		else if (tmp && !strcmp(tmp, "le"))
			r->op = RULE_LE;
		else if (tmp)
			fail(c, "%s: op \"%s\" is not eq or le", where, tmp);
		free(tmp);
		tmp = get_str(c, v, "each", where, 0);
		if (!tmp || !strcmp(tmp, "none"))
			r->each = EACH_NONE;
		else if (!strcmp(tmp, "row"))
			r->each = EACH_ROW;
		else if (!strcmp(tmp, "col"))
			r->each = EACH_COL;
		else
			fail(c, "%s: each \"%s\" is not row, col or none", where, tmp);
		free(tmp);
		tmp = get_str(c, v, "table", where, 1);
		r->table = tmp ? spec_table_index(s, tmp) : -1;
		if (tmp && r->table < 0)
			fail(c, "%s: unknown table \"%s\"", where, tmp);
		free(tmp);
		r->zh = get_str(c, v, "zh", where, 1);
		r->en = get_str(c, v, "en", where, 1);
		if (c->failed)
			return;
		t = &s->tables[r->table];
		r->lhs = load_terms(c, t, r->each, json_object_get(v, "lhs"), "lhs", where, &r->nlhs);
		if (c->failed)
			return;
		r->rhs = load_terms(c, t, r->each, json_object_get(v, "rhs"), "rhs", where, &r->nrhs);
		if (c->failed)
			return;
		over = get_array(c, v, "over", where, 0);
		if (c->failed)
			return;
		if (over && r->each == EACH_NONE) {
			fail(c, "%s: \"over\" needs each row or col", where);
			return;
		}
		if (over && json_array_size(over)) {
			size_t j;
			json_t *ov;
			r->over = xcalloc(json_array_size(over), sizeof *r->over);
			json_array_foreach(over, j, ov) {
				const char *name = json_is_string(ov) ? json_string_value(ov) : "(not a string)";
				int idx = r->each == EACH_ROW ? spec_row_index(t, name) : spec_col_index(t, name);
				if (idx < 0) {
					fail(c, "%s: unknown %s \"%s\" in \"over\"", where,
					     r->each == EACH_ROW ? "row" : "column", name);
					return;
				}
				r->over[r->nover++] = idx;
			}
		}
		/* Every cell the rule touches must exist for the rows/cols it
		 * iterates over explicitly. */
		for (k = 0; k < r->nover; k++) {
			int m, side;
			for (side = 0; side < 2; side++) {
				const struct spec_term *terms = side ? r->rhs : r->lhs;
				int n = side ? r->nrhs : r->nlhs;
				for (m = 0; m < n; m++) {
					int row = r->each == EACH_ROW ? r->over[k] : terms[m].row;
					int col = r->each == EACH_COL ? r->over[k] : terms[m].col;
					if (!spec_row_has_col(t, row, col)) {
						fail(c, "%s: row %s has no column %s", where,
						     t->rows[row].key, t->cols[col].key);
						return;
					}
				}
			}
		}
	}
}

/* ---- facts ---- */

/* Parse "table.row.col" into a term; returns the table index or -1. */
static int parse_cell(struct ctx *c, const struct report_spec *s, const char *ref,
		      const char *where, struct spec_term *term)
{
	const char *d1 = strchr(ref, '.'), *d2 = d1 ? strchr(d1 + 1, '.') : NULL;
	char tkey[128], rkey[128];
	int ti;
	if (!d1 || !d2 || (size_t)(d1 - ref) >= sizeof tkey || (size_t)(d2 - d1 - 1) >= sizeof rkey) {
		fail(c, "%s: cell \"%s\" is not \"table.row.col\"", where, ref);
		return -1;
	}
	memcpy(tkey, ref, (size_t)(d1 - ref));
	tkey[d1 - ref] = '\0';
	memcpy(rkey, d1 + 1, (size_t)(d2 - d1 - 1));
	rkey[d2 - d1 - 1] = '\0';
	ti = spec_table_index(s, tkey);
	if (ti < 0) {
		fail(c, "%s: unknown table \"%s\" in cell \"%s\"", where, tkey, ref);
		return -1;
	}
	term->row = spec_row_index(&s->tables[ti], rkey);
	term->col = spec_col_index(&s->tables[ti], d2 + 1);
	if (term->row < 0 || term->col < 0 || !spec_row_has_col(&s->tables[ti], term->row, term->col)) {
		fail(c, "%s: unknown cell \"%s\"", where, ref);
		return -1;
	}
	return ti;
}

static void load_patterns(struct ctx *c, struct spec_fact *f, json_t *fv, const char *fwhere)
{
	static const char *const allowed[] = {"re", "value", "unit", NULL};
	json_t *a = get_array(c, fv, "patterns", fwhere, 1), *v;
	size_t i;
	if (!a)
		return;
	if (!json_array_size(a)) {
		fail(c, "%s: \"patterns\" must not be empty", fwhere);
		return;
	}
	f->patterns = xcalloc(json_array_size(a), sizeof *f->patterns);
	json_array_foreach(a, i, v) {
		struct spec_pattern *p = &f->patterns[f->npatterns];
		json_t *val;
		char where[200];
		int errcode;
		PCRE2_SIZE erroff;
		uint32_t groups = 0;
		snprintf(where, sizeof where, "%s: patterns[%zu]", fwhere, i);
		if (!json_is_object(v)) {
			fail(c, "%s: must be an object", where);
			return;
		}
		check_members(c, v, where, allowed);
		p->source = get_str(c, v, "re", where, 1);
		f->npatterns++;
		if (c->failed)
			return;
		p->unit = get_str(c, v, "unit", where, 0);
		val = json_object_get(v, "value");
		if (val) {
			if (!json_is_integer(val)) {
				fail(c, "%s: \"value\" must be an integer", where);
				return;
			}
			p->fixed = 1;
			p->value = json_integer_value(val);
		}
		p->re = pcre2_compile((PCRE2_SPTR)p->source, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
				      &errcode, &erroff, NULL);
		if (!p->re) {
			PCRE2_UCHAR msg[160];
			pcre2_get_error_message(errcode, msg, sizeof msg);
			fail(c, "%s: bad regex \"%s\" at offset %zu: %s", where, p->source,
			     (size_t)erroff, (const char *)msg);
			return;
		}
		/* JIT when the library has it (several times faster on long
		 * texts); pcre2_match() uses it on its own, else interprets. */
		(void)pcre2_jit_compile(p->re, PCRE2_JIT_COMPLETE);
		pcre2_pattern_info(p->re, PCRE2_INFO_CAPTURECOUNT, &groups);
		if (!p->fixed && groups < 1) {
			fail(c, "%s: regex \"%s\" has no group for the number and no \"value\"",
			     where, p->source);
			return;
		}
	}
}

static void load_facts(struct ctx *c, struct report_spec *s, json_t *root)
{
	static const char *const allowed[] = {"key", "zh", "cell", "cells", "patterns", NULL};
	json_t *a = get_array(c, root, "facts", "facts", 0), *v;
	size_t i;
	if (!a)
		return;
	s->facts = xcalloc(json_array_size(a) + 1, sizeof *s->facts);
	json_array_foreach(a, i, v) {
		struct spec_fact *f = &s->facts[s->nfacts];
		json_t *cell, *cells;
		char where[160];
		int k;
		snprintf(where, sizeof where, "facts[%zu]", i);
		if (!json_is_object(v)) {
			fail(c, "%s: must be an object", where);
			return;
		}
		f->key = get_str(c, v, "key", where, 1);
		f->table = f->row = f->col = -1;
		s->nfacts++;
		if (c->failed)
			return;
		snprintf(where, sizeof where, "fact %s", f->key);
		check_members(c, v, where, allowed);
		for (k = 0; k < s->nfacts - 1; k++)
			if (!strcmp(s->facts[k].key, f->key))
				fail(c, "%s: duplicate fact key", where);
		f->zh = get_str(c, v, "zh", where, 1);
		if (c->failed)
			return;
		cell = json_object_get(v, "cell");
		cells = json_object_get(v, "cells");
		if (cell && !json_is_null(cell) && cells && !json_is_null(cells)) {
			fail(c, "%s: give \"cell\" or \"cells\", not both", where);
			return;
		}
		if (cell && !json_is_null(cell)) {
			if (!json_is_string(cell)) {
				fail(c, "%s: \"cell\" must be a string or null", where);
				return;
			}
			f->cells = xcalloc(1, sizeof *f->cells);
			f->table = parse_cell(c, s, json_string_value(cell), where, &f->cells[0]);
			if (c->failed)
				return;
			f->ncells = 1;
			f->row = f->cells[0].row;
			f->col = f->cells[0].col;
		} else if (cells && !json_is_null(cells)) {
			size_t j;
			json_t *cv;
			if (!json_is_array(cells) || !json_array_size(cells) ||
			    json_array_size(cells) > SPEC_MAX_TERMS) {
				fail(c, "%s: \"cells\" must be a non-empty array", where);
				return;
			}
			f->cells = xcalloc(json_array_size(cells), sizeof *f->cells);
			json_array_foreach(cells, j, cv) {
				int ti;
				if (!json_is_string(cv)) {
					fail(c, "%s: \"cells\"[%zu] must be a string", where, j);
					return;
				}
				ti = parse_cell(c, s, json_string_value(cv), where, &f->cells[f->ncells]);
				if (c->failed)
					return;
				if (f->ncells && ti != f->table) {
					fail(c, "%s: \"cells\" must all be in one table", where);
					return;
				}
				f->table = ti;
				f->ncells++;
			}
			if (f->ncells == 1) {
				f->row = f->cells[0].row;
				f->col = f->cells[0].col;
			}
		}
		load_patterns(c, f, v, where);
		if (c->failed)
			return;
	}
}

/* ---- folded keys (computed once; the parser matches folded text) ---- */

static char *fold(const char *s)
{
	return s ? label_key(s, strlen(s)) : NULL;
}

static char **fold_all(char **v, int n)
{
	char **out = xcalloc((size_t)n + 1, sizeof *out);
	int i;
	for (i = 0; i < n; i++)
		out[i] = fold(v[i]);
	return out;
}

static void fold_keys(struct report_spec *s)
{
	int i, t, r;
	s->fcites = fold_all(s->cites, s->ncites);
	s->fmarkers = fold_all(s->markers, s->nmarkers);
	for (i = 0; i < s->nsections; i++) {
		s->sections[i].ftitle = fold(s->sections[i].title);
		s->sections[i].fvariants = fold_all(s->sections[i].variants, s->sections[i].nvariants);
	}
	for (t = 0; t < s->ntables; t++)
		for (r = 0; r < s->tables[t].nrows; r++) {
			s->tables[t].rows[r].flabel = fold(s->tables[t].rows[r].label);
			s->tables[t].rows[r].fparent = fold(s->tables[t].rows[r].parent);
		}
}

/* ---- top level ---- */

static int parse_mmdd(const char *s)
{
	return s && strlen(s) == 5 && s[0] >= '0' && s[0] <= '1' && s[1] >= '0' && s[1] <= '9' &&
	       s[2] == '-' && s[3] >= '0' && s[3] <= '3' && s[4] >= '0' && s[4] <= '9';
}

static void load_top(struct ctx *c, struct report_spec *s, json_t *root)
{
	static const char *const allowed[] = {"key", "name", "years", "cites", "markers",
					      "publish_by", "sections", "tables", "rules",
					      "facts", NULL};
	json_t *years, *pb;
	s->key = get_str(c, root, "key", "spec", 1);
	if (c->failed)
		return;
	c->key = s->key;
	check_members(c, root, "spec", allowed);
	s->name = get_str(c, root, "name", "spec", 1);
	years = json_object_get(root, "years");
	if (!years || !json_is_array(years) || json_array_size(years) != 2 ||
	    !json_is_integer(json_array_get(years, 0)) ||
	    !(json_is_integer(json_array_get(years, 1)) || json_is_null(json_array_get(years, 1)))) {
		fail(c, "spec: \"years\" must be [from, to] (to may be null)");
		return;
	}
	s->year_from = (int)json_integer_value(json_array_get(years, 0));
	s->year_to = json_is_null(json_array_get(years, 1))
			     ? 9999 : (int)json_integer_value(json_array_get(years, 1));
	if (s->year_from < 1990 || s->year_to < s->year_from || s->year_to > 9999)
		fail(c, "spec: \"years\" range %d..%d is not sensible", s->year_from, s->year_to);
	s->cites = get_strings(c, root, "cites", "spec", 0, &s->ncites);
	s->markers = get_strings(c, root, "markers", "spec", 1, &s->nmarkers);
	pb = json_object_get(root, "publish_by");
	if (pb && !json_is_null(pb)) {
		static const char *const pballowed[] = {"department", "government", NULL};
		if (!json_is_object(pb)) {
			fail(c, "spec: \"publish_by\" must be an object");
			return;
		}
		check_members(c, pb, "publish_by", pballowed);
		s->publish_by_department = get_str(c, pb, "department", "publish_by", 0);
		s->publish_by_government = get_str(c, pb, "government", "publish_by", 0);
	}
	if (!s->publish_by_department)
		s->publish_by_department = xstrdup("03-31");
	if (!s->publish_by_government)
		s->publish_by_government = xstrdup("03-31");
	if (!parse_mmdd(s->publish_by_department) || !parse_mmdd(s->publish_by_government))
		fail(c, "publish_by: dates must be \"MM-DD\"");
}

struct report_spec *spec_load(const char *json, size_t len, char *err, size_t errsize)
{
	struct ctx c = {err, errsize, NULL, 0};
	struct report_spec *s;
	json_error_t jerr;
	json_t *root;
	if (errsize)
		err[0] = '\0';
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		fail(&c, "JSON error at line %d: %s", jerr.line, jerr.text);
		return NULL;
	}
	s = xcalloc(1, sizeof *s);
	if (!json_is_object(root))
		fail(&c, "spec: top level must be an object");
	else {
		load_top(&c, s, root);
		if (!c.failed)
			load_sections(&c, s, root);
		if (!c.failed)
			load_tables(&c, s, root);
		if (!c.failed)
			load_rules(&c, s, root);
		if (!c.failed)
			load_facts(&c, s, root);
	}
	json_decref(root);
	if (c.failed) {
		spec_free(s);
		return NULL;
	}
	fold_keys(s);
	return s;
}

static void free_table(struct spec_table *t)
{
	int i;
	free(t->key);
	free(t->title);
	free(t->section);
	free(t->corner);
	free(t->header);
	free_strings(t->anchors, t->nanchors);
	for (i = 0; i < t->ncols; i++) {
		free(t->cols[i].key);
		free(t->cols[i].label);
		free_strings(t->cols[i].variants, t->cols[i].nvariants);
		free(t->cols[i].unit);
		free(t->cols[i].group);
	}
	free(t->cols);
	for (i = 0; i < t->nrows; i++) {
		free(t->rows[i].key);
		free(t->rows[i].label);
		free(t->rows[i].parent);
		free(t->rows[i].flabel);
		free(t->rows[i].fparent);
		free_strings(t->rows[i].variants, t->rows[i].nvariants);
		free(t->rows[i].cols);
		free(t->rows[i].unit);
	}
	free(t->rows);
}

void spec_free(struct report_spec *s)
{
	int i, k;
	if (!s)
		return;
	free(s->key);
	free(s->name);
	free_strings(s->cites, s->ncites);
	free_strings(s->markers, s->nmarkers);
	if (s->fcites)
		free_strings(s->fcites, s->ncites);
	if (s->fmarkers)
		free_strings(s->fmarkers, s->nmarkers);
	free(s->publish_by_department);
	free(s->publish_by_government);
	for (i = 0; i < s->nsections; i++) {
		free(s->sections[i].key);
		free(s->sections[i].number);
		free(s->sections[i].title);
		free_strings(s->sections[i].variants, s->sections[i].nvariants);
		free(s->sections[i].ftitle);
		if (s->sections[i].fvariants)
			free_strings(s->sections[i].fvariants, s->sections[i].nvariants);
	}
	free(s->sections);
	for (i = 0; i < s->ntables; i++)
		free_table(&s->tables[i]);
	free(s->tables);
	for (i = 0; i < s->nrules; i++) {
		free(s->rules[i].id);
		free(s->rules[i].lhs);
		free(s->rules[i].rhs);
		free(s->rules[i].over);
		free(s->rules[i].zh);
		free(s->rules[i].en);
	}
	free(s->rules);
	for (i = 0; i < s->nfacts; i++) {
		struct spec_fact *f = &s->facts[i];
		free(f->key);
		free(f->zh);
		free(f->cells);
		for (k = 0; k < f->npatterns; k++) {
			pcre2_code_free(f->patterns[k].re);
			free(f->patterns[k].source);
			free(f->patterns[k].unit);
		}
		free(f->patterns);
	}
	free(s->facts);
	free(s);
}

/* ---- built-ins ---- */

static struct spec_set builtin;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

static void load_builtin(void)
{
	size_t i;
	builtin.v = xcalloc(embedded_count + 1, sizeof *builtin.v);
	for (i = 0; i < embedded_count; i++) {
		const struct embedded_file *f = &embedded_files[i];
		char err[512];
		struct report_spec *s;
		size_t nl = strlen(f->name);
		if (strncmp(f->name, "formats/", 8) != 0 || nl < 13 ||
		    strcmp(f->name + nl - 5, ".json") != 0)
			continue;
		s = spec_load((const char *)f->data, f->len, err, sizeof err);
		if (!s) {
			fprintf(stderr, "gongkai: built-in format %s is malformed: %s\n", f->name, err);
			abort();
		}
		builtin.v[builtin.n++] = s;
	}
}

const struct spec_set *spec_builtin(void)
{
	pthread_once(&builtin_once, load_builtin);
	return &builtin;
}
