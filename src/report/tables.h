/* tables.h - locate and read every table of the report's spec in the text.
 * Used by parse.c after meta_detect(). Handles pipe rows, one cell per
 * line, tabs, space-aligned columns, rows broken across lines and rows whose
 * cells run together (split with the table's own sums; ambiguous splits are
 * noted in r->notes, cells left blank). */
#ifndef GK_TABLES_H
#define GK_TABLES_H

#include <stddef.h>
#include "report/model.h"

/* Fill r->tables from `text`. r->spec must not be NULL. */
void tables_extract(struct report *r, const char *text, size_t len);

#endif
