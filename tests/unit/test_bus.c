/* The event bus: order, coalescing, lifecycle safety, sink rules. */
#include "config.h"

#include <pthread.h>
#include <string.h>

#include "../tap.h"
#include "bus.h"
#include "clock.h"
#include "loop.h"

static char	 log_[256];

static void
record(const struct ev *e, void *arg)
{
	char	 buf[32];

	snprintf(buf, sizeof buf, "%s%s:%d:%llu ", (const char *)arg,
	    ev_name(e->type), (int)e->u.tftp.xfer,
	    (unsigned long long)e->u.tftp.bytes);
	strncat(log_, buf, sizeof log_ - strlen(log_) - 1);
}

static void
post_tftp(enum ev_type t, uint64_t xfer, uint64_t bytes)
{
	struct ev	 e;

	memset(&e, 0, sizeof e);
	e.type = t;
	e.u.tftp.xfer = xfer;
	e.u.tftp.bytes = bytes;
	bus_post(&e);
}

static void
test_order_and_coalescing(void)
{
	struct bus_sink	*s;

	log_[0] = '\0';
	s = bus_subscribe(EV_MASK_ALL, record, "");
	post_tftp(EV_TFTP_START, 1, 0);
	post_tftp(EV_TFTP_PROGRESS, 1, 100);
	post_tftp(EV_TFTP_PROGRESS, 2, 5);
	post_tftp(EV_TFTP_PROGRESS, 1, 200);
	post_tftp(EV_TFTP_PROGRESS, 1, 300);
	is_int((long long)bus_pending(), 3, "progress for one transfer is coalesced in the queue");
	post_tftp(EV_TFTP_DONE, 1, 300);
	post_tftp(EV_TFTP_PROGRESS, 1, 999);	/* after DONE: never moves before it */
	is_int((long long)bus_dispatch(), 5, "dispatch delivers everything queued");
	is_str(log_, "tftp_start:1:0 tftp_progress:1:300 tftp_progress:2:5 "
	    "tftp_done:1:300 tftp_progress:1:999 ",
	    "order kept; newest progress in the place of the oldest; none crosses DONE");
	is_int((long long)bus_pending(), 0, "queue empty after dispatch");
	bus_unsubscribe(s);
}

static void
test_lifecycle_never_dropped(void)
{
	struct bus_sink	*s;
	int		 i, n = 0;

	s = bus_subscribe(EV_MASK(EV_TFTP_DONE), record, "");
	for (i = 0; i < 5000; i++)
		post_tftp(EV_TFTP_DONE, (uint64_t)i, 1);
	is_int((long long)bus_pending(), 5000, "5000 lifecycle events all queued");
	log_[0] = '\0';
	n = (int)bus_dispatch();
	is_int(n, 5000, "and all delivered");
	bus_unsubscribe(s);
}

static struct bus_sink	*victim, *late;
static int		 victim_calls, late_calls, adder_calls;

static void
victim_cb(const struct ev *e, void *arg)
{
	(void)e;
	(void)arg;
	victim_calls++;
}

static void
late_cb(const struct ev *e, void *arg)
{
	(void)e;
	(void)arg;
	late_calls++;
}

static void
adder_cb(const struct ev *e, void *arg)
{
	(void)e;
	(void)arg;
	if (adder_calls++ == 0) {
		bus_unsubscribe(victim);	/* remove a later sink */
		late = bus_subscribe(EV_MASK_ALL, late_cb, NULL);
		post_tftp(EV_TFTP_DONE, 77, 0);	/* posting from a sink is fine */
	}
}

static void
test_subscribe_during_dispatch(void)
{
	struct bus_sink	*adder;

	adder = bus_subscribe(EV_MASK_ALL, adder_cb, NULL);
	victim = bus_subscribe(EV_MASK_ALL, victim_cb, NULL);
	post_tftp(EV_TFTP_START, 1, 0);
	post_tftp(EV_TFTP_DONE, 1, 0);
	bus_dispatch();
	is_int(victim_calls, 0, "a sink unsubscribed during dispatch sees nothing more");
	is_int(adder_calls, 3, "the subscriber sees both events and the one posted during dispatch");
	is_int(late_calls, 2, "a sink added during dispatch starts with the next event");
	bus_unsubscribe(adder);
	bus_unsubscribe(late);
}

static void
test_mask(void)
{
	struct bus_sink	*s;

	log_[0] = '\0';
	s = bus_subscribe(EV_MASK(EV_TFTP_DONE), record, "m:");
	post_tftp(EV_TFTP_START, 9, 0);
	post_tftp(EV_TFTP_DONE, 9, 4);
	bus_dispatch();
	is_str(log_, "m:tftp_done:9:4 ", "a sink gets only the events in its mask");
	bus_unsubscribe(s);
}

static struct ev	 captured;

static void
capture(const struct ev *e, void *arg)
{
	(void)arg;
	captured = *e;
}

static void
test_stamps(void)
{
	struct ev	 e;
	uint64_t	 t = 123456;
	struct bus_sink	*s;

	clock_set_fake(&t);
	s = bus_subscribe(EV_MASK_ALL, capture, NULL);
	memset(&e, 0, sizeof e);
	e.type = EV_LOG;
	bus_post(&e);
	t = 999999;
	bus_dispatch();
	ok(captured.at_ms == 123456 && captured.wall_ms == 123456,
	    "bus_post stamps the time of posting, not of delivery");
	bus_notice("no_load_for_model", EV_ERROR, "00:1b:d4:00:00:01",
	    "term61.default.loads", "%s wants %d file", "7961", 1);
	bus_dispatch();
	ok(captured.type == EV_NOTICE &&
	    strcmp(captured.u.notice.code, "no_load_for_model") == 0 &&
	    captured.u.notice.level == EV_ERROR &&
	    strcmp(captured.u.notice.mac, "00:1b:d4:00:00:01") == 0 &&
	    strcmp(captured.u.notice.file, "term61.default.loads") == 0 &&
	    strcmp(captured.u.notice.text, "7961 wants 1 file") == 0,
	    "bus_notice posts a filled-in notice");
	post_tftp(EV_TFTP_DONE, 1, 0);
	bus_reset();
	ok(bus_pending() == 0, "bus_reset empties the queue and the sinks");
	(void)s;
	clock_set_fake(NULL);
}

/* The annotate hook: fills a field; posts a follow-up once. */
static void
annotate(struct ev *e, void *arg)
{
	int	*calls = arg;

	(*calls)++;
	if (e->type != EV_TFTP_START)
		return;
	e->u.tftp.bytes = 42;
	post_tftp(EV_TFTP_DONE, e->u.tftp.xfer, 7);
}

static void
test_annotate(void)
{
	struct bus_sink	*s;
	int		 calls = 0;

	log_[0] = '\0';
	s = bus_subscribe(EV_MASK_ALL, record, "");
	bus_set_annotate(annotate, &calls);
	post_tftp(EV_TFTP_START, 3, 0);
	bus_dispatch();
	is_str(log_, "tftp_start:3:42 tftp_done:3:7 ", "the annotate hook fills "
	    "an event in before any sink, and what it posts follows it");
	is_int(calls, 2, "it sees every event, its own posts too");
	bus_set_annotate(NULL, NULL);
	log_[0] = '\0';
	post_tftp(EV_TFTP_START, 4, 0);
	bus_dispatch();
	is_str(log_, "tftp_start:4:0 ", "none once cleared");
	bus_unsubscribe(s);
}

static void *
post_from_thread(void *arg)
{
	post_tftp(EV_TFTP_START, (uintptr_t)arg, 0);
	return (NULL);
}

static void
thread_post(uintptr_t xfer)
{
	pthread_t	 t;

	pthread_create(&t, NULL, post_from_thread, (void *)xfer);
	pthread_join(t, NULL);
}

/*
 * Two users of the side queue (the TFTP group and HTTP): the first stop
 * leaves it to the other; a flush moves what threads posted into the
 * queue at once, so the owner's next post comes after it.
 */
static void
test_threads_counted(void)
{
	struct loop	*l = loop_new();

	bus_reset();
	ok(bus_threads_start(l) == 0 && bus_threads_start(l) == 0,
	    "threads: two users start the side queue");
	thread_post(7);
	ok(bus_pending() == 0, "a thread's post waits in the side queue");
	bus_threads_flush();
	post_tftp(EV_TFTP_DONE, 7, 5);
	ok(bus_pending() == 2, "flush: moved into the queue, before the "
	    "owner's next post");
	log_[0] = '\0';
	bus_subscribe(EV_MASK_ALL, record, "");
	bus_dispatch();
	is_str(log_, "tftp_start:7:0 tftp_done:7:5 ", "in posting order");
	bus_threads_stop();
	thread_post(8);
	ok(bus_pending() == 0, "one stop of two: still a side queue");
	bus_threads_stop();
	ok(bus_pending() == 1, "the last stop moved what was left");
	bus_dispatch();
	bus_reset();
	loop_free(l);
}

int
main(void)
{
	plan(22);
	test_order_and_coalescing();
	test_lifecycle_never_dropped();
	test_subscribe_during_dispatch();
	test_mask();
	test_stamps();
	test_annotate();
	test_threads_counted();
	return (done_testing());
}
