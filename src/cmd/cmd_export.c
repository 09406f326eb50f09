/*
 * phonerescue export --format dnsmasq|kea [-r ROOT] [--address IP]
 * [-o FILE]: configuration for the DHCP (and TFTP) servers a site already
 * runs, so a firmware tree prepared with `import` serves its phones from
 * those servers.  The generation itself is src/export/export.c.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "cmd_fw.h"
#include "afile.h"
#include "compat.h"
#include "export/export.h"
#include "fw/fw_catalog.h"
#include "log.h"
#include "tunables.h"

enum {
	OPT_FORMAT = 256, OPT_ADDRESS, OPT_ALL,
};

static const struct option export_longopts[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "root", required_argument, NULL, 'r' },
	{ "address", required_argument, NULL, OPT_ADDRESS },
	{ "output", required_argument, NULL, 'o' },
	{ "all-models", no_argument, NULL, OPT_ALL },
	{ NULL, 0, NULL, 0 },
};

/* The models ROOT serves (or all Cisco phones), into c; 0 or -1. */
static int
export_collect(struct export_cfg *c, const char *root, int all)
{
	struct fw_catalog	*cat;
	char			 err[256];

	if ((cat = fw_catalog_open(root, err, sizeof err)) == NULL) {
		fprintf(stderr, "phonerescue export: %s\n", err);
		return (-1);
	}
	(void)export_from_catalog(c, cat, all);
	fw_catalog_free(cat);
	if (c->nentries == 0) {
		fprintf(stderr, "phonerescue export: %s serves no phone model "
		    "(import firmware first, or use --all-models)\n", root);
		return (-1);
	}
	return (0);
}

/* Write to path through path.tmp and a rename, so a reader never sees half. */
static int
export_to_file(const char *path, enum export_format fmt,
    const struct export_cfg *c)
{
	struct afile	 a;
	char		 err[PATH_MAX + 64];

	if (afile_open(&a, path, err, sizeof err) != 0)
		goto fail;
	if (export_write(a.f, fmt, c, err, sizeof err) != 0) {
		afile_abort(&a);
		goto fail;
	}
	if (afile_commit(&a, err, sizeof err) != 0)
		goto fail;
	return (0);
fail:
	fprintf(stderr, "phonerescue export: %s\n", err);
	return (-1);
}

static int
cmd_export(const struct cmd *self, int argc, char **argv)
{
	static struct export_cfg c;	/* large: not on the stack */
	enum export_format	 fmt = EXPORT_DNSMASQ;
	const char		*root = NULL, *out = NULL, *format = NULL;
	char			 abs[PATH_MAX], err[256];
	struct in_addr		 a;
	int			 ch, all = 0;

	memset(&c, 0, sizeof c);
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":r:o:", export_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case OPT_FORMAT:
			format = optarg;
			break;
		case 'r':
			root = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case OPT_ADDRESS:
			if (inet_pton(AF_INET, optarg, &a) != 1)
				return (cmd_usage_error(self, "--address wants "
				    "an IPv4 address, not %s", optarg));
			c.address = optarg;
			break;
		case OPT_ALL:
			all = 1;
			break;
		default:
			return (cmd_getopt_error(self, ch, argv));
		}
	}
	if (cmd_getopt_done(self, argc, argv) != 0)
		return (EC_USAGE);
	if (format == NULL)
		return (cmd_usage_error(self, "--format dnsmasq|kea is "
		    "required"));
	if (export_format_parse(format, &fmt) != 0)
		return (cmd_usage_error(self, "--format: dnsmasq or kea, not "
		    "%s", format));
	if (fmt == EXPORT_KEA && c.address == NULL)
		return (cmd_usage_error(self, "--format kea needs --address IP "
		    "(the TFTP server's address)"));
	root = fwcmd_root(root);
	/* The servers run elsewhere, from another directory: say it whole. */
	if (realpath(root, abs) == NULL) {
		fprintf(stderr, "phonerescue export: %s: %s\n", root,
		    strerror(errno));
		return (EC_FAIL);
	}
	c.root = abs;
	c.all_models = all;
	c.version = PACKAGE_VERSION;
	if (export_collect(&c, abs, all) != 0)
		return (EC_FAIL);
	if (out != NULL && strcmp(out, "-") != 0)
		return (export_to_file(out, fmt, &c) == 0 ? EC_OK : EC_FAIL);
	if (export_write(stdout, fmt, &c, err, sizeof err) != 0 ||
	    fflush(stdout) != 0) {
		fprintf(stderr, "phonerescue export: %s\n", err);
		return (EC_FAIL);
	}
	return (EC_OK);
}

const struct cmd cmd_export_def = {
	"export", cmd_export,
	"export --format dnsmasq|kea [-r ROOT] [--address IP] [-o FILE]\n"
	"                   [--all-models]",
	"configuration for a site's own dnsmasq or Kea to serve ROOT",
	"Writes configuration for the DHCP server a site already runs, so\n"
	"the firmware tree ROOT (prepared with `phonerescue import`) serves\n"
	"any number of phones from the site's own servers: the phones'\n"
	"vendor classes (option 60), option 150 and option 66 with the TFTP\n"
	"server's address, siaddr (next-server), and the TFTP root.\n"
	"dnsmasq: enable-tftp and tftp-root, to load next to the site's\n"
	"dhcp-range.  Kea (no TFTP server of its own): a client class with\n"
	"option 150 defined, to merge into its Dhcp4; ROOT is named in a\n"
	"user context, to be served by any TFTP server.\n"
	"\n"
	"  --format F     dnsmasq or kea\n"
	"  -r ROOT        the TFTP root (default $PHONERESCUE_ROOT, else\n"
	"                 " PR_DEFAULT_ROOT ")\n"
	"  --address IP   the TFTP server phones are sent to (required for\n"
	"                 kea; dnsmasq without it: its own address)\n"
	"  -o FILE        write FILE (atomically) instead of standard output\n"
	"  --all-models   every Cisco phone model, not only those ROOT serves\n"
	"\n"
	"Exit 0 when written, 1 when ROOT serves no model or cannot be read.\n",
};
