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
