/* search_sqlite.c - the SQLite engine of search (store/search.h): an FTS5
 * table item_fts whose columns hold our tokens as space-separated text
 * (tokenize='ascii' splits on the spaces and leaves every non-ASCII
 * character alone), queried with column-filtered phrases and ranked by
 * bm25 with title and 文号 weighted above the body. */
#include "store/search_impl.h"
#include "store/agencies.h"
#include "store/db.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* bm25 column weights: t_seq t_uni b_seq b_uni m_seq m_uni */
#define BM25 "bm25(item_fts, 10.0, 10.0, 1.0, 1.0, 5.0, 5.0)"

#define SUBTREE_CTE \
	"WITH RECURSIVE sub(id, depth) AS (SELECT id, 0 FROM agencies WHERE id = $1" \
	" UNION ALL SELECT a.id, sub.depth + 1 FROM agencies a JOIN sub ON a.parent_id = sub.id" \
	" WHERE sub.depth < $2) "

int search_sqlite_put(struct db *db, int64_t id, const struct search_doc *d)
{
	struct db_param p[7] = {DBP_INT(id), DBP_TEXT(buf_str(&d->t_seq)), DBP_TEXT(buf_str(&d->t_uni)),
				DBP_TEXT(buf_str(&d->b_seq)), DBP_TEXT(buf_str(&d->b_uni)),
				DBP_TEXT(buf_str(&d->m_seq)), DBP_TEXT(buf_str(&d->m_uni))};
	return db_exec(db, "INSERT INTO item_fts (rowid, t_seq, t_uni, b_seq, b_uni, m_seq, m_uni)"
		       " VALUES ($1, $2, $3, $4, $5, $6, $7)", p, 7) < 0 ? -1 : 0;
}

int search_sqlite_remove(struct db *db, int64_t id)
{
	struct db_param p[1] = {DBP_INT(id)};
	return db_exec(db, "DELETE FROM item_fts WHERE rowid = $1", p, 1) < 0 ? -1 : 0;
}

int search_sqlite_clear(struct db *db)
{
	return db_exec(db, "DELETE FROM item_fts", NULL, 0) < 0 ? -1 : 0;
}

/* The FTS5 MATCH expression of a tokenized query. Tokens contain no '"'
 * (base/tokenize.h), so quoting them is enough. */
static void match_expr(const struct tok_query *tq, struct buf *m)
{
	int i;
	for (i = 0; i < tq->n; i++) {
		if (i)
			buf_adds(m, " AND ");
		if (tq->terms[i].kind == TOK_TERM_UNI)
			buf_printf(m, "{t_uni b_uni m_uni} : \"%s\"", tq->terms[i].tokens);
		else
			buf_printf(m, "{t_seq b_seq m_seq} : \"%s\"%s", tq->terms[i].tokens,
				   tq->terms[i].prefix_last ? " *" : "");
	}
}

int search_sqlite_query(struct db *db, const struct search_request *rq,
			const struct tok_query *tq, struct search_ids *out)
{
	struct buf match = BUF_INIT(64 * 1024), where = BUF_INIT(4096), sql = BUF_INIT(8192);
	struct db_param p[16];
	char lo[24], hi[24];
	int np = 3, rc = -1;
	int64_t total = 0;
	struct db_stmt *st;

	memset(out, 0, sizeof *out);
	match_expr(tq, &match);
	p[0] = DBP_INT(rq->agency_id);
	p[1] = DBP_INT(AGENCY_MAX_DEPTH);
	p[2] = DBP_TEXT(buf_str(&match));
	search_filter_sql(rq, &where, p, &np, lo, hi);

	/* Total, capped so that a query matching half the catalog stays cheap. */
	buf_printf(&sql, SUBTREE_CTE "SELECT COUNT(*) FROM (SELECT 1 FROM item_fts"
		   " JOIN items i ON i.id = item_fts.rowid WHERE item_fts MATCH $3%s LIMIT %d)",
		   buf_str(&where), SEARCH_COUNT_CAP + 1);
	if (db_query_int(db, buf_str(&sql), p, np, &total) < 0)
		goto done;
	out->capped = total > SEARCH_COUNT_CAP;
	out->total = out->capped ? SEARCH_COUNT_CAP : total;

	/* Broad queries: rank only the newest SEARCH_RANK_WINDOW matches
	 * (by rowid, i.e. cataloguing order), which FTS5 finds by walking
	 * its doclists backwards; computing bm25 over hundreds of thousands
	 * of matches would cost seconds. */
	if (total > SEARCH_RANK_WINDOW) {
		int64_t cutoff = 0;
		buf_reset(&sql);
		buf_printf(&sql, SUBTREE_CTE "SELECT item_fts.rowid FROM item_fts"
			   " JOIN items i ON i.id = item_fts.rowid WHERE item_fts MATCH $3%s"
			   " ORDER BY item_fts.rowid DESC LIMIT 1 OFFSET %d",
			   buf_str(&where), SEARCH_RANK_WINDOW - 1);
		if (db_query_int(db, buf_str(&sql), p, np, &cutoff) < 0)
			goto done;
		p[np] = DBP_INT(cutoff);
		np++;
		buf_printf(&where, " AND item_fts.rowid >= $%d", np);
	}

	buf_reset(&sql);
	p[np] = DBP_INT(rq->per_page);
	p[np + 1] = DBP_INT((int64_t)(rq->page - 1) * rq->per_page);
	buf_printf(&sql, SUBTREE_CTE "SELECT i.id, " BM25 " AS score FROM item_fts"
		   " JOIN items i ON i.id = item_fts.rowid WHERE item_fts MATCH $3%s"
		   " ORDER BY score, i.id LIMIT $%d OFFSET $%d", buf_str(&where), np + 1, np + 2);
	st = db_query(db, buf_str(&sql), p, np + 2);
	if (!st)
		goto done;
	out->ids = xcalloc((size_t)rq->per_page + 1, sizeof *out->ids);
	out->scores = xcalloc((size_t)rq->per_page + 1, sizeof *out->scores);
	while ((rc = db_step(st)) == 1 && out->n < (size_t)rq->per_page) {
		out->ids[out->n] = db_col_int(st, 0);
		/* scores only order results; keep them as the integer part of
		 * bm25 * 1e6 since db.h reads integers and text */
		out->scores[out->n] = strtod(db_col_text(st, 1), NULL);
		out->n++;
	}
	db_finish(st);
	rc = rc < 0 ? -1 : 0;
done:
	buf_free(&match);
	buf_free(&where);
	buf_free(&sql);
	return rc;
}
