/*
 * dhcpd.h: the DHCP server's logic, I/O-free (sd-dhcp-server's handler,
 * dnsmasq's rfc2131.c).  One BOOTREQUEST and the time in, at most one
 * reply out; the caller (dhcpd_io.c, the unit tests, the fuzzer) owns the
 * sockets.  The module owns the pool and its leases; it posts dhcp_lease,
 * phone, dhcp_server_seen and notice events on the bus and touches nothing
 * else.
 *
 * Calling sequence:
 *	d = dhcpd_new(&cfg, err, sizeof err);
 *	rc = dhcpd_handle(d, pkt, len, &rx, now, &out);
 *	   rc > 0 and != DHCPD_PROBE: send out.buf to out.dst
 *	   rc == DHCPD_PROBE: ARP-probe out.probe_ip; the OFFER comes later
 *	   0: nothing to send;  < 0: malformed (-EBADMSG) or pool full (-ENOSPC)
 *	on an ARP packet claiming an address:  dhcpd_arp_seen(d, ip, mac, ...)
 *	when the clock passes dhcpd_next_deadline(d):
 *	   while ((rc = dhcpd_probe_due(d, now, &out)) != 0) send as above
 *	on a BOOTREPLY heard on the link:       dhcpd_watch(d, ...)
 */
#ifndef DHCP_DHCPD_H
#define DHCP_DHCPD_H

#include <stddef.h>
#include <stdint.h>

#include "dhcp_wire.h"

struct dhcpd;
struct dhcp_pool;
struct dhcp_lease;

struct dhcpd_config {
	uint32_t	 addr;		/* ours, network order */
	unsigned	 plen;
	uint32_t	 router, dns;	/* 0: ours */
	uint32_t	 tftp;		/* option 150/66 and siaddr; 0: ours */
	uint32_t	 pool_first, pool_last;	/* 0: the rest of our /24 */
	uint32_t	 lease_secs;
	int		 arp_probe;	/* ARP-probe an address before offering */
	unsigned	 probe_ms;	/* how long the probe listens */
	int		 force;		/* keep offering despite a foreign server */
	/*
	 * The offer gate (--max-flashing): may the client with this MAC
	 * be offered an address now?  0 holds its DISCOVER unanswered (it
	 * asks again); NULL: every one may.  Never asked for a client that
	 * holds a lease of ours (a renewal, a phone back from its load).
	 */
	int		(*may_offer)(void *, const uint8_t[6], uint64_t);
	void		*gate_arg;
	/*
	 * The bind hook: the lease l (its ip, vendor_class and model) is
	 * bound to the client with this MAC (bound 1), called before the
	 * ACK that binds it is returned for sending, on every path that
	 * ACKs an address (SELECTING, INIT-REBOOT, RENEWING, REBINDING,
	 * after a probe too), so what the caller keeps per address is in
	 * place before the client can use it; or the client gave it back
	 * (bound 0: RELEASE, DECLINE).  NULL: none.
	 */
	void		(*bind)(void *, const uint8_t[6],
			    const struct dhcp_lease *, int);
	void		*bind_arg;
};

/* Where the caller must send a reply (RFC 2131 §4.1). */
enum dhcp_dst {
	DHCP_DST_BROADCAST,	/* 255.255.255.255, client port */
	DHCP_DST_UNICAST,	/* dst_ip (ciaddr), client port */
	DHCP_DST_RELAY,		/* dst_ip (giaddr), server port */
	DHCP_DST_CHADDR,	/* dst_ip (yiaddr) at link address dst_mac */
};

/* Where a request came from and was addressed to (IP_PKTINFO). */
struct dhcp_rx {
	uint32_t	 src_ip, dst_ip;	/* network order */
	uint16_t	 src_port;
};

struct dhcp_reply {
	uint8_t		 buf[DHCP_MIN_MAX_SIZE];
	size_t		 len;
	int		 type;		/* DHCP_OFFER, DHCP_ACK, DHCP_NAK */
	enum dhcp_dst	 dst;
	uint32_t	 dst_ip;
	uint8_t		 dst_mac[6];
	uint32_t	 probe_ip;	/* with DHCPD_PROBE */
};

#define DHCPD_PROBE	256	/* dhcpd_handle: ARP-probe out->probe_ip first */

struct dhcpd_stats {
	uint64_t	 rx, malformed, ignored;
	uint64_t	 discovers, requests, declines, releases, informs;
	uint64_t	 offers, acks, naks;
	uint64_t	 exhausted, probes, conflicts, foreign, suppressed;
	uint64_t	 held;		/* DISCOVERs the offer gate held */
};

/* A server for cfg; NULL with err set when the addresses make no sense. */
struct dhcpd	*dhcpd_new(const struct dhcpd_config *, char *, size_t);
void		 dhcpd_free(struct dhcpd *);
struct dhcp_pool *dhcpd_pool(struct dhcpd *);
const struct dhcpd_stats *dhcpd_stats(const struct dhcpd *);
/* Still offering (no foreign server seen, or --force)? */
int		 dhcpd_offering(const struct dhcpd *);
/* Has the lease set changed since dhcpd_leases_saved()? */
int		 dhcpd_leases_dirty(const struct dhcpd *);
void		 dhcpd_leases_saved(struct dhcpd *);

/* Handle one BOOTREQUEST; fills *out and returns the reply type, 0 to drop. */
int		 dhcpd_handle(struct dhcpd *, const uint8_t *, size_t,
		     const struct dhcp_rx *, uint64_t, struct dhcp_reply *);
/* Finish one ARP probe whose time is up: as dhcpd_handle; 0 when none. */
int		 dhcpd_probe_due(struct dhcpd *, uint64_t, struct dhcp_reply *);
/* An ARP packet says mac holds ip: a probe for ip fails (as dhcpd_handle). */
int		 dhcpd_arp_seen(struct dhcpd *, uint32_t, const uint8_t[6], uint64_t,
		     struct dhcp_reply *);
/* The earliest probe deadline, 0 when nothing is being probed. */
uint64_t	 dhcpd_next_deadline(const struct dhcpd *);

/*
 * A BOOTREPLY heard on the link (src_ip, src_mac: from the IP and Ethernet
 * headers).  1 when it is another server's OFFER/ACK/NAK: then
 * dhcp_server_seen is posted and, without force, our offers stop.
 */
int		 dhcpd_watch(struct dhcpd *, const uint8_t *, size_t, uint32_t,
		     const uint8_t[6], uint64_t);
/*
 * Is pkt a server's reply (OFFER/ACK/NAK) to xid (any xid if 0)?  1 and
 * its server identifier (or src_ip) and yiaddr; 0 otherwise.
 */
int		 dhcpd_reply_from(const uint8_t *, size_t, uint32_t, uint32_t,
		     uint32_t *, uint32_t *);
/* Build the start-up probe DISCOVER (broadcast flag set) into buf. */
size_t		 dhcpd_build_probe(uint8_t *, size_t, uint32_t, const uint8_t[6]);
/* The same with these flags (0: the answer is unicast to mac). */
size_t		 dhcpd_build_probe_flags(uint8_t *, size_t, uint32_t,
		     const uint8_t[6], uint16_t);
/*
 * The guard's decisions, once offers have stopped: serve anyway (what
 * --force does, decided while running; posts dhcp_forced), or offer
 * again because a check found no other server (posts dhcp_resumed).
 */
void		 dhcpd_force(struct dhcpd *);
void		 dhcpd_resume(struct dhcpd *);

#endif /* DHCP_DHCPD_H */
