/* test_meta.c - format detection and report metadata: Chinese numerals and
 * dates, title/year/agency/published date on the five seeds and on small
 * inline texts, section lists, facts, and texts that are not reports. */
#include "report/meta.h"
#include "report/cn_number.h"
#include "report/model.h"
#include "report/spec.h"
#include "base/buf.h"
#include "base/file.h"
#include "t.h"

#include <stdlib.h>
#include <string.h>

#ifndef SEEDS
#define SEEDS "tests/fixtures/seeds/"
#endif

static char *read_seed(const char *name, size_t *len)
{
	struct buf b = BUF_INIT(0);
	char err[256], path[512];
	snprintf(path, sizeof path, SEEDS "%s", name);
	if (file_read(path, 1 << 24, &b, err, sizeof err) != 0) {
		printf("# cannot read %s: %s\n", path, err);
		*len = 0;
		return NULL;
	}
	*len = b.len;
	return buf_detach(&b);
}

/* Detect and extract the way report_parse does (without tables). */
static struct report *parse_meta(const char *text, size_t len)
{
	int year = 0;
	const struct report_spec *spec = meta_detect(spec_builtin(), text, len, &year);
	struct report *r = report_new(spec, "test");
	r->year = year;
	meta_extract(r, text, len);
	return r;
}

static struct report *parse_str(const char *text)
{
	return parse_meta(text, strlen(text));
}

static const struct report_fact *fact(const struct report *r, const char *key)
{
	int i;
	for (i = 0; i < r->nfacts; i++)
		if (!strcmp(r->facts[i].spec->key, key))
			return &r->facts[i];
	return NULL;
}

static void test_numbers(void)
{
	int64_t v = -1;
	size_t k;
	T_OK(cn_number_parse("三", strlen("三"), &v) && v == 3, "三 = 3");
	T_OK(cn_number_parse("十二", strlen("十二"), &v) && v == 12, "十二 = 12");
	T_OK(cn_number_parse("二十", strlen("二十"), &v) && v == 20, "二十 = 20");
	T_OK(cn_number_parse("二十三", strlen("二十三"), &v) && v == 23, "二十三 = 23");
	T_OK(cn_number_parse("一百零五", strlen("一百零五"), &v) && v == 105, "一百零五 = 105");
	T_OK(cn_number_parse("两千", strlen("两千"), &v) && v == 2000, "两千 = 2000");
	T_OK(cn_number_parse("三万五千", strlen("三万五千"), &v) && v == 35000, "三万五千 = 35000");
	T_OK(cn_number_parse("二〇一一", strlen("二〇一一"), &v) && v == 2011, "二〇一一 = 2011");
	T_OK(cn_number_parse("１２", strlen("１２"), &v) && v == 12, "full-width 12");
	T_OK(cn_number_parse("119", 3, &v) && v == 119, "119");
	T_OK(!cn_number_parse("三件", strlen("三件"), &v), "三件 is not a whole numeral");
	T_OK(!cn_number_parse("", 0, &v), "empty is not a numeral");
	k = cn_number_scan("二O一一年", strlen("二O一一年"), 1, &v);
	T_OK(k == strlen("二O一一") && v == 2011, "二O一一 with the letter O = 2011");
	k = cn_number_scan("二O一一年", strlen("二O一一年"), 0, &v);
	T_OK(k == strlen("二") && v == 2, "letter O not a digit unless allowed");
	k = cn_number_scan("一亿亿亿亿亿", strlen("一亿亿亿亿亿"), 0, &v);
	T_EQ_INT(k, 0, "overflowing numeral refused");
	k = cn_number_scan("1234567890123456789012", 22, 0, &v);
	T_EQ_INT(k, 0, "too many digits refused");
}

static void test_dates(void)
{
	int y = 0, m = 0, d = 0;
	const char *s;
	s = "2022年12月30日";
	T_OK(cn_date_scan(s, strlen(s), &y, &m, &d) == strlen(s) && y == 2022 && m == 12 && d == 30, "%s", s);
	s = "二〇一二年二月十五日";
	T_OK(cn_date_scan(s, strlen(s), &y, &m, &d) == strlen(s) && y == 2012 && m == 2 && d == 15, "%s", s);
	s = "二O一一年一月十日";
	T_OK(cn_date_scan(s, strlen(s), &y, &m, &d) == strlen(s) && y == 2011 && m == 1 && d == 10, "%s", s);
	s = "二○一三年三月二十一日";
	T_OK(cn_date_scan(s, strlen(s), &y, &m, &d) == strlen(s) && y == 2013 && m == 3 && d == 21, "%s", s);
	s = "2011-01-14";
	T_OK(cn_date_scan(s, strlen(s), &y, &m, &d) == strlen(s) && y == 2011 && m == 1 && d == 14, "%s", s);
	s = "2011.1.4";
	T_OK(cn_date_scan(s, strlen(s), &y, &m, &d) == strlen(s) && y == 2011 && m == 1 && d == 4, "%s", s);
	s = "２０２０年 １月 ２０日";
	T_OK(cn_date_scan(s, strlen(s), &y, &m, &d) == strlen(s) && y == 2020 && m == 1 && d == 20, "%s", s);
	s = "2022年2月30日";
	T_EQ_INT(cn_date_scan(s, strlen(s), &y, &m, &d), 0, "February 30 rejected");
	s = "2022年度";
	T_EQ_INT(cn_date_scan(s, strlen(s), &y, &m, &d), 0, "2022年度 is not a date");
	s = "2011-01/14";
	T_EQ_INT(cn_date_scan(s, strlen(s), &y, &m, &d), 0, "mixed separators rejected");
	s = "168.61";
	T_EQ_INT(cn_date_scan(s, strlen(s), &y, &m, &d), 0, "a decimal is not a date");
}

struct seed_expect {
	const char *file;
	const char *format;     /* NULL: not checked */
	const char *title;      /* NULL: no title */
	int year;
	const char *agency;     /* NULL: none */
	const char *published;  /* "" : none */
	int published_line;
};

static void test_seeds(void)
{
	static const struct seed_expect seeds[] = {
		{ "000_d3efc51e86300820.txt", "local", "2011年政府信息公开工作年度报告", 2011,
		  "环翠区住房和城乡建设局", "2012-02-15", 46 },
		{ "001_c5158d314bf610e9.txt", "local",
		  "2010年度靖宇县住房和城乡建设局政府信息公开工作年度报告", 2010,
		  "靖宇县住房和城乡建设局", "2011-01-14", 5 },
		{ "002_8b3fd4c305a71f8f.txt", "2014", "2017年政府信息公开工作年度报告", 2017,
		  "定陶区房地产服务中心", "2018-01-19", 33 },
		{ "003_1969cc7526291166.txt", "2021", NULL, 2022,
		  "朝阳市龙城区住房和城乡建设局", "2022-12-30", 348 },
		{ "004_9e256a665099259a.txt", "2019", NULL, 2019, NULL, "", 0 },
	};
	size_t i;
	for (i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
		const struct seed_expect *e = &seeds[i];
		size_t len;
		char *text = read_seed(e->file, &len);
		struct report *r;
		if (!text) {
			T_OK(0, "seed %s readable", e->file);
			continue;
		}
		r = parse_meta(text, len);
		if (e->format && spec_builtin()->n > 0)
			T_EQ_STR(r->spec ? r->spec->key : NULL, e->format, "%s format", e->file);
		if (e->title)
			T_EQ_STR(r->title, e->title, "%s title", e->file);
		else
			T_OK(r->title == NULL, "%s has no title (got %s)", e->file, r->title ? r->title : "null");
		T_EQ_INT(r->year, e->year, "%s year", e->file);
		if (e->agency)
			T_EQ_STR(r->agency, e->agency, "%s agency", e->file);
		else
			T_OK(r->agency == NULL, "%s has no agency (got %s)", e->file, r->agency ? r->agency : "null");
		T_EQ_STR(r->published, e->published, "%s published", e->file);
		T_EQ_INT(r->published_line, e->published_line, "%s published line", e->file);
		report_free(r);
		free(text);
	}
}

/* Section numbers, keys and lines of a seed against a list. */
struct sec_expect {
	const char *number, *key, *heading;
	int line;
};

static void check_sections(const char *file, const struct sec_expect *e, int n)
{
	size_t len;
	char *text = read_seed(file, &len);
	struct report *r;
	int i;
	if (!text) {
		T_OK(0, "seed %s readable", file);
		return;
	}
	r = parse_meta(text, len);
	T_EQ_INT(r->nsections, n, "%s: %d sections", file, n);
	for (i = 0; i < n && i < r->nsections; i++) {
		const struct report_section *s = &r->sections[i];
		T_EQ_STR(s->number, e[i].number, "%s section %d number", file, i);
		T_EQ_STR(s->heading, e[i].heading, "%s section %d heading", file, i);
		T_EQ_INT(s->line, e[i].line, "%s section %d line", file, i);
		if (spec_builtin()->n > 0)
			T_EQ_STR(s->spec ? s->spec->key : "(null)", e[i].key ? e[i].key : "(null)",
				 "%s section %d key", file, i);
	}
	report_free(r);
	free(text);
}

static void test_sections(void)
{
	static const struct sec_expect s003[] = {
		{ "一", "overview", "一、总体情况", 1 },
		{ "二", "proactive", "二、主动公开政府信息情况", 12 },
		{ "三", "applications", "三、收到和处理政府信息公开申请情况", 53 },
		{ "四", "appeals", "四、政府信息公开行政复议、行政诉讼情况", 296 },
		{ "五", "problems", "五、政府信息公开工作存在的问题及改进情况", 334 },
		{ "六", "other", "六、其他需要报告的事项", 344 },
	};
	static const struct sec_expect s004[] = {
		{ "一", "overview", "一、总体情况", 1 },
		{ "二", "proactive", "二、主动公开政府信息情况", 16 },
		{ "三", "applications", "三、收到和处理政府信息公开申请情况", 91 },
		{ "四", "appeals", "四、政府信息公开行政复议、行政诉讼情况", 354 },
		{ "五", "problems", "五、存在的主要问题及改进情况", 400 },
		{ "六", "other", "六、其他需要报告的事项", 412 },
	};
	check_sections("003_1969cc7526291166.txt", s003, 6);
	check_sections("004_9e256a665099259a.txt", s004, 6);
}

static void test_section_text(void)
{
	const char *text =
		"某某局2021年政府信息公开工作年度报告\n"
		"一、总体情况\n"
		"本年度工作如下。\n"
		"一是加强领导；二是完善制度。\n"
		"二、主动公开政府信息情况。全年主动公开信息30条。\n"
		"三、本年新收政府信息公开申请数量 | 0 | 0 |\n"
		"五、存在的主要问题及改进情况\n"
		"问题不少。\n"
		"某某局\n"
		"2022年1月20日\n";
	struct report *r = parse_str(text);
	T_EQ_INT(r->nsections, 3, "inline: three sections (一是 and pipe rows are not headings)");
	if (r->nsections == 3) {
		T_EQ_STR(r->sections[0].text, "本年度工作如下。\n一是加强领导；二是完善制度。", "inline: section 1 text");
		T_EQ_STR(r->sections[1].heading, "二、主动公开政府信息情况", "inline: heading stops at 。");
		T_OK(strstr(r->sections[1].text, "全年主动公开信息30条") != NULL, "inline: rest of the heading line is text");
		T_EQ_STR(r->sections[2].text, "问题不少。", "inline: last section stops at the 落款");
		T_EQ_INT(r->sections[2].line, 7, "inline: section line");
	}
	T_EQ_STR(r->agency, "某某局", "inline: agency from the title");
	T_EQ_STR(r->published, "2022-01-20", "inline: closing date");
	T_EQ_INT(r->year, 2021, "inline: year");
	report_free(r);
}

static void test_inline_meta(void)
{
	struct report *r;
	int year;

	r = parse_str("市人民政府办公室关于2015年度政府信息公开工作年度报告\n正文。\n二O一六年三月一日\n");
	T_EQ_STR(r->agency, "市人民政府办公室", "agency before 关于 and the year");
	T_EQ_INT(r->year, 2015, "year from the title");
	T_EQ_STR(r->published, "2016-03-01", "date with letter O");
	T_EQ_INT(r->published_line, 3, "date line");
	report_free(r);

	r = parse_str("二〇一一年政府信息公开工作年度报告\n发布时间：2012年3月5日\n正文。\n落款局\n2012年3月30日\n");
	T_EQ_INT(r->year, 2011, "year written in Chinese numerals");
	T_EQ_STR(r->published, "2012-03-05", "explicit 发布时间 beats the closing date");
	T_EQ_INT(r->published_line, 2, "explicit date line");
	T_EQ_STR(r->agency, "落款局", "agency from the 落款");
	report_free(r);

	r = parse_str("首页 > 政府信息公开 > 年度报告\n某县财政局2019年政府信息公开工作年度报告\n"
		      "一、总体情况\n一、加强领导\n（略）\n二、完善制度\n二、主动公开政府信息情况\n正文\n");
	T_EQ_STR(r->title, "某县财政局2019年政府信息公开工作年度报告", "breadcrumb is not the title");
	T_EQ_STR(r->agency, "某县财政局", "agency after a breadcrumb");
	T_EQ_INT(r->nsections, 3, "a repeated 一、 under 一、总体情况 is not a section");
	if (r->nsections == 3)
		T_EQ_INT(r->sections[2].line, 7, "二、主动公开… after 二、完善制度 is a section");
	report_free(r);

	r = parse_str("2018年度政府信息公开工作年度报告\n一、\xc2\xa0\xc2\xa0 概述如下\n正文。\n");
	T_EQ_INT(r->nsections, 1, "heading indented with no-break spaces");
	if (r->nsections == 1)
		T_EQ_STR(r->sections[0].heading, "一、\xc2\xa0\xc2\xa0 概述如下", "heading kept as written");
	T_OK(r->agency == NULL, "a title without an agency gives none");
	report_free(r);

	r = parse_str("2020年政府信息公开工作年度报告\n一、总体情况\n没有日期。\n");
	T_EQ_STR(r->published, "", "missing date gives empty");
	T_EQ_INT(r->published_line, 0, "missing date line 0");
	T_OK(r->agency == NULL, "no agency");
	report_free(r);

	r = parse_str("一、总体情况\n本年度我局工作。\n二、其他需要报告的事项\n无。\n某区教育局\n2023年1月15日\n");
	T_EQ_INT(r->year, 2022, "year from a January publication date when the text names none");
	T_EQ_STR(r->agency, "某区教育局", "agency from the 落款");
	report_free(r);

	/* Not annual reports. */
	year = -1;
	T_OK(meta_detect(spec_builtin(), "今天天气很好。\n我们去公园。\n", 
			 strlen("今天天气很好。\n我们去公园。\n"), &year) == NULL, "random text: no format");
	{
		const char *news = "市政府召开常务会议\n2022年5月10日\n会议研究了城市建设、行政许可和行政处罚改革工作。\n"
				   "会议要求各部门做好政务服务。\n";
		T_OK(meta_detect(spec_builtin(), news, strlen(news), &year) == NULL, "news page: no format");
		r = parse_str(news);
		T_OK(r->spec == NULL && r->nfacts == 0, "news page parses to a report without spec");
		report_free(r);
	}
	T_OK(meta_detect(spec_builtin(), "", 0, &year) == NULL && year == 0, "empty text");
}

static void test_detect_formats(void)
{
	const struct spec_set *set = spec_builtin();
	int year = 0;
	const struct report_spec *s;
	const char *t2021 = "某局2022年政府信息公开工作年度报告\n根据国办公开办函〔2021〕30号要求编制。\n一、总体情况\n";
	const char *t2019 = "某局2020年政府信息公开工作年度报告\n根据国办公开办函〔2019〕60号要求编制。\n一、总体情况\n";
	const char *tlocal = "某局2010年政府信息公开工作年度报告\n一、概述\n二、主动公开情况\n";
	if (set->n == 0) {
		T_OK(1, "no built-in specs yet: detection by format skipped");
		return;
	}
	s = meta_detect(set, t2021, strlen(t2021), &year);
	T_EQ_STR(s ? s->key : NULL, "2021", "cite 〔2021〕30号 -> 2021");
	T_EQ_INT(year, 2022, "year 2022");
	s = meta_detect(set, t2019, strlen(t2019), &year);
	T_EQ_STR(s ? s->key : NULL, "2019", "cite 〔2019〕60号 -> 2019");
	{
		const char *mixed = "某局2022年政府信息公开工作年度报告\n依据国办公开办函〔2019〕60号编制。\n"
				    "二、主动公开政府信息情况\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
				    "行政规范性文件 | 2 | 1 | 15 |\n信息内容 | 本年处理决定数量 |\n";
		s = meta_detect(set, mixed, strlen(mixed), &year);
		T_EQ_STR(s ? s->key : NULL, "2021", "2021 table shape and year beat a cite of the 2019 document");
	}
	s = meta_detect(set, tlocal, strlen(tlocal), &year);
	T_EQ_STR(s ? s->key : NULL, "local", "2010 report without table -> local");
}

static void test_facts(void)
{
	const struct spec_set *set = spec_builtin();
	const struct report_fact *f;
	struct report *r;
	const char *text =
		"某局2022年政府信息公开工作年度报告\n"
		"根据国办公开办函〔2021〕30号要求。\n"
		"一、总体情况\n"
		"本年度共收到政府信息公开申请3件。\n"
		"二、其他需要报告的事项\n"
		"全年收到公开申请5件。\n";
	if (!spec_find(set, "2021") || !spec_find(set, "2021")->nfacts) {
		T_OK(1, "no 2021 facts yet: skipped");
		return;
	}
	r = parse_str(text);
	f = fact(r, "applications_new");
	T_OK(f != NULL, "fact applications_new found");
	if (f) {
		T_EQ_INT(f->units, 3, "first statement wins");
		T_EQ_INT(f->line, 4, "fact line");
		T_OK(f->quote && strstr(f->quote, "申请3件"), "quote around the match: %s", f->quote ? f->quote : "");
	}
	T_OK(r->notes.n >= 1 && !strcmp(r->notes.v[0].rule, "facts.conflict"), "conflicting number noted");
	report_free(r);

	r = parse_str("某局2022年政府信息公开工作年度报告\n国办公开办函〔2021〕30号\n"
		      "一、总体情况\n本年度未收到政府信息公开申请。\n");
	f = fact(r, "applications_new");
	T_OK(f && f->units == 0, "未收到…申请 states 0");
	T_EQ_INT(r->notes.n, 0, "no notes");
	report_free(r);
}

/* Bounded work: a large adversarial text finishes and stays sane. */
static void test_large(void)
{
	struct buf b = BUF_INIT(0);
	struct report *r;
	int i;
	buf_adds(&b, "2022年政府信息公开工作年度报告\n");
	for (i = 0; i < 200000; i++)
		buf_adds(&b, "一、收到申请1件\n");
	r = parse_meta(b.data, b.len);
	T_OK(r->nsections <= 64, "sections capped (%d)", r->nsections);
	report_free(r);
	buf_reset(&b);
	for (i = 0; i < 100000; i++)
		buf_adds(&b, "二〇一一年二O二二年十二月三十日");
	r = parse_meta(b.data, b.len);
	T_OK(r != NULL, "long line of numerals");
	report_free(r);
	buf_free(&b);
}

int main(void)
{
	test_numbers();
	test_dates();
	test_seeds();
	test_sections();
	test_section_text();
	test_inline_meta();
	test_detect_formats();
	test_facts();
	test_large();
	return T_DONE();
}
