/* isotime.h - UTC timestamps as ISO-8601 text ("2024-05-01T08:30:00Z").
 *
 * The store keeps times in this form because it compares correctly as a
 * string on both engines; these two functions go between it and time_t. */
#ifndef GK_ISOTIME_H
#define GK_ISOTIME_H

#include <stddef.h>
#include <time.h>

#define ISO_TIME_SIZE 21        /* "YYYY-MM-DDTHH:MM:SSZ" + NUL */

/* Format t (UTC) into out; "" if outsize is below ISO_TIME_SIZE. Returns out. */
char *iso_time_format(time_t t, char *out, size_t outsize);
/* Parse iso_time_format's form exactly; 0 if s is NULL or malformed. */
time_t iso_time_parse(const char *s);

#endif
