/* cmd_catalog.c - gongkai catalog: the proactive-disclosure catalog from
 * the command line.
 *
 *   gongkai catalog import FILE.jsonl [--db URL]    agencies and published items
 *   gongkai catalog search Q [--db URL] [--agency CODE] [--section CODE]
 *                          [--year N] [--genre G] [--validity V] [--page N] [--per-page N]
 *   gongkai catalog reindex [--db URL]
 *   gongkai catalog tokens TEXT                     the tokenizer's output
 *   gongkai catalog review-sim FILE.json            replay a review scenario
 *   gongkai catalog search-test CORPUS.jsonl QUERIES.json
 *
 * The database is --db URL, else $GONGKAI_DB, else sqlite:gongkai.db.
 * review-sim and search-test use a fresh temporary SQLite database (or a
 * PostgreSQL database given with --db, which must be empty). Results are
 * JSON on stdout. */
#include "cli/cli.h"
#include "service/accounts.h"
#include "service/catalog.h"
#include "service/review.h"
#include "service/audit.h"
#include "store/db.h"
#include "store/search.h"
#include "store/users.h"
#include "base/buf.h"
#include "base/file.h"
#include "base/jsonw.h"
#include "base/str.h"
#include "base/tokenize.h"
#include "base/xalloc.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define IMPORT_FILE_MAX (512u * 1024 * 1024)
#define SIM_FILE_MAX (4u * 1024 * 1024)

static const struct actor system_actor = {0, "system", 1, ""};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gongkai catalog import FILE.jsonl [--db URL]\n"
		"       gongkai catalog search QUERY [--db URL] [--agency CODE] [--section CODE]\n"
		"                              [--year N] [--genre G] [--validity V] [--page N] [--per-page N]\n"
		"       gongkai catalog reindex [--db URL]\n"
		"       gongkai catalog tokens TEXT\n"
		"       gongkai catalog review-sim FILE.json [--db URL]\n"
		"       gongkai catalog search-test CORPUS.jsonl QUERIES.json [--db URL]\n");
}

static const char *code_name(enum svc_code c)
{
	switch (c) {
	case SVC_INVALID: return "invalid";
	case SVC_UNAUTHENTICATED: return "unauthenticated";
	case SVC_FORBIDDEN: return "forbidden";
	case SVC_NOT_FOUND: return "not_found";
	case SVC_CONFLICT: return "conflict";
	case SVC_UNAVAILABLE: return "unavailable";
	default: return (int)c == 413 ? "too_large" : "internal";
	}
}

static const char *default_db(void)
{
	const char *e = getenv("GONGKAI_DB");
	return e && e[0] ? e : "sqlite:gongkai.db";
}

static struct db *open_db(const char *url)
{
	char err[512];
	struct db *db = db_open(url, err, sizeof err);
	if (!db)
		fprintf(stderr, "gongkai catalog: %s: %s\n", url, err);
	return db;
}

/* A fresh temporary SQLite database; path written to path (to unlink). */
static struct db *open_temp(char *path, size_t size)
{
	char url[600];
	const char *tmp = getenv("TMPDIR");
	int fd;
	snprintf(path, size, "%s/gongkai-catalog-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
	fd = mkstemp(path);
	if (fd < 0) {
		perror("gongkai catalog: mkstemp");
		return NULL;
	}
	close(fd);
	unlink(path);
	snprintf(url, sizeof url, "sqlite:%s", path);
	return open_db(url);
}

static void remove_temp(const char *path)
{
	char p[600];
	unlink(path);
	snprintf(p, sizeof p, "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", path);
	unlink(p);
}

/* ---------- import ---------- */

/* One JSONL line: {"agency": {"code", "name", "parent", "kind"}} creates
 * an agency; anything else is an item for catalog_item_import. */
static int import_line(struct db *db, json_t *o, int64_t *agencies, int64_t *items,
		       struct svc_error *err)
{
	json_t *ag = json_object_get(o, "agency");
	if (json_is_object(ag)) {
		struct agency_input ai;
		struct agency parent, existing;
		const char *pcode = json_string_value(json_object_get(ag, "parent"));
		int64_t id;
		memset(&ai, 0, sizeof ai);
		ai.code = json_string_value(json_object_get(ag, "code"));
		ai.name = json_string_value(json_object_get(ag, "name"));
		ai.kind = json_string_value(json_object_get(ag, "kind"));
		if (ai.code && agency_store_find_code(db, ai.code, &existing) == 0)
			return 0;                  /* already there: imports are re-runnable */
		if (pcode) {
			if (accounts_agency_lookup(db, pcode, &parent, err) < 0)
				return -1;
			ai.parent_id = parent.id;
		}
		if (accounts_agency_create(db, &system_actor, &ai, &id, err) < 0)
			return -1;
		(*agencies)++;
		return 0;
	}
	{
		struct item_input in;
		int64_t id;
		if (catalog_input_from_json(o, &in, err) < 0)
			return -1;
		if (catalog_item_import(db, &system_actor, &in, &id, err) < 0)
			return -1;
		(*items)++;
		return 0;
	}
}

static int import_file(struct db *db, const char *path, int quiet)
{
	struct buf b = BUF_INIT(0);
	char ferr[256];
	const char *p, *end;
	int64_t agencies = 0, items = 0;
	int line = 0, bad = 0;

	if (file_read(path, IMPORT_FILE_MAX, &b, ferr, sizeof ferr)) {
		fprintf(stderr, "gongkai catalog: %s: %s\n", path, ferr);
		buf_free(&b);
		return 2;
	}
	p = buf_str(&b);
	end = p + b.len;
	while (p < end && !bad) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		json_error_t jerr;
		json_t *o;
		struct svc_error err;
		line++;
		if (n == 0 || (n == 1 && p[0] == '\r')) {
			p += n + 1;
			continue;
		}
		o = json_loadb(p, n, JSON_REJECT_DUPLICATES, &jerr);
		if (!o) {
			fprintf(stderr, "%s:%d: bad JSON: %s\n", path, line, jerr.text);
			bad = 2;
			break;
		}
		memset(&err, 0, sizeof err);
		if (import_line(db, o, &agencies, &items, &err) < 0) {
			fprintf(stderr, "%s:%d: %s%s%s\n", path, line, err.field[0] ? err.field : "",
				err.field[0] ? ": " : "", err.message);
			bad = 1;
		}
		json_decref(o);
		p += n + 1;
	}
	buf_free(&b);
	if (!quiet)
		printf("{\"agencies\": %lld, \"items\": %lld, \"ok\": %s}\n", (long long)agencies,
		       (long long)items, bad ? "false" : "true");
	return bad;
}

/* ---------- search ---------- */

static void write_hit(struct jsonw *w, const struct search_hit *h)
{
	const struct item *it = &h->item;
	jsonw_object_begin(w);
	jsonw_key(w, "id");
	jsonw_int(w, it->id);
	jsonw_key(w, "index_no");
	jsonw_string(w, it->index_no);
	jsonw_key(w, "title");
	jsonw_string(w, it->title);
	jsonw_key(w, "title_html");
	jsonw_string(w, h->title_html);
	jsonw_key(w, "snippet_html");
	jsonw_string(w, h->snippet_html);
	jsonw_key(w, "doc_no");
	jsonw_string(w, it->doc_no);
	jsonw_key(w, "agency");
	jsonw_string(w, it->agency_name);
	jsonw_key(w, "published_on");
	jsonw_string(w, it->published_on);
	jsonw_key(w, "genre");
	jsonw_string(w, it->genre);
	jsonw_key(w, "validity");
	jsonw_string(w, it->validity[0] ? it->validity : NULL);
	jsonw_object_end(w);
}

/* Parse --agency CODE / --section CODE and numbers into rq. Returns the
 * index of the first unparsed argument or -1 on a usage error. */
struct search_opts {
	const char *db_url;
	const char *agency, *section;
};

static int resolve_search(struct db *db, struct search_opts *o, struct search_request *rq)
{
	struct agency a;
	if (o->agency) {
		if (agency_store_find_code(db, o->agency, &a) != 0) {
			fprintf(stderr, "gongkai catalog: no agency %s\n", o->agency);
			return -1;
		}
		rq->agency_id = a.id;
	}
	if (o->section) {
		struct db_param p[2] = {DBP_INT(rq->agency_id), DBP_TEXT(o->section)};
		if (db_query_int(db, "SELECT id FROM catalog_sections WHERE ($1 = 0 OR agency_id = $1)"
				 " AND code = $2 ORDER BY id LIMIT 1", p, 2, &rq->section_id) != 0) {
			fprintf(stderr, "gongkai catalog: no section %s\n", o->section);
			return -1;
		}
	}
	return 0;
}

static int cmd_search(int argc, char **argv)
{
	struct search_request rq;
	struct search_opts o = {default_db(), NULL, NULL};
	struct search_result res;
	struct svc_error err;
	struct buf out = BUF_INIT(0);
	struct jsonw w;
	struct db *db;
	const char *q = NULL;
	int i;
	size_t k;

	memset(&rq, 0, sizeof rq);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (a[0] != '-' || !a[1]) {
			if (q) {
				usage(stderr);
				return 2;
			}
			q = a;
			continue;
		}
		if (!v) {
			usage(stderr);
			return 2;
		}
		i++;
		if (!strcmp(a, "--db"))
			o.db_url = v;
		else if (!strcmp(a, "--agency"))
			o.agency = v;
		else if (!strcmp(a, "--section"))
			o.section = v;
		else if (!strcmp(a, "--genre"))
			rq.genre = v;
		else if (!strcmp(a, "--validity"))
			rq.validity = v;
		else if (!strcmp(a, "--year") && !str_to_int(v, 1900, 9999, &rq.year))
			;
		else if (!strcmp(a, "--page") && !str_to_int(v, 1, SEARCH_PAGE_MAX, &rq.page))
			;
		else if (!strcmp(a, "--per-page") && !str_to_int(v, 1, SEARCH_PER_PAGE_MAX, &rq.per_page))
			;
		else {
			fprintf(stderr, "gongkai catalog search: bad option %s %s\n", a, v);
			return 2;
		}
	}
	rq.q = q ? q : "";
	db = open_db(o.db_url);
	if (!db)
		return 2;
	if (resolve_search(db, &o, &rq) < 0) {
		db_close(db);
		return 2;
	}
	if (catalog_search(db, &rq, &res, &err) < 0) {
		fprintf(stderr, "gongkai catalog search: %s\n", err.message);
		db_close(db);
		return 1;
	}
	jsonw_init(&w, &out, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "q");
	jsonw_string(&w, rq.q);
	jsonw_key(&w, "total");
	jsonw_int(&w, res.total);
	jsonw_key(&w, "total_capped");
	jsonw_bool(&w, res.total_capped);
	jsonw_key(&w, "page");
	jsonw_int(&w, res.page);
	jsonw_key(&w, "per_page");
	jsonw_int(&w, res.per_page);
	jsonw_key(&w, "hits");
	jsonw_array_begin(&w);
	for (k = 0; k < res.n; k++)
		write_hit(&w, &res.hits[k]);
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	puts(buf_str(&out));
	buf_free(&out);
	search_result_free(&res);
	db_close(db);
	return 0;
}

static int cmd_reindex(int argc, char **argv)
{
	const char *url = argc >= 3 && !strcmp(argv[1], "--db") ? argv[2] : default_db();
	struct svc_error err;
	int64_t n = 0;
	struct db *db = open_db(url);
	if (!db)
		return 2;
	if (catalog_reindex(db, &system_actor, &n, &err) < 0) {
		fprintf(stderr, "gongkai catalog reindex: %s\n", err.message);
		db_close(db);
		return 1;
	}
	printf("{\"indexed\": %lld}\n", (long long)n);
	db_close(db);
	return 0;
}

static int cmd_tokens(int argc, char **argv)
{
	struct buf all = BUF_INIT(0), seq = BUF_INIT(0), uni = BUF_INIT(0), out = BUF_INIT(0);
	struct tok_query tq;
	struct jsonw w;
	int i;
	if (argc != 2) {
		usage(stderr);
		return 2;
	}
	tokenize_all(argv[1], strlen(argv[1]), &all);
	tokenize_fields(argv[1], strlen(argv[1]), &seq, &uni);
	tokenize_query(argv[1], strlen(argv[1]), &tq);
	jsonw_init(&w, &out, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "tokens");
	jsonw_string(&w, buf_str(&all));
	jsonw_key(&w, "seq");
	jsonw_string(&w, buf_str(&seq));
	jsonw_key(&w, "uni");
	jsonw_string(&w, buf_str(&uni));
	jsonw_key(&w, "query");
	jsonw_array_begin(&w);
	for (i = 0; i < tq.n; i++) {
		jsonw_object_begin(&w);
		jsonw_key(&w, "kind");
		jsonw_string(&w, tq.terms[i].kind == TOK_TERM_UNI ? "uni" : "phrase");
		jsonw_key(&w, "tokens");
		jsonw_string(&w, tq.terms[i].tokens);
		jsonw_object_end(&w);
	}
	jsonw_array_end(&w);
	jsonw_object_end(&w);
	puts(buf_str(&out));
	tok_query_free(&tq);
	buf_free(&all);
	buf_free(&seq);
	buf_free(&uni);
	buf_free(&out);
	return 0;
}

/* ---------- review-sim ---------- */

#define SIM_MAX_USERS 64
#define SIM_MAX_ITEMS 64

struct sim {
	struct db *db;
	char logins[SIM_MAX_USERS][64];
	struct actor actors[SIM_MAX_USERS];
	int nusers;
	char refs[SIM_MAX_ITEMS][64];
	int64_t ids[SIM_MAX_ITEMS];
	int nitems;
};

static const struct actor *sim_actor(struct sim *s, const char *login)
{
	static const struct actor anon = {0, "", 0, ""};
	int i;
	if (!login || !strcmp(login, "anonymous"))
		return &anon;
	if (!strcmp(login, "system"))
		return &system_actor;
	for (i = 0; i < s->nusers; i++)
		if (!strcmp(s->logins[i], login))
			return &s->actors[i];
	return NULL;
}

static int64_t sim_item(struct sim *s, const char *ref)
{
	int i;
	for (i = 0; ref && i < s->nitems; i++)
		if (!strcmp(s->refs[i], ref))
			return s->ids[i];
	return 0;
}

static const char *sim_ref(struct sim *s, int64_t id)
{
	int i;
	for (i = 0; i < s->nitems; i++)
		if (s->ids[i] == id)
			return s->refs[i];
	return "?";
}

/* Set up agencies, users and settings. 0 or -1 (message on stderr). */
static int sim_setup(struct sim *s, json_t *root)
{
	size_t i, j;
	json_t *v;
	struct svc_error err;
	char at[32];
	catalog_now(at);
	json_array_foreach(json_object_get(root, "agencies"), i, v) {
		struct agency_input ai;
		struct agency parent;
		const char *pcode = json_string_value(json_object_get(v, "parent"));
		int64_t id;
		memset(&ai, 0, sizeof ai);
		ai.code = json_string_value(json_object_get(v, "code"));
		ai.name = json_string_value(json_object_get(v, "name"));
		if (pcode) {
			if (accounts_agency_lookup(s->db, pcode, &parent, &err) < 0)
				goto fail;
			ai.parent_id = parent.id;
		}
		if (accounts_agency_create(s->db, &system_actor, &ai, &id, &err) < 0)
			goto fail;
	}
	json_array_foreach(json_object_get(root, "users"), i, v) {
		const char *login = json_string_value(json_object_get(v, "login"));
		json_t *r;
		int64_t uid;
		if (!login || s->nusers >= SIM_MAX_USERS) {
			fprintf(stderr, "review-sim: bad user entry %zu\n", i);
			return -1;
		}
		if (user_store_create(s->db, login, login, "!", 0, at, &uid) < 0) {
			fprintf(stderr, "review-sim: user %s: %s\n", login, db_errmsg(s->db));
			return -1;
		}
		json_array_foreach(json_object_get(v, "roles"), j, r) {
			struct agency a;
			const char *code = json_string_value(json_array_get(r, 0));
			const char *role = json_string_value(json_array_get(r, 1));
			if (!code || !role || accounts_agency_lookup(s->db, code, &a, &err) < 0 ||
			    user_store_add_role(s->db, uid, a.id, role) < 0) {
				fprintf(stderr, "review-sim: role of %s: bad entry\n", login);
				return -1;
			}
		}
		str_copy(s->logins[s->nusers], login, sizeof s->logins[0]);
		s->actors[s->nusers].user_id = uid;
		str_copy(s->actors[s->nusers].login, login, sizeof s->actors[0].login);
		s->nusers++;
	}
	json_array_foreach(json_object_get(root, "settings"), i, v) {
		struct agency a;
		const char *code = json_string_value(json_object_get(v, "agency"));
		if (!code || accounts_agency_lookup(s->db, code, &a, &err) < 0 ||
		    catalog_settings_set(s->db, &system_actor, a.id,
					 json_string_value(json_object_get(v, "index_pattern")),
					 json_string_value(json_object_get(v, "review_stages")), &err) < 0)
			goto fail;
	}
	return 0;
fail:
	fprintf(stderr, "review-sim: setup: %s\n", err.message);
	return -1;
}

static void sim_state(struct sim *s, struct jsonw *w, int64_t id)
{
	struct item it;
	struct review_flow flow;
	if (item_store_get(s->db, id, &it) != 0)
		return;
	review_flow_of(s->db, it.agency_id, &flow);
	jsonw_key(w, "state");
	jsonw_string(w, it.state);
	jsonw_key(w, "stage");
	jsonw_string(w, !strcmp(it.state, "in_review") && it.stage >= 0 && it.stage < flow.n
			   ? flow.stages[it.stage].key : "");
	item_clear(&it);
}

static void sim_step(struct sim *s, json_t *step, int n, struct jsonw *w)
{
	const char *login = json_string_value(json_object_get(step, "user"));
	const char *action = json_string_value(json_object_get(step, "action"));
	const char *ref = json_string_value(json_object_get(step, "item"));
	const char *stage = json_string_value(json_object_get(step, "stage"));
	const char *text = json_string_value(json_object_get(step, "text"));
	const struct actor *who = sim_actor(s, login);
	struct svc_error err;
	int64_t id = sim_item(s, ref);
	int rc = 0;
	enum review_action ra;
	struct review_result rr;

	memset(&err, 0, sizeof err);
	memset(&rr, 0, sizeof rr);
	jsonw_object_begin(w);
	jsonw_key(w, "n");
	jsonw_int(w, n);
	jsonw_key(w, "user");
	jsonw_string(w, login);
	jsonw_key(w, "action");
	jsonw_string(w, action);
	if (ref) {
		jsonw_key(w, "item");
		jsonw_string(w, ref);
	}
	if (!who || !action) {
		jsonw_key(w, "ok");
		jsonw_bool(w, 0);
		jsonw_key(w, "error");
		jsonw_string(w, "bad_step");
		jsonw_object_end(w);
		return;
	}
	if (!strcmp(action, "create")) {
		struct item_input in;
		int64_t nid = 0;
		rc = catalog_input_from_json(json_object_get(step, "fields"), &in, &err);
		if (rc == 0)
			rc = catalog_item_create(s->db, who, &in, &nid, &err);
		if (rc == 0 && ref && s->nitems < SIM_MAX_ITEMS) {
			str_copy(s->refs[s->nitems], ref, sizeof s->refs[0]);
			s->ids[s->nitems++] = nid;
			id = nid;
		}
	} else if (!strcmp(action, "edit")) {
		struct item_input in;
		rc = catalog_input_from_json(json_object_get(step, "fields"), &in, &err);
		if (rc == 0)
			rc = catalog_item_update(s->db, who, id, &in, &err);
	} else if (!strcmp(action, "public")) {
		struct item it;
		static const struct actor anon = {0, "", 0, ""};
		int vis = catalog_item_get(s->db, &anon, id, &it, &err) == 0;
		if (vis)
			item_clear(&it);
		jsonw_key(w, "visible");
		jsonw_bool(w, vis);
	} else if (!strcmp(action, "search")) {
		struct search_request rq;
		struct search_result res;
		size_t k;
		memset(&rq, 0, sizeof rq);
		rq.q = json_string_value(json_object_get(step, "q"));
		rq.per_page = SEARCH_PER_PAGE_MAX;
		rc = catalog_search(s->db, &rq, &res, &err);
		if (rc == 0) {
			jsonw_key(w, "hits");
			jsonw_array_begin(w);
			for (k = 0; k < res.n; k++)
				jsonw_string(w, sim_ref(s, res.hits[k].item.id));
			jsonw_array_end(w);
			search_result_free(&res);
		}
	} else if (review_action_parse(action, &ra) == 0) {
		rc = review_act(s->db, who, id, ra, stage, text, &rr, &err);
	} else {
		rc = -1;
		svc_fail(&err, SVC_INVALID, "action", "unknown action");
	}
	jsonw_key(w, "ok");
	jsonw_bool(w, rc == 0);
	if (rc < 0) {
		jsonw_key(w, "error");
		jsonw_string(w, code_name(err.code));
		if (rr.refusal) {
			jsonw_key(w, "refusal");
			jsonw_string(w, rr.refusal);
		}
		jsonw_key(w, "message");
		jsonw_string(w, err.message);
	}
	if (id > 0 && strcmp(action, "public") && strcmp(action, "search"))
		sim_state(s, w, id);
	jsonw_object_end(w);
}

static void sim_items(struct sim *s, struct jsonw *w)
{
	int i;
	jsonw_key(w, "items");
	jsonw_object_begin(w);
	for (i = 0; i < s->nitems; i++) {
		struct item it;
		struct db_param p[1];
		struct db_stmt *st;
		char oid[32];
		int64_t versions = 0, reviews = 0;
		if (item_store_get(s->db, s->ids[i], &it) != 0)
			continue;
		jsonw_key(w, s->refs[i]);
		jsonw_object_begin(w);
		sim_state(s, w, s->ids[i]);
		jsonw_key(w, "index_no");
		jsonw_string(w, it.index_no);
		jsonw_key(w, "published");
		jsonw_bool(w, it.published_on[0] != 0);
		jsonw_key(w, "validity");
		jsonw_string(w, it.validity);
		jsonw_key(w, "reason");
		jsonw_string(w, it.state_reason);
		p[0] = DBP_INT(s->ids[i]);
		db_query_int(s->db, "SELECT COUNT(*) FROM item_versions WHERE item_id = $1", p, 1, &versions);
		db_query_int(s->db, "SELECT COUNT(*) FROM item_reviews WHERE item_id = $1", p, 1, &reviews);
		jsonw_key(w, "versions");
		jsonw_int(w, versions);
		jsonw_key(w, "reviews");
		jsonw_int(w, reviews);
		/* the audit trail of the item: who did what, and when */
		snprintf(oid, sizeof oid, "%lld", (long long)s->ids[i]);
		p[0] = DBP_TEXT(oid);
		jsonw_key(w, "audit");
		jsonw_array_begin(w);
		st = db_query(s->db, "SELECT action, actor, at FROM audit_log WHERE object_type = 'item'"
			      " AND object_id = $1 ORDER BY id", p, 1);
		while (st && db_step(st) == 1) {
			jsonw_object_begin(w);
			jsonw_key(w, "action");
			jsonw_string(w, db_col_text(st, 0));
			jsonw_key(w, "actor");
			jsonw_string(w, db_col_text(st, 1));
			jsonw_key(w, "has_time");
			jsonw_bool(w, db_col_text(st, 2)[0] != 0);
			jsonw_object_end(w);
		}
		db_finish(st);
		jsonw_array_end(w);
		jsonw_object_end(w);
		item_clear(&it);
	}
	jsonw_object_end(w);
}

static int cmd_review_sim(int argc, char **argv)
{
	json_error_t jerr;
	json_t *root, *step;
	struct sim *s;
	struct buf out = BUF_INIT(0);
	struct jsonw w;
	struct audit_report ar;
	char tmp[600] = "";
	size_t i;
	const char *url = argc >= 4 && !strcmp(argv[2], "--db") ? argv[3] : NULL;

	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	root = json_load_file(argv[1], JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		fprintf(stderr, "gongkai catalog review-sim: %s:%d: %s\n", argv[1], jerr.line, jerr.text);
		return 2;
	}
	s = xcalloc(1, sizeof *s);
	s->db = url ? open_db(url) : open_temp(tmp, sizeof tmp);
	if (!s->db || sim_setup(s, root) < 0) {
		db_close(s->db);
		if (tmp[0])
			remove_temp(tmp);
		free(s);
		json_decref(root);
		return 2;
	}
	jsonw_init(&w, &out, 1);
	jsonw_object_begin(&w);
	jsonw_key(&w, "steps");
	jsonw_array_begin(&w);
	json_array_foreach(json_object_get(root, "steps"), i, step)
		sim_step(s, step, (int)i + 1, &w);
	jsonw_array_end(&w);
	sim_items(s, &w);
	jsonw_key(&w, "audit_chain_intact");
	jsonw_bool(&w, audit_verify(s->db, &ar) == 0);
	jsonw_object_end(&w);
	puts(buf_str(&out));
	buf_free(&out);
	db_close(s->db);
	if (tmp[0])
		remove_temp(tmp);
	free(s);
	json_decref(root);
	return 0;
}

/* ---------- search-test ---------- */

/* Run each query of QUERIES.json ({"queries": [{"q", "agency", "section",
 * "year", "genre", "validity", "expect": [index_no...], "ordered": bool,
 * "top": index_no}]}) against the imported corpus, comparing the set of
 * 索引号 found (all pages) with "expect"; "title_first": hits matching in
 * the title must rank above those matching only elsewhere (bm25 weights). */
static int run_query_case(struct db *db, json_t *qc, struct jsonw *w, int *failed)
{
	struct search_request rq;
	struct search_opts o = {NULL, NULL, NULL};
	json_t *expect = json_object_get(qc, "expect"), *v;
	const char *top = json_string_value(json_object_get(qc, "top"));
	struct svc_error err;
	char **got = NULL;
	size_t ngot = 0, i, j;
	int ok = 1, page, title_first = json_is_true(json_object_get(qc, "title_first"));
	int seen_body_only = 0, order_ok = 1;
	int64_t total = 0;

	memset(&rq, 0, sizeof rq);
	rq.q = json_string_value(json_object_get(qc, "q"));
	o.agency = json_string_value(json_object_get(qc, "agency"));
	o.section = json_string_value(json_object_get(qc, "section"));
	rq.genre = json_string_value(json_object_get(qc, "genre"));
	rq.validity = json_string_value(json_object_get(qc, "validity"));
	rq.year = (int)json_integer_value(json_object_get(qc, "year"));
	rq.per_page = 7;                    /* small pages: pagination is exercised */
	if (resolve_search(db, &o, &rq) < 0)
		return -1;
	for (page = 1; page <= SEARCH_PAGE_MAX; page++) {
		struct search_result res;
		rq.page = page;
		if (catalog_search(db, &rq, &res, &err) < 0) {
			fprintf(stderr, "search-test: %s: %s\n", rq.q ? rq.q : "", err.message);
			return -1;
		}
		total = res.total;
		for (i = 0; i < res.n; i++) {
			got = xreallocarray(got, ngot + 1, sizeof *got);
			got[ngot++] = xstrdup(res.hits[i].item.index_no);
			/* ranking: hits matching in the title come first */
			if (!strstr(res.hits[i].title_html, "<mark>"))
				seen_body_only = 1;
			else if (seen_body_only)
				order_ok = 0;
		}
		if (res.n < (size_t)rq.per_page) {
			search_result_free(&res);
			break;
		}
		search_result_free(&res);
	}
	if ((int64_t)ngot != total)
		ok = 0;
	if (json_array_size(expect) != ngot)
		ok = 0;
	json_array_foreach(expect, i, v) {
		int found = 0;
		for (j = 0; j < ngot; j++)
			if (!strcmp(got[j], json_string_value(v) ? json_string_value(v) : ""))
				found = 1;
		if (!found)
			ok = 0;
	}
	if (top && (ngot == 0 || strcmp(got[0], top)))
		ok = 0;
	if (title_first && !order_ok)
		ok = 0;
	jsonw_object_begin(w);
	jsonw_key(w, "q");
	jsonw_string(w, rq.q);
	jsonw_key(w, "ok");
	jsonw_bool(w, ok);
	jsonw_key(w, "count");
	jsonw_int(w, (int64_t)ngot);
	if (!ok) {
		jsonw_key(w, "got");
		jsonw_array_begin(w);
		for (j = 0; j < ngot; j++)
			jsonw_string(w, got[j]);
		jsonw_array_end(w);
		jsonw_key(w, "want");
		jsonw_array_begin(w);
		json_array_foreach(expect, i, v)
			jsonw_string(w, json_string_value(v));
		jsonw_array_end(w);
		(*failed)++;
	}
	jsonw_object_end(w);
	for (j = 0; j < ngot; j++)
		free(got[j]);
	free(got);
	return 0;
}

static int cmd_search_test(int argc, char **argv)
{
	json_error_t jerr;
	json_t *root, *qc;
	struct db *db;
	struct buf out = BUF_INIT(0);
	struct jsonw w;
	char tmp[600] = "";
	size_t i;
	int failed = 0, rc;
	const char *url = argc >= 5 && !strcmp(argv[3], "--db") ? argv[4] : NULL;

	if (argc < 3) {
		usage(stderr);
		return 2;
	}
	root = json_load_file(argv[2], JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		fprintf(stderr, "gongkai catalog search-test: %s:%d: %s\n", argv[2], jerr.line, jerr.text);
		return 2;
	}
	db = url ? open_db(url) : open_temp(tmp, sizeof tmp);
	if (!db) {
		json_decref(root);
		return 2;
	}
	rc = import_file(db, argv[1], 1);
	if (rc == 0) {
		jsonw_init(&w, &out, 1);
		jsonw_object_begin(&w);
		jsonw_key(&w, "queries");
		jsonw_int(&w, (int64_t)json_array_size(json_object_get(root, "queries")));
		jsonw_key(&w, "results");
		jsonw_array_begin(&w);
		json_array_foreach(json_object_get(root, "queries"), i, qc)
			if (run_query_case(db, qc, &w, &failed) < 0)
				rc = 2;
		jsonw_array_end(&w);
		jsonw_key(&w, "failed");
		jsonw_int(&w, failed);
		jsonw_object_end(&w);
		puts(buf_str(&out));
	}
	buf_free(&out);
	db_close(db);
	if (tmp[0])
		remove_temp(tmp);
	json_decref(root);
	return rc ? rc : failed ? 1 : 0;
}

int cmd_catalog(int argc, char **argv)
{
	const char *sub = argc > 0 ? argv[0] : NULL;
	if (!sub || !strcmp(sub, "--help") || !strcmp(sub, "-h")) {
		usage(sub ? stdout : stderr);
		return sub ? 0 : 2;
	}
	if (!strcmp(sub, "import")) {
		struct db *db;
		int rc;
		const char *url = argc >= 4 && !strcmp(argv[2], "--db") ? argv[3] : default_db();
		if (argc < 2) {
			usage(stderr);
			return 2;
		}
		db = open_db(url);
		if (!db)
			return 2;
		rc = import_file(db, argv[1], 0);
		db_close(db);
		return rc;
	}
	if (!strcmp(sub, "search"))
		return cmd_search(argc, argv);
	if (!strcmp(sub, "reindex"))
		return cmd_reindex(argc, argv);
	if (!strcmp(sub, "tokens"))
		return cmd_tokens(argc, argv);
	if (!strcmp(sub, "review-sim"))
		return cmd_review_sim(argc, argv);
	if (!strcmp(sub, "search-test"))
		return cmd_search_test(argc, argv);
	fprintf(stderr, "gongkai catalog: unknown subcommand '%s'\n", sub);
	usage(stderr);
	return 2;
}
