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

#endif
