/* routes.c - the list of route tables served by `gongkai serve`. */
#include "web/routes.h"

const struct route *const web_route_tables[] = {
	system_routes,
	auth_routes,
	static_routes,
	page_routes,
	portal_routes,
	portal_item_routes,
	office_routes,
	office_item_routes,
	office_more_routes,
	office_user_routes,
	applications_routes,
	catalog_routes,
	calendar_routes,
	report_file_routes,
	NULL
};
