/* routes.c - the list of route tables served by `gongkai serve`. */
#include "web/routes.h"

const struct route *const web_route_tables[] = {
	system_routes,
	auth_routes,
	static_routes,
	page_routes,
	portal_routes,
	office_routes,
	applications_routes,
	NULL
};
