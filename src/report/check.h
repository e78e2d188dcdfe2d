/* check.h - consistency checks (勾稽关系 and more) on a parsed report.
 *
 * Runs every rule of the report's spec, plus the generic checks: blank
 * cells, text-stated numbers against the tables, format vs report year,
 * missing or misnumbered sections, empty template placeholders, and late
 * publication. Findings are appended to `out`. */
#ifndef GK_CHECK_H
#define GK_CHECK_H

#include <stddef.h>
#include "report/finding.h"
#include "report/model.h"

/* Check one report. */
void report_check(const struct report *r, struct finding_list *out);
/* The same with the report's full text (what report_parse was given):
 * text outside every section (title, preface before 一、) is also searched
 * for cited format documents and scanned for template placeholders. */
void report_check_text(const struct report *r, const char *text, size_t len,
		       struct finding_list *out);
/* Carry-over check between two years of one agency: cur's 上年结转 must equal
 * prev's 结转下年度, per column. */
void report_check_pair(const struct report *prev, const struct report *cur,
		       struct finding_list *out);

#endif
