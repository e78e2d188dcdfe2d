/* test_render_office.c - the DOCX and XLSX renderers.
 *
 * 1. DOCX round trip: every seed report (parsed from its text, written as
 *    report JSON and read back, as `report render FILE.json` does) and random
 *    consistent reports of every built-in format are rendered to DOCX, read
 *    back with the project's own reader (report_decode: libzip + libxml2,
 *    then report_parse) and compared cell by cell: every number must come
 *    back identical, every blank or absent cell must not turn into a
 *    number, and the format and year must be recognised.
 * 2. DOCX package: the parts are well-formed XML; A4 portrait, 仿宋 as the
 *    East Asian font, table borders, the merged cells of the official
 *    layout (vMerge / gridSpan) and escaped text.
 * 3. XLSX: for a known 2021 report, the sheet names, the numbers in the
 *    right cells (as numbers; the fee 168.61 exact), a blank cell blank,
 *    the header merges, the metadata sheet and the findings; sheet names
 *    that Excel would refuse are cleaned and cut to 31 characters.
 * GK_GENERATED_N (environment) sets random reports per format (default 25). */
#include "t.h"
#include "report/decode.h"
#include "report/generate.h"
#include "report/json.h"
#include "report/parse.h"
#include "report/render.h"
#include "report/model.h"
#include "report/spec.h"
#include "base/buf.h"
#include "base/embedded.h"
#include "base/file.h"
#include "base/xalloc.h"

#include <glob.h>
#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

static char root[1024];

/* ------------------------------------------------------------ helpers */

/* The zip archive in data, read-only (zip_discard() it), or NULL. */
static zip_t *zip_open_buf(const struct buf *data)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	zip_error_init(&ze);
	src = zip_source_buffer_create(data->data, data->len, 0, &ze);
	za = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
	zip_error_fini(&ze);
	if (!za && src)
		zip_source_free(src);
	return za;
}

/* The bytes of entry `name` of the zip in data (NUL-terminated, caller
 * frees), or NULL. *index receives its position in the archive. */
static char *zip_entry(const struct buf *data, const char *name, int *index)
{
	zip_t *za = zip_open_buf(data);
	zip_stat_t st;
	zip_file_t *zf;
	zip_int64_t idx;
	char *out = NULL;
	if (!za)
		return NULL;
	idx = zip_name_locate(za, name, 0);
	if (idx >= 0 && zip_stat_index(za, (zip_uint64_t)idx, 0, &st) == 0 &&
	    (zf = zip_fopen_index(za, (zip_uint64_t)idx, 0)) != NULL) {
		out = xcalloc((size_t)st.size + 1, 1);
		if (zip_fread(zf, out, st.size) != (zip_int64_t)st.size) {
			free(out);
			out = NULL;
		}
		zip_fclose(zf);
	}
	if (index)
		*index = (int)idx;
	zip_discard(za);
	return out;
}

/* Number of entries in the zip and whether every .xml/.rels entry is
 * well-formed XML (libxml2, as xmllint --noout). */
static int zip_all_wellformed(const struct buf *data, int *nentries)
{
	zip_t *za = zip_open_buf(data);
	zip_int64_t i, n;
	int ok = 1;
	*nentries = 0;
	if (!za)
		return 0;
	n = zip_get_num_entries(za, 0);
	*nentries = (int)n;
	for (i = 0; i < n; i++) {
		const char *name = zip_get_name(za, (zip_uint64_t)i, 0);
		char *x = name ? zip_entry(data, name, NULL) : NULL;
		xmlDocPtr doc = x ? xmlReadMemory(x, (int)strlen(x), name, NULL,
						  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING) : NULL;
		if (!doc) {
			printf("#   %s is not well-formed XML\n", name ? name : "?");
			ok = 0;
		}
		xmlFreeDoc(doc);
		free(x);
	}
	zip_discard(za);
	return ok;
}

/* Compare every cell of want with got: numbers identical, non-numbers not
 * numbers. Returns mismatches (first one described in where). */
static int compare(const struct report *want, const struct report *got, int *numbers,
		   char *where, size_t wsize)
{
	int t, i, bad = 0;
	*numbers = 0;
	if (!got->spec || want->spec != got->spec) {
		snprintf(where, wsize, "format %s, want %s", got->spec ? got->spec->name : "none",
			 want->spec->name);
		return 1;
	}
	for (t = 0; t < want->spec->ntables; t++) {
		const struct spec_table *st = &want->spec->tables[t];
		for (i = 0; i < st->nrows * st->ncols; i++) {
			const struct report_cell *a = &want->tables[t].cells[i];
			const struct report_cell *b = &got->tables[t].cells[i];
			int ok = a->state == CELL_VALUE
				 ? b->state == CELL_VALUE && !cell_cmp_units(a->units, a->scale, b->units, b->scale)
				 : b->state != CELL_VALUE;
			if (a->state == CELL_VALUE)
				(*numbers)++;
			if (!ok && !bad++)
				snprintf(where, wsize, "%s.%s.%s: want %d/%lld/%d, got %d/%lld/%d", st->key,
					 st->rows[i / st->ncols].key, st->cols[i % st->ncols].key, a->state,
					 (long long)a->units, a->scale, b->state, (long long)b->units, b->scale);
		}
	}
	if (want->year != got->year && !bad++)
		snprintf(where, wsize, "year %d, want %d", got->year, want->year);
	return bad;
}

/* Render r to DOCX, read it back with decode + parse. NULL if any step
 * failed (reason printed). */
static struct report *docx_round_trip(const struct report *r, struct buf *docx)
{
	struct buf text = BUF_INIT(0);
	enum decode_kind kind;
	char err[256];
	struct report *back;
	buf_reset(docx);
	if (report_render(r, RENDER_DOCX, docx) != 0) {
		printf("#   render failed\n");
		return NULL;
	}
	if (report_decode(docx->data, docx->len, &text, &kind, err, sizeof err) != 0 ||
	    kind != DECODE_DOCX) {
		printf("#   decode failed: %s\n", err);
		buf_free(&text);
		return NULL;
	}
	if (getenv("RENDER_DUMP"))
		printf("# ---- docx text ----\n%s\n", buf_str(&text));
	back = report_parse(spec_builtin(), buf_str(&text), text.len, "rt.docx");
	buf_free(&text);
	return back;
}

/* ----------------------------------------------------------- round trip */

static void test_seeds(void)
{
	char pat[1200];
	glob_t g;
	size_t i;
	int formats = 0;
	snprintf(pat, sizeof pat, "%s/tests/fixtures/seeds/*.txt", root);
	T_OK(glob(pat, 0, NULL, &g) == 0 && g.gl_pathc >= 5, "seed reports found (%s)", pat);
	for (i = 0; i < g.gl_pathc; i++) {
		struct buf src = BUF_INIT(0), docx = BUF_INIT(0);
		struct report *r, *back;
		const char *name = strrchr(g.gl_pathv[i], '/') + 1;
		char e[256], where[400] = "";
		int numbers = 0, bad;
		if (file_read(g.gl_pathv[i], 1 << 22, &src, e, sizeof e) != 0) {
			T_OK(0, "read %s: %s", name, e);
			continue;
		}
		r = report_parse(spec_builtin(), buf_str(&src), src.len, name);
		if (!r->spec) {
			T_OK(0, "%s: seed parses as a report", name);
			report_free(r);
			buf_free(&src);
			continue;
		}
		formats++;
		{   /* through the report JSON, as `report render FILE.json` reads it */
			struct buf json = BUF_INIT(0);
			struct jsonw w;
			struct report *fromjson;
			jsonw_init(&w, &json, 0);
			report_to_json(r, &w);
			fromjson = report_from_json(spec_builtin(), buf_str(&json), json.len, e, sizeof e);
			T_OK(fromjson != NULL, "seed %s: its JSON reads back", name);
			back = fromjson ? docx_round_trip(fromjson, &docx) : NULL;
			report_free(fromjson);
			buf_free(&json);
		}
		bad = back ? compare(r, back, &numbers, where, sizeof where) : 1;
		T_OK(bad == 0, "seed %s (%s): DOCX -> decode -> parse gives every number back (%d numbers) %s",
		     name, r->spec->key, numbers, where);
		report_free(back);
		report_free(r);
		buf_free(&docx);
		buf_free(&src);
	}
	T_OK(formats >= 4, "seeds in %d formats", formats);
	globfree(&g);
}

static void test_generated(void)
{
	const struct spec_set *set = spec_builtin();
	const char *env = getenv("GK_GENERATED_N");
	int n = env ? (int)strtol(env, NULL, 10) : 25, s, i;
	for (s = 0; s < set->n; s++) {
		const struct report_spec *spec = set->v[s];
		int wrong = 0, total = 0, numbers = 0;
		char first[512] = "";
		for (i = 0; i < n; i++) {
			struct gen_options opt = {(uint64_t)(i * 7919 + s * 104729 + 3), 0,
						  i % 5 == 0 ? 5000 : 80, 30, 600};
			struct report *want = report_generate(spec, &opt), *got;
			struct buf docx = BUF_INIT(0);
			char where[400] = "";
			int nums;
			if (!want)
				continue;
			if (i % 7 == 3) {   /* a blank cell must stay blank */
				want->tables[0].cells[0].state = CELL_BLANK;
				want->tables[0].cells[0].units = 0;
			}
			total++;
			got = docx_round_trip(want, &docx);
			if (!got || compare(want, got, &nums, where, sizeof where)) {
				if (!wrong++)
					snprintf(first, sizeof first, "case %d: %s", i, got ? where : "no result");
			} else {
				numbers += nums;
			}
			report_free(got);
			report_free(want);
			buf_free(&docx);
		}
		T_OK(total > 0 && wrong == 0, "%s: %d random reports round-trip through DOCX (%d numbers), %d wrong %s",
		     spec->name, total, numbers, wrong, first);
	}
}

/* ------------------------------------------------------------- a known one */

static int T_(const struct report_spec *s, const char *k) { return spec_table_index(s, k); }

static void set(struct report *r, const char *t, const char *row, const char *col,
		int64_t units, int scale, int state)
{
	const struct report_spec *s = r->spec;
	const struct spec_table *st = &s->tables[T_(s, t)];
	struct report_cell *c = report_cell(r, T_(s, t), spec_row_index(st, row), spec_col_index(st, col));
	c->state = (uint8_t)state;
	c->units = units;
	c->scale = (uint8_t)scale;
}

/* A full 2021 report: every cell (row*7 + col*3) % 11, a few special ones. */
static struct report *known_2021(const struct report_spec *s)
{
	struct report *r = report_new(s, "known.json");
	int t, row, k;
	r->year = 2022;
	r->agency = xstrdup("朝阳市龙城区住房和城乡建设局");
	memcpy(r->published, "2023-01-20", 11);
	for (k = 0; k < s->nsections; k++) {
		char heading[128];
		snprintf(heading, sizeof heading, "%s、%s", s->sections[k].number, s->sections[k].title);
		report_add_section(r, &s->sections[k], s->sections[k].number, heading,
				   k == 0 ? "全年主动公开信息53条。<script>alert(1)</script> & \"更多\"" : "", k + 1);
	}
	for (t = 0; t < s->ntables; t++) {
		const struct spec_table *st = &s->tables[t];
		for (row = 0; row < st->nrows; row++)
			for (k = 0; k < st->rows[row].ncols; k++) {
				struct report_cell *c = report_cell(r, t, row, st->rows[row].cols[k]);
				c->state = CELL_VALUE;
				c->units = (row * 7 + k * 3) % 11;
			}
		r->tables[t].found = 1;
	}
	set(r, "proactive", "fees", "amount", 16861, 2, CELL_VALUE);
	set(r, "applications", "new", "person", 64, 0, CELL_VALUE);
	set(r, "applications", "new", "total", 640020470, 0, CELL_VALUE);
	set(r, "applications", "carried_in", "business", 0, 0, CELL_BLANK);
	set(r, "appeals", "litigation_after", "total", 12, 0, CELL_VALUE);
	return r;
}

static void test_docx_package(const struct report_spec *s)
{
	struct report *r = known_2021(s);
	struct buf b = BUF_INIT(0);
	char *doc, *sty, *ct;
	int n = 0, ctpos = -1;
	T_EQ_INT(report_render(r, RENDER_DOCX, &b), 0, "DOCX renders");
	T_OK(b.len > 4 && !memcmp(b.data, "PK\3\4", 4), "DOCX is a zip (%zu bytes)", b.len);
	T_OK(zip_all_wellformed(&b, &n) && n >= 5, "every DOCX part is well-formed XML (%d parts)", n);
	ct = zip_entry(&b, "[Content_Types].xml", &ctpos);
	doc = zip_entry(&b, "word/document.xml", NULL);
	sty = zip_entry(&b, "word/styles.xml", NULL);
	T_OK(ct && ctpos == 0 && strstr(ct, "wordprocessingml.document.main+xml"),
	     "[Content_Types].xml first, declares the main document");
	{
		char *rels = zip_entry(&b, "_rels/.rels", NULL);
		T_OK(rels && strstr(rels, "Target=\"word/document.xml\""), "_rels/.rels points to the document");
		free(rels);
	}
	T_OK(doc && strstr(doc, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"), "A4 portrait");
	T_OK(sty && strstr(sty, "w:eastAsia=\"仿宋\"") && strstr(sty, "w:eastAsia=\"宋体\""),
	     "CJK fonts with the eastAsia attribute");
	T_OK(doc && strstr(doc, "<w:insideV w:val=\"single\""), "table borders");
	T_OK(doc && strstr(doc, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;更多&quot;") &&
	     !strstr(doc, "<script>"), "text is XML-escaped");
	T_OK(doc && strstr(doc, "<w:t xml:space=\"preserve\">朝阳市龙城区住房和城乡建设局2022年政府信息公开工作年度报告</w:t>"),
	     "title composed from agency and year");
	T_OK(doc && strstr(doc, "<w:gridSpan w:val=\"5\"/><w:vAlign w:val=\"center\"/></w:tcPr>"
			   "<w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr><w:r><w:t xml:space=\"preserve\">法人或其他组织"),
	     "法人或其他组织 spans five columns");
	T_OK(doc && strstr(doc, "<w:vMerge w:val=\"restart\"/><w:vAlign w:val=\"center\"/></w:tcPr>"
			   "<w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr><w:r><w:t xml:space=\"preserve\">三、本年度办理结果"),
	     "三、本年度办理结果 starts a vertical merge");
	T_OK(doc && strstr(doc, "<w:vMerge w:val=\"continue\"/>"), "merged cells continue below");
	T_OK(doc && strstr(doc, "<w:tblHeader/>"), "header rows repeat on each page");
	T_OK(doc && strstr(doc, ">168.61</w:t>"), "fee 168.61 exact");
	T_OK(doc && strstr(doc, ">2023年1月20日</w:t>"), "date at the end");
	{
		struct buf again = BUF_INIT(0);
		report_render(r, RENDER_DOCX, &again);
		T_OK(again.len == b.len && !memcmp(again.data, b.data, b.len), "DOCX output is reproducible");
		buf_free(&again);
	}
	free(ct);
	free(doc);
	free(sty);
	buf_free(&b);
	report_free(r);
}

/* True if the sheet XML has exactly this cell element. */
static int has_cell(const char *xml, const char *cell)
{
	return xml && strstr(xml, cell) != NULL;
}

static void test_xlsx(const struct report_spec *s)
{
	struct report *r = known_2021(s);
	struct finding_list fl = {0};
	struct buf b = BUF_INIT(0);
	char *wb, *info, *pro, *apps, *app4, *ct;
	int n = 0;
	finding_add(&fl, "applications.balance", SEV_ERROR, "applications", "new", "person", 0,
		    "3", "2", "本年新收加上年结转应等于办理结果总计加结转下年度", "balance");
	T_EQ_INT(report_render_xlsx(r, &fl, &b), 0, "XLSX renders");
	T_OK(b.len > 4 && !memcmp(b.data, "PK\3\4", 4), "XLSX is a zip");
	T_OK(zip_all_wellformed(&b, &n) && n == 9, "every XLSX part is well-formed XML (%d parts)", n);
	ct = zip_entry(&b, "[Content_Types].xml", NULL);
	wb = zip_entry(&b, "xl/workbook.xml", NULL);
	info = zip_entry(&b, "xl/worksheets/sheet1.xml", NULL);
	pro = zip_entry(&b, "xl/worksheets/sheet2.xml", NULL);
	apps = zip_entry(&b, "xl/worksheets/sheet3.xml", NULL);
	app4 = zip_entry(&b, "xl/worksheets/sheet4.xml", NULL);
	T_OK(ct && strstr(ct, "spreadsheetml.sheet.main+xml") && strstr(ct, "/xl/worksheets/sheet4.xml"),
	     "content types for the workbook and its four sheets");
	T_OK(wb && strstr(wb, "<sheet name=\"报告信息\" sheetId=\"1\" r:id=\"rId1\"/>"
			  "<sheet name=\"二、主动公开政府信息情况\" sheetId=\"2\" r:id=\"rId2\"/>"
			  "<sheet name=\"三、收到和处理政府信息公开申请情况\" sheetId=\"3\" r:id=\"rId3\"/>"
			  "<sheet name=\"四、政府信息公开行政复议、行政诉讼情况\" sheetId=\"4\" r:id=\"rId4\"/>"),
	     "sheets: 报告信息, then one per table named after its section");
	/* metadata and findings */
	T_OK(has_cell(info, "<c r=\"B3\" s=\"5\" t=\"inlineStr\"><is><t xml:space=\"preserve\">朝阳市龙城区住房和城乡建设局</t></is></c>"),
	     "info: agency in B3");
	T_OK(has_cell(info, "<c r=\"B4\" s=\"5\"><v>2022</v></c>"), "info: year 2022 as a number in B4");
	T_OK(has_cell(info, "<c r=\"B5\" s=\"5\" t=\"inlineStr\"><is><t xml:space=\"preserve\">2021</t></is></c>"),
	     "info: format key in B5");
	T_OK(info && strstr(info, ">错误</t>") && strstr(info, ">applications.balance</t>") &&
	     strstr(info, ">一、本年新收政府信息公开申请数量</t>") && strstr(info, ">本年新收加上年结转应等于办理结果总计加结转下年度</t>"),
	     "info: the finding with its severity, rule, row label and text");
	/* 表三: corner A2:C4, 申请人情况 D2:J2, 法人或其他组织 E3:I3; data from row 5 */
	T_OK(apps && strstr(apps, "<mergeCell ref=\"A2:C4\"/>") && strstr(apps, "<mergeCell ref=\"D2:J2\"/>") &&
	     strstr(apps, "<mergeCell ref=\"E3:I3\"/>") && strstr(apps, "<mergeCell ref=\"D3:D4\"/>"),
	     "表三 header merges (corner, 申请人情况, 法人或其他组织, 自然人)");
	T_OK(has_cell(apps, "<c r=\"D5\" s=\"4\"><v>64</v></c>"), "表三 new.person = 64 in D5");
	T_OK(has_cell(apps, "<c r=\"J5\" s=\"4\"><v>640020470</v></c>"), "表三 new.total = 640020470 in J5");
	T_OK(has_cell(apps, "<c r=\"D6\" s=\"4\"><v>7</v></c>") && has_cell(apps, "<c r=\"E6\" s=\"4\"/>"),
	     "表三 carried_in: person 7 in D6, business blank in E6");
	T_OK(apps && strstr(apps, "<mergeCell ref=\"A7:A28\"/>"), "三、本年度办理结果 spans its 22 rows");
	T_OK(has_cell(apps, "<c r=\"A5\" s=\"3\" t=\"inlineStr\"><is><t xml:space=\"preserve\">一、本年新收政府信息公开申请数量</t>"),
	     "表三 row label in A5");
	T_OK(apps && strstr(apps, "<pane ySplit=\"4\" topLeftCell=\"A5\""), "表三 header rows frozen");
	/* 表二 (block layout): the fee row */
	T_OK(has_cell(pro, "<c r=\"B15\" s=\"4\"><v>168.61</v></c>") && strstr(pro, "<mergeCell ref=\"B15:D15\"/>"),
	     "表二 fee 168.61 as a number in B15 (spanning B:D)");
	T_OK(has_cell(pro, "<c r=\"A13\" s=\"3\" t=\"inlineStr\"><is><t xml:space=\"preserve\">第二十条第（八）项</t>"),
	     "表二 block label");
	/* 表四: one data row of 15 numbers in row 5 */
	T_OK(has_cell(app4, "<c r=\"A5\" s=\"4\"><v>0</v></c>") && has_cell(app4, "<c r=\"O5\" s=\"4\"><v>12</v></c>"),
	     "表四 values in A5:O5 (litigation_after.total 12 in O5)");
	T_OK(app4 && strstr(app4, "<mergeCell ref=\"F2:O2\"/>") && strstr(app4, "<mergeCell ref=\"A2:E3\"/>"),
	     "表四 行政诉讼 spans ten columns, 行政复议 two rows");
	free(ct);
	free(wb);
	free(info);
	free(pro);
	free(apps);
	free(app4);
	buf_reset(&b);
	T_EQ_INT(report_render(r, RENDER_XLSX, &b), 0, "XLSX without findings renders");
	info = zip_entry(&b, "xl/worksheets/sheet1.xml", NULL);
	T_OK(info && !strstr(info, "检查结果"), "without findings, no findings block");
	free(info);
	finding_list_free(&fl);
	buf_free(&b);
	report_free(r);
}

/* Sheet names Excel would refuse are cleaned: []:*?/\ replaced, at most 31
 * characters, unique. */
static void test_sheet_names(void)
{
	size_t len;
	const char *json = embedded_get("formats/2021.json", &len);
	char err[256];
	struct report_spec *s = json ? spec_load(json, len, err, sizeof err) : NULL;
	char *saved[3], *wb;
	struct report *r;
	struct buf b = BUF_INIT(0);
	int t;
	T_OK(s != NULL, "2021.json loads");
	if (!s)
		return;
	for (t = 0; t < 3 && t < s->ntables; t++) {
		saved[t] = s->tables[t].section;
		s->tables[t].section = NULL;
	}
	free(s->tables[0].title);
	s->tables[0].title = xstrdup("表[一]:主动*公开?情况/统计\\很长很长很长很长很长很长很长很长很长很长很长很长");
	free(s->tables[1].title);
	s->tables[1].title = xstrdup("同名");
	free(s->tables[2].title);
	s->tables[2].title = xstrdup("同名");
	r = known_2021(s);
	T_EQ_INT(report_render(r, RENDER_XLSX, &b), 0, "renders with odd titles");
	wb = zip_entry(&b, "xl/workbook.xml", NULL);
	T_OK(wb && strstr(wb, "<sheet name=\"表_一__主动_公开_情况_统计_很长很长很长很长很长\""),
	     "forbidden characters replaced, name cut to 27 characters");
	T_OK(wb && strstr(wb, "<sheet name=\"同名\"") && strstr(wb, "<sheet name=\"同名 (2)\""),
	     "duplicate names made unique");
	free(wb);
	buf_free(&b);
	report_free(r);
	for (t = 0; t < 3 && t < s->ntables; t++)
		s->tables[t].section = saved[t];
	spec_free(s);
}

static void test_names(void)
{
	T_EQ_INT(render_to_from_name("docx"), RENDER_DOCX, "docx");
	T_EQ_INT(render_to_from_name("xlsx"), RENDER_XLSX, "xlsx");
	T_OK(render_to_is_binary(RENDER_DOCX) && render_to_is_binary(RENDER_XLSX) &&
	     !render_to_is_binary(RENDER_HTML) && !render_to_is_binary(RENDER_JSON), "binary formats");
	T_EQ_STR(render_to_mime(RENDER_DOCX),
		 "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx MIME type");
	T_EQ_STR(render_to_mime(RENDER_XLSX),
		 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx MIME type");
	T_EQ_STR(render_to_ext(RENDER_XLSX), "xlsx", "xlsx extension");
	{
		struct report *r = report_new(NULL, "x");
		struct buf b = BUF_INIT(0);
		T_EQ_INT(report_render(r, RENDER_DOCX, &b), -1, "a report without a format does not render");
		T_EQ_INT(report_render_xlsx(r, NULL, &b), -1, "nor as xlsx");
		buf_free(&b);
		report_free(r);
	}
}

int main(void)
{
	const char *rt = getenv("ROOT");
	const struct report_spec *s2021 = spec_find(spec_builtin(), "2021");
	snprintf(root, sizeof root, "%s", rt && *rt ? rt : ".");
	test_names();
	test_docx_package(s2021);
	test_xlsx(s2021);
	test_sheet_names();
	test_seeds();
	test_generated();
	xmlCleanupParser();
	return T_DONE();
}
