/* t.h - a tiny test framework for unit tests under tests/unit/.
 *
 * Each check prints a TAP-like line ("ok N - what" / "not ok N - what");
 * tests/run.sh counts them. T_DONE() returns the exit status. */
#ifndef GK_T_H
#define GK_T_H

#include <stdio.h>
#include <string.h>

static int t_n, t_failed;

#define T_OK(cond, ...) do { \
	t_n++; \
	if (cond) { printf("ok %d - ", t_n); } \
	else { t_failed++; printf("not ok %d - %s:%d: ", t_n, __FILE__, __LINE__); } \
	printf(__VA_ARGS__); printf("\n"); \
} while (0)

#define T_EQ_INT(a, b, ...) do { \
	long long t_a = (long long)(a), t_b = (long long)(b); \
	T_OK(t_a == t_b, __VA_ARGS__); \
	if (t_a != t_b) printf("#   got %lld, want %lld\n", t_a, t_b); \
} while (0)

#define T_EQ_STR(a, b, ...) do { \
	const char *t_a = (a), *t_b = (b); \
	int t_eq = t_a && t_b && strcmp(t_a, t_b) == 0; \
	T_OK(t_eq, __VA_ARGS__); \
	if (!t_eq) printf("#   got \"%s\", want \"%s\"\n", t_a ? t_a : "(null)", t_b ? t_b : "(null)"); \
} while (0)

#define T_DONE() (t_failed ? 1 : 0)

#endif
