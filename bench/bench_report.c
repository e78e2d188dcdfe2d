/* bench_report.c - parse+check throughput of published-report text.
 *
 * Generates a corpus of realistic reports (10-20 KB of text each, 2019 and
 * 2021 formats, every table layout) in memory, then times report_parse()
 * followed by report_check() over the whole corpus on one thread.
 *
 * Usage: bench_report [N_REPORTS] [ROUNDS] */
#include "base/buf.h"
#include "report/check.h"
#include "report/generate.h"
#include "report/parse.h"
#include "report/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double clock_s(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now(void) { return clock_s(CLOCK_MONOTONIC); }
/* CPU time of this thread: on a loaded machine the per-core figure. */
static double cpu_now(void) { return clock_s(CLOCK_THREAD_CPUTIME_ID); }

int main(int argc, char **argv)
{
	int n = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 2000;
	int rounds = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 3;
	const char *keys[] = {"2021", "2019"};
	static const enum render_to layouts[] = {RENDER_TEXT_PIPE, RENDER_TEXT_CELLS,
		RENDER_TEXT_TAB, RENDER_TEXT_SPACE, RENDER_TEXT_RUN};
	struct buf *corpus;
	size_t bytes = 0;
	int i, round, errors = 0;
	double best = 1e9, best_cpu = 1e9;

	if (n <= 0 || rounds <= 0) {
		fprintf(stderr, "usage: bench_report [N_REPORTS] [ROUNDS]\n");
		return 2;
	}
	corpus = calloc((size_t)n, sizeof *corpus);
	if (!corpus)
		return 2;
	for (i = 0; i < n; i++) {
		const struct report_spec *spec = spec_find(spec_builtin(), keys[i % 2]);
		struct gen_options opt = {(uint64_t)i + 1, 0, 80, 40, 12000 + (i % 7) * 1000};
		struct report *r = spec ? report_generate(spec, &opt) : NULL;
		if (!r) {
			fprintf(stderr, "cannot generate format %s\n", keys[i % 2]);
			return 2;
		}
		buf_init(&corpus[i], 0);
		report_render(r, layouts[(i / 2) % 5], &corpus[i]);
		bytes += corpus[i].len;
		report_free(r);
	}
	for (round = 0; round < rounds; round++) {
		double t0 = now(), c0 = cpu_now(), dt, dc;
		errors = 0;
		for (i = 0; i < n; i++) {
			struct finding_list f = {0};
			struct report *r = report_parse(spec_builtin(), corpus[i].data,
							corpus[i].len, "bench");
			report_check(r, &f);
			errors += finding_count(&f, SEV_ERROR) > 0;
			finding_list_free(&f);
			report_free(r);
		}
		dt = now() - t0;
		dc = cpu_now() - c0;
		if (dt < best)
			best = dt;
		if (dc < best_cpu)
			best_cpu = dc;
	}
	printf("reports: %d (%.1f KB average), rounds: %d\n", n,
	       (double)bytes / n / 1024.0, rounds);
	printf("best round: %.3f s = %.0f reports/s on one core (%.1f MB/s)\n",
	       best, n / best, (double)bytes / best / 1e6);
	printf("best round CPU time: %.3f s = %.0f reports/s per core of CPU time\n",
	       best_cpu, n / best_cpu);
	printf("reports with check errors: %d (generated reports are consistent: expect 0)\n", errors);
	for (i = 0; i < n; i++)
		buf_free(&corpus[i]);
	free(corpus);
	return 0;
}
