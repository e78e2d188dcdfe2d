/* search_sqlite.c - the SQLite engine of search (store/search.h): an FTS5
 * table item_fts whose columns hold our tokens as space-separated text
 * (tokenize='ascii' splits on the spaces and leaves every non-ASCII
 * character alone), queried with column-filtered phrases and ranked by
 * bm25 with title and 文号 weighted above the body. */
#include "store/search_impl.h"
#include "store/agencies.h"
#include "store/db.h"
#include "base/str.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* bm25 column weights: t_seq t_uni b_seq b_uni m_seq m_uni */
#define BM25 "bm25(item_fts, 10.0, 10.0, 1.0, 1.0, 5.0, 5.0, 0.0)"

#define SUBTREE_CTE \
	"WITH RECURSIVE sub(id, depth) AS (SELECT id, 0 FROM agencies WHERE id = $1" \
	" UNION ALL SELECT a.id, sub.depth + 1 FROM agencies a JOIN sub ON a.parent_id = sub.id" \
	" WHERE sub.depth < $2) "

int search_sqlite_put(struct db *db, int64_t id, const struct search_doc *d)
{
	struct db_param p[8] = {DBP_INT(id), DBP_TEXT(buf_str(&d->t_seq)), DBP_TEXT(buf_str(&d->t_uni)),
				DBP_TEXT(buf_str(&d->b_seq)), DBP_TEXT(buf_str(&d->b_uni)),
				DBP_TEXT(buf_str(&d->m_seq)), DBP_TEXT(buf_str(&d->m_uni)),
				DBP_TEXT(buf_str(&d->f))};
	return db_exec(db, "INSERT INTO item_fts (rowid, t_seq, t_uni, b_seq, b_uni, m_seq, m_uni, f)"
		       " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", p, 8) < 0 ? -1 : 0;
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
	struct buf match = BUF_INIT(64 * 1024), sql = BUF_INIT(4096);
	struct db_param p[4];
	const char *m;
	int rc = -1, np = 1, filters_only = tq->n == 0;
	int64_t n = 0, cutoff = 0;
	struct db_stmt *st;

	/* Everything - words and filters - is answered by the inverted index;
	 * only public items are in it, so no join is needed. */
	memset(out, 0, sizeof *out);
	match_expr(tq, &match);
	search_filter_match(rq, &match);
	m = buf_str(&match);
	if (filters_only && str_starts(m, " AND "))
		m += 5;
	p[0] = DBP_TEXT(m);

	/* One backwards walk over at most SEARCH_COUNT_CAP + 1 matches gives
	 * the (capped) total and the rowid of the SEARCH_RANK_WINDOW-th newest
	 * match: broad queries are ranked among their newest matches only,
	 * since bm25 over hundreds of thousands of rows would cost seconds. */
	buf_printf(&sql, "SELECT rowid FROM item_fts WHERE item_fts MATCH $1 ORDER BY rowid DESC"
		   " LIMIT %d", SEARCH_COUNT_CAP + 1);
	st = db_query(db, buf_str(&sql), p, 1);
	if (!st)
		goto done;
	while ((rc = db_step(st)) == 1)
		if (++n == SEARCH_RANK_WINDOW)
			cutoff = db_col_int(st, 0);
	db_finish(st);
	if (rc < 0)
		goto done;
	out->capped = n > SEARCH_COUNT_CAP;
	out->total = out->capped ? SEARCH_COUNT_CAP : n;

	buf_reset(&sql);
	if (n > SEARCH_RANK_WINDOW && !filters_only)
		p[np++] = DBP_INT(cutoff);
	p[np] = DBP_INT(rq->per_page);
	p[np + 1] = DBP_INT((int64_t)(rq->page - 1) * rq->per_page);
	if (filters_only)       /* no words to rank by: newest catalogued first */
		buf_printf(&sql, "SELECT rowid, 0 FROM item_fts WHERE item_fts MATCH $1"
			   " ORDER BY rowid DESC LIMIT $%d OFFSET $%d", np + 1, np + 2);
	else
		buf_printf(&sql, "SELECT rowid, " BM25 " AS score FROM item_fts WHERE item_fts MATCH $1%s"
			   " ORDER BY score, rowid LIMIT $%d OFFSET $%d",
			   np == 2 ? " AND rowid >= $2" : "", np + 1, np + 2);
	st = db_query(db, buf_str(&sql), p, np + 2);
	if (!st) {
		rc = -1;
		goto done;
	}
	out->ids = xcalloc((size_t)rq->per_page + 1, sizeof *out->ids);
	out->scores = xcalloc((size_t)rq->per_page + 1, sizeof *out->scores);
	while ((rc = db_step(st)) == 1 && out->n < (size_t)rq->per_page) {
		out->ids[out->n] = db_col_int(st, 0);
		out->scores[out->n] = strtod(db_col_text(st, 1), NULL);
		out->n++;
	}
	db_finish(st);
	rc = rc < 0 ? -1 : 0;
done:
	buf_free(&match);
	buf_free(&sql);
	return rc;
}
