/* Helpers for the DHCP unit tests: a server on 198.18.250.1/24. */
#ifndef TESTS_UNIT_DHCP_TESTUTIL_H
#define TESTS_UNIT_DHCP_TESTUTIL_H

#include <arpa/inet.h>
#include <string.h>

#include "dhcp/dhcpd.h"

#define A(x)	htonl(0xc612fa00U | (x))	/* 198.18.250.x */

/* Lease 300 s, probe 500 ms; pool [first, last] (0, 0: the /24). */
static inline struct dhcpd *
dhcp_test_server(int probe, uint32_t first, uint32_t last, int force)
{
	struct dhcpd_config	 cfg;
	char			 err[128];

	memset(&cfg, 0, sizeof cfg);
	cfg.addr = A(1);
	cfg.plen = 24;
	cfg.lease_secs = 300;
	cfg.arp_probe = probe;
	cfg.probe_ms = 500;
	cfg.pool_first = first;
	cfg.pool_last = last;
	cfg.force = force;
	return (dhcpd_new(&cfg, err, sizeof err));
}

#endif /* TESTS_UNIT_DHCP_TESTUTIL_H */
