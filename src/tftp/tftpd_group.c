/*
 * A group of TFTP servers sharing one port, one per CPU.  A single event
 * loop gets one thread's share of the machine: with 200 clients busy on
 * two cores it is one runnable thread among hundreds, and every client
 * waits on it.  Members are whole servers (tftpd.c, unchanged), each with
 * its own listening socket in one SO_REUSEPORT group, its own transfers,
 * epoll set, timers and open files, so nothing on the packet path is
 * shared or locked; the kernel hashes each client address and port to
 * one member, so a resent RRQ reaches the member running its transfer.
 * Events cross to the bus's thread through bus_post()'s side queue.
 */
#include "config.h"

#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "log.h"
#include "loop.h"
#include "tftp_files.h"
#include "tftpd.h"
#include "tunables.h"
#include "xmalloc.h"

struct tftpd_member {
	struct loop		*loop;		/* the caller's, or its own */
	struct tftp_files	*files;
	struct tftpd		*d;
	int			 threaded;	/* has a loop of its own */
	int			 started;	/* its thread runs */
	pthread_t		 thread;
	int			 stop[2];	/* owner -> worker: stop */
};

struct tftpd_group {
	struct loop		*loop;		/* the caller's */
	unsigned		 n;
	unsigned		 port;
	int			 bus_threads;	/* we started them */
	struct tftpd_peers	*peers;		/* per-address counts, shared */
	struct tftpd_member	 m[TFTP_WORKERS_MAX];
};

/* CPUs this process may run on, at most TFTP_WORKERS_MAX. */
static unsigned
group_auto_size(void)
{
	cpu_set_t	 set;
	int		 n;

	if (sched_getaffinity(0, sizeof set, &set) == 0)
		n = CPU_COUNT(&set);
	else
		n = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return (n > TFTP_WORKERS_MAX ? TFTP_WORKERS_MAX : (unsigned)n);
}

static void
member_stop_cb(int fd, short revents, void *arg)
{
	struct tftpd_member	*m = arg;
	char			 c;

	(void)revents;
	if (read(fd, &c, 1) < 0) {
		/* nothing to drain: the wake is what counts */
	}
	loop_break(m->loop);
}

static void *
member_main(void *arg)
{
	struct tftpd_member	*m = arg;

	(void)loop_run(m->loop);
	return (NULL);
}

/* Free what member_open made (the thread, if any, is already joined). */
static void
member_close(struct tftpd_member *m)
{
	tftpd_free(m->d);
	m->d = NULL;
	if (m->files != NULL)
		m->files->free(m->files);
	m->files = NULL;
	if (m->threaded) {
		if (m->stop[0] != -1) {
			loop_del_fd(m->loop, m->stop[0]);
			close(m->stop[0]);
			close(m->stop[1]);
		}
		loop_free(m->loop);
	}
	m->loop = NULL;
}

/* Open one member's root and server; its thread is started later. */
static int
member_open(struct tftpd_member *m, struct loop *loop, const char *root,
    const struct tftpd_config *cfg, char *err, size_t errlen)
{
	m->stop[0] = m->stop[1] = -1;
	if (loop == NULL) {
		m->threaded = 1;
		m->loop = loop_new();
		if (pipe2(m->stop, O_CLOEXEC) == -1) {
			snprintf(err, errlen, "TFTP worker pipe: %s",
			    strerror(errno));
			m->stop[0] = m->stop[1] = -1;
			return (-1);
		}
		(void)loop_add_fd(m->loop, m->stop[0], POLLIN, member_stop_cb,
		    m);
	} else
		m->loop = loop;
	if ((m->files = tftp_files_root_new(root, err, errlen)) == NULL)
		return (-1);
	if ((m->d = tftpd_new(m->loop, m->files, cfg, err, errlen)) == NULL)
		return (-1);
	return (0);
}

struct tftpd_group *
tftpd_group_new(struct loop *loop, const char *root,
    const struct tftpd_config *cfg, unsigned workers, char *err,
    size_t errlen)
{
	struct tftpd_group	*g;
	struct tftpd_config	 c = *cfg;
	unsigned		 i, max;

	g = xcalloc(1, sizeof *g);
	g->loop = loop;
	g->n = workers == 0 ? group_auto_size() : workers;
	if (g->n > TFTP_WORKERS_MAX)
		g->n = TFTP_WORKERS_MAX;
	max = cfg->max_xfers != 0 ? cfg->max_xfers : TFTP_MAX_XFERS;
	if (g->n > 1) {
		c.reuseport = 1;
		c.id_step = g->n;
		c.max_xfers = (max + g->n - 1) / g->n;
	}
	/* The per-address cap holds for the group, not per member. */
	if (c.peers == NULL)
		c.peers = g->peers = tftpd_peers_new();
	for (i = 0; i < g->n; i++) {
		c.id_first = i;
		if (member_open(&g->m[i], i == 0 ? loop : NULL, root, &c, err,
		    errlen) != 0) {
			g->n = i + 1;
			goto fail;
		}
		if (i == 0) {
			/* The others join the port the first one got. */
			g->port = tftpd_port(g->m[0].d);
			c.port = g->port;
		}
	}
	return (g);
fail:
	tftpd_group_free(g);
	return (NULL);
}

void
tftpd_group_set_resolver(struct tftpd_group *g, tftp_files_resolve_fn fn,
    void *arg)
{
	unsigned	 i;

	for (i = 0; i < g->n; i++)
		tftp_files_set_resolver(g->m[i].files, fn, arg);
}

void
tftpd_group_free(struct tftpd_group *g)
{
	unsigned	 i;
	char		 c = 0;

	if (g == NULL)
		return;
	for (i = 1; i < g->n; i++) {
		struct tftpd_member *m = &g->m[i];
		if (m->started) {
			if (write(m->stop[1], &c, 1) < 0) {
				/* a full pipe already holds a wake */
			}
			pthread_join(m->thread, NULL);
		}
	}
	for (i = 0; i < g->n; i++)
		member_close(&g->m[i]);
	tftpd_peers_free(g->peers);
	if (g->bus_threads)
		bus_threads_stop();
	free(g);
}

int
tftpd_group_run(struct tftpd_group *g, char *err, size_t errlen)
{
	sigset_t	 all, old;
	unsigned	 i;
	int		 rc;

	if (g->n < 2 || g->bus_threads)
		return (0);
	if (bus_threads_start(g->loop) != 0) {
		snprintf(err, errlen, "TFTP workers: %s", strerror(errno));
		return (-1);
	}
	g->bus_threads = 1;
	/* Signals are the main loop's: workers block them all. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (i = 1; i < g->n; i++) {
		rc = pthread_create(&g->m[i].thread, NULL, member_main,
		    &g->m[i]);
		if (rc != 0) {
			pthread_sigmask(SIG_SETMASK, &old, NULL);
			snprintf(err, errlen, "TFTP worker thread: %s",
			    strerror(rc));
			return (-1);
		}
		g->m[i].started = 1;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	log_info("tftp: %u servers share port %u, one per CPU", g->n, g->port);
	return (0);
}

unsigned
tftpd_group_port(const struct tftpd_group *g)
{
	return (g->port);
}

unsigned
tftpd_group_size(const struct tftpd_group *g)
{
	return (g->n);
}
