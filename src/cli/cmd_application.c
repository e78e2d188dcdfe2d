/* cmd_application.c - placeholder until the command family is written. */
#include "cli/cli.h"

#include <stdio.h>

int cmd_application(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "gongkai application: not implemented yet\n");
	return 2;
}
