/*
 * The simulated phone's frames, read back by the sniffer's own dissectors
 * (CDP, LLDP-MED) and the TFTP engine's parser (RRQ): what the sim sends
 * is what the product recognises.
 */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "../tap.h"
#include "sim/sim_wire.h"
#include "sniff/dissect.h"
#include "tftp/tftp_wire.h"

static int
str_is(const struct dissect_str *s, const char *t)
{
	return (s->p != NULL && s->len == strlen(t) &&
	    memcmp(s->p, t, s->len) == 0);
}

int
main(void)
{
	struct sim_ident	 id;
	struct dissect_frame	 f;
	struct tftp_req		 req;
	const char		*why;
	uint8_t			 b[SIM_FRAME_MAX];
	char			 name[32];
	size_t			 n;
	uint16_t		 op, blk;

	plan(29);
	memset(&id, 0, sizeof id);
	id.mac[0] = 0x00; id.mac[1] = 0x1b; id.mac[2] = 0xd4;
	id.mac[3] = 0xa1; id.mac[4] = 0xb2; id.mac[5] = 0xc3;
	id.model = "7970";
	id.software = "SCCP70.8-3-2S";
	id.vendor_class = "CP-7970G";
	id.power_mw = 12900;

	sim_wire_sep_name(name, sizeof name, id.mac);
	is_str(name, "SEP001BD4A1B2C3", "SEP name: upper-case MAC, no separators");

	n = sim_wire_cdp(b, sizeof b, &id);
	ok(n > 40, "CDP frame built (%zu bytes)", n);
	ok(dissect_frame(b, n, &f) == 0 && f.kind == DK_CDP,
	    "the sniffer reads it as CDP");
	ok(str_is(&f.u.cdp.device_id, "SEP001BD4A1B2C3"), "device id SEP<MAC>");
	ok(str_is(&f.u.cdp.platform, "Cisco IP Phone 7970"), "platform");
	ok(str_is(&f.u.cdp.software, "SCCP70.8-3-2S"), "software version");
	ok(str_is(&f.u.cdp.port_id, "Port 1"), "port id");
	ok(f.u.cdp.checksum_ok, "checksum right");
	is_int(f.u.cdp.ttl, 180, "TTL 180");
	ok(f.u.cdp.has_power && f.u.cdp.power_mw == 12900, "power consumption");
	is_int(f.u.cdp.naddrs, 0, "no address before DHCP");
	ok(memcmp(f.src, id.mac, 6) == 0 && f.dst[0] == 0x01 &&
	    f.dst[5] == 0xcc, "from the phone to 01:00:0c:cc:cc:cc");

	inet_pton(AF_INET, "198.18.7.20", &id.ip);
	n = sim_wire_cdp(b, sizeof b, &id);
	ok(dissect_frame(b, n, &f) == 0 && f.u.cdp.naddrs == 1 &&
	    f.u.cdp.addr == id.ip, "with an address once it has one");
	/*
	 * An odd-length PDU whose last byte is >= 0x80: the checksum a phone
	 * sends is Cisco's variant, the one the sniffer checks (the address
	 * TLV is 17 bytes long).
	 */
	id.power_mw = 6300;
	n = sim_wire_cdp(b, sizeof b, &id);
	ok(dissect_frame(b, n, &f) == 0 && (n - 22) % 2 == 1 &&
	    f.u.cdp.checksum_ok, "odd length: Cisco's checksum (%zu bytes)", n);
	id.power_mw = 12900;

	id.model = "7975";
	id.vendor_class = "CP-7975G";
	n = sim_wire_lldp(b, sizeof b, &id);
	ok(n >= 60, "LLDP frame built (%zu bytes)", n);
	ok(dissect_frame(b, n, &f) == 0 && f.kind == DK_LLDP,
	    "the sniffer reads it as LLDP");
	ok(str_is(&f.u.lldp.system_name, "SEP001BD4A1B2C3"), "system name");
	is_int(f.u.lldp.port_subtype, 3, "port id by MAC");
	is_int(f.u.lldp.ttl, 180, "TTL 180");
	ok(f.u.lldp.has_med_caps && f.u.lldp.med_class == 3,
	    "LLDP-MED class III endpoint");
	ok(str_is(&f.u.lldp.model, "CP-7975G"), "MED model");
	ok(str_is(&f.u.lldp.fw_rev, "SCCP70.8-3-2S"), "MED firmware revision");
	ok(str_is(&f.u.lldp.sw_rev, "SCCP70.8-3-2S"),
	    "MED software revision: the load too");
	ok(f.u.lldp.has_policy && f.u.lldp.policy_app == 1 &&
	    f.u.lldp.policy_unknown, "voice policy, VLAN not known yet");
	ok(f.u.lldp.has_power && f.u.lldp.power_mw == 12900, "extended power");

	n = sim_wire_rrq(b, sizeof b, "Jar70sip.8-5-2-13.sbn");
	ok(tftp_wire_parse_req(b, n, &req, &why) == TFTP_PARSE_OK &&
	    req.op == TFTP_OP_RRQ && req.mode == TFTP_MODE_OCTET &&
	    req.opts == 0, "RRQ: octet, no options");
	ok(strcmp(req.file, "Jar70sip.8-5-2-13.sbn") == 0,
	    "RRQ keeps the letter case");
	n = sim_wire_ack(b, sizeof b, 65535);
	ok(tftp_wire_parse_hdr(b, n, &op, &blk) == 0 && op == TFTP_OP_ACK &&
	    blk == 65535, "ACK");
	ok(sim_wire_rrq(b, 8, "a-long-file-name") == 0,
	    "builders refuse a short buffer");
	return (done_testing());
}
