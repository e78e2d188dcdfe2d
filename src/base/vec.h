/* vec.h - appending to a growable array held as {items, n, cap}.
 *
 * The store and service modules keep their result lists as a struct with
 * `items`, `n` and `cap` members; VEC_PUSH(list) grows the array (doubling,
 * at least 8) and returns a pointer to a new zeroed element at its end.
 * Allocation failure aborts (base/xalloc.h), so the result is never NULL. */
#ifndef GK_VEC_H
#define GK_VEC_H

#include <stddef.h>

/* Grow *items (an array of elements of `size` bytes, *n used, *cap
 * allocated) by one zeroed element and return it. items points to the
 * array pointer. */
void *vec_push(void *items, size_t *n, size_t *cap, size_t size);

#define VEC_PUSH(l) \
	((__typeof__((l)->items))vec_push(&(l)->items, &(l)->n, &(l)->cap, sizeof *(l)->items))

#endif
