/* test_catalog.c - catalog services on a real database (uses-db):
 * index numbers, attachment checks, drafts and imports, search through
 * the service, 表二 figures from the catalog (2021 and 2019 formats), the
 * Art. 26 overdue list, the Art. 44 conversion, public lists (order,
 * totals) and section counts. Database:
 * $GONGKAI_TEST_DB_URL / $GONGKAI_TEST_PG_URL, else a temp SQLite file. */
#include "t.h"
#include "service/accounts.h"
#include "service/applications.h"
#include "service/catalog.h"
#include "service/proactive_report.h"
#include "service/review.h"
#include "store/db.h"
#include "store/users.h"
#include "report/spec.h"
#include "domain/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct actor sys = {0, "system", 1, ""};

static int64_t import(struct db *db, const char *agency, const char *title, const char *genre,
		      const char *published, const char *validity, const char *invalid_on)
{
	struct item_input in;
	struct svc_error e;
	int64_t id = 0;
	memset(&in, 0, sizeof in);
	in.agency_code = agency;
	in.title = title;
	in.genre = genre;
	in.published_on = published;
	in.written_on = published;
	in.validity = validity;
	in.invalid_on = invalid_on;
	if (catalog_item_import(db, &sys, &in, &id, &e) < 0)
		printf("# import %s: %s\n", title, e.message);
	return id;
}

static const char *figure(const struct figure_rows *f, const char *key)
{
	size_t i;
	for (i = 0; i < f->n; i++)
		if (!strcmp(f->items[i].key, key))
			return f->items[i].value;
	return "(none)";
}

int main(void)
{
	char path[256], err[512], code[64], code2[64], out[128], ct[128];
	const char *url = getenv("GONGKAI_TEST_DB_URL");
	struct svc_error e;
	struct db *db;
	int64_t agency = 0, other = 0, uid = 0, id = 0;
	struct actor clerk = {0, "", 0, ""};

	if (!url || !*url)
		url = getenv("GONGKAI_TEST_PG_URL");
	if (!url || !*url) {
		snprintf(path, sizeof path, "sqlite:/tmp/gk_test_catalog_%ld.db", (long)getpid());
		unlink(path + 7);
		url = path;
	}
	db = db_open(url, err, sizeof err);
	T_OK(db != NULL, "open %s", url);
	if (!db) {
		printf("# %s\n", err);
		return T_DONE();
	}
	snprintf(code, sizeof code, "cat%ld", (long)getpid());
	snprintf(code2, sizeof code2, "oth%ld", (long)getpid());
	{
		struct agency_input in = {0, code, "某市住房和城乡建设委员会", "department"};
		struct agency_input in2 = {0, code2, "某市交通委员会", "department"};
		T_OK(accounts_agency_create(db, &sys, &in, &agency, &e) == 0, "agency");
		T_OK(accounts_agency_create(db, &sys, &in2, &other, &e) == 0, "second agency");
	}
	{
		char login[64];
		snprintf(login, sizeof login, "clerk%ld", (long)getpid());
		T_OK(user_store_create(db, login, "经办人", "!", 0, "2024-01-01T00:00:00Z", &uid) == 0 &&
		     user_store_add_role(db, uid, agency, "clerk") == 0, "clerk user");
		clerk.user_id = uid;
		snprintf(clerk.login, sizeof clerk.login, "%s", login);
	}

	/* 索引号 patterns */
	T_OK(catalog_format_index_no("{code}/{year}-{seq:5}", "zjw", 2024, 3, out, sizeof out) == 0 &&
	     !strcmp(out, "zjw/2024-00003"), "default pattern: %s", out);
	T_OK(catalog_format_index_no("11010{year}{seq:4}", "x", 2023, 12, out, sizeof out) == 0 &&
	     !strcmp(out, "1101020230012"), "numeric pattern: %s", out);
	T_OK(catalog_format_index_no("{code}-{year}", "x", 2023, 1, out, sizeof out) < 0,
	     "a pattern without {seq} is refused");
	T_OK(catalog_format_index_no("{code}-{bad}-{seq}", "x", 2023, 1, out, sizeof out) < 0,
	     "unknown placeholder refused");

	/* attachment checks */
	T_OK(catalog_attachment_check("a.pdf", "%PDF-1.4 x", 10, ct, sizeof ct, &e) == 0 &&
	     !strcmp(ct, "application/pdf"), "pdf ok");
	T_OK(catalog_attachment_check("通知.DOCX", "PK\3\4....word/document.xml", 25, ct, sizeof ct, &e) == 0 &&
	     strstr(ct, "wordprocessingml"), "docx ok (upper-case extension)");
	T_OK(catalog_attachment_check("a.xlsx", "PK\3\4....word/document.xml", 25, ct, sizeof ct, &e) < 0,
	     "a Word file named .xlsx refused");
	T_OK(catalog_attachment_check("a.png", "%PDF-1.4 x", 10, ct, sizeof ct, &e) < 0 &&
	     !strcmp(e.field, "file"), "pdf bytes named .png refused");
	T_OK(catalog_attachment_check("../a.pdf", "%PDF-1.4 x", 10, ct, sizeof ct, &e) < 0 &&
	     !strcmp(e.field, "filename"), "../ refused");
	T_OK(catalog_attachment_check("a.exe", "MZ", 2, ct, sizeof ct, &e) < 0, ".exe refused");
	T_OK(catalog_attachment_check("a.pdf", "%PDF-", CATALOG_ATTACH_MAX + 1, ct, sizeof ct, &e) < 0 &&
	     e.code == 413, "oversized refused with 413");
	T_OK(catalog_attachment_check("a.pdf", "", 0, ct, sizeof ct, &e) < 0, "empty refused");

	/* a draft by the clerk; the other agency's clerk role is not enough */
	{
		struct item_input in;
		struct item it;
		memset(&in, 0, sizeof in);
		in.agency_id = agency;
		in.title = "关于做好老旧小区综合整治工作的通知";
		in.written_on = "2024-03-01";
		in.body_html = "<p>正文<img src=x onerror=alert(1)></p>";
		T_OK(catalog_item_create(db, &clerk, &in, &id, &e) == 0, "clerk creates a draft");
		T_OK(catalog_item_get(db, &clerk, id, &it, &e) == 0, "clerk reads it");
		T_OK(!strstr(it.body_html, "onerror"), "body sanitized: %s", it.body_html);
		T_OK(!strcmp(it.state, "draft") && it.author_id == uid, "state draft, author set");
		T_OK(strstr(it.index_no, "/2024-") != NULL, "index_no %s", it.index_no);
		item_clear(&it);
		in.agency_id = other;
		T_OK(catalog_item_create(db, &clerk, &in, &id, &e) < 0 && e.code == SVC_FORBIDDEN,
		     "no draft in another agency");
		in.agency_id = agency;
		in.validity = "current";
		in.genre = "通知";
		T_OK(catalog_item_create(db, &clerk, &in, &id, &e) < 0 && !strcmp(e.field, "validity"),
		     "validity only for 规章/规范性文件");
	}

	/* imports feed 表二 */
	import(db, code, "规章甲", GENRE_RULE, "2021-03-01", "current", NULL);
	import(db, code, "规章乙", GENRE_RULE, "2022-05-01", "current", NULL);
	import(db, code, "规章丙", GENRE_RULE, "2022-06-01", "repealed", "2023-02-01");
	import(db, code, "规范性文件一", GENRE_NORMATIVE, "2023-01-10", "current", NULL);
	import(db, code, "规范性文件二", GENRE_NORMATIVE, "2023-07-10", "amended", "2023-09-01");
	import(db, code, "规范性文件三", GENRE_NORMATIVE, "2020-07-10", "repealed", "2023-11-30");
	import(db, code, "规范性文件四", GENRE_NORMATIVE, "2024-01-02", "current", NULL);
	import(db, code2, "别的机关的规章", GENRE_RULE, "2023-01-01", "current", NULL);
	{
		const struct spec_set *set = spec_builtin();
		struct figure_rows f = {0};
		T_OK(proactive_report_figures(db, agency, 2023, spec_find(set, "2021"), &f, &e) == 0,
		     "2021 figures");
		T_EQ_STR(figure(&f, "proactive.rules.issued"), "0", "2023 规章 本年制发");
		T_EQ_STR(figure(&f, "proactive.rules.repealed"), "1", "2023 规章 本年废止");
		T_EQ_STR(figure(&f, "proactive.rules.in_force"), "2", "2023 规章 现行有效");
		T_EQ_STR(figure(&f, "proactive.normative_docs.issued"), "2", "2023 规范性文件 本年制发");
		T_EQ_STR(figure(&f, "proactive.normative_docs.repealed"), "1", "2023 规范性文件 本年废止");
		T_EQ_STR(figure(&f, "proactive.normative_docs.in_force"), "2",
			 "2023 规范性文件 现行有效 (amended counts, 2024 not yet)");
		figure_rows_free(&f);
		T_OK(proactive_report_figures(db, agency, 2022, spec_find(set, "2021"), &f, &e) == 0,
		     "2022 figures");
		T_EQ_STR(figure(&f, "proactive.rules.issued"), "2", "2022 规章 本年制发");
		T_EQ_STR(figure(&f, "proactive.rules.in_force"), "3", "2022 规章 现行有效 (repealed 2023)");
		figure_rows_free(&f);
		T_OK(proactive_report_figures(db, agency, 2023, spec_find(set, "2019"), &f, &e) == 0,
		     "2019-format figures");
		T_EQ_STR(figure(&f, "proactive.normative_docs.created"), "2", "本年新制作");
		T_EQ_STR(figure(&f, "proactive.normative_docs.published"), "2", "本年新公开");
		T_EQ_STR(figure(&f, "proactive.normative_docs.total_public"), "3", "对外公开总数量");
		figure_rows_free(&f);
		{
			struct report *r = report_new(spec_find(set, "2021"), "-");
			int t = spec_table_index(r->spec, "proactive");
			const struct spec_table *tb = &r->spec->tables[t];
			T_OK(proactive_report_fill(db, agency, 2023, r, &e) == 0, "fill a report");
			T_EQ_INT(report_cell(r, t, spec_row_index(tb, "normative_docs"),
					     spec_col_index(tb, "issued"))->units, 2, "cell set in the model");
			report_free(r);
		}
	}

	/* search through the service */
	{
		struct search_request rq;
		struct search_result res;
		memset(&rq, 0, sizeof rq);
		rq.q = "规范性文件";
		rq.agency_id = agency;
		T_OK(catalog_search(db, &rq, &res, &e) == 0, "search");
		T_EQ_INT(res.total, 4, "four 规范性文件 of this agency");
		T_OK(res.n > 0 && strstr(res.hits[0].title_html, "<mark>"), "title highlighted");
		search_result_free(&res);
		rq.q = "老旧小区";
		T_OK(catalog_search(db, &rq, &res, &e) == 0 && res.total == 0, "drafts are not searchable");
		search_result_free(&res);
	}

	/* Art. 26: formed 2024-03-01, not published: overdue after 20 working days */
	{
		char cerr[256];
		const struct calendar *cal = app_calendar(cerr, sizeof cerr);
		struct overdue_list l = {0};
		T_OK(cal != NULL, "calendar");
		if (cal) {
			T_OK(catalog_overdue(db, &sys, agency, cal, "2024-03-20", &l, &e) == 0 && l.n == 0,
			     "not overdue on 2024-03-20");
			overdue_list_free(&l);
			T_OK(catalog_overdue(db, &sys, agency, cal, "2024-04-15", &l, &e) == 0 && l.n == 1,
			     "overdue on 2024-04-15");
			if (l.n == 1)
				T_EQ_STR(l.items[0].due_on, "2024-03-29", "due 20 working days after 2024-03-01");
			overdue_list_free(&l);
		}
	}

	/* Art. 44: an answered, disclosed application becomes a draft item */
	{
		struct db_param p[3] = {DBP_INT(agency), DBP_TEXT(code), DBP_TEXT("disclosed")};
		int64_t app = 0, item = 0;
		struct item_input in;
		struct item it;
		T_OK(db_query_int(db, "INSERT INTO applications (agency_id, tracking_code, verifier_hash,"
				  " channel, received_on, applicant_kind, applicant_name, description, state,"
				  " outcome, answered_on, created_at, updated_at) VALUES ($1, $2, 'x', 'online',"
				  " '2024-02-01', 'person', '张三', '2023年本市保障性住房建设计划完成情况', 'answered',"
				  " $3, '2024-02-20', '2024-02-01T00:00:00Z', '2024-02-01T00:00:00Z') RETURNING id",
				  p, 3, &app) == 0, "an answered application");
		memset(&in, 0, sizeof in);
		T_OK(catalog_item_from_application(db, &clerk, app, &in, &item, &e) == 0,
		     "converted to a catalog item");
		T_OK(catalog_item_get(db, &clerk, item, &it, &e) == 0 && it.source_application_id == app &&
		     !strcmp(it.title, "2023年本市保障性住房建设计划完成情况") && !strcmp(it.state, "draft") &&
		     !strcmp(it.formed_on, "2024-02-20") && !strstr(it.body_html, "张三"),
		     "draft with the description as title, no applicant data");
		item_clear(&it);
		db_exec(db, "UPDATE applications SET outcome = 'withheld_state_secret' WHERE id = $1",
			(struct db_param[]){DBP_INT(app)}, 1);
		T_OK(catalog_item_from_application(db, &clerk, app, &in, &item, &e) < 0 &&
		     e.code == SVC_CONFLICT, "a withheld answer cannot be converted");
	}

	/* public lists: newest first, undated last (both engines), totals
	 * from a short page or a COUNT, none when skipped; section counts */
	{
		char index_no[96];
		struct db_param p[2] = {DBP_INT(agency), DBP_TEXT(index_no)};
		struct item_filter f;
		struct item_list l = {0};
		struct section_list secs = {0};
		size_t i;
		int parent_first = 1;
		snprintf(index_no, sizeof index_no, "%s/undated", code);
		T_OK(db_exec(db, "INSERT INTO items (agency_id, index_no, title, state, created_at,"
			     " updated_at) VALUES ($1, $2, '未注明发布日期的公告', 'published',"
			     " '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z')", p, 2) == 1,
		     "a public item without 发布日期");
		memset(&f, 0, sizeof f);
		f.agency_id = agency;
		f.state = "public";
		f.limit = 3;
		T_OK(catalog_item_list(db, &sys, &f, &l, &e) == 0 && l.n == 3, "first page of 3");
		T_EQ_INT(l.total, 8, "full page: total counted");
		if (l.n == 3)
			T_OK(!strcmp(l.items[0].title, "规范性文件四") && !strcmp(l.items[1].title, "规范性文件二") &&
			     !strcmp(l.items[2].title, "规范性文件一"), "newest 发布日期 first");
		item_list_free(&l);
		f.offset = 6;
		T_OK(catalog_item_list(db, &sys, &f, &l, &e) == 0 && l.n == 2, "last page: 2 items");
		T_EQ_INT(l.total, 8, "short page: total from the page");
		if (l.n == 2)
			T_OK(!strcmp(l.items[0].title, "规范性文件三") &&
			     !strcmp(l.items[1].title, "未注明发布日期的公告"), "undated item last");
		item_list_free(&l);
		f.offset = 9;
		T_OK(catalog_item_list(db, &sys, &f, &l, &e) == 0 && l.n == 0, "past the end: empty");
		T_EQ_INT(l.total, 8, "empty page past the end: total counted");
		item_list_free(&l);
		f.offset = 0;
		f.limit = 20;
		f.subtree = 1;
		T_OK(catalog_item_list(db, &sys, &f, &l, &e) == 0 && l.n == 8 && l.total == 8,
		     "subtree, one page: 8 of 8");
		item_list_free(&l);
		f.subtree = 0;
		f.year = 2023;
		T_OK(catalog_item_list(db, &sys, &f, &l, &e) == 0 && l.n == 2 && l.total == 2,
		     "year 2023: 2 items");
		item_list_free(&l);
		f.year = 0;
		f.limit = 1;
		f.skip_total = 1;
		T_OK(catalog_item_list(db, &sys, &f, &l, &e) == 0 && l.n == 1 && l.total == -1,
		     "skip_total: no count");
		item_list_free(&l);
		memset(&f, 0, sizeof f);
		f.state = "public";
		f.limit = 2;
		T_OK(catalog_item_list(db, &sys, &f, &l, &e) == 0 && l.n == 2 && l.total >= 9,
		     "every agency: a page of 2, total %lld", (long long)l.total);
		item_list_free(&l);

		T_OK(catalog_sections(db, agency, &secs, &e) == 0 && secs.n > 0, "default sections");
		for (i = 0; i < secs.n; i++) {
			size_t k;
			int seen = secs.items[i].parent_id == 0;
			for (k = 0; k < i && !seen; k++)
				seen = secs.items[k].id == secs.items[i].parent_id;
			if (!seen || (i > 0 && secs.items[i].parent_id == 0 && secs.items[i - 1].parent_id != 0))
				parent_first = 0;
		}
		T_OK(parent_first, "top-level sections first, each parent before its children");
		if (secs.n > 0) {
			struct db_param q[2] = {DBP_INT(secs.items[0].id), DBP_INT(agency)};
			T_OK(db_exec(db, "UPDATE items SET section_id = $1 WHERE agency_id = $2"
				     " AND title IN ('规章甲', '规章丙', '关于做好老旧小区综合整治工作的通知')",
				     q, 2) == 3, "three items into the first section");
			section_list_free(&secs);
			T_OK(catalog_sections(db, agency, &secs, &e) == 0 && secs.n > 0 &&
			     secs.items[0].items == 2, "its count: the 2 public ones, not the draft");
		}
		section_list_free(&secs);
		T_OK(catalog_sections(db, 999999999, &secs, &e) < 0 && e.code == SVC_NOT_FOUND,
		     "sections of no agency: 404");
		section_list_free(&secs);
	}

	db_close(db);
	if (url == path)
		unlink(path + 7);
	return T_DONE();
}
