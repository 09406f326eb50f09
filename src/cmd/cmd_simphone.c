/*
 * phonerescue simphone: a simulated Cisco phone on one interface, for the
 * end-to-end tests and the demo.  It does what a factory-reset 79xx does
 * (src/sim/sim_phone.h), prints what it did, and exits 0 only when every
 * file it needed arrived intact.
 */
#include "config.h"

#include <getopt.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "cmd.h"
#include "compat.h"
#include "log.h"
#include "loop.h"
#include "model/model.h"
#include "sim/sim_phone.h"
#include "net/net.h"
#include "sim/sim_io.h"
#include "util.h"

enum {
	OPT_MODEL = 256, OPT_MAC, OPT_SLOW, OPT_LOSS, OPT_DUP_ACKS, OPT_JSON,
	OPT_TIMEOUT, OPT_TFTP_PORT, OPT_FORCE, OPT_SEED, OPT_REBOOT, OPT_VLAN,
};

static const struct option simphone_longopts[] = {
	{ "model", required_argument, NULL, OPT_MODEL },
	{ "iface", required_argument, NULL, 'i' },
	{ "mac", required_argument, NULL, OPT_MAC },
	{ "slow", required_argument, NULL, OPT_SLOW },
	{ "reboot", required_argument, NULL, OPT_REBOOT },
	{ "loss", required_argument, NULL, OPT_LOSS },
	{ "dup-acks", no_argument, NULL, OPT_DUP_ACKS },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "tftp-port", required_argument, NULL, OPT_TFTP_PORT },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "vlan", required_argument, NULL, OPT_VLAN },
	{ NULL, 0, NULL, 0 },
};

struct simphone {
	int		 json;
	struct sim_io	*io;
	struct loop	*loop;
	struct loop_timer limit;
	unsigned	 timeout;
};

/* One report line: as it is with --json, else as "key=value" words. */
static void
simphone_print(void *arg, const char *line)
{
	const struct simphone	*s = arg;
	const char		*p;
	int			 inq = 0;

	if (s->json) {
		printf("%s\n", line);
		fflush(stdout);
		return;
	}
	fputs("simphone:", stdout);
	putchar(0x20);
	for (p = line; *p != '\0'; p++) {
		if (*p == '\\' && p[1] != '\0') {
			putchar(*++p);
			continue;
		}
		if (*p == '"') {
			inq = !inq;
			continue;
		}
		if (!inq && (*p == '{' || *p == '}'))
			continue;
		if (!inq && *p == ':')
			putchar('=');
		else if (!inq && *p == ',')
			putchar(' ');
		else
			putchar(*p);
	}
	putchar('\n');
	fflush(stdout);
}

/* --timeout ran out. */
static void
simphone_limit(void *arg)
{
	struct simphone	*s = arg;
	char		 why[64];

	snprintf(why, sizeof why, "timed out after %u s", s->timeout);
	sim_io_abort(s->io, why);
}

/* Parse the options, check the interface, run one phone to its result. */
static int
cmd_simphone(const struct cmd *self, int argc, char **argv)
{
	struct simphone		 s;
	struct sim_cfg		 cfg;
	struct net_iface	 ifc;
	const struct model	*m = NULL;
	const char		*iface = NULL;
	unsigned long long	 v;
	char			 err[256];
	int			 ch, force = 0, have_mac = 0, sig, rc;

	memset(&s, 0, sizeof s);
	memset(&cfg, 0, sizeof cfg);
	s.timeout = 120;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":i:", simphone_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'i':
			iface = optarg;
			break;
		case OPT_MODEL:
			if ((m = sim_model_find(optarg)) == NULL)
				return (cmd_usage_error(self, "the simulation "
				    "knows the CNU family (79x1/79x2/79x5/797x) "
				    "and the 7940/7960, not %s", optarg));
			break;
		case OPT_MAC:
			if (util_mac_parse(optarg, cfg.mac) != 0)
				return (cmd_usage_error(self, "bad MAC %s",
				    optarg));
			have_mac = 1;
			break;
		case OPT_SLOW:
			if (util_parse_uint(optarg, 0, 10000, &v) != 0)
				return (cmd_usage_error(self, "--slow: 0 to "
				    "10000 ms"));
			cfg.slow_ms = (unsigned)v;
			break;
		case OPT_REBOOT:
			if (util_parse_uint(optarg, 1, 120000, &v) != 0)
				return (cmd_usage_error(self, "--reboot: 1 to "
				    "120000 ms"));
			cfg.reboot_ms = (unsigned)v;
			break;
		case OPT_LOSS:
			if (util_parse_uint(optarg, 0, 90, &v) != 0)
				return (cmd_usage_error(self, "--loss: 0 to 90 "
				    "percent"));
			cfg.loss_pct = (unsigned)v;
			break;
		case OPT_DUP_ACKS:
			cfg.dup_acks = 1;
			break;
		case OPT_JSON:
			s.json = 1;
			break;
		case OPT_TIMEOUT:
			if (util_parse_uint(optarg, 1, 86400, &v) != 0)
				return (cmd_usage_error(self, "--timeout: 1 to "
				    "86400 seconds"));
			s.timeout = (unsigned)v;
			break;
		case OPT_TFTP_PORT:
			if (util_parse_uint(optarg, 1, 65535, &v) != 0)
				return (cmd_usage_error(self, "--tftp-port: 1 "
				    "to 65535"));
			cfg.tftp_port = (unsigned)v;
			break;
		case OPT_SEED:
			if (util_parse_uint(optarg, 1, 0xffffffffULL, &v) != 0)
				return (cmd_usage_error(self, "--seed: a "
				    "positive number"));
			cfg.seed = (uint32_t)v;
			break;
		case OPT_FORCE:
			force = 1;
			break;
		case OPT_VLAN:
			if (util_parse_uint(optarg, 1, 4094, &v) != 0)
				return (cmd_usage_error(self, "--vlan: 1 to "
				    "4094"));
			cfg.vlan = (unsigned)v;
			break;
		default:
			return (cmd_getopt_error(self, ch, argv));
		}
	}
	if (optind != argc)
		return (cmd_usage_error(self, "unexpected argument: %s",
		    argv[optind]));
	if (iface == NULL)
		return (cmd_usage_error(self, "-i IFACE is required"));
	if (strlen(iface) >= IF_NAMESIZE)
		return (cmd_usage_error(self, "interface name too long"));
	if (m == NULL)
		m = sim_model_find("7970");
	if (!have_mac) {
		/* A Cisco OUI seen on phones (domain notes 5.4). */
		uint32_t r = (uint32_t)getpid() ^ (uint32_t)time(NULL) * 2654435761U;
		cfg.mac[0] = 0x00;
		cfg.mac[1] = 0x1b;
		cfg.mac[2] = 0xd4;
		cfg.mac[3] = (uint8_t)(r >> 16);
		cfg.mac[4] = (uint8_t)(r >> 8);
		cfg.mac[5] = (uint8_t)r;
	}
	cfg.model = m;

	if (net_iface_get(iface, &ifc, err, sizeof err) != 0) {
		fprintf(stderr, "phonerescue simphone: %s\n", err);
		return (EC_FAIL);
	}
	if (ifc.loopback) {
		fprintf(stderr, "phonerescue simphone: %s is a loopback "
		    "interface: a phone needs a link\n", iface);
		return (EC_FAIL);
	}
	if (ifc.default_route && !force) {
		fprintf(stderr, "phonerescue simphone: %s carries the default "
		    "route: a simulated phone belongs on a test link "
		    "(--force to insist)\n", iface);
		return (EC_FAIL);
	}

	s.loop = loop_new();
	loop_catch_signal(s.loop, SIGINT, NULL, NULL);
	loop_catch_signal(s.loop, SIGTERM, NULL, NULL);
	if ((s.io = sim_io_new(s.loop, iface, &cfg, simphone_print, &s, err,
	    sizeof err)) == NULL) {
		fprintf(stderr, "phonerescue simphone: %s\n", err);
		loop_free(s.loop);
		return (EC_FAIL);
	}
	loop_timer_set(s.loop, &s.limit, clock_now_ms() + s.timeout * 1000ULL,
	    simphone_limit, &s);
	sim_io_start(s.io);
	sig = loop_run(s.loop);
	if (sim_io_result(s.io) == SIM_RUNNING)
		sim_io_abort(s.io, sig == SIGINT ? "interrupted (SIGINT)" :
		    sig == SIGTERM ? "stopped (SIGTERM)" : "stopped");
	rc = sim_io_result(s.io) == SIM_OK ? EC_OK : EC_FAIL;
	loop_timer_cancel(s.loop, &s.limit);
	sim_io_free(s.io);
	loop_free(s.loop);
	return (rc);
}

const struct cmd cmd_simphone_def = {
	"simphone", cmd_simphone,
	"simphone -i IFACE [--model MODEL] [--mac MAC] [--slow MS]\n"
	"                   [--reboot MS] [--loss PCT] [--dup-acks] [--json]\n"
	"                   [--timeout SECS] [--vlan ID]",
	"a simulated Cisco phone, for tests and the demo",
	"Behaves on IFACE like a Cisco 79xx after a factory reset: CDP (and\n"
	"LLDP-MED where the model sends it), DHCP with the model's vendor class,\n"
	"then the default load and its components over TFTP, a reboot, the\n"
	"CTL/ITL/SEP/XMLDefault hunt and the load the configuration names.  The\n"
	"7940/7960 follow their own loader's sequence (OS79XX.TXT, .sbn, .sb2).\n"
	"Prints what it did; exits 0 only when every file it needed arrived\n"
	"intact, 1 otherwise.  Needs root (packet sockets, the leased address).\n\n"
	"  -i IFACE        a test link (not one with the default route)\n"
	"  --model MODEL   7970 (default), 7971, 7975, 7941, 7961, 7942,\n"
	"                  7962, 7945, 7965, 7906, 7911, 7931, 7940, 7960\n"
	"  --mac MAC       its MAC (default: a Cisco OUI, 00:1b:d4, and three\n"
	"                  random bytes)\n"
	"  --slow MS       wait MS before acknowledging each block\n"
	"  --reboot MS     a reboot takes MS (default 500; a real one, a minute)\n"
	"  --loss PCT      drop PCT % of the DATA packets it receives\n"
	"  --dup-acks      send every ACK twice\n"
	"  --json          one JSON object per line\n"
	"  --timeout SECS  give up after SECS (default 120)\n"
	"  --tftp-port N   the server's TFTP port (default 69)\n"
	"  --seed N        the loss draws' seed (default: from the MAC)\n"
	"  --force         run on an interface with the default route\n"
	"  --vlan ID       send its frames 802.1Q-tagged for VLAN ID, as a phone\n"
	"                  that learned a voice VLAN does (an untagged server\n"
	"                  never answers it)\n",
};
