/*
 * phonerescue firmware [-r ROOT] [--default MODEL=LOAD]: per model, the
 * load ROOT will serve, whether it is complete, and what to watch out for;
 * --default chooses which of several versions a model gets.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg/cfgxml.h"
#include "cmd.h"
#include "cmd_fw.h"
#include "fw/fw_catalog.h"
#include "log.h"
#include "model/model.h"
#include "tunables.h"
#include "util.h"

const char *
fwcmd_root(const char *opt)
{
	const char	*e;

	if (opt != NULL)
		return (opt);
	if ((e = getenv("PHONERESCUE_ROOT")) != NULL && *e != '\0')
		return (e);
	return (PR_DEFAULT_ROOT);
}

int
fwcmd_print_served(FILE *f, const struct fw_catalog *cat)
{
	struct fw_served s;
	const struct model *m;
	char		 v[64];
	size_t		 i, j, nserved = 0;
	int		 incomplete = 0;

	for (i = 0; i < model_count(); i++) {
		m = model_at(i);
		if (!fw_catalog_served(cat, m, &s)) {
			for (j = 0; j < s.nnotes; j++)
				fprintf(f, "%-8s ! %s\n", m->name, s.notes[j]);
			continue;
		}
		nserved++;
		v[0] = '\0';
		if (s.load->has_version)
			fw_version_str(&s.load->ver, v, sizeof v);
		fprintf(f, "%-8s %s%s%s%s", m->name, s.load_name,
		    v[0] != '\0' ? " (" : "", v, v[0] != '\0' ? ")" : "");
		if (s.via[0] != '\0')
			fprintf(f, " via %s", s.via);
		else
			fprintf(f, " [%s]", s.why);
		fprintf(f, ": %s\n", s.complete ? "complete" : "INCOMPLETE");
		if (!s.complete)
			incomplete++;
		for (j = 0; j < s.nalt; j++) {
			v[0] = '\0';
			if (s.alt[j]->has_version)
				fw_version_str(&s.alt[j]->ver, v, sizeof v);
			fprintf(f, "         also in ROOT: %s%s%s%s\n",
			    s.alt[j]->name, v[0] != '\0' ? " (" : "", v,
			    v[0] != '\0' ? ")" : "");
		}
		for (j = 0; j < s.nnotes; j++)
			fprintf(f, "         ! %s\n", s.notes[j]);
	}
	for (i = 0; i < cat->nloads; i++) {
		if (!cat->loads[i].ok)
			fprintf(f, "unusable %s: %s\n", cat->loads[i].file,
			    cat->loads[i].error);
	}
	if (nserved == 0)
		fprintf(f, "ROOT serves no phone model yet: phonerescue import "
		    "BUNDLE\n");
	return (incomplete);
}

enum { OPT_DEFAULT = 256 };

static const struct option fw_longopts[] = {
	{ "root", required_argument, NULL, 'r' },
	{ "default", required_argument, NULL, OPT_DEFAULT },
	{ NULL, 0, NULL, 0 },
};

static int
cmd_firmware(const struct cmd *self, int argc, char **argv)
{
	struct fw_catalog *cat;
	const struct model *m;
	const char	*root = NULL, *defs[32];
	char		 err[512], mname[32], *eq;
	size_t		 ndefs = 0, i;
	int		 ch, bad;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "r:", fw_longopts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			root = optarg;
			break;
		case OPT_DEFAULT:
			if (ndefs == 32)
				return (cmd_usage_error(self, "too many "
				    "--default"));
			defs[ndefs++] = optarg;
			break;
		default:
			return (cmd_usage_error(self, "bad option"));
		}
	}
	if (optind != argc)
		return (cmd_usage_error(self, "unexpected argument %s",
		    argv[optind]));
	root = fwcmd_root(root);
	for (i = 0; i < ndefs; i++) {
		if ((eq = strchr(defs[i], '=')) == NULL || eq == defs[i] ||
		    eq[1] == '\0' || (size_t)(eq - defs[i]) >= sizeof mname)
			return (cmd_usage_error(self, "--default wants "
			    "MODEL=LOAD, not %s", defs[i]));
		snprintf(mname, sizeof mname, "%.*s", (int)(eq - defs[i]),
		    defs[i]);
		if ((m = model_find(mname)) == NULL)
			return (cmd_usage_error(self, "unknown model %s",
			    mname));
		if ((cat = fw_catalog_open(root, err, sizeof err)) == NULL) {
			fprintf(stderr, "phonerescue firmware: %s\n", err);
			return (EC_FAIL);
		}
		if (fw_catalog_find_load(cat, eq + 1) == NULL) {
			fprintf(stderr, "phonerescue firmware: %s has no load "
			    "%s\n", root, eq + 1);
			fw_catalog_free(cat);
			return (EC_FAIL);
		}
		fw_catalog_free(cat);
		if (fw_catalog_set_default(root, m, eq + 1, err,
		    sizeof err) != 0) {
			fprintf(stderr, "phonerescue firmware: %s\n", err);
			return (EC_FAIL);
		}
		printf("%s now gets %s\n", m->name, eq + 1);
	}
	/* XMLDefault's loadInformationNNN must name the same load. */
	if (ndefs > 0) {
		if (cfgxml_refresh_default(root, NULL, 0, err, sizeof err) < 0) {
			fprintf(stderr, "phonerescue firmware: %s\n", err);
			return (EC_FAIL);
		}
		printf("%s\n", err);
	}
	if ((cat = fw_catalog_open(root, err, sizeof err)) == NULL) {
		fprintf(stderr, "phonerescue firmware: %s\n", err);
		return (EC_FAIL);
	}
	bad = fwcmd_print_served(stdout, cat);
	fw_catalog_free(cat);
	return (bad > 0 ? EC_FAIL : EC_OK);
}

const struct cmd cmd_firmware_def = {
	"firmware", cmd_firmware,
	"firmware [-r ROOT] [--default MODEL=LOAD]...",
	"what the TFTP root serves, per phone model",
	"For every model ROOT can serve: the load it gets (and through which\n"
	"file: a factory-reset 79x1/79x2/79x5/797x asks for its\n"
	"termNN.default.loads first), whether every component is there, the\n"
	"other versions side by side, and warnings such as the 8.5(2) step\n"
	"that phones below 8.3(3) need before 8.5(3) or later.\n"
	"\n"
	"  -r ROOT              the TFTP root (default $PHONERESCUE_ROOT, else\n"
	"                       " PR_DEFAULT_ROOT ")\n"
	"  --default MODEL=LOAD make MODEL get LOAD from now on (for a model\n"
	"                       with a termNN file: that load's stored term\n"
	"                       file becomes the active one); an\n"
	"                       XMLDefault.cnf.xml phonerescue wrote follows\n"
	"\n"
	"Exit 0 when every served load is complete, 1 otherwise.\n",
};
