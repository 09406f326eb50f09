/*
 * --on-event for serve and the wizard (src/core/hook.h): the hook runner
 * is forked once per process, inside the first serve_start(), after the
 * run-as user is known and before any engine opens a socket or privileges
 * are dropped, so the main process never needs execve after its drop (a
 * filter may forbid it).  The runner becomes the run-as user itself,
 * without any capability: hooks run as serve does after its drop.
 */
#include "config.h"

#include <unistd.h>

#include "hook.h"
#include "log.h"
#include "net/net_priv.h"
#include "host/serve.h"

static struct hook	*serve_hook;

/* In the runner: become who serve will be, keeping no capability. */
static int
serve_hook_setup(void *arg, char *err, size_t errlen)
{
	struct serve_ctx	*ctx = arg;

	if (geteuid() != 0 || !ctx->dropping)
		return (0);
	return (net_priv_drop(&ctx->run_as, 0, err, errlen));
}

int
serve_hook_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct hook_opts	 o;

	if (ctx->opts.on_event == NULL || serve_hook != NULL)
		return (0);
	o.cmd = ctx->opts.on_event;
	o.mask = ctx->opts.on_event_kinds;
	o.queue_max = ctx->opts.on_event_queue;
	o.quiet = ctx->opts.wizard;	/* the screen is the wizard's */
	if (o.mask == 0 && hook_kinds_parse(HOOK_KINDS_DEFAULT, &o.mask, err,
	    errlen) != 0)
		return (-1);
	if ((serve_hook = hook_start(ctx->loop, &o, serve_hook_setup, ctx,
	    err, errlen)) == NULL)
		return (-1);
	log_debug("--on-event %s: runner started", o.cmd);
	return (0);
}

void
serve_hook_stop(void)
{
	hook_stop(serve_hook);
	serve_hook = NULL;
}
