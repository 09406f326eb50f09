/*
 * phonerescue firmware [-r ROOT] [--default MODEL=LOAD]: per model, the
 * load ROOT will serve, whether it is complete, and what to watch out for;
 * --default chooses which of several versions a model gets.  --plan
 * [MODEL] prints the upgrade plans (src/fw/plan.h) without a phone.
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
#include "fw/plan.h"
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

/* The files that name one step's load: the .loads, its kept term file. */
static void
plan_print_step(FILE *f, const struct fw_catalog *cat, const struct model *m,
    const struct plan *p, size_t i)
{
	struct fw_version_info vi[PLAN_MAX_HELD];
	size_t		 n, j;

	fprintf(f, "  step %zu of %zu: %s (%s, %s)", i + 1, p->nsteps,
	    p->step[i].load, p->step[i].ver, p->step[i].what);
	n = fw_catalog_versions(cat, m, vi, PLAN_MAX_HELD);
	for (j = 0; j < n; j++) {
		if (strcmp(vi[j].load->name, p->step[i].load) != 0)
			continue;
		fprintf(f, ": %s", vi[j].load->file);
		if (vi[j].term[0] != '\0')
			fprintf(f, ", %s", vi[j].term);
		else if (m->term[0] != '\0' && !vi[j].load->is_term)
			fprintf(f, ", no kept %s", m->term);
		break;
	}
	fputc('\n', f);
}

/* One plan: "7970 from 8.3(1): 8.3(1) -> 8.5(2) -> ..., then the steps. */
static int
plan_print(FILE *f, const struct fw_catalog *cat, const struct model *m,
    const char *from, enum plan_stage stage, const char *to, const char *label)
{
	struct plan_in	 in;
	struct plan	 p;
	char		 line[1024];
	size_t		 i;

	memset(&in, 0, sizeof in);
	in.model = m;
	in.stage = stage;
	in.target = to;
	if (from != NULL)
		plan_parse_running(from, &in.running);
	in.nheld = plan_held_from_catalog(cat, m, in.held, PLAN_MAX_HELD);
	if (in.target == NULL)
		in.target = plan_served_target(cat, &in);
	plan_make(&in, &p);
	plan_str(&p, line, sizeof line);
	fprintf(f, "%-8s from %s: [%s] %s\n", m->name, label,
	    plan_kind_name(p.kind), line);
	for (i = 0; p.kind != PLAN_AT_TARGET && i < p.nsteps; i++)
		plan_print_step(f, cat, m, &p, i);
	return (p.kind == PLAN_LACKS || p.kind == PLAN_BLOCKED ||
	    p.kind == PLAN_NOTHING);
}

/* What ROOT holds for m, one line a version, with the files naming it. */
static void
plan_print_held(FILE *f, const struct fw_catalog *cat, const struct model *m)
{
	struct fw_version_info vi[PLAN_MAX_HELD];
	char		 v[64];
	size_t		 n, j, k;

	n = fw_catalog_versions(cat, m, vi, PLAN_MAX_HELD);
	for (j = 0; j < n; j++) {
		v[0] = '\0';
		if (vi[j].load->has_version)
			fw_version_str(&vi[j].load->ver, v, sizeof v);
		fprintf(f, "%-8s holds %s (%s)%s: %s%s%s%s", m->name,
		    vi[j].load->name, v, vi[j].active ? " [served default]" :
		    "", vi[j].load->file, vi[j].load->complete ? "" :
		    " INCOMPLETE", vi[j].term[0] != '\0' ? ", " : "",
		    vi[j].term);
		/* Its configs kept beside it (term files of other models not). */
		for (k = 0; k < vi[j].load->nstored; k++)
			if (model_from_term_file(vi[j].load->stored[k]) == NULL)
				fprintf(f, ", %s/%s/%s", FW_TERMS_DIR,
				    vi[j].load->name, vi[j].load->stored[k]);
		fputc('\n', f);
	}
}

/*
 * --plan: one model (and --from), or a table for every model ROOT holds
 * a load for, from the starting points that change the plan.
 */
static int
plan_table(FILE *f, const struct fw_catalog *cat, const struct model *only,
    const char *from, enum plan_stage stage, const char *to)
{
	struct fw_version_info vi[PLAN_MAX_HELD];
	const struct model *m;
	char		 label[FW_NAME_MAX + 16], v[64];
	size_t		 i, j, n, nmod = 0;
	int		 bad = 0;

	for (i = 0; i < model_count(); i++) {
		m = model_at(i);
		if (only != NULL && m != only)
			continue;
		n = fw_catalog_versions(cat, m, vi, PLAN_MAX_HELD);
		if (n == 0 && only == NULL)
			continue;
		nmod++;
		plan_print_held(f, cat, m);
		if (from != NULL || stage != PLAN_STAGE_UNKNOWN || n == 0) {
			snprintf(label, sizeof label, "%s", from != NULL ? from :
			    stage == PLAN_STAGE_OLD ? "an old image" :
			    stage == PLAN_STAGE_LOADER ? "the loader" :
			    "an unknown load");
			bad |= plan_print(f, cat, m, from, stage, to, label);
			continue;
		}
		/* The starting points that matter for the family. */
		if (strcmp(m->family, "cnu") == 0)
			bad |= plan_print(f, cat, m, "8.3(2)", stage, to,
			    "8.3(2) or older");
		else if (strcmp(m->family, "legacy") == 0)
			bad |= plan_print(f, cat, m, NULL, PLAN_STAGE_OLD, to,
			    "an old image");
		/* From each version held (a term file's name has none). */
		for (j = 0; j < n; j++) {
			if (!vi[j].load->has_version)
				continue;
			fw_version_str(&vi[j].load->ver, v, sizeof v);
			bad |= plan_print(f, cat, m, v, stage, to,
			    vi[j].load->name);
		}
		plan_print(f, cat, m, NULL, stage, to, "an unknown load");
	}
	if (nmod == 0)
		fprintf(f, "ROOT holds no load for any phone model yet: "
		    "phonerescue import BUNDLE\n");
	return (bad);
}

enum { OPT_DEFAULT = 256, OPT_PLAN, OPT_FROM, OPT_TO, OPT_STAGE };

static const struct option fw_longopts[] = {
	{ "root", required_argument, NULL, 'r' },
	{ "default", required_argument, NULL, OPT_DEFAULT },
	{ "plan", no_argument, NULL, OPT_PLAN },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "stage", required_argument, NULL, OPT_STAGE },
	{ NULL, 0, NULL, 0 },
};

/* firmware --plan [MODEL] [--from LOAD] [--stage old|loader] [--to LOAD] */
static int
firmware_plan(const struct cmd *self, const char *root, const char *model,
    const char *from, const char *stage, const char *to)
{
	struct fw_catalog *cat;
	struct plan_running r;
	const struct model *m = NULL;
	enum plan_stage	 st = PLAN_STAGE_UNKNOWN;
	char		 err[512];
	int		 bad;

	if (model != NULL && (m = model_find(model)) == NULL)
		return (cmd_usage_error(self, "unknown model %s", model));
	if (from != NULL && plan_parse_running(from, &r) != 0)
		return (cmd_usage_error(self, "--from wants a load or a "
		    "version (SCCP70.8-3-1S, 8.3(1)), not %s", from));
	if (stage != NULL && strcmp(stage, "old") == 0)
		st = PLAN_STAGE_OLD;
	else if (stage != NULL && strcmp(stage, "loader") == 0)
		st = PLAN_STAGE_LOADER;
	else if (stage != NULL)
		return (cmd_usage_error(self, "--stage wants old or loader, "
		    "not %s", stage));
	if ((cat = fw_catalog_open(root, err, sizeof err)) == NULL) {
		fprintf(stderr, "phonerescue firmware: %s\n", err);
		return (EC_FAIL);
	}
	bad = plan_table(stdout, cat, m, from, st, to);
	fw_catalog_free(cat);
	return (bad ? EC_FAIL : EC_OK);
}

static int
cmd_firmware(const struct cmd *self, int argc, char **argv)
{
	struct fw_catalog *cat;
	const struct model *m;
	const char	*root = NULL, *defs[32], *from = NULL, *to = NULL;
	const char	*stage = NULL;
	char		 err[512], mname[32], *eq;
	size_t		 ndefs = 0, i;
	int		 ch, bad, plan = 0;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":r:", fw_longopts, NULL)) != -1) {
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
		case OPT_PLAN:
			plan = 1;
			break;
		case OPT_FROM:
			from = optarg;
			break;
		case OPT_TO:
			to = optarg;
			break;
		case OPT_STAGE:
			stage = optarg;
			break;
		default:
			return (cmd_getopt_error(self, ch, argv));
		}
	}
	if (!plan && (from != NULL || to != NULL || stage != NULL))
		return (cmd_usage_error(self, "--from, --to and --stage go "
		    "with --plan"));
	if (plan && ndefs > 0)
		return (cmd_usage_error(self, "--plan and --default do not "
		    "go together"));
	if (optind != argc && !(plan && optind + 1 == argc))
		return (cmd_usage_error(self, "unexpected argument %s",
		    argv[optind + (plan ? 1 : 0)]));
	root = fwcmd_root(root);
	if (plan)
		return (firmware_plan(self, root, optind < argc ?
		    argv[optind] : NULL, from, stage, to));
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
	"firmware [-r ROOT] [--default MODEL=LOAD]...\n"
	"       phonerescue firmware [-r ROOT] --plan [MODEL] [--from LOAD]\n"
	"           [--stage old|loader] [--to LOAD]",
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
	"  --plan [MODEL]       the upgrade plan of each model (or MODEL) from\n"
	"                       the starting loads that change it, no phone\n"
	"                       needed: direct, through the 8.5(2) bridge\n"
	"                       (79x1/79x2/79x5/797x/7906/7911 below 8.3(3)),\n"
	"                       through the 7940/7960 loader stages, or the\n"
	"                       bridge load ROOT lacks; the versions ROOT\n"
	"                       holds and the files that name each\n"
	"  --from LOAD          the load the phone runs, as CDP/LLDP report it\n"
	"                       (SCCP70.8-3-1S) or as 8.3(1)\n"
	"  --stage old|loader   7940/7960: an old image (vendor class without\n"
	"                       the model) or one with the universal loader\n"
	"  --to LOAD            the target (default: the load ROOT serves the\n"
	"                       model, else the newest complete load)\n"
	"\n"
	"Exit 0 when every served load is complete, 1 otherwise; with --plan,\n"
	"1 when a plan stops before flashing.\n",
};
