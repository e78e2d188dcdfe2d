/* date.c - civil dates as day numbers (Howard Hinnant's algorithms). */
#include "domain/date.h"

#include <stddef.h>
#include <stdio.h>

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_month_days(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int date_from_ymd(int y, int m, int d, gk_date *out)
{
	int era, yoe, doy, doe;
	if (y < DATE_MIN_YEAR || y > DATE_MAX_YEAR || m < 1 || m > 12 ||
	    d < 1 || d > date_month_days(y, m))
		return -1;
	y -= m <= 2;
	era = y / 400;   /* y is positive in our range */
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	*out = (gk_date)(era * 146097 + doe - 719468);
	return 0;
}

void date_to_ymd(gk_date date, int *y, int *m, int *d)
{
	int z = date + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	int dd = doy - (153 * mp + 2) / 5 + 1;
	int mm = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (mm <= 2);
	*m = mm;
	*d = dd;
}

static int digits(const char *s, size_t n, int *out)
{
	size_t i;
	int v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int date_parsen(const char *s, size_t n, gk_date *out)
{
	int y, m, d;
	if (!s || n != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	if (digits(s, 4, &y) || digits(s + 5, 2, &m) || digits(s + 8, 2, &d))
		return -1;
	return date_from_ymd(y, m, d, out);
}

int date_parse(const char *s, gk_date *out)
{
	size_t n = 0;
	if (!s)
		return -1;
	while (n < 11 && s[n])
		n++;
	return date_parsen(s, n, out);
}

char *date_format(gk_date date, char *out)
{
	int y, m, d;
	if (date == DATE_NONE) {
		out[0] = '-';
		out[1] = '\0';
		return out;
	}
	date_to_ymd(date, &y, &m, &d);
	snprintf(out, DATE_STR_SIZE, "%04u-%02u-%02u", (unsigned)y % 10000u,
		 (unsigned)m % 100u, (unsigned)d % 100u);
	return out;
}

int date_weekday(gk_date date)
{
	/* 1970-01-01 was a Thursday (4). */
	int w = (int)((date % 7 + 7) % 7);
	return (w + 3) % 7 + 1;
}

int date_year(gk_date date)
{
	int y, m, d;
	date_to_ymd(date, &y, &m, &d);
	return y;
}
