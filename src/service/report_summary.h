/* report_summary.h - the summary annual report of a level (本级汇总报告):
 * the annual reports built from the records of an agency and of every
 * agency below it in the tree, added cell by cell.
 *
 * 政务公开办 compiles the summary of its government's departments and the
 * lower governments. Sums of reports that balance also balance, so the
 * summary passes the same checks. Only a supervisor (or admin) of the
 * agency, or the system actor, may compile it. */
#ifndef GK_REPORT_SUMMARY_H
#define GK_REPORT_SUMMARY_H

#include <stdint.h>
#include "domain/calendar.h"
#include "report/model.h"
#include "service/service.h"

struct db;

/* Build the summary for agency_id and year (format as for report_build).
 * *nagencies receives how many agencies were added. 0 with *out
 * (report_free), or -1 with err. */
int report_build_summary(struct db *db, const struct calendar *cal,
			 const struct actor *who, int64_t agency_id, int year,
			 const char *format, struct report **out, int *nagencies,
			 struct svc_error *err);

#endif
