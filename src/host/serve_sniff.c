/*
 * The sniffer as a serve engine: a live capture on the serve interface,
 * its frames handed to the phone tracker (serve_track.c, started before
 * it), which tells our own DHCP server apart from foreign ones and never
 * takes our own MAC for a phone.  While the capture runs the tracker takes
 * a lease's and a TFTP request's steps from the frames; what no capture
 * shows it has from our engines' events either way.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "host/serve.h"
#include "sniff/sniff.h"
#include "track/tracker.h"

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
	struct tracker		*tr = serve_track_get(ctx);
	struct sniff		*s;

	if (tr == NULL) {
		snprintf(err, errlen, "no phone tracker to feed");
		return (-1);
	}
	memset(&o, 0, sizeof o);
	o.iface = ctx->ifname;
	o.promisc = 1;
	o.frame = tracker_frame;
	o.frame_arg = tr;
	if ((s = sniff_open(ctx->loop, &o, err, errlen)) == NULL)
		return (-1);
	tracker_frames(tr, 1);
	ctx->engine[SERVE_SNIFF_SLOT] = s;
	ctx->sniff_on = 1;
	return (0);
}

static void
serve_sniff_stop(struct serve_ctx *ctx)
{
	struct tracker	*tr = serve_track_get(ctx);

	if (ctx->engine[SERVE_SNIFF_SLOT] != NULL && tr != NULL)
		tracker_frames(tr, 0);
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
