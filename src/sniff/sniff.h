/*
 * sniff.h: the phone sniffer, public side.  It owns a libpcap handle on one
 * interface (or a capture file), dissects CDP, LLDP-MED, DHCP, ARP, TFTP
 * read requests and TCP SYNs to 6970, and keeps a table of the phones it
 * saw: one row per MAC with model, firmware, address, VLAN and the phase
 * of the boot or recovery the phone is in.  It publishes `phone`,
 * `dhcp_server_seen` and `notice` events on the bus; it never sends a
 * packet and never touches the other engines.
 *
 *	struct sniff_opts o = { .iface = "eth1", .root = root, .our_addr = a };
 *	struct sniff *s = sniff_open(loop, &o, err, sizeof err);
 *	loop_run(loop);			(events flow to the bus)
 *	sniff_close(s);
 *
 *	s = sniff_open_file(&o, "boot.pcap", err, sizeof err);	(offline)
 *	sniff_run_file(s, err, sizeof err);
 *	sniff_close(s);
 *
 * Both open everything they need (the capture, ROOT) before returning, so
 * the caller can drop privileges before the first frame is parsed.
 */
#ifndef SNIFF_SNIFF_H
#define SNIFF_SNIFF_H

#include <stddef.h>
#include <stdint.h>

/*
 * A phone's phases (enum sniff_phase), their words and sniff_phase_name()
 * are in core/ev.h: the phone event carries the enum.
 */
#include "ev.h"

/* What a phone was seen through (struct sniff_phone.seen). */
#define SNIFF_SEEN_CDP		0x01
#define SNIFF_SEEN_LLDP		0x02
#define SNIFF_SEEN_DHCP		0x04
#define SNIFF_SEEN_ARP		0x08
#define SNIFF_SEEN_TFTP		0x10
#define SNIFF_SEEN_HTTP		0x20

/* One row of the phone table. */
struct sniff_phone {
	uint8_t			 mac[6];
	char			 model[16];	/* "7970", or "" */
	char			 firmware[64];
	uint32_t		 ip;		/* network order, 0 if unknown */
	unsigned		 vlan;		/* 0 if none */
	uint64_t		 first_ms, last_ms;	/* wall clock */
	enum sniff_phase	 phase;
	uint64_t		 phase_ms;	/* when the phase began */
	unsigned		 comp_k, comp_n;	/* flashing: k of n (n 0: unknown) */
	unsigned		 seen;		/* SNIFF_SEEN_* */
	char			 via[8];	/* the last source of news */
	char			 detail[128];	/* the phase in words */
};

struct loop;
struct sniff;

struct sniff_opts {
	const char	*iface;		/* live capture */
	const char	*root;		/* TFTP root to count a load's components, or NULL */
	uint32_t	 our_addr;	/* our DHCP server (network order), 0: none */
	uint8_t		 our_mac[6];	/* never a phone; zero: none */
	int		 promisc;
};

/*
 * Open a live capture on opts->iface and watch it on the loop.  Needs the
 * privileges pcap needs: call before dropping them.  If the interface goes
 * down later, the capture is reopened once it is back (which needs
 * CAP_NET_RAW still, if privileges were dropped meanwhile).
 */
struct sniff	*sniff_open(struct loop *, const struct sniff_opts *, char *,
		     size_t);
void		 sniff_close(struct sniff *);
/* Open a capture file (Ethernet, Linux cooked SLL/SLL2) and ROOT; NULL with err. */
struct sniff	*sniff_open_file(const struct sniff_opts *, const char *, char *,
		     size_t);
/* Feed every frame of it through the live path; 0 on success. */
int		 sniff_run_file(struct sniff *, char *, size_t);

/*
 * Our TFTP server delivered file to a client (ip, network order; mac or
 * NULL): fed to the phone table, which sees requests but not their end.
 */
void		 sniff_served(struct sniff *, uint32_t, const uint8_t *,
		     const char *, uint64_t);

/* The phone table (borrowed; valid until the next loop turn). */
size_t		 sniff_phone_count(const struct sniff *);
const struct sniff_phone *sniff_phone_at(const struct sniff *, size_t);

#endif /* SNIFF_SNIFF_H */
