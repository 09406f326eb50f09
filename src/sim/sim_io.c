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
	int			 linkfd, dhcpfd, tftpfd;
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

/* A UDP socket on the leased address, fresh port: the TFTP client's TID. */
static int
io_tftp_open(void *arg)
{
	struct sim_io		*io = arg;
	struct sockaddr_in	 sin;
	int			 fd;

	io_tftp_close(io);
	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1)
		return (-1);
	(void)setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, io->ifname,
	    (socklen_t)strlen(io->ifname));
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = io->addr;
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1) {
		log_warn("simphone: tftp bind");
		close(fd);
		return (-1);
	}
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
	io->linkfd = io->dhcpfd = io->tftpfd = -1;
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
