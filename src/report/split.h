/* split.h - splitting run-together digit strings into cells.
 *
 * Web copies of reports often lose the separators between cells, so a row
 * of seven cells 64 | 0 | 0 | 2 | 0 | 4 | 70 arrives as "640020470". Given
 * the digit tokens of a row, the number of cells they must fill and the
 * linear rules among those cells (total = sum of parts), split_solve()
 * enumerates the splits that satisfy every rule. Parts have no leading
 * zeros except "0" itself; each token gives at least one part. The search
 * is pruned: when a part is the last unknown of an equality rule, its value
 * is computed and only its digits are tried, so a row's total is never
 * enumerated. A node budget bounds the work on any input. */
#ifndef GK_SPLIT_H
#define GK_SPLIT_H

#include <stdint.h>

#define SPLIT_MAX_PARTS 64
#define SPLIT_MAX_TERMS 64
#define SPLIT_MAX_DIGITS 15   /* longest single part */

enum split_op { SPLIT_EQ = 0, SPLIT_LE = 1 };

/* sum(coef[i] * part[pos[i]]) == 0 (SPLIT_EQ) or <= 0 (SPLIT_LE). */
struct split_rule {
	int op;
	int nterms;
	int pos[SPLIT_MAX_TERMS];
	int coef[SPLIT_MAX_TERMS];
};

struct split_problem {
	const char *const *tokens;  /* digit strings (ASCII '0'-'9' only; for
				     * split_solve_decimal also single '.') */
	const int *toklen;
	int ntok;
	int nparts;                 /* cells to fill, <= SPLIT_MAX_PARTS */
	const struct split_rule *rules;
	int nrules;
	long budget;                /* search nodes allowed; <= 0: default */
};

/* Find up to maxsol splits satisfying every rule; each solution is nparts
 * values stored row-major in sols (maxsol * nparts). Returns the number
 * found; *more is set if there were more than maxsol, *exhausted if the
 * budget ran out before the search finished (then the count is a lower
 * bound). Returns 0 for an impossible problem. */
int split_solve(const struct split_problem *p, int64_t *sols, int maxsol,
		int *more, int *exhausted);

/* The same for tokens of digits with single points between them
 * ("1232.66506.57": decimals run together). A part is "0", or digits
 * without a leading zero, optionally followed by one point and digits
 * ("0.99", "1948.32"); no part starts or ends with a point and parts do
 * not cross tokens. Rules are checked exactly (terms brought to a common
 * scale). Writes each solution's values into sols and their scales into
 * scales (maxsol * nparts each). Returns as split_solve(). */
int split_solve_decimal(const struct split_problem *p, int64_t *sols, uint8_t *scales,
			int maxsol, int *more, int *exhausted);

#endif
