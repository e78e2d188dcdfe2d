/* model.c - allocation and access for the report model. */
#include "report/model.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct report *report_new(const struct report_spec *spec, const char *source)
{
	struct report *r = xcalloc(1, sizeof *r);
	int t;
	r->spec = spec;
	r->source = xstrdup(source ? source : "-");
	if (spec && spec->ntables) {
		r->tables = xcalloc((size_t)spec->ntables, sizeof *r->tables);
		for (t = 0; t < spec->ntables; t++) {
			const struct spec_table *st = &spec->tables[t];
			r->tables[t].spec = st;
			r->tables[t].cells = xcalloc((size_t)(st->nrows * st->ncols) + 1,
						     sizeof *r->tables[t].cells);
		}
	}
	return r;
}

void report_free(struct report *r)
{
	int i;
	if (!r)
		return;
	free(r->source);
	free(r->title);
	free(r->agency);
	for (i = 0; i < r->nsections; i++) {
		free(r->sections[i].number);
		free(r->sections[i].heading);
		free(r->sections[i].text);
	}
	free(r->sections);
	if (r->spec)
		for (i = 0; i < r->spec->ntables; i++)
			free(r->tables[i].cells);
	free(r->tables);
	for (i = 0; i < r->nfacts; i++)
		free(r->facts[i].quote);
	free(r->facts);
	finding_list_free(&r->notes);
	free(r);
}

struct report_cell *report_cell(struct report *rep, int t, int r, int c)
{
	const struct spec_table *st = rep->tables[t].spec;
	return &rep->tables[t].cells[r * st->ncols + c];
}

const struct report_cell *report_cell_c(const struct report *rep, int t, int r, int c)
{
	const struct spec_table *st = rep->tables[t].spec;
	return &rep->tables[t].cells[r * st->ncols + c];
}

void report_set(struct report *rep, int t, int r, int c, int64_t v, int line)
{
	struct report_cell *cell = report_cell(rep, t, r, c);
	cell->state = CELL_VALUE;
	cell->scale = 0;
	cell->units = v;
	cell->line = line;
	rep->tables[t].found = 1;
}

void report_add_section(struct report *rep, const struct spec_section *spec,
			const char *number, const char *heading,
			const char *text, int line)
{
	struct report_section *s;
	rep->sections = xreallocarray(rep->sections, (size_t)rep->nsections + 1,
				      sizeof *rep->sections);
	s = &rep->sections[rep->nsections++];
	s->spec = spec;
	s->number = xstrdup(number);
	s->heading = xstrdup(heading);
	s->text = xstrdup(text ? text : "");
	s->line = line;
}

void report_add_fact(struct report *rep, const struct spec_fact *spec,
		     int64_t units, int scale, int line, const char *quote)
{
	struct report_fact *f;
	rep->facts = xreallocarray(rep->facts, (size_t)rep->nfacts + 1,
				   sizeof *rep->facts);
	f = &rep->facts[rep->nfacts++];
	f->spec = spec;
	f->units = units;
	f->scale = scale;
	f->line = line;
	f->unit = NULL;
	f->quote = xstrdup(quote);
}

int cell_cmp_units(int64_t a, int as, int64_t b, int bs)
{
	while (as < bs) {
		a *= 10;
		as++;
	}
	while (bs < as) {
		b *= 10;
		bs++;
	}
	return a < b ? -1 : a > b;
}
