/* Address helpers, sanitising, and the bounded reader/writer. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "afile.h"
#include "rd.h"
#include "util.h"

/* made(): the prefix lengths util_mkdir_p reports, as one string. */
static void
note_made(size_t len, void *arg)
{
	char	*s = arg;
	size_t	 n = strlen(s);

	snprintf(s + n, 64 - n, "%s%zu", n > 0 ? "," : "", len);
}

/* mkdir -p: parents made, slashes doubled or trailing, a file in the way. */
static void
test_mkdir_p(void)
{
	char		 top[] = "/tmp/test_util.XXXXXX", p[256], made[64];
	size_t		 at, n;
	FILE		*f;

	if (mkdtemp(top) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	n = strlen(top);
	snprintf(p, sizeof p, "%s/a//b/c/", top);
	made[0] = '\0';
	ok(util_mkdir_p(p, 0755, NULL, note_made, made) == 0 &&
	    access(p, F_OK) == 0, "mkdir -p makes every parent");
	snprintf(p, sizeof p, "%zu,%zu,%zu", n + 2, n + 5, n + 7);
	is_str(made, p, "... reporting each made, parents first, once");
	snprintf(p, sizeof p, "%s/a//b/c/", top);
	made[0] = '\0';
	ok(util_mkdir_p(p, 0755, NULL, note_made, made) == 0 &&
	    made[0] == '\0', "an existing directory is fine, nothing made");
	snprintf(p, sizeof p, "%s/file", top);
	if ((f = fopen(p, "w")) != NULL)
		fclose(f);
	snprintf(p, sizeof p, "%s/file/d", top);
	at = 0;
	ok(util_mkdir_p(p, 0755, &at, NULL, NULL) == -1 && errno == ENOTDIR &&
	    at == n + 5, "a file in the way: ENOTDIR, where it stopped");
	p[n + 5] = '\0';
	ok(util_mkdir_p(p, 0755, &at, NULL, NULL) == -1 && errno == ENOTDIR,
	    "a file of that name is no directory");
	ok(util_mkdir_p("", 0755, NULL, NULL, NULL) == -1 &&
	    util_mkdir_p("/", 0755, NULL, NULL, NULL) == 0, "empty and /");
	unlink(p);
	snprintf(p, sizeof p, "rm -rf '%s'", top);
	if (system(p) != 0)
		diag("could not remove %s", top);
}

int
main(void)
{
	uint8_t			 mac[6], buf[8];
	char			 s[64];
	uint32_t		 a;
	unsigned		 plen;
	unsigned long long	 v;
	struct rd		 r;
	struct wr		 w;
	static const uint8_t	 pkt[] = { 0x00, 0x03, 0xab, 0xcd, 0xef };

	plan(37);
	test_mkdir_p();
	ok(util_hexval('0') == 0 && util_hexval('9') == 9 &&
	    util_hexval('a') == 10 && util_hexval('F') == 15 &&
	    util_hexval('g') == -1 && util_hexval('/') == -1 &&
	    util_hexval(':') == -1 && util_hexval(0xe0) == -1,
	    "hex digits, either case, nothing else");
	ok(util_hex_decode("00ff1BD4", buf, 4) == 0 && buf[0] == 0x00 &&
	    buf[1] == 0xff && buf[2] == 0x1b && buf[3] == 0xd4,
	    "hex bytes, either case");
	ok(util_hex_decode("0g", buf, 1) == -1 &&
	    util_hex_decode("\x10\x19", buf, 1) == -1 &&
	    util_hex_decode("0", buf, 1) == -1 &&
	    util_hex_decode("1 23", buf, 2) == -1,
	    "no digit, a control byte (0x10 | 0x20 is '0'), cut short, "
	    "a space");
	ok(util_fnv1a(UTIL_FNV1A_INIT, "", 0, 0) == 0x811c9dc5u &&
	    util_fnv1a(UTIL_FNV1A_INIT, "a", 1, 0) == 0xe40c292cu &&
	    util_fnv1a(UTIL_FNV1A_INIT, "foobar", 6, 0) == 0xbf9cf968u,
	    "FNV-1a: the published vectors");
	ok(util_fnv1a(UTIL_FNV1A_INIT, "FooBar", 6, 1) == 0xbf9cf968u &&
	    util_fnv1a(util_fnv1a(UTIL_FNV1A_INIT, "foo", 3, 0), "bar", 3, 0) ==
	    0xbf9cf968u, "FNV-1a: case folded, and continued");
	ok(util_suffix_ci("term70.DEFAULT.loads", ".default.LOADS") &&
	    util_suffix_ci(".sbn", ".sbn") && !util_suffix_ci("sbn", ".sbn") &&
	    !util_suffix_ci("a.sb2", ".sbn"), "suffix, case ignored");
	ok(util_mac_parse("00:1B:D4:aa:bb:CC", mac) == 0, "MAC with colons");
	util_mac_str(s, sizeof s, mac);
	is_str(s, "00:1b:d4:aa:bb:cc", "MAC printed lower case with colons");
	ok(util_mac_parse("001bd4aabbcc", mac) == 0, "MAC without separators");
	ok(util_mac_parse("00:1b:d4:aa:bb", mac) == -1, "short MAC refused");
	ok(util_mac_parse("00:1b:d4:aa:bb:cc:dd", mac) == -1, "long MAC refused");

	ok(util_cidr_parse("198.18.0.1/24", &a, &plen) == 0 && plen == 24,
	    "CIDR parsed");
	util_ip_str(s, sizeof s, a);
	is_str(s, "198.18.0.1", "address printed back");
	ok(util_cidr_parse("198.18.0.1/33", &a, &plen) == -1, "prefix > 32 refused");
	ok(util_cidr_parse("198.18.0/24", &a, &plen) == -1, "short address refused");

	util_sanitise(s, sizeof s, "SEP\x01\xff\\x", 7);
	is_str(s, "SEP\\x01\\xff\\x5cx", "non-printables and backslash as \\xNN");
	util_sanitise(s, 6, "abcdefgh", 8);
	is_str(s, "abcde", "sanitise truncates and terminates");

	ok(util_parse_uint("65464", 8, 65464, &v) == 0 && v == 65464, "uint in range");
	ok(util_parse_uint("7", 8, 65464, &v) == -1, "uint below min refused");
	ok(util_parse_uint("12x", 0, 100, &v) == -1, "trailing junk refused");
	ok(util_parse_uint("-1", 0, 100, &v) == -1, "sign refused");

	rd_init(&r, pkt, sizeof pkt);
	is_int(rd_be16(&r), 3, "be16");
	is_int(rd_be16(&r), 0xabcd, "second be16");
	(void)rd_be16(&r);
	ok(r.err && rd_u8(&r) == 0, "overrun is sticky and reads 0");

	wr_init(&w, buf, sizeof buf);
	wr_be32(&w, 0x01020304);
	wr_cstr(&w, "abc");
	ok(!w.err && wr_len(&w) == 8, "writer fills exactly");
	wr_u8(&w, 1);
	ok(w.err && wr_len(&w) == 8, "writer refuses past the end");

	{
		struct afile	 af;
		char		 dir[] = "/tmp/test_util.XXXXXX", path[64], got[32];
		char		 err[256];
		FILE		*f;

		ok(mkdtemp(dir) != NULL, "temp dir");
		snprintf(path, sizeof path, "%s/leases", dir);
		f = fopen(path, "w");
		fputs("old\n", f);
		fclose(f);
		ok(afile_open(&af, path, err, sizeof err) == 0, "afile_open");
		fputs("new\n", af.f);
		afile_abort(&af);
		f = fopen(path, "r");
		ok(fgets(got, sizeof got, f) != NULL && strcmp(got, "old\n") == 0,
		    "an aborted write leaves the old file whole");
		fclose(f);
		afile_open(&af, path, err, sizeof err);
		fputs("new\n", af.f);
		ok(afile_commit(&af, err, sizeof err) == 0, "afile_commit");
		f = fopen(path, "r");
		ok(fgets(got, sizeof got, f) != NULL && strcmp(got, "new\n") == 0 &&
		    access(af.tmp, F_OK) != 0, "the new text replaces it, no temp left");
		fclose(f);
		unlink(path);
		rmdir(dir);
	}
	return (done_testing());
}
