/* isotime.c - UTC timestamps as ISO-8601 text (base/isotime.h). */
#include "base/isotime.h"

#include <string.h>

char *iso_time_format(time_t t, char *out, size_t outsize)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	if (!strftime(out, outsize, "%Y-%m-%dT%H:%M:%SZ", &tm) && outsize)
		out[0] = '\0';
	return out;
}

time_t iso_time_parse(const char *s)
{
	struct tm tm;
	const char *end;
	if (!s)
		return 0;
	memset(&tm, 0, sizeof tm);
	end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (!end || *end)
		return 0;
	return timegm(&tm);
}
