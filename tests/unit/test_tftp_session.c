/*
 * The TFTP session machine, driven by scripted packet dialogues and a
 * fake clock: nothing here touches a socket or sleeps.
 */
#include "config.h"

#include <string.h>

#include "../tap.h"
#include "tftp/tftp_session.h"
#include "tunables.h"

static uint64_t	 now;

/* A session for size bytes with the options in opts (0: plain). */
static void
mk(struct tftp_session *s, uint64_t size, unsigned opts, unsigned blksize,
    unsigned window, struct tftp_out *out)
{
	struct tftp_params	 p;

	memset(&p, 0, sizeof p);
	p.req.op = TFTP_OP_RRQ;
	p.req.mode = TFTP_MODE_OCTET;
	p.req.opts = opts;
	p.req.blksize = blksize != 0 ? blksize : 512;
	p.req.windowsize = window != 0 ? window : 1;
	p.req.timeout = 2;
	if (opts & TFTP_OPT_BLKSIZE)
		p.req.order[p.req.norder++] = TFTP_OPT_BLKSIZE;
	if (opts & TFTP_OPT_WINDOWSIZE)
		p.req.order[p.req.norder++] = TFTP_OPT_WINDOWSIZE;
	if (opts & TFTP_OPT_TIMEOUT)
		p.req.order[p.req.norder++] = TFTP_OPT_TIMEOUT;
	if (opts & TFTP_OPT_TSIZE)
		p.req.order[p.req.norder++] = TFTP_OPT_TSIZE;
	p.size = size;
	p.blksize_max = 65464;
	p.window_max = 512;
	p.idle_ms = 30000;
	tftp_session_init(s, &p, now);
	tftp_session_start(s, now, out);
}

static void
ack(struct tftp_session *s, uint16_t n, struct tftp_out *out)
{
	uint8_t	 b[4] = { 0, 4, (uint8_t)(n >> 8), (uint8_t)n };

	tftp_session_input(s, b, 4, now, out);
}

static void
test_lockstep(void)
{
	struct tftp_session	 s;
	struct tftp_out		 o;

	now = 1000;
	mk(&s, 1100, 0, 0, 0, &o);
	ok(!o.send_oack && o.first == 1 && o.count == 1, "no options: DATA 1 first");
	is_int(s.nblocks, 3, "1100 bytes = 3 blocks");
	is_int(tftp_session_block_len(&s, 3), 76, "last block 76 bytes");
	is_int(o.deadline, 1000 + TFTP_RTO_INITIAL_MS, "conservative first RTO");
	ack(&s, 1, &o);
	ok(o.first == 2 && o.count == 1 && o.progressed, "ACK 1 -> DATA 2");
	ack(&s, 2, &o);
	ok(o.first == 3 && o.count == 1, "ACK 2 -> DATA 3");
	is_int(o.state, TS_WAIT_LAST_ACK, "waiting for the last ACK");
	ack(&s, 3, &o);
	ok(o.finished && o.state == TS_DONE && o.count == 0, "ACK 3 -> done");
	is_int(tftp_session_bytes(&s), 1100, "all bytes acknowledged");
	ack(&s, 3, &o);
	ok(!o.finished && o.count == 0 && !o.send_error, "nothing after done");
}

static void
test_sizes(void)
{
	struct tftp_session	 s;
	struct tftp_out		 o;

	mk(&s, 0, 0, 0, 0, &o);
	ok(o.first == 1 && tftp_session_block_len(&s, 1) == 0,
	    "0 bytes: one empty DATA");
	ack(&s, 1, &o);
	ok(o.finished && o.state == TS_DONE, "0 bytes: done after ACK 1");
	mk(&s, 512, 0, 0, 0, &o);
	is_int(s.nblocks, 2, "exactly one block: a second, empty block ends it");
	ack(&s, 1, &o);
	ok(o.first == 2 && tftp_session_block_len(&s, 2) == 0, "empty block 2");
	ack(&s, 2, &o);
	ok(o.finished, "done");
}

static void
test_lost_data_and_ack(void)
{
	struct tftp_session	 s;
	struct tftp_out		 o;
	uint64_t		 d1, d2;

	now = 5000;
	mk(&s, 2000, 0, 0, 0, &o);
	d1 = o.deadline;
	now = d1 - 1;
	tftp_session_tick(&s, now, &o);
	ok(o.count == 0 && !o.send_error, "no resend before the deadline");
	now = d1;
	tftp_session_tick(&s, now, &o);
	ok(o.first == 1 && o.count == 1 && o.retransmit, "lost DATA 1 resent at the deadline");
	d2 = o.deadline;
	is_int(d2 - now, 2 * TFTP_RTO_INITIAL_MS, "backoff doubles the RTO");
	ack(&s, 1, &o);
	ok(o.first == 2, "ACK 1 after the resend -> DATA 2");
	ok(s.rtt_sent_at != 0, "the new block is timed again");
	/* Lost ACK 2: from here it looks the same, DATA 2 is resent. */
	now = o.deadline;
	tftp_session_tick(&s, now, &o);
	ok(o.first == 2 && o.retransmit, "lost ACK 2: DATA 2 resent");
	ack(&s, 2, &o);
	ok(o.first == 3 && !o.retransmit, "then DATA 3");
}

static void
test_sorcerers_apprentice(void)
{
	struct tftp_session	 s;
	struct tftp_out		 o;

	now = 0;
	mk(&s, 5000, 0, 0, 0, &o);
	ack(&s, 1, &o);			/* DATA 2 out */
	now = o.deadline;
	tftp_session_tick(&s, now, &o);	/* ACK 2 was only late: DATA 2 again */
	ok(o.first == 2 && o.retransmit, "DATA 2 resent after a late ACK");
	ack(&s, 2, &o);
	ok(o.first == 3 && o.count == 1, "late ACK 2 -> DATA 3");
	ack(&s, 2, &o);			/* the client ACKs the duplicate DATA 2 */
	ok(o.count == 0 && !o.send_error && !o.finished,
	    "duplicate ACK 2 sends nothing (RFC 1123 4.2.3.1)");
	ack(&s, 1, &o);
	ok(o.count == 0, "an older ACK sends nothing either");
	is_int(s.dup_acks, 2, "both counted as duplicates");
	ack(&s, 3, &o);
	ok(o.first == 4, "the transfer goes on");
	{
		/* DATA 4 lost twice: the backoff grows ... */
		uint64_t plain = o.deadline - now;
		now = o.deadline;
		tftp_session_tick(&s, now, &o);
		now = o.deadline;
		tftp_session_tick(&s, now, &o);
		ok(o.deadline - now == 4 * plain, "backed off to 4x");
		now += 10;
		ack(&s, 3, &o);		/* the client re-ACKs 3: it is waiting */
		ok(o.count == 0 && o.deadline == now + plain,
		    "a duplicate ACK sends nothing but pulls the timer in to one RTO");
		now = o.deadline;
		tftp_session_tick(&s, now, &o);
		ok(o.first == 4 && o.retransmit, "then DATA 4 is resent");
	}
	ack(&s, 9, &o);
	ok(o.count == 0 && s.acked == 3, "ACK for an unsent block ignored");
}

static void
test_oack(void)
{
	struct tftp_session	 s;
	struct tftp_out		 o;

	now = 100;
	mk(&s, 3000, TFTP_OPT_BLKSIZE | TFTP_OPT_TSIZE, 1024, 0, &o);
	ok(o.send_oack && o.count == 0, "options: OACK first, no data");
	is_int(o.state, TS_WAIT_OACK_ACK, "waiting for ACK 0");
	is_int(s.req.tsize, 3000, "tsize answered with the size");
	ack(&s, 1, &o);
	ok(o.count == 0 && !o.send_oack, "ACK 1 before ACK 0 ignored");
	now = o.deadline;
	tftp_session_tick(&s, now, &o);
	ok(o.send_oack && o.retransmit, "lost OACK resent");
	ack(&s, 0, &o);
	ok(o.first == 1 && o.count == 1, "ACK 0 -> DATA 1");
	is_int(tftp_session_block_len(&s, 1), 1024, "negotiated blksize");
	ack(&s, 0, &o);
	ok(o.count == 0, "a second ACK 0 is a duplicate");

	mk(&s, 100, TFTP_OPT_BLKSIZE, 65464, 0, &o);
	is_int(s.blksize, 65464, "blksize 65464 accepted");
	{
		struct tftp_params p;
		memset(&p, 0, sizeof p);
		p.req.opts = TFTP_OPT_BLKSIZE | TFTP_OPT_WINDOWSIZE;
		p.req.blksize = 9000;
		p.req.windowsize = 5000;
		p.size = 10;
		p.blksize_max = 1468;
		p.window_max = 64;
		tftp_session_init(&s, &p, now);
		is_int(s.req.blksize, 1468, "blksize clamped to the interface MTU");
		is_int(s.req.windowsize, 64, "windowsize clamped to our maximum");
	}
}

static void
test_window_gap(void)
{
	struct tftp_session	 s;
	struct tftp_out		 o;

	now = 0;
	mk(&s, 512 * 10 + 1, TFTP_OPT_WINDOWSIZE, 0, 4, &o);
	ack(&s, 0, &o);
	ok(o.first == 1 && o.count == 4, "window of 4: blocks 1-4");
	ack(&s, 2, &o);
	ok(o.first == 3 && o.count == 4 && o.retransmit,
	    "gap after 2: go back to 3, window 3-6");
	ack(&s, 2, &o);
	ok(o.count == 0, "repeated ACK 2 for the gap: nothing");
	ack(&s, 6, &o);
	ok(o.first == 7 && o.count == 4 && !o.retransmit, "ACK 6: 7-10");
	now = o.deadline;
	tftp_session_tick(&s, now, &o);
	ok(o.first == 7 && o.count == 4 && o.retransmit,
	    "timeout: resend from the last ACKed block");
	ack(&s, 10, &o);
	ok(o.first == 11 && o.count == 1, "ACK 10: the last block alone");
	ack(&s, 11, &o);
	ok(o.finished && o.state == TS_DONE, "done");
}

/*
 * Issue 15: a peer that asked for windowsize 512 with 1468-byte blocks and
 * acknowledged nothing but the OACK gets TFTP_WINDOW_INITIAL blocks, not
 * 512 x 1468 bytes, however often the timer fires; the window then grows
 * as ACKs come (8, 16, 32, ... 512) and stays whole once there.
 */
static void
test_slow_start(void)
{
	struct tftp_session	 s;
	struct tftp_out		 o;
	uint64_t		 pkts = 0, bytes = 0, hi = 0, next, w;
	int			 i, good = 1, rounds = 0;

	now = 1000;
	mk(&s, 100ULL << 20, TFTP_OPT_BLKSIZE | TFTP_OPT_WINDOWSIZE, 1468, 512,
	    &o);
	ok(o.send_oack && o.count == 0, "OACK first, no data");
	is_int(s.window, 512, "windowsize 512 agreed");
	ack(&s, 0, &o);
	ok(o.count + (o.probe != 0) == TFTP_WINDOW_INITIAL + 1,
	    "answer to ACK 0: %d packets, %d bytes (was 512, 751616)",
	    TFTP_WINDOW_INITIAL + 1, (TFTP_WINDOW_INITIAL + 1) * 1468);
	/* What goes out before the first data ACK: the ACK 0 answer, then
	 * whatever ten timeouts resend. */
	for (i = 0; i <= 10; i++) {
		if (o.count > 0) {
			pkts += o.count + (o.probe != 0);
			bytes += o.count * 1468 + (o.probe != 0) * 1468;
			if (o.first + o.count - 1 > hi)
				hi = o.first + o.count - 1;
			if (o.first != 1 || o.count > TFTP_WINDOW_INITIAL)
				good = 0;
		}
		now = o.deadline;
		tftp_session_tick(&s, now, &o);
		if (o.state == TS_FAILED)
			break;
	}
	ok(good, "every send before the first data ACK: blocks 1-%d at most",
	    TFTP_WINDOW_INITIAL);
	is_int(hi, TFTP_WINDOW_INITIAL, "no block past %d went out",
	    TFTP_WINDOW_INITIAL);
	diag("before the first data ACK: %llu packets, %llu bytes in %d "
	    "sends (a window would be %u bytes)", (unsigned long long)pkts,
	    (unsigned long long)bytes, i, 512 * 1468);
	ok(bytes <= (uint64_t)(i + 1) * (TFTP_WINDOW_INITIAL + 1) * 1468,
	    "at most %d blocks + the probe per send, %d sends: %llu bytes "
	    "where one window was %u", TFTP_WINDOW_INITIAL, i + 1,
	    (unsigned long long)bytes, 512 * 1468);

	/* Fresh, ACKing each round: the window doubles up to 512. */
	now = 1000;
	mk(&s, 100ULL << 20, TFTP_OPT_BLKSIZE | TFTP_OPT_WINDOWSIZE, 1468, 512,
	    &o);
	ack(&s, 0, &o);
	ok(o.first == 1 && o.count == TFTP_WINDOW_INITIAL &&
	    o.probe == TFTP_WINDOW_INITIAL, "ACK 0: %d blocks and the last "
	    "again, to ask for the ACK", TFTP_WINDOW_INITIAL);
	w = TFTP_WINDOW_INITIAL;
	good = 1;
	while (o.count < 512 && rounds++ < 20) {
		next = o.first + o.count;
		now += 1;
		ack(&s, (uint16_t)(next - 1), &o);
		w = w * 2 > 512 ? 512 : w * 2;
		if (o.first != next || o.count != w ||
		    o.probe != (w < 512 ? next + w - 1 : 0))
			good = 0;
	}
	ok(good && o.count == 512 && o.probe == 0,
	    "8, 16, 32, ... 512 blocks, one round each (%d rounds)", rounds);
	next = o.first + o.count;
	ack(&s, (uint16_t)(next - 1), &o);
	ok(o.first == next && o.count == 512 && o.probe == 0,
	    "then whole windows of 512, no probe");
	/* A timeout starts slow again; ACKs bring it back. */
	now = o.deadline;
	tftp_session_tick(&s, now, &o);
	ok(o.retransmit && o.count == TFTP_WINDOW_INITIAL && o.first == next,
	    "a timeout: from the last ACK, %d blocks", TFTP_WINDOW_INITIAL);

	/* W64 (BENCHMARKS.md): 64 blocks a round after three short ones. */
	now = 1000;
	mk(&s, 64ULL << 20, TFTP_OPT_BLKSIZE | TFTP_OPT_WINDOWSIZE, 1468, 64,
	    &o);
	ack(&s, 0, &o);
	rounds = 0;
	while (o.count < 64 && rounds++ < 10)
		ack(&s, (uint16_t)(o.first + o.count - 1), &o);
	is_int(rounds, 3, "W64: full after 3 short rounds (8, 16, 32)");
	ack(&s, (uint16_t)(o.first + o.count - 1), &o);
	ok(o.count == 64 && o.probe == 0, "and 64 per round from then on");

	/* Windows of 8 or less, and lockstep: unchanged. */
	now = 1000;
	mk(&s, 100000, TFTP_OPT_WINDOWSIZE, 0, 8, &o);
	ack(&s, 0, &o);
	ok(o.count == 8 && o.probe == 0, "windowsize 8: whole from the start");
}

static void
test_rollover_and_big(void)
{
	struct tftp_session	 s;
	struct tftp_out		 o;
	uint64_t		 b, size = 8ULL * 70000 + 3;
	int			 good = 1;

	now = 0;
	mk(&s, size, TFTP_OPT_BLKSIZE, 8, 0, &o);
	ack(&s, 0, &o);
	for (b = 1; b < s.nblocks && good; b++) {
		if (o.first != b || o.count != 1)
			good = 0;
		ack(&s, (uint16_t)b, &o);
	}
	ok(good, "blocks 1..70000 sent in order across the 16-bit wrap");
	ok(o.first == 70001 && (uint16_t)o.first == 70001 - 65536,
	    "block 70001 goes on the wire as %u", (unsigned)(uint16_t)o.first);
	ack(&s, (uint16_t)70001, &o);
	ok(o.finished && tftp_session_bytes(&s) == size,
	    "rollover: done with every byte");

	/* A 5 GiB file at the largest block size. */
	size = 5ULL << 30;
	mk(&s, size, TFTP_OPT_BLKSIZE, 65464, 0, &o);
	ack(&s, 0, &o);
	for (b = 1; b <= s.nblocks && !o.finished; b++)
		ack(&s, (uint16_t)b, &o);
	ok(o.finished && o.state == TS_DONE, "5 GiB file completes");
	ok(tftp_session_block_off(&s, s.nblocks) > (4ULL << 30),
	    "last block offset beyond 4 GiB");
	is_int(tftp_session_bytes(&s), size, "5 GiB acknowledged");
	is_int(tftp_session_block_len(&s, s.nblocks), size % 65464,
	    "last block length");
}

static void
test_last_ack_lost(void)
{
	struct tftp_session	 s;
	struct tftp_out		 o;
	int			 n = 0;

	now = 0;
	mk(&s, 1000, 0, 0, 0, &o);
	ack(&s, 1, &o);			/* DATA 2, the last, goes out */
	while (!o.finished && n < 20) {
		now = o.deadline;
		tftp_session_tick(&s, now, &o);
		n++;
	}
	ok(o.finished && o.state == TS_DONE && s.unconfirmed,
	    "last ACK lost, client silent: done (unconfirmed)");
	is_int(n, TFTP_LAST_BLOCK_RESENDS + 1, "after %d resends of the last block",
	    TFTP_LAST_BLOCK_RESENDS);
	ok(!o.send_error, "without an error to a port the client may reuse");

	mk(&s, 1000, 0, 0, 0, &o);
	ack(&s, 1, &o);
	for (n = 0; n < 8; n++) {
		now = o.deadline;
		tftp_session_tick(&s, now, &o);
		ack(&s, 1, &o);		/* the client still waits for block 2 */
	}
	ok(!o.finished && s.state == TS_WAIT_LAST_ACK,
	    "a client still ACKing the previous block keeps it going");
}

static void
test_give_up(void)
{
	struct tftp_session	 s;
	struct tftp_out		 o;
	uint64_t		 last = 0, max_gap = 0;
	int			 n = 0;

	now = 1000000;
	mk(&s, 100000, 0, 0, 0, &o);
	ack(&s, 1, &o);			/* last_rx = 1000000 */
	while (!o.finished && n < 1000) {
		if (o.deadline - now > max_gap)
			max_gap = o.deadline - now;
		now = o.deadline;
		last = now;
		tftp_session_tick(&s, now, &o);
		n++;
	}
	ok(o.finished && o.state == TS_FAILED, "silent peer: gave up");
	is_int(last - 1000000, 30000, "exactly at the idle limit (30 s)");
	ok(o.send_error && o.err_code == 0, "with an error 0 to the peer");
	ok(max_gap <= TFTP_RTO_MAX_MS, "backoff capped at %d ms", TFTP_RTO_MAX_MS);
	ok(n < 20, "%d retransmissions in 30 s, not a storm", n);
}

static void
test_rtt(void)
{
	struct tftp_session	 s;
	struct tftp_out		 o;
	uint16_t		 b;

	now = 0;
	mk(&s, 512 * 50, 0, 0, 0, &o);
	for (b = 1; b <= 20; b++) {
		now += 2;		/* 2 ms round trips */
		ack(&s, b, &o);
	}
	is_int(s.rto, TFTP_RTO_MIN_MS, "LAN RTT: RTO at the floor");
	for (; b <= 40; b++) {
		now += 200;
		ack(&s, b, &o);
	}
	ok(s.rto >= 200 && s.rto <= 1000, "200 ms RTT: RTO %u follows", s.rto);
	now = o.deadline;
	tftp_session_tick(&s, now, &o);
	ok(o.retransmit && s.rtt_sent_at == 0, "Karn: a resent block is not timed");

	mk(&s, 5000, TFTP_OPT_TIMEOUT, 0, 0, &o);
	is_int(o.deadline - now, 2000, "client timeout 2 s honoured for the OACK");
	ack(&s, 0, &o);
	now = o.deadline;
	tftp_session_tick(&s, now, &o);
	is_int(o.deadline - now, 2000, "and kept (no estimate overrides it)");
}

static void
test_foreign_error_junk(void)
{
	struct tftp_session	 s;
	struct tftp_out		 o;
	uint8_t			 junk[3] = { 0, 4, 0 };
	uint8_t			 err[] = "\0\5\0\3disk full\n";
	uint8_t			 data[] = { 0, 3, 0, 1, 'x' };
	size_t			 i;

	now = 0;
	mk(&s, 5000, 0, 0, 0, &o);
	tftp_session_foreign(&s, &o);
	ok(o.send_error && o.err_code == 5, "foreign TID: error 5");
	ok(!o.finished && s.state == TS_WAIT_ACK, "and the transfer goes on");
	for (i = 0; i <= 3; i++) {
		tftp_session_input(&s, junk, i, now, &o);
		ok(o.count == 0 && !o.finished && !o.send_error,
		    "%zu-byte packet dropped", i);
	}
	ack(&s, 1, &o);
	ok(o.first == 2, "still going");
	tftp_session_input(&s, err, sizeof err - 1, now, &o);
	ok(o.finished && o.state == TS_FAILED && !o.send_error,
	    "client ERROR ends it, no reply");
	ok(strstr(s.err_msg, "error 3") != NULL && strstr(s.err_msg, "\\x0a") != NULL,
	    "its message kept, sanitised: %s", s.err_msg);

	mk(&s, 5000, 0, 0, 0, &o);
	tftp_session_input(&s, data, sizeof data, now, &o);
	ok(o.finished && o.send_error && o.err_code == 4, "DATA to a server: error 4");
	mk(&s, 5000, 0, 0, 0, &o);
	tftp_session_abort(&s, 0, "Read error", &o);
	ok(o.finished && o.send_error && o.err_code == 0, "abort sends error 0");
}

int
main(void)
{
	test_lockstep();
	test_sizes();
	test_lost_data_and_ack();
	test_sorcerers_apprentice();
	test_oack();
	test_window_gap();
	test_slow_start();
	test_rollover_and_big();
	test_last_ack_lost();
	test_give_up();
	test_rtt();
	test_foreign_error_junk();
	return (done_testing());
}
