/* auth.h - who is making this HTTP request, and CSRF protection.
 *
 * A request is authenticated by the session cookie "gk_session" (set at
 * login, HttpOnly, SameSite=Lax, Path=/, Secure over TLS) or by an API
 * token in "Authorization: Bearer gk_...". Both are checked against the
 * database (service/accounts.h), so any gongkai process can answer.
 *
 * CSRF: each session has a token. HTML forms carry it in a hidden field
 * (auth_csrf_token to render it, auth_check_csrf to check it); JSON API
 * requests authenticated by cookie send it in the "X-CSRF-Token" header
 * on every method other than GET/HEAD (auth_api_actor checks that).
 * Bearer-token requests need no CSRF token: browsers never add them. */
#ifndef GK_WEB_AUTH_H
#define GK_WEB_AUTH_H

#include <stddef.h>
#include "service/service.h"
#include "web/http.h"

#define AUTH_COOKIE "gk_session"
#define AUTH_CSRF_HEADER "X-CSRF-Token"

/* Identify the requester: 0 and *out filled (user id, login, ip) for a
 * valid session cookie or bearer token; -1 for anonymous (out still gets
 * the ip, user_id 0). A present but bad Authorization header does not
 * fall back to the cookie. */
int auth_actor(struct http_request *req, struct actor *out);

/* For JSON API handlers: like auth_actor, but requires a login and, for
 * cookie-authenticated requests with a method other than GET/HEAD, a
 * matching X-CSRF-Token header. On failure writes the JSON error (401
 * unauthenticated, 403 csrf) into res and returns -1; 0 on success. */
int auth_api_actor(struct http_request *req, struct http_response *res, struct actor *out);

/* The CSRF token of the request's session, to put in forms: 0 with the
 * token in out (at least 64 bytes), -1 if there is no valid session. */
int auth_csrf_token(struct http_request *req, char *out, size_t outsize);
/* Check a form's CSRF token against the session's (constant time):
 * 0 matches, -1 no session or mismatch (answer 403). */
int auth_check_csrf(struct http_request *req, const char *form_token);

/* 1 if the request reached us over TLS: the server's secure_cookies
 * setting, or X-Forwarded-Proto: https from a trusted proxy. */
int auth_request_secure(struct http_request *req);
/* Set the session cookie (HttpOnly; SameSite=Lax; Path=/; Max-Age of the
 * absolute session lifetime; Secure when secure is set). */
void auth_set_session_cookie(struct http_response *res, const char *sid, int secure);
/* Expire the session cookie in the browser. */
void auth_clear_session_cookie(struct http_response *res, int secure);

#endif
