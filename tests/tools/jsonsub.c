/* jsonsub.c - test tool: is EXPECTED a subset of ACTUAL?
 *
 * Usage: jsonsub EXPECTED.json ACTUAL.json
 * Objects match when every key of the expected object is present in the
 * actual one with a matching value (extra actual keys are allowed); arrays
 * must have the same length and match element-wise; numbers compare by
 * value (1 == 1.0); everything else must be equal. Prints the JSON path of
 * the first mismatch and exits 1; exits 0 on a match, 2 on unreadable input.
 * A whole-file JSONL actual (several objects, one per line) is compared as
 * an array when EXPECTED is an array. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char path[4096];

static int number(json_t *j, double *out)
{
	if (json_is_integer(j)) {
		*out = (double)json_integer_value(j);
		return 1;
	}
	if (json_is_real(j)) {
		*out = json_real_value(j);
		return 1;
	}
	return 0;
}

static void show(const char *what, json_t *e, json_t *a)
{
	char *es = e ? json_dumps(e, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
	char *as = a ? json_dumps(a, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
	fprintf(stderr, "mismatch at %s: %s\n  expected: %.300s\n  actual:   %.300s\n",
		path[0] ? path : "$", what, es ? es : "(missing)", as ? as : "(missing)");
	free(es);
	free(as);
}

static int sub(json_t *e, json_t *a)
{
	double x, y;
	size_t len = strlen(path);
	if (number(e, &x) && number(a, &y)) {
		if (x != y) {
			show("numbers differ", e, a);
			return 0;
		}
		return 1;
	}
	if (json_typeof(e) != json_typeof(a)) {
		show("types differ", e, a);
		return 0;
	}
	if (json_is_object(e)) {
		const char *k;
		json_t *v;
		json_object_foreach(e, k, v) {
			json_t *av = json_object_get(a, k);
			snprintf(path + len, sizeof path - len, ".%s", k);
			if (!av) {
				show("key missing", v, NULL);
				return 0;
			}
			if (!sub(v, av))
				return 0;
			path[len] = '\0';
		}
		return 1;
	}
	if (json_is_array(e)) {
		size_t i;
		if (json_array_size(e) != json_array_size(a)) {
			show("array lengths differ", e, a);
			return 0;
		}
		for (i = 0; i < json_array_size(e); i++) {
			snprintf(path + len, sizeof path - len, "[%zu]", i);
			if (!sub(json_array_get(e, i), json_array_get(a, i)))
				return 0;
			path[len] = '\0';
		}
		return 1;
	}
	if (!json_equal(e, a)) {
		show("values differ", e, a);
		return 0;
	}
	return 1;
}

static json_t *load(const char *file, int want_array)
{
	json_error_t err;
	json_t *j = json_load_file(file, JSON_DECODE_ANY, &err);
	if (!j && want_array) {
		/* JSONL: one value per line */
		FILE *f = fopen(file, "r");
		char *line = NULL;
		size_t cap = 0;
		if (!f)
			return NULL;
		j = json_array();
		while (getline(&line, &cap, f) > 0) {
			json_t *v;
			if (line[0] == '\n')
				continue;
			v = json_loads(line, JSON_DECODE_ANY, &err);
			if (!v) {
				fprintf(stderr, "%s: line %d: %s\n", file, err.line, err.text);
				json_decref(j);
				j = NULL;
				break;
			}
			json_array_append_new(j, v);
		}
		free(line);
		fclose(f);
		return j;
	}
	if (!j)
		fprintf(stderr, "%s:%d: %s\n", file, err.line, err.text);
	return j;
}

int main(int argc, char **argv)
{
	json_t *e, *a;
	int ok;
	if (argc != 3) {
		fprintf(stderr, "usage: jsonsub EXPECTED.json ACTUAL.json\n");
		return 2;
	}
	e = load(argv[1], 0);
	if (!e)
		return 2;
	a = load(argv[2], json_is_array(e));
	if (!a) {
		json_decref(e);
		return 2;
	}
	ok = sub(e, a);
	json_decref(e);
	json_decref(a);
	return ok ? 0 : 1;
}
