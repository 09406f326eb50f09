/*
 * Fuzz the sniffer's wire and logic layers.  The first byte picks the
 * entry point (modulo 7): the link-layer demultiplexer (fed on into the
 * phone table with a time from the next bytes), or one dissector on its
 * own PDU; and (divided by 7, modulo 3) the link type the frames have:
 * Ethernet, Linux cooked SLL or SLL2.
 * Every string a dissector returns must lie inside the input.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "ev.h"
#include "rd.h"
#include "sniff/dissect.h"
#include "track/phones.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const uint8_t	*in_lo, *in_hi;
static const int	 links[3] = {
	DISSECT_LINK_ETHER, DISSECT_LINK_SLL, DISSECT_LINK_SLL2,
};

static void
inside(const struct dissect_str *s)
{
	if (s->p == NULL)
		return;
	if (s->p < in_lo || s->p + s->len > in_hi)
		abort();
}

static void
drop(const struct ev *e, void *arg)
{
	(void)e;
	(void)arg;
}

static unsigned
no_loads(void *arg, const char *name)
{
	(void)arg;
	return (name[0] == 't' ? 5 : 0);
}

/* Bytes as a C string in a field (events carry NUL-ended strings). */
static void
field(char *dst, size_t cap, const uint8_t *p, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, p, n);
	dst[n] = '\0';
}

/* One of our engines' events made of the bytes: a lease or a transfer. */
static void
engine_event(struct phones *ph, const uint8_t *b, size_t n, uint64_t now)
{
	static const enum ev_type types[] = { EV_DHCP_LEASE, EV_TFTP_START,
	    EV_TFTP_DONE, EV_TFTP_ERROR, EV_TFTP_PROGRESS };
	struct ev	 ev;
	size_t		 half = (n - 1) / 2;

	memset(&ev, 0, sizeof ev);
	ev.type = types[b[0] % 5];
	ev.wall_ms = now;
	if (ev.type == EV_DHCP_LEASE) {
		field(ev.u.lease.mac, sizeof ev.u.lease.mac, b + 1, half);
		if (n - 1 - half >= 4)
			memcpy(&ev.u.lease.ip, b + 1 + half, 4);
		field(ev.u.lease.model, sizeof ev.u.lease.model, b + 1, half);
		ev.u.lease.state = b[0] & 0x80 ? EV_LEASE_ACK : EV_LEASE_OFFER;
	} else {
		ev.u.tftp.xfer = b[0] >> 3;
		ev.u.tftp.code = b[0] & 0x08 ? 1 : 0;
		if (half >= 6) {
			memcpy(&ev.u.tftp.client.ip, b + 1, 4);
			memcpy(&ev.u.tftp.client.port, b + 5, 2);
		}
		field(ev.u.tftp.file, sizeof ev.u.tftp.file, b + 1 + half,
		    n - 1 - half);
		ev.u.tftp.proto = b[0] & 0x40 ? EV_PROTO_HTTP : EV_PROTO_TFTP;
	}
	phones_event(ph, &ev, now);
}

/* Frames in a row through one phone table: [u16 len][bytes]... */
static void
run_table(const uint8_t *data, size_t len, int link)
{
	struct phones_opts	 o;
	struct phones		*ph;
	struct rd		 r;
	const uint8_t		*frame;
	uint64_t		 now = 0;
	uint16_t		 n;

	memset(&o, 0, sizeof o);
	o.emit = drop;
	o.loads_count = no_loads;
	o.black_ms = 1000;
	ph = phones_new(&o);
	rd_init(&r, data, len);
	while (rd_left(&r) > 0) {
		now += rd_u8(&r) * 100;
		n = rd_be16(&r);
		if ((frame = rd_bytes(&r, n)) == NULL)
			break;
		phones_frame_link(ph, link, frame, n, now);
		/* What our server delivered, now and then. */
		if (n > 0 && frame[0] == 0xff)
			phones_served(ph, 0, n > 7 ? frame + 1 : NULL,
			    n > 7 ? "XMLDefault.cnf.xml" : "x.loads", now);
		/* ... and our engines' events, which no capture shows. */
		if (n > 1 && frame[0] == 0xfe)
			engine_event(ph, frame + 1, n - 1, now);
	}
	phones_tick(ph, now + 100000);
	phones_finish(ph);
	phones_free(ph);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct dissect_frame	 f;
	struct rd		 r;
	int			 link;

	if (len < 1)
		return (0);
	link = links[(data[0] / 7) % 3];
	in_lo = data + 1;
	in_hi = data + len;
	rd_init(&r, data + 1, len - 1);
	switch (data[0] % 7) {
	case 0:
		if (dissect_frame_link(data + 1, len - 1, link, &f) == 0 &&
		    f.kind == DK_CDP) {
			inside(&f.u.cdp.device_id);
			inside(&f.u.cdp.platform);
			inside(&f.u.cdp.software);
			inside(&f.u.cdp.port_id);
		}
		break;
	case 1:
		(void)dissect_cdp(&r, &f.u.cdp);
		inside(&f.u.cdp.device_id);
		inside(&f.u.cdp.platform);
		inside(&f.u.cdp.software);
		inside(&f.u.cdp.port_id);
		(void)dissect_cdp_checksum(data + 1, len - 1);
		break;
	case 2:
		(void)dissect_lldp(&r, &f.u.lldp);
		inside(&f.u.lldp.chassis_id);
		inside(&f.u.lldp.port_id);
		inside(&f.u.lldp.system_name);
		inside(&f.u.lldp.fw_rev);
		inside(&f.u.lldp.model);
		break;
	case 3:
		(void)dissect_dhcp(&r, &f.u.dhcp);
		inside(&f.u.dhcp.vendor_class);
		inside(&f.u.dhcp.hostname);
		inside(&f.u.dhcp.client_id);
		break;
	case 4:
		(void)dissect_arp(&r, &f.u.arp);
		break;
	case 5:
		(void)dissect_tftp(&r, &f.u.tftp);
		inside(&f.u.tftp.file);
		inside(&f.u.tftp.mode);
		(void)phones_loads_components(data + 1, len - 1);
		break;
	default:
		run_table(data + 1, len - 1, link);
		break;
	}
	return (0);
}
