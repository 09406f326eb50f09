/*
 * phones.h: the phone tracker's logic layer, the phone table.  It is handed one
 * dissected frame and its capture time at a time, never touches a socket
 * or a file, and reports through an emit callback: `phone` when a phone
 * appears or its model, phase, address, firmware or VLAN changes (or the
 * component it flashes), `dhcp_server_seen` once per foreign server, and
 * `notice` for the black-screen hints and for a phone that is back
 * (`recovered`).  Phases come from the rules in phase.h; what our own
 * TFTP server delivered comes in through phones_served().  Times are
 * wall-clock ms (pcap timestamps), so a capture file replays with the
 * times it was taken.  Our own engines' events come in through
 * phones_event(), so the table works without a capture too: it is the
 * only producer of `phone` events and phone notices (no_load_for_model
 * for a default load nothing serves, too).
 *
 *	struct phones_opts o = { .emit = post, .emit_arg = NULL };
 *	struct phones *ph = phones_new(&o);
 *	phones_input(ph, &frame, ts_ms);	(per frame)
 *	phones_tick(ph, now_ms);		(every few seconds when live)
 *	phones_free(ph);
 */
#ifndef TRACK_PHONES_H
#define TRACK_PHONES_H

#include <stddef.h>
#include <stdint.h>

#include "sniff/dissect.h"
#include "ev.h"
#include "sniff/sniff.h"
#include "track/phone_plan.h"

struct phones;

struct phones_opts {
	uint32_t	 our_addr;	/* our DHCP server; 0: every server is foreign */
	uint8_t		 our_mac[6];	/* our interface: never a phone */
	uint64_t	 black_ms;	/* hint after this long; 0: SNIFF_BLACK_SCREEN_MS */
	/* Components listed by a .loads file as requested, 0 if unknown. */
	unsigned	(*loads_count)(void *, const char *);
	void		*loads_arg;
	void		(*emit)(const struct ev *, void *);
	void		*emit_arg;
	/*
	 * Upgrade plans (issue 20), NULL: none.  plan works one out
	 * (phone_plan.h); assign tells what the phone at an address is to
	 * be served now: its step's load (NULL: what ROOT serves everyone)
	 * or, refuse set, nothing that would flash it; early: a step before
	 * the last (configurations naming another load are withheld).
	 */
	phone_plan_fn	 plan;
	void		*plan_arg;
	void		(*assign)(void *, uint32_t, const char *, const char *,
			    int, int);
	void		*assign_arg;
};

struct phones	*phones_new(const struct phones_opts *);
void		 phones_free(struct phones *);
void		 phones_input(struct phones *, const struct dissect_frame *,
		     uint64_t);
/*
 * Our own TFTP server delivered file to the phone at ip (network order)
 * or mac (NULL: unknown): what a capture cannot see, and what says that a
 * phone in its configuration hunt runs again (phase.h PO_SERVED).
 */
void		 phones_served(struct phones *, uint32_t, const uint8_t *,
		     const char *, uint64_t);
/*
 * One of our own engines' events (dhcp_lease, tftp_*, HTTP's too): the
 * phase rules on what a capture cannot see, and on everything when no
 * capture feeds the table.  A transfer's mac is filled in when the table
 * knows the phone behind its address (the only IP -> MAC table).
 */
void		 phones_event(struct phones *, struct ev *, uint64_t);
/*
 * Our DHCP server binds ip to mac, the phone saying vendor_class (model
 * from it, "" unknown): called before the ACK is sent, it does now what
 * the lease's dhcp_lease event would do on the next loop turn (that
 * event then changes nothing), so the plan row of the phone's address is
 * in place (through opts.assign) before the phone can ask for its term
 * file.  A row that held ip before loses it, and so does its plan row.
 */
void		 phones_bind(struct phones *, const uint8_t[6], uint32_t,
		     const char *, const char *, uint64_t);
/* The phone gave ip back (RELEASE, DECLINE): its plan row goes. */
void		 phones_unbind(struct phones *, const uint8_t[6], uint32_t);
/* A capture feeds frames (on), or none does (off, the start). */
void		 phones_set_frames(struct phones *, int);
/* Time-driven hints (a phone stuck in one phase, a phone back for good). */
void		 phones_tick(struct phones *, uint64_t);
/*
 * ROOT's catalogue changed (an import, a load removed): every phone's
 * plan worked out again from where it is (phone_plan_reroot), told and
 * assigned where it changed.
 */
void		 phones_replan(struct phones *, uint64_t);
/* The capture is over: tell the phones that are back now. */
void		 phones_finish(struct phones *);
/* Rows announced as phones (unconfirmed ARP-only devices are not counted). */
size_t		 phones_count(const struct phones *);
const struct sniff_phone *phones_at(const struct phones *, size_t);
const struct sniff_phone *phones_find(const struct phones *, const uint8_t[6]);
/* Dissect one Ethernet frame and feed it in; -1 (and counted) if malformed. */
int		 phones_frame(struct phones *, const uint8_t *, size_t, uint64_t);
/* The same for a frame of a DISSECT_LINK_* link type. */
int		 phones_frame_link(struct phones *, int, const uint8_t *, size_t,
		     uint64_t);
/* Frames dropped as malformed, for diagnostics. */
uint64_t	 phones_malformed(const struct phones *);

/* Components a .loads file lists (0: none, or not a .loads). */
unsigned	 phones_loads_components(const uint8_t *, size_t);

#endif /* TRACK_PHONES_H */
