/* office.h - what the back-office page modules share (pages_office*.c):
 * the logged-in staff member, the page context, POST forms with CSRF,
 * role wording. Internal to src/web/. */
#ifndef GK_WEB_OFFICE_H
#define GK_WEB_OFFICE_H

#include <stddef.h>
#include "service/accounts.h"
#include "web/forms.h"
#include "web/http.h"
#include "web/template.h"

/* The logged-in staff member of this request. */
struct office {
	struct actor who;
	struct user user;
	char csrf[ACCOUNTS_SECRET_MAX];
};

/* Require a session: 0 with o filled, or -1 after redirecting to login
 * (no session) or to /office/password (a user who must change an initial
 * password, on any page but that one). */
int office_begin(struct http_request *req, struct http_response *res, struct office *o);
/* A page context for a logged-in page (user name, CSRF token, nav). */
struct tpl_ctx *office_page(struct http_request *req, const struct office *o,
			    const char *title, const char *nav);
/* Parse a POST form and check its CSRF token: 0, or -1 after answering. */
int office_form(struct http_request *req, struct http_response *res, struct form *f);
/* Chinese wording of a role name. */
const char *office_role_label(const char *role);
/* Cut a bilingual service message at " / " (keep the Chinese part). */
void office_chinese(char *msg);
/* Parse the :name path parameter as a positive id: 0, or -1 after a 404 page. */
int office_id_param(struct http_request *req, struct http_response *res, const char *name,
		    int64_t *id);

/* GET and POST /office/applications/new (pages_office_more.c), listed in
 * pages_office.c's table before /office/applications/:id. */
void office_register_get(struct http_request *req, struct http_response *res);
void office_register_post(struct http_request *req, struct http_response *res);

/* Route tables of the other back-office modules. */
extern const struct route office_item_routes[];
extern const struct route office_more_routes[];
extern const struct route office_user_routes[];

#endif
