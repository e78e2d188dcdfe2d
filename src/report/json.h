/* json.h - the report model as JSON (the public interface documented in
 * docs/report-json.md), and back. */
#ifndef GK_REPORT_JSON_H
#define GK_REPORT_JSON_H

#include "base/jsonw.h"
#include "report/finding.h"
#include "report/model.h"

/* Write the report as one JSON object (keys: source, format, format_name,
 * year, agency, published, title, sections, tables, units, facts, notes). */
void report_to_json(const struct report *r, struct jsonw *w);
/* Write a findings array. */
void findings_to_json(const struct finding_list *l, struct jsonw *w);
/* Build a report from JSON text produced by report_to_json (or written by
 * hand in the same shape). Returns NULL with a reason in err. */
struct report *report_from_json(const struct spec_set *specs, const char *json,
				size_t len, char *err, size_t errsize);

#endif
