/*
 * The serve host: the engines of src/host/serve_*.c started in order on
 * one loop and stopped in reverse, for `serve`, the wizard and the demo
 * (serve.h).  The command that parses options and prints events is
 * src/cmd/cmd_serve.c.
 */
#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "cmd/cmd_fw.h"
#include "compat.h"
#include "dhcp/dhcp_wire.h"
#include "host/serve.h"
#include "net/net.h"
#include "tftp/tftp_wire.h"
#include "tunables.h"
#include "util.h"

static const struct serve_engine	 serve_user_stage, serve_hook_stage;
static const struct serve_engine	 serve_addrcheck_stage, serve_drop_stage;
static const struct serve_engine	 serve_sandbox_stage, serve_ready_stage;

/* Engines in start order (the stages of start-up); stopped in reverse. */
static const struct serve_engine *const serve_engines[] = {
	&serve_user_stage,
	&serve_hook_stage,
	&serve_record_engine,	/* opened before the drop, kept after */
	&serve_netmgr_engine,	/* before iface: NetworkManager off it first */
	&serve_iface_engine,
	&serve_carrier_engine,
	&serve_probe_engine,
	&serve_address_engine,
	&serve_track_engine,
	&serve_site_engine,	/* after track: its leases feed the tracker */
	&serve_firewall_engine,
	&serve_tftp_engine,
	&serve_http_engine,
	&serve_dhcp_engine,
	&serve_sniff_engine,
	&serve_fwcheck_engine,
	&serve_vlan_engine,
	&serve_addrcheck_stage,
	&serve_drop_stage,
	&serve_sandbox_stage,
	&serve_ready_stage,
	NULL
};

/* Who to run as, before anything is opened. */
static int
stage_user_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	return (serve_priv_resolve(ctx, err, errlen));
}

/* Before any engine and the drop: the runner keeps no socket. */
static int
stage_hook_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	return (serve_hook_start(ctx, err, errlen));
}

static int
stage_addrcheck_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	if (ctx->addr != 0)
		return (0);
	snprintf(err, errlen, "%s has no IPv4 address "
	    "(give it one, or use --address)", ctx->ifname);
	return (-1);
}

/*
 * Everything privileged is open: give root up before any input, then
 * the engines that started load what comes from files.
 */
static int
stage_drop_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	size_t	 i;

	if (serve_priv_drop(ctx, err, errlen) != 0)
		return (-1);
	for (i = 0; i < ctx->nstarted; i++) {
		const struct serve_engine *e = ctx->stages[i];
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
	return (0);
}

/* The engines have read their files: the filter before any packet. */
static int
stage_sandbox_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	return (serve_priv_sandbox(ctx, err, errlen));
}

static int
stage_ready_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	serve_post_ready(ctx);
	return (0);
}

static const struct serve_engine serve_user_stage = {
	.name = "user",
	.slot = -1,
	.start = stage_user_start,
};
static const struct serve_engine serve_hook_stage = {
	.name = "hook",
	.slot = -1,
	.start = stage_hook_start,
};
static const struct serve_engine serve_addrcheck_stage = {
	.name = "address",
	.slot = -1,
	.start = stage_addrcheck_start,
};
static const struct serve_engine serve_drop_stage = {
	.name = "privileges",
	.slot = -1,
	.start = stage_drop_start,
};
static const struct serve_engine serve_sandbox_stage = {
	.name = "sandbox",
	.slot = -1,
	.start = stage_sandbox_start,
};
static const struct serve_engine serve_ready_stage = {
	.name = "ready",
	.slot = -1,
	.start = stage_ready_start,
};

/* The interface as rtnetlink tells it (net_iface_get), into ctx. */
int
serve_iface_lookup(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct net_iface	 ifc;

	if (net_iface_get(ctx->ifname, &ifc, err, errlen) != 0)
		return (-1);
	ctx->ifindex = ifc.index;
	ctx->mtu = ifc.mtu != 0 ? ifc.mtu : 1500;
	memcpy(ctx->ifmac, ifc.mac, sizeof ctx->ifmac);
	ctx->addr = 0;
	if (ifc.naddrs > 0) {
		ctx->addr = ifc.addrs[0].addr;
		ctx->plen = ifc.addrs[0].plen;
	}
	return (0);
}

void
serve_post_ready(const struct serve_ctx *ctx)
{
	struct ev	 ev;

	memset(&ev, 0, sizeof ev);
	ev.type = EV_READY;
	strlcpy(ev.u.ready.iface, ctx->ifname, sizeof ev.u.ready.iface);
	ev.u.ready.address.ip = ctx->addr;
	ev.u.ready.address.len = ctx->plen;
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
 * Start every wanted stage in order (serve_stage.c), the last one
 * announcing `ready`.  On failure err says why; serve_stop() undoes
 * whatever did start, either way.
 */
int
serve_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	if (ctx->stages == NULL)
		ctx->stages = serve_engines;
	return (serve_stages_start(ctx, err, errlen));
}

/* Stop the stages serve_start() started, in reverse order. */
void
serve_stop(struct serve_ctx *ctx)
{
	serve_stages_stop(ctx);
}

/* The defaults of every option (what `serve` assumes untold). */
void
serve_opts_defaults(struct serve_opts *o)
{
	memset(o, 0, sizeof *o);
	o->root = fwcmd_root(NULL);	/* $PHONERESCUE_ROOT, else the default */
	o->lease_secs = DHCP_LEASE_SECS;
	o->tftp_port = TFTP_PORT;
	o->http_port = HTTP_PORT;
	o->dhcp_port = DHCP_SERVER_PORT;
	o->tftp_idle_ms = TFTP_GIVE_UP_MS;
}
