/*
 * The site engine (issue 21, site mode): `serve --no-dhcp --leases-from
 * dnsmasq:FILE|kea:FILE` on a site's TFTP host follows the site's own
 * DHCP server's lease file and posts a dhcp_lease event (from=dnsmasq or
 * kea) for each lease that is new or renewed, the same event our own
 * DHCP engine posts: the phone tracker then knows each phone's address
 * and MAC, and names the phone behind every TFTP and HTTP request.
 *
 * Watched without polling: an inotify watch on the file's directory
 * (the file itself would be lost when Kea's LFC moves it aside or
 * dnsmasq is restarted), whose events for the file's name make
 * site_follow_read() read what is new.  The watch is set up at start,
 * before root and the sandbox are given up; reading the file again
 * later only needs it readable (both servers write it 0644).  Where
 * inotify is missing, a timer reads it every LEASE_POLL_MS instead.
 */
#include "config.h"

#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "clock.h"
#include "compat.h"
#include "ev.h"
#include "host/serve.h"
#include "log.h"
#include "model/model.h"
#include "net/net.h"
#include "site/site_follow.h"
#include "util.h"
#include "xmalloc.h"

#define LEASE_POLL_MS	2000	/* without inotify only */

struct site_engine {
	struct loop		*loop;
	struct site_follow	 f;
	int			 ino_fd;
	int			 sock;		/* dnsmasq-hook: its socket */
	struct loop_timer	 poll;
	uint64_t		 posted;
};

/* Its state is its own, not in ctx->engine (no slot is left there). */
static struct site_engine	*site;

static int
serve_site_wanted(const struct serve_ctx *ctx)
{
	return (ctx->opts.leases_from != NULL);
}

/* A lease of the site's server: the dhcp_lease our DHCP engine would post. */
static void
post(const struct site_lease *l, void *arg)
{
	struct site_engine	*s = arg;
	struct ev		 ev;
	uint64_t		 now = clock_wall_ms() / 1000;

	memset(&ev, 0, sizeof ev);
	ev.type = EV_DHCP_LEASE;
	util_mac_str(ev.u.lease.mac, sizeof ev.u.lease.mac, l->mac);
	ev.u.lease.ip = l->ip;
	strlcpy(ev.u.lease.hostname, l->hostname, sizeof ev.u.lease.hostname);
	strlcpy(ev.u.lease.vendor_class, l->vendor_class,
	    sizeof ev.u.lease.vendor_class);
	if (model_parse_vendor_class((const uint8_t *)l->vendor_class,
	    strlen(l->vendor_class), ev.u.lease.model,
	    sizeof ev.u.lease.model) != 0)
		ev.u.lease.model[0] = '\0';
	ev.u.lease.lease_secs = l->lifetime != 0 ? l->lifetime :
	    l->expiry > now && l->expiry - now < UINT32_MAX ?
	    (uint32_t)(l->expiry - now) : 0;
	ev.u.lease.state = EV_LEASE_ACK;
	ev.u.lease.from = s->f.kind == SITE_KEA ? EV_FROM_KEA : EV_FROM_DNSMASQ;
	bus_post(&ev);
	s->posted++;
}

static void
site_read(struct site_engine *s)
{
	uint64_t	 bad = s->f.bad;

	if (site_follow_read(&s->f, clock_wall_ms() / 1000, post, s) != 0)
		log_warnx("--leases-from %s: %s", s->f.path, strerror(errno));
	if (s->f.bad > bad)
		log_warnx("--leases-from %s: %llu malformed line(s) skipped",
		    s->f.path, (unsigned long long)(s->f.bad - bad));
}

/* inotify: any event naming the file (written, moved in, made anew). */
static void
on_inotify(int fd, short revents, void *arg)
{
	struct site_engine	*s = arg;
	char			 buf[4096]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ie;
	ssize_t			 n, i;
	int			 hit = 0;

	(void)revents;
	while ((n = read(fd, buf, sizeof buf)) > 0) {
		for (i = 0; i < n; i += (ssize_t)(sizeof *ie + ie->len)) {
			ie = (const struct inotify_event *)(void *)(buf + i);
			if ((ie->mask & IN_Q_OVERFLOW) != 0 || (ie->len > 0 &&
			    strcmp(ie->name, site_follow_base(&s->f)) == 0))
				hit = 1;
		}
	}
	if (hit)
		site_read(s);
}

static void
on_poll(void *arg)
{
	struct site_engine	*s = arg;

	site_read(s);
	loop_timer_set(s->loop, &s->poll, clock_now_ms() + LEASE_POLL_MS,
	    on_poll, s);
}

/* Watch the file's directory; -1 when inotify is not to be had. */
static int
watch(struct site_engine *s)
{
	char	 dir[PATH_MAX];
	char	*slash;

	if (strlcpy(dir, s->f.path, sizeof dir) >= sizeof dir)
		return (-1);
	if ((slash = strrchr(dir, '/')) == NULL)
		strlcpy(dir, ".", sizeof dir);
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if ((s->ino_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) < 0)
		return (-1);
	if (inotify_add_watch(s->ino_fd, dir, IN_MODIFY | IN_CLOSE_WRITE |
	    IN_CREATE | IN_MOVED_TO | IN_ATTRIB) < 0 ||
	    loop_add_fd(s->loop, s->ino_fd, POLLIN, on_inotify, s) != 0) {
		log_warnx("--leases-from: cannot watch %s (%s): reading it "
		    "every %u ms", dir, strerror(errno), LEASE_POLL_MS);
		close(s->ino_fd);
		s->ino_fd = -1;
		return (-1);
	}
	return (0);
}

/* The hook's datagrams: one lease each, never waited for. */
static void
on_hook(int fd, short revents, void *arg)
{
	struct site_engine	*s = arg;
	struct site_lease	 l;
	char			 buf[SITE_HOOK_MAX];
	ssize_t			 n;
	int			 i, rc;

	(void)revents;
	for (i = 0; i < 64 && (n = recv(fd, buf, sizeof buf, 0)) >= 0; i++) {
		if ((rc = site_hook_msg(buf, (size_t)n, &l)) < 0) {
			s->f.bad++;
			log_warnx("lease hook: a malformed message (%llu so "
			    "far)", (unsigned long long)s->f.bad);
		} else if (rc > 0)
			site_follow_lease(&s->f, &l, clock_wall_ms() / 1000,
			    post, s);
	}
}

/*
 * The socket `phonerescue lease-hook` sends to: a datagram socket, so
 * that each message is whole, no sender can hold serve up, and the hook
 * never waits for serve (it sends once, without blocking, and exits).
 * Only its owner (root, as dnsmasq runs its script) may send.
 */
static int
hook_open(struct site_engine *s, char *err, size_t errlen)
{
	struct sockaddr_un	 sun;
	struct stat		 sb;
	mode_t			 old;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (strlcpy(sun.sun_path, s->f.path, sizeof sun.sun_path) >=
	    sizeof sun.sun_path) {
		snprintf(err, errlen, "--leases-from: %s: too long for a "
		    "socket", s->f.path);
		return (-1);
	}
	if ((s->sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return (-1);
	}
	if (lstat(s->f.path, &sb) == 0 && S_ISSOCK(sb.st_mode))
		(void)unlink(s->f.path);	/* a dead serve's */
	old = umask(077);
	if (bind(s->sock, (struct sockaddr *)&sun, sizeof sun) != 0 ||
	    loop_add_fd(s->loop, s->sock, POLLIN, on_hook, s) != 0) {
		umask(old);
		snprintf(err, errlen, "--leases-from: %s: %s", s->f.path,
		    strerror(errno));
		close(s->sock);
		s->sock = -1;
		return (-1);
	}
	umask(old);
	return (0);
}

static int
serve_site_start(struct serve_ctx *ctx, char *err, size_t errlen)
{
	struct site_engine	*s;
	char			 sock[PATH_MAX];

	if (!ctx->opts.no_dhcp) {
		snprintf(err, errlen, "--leases-from is for a site's TFTP "
		    "host: add --no-dhcp (our own DHCP server tells its "
		    "leases itself)");
		return (-1);
	}
	s = xcalloc(1, sizeof *s);
	snprintf(sock, sizeof sock, "%s/%s", net_state_dir(), SITE_HOOK_SOCK);
	if (site_follow_init(&s->f, ctx->opts.leases_from, sock, err,
	    errlen) != 0) {
		free(s);
		return (-1);
	}
	s->loop = ctx->loop;
	s->ino_fd = s->sock = -1;
	if (s->f.kind == SITE_HOOK) {
		if (hook_open(s, err, errlen) != 0) {
			free(s);
			return (-1);
		}
		site = s;
		log_info("taking dnsmasq's leases from lease-hook on %s",
		    s->f.path);
		return (0);
	}
	if (watch(s) != 0)
		loop_timer_set(s->loop, &s->poll,
		    clock_now_ms() + LEASE_POLL_MS, on_poll, s);
	site = s;
	site_read(s);		/* the leases already there */
	log_info("following %s's leases in %s (%llu so far)",
	    s->f.kind == SITE_KEA ? "Kea" : "dnsmasq", s->f.path,
	    (unsigned long long)s->posted);
	return (0);
}

static void
serve_site_stop(struct serve_ctx *ctx)
{
	struct site_engine	*s = site;

	(void)ctx;
	if (s == NULL)
		return;
	if (s->sock >= 0) {
		loop_del_fd(s->loop, s->sock);
		close(s->sock);
		/* Left in place: the sandbox refuses unlink; the next start does it. */
	} else if (s->ino_fd >= 0) {
		loop_del_fd(s->loop, s->ino_fd);
		close(s->ino_fd);
	} else
		loop_timer_cancel(s->loop, &s->poll);
	free(s);
	site = NULL;
}

const struct serve_engine serve_site_engine = {
	.name = "site",
	.slot = -1,		/* its state is its own, not in ctx->engine */
	.wanted = serve_site_wanted,
	.start = serve_site_start,
	.stop = serve_site_stop,
};
