/*
 * The DHCP server's sockets: read requests, hand them to dhcpd_handle(),
 * send what it returns where RFC 2131 §4.1 says; run the ARP probes it
 * asks for; listen for other servers; save the lease file.
 */
#include "config.h"

#include <sys/random.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "clock.h"
#include "compat.h"
#include "dhcp_pool.h"
#include "dhcpd.h"
#include "dhcpd_io.h"
#include "log.h"
#include "loop.h"
#include "net/net.h"
#include "tunables.h"
#include "util.h"
#include "xmalloc.h"

#define IO_BATCH	64	/* datagrams per readable callback */

struct dhcpd_io {
	struct loop		*loop;
	struct dhcpd		*d;
	struct dhcpd_io_config	 cfg;
	char			 ifname[IF_NAMESIZE];
	char			*leases;
	int			 udp, pkt, arp;
	struct loop_timer	 probe_timer;
	struct loop_timer	 save_timer;
	struct loop_timer	 reprobe_timer;
	struct loop_timer	 check_timer;
	int			 save_failed;
	/*
	 * Re-probes while serving ask from a locally administered MAC of
	 * their own, without the broadcast flag: a server answers it as it
	 * would a phone (unicast on a switch), and a server that knows our
	 * MAC (or ignores it) cannot hide.  uc: the NIC accepts frames to
	 * that MAC (PACKET_MR_UNICAST); without it the flag is set.
	 */
	uint8_t			 probe_mac[6];
	int			 uc;
	int			 nl;		/* link changes (carrier), or -1 */
	int			 carrier;	/* -1: not known yet */
	unsigned		 burst;		/* quick re-probes still to send */
	int			 checking;	/* dhcpd_io_check_again running */
	uint64_t		 check_foreign;	/* foreign replies when it began */
};

static void	 on_udp(int, short, void *);
static void	 on_pkt(int, short, void *);
static void	 on_arp(int, short, void *);
static void	 on_probe_timer(void *);
static void	 on_save_timer(void *);
static void	 on_reprobe_timer(void *);
static void	 on_check_timer(void *);
static void	 on_nl(int, short, void *);
static int	 send_reprobe(struct dhcpd_io *);
static int	 send_probe(int, unsigned, const uint8_t[6]);
static void	 emit(struct dhcpd_io *, int, struct dhcp_reply *);
static void	 rearm(struct dhcpd_io *);
static void	 save_leases(struct dhcpd_io *);

/* The UDP socket on the server port, bound to the interface. */
static int
open_udp(const struct dhcpd_io_config *c, char *err, size_t errlen)
{
	struct sockaddr_in	 sin;
	int			 fd, one = 1, rcvbuf = DHCP_RCVBUF;

	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0)) == -1) {
		snprintf(err, errlen, "DHCP socket: %s", strerror(errno));
		return (-1);
	}
	/* A room full of phones powering up at once: room for the burst. */
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one) == -1 ||
	    setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof one) == -1) {
		snprintf(err, errlen, "DHCP socket options: %s", strerror(errno));
		goto fail;
	}
	/* Strictly this interface: never answer a request from another. */
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, c->ifname,
	    (socklen_t)strlen(c->ifname) + 1) == -1) {
		snprintf(err, errlen, "DHCP: binding to %s: %s", c->ifname,
		    strerror(errno));
		goto fail;
	}
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(c->port);
	sin.sin_addr.s_addr = htonl(INADDR_ANY);	/* broadcasts arrive here */
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1) {
		if (errno == EADDRINUSE)
			snprintf(err, errlen, "DHCP port %u is in use (another "
			    "DHCP server on this machine?)", c->port);
		else
			snprintf(err, errlen, "DHCP port %u: %s", c->port,
			    strerror(errno));
		goto fail;
	}
	return (fd);
fail:
	close(fd);
	return (-1);
}

/* A random locally administered unicast MAC for re-probes; and the NIC told. */
static void
probe_mac_init(struct dhcpd_io *io)
{
	struct packet_mreq	 mr;

	if (getrandom(io->probe_mac, 6, GRND_NONBLOCK) != 6) {
		memcpy(io->probe_mac, io->cfg.mac, 6);
		io->probe_mac[5] ^= (uint8_t)clock_now_us();
		io->probe_mac[4] ^= (uint8_t)getpid();
	}
	io->probe_mac[0] = (uint8_t)((io->probe_mac[0] & 0xfc) | 0x02);
	if (memcmp(io->probe_mac, io->cfg.mac, 6) == 0)
		io->probe_mac[5] ^= 0x01;
	memset(&mr, 0, sizeof mr);
	mr.mr_ifindex = (int)io->cfg.ifindex;
	mr.mr_type = PACKET_MR_UNICAST;
	mr.mr_alen = 6;
	memcpy(mr.mr_address, io->probe_mac, 6);
	io->uc = setsockopt(io->pkt, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr,
	    sizeof mr) == 0;
}

/* Netlink link notifications, and a dump of our link for its carrier now. */
static int
open_nl(unsigned ifindex)
{
	struct sockaddr_nl	 sa;
	struct {
		struct nlmsghdr	 nh;
		struct ifinfomsg ifi;
	} req;
	int			 fd;

	if ((fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    NETLINK_ROUTE)) == -1)
		return (-1);
	memset(&sa, 0, sizeof sa);
	sa.nl_family = AF_NETLINK;
	sa.nl_groups = RTMGRP_LINK;
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		close(fd);
		return (-1);
	}
	memset(&req, 0, sizeof req);
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof req.ifi);
	req.nh.nlmsg_type = RTM_GETLINK;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.ifi.ifi_family = AF_UNSPEC;
	req.ifi.ifi_index = (int)ifindex;
	memset(&sa, 0, sizeof sa);
	sa.nl_family = AF_NETLINK;
	(void)sendto(fd, &req, req.nh.nlmsg_len, 0, (struct sockaddr *)&sa,
	    sizeof sa);
	return (fd);
}

/* Our link's carrier, from every RTM_NEWLINK about it (in order). */
static void
on_link_change(int what, void *arg)
{
	struct dhcpd_io		*io = arg;

	if (what != NET_LINK_UP)
		return;
	log_debug("dhcp: carrier back on %s: probing for DHCP servers",
	    io->ifname);
	dhcpd_io_link_up(io);
}

static void
on_nl(int fd, short revents, void *arg)
{
	struct dhcpd_io		*io = arg;

	(void)revents;
	(void)net_link_watch_read(fd, io->cfg.ifindex, 0, &io->carrier,
	    on_link_change, io);
}

struct dhcpd_io *
dhcpd_io_start(struct loop *loop, struct dhcpd *d,
    const struct dhcpd_io_config *cfg, char *err, size_t errlen)
{
	struct dhcpd_io	*io;

	io = xcalloc(1, sizeof *io);
	io->loop = loop;
	io->d = d;
	io->cfg = *cfg;
	strlcpy(io->ifname, cfg->ifname, sizeof io->ifname);
	io->cfg.ifname = io->ifname;
	io->leases = cfg->leases != NULL ? xstrdup(cfg->leases) : NULL;
	io->cfg.leases = io->leases;
	io->udp = io->pkt = io->arp = io->nl = -1;
	if ((io->udp = open_udp(&io->cfg, err, errlen)) == -1)
		goto fail;
	/* Other servers' replies go from 67 to 68, whatever our ports are. */
	if ((io->pkt = net_packet_open(cfg->ifindex, DHCP_SERVER_PORT,
	    DHCP_CLIENT_PORT, err, errlen)) == -1)
		goto fail;
	if (cfg->arp_probe &&
	    (io->arp = net_arp_open(cfg->ifindex, err, errlen)) == -1)
		goto fail;
	loop_add_fd(loop, io->udp, POLLIN, on_udp, io);
	loop_add_fd(loop, io->pkt, POLLIN, on_pkt, io);
	if (io->arp != -1)
		loop_add_fd(loop, io->arp, POLLIN, on_arp, io);
	probe_mac_init(io);
	io->carrier = -1;
	if ((io->nl = open_nl(io->cfg.ifindex)) != -1)
		loop_add_fd(loop, io->nl, POLLIN, on_nl, io);
	loop_timer_set(loop, &io->reprobe_timer, clock_now_ms() +
	    DHCP_REPROBE_MS, on_reprobe_timer, io);
	return (io);
fail:
	if (io->udp != -1)
		close(io->udp);
	if (io->pkt != -1)
		close(io->pkt);
	free(io->leases);
	free(io);
	return (NULL);
}

void
dhcpd_io_stop(struct dhcpd_io *io)
{
	if (io == NULL)
		return;
	loop_timer_cancel(io->loop, &io->probe_timer);
	loop_timer_cancel(io->loop, &io->save_timer);
	loop_timer_cancel(io->loop, &io->reprobe_timer);
	loop_timer_cancel(io->loop, &io->check_timer);
	if (io->nl != -1) {
		loop_del_fd(io->loop, io->nl);
		close(io->nl);
	}
	loop_del_fd(io->loop, io->udp);
	loop_del_fd(io->loop, io->pkt);
	close(io->udp);
	close(io->pkt);
	if (io->arp != -1) {
		loop_del_fd(io->loop, io->arp);
		close(io->arp);
	}
	save_leases(io);
	free(io->leases);
	free(io);
}

static void
save_leases(struct dhcpd_io *io)
{
	char	 err[512];

	if (io->leases == NULL || !dhcpd_leases_dirty(io->d))
		return;
	if ((io->cfg.leases_in_place ?
	    dhcp_pool_save_fd(dhcpd_pool(io->d), io->cfg.leases_fd, io->leases,
	    clock_now_ms(), clock_wall_ms(), err, sizeof err) :
	    dhcp_pool_save(dhcpd_pool(io->d), io->leases, clock_now_ms(),
	    clock_wall_ms(), err, sizeof err)) != 0) {
		/* Once per failure, on the bus as well (disk full, ...). */
		if (!io->save_failed) {
			log_warnx("dhcp: cannot save leases: %s", err);
			bus_notice("lease_save_failed", EV_WARN, NULL, io->leases,
			    "cannot save the DHCP leases (%s): serving goes on, "
			    "but a restart forgets who had which address", err);
		}
		io->save_failed = 1;
		return;
	}
	if (io->save_failed)
		bus_notice("lease_save_recovered", EV_INFO, NULL, io->leases,
		    "DHCP leases saved again");
	io->save_failed = 0;
	dhcpd_leases_saved(io->d);
}

static void
on_save_timer(void *arg)
{
	save_leases(arg);
}

/*
 * Broadcast the safety-probe DISCOVER from our MAC (no address needed).
 * Any server's reply, 67 -> 68, reaches the watcher socket.
 */
static int
send_probe(int fd, unsigned ifindex, const uint8_t mac[6])
{
	uint8_t		 msg[DHCP_MIN_MAX_SIZE], frame[DHCP_MAX_PKT];
	size_t		 mlen, flen;
	uint32_t	 xid;

	if (getrandom(&xid, sizeof xid, GRND_NONBLOCK) != sizeof xid)
		xid = (uint32_t)clock_now_us() ^ (uint32_t)getpid();
	if ((mlen = dhcpd_build_probe(msg, sizeof msg, xid, mac)) == 0 ||
	    (flen = net_udp4_build(frame, sizeof frame, INADDR_ANY,
	    DHCP_CLIENT_PORT, INADDR_BROADCAST, DHCP_SERVER_PORT, msg,
	    mlen)) == 0)
		return (-1);
	return (net_packet_send(fd, ifindex, NULL, frame, flen));
}

/* One re-probe DISCOVER, as a phone would send it (see probe_mac). */
static int
send_reprobe(struct dhcpd_io *io)
{
	uint8_t		 msg[DHCP_MIN_MAX_SIZE], frame[DHCP_MAX_PKT];
	size_t		 mlen, flen;
	uint32_t	 xid;

	if (getrandom(&xid, sizeof xid, GRND_NONBLOCK) != sizeof xid)
		xid = (uint32_t)clock_now_us() ^ (uint32_t)getpid();
	if ((mlen = dhcpd_build_probe_flags(msg, sizeof msg, xid,
	    io->probe_mac, io->uc ? 0 : DHCP_FLAG_BROADCAST)) == 0 ||
	    (flen = net_udp4_build(frame, sizeof frame, INADDR_ANY,
	    DHCP_CLIENT_PORT, INADDR_BROADCAST, DHCP_SERVER_PORT, msg,
	    mlen)) == 0)
		return (-1);
	return (net_packet_send(io->pkt, io->cfg.ifindex, NULL, frame, flen));
}

/*
 * While serving, ask again now and then whether another server answers:
 * the cable may have moved to a real network since start-up, and most
 * clients' OFFERs are unicast, invisible to us otherwise.  After carrier
 * comes back, a few quick ones first (a switch port may take seconds).
 */
static void
on_reprobe_timer(void *arg)
{
	struct dhcpd_io	*io = arg;
	uint64_t	 next = DHCP_REPROBE_MS;

	if (dhcpd_offering(io->d) && send_reprobe(io) != 0)
		log_debug("dhcp: re-probe: %s", strerror(errno));
	if (io->burst > 0) {
		io->burst--;
		next = 1000ULL << (3 - (io->burst < 3 ? io->burst : 3));
	}
	loop_timer_set(io->loop, &io->reprobe_timer, clock_now_ms() + next,
	    on_reprobe_timer, io);
}

void
dhcpd_io_link_up(struct dhcpd_io *io)
{
	io->burst = 4;
	loop_timer_set(io->loop, &io->reprobe_timer, clock_now_ms() + 500,
	    on_reprobe_timer, io);
}

static void
on_check_timer(void *arg)
{
	struct dhcpd_io	*io = arg;

	io->checking = 0;
	if (dhcpd_stats(io->d)->foreign != io->check_foreign) {
		bus_notice("dhcp_still_stopped", EV_ERROR, NULL, NULL, "the "
		    "other DHCP server still answers on %s: still not "
		    "offering addresses", io->ifname);
		return;
	}
	dhcpd_resume(io->d);
}

int
dhcpd_io_check_again(struct dhcpd_io *io)
{
	if (dhcpd_offering(io->d) || io->checking)
		return (0);
	io->checking = 1;
	io->check_foreign = dhcpd_stats(io->d)->foreign;
	/* Both ways: broadcast from our MAC, and as a phone would ask. */
	if (send_probe(io->pkt, io->cfg.ifindex, io->cfg.mac) != 0 ||
	    send_reprobe(io) != 0) {
		io->checking = 0;
		return (-1);
	}
	loop_timer_set(io->loop, &io->check_timer, clock_now_ms() +
	    DHCP_PROBE_MS, on_check_timer, io);
	return (0);
}

void
dhcpd_io_force(struct dhcpd_io *io)
{
	loop_timer_cancel(io->loop, &io->check_timer);
	io->checking = 0;
	dhcpd_force(io->d);
}

/* Keep the probe timer on the earliest deadline; schedule a lease save. */
static void
rearm(struct dhcpd_io *io)
{
	uint64_t	 t = dhcpd_next_deadline(io->d);

	if (t != 0)
		loop_timer_set(io->loop, &io->probe_timer, t, on_probe_timer, io);
	else
		loop_timer_cancel(io->loop, &io->probe_timer);
	if (io->leases != NULL && dhcpd_leases_dirty(io->d) &&
	    !io->save_timer.armed)
		loop_timer_set(io->loop, &io->save_timer,
		    clock_now_ms() + DHCP_LEASE_SAVE_MS, on_save_timer, io);
}

/* Send a reply with our address as its source (IP_PKTINFO). */
static int
send_udp(struct dhcpd_io *io, const struct dhcp_reply *out, uint32_t ip,
    uint16_t port)
{
	struct sockaddr_in	 sin;
	struct msghdr		 mh;
	struct iovec		 iov;
	struct in_pktinfo	*pi;
	union {
		struct cmsghdr	 hdr;
		char		 buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
	} cm;
	struct cmsghdr		*c;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	sin.sin_addr.s_addr = ip;
	iov.iov_base = (void *)(uintptr_t)out->buf;
	iov.iov_len = out->len;
	memset(&mh, 0, sizeof mh);
	memset(&cm, 0, sizeof cm);
	mh.msg_name = &sin;
	mh.msg_namelen = sizeof sin;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cm.buf;
	mh.msg_controllen = sizeof cm.buf;
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = IPPROTO_IP;
	c->cmsg_type = IP_PKTINFO;
	c->cmsg_len = CMSG_LEN(sizeof *pi);
	pi = (struct in_pktinfo *)(void *)CMSG_DATA(c);
	pi->ipi_ifindex = (int)io->cfg.ifindex;
	pi->ipi_spec_dst.s_addr = io->cfg.addr;
	if (sendmsg(io->udp, &mh, 0) == -1) {
		log_debug("dhcp: send to %08x: %s", ntohl(ip), strerror(errno));
		return (-1);
	}
	return (0);
}

/* Act on what the handler returned: send a reply, or start an ARP probe. */
static void
emit(struct dhcpd_io *io, int rc, struct dhcp_reply *out)
{
	uint8_t		 frame[DHCP_MIN_MAX_SIZE + 28];
	size_t		 n;

	if (rc == DHCPD_PROBE) {
		if (net_arp_send_probe(io->arp, io->cfg.ifindex, io->cfg.mac,
		    out->probe_ip) != 0)
			log_debug("dhcp: ARP probe: %s", strerror(errno));
		return;
	}
	if (rc <= 0 || out->len == 0)
		return;
	switch (out->dst) {
	case DHCP_DST_RELAY:
		(void)send_udp(io, out, out->dst_ip, io->cfg.port);
		break;
	case DHCP_DST_UNICAST:
		(void)send_udp(io, out, out->dst_ip, io->cfg.client_port);
		break;
	case DHCP_DST_CHADDR:
		/*
		 * The client has no address and did not ask for broadcast:
		 * build the IP packet ourselves and send it to its hardware
		 * address (RFC 2131 §4.1), else fall back to broadcast.
		 */
		n = net_udp4_build(frame, sizeof frame, io->cfg.addr,
		    io->cfg.port, out->dst_ip, io->cfg.client_port, out->buf,
		    out->len);
		if (n != 0 && net_packet_send(io->pkt, io->cfg.ifindex,
		    out->dst_mac, frame, n) == 0)
			break;
		/* FALLTHROUGH */
	case DHCP_DST_BROADCAST:
		(void)send_udp(io, out, INADDR_BROADCAST, io->cfg.client_port);
		break;
	}
}

static void
on_udp(int fd, short revents, void *arg)
{
	struct dhcpd_io		*io = arg;
	uint8_t			 buf[DHCP_MAX_PKT];
	struct sockaddr_in	 from;
	struct msghdr		 mh;
	struct iovec		 iov;
	struct cmsghdr		*c;
	struct in_pktinfo	*pi;
	struct dhcp_rx		 rx;
	struct dhcp_reply	 out;
	union {
		struct cmsghdr	 hdr;
		char		 buf[CMSG_SPACE(sizeof(struct in_pktinfo))];
	} cm;
	ssize_t			 n;
	int			 i, rc;
	unsigned		 ifindex;

	(void)revents;
	for (i = 0; i < IO_BATCH; i++) {
		iov.iov_base = buf;
		iov.iov_len = sizeof buf;
		memset(&mh, 0, sizeof mh);
		mh.msg_name = &from;
		mh.msg_namelen = sizeof from;
		mh.msg_iov = &iov;
		mh.msg_iovlen = 1;
		mh.msg_control = cm.buf;
		mh.msg_controllen = sizeof cm.buf;
		if ((n = recvmsg(fd, &mh, 0)) == -1) {
			if (errno != EAGAIN && errno != EINTR)
				log_debug("dhcp: recv: %s", strerror(errno));
			break;
		}
		if ((mh.msg_flags & MSG_TRUNC) != 0)
			continue;	/* bigger than any real request */
		memset(&rx, 0, sizeof rx);
		ifindex = 0;
		for (c = CMSG_FIRSTHDR(&mh); c != NULL; c = CMSG_NXTHDR(&mh, c)) {
			if (c->cmsg_level != IPPROTO_IP ||
			    c->cmsg_type != IP_PKTINFO)
				continue;
			pi = (struct in_pktinfo *)(void *)CMSG_DATA(c);
			ifindex = (unsigned)pi->ipi_ifindex;
			rx.dst_ip = pi->ipi_addr.s_addr;
		}
		/* SO_BINDTODEVICE already filters; this is the belt. */
		if (ifindex != io->cfg.ifindex)
			continue;
		/* Our own safety probes are not clients. */
		if (n >= DHCP_OFF_CHADDR + 6 && (memcmp(buf + DHCP_OFF_CHADDR,
		    io->cfg.mac, 6) == 0 || memcmp(buf + DHCP_OFF_CHADDR,
		    io->probe_mac, 6) == 0))
			continue;
		rx.src_ip = from.sin_addr.s_addr;
		rx.src_port = ntohs(from.sin_port);
		rc = dhcpd_handle(io->d, buf, (size_t)n, &rx, clock_now_ms(), &out);
		emit(io, rc, &out);
	}
	rearm(io);
}

static void
on_probe_timer(void *arg)
{
	struct dhcpd_io		*io = arg;
	struct dhcp_reply	 out;
	int			 rc;

	while ((rc = dhcpd_probe_due(io->d, clock_now_ms(), &out)) != 0)
		emit(io, rc, &out);
	rearm(io);
}

static void
on_arp(int fd, short revents, void *arg)
{
	struct dhcpd_io		*io = arg;
	uint8_t			 buf[128];
	struct sockaddr_ll	 sll;
	socklen_t		 sl;
	struct net_arp		 a;
	struct dhcp_reply	 out;
	ssize_t			 n;
	int			 i, rc;

	(void)revents;
	for (i = 0; i < IO_BATCH; i++) {
		sl = sizeof sll;
		if ((n = recvfrom(fd, buf, sizeof buf, 0, (struct sockaddr *)&sll,
		    &sl)) == -1)
			break;
		if (sll.sll_pkttype == PACKET_OUTGOING ||
		    net_arp_parse(buf, (size_t)n, &a) != 0 || a.spa == 0 ||
		    memcmp(a.sha, io->cfg.mac, 6) == 0)
			continue;
		/* Anyone speaking ARP for an address we probe holds it. */
		rc = dhcpd_arp_seen(io->d, a.spa, a.sha, clock_now_ms(), &out);
		emit(io, rc, &out);
	}
	rearm(io);
}

/*
 * One datagram from a packet socket: -1 when none is left, 0 for a frame
 * to skip (one we sent: outgoing, or from mac when not NULL; not UDP),
 * 1 with its source address, the sender's MAC in sll, and the payload.
 */
static int
pkt_next_udp(int fd, uint8_t *buf, size_t len, const uint8_t *mac,
    struct sockaddr_ll *sll, uint32_t *src, const uint8_t **payload,
    size_t *plen)
{
	socklen_t	 sl = sizeof *sll;
	ssize_t		 n;
	uint32_t	 dst;
	uint16_t	 sport, dport;

	if ((n = recvfrom(fd, buf, len, 0, (struct sockaddr *)sll, &sl)) == -1)
		return (-1);
	if (sll->sll_pkttype == PACKET_OUTGOING ||
	    (mac != NULL && memcmp(sll->sll_addr, mac, 6) == 0))
		return (0);
	return (net_udp4_parse(buf, (size_t)n, src, &sport, &dst, &dport,
	    payload, plen) == 0);
}

static void
on_pkt(int fd, short revents, void *arg)
{
	struct dhcpd_io		*io = arg;
	uint8_t			 buf[DHCP_MAX_PKT + 64];
	struct sockaddr_ll	 sll;
	const uint8_t		*payload;
	size_t			 plen;
	uint32_t		 src;
	int			 i, r;

	(void)revents;
	for (i = 0; i < IO_BATCH; i++) {
		/* Our own replies loop back to packet sockets: skipped. */
		if ((r = pkt_next_udp(fd, buf, sizeof buf, io->cfg.mac, &sll,
		    &src, &payload, &plen)) < 0)
			break;
		if (r > 0)
			(void)dhcpd_watch(io->d, payload, plen, src,
			    sll.sll_addr, clock_now_ms());
	}
}

/* The start-up safety probe on the loop (dhcpd_io.h). */
struct dhcpd_probe {
	struct loop		*loop;
	unsigned		 ifindex;
	uint8_t			 mac[6];
	int			 fd;
	struct loop_timer	 resend, deadline;
	dhcpd_probe_cb		*cb;
	void			*arg;
};

/* Close the socket and the timers: the probe has its answer. */
static void
probe_quiet(struct dhcpd_probe *p)
{
	if (p->fd != -1) {
		loop_del_fd(p->loop, p->fd);
		close(p->fd);
		p->fd = -1;
	}
	loop_timer_cancel(p->loop, &p->resend);
	loop_timer_cancel(p->loop, &p->deadline);
}

/* Tell the owner once; it may free p from the callback. */
static void
probe_finish(struct dhcpd_probe *p, const struct dhcpd_probe_result *r)
{
	probe_quiet(p);
	p->cb(p->arg, r);
}

static void
probe_fail(struct dhcpd_probe *p, const char *what)
{
	struct dhcpd_probe_result	 r;

	memset(&r, 0, sizeof r);
	r.found = -1;
	snprintf(r.err, sizeof r.err, "%s: %s", what, strerror(errno));
	probe_finish(p, &r);
}

static void
probe_on_read(int fd, short revents, void *arg)
{
	struct dhcpd_probe		*p = arg;
	struct dhcpd_probe_result	 r;
	uint8_t				 rxbuf[DHCP_MAX_PKT + 64];
	struct sockaddr_ll		 sll;
	const uint8_t			*payload;
	size_t				 plen;
	uint32_t			 src;
	int				 i, got;

	(void)revents;
	memset(&r, 0, sizeof r);
	for (i = 0; i < IO_BATCH; i++) {
		if ((got = pkt_next_udp(fd, rxbuf, sizeof rxbuf, p->mac, &sll,
		    &src, &payload, &plen)) < 0)
			break;
		/* Any server's reply counts, not only to us. */
		if (got > 0 && dhcpd_reply_from(payload, plen, 0, src,
		    &r.server, &r.offered)) {
			memcpy(r.server_mac, sll.sll_addr, 6);
			r.found = 1;
			probe_finish(p, &r);
			return;
		}
	}
}

/* Halfway: the second DISCOVER, as a client would retry (one may be lost). */
static void
probe_on_resend(void *arg)
{
	struct dhcpd_probe	*p = arg;

	if (send_probe(p->fd, p->ifindex, p->mac) != 0)
		probe_fail(p, "DHCP probe");
}

static void
probe_on_deadline(void *arg)
{
	struct dhcpd_probe		*p = arg;
	struct dhcpd_probe_result	 r;

	memset(&r, 0, sizeof r);	/* nobody answered */
	probe_finish(p, &r);
}

struct dhcpd_probe *
dhcpd_probe_start(struct loop *loop, unsigned ifindex, const uint8_t mac[6],
    unsigned ms, dhcpd_probe_cb *cb, void *arg, char *err, size_t errlen)
{
	struct dhcpd_probe	*p;
	uint64_t		 now = clock_now_ms();

	p = xcalloc(1, sizeof *p);
	p->loop = loop;
	p->ifindex = ifindex;
	memcpy(p->mac, mac, 6);
	p->cb = cb;
	p->arg = arg;
	if ((p->fd = net_packet_open(ifindex, DHCP_SERVER_PORT,
	    DHCP_CLIENT_PORT, err, errlen)) == -1) {
		free(p);
		return (NULL);
	}
	if (loop_add_fd(loop, p->fd, POLLIN, probe_on_read, p) != 0) {
		snprintf(err, errlen, "DHCP probe: cannot watch its socket");
		goto fail;
	}
	if (send_probe(p->fd, ifindex, mac) != 0) {
		snprintf(err, errlen, "DHCP probe: %s", strerror(errno));
		goto fail;
	}
	loop_timer_set(loop, &p->resend, now + ms / 2, probe_on_resend, p);
	loop_timer_set(loop, &p->deadline, now + ms, probe_on_deadline, p);
	return (p);
fail:
	probe_quiet(p);
	free(p);
	return (NULL);
}

void
dhcpd_probe_cancel(struct dhcpd_probe *p)
{
	if (p == NULL)
		return;
	probe_quiet(p);
	free(p);
}
