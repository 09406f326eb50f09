/*
 * Fuzz the DHCP handler with a pre-seeded pool (systemd's fuzz-dhcp-server
 * idea: leases already there reach the renew/decline/release paths).  The
 * first input byte picks the ARP-probe mode and whether the clock moves on
 * to finish probes; the rest is one BOOTREQUEST, fed twice (a retransmit)
 * and also to the foreign-server watcher.  Every reply must parse and fit.
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct dhcpd_config	 cfg;
	struct dhcpd		*d;
	struct dhcp_pool	*p;
	struct dhcp_lease	*l;
	struct dhcp_reply	 out;
	struct dhcp_rx		 rx;
	char			 err[128];
	uint8_t			 mac[6] = { 0x00, 0x1b, 0xd4, 0, 0, 0 };
	uint8_t			 key[7];
	uint64_t		 now = 100000;
	int			 i, rc;

	if (len < 1)
		return (0);
	log_set_level(LOG_LVL_ERROR);	/* "no more offers" is expected */
	memset(&cfg, 0, sizeof cfg);
	cfg.addr = htonl(0xc612fa01);
	cfg.plen = 24;
	cfg.lease_secs = 300;
	cfg.arp_probe = data[0] & 1;
	cfg.probe_ms = 500;
	cfg.force = (data[0] >> 2) & 1;
	if ((data[0] >> 3) & 1) {
		/* A tiny pool, to reach exhaustion. */
		cfg.pool_first = htonl(0xc612fa0a);
		cfg.pool_last = htonl(0xc612fa0c);
	}
	if ((d = dhcpd_new(&cfg, err, sizeof err)) == NULL)
		abort();
	p = dhcpd_pool(d);
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
	memset(&rx, 0, sizeof rx);
	rx.dst_ip = (data[0] & 2) ? INADDR_BROADCAST : cfg.addr;
	data++;
	len--;
	rc = dhcpd_handle(d, data, len, &rx, now, &out);
	check(rc, &out);
	rc = dhcpd_handle(d, data, len, &rx, now + 10, &out);
	check(rc, &out);
	(void)dhcpd_arp_seen(d, htonl(0xc612fa04), mac, now + 20, &out);
	while ((rc = dhcpd_probe_due(d, now + 1000, &out)) != 0)
		check(rc, &out);
	(void)dhcpd_watch(d, data, len, htonl(0xc612fafe), mac, now + 2000);
	rc = dhcpd_handle(d, data, len, &rx, now + 3000, &out);
	check(rc, &out);
	dhcpd_free(d);
	bus_reset();
	return (0);
}
