/* page.h - what every HTML page shares: the layout context, sending,
 * errors, redirects, the large-text preference.
 *
 * Page handlers build a tpl_ctx with page_new() (site name, title, nav,
 * large-text flag, the current path for the text-size toggle), add their
 * own values, and finish with page_send(), which renders the named
 * template from data/templates/ and frees the context. */
#ifndef GK_WEB_PAGE_H
#define GK_WEB_PAGE_H

#include "web/http.h"
#include "web/template.h"

struct svc_error;

/* Maximum size of a rendered page. */
#define PAGE_MAX_BYTES (4u << 20)

enum page_area { PAGE_PORTAL = 0, PAGE_OFFICE = 1 };

/* A new context for a page titled `title` in the given area; `nav_key`
 * marks the current navigation entry ("home", "search", ... or NULL). */
struct tpl_ctx *page_new(struct http_request *req, enum page_area area,
			 const char *title, const char *nav_key);
/* Render template `tpl` with ctx as text/html with status; frees ctx. On a
 * template failure answers 500. */
void page_send(struct http_response *res, int status, const char *tpl,
	       struct tpl_ctx *ctx);
/* An error page with a Chinese message. */
void page_error(struct http_request *req, struct http_response *res,
		enum page_area area, int status, const char *message);
/* An error page for a service error (its code is the status). */
void page_svc_error(struct http_request *req, struct http_response *res,
		    enum page_area area, const struct svc_error *err);
/* 303 See Other to a local path (anything else becomes "/"). */
void page_redirect(struct http_response *res, const char *location);
/* 1 if the visitor chose large text (cookie gk_text=large or ?text=large). */
int page_large_text(struct http_request *req);

/* CSRF for forms shown before login (public application form, login):
 * a double-submit token in the cookie gk_csrf (HttpOnly, SameSite=Strict),
 * created when absent. Writes the token (at least 64 bytes) to out. */
void page_public_csrf(struct http_request *req, struct http_response *res,
		      char *out, size_t outsize);
/* 0 if form_token matches the gk_csrf cookie (constant time), else -1. */
int page_check_public_csrf(struct http_request *req, const char *form_token);

/* The identity-number key of this server (its key_file, created on first
 * use), loaded once; NULL if it cannot be read (logged to stderr). */
struct secret_key;
const struct secret_key *page_secret_key(struct http_request *req);

/* Routes owned by page.c: GET /prefs/text. */
extern const struct route page_routes[];

#endif
