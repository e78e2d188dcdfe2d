/* cmd_calendar.c - placeholder until the command family is written. */
#include "cli/cli.h"

#include <stdio.h>

int cmd_calendar(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "gongkai calendar: not implemented yet\n");
	return 2;
}
