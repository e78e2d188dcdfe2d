/* report_summary.c - the summary annual report of a level. */
#include "service/report_summary.h"
#include "service/access.h"
#include "service/report_build.h"
#include "store/agencies.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* v scaled up from `from` decimals to `to` decimals (to >= from). */
static int64_t rescale(int64_t v, int from, int to)
{
	for (; from < to; from++)
		v *= 10;
	return v;
}

/* Add every found cell of src into dst (same spec), exact decimals. */
static void add_cells(struct report *dst, const struct report *src)
{
	int t, i;
	for (t = 0; t < dst->spec->ntables; t++) {
		const struct spec_table *st = dst->tables[t].spec;
		for (i = 0; i < st->nrows * st->ncols; i++) {
			struct report_cell *d = &dst->tables[t].cells[i];
			const struct report_cell *s = &src->tables[t].cells[i];
			int scale;
			if (s->state != CELL_VALUE)
				continue;
			if (d->state != CELL_VALUE) {
				*d = *s;
				d->line = 0;
				dst->tables[t].found = 1;
				continue;
			}
			scale = d->scale > s->scale ? d->scale : s->scale;
			d->units = rescale(d->units, d->scale, scale) + rescale(s->units, s->scale, scale);
			d->scale = (uint8_t)scale;
		}
	}
}

int report_build_summary(struct db *db, const struct calendar *cal,
			 const struct actor *who, int64_t agency_id, int year,
			 const char *format, struct report **out, int *nagencies,
			 struct svc_error *err)
{
	struct agency_list list = {0};
	struct report *sum = NULL;
	size_t i;
	int rc = -1;

	*out = NULL;
	*nagencies = 0;
	if (access_require(db, who, agency_id, ROLE_SUPERVISOR, err))
		return -1;
	if (agency_store_subtree(db, agency_id, &list))
		return svc_db_fail(err, db);
	if (list.n == 0) {
		agency_list_free(&list);
		return svc_fail(err, SVC_NOT_FOUND, "agency", "没有该机关 / no such agency");
	}
	for (i = 0; i < list.n; i++) {
		struct report *r = NULL;
		if (list.items[i].disabled)
			continue;
		if (report_build(db, cal, who, list.items[i].id, year, format, &r, err))
			goto out;
		if (!sum) {
			/* The first (the agency itself, tree order) gives the frame:
			 * format, year, sections; its cells are the first addend. */
			sum = r;
		} else {
			add_cells(sum, r);
			report_free(r);
		}
		(*nagencies)++;
	}
	if (sum) {
		char title[512];
		snprintf(title, sizeof title, "%s及所属机关%d年政府信息公开工作年度报告（汇总）",
			 list.items[0].name, year);
		free(sum->title);
		sum->title = xstrdup(title);
		free(sum->agency);
		sum->agency = xstrdup(list.items[0].name);
	}
	*out = sum;
	sum = NULL;
	rc = 0;
out:
	report_free(sum);
	agency_list_free(&list);
	return rc;
}
