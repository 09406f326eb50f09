/*
 * The sniffer as a serve engine: a live capture on the serve interface.
 * Our own DHCP server is told apart from foreign ones by our address
 * (ctx->addr), and our own MAC is never taken for a phone.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "serve.h"
#include "sniff/sniff.h"

#define SERVE_SNIFF_SLOT	6	/* serve_ctx.engine[]: a slot no other engine uses */

static int
serve_sniff_wanted(const struct serve_ctx *ctx)
{
	return (!ctx->opts.no_sniff);
}

static int
serve_sniff_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct sniff_opts	 o;
	struct sniff		*s;

	memset(&o, 0, sizeof o);
	o.iface = ctx->ifname;
	o.root = ctx->opts.root;
	o.our_addr = ctx->addr;
	memcpy(o.our_mac, ctx->ifmac, sizeof o.our_mac);
	o.promisc = 1;
	if ((s = sniff_open(ctx->loop, &o, err, errlen)) == NULL)
		return (-1);
	ctx->engine[SERVE_SNIFF_SLOT] = s;
	ctx->sniff_on = 1;
	return (0);
}

static void
serve_sniff_stop(struct serve_ctx *ctx)
{
	sniff_close(ctx->engine[SERVE_SNIFF_SLOT]);
	ctx->engine[SERVE_SNIFF_SLOT] = NULL;
	ctx->sniff_on = 0;
}

const struct serve_engine serve_sniff_engine = {
	.name = "sniff",
	.slot = SERVE_SNIFF_SLOT,
	.wanted = serve_sniff_wanted,
	.start = serve_sniff_start,
	.stop = serve_sniff_stop,
};
