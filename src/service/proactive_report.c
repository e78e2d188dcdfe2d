/* proactive_report.c - 表二 figures from the catalog (service/proactive_report.h). */
#include "service/proactive_report.h"
#include "service/catalog.h"
#include "store/items.h"
#include "report/spec.h"
#include "base/vec.h"
#include "base/str.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <string.h>

struct cell_value {
	const char *row, *col;
	int64_t v;
};

/* Compute the cells for one format into v (up to 6). Returns the count,
 * 0 for formats without catalog-derived cells, -1 on a database error. */
static int compute(struct db *db, int64_t agency_id, int year, const char *format,
		   struct cell_value *v)
{
	static const struct {
		const char *row, *genre;
	} rows[] = {{"rules", GENRE_RULE}, {"normative_docs", GENRE_NORMATIVE}};
	size_t i;
	int n = 0;
	for (i = 0; i < 2; i++) {
		int64_t a = 0, b = 0, c = 0;
		if (!strcmp(format, "2021")) {
			if (item_store_genre_counts(db, agency_id, 0, rows[i].genre, year, &a, &b, &c) < 0)
				return -1;
			v[n++] = (struct cell_value){rows[i].row, "issued", a};
			v[n++] = (struct cell_value){rows[i].row, "repealed", b};
			v[n++] = (struct cell_value){rows[i].row, "in_force", c};
		} else if (!strcmp(format, "2019")) {
			if (item_store_genre_created(db, agency_id, 0, rows[i].genre, year, &a) < 0 ||
			    item_store_genre_counts(db, agency_id, 0, rows[i].genre, year, &b, &c, &c) < 0 ||
			    item_store_genre_public_by(db, agency_id, 0, rows[i].genre, year, &c) < 0)
				return -1;
			v[n++] = (struct cell_value){rows[i].row, "created", a};
			v[n++] = (struct cell_value){rows[i].row, "published", b};
			v[n++] = (struct cell_value){rows[i].row, "total_public", c};
		}
	}
	return n;
}

int proactive_report_figures(struct db *db, int64_t agency_id, int year,
			     const struct report_spec *spec, struct figure_rows *out,
			     struct svc_error *err)
{
	struct cell_value v[8];
	int n = compute(db, agency_id, year, spec ? spec->key : "", v), i;
	if (n < 0)
		return svc_db_fail(err, db);
	for (i = 0; i < n; i++) {
		struct figure_row *f;
		f = VEC_PUSH(out);
		snprintf(f->key, sizeof f->key, "proactive.%s.%s", v[i].row, v[i].col);
		snprintf(f->value, sizeof f->value, "%lld", (long long)v[i].v);
	}
	return 0;
}

int proactive_report_fill(struct db *db, int64_t agency_id, int year, struct report *r,
			  struct svc_error *err)
{
	struct cell_value v[8];
	int n, i, t;
	if (!r->spec)
		return 0;
	n = compute(db, agency_id, year, r->spec->key, v);
	if (n < 0)
		return svc_db_fail(err, db);
	t = spec_table_index(r->spec, "proactive");
	if (t < 0)
		return 0;
	for (i = 0; i < n; i++) {
		int row = spec_row_index(&r->spec->tables[t], v[i].row);
		int col = spec_col_index(&r->spec->tables[t], v[i].col);
		if (row >= 0 && col >= 0)
			report_set(r, t, row, col, v[i].v, 0);
	}
	return 0;
}
