/* outcome.h - the application outcome taxonomy (办理结果).
 *
 * One entry per row of the 2021 table three (三、本年度办理结果): the outcome
 * key an application is answered with (the keys of domain/deadline.h,
 * app_outcome_keys), the row key of that table in data/formats/2021.json,
 * the row in the 2019 format (whose single （六）其他处理 row takes the
 * three other_* outcomes), the Chinese label, and the template of the reply
 * notice (告知书) sent with that outcome. Every outcome maps to exactly one
 * report row in each format. Pure: no I/O. */
#ifndef GK_OUTCOME_H
#define GK_OUTCOME_H

#include <stddef.h>
#include "base/buf.h"

struct outcome_info {
	const char *key;        /* outcome key, e.g. "withheld_enforcement_file" */
	const char *row2021;    /* table-three row key, 2021 format */
	const char *row2019;    /* table-three row key, 2019 format */
	const char *group;      /* "（三）不予公开" ... or NULL for (一)(二) */
	const char *label;      /* "7.属于行政执法案卷" */
	const char *notice;     /* 告知书 template, placeholders {applicant}
				   {received} {description} {agency} {date} */
};

/* The row (outcome taxonomy) reported for withdrawn applications: 其他. */
#define OUTCOME_WITHDRAWN_ROW "other_other"

/* The entry for an outcome key, or NULL if the key is unknown. */
const struct outcome_info *outcome_find(const char *key);
/* All entries in table order; *n receives the count. */
const struct outcome_info *outcome_all(size_t *n);
/* The table-three row key of outcome `key` in format "2021" or "2019",
 * or NULL if either is unknown. */
const char *outcome_report_row(const char *key, const char *format);

/* Values substituted into a notice template (NULL = "").  */
struct notice_fields {
	const char *applicant;
	const char *received;     /* "YYYY-MM-DD" */
	const char *description;
	const char *agency;
	const char *date;         /* date of the reply */
};

/* Render the 告知书 for outcome `key` into out (appended). Returns 0, or -1
 * for an unknown key or a full buffer. */
int outcome_render_notice(const char *key, const struct notice_fields *f, struct buf *out);

#endif
