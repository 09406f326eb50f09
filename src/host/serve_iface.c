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
#define LOCK_TRIES		50	/* 100 ms apart: a keeper's clean-up */
#define LOCK_RETRY_MS		100
/* Unplugged (the interface is gone): how long it may take to come back. */
#define IFACE_GONE_WAIT_MS	60000

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
	/* Start-up: the address wanted (0: none), and the stages' waits. */
	uint32_t	 want;
	unsigned	 wplen;
	int		 cwatch;	/* carrier stage: its netlink socket */
	int		 ccarrier;
	struct loop_timer ctimer;	/* ... and its deadline */
	struct dhcpd_probe *probe;	/* probe stage: under way */
	struct loop_timer ltimer;	/* the lock held by a keeper: again */
	int		 lock_tries;
	struct loop_timer gtimer;	/* gone: the deadline for its return */
	int		 gone;
	int		 restarting;	/* back: serve_restart() asked */
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

/*
 * Take IFACE's lock once: 0, 1 when the keeper undoing a killed run holds
 * it for a moment (try again soon), or -1 with err ("already serving
 * IFACE (pid N)").
 */
static int
lock_try(struct serve_iface *st, const char *ifname, char *err,
    size_t errlen)
{
	long			 pid = 0;

	if ((st->lock = net_lock_take(ifname, &pid)) != -1) {
		if (st->loop != NULL)
			(void)loop_add_fd(st->loop, st->lock, POLLIN,
			    lock_on_connect, st);
		return (0);
	}
	if (errno == EADDRINUSE && net_lock_is_keeper(pid) &&
	    st->lock_tries < LOCK_TRIES)
		return (1);
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
	char	 err[256], ip[INET_ADDRSTRLEN], gone[IF_NAMESIZE];

	/* Our own removal below is no change to react to. */
	if (st->watch != -1) {
		if (st->loop != NULL)
			loop_del_fd(st->loop, st->watch);
		close(st->watch);
		st->watch = -1;
	}
	/* Unplugged: the address and the link went with the interface. */
	if (if_indextoname(st->index, gone) == NULL) {
		st->addr = 0;
		st->set_up = 0;
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

/* The first safety rule before serving DHCP; 0 to go on, -1 refused. */
static int
iface_check_route(struct serve_ctx *ctx, const struct net_iface *ifc,
    char *err, size_t errlen)
{
	if (!ifc->default_route)
		return (0);
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
	return (0);
}

/* The probe's answer against the second rule; 0 to go on, -1 refused. */
static int
iface_probe_verdict(struct serve_ctx *ctx, const struct dhcpd_probe_result *r,
    char *err, size_t errlen)
{
	struct ev	 ev;
	char		 ip[INET_ADDRSTRLEN], mac[18];

	if (r->found < 0) {
		if (!ctx->opts.force) {
			snprintf(err, errlen, "cannot check %s for other DHCP "
			    "servers: %.160s", ctx->ifname, r->err);
			return (-1);
		}
		log_warnx("--force: could not check %s for other DHCP "
		    "servers: %s", ctx->ifname, r->err);
		return (0);
	}
	if (r->found == 0)
		return (0);
	util_ip_str(ip, sizeof ip, r->server);
	util_mac_str(mac, sizeof mac, r->server_mac);
	memset(&ev, 0, sizeof ev);
	ev.type = EV_DHCP_SERVER_SEEN;
	ev.u.server.server = r->server;
	strlcpy(ev.u.server.mac, mac, sizeof ev.u.server.mac);
	ev.u.server.offered = r->offered;
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
iface_on_gone_deadline(void *arg)
{
	struct serve_iface	*st = arg;
	char			 err[256];

	snprintf(err, sizeof err, "%s is gone (unplugged?) and did not come "
	    "back within %d s: nothing left to serve on", st->ctx->ifname,
	    IFACE_GONE_WAIT_MS / 1000);
	serve_fail(st->ctx, err);
}

/*
 * A USB adapter unplugged takes its interface away; plugged back, it
 * comes back under the same name with a new index.  Gone: say so and
 * wait (IFACE_GONE_WAIT_MS); back: every stage again on it, by name
 * (address, DHCP, TFTP, capture).
 */
static void
iface_check_index(struct serve_iface *st)
{
	unsigned	 idx = if_nametoindex(st->ctx->ifname);
	char		 err[256];

	if (idx == st->index)
		return;
	if (idx == 0) {
		if (st->gone)
			return;
		st->gone = 1;
		notice("iface_gone", EV_WARN, "%s is gone (unplugged?): serving "
		    "there stops until it is back under that name",
		    st->ctx->ifname);
		loop_timer_set(st->loop, &st->gtimer, clock_now_ms() +
		    IFACE_GONE_WAIT_MS, iface_on_gone_deadline, st);
		return;
	}
	if (st->restarting)
		return;
	st->restarting = 1;
	loop_timer_cancel(st->loop, &st->gtimer);
	if (!serve_priv_can_restart(st->ctx, err, sizeof err)) {
		notice("iface_back", EV_ERROR, "%s", err);
		serve_fail(st->ctx, err);
		return;
	}
	notice("iface_back", EV_INFO, "%s is back (a new interface): starting "
	    "again on it", st->ctx->ifname);
	serve_restart(st->ctx);
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
	iface_check_index(st);
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

/*
 * Stage 1, once the lock is ours: what a crashed run left, the checks on
 * the interface, and the link brought up.  0, or -1 with err (the caller
 * undoes).
 */
static int
iface_prepare(struct serve_ctx *ctx, struct serve_iface *st, char *err,
    size_t errlen)
{
	struct net_iface	 ifc;
	const char		*cidr = ctx->opts.address;

	/* A run that died may have left its address behind: remove it. */
	(void)net_state_recover(st->dir, report_recovered, NULL);

	if (cidr != NULL && (util_cidr_parse(cidr, &st->want, &st->wplen) !=
	    0 || st->wplen < 8 || st->wplen > 30)) {
		snprintf(err, errlen, "--address %s: want an IPv4 address with "
		    "a prefix of /8 to /30, e.g. %s", cidr, DHCP_DEFAULT_ADDRESS);
		return (-1);
	}
	if (net_iface_get(ctx->ifname, &ifc, err, errlen) != 0)
		return (-1);
	st->index = ifc.index;
	if (ifc.loopback && (!ctx->opts.no_dhcp || !ctx->opts.no_sniff)) {
		snprintf(err, errlen, "%s is a loopback interface: pick the one "
		    "with the cable to the phones (on loopback only TFTP "
		    "serves: --no-dhcp --no-sniff)", ctx->ifname);
		return (-1);
	}
	if (!ifc.up) {
		if (net_link_set_up(ifc.index, 1, err, errlen) != 0) {
			snprintf(err, errlen, "%s is down and could not be "
			    "brought up", ctx->ifname);
			return (-1);
		}
		st->set_up = 1;
	}
	if (ifc.wireless)
		notice("wireless_iface", EV_WARN, "%s is a wireless interface; "
		    "phones are recovered over a cable", ctx->ifname);
	return (0);
}

/* The keeper of a killed run held the lock: try again (on the loop). */
static void
lock_on_retry(void *arg)
{
	struct serve_iface	*st = arg;
	char			 err[256];
	int			 r;

	err[0] = '\0';
	st->lock_tries++;
	if ((r = lock_try(st, st->ctx->ifname, err, sizeof err)) == 1) {
		loop_timer_set(st->loop, &st->ltimer, clock_now_ms() +
		    LOCK_RETRY_MS, lock_on_retry, st);
		return;
	}
	if (r != 0)
		notice("already_serving", EV_ERROR, "%s", err);
	else if (iface_prepare(st->ctx, st, err, sizeof err) == 0) {
		serve_stage_done(st->ctx, NULL);
		return;
	}
	serve_stage_done(st->ctx, err);	/* serve_iface_stop() undoes */
}

/*
 * Stage 1: the lock first (a second run must not touch what the first
 * one set up), then iface_prepare().  What later stages do is undone by
 * serve_iface_stop(), also when one of them fails.
 */
static int
serve_iface_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct serve_iface	*st;
	int			 r;

	st = xcalloc(1, sizeof *st);
	st->lock = -1;
	st->watch = -1;
	st->cwatch = -1;
	st->loop = ctx->loop;
	st->ctx = ctx;
	strlcpy(st->dir, serve_priv_state_dir(), sizeof st->dir);
	ctx->engine[SERVE_IFACE_SLOT] = st;

	if ((r = lock_try(st, ctx->ifname, err, errlen)) == 1 &&
	    st->loop != NULL) {
		/* A keeper undoing a killed run holds it for a moment. */
		loop_timer_set(st->loop, &st->ltimer, clock_now_ms() +
		    LOCK_RETRY_MS, lock_on_retry, st);
		serve_stage_say(ctx, "waiting for the last run's clean-up");
		return (SERVE_PENDING);
	}
	if (r != 0) {
		if (r == 1)
			snprintf(err, errlen, "phonerescue is already serving "
			    "%s: stop that one first", ctx->ifname);
		notice("already_serving", EV_ERROR, "%s", err);
		ctx->engine[SERVE_IFACE_SLOT] = NULL;
		free(st);
		return (-1);
	}
	if (iface_prepare(ctx, st, err, errlen) == 0)
		return (0);
	iface_undo(st, ctx->ifname);
	ctx->engine[SERVE_IFACE_SLOT] = NULL;
	free(st);
	return (-1);
}

/* The carrier stage's wait is over (carrier, or its deadline). */
static void
carrier_quiet(struct serve_iface *st)
{
	if (st->cwatch != -1) {
		loop_del_fd(st->loop, st->cwatch);
		close(st->cwatch);
		st->cwatch = -1;
	}
	loop_timer_cancel(st->loop, &st->ctimer);
}

static void
carrier_no_link(struct serve_ctx *ctx)
{
	notice("no_carrier", EV_INFO, "no link on %s yet: plug in the "
	    "phone (or its switch); the check for other DHCP servers "
	    "is repeated while serving", ctx->ifname);
}

static void
carrier_on_deadline(void *arg)
{
	struct serve_iface	*st = arg;

	carrier_quiet(st);
	carrier_no_link(st->ctx);
	serve_stage_done(st->ctx, NULL);
}

static void
carrier_on_change(int what, void *arg)
{
	(void)what;
	(void)arg;
}

static void
carrier_on_watch(int fd, short revents, void *arg)
{
	struct serve_iface	*st = arg;

	(void)revents;
	if (net_link_watch_read(fd, st->index, 0, &st->ccarrier,
	    carrier_on_change, st) == -1 && errno == ENOBUFS)
		iface_carrier_now(st, &st->ccarrier);	/* lost: ask again */
	if (st->ccarrier != 1)
		return;
	carrier_quiet(st);
	serve_stage_done(st->ctx, NULL);
}

/*
 * Stage 2: a link just brought up needs a moment before frames flow:
 * wait for carrier (netlink link events) up to DHCP_CARRIER_WAIT_MS, then
 * go on without it, saying so.
 */
static int
serve_carrier_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct serve_iface	*st = ctx->engine[SERVE_IFACE_SLOT];
	char			 werr[256];

	(void)err;
	(void)errlen;
	iface_carrier_now(st, &st->ccarrier);
	if (st->ccarrier)
		return (0);
	if (st->loop == NULL ||
	    (st->cwatch = net_link_watch_open(werr, sizeof werr)) == -1 ||
	    loop_add_fd(st->loop, st->cwatch, POLLIN, carrier_on_watch,
	    st) != 0) {
		if (st->cwatch != -1)
			close(st->cwatch);
		st->cwatch = -1;
		carrier_no_link(ctx);
		return (0);
	}
	/* Asked again now that changes queue up: none falls in between. */
	iface_carrier_now(st, &st->ccarrier);
	if (st->ccarrier) {
		carrier_quiet(st);
		return (0);
	}
	loop_timer_set(st->loop, &st->ctimer, clock_now_ms() +
	    DHCP_CARRIER_WAIT_MS, carrier_on_deadline, st);
	serve_stage_say(ctx, "waiting for carrier");
	return (SERVE_PENDING);
}

static void
serve_carrier_stop(struct serve_ctx *ctx)
{
	struct serve_iface	*st = ctx->engine[SERVE_IFACE_SLOT];

	if (st != NULL)
		carrier_quiet(st);
}

static int
serve_probe_wanted(const struct serve_ctx *ctx)
{
	return (!ctx->opts.no_dhcp);
}

static void
probe_on_answer(void *arg, const struct dhcpd_probe_result *r)
{
	struct serve_iface	*st = arg;
	char			 err[256];

	dhcpd_probe_cancel(st->probe);
	st->probe = NULL;
	err[0] = '\0';
	serve_stage_done(st->ctx, iface_probe_verdict(st->ctx, r, err,
	    sizeof err) != 0 ? err : NULL);
}

/*
 * Stage 3: the safety rules before serving DHCP where it would disturb
 * a real network: the default route, then a DISCOVER probe for other
 * servers (DHCP_PROBE_MS, on the loop).
 */
static int
serve_probe_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct serve_iface	*st = ctx->engine[SERVE_IFACE_SLOT];
	struct net_iface	 ifc;
	struct dhcpd_probe_result r;

	if (net_iface_get(ctx->ifname, &ifc, err, errlen) != 0)
		return (-1);
	if (iface_check_route(ctx, &ifc, err, errlen) != 0)
		return (-1);
	if (ctx->opts.verbose)
		log_debug("probing %s for other DHCP servers (%d ms)",
		    ctx->ifname, DHCP_PROBE_MS);
	memset(&r, 0, sizeof r);
	if ((st->probe = dhcpd_probe_start(ctx->loop, ifc.index, ifc.mac,
	    DHCP_PROBE_MS, probe_on_answer, st, r.err, sizeof r.err)) != NULL) {
		serve_stage_say(ctx, "checking for other DHCP servers");
		return (SERVE_PENDING);
	}
	r.found = -1;
	return (iface_probe_verdict(ctx, &r, err, errlen));
}

static void
serve_probe_stop(struct serve_ctx *ctx)
{
	struct serve_iface	*st = ctx->engine[SERVE_IFACE_SLOT];

	if (st == NULL)
		return;
	dhcpd_probe_cancel(st->probe);
	st->probe = NULL;
}

/*
 * Stage 4: the recovery address, when the interface lacks the one we
 * want; then the link watch for the time we serve.
 */
static int
serve_address_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct serve_iface	*st = ctx->engine[SERVE_IFACE_SLOT];
	struct net_iface	 ifc;
	struct net_state	 ns;
	char			 ip[INET_ADDRSTRLEN];

	if (net_iface_get(ctx->ifname, &ifc, err, errlen) != 0)
		return (-1);
	if (ctx->opts.address == NULL && ifc.naddrs == 0)
		(void)util_cidr_parse(DHCP_DEFAULT_ADDRESS, &st->want,
		    &st->wplen);
	if (st->want != 0 && !net_iface_has_addr(&ifc, st->want)) {
		memset(&ns, 0, sizeof ns);
		strlcpy(ns.ifname, ctx->ifname, sizeof ns.ifname);
		ns.addr = st->want;
		ns.plen = st->wplen;
		ns.set_up = st->set_up;
		ns.pid = (long)getpid();
		/* Written first: a crash after the add is then undone. */
		if (net_state_write(st->dir, &ns, err, errlen) != 0)
			return (-1);
		st->wrote_state = 1;
		util_ip_str(ip, sizeof ip, st->want);
		if (net_addr_add(ifc.index, st->want, st->wplen, err,
		    errlen) != 0) {
			snprintf(err + strlen(err), errlen - strlen(err),
			    " (adding %s/%u to %s)", ip, st->wplen, ctx->ifname);
			return (-1);
		}
		st->addr = st->want;
		st->plen = st->wplen;
		notice("address_added", EV_INFO, "put %s/%u on %s; it is "
		    "removed again when serve stops", ip, st->wplen,
		    ctx->ifname);
	}
	if (serve_iface_lookup(ctx, err, errlen) != 0)
		return (-1);
	if (st->want != 0) {
		ctx->addr = st->want;
		ctx->plen = st->wplen;
	}
	if (st->loop != NULL)
		iface_watch_start(st, &ifc);
	return (0);
}

static void
serve_iface_stop(struct serve_ctx *ctx)
{
	struct serve_iface	*st = ctx->engine[SERVE_IFACE_SLOT];

	if (st == NULL)
		return;
	loop_timer_cancel(st->loop, &st->ltimer);
	loop_timer_cancel(st->loop, &st->gtimer);
	iface_undo(st, ctx->ifname);
	ctx->engine[SERVE_IFACE_SLOT] = NULL;
	free(st);
}

const struct serve_engine serve_iface_engine = {
	.name = "iface",
	.slot = SERVE_IFACE_SLOT,
	.start = serve_iface_start,
	.stop = serve_iface_stop,
};
const struct serve_engine serve_carrier_engine = {
	.name = "carrier",
	.slot = SERVE_IFACE_SLOT,
	.start = serve_carrier_start,
	.stop = serve_carrier_stop,
};
const struct serve_engine serve_probe_engine = {
	.name = "probe",
	.slot = SERVE_IFACE_SLOT,
	.wanted = serve_probe_wanted,
	.start = serve_probe_start,
	.stop = serve_probe_stop,
};
const struct serve_engine serve_address_engine = {
	.name = "address",
	.slot = SERVE_IFACE_SLOT,
	.start = serve_address_start,
};
