/* vec.c - appending to a growable array held as {items, n, cap}. */
#include "base/vec.h"
#include "base/xalloc.h"

#include <string.h>

void *vec_push(void *items, size_t *n, size_t *cap, size_t size)
{
	char *base;
	memcpy(&base, items, sizeof base);
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		base = xreallocarray(base, *cap, size);
		memcpy(items, &base, sizeof base);
	}
	memset(base + *n * size, 0, size);
	return base + (*n)++ * size;
}
