/*
 * The host firewall inside `serve` and the wizard: two small engines.
 *
 * "firewall" (--open-firewall): before root is given up, let DHCP and TFTP
 * in on the serve interface (src/net/firewall.h: accept rules at the top
 * of every input chain, tagged with our comment) and take them out again
 * on the way out.  The state file is written first, so a run killed in
 * between is undone by its keeper (serve_priv.c) or by the next start
 * (the iface engine's net_state_recover).  Once root was given up the
 * keeper takes the rules out: this process may no longer run nft.
 *
 * "fwcheck": a phone whose requests the sniffer sees on the wire (libpcap
 * sees a frame before netfilter's input hook does) but which never reach
 * our sockets -- a DISCOVER with no lease from our DHCP server, a read
 * request with no tftp_start -- within a few seconds has them dropped on
 * the way in.  Say so once, in plain words, with the command that fixes
 * it for the firewall found (looked up read-only while still root).  It
 * listens on the bus only.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "clock.h"
#include "compat.h"
#include "ev.h"
#include "host/serve.h"
#include "util.h"
#include "log.h"
#include "loop.h"
#include "net/firewall.h"
#include "sniff/sniff.h"

#define FW_GRACE_MS	5000	/* a request unanswered this long is lost */
#define FW_EARLY_MS	2000	/* our answer may come before the capture's */
#define FW_REPEAT_MS	60000	/* tell again after this long */
#define FW_WATCHES	64

/* --- firewall: open for the session --- */

static struct {
	int		 opened;	/* our rules are in */
	int		 wrote_state;
	char		 dir[1024];
	char		 ifname[IF_NAMESIZE];
} fw_open_state;

static int
serve_firewall_wanted(const struct serve_ctx *ctx)
{
	return (ctx->opts.open_firewall);
}

static int
serve_firewall_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct fw_open	 o;
	char		 why[256];
	int		 n;

	(void)err;
	(void)errlen;
	memset(&fw_open_state, 0, sizeof fw_open_state);
	strlcpy(fw_open_state.ifname, ctx->ifname,
	    sizeof fw_open_state.ifname);
	strlcpy(fw_open_state.dir, serve_priv_state_dir(),
	    sizeof fw_open_state.dir);
	if (geteuid() != 0) {
		bus_notice("firewall_not_opened", EV_WARN, NULL, NULL,
		    "--open-firewall needs root: the firewall on %s is left "
		    "as it is", ctx->ifname);
		return (0);
	}
	memset(&o, 0, sizeof o);
	o.ifname = ctx->ifname;
	o.pid = (long)getpid();
	o.dhcp_port = ctx->opts.no_dhcp ? 0 : ctx->opts.dhcp_port;
	o.tftp_port = ctx->opts.no_tftp ? 0 : ctx->opts.tftp_port;
	o.http_port = ctx->opts.no_http || ctx->opts.no_tftp ? 0 :
	    ctx->opts.http_port;
	/* Written first: a crash after the rules went in is then undone. */
	if (firewall_state_write(fw_open_state.dir, ctx->ifname, o.pid, why,
	    sizeof why) != 0) {
		bus_notice("firewall_not_opened", EV_WARN, NULL, NULL,
		    "--open-firewall: %s", why);
		return (0);
	}
	fw_open_state.wrote_state = 1;
	if ((n = firewall_open(&o, why, sizeof why)) < 0) {
		bus_notice("firewall_not_opened", EV_WARN, NULL, NULL,
		    "could not let DHCP and TFTP in on %s: %s", ctx->ifname,
		    why);
		(void)firewall_state_remove(fw_open_state.dir, ctx->ifname);
		fw_open_state.wrote_state = 0;
		return (0);
	}
	if (n == 0) {
		bus_notice("firewall_opened", EV_INFO, NULL, NULL, "no firewall "
		    "filters input here: nothing to open on %s", ctx->ifname);
		(void)firewall_state_remove(fw_open_state.dir, ctx->ifname);
		fw_open_state.wrote_state = 0;
		return (0);
	}
	fw_open_state.opened = 1;
	bus_notice("firewall_opened", EV_INFO, NULL, NULL, "let DHCP and TFTP "
	    "in on %s in %d firewall chain%s; taken out again when serving "
	    "stops", ctx->ifname, n, n == 1 ? "" : "s");
	return (0);
}

static void
serve_firewall_stop(struct serve_ctx *ctx)
{
	char	 why[256];

	(void)ctx;
	if (!fw_open_state.wrote_state)
		return;
	/* Once root is given up the keeper takes them out (state file). */
	if (geteuid() == 0) {
		if (fw_open_state.opened && firewall_close(fw_open_state.ifname,
		    (long)getpid(), why, sizeof why) < 0) {
			log_warnx("could not take the firewall rules for %s "
			    "out: %s", fw_open_state.ifname, why);
			return;		/* the file stays: the next start tries */
		}
		(void)firewall_state_remove(fw_open_state.dir,
		    fw_open_state.ifname);
	}
	fw_open_state.wrote_state = fw_open_state.opened = 0;
}

const struct serve_engine serve_firewall_engine = {
	.name = "firewall",
	.slot = -1,		/* its state is its own, not in ctx->engine */
	.wanted = serve_firewall_wanted,
	.start = serve_firewall_start,
	.stop = serve_firewall_stop,
};

/* --- fwcheck: seen on the wire, never reached our socket --- */

enum { W_DHCP, W_TFTP };

struct fw_watch {
	int		 kind;
	char		 key[EV_IP_LEN > EV_MAC_LEN ? EV_IP_LEN : EV_MAC_LEN];
	char		 mac[EV_MAC_LEN];
	uint64_t	 seen;		/* first unanswered sighting, or 0 */
	uint64_t	 reached;	/* our engine last answered it */
	uint64_t	 told;
	int		 tagged;	/* on a VLAN: serve_vlan.c explains */
};

static struct fwcheck {
	struct serve_ctx	*ctx;
	struct bus_sink		*sink;
	struct loop_timer	 timer;
	int			 armed;
	struct fw_found		 found;
	int			 other_dhcp;	/* another DHCP server answers */
	struct fw_watch		 w[FW_WATCHES];
	size_t			 nw;
} fwcheck;

static struct fw_watch *
watch_get(struct fwcheck *c, int kind, const char *key)
{
	struct fw_watch	*w;
	size_t		 i, old = 0;

	for (i = 0; i < c->nw; i++) {
		if (c->w[i].kind == kind && strcmp(c->w[i].key, key) == 0)
			return (&c->w[i]);
		if (c->w[i].reached + c->w[i].seen < c->w[old].reached +
		    c->w[old].seen)
			old = i;
	}
	w = &c->w[c->nw < FW_WATCHES ? c->nw++ : old];
	memset(w, 0, sizeof *w);
	w->kind = kind;
	strlcpy(w->key, key, sizeof w->key);
	return (w);
}

static void	 fwcheck_tick(void *);

static void
fwcheck_arm(struct fwcheck *c)
{
	uint64_t	 next = 0;
	size_t		 i;

	for (i = 0; i < c->nw; i++)
		if (c->w[i].seen != 0 && (next == 0 ||
		    c->w[i].seen + FW_GRACE_MS < next))
			next = c->w[i].seen + FW_GRACE_MS;
	if (next == 0 || c->ctx->loop == NULL) {
		if (c->armed && c->ctx->loop != NULL)
			loop_timer_cancel(c->ctx->loop, &c->timer);
		c->armed = 0;
		return;
	}
	loop_timer_set(c->ctx->loop, &c->timer, next, fwcheck_tick, c);
	c->armed = 1;
}

/* Tell about one lost request, in words, with the fix. */
static void
fwcheck_tell(struct fwcheck *c, const struct fw_watch *w)
{
	const struct serve_opts	*o = &c->ctx->opts;
	const char		*who = w->mac[0] != '\0' ? w->mac : w->key;
	const char		*what = w->kind == W_DHCP ?
	    "its DHCP requests" : "its TFTP requests";
	char			 cmd[200];

	firewall_fix_command(&c->found, c->ctx->ifname, o->dhcp_port,
	    o->tftp_port, cmd, sizeof cmd);
	if (c->found.kind == FW_NONE)
		bus_notice("requests_lost", EV_WARN, w->mac, NULL, "phone %s: "
		    "%s arrive on %s but never reach phonerescue, and no "
		    "firewall rule was found: look for another filter", who,
		    what, c->ctx->ifname);
	else
		bus_notice("firewall_blocks", EV_ERROR, w->mac, NULL, "phone "
		    "%s: %s arrive on %s but the firewall (%s) drops them. "
		    "Fix: sudo %s (or serve with --open-firewall)", who, what,
		    c->ctx->ifname, firewall_kind_name(c->found.kind), cmd);
}

static void
fwcheck_tick(void *arg)
{
	struct fwcheck	*c = arg;
	uint64_t	 now = clock_now_ms();
	size_t		 i;

	c->armed = 0;
	for (i = 0; i < c->nw; i++) {
		struct fw_watch *w = &c->w[i];
		if (w->seen == 0 || now < w->seen + FW_GRACE_MS)
			continue;
		/*
		 * Another DHCP server answers: the phone may have been sent
		 * to another TFTP server, and ours offers nothing meanwhile.
		 */
		if (w->reached + FW_EARLY_MS < w->seen && !w->tagged &&
		    !(c->other_dhcp && !c->ctx->opts.no_dhcp) &&
		    (w->told == 0 || now - w->told >= FW_REPEAT_MS)) {
			fwcheck_tell(c, w);
			w->told = now;
		}
		w->seen = 0;
	}
	fwcheck_arm(c);
}

/* The capture saw a request: watch for our engine's answer. */
static void
fwcheck_sighting(struct fwcheck *c, int kind, const char *key,
    const char *mac, unsigned vlan, uint64_t now)
{
	struct fw_watch	*w;

	if (key[0] == '\0')
		return;
	w = watch_get(c, kind, key);
	strlcpy(w->mac, mac, sizeof w->mac);
	w->tagged = vlan != 0;
	if (w->seen == 0)
		w->seen = now;
	fwcheck_arm(c);
}

/* Our engine answered key. */
static void
fwcheck_reached(struct fwcheck *c, int kind, const char *key, uint64_t now)
{
	struct fw_watch	*w = watch_get(c, kind, key);

	w->reached = now;
	w->seen = 0;
}

static void
fwcheck_event(const struct ev *ev, void *arg)
{
	struct fwcheck		*c = arg;
	const struct ev_phone	*p = &ev->u.phone;
	const struct serve_opts	*o = &c->ctx->opts;
	char			 ip[EV_IP_LEN];
	uint64_t		 now = clock_now_ms();

	switch (ev->type) {
	case EV_PHONE:
		if (!o->no_dhcp && (p->phase == SNIFF_PHASE_REQUESTING_IP ||
		    p->phase == SNIFF_PHASE_REBOOTING))
			fwcheck_sighting(c, W_DHCP, p->mac, p->mac, p->vlan,
			    now);
		else if (!o->no_tftp && strcmp(p->via, "tftp") == 0) {
			util_ip_str(ip, sizeof ip, p->ip);
			fwcheck_sighting(c, W_TFTP, ip, p->mac, p->vlan, now);
		}
		break;
	case EV_DHCP_LEASE:
		fwcheck_reached(c, W_DHCP, ev->u.lease.mac, now);
		break;
	case EV_DHCP_SERVER_SEEN:
		c->other_dhcp = 1;
		break;
	case EV_TFTP_START:
	case EV_TFTP_ERROR:
	case EV_TFTP_DONE:
		if (ev->u.tftp.proto != EV_PROTO_TFTP)
			break;
		util_ip_str(ip, sizeof ip, ev->u.tftp.client.ip);
		fwcheck_reached(c, W_TFTP, ip, now);
		break;
	default:
		break;
	}
}

static int
serve_fwcheck_wanted(const struct serve_ctx *ctx)
{
	return (!ctx->opts.no_sniff &&
	    (!ctx->opts.no_dhcp || !ctx->opts.no_tftp));
}

static int
serve_fwcheck_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct fwcheck	*c = &fwcheck;
	char		 why[256];

	(void)err;
	(void)errlen;
	memset(c, 0, sizeof *c);
	c->ctx = ctx;
	/*
	 * Read-only, and while still root: after the drop (the wizard
	 * starting again on another interface) the sandbox refuses execve.
	 */
	if (geteuid() != 0)
		c->found.kind = FW_UNKNOWN;
	else if (firewall_detect(&c->found, why, sizeof why) != 0)
		log_debug("firewall: %s", why);
	else if (c->found.kind != FW_NONE)
		log_info("firewall: %s, %u input chain%s", firewall_kind_name(
		    c->found.kind), c->found.nchains,
		    c->found.nchains == 1 ? "" : "s");
	c->sink = bus_subscribe(EV_MASK(EV_PHONE) | EV_MASK(EV_DHCP_LEASE) |
	    EV_MASK(EV_DHCP_SERVER_SEEN) | EV_MASK(EV_TFTP_START) |
	    EV_MASK(EV_TFTP_ERROR) | EV_MASK(EV_TFTP_DONE), fwcheck_event, c);
	return (0);
}

static void
serve_fwcheck_stop(struct serve_ctx *ctx)
{
	struct fwcheck	*c = &fwcheck;

	if (c->sink != NULL)
		bus_unsubscribe(c->sink);
	c->sink = NULL;
	if (c->armed && ctx->loop != NULL)
		loop_timer_cancel(ctx->loop, &c->timer);
	c->armed = 0;
}

const struct serve_engine serve_fwcheck_engine = {
	.name = "fwcheck",
	.slot = -1,		/* its state is its own, not in ctx->engine */
	.wanted = serve_fwcheck_wanted,
	.start = serve_fwcheck_start,
	.stop = serve_fwcheck_stop,
};
