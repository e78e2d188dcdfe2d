/* test_generated.c - generated cases for the 2019 and 2021 formats.
 *
 * 1. Round trip: random consistent reports, rendered in every text layout
 *    (pipe, one cell per line, tab, space-aligned, run-together digits),
 *    parse back with every cell equal. For run-together digits a split can
 *    be genuinely ambiguous; then the parser must say so in its notes and
 *    leave the cell blank: a wrong number is always a failure.
 * 2. Mutation: changing one cell of a consistent report is flagged by
 *    exactly the rule instances that contain the cell (computed here from
 *    the rule structure, independently of the checker's arithmetic).
 *
 * GK_GENERATED_N (environment) sets reports per format and layout. */
#include "t.h"
#include "report/check.h"
#include "report/generate.h"
#include "report/parse.h"
#include "report/render.h"
#include "report/spec.h"

#include <stdlib.h>
#include <string.h>

static const enum render_to layouts[] = {
	RENDER_TEXT_PIPE, RENDER_TEXT_CELLS, RENDER_TEXT_TAB,
	RENDER_TEXT_SPACE, RENDER_TEXT_RUN, RENDER_MD
};
static const char *layout_names[] = {"pipe", "cells", "tab", "space", "run", "md"};

static int has_note(const struct report *r, const char *rule)
{
	int i;
	for (i = 0; i < r->notes.n; i++)
		if (!strcmp(r->notes.v[i].rule, rule))
			return 1;
	return 0;
}

/* Compare every cell; returns mismatches, counts blanks left by the parser. */
static int compare(const struct report *want, const struct report *got,
		   int *blanks, char *where, size_t wsize)
{
	int t, i, bad = 0;
	*blanks = 0;
	if (!got->spec || strcmp(got->spec->key, want->spec->key)) {
		snprintf(where, wsize, "format %s", got->spec ? got->spec->key : "null");
		return 1;
	}
	for (t = 0; t < want->spec->ntables; t++) {
		const struct spec_table *st = &want->spec->tables[t];
		for (i = 0; i < st->nrows * st->ncols; i++) {
			const struct report_cell *a = &want->tables[t].cells[i];
			const struct report_cell *b = &got->tables[t].cells[i];
			if (a->state != CELL_VALUE)
				continue;
			if (b->state == CELL_BLANK) {
				(*blanks)++;
				continue;
			}
			if (b->state != CELL_VALUE ||
			    cell_cmp_units(a->units, a->scale, b->units, b->scale)) {
				if (!bad)
					snprintf(where, wsize, "%s.%s.%s want %lld/%d got state %d %lld/%d",
						 st->key, st->rows[i / st->ncols].key,
						 st->cols[i % st->ncols].key, (long long)a->units,
						 a->scale, b->state, (long long)b->units, b->scale);
				bad++;
			}
		}
	}
	if (want->year != got->year && !bad) {
		snprintf(where, wsize, "year want %d got %d", want->year, got->year);
		bad++;
	}
	return bad;
}

static void round_trip(const struct report_spec *spec, int n)
{
	int l, i;
	for (l = 0; l < (int)(sizeof layouts / sizeof layouts[0]); l++) {
		int ok = 0, ambiguous = 0, wrong = 0, silent_blank = 0, false_errors = 0;
		char first[512] = "";
		for (i = 0; i < n; i++) {
			struct gen_options opt = {(uint64_t)(i * 7919 + l * 104729 + 17), 0,
						  i % 10 == 0 ? 2000 : 60, 40, 1500};
			struct report *want = report_generate(spec, &opt), *got;
			struct buf text = BUF_INIT(0);
			char where[400] = "";
			int blanks, bad;
			if (!want) {
				wrong++;
				snprintf(first, sizeof first, "generator failed seed %d", i);
				continue;
			}
			report_render(want, layouts[l], &text);
			got = report_parse(spec_builtin(), buf_str(&text), text.len, "generated");
			bad = compare(want, got, &blanks, where, sizeof where);
			if (bad) {
				wrong++;
				if (!first[0])
					snprintf(first, sizeof first, "case %d: %s", i, where);
			} else if (blanks) {
				if (layouts[l] == RENDER_TEXT_RUN &&
				    has_note(got, "parse.ambiguous_split")) {
					/* the report is consistent: a rule that fails
					 * can only be failing on the unsplit blanks */
					struct finding_list f = {0};
					ambiguous++;
					report_check(got, &f);
					if (finding_count(&f, SEV_ERROR) > 0) {
						false_errors++;
						if (!first[0])
							snprintf(first, sizeof first, "case %d: %s on an unsplit row",
								 i, f.v[0].rule);
					}
					finding_list_free(&f);
				} else {
					silent_blank++;
					if (!first[0])
						snprintf(first, sizeof first, "case %d: blank without a note", i);
				}
			} else {
				ok++;
			}
			buf_free(&text);
			report_free(want);
			report_free(got);
		}
		T_OK(wrong == 0 && silent_blank == 0 && false_errors == 0,
		     "%s %s: %d exact, %d ambiguous (noted, %d with a check error), %d wrong, "
		     "%d silent blanks %s", spec->key, layout_names[l], ok, ambiguous, false_errors,
		     wrong, silent_blank, first);
	}
}

/* The set of rule instances containing (row, col) of table t, as a
 * count and the first rule id: what a single change must break. */
static int instances_with_cell(const struct report_spec *spec, int t, int row,
			       int col, const char **ids, int cap)
{
	int i, k, j, n = 0;
	for (i = 0; i < spec->nrules; i++) {
		const struct spec_rule *ru = &spec->rules[i];
		const struct spec_table *st = &spec->tables[ru->table];
		int lim = ru->each == EACH_NONE ? 1 : ru->each == EACH_ROW ? st->nrows : st->ncols;
		if (ru->table != t)
			continue;
		for (k = 0; k < lim; k++) {
			int bound = ru->each == EACH_NONE ? -1 : k, hit = 0, valid = 1;
			if (ru->over) {
				int m, in = 0;
				for (m = 0; m < ru->nover; m++)
					in |= ru->over[m] == k;
				if (!in)
					continue;
			}
			for (j = 0; j < ru->nlhs + ru->nrhs; j++) {
				const struct spec_term *tm = j < ru->nlhs ? &ru->lhs[j] : &ru->rhs[j - ru->nlhs];
				int rr = tm->row < 0 ? bound : tm->row, cc = tm->col < 0 ? bound : tm->col;
				if (!spec_row_has_col(st, rr, cc))
					valid = 0;
				if (rr == row && cc == col)
					hit++;
			}
			if (valid && hit == 1 && n < cap)
				ids[n++] = ru->id;
		}
	}
	return n;
}

static void mutations(const struct report_spec *spec, int n)
{
	int i, failures = 0, checked = 0;
	char first[512] = "";
	for (i = 0; i < n; i++) {
		struct gen_options opt = {(uint64_t)(i * 31 + 5), 0, 40, 30, 200};
		struct report *r = report_generate(spec, &opt);
		struct finding_list before = {0}, after = {0};
		uint64_t rng = (uint64_t)i * 977 + 1;
		const char *ids[64];
		int t, row, col, nexp, nerr = 0, f, e;
		if (!r)
			continue;
		report_check(r, &before);
		/* pick a random cell that exists */
		do {
			t = (int)(gen_next(&rng) % (uint64_t)spec->ntables);
			row = (int)(gen_next(&rng) % (uint64_t)spec->tables[t].nrows);
			col = (int)(gen_next(&rng) % (uint64_t)spec->tables[t].ncols);
		} while (!spec_row_has_col(&spec->tables[t], row, col));
		report_cell(r, t, row, col)->units += 1 + (int64_t)(gen_next(&rng) % 5);
		report_check(r, &after);
		nexp = instances_with_cell(spec, t, row, col, ids, 64);
		for (f = 0; f < after.n; f++)
			if (after.v[f].sev == SEV_ERROR)
				nerr++;
		checked++;
		if (finding_count(&before, SEV_ERROR) != 0 || nerr != nexp) {
			failures++;
			if (!first[0])
				snprintf(first, sizeof first, "case %d %s.%s.%s: %d errors before, %d after, want %d",
					 i, spec->tables[t].key, spec->tables[t].rows[row].key,
					 spec->tables[t].cols[col].key, finding_count(&before, SEV_ERROR), nerr, nexp);
		} else {
			/* every expected rule id is among the findings */
			for (e = 0; e < nexp; e++) {
				int found = 0;
				for (f = 0; f < after.n; f++)
					found |= !strcmp(after.v[f].rule, ids[e]);
				if (!found) {
					failures++;
					if (!first[0])
						snprintf(first, sizeof first, "case %d: rule %s not reported", i, ids[e]);
					break;
				}
			}
		}
		finding_list_free(&before);
		finding_list_free(&after);
		report_free(r);
	}
	T_OK(failures == 0 && checked > 0, "%s mutations: %d checked, %d failures %s",
	     spec->key, checked, failures, first);
}

int main(void)
{
	const struct spec_set *set = spec_builtin();
	const char *env = getenv("GK_GENERATED_N");
	int n = env ? (int)strtol(env, NULL, 10) : 300, i;
	const char *keys[] = {"2021", "2019"};
	for (i = 0; i < 2; i++) {
		const struct report_spec *spec = spec_find(set, keys[i]);
		T_OK(spec != NULL, "format %s is built in", keys[i]);
		if (!spec)
			continue;
		round_trip(spec, n);
		mutations(spec, n);
	}
	return T_DONE();
}
