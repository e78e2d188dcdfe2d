/* generate.c - random reports whose tables satisfy their format's rules. */
#include "report/generate.h"
#include "base/buf.h"
#include "base/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint64_t gen_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Resolve one term of a rule instance to a concrete (row, col). */
static void bind(const struct spec_rule *ru, const struct spec_term *t, int k,
		 int *row, int *col)
{
	(void)ru;
	*row = t->row < 0 ? k : t->row;
	*col = t->col < 0 ? k : t->col;
}

/* The instances of a rule: the rows (EACH_ROW) or cols (EACH_COL) it is
 * bound to, or a single instance (EACH_NONE). Returns the count. */
static int instances(const struct spec_rule *ru, const struct spec_table *st,
		     int *out, int cap)
{
	int i, n = 0, lim;
	if (ru->each == EACH_NONE) {
		out[0] = -1;
		return 1;
	}
	if (ru->over) {
		for (i = 0; i < ru->nover && n < cap; i++)
			out[n++] = ru->over[i];
		return n;
	}
	lim = ru->each == EACH_ROW ? st->nrows : st->ncols;
	for (i = 0; i < lim && n < cap; i++)
		out[n++] = i;
	return n;
}

/* True if every term of the instance names a cell its row really has. */
static int instance_valid(const struct spec_rule *ru, const struct spec_table *st, int k)
{
	int i, r, c;
	for (i = 0; i < ru->nlhs + ru->nrhs; i++) {
		const struct spec_term *t = i < ru->nlhs ? &ru->lhs[i] : &ru->rhs[i - ru->nlhs];
		bind(ru, t, k, &r, &c);
		if (r < 0 || r >= st->nrows || c < 0 || c >= st->ncols ||
		    !spec_row_has_col(st, r, c))
			return 0;
	}
	return 1;
}

static void add_text(struct buf *b, uint64_t *rng, int bytes)
{
	static const char *phrases[] = {
		"我单位认真贯彻落实《中华人民共和国政府信息公开条例》，",
		"坚持以公开为常态、不公开为例外，",
		"进一步完善政府信息公开工作机制，",
		"及时更新政府信息公开目录和公开指南，",
		"严格落实保密审查制度，做到先审查、后公开。",
		"全年通过政府网站主动公开各类政府信息，",
		"依法规范办理政府信息公开申请，",
		"加强政策解读和回应关切工作。",
		"下一步，我们将继续加强人员培训，提升工作水平。",
	};
	size_t start = b->len;
	while (b->len - start < (size_t)bytes)
		buf_adds(b, phrases[gen_next(rng) % (sizeof phrases / sizeof phrases[0])]);
}

static int try_generate(struct report *r, uint64_t *rng, const struct gen_options *opt)
{
	const struct report_spec *spec = r->spec;
	int t, i, k, progress, guard;
	int inst[256];

	for (t = 0; t < spec->ntables; t++) {
		struct report_table *tab = &r->tables[t];
		const struct spec_table *st = tab->spec;
		unsigned char *derived = xcalloc((size_t)(st->nrows * st->ncols) + 1, 1);
		/* Mark the targets of equality rules as derived. */
		for (i = 0; i < spec->nrules; i++) {
			const struct spec_rule *ru = &spec->rules[i];
			int n = ru->table == t && ru->op == RULE_EQ ? instances(ru, st, inst, 256) : 0;
			for (k = 0; k < n; k++) {
				int rr, cc;
				if (!instance_valid(ru, st, inst[k]))
					continue;
				bind(ru, &ru->lhs[0], inst[k], &rr, &cc);
				derived[rr * st->ncols + cc] = 1;
			}
		}
		for (i = 0; i < st->nrows * st->ncols; i++) {
			int rr = i / st->ncols, cc = i % st->ncols;
			struct report_cell *cell = &tab->cells[i];
			memset(cell, 0, sizeof *cell);
			if (!spec_row_has_col(st, rr, cc) || derived[i])
				continue;
			cell->state = CELL_VALUE;
			if ((int)(gen_next(rng) % 100) < opt->zero_percent) {
				cell->units = 0;
			} else if (spec_cell_decimal(st, rr, cc) && gen_next(rng) % 2) {
				cell->units = (int64_t)(gen_next(rng) % ((uint64_t)opt->max_value * 100 + 1));
				cell->scale = 2;
			} else {
				cell->units = (int64_t)(gen_next(rng) % ((uint64_t)opt->max_value + 1));
			}
		}
		/* Solve instances with exactly one unknown until nothing changes. */
		for (guard = 0, progress = 1; progress && guard < 64; guard++) {
			progress = 0;
			for (i = 0; i < spec->nrules; i++) {
				const struct spec_rule *ru = &spec->rules[i];
				int n = ru->table == t && ru->op == RULE_EQ ? instances(ru, st, inst, 256) : 0;
				for (k = 0; k < n; k++) {
					int j, unknown = -1, nunknown = 0, rr, cc, scale = 0;
					int64_t sum = 0;
					if (!instance_valid(ru, st, inst[k]))
						continue;
					for (j = 0; j < ru->nlhs + ru->nrhs; j++) {
						const struct spec_term *tm = j < ru->nlhs ? &ru->lhs[j] : &ru->rhs[j - ru->nlhs];
						struct report_cell *cell;
						bind(ru, tm, inst[k], &rr, &cc);
						cell = report_cell(r, t, rr, cc);
						if (cell->state != CELL_VALUE) {
							nunknown++;
							unknown = j;
						} else if (cell->scale > scale) {
							scale = cell->scale;
						}
					}
					if (nunknown != 1)
						continue;
					for (j = 0; j < ru->nlhs + ru->nrhs; j++) {
						const struct spec_term *tm = j < ru->nlhs ? &ru->lhs[j] : &ru->rhs[j - ru->nlhs];
						struct report_cell *cell;
						int64_t v;
						int s;
						if (j == unknown)
							continue;
						bind(ru, tm, inst[k], &rr, &cc);
						cell = report_cell(r, t, rr, cc);
						for (v = cell->units, s = cell->scale; s < scale; s++)
							v *= 10;
						/* unknown on the left: it = rhs - other lhs */
						if ((j < ru->nlhs) == (unknown < ru->nlhs))
							sum -= v;
						else
							sum += v;
					}
					if (sum < 0) {
						free(derived);
						return -1;
					}
					{
						const struct spec_term *tm = unknown < ru->nlhs ? &ru->lhs[unknown] : &ru->rhs[unknown - ru->nlhs];
						struct report_cell *cell;
						bind(ru, tm, inst[k], &rr, &cc);
						cell = report_cell(r, t, rr, cc);
						cell->state = CELL_VALUE;
						cell->units = sum;
						cell->scale = (uint8_t)scale;
					}
					progress = 1;
				}
			}
		}
		/* Anything still unknown gets 0 (no rule constrains it). */
		for (i = 0; i < st->nrows * st->ncols; i++)
			if (spec_row_has_col(st, i / st->ncols, i % st->ncols) &&
			    tab->cells[i].state != CELL_VALUE) {
				free(derived);
				return -1;
			}
		tab->found = 1;
		free(derived);
	}
	return 0;
}

struct report *report_generate(const struct report_spec *spec,
			       const struct gen_options *opt)
{
	uint64_t rng = opt->seed;
	int attempt, s;
	struct report *r = NULL;
	char agency[128];
	static const char *agencies[] = {"某市住房和城乡建设局", "某县人民政府办公室",
		"某区生态环境局", "某市自然资源和规划局", "某县教育局"};

	for (attempt = 0; attempt < 50; attempt++) {
		r = report_new(spec, "generated");
		if (try_generate(r, &rng, opt) == 0)
			break;
		report_free(r);
		r = NULL;
	}
	if (!r)
		return NULL;
	r->year = opt->year ? opt->year :
		  spec->year_from + (int)(gen_next(&rng) % 3);
	if (spec->year_to && r->year > spec->year_to)
		r->year = spec->year_to;
	snprintf(agency, sizeof agency, "%s", agencies[gen_next(&rng) % 5]);
	r->agency = xstrdup(agency);
	{
		char title[256];
		snprintf(title, sizeof title, "%s%d年政府信息公开工作年度报告", agency, r->year);
		r->title = xstrdup(title);
	}
	{
		char date[32];
		snprintf(date, sizeof date, "%04d-01-%02d", (r->year + 1) % 10000,
			 10 + (int)(gen_next(&rng) % 15));
		memcpy(r->published, date, sizeof r->published - 1);
		r->published[sizeof r->published - 1] = '\0';
	}
	for (s = 0; s < spec->nsections; s++) {
		const struct spec_section *sec = &spec->sections[s];
		struct buf text = BUF_INIT(0), head = BUF_INIT(0);
		int has_table = 0, t;
		for (t = 0; t < spec->ntables; t++)
			if (spec->tables[t].section && !strcmp(spec->tables[t].section, sec->key))
				has_table = 1;
		if (!has_table)
			add_text(&text, &rng, opt->text_bytes / (spec->nsections ? spec->nsections : 1));
		buf_printf(&head, "%s、%s", sec->number, sec->title);
		report_add_section(r, sec, sec->number, buf_str(&head), buf_str(&text), 0);
		buf_free(&text);
		buf_free(&head);
	}
	return r;
}
