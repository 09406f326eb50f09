/*
 * The simulated phone's I/O: packet sockets for the link-layer frames and
 * the DHCP exchange before it has an address, the leased address on its
 * interface, and a UDP socket per TFTP request, all on the shared loop.
 */
#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "compat.h"
#include "dhcp/dhcp_wire.h"
#include "log.h"
#include "loop.h"
#include "net/net.h"
#include "sim_io.h"
#include "sim_phone.h"
#include "xmalloc.h"

struct sim_io {
	struct loop		*loop;
	struct sim_phone	*p;
	char			 ifname[IF_NAMESIZE];
	unsigned		 ifindex;
	int			 linkfd, dhcpfd, tftpfd, httpfd;
	int			 http_sent;	/* the GET is out: reading */
	char			 http_req[512];
	size_t			 http_reqlen, http_reqoff;
	uint8_t			*http_buf;
	size_t			 http_len, http_cap;
	uint32_t		 addr;		/* what we put on the interface */
	unsigned		 plen;
	unsigned		 vlan;		/* tag the link frames; 0: none */
	uint8_t			 mac[6];
	struct loop_timer	 timer;
	void			(*report)(void *, const struct sim_report *);
	void			*report_arg;
};

static void	 rearm(struct sim_io *);

/* A whole Ethernet frame out of the raw packet socket. */
static void
io_send_link(void *arg, const uint8_t *f, size_t len)
{
	struct sim_io		*io = arg;
	struct sockaddr_ll	 sll;
	uint8_t			 t[1600];

	/* A phone on a voice VLAN: the 802.1Q tag after the addresses. */
	if (io->vlan != 0 && len >= 12 && len + 4 <= sizeof t) {
		memcpy(t, f, 12);
		t[12] = 0x81;
		t[13] = 0x00;
		t[14] = (uint8_t)(io->vlan >> 8);
		t[15] = (uint8_t)io->vlan;
		memcpy(t + 16, f + 12, len - 12);
		f = t;
		len += 4;
	}
	memset(&sll, 0, sizeof sll);
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = (int)io->ifindex;
	sll.sll_halen = 6;
	memcpy(sll.sll_addr, f, 6);
	if (sendto(io->linkfd, f, len, 0, (struct sockaddr *)&sll,
	    sizeof sll) == -1)
		log_warn("simphone: link frame");
}

/* DHCP from 0.0.0.0:68 to the broadcast address, IP and UDP built here. */
static void
io_send_dhcp(void *arg, const uint8_t *pkt, size_t len)
{
	struct sim_io	*io = arg;
	uint8_t		 b[1600];
	size_t		 n;

	if ((n = net_udp4_build(b + 14, sizeof b - 14, 0, DHCP_CLIENT_PORT,
	    INADDR_BROADCAST, DHCP_SERVER_PORT, pkt, len)) == 0)
		return;
	if (io->vlan != 0) {
		/* A whole frame from the phone's MAC; io_send_link tags it. */
		memset(b, 0xff, 6);
		memcpy(b + 6, io->mac, 6);
		b[12] = 0x08;
		b[13] = 0x00;
		io_send_link(io, b, n + 14);
		return;
	}
	if (net_packet_send(io->dhcpfd, io->ifindex, NULL, b + 14, n) != 0)
		log_warn("simphone: dhcp send");
}

/* Take our previous address away, then put ip/plen on the interface. */
static int
io_set_addr(void *arg, uint32_t ip, unsigned plen)
{
	struct sim_io		*io = arg;
	struct net_iface	 ifc;
	char			 err[256];

	if (io->addr != 0) {
		if (net_addr_del(io->ifindex, io->addr, io->plen, err,
		    sizeof err) != 0)
			log_warnx("simphone: %s", err);
		io->addr = 0;
	}
	if (ip == 0)
		return (0);
	if (net_iface_get(io->ifname, &ifc, err, sizeof err) == 0 &&
	    net_iface_has_addr(&ifc, ip))
		return (0);		/* already there: not ours to remove */
	if (net_addr_add(io->ifindex, ip, plen, err, sizeof err) != 0) {
		log_warnx("simphone: %s", err);
		return (-1);
	}
	io->addr = ip;
	io->plen = plen;
	return (0);
}

/* Datagrams on the TFTP socket, to the phone, until none is left. */
static void
io_tftp_read(int fd, short ev, void *arg)
{
	struct sim_io		*io = arg;
	struct sockaddr_in	 from;
	socklen_t		 flen;
	uint8_t			 b[65536];
	ssize_t			 n;

	(void)ev;
	for (;;) {
		flen = sizeof from;
		n = recvfrom(fd, b, sizeof b, 0, (struct sockaddr *)&from,
		    &flen);
		if (n < 0)
			break;
		sim_phone_tftp_input(io->p, from.sin_addr.s_addr,
		    ntohs(from.sin_port), b, (size_t)n, clock_now_ms());
		/* The phone may have closed this socket. */
		if (io->tftpfd != fd)
			break;
	}
	rearm(io);
}

/* Close the TFTP socket (the phone is done with this port). */
static void
io_tftp_close(void *arg)
{
	struct sim_io	*io = arg;

	if (io->tftpfd == -1)
		return;
	loop_del_fd(io->loop, io->tftpfd);
	close(io->tftpfd);
	io->tftpfd = -1;
}

/* A socket of type on the leased address and our interface, any port. */
static int
io_socket(struct sim_io *io, int type)
{
	struct sockaddr_in	 sin;
	int			 fd;

	if ((fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) ==
	    -1)
		return (-1);
	(void)setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, io->ifname,
	    (socklen_t)strlen(io->ifname));
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = io->addr;
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1) {
		log_warn("simphone: bind");
		close(fd);
		return (-1);
	}
	return (fd);
}

/* A UDP socket on the leased address, fresh port: the TFTP client's TID. */
static int
io_tftp_open(void *arg)
{
	struct sim_io		*io = arg;
	int			 fd;

	io_tftp_close(io);
	if ((fd = io_socket(io, SOCK_DGRAM)) == -1)
		return (-1);
	if (loop_add_fd(io->loop, fd, POLLIN, io_tftp_read, io) != 0) {
		close(fd);
		return (-1);
	}
	io->tftpfd = fd;
	return (0);
}

/* One TFTP packet to ip:port from the current socket. */
static void
io_tftp_send(void *arg, uint32_t ip, uint16_t port, const uint8_t *b,
    size_t len)
{
	struct sim_io		*io = arg;
	struct sockaddr_in	 to;

	if (io->tftpfd == -1)
		return;
	memset(&to, 0, sizeof to);
	to.sin_family = AF_INET;
	to.sin_addr.s_addr = ip;
	to.sin_port = htons(port);
	if (sendto(io->tftpfd, b, len, 0, (struct sockaddr *)&to,
	    sizeof to) == -1 && errno != EAGAIN)
		log_warn("simphone: tftp send");
}

/* Drop the GET in flight and its socket. */
static void
io_http_cancel(void *arg)
{
	struct sim_io	*io = arg;

	if (io->httpfd != -1) {
		loop_del_fd(io->loop, io->httpfd);
		close(io->httpfd);
		io->httpfd = -1;
	}
	io->http_len = 0;
	io->http_sent = 0;
}

/*
 * A whole response (the server closed): its status and body to the
 * phone.  "HTTP/1.x NNN ...", headers, a blank line, the body (up to
 * Content-Length when there is one).
 */
static void
io_http_answer(struct sim_io *io)
{
	const char	*h = (const char *)io->http_buf, *e, *cl;
	size_t		 hl, blen;
	unsigned long	 want;
	int		 status;

	if (io->http_len < 12 || memcmp(h, "HTTP/1.", 7) != 0 ||
	    (e = memmem(h, io->http_len, "\r\n\r\n", 4)) == NULL) {
		sim_phone_http_input(io->p, SIM_HTTP_REFUSED, NULL, 0,
		    clock_now_ms());
		return;
	}
	status = atoi(h + 9);
	hl = (size_t)(e - h) + 4;
	blen = io->http_len - hl;
	cl = memmem(h, hl, "\r\nContent-Length:", 17);
	if (cl == NULL)
		cl = memmem(h, hl, "\r\ncontent-length:", 17);
	if (cl != NULL && (want = strtoul(cl + 17, NULL, 10)) < blen)
		blen = want;
	sim_phone_http_input(io->p, status, io->http_buf + hl, blen,
	    clock_now_ms());
}

/* The HTTP socket: connected (send the GET), or bytes of the answer. */
static void
io_http_event(int fd, short ev, void *arg)
{
	struct sim_io	*io = arg;
	uint8_t		*nb;
	ssize_t		 n;
	int		 err = 0;
	socklen_t	 elen = sizeof err;

	(void)ev;
	if (!io->http_sent) {
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) == -1 ||
		    err != 0)
			goto refused;
		n = send(fd, io->http_req + io->http_reqoff, io->http_reqlen -
		    io->http_reqoff, MSG_NOSIGNAL);
		if (n < 0 && errno != EAGAIN)
			goto refused;
		if (n > 0)
			io->http_reqoff += (size_t)n;
		if (io->http_reqoff == io->http_reqlen) {
			io->http_sent = 1;
			(void)loop_set_events(io->loop, fd, POLLIN);
		}
		rearm(io);
		return;
	}
	for (;;) {
		if (io->http_cap - io->http_len < 65536) {
			if (io->http_cap > SIM_MAX_FILE + 65536 ||
			    (nb = realloc(io->http_buf, io->http_cap + 262144)) ==
			    NULL)
				goto refused;
			io->http_buf = nb;
			io->http_cap += 262144;
		}
		n = recv(fd, io->http_buf + io->http_len, io->http_cap -
		    io->http_len, 0);
		if (n > 0) {
			io->http_len += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EAGAIN)
			break;
		if (n < 0 && io->http_len == 0)
			goto refused;
		/* The end: the whole answer is in. */
		loop_del_fd(io->loop, fd);
		close(fd);
		io->httpfd = -1;
		io_http_answer(io);
		io->http_len = 0;
		break;
	}
	rearm(io);
	return;
refused:
	io_http_cancel(io);
	sim_phone_http_input(io->p, SIM_HTTP_REFUSED, NULL, 0, clock_now_ms());
	rearm(io);
}

/* Connect to ip:port from the leased address and queue "GET path". */
static int
io_http_get(void *arg, uint32_t ip, uint16_t port, const char *path)
{
	struct sim_io		*io = arg;
	struct sockaddr_in	 sin;
	char			 host[INET_ADDRSTRLEN];
	int			 fd, n;

	io_http_cancel(io);
	inet_ntop(AF_INET, &ip, host, sizeof host);
	n = snprintf(io->http_req, sizeof io->http_req, "GET %s HTTP/1.1\r\n"
	    "Host: %s:%u\r\nUser-Agent: phonerescue-simphone\r\n"
	    "Connection: close\r\n\r\n", path, host, port);
	if (n < 0 || (size_t)n >= sizeof io->http_req)
		return (-1);
	io->http_reqlen = (size_t)n;
	io->http_reqoff = 0;
	if ((fd = io_socket(io, SOCK_STREAM)) == -1)
		return (-1);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = ip;
	sin.sin_port = htons(port);
	if (connect(fd, (struct sockaddr *)&sin, sizeof sin) == -1 &&
	    errno != EINPROGRESS)
		goto fail;
	if (loop_add_fd(io->loop, fd, POLLOUT, io_http_event, io) != 0)
		goto fail;
	io->httpfd = fd;
	return (0);
fail:
	close(fd);
	return (-1);
}

/* A report, to the command's printer. */
static void
io_report(void *arg, const struct sim_report *r)
{
	struct sim_io	*io = arg;

	if (io->report != NULL)
		io->report(io->report_arg, r);
}

/* Replies from DHCP servers (port 67 to 68) off the packet socket. */
static void
io_dhcp_read(int fd, short ev, void *arg)
{
	struct sim_io	*io = arg;
	uint8_t		 b[2048];
	const uint8_t	*pl;
	uint32_t	 src, dst;
	uint16_t	 sport, dport;
	size_t		 plen;
	ssize_t		 n;

	(void)ev;
	while ((n = recv(fd, b, sizeof b, 0)) > 0) {
		if (net_udp4_parse(b, (size_t)n, &src, &sport, &dst, &dport,
		    &pl, &plen) != 0 || sport != DHCP_SERVER_PORT ||
		    dport != DHCP_CLIENT_PORT)
			continue;
		sim_phone_dhcp_input(io->p, pl, plen, clock_now_ms());
	}
	rearm(io);
}

/* The phone's own deadline came. */
static void
io_timer(void *arg)
{
	struct sim_io	*io = arg;

	sim_phone_tick(io->p, clock_now_ms());
	rearm(io);
}

/* After anything happened: the next timer, or stop when the phone is done. */
static void
rearm(struct sim_io *io)
{
	uint64_t	 d;

	if (sim_phone_result(io->p) != SIM_RUNNING) {
		loop_timer_cancel(io->loop, &io->timer);
		loop_break(io->loop);
		return;
	}
	if ((d = sim_phone_deadline(io->p)) != 0)
		loop_timer_set(io->loop, &io->timer, d, io_timer, io);
	else
		loop_timer_cancel(io->loop, &io->timer);
}

/* Open the sockets on ifname and make the phone; NULL with err. */
struct sim_io *
sim_io_new(struct loop *loop, const char *ifname, const struct sim_cfg *cfg,
    void (*report)(void *, const struct sim_report *), void *arg, char *err,
    size_t errlen)
{
	struct sim_io	*io;
	struct sim_ops	 ops;
	int		 fl;

	io = xcalloc(1, sizeof *io);
	io->loop = loop;
	io->linkfd = io->dhcpfd = io->tftpfd = io->httpfd = -1;
	io->report = report;
	io->report_arg = arg;
	io->vlan = cfg->vlan;
	memcpy(io->mac, cfg->mac, sizeof io->mac);
	strlcpy(io->ifname, ifname, sizeof io->ifname);
	if ((io->ifindex = if_nametoindex(ifname)) == 0) {
		snprintf(err, errlen, "no such interface: %s", ifname);
		goto fail;
	}
	/* Protocol 0: send only; nothing is queued for us to read. */
	if ((io->linkfd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0)) ==
	    -1) {
		snprintf(err, errlen, "packet socket: %s (needs root)",
		    strerror(errno));
		goto fail;
	}
	if ((io->dhcpfd = net_packet_open(io->ifindex, DHCP_SERVER_PORT,
	    DHCP_CLIENT_PORT, err, errlen)) == -1)
		goto fail;
	if ((fl = fcntl(io->dhcpfd, F_GETFL)) != -1)
		(void)fcntl(io->dhcpfd, F_SETFL, fl | O_NONBLOCK);
	if (loop_add_fd(loop, io->dhcpfd, POLLIN, io_dhcp_read, io) != 0) {
		snprintf(err, errlen, "loop: cannot watch the DHCP socket");
		goto fail;
	}
	memset(&ops, 0, sizeof ops);
	ops.send_link = io_send_link;
	ops.send_dhcp = io_send_dhcp;
	ops.set_addr = io_set_addr;
	ops.tftp_open = io_tftp_open;
	ops.tftp_send = io_tftp_send;
	ops.tftp_close = io_tftp_close;
	ops.http_get = io_http_get;
	ops.http_cancel = io_http_cancel;
	ops.report = io_report;
	ops.arg = io;
	io->p = sim_phone_new(cfg, &ops);
	return (io);
fail:
	sim_io_free(io);
	return (NULL);
}

/* Power on: link-up now. */
void
sim_io_start(struct sim_io *io)
{
	sim_phone_start(io->p, clock_now_ms());
	rearm(io);
}

/* SIM_RUNNING until the phone is done. */
enum sim_result
sim_io_result(const struct sim_io *io)
{
	return (sim_phone_result(io->p));
}

/* Give up now, with why (the host's time limit, a signal). */
void
sim_io_abort(struct sim_io *io, const char *why)
{
	sim_phone_abort(io->p, why, clock_now_ms());
	rearm(io);
}

/* Close everything and take the leased address away. */
void
sim_io_free(struct sim_io *io)
{
	if (io == NULL)
		return;
	loop_timer_cancel(io->loop, &io->timer);
	io_tftp_close(io);
	io_http_cancel(io);
	free(io->http_buf);
	if (io->addr != 0)
		(void)io_set_addr(io, 0, 0);
	if (io->dhcpfd != -1) {
		loop_del_fd(io->loop, io->dhcpfd);
		close(io->dhcpfd);
	}
	if (io->linkfd != -1)
		close(io->linkfd);
	sim_phone_free(io->p);
	free(io);
}
