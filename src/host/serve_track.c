/*
 * The phone tracker as a serve engine, always running: with or without
 * the sniffer it follows every phone through our own engines' events
 * (leases, TFTP and HTTP transfers), and through the frames the sniffer
 * hands it when that runs (serve_sniff.c).  It is the only producer of
 * `phone` events and phone notices (black screen, recovered,
 * no_load_for_model for a default load nothing in ROOT serves).
 *
 * Unless --no-plan, it works out each phone's upgrade plan (issue 20)
 * and answers, through tracker_plan_answer, the TFTP and HTTP servers'
 * per-client resolver (serve_tftp.c, serve_http.c): the one resolver.
 *
 * An engine of its own rather than a part of the sniff engine: the
 * tracker's inputs are mostly our engines' events, a capture is only one
 * more source, and `serve --no-sniff` must track exactly as `serve` does.
 */
#include "config.h"

#include <string.h>

#include "host/serve.h"
#include "track/tracker.h"

#define SERVE_TRACK_SLOT	7	/* serve_ctx.engine[]: a slot no other engine uses */

static int
serve_track_wanted(const struct serve_ctx *ctx)
{
	(void)ctx;
	return (1);
}

/* Open ROOT and the table, before the engines whose events it reads. */
static int
serve_track_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct tracker_opts	 o;

	(void)err;
	(void)errlen;
	memset(&o, 0, sizeof o);
	o.root = ctx->opts.root;
	o.our_addr = ctx->addr;
	memcpy(o.our_mac, ctx->ifmac, sizeof o.our_mac);
	o.engines = 1;
	o.plans = !ctx->opts.no_plan;
	ctx->engine[SERVE_TRACK_SLOT] = tracker_open(ctx->loop, &o);
	return (0);
}

static void
serve_track_stop(struct serve_ctx *ctx)
{
	tracker_close(ctx->engine[SERVE_TRACK_SLOT]);
	ctx->engine[SERVE_TRACK_SLOT] = NULL;
}

struct tracker *
serve_track_get(const struct serve_ctx *ctx)
{
	return (ctx->engine[SERVE_TRACK_SLOT]);
}

const struct serve_engine serve_track_engine = {
	.name = "track",
	.slot = SERVE_TRACK_SLOT,
	.wanted = serve_track_wanted,
	.start = serve_track_start,
	.stop = serve_track_stop,
};
