/*
 * tracker.h: the phone tracker, wired to the program.  Its table
 * (phones.h) posts onto the bus; our engines' events reach it through the
 * bus's annotate hook (so it names the phone behind each transfer before
 * any sink sees it); a loop timer gives the time-driven hints; the TFTP
 * root, opened at once, tells how many components a load has.  Frames
 * come from the sniffer when one runs (tracker_frame is its frame hook).
 *
 *	struct tracker_opts o = { .root = root, .engines = 1 };
 *	struct tracker *tr = tracker_open(loop, &o);
 *	(sniff_opts.frame = tracker_frame, .frame_arg = tr: frames too)
 *	tracker_close(tr);
 */
#ifndef TRACK_TRACKER_H
#define TRACK_TRACKER_H

#include <stddef.h>
#include <stdint.h>

struct loop;
struct phones;
struct tracker;

struct tracker_opts {
	const char	*root;		/* TFTP root, or NULL */
	uint32_t	 our_addr;	/* our DHCP server (network order), 0: none */
	uint8_t		 our_mac[6];	/* never a phone; zero: none */
	int		 engines;	/* our engines' events feed it too */
	int		 plans;		/* per-phone upgrade plans (not --no-plan) */
};

/* loop NULL: no timer (a capture file; tracker_finish at its end). */
struct tracker	*tracker_open(struct loop *, const struct tracker_opts *);
void		 tracker_close(struct tracker *);
/* The sniffer's frame hook: one frame of link type link; -1 if malformed. */
int		 tracker_frame(void *, int, const uint8_t *, size_t, uint64_t);
/* A capture feeds frames now (1) or no more (0). */
void		 tracker_frames(struct tracker *, int);
/* A capture file is over: the phones back now are told. */
void		 tracker_finish(struct tracker *);
struct phones	*tracker_phones(const struct tracker *);
/*
 * Our DHCP server binds ip to mac (bound 1; the phone says vendor_class,
 * model from it) or the phone gave it back (0): the DHCP engine's bind
 * hook (dhcpd.h), called before the ACK is sent, so the phone's plan
 * answer for ip is in place for its first request (phones_bind).
 */
void		 tracker_bind(struct tracker *, const uint8_t[6], uint32_t,
		     const char *, const char *, int);
/*
 * A tftp_files_resolve_fn (tftp/tftp_files.h) over the phones' plans,
 * arg the tracker: the step's kept file for its term file and
 * configuration (1), as asked (0), or refused (-1: ROOT lacks the
 * bridge).  Safe from the TFTP workers' threads.
 */
int		 tracker_plan_answer(void *, uint32_t, const char *, char *,
		     size_t);

#endif /* TRACK_TRACKER_H */
