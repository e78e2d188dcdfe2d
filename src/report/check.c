/* check.c - PLACEHOLDER until the checker lands (owner: check). */
#include "report/check.h"

void report_check(const struct report *r, struct finding_list *out) { (void)r; (void)out; }
void report_check_pair(const struct report *prev, const struct report *cur,
		       struct finding_list *out) { (void)prev; (void)cur; (void)out; }
