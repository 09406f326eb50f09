/*
 * tftp_session.h: one read transfer as an I/O-free state machine.
 *
 * The session is handed packets and the time and answers with what to
 * send and when it next wants to be woken (struct tftp_out); the socket
 * layer (tftpd.c) does the sending, reads the blocks from the file and
 * arms the timer.  Blocks are numbered absolutely (uint64_t, block 1 is
 * the first byte) so files past 4 GiB and the 16-bit wire rollover need
 * no special cases here; the wire carries the low 16 bits (0 follows
 * 65535, as dnsmasq, curl, busybox and tftp-hpa expect).
 *
 *	tftp_session_init(&s, &params, now);
 *	tftp_session_start(&s, now, &out);	send out, arm out.deadline
 *	on a packet:	tftp_session_input(&s, pkt, len, now, &out);
 *	on the timer:	tftp_session_tick(&s, now, &out);
 *	until out.state is TS_DONE or TS_FAILED.
 *
 * A negotiated window is not sent whole to a peer that has acknowledged
 * no data yet: the session sends cwnd blocks (TFTP_WINDOW_INITIAL at
 * first, and again after a timeout), adds every block an ACK covers to
 * cwnd (doubling per round trip, slow-start style) up to the window.  An
 * RFC 7440 receiver ACKs only after a whole window, so a shorter round
 * ends with its last block sent again (out.probe): a block out of
 * sequence makes the receiver ACK at once what it has (atftp, u-boot);
 * one that ignores it ACKs at its own timeout instead.
 */
#ifndef TFTP_TFTP_SESSION_H
#define TFTP_TFTP_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "tftp_wire.h"

/*
 * The last block resent this many times with nothing at all from the
 * client since it first went out: the client has it and left without its
 * ACK reaching us (RFC 1350 section 6 lets it); the transfer ends as done
 * (unconfirmed) instead of spraying a port the client's OS may reuse.
 */
#define TFTP_LAST_BLOCK_RESENDS	4

enum tftp_state {
	TS_WAIT_OACK_ACK,	/* OACK sent, waiting for ACK 0 */
	TS_WAIT_ACK,		/* data in flight */
	TS_WAIT_LAST_ACK,	/* the last block is out */
	TS_DONE,		/* the last block was acknowledged */
	TS_FAILED,		/* error sent or received, or gave up */
};

/* What the session negotiated and serves, fixed at start. */
struct tftp_params {
	struct tftp_req	 req;		/* the request; opts = what we accept */
	uint64_t	 size;		/* file size in bytes */
	unsigned	 blksize_max;	/* from the MTU or --blksize-max */
	unsigned	 window_max;	/* our cap on windowsize */
	unsigned	 window_initial;	/* 0: TFTP_WINDOW_INITIAL */
	unsigned	 idle_ms;	/* give up after this much silence */
	unsigned	 rto_min_ms, rto_initial_ms, rto_max_ms;
};

/* What to do now: send blocks, an OACK or an ERROR; when to wake. */
struct tftp_out {
	enum tftp_state	 state;
	int		 send_oack;
	uint64_t	 first;		/* blocks [first, first + count) to send */
	uint64_t	 count;
	uint64_t	 probe;		/* then this block again (0: none) */
	int		 send_error;	/* send ERROR err_code/err_msg */
	uint16_t	 err_code;
	const char	*err_msg;
	uint64_t	 deadline;	/* 0: no timer (finished) */
	int		 progressed;	/* acked bytes moved forward */
	int		 finished;	/* state became DONE or FAILED now */
	int		 retransmit;	/* this send is a retransmission */
};

struct tftp_session {
	enum tftp_state	 state;
	struct tftp_req	 req;		/* negotiated values; opts to OACK */
	uint64_t	 size;
	unsigned	 blksize, window;
	/* Slow start: blocks we may have in flight, grown as ACKs come. */
	unsigned	 cwnd, cwnd_initial;
	uint64_t	 nblocks;	/* size / blksize + 1 */
	uint64_t	 acked;		/* highest block acknowledged */
	uint64_t	 sent;		/* highest block sent */
	/* RFC 6298 estimator, in eighths of a millisecond. */
	int		 have_rtt;
	uint64_t	 srtt8, rttvar8;
	unsigned	 rto, rto_min, rto_max, rto_initial, backoff;
	int		 fixed_rto;	/* client's RFC 2349 timeout */
	uint64_t	 rtt_block;	/* timing this block's ACK */
	uint64_t	 rtt_sent_at;	/* 0: nothing being timed */
	uint64_t	 last_rx;	/* last valid packet from the peer */
	uint64_t	 deadline;
	unsigned	 idle_ms;
	uint64_t	 final_sent_at;	/* when the last block first went out */
	int		 unconfirmed;	/* done without the last ACK */
	uint64_t	 retransmits;	/* blocks resent, for logs */
	uint64_t	 dup_acks;
	uint16_t	 err_code;	/* why it failed */
	char		 err_msg[128];
};

/*
 * Fill in the negotiation: clamp blksize to blksize_max, windowsize to
 * window_max, set tsize to the file size, accept timeout.  Returns 0.
 */
int		 tftp_session_init(struct tftp_session *,
		     const struct tftp_params *, uint64_t);
/* The first send: OACK if options were negotiated, else DATA 1. */
void		 tftp_session_start(struct tftp_session *, uint64_t,
		     struct tftp_out *);
/* A packet from the peer's transfer ID. */
void		 tftp_session_input(struct tftp_session *, const uint8_t *,
		     size_t, uint64_t, struct tftp_out *);
/* A packet from any other address or port: answer error 5, go on. */
void		 tftp_session_foreign(struct tftp_session *, struct tftp_out *);
/* The timer fired (or time passed): retransmit or give up. */
void		 tftp_session_tick(struct tftp_session *, uint64_t,
		     struct tftp_out *);
/* The socket layer could not read or send: fail with error 0 + reason. */
void		 tftp_session_abort(struct tftp_session *, uint16_t,
		     const char *, struct tftp_out *);

/* Byte range of an absolute block: offset and length. */
uint64_t	 tftp_session_block_off(const struct tftp_session *, uint64_t);
size_t		 tftp_session_block_len(const struct tftp_session *, uint64_t);
/* Bytes the peer has acknowledged. */
uint64_t	 tftp_session_bytes(const struct tftp_session *);
const char	*tftp_session_state_name(enum tftp_state);

#endif /* TFTP_TFTP_SESSION_H */
