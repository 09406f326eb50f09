/*
 * The poll(2) reactor: a table of watched fds, a sorted list of embedded
 * timers, a self-pipe for signals, and post-turn hooks.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "log.h"
#include "loop.h"
#include "tunables.h"
#include "xmalloc.h"

struct loop_fd {
	int		 fd;		/* -1: deleted, slot compacted after the turn */
	short		 events;
	loop_fd_cb	*cb;
	void		*arg;
};

struct loop_hook {
	loop_hook_cb	*cb;
	void		*arg;
};

#define LOOP_NSIG	65

struct loop {
	struct loop_fd		*fds;
	size_t			 nfds, capfds;
	struct pollfd		*pfds;
	size_t			 cappfds;
	int			 dirty;		/* a slot was deleted */

	TAILQ_HEAD(loop_timer_head_, loop_timer) timers;
	uint64_t		 timer_seq;

	struct loop_hook	*hooks;
	size_t			 nhooks;

	loop_signal_cb		*sigcb[LOOP_NSIG];
	void			*sigarg[LOOP_NSIG];
	int			 sigcaught[LOOP_NSIG];

	int			 stop;
	int			 stop_signal;
};

/* The self-pipe is process-wide: a signal handler cannot know the loop. */
static int	 sigpipe_fds[2] = { -1, -1 };
static struct loop *sig_loop;

static void	 loop_signal_handler(int);
static void	 loop_signal_read(int, short, void *);
static void	 loop_compact(struct loop *);

struct loop *
loop_new(void)
{
	struct loop	*l;

	l = xcalloc(1, sizeof *l);
	TAILQ_INIT(&l->timers);
	return (l);
}

void
loop_free(struct loop *l)
{
	int	 i;

	if (l == NULL)
		return;
	for (i = 1; i < LOOP_NSIG; i++) {
		if (l->sigcaught[i])
			signal(i, SIG_DFL);
	}
	if (sig_loop == l) {
		close(sigpipe_fds[0]);
		close(sigpipe_fds[1]);
		sigpipe_fds[0] = sigpipe_fds[1] = -1;
		sig_loop = NULL;
	}
	free(l->fds);
	free(l->pfds);
	free(l->hooks);
	free(l);
}

static struct loop_fd *
loop_find(const struct loop *l, int fd)
{
	size_t	 i;

	for (i = 0; i < l->nfds; i++) {
		if (l->fds[i].fd == fd)
			return (&l->fds[i]);
	}
	return (NULL);
}

int
loop_add_fd(struct loop *l, int fd, short events, loop_fd_cb *cb, void *arg)
{
	struct loop_fd	*e;

	if (fd < 0 || loop_find(l, fd) != NULL)
		return (-1);
	if (l->nfds == l->capfds) {
		l->capfds = l->capfds ? l->capfds * 2 : 16;
		l->fds = xreallocarray(l->fds, l->capfds, sizeof *l->fds);
	}
	e = &l->fds[l->nfds++];
	e->fd = fd;
	e->events = events;
	e->cb = cb;
	e->arg = arg;
	return (0);
}

int
loop_set_events(struct loop *l, int fd, short events)
{
	struct loop_fd	*e;

	if ((e = loop_find(l, fd)) == NULL)
		return (-1);
	e->events = events;
	return (0);
}

void
loop_del_fd(struct loop *l, int fd)
{
	struct loop_fd	*e;

	if (fd < 0 || (e = loop_find(l, fd)) == NULL)
		return;
	/* Never move slots here: a turn may be walking the table. */
	e->fd = -1;
	e->cb = NULL;
	l->dirty = 1;
}

size_t
loop_fd_count(const struct loop *l)
{
	size_t	 i, n = 0;

	for (i = 0; i < l->nfds; i++)
		n += l->fds[i].fd >= 0;
	return (n);
}

/* Drop deleted slots, keeping the order of the rest. */
static void
loop_compact(struct loop *l)
{
	size_t	 i, j = 0;

	for (i = 0; i < l->nfds; i++) {
		if (l->fds[i].fd >= 0)
			l->fds[j++] = l->fds[i];
	}
	l->nfds = j;
	l->dirty = 0;
}

void
loop_timer_set(struct loop *l, struct loop_timer *t, uint64_t deadline,
    void (*cb)(void *), void *arg)
{
	struct loop_timer	*it;

	loop_timer_cancel(l, t);
	t->deadline = deadline;
	t->cb = cb;
	t->arg = arg;
	t->seq = l->timer_seq++;
	t->armed = 1;
	/* Sorted by deadline; equal deadlines fire in arming order. */
	TAILQ_FOREACH_REVERSE(it, &l->timers, loop_timer_head_, entry) {
		if (it->deadline <= deadline)
			break;
	}
	if (it == NULL)
		TAILQ_INSERT_HEAD(&l->timers, t, entry);
	else
		TAILQ_INSERT_AFTER(&l->timers, it, t, entry);
}

void
loop_timer_cancel(struct loop *l, struct loop_timer *t)
{
	if (!t->armed)
		return;
	TAILQ_REMOVE(&l->timers, t, entry);
	t->armed = 0;
}

static void
loop_signal_handler(int signo)
{
	unsigned char	 c = (unsigned char)signo;
	int		 saved = errno;

	if (sigpipe_fds[1] != -1)
		if (write(sigpipe_fds[1], &c, 1) < 0) {
			/* full: the loop has wakes enough to read */
		}
	errno = saved;
}

static void
loop_signal_read(int fd, short revents, void *arg)
{
	struct loop	*l = arg;
	unsigned char	 buf[32];
	ssize_t		 n, i;

	while ((n = read(fd, buf, sizeof buf)) > 0) {
		for (i = 0; i < n; i++) {
			int signo = buf[i];
			if (signo <= 0 || signo >= LOOP_NSIG)
				continue;
			if (l->sigcb[signo] != NULL)
				l->sigcb[signo](signo, l->sigarg[signo]);
			else {
				l->stop_signal = signo;
				loop_break(l);
			}
		}
	}
}

static int
set_nonblock_cloexec(int fd)
{
	int	 fl = fcntl(fd, F_GETFL);

	if (fl == -1 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1)
		return (-1);
	return (fcntl(fd, F_SETFD, FD_CLOEXEC));
}

int
loop_catch_signal(struct loop *l, int signo, loop_signal_cb *cb, void *arg)
{
	struct sigaction	 sa;

	if (signo <= 0 || signo >= LOOP_NSIG)
		return (-1);
	if (sig_loop == NULL) {
		if (pipe(sigpipe_fds) == -1)
			return (-1);
		if (set_nonblock_cloexec(sigpipe_fds[0]) == -1 ||
		    set_nonblock_cloexec(sigpipe_fds[1]) == -1)
			return (-1);
		sig_loop = l;
		loop_add_fd(l, sigpipe_fds[0], POLLIN, loop_signal_read, l);
		signal(SIGPIPE, SIG_IGN);
	} else if (sig_loop != l)
		return (-1);
	l->sigcb[signo] = cb;
	l->sigarg[signo] = arg;
	l->sigcaught[signo] = 1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = loop_signal_handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	return (sigaction(signo, &sa, NULL));
}

/*
 * The signals whose default action ends the process and that a handler
 * may catch, less the synchronous faults (SIGSEGV, SIGBUS, SIGFPE,
 * SIGILL, SIGTRAP, SIGABRT, SIGSYS: the program's own bug or a filter's
 * verdict, where running cleanup code is unsafe) and SIGPIPE (ignored: a
 * closed socket is an error return) and SIGXFSZ (ignored: a write past
 * the file size limit then fails with EFBIG and is reported).  The
 * real-time signals end a process by default too.
 */
static const int loop_stop_signals[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM,
	SIGVTALRM, SIGPROF, SIGIO, SIGXCPU,
#ifdef SIGPWR
	SIGPWR,
#endif
#ifdef SIGSTKFLT
	SIGSTKFLT,
#endif
};

static int
loop_is_stop_signal(int signo)
{
	size_t	 i;

	for (i = 0; i < sizeof loop_stop_signals / sizeof loop_stop_signals[0];
	    i++) {
		if (loop_stop_signals[i] == signo)
			return (1);
	}
#ifdef SIGRTMIN
	if (signo >= SIGRTMIN && signo <= SIGRTMAX)
		return (1);
#endif
	return (0);
}

int
loop_catch_stop_signals(struct loop *l)
{
	int	 signo, rc = 0;

	for (signo = 1; signo < LOOP_NSIG; signo++) {
		if (loop_is_stop_signal(signo) &&
		    loop_catch_signal(l, signo, NULL, NULL) != 0)
			rc = -1;
	}
	signal(SIGXFSZ, SIG_IGN);
	return (rc);
}

void
loop_signals_forked(int ignore)
{
	int	 signo;

	for (signo = 1; signo < LOOP_NSIG; signo++) {
		if (loop_is_stop_signal(signo) ||
		    (sig_loop != NULL && sig_loop->sigcaught[signo]))
			signal(signo, ignore ? SIG_IGN : SIG_DFL);
	}
	if (sigpipe_fds[0] != -1) {
		close(sigpipe_fds[0]);
		close(sigpipe_fds[1]);
		sigpipe_fds[0] = sigpipe_fds[1] = -1;
	}
	sig_loop = NULL;
}

const char *
loop_signal_name(int signo)
{
	static __thread char buf[16];

	switch (signo) {
	case SIGHUP:	return ("SIGHUP");
	case SIGINT:	return ("SIGINT");
	case SIGQUIT:	return ("SIGQUIT");
	case SIGTERM:	return ("SIGTERM");
	case SIGUSR1:	return ("SIGUSR1");
	case SIGUSR2:	return ("SIGUSR2");
	case SIGALRM:	return ("SIGALRM");
	case SIGVTALRM:	return ("SIGVTALRM");
	case SIGPROF:	return ("SIGPROF");
	case SIGIO:	return ("SIGIO");
	case SIGXCPU:	return ("SIGXCPU");
#ifdef SIGPWR
	case SIGPWR:	return ("SIGPWR");
#endif
#ifdef SIGSTKFLT
	case SIGSTKFLT:	return ("SIGSTKFLT");
#endif
	}
#ifdef SIGRTMIN
	if (signo >= SIGRTMIN && signo <= SIGRTMAX) {
		if (signo == SIGRTMIN)
			return ("SIGRTMIN");
		if (signo == SIGRTMAX)
			return ("SIGRTMAX");
		snprintf(buf, sizeof buf, "SIGRTMIN+%d", signo - SIGRTMIN);
		return (buf);
	}
#endif
	snprintf(buf, sizeof buf, "signal %d", signo);
	return (buf);
}

void
loop_add_post_hook(struct loop *l, loop_hook_cb *cb, void *arg)
{
	l->hooks = xreallocarray(l->hooks, l->nhooks + 1, sizeof *l->hooks);
	l->hooks[l->nhooks].cb = cb;
	l->hooks[l->nhooks].arg = arg;
	l->nhooks++;
}

/* Milliseconds until the first timer, capped by max_wait (-1: no cap). */
static int
loop_timeout(struct loop *l, int max_wait)
{
	struct loop_timer	*t = TAILQ_FIRST(&l->timers);
	uint64_t		 now, wait;

	if (t == NULL)
		return (max_wait < 0 ? LOOP_MAX_WAIT_MS : max_wait);
	now = clock_now_ms();
	wait = t->deadline > now ? t->deadline - now : 0;
	if (wait > LOOP_MAX_WAIT_MS)
		wait = LOOP_MAX_WAIT_MS;
	if (max_wait >= 0 && wait > (uint64_t)max_wait)
		wait = (uint64_t)max_wait;
	return ((int)wait);
}

/* Fire every timer whose deadline has passed, in deadline order. */
static int
loop_run_timers(struct loop *l)
{
	struct loop_timer	*t;
	uint64_t		 now = clock_now_ms(), limit = l->timer_seq;
	int			 ran = 0;

	/*
	 * A callback may re-arm its own or any other timer; only timers armed
	 * before this pass (seq < limit) fire now, so a zero-delay re-arm
	 * cannot spin the loop.
	 */
	while ((t = TAILQ_FIRST(&l->timers)) != NULL && t->deadline <= now) {
		struct loop_timer *it = t;
		while (it != NULL && it->deadline <= now && it->seq >= limit)
			it = TAILQ_NEXT(it, entry);
		if (it == NULL || it->deadline > now)
			break;
		TAILQ_REMOVE(&l->timers, it, entry);
		it->armed = 0;
		it->cb(it->arg);
		ran++;
	}
	return (ran);
}

int
loop_run_once(struct loop *l, int max_wait)
{
	size_t	 i, n;
	int	 rc, ran = 0;

	if (l->dirty)
		loop_compact(l);
	n = l->nfds;
	if (n > l->cappfds) {
		l->cappfds = n;
		l->pfds = xreallocarray(l->pfds, n, sizeof *l->pfds);
	}
	for (i = 0; i < n; i++) {
		l->pfds[i].fd = l->fds[i].fd;
		l->pfds[i].events = l->fds[i].events;
		l->pfds[i].revents = 0;
	}
	rc = poll(l->pfds, n, loop_timeout(l, max_wait));
	if (rc == -1 && errno != EINTR) {
		log_warn("poll");
		return (-1);
	}
	/* Slots only grow at the end during a turn; deleted ones have cb NULL. */
	for (i = 0; rc > 0 && i < n; i++) {
		struct loop_fd *e = &l->fds[i];
		if (l->pfds[i].revents == 0 || e->fd != l->pfds[i].fd ||
		    e->cb == NULL)
			continue;
		e->cb(e->fd, l->pfds[i].revents, e->arg);
		ran++;
		e = NULL;	/* the table may have been reallocated */
	}
	ran += loop_run_timers(l);
	for (i = 0; i < l->nhooks; i++)
		l->hooks[i].cb(l->hooks[i].arg);
	return (ran);
}

int
loop_run(struct loop *l)
{
	l->stop = 0;
	while (!l->stop) {
		if (loop_run_once(l, -1) == -1)
			break;
	}
	return (l->stop_signal);
}

void
loop_break(struct loop *l)
{
	l->stop = 1;
}

int
loop_stopping(const struct loop *l)
{
	return (l->stop);
}
