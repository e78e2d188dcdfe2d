/* http.c - the HTTP server: libmicrohttpd underneath, a route table on top. */
#include "web/http.h"
#include "web/metrics.h"
#include "base/str.h"
#include "base/xalloc.h"
#include "base/jsonw.h"
#include "store/db.h"
#include "service/apply_limit.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

struct server {
	struct server_config cfg;
	struct MHD_Daemon *daemon;
	const struct route *const *tables;
	FILE *access_log;
	pthread_mutex_t log_lock;
	pthread_key_t db_key;
};

static double monotonic(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void server_config_defaults(struct server_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	str_copy(cfg->listen_host, "127.0.0.1", sizeof cfg->listen_host);
	cfg->port = 8080;
	cfg->threads = 4;
	cfg->max_body = 1u << 20;
	str_copy(cfg->db_url, "sqlite:gongkai.db", sizeof cfg->db_url);
	str_copy(cfg->key_file, "gongkai.key", sizeof cfg->key_file);
	str_copy(cfg->access_log, "-", sizeof cfg->access_log);
	cfg->apply_limit = APPLY_LIMIT_DEFAULT;
	cfg->apply_window = APPLY_WINDOW_DEFAULT;
}

int server_config_load(struct server_config *cfg, const char *path,
		       char *err, size_t errsize)
{
	FILE *f = fopen(path, "r");
	char line[2048];
	int lineno = 0;
	if (!f) {
		snprintf(err, errsize, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		char *eq, *key, *val;
		int iv;
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errsize, "%s:%d: line too long", path, lineno);
			fclose(f);
			return -1;
		}
		str_trim(line);
		if (!line[0] || line[0] == '#')
			continue;
		eq = strchr(line, '=');
		if (!eq) {
			snprintf(err, errsize, "%s:%d: expected 'key = value'", path, lineno);
			fclose(f);
			return -1;
		}
		*eq = '\0';
		key = str_trim(line);
		val = str_trim(eq + 1);
		if (!strcmp(key, "listen")) {
			str_copy(cfg->listen_host, val, sizeof cfg->listen_host);
		} else if (!strcmp(key, "port") && !str_to_int(val, 0, 65535, &iv)) {
			cfg->port = iv;
		} else if (!strcmp(key, "threads") && !str_to_int(val, 1, 256, &iv)) {
			cfg->threads = iv;
		} else if (!strcmp(key, "max_body") && !str_to_int(val, 1024, 1 << 30, &iv)) {
			cfg->max_body = (size_t)iv;
		} else if (!strcmp(key, "db")) {
			str_copy(cfg->db_url, val, sizeof cfg->db_url);
		} else if (!strcmp(key, "key_file")) {
			str_copy(cfg->key_file, val, sizeof cfg->key_file);
		} else if (!strcmp(key, "access_log")) {
			str_copy(cfg->access_log, val, sizeof cfg->access_log);
		} else if (!strcmp(key, "trust_proxy") && !str_to_int(val, 0, 1, &iv)) {
			cfg->trust_proxy = iv;
		} else if (!strcmp(key, "secure_cookies") && !str_to_int(val, 0, 1, &iv)) {
			cfg->secure_cookies = iv;
		} else if (!strcmp(key, "apply_limit") && !str_to_int(val, 0, 1000000, &iv)) {
			cfg->apply_limit = iv;
		} else if (!strcmp(key, "apply_window") && !str_to_int(val, 0, 30 * 86400, &iv)) {
			cfg->apply_window = iv;
		} else {
			snprintf(err, errsize, "%s:%d: unknown key or bad value: %s = %s",
				 path, lineno, key, val);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	return 0;
}

const struct server_config *server_config(const struct server *s)
{
	return &s->cfg;
}

int server_port(const struct server *s)
{
	const union MHD_DaemonInfo *info =
		MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	return info ? info->port : s->cfg.port;
}

const char *http_query(struct http_request *req, const char *key)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *http_header(struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_cookie(struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

const char *http_param(struct http_request *req, const char *name)
{
	int i;
	for (i = 0; i < req->nparams; i++)
		if (!strcmp(req->param_names[i], name))
			return req->param_values[i];
	return NULL;
}

void http_set_header(struct http_response *res, const char *name, const char *value)
{
	if (res->nheaders >= HTTP_MAX_HEADERS)
		return;
	res->header_names[res->nheaders] = xstrdup(name);
	res->header_values[res->nheaders] = xstrdup(value);
	res->nheaders++;
}

void http_retry_after(struct http_response *res, int seconds)
{
	char v[16];
	snprintf(v, sizeof v, "%d", seconds > 0 ? seconds : 1);
	http_set_header(res, "Retry-After", v);
}

void http_json(struct http_response *res, int status)
{
	res->status = status;
	res->content_type = "application/json; charset=utf-8";
}

void http_json_error_at(struct http_response *res, int status, const char *code,
			const char *msg, const char *field)
{
	http_json_error_line(res, status, code, msg, field, 0);
}

void http_json_error_line(struct http_response *res, int status, const char *code,
			  const char *msg, const char *field, int line)
{
	struct jsonw w;
	buf_reset(&res->body);
	jsonw_init(&w, &res->body, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "error");
	jsonw_object_begin(&w);
	jsonw_key(&w, "code");
	jsonw_string(&w, code);
	jsonw_key(&w, "message");
	jsonw_string(&w, msg);
	if (field && field[0]) {
		jsonw_key(&w, "field");
		jsonw_string(&w, field);
	}
	if (line > 0) {
		jsonw_key(&w, "line");
		jsonw_int(&w, line);
	}
	jsonw_object_end(&w);
	jsonw_object_end(&w);
	buf_addc(&res->body, '\n');
	http_json(res, status);
}

void http_json_error(struct http_response *res, int status, const char *code,
		     const char *msg)
{
	http_json_error_at(res, status, code, msg, NULL);
}

void http_text(struct http_response *res, int status, const char *text)
{
	buf_reset(&res->body);
	buf_adds(&res->body, text);
	res->status = status;
	res->content_type = "text/plain; charset=utf-8";
}

/* Match path against pattern, capturing ":name" segments into req.
 * Returns 1 on a match. Other segments are compared literally. */
static int match(const char *pattern, const char *path, struct http_request *req)
{
	const char *p = pattern, *u = path;
	int n = 0;
	while (*p && *u) {
		if (*p != '/' || *u != '/')
			return 0;
		p++;
		u++;
		if (*p == ':') {
			const char *pe = strchr(p, '/'), *ue = strchr(u, '/');
			size_t plen = pe ? (size_t)(pe - p) : strlen(p);
			size_t ulen = ue ? (size_t)(ue - u) : strlen(u);
			size_t nlen = plen - 1 < sizeof req->param_names[0] - 1 ?
				      plen - 1 : sizeof req->param_names[0] - 1;
			if (ulen == 0 || n >= HTTP_MAX_PATH_PARAMS)
				return 0;
			memcpy(req->param_names[n], p + 1, nlen);
			req->param_names[n][nlen] = '\0';
			free(req->param_values[n]);
			req->param_values[n] = xstrndup(u, ulen);
			n++;
			p += plen;
			u += ulen;
		} else {
			while (*p && *p != '/' && *u && *u != '/') {
				if (*p != *u)
					return 0;
				p++;
				u++;
			}
			if ((*p && *p != '/') || (*u && *u != '/'))
				return 0;
		}
	}
	if (*p || *u)
		return 0;
	req->nparams = n;
	return 1;
}

static const struct route *route_find(struct server *s, struct http_request *req,
				      int *path_matched)
{
	int t, i;
	*path_matched = 0;
	for (t = 0; s->tables[t]; t++)
		for (i = 0; s->tables[t][i].method; i++) {
			const struct route *r = &s->tables[t][i];
			if (!match(r->pattern, req->path, req))
				continue;
			*path_matched = 1;
			if (!strcmp(r->method, req->method) ||
			    (!strcmp(req->method, "HEAD") && !strcmp(r->method, "GET")))
				return r;
		}
	return NULL;
}

static struct db *thread_db(struct server *s, char *err, size_t errsize)
{
	struct db *db = pthread_getspecific(s->db_key);
	if (!db) {
		db = db_open(s->cfg.db_url, err, errsize);
		if (db)
			pthread_setspecific(s->db_key, db);
	}
	return db;
}

static void db_destructor(void *p)
{
	db_close(p);
}

static void log_access(struct server *s, struct http_request *req,
		       struct http_response *res, size_t bytes, double secs)
{
	struct buf line = BUF_INIT(8192);
	struct jsonw w;
	char ts[32];
	time_t now = time(NULL);
	struct tm tm;
	if (!s->access_log)
		return;
	gmtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	jsonw_init(&w, &line, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "ts");
	jsonw_string(&w, ts);
	jsonw_key(&w, "ip");
	jsonw_string(&w, req->remote_ip);
	jsonw_key(&w, "method");
	jsonw_string(&w, req->method);
	jsonw_key(&w, "path");
	jsonw_stringn(&w, req->path, strnlen(req->path, 512));
	jsonw_key(&w, "route");
	jsonw_string(&w, req->route ? req->route->name : NULL);
	jsonw_key(&w, "status");
	jsonw_int(&w, res->status);
	jsonw_key(&w, "bytes");
	jsonw_int(&w, (int64_t)bytes);
	jsonw_key(&w, "ms");
	jsonw_decimal(&w, (int64_t)(secs * 1000000.0) / 1000, 0);
	jsonw_object_end(&w);
	buf_addc(&line, '\n');
	pthread_mutex_lock(&s->log_lock);
	fwrite(line.data, 1, line.len, s->access_log);
	fflush(s->access_log);
	pthread_mutex_unlock(&s->log_lock);
	buf_free(&line);
}

static void set_security_headers(struct MHD_Response *r, const char *ctype)
{
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	if (ctype && !strncmp(ctype, "text/html", 9))
		MHD_add_response_header(r, "Content-Security-Policy",
			"default-src 'self'; img-src 'self' data:; style-src 'self'; "
			"script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'");
}

static enum MHD_Result send_response(struct server *s, struct http_request *req,
				     struct http_response *res)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	const void *data = res->static_body ? res->static_body : res->body.data;
	size_t len = res->static_body ? res->static_len : res->body.len;
	int i;
	r = MHD_create_response_from_buffer(len, (void *)(data ? data : ""),
					    res->static_body ? MHD_RESPMEM_PERSISTENT
							     : MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type",
				res->content_type ? res->content_type : "text/plain; charset=utf-8");
	set_security_headers(r, res->content_type);
	for (i = 0; i < res->nheaders; i++)
		MHD_add_response_header(r, res->header_names[i], res->header_values[i]);
	ret = MHD_queue_response(req->conn, (unsigned)res->status, r);
	MHD_destroy_response(r);
	{
		double secs = monotonic() - req->started;
		metrics_observe(req->route ? req->route->name : "other", res->status, secs);
		log_access(s, req, res, len, secs);
	}
	return ret;
}

static void response_free(struct http_response *res)
{
	int i;
	buf_free(&res->body);
	for (i = 0; i < res->nheaders; i++) {
		free(res->header_names[i]);
		free(res->header_values[i]);
	}
}

static void request_free(struct http_request *req)
{
	int i;
	buf_free(&req->body);
	for (i = 0; i < HTTP_MAX_PATH_PARAMS; i++)
		free(req->param_values[i]);
	free(req);
}

static void remote_ip(struct http_request *req, int trust_proxy)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const char *xff = trust_proxy ? http_header(req, "X-Forwarded-For") : NULL;
	req->remote_ip[0] = '\0';
	if (xff) {
		size_t n = strcspn(xff, ", ");
		if (n >= sizeof req->remote_ip)
			n = sizeof req->remote_ip - 1;
		memcpy(req->remote_ip, xff, n);
		req->remote_ip[n] = '\0';
		return;
	}
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr,
				  req->remote_ip, sizeof req->remote_ip);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr,
				  req->remote_ip, sizeof req->remote_ip);
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
				  const char *url, const char *method,
				  const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct server *s = cls;
	struct http_request *req = *con_cls;
	struct http_response res;
	const struct route *route;
	enum MHD_Result ret;
	int path_matched;
	char err[512];
	(void)version;

	if (!req) {
		req = xcalloc(1, sizeof *req);
		req->started = monotonic();
		req->method = method;
		req->path = url;
		req->conn = conn;
		req->server = s;
		buf_init(&req->body, s->cfg.max_body);
		*con_cls = req;
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!req->body_too_large && buf_add(&req->body, upload_data, *upload_data_size))
			req->body_too_large = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}

	memset(&res, 0, sizeof res);
	buf_init(&res.body, 0);
	res.status = 200;
	remote_ip(req, s->cfg.trust_proxy);
	route = route_find(s, req, &path_matched);
	req->route = route;
	if (req->body_too_large) {
		http_json_error(&res, 413, "body_too_large", "请求体过大 (request body too large)");
	} else if (!route) {
		if (path_matched)
			http_json_error(&res, 405, "method_not_allowed", "不支持的请求方法 (method not allowed)");
		else
			http_json_error(&res, 404, "not_found", "页面不存在 (not found)");
	} else {
		req->db = thread_db(s, err, sizeof err);
		if (!req->db && strcmp(route->name, "healthz") && strcmp(route->name, "metrics")) {
			fprintf(stderr, "gongkai: database unavailable: %s\n", err);
			http_json_error(&res, 503, "db_unavailable",
					"数据库暂时不可用，请稍后重试 (database unavailable, retry later)");
			http_set_header(&res, "Retry-After", "5");
		} else {
			route->handler(req, &res);
		}
	}
	ret = send_response(s, req, &res);
	response_free(&res);
	return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	if (*con_cls)
		request_free(*con_cls);
	*con_cls = NULL;
}

struct server *server_start(const struct server_config *cfg,
			    const struct route *const *tables,
			    char *err, size_t errsize)
{
	struct server *s = xcalloc(1, sizeof *s);
	struct sockaddr_in addr;
	int t, i;

	s->cfg = *cfg;
	s->tables = tables;
	pthread_mutex_init(&s->log_lock, NULL);
	pthread_key_create(&s->db_key, db_destructor);
	for (t = 0; tables[t]; t++)
		for (i = 0; tables[t][i].method; i++)
			metrics_register(tables[t][i].name);
	if (!strcmp(cfg->access_log, "-"))
		s->access_log = stderr;
	else if (cfg->access_log[0]) {
		s->access_log = fopen(cfg->access_log, "a");
		if (!s->access_log) {
			snprintf(err, errsize, "cannot open access log %s: %s",
				 cfg->access_log, strerror(errno));
			free(s);
			return NULL;
		}
	}
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)cfg->port);
	if (inet_pton(AF_INET, cfg->listen_host, &addr.sin_addr) != 1) {
		snprintf(err, errsize, "bad listen address '%s' (an IPv4 address is expected)",
			 cfg->listen_host);
		free(s);
		return NULL;
	}
	s->daemon = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG | MHD_USE_EPOLL,
		(uint16_t)cfg->port, NULL, NULL, on_request, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned int)cfg->threads,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)30,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)1000,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_END);
	if (!s->daemon) {
		snprintf(err, errsize, "cannot listen on %s:%d (in use, or no permission)",
			 cfg->listen_host, cfg->port);
		if (s->access_log && s->access_log != stderr)
			fclose(s->access_log);
		free(s);
		return NULL;
	}
	return s;
}

void server_stop(struct server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->daemon);
	if (s->access_log && s->access_log != stderr)
		fclose(s->access_log);
	pthread_key_delete(s->db_key);
	pthread_mutex_destroy(&s->log_lock);
	free(s);
}
