/*
 * The TFTP engine inside `serve`: the read-only server on the chosen
 * interface's address, bound to that interface only, serving -r ROOT;
 * one server per CPU sharing the port (tftpd_group), the first on the
 * main loop.
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/socket.h>

#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "host/serve.h"
#include "tftp/tftp_wire.h"
#include "tftp/tftpd.h"
#include "track/tracker.h"

#define SERVE_TFTP_SLOT	2

struct serve_tftp {
	struct tftpd_group	*g;
};

static struct serve_tftp	 serve_tftp_state;

static int
serve_tftp_wanted(const struct serve_ctx *ctx)
{
	return (!ctx->opts.no_tftp);
}

/* The largest block one frame carries: MTU - IP (20) - UDP (8) - TFTP (4). */
static unsigned
serve_tftp_blksize_max(const struct serve_ctx *ctx)
{
	unsigned	 b;

	if (ctx->opts.tftp_blksize_max != 0)
		return (ctx->opts.tftp_blksize_max);
	if (ctx->mtu < 576)
		return (TFTP_BLKSIZE_DEFAULT);
	b = ctx->mtu - 32;
	return (b > TFTP_BLKSIZE_MAX ? TFTP_BLKSIZE_MAX : b);
}

/* Is the interface a loopback one (clients then share our address)? */
static int
serve_tftp_loopback(const struct serve_ctx *ctx)
{
	struct ifreq	 ifr;
	int		 s, lo = 0;

	if ((s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return (0);
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", ctx->ifname);
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0)
		lo = (ifr.ifr_flags & IFF_LOOPBACK) != 0;
	close(s);
	return (lo);
}

static int
serve_tftp_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct serve_tftp	*st = &serve_tftp_state;
	struct tftpd_config	 cfg;

	/* Read the address now: an earlier engine may have just set it. */
	if (ctx->addr == 0) {
		snprintf(err, errlen, "%s has no IPv4 address (give it one, "
		    "or use --address)", ctx->ifname);
		return (-1);
	}
	/* in.tftpd, dnsmasq, atftpd on our port would split the requests. */
	if (serve_port_check("TFTP", ctx->addr, ctx->addr,
	    ctx->opts.tftp_port, ctx->ifname, err, errlen) != 0)
		return (-1);
	memset(&cfg, 0, sizeof cfg);
	cfg.addr = ctx->addr;
	cfg.port = ctx->opts.tftp_port;
	cfg.ifname = ctx->ifname;
	cfg.blksize_max = serve_tftp_blksize_max(ctx);
	cfg.idle_ms = ctx->opts.tftp_idle_ms;
	cfg.max_per_peer = ctx->opts.tftp_per_client;
	cfg.plen = ctx->plen;
	cfg.loopback = serve_tftp_loopback(ctx);
	if ((st->g = tftpd_group_new(ctx->loop, ctx->opts.root, &cfg,
	    0, err, errlen)) == NULL)
		return (-1);
	/* Each phone its plan's step (the tracker started before us). */
	if (!ctx->opts.no_plan && serve_track_get(ctx) != NULL)
		tftpd_group_set_resolver(st->g, tracker_plan_answer,
		    serve_track_get(ctx));
	ctx->engine[SERVE_TFTP_SLOT] = st;
	ctx->tftp_on = 1;
	return (0);
}

/* The other members' threads start once root is given up. */
static int
serve_tftp_after_drop(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct serve_tftp	*st = ctx->engine[SERVE_TFTP_SLOT];

	return (st == NULL ? 0 : tftpd_group_run(st->g, err, errlen));
}

static void
serve_tftp_stop(struct serve_ctx *ctx)
{
	struct serve_tftp	*st = ctx->engine[SERVE_TFTP_SLOT];

	if (st == NULL)
		return;
	tftpd_group_free(st->g);
	st->g = NULL;
	ctx->engine[SERVE_TFTP_SLOT] = NULL;
	ctx->tftp_on = 0;
}

const struct serve_engine serve_tftp_engine = {
	.name = "tftp",
	.slot = SERVE_TFTP_SLOT,
	.wanted = serve_tftp_wanted,
	.start = serve_tftp_start,
	.stop = serve_tftp_stop,
	.after_drop = serve_tftp_after_drop,
};
