/* report_build.h - the annual report built from an agency's records.
 *
 * 表三 comes from the applications (columns by applicant kind):
 *   一 new          received in the year;
 *   二 carried_in   received before the year and still open on 31 Dec of
 *                   the year before;
 *   三 result rows  ended in the year, by outcome (domain/outcome.h maps
 *                   each outcome to one row of the format; a withdrawal is
 *                   （六）3.其他; a lapsed 补正 or payment closes with
 *                   other_no_correction / other_no_payment);
 *   四 carried_out  still open on 31 Dec of the year.
 * "Open on a date D" means: derive the deadline (domain/deadline.h) from the
 * events dated on or before D, with today = D; so an application received
 * in one year and answered in the next is carried over in both reports.
 * 表四 comes from the appeals filed in the year, with their result as of
 * 31 December (decided later = 尚未审结). 表二 comes from the hand-entered
 * report_figures (cells not entered are 0 and listed in a note). The
 * totals (（七）总计, the 总计 column, table-four totals) are sums, so the
 * report satisfies every rule of its format; report_check() is run on it.
 * Section 六 (其他需要报告的事项) states the 信息处理费 collected: the
 * amounts of the fee notices whose payment is dated in the year (2021
 * format: "未收取" when there were none, as the format asks).
 *
 * The pure part (report_build_from_facts) is what the property test
 * drives with thousands of random histories. */
#ifndef GK_REPORT_BUILD_H
#define GK_REPORT_BUILD_H

#include <stddef.h>
#include "domain/date.h"
#include "report/model.h"
#include "service/service.h"
#include "store/applications.h"

struct calendar;

/* One application as the report of a year sees it. */
struct rb_app {
	const char *kind;          /* applicant kind: person ... other_org */
	gk_date received;
	int open_at_prev_end;      /* open on 31 Dec of the year before (received before the year) */
	int open_at_end;           /* open on 31 Dec of the year */
	const char *outcome;       /* ended in the year: outcome key, NULL = withdrawn */
	int64_t fee_yuan;          /* 信息处理费 paid within the year (yuan), 0 if none */
};

/* One appeal filed in the year. */
struct rb_appeal {
	const char *kind;          /* reconsideration | litigation_direct | litigation_after */
	const char *result;        /* as of 31 Dec: upheld | corrected | other | pending */
};

/* Pick the format of a report year: "2021" from 2021 on, "2019" for 2019
 * and 2020; NULL before 2019 (the older tables have no outcome rows). */
const char *report_build_default_format(int year);

/* The 信息处理费 an application's applicant paid within year: the
 * amount_yuan of its fee notice when a fee_paid event is dated in year,
 * else 0. */
int64_t report_build_fee_paid(const struct app_event_rows *events, int year);

/* Build the model for spec ("2021" or "2019") from facts. figures may be
 * NULL. agency may be NULL. Returns the report (report_free), or NULL with
 * a reason in err (unknown outcome, applicant kind or figure key). */
struct report *report_build_from_facts(const struct report_spec *spec, int year,
				       const char *agency, const struct rb_app *apps, size_t napps,
				       const struct rb_appeal *appeals, size_t nappeals,
				       const struct figure_rows *figures, char *err, size_t errsize);

/* Classify one stored application for `year` (received on or before
 * 31 Dec): fills out (kind and outcome borrowed from rec / the taxonomy).
 * Returns 1 if it belongs in the year's report, 0 if not (received later,
 * or ended before the year), -1 if its history no longer derives (err). */
int report_build_classify(const struct calendar *cal, const struct app_record *rec,
			  const struct app_event_rows *events, int year, gk_date today,
			  struct rb_app *out, char *err, size_t errsize);

/* Build the report of agency_id for year from the database (the actor
 * needs to see the agency). format NULL = report_build_default_format.
 * 0 with *out, or -1 with err. */
int report_build(struct db *db, const struct calendar *cal, const struct actor *who,
		 int64_t agency_id, int year, const char *format, struct report **out,
		 struct svc_error *err);

#endif
