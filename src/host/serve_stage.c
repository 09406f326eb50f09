/*
 * The start-up machine (serve.h): ctx->stages run in order, each a
 * struct serve_engine; a stage whose start() returns SERVE_PENDING holds
 * the machine until it calls serve_stage_done() from a loop callback, and
 * the machine goes on from a zero-delay timer of its own, so no engine's
 * callback ever finds the next stages (or the host's reaction to a
 * failure, serve_stop() included) run under it.  Stopping runs every
 * stage that started back in reverse, the pending one first.
 *
 * Nothing here knows the engines: tests/unit/test_serve_stage.c drives it
 * with fake stages under the fake clock.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "compat.h"
#include "loop.h"
#include "host/serve.h"

static int
stage_wanted(const struct serve_ctx *ctx, const struct serve_engine *e)
{
	return (e->wanted == NULL || e->wanted(ctx));
}

/* The words of a stage under way, to whoever listens. */
static void
stage_say(struct serve_ctx *ctx, const struct serve_engine *e)
{
	if (ctx->stage_words[0] == '\0')
		snprintf(ctx->stage_words, sizeof ctx->stage_words,
		    "starting %s", e->name);
	if (ctx->on_stage != NULL)
		ctx->on_stage(ctx->on_arg, ctx->stage_words);
}

/*
 * From stages[nstarted] on, until one is pending (SERVE_PENDING), one
 * failed (-1, err) or all are done (0).
 */
static int
stages_run(struct serve_ctx *ctx, char *err, size_t errlen)
{
	const struct serve_engine	*e;
	int				 r;

	for (; (e = ctx->stages[ctx->nstarted]) != NULL; ctx->nstarted++) {
		if (!stage_wanted(ctx, e))
			continue;
		err[0] = '\0';
		ctx->stage_words[0] = '\0';
		r = e->start(ctx, err, errlen);
		if (r == SERVE_PENDING) {
			ctx->pending = 1;
			stage_say(ctx, e);
			return (SERVE_PENDING);
		}
		if (r != 0) {
			if (err[0] == '\0')
				strlcpy(err, e->name, errlen);
			ctx->stage_failed = 1;
			return (-1);
		}
	}
	return (0);
}

int
serve_stages_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	ctx->nstarted = 0;
	ctx->pending = 0;
	ctx->stage_failed = 0;
	ctx->stage_err[0] = '\0';
	memset(&ctx->stage_timer, 0, sizeof ctx->stage_timer);
	return (stages_run(ctx, err, errlen));
}

/* A run of the machine from a timer: its end told, unless one waits. */
static void
stages_told(struct serve_ctx *ctx, int r, const char *err)
{
	if (r == SERVE_PENDING)
		return;
	if (r != 0)
		strlcpy(ctx->stage_err, err, sizeof ctx->stage_err);
	if (ctx->on_done != NULL)
		ctx->on_done(ctx->on_arg, r, err);
}

/* The pending stage is done: on to the next ones, or the end told. */
static void
stage_next(void *arg)
{
	struct serve_ctx	*ctx = arg;
	char			 err[sizeof ctx->stage_err];

	if (!ctx->pending)
		return;
	if (ctx->stage_failed) {
		/* Still pending: serve_stop() stops the stage that failed. */
		if (ctx->on_done != NULL)
			ctx->on_done(ctx->on_arg, -1, ctx->stage_err);
		return;
	}
	ctx->pending = 0;
	ctx->nstarted++;
	stages_told(ctx, stages_run(ctx, err, sizeof err), err);
}

void
serve_stage_done(struct serve_ctx *ctx, const char *err)
{
	const struct serve_engine	*e;

	if (!ctx->pending || ctx->stage_failed || ctx->stage_timer.armed)
		return;		/* told twice, or after a stop */
	if (err != NULL) {
		e = ctx->stages[ctx->nstarted];
		strlcpy(ctx->stage_err, err[0] != '\0' ? err : e->name,
		    sizeof ctx->stage_err);
		ctx->stage_failed = 1;
	}
	loop_timer_set(ctx->loop, &ctx->stage_timer, clock_now_ms(),
	    stage_next, ctx);
}

void
serve_stage_say(struct serve_ctx *ctx, const char *words)
{
	strlcpy(ctx->stage_words, words, sizeof ctx->stage_words);
	if (ctx->pending && ctx->on_stage != NULL)
		ctx->on_stage(ctx->on_arg, words);
}

int
serve_stages_busy(const struct serve_ctx *ctx)
{
	return (ctx->pending && !ctx->stage_failed);
}

void
serve_stages_stop(struct serve_ctx *ctx)
{
	const struct serve_engine	*e;

	if (ctx->stages == NULL)
		return;
	if (ctx->loop != NULL)
		loop_timer_cancel(ctx->loop, &ctx->stage_timer);
	/* The stage under way (or that failed under way) started too. */
	if (ctx->pending) {
		ctx->pending = 0;
		ctx->nstarted++;
	}
	while (ctx->nstarted > 0) {
		e = ctx->stages[--ctx->nstarted];
		if (e->stop != NULL && stage_wanted(ctx, e))
			e->stop(ctx);
	}
}

/* All the stages back, then all again from the first. */
static void
stage_restart(void *arg)
{
	struct serve_ctx	*ctx = arg;
	char			 err[sizeof ctx->stage_err];

	serve_stages_stop(ctx);
	stages_told(ctx, serve_stages_start(ctx, err, sizeof err), err);
}

void
serve_restart(struct serve_ctx *ctx)
{
	if (ctx->pending || ctx->stage_timer.armed)
		return;		/* starting already, or ending */
	loop_timer_set(ctx->loop, &ctx->stage_timer, clock_now_ms(),
	    stage_restart, ctx);
}

static void
stage_fail(void *arg)
{
	struct serve_ctx	*ctx = arg;

	if (ctx->on_done != NULL)
		ctx->on_done(ctx->on_arg, -1, ctx->stage_err);
}

void
serve_fail(struct serve_ctx *ctx, const char *err)
{
	if (ctx->stage_failed)
		return;
	strlcpy(ctx->stage_err, err, sizeof ctx->stage_err);
	ctx->stage_failed = 1;
	loop_timer_set(ctx->loop, &ctx->stage_timer, clock_now_ms(),
	    stage_fail, ctx);
}
