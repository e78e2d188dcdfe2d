/* deadline.h - the statutory reply deadline of a disclosure application.
 *
 * A pure function from an application's event history and the working-day
 * calendar to its due date, state and the derivation steps (each with a
 * short Chinese and English explanation). Deadlines are never typed in:
 * when the calendar or the history changes, derive again.
 *
 * Rules (docs/deadlines.md has the full reading, regulation.md §1-§2):
 *  - regime 2019 (receipt >= 2019-05-15, 条例 Arts. 30-33): 20 working days
 *    from receipt, extension <= 20 once; 补正 within 7 working days, once,
 *    restarts the 20 days from the day the 补正 is received; third-party and
 *    other-agency consultation time is not counted (each at most 15 working
 *    days); waiting for a fee (信息处理费) is not counted, unpaid after 20
 *    working days closes the application.
 *  - regime 2008 (2008-05-01 <= receipt < 2019-05-15, 2008 Art. 24): 15 +
 *    at most 15; no 7-day 补正 limit; third-party time not counted, no cap;
 *    no fee notices.
 * Day counting: "N working days after D" - day 1 is the first working day
 * after D (期间开始之日不计算在内). A pause from S to A skips the working
 * days d with S < d <= A. */
#ifndef GK_DEADLINE_H
#define GK_DEADLINE_H

#include <stddef.h>
#include "domain/calendar.h"
#include "domain/date.h"

#define DEADLINE_MAX_EVENTS 200
#define DEADLINE_TEXT_MAX 320

/* How the application arrived (条例 Art. 31 decides the receipt date). */
enum app_channel {
	CHANNEL_IN_PERSON,   /* 当面提交: receipt = submitted */
	CHANNEL_POST_SIGNED, /* 邮寄需签收: receipt = signed */
	CHANNEL_LETTER,      /* 平常信函: receipt = confirmed */
	CHANNEL_ONLINE,      /* 互联网: receipt = confirmed (双方确认之日) */
	CHANNEL_FAX,         /* 传真: receipt = confirmed */
	CHANNEL_OTHER,
	CHANNEL_COUNT
};

enum app_event_kind {
	EV_CLARIFICATION_REQUESTED, /* 补正告知; deadline = 补正期限 (optional) */
	EV_CLARIFICATION_RECEIVED,  /* 收到补正材料 */
	EV_THIRD_PARTY_SENT,        /* 征求第三方意见书发出 */
	EV_THIRD_PARTY_ANSWERED,    /* 收到第三方意见 */
	EV_OTHER_AGENCY_CONSULTED,  /* 征求其他机关意见 (Art. 34) */
	EV_OTHER_AGENCY_ANSWERED,
	EV_EXTENSION_APPROVED,      /* 延期; days, approver */
	EV_FEE_NOTICE_ISSUED,       /* 收费通知 */
	EV_FEE_PAID,                /* 缴费 */
	EV_ANSWERED,                /* 答复; outcome */
	EV_WITHDRAWN,               /* 撤回申请 */
	EV_KIND_COUNT
};

struct app_event {
	enum app_event_kind kind;
	gk_date date;
	gk_date deadline;        /* 补正期限 for EV_CLARIFICATION_REQUESTED, or DATE_NONE */
	int days;                /* extension days; 0 = the maximum */
	const char *approver;    /* extension approver (required), borrowed */
	const char *outcome;     /* EV_ANSWERED: an outcome key, borrowed */
};

struct app_history {
	gk_date received;        /* 收到申请之日 (required) */
	enum app_channel channel;
	gk_date submitted;       /* optional consistency checks, DATE_NONE if absent */
	gk_date signed_on;
	gk_date confirmed;
	gk_date today;           /* DATE_NONE: report no overdue/remaining */
	const struct app_event *events;
	size_t nevents;
};

enum app_regime { REGIME_2008, REGIME_2019 };

enum app_state {
	STATE_OPEN,
	STATE_ANSWERED,
	STATE_CLOSED_NO_CORRECTION, /* 逾期不补正 -> other_no_correction */
	STATE_CLOSED_UNPAID,        /* 逾期未缴费 -> other_no_payment */
	STATE_WITHDRAWN
};

/* What an open application waits for (the clock is stopped meanwhile). */
enum app_waiting {
	WAIT_NONE,
	WAIT_CLARIFICATION,
	WAIT_THIRD_PARTY,
	WAIT_OTHER_AGENCY,
	WAIT_FEE
};

struct deadline_step {
	gk_date date;
	char kind[32];
	char zh[DEADLINE_TEXT_MAX];
	char en[DEADLINE_TEXT_MAX];
};

struct deadline_result {
	enum app_regime regime;
	enum app_state state;
	gk_date received;
	gk_date due;             /* reply due date, DATE_NONE while unknown
				    (waiting for 补正 or payment, or closed so) */
	gk_date ended;           /* date of answer/withdrawal/closure, or DATE_NONE */
	const char *outcome;     /* outcome key when ended, else NULL */
	enum app_waiting waiting;
	gk_date waiting_until;   /* 补正/缴费/consultation limit, or DATE_NONE */
	int overdue;             /* answered late, or open and today > due */
	int late_workdays;       /* working days after due (answer or today) */
	int remaining_workdays;  /* open, today <= due: working days left; else -1 */
	int uncovered;           /* some date used lies outside the calendar */
	struct deadline_step *steps;
	size_t nsteps;
	char error[DEADLINE_TEXT_MAX * 2]; /* why the history was refused */
};

/* Derive the deadline of history under cal into res (which the caller
 * frees with deadline_result_free). Returns 0, or -1 if the history is
 * invalid (res->error holds the reason in Chinese and English; steps so far
 * are kept). */
int deadline_derive(const struct calendar *cal, const struct app_history *h,
		    struct deadline_result *res);
/* Free the steps of res. */
void deadline_result_free(struct deadline_result *res);

/* Names used in JSON: "online" -> CHANNEL_ONLINE etc.; -1 if unknown. */
int app_channel_from_name(const char *name);
int app_event_kind_from_name(const char *name);
const char *app_event_kind_name(enum app_event_kind k);
const char *app_state_name(enum app_state s);
const char *app_waiting_name(enum app_waiting w);
/* True if key is one of the 2021 table-three outcome rows (disclosed,
 * partial, withheld_state_secret ... other_other). */
int app_outcome_valid(const char *key);
/* The outcome keys, NULL-terminated, in table order. */
extern const char *const app_outcome_keys[];

#endif
