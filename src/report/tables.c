/* tables.c - PLACEHOLDER until table extraction lands (owner: tables). */
#include "report/tables.h"

void tables_extract(struct report *r, const char *text, size_t len)
{
	(void)r; (void)text; (void)len;
}
