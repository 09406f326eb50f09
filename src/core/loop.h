/*
 * loop.h: the one poll(2) reactor every engine and the UI run on.
 *
 * The loop owns no engine state.  Owners register file descriptors with a
 * callback and embed struct loop_timer in their own structs (tftpd's
 * "struct event" inside each client).  Signals arrive through a self-pipe,
 * so callbacks never run in signal context.  One turn of the loop:
 *
 *	poll (timeout = earliest timer) -> fd callbacks -> expired timers ->
 *	post hooks (bus_dispatch, then the UI's redraw-if-dirty)
 *
 * Typical use:
 *	struct loop *l = loop_new();
 *	loop_add_fd(l, sock, POLLIN, on_read, ctx);
 *	loop_timer_set(l, &ctx->timer, clock_now_ms() + 500, on_timeout, ctx);
 *	loop_catch_signal(l, SIGINT, NULL, NULL);	(NULL: stop the loop)
 *	loop_run(l);
 *	loop_free(l);
 *
 * Nothing here blocks except poll itself; an idle program sleeps there.
 */
#ifndef CORE_LOOP_H
#define CORE_LOOP_H

#include <poll.h>
#include <stdint.h>

#include "queue.h"

struct loop;

/* Embedded in its owner; needs no allocation.  Zero-initialise before use. */
struct loop_timer {
	uint64_t		 deadline;	/* ms, clock_now_ms() scale */
	void			(*cb)(void *);
	void			*arg;
	int			 armed;
	uint64_t		 seq;		/* ties break in arming order */
	TAILQ_ENTRY(loop_timer)	 entry;
};

typedef void	loop_fd_cb(int fd, short revents, void *arg);
typedef void	loop_signal_cb(int signo, void *arg);
typedef void	loop_hook_cb(void *arg);

struct loop	*loop_new(void);
void		 loop_free(struct loop *);

/* Watch fd for events (POLLIN/POLLOUT); -1 if fd is already watched. */
int		 loop_add_fd(struct loop *, int, short, loop_fd_cb *, void *);
/* Change the events an fd is watched for. */
int		 loop_set_events(struct loop *, int, short);
/* Stop watching fd; safe from inside any callback, including its own. */
void		 loop_del_fd(struct loop *, int);
size_t		 loop_fd_count(const struct loop *);

/* Arm (or re-arm: the old deadline is replaced) a timer at an absolute time. */
void		 loop_timer_set(struct loop *, struct loop_timer *, uint64_t,
		     void (*)(void *), void *);
/* Disarm; safe on an unarmed timer and from inside any callback. */
void		 loop_timer_cancel(struct loop *, struct loop_timer *);

/*
 * Deliver signo through the self-pipe to cb.  A NULL cb means "stop the
 * loop" (what SIGINT and SIGTERM want).  SIGPIPE is ignored once any signal
 * is caught.
 */
int		 loop_catch_signal(struct loop *, int, loop_signal_cb *, void *);
/*
 * Stop the loop (as SIGTERM does) on every signal whose default would end
 * the process without cleanup: SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1,
 * SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGIO, SIGXCPU, SIGPWR, SIGSTKFLT
 * and the real-time ones; synchronous faults keep their default, SIGPIPE
 * and SIGXFSZ are ignored (the call fails instead).  loop_run() returns
 * the one that came.
 */
int		 loop_catch_stop_signals(struct loop *);
/*
 * In a child after fork(): those signals (and any other the loop caught)
 * back to their default, or ignored, and the self-pipe closed, so a
 * signal to the child never stops the parent's loop.
 */
void		 loop_signals_forked(int);
/* "SIGHUP", "SIGRTMIN+3", ... */
const char	*loop_signal_name(int);
/* Run after every turn, in the order added (bus dispatch, then redraw). */
void		 loop_add_post_hook(struct loop *, loop_hook_cb *, void *);

/*
 * One turn; waits at most max_wait_ms (-1: until the next timer or fd).
 * Returns the number of callbacks run, or -1 if poll failed.
 */
int		 loop_run_once(struct loop *, int);
/* Turn until loop_break(); returns the signal that stopped it, or 0. */
int		 loop_run(struct loop *);
void		 loop_break(struct loop *);
int		 loop_stopping(const struct loop *);

#endif /* CORE_LOOP_H */
