/*
 * bus.h: the event bus between engines and sinks (UI, JSON/text printers,
 * tests).  Engines call bus_post(), which only copies the event into a
 * queue; the loop calls bus_dispatch() after I/O, so an engine never
 * re-enters a sink (or itself) from inside a packet handler.
 *
 * Rules (after tmux's events.c):
 *  - events are delivered in posting order;
 *  - EV_TFTP_PROGRESS events still queued for the same transfer are
 *    coalesced: only the newest is kept, in the place of the oldest;
 *  - every other event is kept: the queue grows rather than drop one;
 *  - a sink unsubscribed during dispatch gets nothing more and is freed
 *    after dispatch; a sink subscribed during dispatch starts with the
 *    next event.
 *
 * The bus is process-wide (one per program, like the loop's self-pipe),
 * and belongs to one thread.  Other threads may bus_post() once
 * bus_threads_start() has run on the owner: their events wait in a side
 * queue under a lock until the owner's loop takes them, in posting order.
 */
#ifndef CORE_BUS_H
#define CORE_BUS_H

#include <stddef.h>
#include <stdint.h>

#include "ev.h"

struct loop;

struct bus_sink;
typedef void	bus_sink_cb(const struct ev *, void *);

void		 bus_post(const struct ev *);
/* Post an EV_NOTICE (see ev_notice_fill for the arguments). */
void		 bus_notice(const char *, enum ev_level, const char *,
		     const char *, const char *, ...)
		     __attribute__((format(printf, 5, 6)));
struct bus_sink	*bus_subscribe(uint32_t, bus_sink_cb *, void *);
/*
 * One hook sees every event first, on the owner's thread, before any sink,
 * and may fill in what its poster could not know (the phone tracker names
 * the phone behind a transfer).  NULL: none.
 */
void		 bus_set_annotate(void (*)(struct ev *, void *), void *);
void		 bus_unsubscribe(struct bus_sink *);
/* Deliver everything queued; returns the number of events delivered. */
size_t		 bus_dispatch(void);
size_t		 bus_pending(void);
uint64_t	 bus_coalesced(void);
/* Drop every queued event and sink (tests, and program exit). */
void		 bus_reset(void);
/*
 * Let other threads post: the calling thread owns the bus and l (its loop)
 * wakes when they do.  Stop after those threads are gone: what they left
 * is moved to the queue.  Counted: each start has its stop (the TFTP
 * group and HTTP each start it), the last stop ends it.
 */
int		 bus_threads_start(struct loop *);
void		 bus_threads_stop(void);
/*
 * On the owner: move what other threads posted so far into the queue now,
 * so an event the owner posts next comes after them (HTTP's progress,
 * after the start a connection thread posted).
 */
void		 bus_threads_flush(void);
/* Events other threads could not queue (out of memory). */
uint64_t	 bus_side_dropped(void);
/* loop_add_post_hook-compatible wrapper around bus_dispatch(). */
void		 bus_dispatch_hook(void *);

#endif /* CORE_BUS_H */
