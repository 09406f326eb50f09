/*
 * The HTTP side: httpd_plan()'s name mapping, methods and ranges over the
 * in-memory provider, then the server itself on loopback, driven by our
 * loop in-process (a GET, a HEAD, a 404, a 405 and their events).
 */
#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
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
#include "http/httpd.h"
#include "tftp/tftp_files.h"

/* plan() and close what it opened; returns the status. */
static int
st(struct tftp_files *f, const char *m, const char *t, const char *range,
    struct httpd_plan *pl)
{
	int	 s = httpd_plan(f, 0, m, t, range, NULL, pl);

	if (pl->file != NULL)
		f->close(f, pl->file);
	return (s);
}

static void
test_plan(void)
{
	struct tftp_files	*f = tftp_files_mem_new();
	struct httpd_plan	 pl;
	uint64_t		 off, len;

	tftp_files_mem_add(f, "SCCP70.9-4-2SR3-1S.loads", "0123456789", 10);
	tftp_files_mem_add(f, "US/g3-tones.xml", "tones", 5);

	is_int(st(f, "GET", "/SCCP70.9-4-2SR3-1S.loads", NULL, &pl), 200,
	    "GET an exact name");
	is_str(pl.served, "SCCP70.9-4-2SR3-1S.loads", "served as stored");
	ok(pl.off == 0 && pl.len == 10 && pl.size == 10 && !pl.head,
	    "the whole file");
	is_int(st(f, "GET", "/sccp70.9-4-2sr3-1s.LOADS", NULL, &pl), 200,
	    "letter case matched when the exact name is missing");
	is_int(st(f, "GET", "//US\\G3-TONES.xml", NULL, &pl), 200,
	    "leading slashes and a backslash");
	is_str(pl.served, "US/g3-tones.xml", "... served as US/g3-tones.xml");
	is_int(st(f, "GET", "/US%5cg3-tones.xml?v=1#x", NULL, &pl), 200,
	    "%%5c is a backslash; query and fragment dropped");
	is_int(st(f, "GET", "http://198.18.0.1:6970/US/g3-tones.xml", NULL,
	    &pl), 200, "an absolute-form target");
	is_int(st(f, "HEAD", "/US/g3-tones.xml", NULL, &pl), 200, "HEAD");
	ok(pl.head, "HEAD is headers only");
	is_int(st(f, "GET", "/missing", NULL, &pl), 404, "missing: 404");
	is_int(st(f, "GET", "/", NULL, &pl), 404, "the root: 404, no listing");
	is_int(st(f, "GET", "/US", NULL, &pl), 404, "a directory: 404");
	is_int(st(f, "GET", "/.phonerescue/x", NULL, &pl), 404,
	    "a hidden entry: 404");
	is_int(st(f, "GET", "/../US/g3-tones.xml", NULL, &pl), 403, "..: 403");
	is_int(st(f, "GET", "/%2e%2e/US/g3-tones.xml", NULL, &pl), 403,
	    "%%2e%%2e: 403");
	is_int(st(f, "GET", "/US%2f..%2f..%2fx", NULL, &pl), 403,
	    "%%2f..: 403");
	is_int(st(f, "GET", "/..\\x", NULL, &pl), 403, "..\\: 403");
	is_int(st(f, "GET", "/US/g3-tones.xml%00.png", NULL, &pl), 400,
	    "%%00: 400, not a cut name");
	is_int(st(f, "GET", "/US/g3\x01tones.xml", NULL, &pl), 400,
	    "a raw control byte: 400");
	is_int(st(f, "POST", "/US/g3-tones.xml", NULL, &pl), 405, "POST: 405");
	is_str(pl.asked, "/US/g3-tones.xml", "... naming the target");
	is_int(st(f, "PUT", "/new", NULL, &pl), 405, "PUT: 405");
	is_int(st(f, "get", "/US/g3-tones.xml", NULL, &pl), 405,
	    "methods are case-sensitive (RFC 9110 9.1)");
	is_int(st(f, "OPTIONS", "*", NULL, &pl), 405, "OPTIONS: 405");

	/* Ranges */
	is_int(st(f, "GET", "/SCCP70.9-4-2SR3-1S.loads", "bytes=2-4", &pl),
	    206, "one range: 206");
	ok(pl.off == 2 && pl.len == 3, "bytes=2-4 is 3 bytes at 2");
	is_int(st(f, "GET", "/SCCP70.9-4-2SR3-1S.loads", "bytes=10-", &pl),
	    416, "past the end: 416");
	is_int(st(f, "GET", "/SCCP70.9-4-2SR3-1S.loads", "bytes=0-1,4-5",
	    &pl), 200, "several ranges: the whole file");
	is_int(st(f, "GET", "/SCCP70.9-4-2SR3-1S.loads", "lines=1-2", &pl),
	    200, "another unit: the whole file");
	ok(httpd_plan(f, 0, "GET", "/SCCP70.9-4-2SR3-1S.loads", "bytes=1-2",
	    "\"x\"", &pl) == 200 && pl.len == 10, "If-Range: the whole file");
	f->close(f, pl.file);
	ok(httpd_parse_range("bytes=7-", 10, &off, &len) == 1 && off == 7 &&
	    len == 3, "bytes=7-");
	ok(httpd_parse_range("bytes=-4", 10, &off, &len) == 1 && off == 6 &&
	    len == 4, "bytes=-4: the last 4");
	ok(httpd_parse_range("bytes=-40", 10, &off, &len) == 1 && off == 0 &&
	    len == 10, "bytes=-40: all 10");
	ok(httpd_parse_range("bytes=3-999", 10, &off, &len) == 1 && off == 3 &&
	    len == 7, "an end past the size is cut");
	is_int(httpd_parse_range("bytes=-0", 10, &off, &len), -1,
	    "bytes=-0: unsatisfiable");
	is_int(httpd_parse_range("bytes=5-2", 10, &off, &len), 0,
	    "end before start: ignored");
	is_int(httpd_parse_range("bytes=x-2", 10, &off, &len), 0,
	    "not a number: ignored");
	is_int(httpd_parse_range("bytes=99999999999999999999-", 10, &off,
	    &len), 0, "past 2^64: ignored");
	is_int((int)f->nopen(f), 0, "every file closed again");
	f->free(f);
}

/*
 * One request over loopback; the loop turns until the answer is whole,
 * then until the server's thread finished the request (its events are
 * then in the bus's side queue) and the loop delivered them.
 */
static size_t
roundtrip(struct loop *l, struct httpd *d, const char *req, char *buf,
    size_t buflen)
{
	struct sockaddr_in	 sin;
	struct httpd_stats	 hs;
	uint64_t		 until = clock_now_ms() + 5000, ended;
	size_t			 got = 0;
	ssize_t			 n;
	int			 s;

	httpd_get_stats(d, &hs);
	ended = hs.ended;
	s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)httpd_port(d));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	(void)connect(s, (struct sockaddr *)&sin, sizeof sin);
	while (clock_now_ms() < until) {
		loop_run_once(l, 10);
		if (req != NULL && send(s, req, strlen(req), MSG_NOSIGNAL) > 0)
			req = NULL;
		n = recv(s, buf + got, buflen - 1 - got, 0);
		if (n == 0)
			break;		/* Connection: close */
		if (n > 0)
			got += (size_t)n;
	}
	close(s);
	do {
		loop_run_once(l, 10);
		httpd_get_stats(d, &hs);
	} while (hs.ended == ended && clock_now_ms() < until);
	bus_threads_flush();
	bus_dispatch();
	buf[got] = '\0';
	return (got);
}

/* 127.0.0.1 and 10.0.0.1 get the kept 8.5(2) term file; others not. */
static int
step_resolve(void *arg, uint32_t client, const char *name, char *out,
    size_t outlen)
{
	(void)arg;
	if ((client != htonl(INADDR_LOOPBACK) && client != htonl(0x0a000001)) ||
	    strcasecmp(name, "term70.default.loads") != 0)
		return (0);
	strlcpy(out, TFTP_FILES_STORE "/SIP70.8-5-2S/term70.default.loads",
	    outlen);
	return (1);
}

static int
escape_resolve(void *arg, uint32_t client, const char *name, char *out,
    size_t outlen)
{
	(void)arg;
	(void)client;
	(void)name;
	strlcpy(out, "../../etc/passwd", outlen);
	return (1);
}

/* The same per-client hook as TFTP's, through httpd_plan. */
static void
test_resolver(void)
{
	struct tftp_files	*f = tftp_files_mem_new();
	struct httpd_plan	 pl;
	char			 b[8];
	ssize_t			 n;

	tftp_files_mem_add(f, "term70.default.loads", "default", 7);
	tftp_files_mem_add(f, TFTP_FILES_STORE
	    "/SIP70.8-5-2S/term70.default.loads", "step", 4);
	tftp_files_set_resolver(f, step_resolve, NULL);
	ok(httpd_plan(f, htonl(0x0a000001), "GET", "/Term70.default.loads",
	    NULL, NULL, &pl) == 200 && pl.size == 4 && strcmp(pl.served,
	    TFTP_FILES_STORE "/SIP70.8-5-2S/term70.default.loads") == 0,
	    "resolver: 10.0.0.1 gets its step's file");
	n = pl.file != NULL ? f->read_block(f, pl.file, 0, b, sizeof b) : -1;
	ok(n == 4 && memcmp(b, "step", 4) == 0, "resolver: its bytes");
	if (pl.file != NULL)
		f->close(f, pl.file);
	ok(httpd_plan(f, htonl(0x0a000002), "GET", "/term70.default.loads",
	    NULL, NULL, &pl) == 200 && pl.size == 7 &&
	    strcmp(pl.served, "term70.default.loads") == 0,
	    "resolver: 10.0.0.2 gets the served default");
	if (pl.file != NULL)
		f->close(f, pl.file);
	is_int(st(f, "GET", "/" TFTP_FILES_STORE
	    "/SIP70.8-5-2S/term70.default.loads", NULL, &pl), 404,
	    "resolver: the store is not asked for by name");
	tftp_files_set_resolver(f, escape_resolve, NULL);
	is_int(st(f, "GET", "/term70.default.loads", NULL, &pl), 403,
	    "resolver: an override with '..' is refused (403)");
	f->free(f);
}

/* The server on loopback over f, its events recorded; NULL: told. */
static struct httpd *
server_up(struct loop *l, struct tftp_files *f, const char *what)
{
	struct httpd_config	 cfg;
	struct httpd		*d;
	char			 err[256];

	loop_add_post_hook(l, bus_dispatch_hook, NULL);
	bus_subscribe(EV_MASK_ALL, evrec_cb, NULL);
	memset(&cfg, 0, sizeof cfg);
	cfg.addr = htonl(INADDR_LOOPBACK);
	d = httpd_new(l, f, &cfg, err, sizeof err);
	if (d != NULL && httpd_run(d, err, sizeof err) != 0) {
		httpd_free(d);
		d = NULL;
	}
	ok(d != NULL, "httpd %s: %s", what, d == NULL ? err : "started");
	return (d);
}

/* Stop it: every file closed, the loop and the bus as they were. */
static void
server_down(struct loop *l, struct httpd *d, struct tftp_files *f)
{
	httpd_free(d);
	is_int((int)f->nopen(f), 0, "no file left open");
	f->free(f);
	bus_reset();
	loop_free(l);
}

static void
test_server(void)
{
	struct tftp_files	*f = tftp_files_mem_new();
	struct loop		*l = loop_new();
	struct httpd		*d;
	struct httpd_stats	 hs;
	const struct ev		*e;
	char			 buf[8192];
	static char		 big[200000];
	size_t			 i, n, from;

	for (i = 0; i < sizeof big; i++)
		big[i] = (char)(i * 7);
	tftp_files_mem_add(f, "jar70sip.sbn", big, sizeof big);
	tftp_files_mem_add(f, "term70.default.loads", "default", 7);
	tftp_files_mem_add(f, TFTP_FILES_STORE
	    "/SIP70.8-5-2S/term70.default.loads", "step", 4);
	d = server_up(l, f, "on 127.0.0.1");
	if (d == NULL)
		return;
	ok(httpd_port(d) != 0, "on a port of its own (%u)", httpd_port(d));

	n = roundtrip(l, d, "HEAD /JAR70SIP.SBN HTTP/1.1\r\n"
	    "Host: x\r\nConnection: close\r\n\r\n", buf, sizeof buf);
	ok(n > 0 && strncmp(buf, "HTTP/1.1 200", 12) == 0, "HEAD: 200");
	ok(strstr(buf, "Content-Length: 200000\r\n") != NULL,
	    "HEAD: the size");
	is_int((int)nevs, 0, "HEAD moves no bytes: no transfer events");

	{
		static char	 body[sizeof big + 4096];
		char		*hdr_end;

		n = roundtrip(l, d, "GET /jar70sip.sbn HTTP/1.1\r\n"
		    "Host: x\r\nConnection: close\r\n\r\n", body, sizeof body);
		hdr_end = strstr(body, "\r\n\r\n");
		ok(hdr_end != NULL && strncmp(body, "HTTP/1.1 200", 12) == 0,
		    "GET: 200");
		ok(hdr_end != NULL && n - (size_t)(hdr_end + 4 - body) ==
		    sizeof big && memcmp(hdr_end + 4, big, sizeof big) == 0,
		    "GET: the 200000 bytes, byte-exact");
	}
	e = evrec_find_from(EV_TFTP_START, 0);
	ok(e != NULL && strcmp(ev_get(e, "proto"), "http") == 0 &&
	    strcmp(e->u.tftp.path, "jar70sip.sbn") == 0 &&
	    strcmp(e->u.tftp.file, "/jar70sip.sbn") == 0 &&
	    e->u.tftp.size == sizeof big, "tftp_start: proto http, path, size");
	e = evrec_find_from(EV_TFTP_DONE, 0);
	ok(e != NULL && strcmp(ev_get(e, "proto"), "http") == 0 &&
	    e->u.tftp.bytes == sizeof big && e->u.tftp.xfer ==
	    evrec_find_from(EV_TFTP_START, 0)->u.tftp.xfer,
	    "tftp_done: proto http, every byte, the same xfer");

	from = nevs;
	n = roundtrip(l, d, "GET /nope HTTP/1.1\r\nHost: x\r\n"
	    "Connection: close\r\n\r\n", buf, sizeof buf);
	ok(strncmp(buf, "HTTP/1.1 404", 12) == 0, "missing: 404");
	e = evrec_find_from(EV_TFTP_ERROR, from);
	ok(e != NULL && e->u.tftp.code == 404 &&
	    strcmp(ev_get(e, "proto"), "http") == 0, "tftp_error 404, proto http");

	from = nevs;
	n = roundtrip(l, d, "POST /jar70sip.sbn HTTP/1.1\r\n"
	    "Host: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc",
	    buf, sizeof buf);
	ok(strncmp(buf, "HTTP/1.1 405", 12) == 0 &&
	    strstr(buf, "Allow: GET, HEAD\r\n") != NULL, "POST: 405 + Allow");
	e = evrec_find_from(EV_TFTP_ERROR, from);
	ok(e != NULL && e->u.tftp.code == 405, "tftp_error 405");

	httpd_get_stats(d, &hs);
	ok(hs.started == 1 && hs.done == 1 && hs.refused == 2,
	    "stats: 1 started, 1 done, 2 refused");

	/* The server passes the peer's address to the resolver. */
	tftp_files_set_resolver(f, step_resolve, NULL);
	from = nevs;
	n = roundtrip(l, d, "GET /term70.default.loads HTTP/1.1\r\n"
	    "Host: x\r\nConnection: close\r\n\r\n", buf, sizeof buf);
	ok(n > 4 && strncmp(buf, "HTTP/1.1 200", 12) == 0 &&
	    strcmp(buf + n - 4, "step") == 0,
	    "server: 127.0.0.1 gets its step's file over HTTP");
	e = evrec_find_from(EV_TFTP_START, from);
	ok(e != NULL && strcmp(e->u.tftp.path, TFTP_FILES_STORE
	    "/SIP70.8-5-2S/term70.default.loads") == 0,
	    "tftp_start (http): the kept file as served path");
	tftp_files_set_resolver(f, NULL, NULL);
	server_down(l, d, f);
}

/* A directory tree with SIGPIPE ignored: the body goes by sendfile(2). */
static void
test_sendfile(void)
{
	struct tftp_files	*f;
	struct loop		*l = loop_new();
	struct httpd		*d;
	char			 dir[] = "/tmp/test_httpd.XXXXXX", path[64], err[256];
	static char		 big[300000], body[sizeof big + 4096];
	const struct ev		*e;
	char			*h;
	FILE			*fp;
	size_t			 i, n, from;

	signal(SIGPIPE, SIG_IGN);
	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	for (i = 0; i < sizeof big; i++)
		big[i] = (char)(i * 13 + 1);
	snprintf(path, sizeof path, "%s/SEP001B2A3C4D5E.cnf.xml", dir);
	fp = fopen(path, "w");
	fwrite(big, 1, sizeof big, fp);
	fclose(fp);
	f = tftp_files_root_new(dir, err, sizeof err);
	d = server_up(l, f, "over a directory");
	if (d == NULL)
		return;
	from = nevs;
	n = roundtrip(l, d, "GET /sep001b2a3c4d5e.CNF.XML HTTP/1.1\r\n"
	    "Host: x\r\nConnection: close\r\n\r\n", body, sizeof body);
	h = strstr(body, "\r\n\r\n");
	ok(h != NULL && strncmp(body, "HTTP/1.1 200", 12) == 0 &&
	    n - (size_t)(h + 4 - body) == sizeof big &&
	    memcmp(h + 4, big, sizeof big) == 0,
	    "sendfile: 300000 bytes, byte-exact, case-insensitive name");
	e = evrec_find_from(EV_TFTP_DONE, from);
	ok(e != NULL && e->u.tftp.bytes == sizeof big &&
	    strcmp(e->u.tftp.path, "SEP001B2A3C4D5E.cnf.xml") == 0,
	    "sendfile: tftp_done with the served path");
	n = roundtrip(l, d, "GET /SEP001B2A3C4D5E.cnf.xml HTTP/1.1\r\n"
	    "Host: x\r\nRange: bytes=1000-1999\r\nConnection: close\r\n\r\n",
	    body, sizeof body);
	h = strstr(body, "\r\n\r\n");
	ok(h != NULL && strncmp(body, "HTTP/1.1 206", 12) == 0 &&
	    strstr(body, "Content-Range: bytes 1000-1999/300000\r\n") != NULL &&
	    n - (size_t)(h + 4 - body) == 1000 &&
	    memcmp(h + 4, big + 1000, 1000) == 0,
	    "sendfile at an offset: 206, the right 1000 bytes");
	server_down(l, d, f);
	unlink(path);
	rmdir(dir);
}

/*
 * A body the client is slow to read: tftp_progress comes from the loop's
 * timer while the connection's thread is blocked in sendfile, and the
 * events keep their order across the threads: start, progress, done.
 */
static void
test_progress_order(void)
{
	struct tftp_files	*f;
	struct loop		*l = loop_new();
	struct httpd		*d;
	struct httpd_stats	 hs;
	struct sockaddr_in	 sin;
	char			 dir[] = "/tmp/test_httpd.XXXXXX", path[64], err[256];
	static char		 big[4 << 20], buf[65536];
	const char		*req = "GET /slow.bin HTTP/1.1\r\nHost: x\r\n"
				    "Connection: close\r\n\r\n";
	size_t			 i, got = 0, is = 0, ip = 0, id = 0;
	uint64_t		 until;
	ssize_t			 n;
	FILE			*fp;
	int			 s, rcv = 32768;

	signal(SIGPIPE, SIG_IGN);
	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	for (i = 0; i < sizeof big; i++)
		big[i] = (char)(i * 3 + 7);
	snprintf(path, sizeof path, "%s/slow.bin", dir);
	fp = fopen(path, "w");
	fwrite(big, 1, sizeof big, fp);
	fclose(fp);
	f = tftp_files_root_new(dir, err, sizeof err);
	evrec_clear();
	d = server_up(l, f, "for a slow reader");
	if (d == NULL)
		return;
	s = socket(AF_INET, SOCK_STREAM, 0);
	(void)setsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof rcv);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)httpd_port(d));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ok(connect(s, (struct sockaddr *)&sin, sizeof sin) == 0 &&
	    send(s, req, strlen(req), MSG_NOSIGNAL) == (ssize_t)strlen(req),
	    "slow reader: request sent");
	/* Not a byte read until the server has told some progress. */
	until = clock_now_ms() + 10000;
	while (evrec_find(EV_TFTP_PROGRESS) == NULL && clock_now_ms() < until)
		loop_run_once(l, 50);
	ok(evrec_find(EV_TFTP_PROGRESS) != NULL &&
	    evrec_find(EV_TFTP_PROGRESS)->u.tftp.bytes < sizeof big,
	    "tftp_progress while the body is stuck, below the size");
	while ((n = recv(s, buf, sizeof buf, 0)) > 0)
		got += (size_t)n;
	close(s);
	ok(got > sizeof big, "slow reader: the whole body (%zu bytes)", got);
	do {
		loop_run_once(l, 10);
		httpd_get_stats(d, &hs);
	} while (hs.ended == 0 && clock_now_ms() < until);
	bus_threads_flush();
	bus_dispatch();
	for (i = 0; i < nevs; i++) {
		if (evs[i].type == EV_TFTP_START && is == 0)
			is = i + 1;
		if (evs[i].type == EV_TFTP_PROGRESS && ip == 0)
			ip = i + 1;
		if (evs[i].type == EV_TFTP_DONE && id == 0)
			id = i + 1;
	}
	ok(is != 0 && ip > is && id > ip,
	    "in order: tftp_start (%zu), tftp_progress (%zu), tftp_done (%zu)",
	    is, ip, id);
	server_down(l, d, f);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	log_set_level(LOG_LVL_WARN);
	test_plan();
	test_resolver();
	test_server();
	test_sendfile();
	test_progress_order();
	return (done_testing());
}
