/*
 * The HTTP side's io: libmicrohttpd (MHD) with a thread per connection.
 *
 * Why threads here, when the loop runs everything else: MHD sends a
 * file body with sendfile(2) in chunks of 128 KiB when it runs on the
 * caller's loop and of 2 MiB with a thread per connection (a constant
 * in its mhd_send.c, not an option).  With the small chunk a 7 MiB
 * component cost 1.3x nginx's CPU and missed 0.9x its speed; see
 * BENCHMARKS.md.  The threads are kept to what they need, as the TFTP
 * group's are:
 *  - MHD starts (httpd_run) only after root is given up and before the
 *    sandbox, whose filter covers every thread (TSYNC) and is inherited
 *    by each connection's; every signal is blocked in them (the loop's
 *    self-pipe takes signals, and a SIGPIPE on a closed socket stays a
 *    plain EPIPE);
 *  - the provider (its shared descriptors and counts), the counters and
 *    the list of bodies being sent are under one mutex, d->mu; the
 *    per-client resolver has its own lock;
 *  - events go through the bus's side queue (bus_threads_start), so they
 *    reach sinks on the loop's thread, in order;
 *  - tftp_progress of a sendfile body comes from one loop timer reading
 *    each socket's acknowledged bytes (TCP_INFO), armed through a pipe
 *    when the first body starts and idle when none is being sent.
 *
 * We make the listening socket ourselves (bound to the interface's
 * address and, as TFTP is, to the interface) and hand it to MHD.  A
 * provider without a descriptor (memory, in tests) is read through a
 * callback on the connection's thread.
 */
#include "config.h"

#include <sys/queue.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/tcp.h>		/* struct tcp_info's tcpi_bytes_acked */
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
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

struct http_req;

struct httpd {
	struct loop		*loop;
	struct tftp_files	*files;		/* under mu */
	struct MHD_Daemon	*mhd;		/* NULL until httpd_run */
	int			 lfd;		/* ours until MHD has it */
	unsigned		 port;
	unsigned		 per_peer, max_conns, idle_s;
	int			 bus_threads;	/* bus_threads_start done */
	int			 wake[2];	/* a body started: the timer */
	int			 timer_on;	/* the loop's thread only */
	struct loop_timer	 timer;		/* tftp_progress of bodies */
	pthread_mutex_t		 mu;
	/* under mu: */
	uint64_t		 next_id;
	struct httpd_stats	 st;
	TAILQ_HEAD(, http_req)	 sending;	/* sendfile bodies under way */
};

/* One request (a keep-alive connection makes one after another). */
struct http_req {
	struct httpd		*d;
	struct tftp_file	*file;
	int			 status;	/* 0: not answered yet */
	int			 head;
	int			 sendfile;	/* body from the fd, not httpd_read */
	int			 listed;	/* on d->sending */
	int			 sock;		/* the connection's socket */
	uint64_t		 acked0;	/* tcpi_bytes_acked before it */
	uint64_t		 id;
	uint64_t		 off, len, size;
	uint64_t		 handed;	/* body bytes sent (under mu if listed) */
	uint64_t		 started_ms, progress_ms;
	char			 client[EV_ADDR_LEN];	/* for the log */
	struct ev_sockaddr	 peer;		/* for the events */
	char			 asked[EV_NAME_LEN];	/* sanitised */
	char			 path[EV_NAME_LEN];
	char			 target[TFTP_FILES_PATH_MAX * 3];
	TAILQ_ENTRY(http_req)	 entry;
};

static void	 httpd_mhd_log(void *, const char *, va_list)
		     __attribute__((format(printf, 2, 0)));

static void
post_http(enum ev_type type, const struct http_req *r, uint64_t bytes,
    int code, const char *msg)
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
	t->bytes = type == EV_TFTP_DONE ? r->len : bytes;
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
	r->sock = -1;
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
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (ci != NULL)
		r->sock = ci->connect_fd;
	return (r);
}

/* The body through a buffer (a provider without descriptors). */
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
	/* pread(2) on the provider's file: no shared state but the file. */
	n = d->files->read_block(d->files, r->file, r->off + pos, buf, max);
	if (n <= 0)
		return (MHD_CONTENT_READER_END_WITH_ERROR);
	r->handed = pos + (uint64_t)n;
	now = clock_now_ms();
	if (now - r->progress_ms >= TFTP_PROGRESS_MS && r->handed < r->len) {
		r->progress_ms = now;
		post_http(EV_TFTP_PROGRESS, r, r->handed, 0, NULL);
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

/* Bytes the peer acknowledged on a socket so far, or 0. */
static uint64_t
httpd_acked(int sock)
{
	struct tcp_info	 ti;
	socklen_t	 tl = sizeof ti;

	if (sock < 0)
		return (0);
	memset(&ti, 0, sizeof ti);
	if (getsockopt(sock, IPPROTO_TCP, TCP_INFO, &ti, &tl) != 0)
		return (0);
	return (ti.tcpi_bytes_acked);
}

/*
 * The loop's thread: what each body being sent got acknowledged.  The
 * side queue first, so each body's tftp_start (posted by its thread
 * before it was listed) is ahead of its progress.
 */
static void
httpd_progress(void *arg)
{
	struct httpd	*d = arg;
	struct http_req	*r;
	uint64_t	 n;
	int		 more;

	bus_threads_flush();
	pthread_mutex_lock(&d->mu);
	TAILQ_FOREACH(r, &d->sending, entry) {
		/* The headers are counted too: keep under the total. */
		n = httpd_acked(r->sock);
		n = n > r->acked0 ? n - r->acked0 : 0;
		if (n >= r->len)
			n = r->len > 0 ? r->len - 1 : 0;
		if (n > r->handed) {
			r->handed = n;
			post_http(EV_TFTP_PROGRESS, r, n, 0, NULL);
		}
	}
	more = !TAILQ_EMPTY(&d->sending);
	pthread_mutex_unlock(&d->mu);
	d->timer_on = more;
	if (more)
		loop_timer_set(d->loop, &d->timer, clock_now_ms() +
		    TFTP_PROGRESS_MS, httpd_progress, d);
}

/* A connection's thread listed the first body: start the timer. */
static void
httpd_on_wake(int fd, short revents, void *arg)
{
	struct httpd	*d = arg;
	char		 buf[64];

	(void)revents;
	while (read(fd, buf, sizeof buf) > 0)
		;
	if (!d->timer_on) {
		d->timer_on = 1;
		loop_timer_set(d->loop, &d->timer, clock_now_ms() +
		    TFTP_PROGRESS_MS, httpd_progress, d);
	}
}

/* A body from the provider's descriptor (sendfile), or NULL. */
static struct MHD_Response *
httpd_fd_response(struct httpd *d, struct http_req *r)
{
	struct MHD_Response	*resp;
	int			 fd;

	pthread_mutex_lock(&d->mu);
	fd = d->files->fd != NULL ? d->files->fd(d->files, r->file) : -1;
	/* MHD closes what it is given: a descriptor of its own. */
	if (fd >= 0)
		fd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	pthread_mutex_unlock(&d->mu);
	if (fd < 0)
		return (NULL);
	resp = MHD_create_response_from_fd_at_offset64(r->len, fd,
	    r->off);
	if (resp == NULL)
		close(fd);
	return (resp);
}

/* A GET's body begins: its id, tftp_start, and the progress list. */
static void
httpd_begin(struct httpd *d, struct http_req *r)
{
	char	 c = 1;
	int	 first;

	pthread_mutex_lock(&d->mu);
	r->id = d->next_id++;
	d->st.started++;
	pthread_mutex_unlock(&d->mu);
	r->started_ms = r->progress_ms = clock_now_ms();
	post_http(EV_TFTP_START, r, 0, 0, NULL);
	if (!r->sendfile)
		return;
	r->acked0 = httpd_acked(r->sock);
	pthread_mutex_lock(&d->mu);
	first = TAILQ_EMPTY(&d->sending);
	TAILQ_INSERT_TAIL(&d->sending, r, entry);
	r->listed = 1;
	pthread_mutex_unlock(&d->mu);
	if (first && write(d->wake[1], &c, 1) < 0) {
		/* full: a wake is already due */
	}
}

static enum MHD_Result
httpd_refuse(struct httpd *d, struct http_req *r, struct MHD_Connection *c,
    const char *method, const struct httpd_plan *pl)
{
	pthread_mutex_lock(&d->mu);
	d->st.refused++;
	pthread_mutex_unlock(&d->mu);
	log_info("http: %s %s \"%s\": %d (%s)", r->client, method, r->asked,
	    pl->status, pl->why != NULL ? pl->why : "");
	post_http(EV_TFTP_ERROR, r, 0, pl->status, pl->why);
	return (httpd_error(c, pl->status, pl->size));
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
	const char		*asked;
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
	pthread_mutex_lock(&d->mu);
	d->st.requests++;
	httpd_plan(d->files, r->peer.ip, method, r->target,
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_RANGE),
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_IF_RANGE), &pl);
	pthread_mutex_unlock(&d->mu);
	r->status = pl.status;
	asked = pl.asked[0] != '\0' ? pl.asked : r->target;
	util_sanitise(r->asked, sizeof r->asked, asked, strlen(asked));
	if (pl.status != 200 && pl.status != 206)
		return (httpd_refuse(d, r, c, method, &pl));
	r->file = pl.file;
	r->head = pl.head;
	r->off = pl.off;
	r->len = pl.len;
	r->size = pl.size;
	util_sanitise(r->path, sizeof r->path, pl.served, strlen(pl.served));
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
	if (!r->head)
		httpd_begin(d, r);
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
	uint64_t	 handed;
	int		 ok = toe == MHD_REQUEST_TERMINATED_COMPLETED_OK;
	int		 body;
	char		 msg[128];

	(void)c;
	if (r == NULL)
		return;
	*req_cls = NULL;
	body = r->file != NULL && !r->head;
	pthread_mutex_lock(&d->mu);
	if (r->listed)
		TAILQ_REMOVE(&d->sending, r, entry);
	handed = r->handed;
	if (body && ok)
		d->st.done++;
	else if (body)
		d->st.failed++;
	pthread_mutex_unlock(&d->mu);
	if (body && ok)
		post_http(EV_TFTP_DONE, r, r->len, 0, NULL);
	else if (body) {
		snprintf(msg, sizeof msg, "%s after %llu of %llu bytes",
		    httpd_toe_str(toe), (unsigned long long)handed,
		    (unsigned long long)r->len);
		post_http(EV_TFTP_ERROR, r, handed, 0, msg);
	}
	pthread_mutex_lock(&d->mu);
	if (r->file != NULL)
		d->files->close(d->files, r->file);
	d->st.ended++;
	pthread_mutex_unlock(&d->mu);
	free(r);
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
	unsigned		 idle_ms;

	if ((d = calloc(1, sizeof *d)) == NULL) {
		snprintf(err, errlen, "HTTP: out of memory");
		return (NULL);
	}
	d->loop = loop;
	d->files = files;
	d->wake[0] = d->wake[1] = -1;
	d->next_id = HTTP_XFER_ID_BASE;
	TAILQ_INIT(&d->sending);
	pthread_mutex_init(&d->mu, NULL);
	if ((d->lfd = httpd_listen(cfg, err, errlen)) == -1) {
		httpd_free(d);
		return (NULL);
	}
	if (getsockname(d->lfd, (struct sockaddr *)&sin, &sl) == 0)
		d->port = ntohs(sin.sin_port);
	d->per_peer = cfg->per_peer != 0 ? cfg->per_peer : HTTP_MAX_PER_PEER;
	d->max_conns = cfg->max_conns != 0 ? cfg->max_conns : HTTP_MAX_CONNS;
	idle_ms = cfg->idle_ms != 0 ? cfg->idle_ms : HTTP_IDLE_MS;
	d->idle_s = idle_ms / 1000 != 0 ? idle_ms / 1000 : 1;
	if (pipe2(d->wake, O_NONBLOCK | O_CLOEXEC) == -1 ||
	    loop_add_fd(loop, d->wake[0], POLLIN, httpd_on_wake, d) != 0) {
		snprintf(err, errlen, "HTTP: wake pipe: %s", strerror(errno));
		httpd_free(d);
		return (NULL);
	}
	if (bus_threads_start(loop) != 0) {
		snprintf(err, errlen, "HTTP: events from its threads: %s",
		    strerror(errno));
		httpd_free(d);
		return (NULL);
	}
	d->bus_threads = 1;
	return (d);
}

int
httpd_run(struct httpd *d, char *err, size_t errlen)
{
	sigset_t	 all, old;
	size_t		 stack = HTTP_THREAD_STACK;

	if (d->mhd != NULL)
		return (0);
	/* Signals are the loop's: MHD's threads (and theirs) block all.
	   MHD_USE_TURBO: accept, read and send before asking poll() (the
	   sockets are non-blocking): one system call less when it works. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	d->mhd = MHD_start_daemon(MHD_USE_THREAD_PER_CONNECTION |
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ERROR_LOG |
	    MHD_USE_TURBO,
	    0, NULL, NULL, httpd_handle, d,
	    MHD_OPTION_LISTEN_SOCKET, (MHD_socket)d->lfd,
	    MHD_OPTION_EXTERNAL_LOGGER, httpd_mhd_log, d,
	    MHD_OPTION_URI_LOG_CALLBACK, httpd_uri, d,
	    MHD_OPTION_NOTIFY_COMPLETED, httpd_completed, d,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, d->per_peer,
	    MHD_OPTION_CONNECTION_LIMIT, d->max_conns,
	    MHD_OPTION_CONNECTION_TIMEOUT, d->idle_s,
	    MHD_OPTION_THREAD_STACK_SIZE, stack,
#if MHD_VERSION >= 0x00097205
	    MHD_OPTION_SIGPIPE_HANDLED_BY_APP, 1,
#endif
	    MHD_OPTION_END);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (d->mhd == NULL) {
		snprintf(err, errlen, "HTTP: libmicrohttpd did not start");
		return (-1);
	}
	d->lfd = -1;		/* MHD's now: MHD_stop_daemon closes it */
	return (0);
}

void
httpd_free(struct httpd *d)
{
	if (d == NULL)
		return;
	/* Every open request ends here (httpd_completed: tftp_error);
	   the threads are joined. */
	if (d->mhd != NULL)
		MHD_stop_daemon(d->mhd);
	if (d->lfd != -1)
		close(d->lfd);
	loop_timer_cancel(d->loop, &d->timer);
	if (d->wake[0] != -1) {
		loop_del_fd(d->loop, d->wake[0]);
		close(d->wake[0]);
		close(d->wake[1]);
	}
	/* What the threads posted last, into the queue. */
	if (d->bus_threads)
		bus_threads_stop();
	pthread_mutex_destroy(&d->mu);
	free(d);
}

unsigned
httpd_port(const struct httpd *d)
{
	return (d->port);
}

void
httpd_get_stats(struct httpd *d, struct httpd_stats *st)
{
	pthread_mutex_lock(&d->mu);
	*st = d->st;
	pthread_mutex_unlock(&d->mu);
}
