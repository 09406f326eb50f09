/*
 * sniff.h: the phone sniffer, public side.  It owns a libpcap handle on one
 * interface (or a capture file) and hands each frame (CDP, LLDP-MED, DHCP,
 * ARP, TFTP read requests, TCP SYNs to 6970) to its frame hook: the phone
 * tracker (src/track), which keeps the table of phones and publishes the
 * events.  It never sends a packet and never touches the other engines.
 * The phone table's types and phases are still declared here (the
 * tracker's rows are what the sniffer used to keep).
 *
 *	struct sniff_opts o = { .iface = "eth1", .frame = tracker_frame,
 *	    .frame_arg = tr };
 *	struct sniff *s = sniff_open(loop, &o, err, sizeof err);
 *	loop_run(loop);			(frames flow to the hook)
 *	sniff_close(s);
 *
 *	s = sniff_open_file(&o, "boot.pcap", err, sizeof err);	(offline)
 *	sniff_run_file(s, err, sizeof err);
 *	sniff_close(s);
 *
 * Both open the capture before returning, so the caller can drop
 * privileges before the first frame is parsed.
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
	int		 promisc;
	/*
	 * Each frame, with its link type (DISSECT_LINK_*) and capture time
	 * (wall ms); -1 if it was malformed.  The phone tracker's
	 * tracker_frame (track/tracker.h) in the program.
	 */
	int		(*frame)(void *, int, const uint8_t *, size_t, uint64_t);
	void		*frame_arg;
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
/* Open a capture file (Ethernet, Linux cooked SLL/SLL2); NULL with err. */
struct sniff	*sniff_open_file(const struct sniff_opts *, const char *, char *,
		     size_t);
/* Feed every frame of it through the live path; 0 on success. */
int		 sniff_run_file(struct sniff *, char *, size_t);

#endif /* SNIFF_SNIFF_H */
