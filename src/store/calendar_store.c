/* calendar_store.c - stored working-day calendars (store/calendar_store.h). */
#include "store/calendar_store.h"
#include "store/db.h"
#include "base/str.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>

void calendar_row_free(struct calendar_row *r)
{
	free(r->tsv);
	r->tsv = NULL;
	r->tsv_len = 0;
}

int calendar_store_version(struct db *db, int64_t *version)
{
	*version = 0;
	return db_query_int(db, "SELECT COALESCE(MAX(version), 0) FROM calendars",
			    NULL, 0, version) < 0 ? -1 : 0;
}

int calendar_store_get(struct db *db, int64_t version, int with_tsv, struct calendar_row *out)
{
	struct db_param p[1] = {DBP_INT(version)};
	struct db_stmt *st;
	const char *sql;
	int rc;

	memset(out, 0, sizeof *out);
	if (version > 0)
		sql = with_tsv
		    ? "SELECT version, sha256, first_year, last_year, entries, source, loaded_by,"
		      " loaded_at, tsv FROM calendars WHERE version = $1"
		    : "SELECT version, sha256, first_year, last_year, entries, source, loaded_by,"
		      " loaded_at FROM calendars WHERE version = $1";
	else
		sql = with_tsv
		    ? "SELECT version, sha256, first_year, last_year, entries, source, loaded_by,"
		      " loaded_at, tsv FROM calendars ORDER BY version DESC LIMIT 1"
		    : "SELECT version, sha256, first_year, last_year, entries, source, loaded_by,"
		      " loaded_at FROM calendars ORDER BY version DESC LIMIT 1";
	st = db_query(db, sql, version > 0 ? p : NULL, version > 0 ? 1 : 0);
	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == 1) {
		out->version = db_col_int(st, 0);
		str_copy(out->sha256, db_col_text(st, 1), sizeof out->sha256);
		out->first_year = (int)db_col_int(st, 2);
		out->last_year = (int)db_col_int(st, 3);
		out->entries = db_col_int(st, 4);
		str_copy(out->source, db_col_text(st, 5), sizeof out->source);
		str_copy(out->loaded_by, db_col_text(st, 6), sizeof out->loaded_by);
		str_copy(out->loaded_at, db_col_text(st, 7), sizeof out->loaded_at);
		if (with_tsv) {
			const char *t = db_col_text(st, 8);
			out->tsv_len = strlen(t);
			out->tsv = xstrndup(t, out->tsv_len);
		}
	}
	db_finish(st);
	return rc == 1 ? 0 : rc == 0 ? 1 : -1;
}

int calendar_store_insert(struct db *db, const struct calendar_row *r, int64_t *version)
{
	struct db_param p[8] = {DBP_TEXT(r->tsv ? r->tsv : ""), DBP_TEXT(r->sha256),
				DBP_INT(r->first_year), DBP_INT(r->last_year), DBP_INT(r->entries),
				DBP_TEXT(r->source), DBP_TEXT(r->loaded_by), DBP_TEXT(r->loaded_at)};
	/* The next version is computed in the statement; two concurrent
	 * loads compute the same one and the primary key refuses the second. */
	return db_query_int(db,
		"INSERT INTO calendars (version, tsv, sha256, first_year, last_year, entries,"
		" source, loaded_by, loaded_at)"
		" SELECT COALESCE(MAX(version), 0) + 1, $1, $2, $3, $4, $5, $6, $7, $8"
		" FROM calendars RETURNING version", p, 8, version) == 0 ? 0 : -1;
}

static struct db_param opt_text(const char *s)
{
	return s && *s ? DBP_TEXT(s) : DBP_NULL;
}

int calendar_store_recache_app(struct db *db, int64_t id, const char *state,
			       const char *waiting, const char *due_on,
			       const char *outcome, const char *answered_on)
{
	struct db_param p[6] = {DBP_TEXT(state), opt_text(waiting), opt_text(due_on),
				opt_text(outcome), opt_text(answered_on), DBP_INT(id)};
	int64_t n = db_exec(db,
		"UPDATE applications SET state = $1, waiting = $2, due_on = $3,"
		" outcome = COALESCE($4, outcome), answered_on = COALESCE($5, answered_on)"
		" WHERE id = $6", p, 6);
	if (n < 0)
		return -1;
	return n > 0 ? 1 : 0;
}
