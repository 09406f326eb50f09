/*
 * dissect.h: the sniffer's wire layer.  Pure, bounds-checked parsers over
 * struct rd (tcpdump's discipline without longjmp): they fill a caller's
 * struct, allocate nothing, and any string they return points into the
 * frame for the duration of the call.  Each returns 0 when the PDU parsed
 * (possibly with unknown parts skipped) and -1 when it was truncated or
 * malformed; on -1 the struct may hold what was read before the error.
 *
 *	struct dissect_frame f;
 *	if (dissect_frame(pkt, caplen, &f) == 0 && f.kind == DK_CDP)
 *		use(f.u.cdp.platform);
 */
#ifndef SNIFF_DISSECT_H
#define SNIFF_DISSECT_H

#include <stddef.h>
#include <stdint.h>

#include "dhcp/dhcp_wire.h"
#include "net/net_wire.h"
#include "rd.h"
#include "tftp/tftp_wire.h"

/* A byte string inside the frame (not NUL-terminated). */
struct dissect_str {
	const uint8_t	*p;
	size_t		 len;
};

/*
 * The protocols' numbers have one name each, in the wire headers: link,
 * CDP, LLDP and IPv4 in net/net_wire.h, DHCP in dhcp/dhcp_wire.h, TFTP in
 * tftp/tftp_wire.h.
 */
#define DISSECT_MAX_VLANS	2	/* deeper stacks are not phone traffic */

struct cdp_info {
	uint8_t			 version, ttl;
	uint16_t		 checksum;
	int			 checksum_ok;	/* informational: bad ones are kept */
	struct dissect_str	 device_id, port_id, software, platform;
	uint32_t		 addr;		/* first IPv4 address, network order */
	unsigned		 naddrs;
	uint32_t		 caps;
	int			 has_caps;
	uint16_t		 native_vlan, voice_vlan;
	int			 has_native_vlan, has_voice_vlan;
	unsigned		 power_mw, power_req_mw, power_avail_mw;
	int			 has_power, has_power_req, has_power_avail;
	unsigned		 ntlv;
};

struct lldp_info {
	uint8_t			 chassis_subtype, port_subtype;
	struct dissect_str	 chassis_id, port_id;
	uint16_t		 ttl;
	struct dissect_str	 system_name, system_descr;
	struct dissect_str	 hw_rev, fw_rev, sw_rev, serial, mfr, model;
	int			 has_med_caps;
	uint16_t		 med_caps;
	uint8_t			 med_class;
	int			 has_policy;	/* voice, else the first seen */
	uint8_t			 policy_app, policy_prio, policy_dscp;
	int			 policy_unknown, policy_tagged;
	uint16_t		 policy_vlan;
	int			 has_power;
	uint8_t			 power_type, power_source, power_prio;
	unsigned		 power_mw;
	uint16_t		 pvid;
	unsigned		 ntlv;
};

/* DHCP (RFC 2131, options RFC 2132; 150 is Cisco's TFTP server list). */
struct dhcp_info {
	uint8_t			 op, htype, hlen, msgtype;
	uint32_t		 xid;
	uint16_t		 flags;
	uint32_t		 ciaddr, yiaddr, siaddr, giaddr;	/* network order */
	uint8_t			 chaddr[6];
	struct dissect_str	 vendor_class, hostname, client_id, tftp_name;
	uint32_t		 requested, server_id, tftp_server;	/* 0: absent */
	uint32_t		 lease;
	int			 has_lease;
};

/* ARP over Ethernet/IPv4 (RFC 826; probes and announcements RFC 5227). */
struct arp_info {
	uint16_t		 op;
	uint8_t			 sha[6], tha[6];
	uint32_t		 spa, tpa;	/* network order */
	int			 probe;		/* sender address 0.0.0.0 */
	int			 gratuitous;	/* sender == target address */
};

/* TFTP read/write requests (RFC 1350; options RFC 2347). */
struct tftp_rrq {
	uint16_t		 opcode;
	struct dissect_str	 file, mode;
	unsigned		 noptions;
};

enum dissect_kind {
	DK_NONE = 0,		/* parsed, but nothing we watch */
	DK_CDP,
	DK_LLDP,
	DK_DHCP,
	DK_ARP,
	DK_TFTP_RRQ,
	DK_HTTP_SYN,		/* TCP SYN to 6970 */
};

struct dissect_frame {
	uint8_t			 dst[6], src[6];
	unsigned		 nvlan;		/* 802.1Q tags seen */
	uint16_t		 vlan;		/* innermost VLAN ID */
	uint8_t			 vlan_prio;
	uint16_t		 ethertype;	/* after tags; 0 for 802.3 LLC */
	int			 has_ip;
	uint32_t		 ip_src, ip_dst;	/* network order */
	uint16_t		 sport, dport;
	enum dissect_kind	 kind;
	union {
		struct cdp_info	 cdp;
		struct lldp_info lldp;
		struct dhcp_info dhcp;
		struct arp_info	 arp;
		struct tftp_rrq	 tftp;
	} u;
};

/* Link-layer demultiplexer: Ethernet II, 802.3/LLC/SNAP, 802.1Q. */
int	 dissect_frame(const uint8_t *, size_t, struct dissect_frame *);

/*
 * The link layers a capture file may have (pcap LINKTYPE_* values):
 * Ethernet, and Linux "cooked" captures, which `tcpdump -i any` writes
 * (https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html, _SLL2.html).
 * A cooked header has the sender's address and the protocol but no
 * destination: dst is ff:ff:ff:ff:ff:ff for broadcasts, else zero.
 */
#define DISSECT_LINK_ETHER	1
#define DISSECT_LINK_SLL	113
#define DISSECT_LINK_SLL2	276
#define DISSECT_SLL_LEN		16
#define DISSECT_SLL2_LEN	20
#define DISSECT_SLL_P_802_2	0x0004	/* an 802.2 LLC frame follows */
/* Is it one of the link types above? */
int	 dissect_link_ok(int);
/* dissect_frame() for a frame of that link type. */
int	 dissect_frame_link(const uint8_t *, size_t, int, struct dissect_frame *);
/* One PDU each, starting at the protocol's own header. */
int	 dissect_cdp(struct rd *, struct cdp_info *);
int	 dissect_lldp(struct rd *, struct lldp_info *);
int	 dissect_dhcp(struct rd *, struct dhcp_info *);
int	 dissect_arp(struct rd *, struct arp_info *);
int	 dissect_tftp(struct rd *, struct tftp_rrq *);
/* The CDP checksum as Cisco computes it (odd-length quirk included). */
uint16_t dissect_cdp_checksum(const uint8_t *, size_t);

#endif /* SNIFF_DISSECT_H */
