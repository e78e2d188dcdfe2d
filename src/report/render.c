/* render.c - PLACEHOLDER until the renderers land (owner: render). */
#include "report/render.h"

int report_render(const struct report *r, enum render_to to, struct buf *out)
{
	(void)r; (void)to; (void)out;
	return -1;
}

int render_to_from_name(const char *name) { (void)name; return -1; }
