/* test_spec.c - the format specs: built-ins load, shapes are right, every
 * rule and fact points at real cells, and malformed specs are rejected
 * with a message naming the offending item. */
#include "report/spec.h"
#include "t.h"

#include <stdlib.h>
#include <string.h>

static const struct report_spec *find_year(const struct spec_set *set, const char *key)
{
	return spec_find(set, key);
}

static const struct spec_table *table(const struct report_spec *s, const char *key)
{
	int i = s ? spec_table_index(s, key) : -1;
	return i < 0 ? NULL : &s->tables[i];
}

/* Every term of every rule, for every row/col it iterates, is a real cell. */
static int rule_cells_valid(const struct report_spec *s, const struct spec_rule *r)
{
	const struct spec_table *t;
	int k, side, m, nover;
	if (r->table < 0 || r->table >= s->ntables || !r->zh || !r->en || !r->zh[0] || !r->en[0])
		return 0;
	t = &s->tables[r->table];
	if (r->each == EACH_NONE) {
		for (side = 0; side < 2; side++) {
			const struct spec_term *terms = side ? r->rhs : r->lhs;
			int n = side ? r->nrhs : r->nlhs;
			for (m = 0; m < n; m++)
				if (!spec_row_has_col(t, terms[m].row, terms[m].col))
					return 0;
		}
		return r->nlhs > 0 && r->nrhs > 0;
	}
	nover = r->nover ? r->nover : (r->each == EACH_ROW ? t->nrows : t->ncols);
	for (k = 0; k < nover; k++) {
		int bound = r->nover ? r->over[k] : k, all = 1;
		/* Without "over", a rule applies where all its cells exist;
		 * it must apply somewhere. */
		for (side = 0; side < 2; side++) {
			const struct spec_term *terms = side ? r->rhs : r->lhs;
			int n = side ? r->nrhs : r->nlhs;
			for (m = 0; m < n; m++) {
				int row = r->each == EACH_ROW ? bound : terms[m].row;
				int col = r->each == EACH_COL ? bound : terms[m].col;
				if (!spec_row_has_col(t, row, col))
					all = 0;
			}
		}
		if (r->nover && !all)
			return 0;
		if (all)
			return 1;
	}
	return 0;
}

static void test_builtins(void)
{
	const struct spec_set *set = spec_builtin();
	const struct report_spec *s21 = find_year(set, "2021"), *s19 = find_year(set, "2019");
	const struct report_spec *s14 = find_year(set, "2014");
	const struct spec_table *t;
	int i, j, nlocal = 0;

	T_OK(set->n >= 5, "at least five built-in specs (got %d)", set->n);
	T_OK(spec_builtin() == set, "spec_builtin returns the same set twice");
	for (i = 0; i < set->n; i++)
		if (!strcmp(set->v[i]->key, "local"))
			nlocal++;
	T_EQ_INT(nlocal, 2, "two local variants share the key \"local\"");

	T_OK(s21 != NULL, "2021 spec present");
	T_OK(s19 != NULL, "2019 spec present");
	T_OK(s14 != NULL, "2014 spec present");
	if (!s21 || !s19 || !s14)
		return;

	t = table(s21, "applications");
	T_OK(t && t->nrows == 25 && t->ncols == 7, "2021 applications is 25 rows x 7 cols");
	T_OK(t && t->nest_rows && !t->headless, "2021 applications nests rows");
	T_EQ_INT(t ? spec_row_index(t, "other_other") : -9, 22, "2021 other_other row index");
	T_EQ_INT(t ? spec_col_index(t, "other_org") : -9, 5, "2021 other_org col index");
	T_OK(t && spec_row_has_col(t, 0, 6) && !spec_row_has_col(t, 0, 7), "row_has_col bounds");
	t = table(s19, "applications");
	T_OK(t && t->nrows == 23 && t->ncols == 7, "2019 applications is 23 rows x 7 cols");
	T_OK(t && spec_row_index(t, "other") >= 0 && spec_row_index(t, "other_other") < 0,
	     "2019 has a single (六) other row");
	t = table(s21, "appeals");
	T_OK(t && t->nrows == 3 && t->ncols == 5 && t->headless && !t->nest_rows,
	     "appeals is headless 3 x 5, rows not nested");
	t = table(s21, "proactive");
	T_OK(t != NULL, "2021 proactive table");
	if (t) {
		int fees = spec_row_index(t, "fees"), amount = spec_col_index(t, "amount");
		T_OK(fees >= 0 && amount >= 0 && t->rows[fees].ncols == 1 &&
		     spec_row_has_col(t, fees, amount), "2021 fees has only amount");
		T_OK(amount >= 0 && t->cols[amount].decimal && t->cols[amount].unit &&
		     !strcmp(t->cols[amount].unit, "万元"), "fees amount: decimal, 万元");
	}
	t = table(s19, "proactive");
	T_OK(t && spec_row_index(t, "procurement") >= 0 && spec_row_index(t, "other_services") >= 0,
	     "2019 proactive has procurement and other_services");
	t = table(s14, "statistics");
	T_OK(t && t->ncols == 1 && t->nest_rows && t->unit_col, "2014 statistics: one column, unit column, nested");

	T_EQ_STR(s21->publish_by_department, "01-31", "2021 department deadline");
	T_EQ_STR(s14->publish_by_department, "03-31", "2014 department deadline");
	T_OK(s21->year_from == 2021 && s19->year_from == 2019 && s19->year_to == 2020 &&
	     s14->year_from == 2014 && s14->year_to == 2018, "year ranges");

	/* Every rule of every spec references valid cells; every fact cell exists. */
	for (i = 0; i < set->n; i++) {
		const struct report_spec *s = set->v[i];
		int bad = 0, badfacts = 0;
		for (j = 0; j < s->nrules; j++)
			if (!rule_cells_valid(s, &s->rules[j])) {
				bad++;
				printf("# bad rule %s in %s\n", s->rules[j].id, s->name);
			}
		for (j = 0; j < s->nfacts; j++) {
			const struct spec_fact *f = &s->facts[j];
			int k;
			if (f->npatterns < 1)
				badfacts++;
			for (k = 0; k < f->ncells; k++)
				if (f->table < 0 || !spec_row_has_col(&s->tables[f->table],
								     f->cells[k].row, f->cells[k].col))
					badfacts++;
		}
		T_OK(s->nrules > 0 && bad == 0, "%s: %d rules, all reference valid cells", s->name, s->nrules);
		T_OK(s->nfacts > 0 && badfacts == 0, "%s: %d facts, all well formed", s->name, s->nfacts);
		for (j = 0; j < s->ntables; j++) {
			const struct spec_table *tt = &s->tables[j];
			int r, ok = 1;
			for (r = 0; r < tt->nrows; r++)
				if (tt->rows[r].nvariants < 1 || !tt->rows[r].variants[0][0])
					ok = 0;
			T_OK(ok, "%s: table %s: every row has a key phrase", s->name, tt->key);
		}
	}
	{
		/* litigation is the sum of two cells; fees patterns carry units */
		const struct spec_fact *lit = NULL, *fees = NULL;
		for (i = 0; i < s21->nfacts; i++) {
			if (!strcmp(s21->facts[i].key, "litigation"))
				lit = &s21->facts[i];
			if (!strcmp(s21->facts[i].key, "fees"))
				fees = &s21->facts[i];
		}
		T_OK(lit && lit->ncells == 2 && lit->row == -1 && lit->col == -1 &&
		     lit->table == spec_table_index(s21, "appeals"), "2021 litigation = direct + after");
		T_OK(fees && fees->table == -1 && fees->npatterns == 3 && fees->patterns[0].fixed &&
		     fees->patterns[1].unit && !strcmp(fees->patterns[1].unit, "元"),
		     "2021 fees: no cell, fixed zero pattern, 元 unit");
		t = table(s21, "applications");
		T_OK(t && !strcmp(t->rows[0].variants[0], "本年新收"), "row variants are stored folded");
	}
	{
		const struct spec_rule *r = NULL;
		for (i = 0; i < s21->nrules; i++)
			if (!strcmp(s21->rules[i].id, "applications.balance"))
				r = &s21->rules[i];
		T_OK(r && r->each == EACH_COL && r->op == RULE_EQ && r->nlhs == 2 && r->nrhs == 2,
		     "applications.balance is a per-column equality of 2 and 2 rows");
	}
}

/* A small valid spec; tests mutate one thing at a time. */
static const char *good =
	"{\"key\":\"t\",\"name\":\"test\",\"years\":[2000,2001],"
	"\"sections\":[{\"key\":\"s\",\"number\":\"一\",\"title\":\"总体情况\"}],"
	"\"tables\":[{\"key\":\"tab\",\"title\":\"T\",\"section\":\"s\",\"cols\":[{\"key\":\"a\",\"label\":\"甲\"},{\"key\":\"b\",\"label\":\"乙\"}],"
	"\"rows\":[{\"key\":\"x\",\"label\":\"（一）某某\"},{\"key\":\"y\",\"label\":\"二\",\"variants\":[\"二\"],\"cols\":[\"a\"]}]}],"
	"\"rules\":[{\"id\":\"r1\",\"op\":\"le\",\"each\":\"none\",\"table\":\"tab\",\"lhs\":[\"y.a\"],\"rhs\":[\"x.a\"],\"zh\":\"中\",\"en\":\"en\"}],"
	"\"facts\":[{\"key\":\"f\",\"zh\":\"事实\",\"cell\":\"tab.x.b\",\"patterns\":[{\"re\":\"共(\\\\d+)件\"},{\"re\":\"没有\",\"value\":0}]}]}";

/* Load `good` with `from` replaced by `to`; expect failure naming `want`. */
static void expect_reject(const char *from, const char *to, const char *want)
{
	char json[4096], err[512];
	const char *p = strstr(good, from);
	struct report_spec *s;
	if (!p) {
		T_OK(0, "test setup: \"%s\" not in the sample spec", from);
		return;
	}
	snprintf(json, sizeof json, "%.*s%s%s", (int)(p - good), good, to, p + strlen(from));
	s = spec_load(json, strlen(json), err, sizeof err);
	T_OK(s == NULL && strstr(err, want) != NULL, "rejected (%s -> %s): %s", from, to, err);
	spec_free(s);
}

static void test_load(void)
{
	char err[512];
	struct report_spec *s = spec_load(good, strlen(good), err, sizeof err);
	T_OK(s != NULL, "sample spec loads (%s)", err);
	if (s) {
		const struct spec_table *t = &s->tables[0];
		T_EQ_INT(t->rows[0].ncols, 2, "row without cols gets every column");
		T_EQ_INT(t->rows[1].ncols, 1, "row with cols gets those");
		T_EQ_STR(t->rows[0].variants[0], "一某某", "default key phrase is the folded label");
		T_EQ_INT(s->rules[0].op, RULE_LE, "op le");
		T_EQ_INT(s->rules[0].lhs[0].row, 1, "rule term row");
		T_EQ_INT(s->facts[0].table, 0, "fact table");
		T_EQ_INT(s->facts[0].col, 1, "fact col");
		T_OK(s->facts[0].patterns[1].fixed && s->facts[0].patterns[1].value == 0, "fixed pattern");
		T_EQ_STR(s->publish_by_government, "03-31", "default deadline");
		spec_free(s);
	}
	expect_reject("\"rhs\":[\"x.a\"]", "\"rhs\":[\"x.zz\"]", "x.zz");
	expect_reject("\"lhs\":[\"y.a\"]", "\"lhs\":[\"y.b\"]", "y.b");  /* y has no column b */
	expect_reject("\"each\":\"none\",\"table\":\"tab\",\"lhs\":[\"y.a\"],\"rhs\":[\"x.a\"]",
		      "\"each\":\"row\",\"table\":\"tab\",\"lhs\":[\"a\"],\"rhs\":[\"nocol\"]", "nocol");
	expect_reject("\"table\":\"tab\",\"lhs\"", "\"table\":\"nope\",\"lhs\"", "nope");
	expect_reject("共(\\\\d+)件", "共(\\\\d+件", "bad regex");
	expect_reject("共(\\\\d+)件", "共件", "no group");
	expect_reject("\"cell\":\"tab.x.b\"", "\"cell\":\"tab.q.b\"", "tab.q.b");
	expect_reject("\"key\":\"t\",", "", "missing \"key\"");
	expect_reject("\"key\":\"x\",\"label\":\"（一）某某\"", "\"label\":\"（一）某某\"", "missing \"key\"");
	expect_reject("\"cols\":[\"a\"]", "\"cols\":[\"c\"]", "unknown column \"c\"");
	expect_reject("\"title\":\"T\"", "\"title\":\"T\",\"colz\":1", "unknown member \"colz\"");
	expect_reject("\"key\":\"y\"", "\"key\":\"x\"", "duplicate row key");
	expect_reject("\"section\":\"s\"", "\"section\":\"nosuch\"", "nosuch");
	expect_reject("\"op\":\"le\"", "\"op\":\"lt\"", "op \"lt\"");
	expect_reject("\"each\":\"none\",\"table\":\"tab\",\"lhs\":[\"y.a\"],\"rhs\":[\"x.a\"]",
		      "\"each\":\"row\",\"over\":[\"y\"],\"table\":\"tab\",\"lhs\":[\"b\"],\"rhs\":[\"a\"]",
		      "row y has no column b");
	expect_reject("\"cell\":\"tab.x.b\"", "\"cells\":[\"tab.x.b\",\"nope.x.a\"]", "nope");
	expect_reject("\"years\":[2000,2001]", "\"years\":[2001]", "years");
	expect_reject("{\"key\":\"t\"", "[{\"key\":\"t\"", "JSON error");
	{
		/* The message names the spec key. */
		const char *bad = "{\"key\":\"zz9\",\"name\":\"n\",\"years\":[2000,2001],\"tables\":[]}";
		s = spec_load(bad, strlen(bad), err, sizeof err);
		T_OK(s != NULL, "a spec with no tables is accepted (%s)", err);
		spec_free(s);
		bad = "{\"key\":\"zz9\",\"name\":\"n\",\"years\":[2000,2001]}";
		s = spec_load(bad, strlen(bad), err, sizeof err);
		T_OK(s == NULL && strstr(err, "spec zz9") && strstr(err, "tables"), "error names spec and member: %s", err);
		spec_free(s);
	}
}

int main(void)
{
	test_load();
	test_builtins();
	return T_DONE();
}
