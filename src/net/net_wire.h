/*
 * net_wire.h: the link and network layers' numbers, one name each, for
 * every part that reads or writes frames (the sniffer's dissectors, the
 * simulator, the raw-frame helpers): Ethernet and 802.1Q, LLC/SNAP, CDP
 * and LLDP, IPv4 and its transports, and the RFC 1071 checksum.  DHCP and
 * TFTP have their own wire headers (dhcp/dhcp_wire.h, tftp/tftp_wire.h).
 * Pure: no state, no I/O.
 *
 *	c = net_cksum(hdr, 20, 0);			IPv4 header
 *	c = net_cksum(pdu, len, NET_CKSUM_CISCO);	CDP
 */
#ifndef NET_NET_WIRE_H
#define NET_NET_WIRE_H

#include <stddef.h>
#include <stdint.h>

/* EtherTypes (IEEE 802.3, 802.1Q, RFC 826, RFC 791). */
#define NET_ETHERTYPE_IPV4	0x0800
#define NET_ETHERTYPE_ARP	0x0806
#define NET_ETHERTYPE_VLAN	0x8100	/* IEEE 802.1Q */
#define NET_ETHERTYPE_QINQ	0x88a8	/* IEEE 802.1ad */
#define NET_ETHERTYPE_LLDP	0x88cc	/* IEEE 802.1AB */
#define NET_ETHER_HDR_LEN	14
#define NET_ETHER_MIN_LEN	60	/* without the FCS */
#define NET_ETHER_MAX_LEN	1514

/* IEEE 802.2 LLC with a SNAP header (RFC 1042), as CDP frames carry it. */
#define NET_LLC_SNAP		0xaa	/* DSAP and SSAP */
#define NET_LLC_UI		0x03
#define NET_OUI_CISCO		0x00000c
#define NET_SNAP_CDP		0x2000	/* Cisco OUI 00-00-0c, PID 0x2000 */

/* CDP TLV types (Cisco; as Wireshark's packet-cdp.c names them). */
#define CDP_TLV_DEVICE_ID	0x0001
#define CDP_TLV_ADDRESSES	0x0002
#define CDP_TLV_PORT_ID		0x0003
#define CDP_TLV_CAPABILITIES	0x0004
#define CDP_TLV_SOFTWARE	0x0005
#define CDP_TLV_PLATFORM	0x0006
#define CDP_TLV_NATIVE_VLAN	0x000a
#define CDP_TLV_DUPLEX		0x000b
#define CDP_TLV_VOICE_VLAN	0x000e	/* "Appliance VLAN-ID" */
#define CDP_TLV_POWER		0x0010	/* power consumption, mW */
#define CDP_TLV_POWER_REQ	0x0019	/* power requested, mW list */
#define CDP_TLV_POWER_AVAIL	0x001a	/* power available, mW */

/* LLDP TLV types (IEEE 802.1AB-2009 8.4) and LLDP-MED (ANSI/TIA-1057). */
#define LLDP_TLV_END		0
#define LLDP_TLV_CHASSIS_ID	1
#define LLDP_TLV_PORT_ID	2
#define LLDP_TLV_TTL		3
#define LLDP_TLV_PORT_DESCR	4
#define LLDP_TLV_SYSTEM_NAME	5
#define LLDP_TLV_SYSTEM_DESCR	6
#define LLDP_TLV_CAPABILITIES	7
#define LLDP_TLV_MGMT_ADDR	8
#define LLDP_TLV_ORG		127
#define LLDP_OUI_8021		0x0080c2
#define LLDP_8021_PVID		1
#define LLDP_OUI_MED		0x0012bb	/* TIA-1057 */
#define LLDP_MED_CAPS		1
#define LLDP_MED_POLICY		2
#define LLDP_MED_POWER		4	/* extended power-via-MDI */
#define LLDP_MED_HW_REV		5
#define LLDP_MED_FW_REV		6
#define LLDP_MED_SW_REV		7
#define LLDP_MED_SERIAL		8
#define LLDP_MED_MFR		9
#define LLDP_MED_MODEL		10
#define LLDP_MED_APP_VOICE	1	/* network policy application type */

/* IPv4 (RFC 791) and the transports we look at. */
#define NET_IPV4_HDR_LEN	20	/* without options */
#define NET_IPPROTO_TCP		6	/* RFC 9293 */
#define NET_IPPROTO_UDP		17	/* RFC 768 */
#define NET_UDP_HDR_LEN		8

/*
 * The Internet checksum (RFC 1071): the ones' complement of the ones'
 * complement sum of 16-bit big-endian words, an odd last byte padded with
 * a zero low half.  net_cksum_add() continues a sum (a pseudo header, then
 * the datagram; every part but the last of even length), net_cksum_fold()
 * finishes it.  Over data holding its own checksum, 0 means it is right.
 *
 * NET_CKSUM_CISCO: CDP as Cisco computes it, an odd last byte moved into
 * the low half of the final word with an off-by-one when it is >= 0x80
 * (as Wireshark documents).
 */
#define NET_CKSUM_CISCO		0x1
uint32_t	 net_cksum_add(uint32_t, const void *, size_t, int);
uint16_t	 net_cksum_fold(uint32_t);
uint16_t	 net_cksum(const void *, size_t, int);

#endif /* NET_NET_WIRE_H */
