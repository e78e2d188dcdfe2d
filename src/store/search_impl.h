/* search_impl.h - what each search engine provides (internal to
 * store/search*.c). A document is the token streams of one item. */
#ifndef GK_SEARCH_IMPL_H
#define GK_SEARCH_IMPL_H

#include "base/buf.h"
#include "base/tokenize.h"
#include "store/db.h"
#include "store/search.h"

struct search_doc {
	struct buf t_seq, t_uni;     /* title */
	struct buf b_seq, b_uni;     /* body text */
	struct buf m_seq, m_uni;     /* 文号, 索引号 */
	struct buf f;                /* filter tokens (SQLite): a<id>... s<id> y<year> g<hex> v<validity> */
};

/* Matching ids in rank order for one page, and the capped total. */
struct search_ids {
	int64_t *ids;
	double *scores;
	size_t n;
	int64_t total;
	int capped;
};

int search_sqlite_put(struct db *db, int64_t id, const struct search_doc *d);
int search_sqlite_remove(struct db *db, int64_t id);
int search_sqlite_clear(struct db *db);
int search_sqlite_query(struct db *db, const struct search_request *rq,
			const struct tok_query *tq, struct search_ids *out);

int search_pg_put(struct db *db, int64_t id, const struct search_doc *d);
int search_pg_remove(struct db *db, int64_t id);
int search_pg_clear(struct db *db);
int search_pg_query(struct db *db, const struct search_request *rq,
		    const struct tok_query *tq, struct search_ids *out);

/* The filter tokens of an item (see struct search_doc) appended to out;
 * agency ancestors looked up in the database. 0 or -1. */
int search_filter_tokens(struct db *db, int64_t agency_id, int64_t section_id,
			 const char *published_on, const char *genre, const char *validity,
			 struct buf *out);
/* The filter terms of a request as an FTS5 expression ("" if none). */
void search_filter_match(const struct search_request *rq, struct buf *m);

/* Shared by both engines: the filter part of the WHERE clause over items
 * i (agency subtree via a CTE "sub" on $1/$2), parameters appended from
 * index *np. */
void search_filter_sql(const struct search_request *rq, struct buf *where,
		       struct db_param *p, int *np, char *lo, char *hi);

#endif
