/*
 * phonerescue report [SESSION] [--csv|--json] [--all]: the session record
 * (src/record/record.h) of the latest serve or wizard session, of a given
 * one, or of all of them merged by MAC, as text, CSV or JSON.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "log.h"
#include "net/net.h"
#include "record/record.h"

static const struct option report_longopts[] = {
	{ "csv",	no_argument,	NULL, 'c' },
	{ "json",	no_argument,	NULL, 'j' },
	{ "all",	no_argument,	NULL, 'a' },
	{ "list",	no_argument,	NULL, 'l' },
	{ NULL, 0, NULL, 0 }
};

static int
report_list(const char *state)
{
	char	**ids, err[512];
	size_t	  n, i;

	if (rec_list(state, &ids, &n, err, sizeof err) != 0) {
		fprintf(stderr, "phonerescue report: %s\n", err);
		return (EC_FAIL);
	}
	for (i = 0; i < n; i++)
		printf("%s\n", ids[i]);
	rec_ids_free(ids, n);
	return (EC_OK);
}

static int
cmd_report(const struct cmd *self, int argc, char **argv)
{
	struct rec_session	 s;
	enum rec_format		 fmt = REC_TEXT;
	const char		*state = net_state_dir(), *id = NULL;
	char			 err[512];
	int			 ch, all = 0, list = 0;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":", report_longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
		case 'j':
			if (fmt != REC_TEXT)
				return (cmd_usage_error(self,
				    "--csv and --json exclude each other"));
			fmt = ch == 'c' ? REC_CSV : REC_JSON;
			break;
		case 'a':
			all = 1;
			break;
		case 'l':
			list = 1;
			break;
		default:
			return (cmd_getopt_error(self, ch, argv));
		}
	}
	if (optind < argc)
		id = argv[optind++];
	if (cmd_getopt_done(self, argc, argv) != 0)
		return (EC_USAGE);
	if (all && id != NULL)
		return (cmd_usage_error(self, "SESSION and --all exclude "
		    "each other"));
	if (list)
		return (report_list(state));
	if (rec_load(state, all ? "all" : id, &s, err, sizeof err) != 0) {
		fprintf(stderr, "phonerescue report: %s\n", err);
		return (EC_FAIL);
	}
	rec_print(stdout, &s, fmt);
	rec_session_free(&s);
	return (fflush(stdout) == 0 ? EC_OK : EC_FAIL);
}

const struct cmd cmd_report_def = {
	"report", cmd_report, "report [SESSION] [--csv|--json] [--all] [--list]",
	"the session record: every phone a serve or wizard session saw",
	"Prints the record serve and the wizard keep of every phone they see\n"
	"(in the state directory's sessions/, one file per session): MAC,\n"
	"model, the name and serial it reports, the load it ran when first\n"
	"seen and the one it runs now, the plan, first seen, back up at,\n"
	"duration, bytes, retries, problems met, and the result: back up,\n"
	"failed, gave up, or still going (when the session ended, or was cut\n"
	"short).  A phone seen in an earlier session says so.\n"
	"\n"
	"  SESSION   this session (an id from --list, or a file's path with\n"
	"            a /); default: the latest\n"
	"  --all     every session, merged by MAC\n"
	"  --list    the session ids, oldest first\n"
	"  --csv     CSV with a header row\n"
	"  --json    one JSON object per phone per line\n",
};
