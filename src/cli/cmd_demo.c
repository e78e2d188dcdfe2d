/* cmd_demo.c - `gongkai demo [--db URL] [--key-file PATH]`: fill a database
 * with a small, realistic demonstration.
 *
 * Everything goes through the real service functions as the system actor
 * (so the audit log, deadlines and access rules are the real ones): an
 * agency tree (市政府 -> 办公室, 住建局, 教育局, 区政府 -> 区民政局), users
 * with every role including the four review stages, applications in every
 * state with dates relative to today (some overdue, some waiting for 补正,
 * some answered last year so last year's annual report has numbers), an
 * appeal. Prints the URL hint, the accounts and the demo password. */
#include "cli/cli.h"
#include "service/accounts.h"
#include "service/access.h"
#include "service/applications.h"
#include "service/annual_report.h"
#include "service/catalog.h"
#include "service/review.h"
#include "base/secret.h"
#include "base/str.h"
#include "domain/date.h"
#include "store/db.h"

#include <stdio.h>
#include <string.h>

#define DEMO_PASSWORD "gongkai-demo-2026"

struct demo {
	struct db *db;
	struct actor sys;
	const struct calendar *cal;
	struct secret_key key;
	int failures;
};

static int64_t agency(struct demo *d, int64_t parent, const char *code, const char *name,
		      const char *kind)
{
	struct agency_input in = {parent, code, name, kind};
	struct agency a;
	struct svc_error err;
	int64_t id = 0;
	if (accounts_agency_lookup(d->db, code, &a, &err) == 0)
		return a.id;
	if (accounts_agency_create(d->db, &d->sys, &in, &id, &err)) {
		fprintf(stderr, "gongkai demo: agency %s: %s\n", code, err.message);
		d->failures++;
	}
	return id;
}

static void user(struct demo *d, const char *login, const char *name, int64_t agency_id,
		 const char *const *roles)
{
	struct svc_error err;
	struct user u;
	int64_t id = 0;
	const char *first = roles[0];
	if (accounts_user_lookup(d->db, login, &u, &err) == 0)
		id = u.id;
	else if (accounts_user_create(d->db, &d->sys, login, name, DEMO_PASSWORD, 0, NULL,
				      &id, &err)) {
		fprintf(stderr, "gongkai demo: user %s: %s\n", login, err.message);
		d->failures++;
		return;
	}
	for (; *roles; roles++)
		if (accounts_user_set_role(d->db, &d->sys, id, agency_id, *roles, 1, &err)) {
			fprintf(stderr, "gongkai demo: role %s of %s: %s\n", *roles, login, err.message);
			d->failures++;
		}
	printf("  %-14s %s（%s）\n", login, name, first);
}

/* today - days, as "YYYY-MM-DD" in out. */
static const char *ago(int days, char *out)
{
	return date_format(app_today() - days, out);
}

/* pages: for fee_notice_issued, the volume charged per page (按量). */
struct demo_event { int days_ago; const char *type; const char *outcome; int pages; };

/* Register an application received `days_ago` days ago, then add events. */
static void application(struct demo *d, int64_t agency_id, const char *channel, int days_ago,
			const char *kind, const char *name, const char *desc,
			const struct demo_event *events)
{
	struct app_input in;
	struct app_created out;
	struct svc_error err;
	char when[DATE_STR_SIZE];
	memset(&in, 0, sizeof in);
	in.agency_id = agency_id;
	in.channel = channel;
	ago(days_ago, when);
	if (!strcmp(channel, "in_person"))
		in.submitted_on = when;
	else if (!strcmp(channel, "post_signed"))
		in.signed_on = when;
	else
		in.confirmed_on = when;
	in.applicant_kind = kind;
	in.applicant_name = name;
	in.id_number = !strcmp(kind, "person") ? "110101199003071234" : NULL;
	in.contact_phone = "13800138000";
	in.contact_address = "示范市东湖区人民路100号";
	in.postal_code = "330001";
	in.description = desc;
	in.form_wanted = "纸质";
	in.delivery = "邮寄";
	if (app_register(d->db, d->cal, &d->key, &d->sys, &in, &out, &err)) {
		fprintf(stderr, "gongkai demo: application %s: %s\n", desc, err.message);
		d->failures++;
		return;
	}
	for (; events && events->type; events++) {
		struct app_event_input ev;
		char date[DATE_STR_SIZE];
		memset(&ev, 0, sizeof ev);
		ev.type = events->type;
		ev.date = ago(events->days_ago, date);
		ev.outcome = events->outcome;
		if (!strcmp(ev.type, "extension_approved"))
			ev.approver = "办公室主任";
		if (!strcmp(ev.type, "fee_notice_issued")) {
			ev.fee_method = "per_volume";
			ev.pages = events->pages;
		}
		if (app_add_event(d->db, d->cal, &d->sys, out.id, &ev, NULL, &err)) {
			fprintf(stderr, "gongkai demo: %s event %s: %s\n", out.tracking_code,
				ev.type, err.message);
			d->failures++;
			return;
		}
	}
}

static void demo_applications(struct demo *d, int64_t zjj, int64_t jyj, int64_t mzj)
{
	gk_date today = app_today();
	int y, m, dd, jan = 0;
	/* days since 1 March of last year, to place last year's cases */
	date_to_ymd(today, &y, &m, &dd);
	{
		gk_date mar1;
		date_from_ymd(y - 1, 3, 1, &mar1);
		jan = (int)(today - mar1);
	}
	{
		static const struct demo_event answered[] = {{-18, "answered", "disclosed", 0}, {0, NULL, NULL, 0}};
		struct demo_event ev[4];
		/* last year: answered cases in several rows and columns */
		ev[0] = (struct demo_event){jan - 15, "answered", "disclosed", 0};
		ev[1] = (struct demo_event){0, NULL, NULL, 0};
		application(d, zjj, "in_person", jan, "person", "王建国",
			    "申请公开东湖区2024年老旧小区改造项目清单及资金安排", ev);
		ev[0] = (struct demo_event){jan - 40, "clarification_requested", NULL, 0};
		ev[1] = (struct demo_event){jan - 45, "clarification_received", NULL, 0};
		ev[2] = (struct demo_event){jan - 60, "answered", "partial", 0};
		ev[3] = (struct demo_event){0, NULL, NULL, 0};
		application(d, zjj, "letter", jan - 35, "business", "示范市安居置业有限公司",
			    "申请公开本公司开发项目的预售许可审批材料", ev);
		ev[0] = (struct demo_event){jan - 110, "answered", "unable_not_held", 0};
		ev[1] = (struct demo_event){0, NULL, NULL, 0};
		application(d, zjj, "online", jan - 100, "person", "李梅",
			    "申请公开2010年人民路拆迁补偿标准的原始会议纪要", ev);
		ev[0] = (struct demo_event){jan - 150, "answered", "withheld_internal", 0};
		application(d, zjj, "online", jan - 140, "research", "示范大学城市规划研究所",
			    "申请公开住房保障工作内部讨论记录", ev);
		/* a large request: 150 pages charged by volume (1,700 元), paid,
		 * so last year's report states the fee in section 六 */
		ev[0] = (struct demo_event){jan - 215, "fee_notice_issued", NULL, 150};
		ev[1] = (struct demo_event){jan - 222, "fee_paid", NULL, 0};
		ev[2] = (struct demo_event){jan - 230, "answered", "disclosed", 0};
		ev[3] = (struct demo_event){0, NULL, NULL, 0};
		application(d, zjj, "online", jan - 210, "research", "示范大学城市规划研究所",
			    "申请公开2015年以来全部棚户区改造项目的审批文件（约150页）", ev);
		ev[1] = (struct demo_event){0, NULL, NULL, 0};
		ev[0] = (struct demo_event){jan - 200, "withdrawn", NULL, 0};
		application(d, jyj, "post_signed", jan - 190, "person", "赵小兰",
			    "申请公开2025年义务教育阶段学区划分方案", ev);
		(void)answered;
	}
	{
		/* open now: overdue, due soon, on time, waiting for 补正, third party, extended */
		static const struct demo_event clar[] = {{2, "clarification_requested", NULL, 0}, {0, NULL, NULL, 0}};
		static const struct demo_event third[] = {{5, "third_party_sent", NULL, 0}, {0, NULL, NULL, 0}};
		static const struct demo_event ext[] = {{3, "extension_approved", NULL, 0}, {0, NULL, NULL, 0}};
		static const struct demo_event done[] = {{1, "answered", "disclosed", 0}, {0, NULL, NULL, 0}};
		application(d, zjj, "in_person", 45, "person", "陈志强",
			    "申请公开本小区加装电梯补贴的审批结果", NULL);
		application(d, zjj, "online", 40, "nonprofit", "示范市绿色家园环保协会",
			    "申请公开建筑工地扬尘治理检查记录", NULL);
		application(d, zjj, "letter", 25, "person", "刘芳",
			    "申请公开公租房轮候名单及分配结果", NULL);
		application(d, zjj, "online", 3, "person", "周伟",
			    "申请公开物业维修资金使用情况", NULL);
		application(d, zjj, "online", 6, "legal", "示范市正义律师事务所",
			    "申请公开某项目施工许可证核发材料", clar);
		application(d, zjj, "in_person", 12, "business", "东湖建筑工程有限公司",
			    "申请公开招标投标投诉处理决定", third);
		application(d, zjj, "online", 30, "person", "孙丽",
			    "申请公开2026年棚户区改造计划", ext);
		application(d, zjj, "online", 10, "person", "吴强",
			    "申请公开住房公积金缴存比例调整文件", done);
		application(d, jyj, "online", 35, "person", "郑红",
			    "申请公开中考体育加分名单", NULL);
		application(d, jyj, "online", 4, "person", "黄明",
			    "申请公开校外培训机构审批名单", NULL);
		application(d, mzj, "online", 8, "person", "林静",
			    "申请公开低保审核结果公示", NULL);
	}
	{
		struct appeal_input ap;
		struct svc_error err;
		int64_t id;
		char filed[DATE_STR_SIZE], decided[DATE_STR_SIZE];
		memset(&ap, 0, sizeof ap);
		ap.agency_id = zjj;
		ap.kind = "reconsideration";
		ap.filed_on = ago(jan - 120, filed);
		ap.result = "upheld";
		ap.decided_on = ago(jan - 170, decided);
		ap.note = "申请人对“本机关不掌握”答复不服申请行政复议，复议机关维持。";
		if (appeal_create(d->db, &d->sys, &ap, &id, &err)) {
			fprintf(stderr, "gongkai demo: appeal: %s\n", err.message);
			d->failures++;
		}
	}
}

/* The actor of a demo user (for the review workflow, which refuses the
 * system actor approving its own drafts and needs real roles). */
static struct actor as_user(struct demo *d, const char *login)
{
	struct actor a;
	struct user u;
	struct svc_error err;
	memset(&a, 0, sizeof a);
	if (accounts_user_lookup(d->db, login, &u, &err) == 0)
		a.user_id = u.id;
	str_copy(a.login, login, sizeof a.login);
	str_copy(a.ip, "demo", sizeof a.ip);
	return a;
}

struct demo_item {
	const char *agency, *section, *title, *doc_no, *topic, *genre, *validity;
	int written_ago;      /* days before today */
	const char *body;
	int stages;           /* review stages to pass: -1 draft only, 0 submitted, ... 4 published */
	int imported_ago;     /* > 0: imported as published this many days ago */
};

static const struct demo_item demo_items[] = {
	{"zjj", "normative", "示范市住房和城乡建设局关于既有住宅加装电梯财政补贴的实施办法",
	 "示建规〔%d〕3号", "城乡建设、环境保护\\住房保障", "行政规范性文件", "current", 400,
	 "<p>为改善既有住宅居住条件，方便群众出行，根据有关规定，制定本办法。</p><p>第一条 本市行政区域内既有住宅加装电梯，符合条件的，给予每台20万元的财政补贴。</p><p>第二条 补贴资金由市、区两级财政各承担一半。</p>",
	 4, 380},
	{"zjj", "plans", "示范市住房保障“十四五”规划中期评估报告", NULL, "城乡建设、环境保护\\住房保障",
	 "报告", NULL, 300, "<p>本报告评估了“十四五”以来公租房、保障性租赁住房的筹集和分配情况。</p>", 4, 280},
	{"zjj", "budget", "示范市住房和城乡建设局部门预算", NULL, "财政、审计\\预算", "报告", NULL, 200,
	 "<p>本部门收入预算合计3215.6万元，支出预算合计3215.6万元。</p>", 4, 190},
	{"zjj", "rules", "示范市物业管理办法", "示范市人民政府令第12号", "城乡建设、环境保护\\房地产",
	 "规章", "repealed", 2000, "<p>本办法已被《示范市物业管理条例》取代。</p>", 4, 1900},
	{"zjj", "licensing", "关于东湖花园三期项目施工许可证核发情况的公示", NULL, "城乡建设、环境保护\\建筑业",
	 "公告", NULL, 20, "<p>东湖花园三期项目已于近日取得建筑工程施工许可证。</p>", 4, 0},
	{"zjj", "normative", "示范市公共租赁住房保障对象准入标准的通知", "示建规〔%d〕5号",
	 "城乡建设、环境保护\\住房保障", "行政规范性文件", "current", 12,
	 "<p>公共租赁住房保障对象应当同时具备下列条件：家庭人均收入低于上年度城镇居民人均可支配收入的60%。</p>", 3, 0},
	{"zjj", "other_docs", "关于开展建筑工地扬尘专项治理行动的通知", "示建发〔%d〕21号",
	 "城乡建设、环境保护\\环境监测、保护与治理", "通知", NULL, 10,
	 "<p>各区住建部门：为持续改善空气质量，决定开展建筑工地扬尘专项治理行动。</p>", 2, 0},
	{"zjj", "plans", "示范市老旧小区改造年度计划", NULL, "城乡建设、环境保护\\城市规划",
	 "规划", NULL, 8, "<p>本年度计划改造老旧小区45个，涉及居民1.2万户。</p>", 1, 0},
	{"zjj", "interpretation", "《住房公积金缴存比例调整》政策解读", NULL, "城乡建设、环境保护\\住房保障",
	 "政策解读", NULL, 5, "<p>一、调整背景。二、主要内容：缴存比例下限调整为5%。</p>", 0, 0},
	{"zjj", "other_docs", "示范市住房租赁市场监测月报（草稿）", NULL, "城乡建设、环境保护\\房地产",
	 "报告", NULL, 3, "<p>本月全市住房租赁成交量环比上升。</p>", -1, 0},
	{"jyj", "normative", "示范市义务教育阶段学校招生入学工作实施意见", "示教规〔%d〕1号",
	 "教育\\基础教育", "行政规范性文件", "current", 90,
	 "<p>坚持免试就近入学，合理划分学区。</p>", 4, 80},
	{"jyj", "other_docs", "关于校外培训机构审批结果的公告", NULL, "教育\\民办教育", "公告", NULL, 6,
	 "<p>经审核，以下培训机构符合办学条件。</p>", 0, 0},
	{NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, 0, 0}
};

static const char demo_pdf[] = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
	"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

/* Catalog items in several sections at every review stage, some published. */
static void demo_catalog(struct demo *d)
{
	static const char *const reviewers[2][4] = {
		{"zjj-review1", "zjj-review2", "zjj-review3", "zjj-review4"},
		{"jyj-review1", "jyj-review1", "jyj-review1", "jyj-review1"},
	};
	const struct demo_item *di;
	int year = date_year(app_today());
	for (di = demo_items; di->title; di++) {
		struct item_input in;
		struct svc_error err;
		struct actor clerk;
		char written[DATE_STR_SIZE], pub[DATE_STR_SIZE], docno[64];
		int64_t id = 0, fid;
		int zjj = !strcmp(di->agency, "zjj"), st;
		int wy;
		clerk = as_user(d, zjj ? "zjj-clerk" : "jyj-clerk");
		memset(&in, 0, sizeof in);
		in.agency_code = di->agency;
		in.section_code = di->section;
		in.title = di->title;
		in.body_html = di->body;
		ago(di->written_ago, written);
		in.written_on = written;
		wy = year;
		{
			char y4[5];
			memcpy(y4, written, 4);
			y4[4] = '\0';
			str_to_int(y4, 1900, 9999, &wy);
		}
		if (di->doc_no) {
			snprintf(docno, sizeof docno, di->doc_no, wy);
			in.doc_no = docno;
		}
		in.topic = di->topic;
		in.genre = di->genre;
		in.validity = di->validity;
		if (di->validity && !strcmp(di->validity, "repealed"))
			in.invalid_on = ago(di->written_ago - 1500, pub);
		if (di->imported_ago > 0) {
			char pubd[DATE_STR_SIZE];
			in.published_on = ago(di->imported_ago, pubd);
			if (catalog_item_import(d->db, &d->sys, &in, &id, &err)) {
				fprintf(stderr, "gongkai demo: item %s: %s\n", di->title, err.message);
				d->failures++;
			}
			continue;
		}
		if (catalog_item_create(d->db, &clerk, &in, &id, &err)) {
			fprintf(stderr, "gongkai demo: item %s: %s\n", di->title, err.message);
			d->failures++;
			continue;
		}
		if (di->stages >= 4 || di->stages == 3)
			catalog_attachment_add(d->db, &clerk, id, "附件1-申请表.pdf", demo_pdf,
					       sizeof demo_pdf - 1, &fid, &err);
		if (di->stages < 0)
			continue;
		{
			struct review_result rr;
			if (review_act(d->db, &clerk, id, RA_SUBMIT, NULL, NULL, &rr, &err)) {
				fprintf(stderr, "gongkai demo: submit %s: %s\n", di->title, err.message);
				d->failures++;
				continue;
			}
			for (st = 0; st < di->stages && st < 4; st++) {
				struct actor rv = as_user(d, reviewers[zjj ? 0 : 1][st]);
				if (!zjj)
					break;   /* the education bureau has one reviewer: stop at stage 1 */
				if (review_act(d->db, &rv, id, RA_APPROVE, NULL, "同意", &rr, &err)) {
					fprintf(stderr, "gongkai demo: approve %s: %s\n", di->title, err.message);
					d->failures++;
					break;
				}
			}
		}
	}
}

/* Publish last year's annual reports of the agencies with applications. */
static void demo_reports(struct demo *d, const int64_t *agencies, int n)
{
	int year = date_year(app_today()) - 1, i;
	for (i = 0; i < n; i++) {
		struct svc_error err;
		if (annual_report_publish(d->db, d->cal, &d->sys, agencies[i], year, NULL, &err)) {
			fprintf(stderr, "gongkai demo: annual report %d: %s\n", year, err.message);
			d->failures++;
		}
	}
}

int cmd_demo(int argc, char **argv)
{
	const char *dbflag = NULL, *keyfile = "gongkai.key";
	struct demo d;
	char err[256];
	int i;
	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			dbflag = argv[++i];
		else if (!strcmp(argv[i], "--key-file") && i + 1 < argc)
			keyfile = argv[++i];
		else {
			fprintf(stderr, "usage: gongkai demo [--db URL] [--key-file PATH]\n");
			return 2;
		}
	}
	memset(&d, 0, sizeof d);
	d.sys.is_system = 1;
	str_copy(d.sys.login, "system", sizeof d.sys.login);
	str_copy(d.sys.ip, "demo", sizeof d.sys.ip);
	d.cal = app_calendar(err, sizeof err);
	if (!d.cal) {
		fprintf(stderr, "gongkai demo: calendar: %s\n", err);
		return 1;
	}
	if (secret_init() || secret_key_load(keyfile, 1, &d.key, err, sizeof err)) {
		fprintf(stderr, "gongkai demo: %s: %s\n", keyfile, err);
		return 1;
	}
	d.db = cli_db_open(cli_db_url(dbflag), "demo");
	if (!d.db)
		return 1;
	{
		int64_t city = agency(&d, 0, "city", "示范市人民政府", "government");
		int64_t office = agency(&d, city, "city-office", "示范市人民政府办公室", "department");
		int64_t zjj = agency(&d, city, "zjj", "示范市住房和城乡建设局", "department");
		int64_t jyj = agency(&d, city, "jyj", "示范市教育局", "department");
		int64_t dh = agency(&d, city, "donghu", "示范市东湖区人民政府", "government");
		int64_t mzj = agency(&d, dh, "dh-mzj", "东湖区民政局", "department");
		static const char *const admin[] = {ROLE_ADMIN, NULL};
		static const char *const sup[] = {ROLE_SUPERVISOR, NULL};
		static const char *const clerk[] = {ROLE_CLERK, ROLE_HANDLER, NULL};
		static const char *const appr[] = {ROLE_APPROVER, NULL};
		static const char *const r1[] = {ROLE_DEPT_REVIEW, NULL};
		static const char *const r2[] = {ROLE_OFFICE_CHECK, NULL};
		static const char *const r3[] = {ROLE_OFFICE_HEAD, NULL};
		static const char *const r4[] = {ROLE_LEADER_SIGN, NULL};
		(void)office;
		printf("演示账号（密码均为 %s）：\n", DEMO_PASSWORD);
		user(&d, "admin", "系统管理员", city, admin);
		user(&d, "gkb", "市政务公开办", city, sup);
		user(&d, "zjj-clerk", "住建局经办人 张敏", zjj, clerk);
		user(&d, "zjj-approver", "住建局办公室负责人", zjj, appr);
		user(&d, "zjj-review1", "住建局科室负责人", zjj, r1);
		user(&d, "zjj-review2", "住建局办公室核稿", zjj, r2);
		user(&d, "zjj-review3", "住建局办公室主任", zjj, r3);
		user(&d, "zjj-review4", "住建局分管领导", zjj, r4);
		user(&d, "jyj-clerk", "教育局经办人", jyj, clerk);
		user(&d, "jyj-review1", "教育局科室负责人", jyj, r1);
		user(&d, "dh-clerk", "东湖区民政局经办人", mzj, clerk);
		{
			int64_t n = 0;
			db_query_int(d.db, "SELECT COUNT(*) FROM applications", NULL, 0, &n);
			if (n == 0) {
				int64_t reps[3];
				demo_applications(&d, zjj, jyj, mzj);
				reps[0] = zjj;
				reps[1] = jyj;
				reps[2] = mzj;
				demo_reports(&d, reps, 3);
			}
			n = 0;
			db_query_int(d.db, "SELECT COUNT(*) FROM items", NULL, 0, &n);
			if (n == 0)
				demo_catalog(&d);
		}
	}
	db_close(d.db);
	secret_key_wipe(&d.key);
	if (d.failures) {
		fprintf(stderr, "gongkai demo: %d step(s) failed\n", d.failures);
		return 1;
	}
	printf("演示数据已就绪。\n");
	return 0;
}
