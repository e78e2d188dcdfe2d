/* generate.h - random reports whose tables satisfy their format's rules.
 *
 * Used by the generated round-trip tests, the benchmarks and the fuzz seed
 * corpus. Generic over specs: cells that are the target (first left-hand
 * term) of an equality rule are derived from the others; every other cell
 * of every row gets a random count. Only equality rules are solved; formats
 * whose "<=" rules fail are retried with the next random draw. */
#ifndef GK_GENERATE_H
#define GK_GENERATE_H

#include <stdint.h>
#include "report/model.h"
#include "report/spec.h"

struct gen_options {
	uint64_t seed;
	int year;            /* report year; 0: a year inside the spec's range */
	int max_value;       /* largest random count (e.g. 50) */
	int zero_percent;    /* share of free cells set to 0 */
	int text_bytes;      /* approximate size of the section texts */
};

/* Build a consistent random report for spec, or NULL if no consistent
 * draw was found within a bounded number of attempts. */
struct report *report_generate(const struct report_spec *spec,
			       const struct gen_options *opt);
/* A small deterministic PRNG (splitmix64) shared by tests and benches. */
uint64_t gen_next(uint64_t *state);

#endif
