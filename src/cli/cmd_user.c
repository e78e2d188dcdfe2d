/* cmd_user.c - `gongkai user ...`: local administration of back-office
 * accounts, acting as the system actor (every change is audited). */
#include "cli/cli.h"
#include "service/access.h"
#include "service/accounts.h"
#include "store/db.h"
#include "base/file.h"
#include "base/str.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gongkai user add LOGIN --name NAME [--password-file FILE]\n"
		"                        [--agency ID|CODE --role ROLE] [--db URL]\n"
		"       gongkai user role LOGIN AGENCY ROLE [--remove] [--db URL]\n"
		"       gongkai user token LOGIN [--label TEXT] [--db URL]\n"
		"       gongkai user list [--db URL]\n"
		"       gongkai user disable|enable LOGIN [--db URL]\n"
		"       gongkai user passwd LOGIN [--password-file FILE] [--db URL]\n"
		"Without --password-file a random password is generated and printed.\n"
		"Roles: admin clerk handler approver dept_review office_check office_head\n"
		"       leader_sign supervisor. AGENCY is an id or a code.\n"
		"The database is --db, else $GONGKAI_DB_URL, else sqlite:gongkai.db.\n");
}

/* Parsed command line: positional arguments and known options. */
struct args {
	const char *pos[4];
	int npos;
	const char *name, *password_file, *agency, *role, *label, *db;
	int remove;
};

static int parse(int argc, char **argv, struct args *a, const char *cmd)
{
	int i;
	memset(a, 0, sizeof *a);
	for (i = 1; i < argc; i++) {
		const char *s = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		const char **slot = !strcmp(s, "--name") ? &a->name
			: !strcmp(s, "--password-file") ? &a->password_file
			: !strcmp(s, "--agency") ? &a->agency : !strcmp(s, "--role") ? &a->role
			: !strcmp(s, "--label") ? &a->label : !strcmp(s, "--db") ? &a->db : NULL;
		if (!strcmp(s, "--remove")) {
			a->remove = 1;
		} else if (slot) {
			if (!v) {
				fprintf(stderr, "gongkai user %s: %s needs a value\n", cmd, s);
				return -1;
			}
			*slot = v;
			i++;
		} else if (s[0] == '-' && s[1]) {
			fprintf(stderr, "gongkai user %s: unknown option '%s'\n", cmd, s);
			return -1;
		} else if (a->npos < 4) {
			a->pos[a->npos++] = s;
		} else {
			fprintf(stderr, "gongkai user %s: too many arguments\n", cmd);
			return -1;
		}
	}
	return 0;
}

/* Read a password: the first line of file (without the newline), or a
 * generated one (generated set to 1). 0 or -1 after a message. */
static int get_password(const char *file, char *out, size_t outsize, int *generated)
{
	*generated = 0;
	if (file) {
		FILE *f = fopen(file, "r");
		size_t n;
		if (!f) {
			fprintf(stderr, "gongkai user: cannot open password file %s\n", file);
			return -1;
		}
		if (!fgets(out, (int)outsize, f)) {
			fclose(f);
			fprintf(stderr, "gongkai user: password file %s is empty\n", file);
			return -1;
		}
		fclose(f);
		n = strcspn(out, "\r\n");
		if (n == outsize - 1) {
			fprintf(stderr, "gongkai user: password in %s is too long\n", file);
			return -1;
		}
		out[n] = '\0';
		return 0;
	} else {
		unsigned char raw[12];
		if (sodium_init() < 0)
			return -1;
		randombytes_buf(raw, sizeof raw);
		sodium_bin2base64(out, outsize, raw, sizeof raw,
				  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		*generated = 1;
		return 0;
	}
}

static int need(const struct args *a, int n, const char *cmd)
{
	if (a->npos != n) {
		fprintf(stderr, "gongkai user %s: expected %d argument%s, got %d\n", cmd, n,
			n == 1 ? "" : "s", a->npos);
		usage(stderr);
		return -1;
	}
	return 0;
}

int cmd_user(int argc, char **argv)
{
	struct actor sys = {0, "system", 1, ""};
	struct svc_error err;
	struct args a;
	struct user u;
	struct agency ag;
	struct db *db;
	const char *cmd;
	char pw[ACCOUNTS_PASSWORD_MAX + 2];
	int rc = 0, generated;
	int64_t id = 0;

	if (argc < 1 || !strcmp(argv[0], "--help") || !strcmp(argv[0], "-h")) {
		usage(argc < 1 ? stderr : stdout);
		return argc < 1 ? 2 : 0;
	}
	cmd = argv[0];
	if (strcmp(cmd, "add") && strcmp(cmd, "role") && strcmp(cmd, "token") &&
	    strcmp(cmd, "list") && strcmp(cmd, "disable") && strcmp(cmd, "enable") &&
	    strcmp(cmd, "passwd")) {
		fprintf(stderr, "gongkai user: unknown subcommand '%s'\n", cmd);
		usage(stderr);
		return 2;
	}
	if (parse(argc, argv, &a, cmd) ||
	    need(&a, !strcmp(cmd, "list") ? 0 : !strcmp(cmd, "role") ? 3 : 1, cmd))
		return 2;
	if (!strcmp(cmd, "add") && !a.name) {
		fprintf(stderr, "gongkai user add: --name is required\n");
		return 2;
	}
	if (!strcmp(cmd, "add") && (!a.agency) != (!a.role)) {
		fprintf(stderr, "gongkai user add: --agency and --role go together\n");
		return 2;
	}
	db = cli_db_open(cli_db_url(a.db), "user");
	if (!db)
		return 2;
	memset(&err, 0, sizeof err);

	if (!strcmp(cmd, "add")) {
		int64_t agency_id = 0;
		if (a.agency) {
			if (accounts_agency_lookup(db, a.agency, &ag, &err))
				goto svc_fail;
			agency_id = ag.id;
		}
		if (get_password(a.password_file, pw, sizeof pw, &generated)) {
			rc = 2;
			goto done;
		}
		if (accounts_user_create(db, &sys, a.pos[0], a.name, pw, agency_id, a.role, &id, &err))
			goto svc_fail;
		printf("{\"id\":%lld,\"login\":\"%s\"}\n", (long long)id, a.pos[0]);
		if (generated)
			printf("password: %s\n", pw);
	} else if (!strcmp(cmd, "role")) {
		if (accounts_user_lookup(db, a.pos[0], &u, &err) ||
		    accounts_agency_lookup(db, a.pos[1], &ag, &err) ||
		    accounts_user_set_role(db, &sys, u.id, ag.id, a.pos[2], !a.remove, &err))
			goto svc_fail;
		printf("%s %s %s in %s (%s)\n", u.login, a.remove ? "no longer holds" : "holds",
		       a.pos[2], ag.code, ag.name);
	} else if (!strcmp(cmd, "token")) {
		char tok[ACCOUNTS_SECRET_MAX];
		if (accounts_user_lookup(db, a.pos[0], &u, &err) ||
		    accounts_token_create(db, &sys, u.id, a.label ? a.label : "cli", tok, sizeof tok,
					  &id, &err))
			goto svc_fail;
		printf("%s\n", tok);
		sodium_memzero(tok, sizeof tok);
	} else if (!strcmp(cmd, "list")) {
		struct user_list l = {0};
		size_t i;
		if (accounts_user_list(db, &sys, &l, &err)) {
			user_list_free(&l);
			goto svc_fail;
		}
		for (i = 0; i < l.n; i++)
			printf("%lld\t%s\t%s%s\n", (long long)l.items[i].id, l.items[i].login,
			       l.items[i].display_name, l.items[i].disabled ? "\t(disabled)" : "");
		user_list_free(&l);
	} else if (!strcmp(cmd, "disable") || !strcmp(cmd, "enable")) {
		if (accounts_user_lookup(db, a.pos[0], &u, &err) ||
		    accounts_user_set_disabled(db, &sys, u.id, !strcmp(cmd, "disable"), &err))
			goto svc_fail;
		printf("%s %s\n", u.login, !strcmp(cmd, "disable") ? "disabled" : "enabled");
	} else { /* passwd */
		if (accounts_user_lookup(db, a.pos[0], &u, &err))
			goto svc_fail;
		if (get_password(a.password_file, pw, sizeof pw, &generated)) {
			rc = 2;
			goto done;
		}
		if (accounts_user_set_password(db, &sys, u.id, pw, &err))
			goto svc_fail;
		if (generated)
			printf("password: %s\n", pw);
		else
			printf("password of %s changed\n", u.login);
		printf("%s must replace it at the next back-office login; API tokens revoked\n",
		       u.login);
	}
	goto done;
svc_fail:
	rc = cli_svc_exit(!strcmp(cmd, "add") ? "user add" : "user", &err);
done:
	sodium_memzero(pw, sizeof pw);
	db_close(db);
	return rc;
}
