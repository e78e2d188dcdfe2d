/* catalog.c - catalog use cases (service/catalog.h). Each change: one
 * transaction, access check, validation, write, audit entry, commit. */
#include "service/catalog.h"
#include "service/access.h"
#include "service/audit.h"
#include "service/review.h"
#include "store/agencies.h"
#include "store/applications.h"
#include "store/db.h"
#include "domain/calendar.h"
#include "domain/date.h"
#include "domain/review.h"
#include "base/jsonw.h"
#include "base/sanitize.h"
#include "base/tokenize.h"
#include "base/str.h"
#include "base/utf8.h"
#include "base/xalloc.h"

#include <jansson.h>
#include <sodium.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------- small helpers ---------- */

void catalog_today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void catalog_now(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static const char *actor_name(const struct actor *who)
{
	if (who->is_system)
		return "system";
	return who->login[0] ? who->login : "anonymous";
}

static int begin(struct db *db, struct svc_error *err)
{
	return db_begin(db) < 0 ? svc_db_fail(err, db) : 0;
}

/* Roll back and return -1 (err already set). */
static int abort_tx(struct db *db)
{
	db_rollback(db);
	return -1;
}

static int db_fail_tx(struct db *db, struct svc_error *err)
{
	svc_db_fail(err, db);
	db_rollback(db);
	return -1;
}

static int commit(struct db *db, struct svc_error *err)
{
	if (db_commit(db) < 0)
		return db_fail_tx(db, err);
	return 0;
}

static int is_public_state(const char *state)
{
	return !strcmp(state, "published") || !strcmp(state, "repealed");
}

/* "" or a valid YYYY-MM-DD. */
static int check_date(const char *s, const char *field, struct svc_error *err)
{
	gk_date d;
	if (!s || !s[0])
		return 0;
	if (strlen(s) != 10 || date_parse(s, &d) < 0)
		return svc_fail(err, SVC_INVALID, field, "日期格式应为 YYYY-MM-DD / bad date: %.40s", s);
	return 0;
}

static int check_text(const char *s, size_t max, const char *field, int required,
		      struct svc_error *err)
{
	if (!s) {
		if (required)
			return svc_fail(err, SVC_INVALID, field, "缺少必填项 / required");
		return 0;
	}
	if (required && !s[0])
		return svc_fail(err, SVC_INVALID, field, "不能为空 / must not be empty");
	if (strlen(s) >= max)
		return svc_fail(err, SVC_INVALID, field, "过长（最多 %zu 字节）/ too long", max - 1);
	if (!utf8_valid(s, strlen(s)))
		return svc_fail(err, SVC_INVALID, field, "不是有效的 UTF-8 / invalid UTF-8");
	return 0;
}

static void set_field(char *dst, size_t size, const char *src)
{
	if (src)
		str_copy(dst, src, size);
}

void catalog_item_snapshot(const struct item *it, struct buf *out)
{
	struct jsonw w;
	jsonw_init(&w, out, 0);
	jsonw_object_begin(&w);
#define S(k) jsonw_key(&w, #k); jsonw_string(&w, it->k)
	S(index_no); S(title); S(publisher); S(written_on); S(formed_on); S(published_on);
	S(doc_no); S(topic); S(genre); S(validity); S(effective_on); S(invalid_on); S(state);
	S(state_reason);
#undef S
	jsonw_key(&w, "section_id");
	jsonw_int(&w, it->section_id);
	jsonw_key(&w, "interprets_id");
	jsonw_int(&w, it->interprets_id);
	jsonw_key(&w, "body_html");
	jsonw_string(&w, it->body_html ? it->body_html : "");
	jsonw_object_end(&w);
}

/* Record the version row and audit entry for the item as now stored. */
static int record_change(struct db *db, const struct actor *who, int64_t id, const char *action,
			 const char *detail_json)
{
	struct item cur;
	struct buf snap = BUF_INIT(0);
	char at[32], oid[32];
	int rc;
	if (item_store_get(db, id, &cur) != 0)
		return -1;
	catalog_now(at);
	catalog_item_snapshot(&cur, &snap);
	rc = item_store_add_version(db, id, cur.version, buf_str(&snap), who->user_id, at);
	snprintf(oid, sizeof oid, "%lld", (long long)id);
	if (rc == 0 && audit_append(db, actor_name(who), cur.agency_id, action, "item", oid,
				    detail_json) < 0)
		rc = -1;
	buf_free(&snap);
	item_clear(&cur);
	return rc;
}

/* ---------- index numbers ---------- */

int catalog_format_index_no(const char *pattern, const char *code, int year, int64_t seq,
			    char *out, size_t outsize)
{
	struct buf b = BUF_INIT(outsize ? outsize - 1 : 0);
	const char *p = pattern;
	int have_seq = 0;
	while (*p) {
		if (*p == '{') {
			const char *e = strchr(p, '}');
			char name[16];
			size_t n;
			if (!e || (n = (size_t)(e - p - 1)) >= sizeof name)
				goto bad;
			memcpy(name, p + 1, n);
			name[n] = '\0';
			if (!strcmp(name, "code"))
				buf_adds(&b, code);
			else if (!strcmp(name, "year"))
				buf_printf(&b, "%04d", year);
			else if (!strcmp(name, "seq")) {
				buf_printf(&b, "%lld", (long long)seq);
				have_seq = 1;
			} else if (!strncmp(name, "seq:", 4) && name[4] >= '1' && name[4] <= '9' &&
				   !name[5]) {
				buf_printf(&b, "%0*lld", name[4] - '0', (long long)seq);
				have_seq = 1;
			} else
				goto bad;
			p = e + 1;
		} else {
			buf_addc(&b, *p++);
		}
	}
	if (!have_seq || b.overflow || b.len == 0)
		goto bad;
	str_copy(out, buf_str(&b), outsize);
	buf_free(&b);
	return 0;
bad:
	buf_free(&b);
	return -1;
}

/* ---------- sections ---------- */

static const struct {
	const char *code, *name, *parent;
} default_sections[] = {
	{"org", "机构职能", NULL},
	{"policy", "政策文件", NULL},
	{"rules", "规章", "policy"},
	{"normative", "行政规范性文件", "policy"},
	{"other_docs", "其他文件", "policy"},
	{"interpretation", "政策解读", "policy"},
	{"plans", "规划计划", NULL},
	{"budget", "财政预决算", NULL},
	{"licensing", "行政许可", NULL},
	{"punishment", "行政处罚", NULL},
	{"procurement", "政府采购", NULL},
	{"key_areas", "重点领域", NULL},
	{"personnel", "人事信息", NULL},
	{"statistics", "统计信息", NULL},
	{"annual_reports", "政府信息公开年度报告", NULL},
};

/* Inside a transaction: create the default sections if the agency has
 * none. 0 or -1 (db error). */
static int seed_sections_tx(struct db *db, int64_t agency_id)
{
	struct db_param p[1] = {DBP_INT(agency_id)};
	int64_t n = 0, ids[sizeof default_sections / sizeof default_sections[0]];
	size_t i, k;
	char at[32];
	if (db_query_int(db, "SELECT COUNT(*) FROM catalog_sections WHERE agency_id = $1", p, 1, &n) < 0)
		return -1;
	if (n > 0)
		return 0;
	catalog_now(at);
	for (i = 0; i < sizeof default_sections / sizeof default_sections[0]; i++) {
		struct section s;
		memset(&s, 0, sizeof s);
		s.agency_id = agency_id;
		str_copy(s.code, default_sections[i].code, sizeof s.code);
		str_copy(s.name, default_sections[i].name, sizeof s.name);
		s.position = (int)i + 1;
		for (k = 0; k < i && default_sections[i].parent; k++)
			if (!strcmp(default_sections[k].code, default_sections[i].parent))
				s.parent_id = ids[k];
		if (section_store_create(db, &s, at, &ids[i]) < 0)
			return -1;
	}
	return 0;
}

int catalog_sections(struct db *db, int64_t agency_id, struct section_list *out,
		     struct svc_error *err)
{
	struct agency a;
	int r;
	/* Sections reference their agency, so a tree proves it exists: the
	 * agency is looked up only before seeding (one query less per page). */
	if (section_store_list(db, agency_id, out) < 0)
		return svc_db_fail(err, db);
	if (out->n > 0)
		return 0;
	r = agency_store_get(db, agency_id, &a);
	if (r < 0)
		return svc_db_fail(err, db);
	if (r == 1)
		return svc_fail(err, SVC_NOT_FOUND, "agency_id", "机关不存在 / no such agency");
	if (begin(db, err) < 0)
		return -1;
	/* Two first visitors may seed at once; the loser's unique-key
	 * conflict just means the tree now exists. */
	if (seed_sections_tx(db, agency_id) < 0 || db_commit(db) < 0) {
		if (db_errclass(db) != DB_ERR_CONFLICT)
			return db_fail_tx(db, err);
		db_rollback(db);
	}
	if (section_store_list(db, agency_id, out) < 0)
		return svc_db_fail(err, db);
	return 0;
}

static int check_section(struct db *db, const struct section *s, struct svc_error *err)
{
	struct section parent;
	if (check_text(s->name, SECTION_NAME_MAX, "name", 1, err) < 0 ||
	    check_text(s->code, SECTION_CODE_MAX, "code", 1, err) < 0)
		return -1;
	if (s->parent_id > 0) {
		int r = section_store_get(db, s->parent_id, &parent);
		if (r < 0)
			return svc_db_fail(err, db);
		if (r == 1 || parent.agency_id != s->agency_id)
			return svc_fail(err, SVC_INVALID, "parent_id", "上级栏目不存在 / no such parent");
		if (parent.id == s->id || parent.parent_id == s->id)
			return svc_fail(err, SVC_INVALID, "parent_id", "栏目不能成环 / cycle");
	}
	return 0;
}

int catalog_section_create(struct db *db, const struct actor *who, const struct section *s,
			   int64_t *id, struct svc_error *err)
{
	char at[32], oid[32];
	if (begin(db, err) < 0)
		return -1;
	if (access_require(db, who, s->agency_id, ROLE_ADMIN, err) < 0 || check_section(db, s, err) < 0)
		return abort_tx(db);
	if (seed_sections_tx(db, s->agency_id) < 0)
		return db_fail_tx(db, err);
	catalog_now(at);
	if (section_store_create(db, s, at, id) < 0)
		return db_fail_tx(db, err);
	snprintf(oid, sizeof oid, "%lld", (long long)*id);
	if (audit_append(db, actor_name(who), s->agency_id, "section.create", "section", oid, NULL) < 0)
		return db_fail_tx(db, err);
	return commit(db, err);
}

int catalog_section_update(struct db *db, const struct actor *who, const struct section *s,
			   struct svc_error *err)
{
	struct section old;
	struct section upd = *s;
	char oid[32];
	int r;
	if (begin(db, err) < 0)
		return -1;
	r = section_store_get(db, s->id, &old);
	if (r < 0)
		return db_fail_tx(db, err);
	if (r == 1) {
		svc_fail(err, SVC_NOT_FOUND, NULL, "栏目不存在 / no such section");
		return abort_tx(db);
	}
	upd.agency_id = old.agency_id;
	if (!upd.code[0])
		str_copy(upd.code, old.code, sizeof upd.code);
	if (!upd.name[0])
		str_copy(upd.name, old.name, sizeof upd.name);
	if (access_require(db, who, old.agency_id, ROLE_ADMIN, err) < 0 || check_section(db, &upd, err) < 0)
		return abort_tx(db);
	if (section_store_update(db, &upd) != 0)
		return db_fail_tx(db, err);
	snprintf(oid, sizeof oid, "%lld", (long long)s->id);
	if (audit_append(db, actor_name(who), old.agency_id, "section.update", "section", oid, NULL) < 0)
		return db_fail_tx(db, err);
	return commit(db, err);
}

int catalog_section_delete(struct db *db, const struct actor *who, int64_t id,
			   struct svc_error *err)
{
	struct section old;
	char oid[32];
	int r;
	if (begin(db, err) < 0)
		return -1;
	r = section_store_get(db, id, &old);
	if (r < 0)
		return db_fail_tx(db, err);
	if (r == 1) {
		svc_fail(err, SVC_NOT_FOUND, NULL, "栏目不存在 / no such section");
		return abort_tx(db);
	}
	if (access_require(db, who, old.agency_id, ROLE_ADMIN, err) < 0)
		return abort_tx(db);
	r = section_store_delete(db, id);
	if (r < 0)
		return db_fail_tx(db, err);
	if (r == 1) {
		svc_fail(err, SVC_CONFLICT, NULL, "栏目下仍有信息或子栏目 / section not empty");
		return abort_tx(db);
	}
	snprintf(oid, sizeof oid, "%lld", (long long)id);
	if (audit_append(db, actor_name(who), old.agency_id, "section.delete", "section", oid, NULL) < 0)
		return db_fail_tx(db, err);
	return commit(db, err);
}

/* ---------- items ---------- */

static int is_validity(const char *v)
{
	return !strcmp(v, VALIDITY_CURRENT) || !strcmp(v, VALIDITY_REPEALED) ||
	       !strcmp(v, VALIDITY_AMENDED);
}

/* Apply the given fields of in onto it, validating. Inside a transaction. */
static int apply_input(struct db *db, const struct item_input *in, struct item *it,
		       struct svc_error *err)
{
	if (check_text(in->title, ITEM_TITLE_MAX, "title", 0, err) < 0 ||
	    check_text(in->publisher, ITEM_FIELD_MAX, "publisher", 0, err) < 0 ||
	    check_text(in->doc_no, ITEM_FIELD_MAX, "doc_no", 0, err) < 0 ||
	    check_text(in->topic, ITEM_FIELD_MAX, "topic", 0, err) < 0 ||
	    check_text(in->genre, ITEM_FIELD_MAX, "genre", 0, err) < 0 ||
	    check_date(in->written_on, "written_on", err) < 0 ||
	    check_date(in->formed_on, "formed_on", err) < 0 ||
	    check_date(in->published_on, "published_on", err) < 0 ||
	    check_date(in->effective_on, "effective_on", err) < 0 ||
	    check_date(in->invalid_on, "invalid_on", err) < 0)
		return -1;
	if (in->title && !in->title[0])
		return svc_fail(err, SVC_INVALID, "title", "标题不能为空 / title required");
	if (in->validity && in->validity[0] && !is_validity(in->validity))
		return svc_fail(err, SVC_INVALID, "validity",
				"有效性应为 current、repealed 或 amended / bad validity");
	set_field(it->title, sizeof it->title, in->title);
	set_field(it->publisher, sizeof it->publisher, in->publisher);
	set_field(it->written_on, sizeof it->written_on, in->written_on);
	set_field(it->formed_on, sizeof it->formed_on, in->formed_on);
	set_field(it->published_on, sizeof it->published_on, in->published_on);
	set_field(it->doc_no, sizeof it->doc_no, in->doc_no);
	set_field(it->topic, sizeof it->topic, in->topic);
	set_field(it->genre, sizeof it->genre, in->genre);
	set_field(it->validity, sizeof it->validity, in->validity);
	set_field(it->effective_on, sizeof it->effective_on, in->effective_on);
	set_field(it->invalid_on, sizeof it->invalid_on, in->invalid_on);
	if (in->body_html) {
		struct buf clean = BUF_INIT(ITEM_BODY_MAX);
		if (strlen(in->body_html) > ITEM_BODY_MAX * 2 ||
		    sanitize_html(in->body_html, strlen(in->body_html), &clean) < 0) {
			buf_free(&clean);
			return svc_fail(err, SVC_INVALID, "body_html", "正文过长 / body too long");
		}
		free(it->body_html);
		it->body_html = buf_detach(&clean);
		if (!it->body_html)
			it->body_html = xstrdup("");
	}
	if (in->section_code && in->section_code[0]) {
		struct db_param p[2] = {DBP_INT(it->agency_id), DBP_TEXT(in->section_code)};
		int64_t sid = 0;
		int r = db_query_int(db, "SELECT id FROM catalog_sections WHERE agency_id = $1"
				     " AND code = $2", p, 2, &sid);
		if (r < 0)
			return svc_db_fail(err, db);
		if (r == 1)
			return svc_fail(err, SVC_INVALID, "section_code", "栏目不存在 / no such section");
		it->section_id = sid;
	} else if (in->section_id > 0) {
		struct section s;
		int r = section_store_get(db, in->section_id, &s);
		if (r < 0)
			return svc_db_fail(err, db);
		if (r == 1 || s.agency_id != it->agency_id)
			return svc_fail(err, SVC_INVALID, "section_id", "栏目不存在 / no such section");
		it->section_id = in->section_id;
	} else if (in->section_id < 0) {
		it->section_id = 0;
	}
	if (in->interprets_id > 0) {
		struct item doc;
		int r = item_store_get(db, in->interprets_id, &doc);
		if (r < 0)
			return svc_db_fail(err, db);
		if (r == 1 || (doc.agency_id != it->agency_id && !is_public_state(doc.state))) {
			if (r == 0)
				item_clear(&doc);
			return svc_fail(err, SVC_INVALID, "interprets_id", "被解读的文件不存在 / no such document");
		}
		item_clear(&doc);
		if (in->interprets_id == it->id)
			return svc_fail(err, SVC_INVALID, "interprets_id", "不能解读自身 / self reference");
		it->interprets_id = in->interprets_id;
	} else if (in->interprets_id < 0) {
		it->interprets_id = 0;
	}
	if (!it->formed_on[0] && it->written_on[0])
		str_copy(it->formed_on, it->written_on, sizeof it->formed_on);
	if (it->validity[0] && strcmp(it->genre, GENRE_RULE) && strcmp(it->genre, GENRE_NORMATIVE))
		return svc_fail(err, SVC_INVALID, "validity",
				"只有规章和行政规范性文件有有效性 / validity applies to 规章 and 行政规范性文件 only");
	return 0;
}

/* The year of a YYYY-MM-DD date (0 if malformed). */
static int year_of(const char *date)
{
	char y[5];
	int v = 0;
	str_copy(y, date, sizeof y);
	return str_to_int(y, 1, 9999, &v) == 0 ? v : 0;
}

/* Build a new item row for agency (inside a transaction): defaults,
 * index number, sections seeded. */
static int new_item(struct db *db, const struct actor *who, const struct item_input *in,
		    struct item *it, struct svc_error *err)
{
	struct agency a;
	struct catalog_settings cs;
	int64_t seq;
	int year, r;
	char today[11];

	memset(it, 0, sizeof *it);
	if (in->agency_id <= 0 && in->agency_code && in->agency_code[0])
		r = agency_store_find_code(db, in->agency_code, &a);
	else
		r = agency_store_get(db, in->agency_id, &a);
	if (r < 0)
		return svc_db_fail(err, db);
	if (r == 1)
		return svc_fail(err, SVC_NOT_FOUND, "agency_id", "机关不存在 / no such agency");
	if (seed_sections_tx(db, a.id) < 0)
		return svc_db_fail(err, db);
	it->agency_id = a.id;
	it->stage = -1;
	it->author_id = who->user_id;
	str_copy(it->state, "draft", sizeof it->state);
	str_copy(it->publisher, a.name, sizeof it->publisher);
	if (!in->title)
		return svc_fail(err, SVC_INVALID, "title", "缺少标题 / title required");
	if (apply_input(db, in, it, err) < 0)
		return -1;
	if (!it->body_html)
		it->body_html = xstrdup("");
	if ((!strcmp(it->genre, GENRE_RULE) || !strcmp(it->genre, GENRE_NORMATIVE)) && !it->validity[0])
		str_copy(it->validity, VALIDITY_CURRENT, sizeof it->validity);
	catalog_today(today);
	year = year_of(it->written_on[0] ? it->written_on : today);
	if (in->index_no && in->index_no[0]) {
		if (check_text(in->index_no, ITEM_FIELD_MAX, "index_no", 1, err) < 0)
			return -1;
		str_copy(it->index_no, in->index_no, sizeof it->index_no);
		catalog_now(it->created_at);
		str_copy(it->updated_at, it->created_at, sizeof it->updated_at);
		return 0;
	}
	if (catalog_settings_get(db, a.id, &cs) < 0)
		return svc_db_fail(err, db);
	free(cs.guide_html);
	if (index_counter_next(db, a.id, year, &seq) < 0)
		return svc_db_fail(err, db);
	if (catalog_format_index_no(cs.index_pattern, a.code, year, seq, it->index_no,
				    sizeof it->index_no) < 0)
		return svc_fail(err, SVC_INVALID, "index_pattern", "索引号格式无效 / bad index pattern");
	catalog_now(it->created_at);
	str_copy(it->updated_at, it->created_at, sizeof it->updated_at);
	return 0;
}

static int item_audit_detail(const struct item *it, struct buf *out)
{
	struct jsonw w;
	jsonw_init(&w, out, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "index_no");
	jsonw_string(&w, it->index_no);
	jsonw_key(&w, "title");
	jsonw_string(&w, it->title);
	jsonw_key(&w, "state");
	jsonw_string(&w, it->state);
	jsonw_object_end(&w);
	return 0;
}

/* Insert it, record version 1 and the audit entry, index if public. */
static int insert_item(struct db *db, const struct actor *who, struct item *it,
		       const char *action, int64_t *id, struct svc_error *err)
{
	struct buf detail = BUF_INIT(0);
	int rc;
	if (item_store_create(db, it, id) < 0)
		return svc_db_fail(err, db);
	item_audit_detail(it, &detail);
	rc = record_change(db, who, *id, action, buf_str(&detail));
	buf_free(&detail);
	if (rc < 0 || search_index_item(db, *id) < 0)
		return svc_db_fail(err, db);
	return 0;
}

/* Resolve in->agency_code into a copy with agency_id set. */
static int resolve_agency(struct db *db, const struct item_input *in, struct item_input *out,
			  struct svc_error *err)
{
	struct agency a;
	int r;
	*out = *in;
	if (in->agency_id > 0 || !in->agency_code)
		return 0;
	r = agency_store_find_code(db, in->agency_code, &a);
	if (r < 0)
		return svc_db_fail(err, db);
	if (r == 1)
		return svc_fail(err, SVC_NOT_FOUND, "agency", "机关不存在 / no such agency: %.64s",
				in->agency_code);
	out->agency_id = a.id;
	return 0;
}

int catalog_item_create(struct db *db, const struct actor *who, const struct item_input *in0,
			int64_t *id, struct svc_error *err)
{
	struct item it;
	struct item_input inr, *in = &inr;
	memset(&it, 0, sizeof it);
	if (begin(db, err) < 0)
		return -1;
	if (resolve_agency(db, in0, in, err) < 0)
		return abort_tx(db);
	if (access_require(db, who, in->agency_id, ROLE_CLERK, err) < 0 &&
	    access_require(db, who, in->agency_id, ROLE_ADMIN, err) < 0)
		return abort_tx(db);
	if ((in->published_on && in->published_on[0]) || (in->index_no && in->index_no[0])) {
		svc_fail(err, SVC_INVALID, in->index_no && in->index_no[0] ? "index_no" : "published_on",
			 "发布日期和索引号由系统确定 / published_on and index_no are set by the system");
		return abort_tx(db);
	}
	if (new_item(db, who, in, &it, err) < 0 || insert_item(db, who, &it, "item.create", id, err) < 0) {
		item_clear(&it);
		return abort_tx(db);
	}
	item_clear(&it);
	return commit(db, err);
}

int catalog_item_import(struct db *db, const struct actor *who, const struct item_input *in0,
			int64_t *id, struct svc_error *err)
{
	struct item it;
	struct item_input inr, *in = &inr;
	memset(&it, 0, sizeof it);
	if (begin(db, err) < 0)
		return -1;
	if (resolve_agency(db, in0, in, err) < 0)
		return abort_tx(db);
	if (access_require(db, who, in->agency_id, ROLE_ADMIN, err) < 0)
		return abort_tx(db);
	if (!in->published_on || !in->published_on[0]) {
		svc_fail(err, SVC_INVALID, "published_on", "导入须有发布日期 / published_on required");
		return abort_tx(db);
	}
	if (new_item(db, who, in, &it, err) < 0) {
		item_clear(&it);
		return abort_tx(db);
	}
	str_copy(it.state, it.validity[0] && !strcmp(it.validity, VALIDITY_REPEALED) ? "repealed"
			   : "published", sizeof it.state);
	if (insert_item(db, who, &it, "item.import", id, err) < 0) {
		item_clear(&it);
		return abort_tx(db);
	}
	item_clear(&it);
	return commit(db, err);
}

/* Load an item the actor may see: 0, or -1 with 404 / db error. */
static int load_visible(struct db *db, const struct actor *who, int64_t id, struct item *out,
			struct svc_error *err)
{
	int r = item_store_get(db, id, out);
	if (r < 0)
		return svc_db_fail(err, db);
	if (r == 0 && (is_public_state(out->state) || access_can_see(db, who, out->agency_id)))
		return 0;
	if (r == 0)
		item_clear(out);
	return svc_fail(err, SVC_NOT_FOUND, NULL, "信息不存在 / no such item");
}

int catalog_item_get(struct db *db, const struct actor *who, int64_t id, struct item *out,
		     struct svc_error *err)
{
	return load_visible(db, who, id, out, err);
}

int catalog_item_update(struct db *db, const struct actor *who, int64_t id,
			const struct item_input *in, struct svc_error *err)
{
	struct item it;
	struct review_flow flow;
	struct review_who rw;
	struct review_item ri;
	struct review_outcome o;
	enum review_state st;
	struct buf detail = BUF_INIT(0);
	int r;

	if (begin(db, err) < 0)
		return -1;
	if (load_visible(db, who, id, &it, err) < 0)
		return abort_tx(db);
	review_flow_of(db, it.agency_id, &flow);
	review_roles_of(db, who, it.agency_id, &rw);
	review_state_parse(it.state, &st);
	ri.state = st;
	ri.stage = it.stage;
	ri.author_id = it.author_id;
	if (review_decide(&flow, &ri, &rw, RA_EDIT, NULL, NULL, &o) < 0) {
		svc_fail(err, !strcmp(o.refusal, "role_required") ? SVC_FORBIDDEN : SVC_CONFLICT,
			 NULL, "%s", o.message);
		item_clear(&it);
		return abort_tx(db);
	}
	if (in->expected_version > 0 && in->expected_version != it.version) {
		svc_fail(err, SVC_CONFLICT, "version", "信息已被他人修改，请刷新 / stale version");
		item_clear(&it);
		return abort_tx(db);
	}
	if (in->published_on && in->published_on[0]) {
		svc_fail(err, SVC_INVALID, "published_on",
			 "发布日期由审核流程确定 / published_on is set when the review publishes");
		item_clear(&it);
		return abort_tx(db);
	}
	if (apply_input(db, in, &it, err) < 0) {
		item_clear(&it);
		return abort_tx(db);
	}
	if (st == RV_WITHDRAWN)
		it.published_on[0] = '\0';   /* republication gets its own date */
	str_copy(it.state, review_state_name(o.next.state), sizeof it.state);
	it.stage = o.next.stage;
	catalog_now(it.updated_at);
	r = item_store_update(db, &it);
	if (r != 0) {
		item_clear(&it);
		if (r == 1) {
			svc_fail(err, SVC_CONFLICT, "version", "信息已被他人修改，请刷新 / stale version");
			return abort_tx(db);
		}
		return db_fail_tx(db, err);
	}
	item_audit_detail(&it, &detail);
	r = record_change(db, who, id, "item.update", buf_str(&detail));
	buf_free(&detail);
	item_clear(&it);
	if (r < 0 || search_index_item(db, id) < 0)
		return db_fail_tx(db, err);
	return commit(db, err);
}

int catalog_item_list(struct db *db, const struct actor *who, const struct item_filter *f,
		      struct item_list *out, struct svc_error *err)
{
	struct item_filter g = *f;
	if (!g.state || !strcmp(g.state, "public")) {
		g.state = "public";
	} else {
		if (g.agency_id <= 0)
			return svc_fail(err, SVC_INVALID, "agency_id",
					"查看非公开信息须指定机关 / agency required");
		if (!access_can_see(db, who, g.agency_id))
			return svc_fail(err, SVC_NOT_FOUND, "agency_id", "机关不存在 / no such agency");
	}
	if (item_store_list(db, &g, out) < 0)
		return svc_db_fail(err, db);
	return 0;
}

int catalog_search(struct db *db, const struct search_request *rq, struct search_result *out,
		   struct svc_error *err)
{
	if (rq->q && strlen(rq->q) > TOK_QUERY_MAX)
		return svc_fail(err, SVC_INVALID, "q", "检索词过长 / query too long");
	if (rq->page > SEARCH_PAGE_MAX)
		return svc_fail(err, SVC_INVALID, "page", "页码过大 / page too large");
	if (search_run(db, rq, out) < 0)
		return svc_db_fail(err, db);
	return 0;
}

int catalog_reindex(struct db *db, const struct actor *who, int64_t *count, struct svc_error *err)
{
	if (!who->is_system)
		return svc_fail(err, SVC_FORBIDDEN, NULL, "仅限系统管理 / system only");
	if (begin(db, err) < 0)
		return -1;
	if (search_reindex(db, count) < 0)
		return db_fail_tx(db, err);
	return commit(db, err);
}

struct versions_ctx {
	struct jsonw *w;
};

static void version_row(void *ctx, int64_t version, const char *snapshot, int64_t user_id,
			const char *at)
{
	struct versions_ctx *c = ctx;
	jsonw_object_begin(c->w);
	jsonw_key(c->w, "version");
	jsonw_int(c->w, version);
	jsonw_key(c->w, "user_id");
	jsonw_int(c->w, user_id);
	jsonw_key(c->w, "at");
	jsonw_string(c->w, at);
	jsonw_key(c->w, "snapshot");
	buf_adds(c->w->out, snapshot);     /* stored JSON, written verbatim */
	c->w->after_key = 0;
	c->w->count[c->w->depth]++;
	jsonw_object_end(c->w);
}

int catalog_item_versions_json(struct db *db, const struct actor *who, int64_t id,
			       struct buf *out, struct svc_error *err)
{
	struct item it;
	struct jsonw w;
	struct versions_ctx c = {&w};
	if (load_visible(db, who, id, &it, err) < 0)
		return -1;
	item_clear(&it);
	if (!access_can_see(db, who, it.agency_id))
		return svc_fail(err, SVC_NOT_FOUND, NULL, "信息不存在 / no such item");
	jsonw_init(&w, out, 0);
	jsonw_array_begin(&w);
	if (item_store_versions(db, id, version_row, &c) < 0)
		return svc_db_fail(err, db);
	jsonw_array_end(&w);
	return 0;
}

/* ---------- guide and settings ---------- */

int catalog_guide_get(struct db *db, int64_t agency_id, char **html, struct svc_error *err)
{
	struct catalog_settings cs;
	if (catalog_settings_get(db, agency_id, &cs) < 0)
		return svc_db_fail(err, db);
	*html = cs.guide_html ? cs.guide_html : xstrdup("");
	return 0;
}

int catalog_guide_put(struct db *db, const struct actor *who, int64_t agency_id,
		      const char *html, struct svc_error *err)
{
	struct catalog_settings cs;
	struct buf clean = BUF_INIT(CATALOG_GUIDE_MAX);
	char at[32], oid[32];
	if (!html || strlen(html) > CATALOG_GUIDE_MAX * 2 ||
	    sanitize_html(html, strlen(html), &clean) < 0) {
		buf_free(&clean);
		return svc_fail(err, SVC_INVALID, "html", "公开指南过长 / guide too long");
	}
	if (begin(db, err) < 0) {
		buf_free(&clean);
		return -1;
	}
	if (access_require(db, who, agency_id, ROLE_ADMIN, err) < 0) {
		buf_free(&clean);
		return abort_tx(db);
	}
	if (catalog_settings_get(db, agency_id, &cs) < 0) {
		buf_free(&clean);
		return db_fail_tx(db, err);
	}
	free(cs.guide_html);
	cs.guide_html = (char *)buf_str(&clean);
	catalog_now(at);
	str_copy(cs.guide_updated_at, at, sizeof cs.guide_updated_at);
	snprintf(oid, sizeof oid, "%lld", (long long)agency_id);
	if (catalog_settings_put(db, agency_id, &cs, at) < 0 ||
	    audit_append(db, actor_name(who), agency_id, "guide.update", "agency", oid, NULL) < 0) {
		buf_free(&clean);
		return db_fail_tx(db, err);
	}
	buf_free(&clean);
	return commit(db, err);
}

int catalog_settings_set(struct db *db, const struct actor *who, int64_t agency_id,
			 const char *index_pattern, const char *review_stages,
			 struct svc_error *err)
{
	struct catalog_settings cs;
	char at[32], oid[32], probe[ITEM_FIELD_MAX], msg[160];
	if (index_pattern && (strlen(index_pattern) >= sizeof cs.index_pattern ||
			      catalog_format_index_no(index_pattern, "X", 2024, 1, probe, sizeof probe) < 0))
		return svc_fail(err, SVC_INVALID, "index_pattern",
				"索引号格式须含 {seq}，可用 {code} {year} {seq:N} / bad pattern");
	if (review_stages) {
		struct review_flow flow;
		if (strlen(review_stages) >= sizeof cs.review_stages)
			return svc_fail(err, SVC_INVALID, "review_stages", "过长 / too long");
		if (review_stages[0]) {
			char tmp[256];
			char *tok, *save = NULL;
			memset(&flow, 0, sizeof flow);
			str_copy(tmp, review_stages, sizeof tmp);
			for (tok = strtok_r(tmp, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
				if (flow.n >= REVIEW_MAX_STAGES)
					return svc_fail(err, SVC_INVALID, "review_stages", "环节过多 / too many");
				str_copy(flow.stages[flow.n].key, str_trim(tok), REVIEW_KEY_MAX);
				str_copy(flow.stages[flow.n].label, review_stage_label(flow.stages[flow.n].key),
					 REVIEW_LABEL_MAX);
				flow.n++;
			}
			if (review_flow_check(&flow, msg, sizeof msg) < 0)
				return svc_fail(err, SVC_INVALID, "review_stages", "%s", msg);
		}
	}
	if (begin(db, err) < 0)
		return -1;
	if (access_require(db, who, agency_id, ROLE_ADMIN, err) < 0)
		return abort_tx(db);
	if (catalog_settings_get(db, agency_id, &cs) < 0)
		return db_fail_tx(db, err);
	if (index_pattern)
		str_copy(cs.index_pattern, index_pattern, sizeof cs.index_pattern);
	if (review_stages)
		str_copy(cs.review_stages, review_stages, sizeof cs.review_stages);
	catalog_now(at);
	snprintf(oid, sizeof oid, "%lld", (long long)agency_id);
	if (catalog_settings_put(db, agency_id, &cs, at) < 0 ||
	    audit_append(db, actor_name(who), agency_id, "catalog.settings", "agency", oid, NULL) < 0) {
		free(cs.guide_html);
		return db_fail_tx(db, err);
	}
	free(cs.guide_html);
	return commit(db, err);
}

/* ---------- attachments ---------- */

static const struct {
	const char *ext, *ctype, *magic;
	size_t magic_len;
	const char *zip_part;           /* a path inside a ZIP container, or NULL */
} file_kinds[] = {
	{"pdf", "application/pdf", "%PDF-", 5, NULL},
	{"doc", "application/msword", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, NULL},
	{"xls", "application/vnd.ms-excel", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, NULL},
	{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	 "PK\x03\x04", 4, "word/"},
	{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	 "PK\x03\x04", 4, "xl/"},
	{"png", "image/png", "\x89PNG\r\n\x1A\n", 8, NULL},
	{"jpg", "image/jpeg", "\xFF\xD8\xFF", 3, NULL},
	{"jpeg", "image/jpeg", "\xFF\xD8\xFF", 3, NULL},
	{"gif", "image/gif", "GIF8", 4, NULL},
};

int catalog_attachment_check(const char *filename, const void *data, size_t size,
			     char *ctype, size_t ctypesize, struct svc_error *err)
{
	const char *dot, *p;
	char ext[8];
	size_t i, n;
	if (size > CATALOG_ATTACH_MAX)
		return svc_fail(err, 413, "file", "附件过大（上限 %u MB）/ attachment too large",
				CATALOG_ATTACH_MAX / (1024 * 1024));
	if (size == 0)
		return svc_fail(err, SVC_INVALID, "file", "附件为空 / empty file");
	if (!filename || !filename[0] || strlen(filename) > 200)
		return svc_fail(err, SVC_INVALID, "filename", "文件名缺失或过长 / bad file name");
	if (!utf8_valid(filename, strlen(filename)))
		return svc_fail(err, SVC_INVALID, "filename", "文件名不是有效的 UTF-8 / bad file name");
	for (p = filename; *p; p++)
		if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20 || *p == 0x7f || *p == ':')
			return svc_fail(err, SVC_INVALID, "filename",
					"文件名不能含路径或控制字符 / file name must not contain a path");
	if (filename[0] == '.' || strstr(filename, ".."))
		return svc_fail(err, SVC_INVALID, "filename", "文件名不合法 / bad file name");
	dot = strrchr(filename, '.');
	if (!dot || (n = strlen(dot + 1)) == 0 || n >= sizeof ext)
		return svc_fail(err, SVC_INVALID, "filename",
				"仅允许 PDF、DOC/DOCX、XLS/XLSX 和图片 / file type not allowed");
	for (i = 0; i < n; i++)
		ext[i] = (char)(dot[1 + i] >= 'A' && dot[1 + i] <= 'Z' ? dot[1 + i] + 32 : dot[1 + i]);
	ext[n] = '\0';
	for (i = 0; i < sizeof file_kinds / sizeof file_kinds[0]; i++) {
		if (strcmp(ext, file_kinds[i].ext))
			continue;
		if (size < file_kinds[i].magic_len || memcmp(data, file_kinds[i].magic, file_kinds[i].magic_len) ||
		    (file_kinds[i].zip_part && !memmem(data, size, file_kinds[i].zip_part,
						       strlen(file_kinds[i].zip_part))))
			return svc_fail(err, SVC_INVALID, "file",
					"文件内容与类型 .%s 不符 / content does not match the file type", ext);
		str_copy(ctype, file_kinds[i].ctype, ctypesize);
		return 0;
	}
	return svc_fail(err, SVC_INVALID, "filename",
			"仅允许 PDF、DOC/DOCX、XLS/XLSX 和图片 / file type not allowed");
}

int catalog_attachment_add(struct db *db, const struct actor *who, int64_t item_id,
			   const char *filename, const void *data, size_t size,
			   int64_t *file_id, struct svc_error *err)
{
	struct item it;
	char ctype[128], at[32], oid[32];
	unsigned char hash[crypto_hash_sha256_BYTES];
	char hex[65];
	struct buf detail = BUF_INIT(0);
	struct jsonw w;

	if (catalog_attachment_check(filename, data, size, ctype, sizeof ctype, err) < 0)
		return -1;
	if (begin(db, err) < 0)
		return -1;
	if (load_visible(db, who, item_id, &it, err) < 0)
		return abort_tx(db);
	item_clear(&it);
	if (access_require(db, who, it.agency_id, ROLE_CLERK, err) < 0 &&
	    access_require(db, who, it.agency_id, ROLE_ADMIN, err) < 0)
		return abort_tx(db);
	if (strcmp(it.state, "draft") && strcmp(it.state, "withdrawn")) {
		svc_fail(err, SVC_CONFLICT, NULL, "只能给草稿添加附件 / attachments can be added to drafts only");
		return abort_tx(db);
	}
	crypto_hash_sha256(hash, data, size);
	sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
	catalog_now(at);
	if (attachment_store_add(db, item_id, filename, ctype, hex, data, size, who->user_id, at,
				 file_id) < 0)
		return db_fail_tx(db, err);
	jsonw_init(&w, &detail, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "file_id");
	jsonw_int(&w, *file_id);
	jsonw_key(&w, "filename");
	jsonw_string(&w, filename);
	jsonw_key(&w, "sha256");
	jsonw_string(&w, hex);
	jsonw_key(&w, "size");
	jsonw_int(&w, (int64_t)size);
	jsonw_object_end(&w);
	snprintf(oid, sizeof oid, "%lld", (long long)item_id);
	if (audit_append(db, actor_name(who), it.agency_id, "item.attach", "item", oid,
			 buf_str(&detail)) < 0) {
		buf_free(&detail);
		return db_fail_tx(db, err);
	}
	buf_free(&detail);
	return commit(db, err);
}

int catalog_attachment_get(struct db *db, const struct actor *who, int64_t item_id,
			   int64_t file_id, struct attachment *meta, void **data,
			   struct svc_error *err)
{
	struct item it;
	int r;
	if (load_visible(db, who, item_id, &it, err) < 0)
		return -1;
	item_clear(&it);
	r = attachment_store_get(db, item_id, file_id, meta, data);
	if (r < 0)
		return svc_db_fail(err, db);
	if (r == 1)
		return svc_fail(err, SVC_NOT_FOUND, NULL, "附件不存在 / no such attachment");
	return 0;
}

/* ---------- deadlines ---------- */

void overdue_list_free(struct overdue_list *l)
{
	free(l->items);
	l->items = NULL;
	l->n = l->cap = 0;
}

int catalog_overdue(struct db *db, const struct actor *who, int64_t agency_id,
		    const struct calendar *cal, const char *today, struct overdue_list *out,
		    struct svc_error *err)
{
	struct item_list l = {0};
	gk_date now;
	size_t i;
	if (date_parse(today, &now) < 0)
		return svc_fail(err, SVC_INVALID, "today", "日期格式错误 / bad date");
	if (!access_can_see(db, who, agency_id))
		return svc_fail(err, SVC_NOT_FOUND, "agency_id", "机关不存在 / no such agency");
	if (item_store_unpublished_formed(db, agency_id, 1, &l) < 0)
		return svc_db_fail(err, db);
	for (i = 0; i < l.n; i++) {
		struct item *it = &l.items[i];
		gk_date formed, due, pub;
		int late;
		if (date_parse(it->formed_on[0] ? it->formed_on : it->written_on, &formed) < 0)
			continue;
		due = calendar_add_workdays(cal, formed, CATALOG_ARTICLE26_DAYS);
		if (!strcmp(it->state, "published")) {
			if (date_parse(it->published_on, &pub) < 0 || pub <= due)
				continue;
			late = 1;
		} else {
			if (now <= due)
				continue;
			late = 0;
		}
		if (out->n == out->cap) {
			out->cap = out->cap ? out->cap * 2 : 16;
			out->items = xreallocarray(out->items, out->cap, sizeof *out->items);
		}
		out->items[out->n].item = *it;
		out->items[out->n].item.body_html = NULL;
		date_format(due, out->items[out->n].due_on);
		out->items[out->n].late = late;
		out->n++;
	}
	item_list_free(&l);
	return 0;
}

/* ---------- Art. 44 ---------- */

int catalog_item_from_application(struct db *db, const struct actor *who,
				  int64_t application_id, const struct item_input *in,
				  int64_t *id, struct svc_error *err)
{
	struct app_record app;
	struct item_input x = *in;
	struct item it;
	struct buf body = BUF_INIT(0);
	char title[ITEM_TITLE_MAX];
	int r;

	memset(&app, 0, sizeof app);
	memset(&it, 0, sizeof it);
	if (begin(db, err) < 0)
		return -1;
	r = app_store_get(db, application_id, 0, &app);
	if (r < 0)
		return db_fail_tx(db, err);
	if (r != 0 || !access_can_see(db, who, app.agency_id)) {
		if (r == 0)
			app_record_free(&app);
		svc_fail(err, SVC_NOT_FOUND, "application_id", "申请不存在 / no such application");
		return abort_tx(db);
	}
	if (!app.outcome || (strcmp(app.outcome, "disclosed") && strcmp(app.outcome, "partial")) ||
	    !app.answered_on || !app.answered_on[0]) {
		app_record_free(&app);
		svc_fail(err, SVC_CONFLICT, "application_id",
			 "只有已答复且予以公开（含部分公开）的申请可以转为主动公开 / "
			 "only answered applications that disclosed information can be converted");
		return abort_tx(db);
	}
	if (access_require(db, who, app.agency_id, ROLE_CLERK, err) < 0 &&
	    access_require(db, who, app.agency_id, ROLE_ADMIN, err) < 0) {
		app_record_free(&app);
		return abort_tx(db);
	}
	x.agency_id = app.agency_id;
	if (!x.title) {
		/* the description, cut at a code point edge */
		size_t n = str_copy(title, app.description ? app.description : "", sizeof title);
		if (n >= sizeof title) {
			size_t k = sizeof title - 1;
			while (k > 0 && ((unsigned char)title[k] & 0xC0) == 0x80)
				k--;
			title[k] = '\0';
		}
		x.title = title;
	}
	if (!x.body_html) {
		static const char esc[] = "<>&";
		const char *p;
		buf_adds(&body, "<p>");
		for (p = app.description ? app.description : ""; *p; p++) {
			if (strchr(esc, *p) && *p)
				buf_adds(&body, *p == '<' ? "&lt;" : *p == '>' ? "&gt;" : "&amp;");
			else
				buf_addc(&body, *p);
		}
		buf_adds(&body, "</p>");
		x.body_html = buf_str(&body);
	}
	if (!x.formed_on)
		x.formed_on = app.answered_on;
	x.published_on = NULL;
	x.index_no = NULL;
	x.agency_code = NULL;
	if (new_item(db, who, &x, &it, err) < 0) {
		item_clear(&it);
		app_record_free(&app);
		buf_free(&body);
		return abort_tx(db);
	}
	it.source_application_id = application_id;
	app_record_free(&app);
	buf_free(&body);
	if (insert_item(db, who, &it, "item.from_application", id, err) < 0) {
		item_clear(&it);
		return abort_tx(db);
	}
	item_clear(&it);
	return commit(db, err);
}

/* ---------- JSON input ---------- */

int catalog_input_from_json(struct json_t *obj, struct item_input *in, struct svc_error *err)
{
	static const struct {
		const char *name;
		int is_int;
		size_t off;
	} fields[] = {
#define F(n, m, i) {n, i, offsetof(struct item_input, m)}
		F("agency_id", agency_id, 1), F("agency", agency_code, 0),
		F("section_id", section_id, 1), F("section", section_code, 0),
		F("title", title, 0), F("body_html", body_html, 0), F("publisher", publisher, 0),
		F("written_on", written_on, 0), F("formed_on", formed_on, 0),
		F("published_on", published_on, 0), F("doc_no", doc_no, 0), F("topic", topic, 0),
		F("genre", genre, 0), F("validity", validity, 0), F("effective_on", effective_on, 0),
		F("invalid_on", invalid_on, 0), F("interprets_id", interprets_id, 1),
		F("version", expected_version, 1), F("index_no", index_no, 0),
#undef F
	};
	const char *key;
	json_t *val;
	json_t *o = (json_t *)obj;
	memset(in, 0, sizeof *in);
	if (!json_is_object(o))
		return svc_fail(err, SVC_INVALID, "", "须为 JSON 对象 / must be a JSON object");
	json_object_foreach(o, key, val) {
		size_t i, found = 0;
		for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
			char *base = (char *)in + fields[i].off;
			if (strcmp(fields[i].name, key))
				continue;
			found = 1;
			if (json_is_null(val))
				break;
			if (fields[i].is_int) {
				if (!json_is_integer(val))
					return svc_fail(err, SVC_INVALID, key, "应为整数 / expected an integer");
				*(int64_t *)(void *)base = (int64_t)json_integer_value(val);
			} else {
				if (!json_is_string(val))
					return svc_fail(err, SVC_INVALID, key, "应为字符串 / expected a string");
				*(const char **)(void *)base = json_string_value(val);
			}
			break;
		}
		if (!found)
			return svc_fail(err, SVC_INVALID, key, "未知字段 / unknown field");
	}
	return 0;
}

/* ---------- small reads for the fronts ---------- */

int catalog_attachments(struct db *db, const struct actor *who, int64_t item_id,
			struct attachment_list *out, struct svc_error *err)
{
	struct item it;
	if (load_visible(db, who, item_id, &it, err) < 0)
		return -1;
	item_clear(&it);
	if (attachment_store_list(db, item_id, out) < 0)
		return svc_db_fail(err, db);
	return 0;
}

int catalog_interpretations(struct db *db, int64_t id, struct item_list *out,
			    struct svc_error *err)
{
	if (item_store_interpretations(db, id, out) < 0)
		return svc_db_fail(err, db);
	return 0;
}

int catalog_section_get(struct db *db, int64_t id, struct section *out, struct svc_error *err)
{
	int r = section_store_get(db, id, out);
	if (r < 0)
		return svc_db_fail(err, db);
	if (r == 1)
		return svc_fail(err, SVC_NOT_FOUND, NULL, "栏目不存在 / no such section");
	return 0;
}

int catalog_section_find(struct db *db, int64_t agency_id, const char *code, int64_t *id,
			 struct svc_error *err)
{
	int r = section_store_find_code(db, agency_id, code, id);
	if (r < 0)
		return svc_db_fail(err, db);
	if (r == 1)
		return svc_fail(err, SVC_NOT_FOUND, "section", "栏目不存在 / no such section");
	return 0;
}
