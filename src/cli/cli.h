/* cli.h - the gongkai command line: one entry point per command family.
 *
 * Each takes the arguments after its family name (argv[0] is the
 * subcommand) and returns the process exit status: 0 success, 1 the command
 * ran and found problems (e.g. check errors), 2 bad usage or unreadable
 * input. Messages go to stderr, results to stdout. */
#ifndef GK_CLI_H
#define GK_CLI_H

#include <stddef.h>

/* gongkai report parse|check|render|batch ... (src/cli/cmd_report.c) */
int cmd_report(int argc, char **argv);
/* gongkai report build --agency ID --year YYYY [--format F]
 * --to json|html|md|docx|xlsx [-o OUT] (src/cli/cmd_report_build.c;
 * dispatched from cmd_report). */
int cmd_report_build(int argc, char **argv);
/* Binary output (render_to_is_binary: docx, xlsx) needs -o FILE (not "-")
 * or a standard output that is not a terminal: 0 if fine, else 2 after the message
 * "gongkai CMD: --to docx writes a binary file; give -o FILE ...". `to` is
 * an enum render_to (src/cli/cmd_report.c). */
int cli_binary_ok(const char *cmd, int to, const char *outpath);
/* Write out to outpath (atomically; NULL or "-" = standard output).
 * 0, or 2 after "gongkai: PATH: cannot write: reason" (src/cli/cmd_report.c). */
struct buf;
int cli_write_out(const char *outpath, const struct buf *out);
/* gongkai calendar add|is-workday|load ... (src/cli/cmd_calendar.c) */
int cmd_calendar(int argc, char **argv);
/* gongkai application deadline FILE.json (src/cli/cmd_application.c) */
int cmd_application(int argc, char **argv);
/* gongkai serve [--listen HOST:PORT] [--db URL] ... (src/cli/cmd_serve.c) */
int cmd_serve(int argc, char **argv);
/* gongkai agency add|list (src/cli/cmd_agency.c) */
int cmd_agency(int argc, char **argv);
/* gongkai user add|role|token|list|disable|enable|passwd (src/cli/cmd_user.c) */
int cmd_user(int argc, char **argv);
/* gongkai demo [--db URL] [--key-file PATH] (src/cli/cmd_demo.c) */
int cmd_demo(int argc, char **argv);

/* gongkai migrate [--db URL] | --from URL --to URL [--force] (src/cli/cmd_migrate.c) */
int cmd_migrate(int argc, char **argv);
/* gongkai backup --db URL --to FILE [--run] (src/cli/cmd_backup.c) */
int cmd_backup(int argc, char **argv);
/* gongkai restore --from FILE --db sqlite:PATH [--force] (src/cli/cmd_backup.c) */
int cmd_restore(int argc, char **argv);
/* gongkai audit verify [--db URL] (src/cli/cmd_audit.c) */
int cmd_audit(int argc, char **argv);

/* Database for administrative commands: the --db value if given, else
 * $GONGKAI_DB_URL, else "sqlite:gongkai.db" (src/cli/cmd_agency.c). */
const char *cli_db_url(const char *flag);
/* Open url (applying migrations); NULL after printing
 * "gongkai CMD: URL: reason" to stderr. */
struct db;
struct db *cli_db_open(const char *url, const char *cmd);
/* Print a service error as "gongkai CMD: [field: ]message" and return the
 * exit status: 2 for invalid input, not found or conflict, else 1. */
struct svc_error;
int cli_svc_exit(const char *cmd, const struct svc_error *err);

/* gongkai catalog import|search|reindex|tokens|review-sim|search-test
 * (src/cli/cmd_catalog.c) */
int cmd_catalog(int argc, char **argv);

/* The active working-day calendar: $GONGKAI_HOME/calendar.tsv (default
 * ~/.local/share/gongkai/calendar.tsv) if installed by `gongkai calendar
 * load`, else the built-in data/cn-holidays.tsv. 0, or -1 with a message in
 * err (a broken installed file is an error, never silently ignored).
 * Defined in src/cli/cmd_calendar.c. */
struct calendar;
int cli_calendar_active(struct calendar *cal, char *err, size_t errsize);

/* "--db URL" or "--db=URL" anywhere in argv selects the database whose
 * stored calendar is used, and is removed from argv. Without the flag,
 * $GONGKAI_DB_URL when set, else *url = NULL (no database). 0, or -1 when
 * --db lacks its value. Defined in src/cli/cmd_calendar.c. */
int cli_take_db_flag(int *argc, char **argv, const char **url);

/* The calendar in force: the one stored in the database at url (the
 * built-in one until an administrator loads another), or with url NULL
 * cli_calendar_active's. 0, or -1 after a message "gongkai WHO: ..." on
 * stderr. Defined in src/cli/cmd_calendar.c. */
int cli_calendar_load(struct calendar *cal, const char *url, const char *who);

#endif
