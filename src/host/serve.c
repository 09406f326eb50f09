/*
 * The serve host: the engines of src/host/serve_*.c started in order on
 * one loop and stopped in reverse, for `serve`, the wizard and the demo
 * (serve.h).  The command that parses options and prints events is
 * src/cmd/cmd_serve.c.
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "cmd/cmd_fw.h"
#include "compat.h"
#include "host/serve.h"
#include "tunables.h"
#include "util.h"

/* Engines in start order; stopped in reverse. */
static const struct serve_engine *const serve_engines[] = {
	&serve_netmgr_engine,	/* before iface: NetworkManager off it first */
	&serve_iface_engine,
	&serve_tftp_engine,
	&serve_http_engine,
	&serve_dhcp_engine,
	&serve_sniff_engine,
	&serve_noload_engine,
	NULL
};

int
serve_iface_lookup(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct ifaddrs	*ifa, *it;
	struct ifreq	 ifr;
	int		 s;

	if ((ctx->ifindex = if_nametoindex(ctx->ifname)) == 0) {
		snprintf(err, errlen, "no such interface: %s", ctx->ifname);
		return (-1);
	}
	if ((s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return (-1);
	}
	memset(&ifr, 0, sizeof ifr);
	strlcpy(ifr.ifr_name, ctx->ifname, sizeof ifr.ifr_name);
	ctx->mtu = ioctl(s, SIOCGIFMTU, &ifr) == 0 ? (unsigned)ifr.ifr_mtu : 1500;
	memset(&ifr, 0, sizeof ifr);
	strlcpy(ifr.ifr_name, ctx->ifname, sizeof ifr.ifr_name);
	if (ioctl(s, SIOCGIFHWADDR, &ifr) == 0)
		memcpy(ctx->ifmac, ifr.ifr_hwaddr.sa_data, 6);
	close(s);

	ctx->addr = 0;
	if (getifaddrs(&ifa) == -1) {
		snprintf(err, errlen, "getifaddrs: %s", strerror(errno));
		return (-1);
	}
	for (it = ifa; it != NULL; it = it->ifa_next) {
		const struct sockaddr_in *sin, *mask;
		if (it->ifa_addr == NULL || it->ifa_addr->sa_family != AF_INET ||
		    strcmp(it->ifa_name, ctx->ifname) != 0)
			continue;
		sin = (const struct sockaddr_in *)(const void *)it->ifa_addr;
		mask = (const struct sockaddr_in *)(const void *)it->ifa_netmask;
		ctx->addr = sin->sin_addr.s_addr;
		ctx->plen = mask != NULL ?
		    (unsigned)__builtin_popcount(mask->sin_addr.s_addr) : 32;
		break;
	}
	freeifaddrs(ifa);
	return (0);
}

void
serve_post_ready(const struct serve_ctx *ctx)
{
	struct ev	 ev;
	char		 ip[INET_ADDRSTRLEN];

	memset(&ev, 0, sizeof ev);
	ev.type = EV_READY;
	strlcpy(ev.u.ready.iface, ctx->ifname, sizeof ev.u.ready.iface);
	util_ip_str(ip, sizeof ip, ctx->addr);
	snprintf(ev.u.ready.address, sizeof ev.u.ready.address, "%s/%u", ip, ctx->plen);
	ev.u.ready.dhcp = ctx->dhcp_on;
	ev.u.ready.tftp = ctx->tftp_on;
	ev.u.ready.sniff = ctx->sniff_on;
	ev.u.ready.tftp_port = ctx->opts.tftp_port;
	ev.u.ready.dhcp_port = ctx->opts.dhcp_port;
	strlcpy(ev.u.ready.root, ctx->opts.root, sizeof ev.u.ready.root);
	ev.u.ready.http = ctx->http_on;
	ev.u.ready.http_port = ctx->opts.http_port;
	bus_post(&ev);
	bus_dispatch();		/* now, not after the first packet or timer */
}

void
serve_post_stop(const char *reason)
{
	struct ev	 ev;

	memset(&ev, 0, sizeof ev);
	ev.type = EV_STOP;
	strlcpy(ev.u.stop.reason, reason, sizeof ev.u.stop.reason);
	bus_post(&ev);
	bus_dispatch();
}

/*
 * Start every wanted engine in order, then announce `ready`.  On failure
 * err says why; serve_stop() undoes whatever did start, either way.
 */
int
serve_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	const size_t	 n = sizeof serve_engines / sizeof serve_engines[0] - 1;
	size_t		 i;

	ctx->nstarted = 0;
	if (serve_priv_resolve(ctx, err, errlen) != 0)
		return (-1);
	/* Before any engine and the drop: the runner keeps no socket. */
	if (serve_hook_start(ctx, err, errlen) != 0)
		return (-1);
	for (ctx->nstarted = 0; ctx->nstarted < n; ctx->nstarted++) {
		const struct serve_engine *e = serve_engines[ctx->nstarted];
		if (e->wanted != NULL && !e->wanted(ctx))
			continue;
		err[0] = '\0';
		if (e->start(ctx, err, errlen) != 0) {
			if (err[0] == '\0')
				strlcpy(err, e->name, errlen);
			return (-1);
		}
	}
	if (ctx->addr == 0) {
		snprintf(err, errlen, "%s has no IPv4 address "
		    "(give it one, or use --address)", ctx->ifname);
		return (-1);
	}
	/* Everything privileged is open: give root up before any input. */
	if (serve_priv_drop(ctx, err, errlen) != 0)
		return (-1);
	for (i = 0; i < ctx->nstarted; i++) {
		const struct serve_engine *e = serve_engines[i];
		if (e->after_drop == NULL || (e->wanted != NULL &&
		    !e->wanted(ctx)))
			continue;
		err[0] = '\0';
		if (e->after_drop(ctx, err, errlen) != 0) {
			if (err[0] == '\0')
				strlcpy(err, e->name, errlen);
			return (-1);
		}
	}
	/* The engines have read their files: the filter before any packet. */
	if (serve_priv_sandbox(ctx, err, errlen) != 0)
		return (-1);
	serve_post_ready(ctx);
	return (0);
}

/* Stop the engines serve_start() started, in reverse order. */
void
serve_stop(struct serve_ctx *ctx)
{
	while (ctx->nstarted > 0) {
		const struct serve_engine *e = serve_engines[--ctx->nstarted];
		if (e->stop != NULL && (e->wanted == NULL || e->wanted(ctx)))
			e->stop(ctx);
	}
}

/* The defaults of every option (what `serve` assumes untold). */
void
serve_opts_defaults(struct serve_opts *o)
{
	memset(o, 0, sizeof *o);
	o->root = fwcmd_root(NULL);	/* $PHONERESCUE_ROOT, else the default */
	o->lease_secs = DHCP_LEASE_SECS;
	o->tftp_port = 69;
	o->http_port = HTTP_PORT;
	o->dhcp_port = 67;
	o->tftp_idle_ms = TFTP_GIVE_UP_MS;
}
