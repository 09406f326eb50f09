/*
 * phonerescue: bring bricked Cisco 79xx IP phones back to life.
 *
 * main() only dispatches: global options, then the subcommand from
 * cmd_table.  Everything a command does lives in src/cmd/ and the engines.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "log.h"

int
main(int argc, char **argv)
{
	const struct cmd	*c;
	const char		*base;

	log_init("phonerescue", LOG_LVL_INFO);
	/* dnsmasq runs its --dhcp-script by a link's name (cmd_lease_hook.c). */
	base = strrchr(argv[0], '/');
	if (strcmp(base != NULL ? base + 1 : argv[0],
	    "phonerescue-lease-hook") == 0 &&
	    (c = cmd_find("lease-hook")) != NULL)
		return (c->fn(c, argc, argv));
	if (argc < 2 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		c = cmd_find("wizard");
		if (argc < 2 && c != NULL)
			return (c->fn(c, argc, argv));
		return (cmd_help(cmd_find("help"), 1, argv));
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)
		return (cmd_version(cmd_find("version"), 1, argv));
	if ((c = cmd_find(argv[1])) == NULL) {
		fprintf(stderr, "phonerescue: no such command: %s\n", argv[1]);
		fprintf(stderr, "usage: phonerescue COMMAND [OPTIONS]; "
		    "phonerescue --help lists the commands\n");
		return (EC_USAGE);
	}
	return (c->fn(c, argc - 1, argv + 1));
}
