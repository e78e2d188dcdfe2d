/* cmd_report.c - placeholder until the command family is written. */
#include "cli/cli.h"

#include <stdio.h>

int cmd_report(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "gongkai report: not implemented yet\n");
	return 2;
}
