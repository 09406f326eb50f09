/*
 * phase.h: the phase rules, in one place.  Where a phone stands after each
 * thing it is seen doing (cisco-phones.md 2 and 10.1: VLAN -> DHCP -> load
 * -> components -> reboot -> configuration -> running).  The tracker's
 * phone table (phones.c) runs them on dissected frames and on our own
 * engines' events, for serve and the wizard alike.  Pure functions
 * over a small per-phone record: no I/O, no clock, no words (the callers
 * word the detail from the reason returned).
 *
 *	struct phase_track t = { 0 };
 *	why = phase_step(&t, PO_FILE, "term70.default.loads");
 *	(t.phase is now SNIFF_PHASE_FETCHING_LOAD, why PW_LOADS)
 */
#ifndef TRACK_PHASE_H
#define TRACK_PHASE_H

#include <stdint.h>

#include "sniff/sniff.h"

/* What a phone was seen doing. */
enum phase_obs {
	PO_LINK = 0,	/* CDP or LLDP-MED: the link is up */
	PO_DHCP_ASK,	/* DISCOVER, or a REQUEST without an address: it boots */
	PO_ADDRESS,	/* an ACK, a renewal, its own ARP announcement */
	PO_HTTP,	/* a connection attempt to port 6970 */
	PO_FILE,	/* asked for a file (an RRQ; our tftp_start or tftp_error) */
	PO_SERVED,	/* our TFTP server delivered a file to it (tftp_done) */
};

/* Why the phase is what it is after a step (PW_NONE: nothing new). */
enum phase_why {
	PW_NONE = 0,
	PW_LINK_UP,	/* first sign of life */
	PW_REQUEST,	/* asks for an address */
	PW_REBOOTING,	/* asks for an address again after fetching a load */
	PW_GOT_IP,	/* has an address */
	PW_HTTP,	/* tried HTTP first: the configuration hunt */
	PW_LOADS,	/* asked for a .loads: fetching a load */
	PW_LOAD_CHECK,	/* configured, asked for the load its config names */
	PW_SETTLED,	/* ... and fetched no component of it: it runs */
	PW_COMPONENT,	/* asked for a component of a load */
	PW_CONFIG,	/* the configuration hunt goes on */
	PW_NO_CONFIG,	/* asked for its own file again: has none */
	PW_AFTER,	/* asked for files only a registered phone wants */
	PW_CONFIGURED,	/* was served a configuration: it runs (is back) */
};

/* phase_track.flags */
#define PT_IN_CONFIG	0x01	/* reached the configuration hunt this boot */
#define PT_CONFIGURED	0x02	/* was served a configuration this boot */

struct phase_track {
	enum sniff_phase phase;
	unsigned	 flags;
	uint32_t	 own_cfg[4];	/* its own config files asked, this hunt */
	unsigned	 nown_cfg;
};

/* Apply one observation (file: for PO_FILE and PO_SERVED, else NULL). */
enum phase_why	 phase_step(struct phase_track *, enum phase_obs, const char *);
/*
 * Time has told: a configured phone that asked for the load its
 * configuration names and fetched no component of it for a while runs
 * (PW_SETTLED, unprovisioned).  PW_NONE when that is not the case.
 */
enum phase_why	 phase_settle(struct phase_track *);
/* Take a phase from elsewhere (another tracker's word), with its bookkeeping. */
void		 phase_set(struct phase_track *, enum sniff_phase);
/* Unprovisioned or registered: the phone runs again. */
int		 phase_is_final(enum sniff_phase);
/* FNV-1a over the lower-cased name: phones vary the case of file names. */
uint32_t	 phase_name_hash(const char *);

#endif /* TRACK_PHASE_H */
