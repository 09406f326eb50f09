/*
 * One TFTP read transfer as a state x event machine (curl's tftp.c shape)
 * with a single retransmission path (OpenBSD tftpd): every timeout resends
 * from the block after the last one acknowledged.  No I/O: the caller
 * sends what struct tftp_out names and arms its timer at out->deadline.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "compat.h"
#include "tftp_session.h"
#include "tunables.h"
#include "util.h"

static void	 session_send_window(struct tftp_session *, uint64_t,
		     uint64_t, int, struct tftp_out *);

const char *
tftp_session_state_name(enum tftp_state st)
{
	switch (st) {
	case TS_WAIT_OACK_ACK:
		return ("wait-oack-ack");
	case TS_WAIT_ACK:
		return ("wait-ack");
	case TS_WAIT_LAST_ACK:
		return ("wait-last-ack");
	case TS_DONE:
		return ("done");
	case TS_FAILED:
		return ("failed");
	}
	return ("?");
}

uint64_t
tftp_session_block_off(const struct tftp_session *s, uint64_t block)
{
	return ((block - 1) * s->blksize);
}

size_t
tftp_session_block_len(const struct tftp_session *s, uint64_t block)
{
	if (block < s->nblocks)
		return (s->blksize);
	return ((size_t)(s->size - (s->nblocks - 1) * s->blksize));
}

uint64_t
tftp_session_bytes(const struct tftp_session *s)
{
	uint64_t	 b;

	if (s->acked >= s->nblocks)
		return (s->size);
	b = s->acked * s->blksize;
	return (b < s->size ? b : s->size);
}

/* The next wake-up: a retransmission, or giving up, whichever is first. */
static uint64_t
session_deadline(const struct tftp_session *s, uint64_t now)
{
	uint64_t	 rexmt = now + s->rto, quit = s->last_rx + s->idle_ms;

	return (rexmt < quit ? rexmt : quit);
}

/* RFC 6298 2.2-2.4: RTO = SRTT + max(G, 4 * RTTVAR), G = 1 ms, floored. */
static unsigned
session_rto_base(const struct tftp_session *s)
{
	uint64_t	 rto;

	if (s->fixed_rto)
		return (s->rto);
	if (!s->have_rtt)
		return (s->rto_initial);
	rto = (s->srtt8 + (4 * s->rttvar8 > 8 ? 4 * s->rttvar8 : 8)) / 8;
	if (rto < s->rto_min)
		rto = s->rto_min;
	if (rto > s->rto_max)
		rto = s->rto_max;
	return ((unsigned)rto);
}

static void
session_rto_compute(struct tftp_session *s)
{
	if (s->fixed_rto || !s->have_rtt)
		return;
	s->rto = session_rto_base(s);
}

/* RFC 6298 section 2: fold one RTT sample (ms) into SRTT/RTTVAR, set RTO. */
static void
session_rtt_sample(struct tftp_session *s, uint64_t rtt_ms)
{
	uint64_t	 r8 = rtt_ms * 8, delta;

	if (!s->have_rtt) {
		/* 2.2: first measurement. */
		s->srtt8 = r8;
		s->rttvar8 = r8 / 2;
		s->have_rtt = 1;
	} else {
		/* 2.3: beta = 1/4, alpha = 1/8. */
		delta = s->srtt8 > r8 ? s->srtt8 - r8 : r8 - s->srtt8;
		s->rttvar8 = (3 * s->rttvar8 + delta) / 4;
		s->srtt8 = (7 * s->srtt8 + r8) / 8;
	}
	session_rto_compute(s);
}

/* After new data is acknowledged the backoff ends (RFC 6298 5.7 spirit). */
static void
session_rto_reset(struct tftp_session *s)
{
	if (s->backoff == 0 || s->fixed_rto)
		return;
	s->backoff = 0;
	if (s->have_rtt)
		session_rto_compute(s);
	else
		s->rto = s->rto_initial;
}

int
tftp_session_init(struct tftp_session *s, const struct tftp_params *p,
    uint64_t now)
{
	memset(s, 0, sizeof *s);
	s->req = p->req;
	s->size = p->size;
	s->rto_min = p->rto_min_ms != 0 ? p->rto_min_ms : TFTP_RTO_MIN_MS;
	s->rto_max = p->rto_max_ms != 0 ? p->rto_max_ms : TFTP_RTO_MAX_MS;
	s->rto = s->rto_initial = p->rto_initial_ms != 0 ?
	    p->rto_initial_ms : TFTP_RTO_INITIAL_MS;
	s->idle_ms = p->idle_ms != 0 ? p->idle_ms : TFTP_GIVE_UP_MS;

	/* RFC 2348: answer with at most what we can carry. */
	s->blksize = TFTP_BLKSIZE_DEFAULT;
	if (s->req.opts & TFTP_OPT_BLKSIZE) {
		s->blksize = s->req.blksize;
		if (p->blksize_max >= TFTP_BLKSIZE_MIN &&
		    s->blksize > p->blksize_max)
			s->blksize = p->blksize_max;
		s->req.blksize = s->blksize;
	}
	/* RFC 2349: tsize in an RRQ is 0; the OACK carries the size. */
	if (s->req.opts & TFTP_OPT_TSIZE)
		s->req.tsize = s->size;
	/* RFC 2349: the client's retransmission interval, honoured. */
	if (s->req.opts & TFTP_OPT_TIMEOUT) {
		s->fixed_rto = 1;
		s->rto = s->req.timeout * 1000;
	}
	/* RFC 7440: at most our window. */
	s->window = 1;
	if (s->req.opts & TFTP_OPT_WINDOWSIZE) {
		s->window = s->req.windowsize;
		if (p->window_max >= 1 && s->window > p->window_max)
			s->window = p->window_max;
		s->req.windowsize = s->window;
	}
	/* Slow start (see tftp_session.h). */
	s->cwnd_initial = p->window_initial != 0 ? p->window_initial :
	    TFTP_WINDOW_INITIAL;
	if (s->cwnd_initial > s->window)
		s->cwnd_initial = s->window;
	s->cwnd = s->cwnd_initial;
	s->nblocks = s->size / s->blksize + 1;
	s->last_rx = now;
	s->state = TS_WAIT_ACK;
	return (0);
}

static void
out_init(const struct tftp_session *s, struct tftp_out *out)
{
	memset(out, 0, sizeof *out);
	out->state = s->state;
	out->deadline = s->deadline;
}

static void
session_finish(struct tftp_session *s, enum tftp_state st,
    struct tftp_out *out)
{
	s->state = st;
	s->deadline = 0;
	out->state = st;
	out->deadline = 0;
	out->finished = 1;
}

/* Fail and tell the peer (RFC 1350: an error ends the transfer). */
static void
session_fail(struct tftp_session *s, uint16_t code, const char *msg,
    struct tftp_out *out)
{
	s->err_code = code;
	strlcpy(s->err_msg, msg != NULL ? msg : tftp_wire_errstr(code),
	    sizeof s->err_msg);
	out->send_error = 1;
	out->err_code = code;
	out->err_msg = s->err_msg;
	session_finish(s, TS_FAILED, out);
}

void
tftp_session_start(struct tftp_session *s, uint64_t now,
    struct tftp_out *out)
{
	out_init(s, out);
	if (s->req.opts != 0) {
		/* RFC 2347: options asked for and accepted get an OACK. */
		s->state = TS_WAIT_OACK_ACK;
		s->rtt_block = 0;
		s->rtt_sent_at = now;
		s->deadline = session_deadline(s, now);
		out->send_oack = 1;
		out->state = s->state;
		out->deadline = s->deadline;
		return;
	}
	session_send_window(s, 1, now, 0, out);
}

/*
 * Send up to a window from block `first` (RFC 7440 section 4: after an ACK
 * for n, the next window starts at n + 1, which is also the go-back after
 * a gap or a timeout).
 */
static void
session_send_window(struct tftp_session *s, uint64_t first, uint64_t now,
    int retransmit, struct tftp_out *out)
{
	uint64_t	 count = s->nblocks - first + 1, last;

	if (count > s->cwnd)
		count = s->cwnd;
	last = first + count - 1;
	out->first = first;
	out->count = count;
	out->retransmit = retransmit;
	/* Short of the window and of the end: ask for the ACK now. */
	out->probe = count < s->window && last < s->nblocks ? last : 0;
	/* Karn: only time a block never sent before. */
	if (last > s->sent) {
		s->rtt_block = last;
		s->rtt_sent_at = retransmit ? 0 : now;
		s->sent = last;
	} else
		s->rtt_sent_at = 0;
	if (retransmit)
		s->retransmits += count;
	if (last == s->nblocks && s->final_sent_at == 0)
		s->final_sent_at = now;
	s->state = last == s->nblocks ? TS_WAIT_LAST_ACK : TS_WAIT_ACK;
	s->deadline = session_deadline(s, now);
	out->state = s->state;
	out->deadline = s->deadline;
}

/* An ACK: its 16-bit number means the latest block <= sent with those bits. */
static void
session_ack(struct tftp_session *s, uint16_t n16, uint64_t now,
    struct tftp_out *out)
{
	uint64_t	 back, abs;

	if (s->state == TS_WAIT_OACK_ACK) {
		/* RFC 2347: ACK 0 accepts the OACK. */
		if (n16 != 0)
			return;
		s->last_rx = now;
		if (s->rtt_sent_at != 0)
			session_rtt_sample(s, now - s->rtt_sent_at);
		session_rto_reset(s);
		session_send_window(s, 1, now, 0, out);
		return;
	}
	back = (uint16_t)(s->sent - n16);
	if (back > s->sent)
		return;			/* before the transfer began */
	abs = s->sent - back;
	s->last_rx = now;
	if (abs <= s->acked) {
		/*
		 * RFC 1123 4.2.3.1: a duplicate ACK never triggers a resend
		 * (the Sorcerer's Apprentice); the timer does that.
		 */
		s->dup_acks++;
		/*
		 * But the peer is alive and waiting: after a backoff, wait
		 * no longer than one plain RTO (clients give up after ~10 s
		 * of silence; our backoff alone could reach TFTP_RTO_MAX_MS).
		 */
		if (s->deadline > now + session_rto_base(s)) {
			s->deadline = now + session_rto_base(s);
			out->deadline = s->deadline;
		}
		return;
	}
	if (s->rtt_sent_at != 0 && abs >= s->rtt_block)
		session_rtt_sample(s, now - s->rtt_sent_at);
	/* Slow start: every block acknowledged widens what may fly. */
	if (abs - s->acked >= s->window - s->cwnd)
		s->cwnd = s->window;
	else
		s->cwnd += (unsigned)(abs - s->acked);
	s->acked = abs;
	session_rto_reset(s);
	out->progressed = 1;
	if (s->acked >= s->nblocks) {
		session_finish(s, TS_DONE, out);
		return;
	}
	session_send_window(s, s->acked + 1, now, abs < s->sent, out);
}

void
tftp_session_input(struct tftp_session *s, const uint8_t *pkt, size_t len,
    uint64_t now, struct tftp_out *out)
{
	uint16_t	 op, num;
	char		 msg[96];

	out_init(s, out);
	if (s->state == TS_DONE || s->state == TS_FAILED)
		return;
	if (tftp_wire_parse_hdr(pkt, len, &op, &num) != 0) {
		return;		/* 0-3 bytes: dropped */
	}
	switch (op) {
	case TFTP_OP_ACK:
		session_ack(s, num, now, out);
		break;
	case TFTP_OP_ERROR:
		/* RFC 1350: the peer ended it; no reply to an ERROR. */
		s->err_code = num;
		util_sanitise(msg, sizeof msg, pkt + 4,
		    strnlen((const char *)pkt + 4, len - 4));
		snprintf(s->err_msg, sizeof s->err_msg, "client sent error %u%s%s",
		    num, msg[0] != '\0' ? ": " : "", msg);
		session_finish(s, TS_FAILED, out);
		break;
	case TFTP_OP_RRQ:
	case TFTP_OP_WRQ:
	case TFTP_OP_DATA:
	case TFTP_OP_OACK:
		/* RFC 1350: a well-formed packet that makes no sense here. */
		session_fail(s, TFTP_ERR_ILLEGAL, "Illegal TFTP operation", out);
		break;
	default:
		break;		/* not TFTP at all: dropped */
	}
}

void
tftp_session_foreign(struct tftp_session *s, struct tftp_out *out)
{
	/* RFC 1350 section 4: error 5 to the stranger, transfer goes on. */
	out_init(s, out);
	out->send_error = 1;
	out->err_code = TFTP_ERR_TID;
	out->err_msg = tftp_wire_errstr(TFTP_ERR_TID);
}

void
tftp_session_tick(struct tftp_session *s, uint64_t now, struct tftp_out *out)
{
	out_init(s, out);
	if (s->state == TS_DONE || s->state == TS_FAILED)
		return;
	if (now < s->deadline)
		return;
	if (now - s->last_rx >= s->idle_ms) {
		session_fail(s, TFTP_ERR_UNDEF, "Transfer timed out", out);
		return;
	}
	if (s->state == TS_WAIT_LAST_ACK && s->last_rx < s->final_sent_at &&
	    s->backoff >= TFTP_LAST_BLOCK_RESENDS) {
		s->unconfirmed = 1;
		session_finish(s, TS_DONE, out);
		return;
	}
	/* RFC 6298 5.5: back off; Karn: no sample from a resent block. */
	s->backoff++;
	s->cwnd = s->cwnd_initial;	/* RFC 5681 3.1: start slow again */
	if (!s->fixed_rto)
		s->rto = s->rto * 2 > s->rto_max ? s->rto_max : s->rto * 2;
	if (s->state == TS_WAIT_OACK_ACK) {
		s->rtt_sent_at = 0;
		s->deadline = session_deadline(s, now);
		out->send_oack = 1;
		out->retransmit = 1;
		out->deadline = s->deadline;
		return;
	}
	session_send_window(s, s->acked + 1, now, 1, out);
}

void
tftp_session_abort(struct tftp_session *s, uint16_t code, const char *msg,
    struct tftp_out *out)
{
	out_init(s, out);
	if (s->state == TS_DONE || s->state == TS_FAILED)
		return;
	session_fail(s, code, msg, out);
}
