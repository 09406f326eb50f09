/*
 * The sniffer as a serve engine: a live capture on the serve interface.
 * Our own DHCP server is told apart from foreign ones by our address
 * (ctx->addr), and our own MAC is never taken for a phone.  What our TFTP
 * server delivered (tftp_done, which no capture shows) goes to the phone
 * table too: it is what says a phone runs again, by the same phase rules
 * the wizard uses (sniff/phase.h).
 */
#include "config.h"

#include <arpa/inet.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bus.h"
#include "compat.h"
#include "ev.h"
#include "host/serve.h"
#include "sniff/sniff.h"
#include "util.h"
#include "xmalloc.h"

#define SERVE_SNIFF_SLOT	6	/* serve_ctx.engine[]: a slot no other engine uses */

struct serve_sniff {
	struct sniff	*sniff;
	struct bus_sink	*sink;
};

/* A file our TFTP server delivered: tell the phone table. */
static void
serve_sniff_event(const struct ev *ev, void *arg)
{
	struct serve_sniff	*ss = arg;
	const struct ev_tftp	*t = &ev->u.tftp;
	uint8_t			 mac[6];
	int			 has_mac;

	if (ev->type != EV_TFTP_DONE || ss->sniff == NULL)
		return;
	if (t->client.ip == 0)
		return;
	has_mac = t->mac[0] != '\0' && util_mac_parse(t->mac, mac) == 0;
	sniff_served(ss->sniff, t->client.ip, has_mac ? mac : NULL, t->file,
	    ev->wall_ms);
}

static int
serve_sniff_wanted(const struct serve_ctx *ctx)
{
	return (!ctx->opts.no_sniff);
}

static int
serve_sniff_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct sniff_opts	 o;
	struct serve_sniff	*ss;
	struct sniff		*s;

	memset(&o, 0, sizeof o);
	o.iface = ctx->ifname;
	o.root = ctx->opts.root;
	o.our_addr = ctx->addr;
	memcpy(o.our_mac, ctx->ifmac, sizeof o.our_mac);
	o.promisc = 1;
	if ((s = sniff_open(ctx->loop, &o, err, errlen)) == NULL)
		return (-1);
	ss = xcalloc(1, sizeof *ss);
	ss->sniff = s;
	ss->sink = bus_subscribe(EV_MASK(EV_TFTP_DONE), serve_sniff_event, ss);
	ctx->engine[SERVE_SNIFF_SLOT] = ss;
	ctx->sniff_on = 1;
	return (0);
}

static void
serve_sniff_stop(struct serve_ctx *ctx)
{
	struct serve_sniff	*ss = ctx->engine[SERVE_SNIFF_SLOT];

	if (ss != NULL) {
		if (ss->sink != NULL)
			bus_unsubscribe(ss->sink);
		sniff_close(ss->sniff);
		free(ss);
	}
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
