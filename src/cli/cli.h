/* cli.h - the gongkai command line: one entry point per command family.
 *
 * Each takes the arguments after its family name (argv[0] is the
 * subcommand) and returns the process exit status: 0 success, 1 the command
 * ran and found problems (e.g. check errors), 2 bad usage or unreadable
 * input. Messages go to stderr, results to stdout. */
#ifndef GK_CLI_H
#define GK_CLI_H

/* gongkai report parse|check|render|batch ... (src/cli/cmd_report.c) */
int cmd_report(int argc, char **argv);
/* gongkai calendar add|is-workday|load ... (src/cli/cmd_calendar.c) */
int cmd_calendar(int argc, char **argv);
/* gongkai application deadline FILE.json (src/cli/cmd_application.c) */
int cmd_application(int argc, char **argv);

#endif
