/*
 * dhcp_wire.h: DHCP (RFC 2131/2132) messages as bytes.  Pure parse and
 * build, no state and no I/O: dhcp_wire_parse() fills a struct dhcp_msg
 * (the fixed BOOTP header plus an index of every option, with option
 * overload and RFC 3396 concatenation resolved) whose pointers point into
 * the packet; the dhcp_wire_put_* builders write a reply through a
 * struct wr.  Everything is bounds-checked through rd.h.
 *
 *	struct dhcp_msg m;
 *	if (dhcp_wire_parse(&m, pkt, len) != 0) drop;
 *	vc = dhcp_opt_get(&m, DHCP_OPT_VENDOR_CLASS, &vclen);
 *
 *	wr_init(&w, buf, sizeof buf);
 *	dhcp_wire_put_header(&w, &reply_hdr);
 *	dhcp_wire_put_u8(&w, DHCP_OPT_MSG_TYPE, DHCP_OFFER);
 *	dhcp_wire_put_end(&w, DHCP_MIN_REPLY);
 *	if (w.err) drop;
 */
#ifndef DHCP_DHCP_WIRE_H
#define DHCP_DHCP_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "rd.h"

#define DHCP_SERVER_PORT	67
#define DHCP_CLIENT_PORT	68

#define DHCP_MAGIC		0x63825363U	/* RFC 2131 §3: the magic cookie */
#define DHCP_FIXED_LEN		236	/* RFC 2131 §2: op .. file */
#define DHCP_HDR_LEN		240	/* fixed header + cookie */
#define DHCP_CHADDR_LEN		16
#define DHCP_OFF_CHADDR		28	/* RFC 2131 §2: op .. giaddr, then chaddr */
#define DHCP_SNAME_LEN		64
#define DHCP_FILE_LEN		128
#define DHCP_MIN_REPLY		300	/* RFC 1542 §2.1: BOOTP clients expect 300 */
#define DHCP_MIN_MAX_SIZE	576	/* RFC 2131 §2: every client takes 576 */
#define DHCP_MAX_PKT		1500	/* what we read; bigger requests are not real */
#define DHCP_KEY_MAX		64	/* client identifiers kept as they are */
/*
 * A longer identifier is kept as 0xff and its SHA-256 (then zeros): a key
 * of DHCP_KEY_LEN bytes, a length no identifier kept as it is has, so the
 * two kinds never collide and the whole identifier counts.
 */
#define DHCP_KEY_LEN		(DHCP_KEY_MAX + 1)

#define BOOTREQUEST		1
#define BOOTREPLY		2
#define DHCP_HTYPE_ETHER	1	/* RFC 1700 hardware type */
#define DHCP_FLAG_BROADCAST	0x8000	/* RFC 2131 §2 figure 2 */

/* RFC 2132 §9.6: DHCP message types (option 53). */
#define DHCP_DISCOVER		1
#define DHCP_OFFER		2
#define DHCP_REQUEST		3
#define DHCP_DECLINE		4
#define DHCP_ACK		5
#define DHCP_NAK		6
#define DHCP_RELEASE		7
#define DHCP_INFORM		8

/* Option codes (RFC 2132 unless noted). */
#define DHCP_OPT_PAD		0
#define DHCP_OPT_SUBNET_MASK	1
#define DHCP_OPT_ROUTER		3
#define DHCP_OPT_DNS		6
#define DHCP_OPT_HOSTNAME	12
#define DHCP_OPT_REQUESTED_IP	50
#define DHCP_OPT_LEASE_TIME	51
#define DHCP_OPT_OVERLOAD	52	/* §9.3: 1 file, 2 sname, 3 both */
#define DHCP_OPT_MSG_TYPE	53
#define DHCP_OPT_SERVER_ID	54
#define DHCP_OPT_PARAM_LIST	55
#define DHCP_OPT_MESSAGE	56
#define DHCP_OPT_MAX_SIZE	57
#define DHCP_OPT_T1		58
#define DHCP_OPT_T2		59
#define DHCP_OPT_VENDOR_CLASS	60
#define DHCP_OPT_CLIENT_ID	61
#define DHCP_OPT_TFTP_NAME	66	/* TFTP server name: we send a dotted IP */
#define DHCP_OPT_BOOTFILE	67
#define DHCP_OPT_TFTP_SERVERS	150	/* Cisco: list of TFTP server addresses */
#define DHCP_OPT_END		255

struct dhcp_opt {
	const uint8_t	*p;		/* into the packet or msg->cat */
	uint16_t	 len;
	uint8_t		 present;
	uint8_t		 joined;	/* p points into msg->cat */
};

/* A parsed message.  Addresses are in network order, as on the wire. */
struct dhcp_msg {
	uint8_t		 op, htype, hlen, hops;
	uint32_t	 xid;
	uint16_t	 secs, flags;
	uint32_t	 ciaddr, yiaddr, siaddr, giaddr;
	uint8_t		 chaddr[DHCP_CHADDR_LEN];
	const uint8_t	*sname;		/* DHCP_SNAME_LEN bytes, or NULL */
	const uint8_t	*file;		/* DHCP_FILE_LEN bytes, or NULL */
	uint8_t		 type;		/* option 53, 0 if absent (BOOTP) */
	uint8_t		 overload;	/* option 52 as honoured */
	struct dhcp_opt	 opt[256];
	/* RFC 3396: an option split in several instances is joined here. */
	uint8_t		 cat[DHCP_MAX_PKT];
	size_t		 catlen;
};

/*
 * Parse a BOOTP/DHCP message.  0 on success; -EBADMSG when it is shorter
 * than the fixed header, has a bad cookie, hlen > 16, an option running
 * past the end, or no end option in the options field.
 */
int		 dhcp_wire_parse(struct dhcp_msg *, const uint8_t *, size_t);

/* The option's bytes and length, or NULL if absent. */
const uint8_t	*dhcp_opt_get(const struct dhcp_msg *, uint8_t, size_t *);
/* A one-byte option: 0 and *v set, -1 if absent or the wrong length. */
int		 dhcp_opt_u8(const struct dhcp_msg *, uint8_t, uint8_t *);
int		 dhcp_opt_be16(const struct dhcp_msg *, uint8_t, uint16_t *);
int		 dhcp_opt_be32(const struct dhcp_msg *, uint8_t, uint32_t *);
/* An IPv4 address option (network order); -1 unless exactly 4 bytes. */
int		 dhcp_opt_ip(const struct dhcp_msg *, uint8_t, uint32_t *);

/* Name of a message type ("DISCOVER"), for logs and tests. */
const char	*dhcp_type_name(int);

/*
 * Builders.  put_header writes the fixed header and the cookie from m's
 * fields (sname/file copied when not NULL); put_opt splits values over
 * 255 bytes into several instances (RFC 3396); put_end writes the end
 * option and pads with zeros up to minlen bytes in all.
 */
void		 dhcp_wire_put_header(struct wr *, const struct dhcp_msg *);
void		 dhcp_wire_put_opt(struct wr *, uint8_t, const void *, size_t);
void		 dhcp_wire_put_u8(struct wr *, uint8_t, uint8_t);
void		 dhcp_wire_put_be32(struct wr *, uint8_t, uint32_t);
void		 dhcp_wire_put_ip(struct wr *, uint8_t, uint32_t);
void		 dhcp_wire_put_end(struct wr *, size_t);

#endif /* DHCP_DHCP_WIRE_H */
