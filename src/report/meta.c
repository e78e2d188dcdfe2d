/* meta.c - PLACEHOLDER until format detection and metadata land (owner: meta). */
#include "report/meta.h"

const struct report_spec *meta_detect(const struct spec_set *specs,
				      const char *text, size_t len, int *year_out)
{
	(void)specs; (void)text; (void)len;
	*year_out = 0;
	return NULL;
}

void meta_extract(struct report *r, const char *text, size_t len)
{
	(void)r; (void)text; (void)len;
}
