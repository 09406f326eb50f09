/*
 * The DHCP engine inside `serve`: the pool from --pool (default: the rest
 * of our /24), the lease file from --leases (default: dhcp.leases in the
 * state directory), and the sockets on the chosen interface.  Runs after
 * the interface engine, which has made sure we have an address and that
 * serving DHCP here is safe.
 */
#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bus.h"
#include "clock.h"
#include "compat.h"
#include "dhcp/dhcp_pool.h"
#include "dhcp/dhcpd.h"
#include "dhcp/dhcpd_io.h"
#include "log.h"
#include "net/net.h"
#include "host/serve.h"
#include "track/tracker.h"
#include "tunables.h"
#include "util.h"
#include "xmalloc.h"

#define SERVE_DHCP_SLOT	1

#define GATE_MAX	256		/* phones the gate remembers */
#define GATE_STALE_MS	(120 * 1000)	/* a slot whose phone went quiet frees */

/*
 * --max-flashing N: the offer gate.  A phone admitted (offered an
 * address) holds a slot until the tracker says it took its load and
 * rebooted, or runs without one (unprovisioned, registered), or failed,
 * or it has been quiet for GATE_STALE_MS.  A new phone while N slots are
 * held is queued: its DISCOVER goes unanswered (it asks again) and a
 * `queued` notice names it once; `dequeued` when it gets its turn.
 */
struct gate_phone {
	uint8_t		 mac[6];
	int		 state;		/* GATE_* */
	uint64_t	 seen_ms;	/* last news of it (clock_now_ms) */
};
enum { GATE_FREE = 0, GATE_QUEUED, GATE_BUSY, GATE_DONE };

struct serve_gate {
	unsigned		 max;		/* 0: no gate */
	struct gate_phone	 p[GATE_MAX];
	size_t			 n;
	struct bus_sink		*sink;
};

struct serve_dhcp {
	struct serve_gate gate;
	struct dhcpd	*d;
	struct dhcpd_io	*io;
	char		 leases[4096];
	int		 in_place;	/* rewritten through fd, see below */
	int		 fd;
};

static struct gate_phone *
gate_find(struct serve_gate *g, const uint8_t mac[6], int add)
{
	size_t	 i;

	for (i = 0; i < g->n; i++) {
		if (memcmp(g->p[i].mac, mac, 6) == 0)
			return (&g->p[i]);
	}
	if (!add)
		return (NULL);
	for (i = 0; i < g->n; i++) {
		if (g->p[i].state == GATE_FREE || g->p[i].state == GATE_DONE)
			break;
	}
	if (i == g->n) {
		if (g->n == GATE_MAX)
			return (NULL);
		g->n++;
	}
	memset(&g->p[i], 0, sizeof g->p[i]);
	memcpy(g->p[i].mac, mac, 6);
	return (&g->p[i]);
}

/*
 * The tracker's phone events: a phone past its load gives its slot back.
 * Its transfers (named by the tracker) say it is still at it: a long
 * component over a slow link is no quiet phone.
 */
static void
gate_event(const struct ev *ev, void *arg)
{
	struct serve_gate	*g = arg;
	struct gate_phone	*p;
	uint8_t			 mac[6];
	enum sniff_phase	 ph;

	if (util_mac_parse(ev->type == EV_PHONE ? ev->u.phone.mac :
	    ev->u.tftp.mac, mac) != 0 ||
	    (p = gate_find(g, mac, 0)) == NULL || p->state != GATE_BUSY)
		return;
	p->seen_ms = clock_now_ms();
	if (ev->type != EV_PHONE)
		return;
	ph = ev->u.phone.phase;
	if (ph == SNIFF_PHASE_REBOOTING || ph == SNIFF_PHASE_UNPROVISIONED ||
	    ph == SNIFF_PHASE_REGISTERED || ph == SNIFF_PHASE_FAILED)
		p->state = GATE_DONE;
}

/* Slots held now (a quiet phone's slot frees). */
static unsigned
gate_busy(struct serve_gate *g, uint64_t now)
{
	unsigned	 busy = 0;
	size_t		 i;

	for (i = 0; i < g->n; i++) {
		if (g->p[i].state != GATE_BUSY)
			continue;
		if (now - g->p[i].seen_ms > GATE_STALE_MS)
			g->p[i].state = GATE_DONE;
		else
			busy++;
	}
	return (busy);
}

/* dhcpd's offer gate: may this phone be offered an address now? */
static int
gate_may_offer(void *arg, const uint8_t mac[6], uint64_t unused)
{
	struct serve_gate	*g = arg;
	struct gate_phone	*p;
	uint64_t		 now = clock_now_ms();
	unsigned		 busy;
	char			 m[EV_MAC_LEN];

	(void)unused;
	if ((p = gate_find(g, mac, 1)) == NULL)
		return (1);	/* the table is full: never lock a phone out */
	if (p->state == GATE_BUSY) {
		p->seen_ms = now;
		return (1);
	}
	busy = gate_busy(g, now);
	util_mac_str(m, sizeof m, mac);
	if (busy >= g->max) {
		if (p->state != GATE_QUEUED) {
			p->state = GATE_QUEUED;
			bus_notice("queued", EV_INFO, m, NULL, "%s queued: %u "
			    "phone%s take%s a load (--max-flashing %u); it "
			    "gets an address when one is done", m, busy,
			    busy == 1 ? "" : "s", busy == 1 ? "s" : "",
			    g->max);
		}
		return (0);
	}
	if (p->state == GATE_QUEUED)
		bus_notice("dequeued", EV_INFO, m, NULL, "%s: its turn to "
		    "take a load (--max-flashing %u)", m, g->max);
	p->state = GATE_BUSY;
	p->seen_ms = now;
	return (1);
}

/*
 * dhcpd's bind hook: the tracker links the address to the phone, and
 * writes its plan's answer for it, before the ACK is sent (a phone asks
 * for its term file within a millisecond of it).
 */
static void
serve_dhcp_bind(void *arg, const uint8_t mac[6], const struct dhcp_lease *l,
    int bound)
{
	const struct serve_ctx	*ctx = arg;

	tracker_bind(serve_track_get(ctx), mac, l->ip, l->vendor_class,
	    l->model, bound);
}

static int
serve_dhcp_wanted(const struct serve_ctx *ctx)
{
	return (!ctx->opts.no_dhcp);
}

/* "FIRST-LAST" as two dotted quads; 0, or -1. */
static int
parse_pool(const char *s, uint32_t *first, uint32_t *last)
{
	char		 a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN];
	const char	*dash = strchr(s, '-');

	if (dash == NULL || (size_t)(dash - s) >= sizeof a ||
	    strlen(dash + 1) >= sizeof b)
		return (-1);
	memcpy(a, s, (size_t)(dash - s));
	a[dash - s] = '\0';
	strlcpy(b, dash + 1, sizeof b);
	if (inet_pton(AF_INET, a, first) != 1 || inet_pton(AF_INET, b, last) != 1)
		return (-1);
	return (0);
}

/* mkdir -p for the lease file's directory (0755). */
static void
make_parent(const char *path)
{
	char	 buf[4096], *p;

	if (strlcpy(buf, path, sizeof buf) >= sizeof buf ||
	    (p = strrchr(buf, '/')) == NULL || p == buf)
		return;
	*p = '\0';
	(void)util_mkdir_p(buf, 0755, NULL, NULL, NULL);
}

/* Can the run-as user make and rename files next to path? */
static int
leases_dir_writable(const char *path, const struct net_priv_target *t)
{
	char	 dir[4096], *slash;

	if (strlcpy(dir, path, sizeof dir) >= sizeof dir)
		return (0);
	if ((slash = strrchr(dir, '/')) == NULL)
		return (0);	/* relative to the cwd: not worth guessing */
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	return (net_priv_can_write_dir(dir, t));
}

/*
 * The lease file root opens for the run-as user to rewrite in place.
 * Someone else may have put anything there: never follow a link, never
 * block (a FIFO), and take only a regular file with one link (a hard
 * link would make root overwrite its target) owned by root or the
 * run-as user.  The descriptor, or -1 with err.
 */
static int
open_in_place(const char *path, const struct net_priv_target *t, char *err,
    size_t errlen)
{
	struct stat	 sb;
	int		 fd, fl;

	if ((fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK |
	    O_NOCTTY | O_CLOEXEC, 0644)) == -1) {
		snprintf(err, errlen, "--leases %s: %s", path, strerror(errno));
		return (-1);
	}
	if (fstat(fd, &sb) != 0) {
		snprintf(err, errlen, "--leases %s: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "--leases %s is not a regular file: "
		    "refusing it (remove it, or choose another FILE)", path);
		goto fail;
	}
	if (sb.st_nlink != 1) {
		snprintf(err, errlen, "--leases %s has %ju links (a hard link "
		    "to another file?): refusing to write it as root", path,
		    (uintmax_t)sb.st_nlink);
		goto fail;
	}
	if (sb.st_uid != 0 && sb.st_uid != t->uid) {
		snprintf(err, errlen, "--leases %s belongs to uid %ju, not to "
		    "root or the run-as user: refusing to write it as root",
		    path, (uintmax_t)sb.st_uid);
		goto fail;
	}
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) == -1) {
		snprintf(err, errlen, "--leases %s: %s", path, strerror(errno));
		goto fail;
	}
	return (fd);
fail:
	close(fd);
	return (-1);
}

/*
 * After the drop: the lease file (the data a past run stored), read as
 * the run-as user.  A bad one costs the old leases, never the service.
 */
static int
serve_dhcp_after_drop(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct serve_dhcp	*st = ctx->engine[SERVE_DHCP_SLOT];
	char			 lerr[1024];
	int			 r;

	(void)err;
	(void)errlen;
	if (st == NULL)
		return (0);
	if (st->in_place)
		r = dhcp_pool_load_fd(dhcpd_pool(st->d), st->fd, st->leases,
		    clock_now_ms(), clock_wall_ms(), lerr, sizeof lerr);
	else
		r = dhcp_pool_load(dhcpd_pool(st->d), st->leases,
		    clock_now_ms(), clock_wall_ms(), lerr, sizeof lerr);
	if (r != 0) {
		bus_notice("lease_file_corrupt", EV_WARN, NULL, st->leases,
		    "%s", lerr);
		log_warnx("%s", lerr);
	}
	return (0);
}

static int
serve_dhcp_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct serve_dhcp	*st;
	struct dhcpd_config	 cfg;
	struct dhcpd_io_config	 io;

	if (ctx->addr == 0) {
		snprintf(err, errlen, "DHCP: %s has no IPv4 address (use "
		    "--address)", ctx->ifname);
		return (-1);
	}
	/*
	 * dnsmasq or another DHCP server bound with SO_REUSEADDR: refuse.
	 * After the interface engine, so a second phonerescue on this
	 * interface is told "already serving" by the lock first.
	 */
	if (serve_port_check("DHCP", 0, ctx->addr, ctx->opts.dhcp_port,
	    ctx->ifname, err, errlen) != 0)
		return (-1);
	memset(&cfg, 0, sizeof cfg);
	cfg.addr = ctx->addr;
	cfg.plen = ctx->plen;
	cfg.lease_secs = ctx->opts.lease_secs;
	cfg.arp_probe = !ctx->opts.no_arp_probe;
	cfg.probe_ms = DHCP_ARP_PROBE_MS;
	cfg.force = ctx->opts.force;
	cfg.bind = serve_dhcp_bind;
	cfg.bind_arg = ctx;
	if (ctx->opts.pool != NULL &&
	    parse_pool(ctx->opts.pool, &cfg.pool_first, &cfg.pool_last) != 0) {
		snprintf(err, errlen, "--pool %s: want FIRST-LAST, e.g. "
		    "198.18.250.10-198.18.250.99", ctx->opts.pool);
		return (-1);
	}
	st = xcalloc(1, sizeof *st);
	if ((st->gate.max = ctx->opts.max_flashing) != 0) {
		cfg.may_offer = gate_may_offer;
		cfg.gate_arg = &st->gate;
	}
	if ((st->d = dhcpd_new(&cfg, err, errlen)) == NULL) {
		free(st);
		return (-1);
	}
	if (ctx->opts.leases != NULL)
		strlcpy(st->leases, ctx->opts.leases, sizeof st->leases);
	else
		snprintf(st->leases, sizeof st->leases, "%s/dhcp.leases",
		    net_state_dir());
	make_parent(st->leases);
	st->fd = -1;
	/*
	 * Root is given up before the lease file is read.  The default file
	 * lives in the state directory, which has been handed to the run-as
	 * user; a lease file whose directory that user cannot write (a
	 * --leases FILE elsewhere) is opened now and rewritten in place
	 * through the descriptor (as dnsmasq does), since a temp file and a
	 * rename are no longer possible.
	 */
	if (ctx->dropping && !leases_dir_writable(st->leases, &ctx->run_as)) {
		if ((st->fd = open_in_place(st->leases, &ctx->run_as, err,
		    errlen)) == -1) {
			dhcpd_free(st->d);
			free(st);
			return (-1);
		}
		st->in_place = 1;
	}

	memset(&io, 0, sizeof io);
	io.ifname = ctx->ifname;
	io.ifindex = ctx->ifindex;
	memcpy(io.mac, ctx->ifmac, 6);
	io.addr = ctx->addr;
	io.port = (uint16_t)ctx->opts.dhcp_port;
	io.client_port = ctx->opts.dhcp_port == DHCP_SERVER_PORT ?
	    DHCP_CLIENT_PORT : (uint16_t)(ctx->opts.dhcp_port + 1);
	io.arp_probe = cfg.arp_probe;
	io.leases = st->leases;
	io.leases_in_place = st->in_place;
	io.leases_fd = st->fd;
	if ((st->io = dhcpd_io_start(ctx->loop, st->d, &io, err, errlen)) == NULL) {
		if (st->fd != -1)
			close(st->fd);
		dhcpd_free(st->d);
		free(st);
		return (-1);
	}
	if (st->gate.max != 0)
		st->gate.sink = bus_subscribe(EV_MASK(EV_PHONE) |
		    EV_MASK(EV_TFTP_START) | EV_MASK(EV_TFTP_PROGRESS) |
		    EV_MASK(EV_TFTP_DONE), gate_event, &st->gate);
	ctx->engine[SERVE_DHCP_SLOT] = st;
	ctx->dhcp_on = 1;
	return (0);
}

static void
serve_dhcp_stop(struct serve_ctx *ctx)
{
	struct serve_dhcp	*st = ctx->engine[SERVE_DHCP_SLOT];

	if (st == NULL)
		return;
	if (st->gate.sink != NULL)
		bus_unsubscribe(st->gate.sink);
	dhcpd_io_stop(st->io);		/* saves the lease file */
	if (st->fd != -1)
		close(st->fd);
	dhcpd_free(st->d);
	free(st);
	ctx->engine[SERVE_DHCP_SLOT] = NULL;
	ctx->dhcp_on = 0;
}

int
serve_dhcp_check_again(struct serve_ctx *ctx)
{
	struct serve_dhcp	*st = ctx->engine[SERVE_DHCP_SLOT];

	return (st != NULL ? dhcpd_io_check_again(st->io) : -1);
}

void
serve_dhcp_force(struct serve_ctx *ctx)
{
	struct serve_dhcp	*st = ctx->engine[SERVE_DHCP_SLOT];

	if (st != NULL)
		dhcpd_io_force(st->io);
}

void
serve_dhcp_link_up(struct serve_ctx *ctx)
{
	struct serve_dhcp	*st = ctx->engine[SERVE_DHCP_SLOT];

	if (st != NULL)
		dhcpd_io_link_up(st->io);
}

const struct serve_engine serve_dhcp_engine = {
	.name = "dhcp",
	.slot = SERVE_DHCP_SLOT,
	.wanted = serve_dhcp_wanted,
	.start = serve_dhcp_start,
	.stop = serve_dhcp_stop,
	.after_drop = serve_dhcp_after_drop,
};
