/* system.c - operational endpoints: /healthz and /metrics. */
#include "web/routes.h"
#include "web/metrics.h"
#include "store/db.h"

#include <string.h>

/* GET /healthz: 200 when the database answers, 503 otherwise. */
static void healthz(struct http_request *req, struct http_response *res)
{
	int64_t one = 0;
	if (req->db && db_query_int(req->db, "SELECT 1", NULL, 0, &one) == 0 && one == 1) {
		buf_adds(&res->body, "{\"status\":\"ok\",\"db\":\"ok\"}\n");
		http_json(res, 200);
	} else {
		buf_adds(&res->body, "{\"status\":\"degraded\",\"db\":\"unavailable\"}\n");
		http_json(res, 503);
	}
}

/* GET /metrics: Prometheus text format. */
static void metrics(struct http_request *req, struct http_response *res)
{
	(void)req;
	metrics_render(&res->body);
	res->status = 200;
	res->content_type = "text/plain; version=0.0.4; charset=utf-8";
}

const struct route system_routes[] = {
	{"GET", "/healthz", healthz, "healthz"},
	{"GET", "/metrics", metrics, "metrics"},
	{NULL, NULL, NULL, NULL}
};
