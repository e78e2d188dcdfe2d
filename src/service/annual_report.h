/* annual_report.h - stored annual reports: build from records, publish,
 * and read what was published (table annual_reports, migration 001).
 *
 * The portal shows only PUBLISHED reports: a report is built from the
 * agency's records (service/report_build.h), shown to staff with its check
 * findings, and published by annual_report_publish(), which rebuilds it
 * in the same moment and stores the report JSON (report/json.h) with
 * status 'published'. Publishing again replaces the stored text (a
 * correction); every publication is audited as report.publish. */
#ifndef GK_SERVICE_ANNUAL_REPORT_H
#define GK_SERVICE_ANNUAL_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include "service/service.h"

struct db;
struct calendar;

struct annual_report_row {
	int64_t agency_id;
	int year;
	char format[16];
	char status[16];          /* "draft" | "published" */
	char published_at[32];    /* "" unless published */
	char *report_json;        /* malloc'd (annual_report_row_clear) */
};

void annual_report_row_clear(struct annual_report_row *r);

/* Build the report of (agency_id, year) from records (format NULL = the
 * year's default), name it after the agency and store it as published.
 * The actor needs clerk, handler or admin in the agency. 0, or -1 with
 * err. Audited as report.publish. */
int annual_report_publish(struct db *db, const struct calendar *cal, const struct actor *who,
			  int64_t agency_id, int year, const char *format,
			  struct svc_error *err);

/* The published report of (agency_id, year), for anyone: 0 found (out
 * filled), 1 none published, -1 database error. */
int annual_report_get_published(struct db *db, int64_t agency_id, int year,
				struct annual_report_row *out);

/* The years with a published report of agency_id, newest first, at most
 * max of them into years; *n set. 0 or -1. */
int annual_report_published_years(struct db *db, int64_t agency_id, int *years, int max,
				  int *n);

/* The stored status of (agency_id, year) into status ("" when none):
 * 0 or -1. */
int annual_report_status(struct db *db, int64_t agency_id, int year, char *status,
			 size_t size);

#endif
