/*
 * Cisco Discovery Protocol v1/v2 (no RFC: the layout follows Wireshark's
 * packet-cdp.c and scapy's contrib/cdp.py).  Phones send CDP at link-up
 * to learn their voice VLAN and negotiate power, so a CDP frame is often
 * the first sign of a phone.  Real 7960s send wrong checksums: the
 * checksum is computed for the record and never used to drop a frame.
 */
#include "config.h"

#include <string.h>

#include "dissect.h"

static void	 cdp_addresses(struct rd *, struct cdp_info *);

/*
 * The CDP checksum: the Internet checksum (RFC 1071) over the PDU, except
 * that Cisco pads an odd length by moving the last byte into the low half
 * of a final word and compensates an off-by-one when that byte is >= 0x80
 * (as Wireshark documents).  Over a PDU with its checksum field, 0 means
 * the checksum is right.
 */
uint16_t
dissect_cdp_checksum(const uint8_t *p, size_t len)
{
	return (net_cksum(p, len, NET_CKSUM_CISCO));
}

/* Addresses TLV: a count, then (protocol type, protocol, address) each. */
static void
cdp_addresses(struct rd *r, struct cdp_info *ci)
{
	uint32_t	 n, i;
	uint8_t		 ptype, plen;
	uint16_t	 alen;
	const uint8_t	*proto, *addr;

	n = rd_be32(r);
	for (i = 0; i < n && !r->err; i++) {
		ptype = rd_u8(r);
		plen = rd_u8(r);
		proto = rd_bytes(r, plen);
		alen = rd_be16(r);
		addr = rd_bytes(r, alen);
		if (r->err)
			break;
		ci->naddrs++;
		/* NLPID 0xcc is IPv4. */
		if (ci->addr == 0 && ptype == 1 && plen == 1 &&
		    proto[0] == 0xcc && alen == 4)
			memcpy(&ci->addr, addr, 4);
	}
}

int
dissect_cdp(struct rd *r, struct cdp_info *ci)
{
	struct rd		 v;
	struct dissect_str	*s;
	const uint8_t		*start = r->p, *val;
	uint16_t		 type, len;

	memset(ci, 0, sizeof *ci);
	ci->version = rd_u8(r);
	ci->ttl = rd_u8(r);
	ci->checksum = rd_be16(r);
	if (r->err)
		return (-1);
	if (ci->version != 1 && ci->version != 2)
		return (-1);
	ci->checksum_ok = dissect_cdp_checksum(start,
	    (size_t)(r->end - start)) == 0;

	while (rd_left(r) > 0) {
		type = rd_be16(r);
		len = rd_be16(r);
		if (r->err || len < 4)
			return (-1);
		if ((val = rd_bytes(r, (size_t)len - 4)) == NULL)
			return (-1);
		ci->ntlv++;
		rd_init(&v, val, (size_t)len - 4);
		s = NULL;
		switch (type) {
		case CDP_TLV_DEVICE_ID:
			s = &ci->device_id;
			break;
		case CDP_TLV_PORT_ID:
			s = &ci->port_id;
			break;
		case CDP_TLV_SOFTWARE:
			s = &ci->software;
			break;
		case CDP_TLV_PLATFORM:
			s = &ci->platform;
			break;
		case CDP_TLV_ADDRESSES:
			cdp_addresses(&v, ci);
			break;
		case CDP_TLV_CAPABILITIES:
			ci->caps = rd_be32(&v);
			ci->has_caps = !v.err;
			break;
		case CDP_TLV_NATIVE_VLAN:
			ci->native_vlan = rd_be16(&v);
			ci->has_native_vlan = !v.err;
			break;
		case CDP_TLV_VOICE_VLAN:
			rd_skip(&v, 1);		/* appliance ID */
			ci->voice_vlan = rd_be16(&v);
			ci->has_voice_vlan = !v.err;
			break;
		case CDP_TLV_POWER:
			ci->power_mw = rd_be16(&v);
			ci->has_power = !v.err;
			break;
		case CDP_TLV_POWER_REQ:
			rd_skip(&v, 4);		/* request ID, management ID */
			ci->power_req_mw = rd_be32(&v);
			ci->has_power_req = !v.err;
			break;
		case CDP_TLV_POWER_AVAIL:
			rd_skip(&v, 4);
			ci->power_avail_mw = rd_be32(&v);
			ci->has_power_avail = !v.err;
			break;
		default:
			break;
		}
		if (s != NULL) {
			s->p = val;
			s->len = (size_t)len - 4;
		}
	}
	return (r->err ? -1 : 0);
}
