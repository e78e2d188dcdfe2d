/* applications.h - disclosure applications, their events and appeals, and
 * the hand-entered report figures, in the database (tables of migration
 * 001_core). Rows only: rules live in domain/, permissions and
 * transactions in service/applications.c. Text fields of a record are heap
 * strings owned by the record (app_record_free). */
#ifndef GK_STORE_APPLICATIONS_H
#define GK_STORE_APPLICATIONS_H

#include <stddef.h>
#include <stdint.h>

struct db;

struct app_record {
	int64_t id;
	int64_t agency_id;
	char *tracking_code;
	char *verifier_hash;
	char *channel;
	char *submitted_on, *signed_on, *confirmed_on, *received_on; /* "" if none */
	char *applicant_kind;
	char *applicant_name;
	unsigned char *id_number_enc;  /* sealed identity number, or NULL */
	size_t id_number_enc_len;
	char *id_number_mask;
	char *contact_phone, *contact_email, *contact_address, *postal_code;
	char *description;
	char *form_wanted, *delivery;
	int64_t handler_user_id;       /* 0 if none */
	char *state, *waiting, *due_on, *outcome, *answered_on;
	char *created_at, *updated_at;
	int64_t version;
};

struct app_event_row {
	int64_t id;
	int64_t application_id;
	int seq;
	char type[40];
	char date[11];
	int64_t actor_user_id;
	char *data_json;               /* heap */
	char created_at[32];
};

struct app_event_rows {
	struct app_event_row *items;
	size_t n, cap;
};

struct appeal_row {
	int64_t id;
	int64_t agency_id;
	int64_t application_id;        /* 0 if none */
	char kind[24];                 /* reconsideration | litigation_direct | litigation_after */
	char filed_on[11];
	char result[16];               /* upheld | corrected | other | pending */
	char decided_on[11];           /* "" if none */
	char *note;                    /* heap, "" if none */
	char created_at[32], updated_at[32];
};

struct appeal_rows {
	struct appeal_row *items;
	size_t n, cap;
};

struct app_records {
	struct app_record *items;
	size_t n, cap;
};

/* Listing filters for the deadline view. */
struct app_list_filter {
	int64_t agency_id;
	int open_only;                 /* state = 'open' */
	const char *due_before;        /* due_on < this ("" / NULL: no bound) */
	const char *due_from;          /* due_on >= this */
	int no_due;                    /* due_on IS NULL (waiting for 补正/payment) */
	int limit;                     /* rows; <= 0 means 100 */
	int64_t offset;
};

void app_record_free(struct app_record *r);
void app_records_free(struct app_records *l);
void app_event_rows_free(struct app_event_rows *l);
void appeal_rows_free(struct appeal_rows *l);

/* Insert a new application (r->id ignored; version 1). 0 with *id, or -1
 * (a duplicate tracking code gives DB_ERR_CONFLICT). */
int app_store_insert(struct db *db, const struct app_record *r, int64_t *id);
/* Load by id: 0 found, 1 none, -1 error. for_update takes a row lock on
 * PostgreSQL (SQLite's BEGIN IMMEDIATE already serialises writers). */
int app_store_get(struct db *db, int64_t id, int for_update, struct app_record *out);
/* Load by tracking code: 0 found, 1 none, -1 error. */
int app_store_get_by_code(struct db *db, const char *code, struct app_record *out);
/* Save the derived columns if the row still has version `version`; bumps
 * the version. Returns 1 saved, 0 stale version (someone else changed it),
 * -1 error. NULL strings store SQL NULL. */
int app_store_save_derived(struct db *db, int64_t id, int64_t version, const char *state,
			   const char *waiting, const char *due_on, const char *outcome,
			   const char *answered_on, int64_t handler_user_id,
			   const char *updated_at);
/* Append an event with the next seq. 0 with *event_id, or -1. */
int app_store_add_event(struct db *db, int64_t app_id, const char *type, const char *date,
			int64_t actor_user_id, const char *data_json, const char *created_at,
			int64_t *event_id);
/* All events of an application in seq order (appended to out). 0 or -1. */
int app_store_events(struct db *db, int64_t app_id, struct app_event_rows *out);
/* Applications matching f, ordered by due_on then id (appended). 0 or -1. */
int app_store_list(struct db *db, const struct app_list_filter *f, struct app_records *out);
/* Count applications matching f (limit/offset ignored). 0 or -1. */
int app_store_count(struct db *db, const struct app_list_filter *f, int64_t *out);
/* Counts of an agency's open applications in one pass: out[0] all open,
 * out[1] due before `today`, out[2] due in [today, soon_after), out[3] due
 * on or after soon_after, out[4] no due date. 0 or -1. */
int app_store_bucket_counts(struct db *db, int64_t agency_id, const char *today,
			    const char *soon_after, int64_t out[5]);
/* Open applications of an agency (every agency if agency_id <= 0), for
 * re-deriving cached deadlines. Appended to out. 0 or -1. */
int app_store_open(struct db *db, int64_t agency_id, struct app_records *out);
/* Applications of an agency that matter to the report of `year`: received
 * on or before year-12-31 and not ended before year-01-01 (per the cached
 * answered_on). Appended to out. 0 or -1. */
int app_store_for_year(struct db *db, int64_t agency_id, int year, struct app_records *out);
/* How many applications with this applicant name (and identity mask, when
 * given) the agency received in the calendar month of `date`, up to and
 * including application id `upto_id`. 0 or -1. */
int app_store_count_applicant_month(struct db *db, int64_t agency_id, const char *name,
				    const char *mask, const char *date, int64_t upto_id,
				    int64_t *out);

/* Appeals. */
int appeal_store_insert(struct db *db, const struct appeal_row *a, int64_t *id);
/* 0 found, 1 none, -1 error. */
int appeal_store_get(struct db *db, int64_t id, struct appeal_row *out);
/* Update result, decided_on and note. 1 updated, 0 none, -1 error. */
int appeal_store_update(struct db *db, const struct appeal_row *a);
/* Appeals of an agency (application_id > 0: only that application's),
 * ordered by filed_on, id; year > 0: filed in that year. 0 or -1. */
int appeal_store_list(struct db *db, int64_t agency_id, int64_t application_id, int year,
		      struct appeal_rows *out);

/* Report figures (table two etc., entered by hand). */
struct figure_row {
	char key[96];
	char value[64];
};
struct figure_rows {
	struct figure_row *items;
	size_t n, cap;
};
void figure_rows_free(struct figure_rows *l);
/* Replace every figure of (agency, year) with the given rows. 0 or -1. */
int figure_store_replace(struct db *db, int64_t agency_id, int year, const struct figure_rows *rows,
			 int64_t user_id, const char *updated_at);
/* The figures of (agency, year), appended. 0 or -1. */
int figure_store_list(struct db *db, int64_t agency_id, int year, struct figure_rows *out);

#endif
