/* cmd_audit.c - `gongkai audit verify [--db URL]`: walk the hash-chained
 * audit log (service/audit.h) and say whether it is intact.
 *
 * Prints one JSON object: {"ok":true,"entries":N,"head":"HASH"} and exits
 * 0, or {"ok":false,"entries":N,"first_broken_id":ID,"message":"..."} and
 * exits 1. Export the head hash now and then (cron, a ticket, a letter):
 * it anchors the chain outside the database. */
#include "cli/cli.h"
#include "base/buf.h"
#include "base/jsonw.h"
#include "service/audit.h"
#include "store/db.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f, "usage: gongkai audit verify [--db URL]\n"
		   "  check every link and hash of the audit chain and its head pointer\n");
}

static int audit_verify_cmd(int argc, char **argv)
{
	const char *dburl = NULL;
	struct audit_report r;
	struct buf out = BUF_INIT(0);
	struct jsonw w;
	struct db *db;
	int i, rc;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			dburl = argv[++i];
		} else {
			fprintf(stderr, "gongkai audit verify: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	db = cli_db_open(cli_db_url(dburl), "audit verify");
	if (!db)
		return 2;
	rc = audit_verify(db, &r);
	if (rc < 0) {
		fprintf(stderr, "gongkai audit verify: %s\n", db_errmsg(db));
		db_close(db);
		return 1;
	}
	jsonw_init(&w, &out, 0);
	jsonw_object_begin(&w);
	jsonw_key(&w, "ok");
	jsonw_bool(&w, rc == 0);
	jsonw_key(&w, "entries");
	jsonw_int(&w, r.entries);
	if (rc == 0) {
		jsonw_key(&w, "head");
		jsonw_string(&w, r.head_hash);
	} else {
		jsonw_key(&w, "first_broken_id");
		jsonw_int(&w, r.first_broken_id);
		jsonw_key(&w, "message");
		jsonw_string(&w, r.message);
	}
	jsonw_object_end(&w);
	printf("%s\n", buf_str(&out));
	if (rc != 0)
		fprintf(stderr, "gongkai audit verify: 审计链已损坏 / audit chain broken: %s\n", r.message);
	buf_free(&out);
	db_close(db);
	return rc == 0 ? 0 : 1;
}

int cmd_audit(int argc, char **argv)
{
	if (argc < 1 || !strcmp(argv[0], "--help") || !strcmp(argv[0], "-h")) {
		usage(argc < 1 ? stderr : stdout);
		return argc < 1 ? 2 : 0;
	}
	if (!strcmp(argv[0], "verify"))
		return audit_verify_cmd(argc, argv);
	fprintf(stderr, "gongkai audit: unknown subcommand '%s'\n", argv[0]);
	usage(stderr);
	return 2;
}
