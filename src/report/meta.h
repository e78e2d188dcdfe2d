/* meta.h - everything about a published report except its tables:
 * which format it is in, title, year, agency, publication date, the text
 * sections, and the numbers its text states (facts). Used by parse.c. */
#ifndef GK_META_H
#define GK_META_H

#include <stddef.h>
#include "report/model.h"
#include "report/spec.h"

/* Decide the format of `text`: the best-scoring spec by cited documents,
 * marker phrases and table labels, disambiguated by the report year; NULL
 * when the text is not an annual report. *year_out receives the report year
 * found in the title or first lines (0 if none). */
const struct report_spec *meta_detect(const struct spec_set *specs,
				      const char *text, size_t len,
				      int *year_out);
/* Fill r->title, r->year, r->agency, r->published(+_line), r->sections and
 * r->facts from the text, using r->spec (sections and fact patterns). Works
 * with r->spec == NULL too (only title/year/agency/date). */
void meta_extract(struct report *r, const char *text, size_t len);

#endif
