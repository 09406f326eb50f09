/*
 * The interface engine inside `serve`, started first: undo what a crashed
 * run left on the interfaces, refuse to serve DHCP where it would disturb
 * a real network (the interface carries the default route, or another
 * DHCP server answers a DISCOVER probe) unless --force, and, when the
 * interface has no IPv4 address (or --address names one it lacks), put
 * the recovery address on it and take it away again on the way out.
 *
 * Only one phonerescue serves an interface at a time: the engine holds a
 * listening socket at the abstract address "phonerescue/serve/IFACE"
 * (unix(7)).  Abstract names belong to the network namespace, as the
 * interface name does, and the kernel frees one the moment its process
 * is gone (kill -9 included): no stale lock to clean up.  A second run
 * that finds the name taken connects to it and learns the holder's pid
 * from SO_PEERCRED, then refuses with "already serving IFACE (pid N)".
 *
 * A loopback interface is refused unless only TFTP runs (--no-dhcp
 * --no-sniff): TFTP on lo with a high port needs no root and is what a
 * curious user (or a test) tries; DHCP and the sniffer there are a mistake.
 *
 * The default recovery address is 198.18.250.1/24: 198.18.0.0/15 is set
 * aside for benchmarking (RFC 2544) and never routed, so it cannot clash
 * with an office LAN, a home router's 192.168.x.x or a VPN's 10.x.x.x the
 * laptop may also be on, while phones take any unicast address.
 */
#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "clock.h"
#include "compat.h"
#include "dhcp/dhcpd_io.h"
#include "log.h"
#include "loop.h"
#include "net/net.h"
#include "host/serve.h"
#include "tunables.h"
#include "util.h"
#include "xmalloc.h"

#define SERVE_IFACE_SLOT	0

struct serve_iface {
	char		 dir[1024];	/* state directory */
	unsigned	 index;
	uint32_t	 addr;		/* the address we added, or 0 */
	unsigned	 plen;
	int		 set_up;	/* we brought the link up */
	int		 wrote_state;	/* our state file exists */
	int		 lock;		/* the per-interface lock socket */
	struct loop	*loop;
	/* Carrier while serving (RTNLGRP_LINK), and our address's removal. */
	struct serve_ctx *ctx;
	int		 watch;		/* the netlink watch socket, or -1 */
	int		 carrier;
	int		 was_up;	/* carrier seen since serving began */
	uint64_t	 down_ms;	/* when carrier went, clock_now_ms() */
	int		 addr_gone;	/* our address was removed: put it back */
};

/* Another run asked who holds the lock: let it go at once. */
static void
lock_on_connect(int fd, short revents, void *arg)
{
	int	 c;

	(void)revents;
	(void)arg;
	while ((c = accept4(fd, NULL, NULL, SOCK_CLOEXEC)) != -1)
		close(c);
}

/* Take IFACE's lock; 0, or -1 with err ("already serving IFACE (pid N)"). */
static int
lock_take(struct serve_iface *st, const char *ifname, char *err,
    size_t errlen)
{
	long			 pid = 0;
	int			 tries;

	/* A keeper undoing a killed run holds it for a moment: wait. */
	for (tries = 0; (st->lock = net_lock_take(ifname, &pid)) == -1 &&
	    errno == EADDRINUSE && net_lock_is_keeper(pid) && tries < 50;
	    tries++)
		usleep(100 * 1000);
	if (st->lock != -1) {
		if (st->loop != NULL)
			(void)loop_add_fd(st->loop, st->lock, POLLIN,
			    lock_on_connect, st);
		return (0);
	}
	if (errno == EADDRINUSE) {
		if (pid > 0)
			snprintf(err, errlen, "phonerescue is already serving "
			    "%s (pid %ld): stop that one first", ifname, pid);
		else
			snprintf(err, errlen, "phonerescue is already serving "
			    "%s: stop that one first", ifname);
	} else
		snprintf(err, errlen, "lock for %s: %s", ifname,
		    strerror(errno));
	return (-1);
}

static void
lock_release(struct serve_iface *st)
{
	if (st->lock == -1)
		return;
	if (st->loop != NULL)
		loop_del_fd(st->loop, st->lock);
	close(st->lock);
	st->lock = -1;
}

/* A notice event for the printers and the UI. */
#define notice(code, level, ...) \
	bus_notice((code), (level), NULL, NULL, __VA_ARGS__)

static void
report_recovered(const char *text, void *arg)
{
	(void)arg;
	notice("iface_recovered", EV_INFO, "%s", text);
	log_info("%s", text);
}

/* Undo our changes to the link (start failed, or stopping). */
static void
iface_undo(struct serve_iface *st, const char *ifname)
{
	char	 err[256], ip[INET_ADDRSTRLEN];

	/* Our own removal below is no change to react to. */
	if (st->watch != -1) {
		if (st->loop != NULL)
			loop_del_fd(st->loop, st->watch);
		close(st->watch);
		st->watch = -1;
	}
	if (st->addr != 0) {
		util_ip_str(ip, sizeof ip, st->addr);
		if (net_addr_del(st->index, st->addr, st->plen, err,
		    sizeof err) != 0)
			log_warnx("could not remove %s/%u from %s: %s", ip,
			    st->plen, ifname, err);
		st->addr = 0;
	}
	if (st->set_up) {
		(void)net_link_set_up(st->index, 0, err, sizeof err);
		st->set_up = 0;
	}
	/* Root's state directory is the keeper's to clean once we gave up root. */
	if (st->wrote_state && (geteuid() == 0 ||
	    strcmp(st->dir, net_state_dir()) != 0))
		(void)net_state_remove(st->dir, ifname);
	st->wrote_state = 0;
	lock_release(st);
}

/* The safety rules before serving DHCP; 0 to go on, -1 refused. */
static int
iface_check_dhcp(struct serve_ctx *ctx, const struct net_iface *ifc,
    char *err, size_t errlen)
{
	struct ev	 ev;
	uint32_t	 server = 0, offered = 0;
	uint8_t		 smac[6];
	char		 ip[INET_ADDRSTRLEN], mac[18], perr[256];
	int		 r;

	if (ifc->default_route) {
		if (!ctx->opts.force) {
			snprintf(err, errlen, "%s carries the default route: "
			    "serving DHCP there would disturb that network "
			    "(use another interface, or --force)", ctx->ifname);
			notice("unsafe_iface", EV_ERROR, "%s", err);
			return (-1);
		}
		notice("unsafe_iface", EV_WARN, "--force: serving DHCP on %s "
		    "although it carries the default route", ctx->ifname);
		log_warnx("--force: serving DHCP on %s although it carries the "
		    "default route", ctx->ifname);
	}
	if (ctx->opts.verbose)
		log_debug("probing %s for other DHCP servers (%d ms)",
		    ctx->ifname, DHCP_PROBE_MS);
	r = dhcpd_io_probe_servers(ifc->index, ifc->mac, DHCP_PROBE_MS,
	    &server, smac, &offered, perr, sizeof perr);
	if (r < 0) {
		if (!ctx->opts.force) {
			snprintf(err, errlen, "cannot check %s for other DHCP "
			    "servers: %s", ctx->ifname, perr);
			return (-1);
		}
		log_warnx("--force: could not check %s for other DHCP "
		    "servers: %s", ctx->ifname, perr);
		return (0);
	}
	if (r == 0)
		return (0);
	util_ip_str(ip, sizeof ip, server);
	util_mac_str(mac, sizeof mac, smac);
	memset(&ev, 0, sizeof ev);
	ev.type = EV_DHCP_SERVER_SEEN;
	ev.u.server.server = server;
	strlcpy(ev.u.server.mac, mac, sizeof ev.u.server.mac);
	ev.u.server.offered = offered;
	bus_post(&ev);
	if (!ctx->opts.force) {
		snprintf(err, errlen, "another DHCP server (%s, %s) answers on "
		    "%s: serving DHCP there would disturb that network "
		    "(use --force to serve anyway)", ip, mac, ctx->ifname);
		notice("unsafe_iface", EV_ERROR, "%s", err);
		return (-1);
	}
	notice("unsafe_iface", EV_WARN, "--force: serving DHCP on %s although "
	    "another DHCP server (%s, %s) answers there", ctx->ifname, ip, mac);
	log_warnx("--force: serving DHCP on %s although another DHCP server "
	    "(%s, %s) answers there", ctx->ifname, ip, mac);
	return (0);
}

/* "12 s", "1:05", "1:02:03": how long the link was down. */
static void
dur_str(char *buf, size_t len, uint64_t ms)
{
	uint64_t	 s = (ms + 500) / 1000;

	if (s < 60)
		snprintf(buf, len, "%u s", (unsigned)s);
	else if (s < 3600)
		snprintf(buf, len, "%u:%02u", (unsigned)(s / 60),
		    (unsigned)(s % 60));
	else
		snprintf(buf, len, "%u:%02u:%02u", (unsigned)(s / 3600),
		    (unsigned)(s / 60 % 60), (unsigned)(s % 60));
}

/* Our recovery address was removed (by anything): put it back now. */
static void
iface_restore_addr(struct serve_iface *st)
{
	struct net_iface	 ifc;
	char			 err[256], ip[INET_ADDRSTRLEN];

	st->addr_gone = 0;
	if (st->addr == 0)
		return;
	util_ip_str(ip, sizeof ip, st->addr);
	/* Gone and back by someone else meanwhile: nothing to do. */
	if (net_iface_get(st->ctx->ifname, &ifc, err, sizeof err) == 0 &&
	    net_iface_has_addr(&ifc, st->addr))
		return;
	if (net_addr_add(st->index, st->addr, st->plen, err, sizeof err) != 0) {
		notice("address_lost", EV_ERROR, "%s/%u was removed from %s and "
		    "could not be put back (%s): phones cannot reach us; "
		    "stop and serve again", ip, st->plen, st->ctx->ifname, err);
		log_warnx("could not put %s/%u back on %s: %s", ip, st->plen,
		    st->ctx->ifname, err);
		return;
	}
	notice("address_restored", EV_INFO, "%s/%u had been removed from %s "
	    "(by another program, e.g. a network manager): put it back",
	    ip, st->plen, st->ctx->ifname);
	log_info("put %s/%u back on %s: something had removed it", ip,
	    st->plen, st->ctx->ifname);
}

/* The link's carrier now (from a fresh dump), after lost messages. */
static void
iface_carrier_now(struct serve_iface *st, int *carrier)
{
	struct net_iface	 ifc;
	char			 err[256];

	if (net_iface_get(st->ctx->ifname, &ifc, err, sizeof err) != 0 ||
	    ifc.index != st->index) {
		*carrier = 0;
		return;
	}
	*carrier = ifc.up && ifc.carrier;
	if (st->addr != 0 && !net_iface_has_addr(&ifc, st->addr))
		st->addr_gone = 1;
}

/*
 * Link and address changes while serving.  The DHCP engine watches
 * carrier on its own and probes again for other servers when it comes
 * back (dhcpd_io.c on_nl): serve_dhcp_link_up() is not called here too,
 * or every return would probe twice.
 */
static void
iface_on_change(int what, void *arg)
{
	struct serve_iface	*st = arg;
	char			 dur[32];

	switch (what) {
	case NET_LINK_DOWN:
		st->down_ms = clock_now_ms();
		notice("link_down", EV_INFO, "the link on %s went down (no "
		    "carrier). A phone rebooting on a direct cable drops the "
		    "link for a few seconds: that is expected. Otherwise check "
		    "the cable and the port's link light", st->ctx->ifname);
		break;
	case NET_LINK_UP:
		if (!st->was_up) {
			/* Never up while serving (no_carrier said so). */
			notice("link_up", EV_INFO, "the link on %s is up: a "
			    "cable with a phone or switch at its end",
			    st->ctx->ifname);
			st->was_up = 1;
			break;
		}
		dur_str(dur, sizeof dur, clock_now_ms() - st->down_ms);
		notice("link_up", EV_INFO, "the link on %s is back after %s "
		    "down", st->ctx->ifname, dur);
		break;
	case NET_LINK_ADDR_GONE:
		st->addr_gone = 1;
		break;
	}
}

static void
iface_on_watch(int fd, short revents, void *arg)
{
	struct serve_iface	*st = arg;
	int			 carrier;

	(void)revents;
	if (net_link_watch_read(fd, st->index, st->addr, &st->carrier,
	    iface_on_change, st) == -1) {
		if (errno != ENOBUFS) {
			log_warnx("link watch on %s: %s", st->ctx->ifname,
			    strerror(errno));
			return;
		}
		/* Messages were lost: the state now, from a fresh dump. */
		iface_carrier_now(st, &carrier);
		if (carrier != st->carrier) {
			st->carrier = carrier;
			iface_on_change(carrier ? NET_LINK_UP : NET_LINK_DOWN,
			    st);
		}
	}
	/* Put back while the link is up; a down link waits for its return. */
	if (st->addr_gone && st->carrier == 1)
		iface_restore_addr(st);
}

/* Start watching (before the drop and the seccomp filter). */
static void
iface_watch_start(struct serve_iface *st, const struct net_iface *ifc)
{
	char	 err[256];

	if ((st->watch = net_link_watch_open(err, sizeof err)) == -1) {
		log_warnx("%s: link changes will not be reported", err);
		return;
	}
	/* Asked again now that changes queue up: none falls in between. */
	st->carrier = ifc->up && ifc->carrier;
	iface_carrier_now(st, &st->carrier);
	st->down_ms = clock_now_ms();
	st->was_up = st->carrier;
	if (loop_add_fd(st->loop, st->watch, POLLIN, iface_on_watch, st) != 0) {
		log_warnx("link changes on %s will not be reported",
		    st->ctx->ifname);
		close(st->watch);
		st->watch = -1;
	}
}

static int
serve_iface_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct serve_iface	*st;
	struct net_iface	 ifc;
	struct net_state	 ns;
	uint32_t		 want = 0;
	unsigned		 wplen = 0, waited;
	char			 ip[INET_ADDRSTRLEN];
	const char		*cidr = ctx->opts.address;

	st = xcalloc(1, sizeof *st);
	st->lock = -1;
	st->watch = -1;
	st->loop = ctx->loop;
	st->ctx = ctx;
	strlcpy(st->dir, serve_priv_state_dir(), sizeof st->dir);
	ctx->engine[SERVE_IFACE_SLOT] = st;

	/* First: a second run must not touch what the first one set up. */
	if (lock_take(st, ctx->ifname, err, errlen) != 0) {
		notice("already_serving", EV_ERROR, "%s", err);
		ctx->engine[SERVE_IFACE_SLOT] = NULL;
		free(st);
		return (-1);
	}

	/* A run that died may have left its address behind: remove it. */
	(void)net_state_recover(st->dir, report_recovered, NULL);

	if (cidr != NULL && (util_cidr_parse(cidr, &want, &wplen) != 0 ||
	    wplen < 8 || wplen > 30)) {
		snprintf(err, errlen, "--address %s: want an IPv4 address with "
		    "a prefix of /8 to /30, e.g. %s", cidr, DHCP_DEFAULT_ADDRESS);
		goto fail;
	}
	if (net_iface_get(ctx->ifname, &ifc, err, errlen) != 0)
		goto fail;
	st->index = ifc.index;
	if (ifc.loopback && (!ctx->opts.no_dhcp || !ctx->opts.no_sniff)) {
		snprintf(err, errlen, "%s is a loopback interface: pick the one "
		    "with the cable to the phones (on loopback only TFTP "
		    "serves: --no-dhcp --no-sniff)", ctx->ifname);
		goto fail;
	}
	if (!ifc.up) {
		if (net_link_set_up(ifc.index, 1, err, errlen) != 0) {
			snprintf(err, errlen, "%s is down and could not be "
			    "brought up", ctx->ifname);
			goto fail;
		}
		st->set_up = 1;
	}
	if (ifc.wireless)
		notice("wireless_iface", EV_WARN, "%s is a wireless interface; "
		    "phones are recovered over a cable", ctx->ifname);
	/* A link just brought up needs a moment before frames flow. */
	for (waited = 0; !ifc.carrier && waited < DHCP_CARRIER_WAIT_MS;
	    waited += 100) {
		usleep(100 * 1000);
		if (net_iface_get(ctx->ifname, &ifc, err, errlen) != 0)
			goto fail;
	}
	if (!ifc.carrier)
		notice("no_carrier", EV_INFO, "no link on %s yet: plug in the "
		    "phone (or its switch); the check for other DHCP servers "
		    "is repeated while serving", ctx->ifname);

	if (!ctx->opts.no_dhcp && iface_check_dhcp(ctx, &ifc, err, errlen) != 0)
		goto fail;

	/* The recovery address, when the interface lacks the one we want. */
	if (cidr == NULL && ifc.naddrs == 0)
		(void)util_cidr_parse(DHCP_DEFAULT_ADDRESS, &want, &wplen);
	if (want != 0 && !net_iface_has_addr(&ifc, want)) {
		memset(&ns, 0, sizeof ns);
		strlcpy(ns.ifname, ctx->ifname, sizeof ns.ifname);
		ns.addr = want;
		ns.plen = wplen;
		ns.set_up = st->set_up;
		ns.pid = (long)getpid();
		/* Written first: a crash after the add is then undone. */
		if (net_state_write(st->dir, &ns, err, errlen) != 0)
			goto fail;
		st->wrote_state = 1;
		if (net_addr_add(ifc.index, want, wplen, err, errlen) != 0) {
			util_ip_str(ip, sizeof ip, want);
			snprintf(err + strlen(err), errlen - strlen(err),
			    " (adding %s/%u to %s)", ip, wplen, ctx->ifname);
			goto fail;
		}
		st->addr = want;
		st->plen = wplen;
		util_ip_str(ip, sizeof ip, want);
		notice("address_added", EV_INFO, "put %s/%u on %s; it is "
		    "removed again when serve stops", ip, wplen, ctx->ifname);
	}
	if (serve_iface_lookup(ctx, err, errlen) != 0)
		goto fail;
	if (want != 0) {
		ctx->addr = want;
		ctx->plen = wplen;
	}
	if (st->loop != NULL)
		iface_watch_start(st, &ifc);
	return (0);
fail:
	iface_undo(st, ctx->ifname);
	ctx->engine[SERVE_IFACE_SLOT] = NULL;
	free(st);
	return (-1);
}

static void
serve_iface_stop(struct serve_ctx *ctx)
{
	struct serve_iface	*st = ctx->engine[SERVE_IFACE_SLOT];

	if (st == NULL)
		return;
	iface_undo(st, ctx->ifname);
	ctx->engine[SERVE_IFACE_SLOT] = NULL;
	free(st);
}

const struct serve_engine serve_iface_engine = {
	"iface", SERVE_IFACE_SLOT, NULL, serve_iface_start, serve_iface_stop,
	NULL,
};
