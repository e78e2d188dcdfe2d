/* cmd_agency.c - `gongkai agency add|list`: local administration of the
 * agency tree, acting as the system actor (every change is audited). */
#include "cli/cli.h"
#include "service/accounts.h"
#include "store/db.h"
#include "base/jsonw.h"
#include "base/str.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gongkai agency add --name NAME [--parent ID|CODE] [--code CODE]\n"
		"                          [--kind department|government] [--db URL]\n"
		"       gongkai agency list [--json] [--db URL]\n"
		"The database is --db, else $GONGKAI_DB_URL, else sqlite:gongkai.db.\n");
}

const char *cli_db_url(const char *flag)
{
	const char *env = getenv("GONGKAI_DB_URL");
	if (flag && *flag)
		return flag;
	return env && *env ? env : "sqlite:gongkai.db";
}

struct db *cli_db_open(const char *url, const char *cmd)
{
	char err[1024];
	struct db *db = db_open(url, err, sizeof err);
	if (!db)
		fprintf(stderr, "gongkai %s: %s: %s\n", cmd, url, err);
	return db;
}

int cli_svc_exit(const char *cmd, const struct svc_error *err)
{
	if (err->field[0])
		fprintf(stderr, "gongkai %s: %s: %s\n", cmd, err->field, err->message);
	else
		fprintf(stderr, "gongkai %s: %s\n", cmd, err->message);
	return err->code == SVC_INVALID || err->code == SVC_NOT_FOUND ||
	       err->code == SVC_CONFLICT ? 2 : 1;
}

static int agency_add(int argc, char **argv)
{
	const char *name = NULL, *parent = NULL, *code = NULL, *kind = NULL, *dburl = NULL;
	struct actor sys = {0, "system", 1, ""};
	struct agency_input in;
	struct agency p;
	struct svc_error err;
	struct db *db;
	int64_t id = 0;
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		const char **slot = !strcmp(a, "--name") ? &name : !strcmp(a, "--parent") ? &parent
			: !strcmp(a, "--code") ? &code : !strcmp(a, "--kind") ? &kind
			: !strcmp(a, "--db") ? &dburl : NULL;
		if (!slot) {
			fprintf(stderr, "gongkai agency add: unknown argument '%s'\n", a);
			usage(stderr);
			return 2;
		}
		if (!v) {
			fprintf(stderr, "gongkai agency add: %s needs a value\n", a);
			return 2;
		}
		*slot = v;
		i++;
	}
	if (!name) {
		fprintf(stderr, "gongkai agency add: --name is required\n");
		usage(stderr);
		return 2;
	}
	db = cli_db_open(cli_db_url(dburl), "agency add");
	if (!db)
		return 2;
	memset(&in, 0, sizeof in);
	in.name = name;
	in.code = code;
	in.kind = kind;
	if (parent) {
		if (accounts_agency_lookup(db, parent, &p, &err)) {
			rc = cli_svc_exit("agency add", &err);
			db_close(db);
			return rc;
		}
		in.parent_id = p.id;
	}
	if (accounts_agency_create(db, &sys, &in, &id, &err))
		rc = cli_svc_exit("agency add", &err);
	else if (agency_store_get(db, id, &p) == 0)
		printf("{\"id\":%lld,\"code\":\"%s\",\"parent_id\":%lld}\n", (long long)id, p.code,
		       (long long)p.parent_id);
	db_close(db);
	return rc;
}

static int agency_list(int argc, char **argv)
{
	const char *dburl = NULL;
	struct actor sys = {0, "system", 1, ""};
	struct agency_list l = {0};
	struct svc_error err;
	struct db *db;
	int i, json = 0, rc = 0;
	size_t k;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (!strcmp(argv[i], "--db") && i + 1 < argc)
			dburl = argv[++i];
		else {
			fprintf(stderr, "gongkai agency list: unknown argument '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	db = cli_db_open(cli_db_url(dburl), "agency list");
	if (!db)
		return 2;
	if (accounts_agency_visible(db, &sys, &l, &err)) {
		rc = cli_svc_exit("agency list", &err);
	} else {
		for (k = 0; k < l.n; k++) {
			const struct agency *a = &l.items[k];
			if (json) {
				struct buf b = BUF_INIT(4096);
				struct jsonw w;
				jsonw_init(&w, &b, 0);
				jsonw_object_begin(&w);
				jsonw_key(&w, "id");
				jsonw_int(&w, a->id);
				jsonw_key(&w, "parent_id");
				jsonw_int(&w, a->parent_id);
				jsonw_key(&w, "code");
				jsonw_string(&w, a->code);
				jsonw_key(&w, "name");
				jsonw_string(&w, a->name);
				jsonw_key(&w, "kind");
				jsonw_string(&w, a->kind);
				jsonw_key(&w, "depth");
				jsonw_int(&w, a->depth);
				jsonw_key(&w, "disabled");
				jsonw_bool(&w, a->disabled);
				jsonw_object_end(&w);
				printf("%s\n", buf_str(&b));
				buf_free(&b);
			} else
				printf("%*s%lld\t%s\t%s\t%s%s\n", a->depth * 2, "", (long long)a->id,
				       a->code, a->name, a->kind, a->disabled ? "\t(disabled)" : "");
		}
	}
	agency_list_free(&l);
	db_close(db);
	return rc;
}

int cmd_agency(int argc, char **argv)
{
	if (argc < 1 || !strcmp(argv[0], "--help") || !strcmp(argv[0], "-h")) {
		usage(argc < 1 ? stderr : stdout);
		return argc < 1 ? 2 : 0;
	}
	if (!strcmp(argv[0], "add"))
		return agency_add(argc, argv);
	if (!strcmp(argv[0], "list"))
		return agency_list(argc, argv);
	fprintf(stderr, "gongkai agency: unknown subcommand '%s'\n", argv[0]);
	usage(stderr);
	return 2;
}
