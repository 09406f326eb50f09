/*
 * Raw frames for the DHCP engine: ARP probes (RFC 826, RFC 5227) and
 * IPv4/UDP packets sent through SOCK_DGRAM packet sockets (packet(7)), so
 * a reply reaches a client that has no address yet, and so other DHCP
 * servers' replies can be heard.
 */
#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "net.h"
#include "net_wire.h"
#include "rd.h"

static const uint8_t	 bcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

size_t
net_arp_build_probe(uint8_t *buf, size_t len, const uint8_t mac[6],
    uint32_t target)
{
	struct wr	 w;
	static const uint8_t zero[6];

	wr_init(&w, buf, len);
	wr_be16(&w, 1);			/* htype: Ethernet */
	wr_be16(&w, ETH_P_IP);		/* ptype */
	wr_u8(&w, 6);
	wr_u8(&w, 4);
	wr_be16(&w, NET_ARP_REQUEST);
	wr_bytes(&w, mac, 6);
	wr_bytes(&w, zero, 4);		/* RFC 5227 §2.1.1: sender IP all zero */
	wr_bytes(&w, zero, 6);		/* target hardware: ignored */
	wr_bytes(&w, &target, 4);
	return (w.err ? 0 : wr_len(&w));
}

int
net_arp_parse(const uint8_t *p, size_t len, struct net_arp *a)
{
	struct rd	 r;
	uint16_t	 htype, ptype;
	uint8_t		 hlen, plen;

	rd_init(&r, p, len);
	htype = rd_be16(&r);
	ptype = rd_be16(&r);
	hlen = rd_u8(&r);
	plen = rd_u8(&r);
	a->op = rd_be16(&r);
	if (r.err || htype != 1 || ptype != ETH_P_IP || hlen != 6 || plen != 4)
		return (-1);
	rd_copy(&r, a->sha, 6);
	rd_copy(&r, &a->spa, 4);
	rd_copy(&r, a->tha, 6);
	rd_copy(&r, &a->tpa, 4);
	return (r.err ? -1 : 0);
}

/* A non-blocking SOCK_DGRAM packet socket for proto bound to ifindex. */
static int
packet_socket(unsigned ifindex, uint16_t proto, char *err, size_t errlen)
{
	struct sockaddr_ll	 sll;
	int			 fd;

	if ((fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    htons(proto))) == -1) {
		snprintf(err, errlen, "packet socket: %s", strerror(errno));
		return (-1);
	}
	memset(&sll, 0, sizeof sll);
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(proto);
	sll.sll_ifindex = (int)ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof sll) == -1) {
		snprintf(err, errlen, "packet socket bind: %s", strerror(errno));
		close(fd);
		return (-1);
	}
	return (fd);
}

int
net_arp_open(unsigned ifindex, char *err, size_t errlen)
{
	return (packet_socket(ifindex, ETH_P_ARP, err, errlen));
}

int
net_arp_send_probe(int fd, unsigned ifindex, const uint8_t mac[6],
    uint32_t target)
{
	struct sockaddr_ll	 sll;
	uint8_t			 buf[NET_ARP_LEN];
	size_t			 n;

	if ((n = net_arp_build_probe(buf, sizeof buf, mac, target)) == 0)
		return (-1);
	memset(&sll, 0, sizeof sll);
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ARP);
	sll.sll_ifindex = (int)ifindex;
	sll.sll_halen = 6;
	memcpy(sll.sll_addr, bcast_mac, 6);
	if (sendto(fd, buf, n, 0, (struct sockaddr *)&sll, sizeof sll) == -1)
		return (-1);
	return (0);
}

size_t
net_udp4_build(uint8_t *buf, size_t len, uint32_t src, uint16_t sport,
    uint32_t dst, uint16_t dport, const void *payload, size_t plen)
{
	struct wr	 w;
	uint8_t		 pseudo[12];
	uint32_t	 sum;
	uint16_t	 c, ulen = (uint16_t)(8 + plen);
	size_t		 total = 20 + 8 + plen;

	if (total > len || total > 65535)
		return (0);
	wr_init(&w, buf, len);
	wr_u8(&w, 0x45);		/* IPv4, 20-byte header */
	wr_u8(&w, 0x10);		/* TOS: low delay, as dhcpd does */
	wr_be16(&w, (uint16_t)total);
	wr_be16(&w, 0);			/* id */
	wr_be16(&w, 0);			/* no fragments */
	wr_u8(&w, 64);			/* TTL */
	wr_u8(&w, 17);			/* UDP */
	wr_be16(&w, 0);			/* checksum, below */
	wr_bytes(&w, &src, 4);
	wr_bytes(&w, &dst, 4);
	c = net_cksum(buf, NET_IPV4_HDR_LEN, 0);
	buf[10] = (uint8_t)(c >> 8);
	buf[11] = (uint8_t)c;
	wr_be16(&w, sport);
	wr_be16(&w, dport);
	wr_be16(&w, ulen);
	wr_be16(&w, 0);
	wr_bytes(&w, payload, plen);
	if (w.err)
		return (0);
	/* RFC 768: checksum over the pseudo header, UDP header and data. */
	memcpy(pseudo, &src, 4);
	memcpy(pseudo + 4, &dst, 4);
	pseudo[8] = 0;
	pseudo[9] = 17;
	pseudo[10] = (uint8_t)(ulen >> 8);
	pseudo[11] = (uint8_t)ulen;
	sum = net_cksum_add(0, pseudo, sizeof pseudo, 0);
	sum = net_cksum_add(sum, buf + 20, ulen, 0);
	c = net_cksum_fold(sum);
	if (c == 0)
		c = 0xffff;	/* RFC 768: zero means "no checksum" */
	buf[26] = (uint8_t)(c >> 8);
	buf[27] = (uint8_t)c;
	return (total);
}

int
net_udp4_parse(const uint8_t *p, size_t len, uint32_t *src, uint16_t *sport,
    uint32_t *dst, uint16_t *dport, const uint8_t **payload, size_t *plen)
{
	struct rd	 r;
	uint8_t		 vihl, proto;
	uint16_t	 total, frag, ulen;
	size_t		 ihl;

	rd_init(&r, p, len);
	vihl = rd_u8(&r);
	rd_skip(&r, 1);
	total = rd_be16(&r);
	rd_skip(&r, 2);
	frag = rd_be16(&r);
	rd_skip(&r, 1);
	proto = rd_u8(&r);
	rd_skip(&r, 2);
	rd_copy(&r, src, 4);
	rd_copy(&r, dst, 4);
	if (r.err || (vihl >> 4) != 4 || proto != 17 || (frag & 0x3fff) != 0)
		return (-1);
	ihl = (size_t)(vihl & 0x0f) * 4;
	if (ihl < 20 || total < ihl + 8 || total > len)
		return (-1);
	rd_init(&r, p + ihl, total - ihl);
	*sport = rd_be16(&r);
	*dport = rd_be16(&r);
	ulen = rd_be16(&r);
	if (r.err || ulen < 8 || ulen > total - ihl)
		return (-1);
	*payload = p + ihl + 8;
	*plen = (size_t)ulen - 8;
	return (0);
}

int
net_packet_open(unsigned ifindex, uint16_t sport, uint16_t dport, char *err,
    size_t errlen)
{
	int			 fd, one = 1;
	/* udp and src port sport and dst port dport, first fragments only. */
	struct sock_filter	 code[] = {
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 9),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 17, 0, 8),
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 6),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x1fff, 6, 0),
		BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),
		BPF_STMT(BPF_LD | BPF_H | BPF_IND, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, sport, 0, 3),
		BPF_STMT(BPF_LD | BPF_H | BPF_IND, 2),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, dport, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 0x40000),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog	 prog = { sizeof code / sizeof code[0], code };

	if ((fd = packet_socket(ifindex, ETH_P_IP, err, errlen)) == -1)
		return (-1);
#ifdef PACKET_IGNORE_OUTGOING
	/* Our own replies would loop back here (Linux 4.20+ can skip them). */
	(void)setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one,
	    sizeof one);
#endif
	if (sport != 0 && setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog,
	    sizeof prog) == -1) {
		snprintf(err, errlen, "packet filter: %s", strerror(errno));
		close(fd);
		return (-1);
	}
	return (fd);
}

int
net_packet_send(int fd, unsigned ifindex, const uint8_t *mac, const void *pkt,
    size_t len)
{
	struct sockaddr_ll	 sll;

	memset(&sll, 0, sizeof sll);
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_IP);
	sll.sll_ifindex = (int)ifindex;
	sll.sll_halen = 6;
	memcpy(sll.sll_addr, mac != NULL ? mac : bcast_mac, 6);
	if (sendto(fd, pkt, len, 0, (struct sockaddr *)&sll, sizeof sll) == -1)
		return (-1);
	return (0);
}
