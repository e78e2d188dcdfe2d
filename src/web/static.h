/* static.h - the embedded static files (data/static/) over HTTP. */
#ifndef GK_WEB_STATIC_H
#define GK_WEB_STATIC_H

/* Content type for a file name by its extension. */
const char *static_content_type(const char *name);
/* The quoted ETag of static file `name` (e.g. "gongkai.css"), or NULL. */
const char *static_etag(const char *name);

#endif
