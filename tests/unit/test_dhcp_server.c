/*
 * The DHCP handler, I/O-free: DISCOVER/OFFER with every option a phone
 * needs, REQUEST in its four states, NAK on a wrong server id, DECLINE,
 * RELEASE, INFORM, exhaustion, the ARP-probe step, foreign servers.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#define EVREC_MAX	32
#include "../lib/evrec.h"
#include "bus.h"
#include "log.h"
#include "compat.h"
#include "dhcp/dhcp_pool.h"
#include "dhcp/dhcpd.h"
#include "dhcp_testutil.h"
#include "track/phones.h"
#include "track/track_plan.h"
#include "track/tracker.h"

struct req {
	int		 type;
	uint8_t		 mac;		/* last MAC byte */
	uint32_t	 ciaddr, requested, server, giaddr;
	uint16_t	 flags;
	const char	*vc;
	size_t		 vclen;
	uint16_t	 maxsize;
};

static size_t
build(uint8_t *buf, size_t size, const struct req *r)
{
	struct dhcp_test_req	 t;
	struct wr		 w;
	uint8_t			 mac[6] = { 0x00, 0x1b, 0xd4, 0x00, 0x00, 0 };

	mac[5] = r->mac;
	memset(&t, 0, sizeof t);
	t.type = r->type;
	t.mac = mac;
	t.xid = 0xabcd0000U | r->mac;
	t.flags = r->flags;
	t.ciaddr = r->ciaddr;
	t.giaddr = r->giaddr;
	t.requested = r->requested;
	t.server = r->server;
	dhcp_test_begin(&w, buf, size, &t);
	if (r->vc != NULL)
		dhcp_wire_put_opt(&w, DHCP_OPT_VENDOR_CLASS, r->vc, r->vclen);
	if (r->maxsize != 0)
		dhcp_wire_put_opt(&w, DHCP_OPT_MAX_SIZE,
		    (uint8_t[]){ (uint8_t)(r->maxsize >> 8),
		    (uint8_t)r->maxsize }, 2);
	dhcp_wire_put_end(&w, DHCP_MIN_REPLY);
	return (wr_len(&w));
}

static int
send_req(struct dhcpd *d, const struct req *r, uint64_t now,
    struct dhcp_reply *out, struct dhcp_msg *m)
{
	uint8_t		 buf[600];
	struct dhcp_rx	 rx;
	size_t		 n = build(buf, sizeof buf, r);
	int		 rc;

	memset(&rx, 0, sizeof rx);
	rx.dst_ip = r->ciaddr != 0 && r->flags == 0 ? A(1) : INADDR_BROADCAST;
	rc = dhcpd_handle(d, buf, n, &rx, now, out);
	if (m != NULL && rc > 0 && rc != DHCPD_PROBE &&
	    dhcp_wire_parse(m, out->buf, out->len) != 0)
		return (-1000);
	return (rc);
}

static struct dhcpd *
server(int probe, uint32_t first, uint32_t last, int force)
{
	return (dhcp_test_server(probe, first, last, force));
}

static void
test_offer_and_ack(void)
{
	struct dhcpd		*d = server(0, 0, 0, 0);
	struct dhcp_reply	 out;
	struct dhcp_msg		 m;
	struct req		 r;
	const struct ev		*e;
	const uint8_t		*p;
	size_t			 len;
	uint32_t		 v, yi;
	static const char	 vc[] =
	    "Cisco Systems, Inc. IP Phone CP-7970G";
	/* The phone event is the tracker's (issue 18.2): of the lease. */
	struct tracker		*tr = tracker_open(NULL,
	    &(struct tracker_opts){ .engines = 1 });

	evrec_clear();
	memset(&r, 0, sizeof r);
	r.type = DHCP_DISCOVER;
	r.mac = 1;
	r.vc = vc;
	r.vclen = sizeof vc;	/* with the NUL phones send */
	is_int(send_req(d, &r, 1000, &out, &m), DHCP_OFFER,
	    "DISCOVER -> OFFER");
	is_int(m.op, BOOTREPLY, "a BOOTREPLY");
	yi = m.yiaddr;
	is_int(ntohl(yi), 0xc612fa02, "offers .2, the first free of our /24");
	is_int(ntohl(m.siaddr), 0xc612fa01, "siaddr is us");
	ok(dhcp_opt_ip(&m, DHCP_OPT_TFTP_SERVERS, &v) == 0 && v == A(1),
	    "option 150 lists us");
	p = dhcp_opt_get(&m, DHCP_OPT_TFTP_NAME, &len);
	ok(p != NULL && len == 12 && memcmp(p, "198.18.250.1", 12) == 0,
	    "option 66 is our dotted address");
	ok(dhcp_opt_ip(&m, DHCP_OPT_SUBNET_MASK, &v) == 0 &&
	    ntohl(v) == 0xffffff00, "option 1");
	ok(dhcp_opt_ip(&m, DHCP_OPT_ROUTER, &v) == 0 && v == A(1),
	    "option 3 defaults to us");
	ok(dhcp_opt_ip(&m, DHCP_OPT_DNS, &v) == 0 && v == A(1),
	    "option 6 defaults to us");
	ok(dhcp_opt_be32(&m, DHCP_OPT_LEASE_TIME, &v) == 0 && v == 300,
	    "option 51");
	ok(dhcp_opt_be32(&m, DHCP_OPT_T1, &v) == 0 && v == 150, "option 58");
	ok(dhcp_opt_be32(&m, DHCP_OPT_T2, &v) == 0 && v == 259, "option 59");
	ok(dhcp_opt_ip(&m, DHCP_OPT_SERVER_ID, &v) == 0 && v == A(1),
	    "option 54");
	is_int(out.dst, DHCP_DST_CHADDR,
	    "no broadcast flag: unicast to chaddr");
	ok(out.dst_ip == yi && out.dst_mac[5] == 1,
	    "to yiaddr at the client's MAC");
	e = evrec_find(EV_DHCP_LEASE);
	ok(e != NULL && strcmp(ev_get(e, "state"), "offer") == 0 &&
	    strcmp(e->u.lease.model, "7970") == 0 &&
	    strcmp(e->u.lease.vendor_class, vc) == 0,
	    "dhcp_lease offer with model 7970, vendor class without the NUL");
	evrec_clear();

	r.type = DHCP_REQUEST;
	r.server = A(1);
	r.requested = yi;
	r.flags = DHCP_FLAG_BROADCAST;
	is_int(send_req(d, &r, 1100, &out, &m), DHCP_ACK, "SELECTING -> ACK");
	ok(m.yiaddr == yi && ntohl(m.siaddr) == 0xc612fa01 &&
	    dhcp_opt_ip(&m, DHCP_OPT_TFTP_SERVERS, &v) == 0,
	    "ACK carries yiaddr, siaddr and 150 too");
	is_int(out.dst, DHCP_DST_BROADCAST, "broadcast flag: broadcast");
	e = evrec_find(EV_DHCP_LEASE);
	ok(e != NULL && strcmp(ev_get(e, "state"), "ack") == 0 &&
	    strcmp(e->u.lease.mac, "00:1b:d4:00:00:01") == 0 &&
	    strcmp(ev_get(e, "ip"), "198.18.250.2") == 0, "dhcp_lease ack");
	e = evrec_find(EV_PHONE);
	ok(e != NULL && strcmp(e->u.phone.via, "dhcp") == 0 &&
	    strcmp(e->u.phone.model, "7970") == 0 &&
	    strcmp(ev_get(e, "ip"), "198.18.250.2") == 0, "phone event via dhcp");
	ok(dhcpd_leases_dirty(d), "lease set dirty after an ACK");

	/* SELECTING for an address we did not offer. */
	r.requested = A(99);
	is_int(send_req(d, &r, 1200, &out, &m), DHCP_NAK,
	    "wrong address -> NAK");
	ok(dhcp_opt_get(&m, DHCP_OPT_TFTP_SERVERS, NULL) == NULL &&
	    m.yiaddr == 0,
	    "NAK carries no configuration");
	is_int(out.dst, DHCP_DST_BROADCAST, "NAK is broadcast");

	/* NAK on a wrong server id (ours is the only server on the link). */
	r.requested = yi;
	r.server = A(254);
	is_int(send_req(d, &r, 1300, &out, &m), DHCP_NAK,
	    "wrong server id -> NAK");
	p = dhcp_opt_get(&m, DHCP_OPT_MESSAGE, &len);
	ok(p != NULL && len == 12 && memcmp(p, "wrong server", 12) == 0,
	    "NAK says why (option 56)");

	/* RENEWING: unicast with ciaddr. */
	memset(&r, 0, sizeof r);
	r.type = DHCP_REQUEST;
	r.mac = 1;
	r.ciaddr = yi;
	is_int(send_req(d, &r, 150000, &out, &m), DHCP_ACK, "RENEWING -> ACK");
	ok(out.dst == DHCP_DST_UNICAST && out.dst_ip == yi && m.ciaddr == yi,
	    "renewal ACK unicast to ciaddr");
	ok(dhcp_pool_find_ip(dhcpd_pool(d), yi)->expires == 150000 + 300000,
	    "lease extended");
	/* REBINDING: broadcast with ciaddr. */
	r.flags = DHCP_FLAG_BROADCAST;
	is_int(send_req(d, &r, 270000, &out, &m), DHCP_ACK, "REBINDING -> ACK");
	/* Renewing somebody else's address, or one off our network. */
	r.mac = 2;
	is_int(send_req(d, &r, 270000, &out, &m), DHCP_NAK,
	    "renewing another client's address -> NAK");
	r.ciaddr = htonl(0x0a000005);
	is_int(send_req(d, &r, 270000, &out, &m), DHCP_NAK,
	    "wrong network -> NAK");

	/* INIT-REBOOT. */
	memset(&r, 0, sizeof r);
	r.type = DHCP_REQUEST;
	r.mac = 1;
	r.requested = yi;
	is_int(send_req(d, &r, 280000, &out, &m), DHCP_ACK,
	    "INIT-REBOOT with its address -> ACK");
	r.requested = htonl(0x0a000005);
	is_int(send_req(d, &r, 280000, &out, &m), DHCP_NAK,
	    "INIT-REBOOT on the wrong network -> NAK");
	r.mac = 3;
	r.requested = A(40);
	is_int(send_req(d, &r, 280000, &out, &m), DHCP_ACK,
	    "INIT-REBOOT for a free address we forgot -> ACK (restart)");

	/* INFORM: configuration, no lease. */
	memset(&r, 0, sizeof r);
	r.type = DHCP_INFORM;
	r.mac = 9;
	r.ciaddr = A(200);
	is_int(send_req(d, &r, 280000, &out, &m), DHCP_ACK, "INFORM -> ACK");
	ok(m.yiaddr == 0 &&
	    dhcp_opt_get(&m, DHCP_OPT_LEASE_TIME, NULL) == NULL &&
	    dhcp_opt_get(&m, DHCP_OPT_TFTP_SERVERS, NULL) != NULL &&
	    out.dst == DHCP_DST_UNICAST && out.dst_ip == A(200),
	    "INFORM ACK: no yiaddr, no lease time, TFTP server, to ciaddr");

	/* A relay gets the reply on the server port. */
	memset(&r, 0, sizeof r);
	r.type = DHCP_DISCOVER;
	r.mac = 10;
	r.giaddr = A(250);
	is_int(send_req(d, &r, 280000, &out, &m), DHCP_OFFER,
	    "relayed DISCOVER");
	ok(out.dst == DHCP_DST_RELAY && out.dst_ip == A(250) &&
	    m.giaddr == A(250),
	    "reply to the relay");

	/* Not for a server, or not DHCP: dropped. */
	r.type = 0;
	is_int(send_req(d, &r, 280000, &out, &m), 0, "plain BOOTP ignored");
	is_int(dhcpd_handle(d, (const uint8_t *)"junk", 4, NULL, 0, &out),
	    -EBADMSG, "garbage -> -EBADMSG");
	dhcpd_free(d);
	tracker_close(tr);
}

static void
test_decline_release_exhaustion(void)
{
	struct dhcpd		*d = server(0, A(10), A(11), 0);
	struct dhcp_reply	 out;
	struct dhcp_msg		 m;
	struct req		 r;
	uint32_t		 first;

	evrec_clear();
	memset(&r, 0, sizeof r);
	r.type = DHCP_DISCOVER;
	r.mac = 1;
	is_int(send_req(d, &r, 0, &out, &m), DHCP_OFFER,
	    "OFFER from a 2-address pool");
	first = m.yiaddr;
	is_int(ntohl(first), 0xc612fa0a, "first address of --pool");
	r.type = DHCP_DECLINE;
	r.requested = first;
	r.server = A(1);
	is_int(send_req(d, &r, 10, &out, NULL), 0, "DECLINE gets no reply");
	ok(evrec_find(EV_NOTICE) != NULL, "notice about the declined address");
	ok(dhcp_pool_find_ip(dhcpd_pool(d), first)->state ==
	    DHCP_LEASE_DECLINED,
	    "declined address held");
	r.type = DHCP_DISCOVER;
	r.requested = 0;
	r.server = 0;
	is_int(send_req(d, &r, 20, &out, &m), DHCP_OFFER, "same client again");
	ok(m.yiaddr != first, "gets the other address");
	r.mac = 2;
	is_int(send_req(d, &r, 30, &out, &m), DHCP_OFFER,
	    "second client, pool full (one held, one offered): offered the "
	    "same address");
	ok(m.yiaddr == A(11), "the one offered to the first client");
	/* Client 1 takes it (first to REQUEST) and releases it. */
	r.mac = 1;
	r.type = DHCP_REQUEST;
	r.server = A(1);
	r.requested = A(11);
	is_int(send_req(d, &r, 40, &out, &m), DHCP_ACK, "ACK .11");
	r.mac = 2;
	is_int(send_req(d, &r, 41, &out, &m), DHCP_NAK,
	    "the second client's REQUEST for it: NAK");
	r.type = DHCP_DISCOVER;
	r.server = 0;
	r.requested = 0;
	is_int(send_req(d, &r, 42, &out, &m), -ENOSPC,
	    "pool exhausted (one held, one bound)");
	memset(&r, 0, sizeof r);
	r.type = DHCP_RELEASE;
	r.mac = 1;
	r.ciaddr = A(11);
	r.server = A(1);
	is_int(send_req(d, &r, 50, &out, NULL), 0, "RELEASE gets no reply");
	ok(dhcp_pool_find_ip(dhcpd_pool(d), A(11))->state == DHCP_LEASE_FREE,
	    "released");
	memset(&r, 0, sizeof r);
	r.type = DHCP_DISCOVER;
	r.mac = 1;
	is_int(send_req(d, &r, 60, &out, &m), DHCP_OFFER, "rediscover");
	is_int(ntohl(m.yiaddr), 0xc612fa0b,
	    "released address offered to its owner again");
	/* The hold ends after DHCP_DECLINE_HOLD_SECS. */
	r.mac = 2;
	is_int(send_req(d, &r, 601000, &out, &m), DHCP_OFFER,
	    "after the hold another client gets the declined address");
	ok(m.yiaddr == first, "the declined address is back");
	dhcpd_free(d);
}

static void
test_arp_probe(void)
{
	struct dhcpd		*d = server(1, 0, 0, 0);
	struct dhcp_reply	 out;
	struct dhcp_msg		 m;
	struct req		 r;
	uint32_t		 ip1, ip2;
	uint8_t			 other[6] = { 2, 2, 2, 2, 2, 2 };
	uint8_t			 self[6] = { 0, 0x1b, 0xd4, 0, 0, 2 };

	memset(&r, 0, sizeof r);
	r.type = DHCP_DISCOVER;
	r.mac = 1;
	is_int(send_req(d, &r, 1000, &out, &m), DHCPD_PROBE,
	    "DISCOVER parks on an ARP probe");
	ip1 = out.probe_ip;
	ok(ip1 == A(2) && dhcpd_next_deadline(d) == 1500,
	    "probe .2 until now + 500 ms");
	r.mac = 2;
	is_int(send_req(d, &r, 1100, &out, &m), DHCPD_PROBE,
	    "another client is not kept waiting: its own probe");
	ip2 = out.probe_ip;
	ok(ip2 == A(3), "for another address");
	r.mac = 1;
	is_int(send_req(d, &r, 1200, &out, &m), 0,
	    "a retransmission while probing is absorbed");
	is_int(dhcpd_probe_due(d, 1499, &out), 0,
	    "nothing due before the deadline");
	/* Client 2's own MAC answering is not a conflict; another is. */
	is_int(dhcpd_arp_seen(d, ip2, self, 1300, &out), 0,
	    "ARP from the client itself is no conflict");
	is_int(dhcpd_arp_seen(d, ip2, other, 1300, &out), DHCPD_PROBE,
	    "ARP answer from another host: next address probed");
	ok(out.probe_ip != ip2 && out.probe_ip != ip1, "a different address");
	ip2 = out.probe_ip;
	is_int(dhcpd_probe_due(d, 1500, &out), DHCP_OFFER,
	    "probe silent -> OFFER");
	(void)dhcp_wire_parse(&m, out.buf, out.len);
	ok(m.yiaddr == ip1 && m.xid == 0xabcd0001U,
	    "OFFER for the parked DISCOVER (same xid)");
	is_int(dhcpd_probe_due(d, 1500, &out), 0, "only what is due");
	is_int(dhcpd_probe_due(d, 1800, &out), DHCP_OFFER, "second probe done");
	(void)dhcp_wire_parse(&m, out.buf, out.len);
	ok(m.yiaddr == ip2, "second client offered its probed address");
	ok(dhcpd_stats(d)->conflicts == 1 && dhcpd_stats(d)->probes == 3,
	    "stats: 3 probes, 1 conflict");
	/* Three DISCOVERs came in; the reruns of parked ones are not new. */
	is_int(dhcpd_stats(d)->rx, 3, "stats: 3 packets received");
	is_int(dhcpd_stats(d)->discovers, 3, "stats: 3 DISCOVERs");
	/* Once probed, a client's address is offered at once. */
	r.mac = 1;
	is_int(send_req(d, &r, 2000, &out, &m), DHCP_OFFER, "no second probe");
	ok(dhcpd_next_deadline(d) == 0, "nothing pending");
	dhcpd_free(d);
}

static void
test_foreign_server(void)
{
	struct dhcpd		*d = server(0, 0, 0, 0);
	struct dhcp_reply	 out;
	struct dhcp_msg		 m;
	struct req		 r;
	uint8_t			 pkt[600];
	uint8_t			 smac[6] = { 0x52, 0x54, 0, 0, 0, 9 };
	size_t			 n;
	const struct ev		*e;

	evrec_clear();
	memset(&r, 0, sizeof r);
	r.type = DHCP_DISCOVER;
	r.mac = 1;
	is_int(send_req(d, &r, 0, &out, &m), DHCP_OFFER, "offering");
	/* Our own OFFER heard back is not a foreign server. */
	is_int(dhcpd_watch(d, out.buf, out.len, A(1), smac, 0), 0,
	    "our own reply ignored");
	/* Another server's OFFER (server id .254). */
	memcpy(pkt, out.buf, out.len);
	n = out.len;
	pkt[DHCP_HDR_LEN + 3 + 2 + 3] = 254;	/* option 54's last byte */
	is_int(dhcpd_watch(d, pkt, n, A(254), smac, 10), 1,
	    "foreign OFFER seen");
	e = evrec_find(EV_DHCP_SERVER_SEEN);
	ok(e != NULL && strcmp(ev_get(e, "server"), "198.18.250.254") == 0 &&
	    strcmp(e->u.server.mac, "52:54:00:00:00:09") == 0,
	    "dhcp_server_seen with server and MAC");
	ok(!dhcpd_offering(d), "offers stopped");
	r.mac = 2;
	is_int(send_req(d, &r, 20, &out, &m), 0, "DISCOVER no longer answered");
	/* Not authoritative any more: a wrong server id is the other's. */
	r.type = DHCP_REQUEST;
	r.server = A(254);
	r.requested = A(2);
	is_int(send_req(d, &r, 30, &out, &m), 0,
	    "no NAK for the other server's client");
	evrec_clear();
	is_int(dhcpd_watch(d, pkt, n, A(254), smac, 1000), 1, "seen again");
	ok(evrec_find(EV_DHCP_SERVER_SEEN) == NULL,
	    "but not announced twice at once");
	dhcpd_free(d);

	d = server(0, 0, 0, 1);
	is_int(dhcpd_watch(d, pkt, n, A(254), smac, 10), 1,
	    "with --force: seen");
	ok(dhcpd_offering(d), "with --force: still offering");
	dhcpd_free(d);

	/* The start-up probe DISCOVER is a valid broadcast DISCOVER. */
	n = dhcpd_build_probe(pkt, sizeof pkt, 0x1234, smac);
	ok(n >= DHCP_MIN_REPLY && dhcp_wire_parse(&m, pkt, n) == 0 &&
	    m.type == DHCP_DISCOVER && m.flags == DHCP_FLAG_BROADCAST &&
	    m.xid == 0x1234, "start-up probe DISCOVER");
}

static void
test_vendor_classes(void)
{
	struct dhcpd		*d = server(0, 0, 0, 0);
	struct dhcp_reply	 out;
	struct req		 r;
	const struct ev		*e;
	static const struct {
		const char	*vc;
		size_t		 nul;	/* send the trailing NUL */
		const char	*model;
	} t[] = {
		{ "Cisco Systems, Inc. IP Phone CP-7961G-GE", 1, "7961-GE" },
		{ "Cisco Systems, Inc. IP Phone 7905", 0, "7905" },
		{ "Cisco Systems Inc. Wireless Phone 7921", 0, "7921" },
		{ "MSFT 5.0", 0, "" },
	};
	size_t			 i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		evrec_clear();
		memset(&r, 0, sizeof r);
		r.type = DHCP_DISCOVER;
		r.mac = (uint8_t)(20 + i);
		r.vc = t[i].vc;
		r.vclen = strlen(t[i].vc) + t[i].nul;
		(void)send_req(d, &r, 0, &out, NULL);
		e = evrec_find(EV_DHCP_LEASE);
		ok(e != NULL && strcmp(e->u.lease.model, t[i].model) == 0,
		    "vendor class \"%s\" -> model \"%s\"", t[i].vc, t[i].model);
	}
	/* A client that takes less than we send still gets a valid reply. */
	memset(&r, 0, sizeof r);
	r.type = DHCP_DISCOVER;
	r.mac = 30;
	r.maxsize = 576;
	is_int(send_req(d, &r, 0, &out, NULL), DHCP_OFFER,
	    "max size 576 honoured");
	ok(out.len <= 576 - 28, "reply fits in 576 bytes with IP and UDP");
	dhcpd_free(d);
}

/* The offer gate: one slot; macs[] says who may be offered. */
struct gate {
	unsigned	 asked;
	uint8_t		 allow;		/* last MAC byte allowed, 0: none */
	uint8_t		 last;		/* last MAC byte asked about */
};

static int
gate_cb(void *arg, const uint8_t mac[6], uint64_t now)
{
	struct gate	*g = arg;

	(void)now;
	g->asked++;
	g->last = mac[5];
	return (mac[5] == g->allow);
}

static void
test_offer_gate(void)
{
	struct dhcpd_config	 cfg;
	struct dhcpd		*d;
	struct dhcp_reply	 out;
	struct dhcp_msg		 m;
	struct req		 r;
	struct gate		 g = { 0, 1, 0 };
	char			 err[128];
	uint32_t		 yi;

	memset(&cfg, 0, sizeof cfg);
	cfg.addr = A(1);
	cfg.plen = 24;
	cfg.lease_secs = 300;
	cfg.may_offer = gate_cb;
	cfg.gate_arg = &g;
	d = dhcpd_new(&cfg, err, sizeof err);
	memset(&r, 0, sizeof r);
	r.type = DHCP_DISCOVER;
	r.mac = 1;
	is_int(send_req(d, &r, 1000, &out, &m), DHCP_OFFER,
	    "gate: the phone it lets through is offered");
	ok(g.asked == 1 && g.last == 1, "gate: asked about that MAC");
	yi = m.yiaddr;
	r.mac = 2;
	is_int(send_req(d, &r, 1100, &out, NULL), 0,
	    "gate: a second phone's DISCOVER is held (no reply, no error)");
	is_int(send_req(d, &r, 1200, &out, NULL), 0,
	    "gate: ... and again while the gate says no");
	ok(dhcpd_stats(d)->held == 2 && dhcpd_stats(d)->offers == 1,
	    "gate: held DISCOVERs counted, no offer made");
	ok(g.asked == 3 && g.last == 2, "gate: asked each time it asks");
	/* The offered phone asks again before its REQUEST: still answered. */
	r.mac = 1;
	is_int(send_req(d, &r, 1300, &out, NULL), DHCP_OFFER,
	    "gate: a phone holding our offer is answered without asking");
	is_int(g.asked, 3, "gate: not asked for it");
	r.type = DHCP_REQUEST;
	r.requested = yi;
	r.server = A(1);
	is_int(send_req(d, &r, 1400, &out, NULL), DHCP_ACK,
	    "gate: its REQUEST is ACKed (never gated)");
	/* Back after its load: a DISCOVER again, it holds a lease. */
	r.type = DHCP_DISCOVER;
	r.requested = 0;
	r.server = 0;
	is_int(send_req(d, &r, 60000, &out, &m), DHCP_OFFER,
	    "gate: a leased phone rebooting is answered at once");
	ok(g.asked == 3 && m.yiaddr == yi, "gate: not asked, same address");
	/* A renewal is a REQUEST with ciaddr: never gated. */
	r.type = DHCP_REQUEST;
	r.ciaddr = yi;
	is_int(send_req(d, &r, 70000, &out, NULL), DHCP_ACK,
	    "gate: a renewal is ACKed");
	/* A held phone asking for an old address straight away: NAK. */
	memset(&r, 0, sizeof r);
	r.type = DHCP_REQUEST;
	r.mac = 3;
	r.requested = A(77);
	is_int(send_req(d, &r, 75000, &out, NULL), DHCP_NAK,
	    "gate: INIT-REBOOT of a held phone is NAKed (back to DISCOVER)");
	ok(g.last == 3 && dhcpd_stats(d)->held == 3, "gate: asked, held");
	ok(dhcp_pool_find_key(dhcpd_pool(d), (uint8_t[]){ 1, 0x00, 0x1b,
	    0xd4, 0x00, 0x00, 3 }, 7) == NULL, "gate: no lease for it");
	/* The slot frees: the queued phone gets its offer. */
	g.allow = 2;
	memset(&r, 0, sizeof r);
	r.type = DHCP_DISCOVER;
	r.mac = 2;
	is_int(send_req(d, &r, 80000, &out, &m), DHCP_OFFER,
	    "gate: the held phone is offered once the gate lets it");
	ok(m.yiaddr != yi, "gate: another address");
	dhcpd_free(d);
}

/* Client mac gives ip back (RELEASE: no reply). */
static void
release(struct dhcpd *d, uint8_t mac, uint32_t ip, uint64_t now)
{
	struct dhcp_reply	 out;
	struct req		 r;

	memset(&r, 0, sizeof r);
	r.type = DHCP_RELEASE;
	r.mac = mac;
	r.ciaddr = ip;
	r.server = A(1);
	is_int(send_req(d, &r, now, &out, NULL), 0, "RELEASE: no reply");
}

/* A 7970's request of type (its vendor class with the NUL phones send). */
static void
req_7970(struct req *r, int type, uint8_t mac)
{
	static const char	 vc[] = "Cisco Systems, Inc. IP Phone CP-7970G";

	memset(r, 0, sizeof *r);
	r->type = type;
	r->mac = mac;
	r->vc = vc;
	r->vclen = sizeof vc;
}

/* The bind hook's calls, and the server's ACK count at each. */
struct bindrec {
	struct dhcpd	*d;
	unsigned	 n;
	uint8_t		 mac;		/* last MAC byte */
	uint32_t	 ip;
	int		 bound;
	char		 vc[128], model[16];
	uint64_t	 acks;		/* dhcpd_stats()->acks when called */
};

static void
bind_cb(void *arg, const uint8_t mac[6], const struct dhcp_lease *l,
    int bound)
{
	struct bindrec	*b = arg;

	b->n++;
	b->mac = mac[5];
	b->ip = l->ip;
	b->bound = bound;
	strlcpy(b->vc, l->vendor_class, sizeof b->vc);
	strlcpy(b->model, l->model, sizeof b->model);
	b->acks = dhcpd_stats(b->d)->acks;
}

static struct dhcpd *
bind_server(int probe, struct bindrec *b)
{
	struct dhcpd_config	 cfg;
	char			 err[128];

	memset(b, 0, sizeof *b);
	dhcp_test_config(&cfg, probe, 0, 0, 0);
	cfg.bind = bind_cb;
	cfg.bind_arg = b;
	b->d = dhcpd_new(&cfg, err, sizeof err);
	return (b->d);
}

/*
 * Issue 20's race: every ACK that binds an address calls the bind hook
 * first, inside dhcpd_handle (the I/O sends the ACK after it returns),
 * with the client's MAC, the address and its vendor class; OFFERs and
 * NAKs never; RELEASE and DECLINE of a bound address unbind.
 */
static void
test_bind_hook(void)
{
	struct bindrec		 b;
	struct dhcpd		*d = bind_server(0, &b);
	struct dhcp_reply	 out;
	struct dhcp_msg		 m;
	struct req		 r;
	uint32_t		 yi;

	req_7970(&r, DHCP_DISCOVER, 1);
	is_int(send_req(d, &r, 1000, &out, &m), DHCP_OFFER, "bind: OFFER");
	is_int(b.n, 0, "bind: an offer binds nothing");
	yi = m.yiaddr;
	r.type = DHCP_REQUEST;
	r.requested = yi;
	r.server = A(1);
	is_int(send_req(d, &r, 1100, &out, &m), DHCP_ACK, "bind: SELECTING ACK");
	ok(b.n == 1 && b.bound && b.mac == 1 && b.ip == yi,
	    "bind: hook called by the time the ACK is returned, MAC and address");
	is_int(b.acks, 0, "bind: ... before the ACK was made");
	is_str(b.vc, "Cisco Systems, Inc. IP Phone CP-7970G",
	    "bind: with its vendor class");
	is_str(b.model, "7970", "bind: and the model from it");
	/* Renewing (unicast), rebinding (broadcast): bound again first. */
	r.requested = 0;
	r.server = 0;
	r.ciaddr = yi;
	is_int(send_req(d, &r, 150000, &out, &m), DHCP_ACK, "bind: renewal");
	ok(b.n == 2 && b.bound && b.ip == yi && b.acks == 1,
	    "bind: a renewal binds before its ACK");
	r.flags = DHCP_FLAG_BROADCAST;
	is_int(send_req(d, &r, 270000, &out, &m), DHCP_ACK, "bind: rebinding");
	ok(b.n == 3 && b.acks == 2, "bind: rebinding binds before its ACK");
	/* INIT-REBOOT after its load (requested, no ciaddr, no server id). */
	r.flags = 0;
	r.ciaddr = 0;
	r.requested = yi;
	is_int(send_req(d, &r, 280000, &out, &m), DHCP_ACK, "bind: INIT-REBOOT");
	ok(b.n == 4 && b.ip == yi && b.acks == 3,
	    "bind: INIT-REBOOT binds before its ACK");
	/* A NAK binds nothing. */
	r.requested = A(200);
	r.server = A(99);
	is_int(send_req(d, &r, 281000, &out, &m), DHCP_NAK, "bind: NAK");
	is_int(b.n, 4, "bind: a NAK binds nothing");
	/* RELEASE: unbound. */
	release(d, 1, yi, 282000);
	memset(&r, 0, sizeof r);
	r.type = DHCP_REQUEST;
	r.mac = 1;
	ok(b.n == 5 && !b.bound && b.ip == yi && b.mac == 1,
	    "bind: a RELEASE unbinds its address");
	/* Bound again, then DECLINEd (found in use): unbound. */
	r.requested = yi;
	is_int(send_req(d, &r, 283000, &out, NULL), DHCP_ACK, "bind: back");
	r.type = DHCP_DECLINE;
	r.server = A(1);
	is_int(send_req(d, &r, 284000, &out, NULL), 0, "bind: DECLINE");
	ok(b.n == 7 && !b.bound && b.ip == yi, "bind: a DECLINE unbinds it");
	dhcpd_free(d);

	/* With the ARP probe: an unknown INIT-REBOOT parks, then binds. */
	d = bind_server(1, &b);
	memset(&r, 0, sizeof r);
	r.type = DHCP_REQUEST;
	r.mac = 2;
	r.requested = A(50);
	is_int(send_req(d, &r, 1000, &out, NULL), DHCPD_PROBE,
	    "bind: an unknown INIT-REBOOT is probed first");
	is_int(b.n, 0, "bind: nothing bound while probing");
	is_int(dhcpd_probe_due(d, 1500, &out), DHCP_ACK,
	    "bind: probe silent -> ACK");
	ok(b.n == 1 && b.ip == A(50) && b.mac == 2 && b.acks == 0,
	    "bind: bound before the ACK of a parked REQUEST");
	ok(dhcpd_stats(d)->rx == 1 && dhcpd_stats(d)->requests == 1,
	    "stats: the parked REQUEST counted once (rx 1, requests 1)");
	dhcpd_free(d);
}

/* A plan that holds every phone back (ROOT lacks its bridge load). */
static int
lacks_plan(void *arg, const char *model, const char *running,
    enum plan_stage stage, struct plan *out, char alias[PLAN_MAX_STEPS][32])
{
	(void)arg;
	(void)model;
	(void)running;
	(void)stage;
	(void)alias;
	memset(out, 0, sizeof *out);
	out->kind = PLAN_LACKS;
	strlcpy(out->msg, "ROOT lacks the bridge load", sizeof out->msg);
	return (0);
}

/* The host's glue (serve_dhcp.c -> tracker_bind), over a bare table. */
static void
bind_table(void *arg, const uint8_t mac[6], const struct dhcp_lease *l,
    int bound)
{
	if (bound)
		phones_bind(arg, mac, l->ip, l->vendor_class, l->model, 1);
	else
		phones_unbind(arg, mac, l->ip);
}

/*
 * The race itself: the TFTP workers' answer for the phone's address
 * (track_plan_answer) is its plan's by the time dhcpd_handle returns the
 * ACK, with no bus event delivered; a recycled address (the lease
 * expired, another client took it) answers nothing of the old phone's
 * plan, nor does an address given back.
 */
static void
test_bind_plan(void)
{
	struct dhcpd_config	 cfg;
	struct phones_opts	 po;
	struct phones		*ph;
	struct track_plan	*tp;
	struct dhcpd		*d;
	struct dhcp_reply	 out;
	struct dhcp_msg		 m;
	struct req		 r;
	char			 dir[] = "/tmp/test_dhcp_bind.XXXXXX", err[128];
	char			 path[64];

	ok(mkdtemp(dir) != NULL, "bind plan: a ROOT");
	tp = track_plan_new(dir);
	memset(&po, 0, sizeof po);
	po.plan = lacks_plan;
	po.assign = track_plan_assign;
	po.assign_arg = tp;
	ph = phones_new(&po);
	dhcp_test_config(&cfg, 0, A(10), A(10), 0);	/* one address, recycled */
	cfg.bind = bind_table;
	cfg.bind_arg = ph;
	d = dhcpd_new(&cfg, err, sizeof err);

	req_7970(&r, DHCP_DISCOVER, 1);
	is_int(send_req(d, &r, 1000, &out, &m), DHCP_OFFER, "bind plan: OFFER");
	is_int(track_plan_answer(tp, A(10), "term70.default.loads", path,
	    sizeof path), 0, "bind plan: nothing planned on an offer");
	r.type = DHCP_REQUEST;
	r.requested = A(10);
	r.server = A(1);
	is_int(send_req(d, &r, 1100, &out, &m), DHCP_ACK, "bind plan: ACK");
	is_int(track_plan_answer(tp, A(10), "term70.default.loads", path,
	    sizeof path), -1, "bind plan: its plan answers its term file "
	    "when the ACK is returned, no event delivered");
	is_int(track_plan_answer(tp, A(10), "XMLDefault.cnf.xml", path,
	    sizeof path), -1, "bind plan: ... and its configuration");

	/* Its lease runs out; a PC takes the address: nothing of the plan. */
	memset(&r, 0, sizeof r);
	r.type = DHCP_DISCOVER;
	r.mac = 2;
	is_int(send_req(d, &r, 400000, &out, &m), DHCP_OFFER,
	    "bind plan: the expired address offered to another client");
	ok(m.yiaddr == A(10), "bind plan: the same address");
	r.type = DHCP_REQUEST;
	r.requested = A(10);
	r.server = A(1);
	is_int(send_req(d, &r, 400100, &out, &m), DHCP_ACK,
	    "bind plan: ACKed to it");
	is_int(track_plan_answer(tp, A(10), "XMLDefault.cnf.xml", path,
	    sizeof path), 0, "bind plan: a recycled address serves ROOT's "
	    "own, not the last phone's plan");
	ok(phones_find(ph, (uint8_t[]){ 0x00, 0x1b, 0xd4, 0, 0, 1 }) != NULL &&
	    phones_find(ph, (uint8_t[]){ 0x00, 0x1b, 0xd4, 0, 0, 1 })->ip == 0,
	    "bind plan: the old phone's row no longer holds it");
	/* It gives the address back; the phone takes it again, then too. */
	release(d, 2, A(10), 400200);
	req_7970(&r, DHCP_REQUEST, 1);
	r.requested = A(10);
	is_int(send_req(d, &r, 400300, &out, &m), DHCP_ACK,
	    "bind plan: the phone back (INIT-REBOOT)");
	is_int(track_plan_answer(tp, A(10), "term70.default.loads", path,
	    sizeof path), -1, "bind plan: its plan again, at once");
	release(d, 1, A(10), 400400);
	is_int(track_plan_answer(tp, A(10), "term70.default.loads", path,
	    sizeof path), 0, "bind plan: a released address: ROOT's own");
	dhcpd_free(d);
	phones_free(ph);
	track_plan_free(tp);
	rmdir(dir);
}

int
main(void)
{
	struct bus_sink	*s;

	log_set_level(LOG_LVL_ERROR);	/* "no more offers" is expected */
	s = bus_subscribe(EV_MASK_ALL, evrec_cb, NULL);
	plan(155);
	test_offer_and_ack();
	test_decline_release_exhaustion();
	test_arp_probe();
	test_foreign_server();
	test_vendor_classes();
	test_offer_gate();
	test_bind_hook();
	test_bind_plan();
	bus_unsubscribe(s);
	bus_reset();
	return (done_testing());
}
