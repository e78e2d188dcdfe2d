/* metrics.h - request counters and latency histograms for /metrics.
 *
 * Lock-free (atomic) counters per route name and status class, rendered in
 * the Prometheus text exposition format. Route names are registered once
 * at start-up; observations on unknown names go to "other". */
#ifndef GK_METRICS_H
#define GK_METRICS_H

#include "base/buf.h"

/* Register a route name (call before serving; duplicates are merged). */
void metrics_register(const char *name);
/* Count one request: route name, HTTP status, duration in seconds. */
void metrics_observe(const char *name, int status, double seconds);
/* Set a gauge (e.g. "gongkai_applications_overdue") to a value. */
void metrics_gauge(const char *name, const char *help, double value);
/* Append the Prometheus text for everything to out. */
void metrics_render(struct buf *out);

#endif
