/* search_pg.c - the PostgreSQL engine of search (store/search.h).
 *
 * The tsvector is written as text and cast ('tok':pos weights), so no
 * text-search configuration ever re-parses our tokens. Positions: title
 * seq tokens from 1 (weight A), 文号/索引号 after a gap of 100 (weight
 * B), body after another gap (weight D); every ideograph of the uni
 * streams at position 16383 with weight C, where it can never sit next
 * to a seq token. Phrase terms use <-> between seq tokens restricted to
 * weights ABD; one-ideograph terms match 'x':C. PostgreSQL caps positions
 * at 16383, so phrases deep inside very long bodies may be missed (the
 * words still match as a plain AND). */
#include "store/search_impl.h"
#include "store/agencies.h"
#include "store/db.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PG_POS_MAX 16383

#define SUBTREE_CTE \
	"WITH RECURSIVE sub(id, depth) AS (SELECT id, 0 FROM agencies WHERE id = $1" \
	" UNION ALL SELECT a.id, sub.depth + 1 FROM agencies a JOIN sub ON a.parent_id = sub.id" \
	" WHERE sub.depth < $2) "

/* Append "'tok':posW" for each space-separated token of s from *pos on. */
static void add_stream(struct buf *out, const char *s, int *pos, char weight, int fixed)
{
	while (*s) {
		const char *e = strchr(s, ' ');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		int at = fixed ? PG_POS_MAX : (*pos < PG_POS_MAX ? *pos : PG_POS_MAX);
		if (n) {
			buf_addc(out, '\'');
			buf_add(out, s, n);
			buf_printf(out, "':%d%c ", at, weight);
			if (!fixed)
				(*pos)++;
		}
		s += n;
		while (*s == ' ')
			s++;
	}
}

int search_pg_put(struct db *db, int64_t id, const struct search_doc *d)
{
	struct buf v = BUF_INIT(0);
	struct db_param p[2];
	int pos = 1, rc;
	add_stream(&v, buf_str(&d->t_seq), &pos, 'A', 0);
	pos += 100;
	add_stream(&v, buf_str(&d->m_seq), &pos, 'B', 0);
	pos += 100;
	add_stream(&v, buf_str(&d->b_seq), &pos, 'D', 0);
	add_stream(&v, buf_str(&d->t_uni), &pos, 'C', 1);
	add_stream(&v, buf_str(&d->m_uni), &pos, 'C', 1);
	add_stream(&v, buf_str(&d->b_uni), &pos, 'C', 1);
	p[0] = DBP_INT(id);
	p[1] = DBP_TEXT(buf_str(&v));
	rc = db_exec(db, "INSERT INTO item_search (item_id, tsv) VALUES ($1, $2::tsvector)",
		     p, 2) < 0 ? -1 : 0;
	buf_free(&v);
	return rc;
}

int search_pg_remove(struct db *db, int64_t id)
{
	struct db_param p[1] = {DBP_INT(id)};
	return db_exec(db, "DELETE FROM item_search WHERE item_id = $1", p, 1) < 0 ? -1 : 0;
}

int search_pg_clear(struct db *db)
{
	return db_exec(db, "DELETE FROM item_search", NULL, 0) < 0 ? -1 : 0;
}

static void tsquery_expr(const struct tok_query *tq, struct buf *m)
{
	int i;
	for (i = 0; i < tq->n; i++) {
		const char *s = tq->terms[i].tokens;
		int first = 1;
		if (i)
			buf_adds(m, " & ");
		if (tq->terms[i].kind == TOK_TERM_UNI) {
			buf_printf(m, "'%s':C", s);
			continue;
		}
		buf_addc(m, '(');
		while (*s) {
			const char *e = strchr(s, ' ');
			size_t n = e ? (size_t)(e - s) : strlen(s);
			if (!first)
				buf_adds(m, " <-> ");
			buf_addc(m, '\'');
			buf_add(m, s, n);
			buf_adds(m, tq->terms[i].prefix_last && !s[n] ? "':*ABD" : "':ABD");
			first = 0;
			s += n;
			while (*s == ' ')
				s++;
		}
		buf_addc(m, ')');
	}
}

int search_pg_query(struct db *db, const struct search_request *rq,
		    const struct tok_query *tq, struct search_ids *out)
{
	struct buf match = BUF_INIT(64 * 1024), where = BUF_INIT(4096), sql = BUF_INIT(8192);
	struct db_param p[16];
	char lo[24], hi[24];
	int np = 3, rc = -1;
	int64_t total = 0;
	struct db_stmt *st;

	memset(out, 0, sizeof *out);
	tsquery_expr(tq, &match);
	p[0] = DBP_INT(rq->agency_id);
	p[1] = DBP_INT(AGENCY_MAX_DEPTH);
	p[2] = DBP_TEXT(buf_str(&match));
	search_filter_sql(rq, &where, p, &np, lo, hi);

	buf_printf(&sql, SUBTREE_CTE "SELECT COUNT(*) FROM (SELECT 1 FROM item_search s"
		   " JOIN items i ON i.id = s.item_id WHERE s.tsv @@ $3::tsquery%s LIMIT %d) c",
		   buf_str(&where), SEARCH_COUNT_CAP + 1);
	if (db_query_int(db, buf_str(&sql), p, np, &total) < 0)
		goto done;
	out->capped = total > SEARCH_COUNT_CAP;
	out->total = out->capped ? SEARCH_COUNT_CAP : total;

	buf_reset(&sql);
	p[np] = DBP_INT(rq->per_page);
	p[np + 1] = DBP_INT((int64_t)(rq->page - 1) * rq->per_page);
	/* ts_rank is "bigger is better"; negate so that, as with bm25,
	 * smaller scores rank first. Weights {D, C, B, A}. */
	buf_printf(&sql, SUBTREE_CTE "SELECT i.id, (-ts_rank('{0.1, 0.1, 0.5, 1.0}',"
		   " s.tsv, $3::tsquery))::text AS score FROM item_search s"
		   " JOIN items i ON i.id = s.item_id WHERE s.tsv @@ $3::tsquery%s"
		   " ORDER BY ts_rank('{0.1, 0.1, 0.5, 1.0}', s.tsv, $3::tsquery) DESC, i.id"
		   " LIMIT $%d OFFSET $%d", buf_str(&where), np + 1, np + 2);
	st = db_query(db, buf_str(&sql), p, np + 2);
	if (!st)
		goto done;
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
	buf_free(&where);
	buf_free(&sql);
	return rc;
}
