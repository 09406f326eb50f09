/*
 * phonerescue wizard (also what a bare `phonerescue` runs): parse the
 * options and run the wizard host (src/host/wizard_host.c).  Refuses to
 * start without a terminal and points to `serve`.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "host/serve.h"
#include "host/wizard_app.h"
#include "log.h"
#include "tunables.h"
#include "util.h"

static const struct option wizard_longopts[] = {
	{ "iface", required_argument, NULL, 'i' },
	{ "root", required_argument, NULL, 'r' },
	{ "script", required_argument, NULL, 'S' },
	{ "pace", no_argument, NULL, 'P' },
	{ "ascii", no_argument, NULL, 'A' },
	{ "mono", no_argument, NULL, 'M' },
	{ "user", required_argument, NULL, 'U' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "on-event", required_argument, NULL, 'E' },
	{ "on-event-kinds", required_argument, NULL, 'K' },
	{ "on-event-queue", required_argument, NULL, 'Q' },
	{ "no-plan", no_argument, NULL, 'N' },
	{ "open-firewall", no_argument, NULL, 'F' },
	{ "max-flashing", required_argument, NULL, 'X' },
	{ NULL, 0, NULL, 0 },
};

static int
cmd_wizard(const struct cmd *self, int argc, char **argv)
{
	struct wizard_app_opts	 o;
	int			 ch;

	memset(&o, 0, sizeof o);
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":i:r:v", wizard_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'i':
			o.iface = optarg;
			break;
		case 'r':
			o.root = optarg;
			break;
		case 'U':
			if (optarg[0] == '\0')
				return (cmd_usage_error(self, "--user: a user "
				    "name or uid"));
			o.user = optarg;
			break;
		case 'F':
			o.open_firewall = 1;
			break;
		case 'S':
			o.script = optarg;
			break;
		case 'P':
			o.pace = 1;
			break;
		case 'A':
			o.ascii = 1;
			break;
		case 'M':
			o.mono = 1;
			break;
		case 'N':
			o.no_plan = 1;
			break;
		case 'X': {
			unsigned long long v;
			if (util_parse_uint(optarg, 1, 1000, &v) != 0)
				return (cmd_usage_error(self, "--max-flashing: "
				    "1 to 1000 phones"));
			o.max_flashing = (unsigned)v;
			break;
		}
		case 'v':
			o.verbose = 1;
			log_set_level(LOG_LVL_DEBUG);
			break;
		case 'E':
		case 'K':
		case 'Q': {
			struct serve_opts so;
			memset(&so, 0, sizeof so);
			if (serve_hook_option(self, ch == 'E' ? 0 : ch == 'K' ?
			    1 : 2, optarg, &so) != 0)
				return (EC_USAGE);
			if (ch == 'E')
				o.on_event = so.on_event;
			else if (ch == 'K')
				o.on_event_kinds = so.on_event_kinds;
			else
				o.on_event_queue = so.on_event_queue;
			break;
		}
		default:
			return (cmd_getopt_error(self, ch, argv));
		}
	}
	if (cmd_getopt_done(self, argc, argv) != 0)
		return (EC_USAGE);
	if (o.on_event == NULL && (o.on_event_kinds != 0 ||
	    o.on_event_queue != 0))
		return (cmd_usage_error(self, "--on-event-kinds and "
		    "--on-event-queue go with --on-event"));
	if (o.pace && o.script == NULL)
		return (cmd_usage_error(self, "--pace goes with --script"));
	return (wizard_app_run(&o));
}

const struct cmd cmd_wizard_def = {
	"wizard", cmd_wizard,
	"wizard [-i IFACE] [-r ROOT] [--user USER] [--ascii] [--mono]\n"
	"                   [--no-plan] [--max-flashing N]\n"
	"                   [--open-firewall]\n"
	"                   [--on-event CMD [--on-event-kinds LIST]\n"
	"                   [--on-event-queue N]]",
	"the full-screen wizard (what phonerescue runs without a command)",
	"Walks through the recovery: the interface to the phones, firmware,\n"
	"configuration, the keypad sequence for the model, then each phone\n"
	"live.  Needs a terminal; without one, use `phonerescue serve`.\n\n"
	"  -i IFACE   start on this interface (skips the first step if safe)\n"
	"  -r ROOT    the TFTP root (default $PHONERESCUE_ROOT, else\n"
	"             " PR_DEFAULT_ROOT "; made if missing)\n"
	"  --user USER  once the engines are up, run as USER (name or uid)\n"
	"             instead of root, keeping only CAP_NET_ADMIN, CAP_NET_RAW\n"
	"             and CAP_NET_BIND_SERVICE (default: the sudo user from\n"
	"             SUDO_UID, else nobody; `root` keeps root); ROOT and its\n"
	"             .phonerescue state are handed to that user for imports\n"
	"             while the wizard runs, and given back when it ends\n"
	"  --ascii    ASCII only (also with TERM=vt100 or a non-UTF-8 locale)\n"
	"  --mono     no colour (also with NO_COLOR set)\n"
	"  --no-plan  serve one load to all, as before (no per-phone upgrade\n"
	"             plan: see firmware --plan)\n"
	"  --max-flashing N  at most N phones take a load at once; the\n"
	"             others are shown queued until a slot frees\n"
	"  --open-firewall  let DHCP and TFTP in on the interface through the\n"
	"             host's firewall while serving, as `serve` does\n"
	"  --on-event CMD, --on-event-kinds LIST, --on-event-queue N\n"
	"             run CMD for events, as `serve` does (its output is\n"
	"             discarded: the screen is the wizard's)\n"
	"  --script FILE  test and demo aid: replay timed events and commands\n"
	"                 from FILE under a fake clock instead of starting the\n"
	"                 engines (format in src/flow/wizard.h)\n"
	"  --pace         with --script: replay in real time on the real clock\n"
	"                 (redraws paced as in real use) instead of at once\n",
};
