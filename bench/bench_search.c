/* bench_search.c - full-text search over a large generated catalog.
 *
 *   bench_search [ITEMS [AGENCIES [DB_PATH [reuse]]]]  defaults 1000000 2000 /tmp/gongkai-bench-search.db
 *   ("reuse": query an existing DB_PATH built by an earlier run;
 *    environment BENCH_PRAGMA: SQL run right after opening, e.g.
 *    "PRAGMA mmap_size=4000000000", to compare connection settings)
 *
 * Generates ITEMS published items across AGENCIES agencies (20 city
 * governments, the rest departments below them) into a fresh SQLite file,
 * times the index build (search_reindex over every item: tokenizing and
 * FTS5 insertion), then runs a query mix through search_run (count, one
 * ranked page of 10, item rows, highlighted title and snippet) and prints
 * p50/p95/max per query class and overall. Not part of `make test`: the
 * 1,000,000-item run takes minutes. Figures go to docs/PERFORMANCE.md. */
#include "store/db.h"
#include "store/agencies.h"
#include "store/items.h"
#include "store/search.h"
#include "base/str.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng = 88172645463325252ull;
static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static const char *const subjects[] = {
	"住房公积金", "共有产权住房", "老旧小区综合整治", "住房租赁市场", "建筑垃圾", "物业管理",
	"机动车停车", "公共交通票价", "网络预约出租汽车", "轨道交通建设", "共享单车", "ETC电子收费",
	"义务教育阶段入学", "学前教育", "中等职业学校招生", "校外培训机构", "高校毕业生就业",
	"一般公共预算", "政府采购", "行政事业性收费", "财政专项资金", "政府债务",
	"大气污染防治", "PM2.5治理", "土壤污染防治", "碳排放权交易", "生活垃圾分类", "5G基站建设",
	"优化营商环境", "数字经济发展", "城市精细化管理", "突发事件应急", "政府信息公开",
	"农村集体产权", "医疗保障", "养老服务", "就业创业", "安全生产", "食品安全", "市场监管",
	"河湖长制", "森林防火", "文物保护", "体育设施", "科技创新", "知识产权", "人才引进",
};
static const char *const kinds[] = {
	"关于进一步加强%s工作的通知", "%s管理办法", "关于做好%s工作的意见", "%s实施方案",
	"关于%s的公告", "%s专项检查情况通报", "《%s管理办法》政策解读", "%s工作计划",
};
static const char *const genres[] = {
	"规章", "行政规范性文件", "通知", "公告", "政策解读", "工作动态", "计划总结", "预决算",
};
static const char *const sentences[] = {
	"各有关单位要高度重视，认真组织实施。", "本文件自发布之日起施行。",
	"执行中遇到的问题，请及时向主管部门反馈。", "具体工作由各区人民政府负责组织。",
	"坚持以人民为中心的发展思想，推进治理体系和治理能力现代化。",
	"加强统筹协调，明确责任分工，确保各项任务落到实处。",
	"建立健全长效机制，定期开展督促检查。", "联系电话：12345。",
	"依据《中华人民共和国政府信息公开条例》有关规定，现予公开。",
};

static int generate(struct db *db, int items, int agencies)
{
	char at[] = "2024-01-01T00:00:00Z", code[32], name[128];
	int64_t *ids = xcalloc((size_t)agencies, sizeof *ids);
	int i, cities = 20;
	double t0 = now();

	if (db_begin(db) < 0)
		return -1;
	for (i = 0; i < agencies; i++) {
		snprintf(code, sizeof code, "a%04d", i);
		if (i < cities)
			snprintf(name, sizeof name, "第%d市人民政府", i + 1);
		else
			snprintf(name, sizeof name, "第%d市第%d局", (i % cities) + 1, i / cities);
		if (agency_store_create(db, i < cities ? 0 : ids[i % cities], code, name,
					i < cities ? "government" : "department", at, &ids[i]) < 0)
			return -1;
	}
	for (i = 0; i < items; i++) {
		struct item it;
		struct {
			char b[2048];
		} body;
		int year = 2015 + rnd(10), s = rnd(sizeof subjects / sizeof subjects[0]);
		int k = rnd(sizeof kinds / sizeof kinds[0]), j, len = 0;
		memset(&it, 0, sizeof it);
		it.agency_id = ids[rnd((unsigned)agencies)];
		snprintf(it.index_no, sizeof it.index_no, "B%07d", i + 1);
		snprintf(it.title, sizeof it.title, kinds[k], subjects[s]);
		len = snprintf(body.b, sizeof body.b, "<p>为做好%s工作，", subjects[s]);
		for (j = 0; j < 4; j++)
			len += snprintf(body.b + len, sizeof body.b - (size_t)len, "%s",
					sentences[rnd(sizeof sentences / sizeof sentences[0])]);
		snprintf(body.b + len, sizeof body.b - (size_t)len, "涉及%s等事项。</p>",
			 subjects[rnd(sizeof subjects / sizeof subjects[0])]);
		it.body_html = body.b;
		str_copy(it.genre, genres[rnd(sizeof genres / sizeof genres[0])], sizeof it.genre);
		if (k < 3 && rnd(2))
			snprintf(it.doc_no, sizeof it.doc_no, "京%s发〔%d〕%u号", rnd(2) ? "建" : "政", year,
				 1 + rnd(200));
		if (!strcmp(it.genre, "规章") || !strcmp(it.genre, "行政规范性文件"))
			str_copy(it.validity, rnd(4) ? "current" : "repealed", sizeof it.validity);
		snprintf(it.published_on, sizeof it.published_on, "%d-%02u-%02u", year, 1 + rnd(12),
			 1 + rnd(28));
		str_copy(it.written_on, it.published_on, sizeof it.written_on);
		str_copy(it.state, "published", sizeof it.state);
		it.stage = -1;
		str_copy(it.created_at, at, sizeof it.created_at);
		{
			int64_t id;
			it.body_html = body.b;
			if (item_store_create(db, &it, &id) < 0) {
				fprintf(stderr, "insert: %s\n", db_errmsg(db));
				return -1;
			}
		}
		if (i % 20000 == 19999) {
			if (db_commit(db) < 0 || db_begin(db) < 0)
				return -1;
		}
	}
	if (db_commit(db) < 0)
		return -1;
	free(ids);
	printf("generated %d items across %d agencies in %.1f s\n", items, agencies, now() - t0);
	fflush(stdout);
	return 0;
}

struct qcase {
	const char *cls;
	const char *q;
	int agency;        /* index of an agency (0..19 = a city with its subtree), -1 none */
	int year;
	const char *genre;
};

static const struct qcase mix[] = {
	{"1-char", "房", -1, 0, NULL}, {"1-char", "税", -1, 0, NULL}, {"1-char", "河", -1, 0, NULL},
	{"2-char", "住房", -1, 0, NULL}, {"2-char", "停车", -1, 0, NULL}, {"2-char", "预算", -1, 0, NULL},
	{"2-char", "通知", -1, 0, NULL},
	{"3-char", "公积金", -1, 0, NULL}, {"3-char", "出租汽", -1, 0, NULL},
	{"6-char", "义务教育阶段", -1, 0, NULL}, {"6-char", "共有产权住房", -1, 0, NULL},
	{"mixed", "PM2.5", -1, 0, NULL}, {"mixed", "5G基站", -1, 0, NULL},
	{"docno", "京建发〔2020〕15号", -1, 0, NULL}, {"docno", "〔2023〕7号", -1, 0, NULL},
	{"two-words", "住房 租赁", -1, 0, NULL},
	{"filtered", "管理办法", 3, 0, NULL}, {"filtered", "住房", -1, 2022, NULL},
	{"filtered", "通知", 7, 2019, "通知"}, {"filtered", "", 11, 0, "行政规范性文件"},
	{"none", "区块链", -1, 0, NULL},
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void stats(const char *label, double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	printf("%-10s n=%-5d p50 %7.2f ms   p95 %7.2f ms   max %7.2f ms\n", label, n,
	       v[n / 2] * 1000, v[(int)(n * 0.95)] * 1000, v[n - 1] * 1000);
}

int main(int argc, char **argv)
{
	int items = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 1000000;
	int agencies = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 2000;
	const char *path = argc > 3 ? argv[3] : "/tmp/gongkai-bench-search.db";
	char url[600], err[256], p2[700];
	struct db *db;
	int64_t n = 0;
	double t0, *all, *cls;
	size_t nq = sizeof mix / sizeof mix[0], i;
	int rounds = 20, r, total = 0, reuse;

	if (items < 1 || agencies < 21) {
		fprintf(stderr, "usage: bench_search [ITEMS [AGENCIES>=21 [DB_PATH]]]\n");
		return 2;
	}
	reuse = argc > 4 && !strcmp(argv[4], "reuse");
	if (!reuse) {
		unlink(path);
		snprintf(p2, sizeof p2, "%s-wal", path);
		unlink(p2);
	}
	snprintf(url, sizeof url, "sqlite:%s", path);
	db = db_open(url, err, sizeof err);
	if (!db) {
		fprintf(stderr, "%s: %s\n", url, err);
		return 1;
	}
	if (getenv("BENCH_PRAGMA") && db_exec_script(db, getenv("BENCH_PRAGMA")) < 0) {
		fprintf(stderr, "BENCH_PRAGMA: %s\n", db_errmsg(db));
		return 1;
	}
	if (reuse)
		goto queries;
	if (generate(db, items, agencies) < 0) {
		fprintf(stderr, "generate: %s\n", db_errmsg(db));
		return 1;
	}
	t0 = now();
	if (db_begin(db) < 0 || search_reindex(db, &n) < 0 || db_commit(db) < 0) {
		fprintf(stderr, "reindex: %s\n", db_errmsg(db));
		return 1;
	}
	printf("index build: %lld items in %.1f s (%.0f items/s)\n", (long long)n, now() - t0,
	       (double)n / (now() - t0));
	db_exec(db, "INSERT INTO item_fts(item_fts) VALUES ('optimize')", NULL, 0);
	printf("index build + optimize: %.1f s\n", now() - t0);
	db_exec_script(db, "PRAGMA wal_checkpoint(TRUNCATE)");
	fflush(stdout);

queries:
	all = xcalloc(nq * (size_t)rounds, sizeof *all);
	cls = xcalloc(nq * (size_t)rounds, sizeof *cls);
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < nq; i++) {
			struct search_request rq;
			struct search_result res;
			double t;
			memset(&rq, 0, sizeof rq);
			rq.q = mix[i].q;
			rq.per_page = 10;
			rq.page = 1 + (r % 3 == 2 ? 2 : 0);      /* some deeper pages */
			rq.year = mix[i].year;
			rq.genre = mix[i].genre;
			if (mix[i].agency >= 0)
				rq.agency_id = mix[i].agency + 1;  /* ids follow creation order */
			t = now();
			if (search_run(db, &rq, &res) < 0) {
				fprintf(stderr, "search %s: %s\n", rq.q, db_errmsg(db));
				return 1;
			}
			all[total++] = now() - t;
			if (r == 0)
				printf("  %-10s %-22s total %6lld%s\n", mix[i].cls, mix[i].q[0] ? mix[i].q : "(filters)",
				       (long long)res.total, res.total_capped ? "+" : "");
			search_result_free(&res);
		}
	}
	/* per class */
	{
		const char *seen[32];
		int ns = 0, k;
		for (i = 0; i < nq; i++) {
			int dup = 0, m = 0;
			for (k = 0; k < ns; k++)
				if (!strcmp(seen[k], mix[i].cls))
					dup = 1;
			if (dup)
				continue;
			seen[ns++] = mix[i].cls;
			for (r = 0; r < rounds; r++) {
				size_t j;
				for (j = 0; j < nq; j++)
					if (!strcmp(mix[j].cls, mix[i].cls))
						cls[m++] = all[(size_t)r * nq + j];
			}
			stats(mix[i].cls, cls, m);
		}
	}
	stats("ALL", all, total);
	free(all);
	free(cls);
	db_close(db);
	return 0;
}
