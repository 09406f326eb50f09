/*
 * phonerescue sniff: watch an interface (or read a capture file) for
 * phones and print what the sniffer learns, one event per line.  Offline
 * and live take the same path and print the same events; offline, the
 * times are the capture's.
 */
#include "config.h"

#include <getopt.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "bus.h"
#include "cmd.h"
#include "ev.h"
#include "log.h"
#include "loop.h"
#include "sink.h"
#include "sniff/sniff.h"

enum {
	OPT_JSON = 256,
};

static const struct option sniff_longopts[] = {
	{ "iface", required_argument, NULL, 'i' },
	{ "file", required_argument, NULL, 'f' },
	{ "root", required_argument, NULL, 'r' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "verbose", no_argument, NULL, 'v' },
	{ NULL, 0, NULL, 0 },
};

/* Live: run the loop until SIGINT/SIGTERM. */
static int
sniff_live(const struct sniff_opts *o)
{
	struct loop	*loop;
	struct sniff	*s;
	char		 err[256];

	loop = loop_new();
	loop_add_post_hook(loop, bus_dispatch_hook, NULL);
	loop_catch_signal(loop, SIGINT, NULL, NULL);
	loop_catch_signal(loop, SIGTERM, NULL, NULL);
	err[0] = '\0';
	/* The pcap handle is opened here, before anything is parsed. */
	if ((s = sniff_open(loop, o, err, sizeof err)) == NULL) {
		fprintf(stderr, "phonerescue sniff: %s\n", err);
		loop_free(loop);
		return (EC_FAIL);
	}
	fprintf(stderr, "phonerescue sniff: listening on %s\n", o->iface);
	loop_run(loop);
	sniff_close(s);
	bus_dispatch();
	loop_free(loop);
	return (EC_OK);
}

static int
cmd_sniff(const struct cmd *self, int argc, char **argv)
{
	struct sniff_opts	 o;
	const char		*file = NULL;
	char			 err[512];
	int			 ch, json = 0, rc;

	memset(&o, 0, sizeof o);
	o.promisc = 1;
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":i:f:r:v", sniff_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'i':
			o.iface = optarg;
			break;
		case 'f':
			file = optarg;
			break;
		case 'r':
			o.root = optarg;
			break;
		case 'v':
			log_set_level(LOG_LVL_DEBUG);
			break;
		case OPT_JSON:
			json = 1;
			break;
		default:
			return (cmd_getopt_error(self, ch, argv));
		}
	}
	if (optind != argc)
		return (cmd_usage_error(self, "unexpected argument: %s",
		    argv[optind]));
	if ((o.iface == NULL) == (file == NULL))
		return (cmd_usage_error(self, "give one of -i IFACE or -f FILE"));
	if (o.iface != NULL && strlen(o.iface) >= IF_NAMESIZE)
		return (cmd_usage_error(self, "interface name too long: %s",
		    o.iface));

	if (json)
		sink_json_attach(stdout, EV_MASK_ALL & ~EV_MASK(EV_LOG));
	else
		sink_text_attach(stdout, EV_MASK_ALL & ~EV_MASK(EV_LOG));
	if (o.iface != NULL)
		rc = sniff_live(&o);
	else {
		err[0] = '\0';
		rc = EC_OK;
		if (sniff_read_file(&o, file, err, sizeof err) != 0) {
			fprintf(stderr, "phonerescue sniff: %s\n", err);
			rc = EC_FAIL;
		}
		bus_dispatch();
	}
	bus_reset();
	return (rc);
}

const struct cmd cmd_sniff_def = {
	"sniff", cmd_sniff,
	"sniff (-i IFACE | -f FILE.pcap) [-r ROOT] [--json] [-v]",
	"find phones on a link (or in a capture) and follow their phases",
	"Watches IFACE (or reads FILE.pcap) for CDP, LLDP-MED, DHCP, ARP, TFTP\n"
	"read requests and HTTP attempts on port 6970, and prints a `phone` event\n"
	"whenever a phone appears or its model, address or phase changes, a\n"
	"`dhcp_server_seen` event for every DHCP server that answers, and a\n"
	"`notice` for a phone that looks dead but is still asking for an\n"
	"address.  It sends nothing.  Offline, times are the capture's.\n\n"
	"  -i IFACE          capture live on IFACE (needs root or CAP_NET_RAW)\n"
	"  -f FILE.pcap      read a capture file instead\n"
	"  -r ROOT           TFTP root: count a load's components from its .loads\n"
	"  --json            one JSON object per event per line\n"
	"  -v                debug logging on stderr\n",
};
