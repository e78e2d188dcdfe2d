/* finding.c - lists of findings. */
#include "report/finding.h"
#include "base/xalloc.h"

#include <stdlib.h>
#include <string.h>

void finding_add(struct finding_list *l, const char *rule, enum severity sev,
		 const char *table, const char *row, const char *col, int line,
		 const char *expected, const char *found,
		 const char *zh, const char *en)
{
	struct finding *f;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = xreallocarray(l->v, (size_t)l->cap, sizeof *l->v);
	}
	f = &l->v[l->n++];
	f->rule = xstrdup(rule);
	f->sev = sev;
	f->table = xstrdup(table);
	f->row = xstrdup(row);
	f->col = xstrdup(col);
	f->line = line;
	f->expected = xstrdup(expected);
	f->found = xstrdup(found);
	f->zh = xstrdup(zh);
	f->en = xstrdup(en);
}

void finding_list_free(struct finding_list *l)
{
	int i;
	for (i = 0; i < l->n; i++) {
		struct finding *f = &l->v[i];
		free(f->rule);
		free(f->table);
		free(f->row);
		free(f->col);
		free(f->expected);
		free(f->found);
		free(f->zh);
		free(f->en);
	}
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

int finding_count(const struct finding_list *l, enum severity min)
{
	int i, c = 0;
	for (i = 0; i < l->n; i++)
		if (l->v[i].sev >= min)
			c++;
	return c;
}

const char *severity_name(enum severity s)
{
	return s == SEV_ERROR ? "error" : s == SEV_WARNING ? "warning" : "info";
}
