/*
 * The sniffer's dissectors: every field the issue lists, frames built
 * byte by byte here, and each kind of truncation rejected without a read
 * outside the buffer (ASan watches).
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rd.h"
#include "sniff/dissect.h"
#include "../tap.h"

static const uint8_t	 PHONE[6] = { 0x00, 0x1b, 0xd4, 0xa1, 0x70, 0x70 };
static const uint8_t	 CDP_DST[6] = { 0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcc };
static const uint8_t	 BCAST[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* Is the dissected string s equal to the C string t? */
static int
str_is(const struct dissect_str *s, const char *t)
{
	return (s->p != NULL && s->len == strlen(t) &&
	    memcmp(s->p, t, s->len) == 0);
}

static void
cdp_tlv(struct wr *w, uint16_t type, const void *v, size_t n)
{
	wr_be16(w, type);
	wr_be16(w, (uint16_t)(n + 4));
	wr_bytes(w, v, n);
}

static void
cdp_tlv_str(struct wr *w, uint16_t type, const char *s)
{
	cdp_tlv(w, type, s, strlen(s));
}

/* A CDP PDU from a 7970; the checksum is right unless bad is set. */
static size_t
build_cdp_pdu(uint8_t *buf, size_t len, int bad)
{
	struct wr	 w;
	uint8_t		 addr[13] = { 0, 0, 0, 1, 1, 1, 0xcc, 0, 4,
			    198, 18, 5, 70 };
	uint8_t		 caps[4] = { 0, 0, 0, 0x10 };
	uint8_t		 power[2] = { 0x2e, 0xe0 };		/* 12000 mW */
	uint8_t		 req[8] = { 0, 1, 0, 0, 0, 0, 0x2e, 0xe0 };
	uint8_t		 voice[3] = { 1, 0, 100 };
	uint8_t		 native[2] = { 0, 1 };
	uint16_t	 c;
	size_t		 n;

	wr_init(&w, buf, len);
	wr_u8(&w, 2);
	wr_u8(&w, 180);
	wr_be16(&w, 0);
	cdp_tlv_str(&w, CDP_TLV_DEVICE_ID, "SEP001BD4A17070");
	cdp_tlv(&w, CDP_TLV_ADDRESSES, addr, sizeof addr);
	cdp_tlv_str(&w, CDP_TLV_PORT_ID, "Port 1");
	cdp_tlv(&w, CDP_TLV_CAPABILITIES, caps, sizeof caps);
	cdp_tlv_str(&w, CDP_TLV_SOFTWARE, "SCCP70.8-5-2S");
	cdp_tlv_str(&w, CDP_TLV_PLATFORM, "Cisco IP Phone 7970");
	cdp_tlv(&w, CDP_TLV_NATIVE_VLAN, native, sizeof native);
	cdp_tlv(&w, CDP_TLV_VOICE_VLAN, voice, sizeof voice);
	cdp_tlv(&w, CDP_TLV_POWER, power, sizeof power);
	cdp_tlv(&w, CDP_TLV_POWER_REQ, req, sizeof req);
	cdp_tlv(&w, 0x0099, "?", 1);		/* unknown: skipped */
	n = wr_len(&w);
	c = dissect_cdp_checksum(buf, n);
	if (bad)
		c ^= 0x1234;
	buf[2] = (uint8_t)(c >> 8);
	buf[3] = (uint8_t)c;
	return (n);
}

/* Ethernet 802.3 + LLC/SNAP around a CDP PDU, optionally 802.1Q-tagged. */
static size_t
build_cdp_frame(uint8_t *buf, size_t len, int vlan, int bad)
{
	static const uint8_t	 snap[8] = { 0xaa, 0xaa, 0x03, 0, 0, 0x0c,
				    0x20, 0x00 };
	uint8_t			 pdu[512];
	size_t			 n = build_cdp_pdu(pdu, sizeof pdu, bad);
	struct wr		 w;

	wr_init(&w, buf, len);
	wr_bytes(&w, CDP_DST, 6);
	wr_bytes(&w, PHONE, 6);
	if (vlan != 0) {
		wr_be16(&w, NET_ETHERTYPE_VLAN);
		wr_be16(&w, (uint16_t)(5 << 13 | vlan));
	}
	wr_be16(&w, (uint16_t)(n + sizeof snap));
	wr_bytes(&w, snap, sizeof snap);
	wr_bytes(&w, pdu, n);
	return (wr_len(&w));
}

static void
lldp_tlv(struct wr *w, unsigned type, const void *v, size_t n)
{
	wr_be16(w, (uint16_t)(type << 9 | n));
	wr_bytes(w, v, n);
}

static void
med_tlv(struct wr *w, uint8_t sub, const void *v, size_t n)
{
	uint8_t	 b[64];

	b[0] = 0x00;
	b[1] = 0x12;
	b[2] = 0xbb;
	b[3] = sub;
	memcpy(b + 4, v, n);
	lldp_tlv(w, LLDP_TLV_ORG, b, n + 4);
}

/* An LLDP-MED frame from a 7965 (cisco-phones.md 5.5). */
static size_t
build_lldp_frame(uint8_t *buf, size_t len, int with_chassis)
{
	static const uint8_t	 dst[6] = { 0x01, 0x80, 0xc2, 0, 0, 0x0e };
	struct wr		 w;
	uint8_t			 chassis[7] = { 5, 1, 198, 18, 5, 65 };
	uint8_t			 port[7] = { 3 };
	uint8_t			 ttl[2] = { 0, 180 };
	uint8_t			 caps[3] = { 0x00, 0x33, 3 };
	/* Voice: tagged, VLAN 100, priority 5, DSCP 46. */
	uint32_t		 bits = 1u << 22 | 100u << 9 | 5u << 6 | 46;
	uint8_t			 policy[4] = { 1, (uint8_t)(bits >> 16),
				    (uint8_t)(bits >> 8), (uint8_t)bits };
	uint8_t			 sig[4] = { 2, 0x40, 0xc8, 0xd8 };
	uint8_t			 power[3] = { 1 << 6 | 1 << 4 | 3, 0, 129 };
	uint8_t			 pvid[6] = { 0x00, 0x80, 0xc2, 1, 0, 100 };

	memcpy(port + 1, PHONE, 6);
	wr_init(&w, buf, len);
	wr_bytes(&w, dst, 6);
	wr_bytes(&w, PHONE, 6);
	wr_be16(&w, NET_ETHERTYPE_LLDP);
	if (with_chassis)
		lldp_tlv(&w, LLDP_TLV_CHASSIS_ID, chassis, 6);
	lldp_tlv(&w, LLDP_TLV_PORT_ID, port, sizeof port);
	lldp_tlv(&w, LLDP_TLV_TTL, ttl, sizeof ttl);
	lldp_tlv(&w, LLDP_TLV_SYSTEM_NAME, "SEP001BD4A17070", 15);
	lldp_tlv(&w, LLDP_TLV_ORG, pvid, sizeof pvid);
	med_tlv(&w, LLDP_MED_CAPS, caps, sizeof caps);
	med_tlv(&w, LLDP_MED_POLICY, sig, sizeof sig);
	med_tlv(&w, LLDP_MED_POLICY, policy, sizeof policy);
	med_tlv(&w, LLDP_MED_POWER, power, sizeof power);
	med_tlv(&w, LLDP_MED_FW_REV, "SCCP45.9-4-2SR4-3S", 18);
	med_tlv(&w, LLDP_MED_MODEL, "CP-7965G", 8);
	lldp_tlv(&w, LLDP_TLV_END, NULL, 0);
	return (wr_len(&w));
}

/* Ethernet + IPv4 + UDP around a payload. */
static size_t
build_udp(uint8_t *buf, size_t len, const uint8_t *dst, uint32_t saddr,
    uint32_t daddr, uint16_t sport, uint16_t dport, const void *pl,
    size_t plen)
{
	struct wr	 w;

	wr_init(&w, buf, len);
	wr_bytes(&w, dst, 6);
	wr_bytes(&w, PHONE, 6);
	wr_be16(&w, NET_ETHERTYPE_IPV4);
	wr_u8(&w, 0x45);
	wr_u8(&w, 0);
	wr_be16(&w, (uint16_t)(20 + 8 + plen));
	wr_be32(&w, 0);
	wr_u8(&w, 64);
	wr_u8(&w, 17);
	wr_be16(&w, 0);
	wr_bytes(&w, &saddr, 4);
	wr_bytes(&w, &daddr, 4);
	wr_be16(&w, sport);
	wr_be16(&w, dport);
	wr_be16(&w, (uint16_t)(8 + plen));
	wr_be16(&w, 0);
	wr_bytes(&w, pl, plen);
	return (wr_len(&w));
}

/* A DHCP DISCOVER with vendor class vc (vclen bytes, NUL included if any). */
static size_t
build_discover(uint8_t *buf, size_t len, const char *vc, size_t vclen)
{
	uint8_t		 d[400];
	struct wr	 w;
	uint32_t	 req = htonl(0xc6120548);	/* 198.18.5.72 */

	memset(d, 0, sizeof d);
	wr_init(&w, d, sizeof d);
	wr_u8(&w, BOOTREQUEST);
	wr_u8(&w, 1);
	wr_u8(&w, 6);
	wr_u8(&w, 0);
	wr_be32(&w, 0x12345678);
	wr_be32(&w, 0);
	w.p += 16;				/* ciaddr yiaddr siaddr giaddr */
	wr_bytes(&w, PHONE, 6);
	w.p += 10 + 64 + 128;
	wr_be32(&w, DHCP_MAGIC);
	wr_u8(&w, DHCP_OPT_PAD);
	wr_u8(&w, DHCP_OPT_MSG_TYPE);
	wr_u8(&w, 1);
	wr_u8(&w, DHCP_DISCOVER);
	wr_u8(&w, DHCP_OPT_VENDOR_CLASS);
	wr_u8(&w, (uint8_t)vclen);
	wr_bytes(&w, vc, vclen);
	wr_u8(&w, DHCP_OPT_HOSTNAME);
	wr_u8(&w, 15);
	wr_bytes(&w, "SEP001BD4A17070", 15);
	wr_u8(&w, DHCP_OPT_CLIENT_ID);
	wr_u8(&w, 7);
	wr_u8(&w, 1);
	wr_bytes(&w, PHONE, 6);
	wr_u8(&w, DHCP_OPT_REQUESTED_IP);
	wr_u8(&w, 4);
	wr_bytes(&w, &req, 4);
	wr_u8(&w, DHCP_OPT_END);
	return (build_udp(buf, len, BCAST, 0, 0xffffffff, 68, 67, d,
	    wr_len(&w)));
}

static void
test_cdp(void)
{
	uint8_t			 buf[600];
	struct dissect_frame	 f;
	const struct cdp_info	*c = &f.u.cdp;
	size_t			 n, cut;
	uint32_t		 want = htonl(0xc6120546);
	int			 bad = 0;

	n = build_cdp_frame(buf, sizeof buf, 0, 0);
	is_int(dissect_frame(buf, n, &f), 0, "CDP frame parses");
	is_int(f.kind, DK_CDP, "802.3 + SNAP 00000c/2000 is CDP");
	ok(c->version == 2 && c->ttl == 180, "CDP version 2, TTL 180");
	ok(c->checksum_ok, "a right checksum is seen as right");
	ok(str_is(&c->device_id, "SEP001BD4A17070"), "device ID");
	ok(str_is(&c->port_id, "Port 1"), "port ID");
	ok(str_is(&c->software, "SCCP70.8-5-2S"), "software version");
	ok(str_is(&c->platform, "Cisco IP Phone 7970"), "platform");
	ok(c->addr == want && c->naddrs == 1, "the IPv4 address");
	ok(c->has_caps && c->caps == 0x10, "capabilities");
	ok(c->has_native_vlan && c->native_vlan == 1, "native VLAN");
	ok(c->has_voice_vlan && c->voice_vlan == 100, "voice VLAN");
	ok(c->has_power && c->power_mw == 12000, "power 12000 mW");
	ok(c->has_power_req && c->power_req_mw == 12000, "power requested");
	is_int(c->ntlv, 11, "every TLV counted, the unknown one too");

	n = build_cdp_frame(buf, sizeof buf, 0, 1);
	is_int(dissect_frame(buf, n, &f), 0, "a wrong checksum is accepted");
	ok(f.kind == DK_CDP && !c->checksum_ok &&
	    str_is(&c->platform, "Cisco IP Phone 7970"),
	    "... and the frame still says what it says");

	n = build_cdp_frame(buf, sizeof buf, 100, 0);
	is_int(dissect_frame(buf, n, &f), 0, "tagged CDP parses");
	ok(f.kind == DK_CDP && f.nvlan == 1 && f.vlan == 100 &&
	    f.vlan_prio == 5, "802.1Q: VLAN 100, priority 5");

	/* Every cut of the frame is rejected, never read past. */
	n = build_cdp_frame(buf, sizeof buf, 0, 0);
	for (cut = 0; cut < n; cut++) {
		uint8_t *copy = malloc(cut + 1);
		memcpy(copy, buf, cut);
		if (dissect_frame(copy, cut, &f) == 0 && f.kind == DK_CDP)
			bad++;
		free(copy);
	}
	is_int(bad, 0, "every truncation of a CDP frame is malformed");

	/* A TLV whose length is below its own header. */
	n = build_cdp_frame(buf, sizeof buf, 0, 0);
	buf[14 + 8 + 4 + 3] = 2;
	is_int(dissect_frame(buf, n, &f), -1, "TLV length < 4 is malformed");
	n = build_cdp_frame(buf, sizeof buf, 0, 0);
	buf[14 + 8] = 3;
	is_int(dissect_frame(buf, n, &f), -1, "CDP version 3 is not CDP");
}

static void
test_cdp_checksum(void)
{
	/* RFC 1071's example words sum to 0xddf2; its complement is 0x220d. */
	static const uint8_t	 rfc[8] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5,
				    0xf6, 0xf7 };
	uint8_t			 odd[9] = { 2, 180, 0, 0, 0, 1, 0, 5, 0x90 };
	uint16_t		 c;

	is_int(dissect_cdp_checksum(rfc, sizeof rfc), 0x220d,
	    "even length: the Internet checksum");
	c = dissect_cdp_checksum(odd, sizeof odd);
	odd[2] = (uint8_t)(c >> 8);
	odd[3] = (uint8_t)c;
	is_int(dissect_cdp_checksum(odd, sizeof odd), 0,
	    "odd length, last byte >= 0x80: Cisco's quirk verifies");
	/* The quirk word is 0xff8f, not RFC 1071's 0x9000. */
	odd[2] = odd[3] = 0;
	is_int(dissect_cdp_checksum(odd, sizeof odd),
	    (uint16_t)~(0x02b4 + 0x0001 + 0x0005 + 0xff8f + 1), "quirk value");
}

/*
 * Real CDP PDUs, from scapy's regression tests (test/contrib/cdp.uts):
 * a 7960 with the wrong checksum 0xd7db (0xf3f1 is right), the frame
 * cisco-phones.md 5.5 describes, and a Catalyst 2950 whose checksum is
 * right.
 */
static const uint8_t	 cdp_7960[116] = {
	0x02, 0xb4, 0xd7, 0xdb, 0x00, 0x01, 0x00, 0x13, 0x53, 0x49, 0x50, 0x30,
	0x30, 0x31, 0x31, 0x32, 0x32, 0x33, 0x33, 0x34, 0x34, 0x35, 0x35, 0x00,
	0x02, 0x00, 0x11, 0x00, 0x00, 0x00, 0x01, 0x01, 0x01, 0xcc, 0x00, 0x04,
	0xc0, 0xa8, 0x01, 0x21, 0x00, 0x03, 0x00, 0x0a, 0x50, 0x6f, 0x72, 0x74,
	0x20, 0x31, 0x00, 0x04, 0x00, 0x08, 0x00, 0x00, 0x00, 0x10, 0x00, 0x05,
	0x00, 0x10, 0x50, 0x30, 0x30, 0x33, 0x2d, 0x30, 0x38, 0x2d, 0x32, 0x2d,
	0x30, 0x30, 0x00, 0x06, 0x00, 0x17, 0x43, 0x69, 0x73, 0x63, 0x6f, 0x20,
	0x49, 0x50, 0x20, 0x50, 0x68, 0x6f, 0x6e, 0x65, 0x20, 0x37, 0x39, 0x36,
	0x30, 0x00, 0x0f, 0x00, 0x08, 0x20, 0x02, 0x00, 0x01, 0x00, 0x0b, 0x00,
	0x05, 0x01, 0x00, 0x10, 0x00, 0x06, 0x18, 0x9c,
};

static const uint8_t	 cdp_c2950[450] = {
	0x02, 0xb4, 0x8c, 0xfa, 0x00, 0x01, 0x00, 0x0c, 0x6d, 0x79, 0x73, 0x77,
	0x69, 0x74, 0x63, 0x68, 0x00, 0x02, 0x00, 0x11, 0x00, 0x00, 0x00, 0x01,
	0x01, 0x01, 0xcc, 0x00, 0x04, 0xc0, 0xa8, 0x00, 0xfd, 0x00, 0x03, 0x00,
	0x13, 0x46, 0x61, 0x73, 0x74, 0x45, 0x74, 0x68, 0x65, 0x72, 0x6e, 0x65,
	0x74, 0x30, 0x2f, 0x31, 0x00, 0x04, 0x00, 0x08, 0x00, 0x00, 0x00, 0x28,
	0x00, 0x05, 0x01, 0x14, 0x43, 0x69, 0x73, 0x63, 0x6f, 0x20, 0x49, 0x6e,
	0x74, 0x65, 0x72, 0x6e, 0x65, 0x74, 0x77, 0x6f, 0x72, 0x6b, 0x20, 0x4f,
	0x70, 0x65, 0x72, 0x61, 0x74, 0x69, 0x6e, 0x67, 0x20, 0x53, 0x79, 0x73,
	0x74, 0x65, 0x6d, 0x20, 0x53, 0x6f, 0x66, 0x74, 0x77, 0x61, 0x72, 0x65,
	0x20, 0x0a, 0x49, 0x4f, 0x53, 0x20, 0x28, 0x74, 0x6d, 0x29, 0x20, 0x43,
	0x32, 0x39, 0x35, 0x30, 0x20, 0x53, 0x6f, 0x66, 0x74, 0x77, 0x61, 0x72,
	0x65, 0x20, 0x28, 0x43, 0x32, 0x39, 0x35, 0x30, 0x2d, 0x49, 0x36, 0x4b,
	0x32, 0x4c, 0x32, 0x51, 0x34, 0x2d, 0x4d, 0x29, 0x2c, 0x20, 0x56, 0x65,
	0x72, 0x73, 0x69, 0x6f, 0x6e, 0x20, 0x31, 0x32, 0x2e, 0x31, 0x28, 0x32,
	0x32, 0x29, 0x45, 0x41, 0x31, 0x34, 0x2c, 0x20, 0x52, 0x45, 0x4c, 0x45,
	0x41, 0x53, 0x45, 0x20, 0x53, 0x4f, 0x46, 0x54, 0x57, 0x41, 0x52, 0x45,
	0x20, 0x28, 0x66, 0x63, 0x31, 0x29, 0x0a, 0x54, 0x65, 0x63, 0x68, 0x6e,
	0x69, 0x63, 0x61, 0x6c, 0x20, 0x53, 0x75, 0x70, 0x70, 0x6f, 0x72, 0x74,
	0x3a, 0x20, 0x68, 0x74, 0x74, 0x70, 0x3a, 0x2f, 0x2f, 0x77, 0x77, 0x77,
	0x2e, 0x63, 0x69, 0x73, 0x63, 0x6f, 0x2e, 0x63, 0x6f, 0x6d, 0x2f, 0x74,
	0x65, 0x63, 0x68, 0x73, 0x75, 0x70, 0x70, 0x6f, 0x72, 0x74, 0x0a, 0x43,
	0x6f, 0x70, 0x79, 0x72, 0x69, 0x67, 0x68, 0x74, 0x20, 0x28, 0x63, 0x29,
	0x20, 0x31, 0x39, 0x38, 0x36, 0x2d, 0x32, 0x30, 0x31, 0x30, 0x20, 0x62,
	0x79, 0x20, 0x63, 0x69, 0x73, 0x63, 0x6f, 0x20, 0x53, 0x79, 0x73, 0x74,
	0x65, 0x6d, 0x73, 0x2c, 0x20, 0x49, 0x6e, 0x63, 0x2e, 0x0a, 0x43, 0x6f,
	0x6d, 0x70, 0x69, 0x6c, 0x65, 0x64, 0x20, 0x54, 0x75, 0x65, 0x20, 0x32,
	0x36, 0x2d, 0x4f, 0x63, 0x74, 0x2d, 0x31, 0x30, 0x20, 0x31, 0x30, 0x3a,
	0x33, 0x35, 0x20, 0x62, 0x79, 0x20, 0x6e, 0x62, 0x75, 0x72, 0x72, 0x61,
	0x00, 0x06, 0x00, 0x15, 0x63, 0x69, 0x73, 0x63, 0x6f, 0x20, 0x57, 0x53,
	0x2d, 0x43, 0x32, 0x39, 0x35, 0x30, 0x2d, 0x31, 0x32, 0x00, 0x08, 0x00,
	0x24, 0x00, 0x00, 0x0c, 0x01, 0x12, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff,
	0xff, 0xff, 0x01, 0x02, 0x21, 0xff, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x0b, 0xbe, 0x18, 0x9a, 0x40, 0xff, 0x00, 0x00, 0x00, 0x09, 0x00,
	0x0c, 0x4d, 0x59, 0x44, 0x4f, 0x4d, 0x41, 0x49, 0x4e, 0x00, 0x0a, 0x00,
	0x06, 0x00, 0x01, 0x00, 0x0b, 0x00, 0x05, 0x01, 0x00, 0x0e, 0x00, 0x07,
	0x01, 0x00, 0x0a, 0x00, 0x12, 0x00, 0x05, 0x00, 0x00, 0x13, 0x00, 0x05,
	0x00, 0x00, 0x16, 0x00, 0x11, 0x00, 0x00, 0x00, 0x01, 0x01, 0x01, 0xcc,
	0x00, 0x04, 0xc0, 0xa8, 0x00, 0xfd,
};

static void
test_cdp_vectors(void)
{
	uint8_t		 pdu[sizeof cdp_7960];
	struct cdp_info	 c;
	struct rd	 r;

	rd_init(&r, cdp_7960, sizeof cdp_7960);
	is_int(dissect_cdp(&r, &c), 0, "the real 7960 PDU parses");
	ok(!c.checksum_ok && c.checksum == 0xd7db, "... its checksum is wrong");
	ok(str_is(&c.device_id, "SIP001122334455") &&
	    str_is(&c.platform, "Cisco IP Phone 7960") &&
	    str_is(&c.software, "P003-08-2-00") && str_is(&c.port_id, "Port 1"),
	    "... device ID, platform, software, port");
	ok(c.addr == htonl(0xc0a80121) && c.has_caps && c.caps == 0x10,
	    "... address 192.168.1.33, host capability");
	ok(c.has_power && c.power_mw == 6300, "... power 6300 mW");
	memcpy(pdu, cdp_7960, sizeof pdu);
	pdu[2] = 0xf3;
	pdu[3] = 0xf1;
	is_int(dissect_cdp_checksum(pdu, sizeof pdu), 0,
	    "0xf3f1 is the checksum scapy computes for it");

	rd_init(&r, cdp_c2950, sizeof cdp_c2950);
	is_int(dissect_cdp(&r, &c), 0, "the real Catalyst 2950 PDU parses");
	ok(c.checksum_ok, "... its checksum (0x8cfa) is right");
	ok(str_is(&c.platform, "cisco WS-C2950-12") &&
	    str_is(&c.port_id, "FastEthernet0/1"), "... platform and port");
	ok(c.has_native_vlan && c.native_vlan == 1 && c.has_voice_vlan &&
	    c.voice_vlan == 10, "... native VLAN 1, voice VLAN 10");
	is_int(c.ntlv, 14, "... fourteen TLVs");
}

static void
test_lldp(void)
{
	uint8_t			 buf[600], *copy;
	struct dissect_frame	 f;
	const struct lldp_info	*l = &f.u.lldp;
	size_t			 n, cut;
	int			 bad = 0;

	n = build_lldp_frame(buf, sizeof buf, 1);
	is_int(dissect_frame(buf, n, &f), 0, "LLDP frame parses");
	is_int(f.kind, DK_LLDP, "EtherType 0x88cc is LLDP");
	ok(l->chassis_subtype == 5 && l->chassis_id.len == 5, "chassis ID");
	ok(l->port_subtype == 3 && l->port_id.len == 6 &&
	    memcmp(l->port_id.p, PHONE, 6) == 0, "port ID: the MAC");
	is_int(l->ttl, 180, "TTL");
	ok(str_is(&l->system_name, "SEP001BD4A17070"), "system name");
	ok(l->has_med_caps && l->med_class == 3, "LLDP-MED class III");
	ok(l->has_policy && l->policy_app == LLDP_MED_APP_VOICE &&
	    l->policy_vlan == 100 && l->policy_tagged && l->policy_prio == 5 &&
	    l->policy_dscp == 46, "network policy: voice VLAN 100, tagged");
	ok(l->has_power && l->power_mw == 12900 && l->power_prio == 3,
	    "extended power 12900 mW");
	ok(str_is(&l->fw_rev, "SCCP45.9-4-2SR4-3S"), "firmware revision");
	ok(str_is(&l->model, "CP-7965G"), "model name");
	is_int(l->pvid, 100, "802.1 port VLAN ID");

	for (cut = 14; cut < n; cut++) {
		copy = malloc(cut);
		memcpy(copy, buf, cut);
		if (dissect_frame(copy, cut, &f) == 0)
			bad++;
		free(copy);
	}
	is_int(bad, 0, "every truncation of an LLDPDU is malformed");
	n = build_lldp_frame(buf, sizeof buf, 0);
	is_int(dissect_frame(buf, n, &f), -1, "no chassis ID: malformed");
}

static void
test_dhcp(void)
{
	static const char	 vc[] = "Cisco Systems, Inc. IP Phone CP-7961G-GE";
	uint8_t			 buf[800], *copy;
	struct dissect_frame	 f;
	const struct dhcp_info	*d = &f.u.dhcp;
	size_t			 n, cut;
	int			 bad = 0;

	n = build_discover(buf, sizeof buf, vc, sizeof vc);
	is_int(dissect_frame(buf, n, &f), 0, "DISCOVER parses");
	is_int(f.kind, DK_DHCP, "UDP to 67 is DHCP");
	ok(d->op == BOOTREQUEST && d->msgtype == DHCP_DISCOVER,
	    "BOOTREQUEST, DISCOVER");
	ok(memcmp(d->chaddr, PHONE, 6) == 0 && d->xid == 0x12345678,
	    "chaddr and xid");
	ok(d->vendor_class.len == sizeof vc &&
	    memcmp(d->vendor_class.p, vc, sizeof vc) == 0,
	    "vendor class, with its NUL");
	ok(str_is(&d->hostname, "SEP001BD4A17070"), "host name");
	ok(d->client_id.len == 7 && d->client_id.p[0] == 1, "client ID");
	is_int(ntohl(d->requested), 0xc6120548, "requested address");

	for (cut = 14; cut < n; cut++) {
		copy = malloc(cut);
		memcpy(copy, buf, cut);
		if (dissect_frame(copy, cut, &f) == 0 && f.kind == DK_DHCP &&
		    d->msgtype != 0)
			bad++;
		free(copy);
	}
	is_int(bad, 0, "no truncation of a DISCOVER yields a message");

	/* The UDP length says more than the frame holds. */
	n = build_discover(buf, sizeof buf, vc, sizeof vc);
	buf[14 + 24] = 0x0f;
	is_int(dissect_frame(buf, n, &f), -1, "UDP length past the frame");
	/* A BOOTP op that is neither request nor reply. */
	n = build_discover(buf, sizeof buf, vc, sizeof vc);
	buf[14 + 28] = 9;
	is_int(dissect_frame(buf, n, &f), -1, "bad BOOTP op");
}

static void
test_arp(void)
{
	uint8_t			 buf[64];
	struct dissect_frame	 f;
	struct wr		 w;
	uint32_t		 ip = htonl(0xc6120546);
	uint32_t		 zero = 0;

	wr_init(&w, buf, sizeof buf);
	wr_bytes(&w, BCAST, 6);
	wr_bytes(&w, PHONE, 6);
	wr_be16(&w, NET_ETHERTYPE_ARP);
	wr_be16(&w, 1);
	wr_be16(&w, 0x0800);
	wr_u8(&w, 6);
	wr_u8(&w, 4);
	wr_be16(&w, 1);
	wr_bytes(&w, PHONE, 6);
	wr_bytes(&w, &ip, 4);
	wr_bytes(&w, BCAST, 6);
	wr_bytes(&w, &ip, 4);
	is_int(dissect_frame(buf, wr_len(&w), &f), 0, "ARP parses");
	ok(f.kind == DK_ARP && f.u.arp.gratuitous && !f.u.arp.probe &&
	    f.u.arp.spa == ip, "gratuitous ARP (sender == target)");
	memcpy(buf + 14 + 14, &zero, 4);
	is_int(dissect_frame(buf, wr_len(&w), &f), 0, "ARP probe parses");
	ok(f.u.arp.probe && !f.u.arp.gratuitous && f.u.arp.tpa == ip,
	    "probe: sender 0.0.0.0, target the address checked");
	is_int(dissect_frame(buf, wr_len(&w) - 1, &f), -1, "ARP cut short");
	buf[14 + 1] = 6;
	is_int(dissect_frame(buf, wr_len(&w), &f), -1, "not Ethernet ARP");
}

static void
test_tftp(void)
{
	static const uint8_t	 rrq[] = "\0\1SEP001BD4A17070.cnf.xml\0octet\0"
				    "blksize\0" "1428\0tsize\0" "0";
	static const uint8_t	 wrq[] = "\0\2up.bin\0octet";
	static const uint8_t	 nonul[] = "\0\1term70.default.loads";
	uint8_t			 buf[200];
	struct dissect_frame	 f;
	uint32_t		 src = htonl(0xc6120546), dst = htonl(0xc6120501);
	size_t			 n;

	n = build_udp(buf, sizeof buf, BCAST, src, dst, 50000, 69, rrq,
	    sizeof rrq);
	is_int(dissect_frame(buf, n, &f), 0, "RRQ parses");
	ok(f.kind == DK_TFTP_RRQ && str_is(&f.u.tftp.file,
	    "SEP001BD4A17070.cnf.xml") && str_is(&f.u.tftp.mode, "octet"),
	    "file name and mode");
	is_int(f.u.tftp.noptions, 2, "two options");
	ok(f.has_ip && f.ip_src == src && f.sport == 50000, "IPv4/UDP fields");
	n = build_udp(buf, sizeof buf, BCAST, src, dst, 50000, 69, wrq,
	    sizeof wrq);
	is_int(dissect_frame(buf, n, &f), 0, "WRQ parses");
	is_int(f.kind, DK_NONE, "a write request is not a phone asking");
	n = build_udp(buf, sizeof buf, BCAST, src, dst, 50000, 69, nonul,
	    sizeof nonul - 1);
	is_int(dissect_frame(buf, n, &f), -1, "file name without its NUL");
}

static void
test_link(void)
{
	uint8_t			 buf[600];
	struct dissect_frame	 f;
	struct wr		 w;
	uint32_t		 src = htonl(0xc6120546), dst = htonl(0xc6120501);
	static const uint8_t	 stp[] = { 0x42, 0x42, 0x03, 0, 0, 0 };
	size_t			 n;

	/* 802.3 with plain LLC (STP): not ours, not malformed. */
	wr_init(&w, buf, sizeof buf);
	wr_bytes(&w, CDP_DST, 6);
	wr_bytes(&w, PHONE, 6);
	wr_be16(&w, sizeof stp);
	wr_bytes(&w, stp, sizeof stp);
	is_int(dissect_frame(buf, wr_len(&w), &f), 0, "STP LLC parses");
	is_int(f.kind, DK_NONE, "... as nothing we watch");

	/* Three tags: deeper than phones go. */
	wr_init(&w, buf, sizeof buf);
	wr_bytes(&w, BCAST, 6);
	wr_bytes(&w, PHONE, 6);
	for (n = 0; n < 3; n++) {
		wr_be16(&w, NET_ETHERTYPE_VLAN);
		wr_be16(&w, 10);
	}
	wr_be16(&w, NET_ETHERTYPE_ARP);
	is_int(dissect_frame(buf, wr_len(&w), &f), 0, "three tags parse");
	is_int(f.kind, DK_NONE, "... and are ignored");

	/* 802.1ad outer, 802.1Q inner: the inner VLAN is the phone's. */
	n = build_discover(buf + 8, sizeof buf - 8, "x", 1);
	memmove(buf, buf + 8, 12);
	buf[12] = 0x88; buf[13] = 0xa8; buf[14] = 0x01; buf[15] = 0x2c;
	buf[16] = 0x81; buf[17] = 0x00; buf[18] = 0x00; buf[19] = 200;
	is_int(dissect_frame(buf, n + 8, &f), 0, "Q-in-Q DISCOVER parses");
	ok(f.kind == DK_DHCP && f.nvlan == 2 && f.vlan == 200,
	    "two tags, inner VLAN 200");

	/* TCP SYN to 6970, and the SYN-ACK that is not one. */
	wr_init(&w, buf, sizeof buf);
	wr_bytes(&w, BCAST, 6);
	wr_bytes(&w, PHONE, 6);
	wr_be16(&w, NET_ETHERTYPE_IPV4);
	wr_u8(&w, 0x45);
	wr_u8(&w, 0);
	wr_be16(&w, 40);
	wr_be32(&w, 0);
	wr_u8(&w, 64);
	wr_u8(&w, 6);
	wr_be16(&w, 0);
	wr_bytes(&w, &src, 4);
	wr_bytes(&w, &dst, 4);
	wr_be16(&w, 49152);
	wr_be16(&w, 6970);
	wr_be32(&w, 1);
	wr_be32(&w, 0);
	wr_u8(&w, 0x50);
	wr_u8(&w, 0x02);
	wr_be16(&w, 8192);
	wr_be32(&w, 0);
	n = wr_len(&w);
	is_int(dissect_frame(buf, n, &f), 0, "TCP SYN parses");
	is_int(f.kind, DK_HTTP_SYN, "SYN to 6970 is an HTTP attempt");
	buf[14 + 20 + 13] = 0x12;
	is_int(dissect_frame(buf, n, &f), 0, "SYN-ACK parses");
	is_int(f.kind, DK_NONE, "... and is not an attempt");
	is_int(dissect_frame(buf, 14 + 20 + 12, &f), -1, "TCP header cut");
	/* A later fragment carries no transport header. */
	buf[14 + 7] = 0x10;
	buf[14 + 20 + 13] = 0x02;
	is_int(dissect_frame(buf, n, &f), 0, "fragment parses");
	is_int(f.kind, DK_NONE, "... as nothing");
	buf[14] = 0x46;
	buf[14 + 7] = 0;
	is_int(dissect_frame(buf, 14 + 22, &f), -1, "IPv4 options cut");
	is_int(dissect_frame(buf, 13, &f), -1, "no room for an EtherType");
}

int
main(void)
{
	test_cdp();
	test_cdp_checksum();
	test_cdp_vectors();
	test_lldp();
	test_dhcp();
	test_arp();
	test_tftp();
	test_link();
	return (done_testing());
}
