/*
 * phonerescue sniff: watch an interface (or read a capture file) for
 * phones and print what the sniffer learns, one event per line.  Offline
 * and live take the same path and print the same events; offline, the
 * times are the capture's.
 */
#include "config.h"

#include <linux/capability.h>

#include <getopt.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "cmd.h"
#include "ev.h"
#include "log.h"
#include "loop.h"
#include "net/net.h"
#include "net/net_priv.h"
#include "net/net_sandbox.h"
#include "sink.h"
#include "sniff/sniff.h"
#include "track/tracker.h"

enum {
	OPT_JSON = 256, OPT_USER,
};

static const struct option sniff_longopts[] = {
	{ "iface", required_argument, NULL, 'i' },
	{ "file", required_argument, NULL, 'f' },
	{ "root", required_argument, NULL, 'r' },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "user", required_argument, NULL, OPT_USER },
	{ "verbose", no_argument, NULL, 'v' },
	{ NULL, 0, NULL, 0 },
};

/*
 * Once the capture (and ROOT) are open, and before the first frame is
 * parsed: as root, become user (--user, else SUDO_UID/SUDO_GID, else
 * nobody), keeping only keep (CAP_NET_RAW live, to reopen the capture
 * when the interface comes back; nothing offline).  Not root: nothing to
 * give up.  Who it runs as is logged at info live, at debug offline (whose
 * stderr stays empty on success).  0, or -1 after saying why.
 */
static int
sniff_drop(const char *user, uint64_t keep, int live)
{
	struct net_priv_target	 t;
	struct net_sandbox	 sb;
	char			 err[256], caps[64];

	if (geteuid() != 0)
		return (0);
	if (net_priv_resolve(user, getenv("SUDO_UID"), getenv("SUDO_GID"), &t,
	    err, sizeof err) != 0) {
		fprintf(stderr, "phonerescue sniff: %s\n", err);
		return (-1);
	}
	if (t.root) {
		log_warnx("sniff: --user root: privileges were not dropped");
		return (0);
	}
	if (net_priv_drop(&t, keep, err, sizeof err) != 0) {
		fprintf(stderr, "phonerescue sniff: cannot drop privileges to "
		    "%s: %s\n", t.name, err);
		return (-1);
	}
	/* The filter after the drop: nothing to write, nothing to exec. */
	sb.write_dirfd = -1;
	sb.writes_anywhere = 0;
	if (net_sandbox_enter(&sb, err, sizeof err) != 0) {
		fprintf(stderr, "phonerescue sniff: %s\n", err);
		return (-1);
	}
	net_priv_caps_str(keep, caps, sizeof caps);
	(live ? log_info : log_debug)("sniff: running as %s (uid %lu, gid %lu, "
	    "from %s), keeping %s", t.name, (unsigned long)t.uid,
	    (unsigned long)t.gid, t.why, keep != 0 ? caps : "no capabilities");
	return (0);
}

/* A crashed run's leftovers were undone: say so, as serve does. */
static void
sniff_recovered(const char *text, void *arg)
{
	(void)arg;
	bus_notice("iface_recovered", EV_INFO, NULL, NULL, "%s", text);
	log_info("%s", text);
}

/* Live: run the loop until SIGINT/SIGTERM. */
static int
sniff_live(struct sniff_opts *o, const char *root, const char *user)
{
	struct tracker_opts	 to = { .root = root };
	struct tracker		*tr;
	struct loop		*loop;
	struct sniff		*s;
	char			 err[256];

	loop = loop_new();
	loop_add_post_hook(loop, bus_dispatch_hook, NULL);
	loop_catch_stop_signals(loop);
	err[0] = '\0';
	/*
	 * A serve or wizard that died may have left its recovery address
	 * (and state file) on the interface: undo it first, as serve does.
	 */
	if (geteuid() == 0)
		(void)net_state_recover(net_state_dir(), sniff_recovered, NULL);
	/* The pcap handle (and ROOT) are opened here, before anything is parsed. */
	tr = tracker_open(loop, &to);
	o->frame = tracker_frame;
	o->frame_arg = tr;
	if ((s = sniff_open(loop, o, err, sizeof err)) == NULL) {
		fprintf(stderr, "phonerescue sniff: %s\n", err);
		tracker_close(tr);
		loop_free(loop);
		return (EC_FAIL);
	}
	tracker_frames(tr, 1);
	if (sniff_drop(user, NET_PRIV_CAP(CAP_NET_RAW), 1) != 0) {
		sniff_close(s);
		tracker_close(tr);
		loop_free(loop);
		return (EC_FAIL);
	}
	fprintf(stderr, "phonerescue sniff: listening on %s\n", o->iface);
	loop_run(loop);
	sniff_close(s);
	bus_dispatch();
	tracker_close(tr);
	loop_free(loop);
	return (EC_OK);
}

/* Offline: every frame of the file, then out. */
static int
sniff_offline(struct sniff_opts *o, const char *file, const char *root,
    const char *user)
{
	struct tracker_opts	 to = { .root = root };
	struct tracker		*tr;
	struct sniff		*s;
	char			 err[512];
	int			 rc = EC_OK;

	err[0] = '\0';
	tr = tracker_open(NULL, &to);
	o->frame = tracker_frame;
	o->frame_arg = tr;
	if ((s = sniff_open_file(o, file, err, sizeof err)) == NULL) {
		fprintf(stderr, "phonerescue sniff: %s\n", err);
		tracker_close(tr);
		return (EC_FAIL);
	}
	tracker_frames(tr, 1);
	if (sniff_drop(user, 0, 0) != 0)
		rc = EC_FAIL;
	else if (sniff_run_file(s, err, sizeof err) != 0) {
		fprintf(stderr, "phonerescue sniff: %s\n", err);
		rc = EC_FAIL;
	} else
		tracker_finish(tr);
	bus_dispatch();
	sniff_close(s);
	tracker_close(tr);
	return (rc);
}

static int
cmd_sniff(const struct cmd *self, int argc, char **argv)
{
	struct sniff_opts	 o;
	const char		*file = NULL, *user = NULL, *root = NULL;
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
			root = optarg;
			break;
		case 'v':
			log_set_level(LOG_LVL_DEBUG);
			break;
		case OPT_JSON:
			json = 1;
			break;
		case OPT_USER:
			user = optarg;
			break;
		default:
			return (cmd_getopt_error(self, ch, argv));
		}
	}
	if (cmd_getopt_done(self, argc, argv) != 0)
		return (EC_USAGE);
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
		rc = sniff_live(&o, root, user);
	else
		rc = sniff_offline(&o, file, root, user);
	bus_reset();
	return (rc);
}

const struct cmd cmd_sniff_def = {
	"sniff", cmd_sniff,
	"sniff (-i IFACE | -f FILE.pcap) [-r ROOT] [--user USER] [--json] [-v]",
	"find phones on a link (or in a capture) and follow their phases",
	"Watches IFACE (or reads FILE.pcap) for CDP, LLDP-MED, DHCP, ARP, TFTP\n"
	"read requests and HTTP attempts on port 6970, and prints a `phone` event\n"
	"whenever a phone appears or its model, address or phase changes, a\n"
	"`dhcp_server_seen` event for every DHCP server that answers, and a\n"
	"`notice` for a phone that looks dead but is still asking for an\n"
	"address.  It sends nothing.  Offline, times are the capture's; a capture\n"
	"may be Ethernet or Linux cooked (SLL, SLL2: what `tcpdump -i any` writes).\n"
	"Run as root, it opens the capture (and ROOT), then runs as USER (else\n"
	"the sudo user, else nobody) before it reads a frame, keeping only\n"
	"CAP_NET_RAW (live, to reopen the capture if the link goes down).\n\n"
	"  -i IFACE          capture live on IFACE (needs root or CAP_NET_RAW)\n"
	"  -f FILE.pcap      read a capture file instead\n"
	"  -r ROOT           TFTP root: count a load's components from its .loads\n"
	"  --user USER       run as USER once the capture is open (root: keep root)\n"
	"  --json            one JSON object per event per line\n"
	"  -v                debug logging on stderr\n",
};
