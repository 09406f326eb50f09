/*
 * LLDP (IEEE 802.1AB-2009 clause 8) with the LLDP-MED extensions of
 * ANSI/TIA-1057 that phones send: capabilities, network policy (voice
 * VLAN), extended power-via-MDI and the inventory strings (firmware
 * revision, model name).  Unknown TLVs are skipped.
 */
#include "config.h"

#include <string.h>

#include "dissect.h"

static void	 lldp_org(struct rd *, struct lldp_info *);
static void	 set_str(struct dissect_str *, const uint8_t *, size_t);

static void
set_str(struct dissect_str *s, const uint8_t *p, size_t len)
{
	s->p = p;
	s->len = len;
}

/* An organizationally specific TLV (802.1AB 8.6): OUI, subtype, value. */
static void
lldp_org(struct rd *v, struct lldp_info *li)
{
	uint32_t	 oui, bits;
	uint8_t		 sub, app, b;
	size_t		 n;

	oui = (uint32_t)rd_u8(v) << 16;
	oui |= rd_be16(v);
	sub = rd_u8(v);
	if (v->err)
		return;
	n = rd_left(v);
	if (oui == LLDP_OUI_8021 && sub == LLDP_8021_PVID) {
		li->pvid = rd_be16(v);
		return;
	}
	if (oui != LLDP_OUI_MED)
		return;
	switch (sub) {
	case LLDP_MED_CAPS:
		li->med_caps = rd_be16(v);
		li->med_class = rd_u8(v);
		li->has_med_caps = !v->err;
		break;
	case LLDP_MED_POLICY:
		/* TIA-1057 10.2.3: app type, then U T X, VLAN(12), L2 prio(3), DSCP(6). */
		app = rd_u8(v);
		bits = (uint32_t)rd_u8(v) << 16;
		bits |= rd_be16(v);
		if (v->err)
			break;
		/* Keep the voice policy over any other. */
		if (li->has_policy && li->policy_app == LLDP_MED_APP_VOICE)
			break;
		li->has_policy = 1;
		li->policy_app = app;
		li->policy_unknown = (bits >> 23) & 1;
		li->policy_tagged = (bits >> 22) & 1;
		li->policy_vlan = (bits >> 9) & 0x0fff;
		li->policy_prio = (bits >> 6) & 0x07;
		li->policy_dscp = bits & 0x3f;
		break;
	case LLDP_MED_POWER:
		/* TIA-1057 10.2.5: type(2) source(2) priority(4), value in 0.1 W. */
		b = rd_u8(v);
		li->power_mw = (unsigned)rd_be16(v) * 100;
		if (v->err)
			break;
		li->has_power = 1;
		li->power_type = b >> 6;
		li->power_source = (b >> 4) & 0x03;
		li->power_prio = b & 0x0f;
		break;
	case LLDP_MED_HW_REV:
		set_str(&li->hw_rev, v->p, n);
		break;
	case LLDP_MED_FW_REV:
		set_str(&li->fw_rev, v->p, n);
		break;
	case LLDP_MED_SW_REV:
		set_str(&li->sw_rev, v->p, n);
		break;
	case LLDP_MED_SERIAL:
		set_str(&li->serial, v->p, n);
		break;
	case LLDP_MED_MFR:
		set_str(&li->mfr, v->p, n);
		break;
	case LLDP_MED_MODEL:
		set_str(&li->model, v->p, n);
		break;
	default:
		break;
	}
}

int
dissect_lldp(struct rd *r, struct lldp_info *li)
{
	struct rd	 v;
	const uint8_t	*val;
	uint16_t	 hdr;
	unsigned	 type;
	size_t		 len;

	memset(li, 0, sizeof *li);
	/* 802.1AB 8.5.12: the End TLV is mandatory; without it the PDU was cut. */
	for (;;) {
		/* 802.1AB 8.4: 7-bit type, 9-bit length. */
		hdr = rd_be16(r);
		if (r->err)
			return (-1);
		type = hdr >> 9;
		len = hdr & 0x01ff;
		if ((val = rd_bytes(r, len)) == NULL)
			return (-1);
		if (type == LLDP_TLV_END)
			break;
		li->ntlv++;
		rd_init(&v, val, len);
		switch (type) {
		case LLDP_TLV_CHASSIS_ID:
			li->chassis_subtype = rd_u8(&v);
			set_str(&li->chassis_id, v.p, rd_left(&v));
			break;
		case LLDP_TLV_PORT_ID:
			li->port_subtype = rd_u8(&v);
			set_str(&li->port_id, v.p, rd_left(&v));
			break;
		case LLDP_TLV_TTL:
			li->ttl = rd_be16(&v);
			break;
		case LLDP_TLV_SYSTEM_NAME:
			set_str(&li->system_name, val, len);
			break;
		case LLDP_TLV_SYSTEM_DESCR:
			set_str(&li->system_descr, val, len);
			break;
		case LLDP_TLV_ORG:
			lldp_org(&v, li);
			break;
		default:
			break;
		}
	}
	/* 802.1AB 9.2.7.7.1: chassis ID, port ID and TTL come first. */
	if (li->chassis_id.p == NULL || li->port_id.p == NULL)
		return (-1);
	return (0);
}
