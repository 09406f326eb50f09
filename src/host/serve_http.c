/*
 * The HTTP engine inside `serve` and the wizard: ROOT over HTTP on TCP
 * 6970 (--http-port), on the interface's address only, read-only, with
 * the TFTP side's name rules and confinement (src/http/httpd.h).  Off
 * with --no-http, --http-port 0 or --no-tftp (nothing to serve).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "http/httpd.h"
#include "host/serve.h"
#include "tftp/tftp_files.h"
#include "track/tracker.h"

#define SERVE_HTTP_SLOT	3

struct serve_http {
	struct tftp_files	*files;
	struct httpd		*d;
};

static struct serve_http	 serve_http_state;

static int
serve_http_wanted(const struct serve_ctx *ctx)
{
	return (!ctx->opts.no_http && !ctx->opts.no_tftp &&
	    ctx->opts.http_port != 0);
}

static int
serve_http_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct serve_http	*sh = &serve_http_state;
	struct httpd_config	 cfg;

	if (ctx->addr == 0) {
		snprintf(err, errlen, "%s has no IPv4 address (give it one, "
		    "or use --address)", ctx->ifname);
		return (-1);
	}
	if ((sh->files = tftp_files_root_new(ctx->opts.root, err,
	    errlen)) == NULL)
		return (-1);
	/* The same per-phone answers as TFTP (serve_tftp.c). */
	if (!ctx->opts.no_plan && serve_track_get(ctx) != NULL)
		tftp_files_set_resolver(sh->files, tracker_plan_answer,
		    serve_track_get(ctx));
	memset(&cfg, 0, sizeof cfg);
	cfg.addr = ctx->addr;
	cfg.port = ctx->opts.http_port;
	cfg.ifname = ctx->ifname;
	cfg.per_peer = ctx->opts.tftp_per_client;
	cfg.idle_ms = ctx->opts.tftp_idle_ms;
	if ((sh->d = httpd_new(ctx->loop, sh->files, &cfg, err,
	    errlen)) == NULL) {
		sh->files->free(sh->files);
		sh->files = NULL;
		return (-1);
	}
	ctx->engine[SERVE_HTTP_SLOT] = sh;
	ctx->http_on = 1;
	return (0);
}

/* Its threads start once root is given up (httpd_run). */
static int
serve_http_after_drop(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct serve_http	*sh = ctx->engine[SERVE_HTTP_SLOT];

	return (sh == NULL ? 0 : httpd_run(sh->d, err, errlen));
}

static void
serve_http_stop(struct serve_ctx *ctx)
{
	struct serve_http	*sh = ctx->engine[SERVE_HTTP_SLOT];

	if (sh == NULL)
		return;
	httpd_free(sh->d);
	sh->files->free(sh->files);
	sh->d = NULL;
	sh->files = NULL;
	ctx->engine[SERVE_HTTP_SLOT] = NULL;
	ctx->http_on = 0;
}

const struct serve_engine serve_http_engine = {
	.name = "http",
	.slot = SERVE_HTTP_SLOT,
	.wanted = serve_http_wanted,
	.start = serve_http_start,
	.stop = serve_http_stop,
	.after_drop = serve_http_after_drop,
};
