/* main.c - gongkai: dispatch to a command family. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#define GONGKAI_VERSION "0.1.0"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
};

static const struct command commands[] = {
	{"report", cmd_report, "解析、校验、渲染年度报告 (parse|check|render|batch)"},
	{"calendar", cmd_calendar, "工作日日历 (add|is-workday|load)"},
	{"catalog", cmd_catalog, "主动公开目录与检索 (import|search|reindex|review-sim)"},
	{"application", cmd_application, "依申请公开 (deadline)"},
	{"serve", cmd_serve, "运行网站与 JSON API (HTTP server)"},
	{"agency", cmd_agency, "行政机关 (add|list)"},
	{"demo", cmd_demo, "演示数据 (demo)"},
	{"user", cmd_user, "用户、角色与令牌 (add|role|token|list|disable|enable|passwd)"},
	{"migrate", cmd_migrate, "数据库结构升级与迁移 (--db URL | --from URL --to URL)"},
	{"backup", cmd_backup, "备份数据库 (--db URL --to FILE)"},
	{"restore", cmd_restore, "从备份恢复 SQLite 数据库 (--from FILE --db sqlite:PATH)"},
	{"audit", cmd_audit, "审计日志 (verify)"},
};

static void usage(FILE *f)
{
	size_t i;
	fprintf(f, "usage: gongkai COMMAND [ARGS...]\n\ncommands:\n");
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "  %-12s %s\n", "version", "print the version");
	fprintf(f, "\nRun 'gongkai COMMAND --help' for a command's options.\n");
}

int main(int argc, char **argv)
{
	size_t i;
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	if (!strcmp(argv[1], "version") || !strcmp(argv[1], "--version")) {
		printf("gongkai %s\n", GONGKAI_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 2, argv + 2);
	fprintf(stderr, "gongkai: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
