/* applications.h - disclosure applications (依申请公开): use cases.
 *
 * Every change is one function here: it begins a transaction, checks the
 * actor's role in the application's agency (service/access.h), validates
 * the input, re-derives the deadline from the FULL event history with
 * domain/deadline.h (the same deadline_derive as `gongkai application
 * deadline`), refuses invalid transitions with SVC_CONFLICT and the
 * derivation's reason, saves (optimistic locking on applications.version:
 * a stale expected version gives 409 "已被他人修改"), appends to the audit
 * log and commits. Reads re-derive too, so an open deadline follows a
 * calendar change; applications.due_on is only a cache for listing.
 *
 * Roles: registering paper/letter/fax applications needs clerk or handler;
 * events and answers need handler; an extension needs approver; appeals
 * need handler; report figures need clerk or handler; reading needs any
 * role (or supervisor above). Objects of other agencies are 404.
 * Identity numbers are sealed with base/secret.h and only their mask is
 * ever returned. */
#ifndef GK_SERVICE_APPLICATIONS_H
#define GK_SERVICE_APPLICATIONS_H

#include <stddef.h>
#include <stdint.h>
#include "base/secret.h"
#include "domain/calendar.h"
#include "domain/deadline.h"
#include "service/service.h"
#include "store/applications.h"

struct db;

#define APP_CODE_SIZE 16        /* "GK" + 10 characters + NUL */
#define APP_VERIFIER_SIZE 16    /* "XXXX-XXXX" + NUL */
#define APP_TEXT_MAX 4000       /* bytes of description and free-text fields */
#define APP_NAME_MAX 200        /* bytes of names, contacts */

/* A new application, as typed in (registration) or submitted online. */
struct app_input {
	int64_t agency_id;
	const char *channel;        /* in_person|post_signed|letter|online|fax|other */
	const char *submitted_on;   /* in_person: required (= receipt date) */
	const char *signed_on;      /* post_signed: required */
	const char *confirmed_on;   /* letter/online/fax/other: required */
	const char *applicant_kind; /* person|business|research|nonprofit|legal|other_org */
	const char *applicant_name;
	const char *id_number;      /* optional; sealed at rest */
	const char *contact_phone, *contact_email, *contact_address, *postal_code;
	const char *description;
	const char *form_wanted, *delivery;
};

struct app_created {
	int64_t id;
	char tracking_code[APP_CODE_SIZE];
	char verifier[APP_VERIFIER_SIZE];   /* shown to the applicant once */
	char received_on[DATE_STR_SIZE];
	char due_on[DATE_STR_SIZE];         /* "" if unknown */
	int retry_after;                    /* seconds, with SVC_RATE_LIMITED */
};

/* An event to record. */
struct app_event_input {
	const char *type;           /* deadline.h event names, or "acknowledged" */
	const char *date;           /* "YYYY-MM-DD", required */
	const char *deadline;       /* clarification_requested: 补正期限 (optional) */
	int days;                   /* extension_approved: working days (1-20; 0 = 20) */
	const char *approver;       /* extension_approved: who approved (default: actor) */
	const char *outcome;        /* answered: outcome key (domain/outcome.h) */
	const char *notice_text;    /* answered: the 告知书; NULL = from the template */
	const char *fee_method;     /* fee_notice_issued: per_item | per_volume */
	int64_t pages;              /* fee_notice_issued per_volume: pages */
	const char *note;
	int64_t expected_version;   /* > 0: refuse with 409 unless it is current */
};

/* An application with its history and the derivation, for display. */
struct app_view {
	struct app_record rec;
	struct app_event_rows events;
	struct deadline_result res; /* derived now (steps included) */
	int derive_failed;          /* the stored history no longer derives */
};

void app_view_free(struct app_view *v);

/* The working-day calendar for services: calendar_admin_current() of
 * service/calendar_admin.h - the calendar stored in the database for a
 * process that follows one (`gongkai serve`; re-checked at most once a
 * second), else $GONGKAI_HOME/calendar.tsv (default
 * ~/.local/share/gongkai/calendar.tsv) when installed, else the built-in
 * data/cn-holidays.tsv. The pointer stays valid for the process's life.
 * NULL with a message in err if no calendar can be parsed. Thread-safe. */
const struct calendar *app_calendar(char *err, size_t errsize);

/* Today's date (local time), or the value set by app_today_set (tests). */
gk_date app_today(void);
void app_today_set(gk_date d);

/* Public online submission (no login; channel online, confirmed = today).
 * 0 with out filled, or -1 with err. Audited as application.submit.
 * Limited per client address (who->ip) by service/apply_limit.h: over the
 * limit it is SVC_RATE_LIMITED with out->retry_after and nothing stored. */
int app_submit_public(struct db *db, const struct calendar *cal, const struct secret_key *key,
		      const struct actor *who, const struct app_input *in,
		      struct app_created *out, struct svc_error *err);
/* Register an application received in person, by post, letter, fax
 * (clerk or handler of in->agency_id). Audited as application.register. */
int app_register(struct db *db, const struct calendar *cal, const struct secret_key *key,
		 const struct actor *who, const struct app_input *in,
		 struct app_created *out, struct svc_error *err);
/* Record an event (handler; extension: approver). The whole history plus
 * the new event must derive, else 409 with the reason. On success the
 * view (if not NULL) holds the updated application. Audited as
 * application.event (application.answer for answers). */
int app_add_event(struct db *db, const struct calendar *cal, const struct actor *who,
		  int64_t app_id, const struct app_event_input *in,
		  struct app_view *view, struct svc_error *err);
/* Load an application the actor may see, derived as of today. */
int app_get(struct db *db, const struct calendar *cal, const struct actor *who,
	    int64_t app_id, struct app_view *out, struct svc_error *err);
/* Public status by tracking code and verifier; an unknown code and a wrong
 * verifier are the same 404. */
int app_public_status(struct db *db, const struct calendar *cal, const char *code,
		      const char *verifier, struct app_view *out, struct svc_error *err);

enum app_bucket { BUCKET_ALL = 0, BUCKET_OVERDUE, BUCKET_DUE_SOON, BUCKET_ON_TIME, BUCKET_WAITING };
/* "overdue" | "due_soon" | "on_time" | "waiting" | "all" -> bucket, -1 if unknown. */
int app_bucket_from_name(const char *name);

struct app_listing {
	struct app_records items;
	int64_t overdue, due_soon, on_time, waiting, total_open;
	char today[DATE_STR_SIZE];
	char soon_until[DATE_STR_SIZE]; /* due_soon: due on or before this (today + 3 working days) */
};
void app_listing_free(struct app_listing *l);
/* Open applications of an agency by deadline bucket (overdue: due before
 * today; due_soon: due within 3 working days; on_time: later; waiting:
 * no due date while waiting for 补正 or payment), sorted by due date,
 * with counts per bucket. limit 1-1000 (0 = 100). */
int app_list(struct db *db, const struct calendar *cal, const struct actor *who,
	     int64_t agency_id, enum app_bucket bucket, int limit, int64_t offset,
	     struct app_listing *out, struct svc_error *err);

/* Re-derive and re-cache the deadline of every open application (of one
 * agency, or all when agency_id <= 0 and the actor is the system), e.g.
 * after a calendar change. *changed counts rows whose cache changed. */
int app_refresh_deadlines(struct db *db, const struct calendar *cal, const struct actor *who,
			  int64_t agency_id, int64_t *changed, struct svc_error *err);

/* Appeals (行政复议 / 行政诉讼). */
struct appeal_input {
	int64_t agency_id;          /* required when application_id is 0 */
	int64_t application_id;     /* optional link */
	const char *kind;           /* reconsideration | litigation_direct | litigation_after */
	const char *filed_on;
	const char *result;         /* upheld | corrected | other | pending (default) */
	const char *decided_on;
	const char *note;
};
/* Create an appeal (handler). 0 with *id. Audited as appeal.create. */
int appeal_create(struct db *db, const struct actor *who, const struct appeal_input *in,
		  int64_t *id, struct svc_error *err);
/* Update the result of an appeal (handler). Audited as appeal.update. */
int appeal_update(struct db *db, const struct actor *who, int64_t id, const char *result,
		  const char *decided_on, const char *note, struct svc_error *err);
/* Load one appeal / list an agency's appeals (optionally of one application). */
int appeal_get(struct db *db, const struct actor *who, int64_t id, struct appeal_row *out,
	       struct svc_error *err);
int appeal_list(struct db *db, const struct actor *who, int64_t agency_id,
		int64_t application_id, struct appeal_rows *out, struct svc_error *err);

/* Replace the hand-entered report figures of (agency, year) (clerk or
 * handler). Keys are "table.row.col" cell keys of the format; values exact
 * decimal text. Audited as report_figures.set. */
int app_set_report_figures(struct db *db, const struct actor *who, int64_t agency_id, int year,
			   const struct figure_rows *rows, struct svc_error *err);

/* Derive the deadline of a stored application as of `today` (DATE_NONE:
 * no overdue computation) using only the events dated on or before
 * `cutoff` (DATE_NONE: all). 0 or -1 (res->error says why). Used by the
 * report builder. */
int app_derive(const struct calendar *cal, const struct app_record *rec,
	       const struct app_event_rows *events, gk_date cutoff, gk_date today,
	       struct deadline_result *res);

#endif
