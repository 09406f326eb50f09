/* Helpers for the DHCP unit tests: a server on 198.18.250.1/24. */
#ifndef TESTS_UNIT_DHCP_TESTUTIL_H
#define TESTS_UNIT_DHCP_TESTUTIL_H

#include <arpa/inet.h>
#include <stddef.h>
#include <string.h>

#include "dhcp/dhcpd.h"

#define A(x)	htonl(0xc612fa00U | (x))	/* 198.18.250.x */

/* Lease 300 s, probe 500 ms; pool [first, last] (0, 0: the /24). */
static inline void
dhcp_test_config(struct dhcpd_config *cfg, int probe, uint32_t first,
    uint32_t last, int force)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->addr = A(1);
	cfg->plen = 24;
	cfg->lease_secs = 300;
	cfg->arp_probe = probe;
	cfg->probe_ms = 500;
	cfg->pool_first = first;
	cfg->pool_last = last;
	cfg->force = force;
}

/* A server with that configuration. */
static inline struct dhcpd *
dhcp_test_server(int probe, uint32_t first, uint32_t last, int force)
{
	struct dhcpd_config	 cfg;
	char			 err[128];

	dhcp_test_config(&cfg, probe, first, last, force);
	return (dhcpd_new(&cfg, err, sizeof err));
}

/* A BOOTREQUEST's header, type, requested address and server id into w. */
struct dhcp_test_req {
	int		 type;
	const uint8_t	*mac;
	uint32_t	 xid, ciaddr, giaddr, requested, server;
	uint16_t	 flags;
};

static inline void
dhcp_test_begin(struct wr *w, uint8_t *buf, size_t size,
    const struct dhcp_test_req *r)
{
	struct dhcp_msg	 h;

	memset(&h, 0, offsetof(struct dhcp_msg, opt));
	h.op = BOOTREQUEST;
	h.htype = DHCP_HTYPE_ETHER;
	h.hlen = 6;
	h.xid = r->xid;
	h.flags = r->flags;
	h.ciaddr = r->ciaddr;
	h.giaddr = r->giaddr;
	memcpy(h.chaddr, r->mac, 6);
	wr_init(w, buf, size);
	dhcp_wire_put_header(w, &h);
	dhcp_wire_put_u8(w, DHCP_OPT_MSG_TYPE, (uint8_t)r->type);
	if (r->requested != 0)
		dhcp_wire_put_ip(w, DHCP_OPT_REQUESTED_IP, r->requested);
	if (r->server != 0)
		dhcp_wire_put_ip(w, DHCP_OPT_SERVER_ID, r->server);
}

#endif /* TESTS_UNIT_DHCP_TESTUTIL_H */
