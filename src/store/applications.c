/* applications.c - application, event, appeal and figure rows
 * (store/applications.h). Portable SQL for SQLite and PostgreSQL. */
#include "store/applications.h"
#include "store/db.h"
#include "base/vec.h"
#include "base/str.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define APP_COLS \
	"id, agency_id, tracking_code, verifier_hash, channel, submitted_on, signed_on," \
	" confirmed_on, received_on, applicant_kind, applicant_name, id_number_enc," \
	" id_number_mask, contact_phone, contact_email, contact_address, postal_code," \
	" description, form_wanted, delivery, handler_user_id, state, waiting, due_on," \
	" outcome, answered_on, created_at, updated_at, version"

static char *dup_col(struct db_stmt *st, int c)
{
	return xstrdup(db_col_text(st, c));
}

static void read_record(struct db_stmt *st, struct app_record *r)
{
	const void *blob;
	size_t len = 0;
	memset(r, 0, sizeof *r);
	r->id = db_col_int(st, 0);
	r->agency_id = db_col_int(st, 1);
	r->tracking_code = dup_col(st, 2);
	r->verifier_hash = dup_col(st, 3);
	r->channel = dup_col(st, 4);
	r->submitted_on = dup_col(st, 5);
	r->signed_on = dup_col(st, 6);
	r->confirmed_on = dup_col(st, 7);
	r->received_on = dup_col(st, 8);
	r->applicant_kind = dup_col(st, 9);
	r->applicant_name = dup_col(st, 10);
	if (!db_col_isnull(st, 11)) {
		blob = db_col_blob(st, 11, &len);
		if (blob && len) {
			r->id_number_enc = xmalloc(len);
			memcpy(r->id_number_enc, blob, len);
			r->id_number_enc_len = len;
		}
	}
	r->id_number_mask = dup_col(st, 12);
	r->contact_phone = dup_col(st, 13);
	r->contact_email = dup_col(st, 14);
	r->contact_address = dup_col(st, 15);
	r->postal_code = dup_col(st, 16);
	r->description = dup_col(st, 17);
	r->form_wanted = dup_col(st, 18);
	r->delivery = dup_col(st, 19);
	r->handler_user_id = db_col_isnull(st, 20) ? 0 : db_col_int(st, 20);
	r->state = dup_col(st, 21);
	r->waiting = dup_col(st, 22);
	r->due_on = dup_col(st, 23);
	r->outcome = dup_col(st, 24);
	r->answered_on = dup_col(st, 25);
	r->created_at = dup_col(st, 26);
	r->updated_at = dup_col(st, 27);
	r->version = db_col_int(st, 28);
}

void app_record_free(struct app_record *r)
{
	char **fields[] = {&r->tracking_code, &r->verifier_hash, &r->channel, &r->submitted_on,
			   &r->signed_on, &r->confirmed_on, &r->received_on, &r->applicant_kind,
			   &r->applicant_name, &r->id_number_mask, &r->contact_phone,
			   &r->contact_email, &r->contact_address, &r->postal_code, &r->description,
			   &r->form_wanted, &r->delivery, &r->state, &r->waiting, &r->due_on,
			   &r->outcome, &r->answered_on, &r->created_at, &r->updated_at};
	size_t i;
	if (!r)
		return;
	for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		free(*fields[i]);
		*fields[i] = NULL;
	}
	free(r->id_number_enc);
	r->id_number_enc = NULL;
	r->id_number_enc_len = 0;
}

void app_records_free(struct app_records *l)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		app_record_free(&l->items[i]);
	free(l->items);
	memset(l, 0, sizeof *l);
}

void app_event_rows_free(struct app_event_rows *l)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		free(l->items[i].data_json);
	free(l->items);
	memset(l, 0, sizeof *l);
}

void appeal_rows_free(struct appeal_rows *l)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		free(l->items[i].note);
	free(l->items);
	memset(l, 0, sizeof *l);
}

void figure_rows_free(struct figure_rows *l)
{
	free(l->items);
	memset(l, 0, sizeof *l);
}

/* "" -> SQL NULL, so optional dates stay NULL in the database. */
static struct db_param opt_text(const char *s)
{
	return s && *s ? DBP_TEXT(s) : DBP_NULL;
}

int app_store_insert(struct db *db, const struct app_record *r, int64_t *id)
{
	struct db_param p[27] = {
		DBP_INT(r->agency_id), DBP_TEXT(r->tracking_code), DBP_TEXT(r->verifier_hash),
		DBP_TEXT(r->channel), opt_text(r->submitted_on), opt_text(r->signed_on),
		opt_text(r->confirmed_on), DBP_TEXT(r->received_on), DBP_TEXT(r->applicant_kind),
		DBP_TEXT(r->applicant_name),
		r->id_number_enc ? DBP_BLOB(r->id_number_enc, r->id_number_enc_len) : DBP_NULL,
		opt_text(r->id_number_mask), opt_text(r->contact_phone), opt_text(r->contact_email),
		opt_text(r->contact_address), opt_text(r->postal_code), DBP_TEXT(r->description),
		opt_text(r->form_wanted), opt_text(r->delivery),
		r->handler_user_id > 0 ? DBP_INT(r->handler_user_id) : DBP_NULL,
		DBP_TEXT(r->state && *r->state ? r->state : "open"), opt_text(r->waiting),
		opt_text(r->due_on), opt_text(r->outcome), opt_text(r->answered_on),
		DBP_TEXT(r->created_at), DBP_TEXT(r->updated_at)};
	return db_query_int(db,
		"INSERT INTO applications (agency_id, tracking_code, verifier_hash, channel,"
		" submitted_on, signed_on, confirmed_on, received_on, applicant_kind, applicant_name,"
		" id_number_enc, id_number_mask, contact_phone, contact_email, contact_address,"
		" postal_code, description, form_wanted, delivery, handler_user_id, state, waiting,"
		" due_on, outcome, answered_on, created_at, updated_at, version) VALUES"
		" ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,"
		" $19, $20, $21, $22, $23, $24, $25, $26, $27, 1) RETURNING id", p, 27, id) == 0 ? 0 : -1;
}

static int get_one(struct db *db, const char *sql, const struct db_param *p, int np,
		   struct app_record *out)
{
	struct db_stmt *st = db_query(db, sql, p, np);
	int rc;
	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == 1)
		read_record(st, out);
	db_finish(st);
	return rc == 1 ? 0 : rc == 0 ? 1 : -1;
}

int app_store_get(struct db *db, int64_t id, int for_update, struct app_record *out)
{
	struct db_param p[1] = {DBP_INT(id)};
	if (for_update && db_engine(db) == DB_POSTGRES)
		return get_one(db, "SELECT " APP_COLS " FROM applications WHERE id = $1 FOR UPDATE",
			       p, 1, out);
	return get_one(db, "SELECT " APP_COLS " FROM applications WHERE id = $1", p, 1, out);
}

int app_store_get_by_code(struct db *db, const char *code, struct app_record *out)
{
	struct db_param p[1] = {DBP_TEXT(code)};
	return get_one(db, "SELECT " APP_COLS " FROM applications WHERE tracking_code = $1",
		       p, 1, out);
}

int app_store_save_derived(struct db *db, int64_t id, int64_t version, const char *state,
			   const char *waiting, const char *due_on, const char *outcome,
			   const char *answered_on, int64_t handler_user_id,
			   const char *updated_at)
{
	struct db_param p[9] = {DBP_TEXT(state), opt_text(waiting), opt_text(due_on),
				opt_text(outcome), opt_text(answered_on),
				handler_user_id > 0 ? DBP_INT(handler_user_id) : DBP_NULL,
				DBP_TEXT(updated_at), DBP_INT(id), DBP_INT(version)};
	int64_t n = db_exec(db,
		"UPDATE applications SET state = $1, waiting = $2, due_on = $3, outcome = $4,"
		" answered_on = $5, handler_user_id = COALESCE($6, handler_user_id),"
		" updated_at = $7, version = version + 1 WHERE id = $8 AND version = $9", p, 9);
	if (n < 0)
		return -1;
	return n > 0 ? 1 : 0;
}

int app_store_add_event(struct db *db, int64_t app_id, const char *type, const char *date,
			int64_t actor_user_id, const char *data_json, const char *created_at,
			int64_t *event_id)
{
	struct db_param p[6] = {DBP_INT(app_id), DBP_TEXT(type), DBP_TEXT(date),
				actor_user_id > 0 ? DBP_INT(actor_user_id) : DBP_NULL,
				DBP_TEXT(data_json ? data_json : "{}"), DBP_TEXT(created_at)};
	return db_query_int(db,
		"INSERT INTO application_events (application_id, seq, type, date, actor_user_id,"
		" data_json, created_at) SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5, $6"
		" FROM application_events WHERE application_id = $1 RETURNING id",
		p, 6, event_id) == 0 ? 0 : -1;
}

int app_store_events(struct db *db, int64_t app_id, struct app_event_rows *out)
{
	struct db_param p[1] = {DBP_INT(app_id)};
	struct db_stmt *st = db_query(db,
		"SELECT id, application_id, seq, type, date, actor_user_id, data_json, created_at"
		" FROM application_events WHERE application_id = $1 ORDER BY seq", p, 1);
	int rc;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1) {
		struct app_event_row *e;
		e = VEC_PUSH(out);
		e->id = db_col_int(st, 0);
		e->application_id = db_col_int(st, 1);
		e->seq = (int)db_col_int(st, 2);
		str_copy(e->type, db_col_text(st, 3), sizeof e->type);
		str_copy(e->date, db_col_text(st, 4), sizeof e->date);
		e->actor_user_id = db_col_isnull(st, 5) ? 0 : db_col_int(st, 5);
		e->data_json = xstrdup(db_col_text(st, 6));
		str_copy(e->created_at, db_col_text(st, 7), sizeof e->created_at);
	}
	db_finish(st);
	return rc < 0 ? -1 : 0;
}

/* WHERE clause for a listing filter, parameters in p (returns count). */
static int list_where(const struct app_list_filter *f, char *sql, size_t size,
		      struct db_param *p)
{
	int np = 0;
	size_t len;
	len = (size_t)snprintf(sql, size, " WHERE agency_id = $1");
	p[np++] = DBP_INT(f->agency_id);
	if (f->open_only && len < size)
		len += (size_t)snprintf(sql + len, size - len, " AND state = 'open'");
	if (f->no_due && len < size)
		len += (size_t)snprintf(sql + len, size - len, " AND due_on IS NULL");
	if (f->due_before && *f->due_before && len < size) {
		p[np] = DBP_TEXT(f->due_before);
		np++;
		len += (size_t)snprintf(sql + len, size - len, " AND due_on < $%d", np);
	}
	if (f->due_from && *f->due_from && len < size) {
		p[np] = DBP_TEXT(f->due_from);
		np++;
		len += (size_t)snprintf(sql + len, size - len, " AND due_on >= $%d", np);
	}
	return np;
}

static int collect(struct db_stmt *st, struct app_records *out)
{
	int rc;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1) {
		read_record(st, VEC_PUSH(out));
	}
	db_finish(st);
	return rc < 0 ? -1 : 0;
}

int app_store_list(struct db *db, const struct app_list_filter *f, struct app_records *out)
{
	char where[512], sql[2048];
	struct db_param p[6];
	int np = list_where(f, where, sizeof where, p);
	int limit = f->limit > 0 ? f->limit : 100;
	snprintf(sql, sizeof sql, "SELECT " APP_COLS " FROM applications%s"
		 " ORDER BY (CASE WHEN due_on IS NULL THEN 0 ELSE 1 END), due_on, id"   /* NULLs first on both engines */
		 " LIMIT %d OFFSET %lld", where, limit,
		 (long long)(f->offset > 0 ? f->offset : 0));
	return collect(db_query(db, sql, p, np), out);
}

int app_store_count(struct db *db, const struct app_list_filter *f, int64_t *out)
{
	char where[512], sql[1024];
	struct db_param p[6];
	int np = list_where(f, where, sizeof where, p);
	snprintf(sql, sizeof sql, "SELECT COUNT(*) FROM applications%s", where);
	return db_query_int(db, sql, p, np, out) == 0 ? 0 : -1;
}

int app_store_bucket_counts(struct db *db, int64_t agency_id, const char *today,
			    const char *soon_after, int64_t out[5])
{
	struct db_param p[3] = {DBP_INT(agency_id), DBP_TEXT(today), DBP_TEXT(soon_after)};
	struct db_stmt *st = db_query(db,
		"SELECT COUNT(*),"
		" COALESCE(SUM(CASE WHEN due_on < $2 THEN 1 ELSE 0 END), 0),"
		" COALESCE(SUM(CASE WHEN due_on >= $2 AND due_on < $3 THEN 1 ELSE 0 END), 0),"
		" COALESCE(SUM(CASE WHEN due_on >= $3 THEN 1 ELSE 0 END), 0),"
		" COALESCE(SUM(CASE WHEN due_on IS NULL THEN 1 ELSE 0 END), 0)"
		" FROM applications WHERE agency_id = $1 AND state = 'open'", p, 3);
	int rc, i;
	if (!st)
		return -1;
	rc = db_step(st);
	for (i = 0; i < 5; i++)
		out[i] = rc == 1 ? db_col_int(st, i) : 0;
	db_finish(st);
	return rc < 0 ? -1 : 0;
}

int app_store_open(struct db *db, int64_t agency_id, struct app_records *out)
{
	struct db_param p[1] = {DBP_INT(agency_id)};
	if (agency_id <= 0)
		return collect(db_query(db, "SELECT " APP_COLS " FROM applications"
					" WHERE state = 'open' ORDER BY id", NULL, 0), out);
	return collect(db_query(db, "SELECT " APP_COLS " FROM applications"
				" WHERE agency_id = $1 AND state = 'open' ORDER BY id", p, 1), out);
}

int app_store_for_year(struct db *db, int64_t agency_id, int year, struct app_records *out)
{
	char first[24], last[24];
	struct db_param p[3] = {DBP_INT(agency_id), DBP_TEXT(first), DBP_TEXT(last)};
	snprintf(first, sizeof first, "%04d-01-01", year);
	snprintf(last, sizeof last, "%04d-12-31", year);
	return collect(db_query(db, "SELECT " APP_COLS " FROM applications"
				" WHERE agency_id = $1 AND received_on <= $3"
				" AND (answered_on IS NULL OR answered_on >= $2) ORDER BY id",
				p, 3), out);
}

int app_store_count_applicant_month(struct db *db, int64_t agency_id, const char *name,
				    const char *mask, const char *date, int64_t upto_id,
				    int64_t *out)
{
	char from[24], to[24];
	struct db_param p[6] = {DBP_INT(agency_id), DBP_TEXT(name), DBP_TEXT(from),
				DBP_TEXT(to), DBP_INT(upto_id), DBP_TEXT(mask ? mask : "")};
	if (!date || strlen(date) < 7)
		return -1;
	snprintf(from, sizeof from, "%.7s-01", date);
	snprintf(to, sizeof to, "%.7s-31", date);
	return db_query_int(db, "SELECT COUNT(*) FROM applications WHERE agency_id = $1"
			    " AND applicant_name = $2 AND received_on >= $3 AND received_on <= $4"
			    " AND id <= $5 AND COALESCE(id_number_mask, '') = $6", p, 6, out) == 0 ? 0 : -1;
}

/* ---- appeals ---- */

static void read_appeal(struct db_stmt *st, struct appeal_row *a)
{
	memset(a, 0, sizeof *a);
	a->id = db_col_int(st, 0);
	a->agency_id = db_col_int(st, 1);
	a->application_id = db_col_isnull(st, 2) ? 0 : db_col_int(st, 2);
	str_copy(a->kind, db_col_text(st, 3), sizeof a->kind);
	str_copy(a->filed_on, db_col_text(st, 4), sizeof a->filed_on);
	str_copy(a->result, db_col_text(st, 5), sizeof a->result);
	str_copy(a->decided_on, db_col_text(st, 6), sizeof a->decided_on);
	a->note = xstrdup(db_col_text(st, 7));
	str_copy(a->created_at, db_col_text(st, 8), sizeof a->created_at);
	str_copy(a->updated_at, db_col_text(st, 9), sizeof a->updated_at);
}

#define APPEAL_COLS "id, agency_id, application_id, kind, filed_on, result, decided_on, note," \
	" created_at, updated_at"

int appeal_store_insert(struct db *db, const struct appeal_row *a, int64_t *id)
{
	struct db_param p[9] = {DBP_INT(a->agency_id),
				a->application_id > 0 ? DBP_INT(a->application_id) : DBP_NULL,
				DBP_TEXT(a->kind), DBP_TEXT(a->filed_on), DBP_TEXT(a->result),
				opt_text(a->decided_on), opt_text(a->note), DBP_TEXT(a->created_at),
				DBP_TEXT(a->updated_at)};
	return db_query_int(db, "INSERT INTO appeals (agency_id, application_id, kind, filed_on,"
			    " result, decided_on, note, created_at, updated_at) VALUES"
			    " ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id", p, 9, id) == 0 ? 0 : -1;
}

int appeal_store_get(struct db *db, int64_t id, struct appeal_row *out)
{
	struct db_param p[1] = {DBP_INT(id)};
	struct db_stmt *st = db_query(db, "SELECT " APPEAL_COLS " FROM appeals WHERE id = $1", p, 1);
	int rc;
	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == 1)
		read_appeal(st, out);
	db_finish(st);
	return rc == 1 ? 0 : rc == 0 ? 1 : -1;
}

int appeal_store_update(struct db *db, const struct appeal_row *a)
{
	struct db_param p[5] = {DBP_TEXT(a->result), opt_text(a->decided_on), opt_text(a->note),
				DBP_TEXT(a->updated_at), DBP_INT(a->id)};
	int64_t n = db_exec(db, "UPDATE appeals SET result = $1, decided_on = $2, note = $3,"
			    " updated_at = $4 WHERE id = $5", p, 5);
	return n < 0 ? -1 : n > 0 ? 1 : 0;
}

int appeal_store_list(struct db *db, int64_t agency_id, int64_t application_id, int year,
		      struct appeal_rows *out)
{
	char sql[512], first[24], last[24];
	struct db_param p[4];
	struct db_stmt *st;
	int np = 0, rc;
	size_t len;
	p[np++] = DBP_INT(agency_id);
	len = (size_t)snprintf(sql, sizeof sql, "SELECT " APPEAL_COLS " FROM appeals WHERE agency_id = $1");
	if (application_id > 0) {
		p[np++] = DBP_INT(application_id);
		len += (size_t)snprintf(sql + len, sizeof sql - len, " AND application_id = $%d", np);
	}
	if (year > 0) {
		snprintf(first, sizeof first, "%04d-01-01", year);
		snprintf(last, sizeof last, "%04d-12-31", year);
		p[np++] = DBP_TEXT(first);
		len += (size_t)snprintf(sql + len, sizeof sql - len, " AND filed_on >= $%d", np);
		p[np++] = DBP_TEXT(last);
		len += (size_t)snprintf(sql + len, sizeof sql - len, " AND filed_on <= $%d", np);
	}
	if (len < sizeof sql)
		snprintf(sql + len, sizeof sql - len, " ORDER BY filed_on, id");
	st = db_query(db, sql, p, np);
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1) {
		read_appeal(st, VEC_PUSH(out));
	}
	db_finish(st);
	return rc < 0 ? -1 : 0;
}

/* ---- report figures ---- */

int figure_store_replace(struct db *db, int64_t agency_id, int year, const struct figure_rows *rows,
			 int64_t user_id, const char *updated_at)
{
	struct db_param d[2] = {DBP_INT(agency_id), DBP_INT(year)};
	size_t i;
	if (db_exec(db, "DELETE FROM report_figures WHERE agency_id = $1 AND year = $2", d, 2) < 0)
		return -1;
	for (i = 0; i < rows->n; i++) {
		struct db_param p[6] = {DBP_INT(agency_id), DBP_INT(year),
					DBP_TEXT(rows->items[i].key), DBP_TEXT(rows->items[i].value),
					user_id > 0 ? DBP_INT(user_id) : DBP_NULL, DBP_TEXT(updated_at)};
		if (db_exec(db, "INSERT INTO report_figures (agency_id, year, key, value_text,"
			    " updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)", p, 6) < 0)
			return -1;
	}
	return 0;
}

int figure_store_list(struct db *db, int64_t agency_id, int year, struct figure_rows *out)
{
	struct db_param p[2] = {DBP_INT(agency_id), DBP_INT(year)};
	struct db_stmt *st = db_query(db, "SELECT key, value_text FROM report_figures"
				      " WHERE agency_id = $1 AND year = $2 ORDER BY key", p, 2);
	int rc;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1) {
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 16;
			out->items = xreallocarray(out->items, out->cap, sizeof *out->items);
		}
		str_copy(out->items[out->n].key, db_col_text(st, 0), sizeof out->items[0].key);
		str_copy(out->items[out->n].value, db_col_text(st, 1), sizeof out->items[0].value);
		out->n++;
	}
	db_finish(st);
	return rc < 0 ? -1 : 0;
}
