/* cmd_report.c - gongkai report parse|check|batch|render.
 *
 *   parse FILE|DIR...           the report JSON (docs/report-json.md)
 *   check FILE|DIR...           consistency findings (docs/checks.md)
 *   batch FILE|DIR...           check with --jsonl output by default
 *   render FILE.json --to FMT   the model in an official layout (also the
 *                               binary docx and xlsx files, with -o)
 *
 * Files are processed one at a time (thread count 1) and each report is
 * freed before the next, so memory stays bounded per file; for the
 * cross-year carry-over check only a small copy of each report's tables is
 * kept. Exit status: 0 clean, 1 errors found, 2 usage error or an input
 * that could not be read (2 wins over 1). */
#include "cli/cli.h"
#include "base/buf.h"
#include "base/file.h"
#include "base/jsonw.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "report/check.h"
#include "report/decode.h"
#include "report/json.h"
#include "report/label.h"
#include "report/parse.h"
#include "report/render.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FILES 1000000   /* inputs accepted in one run */
#define MAX_DEPTH 64        /* directory nesting walked */
#define MAX_JSON_INPUT (64u << 20)

enum out_format { OUT_TEXT, OUT_JSON, OUT_JSONL, OUT_CSV };

/* ---- input files ---- */

struct pathlist {
	char **v;
	int n, cap;
	int failed;    /* a directory could not be read */
};

static void paths_add(struct pathlist *l, const char *p)
{
	if (l->n >= MAX_FILES) {
		if (l->n == MAX_FILES)
			fprintf(stderr, "gongkai: more than %d input files; the rest are ignored\n", MAX_FILES);
		l->failed = 1;
		return;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xreallocarray(l->v, (size_t)l->cap, sizeof *l->v);
	}
	l->v[l->n++] = xstrdup(p);
}

static void paths_free(struct pathlist *l)
{
	int i;
	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add the regular files under dir (recursively, sorted by name; names
 * starting with '.' skipped; symbolic links to directories not followed). */
static void walk_dir(struct pathlist *l, const char *dir, int depth)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	int n = 0, cap = 0, i;
	if (depth > MAX_DEPTH) {
		fprintf(stderr, "gongkai: %s: directories nested too deeply\n", dir);
		l->failed = 1;
		return;
	}
	d = opendir(dir);
	if (!d) {
		fprintf(stderr, "gongkai: %s: cannot open directory: %s\n", dir, strerror(errno));
		l->failed = 1;
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = xreallocarray(names, (size_t)cap, sizeof *names);
		}
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (n > 1) /* qsort(NULL, 0, ...) is undefined behaviour */
		qsort(names, (size_t)n, sizeof *names, cmp_str);
	for (i = 0; i < n; i++) {
		struct buf p = BUF_INIT(0);
		struct stat st;
		buf_printf(&p, "%s%s%s", dir, str_ends(dir, "/") ? "" : "/", names[i]);
		if (lstat(buf_str(&p), &st) == 0) {
			if (S_ISDIR(st.st_mode))
				walk_dir(l, buf_str(&p), depth + 1);
			else if (S_ISREG(st.st_mode) ||
				 (S_ISLNK(st.st_mode) && stat(buf_str(&p), &st) == 0 &&
				  S_ISREG(st.st_mode)))
				paths_add(l, buf_str(&p));
		}
		buf_free(&p);
		free(names[i]);
	}
	free(names);
}

/* Expand the command-line operands: directories are walked, anything else
 * is kept as given (reading it later reports why it fails). */
static void collect(struct pathlist *l, char **args, int nargs)
{
	int i;
	for (i = 0; i < nargs; i++) {
		struct stat st;
		if (strcmp(args[i], "-") != 0 && stat(args[i], &st) == 0 && S_ISDIR(st.st_mode))
			walk_dir(l, args[i], 0);
		else
			paths_add(l, args[i]);
	}
}

/* ---- small output helpers ---- */

static void out_buf(struct buf *b)
{
	if (b->len)
		fwrite(b->data, 1, b->len, stdout);
	buf_reset(b);
}

/* CSV field with RFC 4180 quoting when needed. */
static void csv_field(struct buf *b, const char *s)
{
	const char *p;
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	for (p = s; *p; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	buf_addc(b, '"');
}

/* "table.row.col" (as much as is known) into b; 0 if nothing. */
static int location(struct buf *b, const struct finding *f)
{
	if (!f->table)
		return 0;
	buf_adds(b, f->table);
	if (f->row) {
		buf_printf(b, ".%s", f->row);
		if (f->col)
			buf_printf(b, ".%s", f->col);
	} else if (f->col) {
		buf_printf(b, ".*.%s", f->col);
	}
	return 1;
}

/* One finding as a text line:
 * SOURCE:LINE: SEVERITY RULE LOCATION: expected E, found F — 中文 / English */
static void text_finding(struct buf *b, const char *src, const struct finding *f)
{
	buf_adds(b, src);
	if (f->line > 0)
		buf_printf(b, ":%d", f->line);
	buf_printf(b, ": %s %s", severity_name(f->sev), f->rule);
	if (f->table) {
		buf_addc(b, ' ');
		location(b, f);
	}
	if (f->expected || f->found)
		buf_printf(b, ": expected %s, found %s", f->expected ? f->expected : "-",
			   f->found ? f->found : "(blank)");
	buf_printf(b, " — %s / %s\n", f->zh ? f->zh : "", f->en ? f->en : "");
}

/* ---- per-rule tally ---- */

struct tally {
	char **rule;
	int *count;
	int n, cap;
};

static void tally_add(struct tally *t, const struct finding_list *l)
{
	int i, k;
	for (i = 0; i < l->n; i++) {
		for (k = 0; k < t->n && strcmp(t->rule[k], l->v[i].rule); k++)
			;
		if (k == t->n) {
			if (t->n == t->cap) {
				t->cap = t->cap ? t->cap * 2 : 16;
				t->rule = xreallocarray(t->rule, (size_t)t->cap, sizeof *t->rule);
				t->count = xreallocarray(t->count, (size_t)t->cap, sizeof *t->count);
			}
			t->rule[t->n] = xstrdup(l->v[i].rule);
			t->count[t->n++] = 0;
		}
		t->count[k]++;
	}
}

static void tally_print(const struct tally *t)
{
	int i, j;
	int *order = xcalloc((size_t)t->n + 1, sizeof *order);
	for (i = 0; i < t->n; i++)
		order[i] = i;
	/* most frequent first, ties by rule id (insertion sort: few rules) */
	for (i = 1; i < t->n; i++)
		for (j = i; j > 0; j--) {
			int a = order[j - 1], b = order[j];
			if (t->count[a] > t->count[b] ||
			    (t->count[a] == t->count[b] && strcmp(t->rule[a], t->rule[b]) <= 0))
				break;
			order[j - 1] = b;
			order[j] = a;
		}
	fprintf(stderr, "findings by rule:\n");
	for (i = 0; i < t->n; i++)
		fprintf(stderr, "  %7d  %s\n", t->count[order[i]], t->rule[order[i]]);
	free(order);
}

static void tally_free(struct tally *t)
{
	int i;
	for (i = 0; i < t->n; i++)
		free(t->rule[i]);
	free(t->rule);
	free(t->count);
}

/* ---- progress on a terminal ---- */

struct progress {
	int on, total, width;
};

static void progress_show(struct progress *p, int i, const char *path)
{
	const char *name = strrchr(path, '/');
	if (!p->on)
		return;
	name = name ? name + 1 : path;
	fprintf(stderr, "\r[%*d/%d] %3d%% %.60s\033[K", p->width, i + 1, p->total,
		(int)((i + 1) * 100LL / p->total), name);
	fflush(stderr);
}

static void progress_clear(struct progress *p)
{
	if (p->on) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
}

/* ---- reading one report ---- */

/* Decode and parse path; NULL (with the message printed) if unreadable. */
static struct report *load_report(const char *path, struct buf *text)
{
	char err[256];
	if (report_decode_file(path, text, NULL, err, sizeof err) != 0) {
		fprintf(stderr, "gongkai: %s: %s\n", path, err[0] ? err : "cannot read");
		return NULL;
	}
	return report_parse(spec_builtin(), text->data ? text->data : "", text->len, path);
}

/* ---- parse ---- */

static void parse_usage(FILE *f)
{
	fprintf(f,
		"usage: gongkai report parse FILE|DIR... [--json|--jsonl]\n"
		"\n"
		"Parse published annual reports (text, HTML, DOCX, PDF) and print the\n"
		"report JSON: one pretty object for one file, one object per line\n"
		"(JSONL) for several. Directories are read recursively. '-' is stdin.\n"
		"Exit 0, or 2 if a file could not be read (the others still print).\n");
}

static int cmd_parse(int argc, char **argv)
{
	struct pathlist files = {0};
	char **ops = xcalloc((size_t)argc + 1, sizeof *ops);
	int i, nops = 0, jsonl = 0, rc = 0, only_ops = 0;
	struct buf text = BUF_INIT(DECODE_MAX_TEXT), out = BUF_INIT(0);

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (only_ops || a[0] != '-' || !strcmp(a, "-")) {
			ops[nops++] = argv[i];
		} else if (!strcmp(a, "--")) {
			only_ops = 1;
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			parse_usage(stdout);
			free(ops);
			return 0;
		} else if (!strcmp(a, "--json")) {
			/* the default */
		} else if (!strcmp(a, "--jsonl")) {
			jsonl = 1;
		} else {
			fprintf(stderr, "gongkai report parse: unknown option '%s'\n", a);
			parse_usage(stderr);
			free(ops);
			return 2;
		}
	}
	if (!nops) {
		fprintf(stderr, "gongkai report parse: no input files\n");
		parse_usage(stderr);
		free(ops);
		return 2;
	}
	collect(&files, ops, nops);
	free(ops);
	if (files.failed)
		rc = 2;
	if (files.n > 1)
		jsonl = 1;
	for (i = 0; i < files.n; i++) {
		struct jsonw w;
		struct report *r = load_report(files.v[i], &text);
		if (!r) {
			rc = 2;
			continue;
		}
		jsonw_init(&w, &out, !jsonl);
		report_to_json(r, &w);
		buf_addc(&out, '\n');
		out_buf(&out);
		report_free(r);
	}
	fflush(stdout);
	buf_free(&text);
	buf_free(&out);
	paths_free(&files);
	return rc;
}

/* ---- check / batch ---- */

struct check_opts {
	enum out_format fmt;
	int pair_forced;   /* --pair: the inputs are one agency's series */
	int no_pair;       /* --no-pair */
	int quiet;         /* --quiet: no per-file summary lines (text) */
};

/* What the pair check keeps of one report: its spec, year, agency and
 * tables (no text), a few KB at most. */
static struct report *pair_copy(const struct report *r)
{
	struct report *c = report_new(r->spec, r->source);
	int t;
	c->year = r->year;
	c->agency = xstrdup(r->agency);
	for (t = 0; t < r->spec->ntables; t++) {
		const struct spec_table *st = &r->spec->tables[t];
		c->tables[t].found = r->tables[t].found;
		c->tables[t].line = r->tables[t].line;
		memcpy(c->tables[t].cells, r->tables[t].cells,
		       (size_t)(st->nrows * st->ncols) * sizeof *c->tables[t].cells);
	}
	return c;
}

struct series_item {
	struct report *r;
	char *key;     /* folded agency ("" with --pair) */
};

static int cmp_series(const void *a, const void *b)
{
	const struct series_item *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	if (x->r->year != y->r->year)
		return x->r->year < y->r->year ? -1 : 1;
	return strcmp(x->r->source, y->r->source);
}

struct check_state {
	struct check_opts o;
	struct tally tally;
	struct buf out;
	struct progress prog;
	int nreports, nerrors_files, nunreadable, any_error;
	int npairs, nerrors_pairs;
};

/* Print the result for one report (or one pair when `pair` is set). */
static void emit(struct check_state *s, const struct report *r, const struct report *prev,
		 const struct finding_list *l)
{
	int errors = finding_count(l, SEV_ERROR);
	int warnings = finding_count(l, SEV_WARNING) - errors;
	int i;
	struct buf *b = &s->out;
	char src[1024];
	if (prev)
		snprintf(src, sizeof src, "%s -> %s", prev->source, r->source);
	else
		str_copy(src, r->source, sizeof src);

	if (s->o.fmt == OUT_TEXT) {
		for (i = 0; i < l->n; i++)
			text_finding(b, src, &l->v[i]);
		if (!s->o.quiet) {
			if (prev)
				buf_printf(b, "-- %s: %s %d-%d: %d errors, %d warnings\n", src,
					   r->agency ? r->agency : "?", prev->year, r->year, errors, warnings);
			else if (!r->spec)
				buf_printf(b, "-- %s: not an annual report: %d errors, %d warnings\n",
					   src, errors, warnings);
			else {
				buf_printf(b, "-- %s: format %s", src, r->spec->key);
				if (r->year)
					buf_printf(b, ", year %d", r->year);
				if (r->agency)
					buf_printf(b, ", %s", r->agency);
				buf_printf(b, ": %d errors, %d warnings\n", errors, warnings);
			}
		}
	} else if (s->o.fmt == OUT_CSV) {
		int k, j;
		csv_field(b, src);
		buf_addc(b, ',');
		csv_field(b, prev ? "pair" : r->spec ? r->spec->key : "");
		buf_addc(b, ',');
		if (r->year)
			buf_printf(b, "%d", r->year);
		buf_addc(b, ',');
		csv_field(b, r->agency);
		buf_printf(b, ",%d,%d,", errors, warnings);
		{
			struct buf rules = BUF_INIT(0);
			for (k = 0; k < l->n; k++) {
				for (j = 0; j < k && strcmp(l->v[j].rule, l->v[k].rule); j++)
					;
				if (j < k)
					continue;
				if (rules.len)
					buf_addc(&rules, ';');
				buf_adds(&rules, l->v[k].rule);
			}
			csv_field(b, buf_str(&rules));
			buf_free(&rules);
		}
		buf_addc(b, '\n');
	} else {
		struct jsonw w;
		jsonw_init(&w, b, s->o.fmt == OUT_JSON);
		jsonw_object_begin(&w);
		if (prev) {
			jsonw_key(&w, "pair");
			jsonw_array_begin(&w);
			jsonw_string(&w, prev->source);
			jsonw_string(&w, r->source);
			jsonw_array_end(&w);
			jsonw_key(&w, "source");
			jsonw_string(&w, r->source);
			jsonw_key(&w, "format");
			jsonw_string(&w, r->spec ? r->spec->key : NULL);
			jsonw_key(&w, "years");
			jsonw_array_begin(&w);
			jsonw_int(&w, prev->year);
			jsonw_int(&w, r->year);
			jsonw_array_end(&w);
		} else {
			jsonw_key(&w, "source");
			jsonw_string(&w, r->source);
			jsonw_key(&w, "format");
			jsonw_string(&w, r->spec ? r->spec->key : NULL);
		}
		jsonw_key(&w, "year");
		if (r->year)
			jsonw_int(&w, r->year);
		else
			jsonw_null(&w);
		jsonw_key(&w, "agency");
		jsonw_string(&w, r->agency);
		jsonw_key(&w, "errors");
		jsonw_int(&w, errors);
		jsonw_key(&w, "warnings");
		jsonw_int(&w, warnings);
		jsonw_key(&w, "findings");
		findings_to_json(l, &w);
		jsonw_object_end(&w);
		buf_addc(b, '\n');
	}
	progress_clear(&s->prog);
	out_buf(b);
	tally_add(&s->tally, l);
	if (errors) {
		s->any_error = 1;
		if (prev)
			s->nerrors_pairs++;
		else
			s->nerrors_files++;
	}
}

static void check_pairs(struct check_state *s, struct series_item *items, int n)
{
	int i, j;
	qsort(items, (size_t)n, sizeof *items, cmp_series);
	for (i = 0; i < n; i++) {
		/* i must be the first report of its agency+year; pair it with
		 * the first of the next year */
		if (i > 0 && !strcmp(items[i - 1].key, items[i].key) &&
		    items[i - 1].r->year == items[i].r->year)
			continue;
		for (j = i + 1; j < n && !strcmp(items[j].key, items[i].key) &&
			     items[j].r->year == items[i].r->year; j++)
			;
		if (j < n && !strcmp(items[j].key, items[i].key) &&
		    items[j].r->year == items[i].r->year + 1) {
			struct finding_list l = {0};
			struct report *cur = items[j].r;
			char *saved = NULL;
			if (s->o.pair_forced) {
				/* the caller vouches that these are one agency */
				saved = cur->agency;
				cur->agency = xstrdup(items[i].r->agency ? items[i].r->agency : "-");
				if (!items[i].r->agency) {
					free(items[i].r->agency);
					items[i].r->agency = xstrdup("-");
				}
			}
			report_check_pair(items[i].r, cur, &l);
			if (saved) {
				free(cur->agency);
				cur->agency = saved;
			}
			emit(s, cur, items[i].r, &l);
			s->npairs++;
			finding_list_free(&l);
		}
	}
}

static void check_usage(FILE *f, const char *name)
{
	fprintf(f,
		"usage: gongkai report %s FILE|DIR... [--text|--json|--jsonl|--csv] [--pair|--no-pair] [--quiet]\n"
		"\n"
		"Check published annual reports: the format's consistency rules (勾稽关系),\n"
		"blank cells, text against tables, format vs year, sections, template\n"
		"placeholders and the publication date. Rule ids: docs/checks.md.\n"
		"Directories are read recursively (regular files, sorted by name).\n"
		"\n"
		"  --text    one line per finding and a summary per file (default for check)\n"
		"  --json    one JSON object per report (pretty for a single report)\n"
		"  --jsonl   one JSON object per report per line (default for batch)\n"
		"  --csv     one summary row per report: source,format,year,agency,errors,warnings,rules\n"
		"  --pair    treat the inputs as one agency's reports and check consecutive\n"
		"            years against each other even if the agency names differ\n"
		"  --no-pair skip the cross-year carry-over check\n"
		"  --quiet   text output without the per-file summary lines\n"
		"\n"
		"Reports of the same agency for consecutive years are paired automatically\n"
		"(carry-over: this year's 上年结转 = last year's 结转下年度).\n"
		"A progress bar is shown on stderr when it is a terminal; a per-rule tally\n"
		"ends text and JSONL output of several files.\n"
		"Exit 0 no errors (warnings allowed), 1 errors found, 2 a file could not be read.\n",
		name);
}

static int cmd_check(int argc, char **argv, int batch)
{
	struct check_state s;
	struct pathlist files = {0};
	struct buf text = BUF_INIT(DECODE_MAX_TEXT);
	struct series_item *series = NULL;
	char **ops = xcalloc((size_t)argc + 1, sizeof *ops);
	int i, nops = 0, nseries = 0, cap = 0, only_ops = 0, rc;
	const char *name = batch ? "batch" : "check";

	memset(&s, 0, sizeof s);
	buf_init(&s.out, 0);
	s.o.fmt = batch ? OUT_JSONL : OUT_TEXT;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (only_ops || a[0] != '-' || !strcmp(a, "-"))
			ops[nops++] = argv[i];
		else if (!strcmp(a, "--"))
			only_ops = 1;
		else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			check_usage(stdout, name);
			free(ops);
			return 0;
		} else if (!strcmp(a, "--text"))
			s.o.fmt = OUT_TEXT;
		else if (!strcmp(a, "--json"))
			s.o.fmt = OUT_JSON;
		else if (!strcmp(a, "--jsonl"))
			s.o.fmt = OUT_JSONL;
		else if (!strcmp(a, "--csv"))
			s.o.fmt = OUT_CSV;
		else if (!strcmp(a, "--pair"))
			s.o.pair_forced = 1;
		else if (!strcmp(a, "--no-pair"))
			s.o.no_pair = 1;
		else if (!strcmp(a, "--quiet") || !strcmp(a, "-q"))
			s.o.quiet = 1;
		else {
			fprintf(stderr, "gongkai report %s: unknown option '%s'\n", name, a);
			check_usage(stderr, name);
			free(ops);
			return 2;
		}
	}
	if (s.o.pair_forced && s.o.no_pair) {
		fprintf(stderr, "gongkai report %s: --pair and --no-pair exclude each other\n", name);
		free(ops);
		return 2;
	}
	if (!nops) {
		fprintf(stderr, "gongkai report %s: no input files\n", name);
		check_usage(stderr, name);
		free(ops);
		return 2;
	}
	collect(&files, ops, nops);
	free(ops);
	if (files.n > 1 && s.o.fmt == OUT_JSON)
		s.o.fmt = OUT_JSONL;
	s.prog.on = files.n > 1 && isatty(2);
	s.prog.total = files.n;
	s.prog.width = snprintf(NULL, 0, "%d", files.n);
	if (s.o.fmt == OUT_CSV)
		printf("source,format,year,agency,errors,warnings,rules\n");

	for (i = 0; i < files.n; i++) {
		struct finding_list l = {0};
		struct report *r;
		int k;
		progress_show(&s.prog, i, files.v[i]);
		r = load_report(files.v[i], &text);
		if (!r) {
			s.nunreadable++;
			continue;
		}
		for (k = 0; k < r->notes.n; k++) {
			const struct finding *f = &r->notes.v[k];
			finding_add(&l, f->rule, f->sev, f->table, f->row, f->col, f->line,
				    f->expected, f->found, f->zh, f->en);
		}
		report_check_text(r, text.data ? text.data : "", text.len, &l);
		emit(&s, r, NULL, &l);
		s.nreports++;
		if (!s.o.no_pair && r->spec && r->year && (r->agency || s.o.pair_forced)) {
			if (nseries == cap) {
				cap = cap ? cap * 2 : 16;
				series = xreallocarray(series, (size_t)cap, sizeof *series);
			}
			series[nseries].r = pair_copy(r);
			series[nseries].key = s.o.pair_forced ? xstrdup("")
				: label_key(r->agency, strlen(r->agency));
			nseries++;
		}
		finding_list_free(&l);
		report_free(r);
	}
	progress_clear(&s.prog);
	if (nseries > 1)
		check_pairs(&s, series, nseries);
	for (i = 0; i < nseries; i++) {
		report_free(series[i].r);
		free(series[i].key);
	}
	free(series);
	fflush(stdout);

	if (files.n > 1 && s.o.fmt != OUT_CSV && s.o.fmt != OUT_JSON) {
		if (s.tally.n)
			tally_print(&s.tally);
		fprintf(stderr, "%d reports checked, %d with errors, %d unreadable",
			s.nreports, s.nerrors_files, s.nunreadable + (files.failed ? 1 : 0));
		if (s.npairs)
			fprintf(stderr, "; %d year pairs, %d with errors", s.npairs, s.nerrors_pairs);
		fputc('\n', stderr);
	}
	rc = s.nunreadable || files.failed ? 2 : s.any_error ? 1 : 0;
	tally_free(&s.tally);
	buf_free(&s.out);
	buf_free(&text);
	paths_free(&files);
	return rc;
}

/* ---- render ---- */

#define RENDER_NAMES "html, md, json, pipe, cells, tab, space, run, docx, xlsx"

/* Refuse binary output to a terminal; see cli.h. */
int cli_binary_ok(const char *cmd, int to, const char *outpath)
{
	if (!render_to_is_binary((enum render_to)to) || (outpath && strcmp(outpath, "-") != 0) ||
	    !isatty(STDOUT_FILENO))
		return 0;
	fprintf(stderr, "gongkai %s: --to %s writes a binary file; give -o FILE or redirect "
		"standard output to a file\n", cmd, render_to_ext((enum render_to)to));
	return 2;
}

/* Write out to outpath or stdout; see cli.h. */
int cli_write_out(const char *outpath, const struct buf *out)
{
	if (outpath && strcmp(outpath, "-") != 0) {
		if (file_write_atomic(outpath, out->data ? out->data : "", out->len) != 0) {
			fprintf(stderr, "gongkai: %s: cannot write: %s\n", outpath, strerror(errno));
			return 2;
		}
		return 0;
	}
	if (out->len && fwrite(out->data, 1, out->len, stdout) != out->len) {
		fprintf(stderr, "gongkai: standard output: %s\n", strerror(errno));
		return 2;
	}
	if (fflush(stdout) != 0) {
		fprintf(stderr, "gongkai: standard output: %s\n", strerror(errno));
		return 2;
	}
	return 0;
}

static void render_usage(FILE *f)
{
	fprintf(f,
		"usage: gongkai report render FILE.json [--to html|md|json|pipe|cells|tab|space|run|docx|xlsx] [-o OUT]\n"
		"\n"
		"Render a report JSON (as printed by 'gongkai report parse') in the\n"
		"official layout. --to defaults to html; -o writes to OUT instead of stdout.\n"
		"docx is the Word file of the report, xlsx an Excel workbook with one sheet\n"
		"per table and the check findings on its first sheet; both are binary and\n"
		"need -o or a redirected standard output.\n");
}

static int cmd_render(int argc, char **argv)
{
	const char *in = NULL, *to = "html", *outpath = NULL;
	struct buf json = BUF_INIT(0), out = BUF_INIT(0);
	struct finding_list fl = {0};
	char err[512];
	struct report *r;
	int i, kind, rc = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			render_usage(stdout);
			return 0;
		} else if (!strcmp(a, "--to") || !strcmp(a, "-o") || !strcmp(a, "--out")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "gongkai report render: %s needs a value\n", a);
				render_usage(stderr);
				return 2;
			}
			if (!strcmp(a, "--to"))
				to = argv[++i];
			else
				outpath = argv[++i];
		} else if (!strncmp(a, "--to=", 5)) {
			to = a + 5;
		} else if (!strncmp(a, "--out=", 6)) {
			outpath = a + 6;
		} else if (a[0] == '-' && strcmp(a, "-") != 0) {
			fprintf(stderr, "gongkai report render: unknown option '%s'\n", a);
			render_usage(stderr);
			return 2;
		} else if (in) {
			fprintf(stderr, "gongkai report render: one input file only\n");
			render_usage(stderr);
			return 2;
		} else {
			in = a;
		}
	}
	if (!in) {
		fprintf(stderr, "gongkai report render: no input file\n");
		render_usage(stderr);
		return 2;
	}
	kind = render_to_from_name(to);
	if (kind < 0) {
		fprintf(stderr, "gongkai report render: unknown --to '%s' (" RENDER_NAMES ")\n", to);
		return 2;
	}
	if (cli_binary_ok("report render", kind, outpath))
		return 2;
	if (file_read(in, MAX_JSON_INPUT, &json, err, sizeof err) != 0) {
		fprintf(stderr, "gongkai: %s: %s\n", in, err);
		buf_free(&json);
		return 2;
	}
	err[0] = '\0';
	r = report_from_json(spec_builtin(), json.data ? json.data : "", json.len, err, sizeof err);
	buf_free(&json);
	if (!r) {
		fprintf(stderr, "gongkai: %s: %s\n", in, err[0] ? err : "not a report JSON");
		return 2;
	}
	if (kind == RENDER_XLSX && r->spec)
		report_check(r, &fl);
	if (!r->spec) {
		fprintf(stderr, "gongkai: %s: the report has no known format; nothing to render\n", in);
		rc = 2;
	} else if ((kind == RENDER_XLSX ? report_render_xlsx(r, &fl, &out)
				       : report_render(r, (enum render_to)kind, &out)) != 0) {
		fprintf(stderr, "gongkai: %s: the %s file could not be written\n", in, to);
		rc = 2;
	} else {
		rc = cli_write_out(outpath, &out);
	}
	finding_list_free(&fl);
	report_free(r);
	buf_free(&out);
	return rc;
}

/* ---- dispatch ---- */

static void report_usage(FILE *f)
{
	fprintf(f,
		"usage: gongkai report COMMAND [ARGS...]\n"
		"\n"
		"commands:\n"
		"  parse FILE|DIR...            print the report JSON\n"
		"  check FILE|DIR...            check consistency (text, --json, --jsonl, --csv)\n"
		"  batch FILE|DIR...            check many reports; JSONL by default\n"
		"  render FILE.json --to FMT    render html, md, json, pipe, cells, tab, space, run,\n"
		"                               docx, xlsx (-o FILE)\n"
		"  build --agency ID --year Y   build from the records (--to json|html|md|docx|xlsx)\n"
		"\n"
		"Run 'gongkai report COMMAND --help' for a command's options.\n");
}

int cmd_report(int argc, char **argv)
{
	if (argc < 1) {
		report_usage(stderr);
		return 2;
	}
	if (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h") || !strcmp(argv[0], "help")) {
		report_usage(stdout);
		return 0;
	}
	if (!strcmp(argv[0], "parse"))
		return cmd_parse(argc, argv);
	if (!strcmp(argv[0], "check"))
		return cmd_check(argc, argv, 0);
	if (!strcmp(argv[0], "batch"))
		return cmd_check(argc, argv, 1);
	if (!strcmp(argv[0], "render"))
		return cmd_render(argc, argv);
	if (!strcmp(argv[0], "build"))
		return cmd_report_build(argc, argv);
	fprintf(stderr, "gongkai report: unknown command '%s'\n", argv[0]);
	report_usage(stderr);
	return 2;
}
