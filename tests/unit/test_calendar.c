/* test_calendar.c - unit tests for domain/date.c and domain/calendar.c,
 * and the installed-calendar path of `gongkai calendar load`. */
#include "t.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/embedded.h"
#include "cli/cli.h"
#include "domain/calendar.h"
#include "domain/date.h"

static gk_date D(const char *s)
{
	gk_date d = DATE_NONE;
	if (date_parse(s, &d))
		printf("# bad test date %s\n", s);
	return d;
}

static const char *F(gk_date d)
{
	static char s[4][DATE_STR_SIZE];
	static int k;
	k = (k + 1) % 4;
	return date_format(d, s[k]);
}

static void test_dates(void)
{
	gk_date d;
	int y, m, dd;
	T_OK(date_parse("1970-01-01", &d) == 0 && d == 0, "epoch is day 0");
	T_EQ_INT(date_weekday(0), 4, "1970-01-01 was a Thursday");
	T_EQ_INT(date_weekday(D("2024-09-29")), 7, "2024-09-29 is a Sunday");
	T_EQ_INT(date_weekday(D("2000-02-29")), 2, "2000-02-29 is a Tuesday");
	T_OK(date_parse("2024-02-29", &d) == 0, "leap day 2024 parses");
	T_OK(date_parse("2023-02-29", &d) != 0, "2023-02-29 refused");
	T_OK(date_parse("1900-02-29", &d) != 0, "1900-02-29 refused (not leap)");
	T_OK(date_parse("2024-13-01", &d) != 0, "month 13 refused");
	T_OK(date_parse("2024-1-01", &d) != 0, "short month refused");
	T_OK(date_parse("2024-01-01x", &d) != 0, "trailing junk refused");
	T_OK(date_parse("2024/01/01", &d) != 0, "slashes refused");
	T_OK(date_parse("", &d) != 0, "empty refused");
	T_OK(date_parse("1899-12-31", &d) != 0, "year below range refused");
	T_EQ_INT(D("2025-01-01") - D("2024-01-01"), 366, "2024 has 366 days");
	date_to_ymd(D("2199-12-31"), &y, &m, &dd);
	T_OK(y == 2199 && m == 12 && dd == 31, "round trip at the top of the range");
	for (d = D("1900-01-01"); d <= D("2199-12-31"); d += 97) {
		gk_date back;
		date_to_ymd(d, &y, &m, &dd);
		if (date_from_ymd(y, m, dd, &back) || back != d)
			break;
	}
	T_OK(d > D("2199-12-31"), "ymd round trip over the whole range");
	T_EQ_STR(F(D("2008-05-01")), "2008-05-01", "format");
}

static void test_builtin(void)
{
	struct calendar cal;
	char err[256];
	size_t len;
	const char *text = embedded_get("cn-holidays.tsv", &len);
	T_OK(text != NULL, "calendar embedded in the binary");
	if (!text)
		return;
	T_EQ_INT(calendar_parse(&cal, text, len, "cn-holidays.tsv", err, sizeof err), 0, "built-in parses");
	T_EQ_INT(cal.nentries, 647, "647 data lines");
	T_EQ_INT(cal.noff, 523, "523 off");
	T_EQ_INT(cal.nwork, 124, "124 work");
	T_EQ_INT(cal.first_year, 2008, "first year 2008 (2007-12-29..31 belong to the 2008 notice)");
	T_EQ_INT(cal.last_year, 2026, "last year 2026");
	/* 调休 and holidays */
	T_OK(calendar_is_workday(&cal, D("2024-09-29")), "2024-09-29 Sunday is a make-up working day");
	T_OK(!calendar_is_workday(&cal, D("2024-10-01")), "2024-10-01 国庆 off");
	T_OK(!calendar_is_workday(&cal, D("2024-10-07")), "2024-10-07 Monday off");
	T_OK(calendar_is_workday(&cal, D("2024-10-12")), "2024-10-12 Saturday make-up working day");
	T_OK(!calendar_is_workday(&cal, D("2024-10-13")), "2024-10-13 ordinary Sunday");
	T_OK(calendar_is_workday(&cal, D("2024-10-14")), "2024-10-14 ordinary Monday");
	T_OK(!calendar_is_workday(&cal, D("2020-01-31")), "2020-01-31 Friday off (extension)");
	T_OK(!calendar_is_workday(&cal, D("2020-02-01")), "2020-02-01 Saturday no longer a working day");
	T_OK(calendar_is_workday(&cal, D("2020-02-03")), "2020-02-03 back to work");
	T_OK(calendar_is_workday(&cal, D("2020-01-19")), "2020-01-19 Sunday make-up day");
	T_OK(calendar_is_workday(&cal, D("2007-12-29")), "2007-12-29 Saturday work (listed before coverage)");
	T_OK(!calendar_is_workday(&cal, D("2008-01-01")), "2008 元旦");
	T_OK(calendar_is_workday(&cal, D("2015-09-06")), "2015-09-06 Sunday work (70th anniversary)");
	T_OK(!calendar_is_workday(&cal, D("2015-09-03")), "2015-09-03 off");
	T_OK(calendar_is_workday(&cal, D("2024-02-09")), "2024 除夕 (Friday) not listed: a working day");
	/* coverage */
	T_OK(calendar_covers(&cal, D("2008-01-01")), "2008-01-01 covered");
	T_OK(!calendar_covers(&cal, D("2007-12-31")), "2007-12-31 not covered");
	T_OK(calendar_covers(&cal, D("2026-12-31")), "2026-12-31 covered");
	T_OK(!calendar_covers(&cal, D("2027-01-01")), "2027-01-01 not covered");
	T_OK(calendar_is_workday(&cal, D("2027-01-01")), "2027-01-01 Friday: weekend rule says working");
	T_OK(!calendar_is_workday(&cal, D("2030-01-05")), "2030-01-05 Saturday: weekend rule");
	T_OK(calendar_is_workday(&cal, D("2001-10-01")), "2001-10-01 Monday, before coverage: weekend rule says working");
	T_OK(!calendar_covers(&cal, D("2001-10-01")), "2001-10-01 not covered");
	/* add / count */
	T_EQ_STR(F(calendar_add_workdays(&cal, D("2024-09-27"), 20)), "2024-10-30", "2024-09-27 + 20 (国庆)");
	T_EQ_STR(F(calendar_add_workdays(&cal, D("2024-09-27"), 0)), "2024-09-27", "+0 is the day itself");
	T_EQ_STR(F(calendar_add_workdays(&cal, D("2024-09-27"), 1)), "2024-09-29", "+1 is the make-up Sunday");
	T_EQ_STR(F(calendar_add_workdays(&cal, D("2020-01-20"), 5)), "2020-02-04", "2020 extended 春节: 21,22,23 Jan, 3,4 Feb");
	T_EQ_STR(F(calendar_add_workdays(&cal, D("2023-12-29"), 1)), "2024-01-02", "over 2024 元旦");
	T_EQ_INT(calendar_count_workdays(&cal, D("2024-09-27"), D("2024-10-30")), 20, "count inverts add");
	T_EQ_INT(calendar_count_workdays(&cal, D("2024-10-30"), D("2024-09-27")), 0, "count of a backwards range");
	T_EQ_INT(calendar_count_workdays(&cal, D("2020-01-23"), D("2020-02-03")), 1, "only 2020-02-03 in the block");
	T_OK(calendar_entry_at(&cal, D("2020-02-01")) && calendar_entry_at(&cal, D("2020-02-01"))->kind == CAL_OFF,
	     "entry lookup");
	T_OK(calendar_entry_at(&cal, D("2020-02-03")) == NULL, "2020-02-03 not listed");
	calendar_free(&cal);
}

static int parse_fails(const char *text, const char *want)
{
	struct calendar cal;
	char err[256] = "";
	int rc = calendar_parse(&cal, text, strlen(text), "t.tsv", err, sizeof err);
	if (rc == 0) {
		calendar_free(&cal);
		printf("# parsed, wanted error %s\n", want);
		return 0;
	}
	if (!strstr(err, want)) {
		printf("# error \"%s\" lacks \"%s\"\n", err, want);
		return 0;
	}
	return 1;
}

static void test_parse_errors(void)
{
	struct calendar cal;
	char err[256];
	const char *good = "date\tkind\tname\n2030-01-01\toff\t元旦\n2030-02-02\twork\t春节\n";
	T_OK(parse_fails("", "t.tsv:1: empty"), "empty file");
	T_OK(parse_fails("day\tkind\tname\n", "t.tsv:1: bad header"), "bad header");
	T_OK(parse_fails("date\tkind\tname\n", "no dates"), "header only");
	T_OK(parse_fails("date\tkind\tname\n2030-02-30\toff\tx\n", "t.tsv:2: bad date '2030-02-30'"), "bad date");
	T_OK(parse_fails("date\tkind\tname\n2030-01-01\tholiday\tx\n", "t.tsv:2: bad kind 'holiday'"), "bad kind");
	T_OK(parse_fails("date\tkind\tname\n2030-01-01\toff\n", "t.tsv:2: want 3"), "two fields");
	T_OK(parse_fails("date\tkind\tname\n2030-01-01\toff\tx\tmore\n", "t.tsv:2: want 3"), "four fields");
	T_OK(parse_fails("date\tkind\tname\n2030-01-01\toff\t\n", "t.tsv:2: bad name"), "empty name");
	T_OK(parse_fails("date\tkind\tname\n2030-01-02\toff\tx\n2030-01-01\toff\tx\n", "t.tsv:3: date '2030-01-01' out of order"), "order");
	T_OK(parse_fails("date\tkind\tname\n2030-01-01\toff\tx\n2030-01-01\toff\tx\n", "listed twice"), "duplicate");
	T_OK(parse_fails("date\tkind\tname\n2030-01-02\twork\tx\n", "t.tsv:2: '2030-01-02' is a weekday"), "work on a weekday");
	T_OK(parse_fails("date\tkind\tname\n2030-01-01\toff\tx\n\n2030-01-03\toff\tx\n", "t.tsv:3: blank line"), "blank line");
	T_OK(parse_fails("date\tkind\tname\n2030-01-01\toff\t\xff\n", "not valid UTF-8"), "bad UTF-8");
	T_EQ_INT(calendar_parse(&cal, good, strlen(good), "t.tsv", err, sizeof err), 0, "small calendar parses");
	T_EQ_INT(cal.first_year, 2030, "first year 2030");
	T_OK(!calendar_is_workday(&cal, D("2030-01-01")), "listed off day");
	T_OK(calendar_is_workday(&cal, D("2030-02-02")), "listed work Saturday");
	T_OK(!calendar_covers(&cal, D("2029-12-31")), "not covered before");
	calendar_free(&cal);
	calendar_free(&cal); /* twice is safe */
	T_OK(1, "double free safe");
}

/* `gongkai calendar load` installs into $GONGKAI_HOME and the active
 * calendar then comes from there. */
static void test_install(void)
{
	char dir[] = "/tmp/gk-cal-XXXXXX", tsv[256], home[300], err[256];
	char *argv_load[] = {"load", tsv, NULL};
	char *argv_bad[] = {"load", tsv, NULL};
	struct calendar cal;
	FILE *f;
	if (!mkdtemp(dir)) {
		T_OK(0, "mkdtemp");
		return;
	}
	snprintf(tsv, sizeof tsv, "%s/new.tsv", dir);
	snprintf(home, sizeof home, "%s/home/sub", dir);
	setenv("GONGKAI_HOME", home, 1);
	T_EQ_INT(cli_calendar_active(&cal, err, sizeof err), 0, "active = built-in before any load");
	T_OK(calendar_is_workday(&cal, D("2024-10-14")), "built-in: 2024-10-14 working");
	calendar_free(&cal);

	f = fopen(tsv, "w");
	fputs("date\tkind\tname\n2024-10-14\toff\t测试\n2031-01-01\toff\t元旦\n", f);
	fclose(f);
	fflush(stdout);
	T_EQ_INT(cmd_calendar(2, argv_load), 0, "load a good file");
	T_EQ_INT(cli_calendar_active(&cal, err, sizeof err), 0, "active = installed");
	T_OK(!calendar_is_workday(&cal, D("2024-10-14")), "installed: 2024-10-14 off");
	T_EQ_INT(cal.last_year, 2031, "installed covers to 2031");
	calendar_free(&cal);

	f = fopen(tsv, "w");
	fputs("date\tkind\tname\n2024-10-14\toff\t测试\n2024-10-33\toff\tx\n", f);
	fclose(f);
	T_EQ_INT(cmd_calendar(2, argv_bad), 2, "a bad file is refused with exit 2");
	T_EQ_INT(cli_calendar_active(&cal, err, sizeof err), 0, "the previous install stays active");
	T_EQ_INT(cal.last_year, 2031, "still the good file");
	calendar_free(&cal);

	snprintf(tsv, sizeof tsv, "%s/home/sub/calendar.tsv", dir);
	f = fopen(tsv, "w");
	fputs("garbage\n", f);
	fclose(f);
	T_OK(cli_calendar_active(&cal, err, sizeof err) != 0 && strstr(err, "calendar.tsv:1: bad header"),
	     "a broken installed calendar is an error, not ignored");
	unlink(tsv);
	snprintf(tsv, sizeof tsv, "%s/new.tsv", dir);
	unlink(tsv);
	snprintf(tsv, sizeof tsv, "%s/home/sub", dir);
	rmdir(tsv);
	snprintf(tsv, sizeof tsv, "%s/home", dir);
	rmdir(tsv);
	rmdir(dir);
	unsetenv("GONGKAI_HOME");
}

int main(void)
{
	test_dates();
	test_builtin();
	test_parse_errors();
	test_install();
	return T_DONE();
}
