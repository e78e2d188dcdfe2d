/* calendar.c - working-day calendar: TSV parsing and bitmap queries. */
#include "domain/calendar.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/utf8.h"
#include "base/xalloc.h"

static void fail(char *err, size_t errsize, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(char *err, size_t errsize, const char *fmt, ...)
{
	va_list ap;
	if (!err || !errsize)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
}

void calendar_free(struct calendar *cal)
{
	free(cal->workbits);
	free(cal->entries);
	memset(cal, 0, sizeof *cal);
}

static int weekend(gk_date d)
{
	return date_weekday(d) >= 6;
}

/* The notice year an entry belongs to: a late-December 元旦 day belongs to
 * the following year's notice (e.g. 2007-12-30 in the 2008 notice). */
static int notice_year(const struct calendar_entry *e)
{
	int y, m, d;
	date_to_ymd(e->date, &y, &m, &d);
	if (m == 12 && strstr(e->name, "元旦"))
		return y + 1;
	return y;
}

/* Show at most 40 bytes of a bad field, for the error message. */
static int shown(size_t n)
{
	return n > 40 ? 40 : (int)n;
}

int calendar_parse(struct calendar *cal, const char *text, size_t len,
		   const char *source, char *err, size_t errsize)
{
	static const char header[] = "date\tkind\tname";
	const char *p = text, *end = text + len;
	size_t cap = 0;
	int line = 0;
	gk_date last_year_end, first_day;
	size_t i;

	memset(cal, 0, sizeof *cal);
	if (!source)
		source = "calendar";
	if (len > CALENDAR_MAX_BYTES) {
		fail(err, errsize, "%s: file too large (%zu bytes, limit %u)",
		     source, len, CALENDAR_MAX_BYTES);
		return -1;
	}
	if (!utf8_valid(text, len)) {
		fail(err, errsize, "%s: not valid UTF-8", source);
		return -1;
	}
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *le = eol ? eol : end;
		const char *f[3], *t1, *t2;
		size_t flen[3];
		struct calendar_entry *e;
		gk_date date;

		line++;
		if (le > p && le[-1] == '\r')
			le--;
		if (line == 1) {
			if ((size_t)(le - p) != sizeof header - 1 ||
			    memcmp(p, header, sizeof header - 1)) {
				fail(err, errsize, "%s:1: bad header (want 'date<TAB>kind<TAB>name')", source);
				goto bad;
			}
			goto next;
		}
		if (le == p) {
			/* A blank line is allowed only at the very end. */
			if (!eol || eol + 1 >= end)
				goto next;
			fail(err, errsize, "%s:%d: blank line", source, line);
			goto bad;
		}
		t1 = memchr(p, '\t', (size_t)(le - p));
		t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(le - t1 - 1)) : NULL;
		if (!t1 || !t2 || memchr(t2 + 1, '\t', (size_t)(le - t2 - 1))) {
			fail(err, errsize, "%s:%d: want 3 tab-separated fields", source, line);
			goto bad;
		}
		f[0] = p; flen[0] = (size_t)(t1 - p);
		f[1] = t1 + 1; flen[1] = (size_t)(t2 - t1 - 1);
		f[2] = t2 + 1; flen[2] = (size_t)(le - t2 - 1);
		if (date_parsen(f[0], flen[0], &date)) {
			fail(err, errsize, "%s:%d: bad date '%.*s'", source, line,
			     shown(flen[0]), f[0]);
			goto bad;
		}
		if (cal->nentries >= CALENDAR_MAX_ENTRIES) {
			fail(err, errsize, "%s:%d: too many lines (limit %d)", source, line,
			     CALENDAR_MAX_ENTRIES);
			goto bad;
		}
		if (cal->nentries && date <= cal->entries[cal->nentries - 1].date) {
			fail(err, errsize, "%s:%d: date '%.*s' %s", source, line, shown(flen[0]), f[0],
			     date == cal->entries[cal->nentries - 1].date ?
			     "listed twice" : "out of order (dates must ascend)");
			goto bad;
		}
		if (cal->nentries == cap) {
			cap = cap ? cap * 2 : 1024;
			cal->entries = xreallocarray(cal->entries, cap, sizeof *cal->entries);
		}
		e = &cal->entries[cal->nentries];
		e->date = date;
		if (flen[1] == 3 && !memcmp(f[1], "off", 3)) {
			e->kind = CAL_OFF;
		} else if (flen[1] == 4 && !memcmp(f[1], "work", 4)) {
			e->kind = CAL_WORK;
			if (!weekend(date)) {
				fail(err, errsize, "%s:%d: '%.*s' is a weekday; kind 'work' is for make-up Saturdays/Sundays",
				     source, line, shown(flen[0]), f[0]);
				goto bad;
			}
		} else {
			fail(err, errsize, "%s:%d: bad kind '%.*s' (want off or work)", source, line,
			     shown(flen[1]), f[1]);
			goto bad;
		}
		if (flen[2] == 0 || flen[2] >= CALENDAR_NAME_MAX) {
			fail(err, errsize, "%s:%d: bad name (want 1..%d bytes)", source, line,
			     CALENDAR_NAME_MAX - 1);
			goto bad;
		}
		memcpy(e->name, f[2], flen[2]);
		e->name[flen[2]] = '\0';
		cal->nentries++;
		if (e->kind == CAL_OFF)
			cal->noff++;
		else
			cal->nwork++;
next:
		if (!eol)
			break;
		p = eol + 1;
	}
	if (line == 0) {
		fail(err, errsize, "%s:1: empty file (want a header line)", source);
		goto bad;
	}
	if (cal->nentries == 0) {
		fail(err, errsize, "%s:%d: no dates listed", source, line);
		goto bad;
	}

	/* Covered years and the bitmap range. */
	cal->first_year = notice_year(&cal->entries[0]);
	cal->last_year = cal->first_year;
	for (i = 0; i < cal->nentries; i++) {
		int y = notice_year(&cal->entries[i]);
		if (y > cal->last_year)
			cal->last_year = y;
	}
	if (cal->last_year > DATE_MAX_YEAR) {
		fail(err, errsize, "%s: last year %d out of range", source, cal->last_year);
		goto bad;
	}
	date_from_ymd(cal->first_year, 1, 1, &first_day);
	if (cal->entries[0].date < first_day)
		first_day = cal->entries[0].date;
	date_from_ymd(cal->last_year, 12, 31, &last_year_end);
	cal->first = first_day;
	cal->ndays = (int)(last_year_end - first_day + 1);
	cal->workbits = xcalloc((size_t)cal->ndays / 8 + 1, 1);
	for (i = 0; i < (size_t)cal->ndays; i++)
		if (!weekend(first_day + (gk_date)i))
			cal->workbits[i / 8] |= (unsigned char)(1u << (i % 8));
	for (i = 0; i < cal->nentries; i++) {
		size_t k = (size_t)(cal->entries[i].date - first_day);
		if (cal->entries[i].kind == CAL_WORK)
			cal->workbits[k / 8] |= (unsigned char)(1u << (k % 8));
		else
			cal->workbits[k / 8] &= (unsigned char)~(1u << (k % 8));
	}
	return 0;
bad:
	calendar_free(cal);
	return -1;
}

int calendar_is_workday(const struct calendar *cal, gk_date date)
{
	if (cal && cal->workbits && date >= cal->first && date - cal->first < cal->ndays) {
		size_t k = (size_t)(date - cal->first);
		return (cal->workbits[k / 8] >> (k % 8)) & 1;
	}
	return !weekend(date);
}

int calendar_covers(const struct calendar *cal, gk_date date)
{
	gk_date lo, hi;
	if (!cal || !cal->workbits)
		return 0;
	date_from_ymd(cal->first_year, 1, 1, &lo);
	date_from_ymd(cal->last_year, 12, 31, &hi);
	return date >= lo && date <= hi;
}

gk_date calendar_add_workdays(const struct calendar *cal, gk_date date, int n)
{
	while (n > 0) {
		date++;
		if (calendar_is_workday(cal, date))
			n--;
	}
	return date;
}

int calendar_count_workdays(const struct calendar *cal, gk_date from, gk_date to)
{
	int n = 0;
	while (from < to) {
		from++;
		n += calendar_is_workday(cal, from);
	}
	return n;
}

const struct calendar_entry *calendar_entry_at(const struct calendar *cal, gk_date date)
{
	size_t lo = 0, hi = cal ? cal->nentries : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cal->entries[mid].date == date)
			return &cal->entries[mid];
		if (cal->entries[mid].date < date)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
