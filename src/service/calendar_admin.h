/* calendar_admin.h - the active working-day calendar: loading a new one,
 * and following it in running processes.
 *
 * The active calendar lives in the database (store/calendar_store.h): the
 * stored row with the highest version, else the calendar built into the
 * program (data/cn-holidays.tsv). Loading a calendar is ONE service call
 * (calendar_admin_load): validate, store a new version, re-derive and
 * re-cache the deadline columns (due_on, waiting, state) of every open
 * application, append to the audit log, commit - all in one transaction.
 *
 * A process that serves requests follows the stored calendar
 * (calendar_admin_follow): calendar_admin_current() - which is what
 * app_calendar() returns - checks the stored version at most once a
 * second on a private connection and swaps in the new calendar when it
 * changed. Calendars handed out are never freed while the process runs
 * (callers borrow them without releasing; a reload retires the old one),
 * so no thread ever sees a freed calendar. A process that follows no
 * database uses $GONGKAI_HOME/calendar.tsv when installed, else the
 * built-in calendar, loaded once. */
#ifndef GK_SERVICE_CALENDAR_ADMIN_H
#define GK_SERVICE_CALENDAR_ADMIN_H

#include <stddef.h>
#include <stdint.h>
#include "domain/calendar.h"
#include "service/service.h"
#include "store/calendar_store.h"

struct db;

#define CALENDAR_BUILTIN_NAME "cn-holidays.tsv"
#define CALENDAR_MOVES_MAX 200      /* moved deadlines listed in a load result */
#define CALENDAR_POLL_MS 1000       /* how often a following process checks */

/* Make this process follow the calendar stored in the database at url
 * (`gongkai serve` calls it once at start; url is copied). Until then, or
 * with url NULL, the process uses the file or built-in calendar. */
void calendar_admin_follow(const char *url);

/* The calendar this process uses now (see above); never NULL unless even
 * the built-in calendar cannot be parsed (then err says why). The pointer
 * stays valid for the life of the process. Thread-safe. *version (may be
 * NULL) gets the stored version (0 = built-in, -1 = $GONGKAI_HOME file or
 * not following a database). */
const struct calendar *calendar_admin_current(int64_t *version, char *err, size_t errsize);

/* Make the next calendar_admin_current() check the stored version at once
 * (after this process loaded a calendar itself). */
void calendar_admin_poll_now(void);

/* Parse the built-in calendar into cal (caller frees). 0 or -1 with err. */
int calendar_admin_builtin(struct calendar *cal, char *err, size_t errsize);

/* The active calendar stored in db parsed into cal (caller frees with
 * calendar_free); the built-in one when none is stored. row (may be NULL)
 * gets the stored row's details (version 0 for the built-in). 0, or -1
 * with a message in err (database error, unparseable stored text). */
int calendar_admin_from_db(struct db *db, struct calendar *cal, struct calendar_row *row,
			   char *err, size_t errsize);

/* One deadline that a load moved. */
struct calendar_move {
	int64_t app_id;
	int64_t agency_id;
	char tracking_code[16];
	char old_due[11], new_due[11];  /* "" = none (waiting) */
	char old_state[32], new_state[32];
};

struct calendar_load_result {
	int unchanged;                  /* same text as the active calendar: nothing written */
	int dry_run;                    /* computed, then rolled back */
	int64_t version, previous;      /* new and previous active version (0 = built-in) */
	int first_year, last_year;
	size_t entries;
	int noff, nwork;
	int64_t open_checked;           /* open applications re-derived */
	int64_t due_moved;              /* ... whose due date changed */
	int64_t recached;               /* ... whose cached columns changed at all */
	int64_t closed;                 /* ... now closed by lapse (补正/缴费 time over) */
	int64_t underivable;            /* ... whose history no longer derives (left as is) */
	struct calendar_move *moves;    /* the first CALENDAR_MOVES_MAX changes */
	size_t nmoves;
};

void calendar_load_result_free(struct calendar_load_result *r);

/* Load tsv (len bytes; `source` names it in messages, e.g. the file name)
 * as the active calendar. Who: the system actor (CLI), or an admin of a
 * root agency (else 403). A text calendar_parse refuses is 400 with
 * "SOURCE:LINE: reason" and changes nothing. In one transaction: store
 * the new version, re-derive every open application as of `today`
 * (DATE_NONE: the service clock) and rewrite its cached due_on, waiting
 * and state where they changed, audit "calendar.load". Loading the text
 * of the active calendar again changes nothing (out->unchanged).
 * dry_run: do everything, report in out, then roll back (no audit). */
int calendar_admin_load(struct db *db, const struct actor *who, const char *tsv, size_t len,
			const char *source, gk_date today, int dry_run,
			struct calendar_load_result *out, struct svc_error *err);

/* What GET /api/calendar shows. */
struct calendar_info {
	struct calendar_row row;        /* active stored row (version 0: built-in; no tsv) */
	int noff, nwork;
	int64_t in_force;               /* the version this process uses now (see
					   calendar_admin_current; -1 file, -3 unsure) */
	int may_load;                   /* the actor may load a new calendar */
};

/* The active calendar's details for a logged-in actor (401 otherwise).
 * 0 or -1 with err. */
int calendar_admin_info(struct db *db, const struct actor *who, struct calendar_info *out,
			struct svc_error *err);

/* The actor may load calendars: system, or admin of a root agency.
 * 0, or -1 with 403 in err. */
int calendar_admin_may_load(struct db *db, const struct actor *who, struct svc_error *err);

#endif
