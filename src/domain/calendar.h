/* calendar.h - the working-day calendar (工作日历).
 *
 * Parsed from the holiday TSV (data/cn-holidays.tsv: "date<TAB>kind<TAB>name",
 * kind "off" = 放假日, "work" = 调休上班日). A date is a working day iff its
 * kind is work, or it is Monday-Friday and not listed as off. Internally one
 * bit per day over the listed range, so every query is O(1).
 *
 * Coverage: the calendar covers 1 January of its first notice year through
 * 31 December of its last notice year (a late-December 元旦 entry belongs to
 * the next year's notice). Outside that range the plain weekend rule is used
 * and calendar_covers() says so, so callers can warn. Pure: no I/O. */
#ifndef GK_CALENDAR_H
#define GK_CALENDAR_H

#include <stddef.h>
#include "domain/date.h"

#define CALENDAR_MAX_BYTES (1u << 20)     /* refuse larger TSV files */
#define CALENDAR_MAX_ENTRIES 20000
#define CALENDAR_NAME_MAX 96              /* bytes of a festival name */

enum calendar_kind { CAL_OFF = 0, CAL_WORK = 1 };

struct calendar_entry {
	gk_date date;
	enum calendar_kind kind;
	char name[CALENDAR_NAME_MAX];
};

struct calendar {
	gk_date first;              /* first day of the bitmap (first entry or Jan 1) */
	int ndays;                  /* days in the bitmap */
	unsigned char *workbits;    /* bit i: first+i is a working day */
	int first_year, last_year;  /* covered notice years */
	struct calendar_entry *entries; /* sorted by date */
	size_t nentries;
	int noff, nwork;
};

/* Parse TSV text (len bytes) into cal. `source` names the text in error
 * messages ("FILE:LINE: bad date '2024-02-30'"). Returns 0, or -1 with a
 * one-line message in err and cal left empty. Checks: header, three
 * tab-separated fields, strict dates, kind off|work, non-empty UTF-8 name,
 * strictly ascending dates, work days only on weekends, size limits. */
int calendar_parse(struct calendar *cal, const char *text, size_t len,
		   const char *source, char *err, size_t errsize);
/* Release everything owned by cal (safe on a zeroed or freed calendar). */
void calendar_free(struct calendar *cal);
/* True if date is a working day (weekend rule outside the listed range). */
int calendar_is_workday(const struct calendar *cal, gk_date date);
/* True if date lies within the calendar's covered years. */
int calendar_covers(const struct calendar *cal, gk_date date);
/* The date n (>= 0) working days after date: day 1 is the first working
 * day after date; n = 0 returns date itself. */
gk_date calendar_add_workdays(const struct calendar *cal, gk_date date, int n);
/* Number of working days d with from < d <= to (0 when to <= from). */
int calendar_count_workdays(const struct calendar *cal, gk_date from, gk_date to);
/* The entry listed for date, or NULL. */
const struct calendar_entry *calendar_entry_at(const struct calendar *cal, gk_date date);

#endif
