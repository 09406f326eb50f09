/*
 * The TFTP server on loopback, in-process: refusals, a full transfer,
 * the duplicate RRQ, a foreign TID, shared files, replies from the address
 * asked, give-up under a fake clock, events, and 1000 idle transfers not
 * blocking a new one.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "../tap.h"
#include "compat.h"
#define EVREC_MAX	64
#include "../lib/evrec.h"
#include "bus.h"
#include "clock.h"
#include "log.h"
#include "loop.h"
#include "tftp/tftp_files.h"
#include "tftp/tftpd.h"

static struct loop		*L;
static struct tftpd		*D;
static struct tftp_files	*F;
static unsigned			 port;
static uint8_t			 file3000[3000];

/* A tftp_error for a transfer a new request from its port ended. */
static int
abandoned_error(void)
{
	size_t	 i;

	for (i = 0; i < nevs; i++) {
		if (evs[i].type == EV_TFTP_ERROR && evs[i].u.tftp.xfer != 0 &&
		    strstr(evs[i].u.tftp.message, "abandoned") != NULL)
			return (1);
	}
	return (0);
}

static int
client(const char *ip)
{
	struct sockaddr_in	 sin;
	int			 fd;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = inet_addr(ip);
	if (fd == -1 || bind(fd, (struct sockaddr *)&sin, sizeof sin) != 0) {
		diag("client socket: %s", strerror(errno));
		exit(99);
	}
	return (fd);
}

/* The local port of a socket. */
static unsigned
from3_port(int fd)
{
	struct sockaddr_in	 sin;
	socklen_t		 sl = sizeof sin;

	if (getsockname(fd, (struct sockaddr *)&sin, &sl) != 0)
		return (0);
	return (ntohs(sin.sin_port));
}

/*
 * A second client socket on port p of 127.0.0.1, as two busybox clients
 * get when the kernel hands both the same ephemeral port.
 */
static int
client_on(unsigned p)
{
	struct sockaddr_in	 sin;
	int			 fd, on = 1;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = inet_addr("127.0.0.1");
	sin.sin_port = htons((uint16_t)p);
	if (fd == -1 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on,
	    sizeof on) != 0 || bind(fd, (struct sockaddr *)&sin,
	    sizeof sin) != 0) {
		diag("shared client socket: %s", strerror(errno));
		exit(99);
	}
	return (fd);
}

static void
send_to(int fd, const char *ip, unsigned p, const void *buf, size_t len)
{
	struct sockaddr_in	 sin;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = inet_addr(ip);
	sin.sin_port = htons((uint16_t)p);
	(void)sendto(fd, buf, len, 0, (struct sockaddr *)&sin, sizeof sin);
}

static void
pump(int n)
{
	while (n-- > 0)
		loop_run_once(L, 0);
}

/* Pump the server until fd has a datagram; its length, or -1. */
static ssize_t
recv_pkt(int fd, uint8_t *buf, size_t len, struct sockaddr_in *from)
{
	socklen_t	 fl = sizeof *from;
	ssize_t		 n;
	int		 i;

	for (i = 0; i < 400; i++) {
		n = recvfrom(fd, buf, len, 0, (struct sockaddr *)from, &fl);
		if (n >= 0)
			return (n);
		loop_run_once(L, 5);
	}
	return (-1);
}

static size_t
rrq(uint8_t *b, const char *name, const char *opts, size_t optslen)
{
	size_t	 n = 0;

	b[n++] = 0;
	b[n++] = 1;
	memcpy(b + n, name, strlen(name) + 1);
	n += strlen(name) + 1;
	memcpy(b + n, "octet", 6);
	n += 6;
	memcpy(b + n, opts, optslen);
	return (n + optslen);
}

static void
ack_to(int fd, const struct sockaddr_in *to, uint16_t blk)
{
	uint8_t	 a[4] = { 0, 4, (uint8_t)(blk >> 8), (uint8_t)blk };

	(void)sendto(fd, a, 4, 0, (const struct sockaddr *)to, sizeof *to);
}

static void
test_refusals(void)
{
	uint8_t			 b[600];
	struct sockaddr_in	 from;
	int			 c = client("127.0.0.1");
	ssize_t			 n;
	static const uint8_t	 nf[] = "\0\5\0\1File not found";

	n = (ssize_t)rrq(b, "missing.loads", "", 0);
	send_to(c, "127.0.0.1", port, b, (size_t)n);
	n = recv_pkt(c, b, sizeof b, &from);
	ok(n == sizeof nf && memcmp(b, nf, sizeof nf) == 0,
	    "missing file: error 1 \"File not found\" exactly");
	b[1] = 2;
	memcpy(b + 2, "new.bin\0octet\0", 14);
	send_to(c, "127.0.0.1", port, b, 16);
	n = recv_pkt(c, b, sizeof b, &from);
	ok(n > 4 && b[1] == 5 && b[3] == 2, "write request: error 2");
	{
		/* Issue 14: unusable values drop their options, no error 8. */
		static const char o[] = "blksize\0" "4\0tsize\0enable\0"
		    "windowsize\0" "0\0timeout\0" "x\0";
		size_t glen = 0;
		uint16_t blk = 1;
		int c2 = client("127.0.0.1"), first_ok;

		n = (ssize_t)rrq(b, "a.bin", o, sizeof o - 1);
		send_to(c2, "127.0.0.1", port, b, (size_t)n);
		n = recv_pkt(c2, b, sizeof b, &from);
		first_ok = n == 4 + 512 && b[1] == 3 && b[3] == 1;
		ok(first_ok, "blksize 4, tsize enable, windowsize 0, timeout x: "
		    "no OACK, DATA 1 of 512 bytes");
		while (n >= 4 && b[1] == 3 && (b[2] << 8 | b[3]) == blk &&
		    memcmp(b + 4, file3000 + glen, (size_t)n - 4) == 0) {
			glen += (size_t)n - 4;
			ack_to(c2, &from, blk++);
			if (n < 4 + 512)
				break;
			n = recv_pkt(c2, b, sizeof b, &from);
		}
		is_int(glen, sizeof file3000, "and the whole file comes");
		pump(5);
		close(c2);
	}
	memcpy(b, "\0\1a.bin\0netascii\0", 17);
	send_to(c, "127.0.0.1", port, b, 17);
	n = recv_pkt(c, b, sizeof b, &from);
	ok(n > 4 && b[1] == 5 && b[3] == 0 && strstr((char *)b + 4, "octet") != NULL,
	    "netascii refused with error 0 and a clear message: %s", b + 4);
	send_to(c, "127.0.0.1", port, "\0\1abc", 5);
	n = recv_pkt(c, b, sizeof b, &from);
	ok(n > 4 && b[1] == 5 && b[3] == 4, "unterminated request: error 4");
	close(c);
}

/* A whole lockstep transfer of a.bin; returns bytes matched. */
static int
fetch(int c, const char *ip, const char *name, const char *opts, size_t olen,
    uint8_t *got, size_t cap, size_t *gotlen)
{
	uint8_t			 b[2048];
	struct sockaddr_in	 from;
	ssize_t			 n;
	size_t			 len = 0;
	uint16_t		 expect = 1;

	n = (ssize_t)rrq(b, name, opts, olen);
	send_to(c, ip, port, b, (size_t)n);
	for (;;) {
		n = recv_pkt(c, b, sizeof b, &from);
		if (n < 4)
			return (-1);
		if (b[1] == 6) {
			ack_to(c, &from, 0);
			continue;
		}
		if (b[1] != 3)
			return (-1);
		if ((uint16_t)(b[2] << 8 | b[3]) != expect)
			continue;
		if (len + (size_t)(n - 4) > cap)
			return (-1);
		memcpy(got + len, b + 4, (size_t)n - 4);
		len += (size_t)n - 4;
		ack_to(c, &from, expect);
		if (n - 4 < 512)
			break;
		expect++;
	}
	*gotlen = len;
	return (0);
}

static void
test_transfer_and_events(void)
{
	uint8_t			 got[4096];
	size_t			 len = 0;
	int			 c = client("127.0.0.1");
	const struct ev		*e;

	nevs = 0;
	ok(fetch(c, "127.0.0.1", "/A.BIN", "", 0, got, sizeof got, &len) == 0,
	    "lockstep transfer completes");
	ok(len == sizeof file3000 && memcmp(got, file3000, len) == 0,
	    "byte-identical (%zu bytes)", len);
	pump(3);
	e = evrec_find(EV_TFTP_START);
	ok(e != NULL && strcmp(e->u.tftp.file, "/A.BIN") == 0 &&
	    strcmp(e->u.tftp.path, "a.bin") == 0 && e->u.tftp.size == 3000,
	    "tftp_start: file as asked, path as served, size");
	ok(e != NULL && strncmp(ev_get(e, "client"), "127.0.0.1:", 10) == 0,
	    "tftp_start: client ip:port");
	e = evrec_find(EV_TFTP_DONE);
	ok(e != NULL && e->u.tftp.bytes == 3000, "tftp_done with the bytes");
	is_int(tftpd_active(D), 0, "transfer freed");
	is_int(F->nopen(F), 0, "file closed");
	close(c);
}

/* The fake resolver: 127.0.0.2 gets its step's term file, .3 a way out. */
static int
step_resolve(void *arg, uint32_t client, const char *name, char *out,
    size_t outlen)
{
	(void)arg;
	if (strcasecmp(name, "term70.default.loads") != 0)
		return (0);
	if (client == inet_addr("127.0.0.2"))
		strlcpy(out, TFTP_FILES_STORE "/SIP70.8-5-2S/term70.default.loads",
		    outlen);
	else if (client == inet_addr("127.0.0.3"))
		strlcpy(out, TFTP_FILES_STORE "/../b.bin", outlen);
	else
		return (0);
	return (1);
}

/* Per-client answers: each address its file, the default for others. */
static void
test_resolver(void)
{
	uint8_t			 got[4096], b[600];
	struct sockaddr_in	 from;
	size_t			 len = 0;
	ssize_t			 n;
	int			 c1 = client("127.0.0.1"), c2 = client("127.0.0.2");
	int			 c3 = client("127.0.0.3");
	const struct ev		*e;

	tftp_files_set_resolver(F, step_resolve, NULL);
	nevs = 0;
	ok(fetch(c2, "127.0.0.1", "/TERM70.default.loads", "", 0, got,
	    sizeof got, &len) == 0 && len == 4 && memcmp(got, "step", 4) == 0,
	    "resolver: 127.0.0.2 gets its step's term file");
	pump(3);
	e = evrec_find(EV_TFTP_START);
	ok(e != NULL && strcmp(e->u.tftp.file, "/TERM70.default.loads") == 0 &&
	    strcmp(e->u.tftp.path, TFTP_FILES_STORE
	    "/SIP70.8-5-2S/term70.default.loads") == 0,
	    "tftp_start: asked name, the kept file as served path");
	ok(fetch(c1, "127.0.0.1", "term70.default.loads", "", 0, got,
	    sizeof got, &len) == 0 && len == 7 && memcmp(got, "default", 7) == 0,
	    "resolver: 127.0.0.1 gets the served default");
	n = (ssize_t)rrq(b, "term70.default.loads", "", 0);
	send_to(c3, "127.0.0.1", port, b, (size_t)n);
	n = recv_pkt(c3, b, sizeof b, &from);
	ok(n > 4 && b[1] == 5 && b[3] == 2,
	    "resolver: an override with '..' is refused (error 2)");
	tftp_files_set_resolver(F, NULL, NULL);
	ok(fetch(c2, "127.0.0.1", "term70.default.loads", "", 0, got,
	    sizeof got, &len) == 0 && len == 7, "no resolver: the default again");
	pump(5);
	is_int(F->nopen(F), 0, "resolver: files closed");
	close(c1);
	close(c2);
	close(c3);
}

/*
 * The same RRQ sent after the transfer's first ACK comes from another
 * socket on that port (busybox sets SO_REUSEADDR, so two of its clients
 * started at once can share an ephemeral port): it is served too, and the
 * first transfer goes on.
 */
static void
test_shared_port(void)
{
	uint8_t			 b[2048];
	struct sockaddr_in	 from, from2;
	struct tftpd_stats	 st;
	size_t			 n, act = tftpd_active(D);
	ssize_t			 r;
	int			 c6, c7;

	c6 = client_on(0);
	n = rrq(b, "a.bin", "", 0);
	send_to(c6, "127.0.0.1", port, b, n);
	r = recv_pkt(c6, b, sizeof b, &from);
	ok(r == 516 && b[3] == 1, "shared port: first client at DATA 1");
	(void)connect(c6, (struct sockaddr *)&from, sizeof from);
	ack_to(c6, &from, 1);
	r = recv_pkt(c6, b, sizeof b, &from2);
	ok(r == 516 && b[3] == 2, "first client at DATA 2");
	c7 = client_on(from3_port(c6));
	n = rrq(b, "a.bin", "", 0);
	send_to(c7, "127.0.0.1", port, b, n);
	r = recv_pkt(c7, b, sizeof b, &from2);
	ok(r == 516 && b[3] == 1 && from2.sin_port != from.sin_port,
	    "the same RRQ after the first ACK: another client, served");
	tftpd_get_stats(D, &st);
	is_int(st.shared_ports, 1, "counted as a shared port");
	is_int(tftpd_active(D), act + 2, "in a transfer of its own");
	ack_to(c6, &from, 2);
	r = recv_pkt(c6, b, sizeof b, &from2);
	ok(r == 516 && b[3] == 3 && from2.sin_port == from.sin_port,
	    "the first client's transfer goes on: DATA 3");
	close(c6);
	close(c7);
}

static void
test_dup_rrq_foreign_shared(void)
{
	uint8_t			 b[2048];
	struct sockaddr_in	 from, from2;
	struct tftpd_stats	 st;
	int			 c = client("127.0.0.1"), c2 = client("127.0.0.1");
	int			 c3 = client("127.0.0.1"), c4;
	size_t			 n, act;
	ssize_t			 r;

	n = rrq(b, "a.bin", "", 0);
	send_to(c, "127.0.0.1", port, b, n);
	r = recv_pkt(c, b, sizeof b, &from);
	ok(r == 516 && b[1] == 3 && b[3] == 1, "DATA 1");
	n = rrq(b, "a.bin", "", 0);
	send_to(c, "127.0.0.1", port, b, n);	/* the phone resends its RRQ */
	pump(5);
	tftpd_get_stats(D, &st);
	is_int(st.dup_rrqs, 1, "retransmitted RRQ recognised");
	is_int(tftpd_active(D), 1, "no second transfer");

	/* A stranger writes to our transfer port. */
	ack_to(c2, &from, 1);
	r = recv_pkt(c2, b, sizeof b, &from2);
	ok(r > 4 && b[1] == 5 && b[3] == 5, "foreign TID: error 5");
	ok(from2.sin_port == from.sin_port, "from the transfer's port");
	ack_to(c, &from, 1);
	r = recv_pkt(c, b, sizeof b, &from2);
	ok(r == 516 && b[3] == 2, "the transfer goes on: DATA 2");

	/* A second transfer of the same file shares its descriptor. */
	n = rrq(b, "a.bin", "", 0);
	send_to(c3, "127.0.0.1", port, b, n);
	r = recv_pkt(c3, b, sizeof b, &from2);
	ok(r == 516, "second client served");
	is_int(tftpd_active(D), 2, "two transfers");
	is_int(F->nopen(F), 1, "one shared open file");
	/*
	 * A copy of the RRQ that reached the kernel before the client's
	 * ACK is a copy, even when the server reads it after the ACK.
	 */
	n = rrq(b, "a.bin", "", 0);
	send_to(c3, "127.0.0.1", port, b, n);
	ack_to(c3, &from2, 1);
	r = recv_pkt(c3, b, sizeof b, &from2);
	ok(r == 516 && b[3] == 2, "second client at DATA 2");
	pump(5);
	tftpd_get_stats(D, &st);
	is_int(st.dup_rrqs, 2, "a late copy of the RRQ mid-transfer ignored");
	is_int(tftpd_active(D), 2, "still two transfers");
	/* Waiting only for the last ACK, the same RRQ is a new client. */
	c4 = client("127.0.0.1");
	n = rrq(b, "c.bin", "", 0);
	send_to(c4, "127.0.0.1", port, b, n);
	r = recv_pkt(c4, b, sizeof b, &from2);
	ack_to(c4, &from2, 1);
	r = recv_pkt(c4, b, sizeof b, &from2);
	ok(r == 4 + 88 && b[3] == 2, "c.bin: the last block is out");
	n = rrq(b, "c.bin", "", 0);
	send_to(c4, "127.0.0.1", port, b, n);
	r = recv_pkt(c4, b, sizeof b, &from);
	ok(r == 516 && b[3] == 1 && from.sin_port != from2.sin_port,
	    "then the same RRQ from that port starts over (a reused port)");
	close(c4);
	/* Same port, another file: the old transfer is dropped. */
	act = tftpd_active(D);
	n = rrq(b, "b.bin", "", 0);
	send_to(c3, "127.0.0.1", port, b, n);
	r = recv_pkt(c3, b, sizeof b, &from2);
	ok(r == 4 + 10 && b[3] == 1, "new request from the same port served");
	is_int(tftpd_active(D), act, "replacing, not adding");
	ok(abandoned_error(), "the replaced transfer gets its tftp_error");
	close(c);
	close(c2);
	close(c3);
}

static void
test_oack_and_address(void)
{
	uint8_t			 b[2048];
	struct sockaddr_in	 from;
	static const uint8_t	 want[] = "\0\6tsize\0" "3000\0blksize\0" "1024\0";
	int			 c = client("127.0.0.1");
	size_t			 n;
	ssize_t			 r;

	n = rrq(b, "a.bin", "tsize\0" "0\0blksize\0" "1024\0" "foo\0bar\0", 29);
	send_to(c, "127.0.0.2", port, b, n);
	r = recv_pkt(c, b, sizeof b, &from);
	ok(r == sizeof want - 1 && memcmp(b, want, sizeof want - 1) == 0,
	    "OACK byte-exact, unknown option ignored");
	ok(from.sin_addr.s_addr == inet_addr("127.0.0.2"),
	    "reply from the address the request went to (127.0.0.2)");
	ack_to(c, &from, 0);
	r = recv_pkt(c, b, sizeof b, &from);
	ok(r == 4 + 1024 && b[3] == 1, "ACK 0 -> DATA 1 of 1024 bytes");
	close(c);
}

static void
test_give_up(void)
{
	uint64_t		 fake = clock_now_ms() + 1000, start;
	uint8_t			 b[1024];
	struct sockaddr_in	 from;
	struct tftpd		*d;
	struct tftpd_config	 cfg;
	const struct ev		*e;
	char			 err[128];
	int			 c = client("127.0.0.1");
	size_t			 n;
	ssize_t			 r;
	unsigned		 p0 = port;

	clock_set_fake(&fake);
	memset(&cfg, 0, sizeof cfg);
	cfg.addr = inet_addr("127.0.0.1");
	cfg.idle_ms = 30000;
	d = tftpd_new(L, F, &cfg, err, sizeof err);
	port = tftpd_port(d);
	n = rrq(b, "a.bin", "", 0);
	send_to(c, "127.0.0.1", port, b, n);
	r = recv_pkt(c, b, sizeof b, &from);
	ok(r == 516, "transfer started under a fake clock");
	start = fake;
	nevs = 0;
	while (tftpd_active(d) > 0 && fake - start < 100000) {
		fake += 500;
		loop_run_once(L, 0);
	}
	is_int(tftpd_active(d), 0, "silent client: transfer freed");
	ok(fake - start >= 30000 && fake - start <= 30500,
	    "after 30 s of silence (%llu ms)", (unsigned long long)(fake - start));
	pump(2);
	e = evrec_find(EV_TFTP_ERROR);
	ok(e != NULL && e->u.tftp.xfer != 0, "tftp_error posted for it");
	tftpd_free(d);
	clock_set_fake(NULL);
	port = p0;
	close(c);
}

/*
 * Issue 15: one address flooding RRQs from many ports holds at most its
 * cap; every further request gets "Server busy"; another address is
 * served meanwhile; a slot the flooder frees is its own again.
 */
static void
test_per_peer(void)
{
	enum { CAP = 8, FLOOD = 40 };
	static int		 fds[FLOOD];
	struct tftpd_config	 cfg;
	struct tftpd_stats	 st;
	struct sockaddr_in	 from;
	struct tftpd		*d;
	uint8_t			 b[1024], got[4096];
	char			 err[128];
	unsigned		 p0 = port;
	size_t			 n, i, busy = 0, len = 0;
	struct sockaddr_in	 sfrom;
	ssize_t			 r;
	int			 c, served = -1;

	memset(&cfg, 0, sizeof cfg);
	cfg.max_per_peer = CAP;
	d = tftpd_new(L, F, &cfg, err, sizeof err);
	if (!ok(d != NULL, "server with a cap of %d per address", CAP))
		return;
	port = tftpd_port(d);
	n = rrq(b, "c.bin", "", 0);
	for (i = 0; i < FLOOD; i++) {
		fds[i] = client("127.0.0.1");
		send_to(fds[i], "127.0.0.1", port, b, n);
	}
	pump(20);
	is_int(tftpd_active(d), CAP, "40 requests from 40 ports of one "
	    "address: it holds 8 transfers");
	for (i = 0; i < FLOOD; i++) {
		r = recv_pkt(fds[i], b, sizeof b, &from);
		if (r > 4 && b[1] == 5 && strstr((char *)b + 4, "busy") != NULL)
			busy++;
		else if (r == 516 && b[1] == 3 && served == -1) {
			served = (int)i;
			sfrom = from;
		}
	}
	is_int(busy, FLOOD - CAP, "the other 32 get \"Server busy\"");
	tftpd_get_stats(d, &st);
	is_int(st.peer_busy, FLOOD - CAP, "counted as over the cap");
	c = client("127.0.0.2");
	ok(fetch(c, "127.0.0.1", "a.bin", "", 0, got, sizeof got, &len) == 0 &&
	    len == sizeof file3000 && memcmp(got, file3000, len) == 0,
	    "meanwhile another address gets its file in full");
	close(c);
	n = rrq(b, "b.bin", "", 0);
	c = client("127.0.0.1");
	send_to(c, "127.0.0.1", port, b, n);
	r = recv_pkt(c, b, sizeof b, &from);
	ok(r > 4 && b[1] == 5, "while it holds 8, a 41st port is refused too");
	close(c);
	/* One of its transfers ends: that slot is the flooder's again. */
	if (served >= 0) {
		ack_to(fds[served], &sfrom, 1);
		r = recv_pkt(fds[served], b, sizeof b, &from);
		ack_to(fds[served], &sfrom, 2);
		pump(5);
	}
	is_int(tftpd_active(d), CAP - 1, "one transfer done: 7 held");
	n = rrq(b, "b.bin", "", 0);
	c = client("127.0.0.1");
	send_to(c, "127.0.0.1", port, b, n);
	r = recv_pkt(c, b, sizeof b, &from);
	ok(r == 4 + 10 && b[1] == 3, "and a new request from it is served");
	close(c);
	for (i = 0; i < FLOOD; i++)
		close(fds[i]);
	tftpd_free(d);
	port = p0;
}

/* Requests from sources no client can have are dropped unanswered. */
static void
test_bad_source(void)
{
	struct tftpd_config	 cfg;
	static const struct {
		const char	*ip;
		int		 bad;
	} t[] = {
		{ "198.18.5.2", 0 }, { "198.18.5.254", 0 }, { "10.1.2.3", 0 },
		{ "127.0.0.1", 0 }, { "198.18.5.0", 1 }, { "198.18.5.255", 1 },
		{ "255.255.255.255", 1 }, { "0.0.0.0", 1 }, { "0.1.2.3", 1 },
		{ "224.0.0.1", 1 }, { "239.255.255.250", 1 }, { "240.0.0.1", 1 },
		{ "198.18.5.1", 1 }, { "198.18.9.9", 1 },
	};
	size_t	 i;
	int	 good = 1;

	memset(&cfg, 0, sizeof cfg);
	cfg.addr = inet_addr("198.18.5.1");
	cfg.plen = 24;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		const char *why = tftpd_bad_source(&cfg, inet_addr(t[i].ip),
		    inet_addr("198.18.9.9"));
		if ((why != NULL) != t[i].bad) {
			diag("%s: %s", t[i].ip, why != NULL ? why : "allowed");
			good = 0;
		}
	}
	ok(good, "broadcast, network, multicast, 0/8, 240/4 and our own "
	    "addresses refused; others allowed");
	cfg.loopback = 1;
	ok(tftpd_bad_source(&cfg, inet_addr("198.18.5.1"), cfg.addr) == NULL,
	    "on loopback our own address is every client's");
	ok(tftpd_bad_source(&cfg, inet_addr("198.18.5.255"), cfg.addr) != NULL,
	    "but never the broadcast address");
}

static void
test_thousand(void)
{
	static int		 fds[1000];
	struct rlimit		 rl;
	uint8_t			 got[4096], b[64];
	size_t			 len = 0, i, n, before = tftpd_active(D);
	size_t			 open0 = F->nopen(F);
	int			 c;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_max < 2200) {
		skip(1, "fd limit too low for 1000 transfers");
		return;
	}
	rl.rlim_cur = rl.rlim_max < 8192 ? rl.rlim_max : 8192;
	setrlimit(RLIMIT_NOFILE, &rl);
	n = rrq(b, "big.bin", "", 0);
	for (i = 0; i < 1000; i++) {
		fds[i] = client("127.0.0.1");
		send_to(fds[i], "127.0.0.1", port, b, n);
		if (i % 50 == 49)
			pump(3);
	}
	pump(20);
	is_int(tftpd_active(D) - before, 1000, "1000 transfers in progress");
	is_int(F->nopen(F) - open0, 1, "sharing one open file");
	c = client("127.0.0.1");
	ok(fetch(c, "127.0.0.1", "a.bin", "", 0, got, sizeof got, &len) == 0 &&
	    len == 3000, "a new request is served in full alongside them");
	close(c);
	for (i = 0; i < 1000; i++)
		close(fds[i]);
}

int
main(void)
{
	struct tftpd_config	 cfg;
	static uint8_t		 big[100000];
	char			 err[128];
	size_t			 i;

	for (i = 0; i < sizeof file3000; i++)
		file3000[i] = (uint8_t)(i * 7 + 3);
	log_set_level(LOG_LVL_WARN);
	L = loop_new();
	loop_add_post_hook(L, bus_dispatch_hook, NULL);
	bus_subscribe(EV_MASK_ALL, evrec_cb, NULL);
	F = tftp_files_mem_new();
	tftp_files_mem_add(F, "a.bin", file3000, sizeof file3000);
	tftp_files_mem_add(F, "b.bin", "0123456789", 10);
	tftp_files_mem_add(F, "c.bin", file3000, 600);
	tftp_files_mem_add(F, "big.bin", big, sizeof big);
	tftp_files_mem_add(F, "term70.default.loads", "default", 7);
	tftp_files_mem_add(F, TFTP_FILES_STORE
	    "/SIP70.8-5-2S/term70.default.loads", "step", 4);
	memset(&cfg, 0, sizeof cfg);
	cfg.addr = htonl(INADDR_ANY);
	cfg.max_per_peer = 2000;	/* test_thousand: 1000 from one address */
	D = tftpd_new(L, F, &cfg, err, sizeof err);
	if (!ok(D != NULL, "server on loopback: %s", D != NULL ? "up" : err))
		return (done_testing());
	port = tftpd_port(D);

	test_refusals();
	test_transfer_and_events();
	test_resolver();
	test_dup_rrq_foreign_shared();
	test_shared_port();
	test_oack_and_address();
	test_give_up();
	test_per_peer();
	test_bad_source();
	test_thousand();

	tftpd_free(D);
	F->free(F);
	bus_reset();
	loop_free(L);
	return (done_testing());
}
