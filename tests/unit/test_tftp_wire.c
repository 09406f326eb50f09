/* TFTP wire: request parsing, option negotiation edge cases, builders. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "tftp/tftp_wire.h"

/* Build | op | a | 0 | b | 0 | ... from NUL-separated pieces. */
static size_t
pkt(uint8_t *buf, uint16_t op, const char *parts, size_t partslen)
{
	buf[0] = (uint8_t)(op >> 8);
	buf[1] = (uint8_t)op;
	memcpy(buf + 2, parts, partslen);
	return (partslen + 2);
}

#define PKT(buf, op, lit)	pkt(buf, op, lit, sizeof(lit) - 1)

static void
test_plain(void)
{
	uint8_t		 b[128];
	struct tftp_req	 r;
	const char	*why;
	size_t		 n;

	n = PKT(b, 1, "SEP001122334455.cnf.xml\0octet\0");
	is_int(tftp_wire_parse_req(b, n, &r, &why), TFTP_PARSE_OK, "plain RRQ parses");
	is_str(r.file, "SEP001122334455.cnf.xml", "file name");
	is_int(r.filelen, 23, "file name length");
	is_int(r.mode, TFTP_MODE_OCTET, "octet");
	is_int(r.opts, 0, "no options");
	is_int(r.blksize, 512, "default blksize");
	n = PKT(b, 1, "x\0NetASCII\0");
	tftp_wire_parse_req(b, n, &r, &why);
	is_int(r.mode, TFTP_MODE_NETASCII, "mode is case-insensitive (netascii)");
	n = PKT(b, 1, "x\0OCTET\0");
	tftp_wire_parse_req(b, n, &r, &why);
	is_int(r.mode, TFTP_MODE_OCTET, "OCTET");
	n = PKT(b, 1, "x\0binary\0");
	tftp_wire_parse_req(b, n, &r, &why);
	is_int(r.mode, TFTP_MODE_OTHER, "unknown mode noted");
	n = PKT(b, 2, "up\0octet\0");
	is_int(tftp_wire_parse_req(b, n, &r, &why), TFTP_PARSE_OK, "WRQ parses");
	is_int(r.op, TFTP_OP_WRQ, "as a WRQ");
	n = PKT(b, 1, "\0octet\0");
	is_int(tftp_wire_parse_req(b, n, &r, &why), TFTP_PARSE_OK, "empty name parses");
	is_int(r.filelen, 0, "length 0");
}

static void
test_short_and_malformed(void)
{
	uint8_t		 b[16] = { 0, 1, 'a', 0 };
	struct tftp_req	 r;
	const char	*why;
	size_t		 n;
	uint16_t	 op, num;

	for (n = 0; n < 4; n++) {
		int rc = tftp_wire_parse_req(b, n, &r, &why);
		ok(rc == TFTP_PARSE_NOTREQ || rc == TFTP_PARSE_MALFORMED,
		    "%zu-byte request refused", n);
		is_int(tftp_wire_parse_hdr(b, n, &op, &num), -1,
		    "%zu-byte packet has no header", n);
	}
	n = PKT(b, 1, "file");
	is_int(tftp_wire_parse_req(b, n, &r, &why), TFTP_PARSE_MALFORMED,
	    "name without NUL");
	n = PKT(b, 1, "file\0octet");
	is_int(tftp_wire_parse_req(b, n, &r, &why), TFTP_PARSE_MALFORMED,
	    "mode without NUL");
	n = PKT(b, 3, "file\0octet\0");
	is_int(tftp_wire_parse_req(b, n, &r, &why), TFTP_PARSE_NOTREQ,
	    "DATA is not a request");
	n = PKT(b, 0, "file\0octet\0");
	is_int(tftp_wire_parse_req(b, n, &r, &why), TFTP_PARSE_NOTREQ,
	    "opcode 0 is not a request");
}

static void
test_options(void)
{
	uint8_t		 b[256];
	struct tftp_req	 r;
	const char	*why;
	size_t		 n;

	n = PKT(b, 1, "f\0octet\0BlkSize\0" "1468\0TSIZE\0" "0\0timeout\0" "3\0windowsize\0" "16\0");
	is_int(tftp_wire_parse_req(b, n, &r, &why), TFTP_PARSE_OK, "four options");
	is_int(r.opts, TFTP_OPT_BLKSIZE | TFTP_OPT_TSIZE | TFTP_OPT_TIMEOUT |
	    TFTP_OPT_WINDOWSIZE, "all four recognised, any case");
	is_int(r.blksize, 1468, "blksize");
	is_int(r.timeout, 3, "timeout");
	is_int(r.windowsize, 16, "windowsize");
	is_int(r.norder, 4, "order kept");
	is_int(r.order[0], TFTP_OPT_BLKSIZE, "blksize first");

	n = PKT(b, 1, "f\0octet\0blksize\0" "8\0tsize\0" "0\0timeout\0" "1\0windowsize\0" "1\0");
	is_int(tftp_wire_parse_req(b, n, &r, &why), TFTP_PARSE_OK,
	    "blksize 8 with every other option");
	is_int(r.blksize, 8, "blksize 8 accepted");
	n = PKT(b, 1, "f\0octet\0blksize\0" "70000\0");
	tftp_wire_parse_req(b, n, &r, &why);
	is_int(r.blksize, 65464, "blksize 70000 clamped to 65464");
	n = PKT(b, 1, "f\0octet\0blksize\0" "99999999999999999999999\0");
	is_int(tftp_wire_parse_req(b, n, &r, &why), TFTP_PARSE_OK,
	    "blksize past 2^64: parses");
	ok(r.opts == TFTP_OPT_BLKSIZE && r.blksize == 65464,
	    "and is answered with the largest");
}

/*
 * Each kind of unusable value of each known option: the request parses,
 * the option is left out (so out of the OACK), the others stay, and why
 * names the option.  Issue 14: `atftp --option "tsize enable"`.
 */
#define PARTS(lit)	lit, sizeof(lit) - 1

/* A request's options and what the parse must make of them. */
static const struct {
	const char	*parts;
	size_t		 len;
	unsigned	 opts, dropped, blksize, window;
	const char	*what;
} vals[] = {
	{ PARTS("f\0octet\0blksize\0" " 1468 \0"), TFTP_OPT_BLKSIZE, 0,
	    1468, 1, "spaces around a number tolerated" },
	{ PARTS("f\0octet\0blksize\0" "01024\0"), TFTP_OPT_BLKSIZE, 0, 1024,
	    1, "leading zero: decimal" },
	{ PARTS("f\0octet\0blksize\0" "7\0"), 0, TFTP_OPT_BLKSIZE, 512, 1,
	    "blksize 7 dropped: 512-byte blocks" },
	{ PARTS("f\0octet\0blksize\0" "0\0"), 0, TFTP_OPT_BLKSIZE, 512, 1,
	    "blksize 0 dropped" },
	{ PARTS("f\0octet\0windowsize\0" "0\0"), 0, TFTP_OPT_WINDOWSIZE, 512,
	    1, "windowsize 0 dropped: lockstep" },
	{ PARTS("f\0octet\0windowsize\0" "70000\0"), TFTP_OPT_WINDOWSIZE, 0,
	    512, 65535, "windowsize 70000 clamped to 65535" },
	{ PARTS("f\0octet\0timeout\0" "256\0"), 0, TFTP_OPT_TIMEOUT, 512, 1,
	    "timeout 256 dropped" },
	{ PARTS("f\0octet\0tsize\0" "12345\0"), TFTP_OPT_TSIZE, 0, 512, 1,
	    "tsize non-zero in an RRQ: answered" },
	{ PARTS("f\0octet\0blksize\0" "abc\0BLKSIZE\0" "1024\0"),
	    TFTP_OPT_BLKSIZE, 0, 1024, 1,
	    "a junk blksize then a good one: the good one" },
};

static void
test_malformed_values(void)
{
	static const struct {
		const char	*name;
		unsigned	 bit;
	} opt[] = {
		{ "blksize", TFTP_OPT_BLKSIZE },
		{ "tsize", TFTP_OPT_TSIZE },
		{ "timeout", TFTP_OPT_TIMEOUT },
		{ "windowsize", TFTP_OPT_WINDOWSIZE },
	};
	static const char *const junk[] = {
		"enable", "", "-512", "+512", "0x200", "1k", "12 34", "1.5",
		"\t", "disable", "\xff\xfe",
	};
	uint8_t		 b[256];
	struct tftp_req	 r;
	const char	*why;
	char		 parts[200];
	size_t		 i, j, n, plen;
	int		 good = 1, rc;

	for (i = 0; i < sizeof opt / sizeof opt[0]; i++) {
		for (j = 0; j < sizeof junk / sizeof junk[0]; j++) {
			/* the malformed option, then a good blksize/tsize */
			plen = (size_t)snprintf(parts, sizeof parts,
			    "f%coctet%c%s%c%s%c%s%c%s%c", 0, 0, opt[i].name, 0,
			    junk[j], 0, opt[i].bit == TFTP_OPT_TSIZE ?
			    "blksize" : "tsize", 0, opt[i].bit ==
			    TFTP_OPT_TSIZE ? "1024" : "0", 0);
			n = pkt(b, 1, parts, plen);
			rc = tftp_wire_parse_req(b, n, &r, &why);
			if (rc != TFTP_PARSE_OK || (r.opts & opt[i].bit) ||
			    !(r.dropped & opt[i].bit) || why == NULL ||
			    strstr(why, opt[i].name) == NULL ||
			    r.opts != (opt[i].bit == TFTP_OPT_TSIZE ?
			    TFTP_OPT_BLKSIZE : TFTP_OPT_TSIZE)) {
				diag("%s \"%s\": rc %d opts %#x dropped %#x "
				    "why %s", opt[i].name, junk[j], rc, r.opts,
				    r.dropped, why != NULL ? why : "(null)");
				good = 0;
			}
		}
	}
	ok(good, "every junk value of every option: dropped, transfer goes on");

	n = PKT(b, 1, "f\0octet\0tsize\0enable\0");
	is_int(tftp_wire_parse_req(b, n, &r, &why), TFTP_PARSE_OK,
	    "atftp's \"tsize enable\" parses");
	is_int(r.opts, 0, "tsize left out of the OACK");
	ok(why != NULL && strstr(why, "tsize") != NULL, "why says so: %s",
	    why != NULL ? why : "(null)");

	/* Out of range, per option; repeats: the first usable value wins. */
	for (i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		n = pkt(b, 1, vals[i].parts, vals[i].len);
		rc = tftp_wire_parse_req(b, n, &r, &why);
		if (!ok(rc == TFTP_PARSE_OK && r.opts == vals[i].opts &&
		    r.dropped == vals[i].dropped &&
		    r.blksize == vals[i].blksize &&
		    r.windowsize == vals[i].window, "%s", vals[i].what))
			diag("rc %d opts %#x dropped %#x blksize %u window %u",
			    rc, r.opts, r.dropped, r.blksize, r.windowsize);
	}

	/* Cut by the end of the packet: ignored, the rest kept. */
	n = PKT(b, 1, "f\0octet\0blksize\0" "1024\0tsize");
	is_int(tftp_wire_parse_req(b, n, &r, &why), TFTP_PARSE_OK,
	    "option name without NUL parses");
	ok(r.opts == TFTP_OPT_BLKSIZE && r.truncated, "the cut one ignored");
	n = PKT(b, 1, "f\0octet\0blksize\0" "512");
	is_int(tftp_wire_parse_req(b, n, &r, &why), TFTP_PARSE_OK,
	    "option value without NUL parses");
	is_int(r.opts, 0, "and is not acknowledged");
	n = PKT(b, 1, "f\0octet\0blksize\0");
	is_int(tftp_wire_parse_req(b, n, &r, &why), TFTP_PARSE_OK,
	    "option without value parses");
	is_int(r.opts, 0, "and is not acknowledged");
	n = PKT(b, 1, "f\0octet\0\0" "1024\0");
	is_int(tftp_wire_parse_req(b, n, &r, &why), TFTP_PARSE_OK,
	    "empty option name parses");
	is_int(r.opts, 0, "as an unknown option");
	n = PKT(b, 1, "f\0octet\0timeout\0" "0\0");
	is_int(tftp_wire_parse_req(b, n, &r, &why), TFTP_PARSE_OK, "timeout 0 parses");
	is_int(r.opts, 0, "but is not acknowledged");
	n = PKT(b, 1, "f\0octet\0multicast\0\0rollover\0" "0\0");
	is_int(tftp_wire_parse_req(b, n, &r, &why), TFTP_PARSE_OK, "unknown options ignored");
	is_int(r.opts, 0, "none recognised");
	is_int(r.nopts, 2, "two seen");
	n = PKT(b, 1, "f\0octet\0blksize\0" "1024\0blksize\0" "2048\0");
	tftp_wire_parse_req(b, n, &r, &why);
	is_int(r.blksize, 1024, "repeated option: first wins");
	n = PKT(b, 1, "f\0octet\0blksize\0" "1024\0\0\0\0");
	is_int(tftp_wire_parse_req(b, n, &r, &why), TFTP_PARSE_OK,
	    "trailing NUL padding tolerated");
}

static void
test_many_options(void)
{
	uint8_t		*b = malloc(TFTP_PKT_MAX);
	struct tftp_req	 r;
	const char	*why;
	size_t		 n;
	int		 i;

	memcpy(b, "\0\1f\0octet\0", 10);
	n = 10;
	for (i = 0; i < 500; i++) {
		n += (size_t)sprintf((char *)b + n, "x-opt%d", i) + 1;
		n += (size_t)sprintf((char *)b + n, "%d", i) + 1;
	}
	memcpy(b + n, "blksize\0" "1428\0", 13);
	n += 13;
	is_int(tftp_wire_parse_req(b, n, &r, &why), TFTP_PARSE_OK,
	    "500 unknown options then blksize");
	is_int(r.nopts, 501, "all counted");
	is_int(r.blksize, 1428, "the known one found");
	free(b);
}

static void
test_long_names(void)
{
	uint8_t		*b = malloc(TFTP_PKT_MAX + 16);
	struct tftp_req	 r;
	const char	*why;
	size_t		 lens[] = { 0, 1, 255, 256, 1023, 4096, 65000,
			    65535 - 2 - 1 - 6 };
	size_t		 i, n;
	int		 good = 1;

	for (i = 0; i < sizeof lens / sizeof lens[0]; i++) {
		b[0] = 0;
		b[1] = 1;
		memset(b + 2, 'A', lens[i]);
		b[2 + lens[i]] = '\0';
		memcpy(b + 3 + lens[i], "octet", 6);
		n = 3 + lens[i] + 6;
		if (tftp_wire_parse_req(b, n, &r, &why) != TFTP_PARSE_OK ||
		    r.filelen != lens[i])
			good = 0;
	}
	ok(good, "names of 0..65526 bytes parse with the right length");
	free(b);
}

static void
test_format_names(void)
{
	uint8_t		 b[64];
	struct tftp_req	 r;
	const char	*why;
	size_t		 n;

	n = PKT(b, 1, "%n%s%x%n\0octet\0");
	is_int(tftp_wire_parse_req(b, n, &r, &why), TFTP_PARSE_OK, "%%n%%s name parses");
	is_str(r.file, "%n%s%x%n", "and is kept as bytes");
}

static void
test_builders(void)
{
	uint8_t		 b[128];
	struct tftp_req	 r;
	size_t		 n;
	static const uint8_t want_err[] = "\0\5\0\1File not found";
	static const uint8_t want_oack[] = "\0\6blksize\0" "1468\0tsize\0" "123456789\0";
	static const uint8_t want_oack2[] = "\0\6windowsize\0" "64\0blksize\0" "512\0";

	n = tftp_wire_build_error(b, sizeof b, 1, NULL);
	is_int(n, sizeof want_err, "error 1 length (text + one NUL)");
	is_mem(b, want_err, sizeof want_err, "error 1 is \"File not found\" exactly");
	is_int(tftp_wire_build_error(b, 8, 1, NULL), 0, "too small a buffer: 0");

	memset(&r, 0, sizeof r);
	r.opts = TFTP_OPT_BLKSIZE | TFTP_OPT_TSIZE;
	r.order[0] = TFTP_OPT_BLKSIZE;
	r.order[1] = TFTP_OPT_TSIZE;
	r.norder = 2;
	r.blksize = 1468;
	r.tsize = 123456789;
	n = tftp_wire_build_oack(b, sizeof b, &r);
	is_int(n, sizeof want_oack - 1, "OACK length: no stray NULs");
	is_mem(b, want_oack, sizeof want_oack - 1, "OACK bytes");

	memset(&r, 0, sizeof r);
	r.opts = TFTP_OPT_BLKSIZE | TFTP_OPT_WINDOWSIZE;
	r.order[0] = TFTP_OPT_WINDOWSIZE;
	r.order[1] = TFTP_OPT_TIMEOUT;	/* asked but not accepted */
	r.order[2] = TFTP_OPT_BLKSIZE;
	r.norder = 3;
	r.blksize = 512;
	r.windowsize = 64;
	n = tftp_wire_build_oack(b, sizeof b, &r);
	is_int(n, sizeof want_oack2 - 1, "OACK only carries accepted options");
	is_mem(b, want_oack2, sizeof want_oack2 - 1, "in the client's order");

	tftp_wire_data_hdr(b, 65535);
	ok(b[0] == 0 && b[1] == 3 && b[2] == 0xff && b[3] == 0xff, "DATA header");
	is_str(tftp_wire_errstr(8), "Option negotiation failed", "error 8 text");
	is_str(tftp_wire_errstr(99), "Unknown error", "out-of-range code");
}

int
main(void)
{
	test_plain();
	test_short_and_malformed();
	test_options();
	test_malformed_values();
	test_many_options();
	test_long_names();
	test_format_names();
	test_builders();
	return (done_testing());
}
