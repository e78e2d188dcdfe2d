/* template.h - a small mustache-like template engine.
 *
 * Templates are the files data/templates/NAME.html (embedded in the
 * binary); tpl_init() compiles them all once at start-up, and rendering
 * walks the compiled node list, so a page costs no parsing.
 *
 * Syntax:
 *   {{name}}        value, HTML-escaped (& < > " ' ) - the default
 *   {{{name}}}      value unescaped: ONLY for HTML we built and escaped
 *                   ourselves (e.g. the report renderer's table markup)
 *   {{#name}}..{{/name}}  a list: once per item (the item's keys shadow
 *                   the outer ones); a child object: once inside it; a
 *                   true bool, non-zero int or non-empty string: once
 *   {{^name}}..{{/name}}  once if name is missing, false, 0, "" or an
 *                   empty list
 *   {{>name}}       the template data/templates/name.html, same context
 *   {{! comment }}  nothing
 * Names are [A-Za-z0-9_.-] and UTF-8 letters; lookups search the innermost context first.
 *
 * The data model is a tree of contexts built with tpl_set* and tpl_add;
 * every string is copied, and tpl_ctx_free frees the whole tree. */
#ifndef GK_TEMPLATE_H
#define GK_TEMPLATE_H

#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"

struct tpl_ctx;
struct tpl_set;

/* Compile every embedded data/templates/\*.html into the global set. Safe
 * to call more than once and from several threads (the first call does the
 * work). 0, or -1 with "NAME:LINE: reason" in err. */
int tpl_init(char *err, size_t errsize);

/* Compile a set from (name, text) pairs (tests); names without ".html".
 * NULL with "NAME:LINE: reason" in err on a syntax error. */
struct tpl_set *tpl_set_compile(const char *const *names, const char *const *texts,
				size_t n, char *err, size_t errsize);
void tpl_set_free(struct tpl_set *set);

/* Render template `name` of set (NULL: the global set from tpl_init) with
 * ctx into out. Returns 0, or -1 if the template is unknown, partials nest
 * deeper than 16, or out's maximum was reached. */
int tpl_render_set(const struct tpl_set *set, const char *name,
		   const struct tpl_ctx *ctx, struct buf *out);
/* Same as tpl_render_set(NULL, ...). */
int tpl_render(const char *name, const struct tpl_ctx *ctx, struct buf *out);
/* 1 if the global set has a template of that name. */
int tpl_exists(const char *name);

/* Append s HTML-escaped to out (the escaping {{name}} uses). */
void tpl_escape(struct buf *out, const char *s);

/* --- the data model --- */

/* A new empty root context. */
struct tpl_ctx *tpl_ctx_new(void);
/* Free ctx and everything below it (NULL is fine). */
void tpl_ctx_free(struct tpl_ctx *ctx);
/* Set key to a copy of val (NULL: the key is removed-equivalent, i.e. falsy). */
void tpl_set(struct tpl_ctx *ctx, const char *key, const char *val);
/* Set key to printf-formatted text. */
void tpl_setf(struct tpl_ctx *ctx, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Set key to a number (rendered in decimal; 0 is falsy in sections). */
void tpl_set_int(struct tpl_ctx *ctx, const char *key, int64_t v);
/* Set key to a boolean (renders as "" in {{key}}; use in sections). */
void tpl_set_bool(struct tpl_ctx *ctx, const char *key, int v);
/* Append a new item to the list named key (created empty on first use)
 * and return it for filling. */
struct tpl_ctx *tpl_add(struct tpl_ctx *ctx, const char *key);
/* Make key an empty list (so {{^key}} renders) if not yet set. */
void tpl_list(struct tpl_ctx *ctx, const char *key);
/* Set key to a new child object and return it ({{#key}} enters it). */
struct tpl_ctx *tpl_child(struct tpl_ctx *ctx, const char *key);
/* The string value of key in ctx itself (not parents), or NULL. */
const char *tpl_get(const struct tpl_ctx *ctx, const char *key);

#endif
