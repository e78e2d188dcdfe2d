/* http.h - the HTTP server: libmicrohttpd underneath, a route table on top.
 *
 * Routes are data (the Redis command-table idea): method, path pattern with
 * ":name" segments, handler, and the access it needs. Each request gets a
 * bounded body buffer (requests over the cap get 413 before any handler
 * runs), its query and path parameters, and a database connection owned by
 * the worker thread. Handlers fill a struct http_response; the server adds
 * the security headers, writes the access log and counts metrics. */
#ifndef GK_HTTP_H
#define GK_HTTP_H

#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"

struct db;
struct MHD_Connection;
struct server;

#define HTTP_MAX_PATH_PARAMS 4
#define HTTP_MAX_HEADERS 12

struct http_request {
	const char *method;
	const char *path;                 /* URL path, without the query */
	struct MHD_Connection *conn;
	struct buf body;                  /* bounded by the server's body cap */
	int body_too_large;
	char param_names[HTTP_MAX_PATH_PARAMS][32];
	char *param_values[HTTP_MAX_PATH_PARAMS];
	int nparams;
	struct server *server;
	struct db *db;                    /* this worker thread's connection, or NULL */
	char remote_ip[64];
	void *auth;                       /* set by the auth layer (web/session) */
	const struct route *route;
	double started;                   /* monotonic seconds */
};

struct http_response {
	int status;
	const char *content_type;         /* static string */
	struct buf body;
	char *header_names[HTTP_MAX_HEADERS];
	char *header_values[HTTP_MAX_HEADERS];
	int nheaders;
	const void *static_body;          /* if set, sent instead of body (not freed) */
	size_t static_len;
};

typedef void (*http_handler)(struct http_request *req, struct http_response *res);

struct route {
	const char *method;               /* "GET", "POST", ... */
	const char *pattern;              /* "/api/applications/:id/events" */
	http_handler handler;
	const char *name;                 /* label for metrics, e.g. "api.application.get" */
};

struct server_config {
	char listen_host[64];             /* "127.0.0.1" */
	int port;                         /* 8080 */
	int threads;                      /* worker threads (thread pool size) */
	size_t max_body;                  /* bytes; requests above get 413 */
	char db_url[1024];                /* "sqlite:gongkai.db" or "postgresql://..." */
	char key_file[1024];              /* libsodium key for identity numbers */
	char access_log[1024];            /* path, "-" for stderr, "" for none */
	int trust_proxy;                  /* honour X-Forwarded-For / -Proto */
	int secure_cookies;               /* always mark cookies Secure (served over TLS) */
	int apply_limit;                  /* online applications per client address ... */
	int apply_window;                 /* ... per this many seconds (0 in either: no limit) */
};

/* Defaults: 127.0.0.1:8080, 4 threads, 1 MiB bodies, sqlite:gongkai.db,
 * 10 online applications per address per hour (service/apply_limit.h). */
void server_config_defaults(struct server_config *cfg);
/* Read "key = value" lines (listen, port, threads, max_body, db, key_file,
 * access_log, trust_proxy, secure_cookies, apply_limit, apply_window) from
 * path into cfg. Returns 0, or -1 with "PATH:LINE: reason" in err. */
int server_config_load(struct server_config *cfg, const char *path,
		       char *err, size_t errsize);

/* Start serving the given route tables (NULL-terminated array of arrays,
 * each ending with a {NULL} entry). Returns NULL with a reason in err. */
struct server *server_start(const struct server_config *cfg,
			    const struct route *const *tables,
			    char *err, size_t errsize);
/* Stop accepting, finish in-flight requests, free everything. */
void server_stop(struct server *s);
/* The configuration the server runs with. */
const struct server_config *server_config(const struct server *s);
/* Actual port (useful with port 0). */
int server_port(const struct server *s);

/* Request helpers. */
/* Query-string argument or NULL. */
const char *http_query(struct http_request *req, const char *key);
/* Request header or NULL. */
const char *http_header(struct http_request *req, const char *name);
/* Cookie value or NULL. */
const char *http_cookie(struct http_request *req, const char *name);
/* Path parameter captured by ":name", or NULL. */
const char *http_param(struct http_request *req, const char *name);

/* Response helpers. */
/* Add a header (copied). Silently ignored past HTTP_MAX_HEADERS. */
void http_set_header(struct http_response *res, const char *name, const char *value);
/* Set status and a JSON body already built in res->body. */
void http_json(struct http_response *res, int status);
/* {"error": {"code": code, "message": msg}} with the given status. */
void http_json_error(struct http_response *res, int status, const char *code,
		     const char *msg);
/* The same with "field": the JSON path of the offending input ("$.name"),
 * omitted when field is NULL or "". */
void http_json_error_at(struct http_response *res, int status, const char *code,
			const char *msg, const char *field);
/* The same with "line" (an uploaded file's line number) when line > 0. */
void http_json_error_line(struct http_response *res, int status, const char *code,
			  const char *msg, const char *field, int line);
/* Retry-After: seconds (at least 1), e.g. with a 429. */
void http_retry_after(struct http_response *res, int seconds);
/* Plain text response. */
void http_text(struct http_response *res, int status, const char *text);

#endif
