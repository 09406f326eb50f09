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
 *
 * The phase names below are the stable strings of the `phase` field.
 */
#ifndef SNIFF_SNIFF_H
#define SNIFF_SNIFF_H

#include <stddef.h>
#include <stdint.h>

/* A phone's phases, in the order a recovery goes through them. */
enum sniff_phase {
	SNIFF_PHASE_NONE = 0,
	SNIFF_PHASE_LINK_UP,		/* CDP/LLDP: VLAN and power step */
	SNIFF_PHASE_REQUESTING_IP,	/* DHCP DISCOVER/REQUEST, no ACK yet */
	SNIFF_PHASE_GOT_IP,		/* an ACK (or its own ARP) seen */
	SNIFF_PHASE_FETCHING_LOAD,	/* asked for termNN.default.loads / *.loads */
	SNIFF_PHASE_FLASHING,		/* asked for component k (of N) */
	SNIFF_PHASE_REBOOTING,		/* asked for an address again after a load */
	SNIFF_PHASE_REQUESTING_CONFIG,	/* CTL/ITL, SEP<MAC>.cnf.xml, XMLDefault */
	SNIFF_PHASE_UNPROVISIONED,	/* keeps hunting a configuration */
	SNIFF_PHASE_REGISTERED,		/* asks for post-registration files */
	SNIFF_PHASE__COUNT
};

#define SNIFF_PHASE_NAME_LINK_UP		"link-up"
#define SNIFF_PHASE_NAME_REQUESTING_IP		"requesting-ip"
#define SNIFF_PHASE_NAME_GOT_IP			"got-ip"
#define SNIFF_PHASE_NAME_FETCHING_LOAD		"fetching-load"
#define SNIFF_PHASE_NAME_FLASHING		"flashing"
#define SNIFF_PHASE_NAME_REBOOTING		"rebooting"
#define SNIFF_PHASE_NAME_REQUESTING_CONFIG	"requesting-config"
#define SNIFF_PHASE_NAME_UNPROVISIONED		"unprovisioned"
#define SNIFF_PHASE_NAME_REGISTERED		"registered"

/* "" for SNIFF_PHASE_NONE. */
const char	*sniff_phase_name(enum sniff_phase);
/* The phase for a name as printed, SNIFF_PHASE_NONE if unknown. */
enum sniff_phase sniff_phase_from_name(const char *);

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
