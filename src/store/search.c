/* search.c - engine-independent half of search (store/search.h): building
 * token streams for an item, dispatching to the engine, loading the hits,
 * and highlighting. */
#include "store/search_impl.h"
#include "store/agencies.h"
#include "store/db.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "base/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DOC_STREAM_MAX (8u * 1024 * 1024)

void search_result_free(struct search_result *r)
{
	size_t i;
	for (i = 0; i < r->n; i++) {
		item_clear(&r->hits[i].item);
		free(r->hits[i].title_html);
		free(r->hits[i].snippet_html);
	}
	free(r->hits);
	memset(r, 0, sizeof *r);
}

/* ---------- HTML to text ---------- */

static const struct {
	const char *name;
	const char *text;
} entities[] = {
	{"amp;", "&"}, {"lt;", "<"}, {"gt;", ">"}, {"quot;", "\""}, {"#39;", "'"},
	{"apos;", "'"}, {"nbsp;", " "}, {"ldquo;", "\xE2\x80\x9C"}, {"rdquo;", "\xE2\x80\x9D"},
};

int search_html_text(const char *html, size_t n, struct buf *out)
{
	size_t i = 0;
	while (i < n) {
		char c = html[i];
		if (c == '<') {
			const char *end = memchr(html + i, '>', n - i);
			size_t k = end ? (size_t)(end - (html + i)) + 1 : n - i;
			/* block-level ends become line breaks so words do not join */
			if (k > 2 && (html[i + 1] == '/' || !strncmp(html + i + 1, "br", 2)))
				buf_addc(out, '\n');
			i += k;
			continue;
		}
		if (c == '&') {
			size_t e;
			int done = 0;
			for (e = 0; e < sizeof entities / sizeof entities[0]; e++) {
				size_t l = strlen(entities[e].name);
				if (n - i - 1 >= l && !memcmp(html + i + 1, entities[e].name, l)) {
					buf_adds(out, entities[e].text);
					i += l + 1;
					done = 1;
					break;
				}
			}
			if (done)
				continue;
		}
		if (buf_addc(out, c) < 0)
			return -1;
		i++;
	}
	return out->overflow ? -1 : 0;
}

/* ---------- index maintenance ---------- */

static void doc_init(struct search_doc *d)
{
	buf_init(&d->t_seq, DOC_STREAM_MAX);
	buf_init(&d->t_uni, DOC_STREAM_MAX);
	buf_init(&d->b_seq, DOC_STREAM_MAX);
	buf_init(&d->b_uni, DOC_STREAM_MAX);
	buf_init(&d->m_seq, DOC_STREAM_MAX);
	buf_init(&d->m_uni, DOC_STREAM_MAX);
	buf_init(&d->f, DOC_STREAM_MAX);
}

static void doc_free(struct search_doc *d)
{
	buf_free(&d->t_seq);
	buf_free(&d->t_uni);
	buf_free(&d->b_seq);
	buf_free(&d->b_uni);
	buf_free(&d->m_seq);
	buf_free(&d->m_uni);
	buf_free(&d->f);
}

static void doc_build(struct search_doc *d, const char *title, const char *body_html,
		      const char *doc_no, const char *index_no)
{
	struct buf text = BUF_INIT(DOC_STREAM_MAX);
	search_html_text(body_html, strlen(body_html), &text);
	tokenize_fields(title, strlen(title), &d->t_seq, &d->t_uni);
	tokenize_fields(buf_str(&text), text.len, &d->b_seq, &d->b_uni);
	tokenize_fields(doc_no, strlen(doc_no), &d->m_seq, &d->m_uni);
	/* a break between 文号 and 索引号 is harmless: no phrase spans both */
	tokenize_fields(index_no, strlen(index_no), &d->m_seq, &d->m_uni);
	buf_free(&text);
}

static void hex_token(struct buf *out, char prefix, const char *s)
{
	buf_addc(out, prefix);
	for (; *s; s++)
		buf_printf(out, "%02x", (unsigned char)*s);
}

int search_filter_tokens(struct db *db, int64_t agency_id, int64_t section_id,
			 const char *published_on, const char *genre, const char *validity,
			 struct buf *out)
{
	struct db_param p[2] = {DBP_INT(agency_id), DBP_INT(AGENCY_MAX_DEPTH)};
	struct db_stmt *st = db_query(db, "WITH RECURSIVE up(id, depth) AS ("
				      " SELECT id, 0 FROM agencies WHERE id = $1 UNION ALL"
				      " SELECT a.parent_id, up.depth + 1 FROM agencies a JOIN up ON a.id = up.id"
				      " WHERE a.parent_id IS NOT NULL AND up.depth < $2) SELECT id FROM up", p, 2);
	int rc;
	if (!st)
		return -1;
	while ((rc = db_step(st)) == 1)
		buf_printf(out, "%sa%lld", out->len ? " " : "", (long long)db_col_int(st, 0));
	db_finish(st);
	if (rc < 0)
		return -1;
	if (section_id > 0)
		buf_printf(out, " s%lld", (long long)section_id);
	if (published_on && strlen(published_on) >= 4)
		buf_printf(out, " y%.4s", published_on);
	if (genre && genre[0]) {
		buf_addc(out, ' ');
		hex_token(out, 'g', genre);
	}
	if (validity && validity[0]) {
		buf_addc(out, ' ');
		hex_token(out, 'v', validity);
	}
	return 0;
}

void search_filter_match(const struct search_request *rq, struct buf *m)
{
	if (rq->agency_id > 0)
		buf_printf(m, " AND f : \"a%lld\"", (long long)rq->agency_id);
	if (rq->section_id > 0)
		buf_printf(m, " AND f : \"s%lld\"", (long long)rq->section_id);
	if (rq->year > 0 && rq->year < 10000)
		buf_printf(m, " AND f : \"y%04d\"", rq->year);
	if (rq->genre && rq->genre[0]) {
		buf_adds(m, " AND f : \"");
		hex_token(m, 'g', rq->genre);
		buf_addc(m, '"');
	}
	if (rq->validity && rq->validity[0]) {
		buf_adds(m, " AND f : \"");
		hex_token(m, 'v', rq->validity);
		buf_addc(m, '"');
	}
}

static int engine_put(struct db *db, int64_t id, const struct search_doc *d)
{
	return db_engine(db) == DB_POSTGRES ? search_pg_put(db, id, d) : search_sqlite_put(db, id, d);
}

static int engine_remove(struct db *db, int64_t id)
{
	return db_engine(db) == DB_POSTGRES ? search_pg_remove(db, id) : search_sqlite_remove(db, id);
}

int search_index_item(struct db *db, int64_t item_id)
{
	struct db_param p[1] = {DBP_INT(item_id)};
	struct db_stmt *st;
	struct search_doc d;
	int rc, pub = 0;
	int64_t agency = 0, section = 0;
	char published[16] = "", genre[ITEM_FIELD_MAX] = "", validity[16] = "";

	if (engine_remove(db, item_id) < 0)
		return -1;
	st = db_query(db, "SELECT title, body_html, doc_no, index_no, state, agency_id, section_id,"
		      " published_on, genre, validity FROM items WHERE id = $1", p, 1);
	if (!st)
		return -1;
	rc = db_step(st);
	if (rc == 1) {
		const char *state = db_col_text(st, 4);
		pub = !strcmp(state, "published") || !strcmp(state, "repealed");
		if (pub) {
			doc_init(&d);
			doc_build(&d, db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2),
				  db_col_text(st, 3));
			agency = db_col_int(st, 5);
			section = db_col_int(st, 6);
			str_copy(published, db_col_text(st, 7), sizeof published);
			str_copy(genre, db_col_text(st, 8), sizeof genre);
			str_copy(validity, db_col_text(st, 9), sizeof validity);
		}
	}
	db_finish(st);
	if (rc < 0) {
		if (pub)
			doc_free(&d);
		return -1;
	}
	if (!pub)
		return 0;
	if (db_engine(db) == DB_SQLITE &&
	    search_filter_tokens(db, agency, section, published, genre, validity, &d.f) < 0) {
		doc_free(&d);
		return -1;
	}
	rc = engine_put(db, item_id, &d);
	doc_free(&d);
	return rc;
}

#define REINDEX_BATCH 2000

int search_reindex(struct db *db, int64_t *count)
{
	struct pending {
		int64_t id, agency, section;
		char published[16], genre[ITEM_FIELD_MAX], validity[16];
		struct search_doc d;
	} *v = xreallocarray(NULL, REINDEX_BATCH, sizeof *v);
	int64_t last = 0;
	int bad = 0;

	*count = 0;
	if ((db_engine(db) == DB_POSTGRES ? search_pg_clear(db) : search_sqlite_clear(db)) < 0)
		bad = 1;
	while (!bad) {
		struct db_param p[2] = {DBP_INT(last), DBP_INT(REINDEX_BATCH)};
		struct db_stmt *st;
		size_t n = 0, i;
		int rc;
		/* Read a batch, close the cursor, then write: never write while
		 * a cursor is open on the same connection. */
		st = db_query(db, "SELECT id, title, body_html, doc_no, index_no, agency_id, section_id,"
			      " published_on, genre, validity FROM items"
			      " WHERE state IN ('published', 'repealed') AND id > $1"
			      " ORDER BY id LIMIT $2", p, 2);
		if (!st) {
			bad = 1;
			break;
		}
		while ((rc = db_step(st)) == 1) {
			v[n].id = db_col_int(st, 0);
			doc_init(&v[n].d);
			doc_build(&v[n].d, db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3),
				  db_col_text(st, 4));
			v[n].agency = db_col_int(st, 5);
			v[n].section = db_col_int(st, 6);
			str_copy(v[n].published, db_col_text(st, 7), sizeof v[n].published);
			str_copy(v[n].genre, db_col_text(st, 8), sizeof v[n].genre);
			str_copy(v[n].validity, db_col_text(st, 9), sizeof v[n].validity);
			n++;
		}
		db_finish(st);
		if (rc < 0)
			bad = 1;
		for (i = 0; i < n && !bad && db_engine(db) == DB_SQLITE; i++)
			if (search_filter_tokens(db, v[i].agency, v[i].section, v[i].published,
						 v[i].genre, v[i].validity, &v[i].d.f) < 0)
				bad = 1;
		for (i = 0; i < n; i++) {
			if (!bad && engine_put(db, v[i].id, &v[i].d) < 0)
				bad = 1;
			doc_free(&v[i].d);
		}
		*count += (int64_t)n;
		if (n < REINDEX_BATCH)
			break;
		last = v[n - 1].id;
	}
	free(v);
	return bad ? -1 : 0;
}

/* ---------- highlighting ---------- */

/* The folded form of one code point at s (k bytes): ASCII lower-cased,
 * ideographs as they are, anything else through utf8_fold. Appends to
 * out. */
static void fold_cp(const char *s, int k, uint32_t cp, struct buf *out)
{
	if (cp < 0x80) {
		buf_addc(out, (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
	} else if (utf8_is_han(cp)) {
		buf_add(out, s, (size_t)k);
	} else {
		char *f = utf8_fold(s, (size_t)k);
		buf_adds(out, f);
		free(f);
	}
}

struct folded {
	struct buf text;     /* folded text */
	size_t *orig;        /* orig[i] = byte offset in the original of folded byte i */
	size_t norig;
};

static void fold_map(const char *s, size_t n, struct folded *f)
{
	size_t i = 0;
	buf_init(&f->text, 0);
	f->orig = xreallocarray(NULL, n * 4 + 8, sizeof *f->orig);
	f->norig = n;
	while (i < n) {
		uint32_t cp;
		int k = utf8_decode(s + i, n - i, &cp);
		size_t before = f->text.len, j;
		if (k < 0) {
			k = 1;
			cp = '?';
		}
		fold_cp(s + i, k, cp, &f->text);
		if (f->text.len > n * 4 + 4)
			f->orig = xreallocarray(f->orig, f->text.len + 8, sizeof *f->orig);
		for (j = before; j < f->text.len; j++)
			f->orig[j] = i;
		i += (size_t)k;
	}
	f->orig[f->text.len] = n;
}

static void escape_html(struct buf *out, const char *s, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '<': buf_adds(out, "&lt;"); break;
		case '>': buf_adds(out, "&gt;"); break;
		case '&': buf_adds(out, "&amp;"); break;
		case '"': buf_adds(out, "&quot;"); break;
		case '\'': buf_adds(out, "&#39;"); break;
		case '\n': case '\r': case '\t': buf_addc(out, ' '); break;
		default: buf_addc(out, s[i]);
		}
	}
}

/* Start of the UTF-8 code point containing byte i of s. */
static size_t cp_start(const char *s, size_t i)
{
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

/* Move i back (dir -1) or forward (+1) by up to count code points. */
static size_t cp_move(const char *s, size_t n, size_t i, int count, int dir)
{
	while (count-- > 0) {
		if (dir < 0) {
			if (i == 0)
				break;
			i = cp_start(s, i - 1);
		} else {
			uint32_t cp;
			int k;
			if (i >= n)
				break;
			k = utf8_decode(s + i, n - i, &cp);
			i += k > 0 ? (size_t)k : 1;
		}
	}
	return i;
}

char *search_highlight(const char *text, size_t n, const struct tok_query *q, int window)
{
	struct folded f;
	struct buf out = BUF_INIT(0);
	size_t from = 0, to = n, pos = 0;
	char *mark;
	int t, found = 0;

	if (n > 65536)
		n = 65536;
	to = n;
	fold_map(text, n, &f);
	/* marks[] over original bytes: 1 inside a match */
	mark = xcalloc(n + 1, 1);
	for (t = 0; q && t < q->n; t++) {
		const char *needle = q->terms[t].text;
		size_t nl = strlen(needle);
		const char *hay = buf_str(&f.text), *hit;
		if (!nl)
			continue;
		while ((hit = memmem(hay, f.text.len - (size_t)(hay - buf_str(&f.text)), needle, nl))) {
			size_t a = (size_t)(hit - buf_str(&f.text)), b = a + nl, k;
			size_t oa = f.orig[a], ob = b < f.text.len ? f.orig[b] : n;
			if (ob <= oa)
				ob = cp_move(text, n, oa, 1, 1);
			for (k = oa; k < ob && k < n; k++)
				mark[k] = 1;
			if (!found || oa < pos)
				pos = oa;
			found = 1;
			hay = hit + nl;
		}
	}
	if (window > 0) {
		from = cp_move(text, n, found ? pos : 0, found ? window / 4 : 0, -1);
		to = cp_move(text, n, from, window, 1);
		if (from > 0)
			buf_adds(&out, "…");
	}
	{
		size_t i = from;
		while (i < to) {
			size_t j = i;
			int m = mark[i];
			while (j < to && mark[j] == m)
				j++;
			if (m)
				buf_adds(&out, "<mark>");
			escape_html(&out, text + i, j - i);
			if (m)
				buf_adds(&out, "</mark>");
			i = j;
		}
	}
	if (window > 0 && to < n)
		buf_adds(&out, "…");
	free(mark);
	free(f.orig);
	buf_free(&f.text);
	return buf_detach(&out);
}

/* ---------- queries ---------- */

void search_filter_sql(const struct search_request *rq, struct buf *where,
		       struct db_param *p, int *np, char *lo, char *hi)
{
	buf_adds(where, " AND i.state IN ('published', 'repealed')");
	if (rq->agency_id > 0)
		buf_adds(where, " AND i.agency_id IN (SELECT id FROM sub)");
	if (rq->section_id > 0) {
		p[*np] = DBP_INT(rq->section_id);
		buf_printf(where, " AND i.section_id = $%d", ++*np);
	}
	if (rq->genre && rq->genre[0]) {
		p[*np] = DBP_TEXT(rq->genre);
		buf_printf(where, " AND i.genre = $%d", ++*np);
	}
	if (rq->validity && rq->validity[0]) {
		p[*np] = DBP_TEXT(rq->validity);
		buf_printf(where, " AND i.validity = $%d", ++*np);
	}
	if (rq->year > 0 && rq->year < 10000) {
		snprintf(lo, 24, "%04d-01-01", rq->year);
		snprintf(hi, 24, "%04d-12-31", rq->year);
		p[*np] = DBP_TEXT(lo);
		p[*np + 1] = DBP_TEXT(hi);
		buf_printf(where, " AND i.published_on >= $%d AND i.published_on <= $%d",
			   *np + 1, *np + 2);
		*np += 2;
	}
}

int search_run(struct db *db, const struct search_request *rq, struct search_result *out)
{
	struct tok_query tq;
	struct search_ids ids;
	int per = rq->per_page > 0 ? rq->per_page : 10;
	int page = rq->page > 0 ? rq->page : 1;
	size_t i;
	int rc = 0;

	memset(out, 0, sizeof *out);
	memset(&ids, 0, sizeof ids);
	if (per > SEARCH_PER_PAGE_MAX)
		per = SEARCH_PER_PAGE_MAX;
	if (page > SEARCH_PAGE_MAX)
		page = SEARCH_PAGE_MAX;
	out->page = page;
	out->per_page = per;
	tokenize_query(rq->q ? rq->q : "", rq->q ? strlen(rq->q) : 0, &tq);
	if (tq.n == 0 && !(db_engine(db) == DB_SQLITE &&
			   (rq->agency_id > 0 || rq->section_id > 0 || rq->year > 0 ||
			    (rq->genre && rq->genre[0]) || (rq->validity && rq->validity[0])))) {
		/* No words: a filtered listing, newest published first (SQLite
		 * answers filter-only searches from the index's filter tokens). */
		struct item_list l = {0};
		struct item_filter f = {0};
		f.agency_id = rq->agency_id;
		f.subtree = 1;
		f.section_id = rq->section_id;
		f.state = "public";
		f.genre = rq->genre && rq->genre[0] ? rq->genre : NULL;
		f.validity = rq->validity && rq->validity[0] ? rq->validity : NULL;
		f.year = rq->year;
		f.limit = per;
		f.offset = (page - 1) * per;
		if (item_store_list(db, &f, &l) < 0) {
			tok_query_free(&tq);
			return -1;
		}
		out->hits = xcalloc(l.n ? l.n : 1, sizeof *out->hits);
		for (i = 0; i < l.n; i++) {
			out->hits[i].item = l.items[i];
			out->hits[i].title_html = search_highlight(l.items[i].title,
								   strlen(l.items[i].title), NULL, 0);
			out->hits[i].snippet_html = xstrdup("");
		}
		out->n = l.n;
		out->total = l.total;
		free(l.items);
		tok_query_free(&tq);
		return 0;
	}
	{
		struct search_request r = *rq;
		r.page = page;
		r.per_page = per;
		rc = db_engine(db) == DB_POSTGRES ? search_pg_query(db, &r, &tq, &ids)
						  : search_sqlite_query(db, &r, &tq, &ids);
	}
	if (rc < 0) {
		tok_query_free(&tq);
		free(ids.ids);
		free(ids.scores);
		return -1;
	}
	out->total = ids.total;
	out->total_capped = ids.capped;
	out->hits = xcalloc(ids.n ? ids.n : 1, sizeof *out->hits);
	for (i = 0; i < ids.n && rc == 0; i++) {
		struct search_hit *h = &out->hits[out->n];
		struct buf text = BUF_INIT(1024 * 1024);
		int g = item_store_get(db, ids.ids[i], &h->item);
		if (g < 0) {
			rc = -1;
			break;
		}
		if (g == 1)
			continue;
		h->score = ids.scores[i];
		search_html_text(h->item.body_html ? h->item.body_html : "",
				 h->item.body_html ? strlen(h->item.body_html) : 0, &text);
		h->title_html = search_highlight(h->item.title, strlen(h->item.title), &tq, 0);
		h->snippet_html = search_highlight(buf_str(&text), text.len, &tq, SEARCH_SNIPPET_CHARS);
		buf_free(&text);
		item_clear(&h->item);
		out->n++;
	}
	free(ids.ids);
	free(ids.scores);
	tok_query_free(&tq);
	return rc;
}
