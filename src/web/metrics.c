/* metrics.c - request counters and latency histograms for /metrics. */
#include "web/metrics.h"
#include "base/str.h"

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#define MAX_ROUTES 256
#define MAX_GAUGES 32

static const double bounds[] = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
#define NBOUNDS (sizeof bounds / sizeof bounds[0])

struct route_stats {
	char name[64];
	atomic_ullong by_class[6];        /* 1xx..5xx, index 1..5 */
	atomic_ullong buckets[NBOUNDS + 1];
	atomic_ullong micros_sum;
};

static struct route_stats routes[MAX_ROUTES];
static int nroutes;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

struct gauge {
	char name[64];
	char help[128];
	double value;
};
static struct gauge gauges[MAX_GAUGES];
static int ngauges;
static time_t started;

static struct route_stats *find(const char *name)
{
	int i;
	for (i = 0; i < nroutes; i++)
		if (!strcmp(routes[i].name, name))
			return &routes[i];
	return NULL;
}

void metrics_register(const char *name)
{
	pthread_mutex_lock(&lock);
	if (!started)
		started = time(NULL);
	if (!find(name) && nroutes < MAX_ROUTES)
		str_copy(routes[nroutes++].name, name, sizeof routes[0].name);
	if (!find("other") && nroutes < MAX_ROUTES)
		str_copy(routes[nroutes++].name, "other", sizeof routes[0].name);
	pthread_mutex_unlock(&lock);
}

void metrics_observe(const char *name, int status, double seconds)
{
	struct route_stats *r = find(name ? name : "other");
	size_t b;
	int cls = status / 100;
	if (!r)
		r = find("other");
	if (!r)
		return;
	if (cls < 1 || cls > 5)
		cls = 5;
	atomic_fetch_add(&r->by_class[cls], 1);
	for (b = 0; b < NBOUNDS && seconds > bounds[b]; b++)
		;
	atomic_fetch_add(&r->buckets[b], 1);
	atomic_fetch_add(&r->micros_sum, (unsigned long long)(seconds * 1e6));
}

void metrics_gauge(const char *name, const char *help, double value)
{
	int i;
	pthread_mutex_lock(&lock);
	for (i = 0; i < ngauges; i++)
		if (!strcmp(gauges[i].name, name))
			break;
	if (i == ngauges && ngauges < MAX_GAUGES) {
		str_copy(gauges[i].name, name, sizeof gauges[i].name);
		str_copy(gauges[i].help, help, sizeof gauges[i].help);
		ngauges++;
	}
	if (i < MAX_GAUGES)
		gauges[i].value = value;
	pthread_mutex_unlock(&lock);
}

void metrics_render(struct buf *out)
{
	int i, c;
	size_t b;
	buf_adds(out, "# HELP gongkai_http_requests_total HTTP requests by route and status class.\n"
		      "# TYPE gongkai_http_requests_total counter\n");
	for (i = 0; i < nroutes; i++)
		for (c = 1; c <= 5; c++) {
			unsigned long long v = atomic_load(&routes[i].by_class[c]);
			if (v)
				buf_printf(out, "gongkai_http_requests_total{route=\"%s\",code=\"%dxx\"} %llu\n",
					   routes[i].name, c, v);
		}
	buf_adds(out, "# HELP gongkai_http_request_duration_seconds Request latency.\n"
		      "# TYPE gongkai_http_request_duration_seconds histogram\n");
	for (i = 0; i < nroutes; i++) {
		unsigned long long cum = 0, total = 0;
		for (b = 0; b <= NBOUNDS; b++)
			total += atomic_load(&routes[i].buckets[b]);
		if (!total)
			continue;
		for (b = 0; b < NBOUNDS; b++) {
			cum += atomic_load(&routes[i].buckets[b]);
			buf_printf(out, "gongkai_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %llu\n",
				   routes[i].name, bounds[b], cum);
		}
		buf_printf(out, "gongkai_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %llu\n",
			   routes[i].name, total);
		buf_printf(out, "gongkai_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n",
			   routes[i].name, (double)atomic_load(&routes[i].micros_sum) / 1e6);
		buf_printf(out, "gongkai_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
			   routes[i].name, total);
	}
	pthread_mutex_lock(&lock);
	for (i = 0; i < ngauges; i++)
		buf_printf(out, "# HELP %s %s\n# TYPE %s gauge\n%s %g\n", gauges[i].name,
			   gauges[i].help, gauges[i].name, gauges[i].name, gauges[i].value);
	buf_printf(out, "# HELP gongkai_start_time_seconds Unix time the process started.\n"
			"# TYPE gongkai_start_time_seconds gauge\ngongkai_start_time_seconds %lld\n",
		   (long long)started);
	pthread_mutex_unlock(&lock);
}
