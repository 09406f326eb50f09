/*
 * Packets of the simulated phone: CDP, LLDP-MED, its DHCP client messages
 * and TFTP requests.  Pure builders over struct wr; the DHCP parts go
 * through the DHCP engine's own wire code.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "dhcp/dhcp_wire.h"
#include "net/net_wire.h"
#include "rd.h"
#include "sim_wire.h"
#include "tftp/tftp_wire.h"

static const uint8_t	 cdp_dst[6] = { 0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcc };
static const uint8_t	 lldp_dst[6] = { 0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e };

/* What the phones ask for: mask, router, DNS, domain, ARP timeout, 66, 150. */
const uint8_t	 sim_wire_prl[] = { 1, 3, 6, 15, 35, 66, 150 };
const size_t	 sim_wire_prl_len = sizeof sim_wire_prl;

void
sim_wire_sep_name(char *buf, size_t len, const uint8_t mac[6])
{
	snprintf(buf, len, "SEP%02X%02X%02X%02X%02X%02X", mac[0], mac[1],
	    mac[2], mac[3], mac[4], mac[5]);
}

/* A CDP TLV: type, length including the 4-byte header, value. */
static void
cdp_tlv(struct wr *w, uint16_t type, const void *v, size_t len)
{
	wr_be16(w, type);
	wr_be16(w, (uint16_t)(4 + len));
	wr_bytes(w, v, len);
}

/*
 * A CDPv2 frame as a phone sends it at link-up (domain notes 5.5): 802.3
 * length, LLC/SNAP with Cisco's OUI and PID 0x2000, then the PDU.
 */
size_t
sim_wire_cdp(uint8_t *buf, size_t len, const struct sim_ident *id)
{
	struct wr	 w;
	char		 dev[32], platform[64];
	uint8_t		 caps[4] = { 0, 0, 0, 0x10 };	/* host */
	uint8_t		 duplex = 1, pw[2];
	uint8_t		*pdu;
	size_t		 pdulen;
	uint16_t	 c;

	sim_wire_sep_name(dev, sizeof dev, id->mac);
	snprintf(platform, sizeof platform, "Cisco IP Phone %s", id->model);
	wr_init(&w, buf, len);
	wr_bytes(&w, cdp_dst, 6);
	wr_bytes(&w, id->mac, 6);
	wr_be16(&w, 0);				/* 802.3 length, below */
	wr_u8(&w, NET_LLC_SNAP);		/* LLC: SNAP */
	wr_u8(&w, NET_LLC_SNAP);
	wr_u8(&w, NET_LLC_UI);
	wr_u8(&w, (uint8_t)(NET_OUI_CISCO >> 16));	/* OUI 00-00-0c */
	wr_be16(&w, (uint16_t)NET_OUI_CISCO);
	wr_be16(&w, NET_SNAP_CDP);
	pdu = w.p;
	wr_u8(&w, 2);				/* version */
	wr_u8(&w, SIM_CDP_TTL);
	wr_be16(&w, 0);				/* checksum, below */
	cdp_tlv(&w, CDP_TLV_DEVICE_ID, dev, strlen(dev));
	if (id->ip != 0) {
		wr_be16(&w, CDP_TLV_ADDRESSES);
		wr_be16(&w, 4 + 4 + 2 + 1 + 2 + 4);
		wr_be32(&w, 1);			/* one address */
		wr_u8(&w, 1);			/* NLPID */
		wr_u8(&w, 1);
		wr_u8(&w, 0xcc);		/* IP */
		wr_be16(&w, 4);
		wr_bytes(&w, &id->ip, 4);
	}
	cdp_tlv(&w, CDP_TLV_PORT_ID, "Port 1", 6);
	cdp_tlv(&w, CDP_TLV_CAPABILITIES, caps, sizeof caps);
	cdp_tlv(&w, CDP_TLV_SOFTWARE, id->software, strlen(id->software));
	cdp_tlv(&w, CDP_TLV_PLATFORM, platform, strlen(platform));
	cdp_tlv(&w, CDP_TLV_DUPLEX, &duplex, 1);
	pw[0] = (uint8_t)(id->power_mw >> 8);
	pw[1] = (uint8_t)id->power_mw;
	cdp_tlv(&w, CDP_TLV_POWER, pw, 2);
	if (w.err)
		return (0);
	pdulen = (size_t)(w.p - pdu);
	c = net_cksum(pdu, pdulen, NET_CKSUM_CISCO);
	pdu[2] = (uint8_t)(c >> 8);
	pdu[3] = (uint8_t)c;
	c = (uint16_t)(wr_len(&w) - NET_ETHER_HDR_LEN);
	buf[12] = (uint8_t)(c >> 8);
	buf[13] = (uint8_t)c;
	return (wr_len(&w));
}

/* IEEE 802.1AB 8.4: 7 bits of type, 9 of length. */
static void
lldp_tlv(struct wr *w, unsigned type, const void *v, size_t len)
{
	wr_be16(w, (uint16_t)(type << 9 | (len & 0x1ff)));
	wr_bytes(w, v, len);
}

/* An LLDP-MED organisational TLV (OUI 00-12-bb) with subtype and value. */
static void
lldp_med(struct wr *w, uint8_t sub, const void *v, size_t len)
{
	wr_be16(w, (uint16_t)(LLDP_TLV_ORG << 9 | ((len + 4) & 0x1ff)));
	wr_u8(w, (uint8_t)(LLDP_OUI_MED >> 16));
	wr_be16(w, (uint16_t)LLDP_OUI_MED);
	wr_u8(w, sub);
	wr_bytes(w, v, len);
}

/*
 * An LLDP-MED frame (domain notes 5.5, ANSI/TIA-1057): chassis and port
 * by MAC, TTL 180, System Name SEP<MAC>, telephone capability, class III
 * endpoint, a voice policy with the VLAN unknown, 12.9 W requested,
 * firmware revision, manufacturer and model.
 */
size_t
sim_wire_lldp(uint8_t *buf, size_t len, const struct sim_ident *id)
{
	struct wr	 w;
	char		 name[32], descr[128];
	uint8_t		 v[8];
	uint32_t	 pol;

	sim_wire_sep_name(name, sizeof name, id->mac);
	snprintf(descr, sizeof descr, "Cisco IP Phone %s, %s", id->vendor_class,
	    id->software);
	wr_init(&w, buf, len);
	wr_bytes(&w, lldp_dst, 6);
	wr_bytes(&w, id->mac, 6);
	wr_be16(&w, NET_ETHERTYPE_LLDP);
	v[0] = 4;				/* chassis: MAC address */
	memcpy(v + 1, id->mac, 6);
	lldp_tlv(&w, LLDP_TLV_CHASSIS_ID, v, 7);
	v[0] = 3;				/* port: MAC address */
	lldp_tlv(&w, LLDP_TLV_PORT_ID, v, 7);
	v[0] = SIM_LLDP_TTL >> 8;
	v[1] = SIM_LLDP_TTL & 0xff;
	lldp_tlv(&w, LLDP_TLV_TTL, v, 2);
	lldp_tlv(&w, LLDP_TLV_SYSTEM_NAME, name, strlen(name));
	lldp_tlv(&w, LLDP_TLV_SYSTEM_DESCR, descr, strlen(descr));
	v[0] = 0x00;				/* capabilities: bridge, telephone */
	v[1] = 0x24;
	v[2] = 0x00;
	v[3] = 0x24;
	lldp_tlv(&w, LLDP_TLV_CAPABILITIES, v, 4);
	v[0] = 0x00;				/* MED caps: caps, policy, PD power, inventory */
	v[1] = 0x33;
	v[2] = 3;				/* class III: communication device */
	lldp_med(&w, LLDP_MED_CAPS, v, 3);
	/* Voice: unknown policy (no VLAN yet), priority 5, DSCP 46 (EF). */
	pol = 1u << 23 | 5u << 6 | 46u;
	v[0] = LLDP_MED_APP_VOICE;
	v[1] = (uint8_t)(pol >> 16);
	v[2] = (uint8_t)(pol >> 8);
	v[3] = (uint8_t)pol;
	lldp_med(&w, LLDP_MED_POLICY, v, 4);
	v[0] = 0x52;				/* PD, from a PSE, high priority */
	v[1] = (uint8_t)((id->power_mw / 100) >> 8);
	v[2] = (uint8_t)(id->power_mw / 100);
	lldp_med(&w, LLDP_MED_POWER, v, 3);
	lldp_med(&w, LLDP_MED_FW_REV, id->software, strlen(id->software));
	lldp_med(&w, LLDP_MED_SW_REV, id->software, strlen(id->software));
	lldp_med(&w, LLDP_MED_MFR, "Cisco Systems, Inc.", 19);
	lldp_med(&w, LLDP_MED_MODEL, id->vendor_class,
	    strlen(id->vendor_class));
	lldp_tlv(&w, LLDP_TLV_END, NULL, 0);
	if (w.err)
		return (0);
	/* Ethernet minimum: pad to 60 bytes before the FCS. */
	while (wr_len(&w) < NET_ETHER_MIN_LEN && !w.err)
		wr_u8(&w, 0);
	return (w.err ? 0 : wr_len(&w));
}

/*
 * DISCOVER or REQUEST (RFC 2131 4.4.1): no broadcast flag, client
 * identifier and host name SEP<MAC>, the vendor class exactly as given,
 * the request list; REQUEST carries 50 and 54 from the OFFER.
 */
size_t
sim_wire_dhcp(uint8_t *buf, size_t len, const struct sim_dhcp_req *q)
{
	struct dhcp_msg	*m, mm;
	struct wr	 w;
	uint8_t		 cid[7];
	char		 host[32];

	m = &mm;
	memset(m, 0, offsetof(struct dhcp_msg, opt));
	m->op = BOOTREQUEST;
	m->htype = DHCP_HTYPE_ETHER;
	m->hlen = 6;
	m->xid = q->xid;
	m->secs = q->secs;
	m->flags = 0;
	memcpy(m->chaddr, q->mac, 6);
	cid[0] = DHCP_HTYPE_ETHER;
	memcpy(cid + 1, q->mac, 6);
	sim_wire_sep_name(host, sizeof host, q->mac);

	wr_init(&w, buf, len);
	dhcp_wire_put_header(&w, m);
	dhcp_wire_put_u8(&w, DHCP_OPT_MSG_TYPE, (uint8_t)q->type);
	dhcp_wire_put_opt(&w, DHCP_OPT_CLIENT_ID, cid, sizeof cid);
	if (q->requested != 0)
		dhcp_wire_put_ip(&w, DHCP_OPT_REQUESTED_IP, q->requested);
	if (q->server_id != 0)
		dhcp_wire_put_ip(&w, DHCP_OPT_SERVER_ID, q->server_id);
	dhcp_wire_put_opt(&w, DHCP_OPT_HOSTNAME, host, strlen(host));
	if (q->vclen != 0)
		dhcp_wire_put_opt(&w, DHCP_OPT_VENDOR_CLASS, q->vendor_class,
		    q->vclen);
	dhcp_wire_put_opt(&w, DHCP_OPT_PARAM_LIST, sim_wire_prl,
	    sim_wire_prl_len);
	dhcp_wire_put_end(&w, DHCP_MIN_REPLY);
	return (w.err ? 0 : wr_len(&w));
}

/* Option 66 is a string: a dotted quad here (a name would need DNS). */
static int
opt66_addr(const uint8_t *p, size_t len, uint32_t *out)
{
	char	 s[64];
	size_t	 n = len;

	while (n > 0 && p[n - 1] == '\0')
		n--;
	if (n == 0 || n >= sizeof s)
		return (-1);
	memcpy(s, p, n);
	s[n] = '\0';
	return (inet_pton(AF_INET, s, out) == 1 ? 0 : -1);
}

/*
 * Read a server's reply the way the phone does: ours (xid, chaddr), its
 * type, and the TFTP server from option 150, else 66, else siaddr
 * (domain notes 5.1).
 */
int
sim_wire_dhcp_reply(const uint8_t *pkt, size_t len, uint32_t xid,
    const uint8_t mac[6], struct sim_dhcp_reply *r)
{
	static struct dhcp_msg	 m;	/* large: not on the stack */
	const uint8_t		*p;
	size_t			 n;
	uint8_t			 t;
	uint32_t		 v;

	memset(r, 0, sizeof *r);
	if (dhcp_wire_parse(&m, pkt, len) != 0 || m.op != BOOTREPLY ||
	    m.xid != xid || memcmp(m.chaddr, mac, 6) != 0)
		return (-1);
	if (dhcp_opt_u8(&m, DHCP_OPT_MSG_TYPE, &t) != 0 ||
	    (t != DHCP_OFFER && t != DHCP_ACK && t != DHCP_NAK))
		return (-1);
	r->type = t;
	r->yiaddr = m.yiaddr;
	r->siaddr = m.siaddr;
	(void)dhcp_opt_ip(&m, DHCP_OPT_SERVER_ID, &r->server_id);
	(void)dhcp_opt_ip(&m, DHCP_OPT_SUBNET_MASK, &r->mask);
	if ((p = dhcp_opt_get(&m, DHCP_OPT_ROUTER, &n)) != NULL && n >= 4)
		memcpy(&r->router, p, 4);
	if (dhcp_opt_be32(&m, DHCP_OPT_LEASE_TIME, &v) == 0)
		r->lease_secs = v;
	if ((p = dhcp_opt_get(&m, DHCP_OPT_TFTP_SERVERS, &n)) != NULL &&
	    n >= 4) {
		r->has_150 = 1;
		memcpy(&r->tftp, p, 4);
		r->via = SIM_VIA_OPT150;
	}
	if ((p = dhcp_opt_get(&m, DHCP_OPT_TFTP_NAME, &n)) != NULL) {
		r->has_66 = 1;
		if (r->via == SIM_VIA_NONE && opt66_addr(p, n, &v) == 0) {
			r->tftp = v;
			r->via = SIM_VIA_OPT66;
		}
	}
	if (r->via == SIM_VIA_NONE && m.siaddr != 0) {
		r->tftp = m.siaddr;
		r->via = SIM_VIA_SIADDR;
	}
	return (0);
}

const char *
sim_wire_via_name(enum sim_tftp_via v)
{
	switch (v) {
	case SIM_VIA_OPT150:
		return ("option150");
	case SIM_VIA_OPT66:
		return ("option66");
	case SIM_VIA_SIADDR:
		return ("siaddr");
	default:
		return ("none");
	}
}

/* RFC 1350 RRQ: opcode, file, NUL, "octet", NUL; phones ask no options. */
size_t
sim_wire_rrq(uint8_t *buf, size_t len, const char *file)
{
	struct wr	 w;

	wr_init(&w, buf, len);
	wr_be16(&w, TFTP_OP_RRQ);
	wr_cstr(&w, file);
	wr_cstr(&w, "octet");
	return (w.err ? 0 : wr_len(&w));
}

/* RFC 1350 ACK. */
size_t
sim_wire_ack(uint8_t *buf, size_t len, uint16_t block)
{
	struct wr	 w;

	wr_init(&w, buf, len);
	wr_be16(&w, TFTP_OP_ACK);
	wr_be16(&w, block);
	return (w.err ? 0 : wr_len(&w));
}
