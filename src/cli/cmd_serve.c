/* cmd_serve.c - `gongkai serve`: run the HTTP server until SIGINT/SIGTERM. */
#include "cli/cli.h"
#include "base/str.h"
#include "store/db.h"
#include "service/apply_limit.h"
#include "service/calendar_admin.h"
#include "web/http.h"
#include "web/routes.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: gongkai serve [--config FILE] [--listen HOST:PORT] [--db URL]\n"
		"                     [--threads N] [--key-file PATH] [--access-log PATH|-]\n"
		"Defaults: 127.0.0.1:8080, sqlite:gongkai.db (created if missing), 4 threads.\n"
		"URL forms: sqlite:PATH, PATH, postgresql://USER@HOST/DB\n");
}

/* Parse "HOST:PORT", ":PORT" or "PORT" into cfg. */
static int parse_listen(struct server_config *cfg, const char *v)
{
	const char *colon = strrchr(v, ':');
	char host[64];
	int port;
	if (!colon)
		return str_to_int(v, 0, 65535, &cfg->port);
	if ((size_t)(colon - v) >= sizeof host)
		return -1;
	memcpy(host, v, (size_t)(colon - v));
	host[colon - v] = '\0';
	if (str_to_int(colon + 1, 0, 65535, &port))
		return -1;
	if (host[0])
		str_copy(cfg->listen_host, host, sizeof cfg->listen_host);
	cfg->port = port;
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	struct server_config cfg;
	struct server *srv;
	struct db *db;
	char err[1024];
	sigset_t stopset, oldset;
	int i;

	server_config_defaults(&cfg);
	/* The config file first, so flags override it. */
	for (i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--config") && i + 1 < argc &&
		    server_config_load(&cfg, argv[i + 1], err, sizeof err)) {
			fprintf(stderr, "gongkai serve: %s\n", err);
			return 2;
		}
	for (i = 0; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		}
		if (!v) {
			fprintf(stderr, "gongkai serve: %s needs a value\n", a);
			usage(stderr);
			return 2;
		}
		if (!strcmp(a, "--config")) {
			/* done above */
		} else if (!strcmp(a, "--listen")) {
			if (parse_listen(&cfg, v)) {
				fprintf(stderr, "gongkai serve: bad --listen '%s' (HOST:PORT)\n", v);
				return 2;
			}
		} else if (!strcmp(a, "--db")) {
			str_copy(cfg.db_url, v, sizeof cfg.db_url);
		} else if (!strcmp(a, "--threads")) {
			if (str_to_int(v, 1, 256, &cfg.threads)) {
				fprintf(stderr, "gongkai serve: bad --threads '%s' (1-256)\n", v);
				return 2;
			}
		} else if (!strcmp(a, "--key-file")) {
			str_copy(cfg.key_file, v, sizeof cfg.key_file);
		} else if (!strcmp(a, "--access-log")) {
			str_copy(cfg.access_log, v, sizeof cfg.access_log);
		} else {
			fprintf(stderr, "gongkai serve: unknown option '%s'\n", a);
			usage(stderr);
			return 2;
		}
		i++;
	}
	/* Open once up front: creates the database and applies migrations, and
	 * gives a clear error before we start listening. */
	db = db_open(cfg.db_url, err, sizeof err);
	if (!db) {
		fprintf(stderr, "gongkai serve: %s: %s\n", cfg.db_url, err);
		return 2;
	}
	db_close(db);
	/* Follow the working-day calendar stored in the database (issue 3). */
	calendar_admin_follow(cfg.db_url);
	/* Online applications per client address, counted in the database. */
	apply_limit_set(cfg.apply_limit, cfg.apply_window);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	/* Block the stop signals in every thread (the server's workers inherit
	 * the mask) and wait for them atomically below with sigsuspend. */
	sigemptyset(&stopset);
	sigaddset(&stopset, SIGINT);
	sigaddset(&stopset, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stopset, &oldset);
	srv = server_start(&cfg, web_route_tables, err, sizeof err);
	if (!srv) {
		fprintf(stderr, "gongkai serve: %s\n", err);
		return 2;
	}
	fprintf(stderr, "gongkai: serving http://%s:%d/ (database %s, %d threads)\n",
		cfg.listen_host, server_port(srv), cfg.db_url, cfg.threads);
	while (!stop_requested)
		sigsuspend(&oldset);
	fprintf(stderr, "gongkai: stopping\n");
	server_stop(srv);
	return 0;
}
