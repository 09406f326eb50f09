/*
 * The HTTP side's io: libmicrohttpd (MHD) on our loop.  MHD runs without
 * a thread of its own (no MHD_USE_INTERNAL_POLLING_THREAD; 0.9.75 has no
 * separate "no thread safety" flag, external polling is that mode) with
 * its epoll backend: the loop watches MHD's one epoll fd and a timer at
 * MHD_get_timeout(), and calls MHD_run() on either.  So every callback
 * below, and every bus_post(), runs on the loop's thread, as TFTP port
 * 69's first member does; no lock and no side queue are needed, and 1000
 * connections cost poll() one fd.
 *
 * We make the listening socket ourselves (bound to the interface's
 * address and, as TFTP is, to the interface) and hand it to MHD.
 *
 * Bodies go out with sendfile(2) from the provider's descriptor (nginx
 * does the same; a copy through a callback buffer ran at half its
 * speed, see BENCHMARKS.md); tftp_progress then comes from a per-request
 * timer reading the socket's acknowledged bytes (TCP_INFO).  A provider
 * without a descriptor (memory, in tests) is read through a callback.
 */
#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/tcp.h>		/* struct tcp_info's tcpi_bytes_acked */
#include <microhttpd.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "clock.h"
#include "compat.h"
#include "httpd.h"
#include "log.h"
#include "loop.h"
#include "tunables.h"
#include "util.h"

struct httpd {
	struct loop		*loop;
	struct tftp_files	*files;
	struct MHD_Daemon	*mhd;
	int			 lfd;		/* ours until MHD has it */
	int			 epfd;		/* MHD's, watched by the loop */
	unsigned		 port;
	uint64_t		 next_id;
	int			 sigpipe_ignored;
	struct loop_timer	 timer;
	struct httpd_stats	 st;
};

/* One request (a keep-alive connection makes one after another). */
struct http_req {
	struct httpd		*d;
	struct tftp_file	*file;
	struct MHD_Connection	*conn;
	int			 status;	/* 0: not answered yet */
	int			 head;
	int			 sendfile;	/* body from the fd, not httpd_read */
	uint64_t		 acked0;	/* tcpi_bytes_acked before it */
	struct loop_timer	 ptimer;	/* tftp_progress while sendfile runs */
	uint64_t		 id;
	uint64_t		 off, len, size;
	uint64_t		 handed;	/* body bytes given to MHD */
	uint64_t		 started_ms, progress_ms;
	char			 client[EV_ADDR_LEN];	/* for the log */
	struct ev_sockaddr	 peer;		/* for the events */
	char			 asked[EV_NAME_LEN];	/* sanitised */
	char			 path[EV_NAME_LEN];
	char			 target[TFTP_FILES_PATH_MAX * 3];
};

static void	 httpd_kick(struct httpd *);
static void	 httpd_mhd_log(void *, const char *, va_list)
		     __attribute__((format(printf, 2, 0)));

static void
post_http(enum ev_type type, const struct http_req *r, int code,
    const char *msg)
{
	struct ev	 ev;
	struct ev_tftp	*t = &ev.u.tftp;

	memset(&ev, 0, sizeof ev);
	ev.type = type;
	t->proto = EV_PROTO_HTTP;
	t->client = r->peer;
	strlcpy(t->file, r->asked, sizeof t->file);
	strlcpy(t->path, r->path, sizeof t->path);
	t->xfer = r->id;
	t->size = r->len;
	t->size_known = r->file != NULL;
	t->bytes = type == EV_TFTP_DONE ? r->len : r->handed;
	if (r->started_ms != 0)
		t->seconds = (double)(clock_now_ms() - r->started_ms) / 1000.0;
	t->code = code;
	if (msg != NULL)
		strlcpy(t->message, msg, sizeof t->message);
	bus_post(&ev);
}

/* MHD's messages are about connections, not for the technician. */
static void
httpd_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char	 buf[256];
	size_t	 n;

	(void)cls;
	vsnprintf(buf, sizeof buf, fmt, ap);
	n = strlen(buf);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	log_debug("http: %s", buf);
}

/* The first callback of a request: the target as sent, before MHD's
   own unescaping, which would turn %00 into a cut name. */
static void *
httpd_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct httpd		*d = cls;
	struct http_req		*r;
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr_in *sin;

	if ((r = calloc(1, sizeof *r)) == NULL)
		return (NULL);
	r->d = d;
	strlcpy(r->target, uri, sizeof r->target);
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci != NULL && ci->client_addr != NULL &&
	    ci->client_addr->sa_family == AF_INET) {
		sin = (const struct sockaddr_in *)(const void *)ci->client_addr;
		util_sockaddr_str(r->client, sizeof r->client, sin);
		r->peer.ip = sin->sin_addr.s_addr;
		r->peer.port = ntohs(sin->sin_port);
	} else
		strlcpy(r->client, "?", sizeof r->client);
	return (r);
}

static ssize_t
httpd_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct http_req	*r = cls;
	struct httpd	*d = r->d;
	uint64_t	 now;
	ssize_t		 n;

	if (pos >= r->len)
		return (MHD_CONTENT_READER_END_OF_STREAM);
	if (max > r->len - pos)
		max = (size_t)(r->len - pos);
	n = d->files->read_block(d->files, r->file, r->off + pos, buf, max);
	if (n <= 0)
		return (MHD_CONTENT_READER_END_WITH_ERROR);
	r->handed = pos + (uint64_t)n;
	now = clock_now_ms();
	if (now - r->progress_ms >= TFTP_PROGRESS_MS && r->handed < r->len) {
		r->progress_ms = now;
		post_http(EV_TFTP_PROGRESS, r, 0, NULL);
	}
	return (n);
}

static enum MHD_Result
httpd_error(struct MHD_Connection *c, int status, uint64_t size)
{
	struct MHD_Response	*resp;
	enum MHD_Result		 ret;
	char			 body[64], cr[48];
	const char		*reason;

	switch (status) {
	case 400: reason = "Bad Request"; break;
	case 403: reason = "Forbidden"; break;
	case 404: reason = "Not Found"; break;
	case 405: reason = "Method Not Allowed"; break;
	case 416: reason = "Range Not Satisfiable"; break;
	default: reason = "Error"; break;
	}
	snprintf(body, sizeof body, "%d %s\n", status, reason);
	resp = MHD_create_response_from_buffer(strlen(body), body,
	    MHD_RESPMEM_MUST_COPY);
	if (resp == NULL)
		return (MHD_NO);
	(void)MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "text/plain");
	if (status == 405)
		(void)MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW,
		    HTTPD_ALLOW);
	if (status == 416) {
		snprintf(cr, sizeof cr, "bytes */%llu",
		    (unsigned long long)size);
		(void)MHD_add_response_header(resp,
		    MHD_HTTP_HEADER_CONTENT_RANGE, cr);
	}
	ret = MHD_queue_response(c, (unsigned)status, resp);
	MHD_destroy_response(resp);
	return (ret);
}

/* Bytes the peer acknowledged on c's socket so far, or 0. */
static uint64_t
httpd_acked(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo	*ci;
	struct tcp_info			 ti;
	socklen_t			 tl = sizeof ti;

	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (ci == NULL)
		return (0);
	memset(&ti, 0, sizeof ti);
	if (getsockopt(ci->connect_fd, IPPROTO_TCP, TCP_INFO, &ti, &tl) != 0)
		return (0);
	return (ti.tcpi_bytes_acked);
}

static void
httpd_progress(void *arg)
{
	struct http_req	*r = arg;
	uint64_t	 n = httpd_acked(r->conn);

	/* The headers are counted too: keep under the total until done. */
	n = n > r->acked0 ? n - r->acked0 : 0;
	if (n >= r->len)
		n = r->len > 0 ? r->len - 1 : 0;
	if (n > r->handed) {
		r->handed = n;
		post_http(EV_TFTP_PROGRESS, r, 0, NULL);
	}
	loop_timer_set(r->d->loop, &r->ptimer, clock_now_ms() +
	    TFTP_PROGRESS_MS, httpd_progress, r);
}

/* A body from the provider's descriptor (sendfile), or NULL. */
static struct MHD_Response *
httpd_fd_response(struct httpd *d, struct http_req *r)
{
	struct MHD_Response	*resp;
	int			 fd;

	if (!d->sigpipe_ignored || d->files->fd == NULL ||
	    (fd = d->files->fd(d->files, r->file)) < 0)
		return (NULL);
	/* MHD closes what it is given: a descriptor of its own. */
	if ((fd = fcntl(fd, F_DUPFD_CLOEXEC, 3)) == -1)
		return (NULL);
	resp = MHD_create_response_from_fd_at_offset64(r->len, fd,
	    r->off);
	if (resp == NULL)
		close(fd);
	return (resp);
}

static enum MHD_Result
httpd_handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **req_cls)
{
	struct httpd		*d = cls;
	struct http_req		*r = *req_cls;
	struct httpd_plan	 pl;
	struct MHD_Response	*resp;
	enum MHD_Result		 ret;
	char			 cr[96];

	(void)url;
	(void)version;
	(void)upload;
	if (r == NULL)
		return (MHD_NO);
	if (r->status != 0) {
		/* A body we did not ask for (a refused POST): drop it. */
		*upload_size = 0;
		return (MHD_YES);
	}
	d->st.requests++;
	httpd_plan(d->files, r->peer.ip, method, r->target,
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_RANGE),
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_RANGE), &pl);
	r->status = pl.status;
	util_sanitise(r->asked, sizeof r->asked, pl.asked[0] != '\0' ?
	    pl.asked : r->target, strlen(pl.asked[0] != '\0' ? pl.asked :
	    r->target));
	if (pl.status != 200 && pl.status != 206) {
		d->st.refused++;
		log_info("http: %s %s \"%s\": %d (%s)", r->client, method,
		    r->asked, pl.status, pl.why != NULL ? pl.why : "");
		post_http(EV_TFTP_ERROR, r, pl.status, pl.why);
		return (httpd_error(c, pl.status, pl.size));
	}
	r->file = pl.file;
	r->head = pl.head;
	r->off = pl.off;
	r->len = pl.len;
	r->size = pl.size;
	util_sanitise(r->path, sizeof r->path, pl.served, strlen(pl.served));
	r->conn = c;
	if ((resp = httpd_fd_response(d, r)) != NULL)
		r->sendfile = 1;
	else if ((resp = MHD_create_response_from_callback(r->len,
	    HTTP_BLOCK, httpd_read, r, NULL)) == NULL)
		return (MHD_NO);
	(void)MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "application/octet-stream");
	(void)MHD_add_response_header(resp, MHD_HTTP_HEADER_ACCEPT_RANGES,
	    "bytes");
	if (pl.status == 206) {
		snprintf(cr, sizeof cr, "bytes %llu-%llu/%llu",
		    (unsigned long long)r->off,
		    (unsigned long long)(r->off + r->len - 1),
		    (unsigned long long)r->size);
		(void)MHD_add_response_header(resp,
		    MHD_HTTP_HEADER_CONTENT_RANGE, cr);
	}
	if (!r->head) {
		r->id = d->next_id++;
		r->started_ms = r->progress_ms = clock_now_ms();
		d->st.started++;
		post_http(EV_TFTP_START, r, 0, NULL);
		if (r->sendfile) {
			r->acked0 = httpd_acked(c);
			loop_timer_set(d->loop, &r->ptimer, r->started_ms +
			    TFTP_PROGRESS_MS, httpd_progress, r);
		}
	}
	ret = MHD_queue_response(c, (unsigned)pl.status, resp);
	MHD_destroy_response(resp);
	return (ret);
}

static const char *
httpd_toe_str(enum MHD_RequestTerminationCode toe)
{
	switch (toe) {
	case MHD_REQUEST_TERMINATED_COMPLETED_OK:
		return ("completed");
	case MHD_REQUEST_TERMINATED_WITH_ERROR:
		return ("connection error");
	case MHD_REQUEST_TERMINATED_TIMEOUT_REACHED:
		return ("timed out");
	case MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN:
		return ("server stopping");
	case MHD_REQUEST_TERMINATED_READ_ERROR:
		return ("read error");
	case MHD_REQUEST_TERMINATED_CLIENT_ABORT:
		return ("client closed the connection");
	default:
		return ("ended");
	}
}

static void
httpd_completed(void *cls, struct MHD_Connection *c, void **req_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct httpd	*d = cls;
	struct http_req	*r = *req_cls;
	char		 msg[128];

	(void)c;
	if (r == NULL)
		return;
	*req_cls = NULL;
	loop_timer_cancel(d->loop, &r->ptimer);
	if (r->file != NULL && !r->head) {
		if (toe == MHD_REQUEST_TERMINATED_COMPLETED_OK) {
			d->st.done++;
			post_http(EV_TFTP_DONE, r, 0, NULL);
		} else {
			d->st.failed++;
			snprintf(msg, sizeof msg, "%s after %llu of %llu bytes",
			    httpd_toe_str(toe), (unsigned long long)r->handed,
			    (unsigned long long)r->len);
			post_http(EV_TFTP_ERROR, r, 0, msg);
		}
	}
	if (r->file != NULL)
		d->files->close(d->files, r->file);
	free(r);
}

/*
 * Run MHD; while it has work left over (a timeout of 0: a body larger
 * than one sendfile chunk of 128 KiB, more requests read), run it again,
 * for at most HTTP_TURN_MS, before the loop's other fds get their turn:
 * a loop turn per chunk cost a 7 MiB download a third of its time.
 */
static void
httpd_on_timer(void *arg)
{
	struct httpd		*d = arg;
	MHD_UNSIGNED_LONG_LONG	 t;
	uint64_t		 until = clock_now_ms() + HTTP_TURN_MS;

	do {
		(void)MHD_run(d->mhd);
	} while (MHD_get_timeout(d->mhd, &t) == MHD_YES && t == 0 &&
	    clock_now_ms() < until);
	httpd_kick(d);
}

static void
httpd_on_fd(int fd, short revents, void *arg)
{
	(void)fd;
	(void)revents;
	httpd_on_timer(arg);
}

/* Wake again when MHD says (0: work left over, next loop turn). */
static void
httpd_kick(struct httpd *d)
{
	MHD_UNSIGNED_LONG_LONG	 t;

	if (MHD_get_timeout(d->mhd, &t) == MHD_YES) {
		if (t > LOOP_MAX_WAIT_MS)
			t = LOOP_MAX_WAIT_MS;
		loop_timer_set(d->loop, &d->timer, clock_now_ms() + t,
		    httpd_on_timer, d);
	} else
		loop_timer_cancel(d->loop, &d->timer);
}

static int
httpd_listen(const struct httpd_config *cfg, char *err, size_t errlen)
{
	struct sockaddr_in	 sin;
	socklen_t		 sl = sizeof sin;
	char			 ip[INET_ADDRSTRLEN];
	int			 fd, one = 1;

	util_ip_str(ip, sizeof ip, cfg->addr);
	fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		snprintf(err, errlen, "HTTP socket: %s", strerror(errno));
		return (-1);
	}
	/* Restarts within TIME_WAIT; TCP still refuses a second listener. */
	(void)setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (cfg->ifname != NULL && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE,
	    cfg->ifname, (socklen_t)strlen(cfg->ifname)) == -1 &&
	    errno != EPERM) {
		snprintf(err, errlen, "HTTP: bind to %s: %s", cfg->ifname,
		    strerror(errno));
		close(fd);
		return (-1);
	}
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = cfg->addr;
	sin.sin_port = htons((uint16_t)cfg->port);
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1) {
		snprintf(err, errlen, "HTTP port %u on %s: %s%s", cfg->port,
		    ip, strerror(errno), errno == EADDRINUSE ? " (another "
		    "web server? use --http-port N, or --no-http)" : "");
		close(fd);
		return (-1);
	}
	if (listen(fd, HTTP_BACKLOG) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &sl) == -1) {
		snprintf(err, errlen, "HTTP listen: %s", strerror(errno));
		close(fd);
		return (-1);
	}
	return (fd);
}

struct httpd *
httpd_new(struct loop *loop, struct tftp_files *files,
    const struct httpd_config *cfg, char *err, size_t errlen)
{
	struct httpd		*d;
	struct sockaddr_in	 sin;
	socklen_t		 sl = sizeof sin;
	const union MHD_DaemonInfo *di;
	unsigned		 per_peer, max_conns, idle_s;

	if ((d = calloc(1, sizeof *d)) == NULL) {
		snprintf(err, errlen, "HTTP: out of memory");
		return (NULL);
	}
	d->loop = loop;
	d->files = files;
	d->epfd = -1;
	d->next_id = HTTP_XFER_ID_BASE;
	{
		struct sigaction	 sa;

		/* sendfile(2) cannot take MSG_NOSIGNAL: only if SIGPIPE is
		   ignored (the loop does once it catches a signal). */
		d->sigpipe_ignored = sigaction(SIGPIPE, NULL, &sa) == 0 &&
		    sa.sa_handler == SIG_IGN;
	}
	if ((d->lfd = httpd_listen(cfg, err, errlen)) == -1) {
		free(d);
		return (NULL);
	}
	if (getsockname(d->lfd, (struct sockaddr *)&sin, &sl) == 0)
		d->port = ntohs(sin.sin_port);
	per_peer = cfg->per_peer != 0 ? cfg->per_peer : HTTP_MAX_PER_PEER;
	max_conns = cfg->max_conns != 0 ? cfg->max_conns : HTTP_MAX_CONNS;
	idle_s = (cfg->idle_ms != 0 ? cfg->idle_ms : HTTP_IDLE_MS) / 1000;
	if (idle_s == 0)
		idle_s = 1;
	d->mhd = MHD_start_daemon(MHD_USE_EPOLL | MHD_USE_ERROR_LOG,
	    0, NULL, NULL, httpd_handle, d,
	    MHD_OPTION_LISTEN_SOCKET, (MHD_socket)d->lfd,
	    MHD_OPTION_EXTERNAL_LOGGER, httpd_mhd_log, d,
	    MHD_OPTION_URI_LOG_CALLBACK, httpd_uri, d,
	    MHD_OPTION_NOTIFY_COMPLETED, httpd_completed, d,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_peer,
	    MHD_OPTION_CONNECTION_LIMIT, max_conns,
	    MHD_OPTION_CONNECTION_TIMEOUT, idle_s,
#if MHD_VERSION >= 0x00097205
	    MHD_OPTION_SIGPIPE_HANDLED_BY_APP, d->sigpipe_ignored,
#endif
	    MHD_OPTION_END);
	if (d->mhd == NULL) {
		snprintf(err, errlen, "HTTP: libmicrohttpd did not start");
		close(d->lfd);
		free(d);
		return (NULL);
	}
	di = MHD_get_daemon_info(d->mhd, MHD_DAEMON_INFO_EPOLL_FD);
	if (di == NULL || (d->epfd = di->epoll_fd) < 0 ||
	    loop_add_fd(loop, d->epfd, POLLIN, httpd_on_fd, d) != 0) {
		snprintf(err, errlen, "HTTP: no epoll fd to watch");
		MHD_stop_daemon(d->mhd);
		close(d->lfd);
		free(d);
		return (NULL);
	}
	httpd_kick(d);
	return (d);
}

void
httpd_free(struct httpd *d)
{
	if (d == NULL)
		return;
	loop_timer_cancel(d->loop, &d->timer);
	loop_del_fd(d->loop, d->epfd);
	/* Every open request ends here (httpd_completed: tftp_error). */
	MHD_stop_daemon(d->mhd);	/* closes the listening socket too */
	free(d);
}

unsigned
httpd_port(const struct httpd *d)
{
	return (d->port);
}

void
httpd_get_stats(const struct httpd *d, struct httpd_stats *st)
{
	*st = d->st;
}
