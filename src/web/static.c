/* static.c - GET /static/NAME: the embedded files under data/static/.
 *
 * Files are served straight from the binary (no copy) with a content type
 * from the extension, a strong ETag (FNV-1a 64 of the contents, computed
 * once per file) and Cache-Control: public, max-age=3600; a matching
 * If-None-Match gets 304 with no body. */
#include "web/routes.h"
#include "web/static.h"
#include "base/embedded.h"
#include "base/str.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define STATIC_MAX_FILES 64

static struct {
	const struct embedded_file *file;
	char etag[24];
} table[STATIC_MAX_FILES];
static size_t ntable;
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void table_init(void)
{
	size_t i, k;
	for (i = 0; i < embedded_count && ntable < STATIC_MAX_FILES; i++) {
		const struct embedded_file *f = &embedded_files[i];
		uint64_t h = 1469598103934665603ULL;
		if (!str_starts(f->name, "static/"))
			continue;
		for (k = 0; k < f->len; k++) {
			h ^= f->data[k];
			h *= 1099511628211ULL;
		}
		table[ntable].file = f;
		snprintf(table[ntable].etag, sizeof table[ntable].etag, "\"%016" PRIx64 "\"", h);
		ntable++;
	}
}

const char *static_content_type(const char *name)
{
	static const struct { const char *ext, *type; } types[] = {
		{".css", "text/css; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".ico", "image/x-icon"},
		{".txt", "text/plain; charset=utf-8"},
		{".woff2", "font/woff2"},
	};
	size_t i;
	for (i = 0; i < sizeof types / sizeof types[0]; i++)
		if (str_ends(name, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

const char *static_etag(const char *name)
{
	size_t i;
	pthread_once(&table_once, table_init);
	for (i = 0; i < ntable; i++)
		if (!strcmp(table[i].file->name + strlen("static/"), name))
			return table[i].etag;
	return NULL;
}

static void serve(struct http_request *req, struct http_response *res)
{
	const char *name = http_param(req, "name");
	const char *inm = http_header(req, "If-None-Match");
	size_t i;
	pthread_once(&table_once, table_init);
	for (i = 0; name && i < ntable; i++) {
		const struct embedded_file *f = table[i].file;
		if (strcmp(f->name + strlen("static/"), name))
			continue;
		http_set_header(res, "ETag", table[i].etag);
		http_set_header(res, "Cache-Control", "public, max-age=3600");
		res->content_type = static_content_type(name);
		if (inm && strstr(inm, table[i].etag)) {
			res->status = 304;
			res->static_body = "";
			res->static_len = 0;
			return;
		}
		res->status = 200;
		res->static_body = f->data;
		res->static_len = f->len;
		return;
	}
	http_text(res, 404, "not found\n");
}

const struct route static_routes[] = {
	{"GET", "/static/:name", serve, "static"},
	{NULL, NULL, NULL, NULL}
};
