/* items.c - catalog rows (store/items.h). Portable SQL, $N parameters. */
#include "store/items.h"
#include "store/agencies.h"
#include "store/db.h"
#include "base/vec.h"
#include "base/str.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ITEM_COLS \
	"i.id, i.agency_id, i.section_id, i.index_no, i.title, i.publisher, i.written_on," \
	" i.formed_on, i.published_on, i.doc_no, i.topic, i.genre, i.validity, i.effective_on," \
	" i.invalid_on, i.interprets_id, i.source_application_id, i.state, i.stage," \
	" i.state_reason, i.author_id, i.created_at, i.updated_at, i.version," \
	" a.name, a.code, COALESCE(s.name, '')"
#define ITEM_FROM \
	" FROM items i JOIN agencies a ON a.id = i.agency_id" \
	" LEFT JOIN catalog_sections s ON s.id = i.section_id"
#define NCOLS 27

/* Recursive subtree of $1, bounded depth via $2 (used with IN (...)). */
#define SUBTREE_CTE \
	"WITH RECURSIVE sub(id, depth) AS (SELECT id, 0 FROM agencies WHERE id = $1" \
	" UNION ALL SELECT a.id, sub.depth + 1 FROM agencies a JOIN sub ON a.parent_id = sub.id" \
	" WHERE sub.depth < $2) "

void item_clear(struct item *it)
{
	free(it->body_html);
	it->body_html = NULL;
}

void item_list_free(struct item_list *l)
{
	size_t i;
	for (i = 0; i < l->n; i++)
		item_clear(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = l->cap = 0;
}

static void read_row(struct db_stmt *st, struct item *it)
{
	memset(it, 0, sizeof *it);
	it->id = db_col_int(st, 0);
	it->agency_id = db_col_int(st, 1);
	it->section_id = db_col_int(st, 2);
	str_copy(it->index_no, db_col_text(st, 3), sizeof it->index_no);
	str_copy(it->title, db_col_text(st, 4), sizeof it->title);
	str_copy(it->publisher, db_col_text(st, 5), sizeof it->publisher);
	str_copy(it->written_on, db_col_text(st, 6), sizeof it->written_on);
	str_copy(it->formed_on, db_col_text(st, 7), sizeof it->formed_on);
	str_copy(it->published_on, db_col_text(st, 8), sizeof it->published_on);
	str_copy(it->doc_no, db_col_text(st, 9), sizeof it->doc_no);
	str_copy(it->topic, db_col_text(st, 10), sizeof it->topic);
	str_copy(it->genre, db_col_text(st, 11), sizeof it->genre);
	str_copy(it->validity, db_col_text(st, 12), sizeof it->validity);
	str_copy(it->effective_on, db_col_text(st, 13), sizeof it->effective_on);
	str_copy(it->invalid_on, db_col_text(st, 14), sizeof it->invalid_on);
	it->interprets_id = db_col_int(st, 15);
	it->source_application_id = db_col_int(st, 16);
	str_copy(it->state, db_col_text(st, 17), sizeof it->state);
	it->stage = (int)db_col_int(st, 18);
	str_copy(it->state_reason, db_col_text(st, 19), sizeof it->state_reason);
	it->author_id = db_col_int(st, 20);
	str_copy(it->created_at, db_col_text(st, 21), sizeof it->created_at);
	str_copy(it->updated_at, db_col_text(st, 22), sizeof it->updated_at);
	it->version = db_col_int(st, 23);
	str_copy(it->agency_name, db_col_text(st, 24), sizeof it->agency_name);
	str_copy(it->agency_code, db_col_text(st, 25), sizeof it->agency_code);
	str_copy(it->section_name, db_col_text(st, 26), sizeof it->section_name);
}

/* "" binds NULL for optional text columns. */
static struct db_param opt_text(const char *s)
{
	return DBP_TEXT(s && s[0] ? s : NULL);
}

static struct db_param opt_id(int64_t v)
{
	return v > 0 ? DBP_INT(v) : DBP_NULL;
}

int item_store_create(struct db *db, const struct item *it, int64_t *id)
{
	struct db_param p[] = {
		DBP_INT(it->agency_id), opt_id(it->section_id), DBP_TEXT(it->index_no),
		DBP_TEXT(it->title), DBP_TEXT(it->body_html ? it->body_html : ""),
		DBP_TEXT(it->publisher), opt_text(it->written_on), opt_text(it->formed_on),
		opt_text(it->published_on), DBP_TEXT(it->doc_no), DBP_TEXT(it->topic),
		DBP_TEXT(it->genre), opt_text(it->validity), opt_text(it->effective_on),
		opt_text(it->invalid_on), opt_id(it->interprets_id),
		opt_id(it->source_application_id), DBP_TEXT(it->state[0] ? it->state : "draft"),
		DBP_INT(it->stage), DBP_TEXT(it->state_reason), opt_id(it->author_id),
		DBP_TEXT(it->created_at), DBP_TEXT(it->updated_at[0] ? it->updated_at : it->created_at),
	};
	return db_query_int(db,
		"INSERT INTO items (agency_id, section_id, index_no, title, body_html, publisher,"
		" written_on, formed_on, published_on, doc_no, topic, genre, validity,"
		" effective_on, invalid_on, interprets_id, source_application_id, state, stage,"
		" state_reason, author_id, created_at, updated_at, version)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,"
		" $17, $18, $19, $20, $21, $22, $23, 1) RETURNING id",
		p, (int)(sizeof p / sizeof p[0]), id) == 0 ? 0 : -1;
}

static int get_where(struct db *db, const char *where, struct db_param p, struct item *out)
{
	char sql[1024];
	struct db_stmt *st;
	int rc;
	snprintf(sql, sizeof sql, "SELECT " ITEM_COLS ", i.body_html" ITEM_FROM " WHERE %s", where);
	st = db_query(db, sql, &p, 1);
	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == 1) {
		read_row(st, out);
		out->body_html = xstrdup(db_col_text(st, NCOLS));
		rc = 0;
	} else if (rc == 0) {
		rc = 1;
	}
	db_finish(st);
	return rc;
}

int item_store_get(struct db *db, int64_t id, struct item *out)
{
	return get_where(db, "i.id = $1", DBP_INT(id), out);
}

int item_store_find_index_no(struct db *db, const char *index_no, struct item *out)
{
	return get_where(db, "i.index_no = $1", DBP_TEXT(index_no), out);
}

int item_store_update(struct db *db, const struct item *it)
{
	struct db_param p[] = {
		DBP_INT(it->id), DBP_INT(it->version), opt_id(it->section_id), DBP_TEXT(it->title),
		DBP_TEXT(it->body_html ? it->body_html : ""), DBP_TEXT(it->publisher),
		opt_text(it->written_on), opt_text(it->formed_on), opt_text(it->published_on),
		DBP_TEXT(it->doc_no), DBP_TEXT(it->topic), DBP_TEXT(it->genre),
		opt_text(it->validity), opt_text(it->effective_on), opt_text(it->invalid_on),
		opt_id(it->interprets_id), DBP_TEXT(it->state), DBP_INT(it->stage),
		DBP_TEXT(it->state_reason), DBP_TEXT(it->updated_at),
	};
	int64_t n = db_exec(db,
		"UPDATE items SET section_id = $3, title = $4, body_html = $5, publisher = $6,"
		" written_on = $7, formed_on = $8, published_on = $9, doc_no = $10, topic = $11,"
		" genre = $12, validity = $13, effective_on = $14, invalid_on = $15,"
		" interprets_id = $16, state = $17, stage = $18, state_reason = $19,"
		" updated_at = $20, version = version + 1 WHERE id = $1 AND version = $2",
		p, (int)(sizeof p / sizeof p[0]));
	if (n < 0)
		return -1;
	return n == 1 ? 0 : 1;
}

static void list_push(struct item_list *l, struct db_stmt *st)
{
	read_row(st, VEC_PUSH(l));
}

/* Build the WHERE of a filter into `where`, its parameters into p[0..*np)
 * numbered from $1. *with is the subtree CTE when the filter needs it
 * ($1 the agency, $2 the depth bound), else "": a single agency is a plain
 * `agency_id = $1` (the items_public_agency index then gives its newest
 * public items in order). */
static void filter_sql(const struct item_filter *f, const char **with, char *where, size_t size,
		       struct db_param *p, int *np, char *year_lo, char *year_hi)
{
	size_t len = 0;
	where[0] = '\0';
	*with = "";
	*np = 0;
#define ADD(...) do { int k_ = snprintf(where + len, size - len, __VA_ARGS__); \
	if (k_ > 0 && (size_t)k_ < size - len) len += (size_t)k_; } while (0)
	ADD(" WHERE 1 = 1");
	if (f->agency_id > 0) {
		p[(*np)++] = DBP_INT(f->agency_id);
		if (f->subtree) {
			p[(*np)++] = DBP_INT(AGENCY_MAX_DEPTH);
			*with = SUBTREE_CTE;
			ADD(" AND i.agency_id IN (SELECT id FROM sub)");
		} else {
			ADD(" AND i.agency_id = $1");
		}
	}
	if (f->section_id > 0) {
		p[*np] = DBP_INT(f->section_id);
		ADD(" AND i.section_id = $%d", ++*np);
	}
	if (f->state && !strcmp(f->state, "public")) {
		/* the predicate of the partial indexes of 007_items_newest */
		ADD(" AND i.state IN ('published', 'repealed')");
	} else if (f->state) {
		p[*np] = DBP_TEXT(f->state);
		ADD(" AND i.state = $%d", ++*np);
	}
	if (f->genre && f->genre[0]) {
		p[*np] = DBP_TEXT(f->genre);
		ADD(" AND i.genre = $%d", ++*np);
	}
	if (f->validity && f->validity[0]) {
		p[*np] = DBP_TEXT(f->validity);
		ADD(" AND i.validity = $%d", ++*np);
	}
	if (f->year > 0) {
		snprintf(year_lo, 24, "%04d-01-01", f->year);
		snprintf(year_hi, 24, "%04d-12-31", f->year);
		p[*np] = DBP_TEXT(year_lo);
		p[*np + 1] = DBP_TEXT(year_hi);
		ADD(" AND i.published_on >= $%d AND i.published_on <= $%d", *np + 1, *np + 2);
		*np += 2;
	}
#undef ADD
}

int item_store_list(struct db *db, const struct item_filter *f, struct item_list *out)
{
	char where[1024], sql[4096], lo[24], hi[24];
	const char *with;
	struct db_param p[12];
	int np, limit = f->limit > 0 ? f->limit : 50, offset = f->offset > 0 ? f->offset : 0;
	size_t before = out->n;
	int64_t got;
	struct db_stmt *st;
	int rc;

	filter_sql(f, &with, where, sizeof where, p, &np, lo, hi);
	p[np] = DBP_INT(limit);
	p[np + 1] = DBP_INT(offset);
	/* Undated items last on both engines (PostgreSQL's DESC puts NULL
	 * first); the order of the 007_items_newest indexes. */
	snprintf(sql, sizeof sql, "%sSELECT " ITEM_COLS ITEM_FROM
		 "%s ORDER BY i.published_on DESC NULLS LAST, i.id DESC"
		 " LIMIT $%d OFFSET $%d", with, where, np + 1, np + 2);
	st = db_query(db, sql, p, np + 2);
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1)
		list_push(out, st);
	db_finish(st);
	if (rc < 0)
		return -1;
	got = (int64_t)(out->n - before);
	if (f->skip_total) {
		out->total = -1;
		return 0;
	}
	/* A page that is not full ends the matches: it tells the total (an
	 * empty page past the first does not). Otherwise count. */
	if (got < limit && (got > 0 || offset == 0)) {
		out->total = offset + got;
		return 0;
	}
	snprintf(sql, sizeof sql, "%sSELECT COUNT(*)" ITEM_FROM "%s", with, where);
	return db_query_int(db, sql, p, np, &out->total) < 0 ? -1 : 0;
}

int item_store_unpublished_formed(struct db *db, int64_t agency_id, int subtree,
				  struct item_list *out)
{
	struct db_param p[2] = {DBP_INT(agency_id), DBP_INT(AGENCY_MAX_DEPTH)};
	char sql[2048];
	struct db_stmt *st;
	int rc;
	snprintf(sql, sizeof sql, SUBTREE_CTE "SELECT " ITEM_COLS ITEM_FROM
		 " WHERE %s AND $2 >= 0 AND COALESCE(i.formed_on, i.written_on) IS NOT NULL"
		 " AND i.state IN ('draft', 'in_review', 'published')"
		 " ORDER BY COALESCE(i.formed_on, i.written_on), i.id",
		 subtree ? "i.agency_id IN (SELECT id FROM sub)" : "i.agency_id = $1");
	st = db_query(db, sql, p, 2);
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1)
		list_push(out, st);
	db_finish(st);
	return rc < 0 ? -1 : 0;
}

int item_store_interpretations(struct db *db, int64_t id, struct item_list *out)
{
	struct db_param p[1] = {DBP_INT(id)};
	struct db_stmt *st = db_query(db, "SELECT " ITEM_COLS ITEM_FROM " WHERE i.interprets_id = $1"
				      " AND i.state IN ('published', 'repealed') ORDER BY i.id", p, 1);
	int rc;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1)
		list_push(out, st);
	db_finish(st);
	return rc < 0 ? -1 : 0;
}

int section_store_find_code(struct db *db, int64_t agency_id, const char *code, int64_t *id)
{
	struct db_param p[2] = {DBP_INT(agency_id), DBP_TEXT(code)};
	return db_query_int(db, "SELECT id FROM catalog_sections WHERE agency_id = $1 AND code = $2",
			    p, 2, id);
}

int item_store_add_version(struct db *db, int64_t item_id, int64_t version,
			   const char *snapshot_json, int64_t user_id, const char *at)
{
	struct db_param p[5] = {DBP_INT(item_id), DBP_INT(version), DBP_TEXT(snapshot_json),
				opt_id(user_id), DBP_TEXT(at)};
	return db_exec(db, "INSERT INTO item_versions (item_id, version, snapshot, created_by,"
		       " created_at) VALUES ($1, $2, $3, $4, $5)", p, 5) < 0 ? -1 : 0;
}

int item_store_versions(struct db *db, int64_t item_id,
			void (*fn)(void *ctx, int64_t version, const char *snapshot,
				   int64_t user_id, const char *at), void *ctx)
{
	struct db_param p[1] = {DBP_INT(item_id)};
	struct db_stmt *st = db_query(db, "SELECT version, snapshot, created_by, created_at"
				      " FROM item_versions WHERE item_id = $1 ORDER BY version", p, 1);
	int rc;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1)
		fn(ctx, db_col_int(st, 0), db_col_text(st, 1), db_col_int(st, 2), db_col_text(st, 3));
	db_finish(st);
	return rc < 0 ? -1 : 0;
}

int item_store_add_review(struct db *db, int64_t item_id, const char *action,
			  const char *stage, int64_t user_id, const char *comment,
			  const char *at)
{
	struct db_param p[6] = {DBP_INT(item_id), DBP_TEXT(action), DBP_TEXT(stage ? stage : ""),
				opt_id(user_id), DBP_TEXT(comment ? comment : ""), DBP_TEXT(at)};
	return db_exec(db, "INSERT INTO item_reviews (item_id, action, stage, user_id, comment, at)"
		       " VALUES ($1, $2, $3, $4, $5, $6)", p, 6) < 0 ? -1 : 0;
}

int item_store_reviews(struct db *db, int64_t item_id,
		       void (*fn)(void *ctx, const char *action, const char *stage,
				  int64_t user_id, const char *login, const char *comment,
				  const char *at), void *ctx)
{
	struct db_param p[1] = {DBP_INT(item_id)};
	struct db_stmt *st = db_query(db, "SELECT r.action, r.stage, r.user_id, COALESCE(u.login, ''),"
				      " r.comment, r.at FROM item_reviews r LEFT JOIN users u ON u.id = r.user_id"
				      " WHERE r.item_id = $1 ORDER BY r.id", p, 1);
	int rc;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1)
		fn(ctx, db_col_text(st, 0), db_col_text(st, 1), db_col_int(st, 2),
		   db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5));
	db_finish(st);
	return rc < 0 ? -1 : 0;
}

int item_store_genre_counts(struct db *db, int64_t agency_id, int subtree, const char *genre,
			    int year, int64_t *issued, int64_t *repealed, int64_t *in_force)
{
	char lo[24], hi[24], sql[2048];
	const char *scope = subtree ? "i.agency_id IN (SELECT id FROM sub)" : "i.agency_id = $1";
	struct db_param p[5];
	snprintf(lo, sizeof lo, "%04d-01-01", year);
	snprintf(hi, sizeof hi, "%04d-12-31", year);
	p[0] = DBP_INT(agency_id);
	p[1] = DBP_INT(AGENCY_MAX_DEPTH);
	p[2] = DBP_TEXT(genre);
	p[3] = DBP_TEXT(lo);
	p[4] = DBP_TEXT(hi);
	snprintf(sql, sizeof sql, SUBTREE_CTE "SELECT COUNT(*) FROM items i WHERE %s AND $2 >= 0"
		 " AND i.genre = $3 AND i.state IN ('published', 'repealed')"
		 " AND i.published_on >= $4 AND i.published_on <= $5", scope);
	if (db_query_int(db, sql, p, 5, issued) < 0)
		return -1;
	snprintf(sql, sizeof sql, SUBTREE_CTE "SELECT COUNT(*) FROM items i WHERE %s AND $2 >= 0"
		 " AND i.genre = $3 AND i.state IN ('published', 'repealed')"
		 " AND i.validity = 'repealed' AND i.invalid_on >= $4 AND i.invalid_on <= $5", scope);
	if (db_query_int(db, sql, p, 5, repealed) < 0)
		return -1;
	/* In force on Dec 31: published by then, and not repealed by then. */
	snprintf(sql, sizeof sql, SUBTREE_CTE "SELECT COUNT(*) FROM items i WHERE %s AND $2 >= 0"
		 " AND i.genre = $3 AND i.state IN ('published', 'repealed')"
		 " AND i.published_on <= $5 AND $4 <> ''"
		 " AND NOT (i.validity = 'repealed' AND (i.invalid_on IS NULL OR i.invalid_on <= $5))",
		 scope);
	return db_query_int(db, sql, p, 5, in_force) < 0 ? -1 : 0;
}

int item_store_genre_created(struct db *db, int64_t agency_id, int subtree, const char *genre,
			     int year, int64_t *created)
{
	char lo[24], hi[24], sql[1024];
	struct db_param p[5];
	snprintf(lo, sizeof lo, "%04d-01-01", year);
	snprintf(hi, sizeof hi, "%04d-12-31", year);
	p[0] = DBP_INT(agency_id);
	p[1] = DBP_INT(AGENCY_MAX_DEPTH);
	p[2] = DBP_TEXT(genre);
	p[3] = DBP_TEXT(lo);
	p[4] = DBP_TEXT(hi);
	snprintf(sql, sizeof sql, SUBTREE_CTE "SELECT COUNT(*) FROM items i WHERE %s AND $2 >= 0"
		 " AND i.genre = $3 AND i.state IN ('published', 'repealed')"
		 " AND COALESCE(i.written_on, i.formed_on, i.published_on) >= $4"
		 " AND COALESCE(i.written_on, i.formed_on, i.published_on) <= $5",
		 subtree ? "i.agency_id IN (SELECT id FROM sub)" : "i.agency_id = $1");
	return db_query_int(db, sql, p, 5, created) < 0 ? -1 : 0;
}

int item_store_genre_public_by(struct db *db, int64_t agency_id, int subtree, const char *genre,
			       int year, int64_t *count)
{
	char hi[24], sql[1024];
	struct db_param p[4];
	snprintf(hi, sizeof hi, "%04d-12-31", year);
	p[0] = DBP_INT(agency_id);
	p[1] = DBP_INT(AGENCY_MAX_DEPTH);
	p[2] = DBP_TEXT(genre);
	p[3] = DBP_TEXT(hi);
	snprintf(sql, sizeof sql, SUBTREE_CTE "SELECT COUNT(*) FROM items i WHERE %s AND $2 >= 0"
		 " AND i.genre = $3 AND i.state IN ('published', 'repealed') AND i.published_on <= $4",
		 subtree ? "i.agency_id IN (SELECT id FROM sub)" : "i.agency_id = $1");
	return db_query_int(db, sql, p, 4, count) < 0 ? -1 : 0;
}

/* ---------- sections ---------- */

void section_list_free(struct section_list *l)
{
	free(l->items);
	l->items = NULL;
	l->n = l->cap = 0;
}

int section_store_create(struct db *db, const struct section *s, const char *at, int64_t *id)
{
	struct db_param p[6] = {DBP_INT(s->agency_id), opt_id(s->parent_id), DBP_TEXT(s->code),
				DBP_TEXT(s->name), DBP_INT(s->position), DBP_TEXT(at)};
	return db_query_int(db, "INSERT INTO catalog_sections (agency_id, parent_id, code, name,"
			    " position, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
			    p, 6, id) == 0 ? 0 : -1;
}

static void read_section(struct db_stmt *st, struct section *s)
{
	memset(s, 0, sizeof *s);
	s->id = db_col_int(st, 0);
	s->agency_id = db_col_int(st, 1);
	s->parent_id = db_col_int(st, 2);
	str_copy(s->code, db_col_text(st, 3), sizeof s->code);
	str_copy(s->name, db_col_text(st, 4), sizeof s->name);
	s->position = (int)db_col_int(st, 5);
}

int section_store_get(struct db *db, int64_t id, struct section *out)
{
	struct db_param p[1] = {DBP_INT(id)};
	struct db_stmt *st = db_query(db, "SELECT id, agency_id, parent_id, code, name, position"
				      " FROM catalog_sections WHERE id = $1", p, 1);
	int rc;
	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == 1)
		read_section(st, out);
	db_finish(st);
	return rc < 0 ? -1 : rc == 1 ? 0 : 1;
}

int section_store_update(struct db *db, const struct section *s)
{
	struct db_param p[5] = {DBP_INT(s->id), opt_id(s->parent_id), DBP_TEXT(s->code),
				DBP_TEXT(s->name), DBP_INT(s->position)};
	int64_t n = db_exec(db, "UPDATE catalog_sections SET parent_id = $2, code = $3, name = $4,"
			    " position = $5 WHERE id = $1", p, 5);
	return n < 0 ? -1 : n == 1 ? 0 : 1;
}

int section_store_delete(struct db *db, int64_t id)
{
	struct db_param p[1] = {DBP_INT(id)};
	int64_t n = db_exec(db, "DELETE FROM catalog_sections WHERE id = $1"
			    " AND NOT EXISTS (SELECT 1 FROM items WHERE section_id = $1)"
			    " AND NOT EXISTS (SELECT 1 FROM catalog_sections c WHERE c.parent_id = $1)",
			    p, 1);
	return n < 0 ? -1 : n == 1 ? 0 : 1;
}

int section_store_list(struct db *db, int64_t agency_id, struct section_list *out)
{
	struct db_param p[1] = {DBP_INT(agency_id)};
	struct db_stmt *st = db_query(db,
		"SELECT s.id, s.agency_id, s.parent_id, s.code, s.name, s.position,"
		" (SELECT COUNT(*) FROM items i WHERE i.section_id = s.id"
		"  AND i.state IN ('published', 'repealed'))"
		" FROM catalog_sections s WHERE s.agency_id = $1"
		" ORDER BY s.parent_id NULLS FIRST, s.position, s.id", p, 1);
	int rc;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1) {
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 16;
			out->items = xreallocarray(out->items, out->cap, sizeof *out->items);
		}
		read_section(st, &out->items[out->n]);
		out->items[out->n].items = db_col_int(st, 6);
		out->n++;
	}
	db_finish(st);
	return rc < 0 ? -1 : 0;
}

/* ---------- settings, counters ---------- */

int catalog_settings_get(struct db *db, int64_t agency_id, struct catalog_settings *out)
{
	struct db_param p[1] = {DBP_INT(agency_id)};
	struct db_stmt *st;
	int rc;
	memset(out, 0, sizeof *out);
	str_copy(out->index_pattern, "{code}/{year}-{seq:5}", sizeof out->index_pattern);
	st = db_query(db, "SELECT index_pattern, review_stages, guide_html, guide_updated_at"
		      " FROM catalog_settings WHERE agency_id = $1", p, 1);
	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == 1) {
		str_copy(out->index_pattern, db_col_text(st, 0), sizeof out->index_pattern);
		str_copy(out->review_stages, db_col_text(st, 1), sizeof out->review_stages);
		if (!db_col_isnull(st, 2) && db_col_text(st, 2)[0])
			out->guide_html = xstrdup(db_col_text(st, 2));
		str_copy(out->guide_updated_at, db_col_text(st, 3), sizeof out->guide_updated_at);
	}
	db_finish(st);
	return rc < 0 ? -1 : 0;
}

int catalog_settings_put(struct db *db, int64_t agency_id, const struct catalog_settings *s,
			 const char *at)
{
	struct db_param p[6] = {DBP_INT(agency_id), DBP_TEXT(s->index_pattern),
				DBP_TEXT(s->review_stages), DBP_TEXT(s->guide_html ? s->guide_html : ""),
				opt_text(s->guide_updated_at), DBP_TEXT(at)};
	return db_exec(db, "INSERT INTO catalog_settings (agency_id, index_pattern, review_stages,"
		       " guide_html, guide_updated_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)"
		       " ON CONFLICT (agency_id) DO UPDATE SET index_pattern = excluded.index_pattern,"
		       " review_stages = excluded.review_stages, guide_html = excluded.guide_html,"
		       " guide_updated_at = excluded.guide_updated_at, updated_at = excluded.updated_at",
		       p, 6) < 0 ? -1 : 0;
}

int index_counter_next(struct db *db, int64_t agency_id, int year, int64_t *seq)
{
	struct db_param p[2] = {DBP_INT(agency_id), DBP_INT(year)};
	return db_query_int(db, "INSERT INTO index_counters (agency_id, year, next_seq)"
			    " VALUES ($1, $2, 2) ON CONFLICT (agency_id, year)"
			    " DO UPDATE SET next_seq = index_counters.next_seq + 1"
			    " RETURNING next_seq - 1", p, 2, seq) == 0 ? 0 : -1;
}

/* ---------- attachments ---------- */

void attachment_list_free(struct attachment_list *l)
{
	free(l->items);
	l->items = NULL;
	l->n = l->cap = 0;
}

int attachment_store_add(struct db *db, int64_t item_id, const char *filename,
			 const char *content_type, const char *sha256, const void *data,
			 size_t size, int64_t user_id, const char *at, int64_t *file_id)
{
	struct db_param p[7] = {DBP_TEXT(sha256), DBP_TEXT(filename), DBP_TEXT(content_type),
				DBP_INT((int64_t)size), DBP_BLOB(data, size), opt_id(user_id),
				DBP_TEXT(at)};
	struct db_param q[2];
	if (db_query_int(db, "INSERT INTO files (sha256, filename, content_type, size, data,"
			 " created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
			 p, 7, file_id) != 0)
		return -1;
	q[0] = DBP_INT(item_id);
	q[1] = DBP_INT(*file_id);
	return db_exec(db, "INSERT INTO item_attachments (item_id, file_id, position)"
		       " VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM item_attachments"
		       " WHERE item_id = $1))", q, 2) < 0 ? -1 : 0;
}

int attachment_store_list(struct db *db, int64_t item_id, struct attachment_list *out)
{
	struct db_param p[1] = {DBP_INT(item_id)};
	struct db_stmt *st = db_query(db, "SELECT f.id, f.filename, f.content_type, f.size,"
				      " f.sha256, f.created_at FROM item_attachments ia"
				      " JOIN files f ON f.id = ia.file_id WHERE ia.item_id = $1"
				      " ORDER BY ia.position, f.id", p, 1);
	int rc;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1) {
		struct attachment *a;
		a = VEC_PUSH(out);
		a->file_id = db_col_int(st, 0);
		str_copy(a->filename, db_col_text(st, 1), sizeof a->filename);
		str_copy(a->content_type, db_col_text(st, 2), sizeof a->content_type);
		a->size = db_col_int(st, 3);
		str_copy(a->sha256, db_col_text(st, 4), sizeof a->sha256);
		str_copy(a->created_at, db_col_text(st, 5), sizeof a->created_at);
	}
	db_finish(st);
	return rc < 0 ? -1 : 0;
}

int attachment_store_get(struct db *db, int64_t item_id, int64_t file_id,
			 struct attachment *meta, void **data)
{
	struct db_param p[2] = {DBP_INT(item_id), DBP_INT(file_id)};
	struct db_stmt *st = db_query(db, "SELECT f.id, f.filename, f.content_type, f.size,"
				      " f.sha256, f.created_at, f.data FROM item_attachments ia"
				      " JOIN files f ON f.id = ia.file_id"
				      " WHERE ia.item_id = $1 AND ia.file_id = $2", p, 2);
	int rc;
	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == 1) {
		size_t n = 0;
		const void *b;
		memset(meta, 0, sizeof *meta);
		meta->file_id = db_col_int(st, 0);
		str_copy(meta->filename, db_col_text(st, 1), sizeof meta->filename);
		str_copy(meta->content_type, db_col_text(st, 2), sizeof meta->content_type);
		meta->size = db_col_int(st, 3);
		str_copy(meta->sha256, db_col_text(st, 4), sizeof meta->sha256);
		str_copy(meta->created_at, db_col_text(st, 5), sizeof meta->created_at);
		b = db_col_blob(st, 6, &n);
		*data = xmalloc(n ? n : 1);
		if (n)
			memcpy(*data, b, n);
		meta->size = (int64_t)n;
	}
	db_finish(st);
	return rc < 0 ? -1 : rc == 1 ? 0 : 1;
}

int attachment_store_remove(struct db *db, int64_t item_id, int64_t file_id)
{
	struct db_param p[2] = {DBP_INT(item_id), DBP_INT(file_id)};
	int64_t n = db_exec(db, "DELETE FROM item_attachments WHERE item_id = $1 AND file_id = $2",
			    p, 2);
	return n < 0 ? -1 : n == 1 ? 0 : 1;
}
