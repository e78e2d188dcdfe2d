/* parse.c - PLACEHOLDER orchestration (owner: tables). */
#include "report/parse.h"
#include "report/meta.h"
#include "report/tables.h"

struct report *report_parse(const struct spec_set *specs, const char *text,
			    size_t len, const char *source)
{
	int year = 0;
	const struct report_spec *spec = meta_detect(specs, text, len, &year);
	struct report *r = report_new(spec, source);
	r->year = year;
	meta_extract(r, text, len);
	if (spec)
		tables_extract(r, text, len);
	return r;
}
