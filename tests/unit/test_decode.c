/* test_decode.c - report_decode(): every fixture under tests/fixtures/inputs
 * decodes to the expected text or is refused with the expected reason. */
#include "report/decode.h"
#include "base/file.h"
#include "base/xalloc.h"
#include "t.h"

#include <fcntl.h>
#include <glob.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

static char root[1024];

static const char BINARY_MSG[] = "binary data, not a text, HTML, DOCX or PDF document";

static void path_of(char *out, size_t size, const char *rel)
{
	snprintf(out, size, "%s/%s", root, rel);
}

/* Read a seed (by its number prefix) into b. */
static void read_seed(const char *num, struct buf *b)
{
	char pat[1200], e[200];
	glob_t g;
	snprintf(pat, sizeof pat, "%s/tests/fixtures/seeds/%s_*.txt", root, num);
	buf_reset(b);
	if (glob(pat, 0, NULL, &g) != 0 || g.gl_pathc == 0) {
		printf("# no seed %s\n", num);
		return;
	}
	if (file_read(g.gl_pathv[0], 1 << 20, b, e, sizeof e) != 0)
		printf("# cannot read seed %s: %s\n", num, e);
	globfree(&g);
}

/* Decode a fixture file; returns rc and fills text/kind/err. */
static int decode_fixture(const char *rel, struct buf *text, enum decode_kind *kind,
			  char *err, size_t errsize)
{
	char p[1200];
	path_of(p, sizeof p, rel);
	err[0] = '\0';
	return report_decode_file(p, text, kind, err, errsize);
}

/* True if text has a line exactly equal to line. */
static int has_line(const char *text, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = text; p && *p; ) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len == n && memcmp(p, line, n) == 0)
			return 1;
		p = nl ? nl + 1 : NULL;
	}
	return 0;
}

/* Offset of the line equal to line, or -1. */
static long line_pos(const char *text, const char *line)
{
	size_t n = strlen(line);
	for (const char *p = text; p && *p; ) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		if (len == n && memcmp(p, line, n) == 0)
			return (long)(p - text);
		p = nl ? nl + 1 : NULL;
	}
	return -1;
}

/* In pdftotext -layout output: the line holding label is followed, after
 * spaces, by exactly the given space-separated numbers. */
static int pdf_row(const char *text, const char *label, const char *numbers)
{
	const char *p = strstr(text, label);
	char got[256];
	size_t k = 0;
	if (!p)
		return 0;
	p += strlen(label);
	while (*p && *p != '\n' && k + 2 < sizeof got) {
		if (*p == ' ') {
			if (k > 0 && got[k - 1] != ' ')
				got[k++] = ' ';
		} else {
			got[k++] = *p;
		}
		p++;
	}
	while (k > 0 && got[k - 1] == ' ')
		k--;
	got[k] = '\0';
	if (strcmp(got + (got[0] == ' '), numbers) != 0) {
		printf("#   row %s: got \"%s\"\n", label, got);
		return 0;
	}
	return 1;
}

static void test_text(void)
{
	struct buf seed = BUF_INIT(0), out = BUF_INIT(0);
	enum decode_kind kind = DECODE_HTML;
	char err[256];
	int rc;

	read_seed("004", &seed);
	rc = decode_fixture("tests/fixtures/inputs/004-report.gb18030.txt", &out, &kind, err, sizeof err);
	T_EQ_INT(rc, 0, "GB18030 copy of seed 004 decodes (%s)", err);
	T_EQ_INT(kind, DECODE_TEXT, "GB18030 file is plain text");
	T_OK(seed.len > 1000 && out.len == seed.len && memcmp(out.data, seed.data, seed.len) == 0,
	     "GB18030 text equals the UTF-8 seed 004");

	read_seed("002", &seed);
	rc = decode_fixture("tests/fixtures/inputs/002-report.utf16le.txt", &out, &kind, err, sizeof err);
	T_OK(rc == 0 && out.len == seed.len && memcmp(out.data, seed.data, seed.len) == 0,
	     "UTF-16LE (BOM) copy of seed 002 equals the seed (%s)", err);
	rc = decode_fixture("tests/fixtures/inputs/002-report.utf16be.txt", &out, &kind, err, sizeof err);
	T_OK(rc == 0 && out.len == seed.len && memcmp(out.data, seed.data, seed.len) == 0,
	     "UTF-16BE (BOM) copy of seed 002 equals the seed (%s)", err);

	rc = report_decode("\xEF\xBB\xBF一、总体\r\n二、\r三\n", sizeof "\xEF\xBB\xBF一、总体\r\n二、\r三\n" - 1, &out, &kind, err, sizeof err);
	T_EQ_INT(rc, 0, "UTF-8 with BOM decodes");
	T_EQ_STR(buf_str(&out), "一、总体\n二、\n三\n", "BOM stripped, CRLF and CR become LF");

	/* UTF-8 cut in the middle of a character stays UTF-8 */
	read_seed("003", &seed);
	{
		size_t cut = 1000;
		while (((unsigned char)seed.data[cut] & 0xC0) != 0x80)
			cut++;
		cut++; /* one byte into a multi-byte character */
		rc = report_decode(seed.data, cut, &out, &kind, err, sizeof err);
		T_OK(rc == 0 && out.len < cut && out.len + 4 > cut &&
		     memcmp(out.data, seed.data, out.len) == 0,
		     "UTF-8 cut mid-character decodes as a prefix of the seed (%s)", err);
	}
	buf_free(&seed);
	buf_free(&out);
}

static void check_html_report(const char *rel)
{
	struct buf out = BUF_INIT(0);
	enum decode_kind kind = DECODE_TEXT;
	char err[256];
	int rc = decode_fixture(rel, &out, &kind, err, sizeof err);
	const char *t = buf_str(&out);
	long a, b, c;

	T_EQ_INT(rc, 0, "%s decodes (%s)", rel, err);
	T_EQ_INT(kind, DECODE_HTML, "%s is detected as HTML", rel);
	a = line_pos(t, "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |");
	b = line_pos(t, "二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |");
	c = line_pos(t, "四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |");
	T_OK(a >= 0 && b > a && c > b, "%s: table 三 rows on one line each, in order", rel);
	T_OK(has_line(t, "三、本年度办理结果 | (一)予以公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"),
	     "%s: row with a rowspan label keeps its cells as they are", rel);
	T_OK(has_line(t, "行政事业性收费 | 168.61 |"), "%s: table 二 fee row", rel);
	T_OK(has_line(t, "0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"),
	     "%s: table 四 data row has 15 cells", rel);
	T_OK(has_line(t, "一、总体情况") && has_line(t, "2022年12月30日"),
	     "%s: paragraphs become lines", rel);
	T_OK(has_line(t, "首页 > 政务公开 > 年度报告"), "%s: entities decoded, &nbsp; is a space", rel);
	T_OK(!strstr(t, "_hmt") && !strstr(t, "tracking") && !strstr(t, "font-family"),
	     "%s: script and style dropped", rel);
	buf_free(&out);
}

static void test_html(void)
{
	struct buf raw = BUF_INIT(0), out = BUF_INIT(0), ref = BUF_INIT(0);
	enum decode_kind kind;
	char err[256], p[1200];
	char *m;
	int rc;

	check_html_report("tests/fixtures/inputs/003-report.html");
	check_html_report("tests/fixtures/inputs/003-report.gbk.html");

	/* GBK bytes with an unknown declared charset: sniffed as GB18030 */
	decode_fixture("tests/fixtures/inputs/003-report.html", &ref, &kind, err, sizeof err);
	path_of(p, sizeof p, "tests/fixtures/inputs/003-report.gbk.html");
	file_read(p, 1 << 20, &raw, err, sizeof err);
	m = strstr(raw.data, "charset=gb2312");
	T_OK(m != NULL, "GBK fixture declares gb2312");
	if (m)
		memcpy(m, "charset=foo-42", 14);
	rc = report_decode(raw.data, raw.len, &out, &kind, err, sizeof err);
	T_OK(rc == 0 && out.len == ref.len && memcmp(out.data, ref.data, ref.len) == 0,
	     "GBK HTML with an unknown charset decodes like the UTF-8 page (%s)", err);

	/* layout tables: a cell with nested tables or paragraphs is not a row */
	{
		const char *h = "<html><body><table><tr><td><p>第一段</p><p>第二段</p>"
				"<p>第三段</p><table><tr><th>项目</th><td>&nbsp;</td>"
				"<td>1<br>2</td></tr></table></td></tr></table></body></html>";
		rc = report_decode(h, strlen(h), &out, &kind, err, sizeof err);
		T_EQ_INT(rc, 0, "layout-table HTML decodes");
		T_EQ_STR(buf_str(&out), "第一段\n第二段\n第三段\n项目 | | 1 2 |\n",
			 "layout table walked as blocks, inner data row as cells");
	}
	rc = decode_fixture("tests/fixtures/inputs/news-page.html", &out, &kind, err, sizeof err);
	T_OK(rc == 0 && kind == DECODE_HTML &&
	     has_line(buf_str(&out), "我区召开2023年安全生产工作会议") &&
	     strstr(buf_str(&out), "“人民至上、生命至上”") && !strstr(buf_str(&out), "var site"),
	     "non-report news page decodes as HTML text (%s)", err);
	buf_free(&raw);
	buf_free(&out);
	buf_free(&ref);
}

static void test_docx(void)
{
	struct buf out = BUF_INIT(0);
	enum decode_kind kind = DECODE_TEXT;
	char err[256];
	int rc = decode_fixture("tests/fixtures/inputs/004-report.docx", &out, &kind, err, sizeof err);
	const char *t = buf_str(&out);
	long a, b;

	T_EQ_INT(rc, 0, "DOCX copy of seed 004 decodes (%s)", err);
	T_EQ_INT(kind, DECODE_DOCX, "DOCX detected from the zip content");
	a = line_pos(t, "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |");
	b = line_pos(t, "四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |");
	T_OK(a >= 0 && b > a, "DOCX: table rows are single lines with \" | \" cells, in order");
	T_OK(has_line(t, "行政许可 | 172 | 38 | 134 |"), "DOCX: proactive row numbers in order");
	T_OK(has_line(t, "行政事业性收费 | 78504912.2 | 1736889.9 |"), "DOCX: decimals kept");
	T_OK(has_line(t, "| （三）不予公开 | 1．属于国家秘密 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"),
	     "DOCX: merged (empty) cells kept as they are");
	T_OK(has_line(t, "信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |"),
	     "DOCX: a cell of two paragraphs joins without a gap between Chinese text");
	T_OK(has_line(t, "一、总体情况") && has_line(t, "六、其他需要报告的事项") && has_line(t, "无。"),
	     "DOCX: body paragraphs are lines");
	buf_free(&out);
}

static char fake_path[] = "/tmp/test_decode_convXXXXXX";

/* Point $GONGKAI_PDFTOTEXT at a shell script running cmd. */
static void fake_converter(const char *cmd)
{
	int fd;
	if (fake_path[strlen(fake_path) - 1] == 'X') {
		fd = mkstemp(fake_path);
	} else {
		fd = open(fake_path, O_WRONLY | O_TRUNC);
	}
	if (fd < 0)
		return;
	dprintf(fd, "#!/bin/sh\n%s\n", cmd);
	fchmod(fd, 0700);
	close(fd);
	setenv("GONGKAI_PDFTOTEXT", fake_path, 1);
}

static void test_pdf(void)
{
	struct buf out = BUF_INIT(0);
	enum decode_kind kind = DECODE_TEXT;
	char err[256];
	int have = system("command -v pdftotext >/dev/null 2>&1") == 0;
	int rc = decode_fixture("tests/fixtures/inputs/003-report.pdf", &out, &kind, err, sizeof err);
	const char *t = buf_str(&out);

	T_EQ_INT(kind, DECODE_PDF, "PDF detected from %%PDF- magic");
	if (!have) {
		T_OK(rc != 0 && strstr(err, "not found"), "without pdftotext: clear message (%s)", err);
	} else {
		T_EQ_INT(rc, 0, "PDF decodes with pdftotext (%s)", err);
		T_OK(pdf_row(t, "一、本年新收政府信息公开申请数量", "0 0 0 0 0 0 0"),
		     "PDF: row label then its 7 numbers on one line");
		T_OK(pdf_row(t, "四、结转下年度继续办理", "0 0 0 0 0 0 0"), "PDF: last row of table 三");
		T_OK(pdf_row(t, "行政事业性收费", "168.61"), "PDF: fee row");
		T_OK(strstr(t, "一、总体情况") && !strchr(t, '\f') && !strchr(t, '\r'),
		     "PDF: text present, page breaks are newlines");
	}
	setenv("GONGKAI_PDFTOTEXT", "/nonexistent/pdftotext", 1);
	rc = decode_fixture("tests/fixtures/inputs/003-report.pdf", &out, &kind, err, sizeof err);
	T_OK(rc != 0 && strstr(err, "not found (install poppler-utils)"),
	     "missing pdftotext gives a clear message: %s", err);
	unsetenv("GONGKAI_PDFTOTEXT");
	setenv("GONGKAI_PDFTOTEXT", "false", 1);
	rc = decode_fixture("tests/fixtures/inputs/003-report.pdf", &out, &kind, err, sizeof err);
	T_OK(rc != 0 && strstr(err, "corrupt PDF"), "failing converter reported: %s", err);
	/* a converter that never stops writing is killed at the text cap */
	fake_converter("exec yes 报告");
	rc = decode_fixture("tests/fixtures/inputs/003-report.pdf", &out, &kind, err, sizeof err);
	T_OK(rc != 0 && strstr(err, "document text too large (more than 16 MB"),
	     "endless converter output stopped at the cap: %s", err);
	/* one that hangs is killed at the time limit */
	{
		long long t0 = (long long)time(NULL);
		fake_converter("exec sleep 60");
		setenv("GONGKAI_PDF_TIMEOUT", "1", 1);
		rc = decode_fixture("tests/fixtures/inputs/003-report.pdf", &out, &kind, err, sizeof err);
		T_OK(rc != 0 && strstr(err, "took longer than 1 s") && time(NULL) - t0 < 10,
		     "hanging converter killed after the time limit: %s", err);
		unsetenv("GONGKAI_PDF_TIMEOUT");
	}
	unlink(fake_path);
	unsetenv("GONGKAI_PDFTOTEXT");
	buf_free(&out);
}

/* Build an in-memory zip holding name -> data (deflated). */
static int make_zip(const char *name, const char *data, size_t len, struct buf *zipped)
{
	zip_error_t ze;
	zip_source_t *src, *file;
	zip_t *za;
	zip_stat_t st;
	char chunk[65536];
	zip_int64_t n;

	zip_error_init(&ze);
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(src);
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	file = zip_source_buffer(za, data, len, 0);
	zip_file_add(za, name, file, ZIP_FL_ENC_UTF_8);
	zip_close(za);
	buf_reset(zipped);
	if (zip_source_stat(src, &st) != 0 || zip_source_open(src) != 0) {
		zip_source_free(src);
		return -1;
	}
	while ((n = zip_source_read(src, chunk, sizeof chunk)) > 0)
		buf_add(zipped, chunk, (size_t)n);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	return 0;
}

static void test_refusals(void)
{
	struct buf out = BUF_INIT(0), z = BUF_INIT(0);
	enum decode_kind kind;
	char err[256];
	int rc;

	rc = decode_fixture("tests/fixtures/inputs/empty.txt", &out, &kind, err, sizeof err);
	T_OK(rc != 0 && !strcmp(err, "empty file"), "empty file refused: %s", err);
	rc = decode_fixture("tests/fixtures/inputs/binary.png", &out, &kind, err, sizeof err);
	T_OK(rc != 0 && !strcmp(err, BINARY_MSG), "PNG refused as binary: %s", err);
	rc = report_decode("\xA0\x80\xFF\xFE\x81\x30\xC0\xC1\x80\x80\xFF\xFF", 12, &out, &kind, err, sizeof err);
	T_OK(rc != 0 && !strcmp(err, BINARY_MSG), "bytes invalid in UTF-8 and GB18030 refused: %s", err);
	rc = report_decode("ab\x01\x02\x03\x04\x05\x06", 8, &out, &kind, err, sizeof err);
	T_OK(rc != 0 && !strcmp(err, BINARY_MSG), "control bytes refused: %s", err);
	rc = decode_fixture("tests/fixtures/inputs/not-docx.zip", &out, &kind, err, sizeof err);
	T_OK(rc != 0 && strstr(err, "not a DOCX"), "zip without word/document.xml refused: %s", err);
	rc = decode_fixture("tests/fixtures/inputs/004-report.truncated.docx", &out, &kind, err, sizeof err);
	T_OK(rc != 0 && strstr(err, "truncated or corrupt DOCX"), "truncated DOCX refused: %s", err);
	rc = decode_fixture("tests/fixtures/inputs/003-report.truncated.pdf", &out, &kind, err, sizeof err);
	T_OK(rc != 0 && strstr(err, "truncated or corrupt PDF"), "truncated PDF refused: %s", err);
	T_EQ_INT(out.len, 0, "refused input leaves no text");
	rc = decode_fixture("tests/fixtures/inputs/no-such-file.txt", &out, &kind, err, sizeof err);
	T_OK(rc != 0 && strstr(err, "cannot open"), "missing file: %s", err);
	rc = decode_fixture("tests/fixtures/inputs", &out, &kind, err, sizeof err);
	T_OK(rc != 0 && strstr(err, "directory"), "directory: %s", err);

	/* text larger than DECODE_MAX_TEXT after decoding */
	{
		size_t n = DECODE_MAX_TEXT + (1u << 20);
		char *big = xmalloc(n);
		memset(big, 'a', n);
		for (size_t i = 99; i < n; i += 100)
			big[i] = '\n';
		rc = report_decode(big, n, &out, &kind, err, sizeof err);
		T_OK(rc != 0 && !strcmp(err, "document text too large (17 MB, limit 16 MB)"),
		     "17 MB of text refused: %s", err);
		T_OK(out.len == 0, "nothing kept from a refused text");
		/* zip bomb: document.xml beyond DECODE_MAX_TEXT*4 uncompressed */
		free(big);
		n = (size_t)DECODE_MAX_TEXT * 4 + 1024;
		big = xmalloc(n);
		memset(big, ' ', n);
		memcpy(big, "<w:document>", 12);
		make_zip("word/document.xml", big, n, &z);
		free(big);
		T_OK(z.len > 0 && z.len < (1u << 20), "zip bomb built (%zu bytes)", z.len);
		rc = report_decode(z.data, z.len, &out, &kind, err, sizeof err);
		T_OK(rc != 0 && strstr(err, "DOCX too large"), "zip bomb refused: %s", err);
	}
	/* a well-formed tiny DOCX through the same builder; bad XML refused */
	{
		const char *x = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/"
				"wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>甲</w:t>"
				"<w:tab/><w:t>乙</w:t></w:r></w:p></w:body></w:document>";
		make_zip("word/document.xml", x, strlen(x), &z);
		rc = report_decode(z.data, z.len, &out, &kind, err, sizeof err);
		T_OK(rc == 0 && !strcmp(buf_str(&out), "甲 乙\n"), "minimal DOCX: \"%s\" %s",
		     buf_str(&out), rc ? err : "");
		make_zip("word/document.xml", x, strlen(x) - 20, &z);
		rc = report_decode(z.data, z.len, &out, &kind, err, sizeof err);
		T_OK(rc != 0 && strstr(err, "not well-formed"), "malformed document.xml: %s", err);
	}
	/* input beyond DECODE_MAX_INPUT: refused before looking at it */
	{
		size_t n = (size_t)DECODE_MAX_INPUT + 1;
		char *big = xcalloc(n, 1);
		rc = report_decode(big, n, &out, &kind, err, sizeof err);
		T_OK(rc != 0 && strstr(err, "file too large") != NULL, "oversized buffer: %s", err);
		free(big);
	}
	/* a 200 MB (sparse) file is refused without being read */
	{
		char tmpl[] = "/tmp/test_decode_bigXXXXXX";
		int fd = mkstemp(tmpl);
		rc = -5;
		if (fd >= 0 && ftruncate(fd, 200L << 20) == 0)
			rc = report_decode_file(tmpl, &out, &kind, err, sizeof err);
		if (fd >= 0) {
			close(fd);
			unlink(tmpl);
		}
		T_OK(rc != 0 && rc != -5 && strstr(err, "file too large"),
		     "200 MB file refused: %s", err);
	}
	buf_free(&out);
	buf_free(&z);
}

int main(void)
{
	const char *r = getenv("ROOT");
	snprintf(root, sizeof root, "%s", r && *r ? r : ".");
	test_text();
	test_html();
	test_docx();
	test_pdf();
	test_refusals();
	return T_DONE();
}
