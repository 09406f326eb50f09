/*
 * Fuzz the DHCP handler with a pre-seeded pool (systemd's fuzz-dhcp-server
 * idea: leases already there reach the renew/decline/release paths).  The
 * first input byte picks the ARP-probe mode and whether the clock moves on
 * to finish probes; the rest is one BOOTREQUEST, fed twice (a retransmit)
 * and also to the foreign-server watcher.  Every reply must parse and fit.
 *
 * Speed: a server costs one large zeroed allocation (DHCP_MAX_PROBING
 * parked-probe slots), which under ASan was three quarters of the time.
 * So one pre-seeded server per configuration is kept across inputs, but
 * only while an input leaves it exactly as built: no probe parked, no
 * foreign server seen (offering, foreign and seen[] change only then), no
 * pool-full notice (exhausted_at), and every pool record byte for byte as
 * after the pre-seed.  Otherwise it is freed and the next input with that
 * configuration gets a new one, so each input runs on a server in the
 * same state as a fresh one and replays the same.  (The counters and the
 * dirty flag also change, but nothing in dhcpd reads them.)
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bus.h"
#include "log.h"
#include "dhcp/dhcp_pool.h"
#include "dhcp/dhcpd.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define NSEED	8

/* One server per configuration (input byte 0, bits 0, 2 and 3). */
static struct srv {
	struct dhcpd		*d;
	unsigned char		 seed[NSEED][sizeof(struct dhcp_lease)];
	size_t			 nseed;
	uint64_t		 exhausted;
} srvs[16];

static void
check(int rc, const struct dhcp_reply *out)
{
	struct dhcp_msg	 m;

	if (rc <= 0 || rc == DHCPD_PROBE)
		return;
	if (out->len == 0 || out->len > sizeof out->buf ||
	    dhcp_wire_parse(&m, out->buf, out->len) != 0 || m.op != BOOTREPLY ||
	    m.type != rc)
		abort();
}

/* The bind hook sees only addresses of our subnet, never ours. */
static void
bind_check(void *arg, const uint8_t mac[6], const struct dhcp_lease *l,
    int bound)
{
	(void)arg;
	if (mac == NULL || l == NULL || (bound != 0 && bound != 1) ||
	    (ntohl(l->ip) & 0xffffff00U) != 0xc612fa00U ||
	    l->ip == htonl(0xc612fa01))
		abort();
}

/* A new pre-seeded server for the configuration bits in b. */
static void
build(struct srv *s, uint8_t b, uint64_t now)
{
	struct dhcpd_config	 cfg;
	struct dhcp_pool	*p;
	struct dhcp_lease	*l;
	char			 err[128];
	uint8_t			 mac[6] = { 0x00, 0x1b, 0xd4, 0, 0, 0 };
	uint8_t			 key[7];
	size_t			 i;

	memset(&cfg, 0, sizeof cfg);
	cfg.addr = htonl(0xc612fa01);
	cfg.plen = 24;
	cfg.lease_secs = 300;
	cfg.arp_probe = b & 1;
	cfg.probe_ms = 500;
	cfg.force = (b >> 2) & 1;
	cfg.bind = bind_check;
	if ((b >> 3) & 1) {
		/* A tiny pool, to reach exhaustion. */
		cfg.pool_first = htonl(0xc612fa0a);
		cfg.pool_last = htonl(0xc612fa0c);
	}
	if ((s->d = dhcpd_new(&cfg, err, sizeof err)) == NULL)
		abort();
	p = dhcpd_pool(s->d);
	(void)dhcp_pool_add_static(p, (const uint8_t[6]){ 0x00, 0x1b, 0xd4,
	    0, 0, 0x99 }, htonl(0xc612fa64));
	/* Pre-seed: bound, offered, declined and expired records. */
	for (i = 0; i < 3; i++) {
		mac[5] = (uint8_t)(i + 1);
		key[0] = 1;
		memcpy(key + 1, mac, 6);
		if ((l = dhcp_pool_pick(p, key, sizeof key, mac, 0, now)) == NULL)
			continue;
		l->probed = 1;
		switch (i) {
		case 0:
			l->state = DHCP_LEASE_BOUND;
			l->expires = now + 300000;
			break;
		case 1:
			l->state = DHCP_LEASE_OFFERED;
			l->expires = now + 60000;
			break;
		default:
			dhcp_pool_hold(l, now, 600000);
			break;
		}
	}
	if ((s->nseed = dhcp_pool_count(p)) > NSEED)
		abort();
	for (i = 0; i < s->nseed; i++)
		memcpy(s->seed[i], dhcp_pool_at(p, i), sizeof s->seed[i]);
	s->exhausted = dhcpd_stats(s->d)->exhausted;
}

/* Is s's server still in the state build() left it in (see the top)? */
static int
pristine(const struct srv *s, int foreign_seen)
{
	const struct dhcp_pool	*p;
	size_t			 i;

	if (foreign_seen || !dhcpd_offering(s->d) ||
	    dhcpd_next_deadline(s->d) != 0 ||
	    dhcpd_stats(s->d)->exhausted != s->exhausted)
		return (0);
	p = dhcpd_pool(s->d);
	if (dhcp_pool_count(p) != s->nseed)
		return (0);
	for (i = 0; i < s->nseed; i++) {
		if (memcmp(s->seed[i], dhcp_pool_at(p, i),
		    sizeof s->seed[i]) != 0)
			return (0);
	}
	return (1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct srv		*s;
	struct dhcpd		*d;
	struct dhcp_reply	 out;
	struct dhcp_rx		 rx;
	uint8_t			 mac[6] = { 0x00, 0x1b, 0xd4, 0, 0, 3 };
	uint64_t		 now = 100000;
	int			 rc, seen;

	if (len < 1)
		return (0);
	log_set_level(LOG_LVL_ERROR);	/* "no more offers" is expected */
	s = &srvs[data[0] & 0x0d];
	if (s->d == NULL)
		build(s, data[0], now);
	d = s->d;
	memset(&rx, 0, sizeof rx);
	rx.dst_ip = (data[0] & 2) ? INADDR_BROADCAST : htonl(0xc612fa01);
	data++;
	len--;
	rc = dhcpd_handle(d, data, len, &rx, now, &out);
	check(rc, &out);
	rc = dhcpd_handle(d, data, len, &rx, now + 10, &out);
	check(rc, &out);
	(void)dhcpd_arp_seen(d, htonl(0xc612fa04), mac, now + 20, &out);
	while ((rc = dhcpd_probe_due(d, now + 1000, &out)) != 0)
		check(rc, &out);
	seen = dhcpd_watch(d, data, len, htonl(0xc612fafe), mac, now + 2000);
	rc = dhcpd_handle(d, data, len, &rx, now + 3000, &out);
	check(rc, &out);
	if (!pristine(s, seen)) {
		dhcpd_free(d);
		s->d = NULL;
	}
	bus_reset();
	return (0);
}
