/*
 * phonerescue serve: the engines, headless, printing events until SIGINT
 * or SIGTERM.  Exit 0 on a clean stop; 1 with a one-line reason when
 * anything fails to start; 2 on bad arguments.
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "cmd.h"
#include "cmd_fw.h"
#include "compat.h"
#include "hook.h"
#include "log.h"
#include "loop.h"
#include "host/serve.h"
#include "sink.h"
#include "tunables.h"
#include "util.h"

enum {
	OPT_ADDRESS = 256, OPT_POOL, OPT_LEASE, OPT_NO_DHCP, OPT_NO_TFTP,
	OPT_NO_SNIFF, OPT_FORCE, OPT_JSON, OPT_LEASES, OPT_TFTP_PORT,
	OPT_DHCP_PORT, OPT_NO_ARP_PROBE, OPT_BLKSIZE_MAX, OPT_IDLE, OPT_USER,
	OPT_TFTP_PER_CLIENT, OPT_ON_EVENT, OPT_ON_EVENT_KINDS,
	OPT_ON_EVENT_QUEUE, OPT_NO_HTTP, OPT_HTTP_PORT, OPT_OPEN_FIREWALL,
	OPT_NO_PLAN, OPT_LEASES_FROM, OPT_MAX_FLASHING,
};

static const struct option serve_longopts[] = {
	{ "iface", required_argument, NULL, 'i' },
	{ "root", required_argument, NULL, 'r' },
	{ "address", required_argument, NULL, OPT_ADDRESS },
	{ "pool", required_argument, NULL, OPT_POOL },
	{ "lease", required_argument, NULL, OPT_LEASE },
	{ "leases", required_argument, NULL, OPT_LEASES },
	{ "no-dhcp", no_argument, NULL, OPT_NO_DHCP },
	{ "leases-from", required_argument, NULL, OPT_LEASES_FROM },
	{ "no-tftp", no_argument, NULL, OPT_NO_TFTP },
	{ "no-sniff", no_argument, NULL, OPT_NO_SNIFF },
	{ "no-arp-probe", no_argument, NULL, OPT_NO_ARP_PROBE },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "tftp-port", required_argument, NULL, OPT_TFTP_PORT },
	{ "dhcp-port", required_argument, NULL, OPT_DHCP_PORT },
	{ "blksize-max", required_argument, NULL, OPT_BLKSIZE_MAX },
	{ "idle-timeout", required_argument, NULL, OPT_IDLE },
	{ "tftp-per-client", required_argument, NULL, OPT_TFTP_PER_CLIENT },
	{ "user", required_argument, NULL, OPT_USER },
	{ "on-event", required_argument, NULL, OPT_ON_EVENT },
	{ "on-event-kinds", required_argument, NULL, OPT_ON_EVENT_KINDS },
	{ "on-event-queue", required_argument, NULL, OPT_ON_EVENT_QUEUE },
	{ "no-http", no_argument, NULL, OPT_NO_HTTP },
	{ "http-port", required_argument, NULL, OPT_HTTP_PORT },
	{ "no-plan", no_argument, NULL, OPT_NO_PLAN },
	{ "max-flashing", required_argument, NULL, OPT_MAX_FLASHING },
	{ "open-firewall", no_argument, NULL, OPT_OPEN_FIREWALL },
	{ "verbose", no_argument, NULL, 'v' },
	{ NULL, 0, NULL, 0 },
};

int
serve_hook_option(const struct cmd *self, int which, const char *arg,
    struct serve_opts *o)
{
	unsigned long long	 v;
	char			 err[256];

	switch (which) {
	case 0:
		/* A path, run as argv[0] without a shell: no words. */
		if (arg[0] == '\0') {
			cmd_usage_error(self, "--on-event: a program");
			return (-1);
		}
		o->on_event = arg;
		return (0);
	case 1:
		if (hook_kinds_parse(arg, &o->on_event_kinds, err,
		    sizeof err) != 0) {
			cmd_usage_error(self, "%s", err);
			return (-1);
		}
		return (0);
	default:
		if (util_parse_uint(arg, 1, HOOK_QUEUE_MAX, &v) != 0) {
			cmd_usage_error(self, "--on-event-queue: 1 to %d",
			    HOOK_QUEUE_MAX);
			return (-1);
		}
		o->on_event_queue = (size_t)v;
		return (0);
	}
}

/*
 * The options that take a number: its range, the member it sets and the
 * factor it is stored with (--idle-timeout seconds kept as ms); "what"
 * ends the usage message.
 */
static const struct serve_number {
	int			 opt;
	const char		*name;
	unsigned long long	 min, max;
	unsigned		 scale;
	size_t			 off;
	const char		*what;
} serve_numbers[] = {
	{ OPT_LEASE, "lease", 30, 86400 * 7, 1,
	    offsetof(struct serve_opts, lease_secs), " seconds" },
	{ OPT_HTTP_PORT, "http-port", 0, 65535, 1,
	    offsetof(struct serve_opts, http_port), " (0: no HTTP)" },
	{ OPT_TFTP_PORT, "tftp-port", 1, 65535, 1,
	    offsetof(struct serve_opts, tftp_port), "" },
	{ OPT_DHCP_PORT, "dhcp-port", 1, 65535, 1,
	    offsetof(struct serve_opts, dhcp_port), "" },
	{ OPT_BLKSIZE_MAX, "blksize-max", 8, 65464, 1,
	    offsetof(struct serve_opts, tftp_blksize_max), "" },
	{ OPT_IDLE, "idle-timeout", 1, 3600, 1000,
	    offsetof(struct serve_opts, tftp_idle_ms), " seconds" },
	{ OPT_TFTP_PER_CLIENT, "tftp-per-client", 1, TFTP_MAX_XFERS, 1,
	    offsetof(struct serve_opts, tftp_per_client), "" },
	{ OPT_MAX_FLASHING, "max-flashing", 1, 1000, 1,
	    offsetof(struct serve_opts, max_flashing), " phones" },
};

/*
 * CH an option of serve_numbers[]: 0 when its value is good, EC_USAGE
 * (said) when not; -1 when CH is not one of them.
 */
static int
serve_number_option(const struct cmd *self, int ch, const char *arg,
    struct serve_opts *o)
{
	const struct serve_number	*n;
	unsigned long long		 v;
	size_t				 i;

	for (i = 0; i < sizeof serve_numbers / sizeof serve_numbers[0]; i++) {
		n = &serve_numbers[i];
		if (n->opt != ch)
			continue;
		if (util_parse_uint(arg, n->min, n->max, &v) != 0)
			return (cmd_usage_error(self, "--%s: %llu to %llu%s",
			    n->name, n->min, n->max, n->what));
		*(unsigned *)(void *)((char *)o + n->off) =
		    (unsigned)v * n->scale;
		return (0);
	}
	return (-1);
}

static int
serve_parse(const struct cmd *self, int argc, char **argv,
    struct serve_opts *o)
{
	int	 ch, rc;

	serve_opts_defaults(o);
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":i:r:v", serve_longopts, NULL)) != -1) {
		switch (ch) {
		case 'i':
			o->iface = optarg;
			break;
		case 'r':
			o->root = optarg;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case OPT_ADDRESS:
			o->address = optarg;
			break;
		case OPT_POOL:
			o->pool = optarg;
			break;
		case OPT_LEASES:
			o->leases = optarg;
			break;
		case OPT_USER:
			if (optarg[0] == '\0')
				return (cmd_usage_error(self, "--user: a user "
				    "name or uid"));
			o->user = optarg;
			break;
		case OPT_NO_DHCP:
			o->no_dhcp = 1;
			break;
		case OPT_LEASES_FROM:
			o->leases_from = optarg;
			break;
		case OPT_NO_TFTP:
			o->no_tftp = 1;
			break;
		case OPT_NO_SNIFF:
			o->no_sniff = 1;
			break;
		case OPT_NO_HTTP:
			o->no_http = 1;
			break;
		case OPT_NO_PLAN:
			o->no_plan = 1;
			break;
		case OPT_NO_ARP_PROBE:
			o->no_arp_probe = 1;
			break;
		case OPT_OPEN_FIREWALL:
			o->open_firewall = 1;
			break;
		case OPT_FORCE:
			o->force = 1;
			break;
		case OPT_JSON:
			o->json = 1;
			break;
		case OPT_ON_EVENT:
		case OPT_ON_EVENT_KINDS:
		case OPT_ON_EVENT_QUEUE:
			if (serve_hook_option(self, ch - OPT_ON_EVENT, optarg,
			    o) != 0)
				return (EC_USAGE);
			break;
		default:
			if ((rc = serve_number_option(self, ch, optarg, o)) == -1)
				return (cmd_getopt_error(self, ch, argv));
			if (rc != 0)
				return (rc);
			break;
		}
	}
	if (cmd_getopt_done(self, argc, argv) != 0)
		return (EC_USAGE);
	if (o->on_event == NULL && (o->on_event_kinds != 0 ||
	    o->on_event_queue != 0))
		return (cmd_usage_error(self, "--on-event-kinds and "
		    "--on-event-queue go with --on-event"));
	if (o->iface == NULL)
		return (cmd_usage_error(self, "-i IFACE is required"));
	if (strlen(o->iface) >= IF_NAMESIZE)
		return (cmd_usage_error(self, "interface name too long: %s", o->iface));
	return (0);
}

/* Start-up under way has ended: a failure ends the loop, and serve. */
static void
serve_started(void *arg, int rc, const char *err)
{
	struct serve_ctx	*ctx = arg;

	if (rc != 0) {
		fprintf(stderr, "phonerescue serve: %s\n", err);
		loop_break(ctx->loop);
	}
}

static int
cmd_serve(const struct cmd *self, int argc, char **argv)
{
	struct serve_ctx	 ctx;
	char			 err[256];
	int			 rc, sig;

	memset(&ctx, 0, sizeof ctx);
	if ((rc = serve_parse(self, argc, argv, &ctx.opts)) != 0)
		return (rc);
	if (ctx.opts.verbose)
		log_set_level(LOG_LVL_DEBUG);
	strlcpy(ctx.ifname, ctx.opts.iface, sizeof ctx.ifname);
	err[0] = '\0';
	if (serve_iface_lookup(&ctx, err, sizeof err) != 0) {
		fprintf(stderr, "phonerescue serve: %s\n", err);
		return (EC_FAIL);
	}

	ctx.loop = loop_new();
	loop_add_post_hook(ctx.loop, bus_dispatch_hook, NULL);
	loop_catch_stop_signals(ctx.loop);	/* SIGHUP too: clean up */
	if (ctx.opts.json)
		sink_json_attach(stdout, EV_MASK_ALL & ~EV_MASK(EV_LOG));
	else
		sink_text_attach(stdout, EV_MASK_ALL & ~EV_MASK(EV_LOG));

	rc = EC_OK;
	ctx.on_done = serve_started;
	ctx.on_arg = &ctx;
	/* The loop runs from the start: stages wait on it (serve_stage.c). */
	if (serve_start(&ctx, err, sizeof err) < 0) {
		fprintf(stderr, "phonerescue serve: %s\n", err);
		rc = EC_FAIL;
	} else {
		sig = loop_run(ctx.loop);
		if (ctx.stage_failed)
			rc = EC_FAIL;	/* said by serve_started() */
		else
			serve_post_stop(sig != 0 ? loop_signal_name(sig) :
			    "stopped");
	}
	serve_stop(&ctx);
	serve_priv_finish();	/* what was handed over is given back */
	bus_dispatch();
	serve_hook_stop();	/* what is queued runs; drops are said */
	bus_dispatch();
	serve_record_finish(NULL);	/* the session record's end */
	bus_reset();
	loop_free(ctx.loop);
	return (rc);
}

const struct cmd cmd_serve_def = {
	"serve", cmd_serve,
	"serve -i IFACE [-r ROOT] [--address CIDR] [--pool FIRST-LAST]\n"
	"                   [--lease SECS] [--no-dhcp] [--no-tftp] [--no-sniff]\n"
	"                   [--leases-from dnsmasq:FILE|kea:FILE|dnsmasq-hook[:SOCK]]\n"
	"                   [--force] [--json] [--leases FILE]\n"
	"                   [--tftp-port N] [--dhcp-port N] [--no-http]\n"
	"                   [--http-port N] [--no-plan] [--user USER] [--open-firewall]\n"
	"                   [--max-flashing N]\n"
	"                   [-v]\n"
	"                   [--on-event CMD [--on-event-kinds LIST]\n"
	"                   [--on-event-queue N]]",
	"run the recovery engines headless, printing events",
	"Runs the engines on IFACE until SIGTERM, SIGINT, SIGHUP or any other\n"
	"signal that would end it (each cleans up alike), printing one line per\n"
	"event (one JSON object per line with --json).  Exit 0 on a clean stop,\n"
	"1 with a one-line reason if anything fails to start.\n\n"
	"  -i IFACE          the interface with the cable to the phones\n"
	"  --address CIDR    our address; put on IFACE if missing (default when\n"
	"                    IFACE has none: " DHCP_DEFAULT_ADDRESS "), removed on exit\n"
	"  --pool A-B        DHCP range (default: the rest of our /24)\n"
	"  --lease SECS      DHCP lease time (default 300)\n"
	"  --leases FILE     DHCP lease file (default: dhcp.leases in the state\n"
	"                    dir, $PHONERESCUE_STATE_DIR or " LOCALSTATEDIR "/lib/phonerescue)\n"
	"  --no-dhcp         no DHCP server (and no DHCP safety checks)\n"
	"  --leases-from dnsmasq:FILE|kea:FILE|dnsmasq-hook[:SOCKET]\n"
	"                    with --no-dhcp: follow the site's DHCP server's\n"
	"                    lease file (or lease-hook's socket), so phones are\n"
	"                    known by IP and MAC\n"
	"  --dhcp-port N     DHCP server port (default 67; clients get N+1)\n"
	"  --no-arp-probe    offer without ARP-probing the address first\n"
	"  --max-flashing N  at most N phones take a load at once; the others\n"
	"                    are queued (their DISCOVERs wait unanswered)\n"
	"  --force           serve DHCP even where another DHCP server answers\n"
	"                    or the default route leaves (disturbs that network)\n"
	"  -r ROOT           the TFTP root (default $PHONERESCUE_ROOT, else\n"
	"                    " PR_DEFAULT_ROOT "); read-only:\n"
	"                    names may start with / or use \\, letter case is\n"
	"                    matched when the exact name is missing, nothing\n"
	"                    outside ROOT is served (symlinks included)\n"
	"  --no-tftp         no TFTP server (and no HTTP: nothing is served)\n"
	"  --tftp-port N     TFTP port (default 69), on IFACE's address only\n"
	"  --no-http         no HTTP server (9.x phones then fall back to TFTP)\n"
	"  --http-port N     HTTP port for ROOT, GET and HEAD only, same names\n"
	"                    and confinement as TFTP (default 6970; 0: none)\n"
	"  --no-plan         serve one load to all, as before (no per-phone\n"
	"                    upgrade plan: see firmware --plan)\n"
	"  --blksize-max N   largest TFTP block, 8-65464 (default: the MTU - 32)\n"
	"  --idle-timeout S  give up on a silent transfer after S seconds (30)\n"
	"  --tftp-per-client N  TFTP transfers one address may hold at once\n"
	"                    (default 64); more are refused \"Server busy\";\n"
	"                    also the HTTP connections one address may hold\n"
	"  --open-firewall   let DHCP and TFTP in on IFACE through the host's\n"
	"                    firewall (nftables rules of our own, taken out on\n"
	"                    exit and after a crash)\n"
	"  --user USER       once the sockets, the capture and the address are\n"
	"                    set up, run as USER (name or uid) instead of root,\n"
	"                    keeping only CAP_NET_ADMIN and CAP_NET_RAW (default:\n"
	"                    the sudo user from SUDO_UID, else nobody; `root`\n"
	"                    keeps root); ROOT must be readable by that user\n"
	"  --json            one JSON object per event per line\n"
	"  --on-event CMD    run the program CMD (a path, no shell) for each\n"
	"                    event, its fields in PHONERESCUE_* variables; one\n"
	"                    at a time per phone, as the run-as user\n"
	"  --on-event-kinds LIST  which events, or all (default:\n"
	"                    " HOOK_KINDS_DEFAULT ")\n"
	"  --on-event-queue N  events waiting for hooks at most (default 64);\n"
	"                    more are dropped, counted and said\n"
	"  -v                debug logging on stderr\n",
};
