/* split.c - depth-first search over the ways to cut digit tokens into
 * parts, checking each linear rule as soon as its last part is placed (and
 * computing that part instead of enumerating it). See split.h. */
#include "report/split.h"

#include <string.h>

#define DEFAULT_BUDGET 200000L

struct search {
	const struct split_problem *p;
	int64_t vals[SPLIT_MAX_PARTS];
	/* Rules whose highest position is k, per part. */
	int closing[SPLIT_MAX_PARTS][8];
	int nclosing[SPLIT_MAX_PARTS];
	int suffix[SPLIT_MAX_PARTS + 1];  /* digits in tokens t.. */
	/* "Sum" rules (T = sum of earlier parts, or sum <= T), whose total
	 * T is their highest position: the parts placed so far can never
	 * add up to more than the digits left for T allow. */
	int sum_total[64];                /* T per rule, -1: not this shape */
	int64_t *sols;
	int maxsol, nsol, more, exhausted;
	long nodes, budget;
};

/* The sum of the placed parts (0..k) of sum rule r exceeds the largest
 * number the digits left (`left`, after part k) can still give its total. */
static int sum_exceeds(const struct search *s, const struct split_rule *r, int total,
		       int k, int left)
{
	int i, maxdig = left - (s->p->nparts - k - 2);
	int64_t sum = 0, cap = 0;
	if (maxdig >= 18)
		return 0;
	if (maxdig <= 0)
		return 1;
	for (i = 0; i < maxdig; i++)
		cap = cap * 10 + 9;
	for (i = 0; i < r->nterms; i++)
		if (r->pos[i] != total && r->pos[i] <= k) {
			sum += s->vals[r->pos[i]];
			if (sum > cap)
				return 1;
		}
	return 0;
}

/* Should larger parts at position k stop (sums already too big)? */
static int prune_sums(const struct search *s, int k, int left)
{
	int j, i;
	for (j = 0; j < s->p->nrules && j < 64; j++) {
		const struct split_rule *r = &s->p->rules[j];
		int touches = 0;
		if (s->sum_total[j] <= k)
			continue;
		for (i = 0; i < r->nterms; i++)
			touches |= r->pos[i] == k;
		if (touches && sum_exceeds(s, r, s->sum_total[j], k, left))
			return 1;
	}
	return 0;
}

/* T if rule r says T = (or >=) the sum of its other terms, T being its
 * highest position and every coefficient +-1 with T's sign opposite to
 * the others'; else -1. */
static int sum_shape(const struct split_rule *r)
{
	int i, top = -1, ctop = 0;
	for (i = 0; i < r->nterms; i++)
		if (r->pos[i] > top) {
			top = r->pos[i];
			ctop = r->coef[i];
		}
	if (top < 0 || (ctop != 1 && ctop != -1))
		return -1;
	for (i = 0; i < r->nterms; i++)
		if (r->pos[i] == top ? r->coef[i] != ctop : r->coef[i] != -ctop)
			return -1;
	/* EQ: T = sum. LE: c*T - c*sum <= 0 bounds the sum only if c = -1. */
	if (r->op == SPLIT_LE && ctop != -1)
		return -1;
	return top;
}

/* Sum of coef*value over the rule's terms except position `skip`, and the
 * total coefficient of `skip`. */
static int64_t rule_rest(const struct search *s, const struct split_rule *r,
			 int skip, int *coef_skip)
{
	int64_t sum = 0;
	int i;
	*coef_skip = 0;
	for (i = 0; i < r->nterms; i++) {
		if (r->pos[i] == skip)
			*coef_skip += r->coef[i];
		else
			sum += r->coef[i] * s->vals[r->pos[i]];
	}
	return sum;
}

/* Check the rules closing at part k (all their parts are placed). */
static int closing_ok(const struct search *s, int k)
{
	int j;
	for (j = 0; j < s->nclosing[k]; j++) {
		const struct split_rule *r = &s->p->rules[s->closing[k][j]];
		int c;
		int64_t v = rule_rest(s, r, -1, &c);
		if (r->op == SPLIT_EQ ? v != 0 : v > 0)
			return 0;
	}
	return 1;
}

/* The value rules force on part k, or -1 if none does (or -2 if the rules
 * make it impossible). */
static int64_t forced_value(const struct search *s, int k)
{
	int j;
	for (j = 0; j < s->nclosing[k]; j++) {
		const struct split_rule *r = &s->p->rules[s->closing[k][j]];
		int c;
		int64_t rest;
		if (r->op != SPLIT_EQ)
			continue;
		rest = rule_rest(s, r, k, &c);
		if (c == 0)
			continue;
		/* c*v + rest == 0 */
		if ((-rest) % c != 0 || (-rest) / c < 0)
			return -2;
		return (-rest) / c;
	}
	return -1;
}

static void dfs(struct search *s, int k, int t, int pos)
{
	const struct split_problem *p = s->p;
	const char *tok;
	int rem, L, maxl;
	int64_t forced;
	if (s->exhausted || s->more)
		return;
	if (++s->nodes > s->budget) {
		s->exhausted = 1;
		return;
	}
	if (k == p->nparts) {
		if (t != p->ntok)
			return;
		if (s->nsol < s->maxsol) {
			memcpy(s->sols + (long)s->nsol * p->nparts, s->vals,
			       sizeof(int64_t) * (size_t)p->nparts);
			s->nsol++;
		} else {
			s->more = 1;
		}
		return;
	}
	if (t >= p->ntok)
		return;
	tok = p->tokens[t] + pos;
	rem = p->toklen[t] - pos;
	maxl = rem < SPLIT_MAX_DIGITS ? rem : SPLIT_MAX_DIGITS;
	if (tok[0] == '0')
		maxl = 1;
	forced = forced_value(s, k);
	if (forced == -2)
		return;
	for (L = 1; L <= maxl; L++) {
		int nt = t, npos = pos + L, parts_left = p->nparts - k - 1;
		int toks_left, digits_left, i;
		int64_t v = 0;
		if (npos == p->toklen[t]) {
			nt = t + 1;
			npos = 0;
		}
		toks_left = p->ntok - nt;
		digits_left = s->suffix[nt] - npos;
		if (parts_left < toks_left || parts_left > digits_left)
			continue;
		for (i = 0; i < L; i++)
			v = v * 10 + (tok[i] - '0');
		if (forced >= 0 && v != forced)
			continue;
		s->vals[k] = v;
		if (forced < 0 && prune_sums(s, k, digits_left))
			break;   /* a longer part is larger still */
		if (!closing_ok(s, k))
			continue;
		dfs(s, k + 1, nt, npos);
		if (s->exhausted || s->more)
			return;
	}
}

int split_solve(const struct split_problem *p, int64_t *sols, int maxsol,
		int *more, int *exhausted)
{
	struct search s;
	int i, j, total = 0;
	*more = 0;
	*exhausted = 0;
	if (p->nparts <= 0 || p->nparts > SPLIT_MAX_PARTS || p->ntok <= 0 ||
	    p->ntok > p->nparts || maxsol <= 0)
		return 0;
	memset(&s, 0, sizeof s);
	s.p = p;
	s.sols = sols;
	s.maxsol = maxsol;
	s.budget = p->budget > 0 ? p->budget : DEFAULT_BUDGET;
	for (i = 0; i < p->ntok; i++) {
		if (p->toklen[i] <= 0)
			return 0;
		for (j = 0; j < p->toklen[i]; j++)
			if (p->tokens[i][j] < '0' || p->tokens[i][j] > '9')
				return 0;
		total += p->toklen[i];
		if (total > 100000)
			return 0;
	}
	if (total < p->nparts)
		return 0;
	s.suffix[p->ntok] = 0;
	for (i = p->ntok - 1; i >= 0; i--)
		s.suffix[i] = s.suffix[i + 1] + p->toklen[i];
	for (i = 0; i < p->nrules && i < 64; i++)
		s.sum_total[i] = p->rules[i].nterms > 0 && p->rules[i].nterms <= SPLIT_MAX_TERMS
				 ? sum_shape(&p->rules[i]) : -1;
	for (i = 0; i < p->nrules; i++) {
		const struct split_rule *r = &p->rules[i];
		int last = -1, ok = r->nterms > 0 && r->nterms <= SPLIT_MAX_TERMS;
		for (j = 0; ok && j < r->nterms; j++) {
			if (r->pos[j] < 0 || r->pos[j] >= p->nparts)
				ok = 0;
			else if (r->pos[j] > last)
				last = r->pos[j];
		}
		if (ok && s.nclosing[last] < 8)
			s.closing[last][s.nclosing[last]++] = i;
	}
	dfs(&s, 0, 0, 0);
	*more = s.more;
	*exhausted = s.exhausted;
	return s.nsol;
}

/* ---- decimals ------------------------------------------------------------ */

struct dsearch {
	const struct split_problem *p;
	int64_t vals[SPLIT_MAX_PARTS];
	uint8_t scales[SPLIT_MAX_PARTS];
	int suffix[SPLIT_MAX_PARTS + 1];  /* characters in tokens t.. */
	int64_t *sols;
	uint8_t *sol_scales;
	int maxsol, nsol, more, exhausted;
	long nodes, budget;
};

/* Every rule holds for the placed parts (exact, in 128-bit arithmetic). */
static int decimal_rules_ok(const struct dsearch *s)
{
	int i, j;
	for (i = 0; i < s->p->nrules; i++) {
		const struct split_rule *r = &s->p->rules[i];
		__int128 sum = 0;
		int top = 0;
		for (j = 0; j < r->nterms; j++)
			if (s->scales[r->pos[j]] > top)
				top = s->scales[r->pos[j]];
		for (j = 0; j < r->nterms; j++) {
			__int128 v = s->vals[r->pos[j]];
			int k;
			for (k = s->scales[r->pos[j]]; k < top; k++)
				v *= 10;
			sum += r->coef[j] * v;
		}
		if (r->op == SPLIT_EQ ? sum != 0 : sum > 0)
			return 0;
	}
	return 1;
}

static void ddfs(struct dsearch *s, int k, int t, int pos)
{
	const struct split_problem *p = s->p;
	const char *tok;
	int rem, L;
	if (s->exhausted || s->more)
		return;
	if (++s->nodes > s->budget) {
		s->exhausted = 1;
		return;
	}
	if (k == p->nparts) {
		if (t != p->ntok || !decimal_rules_ok(s))
			return;
		if (s->nsol < s->maxsol) {
			memcpy(s->sols + (long)s->nsol * p->nparts, s->vals,
			       sizeof(int64_t) * (size_t)p->nparts);
			memcpy(s->sol_scales + (long)s->nsol * p->nparts, s->scales, (size_t)p->nparts);
			s->nsol++;
		} else {
			s->more = 1;
		}
		return;
	}
	if (t >= p->ntok)
		return;
	tok = p->tokens[t] + pos;
	rem = p->toklen[t] - pos;
	if (tok[0] == '.')
		return;
	for (L = 1; L <= rem && L <= SPLIT_MAX_DIGITS + 1; L++) {
		int nt = t, npos = pos + L, parts_left = p->nparts - k - 1;
		int i, point = -1, ok = 1;
		int64_t v = 0;
		if (tok[L - 1] == '.')
			continue;                     /* a part never ends with '.' */
		if (L < rem && tok[L] == '.')
			continue;                     /* nor may the next one start with it */
		for (i = 0; i < L && ok; i++) {
			if (tok[i] == '.') {
				if (point >= 0)
					ok = 0;
				point = i;
			} else {
				v = v * 10 + (tok[i] - '0');
			}
		}
		if (!ok)
			break;                        /* longer parts hold two points too */
		if (tok[0] == '0' && L > 1 && tok[1] != '.')
			break;                        /* leading zero */
		if (point >= 0 && L - 1 - point > 9)
			break;
		if (npos == p->toklen[t]) {
			nt = t + 1;
			npos = 0;
		}
		if (parts_left < p->ntok - nt || parts_left > s->suffix[nt] - npos)
			continue;
		s->vals[k] = v;
		s->scales[k] = (uint8_t)(point >= 0 ? L - 1 - point : 0);
		ddfs(s, k + 1, nt, npos);
		if (s->exhausted || s->more)
			return;
	}
}

int split_solve_decimal(const struct split_problem *p, int64_t *sols, uint8_t *scales,
			int maxsol, int *more, int *exhausted)
{
	struct dsearch s;
	int i, j, total = 0;
	*more = 0;
	*exhausted = 0;
	if (p->nparts <= 0 || p->nparts > SPLIT_MAX_PARTS || p->ntok <= 0 ||
	    p->ntok > p->nparts || maxsol <= 0)
		return 0;
	memset(&s, 0, sizeof s);
	s.p = p;
	s.sols = sols;
	s.sol_scales = scales;
	s.maxsol = maxsol;
	s.budget = p->budget > 0 ? p->budget : DEFAULT_BUDGET;
	for (i = 0; i < p->ntok; i++) {
		if (p->toklen[i] <= 0)
			return 0;
		for (j = 0; j < p->toklen[i]; j++) {
			char c = p->tokens[i][j];
			if (!((c >= '0' && c <= '9') || c == '.'))
				return 0;
		}
		total += p->toklen[i];
		if (total > 100000)
			return 0;
	}
	for (i = 0; i < p->nrules; i++) {
		const struct split_rule *r = &p->rules[i];
		if (r->nterms <= 0 || r->nterms > SPLIT_MAX_TERMS)
			return 0;
		for (j = 0; j < r->nterms; j++)
			if (r->pos[j] < 0 || r->pos[j] >= p->nparts)
				return 0;
	}
	s.suffix[p->ntok] = 0;
	for (i = p->ntok - 1; i >= 0; i--)
		s.suffix[i] = s.suffix[i + 1] + p->toklen[i];
	ddfs(&s, 0, 0, 0);
	*more = s.more;
	*exhausted = s.exhausted;
	return s.nsol;
}
