/* test_deadline.c - unit tests for domain/deadline.c on a small synthetic
 * calendar (so every count below can be checked with a pencil). */
#include "t.h"

#include <string.h>

#include "domain/calendar.h"
#include "domain/deadline.h"

/* 2030: Jan 1 (Tue) off; Sat Jan 5 working; Jan 14-18 (Mon-Fri) off. */
static const char tsv[] = "date\tkind\tname\n"
	"2030-01-01\toff\t元旦\n"
	"2030-01-05\twork\t调休\n"
	"2030-01-14\toff\t测试\n2030-01-15\toff\t测试\n2030-01-16\toff\t测试\n"
	"2030-01-17\toff\t测试\n2030-01-18\toff\t测试\n";

static struct calendar cal;

static gk_date D(const char *s)
{
	gk_date d = DATE_NONE;
	date_parse(s, &d);
	return d;
}

static const char *F(gk_date d)
{
	static char s[4][DATE_STR_SIZE];
	static int k;
	k = (k + 1) % 4;
	return date_format(d, s[k]);
}

static int run(const char *received, struct app_event *ev, size_t n, gk_date today,
	       struct deadline_result *r)
{
	struct app_history h;
	memset(&h, 0, sizeof h);
	h.received = D(received);
	h.channel = CHANNEL_IN_PERSON;
	h.submitted = h.signed_on = h.confirmed = DATE_NONE;
	h.today = today;
	h.events = ev;
	h.nevents = n;
	return deadline_derive(&cal, &h, r);
}

static struct app_event E(enum app_event_kind k, const char *date)
{
	struct app_event e;
	memset(&e, 0, sizeof e);
	e.kind = k;
	e.date = D(date);
	e.deadline = DATE_NONE;
	return e;
}

int main(void)
{
	struct deadline_result r;
	struct app_event ev[4];
	char err[200];

	T_EQ_INT(calendar_parse(&cal, tsv, strlen(tsv), "t", err, sizeof err), 0, "synthetic calendar");
	/* Received Mon 2029-12-31. Working days after: Jan 2,3,4 (3), Sat 5 (4),
	 * 7-11 (9), 14-18 off, 21-25 (14), 28-31 (18), Feb 1 (19), Feb 4 (20). */
	T_EQ_INT(run("2029-12-31", NULL, 0, DATE_NONE, &r), 0, "plain history derives");
	T_EQ_STR(F(r.due), "2030-02-04", "20 working days over 元旦, a make-up Saturday and an off week");
	T_EQ_INT(r.state, STATE_OPEN, "open");
	T_EQ_INT(r.regime, REGIME_2019, "2019 regime");
	T_EQ_INT(r.uncovered, 1, "2029 is outside the synthetic calendar: flagged");
	deadline_result_free(&r);

	/* Third party sent Fri Jan 4 (day 3 counts), answered Mon Jan 7:
	 * Sat 5 and Mon 7 are not counted -> due moves 2 working days: Feb 6. */
	ev[0] = E(EV_THIRD_PARTY_SENT, "2030-01-04");
	ev[1] = E(EV_THIRD_PARTY_ANSWERED, "2030-01-07");
	T_EQ_INT(run("2029-12-31", ev, 2, DATE_NONE, &r), 0, "third party");
	T_EQ_STR(F(r.due), "2030-02-06", "pause (Jan 4, Jan 7] skips Sat 5 and Mon 7");
	deadline_result_free(&r);

	/* Same-day answer pauses nothing. */
	ev[1] = E(EV_THIRD_PARTY_ANSWERED, "2030-01-04");
	T_EQ_INT(run("2029-12-31", ev, 2, DATE_NONE, &r), 0, "same-day answer");
	T_EQ_STR(F(r.due), "2030-02-04", "a same-day answer pauses nothing");
	deadline_result_free(&r);

	/* 补正 7-day limit: 7th working day after Dec 31 is Jan 9. */
	ev[0] = E(EV_CLARIFICATION_REQUESTED, "2030-01-09");
	T_EQ_INT(run("2029-12-31", ev, 1, DATE_NONE, &r), 0, "补正 on the 7th working day");
	T_EQ_INT(r.waiting, WAIT_CLARIFICATION, "waiting for the 补正");
	T_OK(r.due == DATE_NONE, "no due date while waiting");
	/* default 补正 deadline: 15 working days after Jan 9 = Jan 10, 11 (2),
	 * 21-25 (7), 28-31 (11), Feb 1 (12), Feb 4, 5, 6 (15) */
	T_EQ_STR(F(r.waiting_until), "2030-02-06", "default 补正 deadline is 15 working days");
	deadline_result_free(&r);
	ev[0] = E(EV_CLARIFICATION_REQUESTED, "2030-01-10");
	T_EQ_INT(run("2029-12-31", ev, 1, DATE_NONE, &r), -1, "补正 on the 8th working day refused");
	T_OK(strstr(r.error, "2030-01-09") != NULL, "the error names the last allowed day");
	deadline_result_free(&r);

	/* Extension twice. */
	ev[0] = E(EV_EXTENSION_APPROVED, "2030-01-02");
	ev[0].approver = "主任";
	ev[0].days = 5;
	ev[1] = ev[0];
	T_EQ_INT(run("2029-12-31", ev, 1, DATE_NONE, &r), 0, "extension of 5");
	T_EQ_STR(F(r.due), "2030-02-11", "20 + 5: Feb 5, 6, 7, 8, 11");
	deadline_result_free(&r);
	T_EQ_INT(run("2029-12-31", ev, 2, DATE_NONE, &r), -1, "second extension refused");
	deadline_result_free(&r);

	/* Withdrawn then answered. */
	ev[0] = E(EV_WITHDRAWN, "2030-01-02");
	ev[1] = E(EV_ANSWERED, "2030-01-03");
	ev[1].outcome = "disclosed";
	T_EQ_INT(run("2029-12-31", ev, 2, DATE_NONE, &r), -1, "answer after withdrawal refused");
	deadline_result_free(&r);

	/* Overdue with today. */
	T_EQ_INT(run("2029-12-31", NULL, 0, D("2030-02-06"), &r), 0, "today after due");
	T_EQ_INT(r.overdue, 1, "overdue");
	T_EQ_INT(r.late_workdays, 2, "Feb 5 and 6");
	deadline_result_free(&r);
	T_EQ_INT(run("2029-12-31", NULL, 0, D("2030-01-25"), &r), 0, "today before due");
	T_EQ_INT(r.remaining_workdays, 6, "Jan 28-31, Feb 1, Feb 4");
	deadline_result_free(&r);

	T_OK(app_outcome_valid("withheld_state_secret") && !app_outcome_valid("yes"), "outcome keys");
	T_EQ_INT(app_event_kind_from_name("fee_paid"), EV_FEE_PAID, "event names");
	T_EQ_INT(app_channel_from_name("post"), -1, "ambiguous channel name refused");
	calendar_free(&cal);
	return T_DONE();
}
