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
#include "fw/fw_import.h"
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
fwcmd_print_model(FILE *f, const struct fw_catalog *cat, const struct model *m,
    const char *lead, int *incomplete)
{
	struct fw_served s;
	char		 v[64];
	size_t		 j;

	if (!fw_catalog_served(cat, m, &s)) {
		for (j = 0; lead[0] == '\0' && j < s.nnotes; j++)
			fprintf(f, "%s%-8s ! %s\n", lead, m->name, s.notes[j]);
		return (0);
	}
	v[0] = '\0';
	if (s.load->has_version)
		fw_version_str(&s.load->ver, v, sizeof v);
	fprintf(f, "%s%-8s %s%s%s%s", lead, m->name, s.load_name,
	    v[0] != '\0' ? " (" : "", v, v[0] != '\0' ? ")" : "");
	if (s.via[0] != '\0')
		fprintf(f, " via %s", s.via);
	else
		fprintf(f, " [%s]", s.why);
	fprintf(f, ": %s\n", s.complete ? "complete" : "INCOMPLETE");
	if (!s.complete && incomplete != NULL)
		*incomplete = 1;
	if (lead[0] != '\0')
		return (1);	/* a summary line: the rest follows it */
	for (j = 0; j < s.nalt; j++) {
		v[0] = '\0';
		if (s.alt[j]->has_version)
			fw_version_str(&s.alt[j]->ver, v, sizeof v);
		fprintf(f, "%s         also in ROOT: %s%s%s%s\n", lead,
		    s.alt[j]->name, v[0] != '\0' ? " (" : "", v,
		    v[0] != '\0' ? ")" : "");
	}
	for (j = 0; j < s.nnotes; j++)
		fprintf(f, "%s         ! %s\n", lead, s.notes[j]);
	return (1);
}

int
fwcmd_print_served(FILE *f, const struct fw_catalog *cat)
{
	size_t		 i, nserved = 0;
	int		 incomplete = 0, bad;

	for (i = 0; i < model_count(); i++) {
		bad = 0;
		if (fwcmd_print_model(f, cat, model_at(i), "", &bad))
			nserved++;
		incomplete += bad;
	}
	for (i = 0; i < cat->nloads; i++) {
		if (!cat->loads[i].ok)
			fprintf(f, "%s %s: %s\n", cat->loads[i].kind ==
			    LOADS_KIND_BROKEN ? "unusable" : "not a 79xx load:",
			    cat->loads[i].file, cat->loads[i].error);
		else if (cat->loads[i].foreign[0] != '\0')
			fprintf(f, "not served: %s (%s): phonerescue does not "
			    "recover that model\n", cat->loads[i].file,
			    cat->loads[i].foreign);
	}
	if (nserved == 0)
		fprintf(f, "ROOT serves no phone model yet: phonerescue import "
		    "BUNDLE\n");
	return (incomplete);
}

void
fwcmd_print_bundle_serves(FILE *f, const char *root,
    const struct fw_manifest *m)
{
	struct fw_catalog *cat;
	const struct model *mm;
	char		 err[256];
	size_t		 i, j;

	cat = m->nserves > 0 ? fw_catalog_open(root, err, sizeof err) : NULL;
	for (i = 0; i < m->nserves; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(m->serves[j].model, m->serves[i].model) == 0)
				break;
		if (j < i)
			continue;
		if (cat == NULL || (mm = model_find(m->serves[i].model)) ==
		    NULL || !fwcmd_print_model(f, cat, mm, "  serves ", NULL))
			fprintf(f, "  serves %-8s %s\n", m->serves[i].model,
			    m->serves[i].load);
	}
	fw_catalog_free(cat);
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
