/*
 * --on-event hooks (hook.h): the sink and its per-MAC lanes in the main
 * process, and the runner process that spawns and reaps the hooks.
 */
#include "config.h"

#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "bus.h"
#include "clock.h"
#include "compat.h"
#include "ev.h"
#include "hook.h"
#include "log.h"
#include "loop.h"
#include "queue.h"
#include "sbuf.h"
#include "sink.h"
#include "xmalloc.h"

extern char	**environ;

#define HOOK_MSG_MAX	16384	/* one event's environment */

/* runner -> main: a hook is over. */
struct hook_done {
	uint64_t	 id;
	int32_t		 status;	/* wait status; -1: not started */
	int32_t		 err;		/* errno when not started */
};

struct hook_item {
	uint64_t		 seq;		/* order of arrival */
	char			 kind[24];	/* "phone", "recovered" */
	struct ev		 ev;
	TAILQ_ENTRY(hook_item)	 entry;
};

struct hook_lane {
	char			 mac[EV_MAC_LEN];	/* "" for no MAC */
	uint64_t		 busy;			/* running hook's id, 0 */
	TAILQ_HEAD(, hook_item)	 items;
	TAILQ_ENTRY(hook_lane)	 entry;
};

/*
 * A phone's last `phone` event, handed to the hook as "recovered" when the
 * tracker says the phone is back up (its `recovered` notice): the tracker
 * alone decides that, the hook only carries the phone's fields.
 */
struct hook_phone {
	struct ev		 last;
	int			 recovered;
};
#define HOOK_MAX_PHONES	1024	/* past that, "recovered" carries the notice */

struct hook {
	struct loop		*loop;
	struct bus_sink		*sink;
	int			 fd;
	pid_t			 runner;
	int			 dead;		/* the runner is gone */
	uint32_t		 mask;
	size_t			 queue_max, waiting, running;
	uint64_t		 next_id, next_seq;
	uint64_t		 queued, run, failed, dropped;
	uint64_t		 said_dropped, said_at;
	int			 said_failed;
	TAILQ_HEAD(, hook_lane)	 lanes;
	struct hook_phone	*up;	/* phones seen: last event, recovered */
	size_t			 nup, capup;
};

static const char *const kind_names[] = {
	"log", "ready", "stop", "phone", "dhcp_lease", "dhcp_server_seen",
	"tftp_start", "tftp_progress", "tftp_done", "tftp_error", "notice",
	"fw_import",
};

static void	 hook_sink(const struct ev *, void *);
static void	 hook_read(int, short, void *);
static void	 hook_schedule(struct hook *);
static void	 runner_main(int, const char *, int) __attribute__((noreturn));
static uint64_t	 mono_ms(void);

int
hook_kinds_parse(const char *s, uint32_t *mask, char *err, size_t errlen)
{
	char		 buf[512], *p, *tok, *save = NULL;
	size_t		 i;

	*mask = 0;
	if (strlcpy(buf, s, sizeof buf) >= sizeof buf) {
		snprintf(err, errlen, "--on-event-kinds: too long");
		return (-1);
	}
	for (p = buf; (tok = strtok_r(p, ", ", &save)) != NULL; p = NULL) {
		if (strcasecmp(tok, "all") == 0) {
			*mask |= (EV_MASK_ALL & ~EV_MASK(EV_LOG)) |
			    HOOK_KIND_RECOVERED;
			continue;
		}
		if (strcasecmp(tok, "recovered") == 0) {
			*mask |= HOOK_KIND_RECOVERED;
			continue;
		}
		for (i = 0; i < sizeof kind_names / sizeof kind_names[0]; i++)
			if (strcasecmp(tok, kind_names[i]) == 0 &&
			    i != EV_LOG)
				break;
		if (i == sizeof kind_names / sizeof kind_names[0]) {
			snprintf(err, errlen, "--on-event-kinds: no event "
			    "kind %s (recovered, all, or an event name: phone, "
			    "dhcp_lease, tftp_done, notice ...)", tok);
			return (-1);
		}
		*mask |= EV_MASK(i);
	}
	if (*mask == 0) {
		snprintf(err, errlen, "--on-event-kinds: no kind named");
		return (-1);
	}
	return (0);
}

/* ------------------------------------------------------------------ */
/* The message: one event as "KEY=VALUE" strings. */


static void
env_add(struct sbuf *s, const char *key, const char *val)
{
	const char	*k;

	sbuf_adds(s, "PHONERESCUE_");
	for (k = key; *k != '\0'; k++)
		sbuf_addc(s, (*k >= 'a' && *k <= 'z') ? (char)(*k - 32) :
		    (*k == '-' ? '_' : *k));
	sbuf_addc(s, '=');
	sbuf_adds(s, val);
	sbuf_add(s, "", 1);	/* the NUL between strings */
}

static void
env_str(void *arg, const char *key, const char *val)
{
	env_add(arg, key, val);
}

static void
env_num(void *arg, const char *key, uint64_t val)
{
	char	 b[32];

	snprintf(b, sizeof b, "%" PRIu64, val);
	env_add(arg, key, b);
}

static void
env_real(void *arg, const char *key, double val)
{
	char	 b[64];

	snprintf(b, sizeof b, "%.3f", val);
	env_add(arg, key, b);
}

static void
env_bool(void *arg, const char *key, int val)
{
	env_add(arg, key, val ? "1" : "0");
}

/* id, then the NUL-separated strings. */
static void
hook_message(struct sbuf *s, uint64_t id, const struct hook_item *it)
{
	struct ev_visitor	 v = {
		.str = env_str, .num = env_num, .real = env_real,
		.boolean = env_bool, .arg = s,
	};
	char			 b[40];

	sbuf_add(s, (const char *)&id, sizeof id);
	env_add(s, "event", it->kind);
	sink_rfc3339(b, sizeof b, it->ev.wall_ms);
	env_add(s, "time", b);
	snprintf(b, sizeof b, "%" PRIu64, it->ev.seq);
	env_add(s, "seq", b);
	ev_visit(&it->ev, &v);
}

/* ------------------------------------------------------------------ */
/* Main side. */

/* The MAC an event is about, or "". */
static const char *
ev_mac(const struct ev *e)
{
	switch (e->type) {
	case EV_PHONE:
		return (e->u.phone.mac);
	case EV_DHCP_LEASE:
		return (e->u.lease.mac);
	case EV_TFTP_START:
	case EV_TFTP_PROGRESS:
	case EV_TFTP_DONE:
	case EV_TFTP_ERROR:
		return (e->u.tftp.mac);
	case EV_NOTICE:
		return (e->u.notice.mac);
	default:
		return ("");
	}
}

static struct hook_lane *
hook_lane(struct hook *h, const char *mac)
{
	struct hook_lane	*l;

	TAILQ_FOREACH(l, &h->lanes, entry) {
		if (strcmp(l->mac, mac) == 0)
			return (l);
	}
	l = xcalloc(1, sizeof *l);
	strlcpy(l->mac, mac, sizeof l->mac);
	TAILQ_INIT(&l->items);
	TAILQ_INSERT_TAIL(&h->lanes, l, entry);
	return (l);
}

/* Say the drops, at most every HOOK_NOTICE_MS. */
static void
hook_say_dropped(struct hook *h, int now)
{
	uint64_t	 t = clock_now_ms();

	if (h->dropped == h->said_dropped)
		return;
	if (!now && h->said_at != 0 && t - h->said_at < HOOK_NOTICE_MS)
		return;
	h->said_at = t;
	h->said_dropped = h->dropped;
	bus_notice("hook_dropped", EV_WARN, NULL, NULL, "%" PRIu64 " event%s "
	    "not given to the --on-event hook: %s", h->dropped,
	    h->dropped == 1 ? "" : "s", h->dead ? "its runner is gone" :
	    "its queue was full (hooks slower than events)");
}

static void
hook_enqueue(struct hook *h, const char *kind, const struct ev *e)
{
	struct hook_item	*it;
	struct hook_lane	*l;

	if (h->dead || h->waiting >= h->queue_max) {
		h->dropped++;
		hook_say_dropped(h, 0);
		return;
	}
	l = hook_lane(h, ev_mac(e));
	it = xcalloc(1, sizeof *it);
	it->seq = ++h->next_seq;
	strlcpy(it->kind, kind, sizeof it->kind);
	it->ev = *e;
	TAILQ_INSERT_TAIL(&l->items, it, entry);
	h->waiting++;
	h->queued++;
}

/* The phone record for MAC, made when `make` and there is room. */
static struct hook_phone *
hook_phone(struct hook *h, const char *mac, int make)
{
	size_t	 i;

	for (i = 0; i < h->nup; i++)
		if (strcmp(ev_mac(&h->up[i].last), mac) == 0)
			return (&h->up[i]);
	if (!make || h->nup == HOOK_MAX_PHONES)
		return (NULL);
	if (h->nup == h->capup) {
		h->capup = h->capup ? h->capup * 2 : 16;
		h->up = xreallocarray(h->up, h->capup, sizeof *h->up);
	}
	memset(&h->up[h->nup], 0, sizeof h->up[h->nup]);
	return (&h->up[h->nup++]);
}

/*
 * "recovered": once per phone, when the tracker's `recovered` notice comes,
 * with the fields of the phone's last `phone` event (the notice's own when
 * none was seen).
 */
static void
hook_recovered(struct hook *h, const struct ev *e)
{
	struct hook_phone	*p;

	if (e->type == EV_PHONE) {
		if ((p = hook_phone(h, e->u.phone.mac, 1)) != NULL)
			p->last = *e;
		return;
	}
	if (e->type != EV_NOTICE || strcmp(e->u.notice.code, "recovered") != 0 ||
	    e->u.notice.mac[0] == '\0')
		return;
	p = hook_phone(h, e->u.notice.mac, 0);
	if (p != NULL && p->recovered)
		return;
	if (p != NULL)
		p->recovered = 1;
	hook_enqueue(h, "recovered", p != NULL ? &p->last : e);
}

static void
hook_sink(const struct ev *e, void *arg)
{
	struct hook	*h = arg;

	if (h->mask & EV_MASK(e->type))
		hook_enqueue(h, ev_name(e->type), e);
	if (h->mask & HOOK_KIND_RECOVERED)
		hook_recovered(h, e);
	hook_schedule(h);
}

/* Send the oldest waiting event of every idle lane, oldest first. */
static void
hook_schedule(struct hook *h)
{
	struct hook_lane	*l, *best;
	struct hook_item	*it;
	struct sbuf		 m;
	uint64_t		 id;

	while (!h->dead && h->running < HOOK_MAX_RUNNING) {
		best = NULL;
		TAILQ_FOREACH(l, &h->lanes, entry) {
			if (l->busy != 0 || TAILQ_EMPTY(&l->items))
				continue;
			if (best == NULL || TAILQ_FIRST(&l->items)->seq <
			    TAILQ_FIRST(&best->items)->seq)
				best = l;
		}
		if (best == NULL)
			break;
		it = TAILQ_FIRST(&best->items);
		TAILQ_REMOVE(&best->items, it, entry);
		h->waiting--;
		id = ++h->next_id;
		sbuf_init(&m);
		hook_message(&m, id, it);
		free(it);
		/*
		 * At most HOOK_MAX_RUNNING messages are ever unanswered, far
		 * below the socket's buffer: a full one means a stuck runner.
		 */
		if (m.len > HOOK_MSG_MAX || send(h->fd, m.buf, m.len,
		    MSG_DONTWAIT | MSG_NOSIGNAL) != (ssize_t)m.len) {
			log_warnx("--on-event: could not hand an event to "
			    "the runner: %s", m.len > HOOK_MSG_MAX ?
			    "too large" : strerror(errno));
			h->dropped++;
			sbuf_free(&m);
			hook_say_dropped(h, 0);
			continue;
		}
		sbuf_free(&m);
		best->busy = id;
		h->running++;
	}
	/* Idle lanes go (a bench sees many phones in a day). */
	for (l = TAILQ_FIRST(&h->lanes); l != NULL; l = best) {
		best = TAILQ_NEXT(l, entry);
		if (l->busy == 0 && TAILQ_EMPTY(&l->items)) {
			TAILQ_REMOVE(&h->lanes, l, entry);
			free(l);
		}
	}
}

/* The runner is gone: what waits is dropped, what runs is lost. */
static void
hook_runner_gone(struct hook *h)
{
	struct hook_lane	*l;
	struct hook_item	*it;

	if (h->dead)
		return;
	h->dead = 1;
	loop_del_fd(h->loop, h->fd);
	if (waitpid(h->runner, NULL, WNOHANG) == h->runner)
		h->runner = -1;		/* no zombie until exit */
	TAILQ_FOREACH(l, &h->lanes, entry) {
		while ((it = TAILQ_FIRST(&l->items)) != NULL) {
			TAILQ_REMOVE(&l->items, it, entry);
			free(it);
			h->dropped++;
		}
		l->busy = 0;
	}
	h->waiting = h->running = 0;
	bus_notice("hook_failed", EV_ERROR, NULL, NULL, "the --on-event "
	    "runner is gone: no more hooks run");
	hook_say_dropped(h, 1);
}

static void
hook_read(int fd, short revents, void *arg)
{
	struct hook		*h = arg;
	struct hook_done	 d;
	struct hook_lane	*l;
	ssize_t			 n;

	(void)revents;
	for (;;) {
		n = recv(fd, &d, sizeof d, MSG_DONTWAIT);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
			break;
		if (n != (ssize_t)sizeof d) {
			hook_runner_gone(h);
			return;
		}
		TAILQ_FOREACH(l, &h->lanes, entry) {
			if (l->busy == d.id)
				break;
		}
		if (l == NULL)
			continue;
		l->busy = 0;
		h->running--;
		h->run++;
		if (d.status == -1 || !WIFEXITED(d.status) ||
		    WEXITSTATUS(d.status) != 0) {
			h->failed++;
			if (!h->said_failed) {
				h->said_failed = 1;
				if (d.status == -1)
					bus_notice("hook_failed", EV_WARN, NULL,
					    NULL, "the --on-event hook did not "
					    "start: %s", strerror(d.err));
				else if (WIFEXITED(d.status))
					bus_notice("hook_failed", EV_WARN, NULL,
					    NULL, "the --on-event hook exited "
					    "%d (said once; later failures are "
					    "counted)", WEXITSTATUS(d.status));
				else
					bus_notice("hook_failed", EV_WARN, NULL,
					    NULL, "the --on-event hook was "
					    "killed by signal %d (said once)",
					    WTERMSIG(d.status));
			}
		}
	}
	hook_schedule(h);
}

/*
 * Wait (at most 5 s) for the runner's first word: ready, or why not (then
 * it is reaped and sv closed).  0, or -1 with err.
 */
static int
runner_hello(int fd, pid_t pid, char *err, size_t errlen)
{
	struct pollfd	 pfd = { .fd = fd, .events = POLLIN };
	char		 buf[300];
	ssize_t		 n = -1;
	int		 r;

	while ((r = poll(&pfd, 1, 5000)) == -1 && errno == EINTR)
		;
	if (r == 1)
		n = recv(fd, buf, sizeof buf - 1, 0);
	if (n >= 1 && buf[0] == '\0')
		return (0);
	if (n > 0) {
		buf[n] = '\0';
		snprintf(err, errlen, "--on-event: %s", buf);
	} else
		snprintf(err, errlen, "--on-event: the runner did not start");
	close(fd);
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
		;
	return (-1);
}

struct hook *
hook_start(struct loop *loop, const struct hook_opts *o,
    int (*setup)(void *, char *, size_t), void *arg, char *err, size_t errlen)
{
	struct hook	*h;
	char		 serr[256];
	int		 sv[2];
	pid_t		 pid;

	if (o->cmd == NULL || o->cmd[0] == '\0') {
		snprintf(err, errlen, "--on-event: no command");
		return (NULL);
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1) {
		snprintf(err, errlen, "--on-event: socketpair: %s",
		    strerror(errno));
		return (NULL);
	}
	fflush(NULL);
	if ((pid = fork()) == -1) {
		snprintf(err, errlen, "--on-event: fork: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return (NULL);
	}
	if (pid == 0) {
		close(sv[0]);
		loop_signals_forked(1);
		/* The first message: "" when ready, else why not. */
		serr[0] = '\0';
		if (setup != NULL && setup(arg, serr, sizeof serr) != 0)
			;
		else if (access(o->cmd, X_OK) != 0)
			snprintf(serr, sizeof serr, "%s: %s (as uid %lu)",
			    o->cmd, strerror(errno), (unsigned long)getuid());
		(void)send(sv[1], serr, strlen(serr) + 1, MSG_NOSIGNAL);
		if (serr[0] != '\0')
			_exit(1);
		runner_main(sv[1], o->cmd, o->quiet);
	}
	close(sv[1]);
	if (runner_hello(sv[0], pid, err, errlen) != 0)
		return (NULL);
	h = xcalloc(1, sizeof *h);
	h->loop = loop;
	h->fd = sv[0];
	h->runner = pid;
	h->mask = o->mask;
	h->queue_max = o->queue_max != 0 ? o->queue_max : HOOK_QUEUE_DEFAULT;
	TAILQ_INIT(&h->lanes);
	(void)fcntl(h->fd, F_SETFL, fcntl(h->fd, F_GETFL) | O_NONBLOCK);
	if (loop_add_fd(loop, h->fd, POLLIN, hook_read, h) == -1) {
		snprintf(err, errlen, "--on-event: cannot watch the runner");
		close(h->fd);
		kill(pid, SIGKILL);
		while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
			;
		free(h);
		return (NULL);
	}
	h->sink = bus_subscribe((o->mask & EV_MASK_ALL) | ((o->mask &
	    HOOK_KIND_RECOVERED) ? EV_MASK(EV_PHONE) | EV_MASK(EV_NOTICE) : 0),
	    hook_sink, h);
	return (h);
}

void
hook_stats(const struct hook *h, struct hook_stats *s)
{
	memset(s, 0, sizeof *s);
	if (h == NULL)
		return;
	s->queued = h->queued;
	s->run = h->run;
	s->failed = h->failed;
	s->dropped = h->dropped;
	s->waiting = h->waiting;
	s->running = h->running;
}

void
hook_stop(struct hook *h)
{
	struct hook_lane	*l;
	struct hook_item	*it;
	uint64_t		 until;
	int			 st;

	if (h == NULL)
		return;
	bus_unsubscribe(h->sink);
	/* Run what waits, for a while (real time, even under a fake clock). */
	until = mono_ms() + HOOK_DRAIN_MS;
	while (!h->dead && (h->waiting > 0 || h->running > 0) &&
	    mono_ms() < until) {
		struct pollfd pfd = { .fd = h->fd, .events = POLLIN };
		if (poll(&pfd, 1, (int)(until - mono_ms())) > 0)
			hook_read(h->fd, pfd.revents, h);
	}
	if (!h->dead)
		loop_del_fd(h->loop, h->fd);
	while ((l = TAILQ_FIRST(&h->lanes)) != NULL) {
		while ((it = TAILQ_FIRST(&l->items)) != NULL) {
			TAILQ_REMOVE(&l->items, it, entry);
			free(it);
			h->dropped++;
		}
		TAILQ_REMOVE(&h->lanes, l, entry);
		free(l);
	}
	close(h->fd);		/* the runner sees EOF: grace, then SIGTERM */
	while (h->runner > 0 && waitpid(h->runner, &st, 0) == -1 &&
	    errno == EINTR)
		;
	if (h->dropped > 0) {
		hook_say_dropped(h, 1);
		bus_dispatch();
		log_warnx("--on-event: %" PRIu64 " event%s dropped (queue of "
		    "%zu full)", h->dropped, h->dropped == 1 ? "" : "s",
		    h->queue_max);
	}
	free(h->up);
	free(h);
}

/* ------------------------------------------------------------------ */
/* The runner process. */

struct child {
	pid_t		 pid;
	uint64_t	 id;
	uint64_t	 deadline;	/* then SIGTERM, a second later SIGKILL */
	int		 termed;
};

static uint64_t
mono_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000);
}

/* The runner's environment, less inherited PHONERESCUE_* (but two). */
static char **
base_env(size_t *n)
{
	char	**v;
	size_t	 i, k = 0;

	for (i = 0; environ != NULL && environ[i] != NULL; i++)
		;
	v = xcalloc(i + 1, sizeof *v);
	for (i = 0; environ != NULL && environ[i] != NULL; i++) {
		if (strncmp(environ[i], "PHONERESCUE_", 12) == 0 &&
		    strncmp(environ[i], "PHONERESCUE_ROOT=", 17) != 0 &&
		    strncmp(environ[i], "PHONERESCUE_STATE_DIR=", 22) != 0)
			continue;
		v[k++] = environ[i];
	}
	*n = k;
	return (v);
}

static void
runner_reply(int fd, uint64_t id, int status, int err)
{
	struct hook_done d = { .id = id, .status = status, .err = err };

	(void)send(fd, &d, sizeof d, MSG_NOSIGNAL);
}

/* Spawn cmd for one message; 0, or an errno (already answered). */
static int
runner_spawn(int fd, const char *cmd, char **base, size_t nbase,
    const char *msg, size_t len, struct child *c)
{
	posix_spawnattr_t	 at;
	sigset_t		 none, all;
	char			*argv[2], **envp;
	const char		*p;
	size_t			 n = 0, k;
	uint64_t		 id;
	pid_t			 pid;
	int			 r;

	memcpy(&id, msg, sizeof id);
	for (p = msg + sizeof id; p < msg + len; p += strlen(p) + 1)
		n++;
	envp = xcalloc(nbase + n + 1, sizeof *envp);
	for (k = 0; k < nbase; k++)
		envp[k] = base[k];
	for (p = msg + sizeof id; p < msg + len; p += strlen(p) + 1)
		envp[k++] = (char *)p;
	envp[k] = NULL;
	argv[0] = (char *)cmd;
	argv[1] = NULL;
	sigemptyset(&none);
	sigfillset(&all);
	sigdelset(&all, SIGKILL);
	sigdelset(&all, SIGSTOP);
	posix_spawnattr_init(&at);
	/* Its own group (Ctrl-C is ours to pass on), default signals. */
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK |
	    POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &all);
	posix_spawnattr_setpgroup(&at, 0);
	r = posix_spawn(&pid, cmd, NULL, &at, argv, envp);
	posix_spawnattr_destroy(&at);
	free(envp);
	if (r != 0) {
		runner_reply(fd, id, -1, r);
		return (r);
	}
	c->pid = pid;
	c->id = id;
	c->deadline = mono_ms() + HOOK_TIMEOUT_MS;
	c->termed = 0;
	return (0);
}

/*
 * The runner's own set-up: only the socket (as fd 3) and 0-2 survive,
 * hooks get /dev/null for stdin, the stop signals are ignored and
 * SIGCHLD comes through a signalfd, which is returned.
 */
static int
runner_setup(int fd, int quiet)
{
	sigset_t	 chld;
	int		 sfd, nul;

	if (fd != 3 && dup2(fd, 3) == -1)
		_exit(1);
	(void)close_range(4, ~0U, 0);
	(void)fcntl(3, F_SETFD, FD_CLOEXEC);
	if ((nul = open("/dev/null", O_RDWR)) != -1) {
		(void)dup2(nul, 0);
		if (quiet) {
			(void)dup2(nul, 1);
			(void)dup2(nul, 2);
		} else
			(void)dup2(2, 1);
		if (nul > 2)
			close(nul);
	}
	/* Ours is to wait for the main process's EOF, not the terminal's ^C. */
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	if ((sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK)) == -1)
		_exit(1);
	return (sfd);
}

/*
 * Hooks over time (or, after EOF, over the grace) get their group
 * signalled, SIGTERM then SIGKILL; the poll timeout to the next deadline.
 */
static int
runner_deadlines(struct child *kids, size_t nk, uint64_t eof_at)
{
	uint64_t	 now = mono_ms();
	size_t		 i;
	int		 timeout = -1;

	for (i = 0; i < nk; i++) {
		struct child *c = &kids[i];
		if (eof_at != 0 && !c->termed &&
		    eof_at + HOOK_GRACE_MS < c->deadline)
			c->deadline = eof_at + HOOK_GRACE_MS;
		if (c->deadline <= now) {
			/* Over time (or closing): the whole group. */
			(void)kill(-c->pid, c->termed ? SIGKILL : SIGTERM);
			c->termed = 1;
			c->deadline = now + 1000;
		}
		if (timeout == -1 || c->deadline - now < (uint64_t)timeout)
			timeout = (int)(c->deadline - now);
	}
	return (timeout);
}

/* Reap the hooks that ended, replying for each (until EOF). */
static void
runner_reap(int fd, int sfd, struct child *kids, size_t *nk, uint64_t eof_at)
{
	struct signalfd_siginfo si;
	size_t		 i;
	pid_t		 pid;
	int		 st;

	while (read(sfd, &si, sizeof si) > 0)
		;
	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		for (i = 0; i < *nk && kids[i].pid != pid; i++)
			;
		if (i == *nk)
			continue;
		if (eof_at == 0)
			runner_reply(fd, kids[i].id, st, 0);
		kids[i] = kids[--(*nk)];
	}
}

static void
runner_main(int fd, const char *cmd, int quiet)
{
	struct child	 kids[HOOK_MAX_RUNNING * 2];
	struct pollfd	 pfd[2];
	char		*msg, **base;
	size_t		 nbase, nk = 0;
	uint64_t	 eof_at = 0;
	ssize_t		 n;
	int		 sfd, timeout;

	sfd = runner_setup(fd, quiet);
	fd = 3;
	base = base_env(&nbase);
	msg = xmalloc(HOOK_MSG_MAX + 1);
	memset(kids, 0, sizeof kids);
	for (;;) {
		timeout = runner_deadlines(kids, nk, eof_at);
		if (eof_at != 0 && nk == 0)
			_exit(0);
		pfd[0].fd = eof_at != 0 || nk == sizeof kids / sizeof kids[0] ?
		    -1 : fd;
		pfd[0].events = POLLIN;
		pfd[1].fd = sfd;
		pfd[1].events = POLLIN;
		if (poll(pfd, 2, timeout) == -1 && errno != EINTR)
			_exit(1);
		if (pfd[1].revents & POLLIN)
			runner_reap(fd, sfd, kids, &nk, eof_at);
		if (pfd[0].fd != -1 && (pfd[0].revents & (POLLIN | POLLHUP |
		    POLLERR))) {
			n = recv(fd, msg, HOOK_MSG_MAX, 0);
			if (n == -1 && errno == EINTR)
				continue;
			if (n <= 0) {
				eof_at = mono_ms();
				continue;
			}
			if ((size_t)n <= sizeof(uint64_t))
				continue;
			msg[n] = '\0';
			if (runner_spawn(fd, cmd, base, nbase, msg, (size_t)n,
			    &kids[nk]) == 0)
				nk++;
		}
	}
}
