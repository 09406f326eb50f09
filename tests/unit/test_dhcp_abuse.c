/*
 * The DHCP handler under hostile and broken input (issues 14 and 15):
 * thousands of mutated requests with one phone's MAC must not leave it
 * without an offer; a DISCOVER flood from random MACs, DECLINEs of every
 * address and INIT-REBOOT from strangers must leave addresses for a new
 * client; the whole client identifier is the key, also in the lease file.
 * Time is the fake clock the handler is given.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "bus.h"
#include "compat.h"
#include "log.h"
#include "tunables.h"
#include "dhcp/dhcp_pool.h"
#include "dhcp/dhcpd.h"
#include "dhcp_testutil.h"


static const uint8_t phone[6] = { 0x00, 0x1b, 0xd4, 0x12, 0x34, 0x56 };
static uint64_t rs;

static uint32_t
rnd(void)
{
	rs ^= rs << 13;
	rs ^= rs >> 7;
	rs ^= rs << 17;
	return ((uint32_t)rs);
}

static char notice[EV_TEXT_LEN];
static char codes[512];

static void
record(const struct ev *e, void *arg)
{
	(void)arg;
	if (e->type != EV_NOTICE)
		return;
	if (strcmp(e->u.notice.code, "dhcp_pool_exhausted") == 0)
		strlcpy(notice, e->u.notice.text, sizeof notice);
	if (strlen(codes) + strlen(e->u.notice.code) + 2 < sizeof codes) {
		strcat(codes, e->u.notice.code);
		strcat(codes, " ");
	}
}

struct msg {
	int		 type;
	const uint8_t	*mac;
	uint32_t	 xid, requested, server, ciaddr;
	const uint8_t	*cid;
	size_t		 cidlen;
};

static size_t
build(uint8_t *buf, size_t size, const struct msg *r)
{
	struct dhcp_test_req	 t;
	struct wr		 w;
	static const char	 vc[] = "Cisco Systems, Inc. IP Phone CP-7940G";

	memset(&t, 0, sizeof t);
	t.type = r->type;
	t.mac = r->mac;
	t.xid = r->xid;
	t.ciaddr = r->ciaddr;
	t.requested = r->requested;
	t.server = r->server;
	dhcp_test_begin(&w, buf, size, &t);
	if (r->cid != NULL)
		dhcp_wire_put_opt(&w, DHCP_OPT_CLIENT_ID, r->cid, r->cidlen);
	dhcp_wire_put_opt(&w, DHCP_OPT_VENDOR_CLASS, vc, sizeof vc - 1);
	dhcp_wire_put_end(&w, DHCP_MIN_REPLY);
	return (wr_len(&w));
}

static struct dhcpd *
server(int probe, uint32_t first, uint32_t last)
{
	return (dhcp_test_server(probe, first, last, 0));
}

static int
handle(struct dhcpd *d, const struct msg *r, uint64_t now,
    struct dhcp_reply *out)
{
	uint8_t		 buf[1500];
	struct dhcp_rx	 rx;
	size_t		 n = build(buf, sizeof buf, r);

	memset(&rx, 0, sizeof rx);
	rx.dst_ip = INADDR_BROADCAST;
	return (dhcpd_handle(d, buf, n, &rx, now, out));
}

/* Finish every probe due by now; the reply to xid, if one came. */
static int
finish(struct dhcpd *d, uint64_t now, uint32_t xid, int type,
    struct dhcp_msg *m)
{
	struct dhcp_reply	 out;
	struct dhcp_msg		 r;
	int			 rc, got = 0;

	while ((rc = dhcpd_probe_due(d, now, &out)) != 0) {
		if (rc == type && dhcp_wire_parse(&r, out.buf, out.len) == 0 &&
		    r.xid == xid) {
			got = 1;
			if (m != NULL)
				*m = r;
		}
	}
	return (got);
}

/*
 * A well-behaved client: DISCOVER every 250 ms (retransmissions) until
 * an OFFER for xid, for up to limit_ms; ms it took, or -1.
 */
static long
discover_until_offer(struct dhcpd *d, const uint8_t *mac, uint32_t xid,
    uint64_t *now, uint64_t limit_ms, struct dhcp_msg *m)
{
	struct dhcp_reply	 out;
	struct msg		 r;
	uint64_t		 start = *now, t;
	int			 rc;

	memset(&r, 0, sizeof r);
	r.type = DHCP_DISCOVER;
	r.mac = mac;
	r.xid = xid;
	while (*now - start <= limit_ms) {
		rc = handle(d, &r, *now, &out);
		if (rc == DHCP_OFFER) {
			if (m != NULL)
				(void)dhcp_wire_parse(m, out.buf, out.len);
			return ((long)(*now - start));
		}
		for (t = 0; t < 250; t += 10) {
			*now += 10;
			if (finish(d, *now, xid, DHCP_OFFER, m))
				return ((long)(*now - start));
		}
		(void)bus_dispatch();
	}
	return (-1);
}

/* One mutated request carrying the phone's MAC (tests/lib/junk.py's kinds). */
static size_t
junk(uint8_t *buf, size_t size)
{
	struct msg	 r;
	uint8_t		 cid[300];
	size_t		 n, k, o;
	int		 j;

	memset(&r, 0, sizeof r);
	r.type = 1 + (int)(rnd() % 8);
	r.mac = phone;
	r.xid = rnd();
	r.requested = (rnd() & 1) ? A(rnd() % 256) : 0;
	r.server = (rnd() & 1) ? A(rnd() % 4 == 0 ? 1 : rnd() % 256) : 0;
	r.ciaddr = rnd() % 4 == 0 ? A(rnd() % 256) : 0;
	if (rnd() % 3 == 0) {
		r.cidlen = rnd() % 4 == 0 ? 7 : 1 + rnd() % 255;
		for (k = 0; k < r.cidlen; k++)
			cid[k] = (uint8_t)rnd();
		if (r.cidlen == 7 && (rnd() & 1)) {
			/* The phone's own "01 MAC" form, maybe one bit off. */
			cid[0] = 1;
			memcpy(cid + 1, phone, 6);
			if (rnd() & 1)
				cid[1 + rnd() % 6] ^= (uint8_t)(1 << (rnd() % 8));
		}
		r.cid = cid;
	}
	n = build(buf, size, &r);
	switch (rnd() % 4) {
	case 0:		/* bit flips outside chaddr */
		for (j = (int)(rnd() % 8); j >= 0; j--) {
			o = 236 + rnd() % (n - 236);
			buf[o] ^= (uint8_t)(1 << (rnd() % 8));
		}
		break;
	case 1:		/* cut */
		n = 240 + rnd() % (n - 239);
		break;
	case 2:		/* a long option list */
		n--;
		while (n + 26 < size && rnd() % 50 != 0) {
			buf[n++] = (uint8_t)(1 + rnd() % 254);
			k = rnd() % 20;
			buf[n++] = (uint8_t)k;
			while (k-- > 0)
				buf[n++] = (uint8_t)rnd();
		}
		buf[n++] = 255;
		break;
	default:
		break;
	}
	return (n);
}

static void
test_junk_then_offer(void)
{
	struct dhcpd		*d;
	struct dhcp_reply	 out;
	struct dhcp_rx		 rx;
	uint8_t			 buf[1500];
	uint64_t		 now, dl;
	size_t			 n;
	int			 seed, i, bad = 0, worst = 0;
	long			 ms;
	uint8_t			 other[6] = { 0x00, 0x1b, 0xd4, 0x65, 0x43, 0x21 };

	memset(&rx, 0, sizeof rx);
	rx.dst_ip = INADDR_BROADCAST;
	for (seed = 1; seed <= 40; seed++) {
		rs = 88172645463325252ULL + (uint64_t)seed * 7919;
		d = server(seed % 4 != 0, 0, 0);
		now = 1000;
		for (i = 0; i < 3000; i++) {
			n = junk(buf, sizeof buf);
			(void)dhcpd_handle(d, buf, n, &rx, now, &out);
			now += rnd() % 3;
			while ((dl = dhcpd_next_deadline(d)) != 0 && dl <= now)
				(void)dhcpd_probe_due(d, now, &out);
			(void)bus_dispatch();
		}
		ms = discover_until_offer(d, phone, 0x999, &now, 3000, NULL);
		if (ms < 0) {
			diag("seed %d: the phone got no OFFER within 3 s", seed);
			bad++;
		} else if (ms > worst)
			worst = (int)ms;
		if (discover_until_offer(d, other, 0x998, &now, 3000,
		    NULL) < 0)
			bad++;
		dhcpd_free(d);
		(void)bus_dispatch();
	}
	ok(bad == 0, "after 3,000 mutated requests with its MAC the phone gets "
	    "an OFFER within 3 s (40 runs, slowest %d ms)", worst);
}

/* Two identifiers on one MAC never take an address from each other. */
static void
test_two_ids_one_mac(void)
{
	struct dhcpd		*d = server(1, 0, 0);
	struct dhcp_reply	 out;
	struct msg		 a, b;
	uint64_t		 now = 1000;
	int			 i, offers = 0;

	memset(&a, 0, sizeof a);
	a.type = DHCP_DISCOVER;
	a.mac = phone;
	a.xid = 1;
	a.cid = (const uint8_t *)"\x00" "client-a";
	a.cidlen = 9;
	b = a;
	b.xid = 2;
	b.cid = (const uint8_t *)"\x00" "client-b";
	/* Before, each took the other's probed record and both probed on. */
	for (i = 0; i < 20 && offers != 3; i++, now += 300) {
		struct dhcp_msg	 m;
		int		 rc;

		if (handle(d, &a, now, &out) == DHCP_OFFER)
			offers |= 1;
		if (handle(d, &b, now + 1, &out) == DHCP_OFFER)
			offers |= 2;
		while ((rc = dhcpd_probe_due(d, now + 600, &out)) != 0) {
			if (rc == DHCP_OFFER &&
			    dhcp_wire_parse(&m, out.buf, out.len) == 0)
				offers |= (int)m.xid;
		}
	}
	ok(offers == 3, "two client ids on one MAC both get OFFERs");
	ok(dhcpd_next_deadline(d) == 0 || dhcpd_stats(d)->probes <= 6,
	    "and are probed a bounded number of times (%llu probes)",
	    (unsigned long long)dhcpd_stats(d)->probes);
	dhcpd_free(d);
}

static void
test_discover_flood(void)
{
	struct dhcpd		*d = server(1, 0, 0);
	struct dhcp_reply	 out;
	struct dhcp_msg		 m;
	struct msg		 r;
	struct dhcp_pool_tally	 t;
	uint8_t			 mac[6];
	uint64_t		 now = 1000;
	long			 ms;
	int			 i;
	const uint8_t		 newbie[6] = { 0x00, 0x1b, 0xd4, 0xaa, 0xbb, 0xcc };

	rs = 12345;
	notice[0] = '\0';
	memset(&r, 0, sizeof r);
	r.type = DHCP_DISCOVER;
	r.mac = mac;
	/* 10,000 DISCOVERs from random MACs over one second. */
	for (i = 0; i < 10000; i++) {
		mac[0] = 0x02;
		mac[1] = (uint8_t)rnd();
		mac[2] = (uint8_t)rnd();
		mac[3] = (uint8_t)rnd();
		mac[4] = (uint8_t)(i >> 8);
		mac[5] = (uint8_t)i;
		r.xid = (uint32_t)i;
		now = 1000 + (uint64_t)i / 10;
		(void)handle(d, &r, now, &out);
		(void)finish(d, now, 0, 0, NULL);
		(void)bus_dispatch();
	}
	bus_dispatch();
	ok(strstr(notice, "offered") != NULL && strstr(notice, "bound") != NULL,
	    "exhausted notice says what holds the pool: %s", notice);
	/* The flood goes on at 1,000/s while a new phone asks. */
	ms = -1;
	memset(&m, 0, sizeof m);
	{
		struct msg	 n;
		uint64_t	 start = now, k;

		memset(&n, 0, sizeof n);
		n.type = DHCP_DISCOVER;
		n.mac = newbie;
		n.xid = 0x4242;
		while (now - start < 20000 && ms < 0) {
			if (handle(d, &n, now, &out) == DHCP_OFFER) {
				(void)dhcp_wire_parse(&m, out.buf, out.len);
				ms = (long)(now - start);
				break;
			}
			for (k = 0; k < 1000 && ms < 0; k++) {
				now++;
				mac[4] = (uint8_t)rnd();
				mac[5] = (uint8_t)rnd();
				r.xid = rnd();
				(void)handle(d, &r, now, &out);
				if (finish(d, now, 0x4242, DHCP_OFFER, &m))
					ms = (long)(now - start);
				(void)bus_dispatch();
			}
		}
	}
	dhcp_pool_tally(dhcpd_pool(d), now, &t);
	ok(ms >= 0 && ms <= 1000,
	    "during a flood of DISCOVERs from random MACs a new client gets an "
	    "OFFER in %ld ms (the pool then: %zu offered, %zu probed, %zu "
	    "bound of %zu)", ms, t.offered, t.probing, t.bound, t.size);
	/* And its REQUEST is ACKed although the flood goes on. */
	for (i = 0; i < 500; i++) {
		now++;
		mac[4] = (uint8_t)rnd();
		mac[5] = (uint8_t)rnd();
		r.xid = rnd();
		(void)handle(d, &r, now, &out);
		(void)finish(d, now, 0, 0, NULL);
	}
	memset(&r, 0, sizeof r);
	r.type = DHCP_REQUEST;
	r.mac = newbie;
	r.xid = 0x4242;
	r.server = A(1);
	r.requested = m.yiaddr;
	is_int(handle(d, &r, now, &out), DHCP_ACK, "and the ACK");
	dhcpd_free(d);
	(void)bus_dispatch();
}

/* DISCOVER, then DECLINE the address offered; 0 when none was offered. */
static int
offer_decline(struct dhcpd *d, const uint8_t *mac, uint32_t xid, uint64_t now)
{
	struct dhcp_reply	 out;
	struct dhcp_msg		 m;
	struct msg		 r;

	memset(&r, 0, sizeof r);
	r.type = DHCP_DISCOVER;
	r.mac = mac;
	r.xid = xid;
	if (handle(d, &r, now, &out) != DHCP_OFFER ||
	    dhcp_wire_parse(&m, out.buf, out.len) != 0)
		return (0);
	r.type = DHCP_DECLINE;
	r.requested = m.yiaddr;
	r.server = A(1);
	(void)handle(d, &r, now + 1, &out);
	return (1);
}

static void
test_decline_limits(void)
{
	struct dhcpd		*d = server(0, A(10), A(29));	/* 20 addresses */
	struct dhcp_reply	 out;
	struct msg		 r;
	struct dhcp_pool_tally	 t;
	uint8_t			 mac[6] = { 0x02, 0, 0, 0, 0, 0 };
	uint64_t		 now = 1000;
	int			 i;

	/* One client declines every address it is offered. */
	for (i = 0; i < 20 && offer_decline(d, phone, (uint32_t)i, now); i++)
		now += 10;
	dhcp_pool_tally(dhcpd_pool(d), now, &t);
	is_int((int)t.declined, DHCP_MAX_DECLINES_PER_MAC,
	    "one client's DECLINEs rest at most %d addresses",
	    DHCP_MAX_DECLINES_PER_MAC);
	/* Many clients (random MACs) declining: at most half the pool. */
	for (i = 0; i < 200; i++, now += 10) {
		mac[5] = (uint8_t)i;
		mac[4] = (uint8_t)(i >> 8);
		(void)offer_decline(d, mac, (uint32_t)i, now);
	}
	dhcp_pool_tally(dhcpd_pool(d), now, &t);
	ok(t.declined <= 10, "DECLINEs from 200 MACs rest %zu of 20 addresses "
	    "(at most half)", t.declined);
	memset(&r, 0, sizeof r);
	r.type = DHCP_DISCOVER;
	r.mac = (const uint8_t *)"\x00\x1b\xd4\x77\x77\x77";
	r.xid = 77;
	is_int(handle(d, &r, now, &out), DHCP_OFFER,
	    "a new client still gets an address");
	dhcpd_free(d);
	(void)bus_dispatch();
}

static void
test_init_reboot_stranger(void)
{
	struct dhcpd		*d = server(1, 0, 0);
	struct dhcp_reply	 out;
	struct dhcp_msg		 m;
	struct msg		 r;
	const struct dhcp_lease	*l;
	const uint8_t		 holder[6] = { 0x52, 0x54, 0, 1, 2, 3 };
	uint64_t		 now = 1000;

	memset(&r, 0, sizeof r);
	r.type = DHCP_REQUEST;
	r.mac = phone;
	r.xid = 5;
	r.requested = A(77);		/* INIT-REBOOT: no server id, no ciaddr */
	is_int(handle(d, &r, now, &out), DHCPD_PROBE,
	    "INIT-REBOOT from an unknown client: its address is probed first");
	ok(out.probe_ip == A(77), "the address it asks for");
	is_int(handle(d, &r, now + 100, &out), 0,
	    "its retransmission waits for the probe");
	ok(finish(d, now + 600, 5, DHCP_ACK, &m) && m.yiaddr == A(77),
	    "silence: ACKed after the probe");
	l = dhcp_pool_find_ip(dhcpd_pool(d), A(77));
	ok(l != NULL && l->state == DHCP_LEASE_BOUND, "bound");
	/* Another stranger asks for an address someone answers ARP for. */
	r.mac = (const uint8_t *)"\x00\x1b\xd4\x00\x00\x09";
	r.xid = 6;
	r.requested = A(88);
	now += 2000;
	is_int(handle(d, &r, now, &out), DHCPD_PROBE, "second stranger probed");
	(void)dhcpd_arp_seen(d, A(88), holder, now + 100, &out);
	ok(!finish(d, now + 1000, 6, DHCP_ACK, NULL),
	    "address in use on the link: no ACK");
	l = dhcp_pool_find_ip(dhcpd_pool(d), A(88));
	ok(l == NULL || l->state != DHCP_LEASE_BOUND, "and not bound");
	/* RENEWING with a ciaddr we never gave: probed the same way. */
	memset(&r, 0, sizeof r);
	r.type = DHCP_REQUEST;
	r.mac = (const uint8_t *)"\x00\x1b\xd4\x00\x00\x0a";
	r.xid = 7;
	r.ciaddr = A(99);
	is_int(handle(d, &r, now + 2000, &out), DHCPD_PROBE,
	    "RENEW from an unknown client: probed before binding");
	dhcpd_free(d);
	(void)bus_dispatch();
}

static void
test_whole_client_id(void)
{
	struct dhcpd		*d = server(0, 0, 0), *d2;
	struct dhcp_reply	 out;
	struct dhcp_msg		 m;
	struct msg		 r;
	uint8_t			 ida[80], idb[80];
	uint32_t		 ipa, ipb;
	char			 path[] = "/tmp/test_dhcp_abuseXXXXXX", err[256];
	char			 file[64];
	FILE			*f;
	int			 fd;

	memset(ida, 'x', sizeof ida);
	memcpy(idb, ida, sizeof idb);
	idb[79] = 'y';			/* the same first 79 bytes */
	memset(&r, 0, sizeof r);
	r.type = DHCP_DISCOVER;
	r.mac = phone;
	r.xid = 1;
	r.cid = ida;
	r.cidlen = sizeof ida;
	is_int(handle(d, &r, 1000, &out), DHCP_OFFER, "client A offered");
	(void)dhcp_wire_parse(&m, out.buf, out.len);
	ipa = m.yiaddr;
	r.type = DHCP_REQUEST;
	r.server = A(1);
	r.requested = ipa;
	is_int(handle(d, &r, 1001, &out), DHCP_ACK, "A bound");
	memset(&r, 0, sizeof r);
	r.type = DHCP_DISCOVER;
	r.mac = (const uint8_t *)"\x00\x1b\xd4\x00\x00\x02";
	r.xid = 2;
	r.cid = idb;
	r.cidlen = sizeof idb;
	is_int(handle(d, &r, 1002, &out), DHCP_OFFER, "client B offered");
	(void)dhcp_wire_parse(&m, out.buf, out.len);
	ipb = m.yiaddr;
	ok(ipa != ipb, "identifiers sharing a 79-byte prefix: two leases");

	/* The lease file carries the whole key and reads back. */
	if ((fd = mkstemp(path)) == -1)
		abort();
	close(fd);
	r.type = DHCP_REQUEST;
	r.server = A(1);
	r.requested = ipb;
	(void)handle(d, &r, 1003, &out);
	is_int(dhcp_pool_save(dhcpd_pool(d), path, 2000, 1700000000000ULL, err,
	    sizeof err), 0, "lease file saved");
	d2 = server(0, 0, 0);
	is_int(dhcp_pool_load(dhcpd_pool(d2), path, 2000, 1700000000000ULL,
	    err, sizeof err), 0, "and loaded");
	r.type = DHCP_REQUEST;
	r.server = 0;
	r.requested = ipb;		/* INIT-REBOOT after the restart */
	is_int(handle(d2, &r, 2100, &out), DHCP_ACK,
	    "B keeps its address across a restart");
	r.cid = ida;
	r.requested = ipb;
	is_int(handle(d2, &r, 2200, &out), DHCP_NAK,
	    "A may not have B's address");
	dhcpd_free(d2);
	dhcpd_free(d);

	/* A lease file from before (no v2 header, a key cut to 64 bytes). */
	if ((f = fopen(path, "w")) == NULL)
		abort();
	fprintf(f, "# phonerescue DHCP leases: ip mac client-id expires model\n"
	    "198.18.250.40 00:1b:d4:12:34:56 ");
	for (fd = 0; fd < 64; fd++)
		fprintf(f, "%02x", 'x');
	fprintf(f, " 1700000300 7940\n198.18.250.41 00:1b:d4:00:00:05 "
	    "01001bd4000005 1700000300 -\n");
	fclose(f);
	d = server(0, 0, 0);
	is_int(dhcp_pool_load(dhcpd_pool(d), path, 2000, 1700000000000ULL, err,
	    sizeof err), 0, "an old lease file still loads");
	memset(&r, 0, sizeof r);
	r.type = DHCP_DISCOVER;
	r.mac = phone;
	r.xid = 3;
	r.cid = ida;
	r.cidlen = sizeof ida;
	is_int(handle(d, &r, 2100, &out), DHCP_OFFER, "its cut client");
	(void)dhcp_wire_parse(&m, out.buf, out.len);
	ok(m.yiaddr == A(40), "gets its old address back");
	r.mac = (const uint8_t *)"\x00\x1b\xd4\x00\x00\x05";
	r.cid = NULL;
	r.cidlen = 0;
	is_int(handle(d, &r, 2100, &out), DHCP_OFFER, "a client without id");
	(void)dhcp_wire_parse(&m, out.buf, out.len);
	ok(m.yiaddr == A(41), "keeps its address too");
	dhcpd_free(d);
	snprintf(file, sizeof file, "%s", path);
	unlink(file);
	(void)bus_dispatch();
}

/* The guard's decisions while running: check again, serve anyway. */
static void
test_guard(void)
{
	struct dhcpd		*d = server(0, 0, 0);
	struct dhcp_reply	 out;
	struct dhcp_msg		 m;
	struct msg		 r;
	uint8_t			 pkt[600];
	size_t			 n;
	const uint8_t		 smac[6] = { 0x52, 0x54, 0, 0, 0, 9 };

	memset(&r, 0, sizeof r);
	r.type = DHCP_DISCOVER;
	r.mac = phone;
	r.xid = 1;
	is_int(handle(d, &r, 0, &out), DHCP_OFFER, "offering");
	memcpy(pkt, out.buf, out.len);
	n = out.len;
	pkt[DHCP_HDR_LEN + 3 + 2 + 3] = 254;	/* another server's id */
	codes[0] = '\0';
	(void)dhcpd_watch(d, pkt, n, A(254), smac, 10);
	(void)bus_dispatch();
	ok(!dhcpd_offering(d) && strstr(codes, "dhcp_stopped") != NULL,
	    "a foreign OFFER stops offers (dhcp_stopped)");
	dhcpd_resume(d);
	(void)bus_dispatch();
	ok(dhcpd_offering(d) && strstr(codes, "dhcp_resumed") != NULL,
	    "check again found nobody: offering again (dhcp_resumed)");
	codes[0] = '\0';
	(void)dhcpd_watch(d, pkt, n, A(254), smac, 1000);
	(void)bus_dispatch();
	ok(!dhcpd_offering(d) && strstr(codes, "dhcp_stopped") != NULL,
	    "the server back within the 30 s announcement window: stopped "
	    "again, and said so");
	dhcpd_force(d);
	(void)bus_dispatch();
	ok(dhcpd_offering(d) && strstr(codes, "dhcp_forced") != NULL,
	    "serve anyway: offering (dhcp_forced)");
	(void)dhcpd_watch(d, pkt, n, A(254), smac, 80000);
	ok(dhcpd_offering(d), "and it stays so when the server answers again");
	dhcpd_free(d);
	n = dhcpd_build_probe_flags(pkt, sizeof pkt, 7, smac, 0);
	ok(n > 0 && dhcp_wire_parse(&m, pkt, n) == 0 && m.flags == 0 &&
	    m.type == DHCP_DISCOVER, "re-probe DISCOVER without the broadcast "
	    "flag (answered as a phone would be)");
}

int
main(void)
{
	struct bus_sink	*s;

	log_set_level(LOG_LVL_ERROR);
	s = bus_subscribe(EV_MASK_ALL, record, NULL);
	plan(38);
	test_junk_then_offer();
	test_two_ids_one_mac();
	test_discover_flood();
	test_decline_limits();
	test_init_reboot_stranger();
	test_whole_client_id();
	test_guard();
	bus_unsubscribe(s);
	bus_reset();
	return (done_testing());
}
