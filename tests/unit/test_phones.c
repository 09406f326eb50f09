/*
 * The phone table: rows, models, phases and their order, events only on
 * change, foreign DHCP servers, the black-screen hints, file-name
 * classification and the .loads component count.  Frames are handed in
 * already dissected, with times chosen by the test.
 */
#include "config.h"

#include <sys/stat.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "ev.h"
#include "model/model.h"
#include "sniff/dissect.h"
#include "model/cisco_file.h"
#include "track/phase.h"
#include "track/phones.h"
#include "track/track_plan.h"
#include "fw/plan.h"
#include "sniff/sniff.h"
#include "../tap.h"
#include "fw_testutil.h"
#define EVREC_MATCH_ONLY
#include "../lib/evrec.h"
#include "tunables.h"

#define MAXEV	64

static struct ev	 evs[MAXEV];
static int		 nev, nfull;

static const uint8_t	 P1[6] = { 0x00, 0x1b, 0xd4, 0xa1, 0x70, 0x70 };
static const uint8_t	 P2[6] = { 0x00, 0x1e, 0x4a, 0x41, 0x41, 0x41 };
static const uint8_t	 PC[6] = { 0x00, 0x0c, 0x29, 0xaa, 0xbb, 0xcd };
static const uint8_t	 SRV[6] = { 0x02, 0, 0, 0, 0, 0x01 };
static const uint8_t	 ROUTER[6] = { 0x02, 0, 0, 0, 0, 0xfe };

static void
collect(const struct ev *e, void *arg)
{
	(void)arg;
	if (e->type == EV_NOTICE &&
	    strcmp(e->u.notice.code, "sniff_table_full") == 0)
		nfull++;
	if (nev < MAXEV)
		evs[nev] = *e;
	nev++;
}

static unsigned
five(void *arg, const char *name)
{
	(void)arg;
	return (strcmp(name, "term70.default.loads") == 0 ? 5 : 0);
}

static struct phones *
table(uint32_t ours)
{
	struct phones_opts	 o;

	memset(&o, 0, sizeof o);
	o.our_addr = ours;
	o.emit = collect;
	o.loads_count = five;
	nev = 0;
	return (phones_new(&o));
}

static void
set_str(struct dissect_str *s, const char *t, size_t n)
{
	s->p = (const uint8_t *)t;
	s->len = n;
}

static void
cdp(struct dissect_frame *f, const uint8_t *mac, const char *platform)
{
	memset(f, 0, sizeof *f);
	f->kind = DK_CDP;
	memcpy(f->src, mac, 6);
	set_str(&f->u.cdp.platform, platform, strlen(platform));
	set_str(&f->u.cdp.device_id, "SEP001BD4A17070", 15);
	set_str(&f->u.cdp.software, "SCCP70.8-5-2S", 13);
}

static void
dhcp(struct dissect_frame *f, const uint8_t *mac, uint8_t type,
    const char *vc, size_t vclen)
{
	memset(f, 0, sizeof *f);
	f->kind = DK_DHCP;
	memcpy(f->src, mac, 6);
	f->u.dhcp.op = BOOTREQUEST;
	f->u.dhcp.htype = 1;
	f->u.dhcp.hlen = 6;
	f->u.dhcp.msgtype = type;
	memcpy(f->u.dhcp.chaddr, mac, 6);
	if (vc != NULL)
		set_str(&f->u.dhcp.vendor_class, vc, vclen);
}

static void
reply(struct dissect_frame *f, const uint8_t *mac, uint8_t type,
    uint32_t server, uint32_t yiaddr)
{
	memset(f, 0, sizeof *f);
	f->kind = DK_DHCP;
	memcpy(f->src, SRV, 6);
	f->has_ip = 1;
	f->ip_src = server;
	f->u.dhcp.op = BOOTREPLY;
	f->u.dhcp.htype = 1;
	f->u.dhcp.hlen = 6;
	f->u.dhcp.msgtype = type;
	f->u.dhcp.server_id = server;
	f->u.dhcp.yiaddr = yiaddr;
	memcpy(f->u.dhcp.chaddr, mac, 6);
}

static void
rrq(struct dissect_frame *f, const uint8_t *mac, uint32_t ip,
    const char *name)
{
	memset(f, 0, sizeof *f);
	f->kind = DK_TFTP_RRQ;
	memcpy(f->src, mac, 6);
	f->has_ip = 1;
	f->ip_src = ip;
	f->u.tftp.opcode = TFTP_OP_RRQ;
	set_str(&f->u.tftp.file, name, strlen(name));
}

static void
garp(struct dissect_frame *f, const uint8_t *mac, uint32_t ip)
{
	memset(f, 0, sizeof *f);
	f->kind = DK_ARP;
	memcpy(f->src, mac, 6);
	memcpy(f->u.arp.sha, mac, 6);
	f->u.arp.op = 1;
	f->u.arp.spa = f->u.arp.tpa = ip;
	f->u.arp.gratuitous = 1;
}

/* The last event, or NULL if there was none since *seen. */
static const struct ev *
last_new(int *seen)
{
	const struct ev	*e = NULL;

	if (nev > *seen && nev <= MAXEV)
		e = &evs[nev - 1];
	*seen = nev;
	return (e);
}

static void
test_cdp_and_dhcp(void)
{
	static const char	 vc[] = "Cisco Systems, Inc. IP Phone CP-7961G-GE";
	struct dissect_frame	 f;
	struct phones		*ph = table(0);
	const struct ev		*e;
	const struct sniff_phone *p;
	uint32_t		 srv = htonl(0xc6120501), ip = htonl(0xc6120548);
	int			 seen = 0;

	cdp(&f, SRV, "cisco WS-C3560-24PS");
	set_str(&f.u.cdp.device_id, "sw1.example", 11);
	phones_input(ph, &f, 1000);
	is_int(nev, 0, "a switch's CDP makes no phone");
	cdp(&f, P1, "Cisco IP Phone 7970");
	f.nvlan = 1;
	f.vlan = 100;
	phones_input(ph, &f, 1000);
	e = last_new(&seen);
	ok(e != NULL && e->type == EV_PHONE, "CDP from a phone: a phone event");
	if (e != NULL) {
		is_str(e->u.phone.mac, "00:1b:d4:a1:70:70", "mac, lower case");
		is_str(e->u.phone.model, "7970", "model from the platform");
		is_str(e->u.phone.via, "cdp", "via cdp");
		is_str(ev_get(e, "phase"), "link-up", "link-up");
		is_str(e->u.phone.firmware, "SCCP70.8-5-2S", "firmware");
		is_int(e->u.phone.vlan, 100, "VLAN from the tag");
		is_int(e->wall_ms, 1000, "stamped with the frame's time");
	}
	phones_input(ph, &f, 21000);
	is_int(nev, 1, "the same CDP again: no event");
	phones_input(ph, &f, 61000);
	e = last_new(&seen);
	ok(e != NULL && e->type == EV_NOTICE &&
	    strcmp(e->u.notice.code, "no_dhcp_yet") == 0,
	    "CDP for a minute and no DHCP: the VLAN hint");

	dhcp(&f, P1, DHCP_DISCOVER, NULL, 0);
	phones_input(ph, &f, 62000);
	e = last_new(&seen);
	ok(e != NULL && strcmp(ev_get(e, "phase"), "requesting-ip") == 0 &&
	    strcmp(e->u.phone.via, "dhcp") == 0,
	    "a known phone's DISCOVER without vendor class: requesting-ip");
	reply(&f, P1, DHCP_OFFER, srv, ip);
	phones_input(ph, &f, 62100);
	e = last_new(&seen);
	ok(e != NULL && e->type == EV_DHCP_SERVER_SEEN, "an OFFER: server seen");
	if (e != NULL) {
		is_str(ev_get(e, "server"), "198.18.5.1", "server address");
		is_str(e->u.server.mac, "02:00:00:00:00:01", "server MAC");
		is_str(ev_get(e, "offered"), "198.18.5.72", "offered address");
	}
	reply(&f, P1, DHCP_ACK, srv, ip);
	phones_input(ph, &f, 62300);
	e = last_new(&seen);
	ok(e != NULL && e->type == EV_PHONE &&
	    strcmp(ev_get(e, "phase"), "got-ip") == 0 &&
	    strcmp(ev_get(e, "ip"), "198.18.5.72") == 0,
	    "the ACK: got-ip with the address, no second server event");

	dhcp(&f, P2, DHCP_DISCOVER, vc, sizeof vc);
	phones_input(ph, &f, 63000);
	e = last_new(&seen);
	ok(e != NULL && strcmp(e->u.phone.model, "7961-GE") == 0,
	    "vendor class with its NUL: 7961-GE");
	dhcp(&f, SRV, DHCP_DISCOVER, "udhcp 1.36.1", 12);
	phones_input(ph, &f, 63000);
	is_int(nev, seen, "a DISCOVER from a PC makes no phone");
	dhcp(&f, P2, DHCP_REQUEST, NULL, 0);
	f.u.dhcp.ciaddr = ip;
	phones_input(ph, &f, 63500);
	e = last_new(&seen);
	ok(e != NULL && strcmp(ev_get(e, "phase"), "got-ip") == 0 &&
	    strcmp(ev_get(e, "ip"), "198.18.5.72") == 0,
	    "a renewal shows the phone has an address");
	phones_input(ph, &f, 64000);
	ok(last_new(&seen) == NULL, "the next renewal: no event");
	is_int(phones_count(ph), 2, "two phones in the table");
	p = phones_find(ph, P1);
	ok(p != NULL && p->phase == SNIFF_PHASE_GOT_IP && p->ip == ip &&
	    (p->seen & (SNIFF_SEEN_CDP | SNIFF_SEEN_DHCP)) ==
	    (SNIFF_SEEN_CDP | SNIFF_SEEN_DHCP) && p->first_ms == 1000 &&
	    p->last_ms == 62000, "the row: phase, address, sources, times");
	phones_free(ph);

	/* Our own server is not foreign. */
	ph = table(srv);
	dhcp(&f, P1, DHCP_DISCOVER, vc, sizeof vc);
	phones_input(ph, &f, 0);
	reply(&f, P1, DHCP_OFFER, srv, ip);
	phones_input(ph, &f, 100);
	is_int(nev, 1, "an OFFER from our address: no dhcp_server_seen");
	phones_free(ph);
}

static void
test_recovery(void)
{
	static const char	 vc[] = "Cisco Systems, Inc. IP Phone CP-7970G";
	static const char *const comps[] = {
		"jar70sccp.9-4-2ES26.sbn", "cnu70.9-4-2ES26.sbn",
		"apps70.9-4-2ES26.sbn", "dsp70.9-4-2ES26.sbn",
		"cvm70sccp.9-4-2ES26.sbn",
	};
	struct dissect_frame	 f;
	struct phones		*ph = table(0);
	const struct ev		*e;
	uint32_t		 srv = htonl(0xc6120501), ip = htonl(0xc6120548);
	uint64_t		 t = 0;
	char			 want[128];
	int			 seen = 0, i;

	dhcp(&f, P1, DHCP_DISCOVER, vc, sizeof vc);
	phones_input(ph, &f, t);
	reply(&f, P1, DHCP_ACK, srv, ip);
	phones_input(ph, &f, t += 100);
	(void)last_new(&seen);
	rrq(&f, P1, ip, "term70.default.loads");
	phones_input(ph, &f, t += 100);
	e = last_new(&seen);
	ok(e != NULL && strcmp(ev_get(e, "phase"), "fetching-load") == 0 &&
	    strcmp(e->u.phone.via, "tftp") == 0, "termNN.default.loads: fetching-load");
	for (i = 0; i < 5; i++) {
		rrq(&f, P1, ip, comps[i]);
		phones_input(ph, &f, t += 1000);
		e = last_new(&seen);
		snprintf(want, sizeof want, "component %d of 5: %s", i + 1,
		    comps[i]);
		ok(e != NULL && strcmp(ev_get(e, "phase"), "flashing") == 0 &&
		    strcmp(e->u.phone.detail, want) == 0, "%s", want);
		if (i == 2) {
			phones_input(ph, &f, t += 4000);
			ok(last_new(&seen) == NULL,
			    "a retransmitted component: no event");
		}
	}
	dhcp(&f, P1, DHCP_DISCOVER, vc, sizeof vc);
	phones_input(ph, &f, t += 30000);
	e = last_new(&seen);
	ok(e != NULL && strcmp(ev_get(e, "phase"), "rebooting") == 0,
	    "DHCP after the load: rebooting");
	reply(&f, P1, DHCP_ACK, srv, ip);
	phones_input(ph, &f, t += 100);
	ok(last_new(&seen) == NULL, "its ACK keeps it rebooting");
	rrq(&f, P1, ip, "CTLSEP001BD4A17070.tlv");
	phones_input(ph, &f, t += 100);
	e = last_new(&seen);
	ok(e != NULL && strcmp(ev_get(e, "phase"), "requesting-config") == 0,
	    "CTLSEP<MAC>.tlv: requesting-config");
	rrq(&f, P1, ip, "SEP001BD4A17070.cnf.xml");
	phones_input(ph, &f, t += 100);
	rrq(&f, P1, ip, "XMLDefault.cnf.xml");
	phones_input(ph, &f, t += 100);
	ok(last_new(&seen) == NULL, "the rest of the hunt: no event");
	rrq(&f, P1, ip, "SEP001BD4A17070.cnf.xml");
	phones_input(ph, &f, t += 30000);
	e = last_new(&seen);
	ok(e != NULL && strcmp(ev_get(e, "phase"), "unprovisioned") == 0,
	    "its own file again: unprovisioned");
	rrq(&f, P1, ip, "English_United_States/g3-tones.xml");
	phones_input(ph, &f, t += 100);
	e = last_new(&seen);
	ok(e != NULL && strcmp(ev_get(e, "phase"), "registered") == 0,
	    "locale files: registered");
	phones_tick(ph, t + SNIFF_RECOVERED_MS);
	e = last_new(&seen);
	ok(e != NULL && e->type == EV_NOTICE &&
	    strcmp(e->u.notice.code, "recovered") == 0 &&
	    strstr(e->u.notice.text, "back up (registered)") != NULL,
	    "back in a final phase for a while: a recovered notice");
	phones_tick(ph, t + 2 * SNIFF_RECOVERED_MS);
	ok(last_new(&seen) == NULL, "... once");

	/* A routed request (router's MAC) lands on the phone by its address. */
	rrq(&f, ROUTER, ip, "dialplan.xml");
	phones_input(ph, &f, t += 100);
	is_int(phones_count(ph), 1, "a routed request makes no new row");
	ok(phones_find(ph, P1)->last_ms == t, "... it is the phone's");
	phones_free(ph);
}

static void
test_models(void)
{
	static const char	 vc[] = "Cisco Systems, Inc. IP Phone CP-7961G-GE";
	struct dissect_frame	 f;
	struct phones		*ph = table(0);
	uint32_t		 ip = htonl(0xc6120550);

	dhcp(&f, P2, DHCP_DISCOVER, vc, sizeof vc);
	phones_input(ph, &f, 0);
	rrq(&f, P2, ip, "term61.default.loads");
	phones_input(ph, &f, 100);
	is_str(phones_find(ph, P2)->model, "7961-GE",
	    "the vendor class beats the term file's guess");
	rrq(&f, P1, ip + 1, "SCCP31.9-2-1TH1-13.loads");
	phones_input(ph, &f, 200);
	ok(phones_find(ph, P1) != NULL &&
	    strcmp(phones_find(ph, P1)->model, "7931") == 0 &&
	    strcmp(phones_find(ph, P1)->firmware, "SCCP31.9-2-1TH1-13") == 0,
	    "a load name one model uses: model and firmware");
	rrq(&f, P1, ip + 1, "SCCP70.9-4-2SR3-1S.loads");
	phones_input(ph, &f, 300);
	is_str(phones_find(ph, P1)->model, "7931",
	    "a load two models share (7970, 7971-GE) changes no model");
	phones_free(ph);
}

static void
test_hints(void)
{
	static const char	 vc[] = "Cisco Systems, Inc. IP Phone CP-7941G";
	struct dissect_frame	 f;
	struct phones		*ph = table(0);
	uint32_t		 arpip = htonl(0xc6120532);
	const struct ev		*e;
	int			 i, seen = 0, notices = 0;
	uint64_t		 t;

	for (t = 0; t <= 60000; t += 4000) {
		dhcp(&f, P2, DHCP_DISCOVER, vc, sizeof vc);
		phones_input(ph, &f, t);
	}
	for (i = 0; i < nev && i < MAXEV; i++) {
		if (evs[i].type == EV_NOTICE) {
			notices++;
			e = &evs[i];
			ok(strcmp(e->u.notice.code, "black_screen") == 0 &&
			    strcmp(e->u.notice.mac, "00:1e:4a:41:41:41") == 0 &&
			    strstr(e->u.notice.text, "alive") != NULL &&
			    e->wall_ms == SNIFF_BLACK_SCREEN_MS + 2000,
			    "black_screen once the phone asked DHCP in vain for 30 s");
		}
	}
	is_int(notices, 1, "the hint is given once");
	phones_tick(ph, 1000000);
	is_int(nev, 2, "a phone that went silent gets no late hint");
	phones_free(ph);

	ph = table(0);
	for (i = 0; i < 4; i++) {
		garp(&f, P1, arpip);
		phones_input(ph, &f, (uint64_t)i * 12000);
	}
	seen = nev;
	is_int(phones_count(ph), 0, "a device that only ARPs is no phone");
	ok(seen == 1 && evs[0].type == EV_NOTICE &&
	    strstr(evs[0].u.notice.text, "198.18.5.50") != NULL,
	    "... but after 30 s of announcements it gets a hint");
	dhcp(&f, P1, DHCP_DISCOVER, "Cisco Systems, Inc. IP Phone CP-7970G", 36);
	phones_input(ph, &f, 40000);
	is_int(phones_count(ph), 1, "its Cisco DISCOVER makes it a phone");
	phones_free(ph);

	/* Another vendor's MAC that only ARPs: no guess that it is a phone. */
	ph = table(0);
	seen = nev;
	for (i = 0; i < 6; i++) {
		garp(&f, PC, arpip);
		phones_input(ph, &f, (uint64_t)i * 12000);
	}
	phones_tick(ph, 70000);
	is_int(nev, seen, "a non-Cisco MAC that only ARPs gets no hint");
	ok(model_mac_phone_oui(P1) && !model_mac_phone_oui(PC),
	    "phone OUIs: 00:1b:d4 is one, 00:0c:29 is not");
	phones_free(ph);

	/* A PC that ARPs and asks DHCP (no Cisco class) gets no ARP-only hint. */
	ph = table(0);
	for (i = 0; i < 4; i++) {
		garp(&f, P2, arpip);
		phones_input(ph, &f, (uint64_t)i * 12000);
		dhcp(&f, P2, DHCP_DISCOVER, "udhcp 1.36.1", 12);
		phones_input(ph, &f, (uint64_t)i * 12000 + 1);
	}
	ok(nev == 0 && phones_count(ph) == 0,
	    "a device doing more than ARP is not an ARP-only device");
	phones_free(ph);

	ph = table(0);
	for (i = 0; i < 3; i++) {
		rrq(&f, P1, arpip, "term06.default.loads");
		phones_input(ph, &f, (uint64_t)i * 4000);
	}
	ok(nev == 2 && evs[1].type == EV_NOTICE &&
	    strcmp(evs[1].u.notice.code, "load_refused") == 0,
	    "the same default load three times, no component: load_refused");
	phones_free(ph);
}

static void
test_table_full(void)
{
	struct dissect_frame	 f;
	struct phones		*ph = table(0);
	uint8_t			 mac[6] = { 0x00, 0x1b, 0xd4, 0, 0, 0 };
	int			 i;

	for (i = 0; i < SNIFF_MAX_PHONES + 5; i++) {
		mac[4] = (uint8_t)(i >> 8);
		mac[5] = (uint8_t)i;
		dhcp(&f, mac, DHCP_DISCOVER, "Cisco Systems, Inc.", 19);
		phones_input(ph, &f, 0);
	}
	is_int(phones_count(ph), SNIFF_MAX_PHONES, "the table stops at its size");
	is_int(nfull, 1, "... and says so once");
	phones_free(ph);
}

/*
 * 700 ARP announcements from random MACs fill the table with devices that
 * are no phones: a new phone is still seen (it takes an ARP-only row), and
 * once the ARP rows are stale a new ARP-only device is tracked again.
 */
static void
test_table_flood(void)
{
	struct dissect_frame	 f;
	struct phones		*ph = table(0);
	uint8_t			 mac[6];
	uint32_t		 x = 12345;
	int			 i, j, seen;

	nfull = 0;
	for (i = 0; i < 700; i++) {
		for (j = 0; j < 6; j++) {
			x = x * 1103515245u + 12345u;
			mac[j] = (uint8_t)(x >> 16);
		}
		mac[0] &= 0xfc;		/* unicast, global */
		garp(&f, mac, htonl(0xc6120000u | (uint32_t)i));
		phones_input(ph, &f, 1000 + (uint64_t)i);
	}
	is_int(phones_count(ph), 0, "700 ARP-only devices: no phone");
	is_int(nfull, 1, "fresh ARP-only rows are kept: the table is full, said once");
	nev = 0;
	seen = nev;
	cdp(&f, P1, "Cisco IP Phone 7970");
	phones_input(ph, &f, 5000);
	ok(nev == seen + 1 && evs[nev - 1].type == EV_PHONE &&
	    phones_find(ph, P1) != NULL,
	    "a full table of ARP-only rows still sees a new phone");
	dhcp(&f, P2, DHCP_DISCOVER, "Cisco Systems, Inc. IP Phone CP-7941G", 36);
	phones_input(ph, &f, 6000);
	ok(phones_find(ph, P2) != NULL && phones_find(ph, P1) != NULL,
	    "... and the next, keeping the first");
	/* Later, the ARP rows are stale: a new Cisco ARP-only device is tracked. */
	nev = seen = 0;
	mac[0] = 0x00; mac[1] = 0x1b; mac[2] = 0xd4;
	mac[3] = 0x99; mac[4] = 0x99; mac[5] = 0x99;
	for (i = 0; i < 4; i++) {
		garp(&f, mac, htonl(0xc6120563));
		phones_input(ph, &f, 2000 + SNIFF_STALE_MS + (uint64_t)i * 12000);
	}
	ok(nev == seen + 1 && evs[nev - 1].type == EV_NOTICE &&
	    strcmp(evs[nev - 1].u.notice.code, "black_screen") == 0,
	    "stale ARP rows make room: a new ARP-only device gets its hint");
	is_int(nfull, 1, "no second table-full notice while rows can be reused");
	phones_free(ph);
}

/* Find the last event of a type since *from (NULL if none). */
static const struct ev *
last_of(int from, enum ev_type type)
{
	int	 i;

	for (i = (nev < MAXEV ? nev : MAXEV) - 1; i >= from; i--) {
		if (evs[i].type == type)
			return (&evs[i]);
	}
	return (NULL);
}

/*
 * What our TFTP server delivered: a configuration served in the hunt
 * makes the phone unprovisioned (with a recovered notice), in either order
 * with the request for the load its configuration names; outside the
 * hunt, or a trust list, it changes nothing.
 */
static void
test_served(void)
{
	static const char *const what[] = {
		"config served, then its load asked",
		"its load asked, then the config's tftp_done",
		"config served, its load asked, a component",
	};
	struct dissect_frame	 f;
	struct phones		*ph;
	const struct ev		*e;
	uint32_t		 ip = htonl(0xc6120546);
	static const char *const first[] = {
		"term70.default.loads", "CTLSEP001BD4A17070.tlv",
	};
	uint64_t		 t = 1000;
	int			 order, from, i;
	char			 name[160];

	for (order = 0; order < 3; order++) {
		ph = table(0);
		/* A boot: DISCOVER, then the first request. */
		for (i = 0; i < 2; i++) {
			dhcp(&f, P1, DHCP_DISCOVER,
			    "Cisco Systems, Inc. IP Phone CP-7970G", 36);
			phones_input(ph, &f, t += 100);
			rrq(&f, P1, ip, first[i]);
			phones_input(ph, &f, t += 100);
			phones_served(ph, ip, NULL, i == 0 ? "XMLDefault.cnf.xml" :
			    first[i], t += 10);
			ok(strcmp(ev_get(&evs[nev - 1], "phase"), i == 0 ?
			    "fetching-load" : "requesting-config") == 0, "%s",
			    i == 0 ? "a config served outside the hunt changes "
			    "nothing" : "a trust list served is no configuration");
			rrq(&f, P1, ip, i == 0 ? "jar70sip.8-5-2-13.sbn" :
			    "/XMLDefault.cnf.xml");
			phones_input(ph, &f, t += 100);
		}
		is_int(phones_find(ph, P1)->phase, SNIFF_PHASE_REQUESTING_CONFIG,
		    "the configuration hunt");
		from = nev;
		if (order == 1) {
			rrq(&f, P1, ip, "SIP70.8-5-2S.loads");
			phones_input(ph, &f, t += 1);
		}
		phones_served(ph, ip, order ? P1 : NULL, "/XMLDefault.cnf.xml",
		    t += 1);
		e = last_of(from, EV_PHONE);
		snprintf(name, sizeof name, "%s: unprovisioned at once",
		    what[order]);
		ok(e != NULL && strcmp(ev_get(e, "phase"), "unprovisioned") == 0,
		    "%s", name);
		if (order != 1) {
			rrq(&f, P1, ip, "SIP70.8-5-2S.loads");
			phones_input(ph, &f, t += 1);
			ok(phones_find(ph, P1)->phase == SNIFF_PHASE_FETCHING_LOAD &&
			    strcmp(phones_find(ph, P1)->firmware,
			    "SIP70.8-5-2S") == 0,
			    "its load asked after it: fetching it, maybe");
		}
		if (order == 2) {
			rrq(&f, P1, ip, "cnu70.8-5-2-13.sbn");
			phones_input(ph, &f, t += 100);
		}
		phones_tick(ph, t + SNIFF_RECOVERED_MS - 1);
		ok(last_of(from, EV_NOTICE) == NULL,
		    "no recovered notice before it stayed back");
		phones_tick(ph, t + SNIFF_RECOVERED_MS);
		e = last_of(from, EV_NOTICE);
		if (order == 2) {
			is_int(phones_find(ph, P1)->phase, SNIFF_PHASE_FLASHING,
			    "a component of it: flashing, not back");
			ok(e == NULL, "... and no recovered notice");
			phones_free(ph);
			continue;
		}
		snprintf(name, sizeof name, "%s: then unprovisioned and a "
		    "recovered notice", what[order]);
		ok(phones_find(ph, P1)->phase == SNIFF_PHASE_UNPROVISIONED &&
		    e != NULL && strcmp(e->u.notice.code, "recovered") == 0 &&
		    strstr(e->u.notice.text, "back up (unprovisioned)") != NULL,
		    "%s", name);
		from = nev;
		phones_served(ph, ip, NULL, "/XMLDefault.cnf.xml", t += 1);
		phones_tick(ph, t + 2 * SNIFF_RECOVERED_MS);
		phones_finish(ph);
		ok(last_of(from, EV_NOTICE) == NULL, "... once");
		phones_free(ph);
	}
}

/*
 * Issue 18.2: one recovery told twice, as serve sees it with the sniffer
 * (frames, plus our engines' events, which are steps then only for what
 * no capture shows) and with --no-sniff (our engines' events alone): the
 * same phases in the same order, and one `recovered` notice each.
 */
enum rstep { R_ASK, R_ACK, R_GET, R_MISS };

static const struct {
	enum rstep	 what;
	const char	*file;
} recovery[] = {
	{ R_ASK, NULL }, { R_ACK, NULL },
	{ R_GET, "term70.default.loads" },
	{ R_GET, "jar70sip.8-5-2-13.sbn" }, { R_GET, "apps70.8-5-2TH1-9.sbn" },
	{ R_GET, "cnu70.8-5-2TH1-9.sbn" }, { R_GET, "cvm70sip.8-5-2-13.sbn" },
	{ R_GET, "dsp70.8-5-2TH1-9.sbn" },
	{ R_ASK, NULL }, { R_ACK, NULL },
	{ R_MISS, "CTLSEP001BD4A17070.tlv" },
	{ R_MISS, "SEP001BD4A17070.cnf.xml" },
	{ R_GET, "XMLDefault.cnf.xml" },
	{ R_GET, "SIP70.8-5-2S.loads" },
};

/* One of our engines' events, stamped now. */
static void
engine(struct phones *ph, enum ev_type type, uint64_t xfer, const char *file,
    int code, uint64_t now)
{
	struct ev	 ev;

	memset(&ev, 0, sizeof ev);
	ev.type = type;
	ev.wall_ms = now;
	if (type == EV_DHCP_LEASE) {
		strlcpy(ev.u.lease.mac, "00:1b:d4:a1:70:70", sizeof ev.u.lease.mac);
		ev.u.lease.ip = inet_addr("198.18.5.70");
		strlcpy(ev.u.lease.vendor_class, "Cisco Systems, Inc. IP Phone "
		    "CP-7970G", sizeof ev.u.lease.vendor_class);
		strlcpy(ev.u.lease.model, "7970", sizeof ev.u.lease.model);
		ev.u.lease.state = strcmp(file, "offer") == 0 ?
		    EV_LEASE_OFFER : EV_LEASE_ACK;
	} else {
		ev.u.tftp.xfer = xfer;
		ev.u.tftp.client.ip = inet_addr("198.18.5.70");
		ev.u.tftp.client.port = (uint16_t)(50000 + xfer);
		strlcpy(ev.u.tftp.file, file, sizeof ev.u.tftp.file);
		ev.u.tftp.proto = EV_PROTO_TFTP;
		ev.u.tftp.code = code;
	}
	phones_event(ph, &ev, now);
	if (type == EV_TFTP_START)
		ok(strcmp(ev.u.tftp.mac, "00:1b:d4:a1:70:70") == 0 ||
		    ev.u.tftp.mac[0] == '\0', "a transfer's mac is its phone's");
	if (type == EV_TFTP_DONE && strcmp(file, "XMLDefault.cnf.xml") == 0)
		is_str(ev.u.tftp.mac, "00:1b:d4:a1:70:70",
		    "the phone behind a transfer is named (by its lease)");
}

/* Run the recovery through a table; its phases into buf, "a b c". */
static int
recover(int frames, char *buf, size_t len)
{
	struct dissect_frame	 f;
	struct phones		*ph = table(0);
	uint32_t		 ip = htonl(0xc6120546);	/* 198.18.5.70 */
	uint64_t		 t = 1000, x = 0;
	size_t			 i, used;
	int			 k, nrec = 0;
	const char		*vc = "Cisco Systems, Inc. IP Phone CP-7970G";

	phones_set_frames(ph, frames);
	for (i = 0; i < sizeof recovery / sizeof recovery[0]; i++) {
		t += 200;
		switch (recovery[i].what) {
		case R_ASK:
			dhcp(&f, P1, DHCP_DISCOVER, vc, strlen(vc));
			if (frames)
				phones_input(ph, &f, t);
			engine(ph, EV_DHCP_LEASE, 0, "offer", 0, t + 1);
			break;
		case R_ACK:
			reply(&f, P1, DHCP_ACK, htonl(0xc6120501), ip);
			if (frames)
				phones_input(ph, &f, t);
			engine(ph, EV_DHCP_LEASE, 0, "ack", 0, t + 1);
			break;
		case R_GET:
		case R_MISS:
			rrq(&f, P1, ip, recovery[i].file);
			if (frames)
				phones_input(ph, &f, t);
			if (recovery[i].what == R_MISS) {
				engine(ph, EV_TFTP_ERROR, 0, recovery[i].file, 1,
				    t + 1);
				break;
			}
			engine(ph, EV_TFTP_START, ++x, recovery[i].file, 0, t + 1);
			engine(ph, EV_TFTP_DONE, x, recovery[i].file, 0, t + 50);
			break;
		}
	}
	phones_tick(ph, t + 50 + SNIFF_RECOVERED_MS);
	phones_tick(ph, t + 50 + 2 * SNIFF_RECOVERED_MS);
	buf[0] = '\0';
	for (k = 0; k < nev && k < MAXEV; k++) {
		if (evs[k].type == EV_NOTICE &&
		    strcmp(evs[k].u.notice.code, "recovered") == 0)
			nrec++;
		if (evs[k].type != EV_PHONE || (k > 0 && evs[k - 1].type ==
		    EV_PHONE && evs[k - 1].u.phone.phase ==
		    evs[k].u.phone.phase))
			continue;
		used = strlen(buf);
		snprintf(buf + used, len - used, "%s ",
		    sniff_phase_name(evs[k].u.phone.phase));
	}
	phones_free(ph);
	return (nrec);
}

static void
test_engines_only(void)
{
	char	 with[512], without[512];
	int	 rec_with, rec_without;

	rec_with = recover(1, with, sizeof with);
	rec_without = recover(0, without, sizeof without);
	is_str(with, "requesting-ip got-ip fetching-load flashing rebooting "
	    "requesting-config unprovisioned fetching-load unprovisioned ",
	    "frames: the recovery's phases");
	is_str(without, with, "our engines' events alone: the same phases");
	is_int(rec_with, 1, "frames: one recovered notice");
	is_int(rec_without, 1, "engines alone: one recovered notice too");
}

/* A default load refused as missing: no_load_for_model, once a minute. */
static void
test_no_load(void)
{
	struct phones	*ph = table(0);
	int		 i, n = 0;

	engine(ph, EV_DHCP_LEASE, 0, "ack", 0, 1000);
	for (i = 0; i < 3; i++)
		engine(ph, EV_TFTP_ERROR, 0, "term70.default.loads", 1,
		    2000 + (uint64_t)i * 20000);
	engine(ph, EV_TFTP_ERROR, 0, "term70.default.loads", 1, 63000);
	engine(ph, EV_TFTP_ERROR, 0, "XMLDefault.cnf.xml", 1, 70000);
	for (i = 0; i < nev && i < MAXEV; i++) {
		if (evs[i].type != EV_NOTICE ||
		    strcmp(evs[i].u.notice.code, "no_load_for_model") != 0)
			continue;
		n++;
		is_str(evs[i].u.notice.mac, "00:1b:d4:a1:70:70",
		    "no_load_for_model names the phone (from its lease)");
		is_str(evs[i].u.notice.file, "term70.default.loads",
		    "... and the file");
		ok(strstr(evs[i].u.notice.text, "serves the 7970") != NULL,
		    "... and the model it has no load for");
		is_int(evs[i].u.notice.level, EV_ERROR, "... as an error");
	}
	is_int(n, 2, "once a minute per file (three refusals over 40 s, one "
	    "more after the minute), never for a config");
	phones_free(ph);
}

/* The rules on their own (track/phase.h). */
static void
test_phase_rules(void)
{
	static const struct {
		enum phase_obs	 obs;
		const char	*file;
		enum sniff_phase want;
	} legacy[] = {
		/* A 7940's last boot: XMLDefault names its SIP load, it has it. */
		{ PO_DHCP_ASK, NULL, SNIFF_PHASE_REQUESTING_IP },
		{ PO_ADDRESS, NULL, SNIFF_PHASE_GOT_IP },
		{ PO_FILE, "OS79XX.TXT", SNIFF_PHASE_REQUESTING_CONFIG },
		{ PO_FILE, "SEP00070E404011.cnf.xml", SNIFF_PHASE_REQUESTING_CONFIG },
		{ PO_FILE, "XMLDefault.cnf.xml", SNIFF_PHASE_REQUESTING_CONFIG },
		{ PO_SERVED, "OS79XX.TXT", SNIFF_PHASE_REQUESTING_CONFIG },
		{ PO_SERVED, "XMLDefault.cnf.xml", SNIFF_PHASE_UNPROVISIONED },
		{ PO_FILE, "P0S3-8-12-00.loads", SNIFF_PHASE_FETCHING_LOAD },
		{ PO_FILE, "SIPDefault.cnf", SNIFF_PHASE_UNPROVISIONED },
		{ PO_FILE, "SIP00070E404011.cnf", SNIFF_PHASE_UNPROVISIONED },
		{ PO_SERVED, "SIPDefault.cnf", SNIFF_PHASE_UNPROVISIONED },
		/* It reboots: a new boot's record. */
		{ PO_DHCP_ASK, NULL, SNIFF_PHASE_REQUESTING_IP },
		{ PO_SERVED, "XMLDefault.cnf.xml", SNIFF_PHASE_REQUESTING_IP },
		{ PO_HTTP, NULL, SNIFF_PHASE_REQUESTING_CONFIG },
		{ PO_FILE, "SEP00070E404011.cnf.xml", SNIFF_PHASE_REQUESTING_CONFIG },
		{ PO_FILE, "SEP00070E404011.cnf.xml", SNIFF_PHASE_UNPROVISIONED },
		{ PO_FILE, "English_United_States/g3-tones.xml",
		    SNIFF_PHASE_REGISTERED },
		{ PO_FILE, "jar70sip.8-5-2-13.sbn", SNIFF_PHASE_FLASHING },
		{ PO_DHCP_ASK, NULL, SNIFF_PHASE_REBOOTING },
		{ PO_ADDRESS, NULL, SNIFF_PHASE_REBOOTING },
	};
	struct phase_track	 t;
	size_t			 i, good = 0;

	memset(&t, 0, sizeof t);
	ok(phase_step(&t, PO_LINK, NULL) == PW_LINK_UP &&
	    t.phase == SNIFF_PHASE_LINK_UP, "rules: CDP/LLDP is link-up");
	for (i = 0; i < sizeof legacy / sizeof legacy[0]; i++) {
		(void)phase_step(&t, legacy[i].obs, legacy[i].file);
		if (t.phase == legacy[i].want)
			good++;
		else
			diag("step %zu (%s): %s, want %s", i,
			    legacy[i].file != NULL ? legacy[i].file : "-",
			    sniff_phase_name(t.phase),
			    sniff_phase_name(legacy[i].want));
	}
	is_int(good, sizeof legacy / sizeof legacy[0],
	    "rules: a 7940 configured, its load, SIPDefault: back at once");
	memset(&t, 0, sizeof t);
	(void)phase_step(&t, PO_FILE, "CTLSEP001BD4A17070.tlv");
	(void)phase_step(&t, PO_SERVED, "SEP001BD4A17070.cnf.xml");
	(void)phase_step(&t, PO_FILE, "SIP70.8-5-2S.loads");
	ok(t.phase == SNIFF_PHASE_FETCHING_LOAD &&
	    phase_settle(&t) == PW_SETTLED && t.phase == SNIFF_PHASE_UNPROVISIONED,
	    "rules: no component after the configured load: it settles");
	ok(phase_settle(&t) == PW_NONE, "rules: ... once");
}

static void
test_classify(void)
{
	static const struct {
		const char		*name;
		enum cisco_file	 kind;
		int			 has_mac;
	} t[] = {
		{ "SEP001BD4A17070.cnf.xml", CF_CONFIG, 1 },
		{ "SEP001bd4a17070.cnf.xml.sgn", CF_CONFIG, 1 },
		{ "CTLSEP001BD4A17070.tlv", CF_CONFIG, 1 },
		{ "ITLSEP001BD4A17070.tlv", CF_CONFIG, 1 },
		{ "ITLFile.tlv", CF_CONFIG, 0 },
		{ "XMLDefault.cnf.xml", CF_CONFIG, 0 },
		{ "SIP001BD4A17070.cnf", CF_CONFIG, 1 },
		{ "SIPDefault.cnf", CF_CONFIG, 0 },
		{ "OS79XX.TXT", CF_CONFIG, 0 },
		{ "ld001bd4a17070", CF_CONFIG, 1 },
		{ "term70.default.loads", CF_LOADS, 0 },
		{ "/TERM70.DEFAULT.LOADS", CF_LOADS, 0 },
		{ "SIP42.9-4-2SR3-1S.loads", CF_LOADS, 0 },
		{ "CP7921G-1.4.6.3.LOADS", CF_LOADS, 0 },
		{ "jar70sccp.9-4-2ES26.sbn", CF_COMPONENT, 0 },
		{ "P0S3-8-12-00.sb2", CF_COMPONENT, 0 },
		{ "SIP69xx.9-4-1-3.zz.sgn", CF_COMPONENT, 0 },
		{ "CP7905080003SCCP070409A.sbin", CF_COMPONENT, 0 },
		{ "\\US\\7960-tones.xml", CF_AFTER, 0 },
		{ "dialplan.xml", CF_AFTER, 0 },
		{ "hello.txt", CF_OTHER, 0 },
		{ "SEP001BD4A1707.cnf.xml", CF_AFTER, 0 },
		{ "ldap.conf", CF_OTHER, 0 },
	};
	uint8_t		 mac[6];
	int		 has, all = 1;
	size_t		 i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		if (cisco_file_classify(t[i].name, mac, &has) != t[i].kind ||
		    has != t[i].has_mac) {
			diag("%s", t[i].name);
			all = 0;
		}
	}
	ok(all, "file names classified (%zu)", sizeof t / sizeof t[0]);
	cisco_file_classify("SEP001BD4A17070.cnf.xml", mac, &has);
	is_mem(mac, P1, 6, "the MAC in SEP<MAC>");
}

static void
test_loads(void)
{
	static const char	 legacy[] =
	    "P0030801SR02.sbn\nP0030801SR02.sb2\nLA_VERSION=PAS30831\n";
	static const char	 cnu[] =
	    "#\r\n# RELEASE load version 9-4-2ES26\r\n#HARDWARE_COMP_1 5\r\n"
	    "\r\njar42sccp.9-4-2ES26.sbn\r\ncnu42.9-4-2ES26.sbn\r\n"
	    "dsp42.9-4-2ES26.sbn \r\n";
	char		 path[4096];
	uint8_t		 buf[4096];
	const char	*top = getenv("top_srcdir");
	FILE		*fp;
	size_t		 n;

	is_int(phones_loads_components((const uint8_t *)legacy,
	    sizeof legacy - 1), 2, "legacy: .sbn + .sb2, LA_VERSION skipped");
	is_int(phones_loads_components((const uint8_t *)cnu, sizeof cnu - 1),
	    3, "CRLF, comments, trailing blanks");
	is_int(phones_loads_components((const uint8_t *)"\1\0\2", 3), 0,
	    "a broken signed header counts nothing");
	snprintf(path, sizeof path, "%s/tests/pcap/root/term70.default.loads",
	    top != NULL ? top : "..");
	if ((fp = fopen(path, "rb")) == NULL) {
		ok(0, "open %s", path);
		return;
	}
	n = fread(buf, 1, sizeof buf, fp);
	fclose(fp);
	is_int(phones_loads_components(buf, n), 5,
	    "the real term70.default.loads lists five components");
}

static void
test_phase_names(void)
{
	int	 i, all = 1;

	for (i = 1; i < SNIFF_PHASE__COUNT; i++) {
		if ((int)sniff_phase_from_name(sniff_phase_name(i)) != i)
			all = 0;
	}
	ok(all, "phase names round-trip");
	is_str(sniff_phase_name(SNIFF_PHASE_FLASHING), "flashing", "flashing");
	is_int(sniff_phase_from_name("nonsense"), SNIFF_PHASE_NONE, "unknown");
}

/* The name and serial a phone reports go into its `phone` events (issue 21). */
static void
test_self_names(void)
{
	struct dissect_frame	 f;
	struct phones		*ph = table(0);
	const struct ev		*e;
	int			 seen = nev;

	cdp(&f, P1, "Cisco IP Phone 7970");
	phones_input(ph, &f, 1000);
	e = last_new(&seen);
	ok(e != NULL && e->type == EV_PHONE, "CDP: a phone event");
	is_str(e != NULL ? e->u.phone.name : "", "SEP001BD4A17070",
	    "its CDP device id is its name");
	is_str(e != NULL ? e->u.phone.serial : "x", "", "no serial in CDP");
	memset(&f, 0, sizeof f);
	f.kind = DK_LLDP;
	memcpy(f.src, P1, 6);
	set_str(&f.u.lldp.system_name, "SEPother", 8);
	set_str(&f.u.lldp.serial, "FCH1234ABCD", 11);
	set_str(&f.u.lldp.model, "CP-7970G", 8);
	f.u.lldp.has_med_caps = 1;
	f.u.lldp.med_class = 3;
	phones_input(ph, &f, 2000);
	e = last_new(&seen);
	ok(e != NULL && e->type == EV_PHONE, "LLDP serial: news, told");
	is_str(e != NULL ? e->u.phone.serial : "", "FCH1234ABCD",
	    "the LLDP-MED serial");
	is_str(e != NULL ? e->u.phone.name : "", "SEP001BD4A17070",
	    "a name it had is kept (added only if missing)");
	phones_input(ph, &f, 3000);
	ok(last_new(&seen) == NULL, "nothing new: no event");
	phones_free(ph);
}

/* ---- upgrade plans and trust lists (issue 20) ---- */

static const char *plan_held[3];	/* what "ROOT" holds for the test */
static char	 assigned[64];		/* the last assignment */
static int	 assigned_refuse, assigned_early, nassign;
static uint32_t	 assigned_ip;

/* phone_plan_fn over a hand-made ROOT: the real plan logic (fw/plan.c). */
static int
fake_plan(void *arg, const char *model, const char *running,
    enum plan_stage stage, struct plan *out, char alias[PLAN_MAX_STEPS][32])
{
	struct plan_in	 in;
	size_t		 i;

	(void)arg;
	memset(&in, 0, sizeof in);
	if ((in.model = model_find(model)) == NULL)
		return (-1);
	in.stage = stage;
	(void)plan_parse_running(running, &in.running);
	for (i = 0; i < 3 && plan_held[i] != NULL; i++) {
		struct plan_running r;

		plan_parse_running(plan_held[i], &r);
		strlcpy(in.held[i].load, plan_held[i], sizeof in.held[i].load);
		in.held[i].ver = r.ver;
		in.held[i].complete = 1;
	}
	in.nheld = i;
	plan_make(&in, out);
	/* The demo 9.4(2)SR3 term file's release: 9.4(2)ES26. */
	for (i = 0; i < out->nsteps; i++)
		if (strstr(out->step[i].load, "9-4-2SR3") != NULL)
			strlcpy(alias[i], "9.4(2)ES26", 32);
	return (0);
}

static void
fake_assign(void *arg, uint32_t ip, const char *model, const char *load,
    int refuse, int early)
{
	assigned_early = early;
	(void)arg;
	assigned_ip = ip;
	(void)model;
	strlcpy(assigned, load != NULL ? load : "(root's)", sizeof assigned);
	assigned_refuse = refuse;
	nassign++;
}

/* five's, and the two images of the legacy demo load. */
static unsigned
plan_count(void *arg, const char *name)
{
	return (strcmp(name, "P0S3-8-12-00.loads") == 0 ? 2 : five(arg, name));
}

static struct phones *
plan_table(const char *a, const char *b)
{
	struct phones_opts	 o;

	memset(&o, 0, sizeof o);
	o.emit = collect;
	o.loads_count = plan_count;
	o.plan = fake_plan;
	o.assign = fake_assign;
	plan_held[0] = a;
	plan_held[1] = b;
	plan_held[2] = NULL;
	assigned[0] = '\0';
	assigned_refuse = nassign = 0;
	nev = 0;
	return (phones_new(&o));
}

/* CDP from P1 at 198.18.5.70, a platform running sw. */
static void
cdp_as(struct phones *ph, const char *platform, const char *sw, uint64_t t)
{
	struct dissect_frame	 f;

	cdp(&f, P1, platform);
	set_str(&f.u.cdp.software, sw, strlen(sw));
	f.u.cdp.addr = inet_addr("198.18.5.70");
	phones_input(ph, &f, t);
}

/* CDP from the 7970 P1 running sw. */
static void
cdp_runs(struct phones *ph, const char *sw, uint64_t t)
{
	cdp_as(ph, "Cisco IP Phone 7970", sw, t);
}

static const struct ev *
notice_of(int from, const char *code)
{
	int	 i;

	for (i = from; i < nev && i < MAXEV; i++)
		if (evs[i].type == EV_NOTICE &&
		    strcmp(evs[i].u.notice.code, code) == 0)
			return (&evs[i]);
	return (NULL);
}

/*
 * A 7970 on 8.3(1), ROOT holding 8.5(2) and 9.4(2)SR3: the bridge first,
 * then the target once CDP says it runs the bridge; back (recovered)
 * only when it runs the target.
 */
static void
test_plan_steps(void)
{
	struct phones		*ph = plan_table("SCCP70.8-5-2S",
				    "SCCP70.9-4-2SR3-1S");
	const struct ev		*e;
	int			 mark;

	cdp_runs(ph, "SCCP70.8-3-1S", 1000);
	e = last_of(0, EV_PHONE);
	ok(e != NULL, "a phone event");
	if (e != NULL) {
		is_str(e->u.phone.plan, "8.3(1) -> 8.5(2) -> 9.4(2)SR3-1",
		    "phone event: the plan");
		is_int(e->u.phone.step, 1, "step 1");
		is_int(e->u.phone.steps, 2, "of 2");
		is_str(e->u.phone.target, "9.4(2)SR3-1", "target");
	}
	is_str(assigned, "SCCP70.8-5-2S", "served the bridge load first");
	ok(assigned_early, "a step before the last");
	ok(notice_of(0, "plan_step") != NULL, "a notice tells the plan");
	/* It flashed the bridge, rebooted, and says so. */
	mark = nev;
	cdp_runs(ph, "SCCP70.8-5-2S", 60000);
	e = last_of(mark, EV_PHONE);
	ok(e != NULL && e->u.phone.step == 2 && e->u.phone.steps == 2,
	    "on the bridge: step 2 of 2");
	is_str(assigned, "SCCP70.9-4-2SR3-1S", "then the target, by itself");
	ok(!assigned_early, "the last step");
	/* Registered meanwhile on the bridge: not back yet. */
	phones_tick(ph, 60000 + 3 * SNIFF_RECOVERED_MS);
	phones_finish(ph);
	ok(notice_of(mark, "recovered") == NULL,
	    "not recovered while on the bridge");
	mark = nev;
	cdp_runs(ph, "SCCP70.9-4-2SR3-1S", 200000);
	ok(notice_of(mark, "plan_done") != NULL, "runs the target: told");
	is_str(assigned, "(root's)", "at the target: ROOT's own files again");
	e = last_of(mark, EV_PHONE);
	ok(e != NULL && e->u.phone.step == 2, "the plan done: step 2 of 2");
	phones_free(ph);

	/* Flashed from the target's term file, it reports its release. */
	ph = plan_table("SCCP70.8-5-2S", "SCCP70.9-4-2SR3-1S");
	cdp_runs(ph, "SCCP70.8-5-2S", 1000);
	mark = nev;
	cdp_runs(ph, "SIP70.9-4-2ES26S", 60000);
	ok(notice_of(mark, "plan_done") != NULL,
	    "the target's term file release reported: done");
	phones_free(ph);

	/* Already on the target: nothing to do, no steps. */
	ph = plan_table("SCCP70.8-5-2S", "SCCP70.9-4-2SR3-1S");
	cdp_runs(ph, "SCCP70.9-4-2SR3-1S", 1000);
	ok(notice_of(0, "plan_step") == NULL, "on the target: no step");
	ok(!assigned_refuse, "and nothing held back");
	phones_free(ph);
}

/*
 * No capture (serve --no-sniff): no CDP tells the load it runs; a phone
 * that fetched every component of its step's term file and asks for an
 * address again runs that step.
 */
static void
test_plan_no_cdp(void)
{
	static const char *const comps[] = {
		"jar70sccp.8-5-2.sbn", "cnu70.8-5-2.sbn", "apps70.8-5-2.sbn",
		"dsp70.8-5-2.sbn", "cvm70sccp.8-5-2.sbn",
	};
	struct phones	*ph = plan_table("SCCP70.8-5-2S", NULL);
	uint64_t	 t = 1000, x = 0;
	size_t		 i;
	int		 mark;

	phones_set_frames(ph, 0);
	engine(ph, EV_DHCP_LEASE, 0, "offer", 0, t += 100);
	engine(ph, EV_DHCP_LEASE, 0, "ack", 0, t += 100);
	is_str(assigned, "SCCP70.8-5-2S", "no CDP: planned from the lease");
	engine(ph, EV_TFTP_START, ++x, "term70.default.loads", 0, t += 100);
	engine(ph, EV_TFTP_DONE, x, "term70.default.loads", 0, t += 100);
	/* An Auth Fail: the phone reboots having fetched nothing. */
	mark = nev;
	engine(ph, EV_DHCP_LEASE, 0, "offer", 0, t += 100);
	ok(notice_of(mark, "plan_done") == NULL,
	    "a reboot with no component fetched: not done");
	engine(ph, EV_DHCP_LEASE, 0, "ack", 0, t += 100);
	engine(ph, EV_TFTP_START, ++x, "term70.default.loads", 0, t += 100);
	engine(ph, EV_TFTP_DONE, x, "term70.default.loads", 0, t += 100);
	for (i = 0; i < 5; i++) {
		engine(ph, EV_TFTP_START, ++x, comps[i], 0, t += 100);
		engine(ph, EV_TFTP_DONE, x, comps[i], 0, t += 100);
	}
	mark = nev;
	engine(ph, EV_DHCP_LEASE, 0, "offer", 0, t += 100);
	ok(notice_of(mark, "plan_done") != NULL,
	    "every component fetched, then a reboot: it runs the step");
	phones_free(ph);
}

/* ROOT without the bridge: nothing that would flash it, and why. */
static void
test_plan_lacks(void)
{
	struct phones	*ph = plan_table("SCCP70.9-4-2SR3-1S", NULL);
	struct dissect_frame f;
	const struct ev	*n, *e;
	int		 i, n2;

	cdp_runs(ph, "SCCP70.8-3-1S", 1000);
	n = notice_of(0, "plan_lacks");
	ok(n != NULL && strstr(n->u.notice.text, "ROOT lacks the bridge "
	    "load") != NULL && strstr(n->u.notice.text, "8.5(2)") != NULL &&
	    strstr(n->u.notice.text, "7970") != NULL,
	    "notice: ROOT lacks the bridge load: import 8.5(2) for the 7970");
	ok(assigned_refuse, "its files are refused");
	e = last_of(0, EV_PHONE);
	ok(e != NULL && strstr(e->u.phone.plan, "lacks") != NULL,
	    "the phone event says why");
	ok(e != NULL && e->u.phone.step == 0 && e->u.phone.steps == 0,
	    "and has no step");
	/* Unprovisioned on its old load: not back, and told once. */
	rrq(&f, P1, inet_addr("198.18.5.70"), "SEP001BD4A17070.cnf.xml");
	phones_input(ph, &f, 2000);
	rrq(&f, P1, inet_addr("198.18.5.70"), "SEP001BD4A17070.cnf.xml");
	phones_input(ph, &f, 3000);
	phones_tick(ph, 3000 + 3 * SNIFF_RECOVERED_MS);
	phones_finish(ph);
	ok(notice_of(0, "recovered") == NULL, "held back: never told back");
	for (i = 0, n2 = 0; i < nev && i < MAXEV; i++)
		n2 += evs[i].type == EV_NOTICE &&
		    strcmp(evs[i].u.notice.code, "plan_lacks") == 0;
	is_int(n2, 1, "plan_lacks told once");
	/* The bridge imported: planned again, by itself. */
	plan_held[0] = "SCCP70.8-5-2S";
	plan_held[1] = "SCCP70.9-4-2SR3-1S";
	cdp_runs(ph, "SCCP70.8-3-1S", 100000);
	ok(notice_of(0, "plan_step") != NULL && !assigned_refuse,
	    "ROOT gained the bridge: the plan goes through it");
	is_str(assigned, "SCCP70.8-5-2S", "and serves it");
	phones_free(ph);
}

/*
 * Our DHCP server's bind hook (issue 20's race): phones_bind assigns the
 * phone's plan to its new address at once, before any dhcp_lease event;
 * the event, delivered later, changes nothing.  A phone moving to another
 * address takes its plan row along; a row that held the address loses it.
 */
static void
test_plan_bind(void)
{
	static const char	 vc[] = "Cisco Systems, Inc. IP Phone CP-7970G";
	struct phones		*ph = plan_table("SCCP70.8-5-2S", NULL);
	uint32_t		 a = inet_addr("198.18.5.70");	/* engine()'s */
	uint32_t		 b = inet_addr("198.18.250.11");
	int			 n;

	phones_set_frames(ph, 0);
	/* A phone never seen before, straight to INIT-REBOOT. */
	phones_bind(ph, P1, a, vc, "7970", 1000);
	is_str(assigned, "SCCP70.8-5-2S", "bind: the bridge assigned at once");
	ok(assigned_ip == a, "bind: to its new address");
	ok(phones_find(ph, P1) != NULL && phones_find(ph, P1)->ip == a,
	    "bind: the row holds the address");
	ok(last_of(0, EV_PHONE) != NULL, "bind: its phone event");
	n = nassign;
	engine(ph, EV_DHCP_LEASE, 0, "ack", 0, 1001);
	is_int(nassign, n, "bind: the lease event then changes nothing");
	/* A renewal of the same address: nothing moves. */
	phones_bind(ph, P1, a, vc, "7970", 150000);
	is_int(nassign, n, "bind: a renewal re-assigns nothing");
	/* Another address: the old one's row goes, the new one has it. */
	phones_bind(ph, P1, b, vc, "7970", 160000);
	ok(assigned_ip == b && strcmp(assigned, "SCCP70.8-5-2S") == 0,
	    "bind: a new address carries the plan");
	ok(nassign == n + 3, "bind: both addresses cleared, then assigned");
	/* Another phone gets b (P1's lease gone): P1 loses it. */
	phones_bind(ph, P2, b, "Cisco Systems, Inc. IP Phone CP-7941G", "7941",
	    170000);
	ok(phones_find(ph, P1)->ip == 0 && phones_find(ph, P2)->ip == b,
	    "bind: the address is the new phone's alone");
	/* Given back: its plan row goes. */
	n = nassign;
	phones_unbind(ph, P2, b);
	ok(nassign == n + 1 && assigned_ip == b &&
	    strcmp(assigned, "(root's)") == 0 && phones_find(ph, P2)->ip == 0,
	    "unbind: the address answers ROOT's own again");
	phones_unbind(ph, P1, a);
	is_int(nassign, n + 1, "unbind: an address it no longer holds: nothing");
	phones_free(ph);
}

/* A foreign trust list: .sgn configs, CTL/ITL retried, config again. */
static void
test_trust_list(void)
{
	static const char *const seq[] = {
		"CTLSEP001BD4A17070.tlv", "ITLSEP001BD4A17070.tlv",
		"SEP001BD4A17070.cnf.xml",
	};
	struct dissect_frame	 f;
	struct phones		*ph;
	const struct ev		*n;
	uint32_t		 ip = inet_addr("198.18.5.70");
	uint64_t		 t = 1000;
	int			 i, k;

	/* A healthy phone: CTL, ITL, its config once per boot: nothing. */
	ph = table(0);
	for (i = 0; i < 3; i++) {
		rrq(&f, P1, ip, seq[i]);
		phones_input(ph, &f, t += 100);
	}
	ok(notice_of(0, "trust_list") == NULL, "a normal boot: no notice");
	phones_free(ph);

	/* Four boots of a phone being flashed: each asks once, no notice. */
	ph = table(0);
	for (k = 0; k < 4; k++) {
		dhcp(&f, P1, DHCP_DISCOVER, NULL, 0);
		phones_input(ph, &f, t += 100);
		for (i = 0; i < 3; i++) {
			rrq(&f, P1, ip, seq[i]);
			phones_input(ph, &f, t += 100);
		}
	}
	ok(notice_of(0, "trust_list") == NULL, "boot after boot: no notice");
	phones_free(ph);

	/* The same asked again and again (no .sgn): the retries pattern. */
	ph = table(0);
	for (k = 0; k < 4; k++)
		for (i = 0; i < 3; i++) {
			rrq(&f, P1, ip, seq[i]);
			phones_input(ph, &f, t += 100);
		}
	n = notice_of(0, "trust_list");
	ok(n != NULL, "CTL/ITL retried, its config again and again: told");
	phones_free(ph);

	/* Signed configurations asked for: told once, with the keys. */
	ph = table(0);
	cdp_runs(ph, "SCCP70.9-4-2SR3-1S", t);
	for (k = 0; k < 3; k++) {
		rrq(&f, P1, ip, "SEP001BD4A17070.cnf.xml.sgn");
		phones_input(ph, &f, t += 100);
	}
	n = notice_of(0, "trust_list");
	ok(n != NULL && strstr(n->u.notice.text, "Settings") != NULL &&
	    strstr(n->u.notice.text, "**#") != NULL &&
	    strstr(n->u.notice.text, "123456789*0#") != NULL,
	    ".sgn configs: erase the trust list (Settings, **#) or reset");
	for (i = 0, k = 0; i < nev && i < MAXEV; i++)
		k += evs[i].type == EV_NOTICE &&
		    strcmp(evs[i].u.notice.code, "trust_list") == 0;
	is_int(k, 1, "told once");
	n = last_of(0, EV_PHONE);
	ok(n != NULL && strstr(n->u.phone.detail, "trust list") != NULL,
	    "the phone's line says so");
	phones_free(ph);
	is_str(phone_plan_trust_advice("7960") != NULL &&
	    strstr(phone_plan_trust_advice("7960"), "Keep network cfg") !=
	    NULL ? "yes" : "no", "yes", "7940/7960: its own reset words");
}

/* ---- 7940/7960: the loader stages (domain notes 2.3) ---- */

#define VC_OLD		"Cisco Systems, Inc. IP Phone"
#define VC_LOADER	"Cisco Systems, Inc. IP Phone CP-7940G"

/* CDP from the 7940 P1 running sw. */
static void
cdp7940(struct phones *ph, const char *sw, uint64_t t)
{
	cdp_as(ph, "Cisco IP Phone 7940", sw, t);
}

static void
ask(struct phones *ph, const char *file, uint64_t t)
{
	struct dissect_frame	 f;

	rrq(&f, P1, inet_addr("198.18.5.70"), file);
	phones_input(ph, &f, t);
}

static void
discover(struct phones *ph, const char *vc, uint64_t t)
{
	struct dissect_frame	 f;

	dhcp(&f, P1, DHCP_DISCOVER, vc, strlen(vc) + 1);
	phones_input(ph, &f, t);
}

/* The step of the last phone event from mark, -1 if none. */
static int
step_of(int mark, int *steps)
{
	const struct ev	*e = last_of(mark, EV_PHONE);

	*steps = e != NULL ? (int)e->u.phone.steps : -1;
	return (e != NULL ? (int)e->u.phone.step : -1);
}

/*
 * A 7940 on an old image: the loader, then the application.  Its step
 * moves when it boots with the universal loader: the vendor class of a
 * site's DHCP server seen by the sniffer names the model; with no DHCP
 * seen, a reboot after one image of the loader step's load says so.
 */
static void
test_plan_loader(void)
{
	struct phones	*ph;
	const struct ev	*e;
	int		 n, steps, mark;
	uint64_t	 t = 1000;

	ph = plan_table("P0S3-8-12-00", NULL);
	cdp7940(ph, "P003-5-0-3", t);
	e = last_of(0, EV_PHONE);
	ok(e != NULL && strcmp(e->u.phone.plan,
	    "5.0(3) -> 8.12(0) -> 8.12(0)") == 0, "old image: loader stages");
	n = step_of(0, &steps);
	ok(n == 1 && steps == 2, "step 1 of 2 (%d of %d)", n, steps);
	e = notice_of(0, "plan_step");
	ok(e != NULL && strstr(e->u.notice.text, "(loader)") != NULL,
	    "plan_step: the loader");
	discover(ph, VC_OLD, t += 100);
	ask(ph, "OS79XX.TXT", t += 100);
	ask(ph, "P0S3-8-12-00.loads", t += 100);
	ask(ph, "P003-8-12-00.sbn", t += 100);
	mark = nev;
	discover(ph, VC_LOADER, t += 5000);
	n = step_of(mark, &steps);
	ok(n == 2 && steps == 2, "boots with the loader (vendor class): step "
	    "2 of 2 (%d of %d)", n, steps);
	is_str(assigned, "P0S3-8-12-00", "still its load, the last step");
	ok(!assigned_early, "no configuration withheld now");
	ask(ph, "P0S3-8-12-00.loads", t += 100);
	ask(ph, "P0S3-8-12-00.sb2", t += 100);
	phones_tick(ph, t += 3 * SNIFF_RECOVERED_MS);
	ok(notice_of(0, "recovered") == NULL && notice_of(0, "plan_done") ==
	    NULL, "on the application's way: not back, not done");
	discover(ph, VC_LOADER, t += 100);
	mark = nev;
	cdp7940(ph, "P0S3-8-12-00", t += 100);
	ok(notice_of(mark, "plan_done") != NULL, "runs the application: done");
	phones_free(ph);

	/* No DHCP seen: the reboot after the loader's image tells it. */
	ph = plan_table("P0S3-8-12-00", NULL);
	cdp7940(ph, "P003-5-0-3", t);
	ask(ph, "OS79XX.TXT", t += 100);
	ask(ph, "P0S3-8-12-00.loads", t += 100);
	mark = nev;
	ask(ph, "P003-8-12-00.sbn", t += 100);
	n = step_of(mark, &steps);
	ok(n == 1, "fetching the loader: step 1 (%d)", n);
	mark = nev;
	ask(ph, "SEP001BD4A17070.cnf.xml", t += 5000);
	n = step_of(mark, &steps);
	ok(n == 2 && steps == 2, "rebooted after the loader's image: step 2 "
	    "of 2 (%d of %d)", n, steps);
	phones_free(ph);

	/* Running load unknown: direct, until its vendor class says old. */
	ph = plan_table("P0S3-8-12-00", NULL);
	cdp7940(ph, "", t);
	n = step_of(0, &steps);
	ok(n == 1 && steps == 1, "unknown load: direct (%d of %d)", n, steps);
	mark = nev;
	discover(ph, VC_OLD, t += 100);
	n = step_of(mark, &steps);
	ok(n == 1 && steps == 2, "the old image's vendor class: loader stages "
	    "(%d of %d)", n, steps);
	mark = nev;
	discover(ph, VC_OLD, t += 100);
	ok(notice_of(mark, "plan_step") == NULL, "told once");
	phones_free(ph);

	/*
	 * Every image of the load in one boot, then it boots with the
	 * loader's vendor class: past the loader and on the target at once.
	 */
	ph = plan_table("P0S3-8-12-00", NULL);
	cdp7940(ph, "P003-5-0-3", t);
	ask(ph, "P0S3-8-12-00.loads", t += 100);
	ask(ph, "P003-8-12-00.sbn", t += 100);
	ask(ph, "P0S3-8-12-00.sb2", t += 100);
	mark = nev;
	discover(ph, VC_LOADER, t += 5000);
	ok(notice_of(mark, "plan_done") != NULL, "all of it flashed, the "
	    "loader's vendor class: done in one step");
	phones_free(ph);

	/* A 7960 on a loader-era image: direct, one step. */
	ph = plan_table("P0S3-8-12-00", NULL);
	discover(ph, VC_LOADER, t);
	cdp7940(ph, "P003-7-2-3", t += 100);
	n = step_of(0, &steps);
	ok(n == 1 && steps == 1, "loader-era image: direct (%d of %d)", n,
	    steps);
	phones_free(ph);
}

/*
 * ROOT changed while serving (an import, a load removed): phones_replan
 * plans each phone again from where it is, with no event from it.
 */
static void
test_plan_reroot(void)
{
	struct phones	*ph;
	const struct ev	*n, *e;
	int		 mark, steps;

	/* Held back, then the bridge imported: planned, served, told. */
	ph = plan_table("SCCP70.9-4-2SR3-1S", NULL);
	cdp_runs(ph, "SCCP70.8-3-1S", 1000);
	ok(assigned_refuse, "no bridge: held back");
	plan_held[0] = "SCCP70.8-5-2S";
	plan_held[1] = "SCCP70.9-4-2SR3-1S";
	mark = nev;
	phones_replan(ph, 2000);
	n = notice_of(mark, "plan_step");
	ok(n != NULL && strstr(n->u.notice.text, "ROOT changed: 8.3(1) -> "
	    "8.5(2) -> 9.4(2)SR3-1, step 1 of 2") != NULL,
	    "the bridge imported: planned again at once, told why");
	ok(!assigned_refuse, "no longer held back");
	is_str(assigned, "SCCP70.8-5-2S", "its term file names the bridge");
	ok(step_of(mark, &steps) == 1 && steps == 2, "a phone event: step 1 "
	    "of 2");
	mark = nev;
	phones_replan(ph, 3000);
	ok(nev == mark, "ROOT the same: nothing told");

	/* On the bridge, then the target removed: it runs ROOT's newest. */
	cdp_runs(ph, "SCCP70.8-5-2S", 60000);
	is_str(assigned, "SCCP70.9-4-2SR3-1S", "on the bridge: the target");
	plan_held[1] = NULL;
	mark = nev;
	phones_replan(ph, 61000);
	n = notice_of(mark, "plan_done");
	ok(n != NULL && strstr(n->u.notice.text, "ROOT changed") != NULL,
	    "the target removed: it runs what ROOT holds, done");
	is_str(assigned, "(root's)", "ROOT's own files again");
	e = last_of(mark, EV_PHONE);
	ok(e != NULL && strcmp(e->u.phone.target, "8.5(2)") == 0 &&
	    e->u.phone.step == 1 && e->u.phone.steps == 1,
	    "its phone event: at the target now");
	phones_free(ph);

	/* Served the bridge, the bridge removed: held back again. */
	ph = plan_table("SCCP70.8-5-2S", "SCCP70.9-4-2SR3-1S");
	cdp_runs(ph, "SCCP70.8-3-1S", 1000);
	is_str(assigned, "SCCP70.8-5-2S", "the bridge first");
	plan_held[0] = "SCCP70.9-4-2SR3-1S";
	plan_held[1] = NULL;
	mark = nev;
	phones_replan(ph, 2000);
	n = notice_of(mark, "plan_lacks");
	ok(n != NULL && strstr(n->u.notice.text, "ROOT changed: ROOT lacks "
	    "the bridge load") != NULL, "the bridge removed mid-plan: "
	    "plan_lacks");
	ok(assigned_refuse, "nothing that would flash it is served");
	e = last_of(mark, EV_PHONE);
	ok(e != NULL && e->u.phone.steps == 0, "its phone event: no steps");
	phones_free(ph);

	/* On the bridge, a newer target imported: planned to it. */
	ph = plan_table("SCCP70.8-5-2S", "SCCP70.9-4-2SR3-1S");
	cdp_runs(ph, "SCCP70.8-3-1S", 1000);
	cdp_runs(ph, "SCCP70.8-5-2S", 60000);
	plan_held[1] = "SCCP70.9-4-3S";
	mark = nev;
	phones_replan(ph, 61000);
	is_str(assigned, "SCCP70.9-4-3S", "a newer target: served it");
	ok(notice_of(mark, "plan_step") != NULL, "told");
	phones_free(ph);
}

/* The servers' side: what each phone address is answered. */
static void
test_plan_answers(void)
{
	struct track_plan	*tp = track_plan_new("/nonexistent/root");
	uint32_t		 a = inet_addr("198.18.5.70");
	uint32_t		 b = inet_addr("198.18.5.71");
	char			 out[256];

	track_plan_assign(tp, a, "7970", NULL, 1, 0);
	is_int(track_plan_answer(tp, a, "term70.default.loads", out,
	    sizeof out), -1, "held back: its term file refused");
	is_int(track_plan_answer(tp, a, "XMLDefault.cnf.xml", out,
	    sizeof out), -1, "and its configuration");
	is_int(track_plan_answer(tp, a, "SEP001BD4A17070.cnf.xml", out,
	    sizeof out), -1, "its own too");
	is_int(track_plan_answer(tp, a, "CTLSEP001BD4A17070.tlv", out,
	    sizeof out), 0, "a trust list as asked (missing, as ever)");
	is_int(track_plan_answer(tp, a, "Jar70sccp.9-4-2ES26.sbn", out,
	    sizeof out), 0, "other files as asked");
	is_int(track_plan_answer(tp, b, "term70.default.loads", out,
	    sizeof out), 0, "another phone: ROOT's own");
	track_plan_assign(tp, a, "7970", NULL, 0, 0);
	is_int(track_plan_answer(tp, a, "term70.default.loads", out,
	    sizeof out), 0, "no plan any more: ROOT's own");
	track_plan_free(tp);

	/* ROOT's XMLDefault naming the target, a phone on the bridge step. */
	{
		char	 dir[] = "/tmp/test_phones.XXXXXX", path[512];
		FILE	*f;

		ok(mkdtemp(dir) != NULL, "a ROOT");
		snprintf(path, sizeof path, "%s/XMLDefault.cnf.xml", dir);
		if ((f = fopen(path, "w")) != NULL) {
			fputs("<Default><loadInformation30006 model=\"Cisco "
			    "7970\">SIP70.9-4-2SR3-1S</loadInformation30006>"
			    "</Default>\n", f);
			fclose(f);
		}
		tp = track_plan_new(dir);
		track_plan_assign(tp, a, "7970", "SIP70.8-5-2S", 0, 1);
		is_int(track_plan_answer(tp, a, "XMLDefault.cnf.xml", out,
		    sizeof out), -1, "on the bridge step: a config naming "
		    "the target is withheld");
		is_int(track_plan_answer(tp, a, "SEP001BD4A17070.cnf.xml",
		    out, sizeof out), 0, "a config ROOT lacks: as asked");
		track_plan_assign(tp, a, "7970", "SIP70.9-4-2SR3-1S", 0, 0);
		is_int(track_plan_answer(tp, a, "XMLDefault.cnf.xml", out,
		    sizeof out), 0, "on the last step: served as it is");
		track_plan_assign(tp, a, "7970", "SIP70.9-4-2SR3-1S", 0, 1);
		is_int(track_plan_answer(tp, a, "XMLDefault.cnf.xml", out,
		    sizeof out), 0, "a config naming the step's load: served");
		track_plan_free(tp);
		unlink(path);
		rmdir(dir);
	}
}

/* ---- ROOT's catalogue read again when ROOT changes (track_plan) ---- */

static void
drop(const char *dir, const char *name)
{
	char	 path[512];

	snprintf(path, sizeof path, "%s/%s", dir, name);
	(void)unlink(path);
}

/* ROOT still: the generation once it stops moving (a change's tick). */
static unsigned
gen_still(struct track_plan *tp)
{
	unsigned	 g = track_plan_generation(tp), h;
	int		 i;

	for (i = 0; i < 100; i++) {
		usleep(100 * 1000);
		if ((h = track_plan_generation(tp)) == g)
			return (g);
		g = h;
	}
	return (g);
}

/*
 * The bridge step's term file: its kept one; none kept yet (an import
 * stores them last) and ROOT's own naming another load: refused, never
 * ROOT's (the phone would take a load it cannot authenticate).
 */
static void
plan_term_answers(struct track_plan *tp, const char *dir)
{
	uint32_t	 a = inet_addr("198.18.5.70");
	char		 out[256], sub[600];

	put(dir, "term70.default.loads", "jar70sip.9-4-2ES26.sbn\r\n"
	    "cnu70.9-4-2ES26.sbn\r\n");
	(void)track_plan_generation(tp);
	track_plan_assign(tp, a, "7970", "SIP70.8-5-2S", 0, 1);
	is_int(track_plan_answer(tp, a, "term70.default.loads", out,
	    sizeof out), -1, "the bridge's term file not kept yet: refused, "
	    "not ROOT's (9.4(2)SR3)");
	track_plan_assign(tp, a, "7970", "SIP70.9-4-2SR3-1S", 0, 0);
	is_int(track_plan_answer(tp, a, "term70.default.loads", out,
	    sizeof out), 0, "ROOT's own term file is the step's: as it is");
	snprintf(sub, sizeof sub, "%s/.phonerescue", dir);
	(void)mkdir(sub, 0755);
	snprintf(sub, sizeof sub, "%s/.phonerescue/terms", dir);
	(void)mkdir(sub, 0755);
	snprintf(sub, sizeof sub, "%s/.phonerescue/terms/SIP70.8-5-2S", dir);
	(void)mkdir(sub, 0755);
	put(sub, "term70.default.loads", "jar70sip.8-5-2-13.sbn\r\n"
	    "cnu70.8-5-2-13.sbn\r\n");
	(void)track_plan_generation(tp);
	track_plan_assign(tp, a, "7970", "SIP70.8-5-2S", 0, 1);
	is_int(track_plan_answer(tp, a, "term70.default.loads", out,
	    sizeof out), 1, "kept: the bridge's own term file");
	is_str(out, ".phonerescue/terms/SIP70.8-5-2S/term70.default.loads",
	    "the kept file's path");
	track_plan_assign(tp, a, "7970", NULL, 0, 0);
	drop(sub, "term70.default.loads");
	(void)rmdir(sub);
	snprintf(sub, sizeof sub, "%s/.phonerescue/terms", dir);
	(void)rmdir(sub);
	drop(dir, "term70.default.loads");
}

static enum plan_kind
plan_from(struct track_plan *tp, const char *running, struct plan *p)
{
	char	 alias[PLAN_MAX_STEPS][32];

	memset(alias, 0, sizeof alias);
	memset(p, 0, sizeof *p);
	if (track_plan_make(tp, "7970", running, PLAN_STAGE_UNKNOWN, p,
	    alias) != 0)
		return (PLAN_NOTHING);
	return (p->kind);
}

static void
test_plan_catalog(void)
{
	char		 dir[] = "/tmp/test_plan_cat.XXXXXX", sub[600];
	struct track_plan *tp;
	struct plan	 p;
	unsigned	 g;

	if (mkdtemp(dir) == NULL) {
		ok(0, "a ROOT");
		return;
	}
	put_load70(dir, "SIP70.9-4-2SR3-1S", "9-4-2ES26");
	tp = track_plan_new(dir);
	g = gen_still(tp);
	is_int(track_plan_generation(tp), g, "ROOT still: read once");
	is_int(plan_from(tp, "SCCP70.8-3-1S", &p), PLAN_LACKS,
	    "9.4(2)SR3 alone: lacks the bridge");
	/* The bridge imported while serving. */
	put_load70(dir, "SIP70.8-5-2S", "8-5-2-13");
	ok(track_plan_generation(tp) != g, "a load added: read again");
	is_int(plan_from(tp, "SCCP70.8-3-1S", &p), PLAN_BRIDGE,
	    "the bridge imported: through it");
	ok(p.nsteps == 2 && strcmp(p.step[1].load, "SIP70.9-4-2SR3-1S") == 0,
	    "to 9.4(2)SR3, the newest");
	plan_term_answers(tp, dir);
	/* Another default (firmware --default): the target follows it. */
	g = track_plan_generation(tp);
	snprintf(sub, sizeof sub, "%s/.phonerescue", dir);
	(void)mkdir(sub, 0755);
	put(dir, ".phonerescue/defaults", "7970 SIP70.8-5-2S\n");
	ok(track_plan_generation(tp) != g, "the defaults written: read again");
	is_int(plan_from(tp, "SCCP70.8-3-1S", &p), PLAN_DIRECT,
	    "8.5(2) the default: direct to it");
	ok(p.nsteps == 1 && strcmp(p.step[0].load, "SIP70.8-5-2S") == 0,
	    "the served default is the target");
	g = gen_still(tp);
	put(dir, ".phonerescue/defaults", "7970 SIP70.9-4-2SR3-1S\n");
	ok(track_plan_generation(tp) != g, "the defaults rewritten in place, "
	    "ROOT still: read again");
	is_int(plan_from(tp, "SCCP70.8-3-1S", &p), PLAN_BRIDGE,
	    "9.4(2)SR3 the default again: the bridge");
	drop(dir, ".phonerescue/defaults");
	/* The target removed mid-plan: what is left. */
	g = track_plan_generation(tp);
	drop(dir, "SIP70.9-4-2SR3-1S.loads");
	ok(track_plan_generation(tp) != g, "a load removed: read again");
	is_int(plan_from(tp, "SCCP70.8-5-2S", &p), PLAN_AT_TARGET,
	    "on the bridge, the target gone: at ROOT's newest");
	is_int(plan_from(tp, "SCCP70.8-3-1S", &p), PLAN_DIRECT,
	    "from 8.3(1): direct to 8.5(2)");
	track_plan_free(tp);
	drop(dir, "jar70sip.9-4-2ES26.sbn");
	drop(dir, "cnu70.9-4-2ES26.sbn");
	drop(dir, "SIP70.8-5-2S.loads");
	drop(dir, "jar70sip.8-5-2-13.sbn");
	drop(dir, "cnu70.8-5-2-13.sbn");
	(void)rmdir(sub);
	(void)rmdir(dir);
}

int
main(void)
{
	test_cdp_and_dhcp();
	test_recovery();
	test_models();
	test_hints();
	test_table_full();
	test_table_flood();
	test_served();
	test_engines_only();
	test_no_load();
	test_phase_rules();
	test_classify();
	test_loads();
	test_phase_names();
	test_self_names();
	test_plan_steps();
	test_plan_no_cdp();
	test_plan_lacks();
	test_plan_bind();
	test_plan_loader();
	test_plan_reroot();
	test_trust_list();
	test_plan_answers();
	test_plan_catalog();
	return (done_testing());
}
