/*
 * The start-up machine (src/host/serve_stage.c) with fake stages under
 * the fake clock: the order, the stop in reverse, a failure at each
 * stage (at once and later), a cancel in the middle, and skipped stages.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "../tap.h"
#include "clock.h"
#include "loop.h"
#include "host/serve.h"

#define NSTAGES	4

static uint64_t		 now;
static struct loop	*L;
static char		 trace[64];	/* "abc" started, "CBA" stopped */

/* How each fake stage behaves, by index ('a' + i). */
static struct fake {
	int		 pending;	/* returns SERVE_PENDING, done after ms */
	unsigned	 ms;
	int		 fail;		/* fails (at once, or when done) */
	int		 unwanted;
	struct loop_timer t;
	struct serve_ctx *ctx;
} fakes[NSTAGES];

static int	 done_calls, done_rc;
static char	 done_err[256], words[128];

static void
mark(char c)
{
	size_t	 n = strlen(trace);

	if (n + 1 < sizeof trace) {
		trace[n] = c;
		trace[n + 1] = '\0';
	}
}

static struct fake *
fake_of(const struct serve_ctx *ctx)
{
	return (&fakes[ctx->stages[ctx->nstarted]->name[0] - 'a']);
}

static void
fake_later(void *arg)
{
	struct fake	*f = arg;
	char		 err[64];

	snprintf(err, sizeof err, "stage %c failed later",
	    (char)('a' + (f - fakes)));
	serve_stage_done(f->ctx, f->fail ? err : NULL);
}

static int
fake_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct fake	*f = fake_of(ctx);
	char		 c = (char)('a' + (f - fakes));

	mark(c);
	f->ctx = ctx;
	if (f->pending) {
		loop_timer_set(L, &f->t, now + f->ms, fake_later, f);
		serve_stage_say(ctx, "waiting for carrier");
		return (SERVE_PENDING);
	}
	if (f->fail) {
		snprintf(err, errlen, "stage %c failed", c);
		return (-1);
	}
	return (0);
}

/* stop: the stage's own letter, upper case; cancels what it waits for. */
static void
fake_stop(struct serve_ctx *ctx)
{
	const struct serve_engine *e = ctx->stages[ctx->nstarted];
	struct fake	*f = &fakes[e->name[0] - 'a'];

	loop_timer_cancel(L, &f->t);
	mark((char)(e->name[0] - 'a' + 'A'));
}

static int
fake_wanted(const struct serve_ctx *ctx)
{
	(void)ctx;
	return (1);
}

static int
wanted_b(const struct serve_ctx *ctx)
{
	(void)ctx;
	return (!fakes[1].unwanted);
}

static const struct serve_engine st_a = {
	.name = "a", .slot = 0, .wanted = fake_wanted, .start = fake_start,
	.stop = fake_stop,
};
static const struct serve_engine st_b = {
	.name = "b", .slot = 1, .wanted = wanted_b, .start = fake_start,
	.stop = fake_stop,
};
static const struct serve_engine st_c = {
	.name = "c", .slot = 2, .start = fake_start, .stop = fake_stop,
};
static const struct serve_engine st_d = {	/* synchronous, no stop */
	.name = "d", .slot = 3, .start = fake_start,
};
static const struct serve_engine *const table[] = {
	&st_a, &st_b, &st_c, &st_d, NULL
};

static void
on_done(void *arg, int rc, const char *err)
{
	struct serve_ctx	*ctx = arg;

	done_calls++;
	done_rc = rc;
	snprintf(done_err, sizeof done_err, "%s", err != NULL ? err : "");
	/* As the wizard does: a failure is undone from the callback. */
	if (rc != 0)
		serve_stages_stop(ctx);
}

static void
on_stage(void *arg, const char *w)
{
	(void)arg;
	snprintf(words, sizeof words, "%s", w);
}

static void
reset(struct serve_ctx *ctx)
{
	size_t	 i;

	for (i = 0; i < NSTAGES; i++) {
		loop_timer_cancel(L, &fakes[i].t);
		memset(&fakes[i], 0, sizeof fakes[i]);
	}
	memset(ctx, 0, sizeof *ctx);
	ctx->loop = L;
	ctx->stages = table;
	ctx->on_done = on_done;
	ctx->on_stage = on_stage;
	ctx->on_arg = ctx;
	trace[0] = '\0';
	words[0] = done_err[0] = '\0';
	done_calls = 0;
	done_rc = 99;
}

/* Turn the loop until nothing is left to run at the time now. */
static void
settle(void)
{
	int	 i;

	for (i = 0; i < 10; i++)
		(void)loop_run_once(L, 0);
}

static void
test_all_at_once(void)
{
	struct serve_ctx	 ctx;
	char			 err[256];

	reset(&ctx);
	ok(serve_stages_start(&ctx, err, sizeof err) == 0,
	    "synchronous stages: ready at once");
	is_str(trace, "abcd", "started in table order");
	ok(!serve_stages_busy(&ctx), "nothing under way");
	serve_stages_stop(&ctx);
	is_str(trace, "abcdCBA", "stopped in reverse (d has no stop)");
	serve_stages_stop(&ctx);
	is_str(trace, "abcdCBA", "a second stop stops nothing");
	ok(done_calls == 0, "on_done only after SERVE_PENDING");
}

static void
test_pending(void)
{
	struct serve_ctx	 ctx;
	char			 err[256];

	reset(&ctx);
	fakes[1].pending = 1;
	fakes[1].ms = 3000;
	fakes[2].pending = 1;
	fakes[2].ms = 4000;
	ok(serve_stages_start(&ctx, err, sizeof err) == SERVE_PENDING,
	    "a pending stage: under way");
	is_str(trace, "ab", "the machine holds at the pending stage");
	is_str(words, "waiting for carrier", "its words are told");
	ok(serve_stages_busy(&ctx), "busy while under way");
	now += 2999;
	settle();
	is_str(trace, "ab", "nothing moves before the stage is done");
	now += 1;
	settle();
	is_str(trace, "abc", "done: the next stage starts");
	ok(done_calls == 0, "not ready while c is under way");
	now += 4000;
	settle();
	is_str(trace, "abcd", "then the rest");
	ok(done_calls == 1 && done_rc == 0, "on_done(0) once at the end");
	ok(!serve_stages_busy(&ctx), "not busy once ready");
	serve_stages_stop(&ctx);
	is_str(trace, "abcdCBA", "stopped in reverse");
}

/* Each stage failing at once: the ones before it stop, in reverse. */
static void
test_fail_at_once(void)
{
	static const char *const want[NSTAGES] = {
		"a", "abA", "abcBA", "abcdCBA"
	};
	struct serve_ctx	 ctx;
	char			 err[256], what[64], exp[64];
	int			 i;

	for (i = 0; i < NSTAGES; i++) {
		reset(&ctx);
		fakes[0].pending = 1;	/* one wait before, whatever fails */
		fakes[0].ms = 10;
		fakes[i].pending = i == 0 ? 0 : fakes[i].pending;
		fakes[i].fail = 1;
		if (serve_stages_start(&ctx, err, sizeof err) == SERVE_PENDING) {
			now += 10;
			settle();
		}
		snprintf(what, sizeof what, "stage %c fails at once", 'a' + i);
		snprintf(exp, sizeof exp, "stage %c failed", 'a' + i);
		if (i == 0)
			is_str(err, exp, "%s", what);
		else
			ok(done_calls == 1 && done_rc == -1 &&
			    strcmp(done_err, exp) == 0, "%s: on_done says so", what);
		serve_stages_stop(&ctx);	/* again: harmless */
		is_str(trace, want[i], "%s", what);
	}
}

/* Each stage failing later: it is stopped too, then the ones before. */
static void
test_fail_later(void)
{
	static const char *const want[NSTAGES] = {
		"aA", "abBA", "abcCBA", "abcdCBA"
	};
	struct serve_ctx	 ctx;
	char			 err[256], what[64], exp[64];
	int			 i;

	for (i = 0; i < NSTAGES; i++) {
		reset(&ctx);
		fakes[i].pending = 1;
		fakes[i].ms = 500;
		fakes[i].fail = 1;
		ok(serve_stages_start(&ctx, err, sizeof err) == SERVE_PENDING,
		    "stage %c under way", 'a' + i);
		now += 500;
		settle();
		snprintf(what, sizeof what, "stage %c fails later", 'a' + i);
		snprintf(exp, sizeof exp, "stage %c failed later", 'a' + i);
		ok(done_calls == 1 && done_rc == -1 &&
		    strcmp(done_err, exp) == 0, "%s: its message", what);
		is_str(trace, want[i], "%s", what);
	}
}

/* Cut short in the middle (Ctrl-C, q): the stage under way is cancelled. */
static void
test_cancel(void)
{
	struct serve_ctx	 ctx;
	char			 err[256];

	reset(&ctx);
	fakes[2].pending = 1;
	fakes[2].ms = 3000;
	(void)serve_stages_start(&ctx, err, sizeof err);
	now += 1000;
	settle();
	serve_stages_stop(&ctx);
	is_str(trace, "abcCBA", "cancelled: the pending stage stops first");
	now += 5000;
	settle();
	is_str(trace, "abcCBA", "and nothing starts afterwards");
	ok(done_calls == 0, "no ready, no failure after a cancel");

	/* Done told, the machine not moved on yet: stopped all the same. */
	reset(&ctx);
	fakes[1].pending = 1;
	fakes[1].ms = 100;
	(void)serve_stages_start(&ctx, err, sizeof err);
	now += 100;
	(void)loop_run_once(L, 0);	/* b's timer: done, the step armed */
	serve_stages_stop(&ctx);
	settle();
	is_str(trace, "abBA", "done but not taken: stopped, c never starts");
	serve_stage_done(&ctx, NULL);
	settle();
	is_str(trace, "abBA", "a late done after the stop is ignored");
}

static void
test_unwanted(void)
{
	struct serve_ctx	 ctx;
	char			 err[256];

	reset(&ctx);
	fakes[1].unwanted = 1;
	fakes[2].pending = 1;
	fakes[2].ms = 10;
	(void)serve_stages_start(&ctx, err, sizeof err);
	now += 10;
	settle();
	serve_stages_stop(&ctx);
	is_str(trace, "acdCA", "an unwanted stage neither starts nor stops");
	is_str(words, "waiting for carrier", "the words of the one under way");
}

int
main(void)
{
	now = 1000000;
	clock_set_fake(&now);
	L = loop_new();
	test_all_at_once();
	test_pending();
	test_fail_at_once();
	test_fail_later();
	test_cancel();
	test_unwanted();
	loop_free(L);
	clock_set_fake(NULL);
	return (done_testing());
}
