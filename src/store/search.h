/* search.h - full-text search over public catalog items.
 *
 * One tokenizer (base/tokenize.h) feeds both engines: SQLite keeps the
 * token streams in the FTS5 table item_fts (tokenize='ascii', so FTS5
 * only splits our space-separated tokens) and ranks with gk_rank (bm25
 * without IDF, search_sqlite.c); PostgreSQL
 * keeps a tsvector built from the same tokens ('token':position, never
 * parsed by a text-search configuration) in item_search with a GIN index
 * and ranks with ts_rank. Very broad queries are ranked among their newest
 * SEARCH_RANK_WINDOW matches; pages beyond the window are empty. Only public items (published, repealed) are
 * indexed; search_index_item() is called whenever an item's state or text
 * changes, inside the same transaction.
 *
 * Fields indexed: title (weight 10), 文号 and 索引号 (weight 5), body
 * text with tags removed (weight 1). Every query term must match (AND);
 * see tokenize_query() for what a term is. */
#ifndef GK_STORE_SEARCH_H
#define GK_STORE_SEARCH_H

#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"
#include "store/items.h"

struct db;

#define SEARCH_PER_PAGE_MAX 50
#define SEARCH_PAGE_MAX 500          /* pages beyond are refused by callers */
#define SEARCH_COUNT_CAP 2000        /* totals above are reported as the cap */
#define SEARCH_SNIPPET_CHARS 80      /* code points around the first match */
/* Queries matching more than this are ranked among their newest
 * SEARCH_RANK_WINDOW matches only (SQLite engine; see docs/catalog.md). */
#define SEARCH_RANK_WINDOW 1000

struct search_request {
	const char *q;                   /* user text; NULL/"": filters only (newest first) */
	int64_t agency_id;               /* 0: all; else the agency and its subtree */
	int64_t section_id;              /* 0: any */
	int year;                        /* of 发布日期; 0: any */
	const char *genre;               /* NULL/"": any */
	const char *validity;            /* NULL/"": any */
	int page;                        /* 1-based */
	int per_page;                    /* 1..SEARCH_PER_PAGE_MAX (0: 10) */
};

struct search_hit {
	struct item item;                /* without body */
	double score;                    /* smaller is better (bm25 sign) */
	char *title_html;                /* title, HTML-escaped, matches in <mark> */
	char *snippet_html;              /* body excerpt, HTML-escaped, <mark> */
};

struct search_result {
	struct search_hit *hits;
	size_t n;
	int64_t total;                   /* matches (capped at SEARCH_COUNT_CAP) */
	int total_capped;                /* 1 if there may be more than total */
	int page, per_page;
};

void search_result_free(struct search_result *r);

/* Run a search. 0 or -1 (database error). */
int search_run(struct db *db, const struct search_request *rq, struct search_result *out);

/* Bring the index entry of one item up to date inside the caller's
 * transaction: (re)index it if public, else remove it. 0, or -1. */
int search_index_item(struct db *db, int64_t item_id);
/* Rebuild the whole index (one transaction per 5000 items is the
 * caller's business: this runs in whatever transaction is open). Sets
 * *count to the items indexed. 0 or -1. */
int search_reindex(struct db *db, int64_t *count);

/* The plain text of sanitized HTML: tags removed, the common entities
 * decoded, block ends as newlines. Appends to out; -1 if out is full. */
int search_html_text(const char *html, size_t n, struct buf *out);

/* Highlight the query's terms in text: HTML-escaped text (or a window of
 * `window` code points around the first match, 0 = all of it), matches
 * wrapped in <mark>...</mark>. Returns a malloc'd string. */
struct tok_query;
char *search_highlight(const char *text, size_t n, const struct tok_query *q, int window);

#endif
