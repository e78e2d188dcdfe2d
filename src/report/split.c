/* split.c - depth-first search over the ways to cut digit tokens into
 * parts, checking each linear rule as soon as its last part is placed (and
 * computing that part instead of enumerating it). See split.h. */
#include "report/split.h"

#include "base/xalloc.h"

#include <stdlib.h>
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

/* ---- total first: one token, rules that are disjoint row blocks ---------
 *
 * The common run-together row is one digit token whose rules each say
 * "part t = sum of parts t-m..t-1" over disjoint blocks (a row of parts
 * and its total, or several subtotal groups). For such problems the search
 * below picks each block's total first (every span and length of it), then
 * splits the digits before it into the block's terms, pruning when their
 * sum passes the total or can no longer reach it, and computing the last
 * term. It finds every solution and returns them in the order of the
 * general search (lexicographic by part lengths), so its answer is the
 * general search's answer exactly. It is only used when the general search
 * could not have run out of budget (its whole tree, before any pruning by
 * the rules, has at most `budget` nodes); otherwise, or for any other rule
 * shape, or with more than FAST_MAX_SOLS solutions, the general search
 * runs. */

#define FAST_MAX_SOLS 20
#define FAST_MAX_DIGITS 128
#define FAST_BUDGET 2000000L

struct fast {
	const char *d;                    /* the digits */
	int len, nparts;
	int block_total[SPLIT_MAX_PARTS]; /* at a block's first term: its total; else -1 */
	int in_block[SPLIT_MAX_PARTS];
	int64_t vals[SPLIT_MAX_PARTS];
	uint8_t lens[SPLIT_MAX_PARTS];
	int64_t val[FAST_MAX_DIGITS][SPLIT_MAX_DIGITS + 1]; /* d[o..o+L) */
	int64_t sols[FAST_MAX_SOLS][SPLIT_MAX_PARTS];
	uint8_t sol_lens[FAST_MAX_SOLS][SPLIT_MAX_PARTS];
	int nsol, overflow;
	long nodes;
};

static const int64_t pow10_[19] = {
	1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL,
	100000000LL, 1000000000LL, 10000000000LL, 100000000000LL,
	1000000000000LL, 10000000000000LL, 100000000000000LL,
	1000000000000000LL, 10000000000000000LL, 100000000000000000LL,
	1000000000000000000LL};

/* Value of the part d[o..o+L), 1 <= L <= SPLIT_MAX_DIGITS. */
static int64_t part_value(const struct fast *f, int o, int L)
{
	return f->val[o][L];
}

/* A part may span d[o..o+L): no leading zero unless it is "0". */
static int part_ok(const struct fast *f, int o, int L)
{
	return L >= 1 && L <= SPLIT_MAX_DIGITS && (L == 1 || f->d[o] != '0');
}

/* Digits of v >= 0 ("0" has one). */
static int num_digits(int64_t v)
{
	int n = 1;
	while (n < 18 && v >= pow10_[n])
		n++;
	return n;
}

/* Do m parts cut from `digits` digits (m <= digits) always add up to more
 * than r, or never reach it? Each part of l > 1 digits is at least
 * 10^(l-1) and at most 10^l - 1; the smallest sum has the lengths as even
 * as they can be, the largest one long part and m - 1 single digits. */
static int sum_out_of_reach(int digits, int m, int64_t r)
{
	int q = digits / m, big = digits - m + 1;
	int64_t least;
	if (q > 1) {
		int longer = digits % m;   /* parts of q + 1 digits */
		if (q >= 18)
			return 1;          /* every sum passes any int64 r here */
		least = longer * pow10_[q] + (int64_t)(m - longer) * pow10_[q - 1];
		if (least > r)
			return 1;
	}
	if (big <= 17 && pow10_[big] - 1 + 9 * (int64_t)(m - 1) < r)
		return 1;
	return 0;
}

static void fast_parts(struct fast *f, int k, int o);

/* Place terms k.. of a block, ending at digit `end` where its total (part
 * `total`, value T) begins; `sum` is the sum of the terms placed so far.
 * `after` is the digit after the total. */
static void fast_terms(struct fast *f, int k, int o, int total, int64_t T, int64_t sum,
		       int end, int after)
{
	int L;
	if (f->overflow || ++f->nodes > FAST_BUDGET) {
		f->overflow = 1;
		return;
	}
	if (k == total - 1) {
		/* The last term is whatever the total leaves. */
		L = end - o;
		if (!part_ok(f, o, L) || part_value(f, o, L) != T - sum)
			return;
		f->vals[k] = T - sum;
		f->lens[k] = (uint8_t)L;
		f->vals[total] = T;
		f->lens[total] = (uint8_t)(after - end);
		fast_parts(f, total + 1, after);
		return;
	}
	for (L = 1; L <= SPLIT_MAX_DIGITS && L <= end - o - (total - 1 - k); L++) {
		int64_t v;
		int left;
		if (!part_ok(f, o, L))
			break;            /* leading zero: only "0" */
		v = part_value(f, o, L);
		if (sum + v > T)
			break;            /* longer parts are larger still */
		/* Each term left is at most what the total leaves, so has at
		 * most as many digits; and their sum must be able to hit it. */
		left = end - o - L;
		if (left > (total - 1 - k) * num_digits(T - sum - v) ||
		    sum_out_of_reach(left, total - 1 - k, T - sum - v))
			continue;
		f->vals[k] = v;
		f->lens[k] = (uint8_t)L;
		fast_terms(f, k + 1, o + L, total, T, sum + v, end, after);
		if (f->overflow)
			return;
	}
}

/* Record the current split, kept sorted by part lengths (lexicographic). */
static void fast_record(struct fast *f)
{
	int i, at;
	if (f->nsol == FAST_MAX_SOLS) {
		f->overflow = 1;
		return;
	}
	for (at = f->nsol; at > 0; at--)
		if (memcmp(f->sol_lens[at - 1], f->lens, (size_t)f->nparts) < 0)
			break;
	for (i = f->nsol; i > at; i--) {
		memcpy(f->sols[i], f->sols[i - 1], sizeof(int64_t) * (size_t)f->nparts);
		memcpy(f->sol_lens[i], f->sol_lens[i - 1], (size_t)f->nparts);
	}
	memcpy(f->sols[at], f->vals, sizeof(int64_t) * (size_t)f->nparts);
	memcpy(f->sol_lens[at], f->lens, (size_t)f->nparts);
	f->nsol++;
}

/* Place parts k.. from digit o. */
static void fast_parts(struct fast *f, int k, int o)
{
	int L;
	if (f->overflow || ++f->nodes > FAST_BUDGET) {
		f->overflow = 1;
		return;
	}
	if (k == f->nparts) {
		if (o == f->len)
			fast_record(f);
		return;
	}
	if (f->block_total[k] >= 0) {
		int total = f->block_total[k], terms = total - k, ts, Lt;
		int rest = f->nparts - total - 1;   /* parts after the block */
		for (ts = o + terms; ts < f->len; ts++)
			for (Lt = 1; Lt <= SPLIT_MAX_DIGITS && ts + Lt <= f->len - rest; Lt++) {
				if (!part_ok(f, ts, Lt))
					break;
				/* No term is longer than the total. */
				if (ts - o > terms * Lt)
					continue;
				fast_terms(f, k, o, total, part_value(f, ts, Lt), 0, ts, ts + Lt);
				if (f->overflow)
					return;
			}
		return;
	}
	for (L = 1; L <= SPLIT_MAX_DIGITS && o + L <= f->len - (f->nparts - k - 1); L++) {
		if (!part_ok(f, o, L))
			break;
		f->vals[k] = part_value(f, o, L);
		f->lens[k] = (uint8_t)L;
		fast_parts(f, k + 1, o + L);
		if (f->overflow)
			return;
	}
}

/* Nodes of the general search's tree for one token of len <= FAST_MAX_DIGITS
 * digits before any rule prunes it (so at least the nodes that search
 * visits), capped at cap + 1. */
static long tree_nodes(const char *d, int len, int nparts, long cap)
{
	long rows[2][FAST_MAX_DIGITS + 1];
	long total = 0;
	int k, o, L;
	memset(rows[0], 0, sizeof(long) * (size_t)(len + 1));
	rows[0][0] = 1;
	for (k = 0; k <= nparts; k++) {
		long *cur = rows[k & 1], *next = rows[(k + 1) & 1];
		memset(next, 0, sizeof(long) * (size_t)(len + 1));
		for (o = 0; o <= len; o++) {
			long n = cur[o];
			if (!n)
				continue;
			total += n;
			if (total > cap)
				return cap + 1;
			if (k == nparts || o == len)
				continue;
			for (L = 1; L <= SPLIT_MAX_DIGITS && o + L <= len; L++) {
				int parts_left = nparts - k - 1, digits_left = len - o - L;
				if (L > 1 && d[o] == '0')
					break;
				/* The general search's child test for one token. */
				if (parts_left < (digits_left > 0) || parts_left > digits_left)
					continue;
				next[o + L] = next[o + L] + n > cap ? cap + 1 : next[o + L] + n;
			}
		}
	}
	return total;
}

/* Solve p with the total-first search if it has that shape and the answer
 * is sure to be the general search's. Returns the number of solutions, or
 * -1 when the general search must run. */
static int solve_fast(const struct split_problem *p, long budget, int64_t *sols,
		      int maxsol, int *more)
{
	struct fast *f;
	int i, j, n;
	if (p->ntok != 1 || p->nrules < 1 || p->toklen[0] > FAST_MAX_DIGITS)
		return -1;
	f = xmalloc(sizeof *f);
	f->d = p->tokens[0];
	f->len = p->toklen[0];
	f->nparts = p->nparts;
	f->nsol = f->overflow = 0;
	f->nodes = 0;
	for (i = 0; i < p->nparts; i++)
		f->block_total[i] = f->in_block[i] = -1;
	for (i = 0; i < p->nrules; i++) {
		/* Exactly: part t (coef c) and parts t-m..t-1 (coef -c), once each. */
		const struct split_rule *r = &p->rules[i];
		int t = -1, c = 0, first;
		if (r->op != SPLIT_EQ || r->nterms < 2 || r->nterms > SPLIT_MAX_TERMS)
			goto general;
		for (j = 0; j < r->nterms; j++) {
			if (r->pos[j] < 0 || r->pos[j] >= p->nparts)
				goto general;
			if (r->pos[j] > t) {
				t = r->pos[j];
				c = r->coef[j];
			}
		}
		if (c != 1 && c != -1)
			goto general;
		first = t - (r->nterms - 1);
		if (first < 0)
			goto general;
		for (j = first; j <= t; j++) {
			if (f->in_block[j] >= 0)
				goto general;
			f->in_block[j] = i;
		}
		for (j = 0; j < r->nterms; j++)
			if (r->pos[j] < first || f->in_block[r->pos[j]] != i ||
			    r->coef[j] != (r->pos[j] == t ? c : -c))
				goto general;
		/* Each position once: nterms distinct positions in [first, t]. */
		for (j = 0; j < r->nterms; j++) {
			if (f->in_block[r->pos[j]] != i)
				goto general;
			f->in_block[r->pos[j]] = -2 - i;   /* seen */
		}
		for (j = first; j <= t; j++) {
			if (f->in_block[j] != -2 - i)
				goto general;
			f->in_block[j] = i;
		}
		f->block_total[first] = t;
	}
	if (tree_nodes(f->d, f->len, p->nparts, budget) > budget)
		goto general;
	for (i = 0; i < f->len; i++) {
		int64_t v = 0;
		for (j = 1; j <= SPLIT_MAX_DIGITS && i + j <= f->len; j++) {
			v = v * 10 + (f->d[i + j - 1] - '0');
			f->val[i][j] = v;
		}
	}
	fast_parts(f, 0, 0);
	if (f->overflow)
		goto general;
	n = f->nsol < maxsol ? f->nsol : maxsol;
	for (i = 0; i < n; i++)
		memcpy(sols + (long)i * p->nparts, f->sols[i], sizeof(int64_t) * (size_t)p->nparts);
	*more = f->nsol > maxsol;
	free(f);
	return n;
general:
	free(f);
	return -1;
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
	{
		int n = solve_fast(p, s.budget, sols, maxsol, more);
		if (n >= 0)
			return n;
	}
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
