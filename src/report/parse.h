/* parse.h - published report text -> model.
 *
 * Generic over the format specs: detects the format (or none), extracts
 * title, year, agency, publication date, the text sections, every table the
 * spec defines (pipe rows, one cell per line, tab-separated, space-aligned
 * pdftotext output, rows broken across lines, and rows whose cells run
 * together as one digit string), and the numbers the text states. What it
 * could not decide (an ambiguous digit split, an unrecognised row) goes into
 * report->notes rather than being guessed silently. */
#ifndef GK_PARSE_H
#define GK_PARSE_H

#include <stddef.h>
#include "report/model.h"
#include "report/spec.h"

/* Parse `len` bytes of UTF-8 text. Never returns NULL: a text that is not an
 * annual report gives a report whose spec is NULL. `source` names the input
 * in messages. */
struct report *report_parse(const struct spec_set *specs, const char *text,
			    size_t len, const char *source);

#endif
