/* The event bus: a growable queue of events copied by value, and sinks. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "clock.h"
#include "loop.h"
#include "queue.h"
#include "tunables.h"
#include "xmalloc.h"

struct bus_sink {
	uint32_t		 mask;
	bus_sink_cb		*cb;
	void			*arg;
	uint64_t		 from_seq;	/* first event it may see */
	int			 dead;
	TAILQ_ENTRY(bus_sink)	 entry;
};

static TAILQ_HEAD(, bus_sink)	 sinks = TAILQ_HEAD_INITIALIZER(sinks);
static struct ev		*queue;
static size_t			 qhead, qlen, qcap;	/* [qhead, qlen) pending */
static uint64_t			 next_seq = 1;
static uint64_t			 ncoalesced;
static int			 dispatching;
static uint64_t			 dispatch_seq;		/* event being delivered */

/*
 * Posts from other threads (the TFTP workers) wait in a side queue under a
 * lock; a byte down a pipe wakes the owner's loop, which moves them into
 * the queue above in the order they were posted.  Only the owner thread
 * ever touches the queue and the sinks.
 */
static pthread_mutex_t		 side_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ev		*side;
static size_t			 side_len, side_cap;
static uint64_t			 side_dropped, side_coalesced;
static int			 side_pipe[2] = { -1, -1 };
static struct loop		*side_loop;
static pthread_t		 bus_owner;
static int			 bus_threaded;
static unsigned			 bus_thread_users;	/* TFTP group, HTTP */

static void	 bus_post_side(const struct ev *);

static void	(*annotate)(struct ev *, void *);
static void	*annotate_arg;

/* Fill in the times a poster left at zero. */
static void
bus_stamp(struct ev *q)
{
	if (q->at_ms == 0)
		q->at_ms = clock_now_ms();
	if (q->wall_ms == 0)
		q->wall_ms = clock_wall_ms();
}

/* Replace a queued, undelivered progress event of the same transfer. */
static int
bus_coalesce(const struct ev *ev)
{
	size_t	 i;

	for (i = qlen; i > qhead; i--) {
		struct ev *q = &queue[i - 1];
		if (q->type == EV_TFTP_PROGRESS && q->u.tftp.xfer == ev->u.tftp.xfer) {
			uint64_t seq = q->seq;
			*q = *ev;
			q->seq = seq;
			bus_stamp(q);
			ncoalesced++;
			return (1);
		}
		/* Never move progress past its own transfer's lifecycle events. */
		if ((q->type == EV_TFTP_START || q->type == EV_TFTP_DONE ||
		    q->type == EV_TFTP_ERROR) && q->u.tftp.xfer == ev->u.tftp.xfer)
			return (0);
	}
	return (0);
}

void
bus_post(const struct ev *ev)
{
	struct ev	*q;

	if (bus_threaded && !pthread_equal(pthread_self(), bus_owner)) {
		bus_post_side(ev);
		return;
	}
	if (ev->type == EV_TFTP_PROGRESS && bus_coalesce(ev))
		return;
	if (qhead > 0 && qhead == qlen && !dispatching)
		qhead = qlen = 0;
	if (qlen == qcap) {
		if (qhead > 0 && !dispatching) {
			memmove(queue, queue + qhead, (qlen - qhead) * sizeof *queue);
			qlen -= qhead;
			qhead = 0;
		}
		if (qlen == qcap) {
			qcap = qcap ? qcap * 2 : BUS_INITIAL_QUEUE;
			queue = xreallocarray(queue, qcap, sizeof *queue);
		}
	}
	q = &queue[qlen++];
	*q = *ev;
	q->seq = next_seq++;
	bus_stamp(q);
}

/*
 * From a thread other than the owner: queue a copy, stamped now, and wake
 * the owner if the side queue was empty.  A progress event replaces a
 * queued one of the same transfer, as in the main queue.  No x-allocator:
 * a worker that cannot grow the queue drops the event and counts it.
 */
static void
bus_post_side(const struct ev *ev)
{
	struct ev	 e = *ev, *nv;
	size_t		 i, ncap;
	int		 wake = 0;
	char		 c = 1;

	bus_stamp(&e);
	pthread_mutex_lock(&side_lock);
	if (e.type == EV_TFTP_PROGRESS) {
		for (i = side_len; i > 0; i--) {
			struct ev *q = &side[i - 1];
			if (q->u.tftp.xfer != e.u.tftp.xfer)
				continue;
			if (q->type == EV_TFTP_PROGRESS) {
				*q = e;
				side_coalesced++;
				pthread_mutex_unlock(&side_lock);
				return;
			}
			break;	/* never past its own lifecycle events */
		}
	}
	if (side_len == side_cap) {
		ncap = side_cap ? side_cap * 2 : BUS_INITIAL_QUEUE;
		if ((nv = reallocarray(side, ncap, sizeof *side)) == NULL) {
			side_dropped++;
			pthread_mutex_unlock(&side_lock);
			return;
		}
		side = nv;
		side_cap = ncap;
	}
	side[side_len++] = e;
	wake = side_len == 1;
	pthread_mutex_unlock(&side_lock);
	if (wake)
		if (write(side_pipe[1], &c, 1) < 0) {
			/* full: a wake is already due */
		}
}

/*
 * The owner's loop: the pipe first, then the queue, so a post that lands
 * after the swap finds the queue empty and writes a fresh byte.
 */
static void
bus_side_cb(int fd, short revents, void *arg)
{
	char		 buf[64];
	struct ev	*batch;
	size_t		 n, i;

	(void)revents;
	(void)arg;
	while (read(fd, buf, sizeof buf) > 0)
		;
	pthread_mutex_lock(&side_lock);
	batch = side;
	n = side_len;
	side = NULL;
	side_len = side_cap = 0;
	pthread_mutex_unlock(&side_lock);
	for (i = 0; i < n; i++)
		bus_post(&batch[i]);
	free(batch);
}

int
bus_threads_start(struct loop *l)
{
	if (bus_threaded) {
		bus_thread_users++;
		return (0);
	}
	if (pipe2(side_pipe, O_NONBLOCK | O_CLOEXEC) == -1)
		return (-1);
	if (loop_add_fd(l, side_pipe[0], POLLIN, bus_side_cb, NULL) == -1) {
		close(side_pipe[0]);
		close(side_pipe[1]);
		side_pipe[0] = side_pipe[1] = -1;
		errno = EBUSY;
		return (-1);
	}
	side_loop = l;
	bus_owner = pthread_self();
	bus_threaded = 1;
	bus_thread_users = 1;
	return (0);
}

void
bus_threads_flush(void)
{
	if (bus_threaded && pthread_equal(pthread_self(), bus_owner))
		bus_side_cb(side_pipe[0], POLLIN, NULL);
}

void
bus_threads_stop(void)
{
	if (!bus_threaded || --bus_thread_users > 0)
		return;
	bus_side_cb(side_pipe[0], POLLIN, NULL);	/* what is left */
	loop_del_fd(side_loop, side_pipe[0]);
	close(side_pipe[0]);
	close(side_pipe[1]);
	side_pipe[0] = side_pipe[1] = -1;
	side_loop = NULL;
	bus_threaded = 0;
	free(side);
	side = NULL;
	side_len = side_cap = 0;
}

uint64_t
bus_side_dropped(void)
{
	uint64_t	 n;

	pthread_mutex_lock(&side_lock);
	n = side_dropped;
	pthread_mutex_unlock(&side_lock);
	return (n);
}

void
bus_notice(const char *code, enum ev_level level, const char *mac,
    const char *file, const char *fmt, ...)
{
	struct ev	 ev;
	char		 text[EV_TEXT_LEN];
	va_list		 ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	ev_notice_fill(&ev, code, level, mac, file, "%s", text);
	bus_post(&ev);
}

struct bus_sink *
bus_subscribe(uint32_t mask, bus_sink_cb *cb, void *arg)
{
	struct bus_sink	*s;

	s = xcalloc(1, sizeof *s);
	s->mask = mask;
	s->cb = cb;
	s->arg = arg;
	s->from_seq = dispatching ? dispatch_seq + 1 : 0;
	TAILQ_INSERT_TAIL(&sinks, s, entry);
	return (s);
}

void
bus_unsubscribe(struct bus_sink *s)
{
	if (s == NULL)
		return;
	if (dispatching) {
		s->dead = 1;
		return;
	}
	TAILQ_REMOVE(&sinks, s, entry);
	free(s);
}

static void
bus_reap(void)
{
	struct bus_sink	*s, *t;

	TAILQ_FOREACH_SAFE(s, &sinks, entry, t) {
		if (s->dead) {
			TAILQ_REMOVE(&sinks, s, entry);
			free(s);
		}
	}
}

void
bus_set_annotate(void (*fn)(struct ev *, void *), void *arg)
{
	annotate = fn;
	annotate_arg = arg;
}

size_t
bus_dispatch(void)
{
	struct bus_sink	*s;
	struct ev	 ev;
	size_t		 n = 0;

	if (dispatching)
		return (0);	/* a sink called us: the outer pass delivers */
	dispatching = 1;
	while (qhead < qlen) {
		/* Copy out: a sink may post and grow (move) the queue. */
		ev = queue[qhead++];
		dispatch_seq = ev.seq;
		if (annotate != NULL)
			annotate(&ev, annotate_arg);
		TAILQ_FOREACH(s, &sinks, entry) {
			if (s->dead || ev.seq < s->from_seq ||
			    (s->mask & EV_MASK(ev.type)) == 0)
				continue;
			s->cb(&ev, s->arg);
		}
		n++;
	}
	qhead = qlen = 0;
	dispatching = 0;
	bus_reap();
	return (n);
}

size_t
bus_pending(void)
{
	return (qlen - qhead);
}

uint64_t
bus_coalesced(void)
{
	uint64_t	 n;

	pthread_mutex_lock(&side_lock);
	n = side_coalesced;
	pthread_mutex_unlock(&side_lock);
	return (ncoalesced + n);
}

void
bus_reset(void)
{
	struct bus_sink	*s;

	while ((s = TAILQ_FIRST(&sinks)) != NULL) {
		TAILQ_REMOVE(&sinks, s, entry);
		free(s);
	}
	free(queue);
	queue = NULL;
	qhead = qlen = qcap = 0;
	ncoalesced = 0;
	annotate = NULL;
	annotate_arg = NULL;
	pthread_mutex_lock(&side_lock);
	side_coalesced = side_dropped = 0;
	pthread_mutex_unlock(&side_lock);
	dispatching = 0;
}

void
bus_dispatch_hook(void *arg)
{
	(void)arg;
	bus_dispatch();
}
