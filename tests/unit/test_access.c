/* test_access.c - role checks over the agency tree (service/access.c):
 * own agency, subtree supervision, no reach into a sibling agency,
 * disabled users, the system actor, visible-agency listing. Runs on
 * $GONGKAI_TEST_DB_URL (or $GONGKAI_TEST_PG_URL) if set, else a temp
 * SQLite file (uses-db); names carry a per-run tag so a shared PostgreSQL works. */
#include "t.h"
#include "service/access.h"
#include "service/accounts.h"
#include "store/agencies.h"
#include "store/db.h"
#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct db *db;
static char tag[32];
static struct actor sys = {0, "system", 1, ""};

static int64_t agency(int64_t parent, const char *code, const char *name, const char *kind)
{
	struct agency_input in = {parent, NULL, name, kind};
	struct svc_error err;
	char c[64];
	int64_t id = 0;
	snprintf(c, sizeof c, "%s-%s", code, tag);
	in.code = c;
	if (accounts_agency_create(db, &sys, &in, &id, &err))
		printf("# agency %s: %s\n", c, err.message);
	return id;
}

/* A user with a fixed password, role in agency (0 for none). */
static struct actor user(const char *login, int64_t agency_id, const char *role)
{
	struct actor a;
	struct svc_error err;
	int64_t id = 0;
	memset(&a, 0, sizeof a);
	snprintf(a.login, sizeof a.login, "%s%s", login, tag);
	if (accounts_user_create(db, &sys, a.login, "测试用户", "correct horse 1",
				 agency_id, role, &id, &err))
		printf("# user %s: %s\n", a.login, err.message);
	a.user_id = id;
	return a;
}

static int can(const struct actor *a, int64_t agency_id, const char *role)
{
	struct svc_error err;
	memset(&err, 0, sizeof err);
	return access_require(db, a, agency_id, role, &err) == 0;
}

int main(void)
{
	char path[256], err[512];
	const char *url = getenv("GONGKAI_TEST_DB_URL");
	int64_t city, district, housing, edu, other_city;
	struct actor sup, clerk, rev, admin, anon;
	struct agency_list vis = {0};
	struct svc_error e;

	if (!url || !*url)
		url = getenv("GONGKAI_TEST_PG_URL");
	snprintf(tag, sizeof tag, "%ldx%d", (long)getpid(), rand() % 1000);
	if (!url || !*url) {
		snprintf(path, sizeof path, "sqlite:/tmp/gk_test_access_%ld.db", (long)getpid());
		unlink(path + 7);
		url = path;
	}
	db = db_open(url, err, sizeof err);
	T_OK(db != NULL, "open %s", url);
	if (!db) {
		printf("# %s\n", err);
		return T_DONE();
	}

	city = agency(0, "city", "某市人民政府", "government");
	district = agency(city, "dist", "某区人民政府", "government");
	housing = agency(district, "housing", "某区住房和城乡建设局", "department");
	edu = agency(district, "edu", "某区教育局", "department");
	other_city = agency(0, "other", "另一市人民政府", "government");
	T_OK(city && district && housing && edu && other_city, "agency tree created");

	sup = user("sup", district, ROLE_SUPERVISOR);
	clerk = user("clerk", housing, ROLE_CLERK);
	rev = user("rev", housing, ROLE_DEPT_REVIEW);
	admin = user("admin", city, ROLE_ADMIN);
	memset(&anon, 0, sizeof anon);

	/* own agency */
	T_OK(can(&clerk, housing, ROLE_CLERK), "clerk acts as clerk in own agency");
	T_OK(!can(&clerk, housing, ROLE_DEPT_REVIEW), "clerk is not a reviewer");
	T_OK(can(&rev, housing, ROLE_DEPT_REVIEW), "reviewer reviews in own agency");
	/* agency A vs B */
	T_OK(!can(&rev, edu, ROLE_DEPT_REVIEW), "reviewer of housing cannot review in education");
	T_OK(!access_can_see(db, &rev, edu), "reviewer of housing cannot see education");
	T_OK(!can(&rev, district, ROLE_DEPT_REVIEW), "reviewer role does not go up the tree");
	T_OK(access_can_see(db, &rev, housing), "reviewer sees own agency");
	/* subtree supervision */
	T_OK(can(&sup, district, ROLE_SUPERVISOR), "supervisor in own agency");
	T_OK(can(&sup, housing, ROLE_SUPERVISOR), "supervisor of district covers housing");
	T_OK(access_can_see(db, &sup, edu), "supervisor sees education below");
	T_OK(!access_can_see(db, &sup, city), "supervisor does not see above");
	T_OK(!access_can_see(db, &sup, other_city), "supervisor does not see another tree");
	T_OK(!can(&sup, housing, ROLE_CLERK), "supervision does not grant clerk work");
	T_OK(!can(&sup, housing, ROLE_ADMIN), "supervisor is not admin");
	/* admin */
	T_OK(can(&admin, housing, ROLE_ADMIN), "city admin administers housing");
	T_OK(can(&admin, edu, ROLE_SUPERVISOR), "admin counts as supervisor below");
	T_OK(!can(&admin, other_city, ROLE_ADMIN), "admin of one city not of another");
	T_OK(can(&admin, housing, NULL), "role NULL = view");
	/* anonymous, system, error codes */
	memset(&e, 0, sizeof e);
	T_OK(access_require(db, &rev, edu, ROLE_DEPT_REVIEW, &e) == -1 && e.code == SVC_FORBIDDEN,
	     "denial gives 403");
	memset(&e, 0, sizeof e);
	T_OK(access_require(db, &anon, housing, ROLE_CLERK, &e) == -1 && e.code == SVC_UNAUTHENTICATED,
	     "anonymous gives 401");
	T_OK(!access_can_see(db, &anon, housing), "anonymous sees nothing");
	T_OK(can(&sys, other_city, ROLE_LEADER_SIGN), "system actor passes");
	/* visible agencies */
	T_OK(accounts_agency_visible(db, &sup, &vis, &e) == 0, "visible list");
	T_EQ_INT(vis.n, 3, "supervisor of district sees district, housing, education");
	if (vis.n == 3) {
		T_EQ_INT(vis.items[0].id, district, "tree order: district first");
		T_EQ_INT(vis.items[0].depth, 0, "district at depth 0");
		T_EQ_INT(vis.items[1].depth, 1, "child at depth 1");
	}
	agency_list_free(&vis);
	T_OK(accounts_agency_visible(db, &clerk, &vis, &e) == 0 && vis.n == 1 &&
	     vis.items[0].id == housing, "clerk sees only housing");
	agency_list_free(&vis);
	T_OK(agency_store_subtree(db, city, &vis) == 0 && vis.n == 4, "subtree of city has 4");
	agency_list_free(&vis);
	/* disabled user */
	T_OK(accounts_user_set_disabled(db, &admin, clerk.user_id, 1, &e) == 0,
	     "admin disables clerk");
	T_OK(!can(&clerk, housing, ROLE_CLERK), "disabled user holds no role");
	T_OK(!access_can_see(db, &clerk, housing), "disabled user sees nothing");
	T_OK(accounts_user_set_disabled(db, &sup, rev.user_id, 1, &e) == -1 && e.code == SVC_FORBIDDEN,
	     "supervisor cannot disable users (403: the user is in sight)");
	/* an agency admin manages only users wholly within their agencies */
	{
		struct actor hadmin = user("hadmin", housing, ROLE_ADMIN);
		struct actor oadmin = user("oadmin", other_city, ROLE_ADMIN);
		struct actor both = user("both", housing, ROLE_CLERK);
		T_OK(accounts_user_set_role(db, &sys, both.user_id, edu, ROLE_CLERK, 1, &e) == 0,
		     "a clerk of housing also works in education");
		{
			char tok[64];
			int64_t tid;
			struct auth_info ai;
			T_OK(accounts_token_create(db, &rev, rev.user_id, "ci", tok, sizeof tok, &tid, &e) == 0 &&
			     accounts_token_check(db, tok, &ai) == 0, "the reviewer has a working API token");
			T_OK(accounts_user_set_password(db, &hadmin, rev.user_id, "new horse 22", &e) == 0,
			     "housing admin resets a housing reviewer's password");
			T_OK(accounts_token_check(db, tok, &ai) == 1, "the reset revoked the reviewer's API token");
			{
				struct user u;
				T_OK(user_store_get(db, rev.user_id, &u) == 0 && u.must_change_password,
				     "and the reviewer must replace the password at the next login");
			}
		}
		memset(&e, 0, sizeof e);
		T_OK(accounts_user_set_password(db, &hadmin, both.user_id, "new horse 22", &e) == -1 &&
		     e.code == SVC_FORBIDDEN, "housing admin cannot reset a user who also works in education (403)");
		memset(&e, 0, sizeof e);
		T_OK(accounts_user_set_disabled(db, &hadmin, both.user_id, 1, &e) == -1 &&
		     e.code == SVC_FORBIDDEN, "nor disable them (403)");
		T_OK(accounts_user_set_disabled(db, &admin, both.user_id, 1, &e) == 0 &&
		     accounts_user_set_disabled(db, &admin, both.user_id, 0, &e) == 0,
		     "the city admin disables and enables them");
		memset(&e, 0, sizeof e);
		T_OK(accounts_user_set_disabled(db, &oadmin, rev.user_id, 1, &e) == -1 &&
		     e.code == SVC_NOT_FOUND, "another city's admin: not found (404)");
		memset(&e, 0, sizeof e);
		T_OK(accounts_user_set_disabled(db, &hadmin, hadmin.user_id, 1, &e) == -1 &&
		     e.code == SVC_CONFLICT, "nobody disables themself (409)");
		T_OK(accounts_agency_administered(db, &hadmin, &vis, &e) == 0 && vis.n == 1 &&
		     vis.items[0].id == housing, "housing admin administers housing only");
		agency_list_free(&vis);
		T_OK(accounts_agency_administered(db, &admin, &vis, &e) == 0 && vis.n == 4 &&
		     vis.items[0].id == city, "city admin administers the city's tree, root first");
		agency_list_free(&vis);
		T_OK(accounts_agency_administered(db, &sup, &vis, &e) == 0 && vis.n == 0,
		     "a supervisor administers nothing");
		agency_list_free(&vis);
	}
	/* admin-only agency creation */
	{
		struct agency_input in = {housing, NULL, "某科室", NULL};
		int64_t id = 0;
		T_OK(accounts_agency_create(db, &sup, &in, &id, &e) == -1 && e.code == SVC_FORBIDDEN,
		     "supervisor cannot create agencies (403)");
		T_OK(accounts_agency_create(db, &admin, &in, &id, &e) == 0 && id > 0,
		     "admin creates a sub-agency");
		in.parent_id = 0;
		T_OK(accounts_agency_create(db, &admin, &in, &id, &e) == -1 && e.code == SVC_FORBIDDEN,
		     "only system creates roots");
		in.parent_id = other_city;
		T_OK(accounts_agency_create(db, &admin, &in, &id, &e) == -1 && e.code == SVC_NOT_FOUND,
		     "another tree's agency is not found");
	}
	db_close(db);
	if (url == path)
		unlink(path + 7);
	return T_DONE();
}
