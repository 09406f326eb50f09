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
#include "net/net.h"
#include "sbuf.h"
#include "sim/sim_io.h"
#include "sim/sim_phone.h"
#include "sim/sim_report.h"
#include "util.h"

enum {
	OPT_MODEL = 256, OPT_MAC, OPT_SLOW, OPT_LOSS, OPT_DUP_ACKS, OPT_JSON,
	OPT_TIMEOUT, OPT_TFTP_PORT, OPT_FORCE, OPT_SEED, OPT_REBOOT, OPT_VLAN,
	OPT_LOAD, OPT_TRUST, OPT_HTTP_FIRST, OPT_HTTP_PORT, OPT_RETRY_MISSING,
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
	{ "load", required_argument, NULL, OPT_LOAD },
	{ "trust-list", required_argument, NULL, OPT_TRUST },
	{ "http-first", no_argument, NULL, OPT_HTTP_FIRST },
	{ "http-port", required_argument, NULL, OPT_HTTP_PORT },
	{ "retry-missing", no_argument, NULL, OPT_RETRY_MISSING },
	{ NULL, 0, NULL, 0 },
};

struct simphone {
	int		 json;
	struct sim_io	*io;
	struct loop	*loop;
	struct loop_timer limit;
	unsigned	 timeout;
};

/* One report: a JSON object with --json, else "key=value" words. */
static void
simphone_print(void *arg, const struct sim_report *r)
{
	const struct simphone	*s = arg;
	struct sbuf		 b;

	sbuf_init(&b);
	if (s->json)
		sim_report_json(&b, r);
	else {
		sbuf_adds(&b, "simphone: ");
		sim_report_text(&b, r);
	}
	printf("%s\n", sbuf_str(&b));
	fflush(stdout);
	sbuf_free(&b);
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

/* What the command line says beside the phone's own settings. */
struct simphone_args {
	const char		*iface;
	const struct model	*m;
	int			 force, have_mac;
};

/* A whole number option within [min, max]; -1 (and the usage error) if not. */
static int
simphone_uint(const struct cmd *self, unsigned long long min,
    unsigned long long max, const char *what, unsigned *out)
{
	unsigned long long	 v;

	if (util_parse_uint(optarg, min, max, &v) != 0) {
		(void)cmd_usage_error(self, "%s", what);
		return (-1);
	}
	*out = (unsigned)v;
	return (0);
}

/* One option into s, cfg or a; 0, or -1 after a usage error. */
static int
simphone_option(const struct cmd *self, int ch, char **argv,
    struct simphone *s, struct sim_cfg *cfg, struct simphone_args *a)
{
	unsigned	 u;

	switch (ch) {
	case 'i':
		a->iface = optarg;
		return (0);
	case OPT_MODEL:
		if ((a->m = sim_model_find(optarg)) == NULL) {
			(void)cmd_usage_error(self, "the simulation knows the "
			    "CNU family (79x1/79x2/79x5/797x) and the "
			    "7940/7960, not %s", optarg);
			return (-1);
		}
		return (0);
	case OPT_MAC:
		if (util_mac_parse(optarg, cfg->mac) != 0) {
			(void)cmd_usage_error(self, "bad MAC %s", optarg);
			return (-1);
		}
		a->have_mac = 1;
		return (0);
	case OPT_SLOW:
		return (simphone_uint(self, 0, 10000, "--slow: 0 to 10000 ms",
		    &cfg->slow_ms));
	case OPT_REBOOT:
		return (simphone_uint(self, 1, 120000,
		    "--reboot: 1 to 120000 ms", &cfg->reboot_ms));
	case OPT_LOSS:
		return (simphone_uint(self, 0, 90, "--loss: 0 to 90 percent",
		    &cfg->loss_pct));
	case OPT_DUP_ACKS:
		cfg->dup_acks = 1;
		return (0);
	case OPT_JSON:
		s->json = 1;
		return (0);
	case OPT_TIMEOUT:
		return (simphone_uint(self, 1, 86400,
		    "--timeout: 1 to 86400 seconds", &s->timeout));
	case OPT_TFTP_PORT:
		return (simphone_uint(self, 1, 65535, "--tftp-port: 1 to 65535",
		    &cfg->tftp_port));
	case OPT_SEED:
		if (simphone_uint(self, 1, 0xffffffffULL,
		    "--seed: a positive number", &u) != 0)
			return (-1);
		cfg->seed = (uint32_t)u;
		return (0);
	case OPT_FORCE:
		a->force = 1;
		return (0);
	case OPT_VLAN:
		return (simphone_uint(self, 1, 4094, "--vlan: 1 to 4094",
		    &cfg->vlan));
	case OPT_LOAD:
		cfg->load = optarg;
		return (0);
	case OPT_HTTP_FIRST:
		cfg->http_first = 1;
		return (0);
	case OPT_RETRY_MISSING:
		cfg->retry_missing = 1;
		return (0);
	case OPT_HTTP_PORT:
		return (simphone_uint(self, 1, 65535, "--http-port: 1 to 65535",
		    &cfg->http_port));
	case OPT_TRUST:
		if (strcmp(optarg, "foreign") == 0)
			cfg->trust = SIM_TRUST_FOREIGN;
		else if (strcmp(optarg, "none") == 0)
			cfg->trust = SIM_TRUST_NONE;
		else {
			(void)cmd_usage_error(self, "--trust-list: foreign or "
			    "none, not %s", optarg);
			return (-1);
		}
		return (0);
	default:
		(void)cmd_getopt_error(self, ch, argv);
		return (-1);
	}
}

/* Can a phone run on ifc?  0, or -1 with the reason on stderr. */
static int
simphone_iface_ok(const struct simphone_args *a)
{
	struct net_iface	 ifc;
	char			 err[256];

	if (net_iface_get(a->iface, &ifc, err, sizeof err) != 0) {
		fprintf(stderr, "phonerescue simphone: %s\n", err);
		return (-1);
	}
	if (ifc.loopback) {
		fprintf(stderr, "phonerescue simphone: %s is a loopback "
		    "interface: a phone needs a link\n", a->iface);
		return (-1);
	}
	if (ifc.default_route && !a->force) {
		fprintf(stderr, "phonerescue simphone: %s carries the default "
		    "route: a simulated phone belongs on a test link "
		    "(--force to insist)\n", a->iface);
		return (-1);
	}
	return (0);
}

/* Run one phone on iface to its result: EC_OK when it recovered. */
static int
simphone_run(struct simphone *s, const char *iface, const struct sim_cfg *cfg)
{
	char	 err[256];
	int	 sig, rc;

	s->loop = loop_new();
	loop_catch_signal(s->loop, SIGINT, NULL, NULL);
	loop_catch_signal(s->loop, SIGTERM, NULL, NULL);
	if ((s->io = sim_io_new(s->loop, iface, cfg, simphone_print, s, err,
	    sizeof err)) == NULL) {
		fprintf(stderr, "phonerescue simphone: %s\n", err);
		loop_free(s->loop);
		return (EC_FAIL);
	}
	loop_timer_set(s->loop, &s->limit, clock_now_ms() +
	    s->timeout * 1000ULL, simphone_limit, s);
	sim_io_start(s->io);
	sig = loop_run(s->loop);
	if (sim_io_result(s->io) == SIM_RUNNING)
		sim_io_abort(s->io, sig == SIGINT ? "interrupted (SIGINT)" :
		    sig == SIGTERM ? "stopped (SIGTERM)" : "stopped");
	rc = sim_io_result(s->io) == SIM_OK ? EC_OK : EC_FAIL;
	loop_timer_cancel(s->loop, &s->limit);
	sim_io_free(s->io);
	loop_free(s->loop);
	return (rc);
}

/* Parse the options, check the interface, run one phone to its result. */
static int
cmd_simphone(const struct cmd *self, int argc, char **argv)
{
	struct simphone		 s;
	struct sim_cfg		 cfg;
	struct simphone_args	 a;
	uint32_t		 r;
	char			 name[128];
	int			 ch;

	memset(&s, 0, sizeof s);
	memset(&cfg, 0, sizeof cfg);
	memset(&a, 0, sizeof a);
	s.timeout = 120;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":i:", simphone_longopts,
	    NULL)) != -1) {
		if (simphone_option(self, ch, argv, &s, &cfg, &a) != 0)
			return (EC_USAGE);
	}
	if (cmd_getopt_done(self, argc, argv) != 0)
		return (EC_USAGE);
	if (a.iface == NULL)
		return (cmd_usage_error(self, "-i IFACE is required"));
	if (strlen(a.iface) >= IF_NAMESIZE)
		return (cmd_usage_error(self, "interface name too long"));
	cfg.model = a.m != NULL ? a.m : sim_model_find("7970");
	if (cfg.load != NULL && sim_phone_load_name(cfg.model, cfg.load, name,
	    sizeof name) != 0)
		return (cmd_usage_error(self, "--load: no version in %s (a "
		    "load name, SCCP70.8-3-1S, or a version, 8.3(1))",
		    cfg.load));
	if (!a.have_mac) {
		/* A Cisco OUI seen on phones (domain notes 5.4). */
		r = (uint32_t)getpid() ^ (uint32_t)time(NULL) * 2654435761U;
		cfg.mac[0] = 0x00;
		cfg.mac[1] = 0x1b;
		cfg.mac[2] = 0xd4;
		cfg.mac[3] = (uint8_t)(r >> 16);
		cfg.mac[4] = (uint8_t)(r >> 8);
		cfg.mac[5] = (uint8_t)r;
	}
	if (simphone_iface_ok(&a) != 0)
		return (EC_FAIL);
	return (simphone_run(&s, a.iface, &cfg));
}

const struct cmd cmd_simphone_def = {
	"simphone", cmd_simphone,
	"simphone -i IFACE [--model MODEL] [--mac MAC] [--slow MS]\n"
	"                   [--reboot MS] [--loss PCT] [--dup-acks] [--json]\n"
	"                   [--timeout SECS] [--vlan ID] [--load LOAD]\n"
	"                   [--trust-list foreign] [--http-first] [--http-port N]\n"
	"                   [--retry-missing]",
	"a simulated Cisco phone, for tests and the demo",
	"Behaves on IFACE like a Cisco 79xx after a factory reset: CDP (and\n"
	"LLDP-MED where the model sends it), DHCP with the model's vendor class,\n"
	"then the default load and its components over TFTP, a reboot, the\n"
	"CTL/ITL/SEP/XMLDefault hunt and the load the configuration names.  The\n"
	"7940/7960 follow their own loader's sequence (OS79XX.TXT, .sbn, .sb2).\n"
	"Prints what it did; exits 0 only when every file it needed arrived\n"
	"intact and it ends running the load it was served, 1 otherwise.  Needs root (packet sockets, the leased address).\n\n"
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
	"                  never answers it)\n"
	"  --load LOAD     the load it runs at power-on, a name (SCCP70.8-3-1S)\n"
	"                  or a version (8.3(1)); CDP and LLDP report it.  Then\n"
	"                  below 8.3(3) it cannot authenticate 8.5(3) or later:\n"
	"                  Auth Fail and a reboot, again and again (default: an\n"
	"                  8.3(2) load that takes any load)\n"
	"  --trust-list foreign\n"
	"                  it holds another cluster's CTL/ITL (so was not\n"
	"                  factory reset): asks CTL/ITL (4 rounds) and\n"
	"                  SEP<MAC>.cnf.xml.sgn, then SEP<MAC>.cnf.xml, rejects\n"
	"                  every configuration it gets, asks again every 2 s;\n"
	"                  never configured\n"
	"  --http-first    GET each file over HTTP on TCP 6970 first, as 9.x\n"
	"                  loads on 79x2/79x5 and newer do; TFTP after a refused\n"
	"                  connection, a 404 (any status but 200) or 5 s of\n"
	"                  silence.  Each file line says its proto\n"
	"  --http-port N   the server's HTTP port (default 6970)\n"
	"  --retry-missing its term file missing (error 1), ask for it again\n"
	"                  every 2 s, as a real phone keeps trying, instead of\n"
	"                  failing\n",
};
