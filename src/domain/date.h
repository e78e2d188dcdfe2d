/* date.h - civil (proleptic Gregorian) dates as compact day numbers.
 *
 * A gk_date is the number of days since 1970-01-01, so date arithmetic is
 * integer arithmetic and a calendar can index a bitmap by day. Parsing is
 * strict ISO 8601 "YYYY-MM-DD" within years DATE_MIN_YEAR..DATE_MAX_YEAR. */
#ifndef GK_DATE_H
#define GK_DATE_H

#include <stddef.h>
#include <stdint.h>

typedef int32_t gk_date;

#define DATE_NONE INT32_MIN   /* "no date" marker */
#define DATE_MIN_YEAR 1900
#define DATE_MAX_YEAR 2199
#define DATE_STR_SIZE 11      /* "YYYY-MM-DD" plus NUL */

/* Days in month m (1-12) of year y. */
int date_month_days(int y, int m);
/* Build a date from year, month, day; 0 on success, -1 if the triple is not
 * a real date or the year is outside DATE_MIN_YEAR..DATE_MAX_YEAR. */
int date_from_ymd(int y, int m, int d, gk_date *out);
/* Split a date into year, month (1-12) and day (1-31). */
void date_to_ymd(gk_date date, int *y, int *m, int *d);
/* Parse exactly "YYYY-MM-DD" (no spaces, no other forms); 0 or -1. */
int date_parse(const char *s, gk_date *out);
/* Same, for n bytes of s that need not be NUL-terminated. */
int date_parsen(const char *s, size_t n, gk_date *out);
/* Format as "YYYY-MM-DD" into out (at least DATE_STR_SIZE bytes); returns
 * out. DATE_NONE formats as "-". */
char *date_format(gk_date date, char *out);
/* ISO weekday: 1 = Monday ... 7 = Sunday. */
int date_weekday(gk_date date);
/* Year of a date. */
int date_year(gk_date date);

#endif
