/* search_sqlite.c - the SQLite engine of search (store/search.h): an FTS5
 * table item_fts whose columns hold our tokens as space-separated text
 * (tokenize='ascii' splits on the spaces and leaves every non-ASCII
 * character alone), queried with column-filtered phrases and ranked by
 * bm25 with title and 文号 weighted above the body. */
#include "store/search_impl.h"
#include "store/agencies.h"
#include "store/db.h"
#include "store/db_impl.h"
#include "base/str.h"
#include "base/xalloc.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------- ranking ----------
 *
 * FTS5's built-in bm25() computes, once per query, the IDF of every
 * phrase with a full query of that phrase over the whole index (its
 * xQueryPhrase pass). On 1,000,000 items that pass dominates: a filter
 * term such as f:"y2022" matches 100,000 rows, a six-character phrase
 * verifies positions in ~40,000, and the rank window of 1,000 rows costs
 * little beside it. gk_rank is bm25 (k1 1.2, b 0.75, the same column
 * weights and document-length normalisation) with every IDF taken as 1:
 * all matches contain every term (AND), so for a query with one word
 * term - the common case - the order is exactly bm25's; with several
 * terms, rare and common terms weigh the same. Its cost is the matched
 * rows' own position lists and sizes only. */

/* column weights: t_seq t_uni b_seq b_uni m_seq m_uni f */
static const double rank_weight[7] = {10.0, 10.0, 1.0, 1.0, 5.0, 5.0, 0.0};
#define RANK_K1 1.2
#define RANK_B 0.75
#define RANK_PHRASES 64     /* TOK_QUERY_TERMS words + at most 5 filters */

static void gk_rank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
		    int nval, sqlite3_value **val)
{
	double *avgdl = api->xGetAuxdata(fts, 0), freq[RANK_PHRASES] = {0}, score = 0;
	int ninst = 0, i, nphrase = api->xPhraseCount(fts), dl = 0;
	(void)nval;
	(void)val;
	if (!avgdl) {
		sqlite3_int64 nrow = 0, ntok = 0;
		avgdl = sqlite3_malloc(sizeof *avgdl);
		if (!avgdl) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
		if (api->xRowCount(fts, &nrow) != SQLITE_OK ||
		    api->xColumnTotalSize(fts, -1, &ntok) != SQLITE_OK)
			nrow = 0;
		*avgdl = nrow > 0 && ntok > 0 ? (double)ntok / (double)nrow : 1.0;
		if (api->xSetAuxdata(fts, avgdl, sqlite3_free) != SQLITE_OK) {
			sqlite3_result_error_nomem(ctx);
			return;
		}
	}
	if (api->xInstCount(fts, &ninst) != SQLITE_OK || api->xColumnSize(fts, -1, &dl) != SQLITE_OK) {
		sqlite3_result_error(ctx, "gk_rank: cannot read the row", -1);
		return;
	}
	for (i = 0; i < ninst; i++) {
		int ip, ic, io;
		if (api->xInst(fts, i, &ip, &ic, &io) == SQLITE_OK && ip >= 0 && ip < RANK_PHRASES &&
		    ic >= 0 && ic < 7)
			freq[ip] += rank_weight[ic];
	}
	for (i = 0; i < nphrase && i < RANK_PHRASES; i++)
		if (freq[i] > 0)
			score += freq[i] * (RANK_K1 + 1) /
				 (freq[i] + RANK_K1 * (1 - RANK_B + RANK_B * (double)dl / *avgdl));
	sqlite3_result_double(ctx, -score);      /* smaller is better, as bm25 */
}

/* Make gk_rank known to this connection (once: later calls find it). */
static int rank_register(struct db *db)
{
	sqlite3 *h = db_sqlite_handle(db);
	sqlite3_stmt *st;
	fts5_api *api = NULL;
	if (!h)
		return -1;
	if (sqlite3_prepare_v2(h, "SELECT gk_rank(item_fts) FROM item_fts WHERE 0", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_finalize(st);
		return 0;
	}
	if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!api || api->iVersion < 2)
		return -1;
	return api->xCreateFunction(api, "gk_rank", NULL, gk_rank, NULL) == SQLITE_OK ? 0 : -1;
}

#define RANK "gk_rank(item_fts)"

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

struct ranked {
	int64_t id;
	double score;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

int search_sqlite_query(struct db *db, const struct search_request *rq,
			const struct tok_query *tq, struct search_ids *out)
{
	struct buf match = BUF_INIT(64 * 1024);
	struct db_param p[4];
	struct ranked *v = xreallocarray(NULL, SEARCH_COUNT_CAP + 1, sizeof *v);
	const char *m;
	int rc = -1, filters_only = tq->n == 0;
	int64_t n = 0, more = 0, from, i;
	struct db_stmt *st;

	/* Everything - words and filters - is answered by the inverted index;
	 * only public items are in it, so no join is needed. */
	memset(out, 0, sizeof *out);
	if (!filters_only && rank_register(db) < 0) {
		db_set_error(db, DB_ERR_OTHER, "cannot register the search rank function");
		goto done;
	}
	match_expr(tq, &match);
	search_filter_match(rq, &match);
	m = buf_str(&match);
	if (filters_only && str_starts(m, " AND "))
		m += 5;
	p[0] = DBP_TEXT(m);

	/* One backwards walk (FTS5 walks rowids downwards cheaply) over at most
	 * SEARCH_COUNT_CAP + 1 matches gives the (capped) total and, for word
	 * queries, the scores of the SEARCH_RANK_WINDOW newest matches: broad
	 * queries are ranked among their newest matches only, since scoring
	 * hundreds of thousands of rows would cost seconds. Without words the
	 * order is simply newest first. */
	if (filters_only) {
		p[1] = DBP_INT(SEARCH_COUNT_CAP + 1);
		st = db_query(db, "SELECT rowid FROM item_fts WHERE item_fts MATCH $1"
			      " ORDER BY rowid DESC LIMIT $2", p, 2);
	} else {
		p[1] = DBP_INT(SEARCH_RANK_WINDOW);
		st = db_query(db, "SELECT rowid, " RANK " FROM item_fts WHERE item_fts MATCH $1"
			      " ORDER BY rowid DESC LIMIT $2", p, 2);
	}
	if (!st)
		goto done;
	while ((rc = db_step(st)) == 1) {
		v[n].id = db_col_int(st, 0);
		v[n].score = filters_only ? 0 : strtod(db_col_text(st, 1), NULL);
		n++;
	}
	db_finish(st);
	if (rc < 0)
		goto done;
	if (!filters_only && n == SEARCH_RANK_WINDOW) {
		/* the rest of the count, below the window */
		p[1] = DBP_INT(v[n - 1].id);
		p[2] = DBP_INT(SEARCH_COUNT_CAP + 1 - SEARCH_RANK_WINDOW);
		st = db_query(db, "SELECT rowid FROM item_fts WHERE item_fts MATCH $1 AND rowid < $2"
			      " ORDER BY rowid DESC LIMIT $3", p, 3);
		if (!st) {
			rc = -1;
			goto done;
		}
		while ((rc = db_step(st)) == 1)
			more++;
		db_finish(st);
		if (rc < 0)
			goto done;
	}
	out->capped = n + more > SEARCH_COUNT_CAP;
	out->total = out->capped ? SEARCH_COUNT_CAP : n + more;
	out->ids = xcalloc((size_t)rq->per_page + 1, sizeof *out->ids);
	out->scores = xcalloc((size_t)rq->per_page + 1, sizeof *out->scores);
	from = (int64_t)(rq->page - 1) * rq->per_page;
	if (!filters_only)
		qsort(v, (size_t)n, sizeof *v, cmp_ranked);
	if (filters_only && n > SEARCH_COUNT_CAP && from + rq->per_page > SEARCH_COUNT_CAP) {
		/* a listing page beyond the walk: ask for it directly */
		p[1] = DBP_INT(rq->per_page);
		p[2] = DBP_INT(from);
		st = db_query(db, "SELECT rowid FROM item_fts WHERE item_fts MATCH $1"
			      " ORDER BY rowid DESC LIMIT $2 OFFSET $3", p, 3);
		if (!st) {
			rc = -1;
			goto done;
		}
		while ((rc = db_step(st)) == 1 && out->n < (size_t)rq->per_page)
			out->ids[out->n++] = db_col_int(st, 0);
		db_finish(st);
		rc = rc < 0 ? -1 : 0;
		goto done;
	}
	for (i = from; i < n && out->n < (size_t)rq->per_page; i++) {
		out->ids[out->n] = v[i].id;
		out->scores[out->n] = v[i].score;
		out->n++;
	}
	rc = 0;
done:
	free(v);
	buf_free(&match);
	return rc;
}
