/* The command table, and help/version. */
#include "config.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "log.h"
#include "pr_commit.h"	/* PR_COMMIT: generated at build time, "" outside git */

static const struct cmd cmd_help_def = {
	"help", cmd_help, "help [COMMAND]",
	"show the commands, or one command in full",
	"Without COMMAND, lists the commands; with it, shows its options.\n",
};

static const struct cmd cmd_version_def = {
	"version", cmd_version, "version",
	"print the version", "Prints the program's name and version, and the git commit\n"
	"it was built from when it was built from a git checkout.\n",
};

/* A command is listed here once it works; `help` shows exactly these. */
const struct cmd *const cmd_table[] = {
	&cmd_help_def,
	&cmd_version_def,
	&cmd_wizard_def,
	&cmd_serve_def,
	&cmd_sniff_def,
	&cmd_import_def, &cmd_firmware_def, &cmd_config_def, &cmd_models_def,
	&cmd_demo_def, &cmd_simphone_def,
	&cmd_export_def,
	&cmd_report_def,
	&cmd_lease_hook_def,
	NULL,
};

const struct cmd *
cmd_find(const char *name)
{
	const struct cmd *const	*c;

	for (c = cmd_table; *c != NULL; c++) {
		if (strcmp((*c)->name, name) == 0)
			return (*c);
	}
	return (NULL);
}

void
cmd_print_usage(const struct cmd *c, int full)
{
	FILE	*f = full ? stdout : stderr;

	fprintf(f, "usage: phonerescue %s\n", c->usage);
	if (full)
		fprintf(f, "\n%s\n%s", c->summary, c->help);
}

int
cmd_usage_error(const struct cmd *c, const char *fmt, ...)
{
	va_list	 ap;

	fprintf(stderr, "phonerescue %s: ", c->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cmd_print_usage(c, 0);
	return (EC_USAGE);
}

int
cmd_getopt_done(const struct cmd *c, int argc, char **argv)
{
	if (optind == argc)
		return (0);
	return (cmd_usage_error(c, "unexpected argument: %s", argv[optind]));
}

int
cmd_getopt_error(const struct cmd *c, int ch, char **argv)
{
	if (ch == ':')
		return (cmd_usage_error(c, "%s needs a value", argv[optind - 1]));
	return (cmd_usage_error(c, "unknown option %s", argv[optind - 1]));
}

static void
print_overview(FILE *f)
{
	const struct cmd *const	*c;

	fprintf(f, "phonerescue %s: bring bricked Cisco 79xx IP phones back to life\n\n",
	    PACKAGE_VERSION);
	fprintf(f, "usage: phonerescue COMMAND [OPTIONS]\n"
	    "       phonerescue help COMMAND\n\ncommands:\n");
	for (c = cmd_table; *c != NULL; c++)
		fprintf(f, "  %-10s %s\n", (*c)->name, (*c)->summary);
	fprintf(f, "\nIt serves DHCP: plug it only into a cable that goes to the phones.\n");
}

int
cmd_help(const struct cmd *self, int argc, char **argv)
{
	const struct cmd	*c;

	if (argc > 2)
		return (cmd_usage_error(self, "too many arguments"));
	if (argc < 2) {
		print_overview(stdout);
		return (EC_OK);
	}
	if ((c = cmd_find(argv[1])) == NULL)
		return (cmd_usage_error(self, "no such command: %s", argv[1]));
	cmd_print_usage(c, 1);
	return (EC_OK);
}

int
cmd_version(const struct cmd *self, int argc, char **argv)
{
	(void)argv;
	if (argc > 1)
		return (cmd_usage_error(self, "takes no arguments"));
	if (PR_COMMIT[0] != '\0')
		printf("phonerescue %s (git %s)\n", PACKAGE_VERSION, PR_COMMIT);
	else
		printf("phonerescue %s\n", PACKAGE_VERSION);
	return (EC_OK);
}
