/* routes.h - every route table the server serves, in one list.
 *
 * Each web module exports its own table (ending with a {NULL} entry);
 * routes.c lists them, so adding a module touches one line there. */
#ifndef GK_ROUTES_H
#define GK_ROUTES_H

#include "web/http.h"

/* NULL-terminated list of route tables, for server_start(). */
extern const struct route *const web_route_tables[];

/* web/system.c: /healthz and /metrics. */
extern const struct route system_routes[];

/* web/api_auth.c: login, logout, me, tokens, agencies, users. */
extern const struct route auth_routes[];

/* web/static.c: /static/NAME (embedded data/static/). */
extern const struct route static_routes[];
/* web/page.c: /prefs/text (large-text mode). */
extern const struct route page_routes[];
/* web/pages_portal.c: the public portal (/, /agency/..., /apply, ...). */
extern const struct route portal_routes[];
/* web/pages_items.c: portal items, attachments and search. */
extern const struct route portal_item_routes[];
/* web/pages_office.c: the back office (/office/...). */
extern const struct route office_routes[];
/* web/pages_office_items.c, pages_office_more.c and pages_office_users.c:
 * the rest of the back office. */
extern const struct route office_item_routes[];
extern const struct route office_more_routes[];
extern const struct route office_user_routes[];

/* web/api_applications.c: applications, appeals, report figures, built reports. */
extern const struct route applications_routes[];

/* web/api_catalog.c: catalog items, review, sections, guide, search. */
extern const struct route catalog_routes[];

/* web/api_calendar.c: the working-day calendar (GET/POST /api/calendar). */
extern const struct route calendar_routes[];

/* web/pages_report_files.c: the annual report as DOCX / XLSX downloads. */
extern const struct route report_file_routes[];

#endif
