/*
 * The TFTP server's socket layer: requests on the listening socket, one
 * socket per transfer in an epoll set, the session machine deciding what
 * to send, and events on the bus.  Per-packet paths allocate nothing
 * with the x-allocators; a transfer that cannot get memory is refused.
 *
 * Per block the work is one send (lockstep reads ahead 16 KiB per pread; a
 * window is one pread and one sendmmsg); per ACK one recvfrom and a timer
 * re-arm.
 */
#include "config.h"

#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bus.h"
#include "clock.h"
#include "compat.h"
#include "log.h"
#include "loop.h"
#include "queue.h"
#include "tftp_files.h"
#include "tftp_session.h"
#include "tftp_wire.h"
#include "tftpd.h"
#include "tunables.h"
#include "util.h"
#include "xmalloc.h"

#define TFTPD_BATCH		64		/* blocks per sendmmsg */
#define TFTPD_TXBUF		(1024 * 1024)	/* shared read buffer */
#define TFTPD_NBUCKETS		1024		/* peer hash */
#define TFTPD_RX_PER_WAKE	64		/* requests read per wake-up */
#define TFTPD_READAHEAD		16384		/* lockstep read-ahead */
#define TFTPD_DIRECT_MAX	16		/* transfers polled directly */
#define TFTPD_PEER_BUCKETS	1024		/* per-address counts */

struct peer_count {
	uint32_t		 addr;
	unsigned		 n;		/* transfers it holds */
	uint64_t		 refused;	/* over its cap, this time */
	struct peer_count	*next;
};

struct tftpd_peers {
	pthread_mutex_t		 mu;
	struct peer_count	*b[TFTPD_PEER_BUCKETS];
};

struct tftp_xfer {
	struct tftpd		*d;
	int			 fd;
	struct sockaddr_in	 peer;
	uint32_t		 local;		/* the address asked, ours */
	uint32_t		 rrq_hash;	/* to spot a retransmitted RRQ */
	uint64_t		 first_ack_ns;	/* wall clock; 0: none yet */
	struct tftp_session	 s;
	struct tftp_file	*file;
	int			 counted;	/* holds a slot of its peer's */
	int			 direct;	/* in the loop, not the epoll set */
	uint8_t			*ra;		/* lockstep read-ahead, or NULL */
	size_t			 ra_cap, ra_len;
	uint64_t		 ra_off;
	struct loop_timer	 timer;
	uint64_t		 id;
	uint64_t		 started_ms;
	uint64_t		 progress_ms;	/* last tftp_progress */
	char			 client[EV_ADDR_LEN];
	char			 asked[EV_NAME_LEN];	/* sanitised */
	char			 path[EV_NAME_LEN];	/* as served */
	LIST_ENTRY(tftp_xfer)	 bucket;
	LIST_ENTRY(tftp_xfer)	 all;
};

struct tftpd {
	struct loop		*loop;
	struct tftp_files	*files;
	struct tftpd_config	 cfg;
	struct tftpd_peers	*own_peers;	/* when cfg.peers was NULL */
	char			 ifname[32];
	int			 fd;		/* port 69 */
	int			 epfd;		/* transfer sockets */
	unsigned		 port;
	uint64_t		 next_id;
	size_t			 nxfers, ndirect;
	LIST_HEAD(, tftp_xfer)	 xfers;
	LIST_HEAD(, tftp_xfer)	 buckets[TFTPD_NBUCKETS];
	uint8_t			*rxbuf;		/* TFTP_PKT_MAX + 1 */
	uint8_t			*txbuf;		/* TFTPD_TXBUF */
	uint8_t			 hdrs[TFTPD_BATCH][TFTP_HDR_LEN];
	struct iovec		 iov[TFTPD_BATCH][2];
	struct mmsghdr		 msgs[TFTPD_BATCH];
	struct tftpd_stats	 st;
};

static void	 xfer_free(struct tftp_xfer *);
static uint64_t	 wall_ns(void);
static int	 xfer_apply(struct tftp_xfer *, struct tftp_out *, uint64_t);

static uint64_t
wall_ns(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
}

static unsigned
peer_bucket(const struct sockaddr_in *sin)
{
	uint32_t	 h = sin->sin_addr.s_addr * 2654435761u;

	return ((h ^ sin->sin_port * 40503u) % TFTPD_NBUCKETS);
}

struct tftpd_peers *
tftpd_peers_new(void)
{
	struct tftpd_peers	*p = xcalloc(1, sizeof *p);

	pthread_mutex_init(&p->mu, NULL);
	return (p);
}

void
tftpd_peers_free(struct tftpd_peers *p)
{
	struct peer_count	*c, *next;
	size_t			 i;

	if (p == NULL)
		return;
	for (i = 0; i < TFTPD_PEER_BUCKETS; i++) {
		for (c = p->b[i]; c != NULL; c = next) {
			next = c->next;
			free(c);
		}
	}
	pthread_mutex_destroy(&p->mu);
	free(p);
}

static struct peer_count **
peers_find(struct tftpd_peers *p, uint32_t addr)
{
	struct peer_count	**cp;

	cp = &p->b[(addr * 2654435761u) >> 22 & (TFTPD_PEER_BUCKETS - 1)];
	while (*cp != NULL && (*cp)->addr != addr)
		cp = &(*cp)->next;
	return (cp);
}

unsigned
tftpd_peers_count(struct tftpd_peers *p, uint32_t addr)
{
	struct peer_count	**cp;
	unsigned		 n;

	pthread_mutex_lock(&p->mu);
	cp = peers_find(p, addr);
	n = *cp != NULL ? (*cp)->n : 0;
	pthread_mutex_unlock(&p->mu);
	return (n);
}

/*
 * One more transfer for addr: 0, or -1 when it holds max already (*refused
 * then counts those refusals, to log a flood sparingly), or -2 without
 * memory.
 */
static int
peers_take(struct tftpd_peers *p, uint32_t addr, unsigned max,
    uint64_t *refused)
{
	struct peer_count	**cp;
	int			 rc = 0;

	pthread_mutex_lock(&p->mu);
	cp = peers_find(p, addr);
	if (*cp != NULL && (*cp)->n >= max) {
		*refused = ++(*cp)->refused;
		rc = -1;
	} else if (*cp == NULL && (*cp = calloc(1, sizeof **cp)) == NULL)
		rc = -2;
	else {
		(*cp)->addr = addr;
		(*cp)->n++;
	}
	pthread_mutex_unlock(&p->mu);
	return (rc);
}

static void
peers_give(struct tftpd_peers *p, uint32_t addr)
{
	struct peer_count	**cp, *c;

	pthread_mutex_lock(&p->mu);
	cp = peers_find(p, addr);
	if ((c = *cp) != NULL && --c->n == 0) {
		*cp = c->next;
		free(c);
	}
	pthread_mutex_unlock(&p->mu);
}

const char *
tftpd_bad_source(const struct tftpd_config *cfg, uint32_t addr,
    uint32_t local)
{
	uint32_t	 a = ntohl(addr), ours = ntohl(cfg->addr), mask;

	if ((a >> 24) == 0)
		return ("a \"this network\" source (0.0.0.0/8)");
	if (a == 0xffffffffu)
		return ("the broadcast address");
	if (IN_MULTICAST(a))
		return ("a multicast source");
	if ((a >> 28) == 0xf)
		return ("a reserved source (240.0.0.0/4)");
	if (cfg->addr != 0 && cfg->plen >= 1 && cfg->plen <= 30) {
		mask = 0xffffffffu << (32 - cfg->plen);
		if (a == (ours & mask))
			return ("our subnet's network address");
		if (a == (ours | ~mask))
			return ("our subnet's broadcast address");
	}
	if (!cfg->loopback && (a >> 24) != 127 &&
	    ((cfg->addr != 0 && addr == cfg->addr) || addr == local))
		return ("our own address");
	return (NULL);
}

static void
post_tftp(enum ev_type type, const struct tftp_xfer *x,
    const struct sockaddr_in *peer, const char *asked, uint16_t code,
    const char *msg)
{
	struct ev	 ev;
	struct ev_tftp	*t = &ev.u.tftp;

	memset(&ev, 0, sizeof ev);
	ev.type = type;
	t->client.ip = peer->sin_addr.s_addr;
	t->client.port = ntohs(peer->sin_port);
	strlcpy(t->file, asked, sizeof t->file);
	t->proto = EV_PROTO_TFTP;
	if (x != NULL) {
		t->xfer = x->id;
		strlcpy(t->path, x->path, sizeof t->path);
		t->size = x->s.size;
		t->size_known = 1;
		t->bytes = type == EV_TFTP_DONE ? x->s.size :
		    tftp_session_bytes(&x->s);
		t->seconds = (double)(clock_now_ms() - x->started_ms) / 1000.0;
	}
	t->code = code;
	if (msg != NULL)
		strlcpy(t->message, msg, sizeof t->message);
	bus_post(&ev);
}

/* An ERROR straight from the listening socket (a refused request). */
static void
tftpd_refuse(struct tftpd *d, const struct sockaddr_in *peer,
    const char *client, const char *asked, uint16_t code, const char *wiremsg,
    const char *why)
{
	uint8_t		 buf[256];
	size_t		 n;

	d->st.refused++;
	n = tftp_wire_build_error(buf, sizeof buf, code, wiremsg);
	if (n > 0)
		(void)sendto(d->fd, buf, n, 0, (const struct sockaddr *)peer,
		    sizeof *peer);
	log_info("tftp: %s asked for \"%s\": error %u %s (%s)", client, asked,
	    code, wiremsg, why != NULL ? why : wiremsg);
	post_tftp(EV_TFTP_ERROR, NULL, peer, asked, code, wiremsg);
}

/*
 * A peer over its cap: every request still gets its ERROR (one small
 * reply per request, to the address that sent it), but the log and the
 * bus hear of the 1st, 2nd, 4th, 8th, ... refusal only, so a flood of
 * thousands does not flood them.
 */
static void
tftpd_refuse_quiet(struct tftpd *d, const struct sockaddr_in *peer,
    const char *client, const char *asked, uint64_t nth)
{
	uint8_t		 buf[128];
	char		 why[96];
	size_t		 n;
	static const char wiremsg[] =
	    "Server busy: too many transfers from your address";

	if ((nth & (nth - 1)) == 0) {
		snprintf(why, sizeof why, "it holds %u transfers already; "
		    "refusal %llu", d->cfg.max_per_peer,
		    (unsigned long long)nth);
		tftpd_refuse(d, peer, client, asked, TFTP_ERR_UNDEF, wiremsg,
		    why);
		return;
	}
	d->st.refused++;
	n = tftp_wire_build_error(buf, sizeof buf, TFTP_ERR_UNDEF, wiremsg);
	if (n > 0)
		(void)sendto(d->fd, buf, n, 0, (const struct sockaddr *)peer,
		    sizeof *peer);
}

/*
 * Lockstep: one block from the transfer's read-ahead buffer, refilled with
 * one pread per TFTPD_READAHEAD bytes instead of one per block.
 */
static int
xfer_send_one(struct tftp_xfer *x, uint64_t b)
{
	struct tftpd	*d = x->d;
	struct tftp_session *s = &x->s;
	uint64_t	 off = tftp_session_block_off(s, b), left;
	size_t		 len = tftp_session_block_len(s, b), want;
	ssize_t		 got;
	struct iovec	 iov[2];
	struct msghdr	 mh;

	if (off < x->ra_off || off + len > x->ra_off + x->ra_len) {
		left = s->size - off;
		want = left < x->ra_cap ? (size_t)left : x->ra_cap;
		got = want == 0 ? 0 : d->files->read_block(d->files, x->file,
		    off, x->ra, want);
		if (got < 0 || (size_t)got != want)
			return (-1);
		x->ra_off = off;
		x->ra_len = want;
	}
	tftp_wire_data_hdr(d->hdrs[0], (uint16_t)b);
	iov[0].iov_base = d->hdrs[0];
	iov[0].iov_len = TFTP_HDR_LEN;
	iov[1].iov_base = x->ra + (size_t)(off - x->ra_off);
	iov[1].iov_len = len;
	memset(&mh, 0, sizeof mh);
	mh.msg_name = &x->peer;
	mh.msg_namelen = sizeof x->peer;
	mh.msg_iov = iov;
	mh.msg_iovlen = 2;
	(void)sendmsg(x->fd, &mh, 0);	/* a failed send is a lost packet */
	return (0);
}

/* Send blocks [first, first + count) of x's file, batched. */
static int
xfer_send_blocks(struct tftp_xfer *x, uint64_t first, uint64_t count)
{
	struct tftpd	*d = x->d;
	struct tftp_session *s = &x->s;
	uint64_t	 off, want, b;
	size_t		 nb, i, per, len;
	ssize_t		 got;
	int		 sent;

	if (count == 1 && x->ra != NULL)
		return (xfer_send_one(x, first));
	per = TFTPD_TXBUF / s->blksize;
	if (per > TFTPD_BATCH)
		per = TFTPD_BATCH;
	if (per == 0)
		per = 1;
	while (count > 0) {
		nb = count > per ? per : (size_t)count;
		off = tftp_session_block_off(s, first);
		want = 0;
		for (i = 0; i < nb; i++)
			want += tftp_session_block_len(s, first + i);
		got = want == 0 ? 0 : d->files->read_block(d->files, x->file,
		    off, d->txbuf, (size_t)want);
		if (got < 0 || (uint64_t)got != want)
			return (-1);
		for (i = 0, b = first; i < nb; i++, b++) {
			len = tftp_session_block_len(s, b);
			tftp_wire_data_hdr(d->hdrs[i], (uint16_t)b);
			d->iov[i][0].iov_base = d->hdrs[i];
			d->iov[i][0].iov_len = TFTP_HDR_LEN;
			d->iov[i][1].iov_base = d->txbuf + (size_t)(b - first) *
			    s->blksize;
			d->iov[i][1].iov_len = len;
			memset(&d->msgs[i], 0, sizeof d->msgs[i]);
			d->msgs[i].msg_hdr.msg_name = &x->peer;
			d->msgs[i].msg_hdr.msg_namelen = sizeof x->peer;
			d->msgs[i].msg_hdr.msg_iov = d->iov[i];
			d->msgs[i].msg_hdr.msg_iovlen = 2;
		}
		if (nb == 1)
			sent = sendmsg(x->fd, &d->msgs[0].msg_hdr, 0) >= 0;
		else
			sent = sendmmsg(x->fd, d->msgs, (unsigned)nb, 0);
		/*
		 * A full socket buffer loses the rest of the window like the
		 * network would; the retransmission timer recovers it.
		 */
		(void)sent;
		first += nb;
		count -= nb;
	}
	return (0);
}

static void
xfer_send_pkt(struct tftp_xfer *x, const struct sockaddr_in *to,
    const uint8_t *buf, size_t n)
{
	if (n > 0)
		(void)sendto(x->fd, buf, n, 0, (const struct sockaddr *)to,
		    sizeof *to);
}

static void
xfer_timer_cb(void *arg)
{
	struct tftp_xfer	*x = arg;
	struct tftp_out		 out;
	uint64_t		 now = clock_now_ms();

	tftp_session_tick(&x->s, now, &out);
	(void)xfer_apply(x, &out, now);
}

/* Carry out what the session asked; 1 if x was freed. */
static int
xfer_apply(struct tftp_xfer *x, struct tftp_out *out, uint64_t now)
{
	struct tftpd	*d = x->d;
	uint8_t		 buf[512];
	size_t		 n;

	if (out->send_oack) {
		n = tftp_wire_build_oack(buf, sizeof buf, &x->s.req);
		xfer_send_pkt(x, &x->peer, buf, n);
	}
	if (out->count > 0) {
		if (out->retransmit)
			d->st.retransmits += out->count;
		if (xfer_send_blocks(x, out->first, out->count) != 0 ||
		    (out->probe != 0 &&
		    xfer_send_blocks(x, out->probe, 1) != 0)) {
			tftp_session_abort(&x->s, TFTP_ERR_UNDEF,
			    "Read error: the file changed or vanished", out);
		}
	}
	if (out->send_error) {
		n = tftp_wire_build_error(buf, sizeof buf, out->err_code,
		    out->err_msg);
		xfer_send_pkt(x, &x->peer, buf, n);
	}
	if (out->finished) {
		if (out->state == TS_DONE) {
			d->st.done++;
			log_info("tftp: %s done \"%s\" (%llu bytes, %.3f s, "
			    "%llu resent%s)", x->client, x->path,
			    (unsigned long long)x->s.size,
			    (double)(now - x->started_ms) / 1000.0,
			    (unsigned long long)x->s.retransmits,
			    x->s.unconfirmed ? ", last ACK never seen" : "");
			post_tftp(EV_TFTP_DONE, x, &x->peer, x->asked, 0, NULL);
		} else {
			d->st.failed++;
			log_info("tftp: %s failed \"%s\" after %llu bytes: %s",
			    x->client, x->path,
			    (unsigned long long)tftp_session_bytes(&x->s),
			    x->s.err_msg);
			post_tftp(EV_TFTP_ERROR, x, &x->peer, x->asked,
			    x->s.err_code, x->s.err_msg);
		}
		xfer_free(x);
		return (1);
	}
	if (out->progressed && now - x->progress_ms >= TFTP_PROGRESS_MS) {
		x->progress_ms = now;
		post_tftp(EV_TFTP_PROGRESS, x, &x->peer, x->asked, 0, NULL);
	}
	if (out->deadline != 0 &&
	    (!x->timer.armed || x->timer.deadline != out->deadline))
		loop_timer_set(d->loop, &x->timer, out->deadline,
		    xfer_timer_cb, x);
	return (0);
}

/*
 * One datagram from a transfer socket: the peer's ACK, or a stranger's.
 * One per wake-up: epoll is level-triggered, so a second one queued is
 * reported again, and the common case costs no EAGAIN read.  Returns -1
 * if nothing was there, 1 if the transfer ended (x is freed), else 0.
 */
static int
xfer_read(struct tftp_xfer *x, uint64_t now)
{
	struct tftpd		*d = x->d;
	struct sockaddr_in	 from;
	socklen_t		 fromlen = sizeof from;
	struct tftp_out		 out;
	ssize_t			 n;
	uint8_t			 buf[256];
	size_t			 len;

	n = recvfrom(x->fd, d->rxbuf, TFTP_PKT_MAX, 0,
	    (struct sockaddr *)&from, &fromlen);
	if (n < 0)
		return (-1);
	if (from.sin_addr.s_addr != x->peer.sin_addr.s_addr ||
	    from.sin_port != x->peer.sin_port) {
		/* RFC 1350 section 4: not our peer's TID. */
		d->st.foreign++;
		tftp_session_foreign(&x->s, &out);
		len = tftp_wire_build_error(buf, sizeof buf, out.err_code,
		    out.err_msg);
		xfer_send_pkt(x, &from, buf, len);
		return (0);
	}
	if (x->first_ack_ns == 0 && n >= 2 && d->rxbuf[0] == 0 &&
	    d->rxbuf[1] == TFTP_OP_ACK)
		x->first_ack_ns = wall_ns();
	tftp_session_input(&x->s, d->rxbuf, (size_t)n, now, &out);
	return (xfer_apply(x, &out, now));
}

static void
tftpd_epoll_cb(int fd, short revents, void *arg)
{
	struct tftpd		*d = arg;
	struct epoll_event	 evs[64];
	uint64_t		 now;
	int			 n, i;

	(void)fd;
	(void)revents;
	n = epoll_wait(d->epfd, evs, 64, 0);
	if (n <= 0)
		return;
	now = clock_now_ms();
	for (i = 0; i < n; i++)
		(void)xfer_read(evs[i].data.ptr, now);
}

/* A transfer socket the loop polls itself (the first few transfers). */
static void
xfer_direct_cb(int fd, short revents, void *arg)
{
	(void)fd;
	(void)revents;
	(void)xfer_read(arg, clock_now_ms());
}

static void
xfer_free(struct tftp_xfer *x)
{
	struct tftpd	*d = x->d;

	loop_timer_cancel(d->loop, &x->timer);
	if (x->direct) {
		loop_del_fd(d->loop, x->fd);
		d->ndirect--;
	} else
		(void)epoll_ctl(d->epfd, EPOLL_CTL_DEL, x->fd, NULL);
	close(x->fd);
	d->files->close(d->files, x->file);
	if (x->counted)
		peers_give(d->cfg.peers, x->peer.sin_addr.s_addr);
	free(x->ra);
	LIST_REMOVE(x, bucket);
	LIST_REMOVE(x, all);
	d->nxfers--;
	free(x);
}

/* A socket for one transfer: on the interface, from the address asked. */
static int
xfer_socket(struct tftpd *d, uint32_t local, size_t sndbuf)
{
	struct sockaddr_in	 sin;
	int			 fd, v;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return (-1);
	if (d->ifname[0] != '\0' && setsockopt(fd, SOL_SOCKET,
	    SO_BINDTODEVICE, d->ifname, (socklen_t)strlen(d->ifname)) == -1) {
		close(fd);
		return (-1);
	}
	if (sndbuf > 0) {
		v = sndbuf > (4u << 20) ? 4 << 20 : (int)sndbuf;
		if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &v,
		    sizeof v) == -1)
			(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &v,
			    sizeof v);
	}
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = local;
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1) {
		close(fd);
		return (-1);
	}
	return (fd);
}

/*
 * A new request from a transfer's client port ends that transfer: it gets
 * its tftp_error, so whoever drew a progress bar for it closes it.
 */
static void
xfer_moved_on(struct tftp_xfer *x)
{
	log_info("tftp: %s moved on from \"%s\" after %llu bytes", x->client,
	    x->path, (unsigned long long)tftp_session_bytes(&x->s));
	x->d->st.failed++;
	post_tftp(EV_TFTP_ERROR, x, &x->peer, x->asked, TFTP_ERR_UNDEF,
	    "abandoned: the client asked again from the same port");
	xfer_free(x);
}

/* Is peer one to answer at all?  0: dropped (counted, logged sparsely). */
static int
tftpd_source_ok(struct tftpd *d, const struct sockaddr_in *peer,
    uint32_t local, const char *client)
{
	const char	*why = NULL;

	if (peer->sin_port != 0 && (why = tftpd_bad_source(&d->cfg,
	    peer->sin_addr.s_addr, local)) == NULL)
		return (1);
	/* No answer: it would go to many hosts, to us, or nowhere. */
	d->st.bad_source++;
	if (d->st.bad_source <= 16 ||
	    (d->st.bad_source & (d->st.bad_source - 1)) == 0)
		log_info("tftp: dropped a request from %s: %s (%llu so "
		    "far)", client, why != NULL ? why : "port 0",
		    (unsigned long long)d->st.bad_source);
	return (0);
}

/*
 * Parse a request and refuse what we do not serve (junk, a write, a mode
 * other than octet).  0 with req, asked and *optwhy (an option left out
 * of the OACK, or NULL) set; -1 when it was answered or dropped.
 */
static int
tftpd_parse(struct tftpd *d, const uint8_t *pkt, size_t len,
    const struct sockaddr_in *peer, const char *client, struct tftp_req *req,
    char *asked, size_t askedlen, const char **optwhy)
{
	const char	*why = NULL;
	int		 rc;

	rc = tftp_wire_parse_req(pkt, len, req, &why);
	if (rc == TFTP_PARSE_NOTREQ) {
		uint16_t op = len >= 2 ? (uint16_t)(pkt[0] << 8 | pkt[1]) : 0;
		/* Never answer an ERROR; strays (ACK, DATA) are dropped. */
		if (op == 0 || op > TFTP_OP_OACK)
			tftpd_refuse(d, peer, client, "", TFTP_ERR_ILLEGAL,
			    "Illegal TFTP operation", "not a request");
		return (-1);
	}
	if (rc == TFTP_PARSE_MALFORMED) {
		tftpd_refuse(d, peer, client, "", TFTP_ERR_ILLEGAL,
		    "Illegal TFTP operation", why);
		return (-1);
	}
	util_sanitise(asked, askedlen, req->file, req->filelen);
	if (req->op == TFTP_OP_WRQ) {
		tftpd_refuse(d, peer, client, asked, TFTP_ERR_ACCESS,
		    "Access violation: this server is read-only",
		    "write request refused: read-only server");
		return (-1);
	}
	*optwhy = why;
	if (req->mode != TFTP_MODE_OCTET) {
		tftpd_refuse(d, peer, client, asked, TFTP_ERR_UNDEF,
		    req->mode == TFTP_MODE_NETASCII ?
		    "netascii mode is not supported: ask in octet (binary) mode" :
		    "unsupported transfer mode: ask in octet (binary) mode",
		    NULL);
		return (-1);
	}
	return (0);
}

/*
 * The transfers from the peer's port: a new request ends them; the same
 * one is a resend (1: drop it) unless it came after the first ACK.
 */
static int
tftpd_resent(struct tftpd *d, const struct sockaddr_in *peer, uint32_t h,
    uint64_t rx_ns, const char *client, const char *asked)
{
	struct tftp_xfer	*x, *tx;

	/* A phone resends its RRQ every ~4 s from the same port. */
	LIST_FOREACH_SAFE(x, &d->buckets[peer_bucket(peer)], bucket, tx) {
		if (x->peer.sin_addr.s_addr != peer->sin_addr.s_addr ||
		    x->peer.sin_port != peer->sin_port)
			continue;
		if (x->rrq_hash != h) {
			/* Same port, new request: the old transfer is over. */
			xfer_moved_on(x);
			continue;
		}
		/*
		 * Waiting only for the last ACK, the transfer may belong to a
		 * client gone without sending it, whose port the OS gave to a
		 * new client asking for the same file: start over.
		 */
		if (x->s.state == TS_WAIT_LAST_ACK && x->s.acked > 0) {
			xfer_moved_on(x);
			continue;
		}
		/*
		 * A client resends its RRQ only until our first packet
		 * reaches it, so a copy reaches the kernel before that
		 * client's first ACK does, however late we read it.  The
		 * same request stamped after the transfer's first ACK comes
		 * from another socket on the same port (busybox sets
		 * SO_REUSEADDR, and Linux then lets two unconnected clients
		 * share an ephemeral port): serve it too, or that client
		 * hears nothing until it gives up.
		 */
		if (x->first_ack_ns == 0 || rx_ns == 0 ||
		    rx_ns <= x->first_ack_ns) {
			d->st.dup_rrqs++;
			log_debug("tftp: %s resent its request for \"%s\"",
			    client, asked);
			return (1);
		}
		d->st.shared_ports++;
		log_info("tftp: %s asked for \"%s\" again after its transfer "
		    "was acknowledged: another client on the same port", client,
		    asked);
	}
	return (0);
}

/* A transfer slot, overall and for the peer's address: 0, or refused. */
static int
tftpd_take_slot(struct tftpd *d, const struct sockaddr_in *peer,
    const char *client, const char *asked)
{
	uint64_t	 refused = 0;

	if (d->nxfers >= d->cfg.max_xfers) {
		tftpd_refuse(d, peer, client, asked, TFTP_ERR_UNDEF,
		    "Server busy, try again", "too many transfers");
		return (-1);
	}
	/*
	 * One address holds at most max_per_peer slots (dnsmasq and
	 * tftp-hpa limit a client too), so a host flooding requests from
	 * thousands of ports leaves the rest to everyone else.
	 */
	switch (peers_take(d->cfg.peers, peer->sin_addr.s_addr,
	    d->cfg.max_per_peer, &refused)) {
	case -1:
		d->st.peer_busy++;
		tftpd_refuse_quiet(d, peer, client, asked, refused);
		return (-1);
	case -2:
		tftpd_refuse(d, peer, client, asked, TFTP_ERR_UNDEF,
		    "Server out of memory", "calloc failed");
		return (-1);
	}
	return (0);
}

/*
 * The session and the socket of new transfer x of file; 0, or -1 with
 * the answer for the client in *err and a reason in msg (nothing left
 * open).
 */
static int
xfer_open(struct tftpd *d, struct tftp_xfer *x, const struct tftp_req *req,
    struct tftp_file *file, uint32_t local, uint64_t now, const char **err,
    char *msg, size_t msglen)
{
	struct tftp_params	 p;
	struct epoll_event	 ev;

	memset(&p, 0, sizeof p);
	p.req = *req;
	p.size = d->files->size(d->files, file);
	p.blksize_max = d->cfg.blksize_max;
	p.window_max = d->cfg.window_max;
	p.idle_ms = d->cfg.idle_ms;
	p.rto_min_ms = d->cfg.rto_min_ms;
	tftp_session_init(&x->s, &p, now);
	x->fd = xfer_socket(d, local, x->s.window > 1 ? (size_t)x->s.window *
	    (x->s.blksize + 64) * 2 : 0);
	if (x->fd == -1) {
		snprintf(msg, msglen, "transfer socket: %s", strerror(errno));
		*err = "Server could not open a transfer socket";
		return (-1);
	}
	/*
	 * The first few transfers sit in the loop's own poll set: one wake-up
	 * and no epoll_wait per ACK.  Beyond that the epoll set keeps poll()
	 * at one descriptor however many transfers run.
	 */
	memset(&ev, 0, sizeof ev);
	ev.events = EPOLLIN;
	ev.data.ptr = x;
	if (d->ndirect < TFTPD_DIRECT_MAX &&
	    loop_add_fd(d->loop, x->fd, POLLIN, xfer_direct_cb, x) == 0) {
		x->direct = 1;
		d->ndirect++;
	} else if (epoll_ctl(d->epfd, EPOLL_CTL_ADD, x->fd, &ev) == -1) {
		close(x->fd);
		snprintf(msg, msglen, "epoll_ctl");
		*err = "Server could not watch a transfer socket";
		return (-1);
	}
	if (x->s.window == 1 && x->s.blksize * 2 <= TFTPD_READAHEAD &&
	    x->s.size > x->s.blksize) {
		/* Lockstep: a small read-ahead; no memory, no read-ahead. */
		x->ra_cap = TFTPD_READAHEAD / x->s.blksize * x->s.blksize;
		x->ra = malloc(x->ra_cap);
	}
	return (0);
}

/* One datagram on the listening socket: a request, or junk. */
static void
tftpd_request(struct tftpd *d, const uint8_t *pkt, size_t len,
    const struct sockaddr_in *peer, uint32_t local, uint64_t rx_ns)
{
	struct tftp_req		 req;
	struct tftp_xfer	*x = NULL;
	struct tftp_file	*file = NULL;
	struct tftp_out		 out;
	char			 client[EV_ADDR_LEN], asked[EV_NAME_LEN];
	char			 served[EV_NAME_LEN], msg[128];
	const char		*why = NULL, *optwhy = NULL, *err;
	uint32_t		 h;
	uint64_t		 now;
	int			 code;

	d->st.requests++;
	util_sockaddr_str(client, sizeof client, peer);
	if (!tftpd_source_ok(d, peer, local, client) || tftpd_parse(d, pkt,
	    len, peer, client, &req, asked, sizeof asked, &optwhy) != 0)
		return;
	h = util_fnv1a(UTIL_FNV1A_INIT, pkt, len, 0);
	if (tftpd_resent(d, peer, h, rx_ns, client, asked) ||
	    tftpd_take_slot(d, peer, client, asked) != 0)
		return;
	code = tftp_files_open_for(d->files, peer->sin_addr.s_addr, req.file,
	    &file, served, sizeof served, &why);
	if (code != 0) {
		peers_give(d->cfg.peers, peer->sin_addr.s_addr);
		tftpd_refuse(d, peer, client, asked, (uint16_t)code,
		    code == TFTP_ERR_NOTFOUND ? "File not found" :
		    "Access violation", why);
		return;
	}
	err = "Server out of memory";
	snprintf(msg, sizeof msg, "calloc failed");
	if ((x = calloc(1, sizeof *x)) == NULL)
		goto fail;
	x->counted = 1;
	now = clock_now_ms();
	if (xfer_open(d, x, &req, file, local, now, &err, msg,
	    sizeof msg) != 0)
		goto fail;
	x->d = d;
	x->peer = *peer;
	x->local = local;
	x->rrq_hash = h;
	x->file = file;
	x->id = d->cfg.id_first + ++d->next_id * d->cfg.id_step;
	x->started_ms = x->progress_ms = now;
	strlcpy(x->client, client, sizeof x->client);
	strlcpy(x->asked, asked, sizeof x->asked);
	util_sanitise(x->path, sizeof x->path, served, strlen(served));
	LIST_INSERT_HEAD(&d->buckets[peer_bucket(peer)], x, bucket);
	LIST_INSERT_HEAD(&d->xfers, x, all);
	d->nxfers++;
	d->st.started++;

	log_info("tftp: %s asked for \"%s\", serving \"%s\" (%llu bytes, "
	    "blksize %u, window %u%s%s)", client, asked, x->path,
	    (unsigned long long)x->s.size, x->s.blksize, x->s.window,
	    optwhy != NULL ? "; " : "", optwhy != NULL ? optwhy : "");
	post_tftp(EV_TFTP_START, x, peer, asked, 0, NULL);
	tftp_session_start(&x->s, now, &out);
	(void)xfer_apply(x, &out, now);
	return;
fail:
	peers_give(d->cfg.peers, peer->sin_addr.s_addr);
	d->files->close(d->files, file);
	free(x);
	tftpd_refuse(d, peer, client, asked, TFTP_ERR_UNDEF, err, msg);
}

static void
tftpd_listen_cb(int fd, short revents, void *arg)
{
	struct tftpd		*d = arg;
	struct sockaddr_in	 peer;
	struct msghdr		 mh;
	struct iovec		 iov;
	struct cmsghdr		*cm;
	union {
		struct cmsghdr	 hdr;
		uint8_t		 buf[CMSG_SPACE(sizeof(struct in_pktinfo)) +
				     CMSG_SPACE(sizeof(struct timespec))];
	}			 cbuf;
	struct timespec		 ts;
	uint64_t		 rx_ns;
	uint32_t		 local;
	ssize_t			 n;
	int			 i;

	(void)revents;
	for (i = 0; i < TFTPD_RX_PER_WAKE; i++) {
		memset(&mh, 0, sizeof mh);
		iov.iov_base = d->rxbuf;
		iov.iov_len = TFTP_PKT_MAX;
		mh.msg_name = &peer;
		mh.msg_namelen = sizeof peer;
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = cbuf.buf;
		mh.msg_controllen = sizeof cbuf.buf;
		if ((n = recvmsg(fd, &mh, 0)) < 0)
			return;
		if (mh.msg_flags & MSG_TRUNC)
			continue;
		/* Reply from the address the request was sent to. */
		local = d->cfg.addr;
		rx_ns = 0;
		for (cm = CMSG_FIRSTHDR(&mh); cm != NULL;
		    cm = CMSG_NXTHDR(&mh, cm)) {
			if (cm->cmsg_level == SOL_SOCKET &&
			    cm->cmsg_type == SO_TIMESTAMPNS) {
				memcpy(&ts, CMSG_DATA(cm), sizeof ts);
				rx_ns = (uint64_t)ts.tv_sec * 1000000000u +
				    (uint64_t)ts.tv_nsec;
			}
			if (cm->cmsg_level == IPPROTO_IP &&
			    cm->cmsg_type == IP_PKTINFO) {
				struct in_pktinfo pi;
				memcpy(&pi, CMSG_DATA(cm), sizeof pi);
				if (!IN_MULTICAST(ntohl(pi.ipi_addr.s_addr)) &&
				    pi.ipi_addr.s_addr != INADDR_BROADCAST)
					local = pi.ipi_addr.s_addr;
			}
		}
		tftpd_request(d, d->rxbuf, (size_t)n, &peer, local, rx_ns);
	}
}

/* The listening socket, bound; 0, or -1 with err. */
static int
tftpd_listen(struct tftpd *d, const struct tftpd_config *cfg, const char *ip,
    char *err, size_t errlen)
{
	struct sockaddr_in	 sin;
	socklen_t		 slen;
	int			 on = 1;

	d->fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (d->fd == -1) {
		snprintf(err, errlen, "TFTP socket: %s", strerror(errno));
		return (-1);
	}
	(void)setsockopt(d->fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
	if (cfg->reuseport && setsockopt(d->fd, SOL_SOCKET, SO_REUSEPORT, &on,
	    sizeof on) == -1) {
		snprintf(err, errlen, "TFTP SO_REUSEPORT: %s", strerror(errno));
		return (-1);
	}
	/* When each request reached us, to tell a resent RRQ (see above). */
	(void)setsockopt(d->fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on);
	if (setsockopt(d->fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof on) == -1) {
		snprintf(err, errlen, "TFTP IP_PKTINFO: %s", strerror(errno));
		return (-1);
	}
	if (d->ifname[0] != '\0' && setsockopt(d->fd, SOL_SOCKET,
	    SO_BINDTODEVICE, d->ifname, (socklen_t)strlen(d->ifname)) == -1) {
		snprintf(err, errlen, "TFTP: cannot bind to %s: %s", d->ifname,
		    strerror(errno));
		return (-1);
	}
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = cfg->addr;
	sin.sin_port = htons((uint16_t)cfg->port);
	if (bind(d->fd, (struct sockaddr *)&sin, sizeof sin) == -1) {
		snprintf(err, errlen, "TFTP: cannot listen on %s port %u: %s", ip,
		    cfg->port, errno == EADDRINUSE ? "port in use" :
		    strerror(errno));
		return (-1);
	}
	slen = sizeof sin;
	if (getsockname(d->fd, (struct sockaddr *)&sin, &slen) == 0)
		d->port = ntohs(sin.sin_port);
	return (0);
}

/* The configuration with its defaults filled in. */
static void
tftpd_config_defaults(struct tftpd *d)
{
	if (d->cfg.blksize_max == 0 || d->cfg.blksize_max > TFTP_BLKSIZE_MAX)
		d->cfg.blksize_max = TFTP_BLKSIZE_MAX;
	if (d->cfg.window_max == 0)
		d->cfg.window_max = TFTPD_WINDOW_MAX;
	if (d->cfg.idle_ms == 0)
		d->cfg.idle_ms = TFTP_GIVE_UP_MS;
	if (d->cfg.max_xfers == 0)
		d->cfg.max_xfers = TFTP_MAX_XFERS;
	if (d->cfg.id_step == 0)
		d->cfg.id_step = 1;
	if (d->cfg.max_per_peer == 0)
		d->cfg.max_per_peer = TFTP_MAX_PER_PEER;
	if (d->cfg.peers == NULL)
		d->cfg.peers = d->own_peers = tftpd_peers_new();
}

struct tftpd *
tftpd_new(struct loop *loop, struct tftp_files *files,
    const struct tftpd_config *cfg, char *err, size_t errlen)
{
	struct tftpd		*d;
	struct rlimit		 rl;
	char			 ip[INET_ADDRSTRLEN];
	int			 i;

	d = xcalloc(1, sizeof *d);
	d->loop = loop;
	d->files = files;
	d->cfg = *cfg;
	tftpd_config_defaults(d);
	if (cfg->ifname != NULL)
		strlcpy(d->ifname, cfg->ifname, sizeof d->ifname);
	d->fd = d->epfd = -1;
	LIST_INIT(&d->xfers);
	for (i = 0; i < TFTPD_NBUCKETS; i++)
		LIST_INIT(&d->buckets[i]);
	d->rxbuf = xmalloc(TFTP_PKT_MAX + 1);
	d->txbuf = xmalloc(TFTPD_TXBUF);

	/* One descriptor per transfer: lift the soft limit to the hard one. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max &&
	    rl.rlim_cur < TFTP_MAX_XFERS + 64) {
		rl.rlim_cur = rl.rlim_max < TFTP_MAX_XFERS + 64 ?
		    rl.rlim_max : TFTP_MAX_XFERS + 64;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}

	util_ip_str(ip, sizeof ip, cfg->addr);
	if (tftpd_listen(d, cfg, ip, err, errlen) != 0)
		goto fail;
	if ((d->epfd = epoll_create1(EPOLL_CLOEXEC)) == -1) {
		snprintf(err, errlen, "TFTP epoll: %s", strerror(errno));
		goto fail;
	}
	loop_add_fd(loop, d->fd, POLLIN, tftpd_listen_cb, d);
	loop_add_fd(loop, d->epfd, POLLIN, tftpd_epoll_cb, d);
	log_info("tftp: serving on %s port %u%s%s", ip, d->port,
	    d->ifname[0] != '\0' ? " on " : "", d->ifname);
	return (d);
fail:
	if (d->fd != -1)
		close(d->fd);
	tftpd_peers_free(d->own_peers);
	free(d->rxbuf);
	free(d->txbuf);
	free(d);
	return (NULL);
}

void
tftpd_free(struct tftpd *d)
{
	struct tftp_xfer	*x;

	if (d == NULL)
		return;
	while ((x = LIST_FIRST(&d->xfers)) != NULL) {
		log_info("tftp: %s stopped \"%s\" at %llu of %llu bytes (%s, "
		    "%llu resent)", x->client, x->path,
		    (unsigned long long)tftp_session_bytes(&x->s),
		    (unsigned long long)x->s.size,
		    tftp_session_state_name(x->s.state),
		    (unsigned long long)x->s.retransmits);
		xfer_free(x);
	}
	loop_del_fd(d->loop, d->fd);
	loop_del_fd(d->loop, d->epfd);
	close(d->fd);
	close(d->epfd);
	tftpd_peers_free(d->own_peers);
	free(d->rxbuf);
	free(d->txbuf);
	free(d);
}

unsigned
tftpd_port(const struct tftpd *d)
{
	return (d->port);
}

size_t
tftpd_active(const struct tftpd *d)
{
	return (d->nxfers);
}

void
tftpd_get_stats(const struct tftpd *d, struct tftpd_stats *st)
{
	*st = d->st;
}
