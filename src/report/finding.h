/* finding.h - what a check (or the parser) says about a report.
 *
 * A finding names the rule, its severity, where it applies (table/row/col
 * keys or a text line), what was expected and what was found, and one line
 * of explanation in Chinese and in English. Lists own their strings. */
#ifndef GK_FINDING_H
#define GK_FINDING_H

enum severity { SEV_INFO = 0, SEV_WARNING = 1, SEV_ERROR = 2 };

struct finding {
	char *rule;      /* stable rule id, e.g. "apps.balance" */
	enum severity sev;
	char *table;     /* table key or NULL */
	char *row;       /* row key or NULL */
	char *col;       /* column key or NULL */
	int line;        /* 1-based line in the source text, 0 if unknown */
	char *expected;  /* may be NULL */
	char *found;     /* may be NULL */
	char *zh;        /* one-line explanation, Simplified Chinese */
	char *en;        /* one-line explanation, English */
};

struct finding_list {
	struct finding *v;
	int n, cap;
};

/* Append a finding; every string argument is copied (NULL allowed). */
void finding_add(struct finding_list *l, const char *rule, enum severity sev,
		 const char *table, const char *row, const char *col, int line,
		 const char *expected, const char *found,
		 const char *zh, const char *en);
/* Free every finding and reset the list to empty. */
void finding_list_free(struct finding_list *l);
/* Number of findings of at least severity `min`. */
int finding_count(const struct finding_list *l, enum severity min);
/* "error", "warning" or "info". */
const char *severity_name(enum severity s);

#endif
