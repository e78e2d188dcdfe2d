/* test_json.c - report_to_json / report_from_json: shape, exact decimals,
 * round trip, spec choice among formats sharing a key, strict errors. */
#include "t.h"
#include "report/json.h"
#include "report/model.h"
#include "report/spec.h"
#include "base/buf.h"
#include "base/jsonw.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>

static int T(const struct report_spec *s, const char *k) { return spec_table_index(s, k); }
static int R(const struct report_spec *s, const char *t, const char *k)
{ return spec_row_index(&s->tables[T(s, t)], k); }
static int C(const struct report_spec *s, const char *t, const char *k)
{ return spec_col_index(&s->tables[T(s, t)], k); }

static void set_dec(struct report *r, const char *t, const char *row, const char *col,
		    int64_t units, int scale)
{
	const struct report_spec *s = r->spec;
	struct report_cell *c = report_cell(r, T(s, t), R(s, t, row), C(s, t, col));
	c->state = CELL_VALUE;
	c->units = units;
	c->scale = (uint8_t)scale;
	r->tables[T(s, t)].found = 1;
}

static void set_blank(struct report *r, const char *t, const char *row, const char *col)
{
	const struct report_spec *s = r->spec;
	report_cell(r, T(s, t), R(s, t, row), C(s, t, col))->state = CELL_BLANK;
	r->tables[T(s, t)].found = 1;
}

static char *to_json(const struct report *r, int pretty)
{
	struct buf b = BUF_INIT(0);
	struct jsonw w;
	jsonw_init(&w, &b, pretty);
	report_to_json(r, &w);
	return buf_detach(&b);
}

/* A 2019 report with blanks, decimals and negative numbers. */
static struct report *build_2019(const struct report_spec *s)
{
	struct report *r = report_new(s, "in/2019.txt");
	int c;
	r->year = 2019;
	r->agency = xstrdup("某某市\"住建\"局");
	r->title = xstrdup("某某市住建局2019年政府信息公开工作年度报告");
	memcpy(r->published, "2020-01-20", 11);
	report_add_section(r, &s->sections[0], "一", "一、总体情况", "第一行\n第二行\t<tab>", 3);
	report_add_section(r, NULL, "七", "七、附件", "", 40);
	set_dec(r, "proactive", "fees", "last_year", 785049122, 1);   /* 78504912.2 */
	set_dec(r, "proactive", "fees", "change", -17368899, 1);      /* -1736889.9 */
	set_dec(r, "proactive", "procurement", "count", 5, 0);
	set_dec(r, "proactive", "procurement", "amount", 16861, 2);   /* 168.61 */
	set_dec(r, "proactive", "licensing", "last_year", 172, 0);
	set_dec(r, "proactive", "licensing", "change", -38, 0);
	set_blank(r, "proactive", "licensing", "decisions");
	set_dec(r, "proactive", "punishment", "last_year", 150, 2);   /* 1.50 keeps its zero */
	for (c = 0; c < 7; c++)
		set_dec(r, "applications", "new", s->tables[T(s, "applications")].cols[c].key, c, 0);
	set_blank(r, "applications", "carried_in", "business");
	set_dec(r, "appeals", "reconsideration", "total", 2, 0);
	report_add_fact(r, &s->facts[0], 21, 0, 5, "收到申请21件");
	finding_add(&r->notes, "parse.split", SEV_WARNING, "applications", "new", NULL, 12,
		    "3", "2", "数字拆分有歧义", "ambiguous digit split");
	return r;
}

static void test_shape(const struct spec_set *set)
{
	const struct report_spec *s = spec_find(set, "2019");
	struct report *r;
	char *j;
	T_OK(s != NULL, "2019 spec is built in");
	if (!s)
		return;
	r = build_2019(s);
	j = to_json(r, 0);
	T_OK(strncmp(j, "{\"source\":\"in/2019.txt\",\"format\":\"2019\",\"format_name\":", 52) == 0,
	     "keys start source, format, format_name");
	T_OK(strstr(j, "\"year\":2019,\"agency\":\"某某市\\\"住建\\\"局\",\"published\":\"2020-01-20\",\"title\":") != NULL,
	     "year, agency (escaped), published, title in order");
	T_OK(strstr(j, "{\"key\":\"overview\",\"number\":\"一\",\"heading\":\"一、总体情况\",\"line\":3,\"text\":\"第一行\\n第二行\\t<tab>\"}") != NULL,
	     "section object");
	T_OK(strstr(j, "{\"key\":null,\"number\":\"七\"") != NULL, "extra section has key null");
	T_OK(strstr(j, "\"fees\":{\"last_year\":78504912.2,\"change\":-1736889.9}") != NULL,
	     "exact decimals, negative");
	T_OK(strstr(j, "\"procurement\":{\"count\":5,\"amount\":168.61}") != NULL, "168.61 exact");
	T_OK(strstr(j, "\"licensing\":{\"last_year\":172,\"change\":-38,\"decisions\":null}") != NULL,
	     "blank is null");
	T_OK(strstr(j, "\"punishment\":{\"last_year\":1.50,\"change\":null,\"decisions\":null}") != NULL,
	     "found row lists every column; absent cells null; 1.50 keeps scale");
	T_OK(strstr(j, "\"rules\"") == NULL, "rows not found are left out");
	T_OK(strstr(j, "\"applications\":{\"rows\":{\"new\":{\"person\":0,\"business\":1,") != NULL,
	     "applications nests rows");
	T_OK(strstr(j, "\"carried_in\":{\"person\":null,\"business\":null,") != NULL,
	     "row with one blank cell is found");
	T_OK(strstr(j, "\"appeals\":{\"reconsideration\":{\"upheld\":null,\"corrected\":null,\"other\":null,\"pending\":null,\"total\":2}}") != NULL,
	     "appeals does not nest rows");
	T_OK(strstr(j, "\"facts\":{\"applications_new\":21}") != NULL, "facts as key -> number");
	T_OK(strstr(j, "\"notes\":[{\"rule\":\"parse.split\",\"severity\":\"warning\",\"table\":\"applications\",\"row\":\"new\",\"col\":null,\"line\":12,\"expected\":\"3\",\"found\":\"2\",\"zh\":\"数字拆分有歧义\",\"en\":\"ambiguous digit split\"}]") != NULL,
	     "finding object");
	T_OK(strstr(j, "\"tables\":{\"proactive\":") != NULL, "tables in spec order");
	free(j);
	report_free(r);
}

static void test_units(const struct spec_set *set)
{
	const struct report_spec *s = spec_find(set, "2021");
	struct report *r;
	char *j;
	T_OK(s != NULL, "2021 spec is built in");
	if (!s)
		return;
	r = report_new(s, "x");
	set_dec(r, "proactive", "fees", "amount", 16861, 2);
	set_dec(r, "proactive", "rules", "issued", 3, 0);
	j = to_json(r, 0);
	T_OK(strstr(j, "\"units\":{\"proactive.fees.amount\":\"万元\"}") != NULL, "units map: %s",
	     strstr(j, "\"units\"") ? strstr(j, "\"units\"") : j);
	T_OK(strstr(j, "\"year\":null,\"agency\":null,\"published\":null,\"title\":null,\"sections\":[]") != NULL,
	     "unknown meta is null");
	free(j);
	report_free(r);
}

static void test_round_trip(const struct spec_set *set)
{
	const struct report_spec *s = spec_find(set, "2019");
	char err[256];
	struct report *r, *back;
	char *j1, *j2;
	int pretty;
	if (!s)
		return;
	r = build_2019(s);
	for (pretty = 0; pretty <= 1; pretty++) {
		j1 = to_json(r, pretty);
		back = report_from_json(set, j1, strlen(j1), err, sizeof err);
		T_OK(back != NULL, "from_json accepts to_json output (pretty=%d): %s", pretty, back ? "" : err);
		if (!back) {
			free(j1);
			continue;
		}
		j2 = to_json(back, pretty);
		T_EQ_STR(j2, j1, "to_json -> from_json -> to_json is identical (pretty=%d)", pretty);
		T_EQ_INT(back->year, 2019, "year read");
		T_EQ_STR(back->published, "2020-01-20", "published read");
		T_OK(back->spec == s, "spec chosen by format key");
		free(j2);
		free(j1);
		report_free(back);
	}
	report_free(r);
}

static void test_local_choice(const struct spec_set *set)
{
	char err[256];
	const char *j = "{\"format\":\"local\",\"tables\":{\"indicators\":{\"rows\":"
			"{\"trainees\":{\"value\":12},\"applications\":{\"value\":3}}}}}";
	struct report *r = report_from_json(set, j, strlen(j), err, sizeof err);
	T_OK(r != NULL, "local report with shandong-only row loads: %s", r ? "" : err);
	if (r) {
		T_OK(r->spec && spec_table_index(r->spec, "indicators") >= 0 &&
		     spec_row_index(&r->spec->tables[0], "trainees") >= 0,
		     "picked the local spec that has row trainees");
		report_free(r);
	}
	j = "{\"format\":\"local\",\"tables\":{\"indicators\":{\"rows\":{\"fee_waivers\":{\"value\":1}}}}}";
	r = report_from_json(set, j, strlen(j), err, sizeof err);
	T_OK(r && spec_row_index(&r->spec->tables[0], "fee_waivers") >= 0,
	     "picked the local spec that has row fee_waivers");
	report_free(r);
}

static void expect_error(const struct spec_set *set, const char *json, const char *want,
			 const char *what)
{
	char err[256] = "";
	struct report *r = report_from_json(set, json, strlen(json), err, sizeof err);
	T_OK(r == NULL && strstr(err, want) != NULL, "%s -> \"%s\"", what, err);
	report_free(r);
}

static void test_errors(const struct spec_set *set)
{
	char err[256];
	const char *ok;
	struct report *r;
	expect_error(set, "{\"format\":\"2021\",\"tables\":{\"applications\":{\"rows\":{\"new\":{\"persn\":1}}}}}",
		     "tables.applications.rows.new.persn: unknown column", "unknown column");
	expect_error(set, "{\"format\":\"2021\",\"tables\":{\"applications\":{\"rows\":{\"neu\":{}}}}}",
		     "tables.applications.rows.neu: unknown row", "unknown row");
	expect_error(set, "{\"format\":\"2021\",\"tables\":{\"aplications\":{}}}",
		     "tables.aplications: unknown table", "unknown table");
	expect_error(set, "{\"format\":\"2021\",\"tables\":{\"appeals\":{\"reconsideration\":{\"total\":\"x\"}}}}",
		     "tables.appeals.reconsideration.total: expected a number", "string that is not a number");
	expect_error(set, "{\"format\":\"2021\",\"tables\":{\"appeals\":{\"reconsideration\":{\"total\":true}}}}",
		     "tables.appeals.reconsideration.total: expected a number", "boolean cell");
	expect_error(set, "{\"format\":\"2021\",\"tables\":{\"proactive\":{\"licensing\":{\"issued\":1}}}}",
		     "tables.proactive.licensing.issued: this row has no such column", "column of another row");
	expect_error(set, "{\"format\":\"2021\",\"year\":\"2021\"}", "year:", "year as string");
	expect_error(set, "{\"format\":\"2021\",\"agency\":12.5}", "agency: expected a string",
		     "decimal as agency");
	expect_error(set, "{\"format\":\"2021\",\"tabels\":{}}", "tabels: unknown member", "typo at top level");
	expect_error(set, "{\"format\":\"2021\",\"sections\":[{\"key\":\"nope\"}]}",
		     "sections[0].key: unknown section", "unknown section key");
	expect_error(set, "{\"format\":\"2021\",\"facts\":{\"nope\":1}}", "facts.nope: unknown fact",
		     "unknown fact");
	expect_error(set, "{\"format\":\"2099\"}", "format: unknown format", "unknown format");
	expect_error(set, "{\"format\":\"2021\",", "JSON line", "malformed JSON");
	expect_error(set, "{\"format\":\"2021\",\"tables\":{\"appeals\":{\"reconsideration\":{\"total\":1e40}}}}",
		     "expected a number", "out of range number");
	expect_error(set, "{\"format\":\"local\",\"tables\":{\"indicators\":{\"rows\":{\"nosuch\":{}}}}}",
		     "tables.indicators.rows.nosuch: unknown row", "no local spec has the row");
	/* strings holding decimals are accepted */
	ok = "{\"format\":\"2021\",\"tables\":{\"proactive\":{\"fees\":{\"amount\":\"168.61\"}}}}";
	r = report_from_json(set, ok, strlen(ok), err, sizeof err);
	T_OK(r != NULL, "decimal given as a string is accepted");
	if (r) {
		const struct report_spec *s = r->spec;
		const struct report_cell *c = report_cell_c(r, T(s, "proactive"), R(s, "proactive", "fees"),
							    C(s, "proactive", "amount"));
		T_OK(c->state == CELL_VALUE && c->units == 16861 && c->scale == 2, "168.61 = 16861e-2");
		report_free(r);
	}
	ok = "{\"format\":null,\"source\":\"a.txt\"}";
	r = report_from_json(set, ok, strlen(ok), err, sizeof err);
	T_OK(r && r->spec == NULL, "format null gives a report without spec");
	report_free(r);
}

int main(void)
{
	const struct spec_set *set = spec_builtin();
	test_shape(set);
	test_units(set);
	test_round_trip(set);
	test_local_choice(set);
	test_errors(set);
	return T_DONE();
}
