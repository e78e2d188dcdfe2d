/* embedded.c - lookup in the table of data files compiled into the binary. */
#include "base/embedded.h"

#include <string.h>

const char *embedded_get(const char *name, size_t *len)
{
	size_t i;
	for (i = 0; i < embedded_count; i++) {
		if (strcmp(embedded_files[i].name, name) == 0) {
			if (len)
				*len = embedded_files[i].len;
			return (const char *)embedded_files[i].data;
		}
	}
	return NULL;
}
