/* calendar_store.h - the working-day calendars stored in the database
 * (table calendars of migration 006_calendar), and the cached deadline
 * columns of an application that a calendar change rewrites.
 *
 * Rows only: parsing is domain/calendar.h, permissions, transactions and
 * the process-wide active calendar are service/calendar_admin.h. The row
 * with the highest version is the active calendar; none means the
 * calendar built into the program. */
#ifndef GK_STORE_CALENDAR_H
#define GK_STORE_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define CALENDAR_SOURCE_MAX 256     /* bytes of the source name kept */

struct calendar_row {
	int64_t version;
	char *tsv;                      /* heap, NUL-terminated; NULL when not loaded */
	size_t tsv_len;
	char sha256[65];
	int first_year, last_year;
	int64_t entries;
	char source[CALENDAR_SOURCE_MAX];
	char loaded_by[64];
	char loaded_at[32];
};

/* Free the TSV text of r (the struct itself is the caller's). */
void calendar_row_free(struct calendar_row *r);

/* The active version: 0 and *version set (0 when the table is empty), or
 * -1 on a database error. One primary-key lookup (cheap enough to poll). */
int calendar_store_version(struct db *db, int64_t *version);
/* Load calendar `version` (0 = the active one). with_tsv 0 skips the text.
 * 0 found, 1 none (empty table or unknown version), -1 error. */
int calendar_store_get(struct db *db, int64_t version, int with_tsv, struct calendar_row *out);
/* Insert r as version (active + 1) inside the caller's transaction; the
 * new version in *version. 0, or -1 (two concurrent loads: one gets
 * DB_ERR_CONFLICT). r->version is ignored. */
int calendar_store_insert(struct db *db, const struct calendar_row *r, int64_t *version);

/* Rewrite the cached deadline columns of application id (no version bump:
 * a calendar change is not an edit of the application). NULL strings
 * store SQL NULL. 1 updated, 0 no such row, -1 error. */
int calendar_store_recache_app(struct db *db, int64_t id, const char *state,
			       const char *waiting, const char *due_on,
			       const char *outcome, const char *answered_on);

#endif
