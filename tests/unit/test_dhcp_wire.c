/* DHCP wire: round trips, overload, concatenation, malformed input. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>

#include "../tap.h"
#include "dhcp/dhcp_wire.h"

static const uint8_t	 mac[6] = { 0x00, 0x1b, 0xd4, 0x11, 0x22, 0x33 };

/* A fixed header for a request from mac. */
static void
hdr(struct dhcp_msg *h, uint32_t xid)
{
	memset(h, 0, offsetof(struct dhcp_msg, opt));
	h->op = BOOTREQUEST;
	h->htype = DHCP_HTYPE_ETHER;
	h->hlen = 6;
	h->xid = xid;
	memcpy(h->chaddr, mac, 6);
}

static void
test_round_trip(void)
{
	struct dhcp_msg	 h, m;
	struct wr	 w;
	uint8_t		 buf[600], t;
	const uint8_t	*p;
	size_t		 len;
	uint32_t	 ip;
	uint16_t	 sz;
	static const char vc[] = "Cisco Systems, Inc. IP Phone CP-7970G";

	hdr(&h, 0x12345678);
	h.flags = DHCP_FLAG_BROADCAST;
	h.ciaddr = htonl(0xc6120a05);
	wr_init(&w, buf, sizeof buf);
	dhcp_wire_put_header(&w, &h);
	dhcp_wire_put_u8(&w, DHCP_OPT_MSG_TYPE, DHCP_REQUEST);
	dhcp_wire_put_ip(&w, DHCP_OPT_REQUESTED_IP, htonl(0xc6120a07));
	dhcp_wire_put_opt(&w, DHCP_OPT_VENDOR_CLASS, vc,
	    sizeof vc);	/* with NUL */
	dhcp_wire_put_opt(&w, DHCP_OPT_MAX_SIZE, "\x05\xdc", 2);
	dhcp_wire_put_end(&w, DHCP_MIN_REPLY);
	ok(!w.err && wr_len(&w) == DHCP_MIN_REPLY,
	    "built and padded to 300 bytes");
	is_int(dhcp_wire_parse(&m, buf, wr_len(&w)), 0, "parses");
	is_int(m.op, BOOTREQUEST, "op");
	is_int(m.xid, 0x12345678, "xid");
	is_int(m.flags, DHCP_FLAG_BROADCAST, "flags");
	is_int(ntohl(m.ciaddr), 0xc6120a05, "ciaddr");
	is_mem(m.chaddr, mac, 6, "chaddr");
	is_mem(buf + DHCP_OFF_CHADDR, mac, 6, "chaddr at DHCP_OFF_CHADDR");
	is_int(m.type, DHCP_REQUEST, "message type");
	ok(dhcp_opt_ip(&m, DHCP_OPT_REQUESTED_IP, &ip) == 0 &&
	    ntohl(ip) == 0xc6120a07, "requested address");
	p = dhcp_opt_get(&m, DHCP_OPT_VENDOR_CLASS, &len);
	ok(p != NULL && len == sizeof vc && memcmp(p, vc, len) == 0,
	    "vendor class with its trailing NUL");
	ok(dhcp_opt_be16(&m, DHCP_OPT_MAX_SIZE, &sz) == 0 && sz == 1500,
	    "max message size");
	ok(dhcp_opt_get(&m, DHCP_OPT_HOSTNAME, &len) == NULL && len == 0,
	    "absent option is absent");
	ok(dhcp_opt_u8(&m, DHCP_OPT_REQUESTED_IP, &t) == -1,
	    "wrong-length read refused");
	is_str(dhcp_type_name(DHCP_NAK), "NAK", "type names");
	is_str(dhcp_type_name(99), "UNKNOWN", "unknown type name");
}

static void
test_overload_and_concat(void)
{
	struct dhcp_msg	 h, m;
	struct wr	 w, fw;
	uint8_t		 buf[600], file[DHCP_FILE_LEN];
	uint8_t		 sname[DHCP_SNAME_LEN];
	uint8_t		 big[600];
	const uint8_t	*p;
	size_t		 len, i;

	/* file carries the second half of option 60 and option 12. */
	memset(file, 0, sizeof file);
	wr_init(&fw, file, sizeof file);
	dhcp_wire_put_opt(&fw, DHCP_OPT_VENDOR_CLASS, " IP Phone 7905", 14);
	dhcp_wire_put_opt(&fw, DHCP_OPT_HOSTNAME, "phone", 5);
	wr_u8(&fw, DHCP_OPT_END);
	/* sname carries option 66 and no end option at all. */
	memset(sname, 0, sizeof sname);
	wr_init(&fw, sname, sizeof sname);
	dhcp_wire_put_opt(&fw, DHCP_OPT_TFTP_NAME, "10.0.0.1", 8);
	hdr(&h, 1);
	h.file = file;
	h.sname = sname;
	wr_init(&w, buf, sizeof buf);
	dhcp_wire_put_header(&w, &h);
	dhcp_wire_put_u8(&w, DHCP_OPT_MSG_TYPE, DHCP_DISCOVER);
	dhcp_wire_put_u8(&w, DHCP_OPT_OVERLOAD, 3);
	dhcp_wire_put_opt(&w, DHCP_OPT_VENDOR_CLASS, "Cisco Systems, Inc.", 19);
	dhcp_wire_put_end(&w, 0);
	is_int(dhcp_wire_parse(&m, buf, wr_len(&w)), 0,
	    "overloaded message parses");
	is_int(m.overload, 3, "overload honoured");
	ok(m.file == NULL && m.sname == NULL, "file and sname are options now");
	p = dhcp_opt_get(&m, DHCP_OPT_VENDOR_CLASS, &len);
	ok(p != NULL && len == 33 &&
	    memcmp(p, "Cisco Systems, Inc. IP Phone 7905", 33) == 0,
	    "RFC 3396: option 60 joined across options and file");
	p = dhcp_opt_get(&m, DHCP_OPT_HOSTNAME, &len);
	ok(p != NULL && len == 5 && memcmp(p, "phone", 5) == 0,
	    "option from file");
	p = dhcp_opt_get(&m, DHCP_OPT_TFTP_NAME, &len);
	ok(p != NULL && len == 8, "option from sname without end");

	/* Overload 1 only: sname stays a name. */
	buf[DHCP_HDR_LEN + 3 + 2] = 1;
	is_int(dhcp_wire_parse(&m, buf, wr_len(&w)), 0, "overload 1 parses");
	ok(m.sname != NULL && m.file == NULL &&
	    dhcp_opt_get(&m, DHCP_OPT_TFTP_NAME, NULL) == NULL,
	    "overload 1 reads file only");

	/* A value over 255 bytes is split when built and joined when read. */
	for (i = 0; i < sizeof big; i++)
		big[i] = (uint8_t)(i % 250 + 1);
	hdr(&h, 2);
	wr_init(&w, buf, sizeof buf);
	dhcp_wire_put_header(&w, &h);
	dhcp_wire_put_u8(&w, DHCP_OPT_MSG_TYPE, DHCP_DISCOVER);
	dhcp_wire_put_opt(&w, DHCP_OPT_PARAM_LIST, big, 300);
	dhcp_wire_put_end(&w, 0);
	ok(!w.err && buf[DHCP_HDR_LEN + 3] == DHCP_OPT_PARAM_LIST &&
	    buf[DHCP_HDR_LEN + 4] == 255, "300-byte option split (255 first)");
	is_int(dhcp_wire_parse(&m, buf, wr_len(&w)), 0,
	    "huge request list parses");
	p = dhcp_opt_get(&m, DHCP_OPT_PARAM_LIST, &len);
	ok(p != NULL && len == 300 && memcmp(p, big, 300) == 0,
	    "huge request list joined whole");
}

/* A minimal valid DISCOVER into buf; returns its length. */
static size_t
discover(uint8_t *buf, size_t size)
{
	struct dhcp_msg	 h;
	struct wr	 w;

	hdr(&h, 3);
	wr_init(&w, buf, size);
	dhcp_wire_put_header(&w, &h);
	dhcp_wire_put_u8(&w, DHCP_OPT_MSG_TYPE, DHCP_DISCOVER);
	wr_u8(&w, DHCP_OPT_HOSTNAME);	/* zero-length option */
	wr_u8(&w, 0);
	wr_u8(&w, DHCP_OPT_PAD);
	wr_u8(&w, DHCP_OPT_END);
	return (wr_len(&w));
}

static void
test_malformed(void)
{
	struct dhcp_msg	 m;
	uint8_t		 buf[400], t;
	size_t		 n, len, i;
	int		 bad = 0;

	n = discover(buf, sizeof buf);
	is_int(dhcp_wire_parse(&m, buf, n), 0, "zero-length option accepted");
	ok(dhcp_opt_get(&m, DHCP_OPT_HOSTNAME, &len) != NULL && len == 0,
	    "zero-length option present with length 0");
	ok(dhcp_opt_u8(&m, DHCP_OPT_HOSTNAME, &t) == -1,
	    "zero-length option gives no value");
	/* Every truncation is refused, none crashes. */
	for (i = 0; i < n - 1; i++) {
		if (dhcp_wire_parse(&m, buf, i) != -EBADMSG)
			bad++;
	}
	is_int(bad, 0,
	    "every truncation refused (no end option or short header)");
	is_int(dhcp_wire_parse(&m, buf, 100), -EBADMSG, "truncated header");

	n = discover(buf, sizeof buf);
	buf[n - 1] = DHCP_OPT_PAD;	/* END becomes PAD: no end option */
	is_int(dhcp_wire_parse(&m, buf, n), -EBADMSG, "no end option refused");

	n = discover(buf, sizeof buf);
	buf[DHCP_HDR_LEN + 4] = 200;	/* hostname length past the end */
	is_int(dhcp_wire_parse(&m, buf, n), -EBADMSG,
	    "option length past the end refused");

	n = discover(buf, sizeof buf);
	buf[DHCP_HDR_LEN - 1] ^= 1;
	is_int(dhcp_wire_parse(&m, buf, n), -EBADMSG,
	    "bad magic cookie refused");

	n = discover(buf, sizeof buf);
	buf[2] = 17;
	is_int(dhcp_wire_parse(&m, buf, n), -EBADMSG, "hlen > 16 refused");
	buf[2] = 16;
	is_int(dhcp_wire_parse(&m, buf, n), 0, "hlen 16 allowed");

	/* Overload pointing at a file with a bad option length. */
	n = discover(buf, sizeof buf);
	memset(buf + 108, 0, DHCP_FILE_LEN);
	buf[108] = DHCP_OPT_HOSTNAME;
	buf[109] = 200;
	buf[n - 1] = DHCP_OPT_OVERLOAD;
	buf[n] = 1;
	buf[n + 1] = 1;
	buf[n + 2] = DHCP_OPT_END;
	is_int(dhcp_wire_parse(&m, buf, n + 3), -EBADMSG,
	    "overloaded file with an overlong option refused");
}

int
main(void)
{
	plan(38);
	test_round_trip();
	test_overload_and_concat();
	test_malformed();
	return (done_testing());
}
