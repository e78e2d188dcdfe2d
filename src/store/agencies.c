/* agencies.c - the agency tree in the database (store/agencies.h). */
#include "store/agencies.h"
#include "store/db.h"
#include "base/vec.h"
#include "base/str.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define AGENCY_COLS "a.id, a.parent_id, a.code, a.name, a.kind, a.disabled, a.created_at"

void agency_list_free(struct agency_list *l)
{
	free(l->items);
	l->items = NULL;
	l->n = l->cap = 0;
}

static struct agency *list_push(struct agency_list *l)
{
	return VEC_PUSH(l);
}

/* Fill a from the current row (columns as AGENCY_COLS). */
static void row_to_agency(struct db_stmt *st, struct agency *a)
{
	a->id = db_col_int(st, 0);
	a->parent_id = db_col_isnull(st, 1) ? 0 : db_col_int(st, 1);
	str_copy(a->code, db_col_text(st, 2), sizeof a->code);
	str_copy(a->name, db_col_text(st, 3), sizeof a->name);
	str_copy(a->kind, db_col_text(st, 4), sizeof a->kind);
	a->disabled = (int)db_col_int(st, 5);
	str_copy(a->created_at, db_col_text(st, 6), sizeof a->created_at);
}

/* Run a query whose first columns are AGENCY_COLS; append rows to out. */
static int query_list(struct db *db, const char *sql, const struct db_param *p, int np,
		      struct agency_list *out)
{
	struct db_stmt *st = db_query(db, sql, p, np);
	int rc;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1)
		row_to_agency(st, list_push(out));
	db_finish(st);
	return rc < 0 ? -1 : 0;
}

static int query_one(struct db *db, const char *sql, const struct db_param *p, int np,
		     struct agency *out)
{
	struct db_stmt *st = db_query(db, sql, p, np);
	int rc;
	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == 1) {
		memset(out, 0, sizeof *out);
		row_to_agency(st, out);
	}
	db_finish(st);
	return rc < 0 ? -1 : rc == 1 ? 0 : 1;
}

/* Depth-first walk for agency_list_sort_tree: append the subtree of
 * items[i] to dst. The list is small (agencies of one city), so the
 * quadratic child search is fine. */
static void walk(const struct agency_list *src, size_t i, int depth, char *done,
		 struct agency_list *dst)
{
	size_t j;
	struct agency *a;
	if (done[i] || depth > AGENCY_MAX_DEPTH)
		return;
	done[i] = 1;
	a = list_push(dst);
	*a = src->items[i];
	a->depth = depth;
	for (j = 0; j < src->n; j++)
		if (!done[j] && src->items[j].parent_id == src->items[i].id)
			walk(src, j, depth + 1, done, dst);
}

static int by_id(const void *x, const void *y)
{
	const struct agency *a = x, *b = y;
	return a->id < b->id ? -1 : a->id > b->id;
}

void agency_list_sort_tree(struct agency_list *l)
{
	struct agency_list out = {0};
	char *done;
	size_t i, j;
	if (l->n < 1)
		return;
	qsort(l->items, l->n, sizeof l->items[0], by_id);
	done = xcalloc(l->n, 1);
	for (i = 0; i < l->n; i++) {
		int has_parent = 0;
		for (j = 0; j < l->n && !has_parent; j++)
			has_parent = l->items[j].id == l->items[i].parent_id;
		if (!has_parent)
			walk(l, i, 0, done, &out);
	}
	for (i = 0; i < l->n; i++)        /* cycles without a root: keep them */
		if (!done[i])
			walk(l, i, 0, done, &out);
	free(done);
	free(l->items);
	*l = out;
}

int agency_store_create(struct db *db, int64_t parent_id, const char *code,
			const char *name, const char *kind, const char *created_at,
			int64_t *id)
{
	struct db_param p[5] = {
		parent_id > 0 ? DBP_INT(parent_id) : DBP_NULL,
		DBP_TEXT(code), DBP_TEXT(name), DBP_TEXT(kind), DBP_TEXT(created_at)
	};
	return db_query_int(db,
		"INSERT INTO agencies (parent_id, code, name, kind, created_at) "
		"VALUES ($1, $2, $3, $4, $5) RETURNING id", p, 5, id) == 0 ? 0 : -1;
}

int agency_store_get(struct db *db, int64_t id, struct agency *out)
{
	struct db_param p[1] = {DBP_INT(id)};
	return query_one(db, "SELECT " AGENCY_COLS " FROM agencies a WHERE a.id = $1",
			 p, 1, out);
}

int agency_store_find_code(struct db *db, const char *code, struct agency *out)
{
	struct db_param p[1] = {DBP_TEXT(code)};
	return query_one(db, "SELECT " AGENCY_COLS " FROM agencies a WHERE a.code = $1",
			 p, 1, out);
}

int agency_store_children(struct db *db, int64_t id, struct agency_list *out)
{
	struct db_param p[1] = {DBP_INT(id)};
	if (id <= 0)
		return query_list(db, "SELECT " AGENCY_COLS " FROM agencies a "
				  "WHERE a.parent_id IS NULL ORDER BY a.id", NULL, 0, out);
	return query_list(db, "SELECT " AGENCY_COLS " FROM agencies a "
			  "WHERE a.parent_id = $1 ORDER BY a.id", p, 1, out);
}

int agency_store_subtree(struct db *db, int64_t id, struct agency_list *out)
{
	struct agency_list tmp = {0};
	struct db_param p[2] = {DBP_INT(id), DBP_INT(AGENCY_MAX_DEPTH)};
	size_t i;
	if (query_list(db,
		"WITH RECURSIVE down(id, depth) AS ("
		" SELECT id, 0 FROM agencies WHERE id = $1"
		" UNION ALL"
		" SELECT c.id, down.depth + 1 FROM agencies c JOIN down ON c.parent_id = down.id"
		" WHERE down.depth < $2)"
		" SELECT " AGENCY_COLS " FROM agencies a JOIN down ON a.id = down.id",
		p, 2, &tmp)) {
		agency_list_free(&tmp);
		return -1;
	}
	agency_list_sort_tree(&tmp);
	for (i = 0; i < tmp.n; i++)
		*list_push(out) = tmp.items[i];
	agency_list_free(&tmp);
	return 0;
}

int agency_store_all(struct db *db, struct agency_list *out)
{
	struct agency_list tmp = {0};
	size_t i;
	if (query_list(db, "SELECT " AGENCY_COLS " FROM agencies a", NULL, 0, &tmp)) {
		agency_list_free(&tmp);
		return -1;
	}
	agency_list_sort_tree(&tmp);
	for (i = 0; i < tmp.n; i++)
		*list_push(out) = tmp.items[i];
	agency_list_free(&tmp);
	return 0;
}

int agency_store_visible(struct db *db, int64_t user_id, struct agency_list *out)
{
	struct agency_list tmp = {0};
	struct db_param p[2] = {DBP_INT(user_id), DBP_INT(AGENCY_MAX_DEPTH)};
	size_t i;
	if (query_list(db,
		"WITH RECURSIVE down(id, depth) AS ("
		" SELECT r.agency_id, 0 FROM user_roles r"
		"  WHERE r.user_id = $1 AND r.role IN ('supervisor', 'admin')"
		" UNION"
		" SELECT c.id, down.depth + 1 FROM agencies c JOIN down ON c.parent_id = down.id"
		" WHERE down.depth < $2)"
		" SELECT " AGENCY_COLS " FROM agencies a"
		" WHERE a.id IN (SELECT id FROM down)"
		"  OR a.id IN (SELECT agency_id FROM user_roles WHERE user_id = $1)",
		p, 2, &tmp)) {
		agency_list_free(&tmp);
		return -1;
	}
	agency_list_sort_tree(&tmp);
	for (i = 0; i < tmp.n; i++)
		*list_push(out) = tmp.items[i];
	agency_list_free(&tmp);
	return 0;
}
