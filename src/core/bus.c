/* The event bus: a growable queue of events copied by value, and sinks. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bus.h"
#include "clock.h"
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

void
bus_notice(const char *code, const char *level, const char *mac,
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
	return (ncoalesced);
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
	dispatching = 0;
}

void
bus_dispatch_hook(void *arg)
{
	(void)arg;
	bus_dispatch();
}
