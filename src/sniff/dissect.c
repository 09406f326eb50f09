/*
 * The link-layer demultiplexer: Ethernet II and IEEE 802.3 with LLC/SNAP
 * (or a Linux cooked header in their place), up to two 802.1Q/802.1ad tags, then IPv4 with UDP or TCP, handing each
 * PDU to its dissector.  Frames that are none of ours parse as DK_NONE.
 */
#include "config.h"

#include <string.h>

#include "dissect.h"
#include "tunables.h"

static int	 dissect_tags(struct rd *, uint16_t, struct dissect_frame *);
static int	 dissect_cooked(const uint8_t *, size_t, int,
		     struct dissect_frame *);
static int	 dissect_llc(struct rd *, size_t, struct dissect_frame *);
static int	 dissect_ethertype(struct rd *, uint16_t, struct dissect_frame *);
static int	 dissect_ipv4(struct rd *, struct dissect_frame *);

int
dissect_frame(const uint8_t *pkt, size_t len, struct dissect_frame *f)
{
	struct rd	 r;
	uint16_t	 type;

	memset(f, 0, sizeof *f);
	rd_init(&r, pkt, len);
	rd_copy(&r, f->dst, 6);
	rd_copy(&r, f->src, 6);
	type = rd_be16(&r);
	if (r.err)
		return (-1);
	return (dissect_tags(&r, type, f));
}

int
dissect_link_ok(int link)
{
	return (link == DISSECT_LINK_ETHER || link == DISSECT_LINK_SLL ||
	    link == DISSECT_LINK_SLL2);
}

int
dissect_frame_link(const uint8_t *pkt, size_t len, int link,
    struct dissect_frame *f)
{
	if (link == DISSECT_LINK_ETHER)
		return (dissect_frame(pkt, len, f));
	if (link == DISSECT_LINK_SLL || link == DISSECT_LINK_SLL2)
		return (dissect_cooked(pkt, len, link, f));
	memset(f, 0, sizeof *f);
	return (-1);
}

/*
 * A Linux cooked header.  SLL: packet type, ARPHRD type, address length,
 * 8 address bytes, protocol.  SLL2: protocol, reserved, ifindex, ARPHRD
 * type, packet type, address length, 8 address bytes.  The protocol is an
 * EtherType (with any 802.1Q tag libpcap put back after it), or 4 for an
 * 802.2 LLC frame, whose length the header does not carry.
 */
static int
dissect_cooked(const uint8_t *pkt, size_t len, int link,
    struct dissect_frame *f)
{
	struct rd	 r;
	uint16_t	 pkttype, hatype, type;
	uint8_t		 addr[8], alen;

	memset(f, 0, sizeof *f);
	rd_init(&r, pkt, len);
	if (link == DISSECT_LINK_SLL) {
		pkttype = rd_be16(&r);
		hatype = rd_be16(&r);
		alen = (uint8_t)rd_be16(&r);
		rd_copy(&r, addr, 8);
		type = rd_be16(&r);
	} else {
		type = rd_be16(&r);
		rd_skip(&r, 2 + 4);		/* reserved, ifindex */
		hatype = rd_be16(&r);
		pkttype = rd_u8(&r);
		alen = rd_u8(&r);
		rd_copy(&r, addr, 8);
	}
	if (r.err)
		return (-1);
	/* ARPHRD_ETHER with a MAC: anything else is no Ethernet sender. */
	if (hatype != 1 || alen != 6)
		return (0);
	memcpy(f->src, addr, 6);
	if (pkttype == 1)			/* PACKET_BROADCAST */
		memset(f->dst, 0xff, 6);
	if (type == DISSECT_SLL_P_802_2)
		return (dissect_llc(&r, rd_left(&r), f));
	if (type < 0x0600)
		return (0);
	return (dissect_tags(&r, type, f));
}

/* After the addresses: 802.1Q tags, then a length (LLC) or an EtherType. */
static int
dissect_tags(struct rd *rp, uint16_t type, struct dissect_frame *f)
{
	struct rd	 r = *rp;
	uint16_t	 tci;

	/* IEEE 802.1Q: TCI (PCP 3 bits, DEI 1, VID 12), then the real type. */
	while (type == NET_ETHERTYPE_VLAN || type == NET_ETHERTYPE_QINQ) {
		if (f->nvlan == DISSECT_MAX_VLANS)
			return (0);
		tci = rd_be16(&r);
		type = rd_be16(&r);
		if (r.err)
			return (-1);
		f->vlan = tci & 0x0fff;
		f->vlan_prio = (uint8_t)(tci >> 13);
		f->nvlan++;
	}

	/* IEEE 802.3 clause 3.2.6: up to 1500 a length, from 1536 a type. */
	if (type <= 1500)
		return (dissect_llc(&r, type, f));
	if (type < 0x0600)
		return (0);
	return (dissect_ethertype(&r, type, f));
}

/* 802.2 LLC + SNAP (RFC 1042): CDP, or an encapsulated EtherType. */
static int
dissect_llc(struct rd *r, size_t len, struct dissect_frame *f)
{
	struct rd	 llc;
	const uint8_t	*hdr;
	uint32_t	 oui;
	uint16_t	 pid;
	size_t		 have = rd_left(r);

	/*
	 * The length field bounds the PDU (frames are padded to 60 bytes).
	 * A capture shorter than the length is truncated: parse what is
	 * there and let the reads fail.
	 */
	rd_init(&llc, r->p, len < have ? len : have);
	if ((hdr = rd_bytes(&llc, 3)) == NULL)
		return (-1);
	if (hdr[0] != NET_LLC_SNAP || hdr[1] != NET_LLC_SNAP ||
	    hdr[2] != NET_LLC_UI)
		return (0);		/* plain LLC: STP and friends */
	oui = (uint32_t)rd_u8(&llc) << 16;
	oui |= rd_be16(&llc);
	pid = rd_be16(&llc);
	if (llc.err)
		return (-1);
	if (oui == NET_OUI_CISCO && pid == NET_SNAP_CDP) {
		f->kind = DK_CDP;
		if (dissect_cdp(&llc, &f->u.cdp) != 0 || len > have)
			return (-1);
		return (0);
	}
	if (oui == 0x000000)
		return (dissect_ethertype(&llc, pid, f));
	return (0);
}

/* Dispatch on an EtherType. */
static int
dissect_ethertype(struct rd *r, uint16_t type, struct dissect_frame *f)
{
	f->ethertype = type;
	switch (type) {
	case NET_ETHERTYPE_LLDP:
		f->kind = DK_LLDP;
		return (dissect_lldp(r, &f->u.lldp));
	case NET_ETHERTYPE_ARP:
		f->kind = DK_ARP;
		return (dissect_arp(r, &f->u.arp));
	case NET_ETHERTYPE_IPV4:
		return (dissect_ipv4(r, f));
	default:
		return (0);
	}
}

/* RFC 791 IPv4, then RFC 768 UDP or RFC 9293 TCP headers. */
static int
dissect_ipv4(struct rd *r, struct dissect_frame *f)
{
	struct rd	 ip, l4;
	uint8_t		 vihl, proto, flags;
	uint16_t	 total, frag, ulen;
	size_t		 hlen;

	ip = *r;
	vihl = rd_u8(&ip);
	rd_skip(&ip, 1);		/* DSCP/ECN */
	total = rd_be16(&ip);
	rd_skip(&ip, 2);		/* identification */
	frag = rd_be16(&ip);
	rd_skip(&ip, 1);		/* TTL */
	proto = rd_u8(&ip);
	rd_skip(&ip, 2);		/* header checksum */
	f->ip_src = 0;
	rd_copy(&ip, &f->ip_src, 4);
	rd_copy(&ip, &f->ip_dst, 4);
	if (ip.err)
		return (-1);
	hlen = (size_t)(vihl & 0x0f) * 4;
	if ((vihl >> 4) != 4 || hlen < 20 || total < hlen)
		return (-1);
	f->has_ip = 1;
	/* Skip options; bound the payload by the total length. */
	rd_init(&l4, r->p, rd_left(r) < total ? rd_left(r) : total);
	rd_skip(&l4, hlen);
	if (l4.err)
		return (-1);
	/* Only first fragments carry the transport header. */
	if ((frag & 0x1fff) != 0)
		return (0);

	if (proto == NET_IPPROTO_UDP) {
		f->sport = rd_be16(&l4);
		f->dport = rd_be16(&l4);
		ulen = rd_be16(&l4);
		rd_skip(&l4, 2);	/* checksum */
		if (l4.err || ulen < 8)
			return (-1);
		/* A datagram longer than what was captured is truncated. */
		if ((size_t)ulen - 8 > rd_left(&l4))
			return (-1);
		l4.end = l4.p + (ulen - 8);
		if (f->dport == DHCP_SERVER_PORT ||
		    f->dport == DHCP_CLIENT_PORT) {
			f->kind = DK_DHCP;
			return (dissect_dhcp(&l4, &f->u.dhcp));
		}
		if (f->dport == TFTP_PORT) {
			f->kind = DK_TFTP_RRQ;
			if (dissect_tftp(&l4, &f->u.tftp) != 0)
				return (-1);
			/* Only read requests are phones asking for files. */
			if (f->u.tftp.opcode != TFTP_OP_RRQ)
				f->kind = DK_NONE;
			return (0);
		}
		return (0);
	}
	if (proto == NET_IPPROTO_TCP) {
		f->sport = rd_be16(&l4);
		f->dport = rd_be16(&l4);
		rd_skip(&l4, 8);	/* sequence and acknowledgment numbers */
		rd_skip(&l4, 1);	/* data offset */
		flags = rd_u8(&l4);
		if (l4.err)
			return (-1);
		/* SYN without ACK: a connection attempt (RFC 9293 3.1). */
		if (f->dport == HTTP_PORT &&
		    (flags & 0x12) == 0x02)
			f->kind = DK_HTTP_SYN;
		return (0);
	}
	return (0);
}
