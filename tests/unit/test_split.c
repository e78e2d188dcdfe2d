/* test_split.c - the run-together digit splitter: unique splits, leading
 * zeros, several tokens, ambiguity, rules that decide, and bounded work on
 * long runs. */
#include "report/split.h"
#include "t.h"

#include <string.h>
#include <time.h>

static int64_t sols[32 * SPLIT_MAX_PARTS];

/* Rule: part[last] == sum(part[first..last-1]). */
static void total_rule(struct split_rule *r, int first, int last)
{
	int k, n = 0;
	memset(r, 0, sizeof *r);
	r->op = SPLIT_EQ;
	r->pos[n] = last;
	r->coef[n++] = 1;
	for (k = first; k < last; k++) {
		r->pos[n] = k;
		r->coef[n++] = -1;
	}
	r->nterms = n;
}

static int solve1(const char *digits, int nparts, const struct split_rule *rules, int nrules,
		  int *more, int *exh, long budget)
{
	const char *toks[1] = {digits};
	int len[1] = {(int)strlen(digits)};
	struct split_problem p = {toks, len, 1, nparts, rules, nrules, budget};
	return split_solve(&p, sols, 32, more, exh);
}

static const char *fmt(int idx, int n)
{
	static char out[512];
	size_t o = 0;
	int k;
	out[0] = '\0';
	for (k = 0; k < n; k++)
		o += (size_t)snprintf(out + o, sizeof out - o, "%s%lld", k ? "|" : "",
				      (long long)sols[idx * n + k]);
	return out;
}

int main(void)
{
	struct split_rule rules[4];
	int more, exh, n;

	total_rule(&rules[0], 0, 6);
	n = solve1("640020470", 7, rules, 1, &more, &exh, 0);
	T_EQ_INT(n, 1, "applications row: one split");
	T_EQ_STR(fmt(0, 7), "64|0|0|2|0|4|70", "applications row: 64|0|0|2|0|4|70");

	n = solve1("0000000", 7, rules, 1, &more, &exh, 0);
	T_EQ_INT(n, 1, "zeros: one split");

	n = solve1("1000000", 7, rules, 1, &more, &exh, 0);
	T_EQ_INT(n, 0, "sum broken: no split satisfies the rule");

	n = solve1("1000000", 7, NULL, 0, &more, &exh, 0);
	T_EQ_INT(n, 1, "without rules: one digit per cell is the only split");

	n = solve1("0012", 3, NULL, 0, &more, &exh, 0);
	T_EQ_INT(n, 1, "leading zeros: only 0|0|12");
	T_EQ_STR(fmt(0, 3), "0|0|12", "leading zeros: parts");

	n = solve1("100", 2, NULL, 0, &more, &exh, 0);
	T_EQ_INT(n, 1, "no part starts with 0: 10|0 only");

	total_rule(&rules[0], 0, 3);
	n = solve1("111214", 4, rules, 1, &more, &exh, 0);
	T_EQ_INT(n, 3, "ambiguous: three splits");
	T_OK(!more && !exh, "ambiguous: search complete");

	/* Appeals: 15 cells in three groups of five. */
	total_rule(&rules[0], 0, 4);
	total_rule(&rules[1], 5, 9);
	total_rule(&rules[2], 10, 14);
	n = solve1("000000000000000", 15, rules, 3, &more, &exh, 0);
	T_EQ_INT(n, 1, "appeals zeros: one split");
	n = solve1("100120101200000", 15, rules, 3, &more, &exh, 0);
	T_EQ_INT(n, 1, "appeals: one split");
	T_EQ_STR(fmt(0, 15), "1|0|0|1|2|0|1|0|1|2|0|0|0|0|0", "appeals: groups");
	n = solve1("10001110101200000", 15, rules, 3, &more, &exh, 0);
	T_EQ_INT(n, 4, "appeals: 17 digits split four ways");
	T_EQ_STR(fmt(3, 15), "10|0|0|1|11|0|1|0|1|2|0|0|0|0|0", "appeals: last candidate");

	/* Several tokens: "64 0 0 2 0470" - each token gives >= 1 part. */
	{
		const char *toks[5] = {"64", "0", "0", "2", "0470"};
		int len[5] = {2, 1, 1, 1, 4};
		struct split_problem p = {toks, len, 5, 7, rules, 0, 0};
		total_rule(&rules[0], 0, 6);
		p.nrules = 1;
		n = split_solve(&p, sols, 32, &more, &exh);
		T_EQ_INT(n, 1, "tokens: one split");
		T_EQ_STR(fmt(0, 7), "64|0|0|2|0|4|70", "tokens: split inside the last token only");
	}

	/* A long run without rules: many splits, capped, fast. */
	{
		clock_t t0 = clock();
		n = solve1("123456789123456789123456789123456789", 7, NULL, 0, &more, &exh, 0);
		T_EQ_INT(n, 32, "long run: candidates capped");
		T_OK(more || exh, "long run: reported as more/exhausted");
		total_rule(&rules[0], 0, 6);
		n = solve1("98765432198765432198765432198765432199", 7, rules, 1, &more, &exh, 0);
		T_OK(n >= 0, "long run with rule: finishes");
		T_OK((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0, "long runs are bounded in time");
	}
	{
		/* A budget of a few nodes is honoured. */
		n = solve1("123456789123456789", 7, NULL, 0, &more, &exh, 10);
		T_OK(exh, "budget: exhausted flag");
	}
	n = solve1("12", 3, NULL, 0, &more, &exh, 0);
	T_EQ_INT(n, 0, "too few digits: nothing");
	n = solve1("1a2", 2, NULL, 0, &more, &exh, 0);
	T_EQ_INT(n, 0, "non-digits: nothing");
	return T_DONE();
}
