/* json.c - the report model as JSON (docs/report-json.md), and back.
 *
 * report_to_json() writes the public shape: tables only when found, rows
 * only when some cell was found, every column of a found row (a blank cell
 * as null), numbers as exact decimals. report_from_json() is its strict
 * inverse: anything it does not know (a table, row or column key, a wrong
 * type) is an error naming the JSON path.
 *
 * Exact decimals on input: jansson turns 1.50 into a double, losing the
 * trailing zero, so before loading we rewrite every number token that has a
 * fraction or an exponent into a string carrying a private marker byte
 * (NUMBER_MARK); the reader then parses the original digits itself. */
#include "report/json.h"
#include "base/buf.h"
#include "base/str.h"
#include "base/xalloc.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bounds for input: a report JSON is small. */
#define JSON_MAX_INPUT (16u * 1024u * 1024u)
#define JSON_MAX_SCALE 9
#define NUMBER_MARK '\x01'

/* ---------------------------------------------------------------- writing */

static int row_found(const struct report *r, int t, int row)
{
	const struct spec_table *st = r->tables[t].spec;
	int c;
	for (c = 0; c < st->ncols; c++)
		if (report_cell_c(r, t, row, c)->state != CELL_ABSENT)
			return 1;
	return 0;
}

static void write_cell(struct jsonw *w, const struct report_cell *cell)
{
	if (cell->state == CELL_VALUE)
		jsonw_decimal(w, cell->units, cell->scale);
	else
		jsonw_null(w);
}

static void write_row(const struct report *r, int t, int row, struct jsonw *w)
{
	const struct spec_table *st = r->tables[t].spec;
	const struct spec_row *sr = &st->rows[row];
	int i;
	jsonw_key(w, sr->key);
	jsonw_object_begin(w);
	for (i = 0; i < sr->ncols; i++) {
		int c = sr->cols[i];
		jsonw_key(w, st->cols[c].key);
		write_cell(w, report_cell_c(r, t, row, c));
	}
	jsonw_object_end(w);
}

static void write_tables(const struct report *r, struct jsonw *w)
{
	int t, row;
	jsonw_object_begin(w);
	for (t = 0; r->spec && t < r->spec->ntables; t++) {
		const struct spec_table *st = r->tables[t].spec;
		if (!r->tables[t].found)
			continue;
		jsonw_key(w, st->key);
		jsonw_object_begin(w);
		if (st->nest_rows) {
			jsonw_key(w, "rows");
			jsonw_object_begin(w);
		}
		for (row = 0; row < st->nrows; row++)
			if (row_found(r, t, row))
				write_row(r, t, row, w);
		if (st->nest_rows)
			jsonw_object_end(w);
		jsonw_object_end(w);
	}
	jsonw_object_end(w);
}

/* The unit of cell (row, c): the column's unit, else the row's unit. */
static const char *cell_unit(const struct spec_table *st, int row, int c)
{
	if (st->cols[c].unit)
		return st->cols[c].unit;
	return st->rows[row].unit;
}

static void write_units(const struct report *r, struct jsonw *w)
{
	struct buf key = BUF_INIT(0);
	int t, row, i;
	jsonw_object_begin(w);
	for (t = 0; r->spec && t < r->spec->ntables; t++) {
		const struct spec_table *st = r->tables[t].spec;
		if (!r->tables[t].found)
			continue;
		for (row = 0; row < st->nrows; row++) {
			const struct spec_row *sr = &st->rows[row];
			if (!row_found(r, t, row))
				continue;
			for (i = 0; i < sr->ncols; i++) {
				int c = sr->cols[i];
				const char *unit = cell_unit(st, row, c);
				if (!unit || report_cell_c(r, t, row, c)->state != CELL_VALUE)
					continue;
				buf_reset(&key);
				buf_printf(&key, "%s.%s.%s", st->key, sr->key, st->cols[c].key);
				jsonw_key(w, buf_str(&key));
				jsonw_string(w, unit);
			}
		}
	}
	/* "facts.fees": "元" - the unit the text gave a fact in. */
	for (i = 0; i < r->nfacts; i++) {
		const struct report_fact *f = &r->facts[i];
		int j, seen = 0;
		if (!f->spec || !f->unit)
			continue;
		for (j = 0; j < i; j++)
			if (r->facts[j].spec && !strcmp(r->facts[j].spec->key, f->spec->key))
				seen = 1;
		if (seen)
			continue;
		buf_reset(&key);
		buf_printf(&key, "facts.%s", f->spec->key);
		jsonw_key(w, buf_str(&key));
		jsonw_string(w, f->unit);
	}
	jsonw_object_end(w);
	buf_free(&key);
}

static void write_sections(const struct report *r, struct jsonw *w)
{
	int i;
	jsonw_array_begin(w);
	for (i = 0; i < r->nsections; i++) {
		const struct report_section *s = &r->sections[i];
		jsonw_object_begin(w);
		jsonw_key(w, "key");
		jsonw_string(w, s->spec ? s->spec->key : NULL);
		jsonw_key(w, "number");
		jsonw_string(w, s->number);
		jsonw_key(w, "heading");
		jsonw_string(w, s->heading);
		jsonw_key(w, "line");
		jsonw_int(w, s->line);
		jsonw_key(w, "text");
		jsonw_string(w, s->text ? s->text : "");
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

static void write_facts(const struct report *r, struct jsonw *w)
{
	int i, j;
	jsonw_object_begin(w);
	for (i = 0; i < r->nfacts; i++) {
		const struct report_fact *f = &r->facts[i];
		int seen = 0;
		if (!f->spec)
			continue;
		for (j = 0; j < i; j++)  /* one key once: the first statement wins */
			if (r->facts[j].spec && !strcmp(r->facts[j].spec->key, f->spec->key))
				seen = 1;
		if (seen)
			continue;
		jsonw_key(w, f->spec->key);
		jsonw_decimal(w, f->units, f->scale);
	}
	jsonw_object_end(w);
}

/* Write the report as one JSON object in the documented key order. */
void report_to_json(const struct report *r, struct jsonw *w)
{
	jsonw_object_begin(w);
	jsonw_key(w, "source");
	jsonw_string(w, r->source);
	jsonw_key(w, "format");
	jsonw_string(w, r->spec ? r->spec->key : NULL);
	jsonw_key(w, "format_name");
	jsonw_string(w, r->spec ? r->spec->name : NULL);
	jsonw_key(w, "year");
	if (r->year > 0)
		jsonw_int(w, r->year);
	else
		jsonw_null(w);
	jsonw_key(w, "agency");
	jsonw_string(w, r->agency);
	jsonw_key(w, "published");
	jsonw_string(w, r->published[0] ? r->published : NULL);
	jsonw_key(w, "title");
	jsonw_string(w, r->title);
	jsonw_key(w, "sections");
	write_sections(r, w);
	jsonw_key(w, "tables");
	write_tables(r, w);
	jsonw_key(w, "units");
	write_units(r, w);
	jsonw_key(w, "facts");
	write_facts(r, w);
	jsonw_key(w, "notes");
	findings_to_json(&r->notes, w);
	jsonw_object_end(w);
}

/* Write a findings array (the finding objects of docs/report-json.md). */
void findings_to_json(const struct finding_list *l, struct jsonw *w)
{
	int i;
	jsonw_array_begin(w);
	for (i = 0; i < l->n; i++) {
		const struct finding *f = &l->v[i];
		jsonw_object_begin(w);
		jsonw_key(w, "rule");
		jsonw_string(w, f->rule);
		jsonw_key(w, "severity");
		jsonw_string(w, severity_name(f->sev));
		jsonw_key(w, "table");
		jsonw_string(w, f->table);
		jsonw_key(w, "row");
		jsonw_string(w, f->row);
		jsonw_key(w, "col");
		jsonw_string(w, f->col);
		jsonw_key(w, "line");
		jsonw_int(w, f->line);
		jsonw_key(w, "expected");
		jsonw_string(w, f->expected);
		jsonw_key(w, "found");
		jsonw_string(w, f->found);
		jsonw_key(w, "zh");
		jsonw_string(w, f->zh ? f->zh : "");
		jsonw_key(w, "en");
		jsonw_string(w, f->en ? f->en : "");
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

/* ---------------------------------------------------------------- reading */

struct rctx {
	char *err;
	size_t errsize;
	int failed;
};

static void rfail(struct rctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void rfail(struct rctx *c, const char *fmt, ...)
{
	va_list ap;
	if (c->failed)
		return;
	c->failed = 1;
	if (!c->err || !c->errsize)
		return;
	va_start(ap, fmt);
	vsnprintf(c->err, c->errsize, fmt, ap);
	va_end(ap);
}

/* Copy the JSON text, turning number tokens with a fraction or exponent
 * into marked strings ("\u0001" + digits) so their exact text survives. */
static char *mark_decimals(const char *s, size_t n, size_t *outlen)
{
	struct buf b = BUF_INIT(0);
	size_t i = 0;
	while (i < n) {
		char ch = s[i];
		if (ch == '"') {  /* copy a string literal verbatim */
			size_t j = i + 1;
			while (j < n && s[j] != '"')
				j += (s[j] == '\\' && j + 1 < n) ? 2 : 1;
			if (j < n)
				j++;
			buf_add(&b, s + i, j - i);
			i = j;
		} else if (ch == '-' || (ch >= '0' && ch <= '9')) {
			size_t j = i + 1;
			int real = 0;
			while (j < n && (strchr("0123456789+-.eE", s[j]) != NULL)) {
				if (s[j] == '.' || s[j] == 'e' || s[j] == 'E')
					real = 1;
				j++;
			}
			if (real) {
				buf_adds(&b, "\"\\u0001");
				buf_add(&b, s + i, j - i);
				buf_addc(&b, '"');
			} else {
				buf_add(&b, s + i, j - i);
			}
			i = j;
		} else {
			buf_addc(&b, ch);
			i++;
		}
	}
	*outlen = b.len;
	if (!b.data)
		return xstrdup("");
	return buf_detach(&b);
}

/* Parse decimal text "-12.50" / "1e3" into units and scale. Returns 0, or
 * -1 when it is not a number or does not fit. */
static int parse_decimal(const char *s, int64_t *units, int *scale)
{
	int neg = 0, digits = 0, frac = 0, seen_dot = 0;
	long exp10 = 0;
	uint64_t mag = 0;
	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (!(*s >= '0' && *s <= '9'))
		return -1;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			if (mag > (UINT64_C(1) << 62) / 10)
				return -1;
			mag = mag * 10 + (uint64_t)(*s - '0');
			digits++;
			if (seen_dot)
				frac++;
		} else if (*s == '.' && !seen_dot) {
			seen_dot = 1;
		} else if (*s == 'e' || *s == 'E') {
			int64_t e;
			if (str_to_int64(s[1] == '+' ? s + 2 : s + 1, &e) < 0 ||
			    e > 30 || e < -30)
				return -1;
			exp10 = (long)e;
			break;
		} else {
			return -1;
		}
	}
	if (!digits)
		return -1;
	frac -= (int)exp10;
	while (frac < 0) {  /* positive exponent beyond the fraction */
		if (mag > (UINT64_C(1) << 62) / 10)
			return -1;
		mag *= 10;
		frac++;
	}
	if (frac > JSON_MAX_SCALE)
		return -1;
	*units = neg ? -(int64_t)mag : (int64_t)mag;
	*scale = frac;
	return 0;
}

/* A JSON number (integer, or a marked decimal string) -> units/scale.
 * Also accepts a plain string holding a decimal ("168.61"). */
static int get_number(json_t *v, int64_t *units, int *scale)
{
	if (json_is_integer(v)) {
		*units = (int64_t)json_integer_value(v);
		*scale = 0;
		return 0;
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (s[0] == NUMBER_MARK)
			s++;
		return parse_decimal(s, units, scale);
	}
	return -1;
}

/* A string member: NULL/null allowed when optional. A marked number is not
 * a string. Returns 0 with *out (borrowed) or -1 after rfail. */
static int get_string(struct rctx *c, json_t *v, const char *path,
		      const char **out)
{
	if (!v || json_is_null(v)) {
		*out = NULL;
		return 0;
	}
	if (!json_is_string(v) || json_string_value(v)[0] == NUMBER_MARK) {
		rfail(c, "%s: expected a string", path);
		return -1;
	}
	*out = json_string_value(v);
	return 0;
}

/* get_string() for member `name` of obj, with the path "<where>.<name>". */
static int member_string(struct rctx *c, json_t *obj, const char *name,
			 const char *where, const char **out)
{
	char path[128];
	snprintf(path, sizeof path, "%s.%s", where, name);
	return get_string(c, json_object_get(obj, name), path, out);
}

static void read_cells(struct rctx *c, struct report *r, int t, int row,
		       json_t *obj, const char *path)
{
	const struct spec_table *st = r->tables[t].spec;
	const char *k;
	json_t *v;
	if (!json_is_object(obj)) {
		rfail(c, "%s: expected an object of columns", path);
		return;
	}
	json_object_foreach(obj, k, v) {
		int col = spec_col_index(st, k);
		struct report_cell *cell;
		int64_t units;
		int scale;
		if (c->failed)
			return;
		if (col < 0) {
			rfail(c, "%s.%s: unknown column", path, k);
			return;
		}
		if (!spec_row_has_col(st, row, col)) {
			rfail(c, "%s.%s: this row has no such column", path, k);
			return;
		}
		cell = report_cell(r, t, row, col);
		if (json_is_null(v)) {
			cell->state = CELL_BLANK;
			continue;
		}
		if (get_number(v, &units, &scale) < 0) {
			rfail(c, "%s.%s: expected a number or null", path, k);
			return;
		}
		cell->state = CELL_VALUE;
		cell->units = units;
		cell->scale = (uint8_t)scale;
	}
}

static void read_tables(struct rctx *c, struct report *r, json_t *tables)
{
	const char *tk;
	json_t *tv;
	char path[256];
	if (!tables || json_is_null(tables))
		return;
	if (!json_is_object(tables)) {
		rfail(c, "tables: expected an object");
		return;
	}
	json_object_foreach(tables, tk, tv) {
		int t = r->spec ? spec_table_index(r->spec, tk) : -1;
		const struct spec_table *st;
		json_t *rows = tv;
		const char *rk;
		json_t *rv;
		if (c->failed)
			return;
		if (t < 0) {
			rfail(c, "tables.%s: unknown table", tk);
			return;
		}
		st = &r->spec->tables[t];
		if (!json_is_object(tv)) {
			rfail(c, "tables.%s: expected an object", tk);
			return;
		}
		if (st->nest_rows) {
			const char *k;
			json_t *v;
			json_object_foreach(tv, k, v) {
				if (strcmp(k, "rows") != 0) {
					rfail(c, "tables.%s.%s: unknown member (rows go under \"rows\")", tk, k);
					return;
				}
			}
			rows = json_object_get(tv, "rows");
			if (!rows)
				rows = json_object();  /* found, no rows: borrowed below */
			else
				json_incref(rows);
			if (!json_is_object(rows)) {
				rfail(c, "tables.%s.rows: expected an object", tk);
				json_decref(rows);
				return;
			}
		} else {
			json_incref(rows);
		}
		r->tables[t].found = 1;
		json_object_foreach(rows, rk, rv) {
			int row = spec_row_index(st, rk);
			if (c->failed)
				break;
			snprintf(path, sizeof path, "tables.%s%s.%s", tk,
				 st->nest_rows ? ".rows" : "", rk);
			if (row < 0) {
				rfail(c, "%s: unknown row", path);
				break;
			}
			read_cells(c, r, t, row, rv, path);
		}
		json_decref(rows);
	}
}

static void read_sections(struct rctx *c, struct report *r, json_t *a)
{
	size_t i;
	json_t *s;
	char path[64];
	if (!a || json_is_null(a))
		return;
	if (!json_is_array(a)) {
		rfail(c, "sections: expected an array");
		return;
	}
	json_array_foreach(a, i, s) {
		const char *key, *number, *heading, *text, *k;
		const struct spec_section *ss = NULL;
		json_t *line, *v;
		int j;
		snprintf(path, sizeof path, "sections[%zu]", i);
		if (!json_is_object(s)) {
			rfail(c, "%s: expected an object", path);
			return;
		}
		json_object_foreach(s, k, v) {
			if (strcmp(k, "key") && strcmp(k, "number") && strcmp(k, "heading") &&
			    strcmp(k, "line") && strcmp(k, "text")) {
				rfail(c, "%s.%s: unknown member", path, k);
				return;
			}
		}
		if (member_string(c, s, "key", path, &key) < 0 ||
		    member_string(c, s, "number", path, &number) < 0 ||
		    member_string(c, s, "heading", path, &heading) < 0 ||
		    member_string(c, s, "text", path, &text) < 0)
			return;
		if (key) {
			for (j = 0; r->spec && j < r->spec->nsections; j++)
				if (!strcmp(r->spec->sections[j].key, key))
					ss = &r->spec->sections[j];
			if (!ss) {
				rfail(c, "%s.key: unknown section \"%s\"", path, key);
				return;
			}
		}
		line = json_object_get(s, "line");
		if (line && !json_is_null(line) &&
		    (!json_is_integer(line) || json_integer_value(line) < 0 ||
		     json_integer_value(line) > 100000000)) {
			rfail(c, "%s.line: expected a line number", path);
			return;
		}
		report_add_section(r, ss, number ? number : "", heading ? heading : "",
				   text, line && json_is_integer(line) ? (int)json_integer_value(line) : 0);
	}
}

static void read_facts(struct rctx *c, struct report *r, json_t *o)
{
	const char *k;
	json_t *v;
	if (!o || json_is_null(o))
		return;
	if (!json_is_object(o)) {
		rfail(c, "facts: expected an object");
		return;
	}
	json_object_foreach(o, k, v) {
		const struct spec_fact *sf = NULL;
		int64_t units;
		int scale, j;
		for (j = 0; r->spec && j < r->spec->nfacts; j++)
			if (!strcmp(r->spec->facts[j].key, k))
				sf = &r->spec->facts[j];
		if (!sf) {
			rfail(c, "facts.%s: unknown fact", k);
			return;
		}
		if (get_number(v, &units, &scale) < 0) {
			rfail(c, "facts.%s: expected a number", k);
			return;
		}
		report_add_fact(r, sf, units, scale, 0, NULL);
	}
}

/* "units": {"facts.fees": "元"} -> the facts' units (元 and 万元 only;
 * cell units come from the spec and are not read). */
static void read_fact_units(struct report *r, json_t *units)
{
	int i;
	for (i = 0; i < r->nfacts; i++) {
		char key[160];
		const char *u;
		json_t *v;
		if (!r->facts[i].spec)
			continue;
		snprintf(key, sizeof key, "facts.%s", r->facts[i].spec->key);
		v = json_object_get(units, key);
		u = v ? json_string_value(v) : NULL;
		if (u && !strcmp(u, "元"))
			r->facts[i].unit = "元";
		else if (u && !strcmp(u, "万元"))
			r->facts[i].unit = "万元";
	}
}

static int severity_from_name(const char *s, enum severity *out)
{
	if (!strcmp(s, "error"))
		*out = SEV_ERROR;
	else if (!strcmp(s, "warning"))
		*out = SEV_WARNING;
	else if (!strcmp(s, "info"))
		*out = SEV_INFO;
	else
		return -1;
	return 0;
}

static void read_notes(struct rctx *c, struct report *r, json_t *a)
{
	static const char *const names[] = {"rule", "table", "row", "col",
					     "expected", "found", "zh", "en"};
	size_t i;
	json_t *f;
	char path[64];
	if (!a || json_is_null(a))
		return;
	if (!json_is_array(a)) {
		rfail(c, "notes: expected an array");
		return;
	}
	json_array_foreach(a, i, f) {
		const char *s[8], *sev;
		enum severity sv;
		json_t *line;
		size_t j;
		snprintf(path, sizeof path, "notes[%zu]", i);
		if (!json_is_object(f)) {
			rfail(c, "%s: expected an object", path);
			return;
		}
		for (j = 0; j < 8; j++) {
			if (member_string(c, f, names[j], path, &s[j]) < 0)
				return;
		}
		if (member_string(c, f, "severity", path, &sev) < 0)
			return;
		if (!sev || severity_from_name(sev, &sv) < 0) {
			rfail(c, "%s.severity: expected error, warning or info", path);
			return;
		}
		line = json_object_get(f, "line");
		if (line && !json_is_null(line) && !json_is_integer(line)) {
			rfail(c, "%s.line: expected an integer", path);
			return;
		}
		finding_add(&r->notes, s[0], sv, s[1], s[2], s[3],
			    line && json_is_integer(line) ? (int)json_integer_value(line) : 0,
			    s[4], s[5], s[6], s[7]);
	}
}

/* Fill a report for `spec` from the parsed root; NULL with err on failure. */
static struct report *build(const struct report_spec *spec, json_t *root,
			    char *err, size_t errsize)
{
	static const char *const known[] = {"source", "format", "format_name", "year",
					    "agency", "published", "title", "sections",
					    "tables", "units", "facts", "notes", NULL};
	struct rctx c = {err, errsize, 0};
	const char *k, *source, *agency, *title, *published;
	json_t *v, *year;
	struct report *r;
	json_object_foreach(root, k, v) {
		int i, ok = 0;
		for (i = 0; known[i]; i++)
			if (!strcmp(known[i], k))
				ok = 1;
		if (!ok) {
			rfail(&c, "%s: unknown member", k);
			return NULL;
		}
	}
	if (get_string(&c, json_object_get(root, "source"), "source", &source) < 0 ||
	    get_string(&c, json_object_get(root, "agency"), "agency", &agency) < 0 ||
	    get_string(&c, json_object_get(root, "title"), "title", &title) < 0 ||
	    get_string(&c, json_object_get(root, "published"), "published", &published) < 0)
		return NULL;
	if (published && strlen(published) != 10) {
		rfail(&c, "published: expected YYYY-MM-DD");
		return NULL;
	}
	year = json_object_get(root, "year");
	if (year && !json_is_null(year) &&
	    (!json_is_integer(year) || json_integer_value(year) < 1 ||
	     json_integer_value(year) > 9999)) {
		rfail(&c, "year: expected a year or null");
		return NULL;
	}
	r = report_new(spec, source ? source : "-");
	if (agency)
		r->agency = xstrdup(agency);
	if (title)
		r->title = xstrdup(title);
	if (published)
		str_copy(r->published, published, sizeof r->published);
	if (year && json_is_integer(year))
		r->year = (int)json_integer_value(year);
	read_sections(&c, r, json_object_get(root, "sections"));
	if (!c.failed)
		read_tables(&c, r, json_object_get(root, "tables"));
	if (!c.failed)
		read_facts(&c, r, json_object_get(root, "facts"));
	if (!c.failed)
		read_notes(&c, r, json_object_get(root, "notes"));
	if (!c.failed) {
		v = json_object_get(root, "units");
		if (v && !json_is_null(v) && !json_is_object(v))
			rfail(&c, "units: expected an object");
		else if (v && json_is_object(v))
			read_fact_units(r, v);
	}
	if (c.failed) {
		report_free(r);
		return NULL;
	}
	return r;
}

/* Build a report from JSON text in the report_to_json() shape. When several
 * specs share the "format" key, the first one that accepts every table, row
 * and column key wins. Returns NULL with a reason naming the JSON path. */
struct report *report_from_json(const struct spec_set *specs, const char *json,
				size_t len, char *err, size_t errsize)
{
	json_error_t je;
	json_t *root, *fmt;
	struct report *r = NULL;
	char *text;
	size_t tlen;
	if (errsize)
		err[0] = '\0';
	if (len > JSON_MAX_INPUT) {
		snprintf(err, errsize, "JSON input too large (%zu bytes)", len);
		return NULL;
	}
	text = mark_decimals(json, len, &tlen);
	root = json_loadb(text, tlen, JSON_REJECT_DUPLICATES, &je);
	free(text);
	if (!root) {
		snprintf(err, errsize, "JSON line %d column %d: %s", je.line, je.column, je.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		snprintf(err, errsize, "expected a JSON object");
		json_decref(root);
		return NULL;
	}
	fmt = json_object_get(root, "format");
	if (!fmt || json_is_null(fmt)) {
		r = build(NULL, root, err, errsize);
	} else if (!json_is_string(fmt)) {
		snprintf(err, errsize, "format: expected a string or null");
	} else {
		const char *key = json_string_value(fmt);
		char first[512] = "";
		int i, tried = 0;
		for (i = 0; specs && i < specs->n && !r; i++) {
			if (strcmp(specs->v[i]->key, key) != 0)
				continue;
			r = build(specs->v[i], root, tried ? NULL : first,
				  tried ? 0 : sizeof first);
			tried++;
		}
		if (!r && !tried)
			snprintf(err, errsize, "format: unknown format \"%s\"", key);
		else if (!r)
			snprintf(err, errsize, "%s", first);
	}
	json_decref(root);
	return r;
}
