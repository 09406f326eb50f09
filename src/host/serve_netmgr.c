/*
 * The network-manager engine inside `serve`, started before the
 * interface engine: who else configures the interface (netmgr.h), said
 * on stderr and as a notice, and NetworkManager kept off it while we
 * serve.
 *
 * A NetworkManager that manages the port removes the recovery address 45
 * s into a DHCP attempt nothing answers and on every carrier loss over
 * ~6 s (a phone rebooting on a direct cable).  So for the session the
 * device's Managed property is set false, the way NetworkManager supports
 * (what `nmcli device set IFACE managed no` does), and read back.  On the
 * way out the interface engine (stopped first) has removed our address;
 * only then is Managed set true again: the other way round NetworkManager
 * adopts our address as an external connection and never goes back to
 * its own profile.
 *
 * What was done is recorded in the interface's state file (net_state.c)
 * before it is done, so a run that dies is undone by the keeper
 * (serve_priv.c) at once, or by the next start when there is no keeper
 * (--user root): address first, then Managed.  The connection to the
 * system bus is opened once, as root, before the privilege drop and kept:
 * the bus knows it as root's, so the serving process can give the device
 * back itself after the drop (under the seccomp filter: the socket is
 * already open), and the wizard can take another interface over later.
 *
 * systemd-networkd and a foreign DHCP client are only said, with what to
 * do: neither offers a per-session hand-over that could be undone safely
 * (networkd needs a .network file and a reload, a foreign client would
 * have to be killed and restarted with arguments we cannot know).
 */
#include "config.h"

#include <net/if.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "compat.h"
#include "log.h"
#include "net/net.h"
#include "net/netmgr.h"
#include "host/serve.h"
#include "xmalloc.h"

#define SERVE_NETMGR_SLOT	5

struct serve_netmgr {
	char		 dir[1024];	/* state directory */
	int		 taken;		/* we set its Managed property false */
};

/* Root's connection to the system bus, for the whole process. */
static struct netmgr_bus	*netmgr_bus;
static int			 netmgr_bus_tried;

/* A notice, and the same words on stderr (warn: as a warning). */
static void __attribute__((format(printf, 3, 4)))
say_notice(const char *code, enum ev_level level, const char *fmt, ...)
{
	va_list	 ap;
	char	 text[1024];

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	bus_notice(code, level, NULL, NULL, "%s", text);
	if (level == EV_INFO)
		log_info("%s", text);
	else
		log_warnx("%s", text);
}

static void
report_recovered(const char *text, void *arg)
{
	(void)arg;
	say_notice("iface_recovered", EV_INFO, "%s", text);
}

/* Say what networkd or a DHCP client already on ifname means. */
static void
netmgr_say_others(const char *ifname, const struct netmgr_info *mi)
{
	char	 nf[300] = "";

	if (mi->ps.networkd && mi->nd.managed) {
		if (mi->nd.network_file[0] != '\0')
			snprintf(nf, sizeof nf, " (by %s)",
			    mi->nd.network_file);
		say_notice("netmgr_networkd", EV_WARN, "%s is managed by "
		    "systemd-networkd%s: it may take our address away or "
		    "run DHCP on the phones' link. For the session, write "
		    "/run/systemd/network/00-phonerescue.network with "
		    "[Match] Name=%s and [Link] Unmanaged=yes, then run "
		    "networkctl reload; delete it and reload afterwards",
		    ifname, nf, ifname);
	}
	if (mi->ps.client_pid != 0) {
		say_notice("netmgr_dhcp_client", EV_WARN, "%s (pid %ld) runs "
		    "on %s%s: it asks for an address on the phones' link (our "
		    "DHCP server may answer it) and may replace ours. Stop "
		    "it for the session (sudo kill %ld) and start it again "
		    "afterwards", mi->ps.client, mi->ps.client_pid, ifname,
		    mi->ps.client_all ? " (it takes every interface)" : "",
		    mi->ps.client_pid);
	}
}

/* Take ifname out of NetworkManager's hands; 0, or -1 (said, serving on). */
static int
netmgr_take(struct serve_netmgr *st, struct serve_ctx *ctx,
    const struct netmgr_info *mi)
{
	struct net_state	 ns;
	char			 err[256], conn[100] = "";

	if (mi->nm.conn[0] != '\0')
		snprintf(conn, sizeof conn, " (connection \"%s\")",
		    mi->nm.conn);
	say_notice("netmgr_managed", EV_INFO, "%s is managed by "
	    "NetworkManager%s: phonerescue will take it over while serving "
	    "and give it back", ctx->ifname, conn);
	/* Recorded first: a crash after the change is then undone. */
	memset(&ns, 0, sizeof ns);
	strlcpy(ns.ifname, ctx->ifname, sizeof ns.ifname);
	ns.pid = (long)getpid();
	ns.nm_unmanaged = 1;
	if (net_state_write(st->dir, &ns, err, sizeof err) != 0 ||
	    netmgr_nm_set_managed(netmgr_bus, ctx->ifname, 0, err,
	    sizeof err) != 0) {
		(void)net_state_remove_nm(st->dir, ctx->ifname);
		say_notice("netmgr_refused", EV_WARN, "could not take %s over "
		    "from NetworkManager (%s): it may remove our address when "
		    "the link drops. Run as root, or first: nmcli device set "
		    "%s managed no (and managed yes afterwards)", ctx->ifname,
		    err, ctx->ifname);
		return (-1);
	}
	st->taken = 1;
	say_notice("netmgr_taken", EV_INFO, "took %s out of NetworkManager's "
	    "hands for the session: its Managed property is now no (as "
	    "nmcli device set %s managed no does); it is set back to yes "
	    "when serve stops", ctx->ifname, ctx->ifname);
	return (0);
}

struct netmgr_bus *
serve_netmgr_bus(void)
{
	char	 err[256];

	if (!netmgr_bus_tried) {
		netmgr_bus_tried = 1;
		if ((netmgr_bus = netmgr_bus_open(err, sizeof err)) == NULL)
			log_debug("NetworkManager not asked: %s", err);
	}
	return (netmgr_bus);
}

static int
serve_netmgr_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct serve_netmgr	*st;
	struct netmgr_info	 mi;
	struct net_iface	 ifc;
	char			 berr[256];
	long			 holder;
	int			 lk, tries;

	(void)errlen;
	err[0] = '\0';
	st = xcalloc(1, sizeof *st);
	strlcpy(st->dir, serve_priv_state_dir(), sizeof st->dir);
	ctx->engine[SERVE_NETMGR_SLOT] = st;

	/*
	 * Another run serving it: hands off (the interface engine refuses
	 * with its pid).  A keeper undoing a killed run: wait for it.
	 */
	for (tries = 0; (lk = net_lock_take(ctx->ifname, &holder)) == -1 &&
	    errno == EADDRINUSE && net_lock_is_keeper(holder) && tries < 50;
	    tries++)
		usleep(100 * 1000);
	if (lk == -1 && errno == EADDRINUSE)
		return (0);
	if (lk != -1)
		close(lk);

	/* A run that died may have left the device unmanaged: first. */
	(void)net_state_recover(st->dir, report_recovered, NULL);

	/* No such interface, or loopback: the interface engine says so. */
	if (net_iface_get(ctx->ifname, &ifc, berr, sizeof berr) != 0 ||
	    ifc.loopback)
		return (0);
	netmgr_detect(serve_netmgr_bus(), ctx->ifname, ifc.index, ifc.mac,
	    &mi);
	if (mi.nm.elsewhere)
		log_info("NetworkManager's %s is another device (another "
		    "network namespace): left alone", ctx->ifname);
	if (mi.nm.known && mi.nm.managed)
		(void)netmgr_take(st, ctx, &mi);
	netmgr_say_others(ctx->ifname, &mi);
	return (0);
}

static void
serve_netmgr_stop(struct serve_ctx *ctx)
{
	struct serve_netmgr	*st = ctx->engine[SERVE_NETMGR_SLOT];
	char			 err[256];

	if (st == NULL)
		return;
	/* The interface engine stopped first: our address is gone. */
	if (st->taken) {
		if (netmgr_nm_set_managed(netmgr_bus, ctx->ifname, 1, err,
		    sizeof err) == 0) {
			say_notice("netmgr_given_back", EV_INFO, "gave %s back "
			    "to NetworkManager (Managed is yes again: it "
			    "returns to its own connection)", ctx->ifname);
			/* Root's directory is the keeper's after the drop. */
			if (geteuid() == 0 || strcmp(st->dir,
			    net_state_dir()) != 0)
				(void)net_state_remove_nm(st->dir, ctx->ifname);
		} else {
			/* The record stays, for the keeper or the next start. */
			say_notice("netmgr_give_back_failed", EV_WARN,
			    "could not give %s back to NetworkManager yet "
			    "(%s): tried again when serve exits and at the "
			    "next start; or run: nmcli device set %s managed "
			    "yes", ctx->ifname, err, ctx->ifname);
		}
	}
	ctx->engine[SERVE_NETMGR_SLOT] = NULL;
	free(st);
}

const struct serve_engine serve_netmgr_engine = {
	.name = "netmgr",
	.slot = SERVE_NETMGR_SLOT,
	.start = serve_netmgr_start,
	.stop = serve_netmgr_stop,
};
