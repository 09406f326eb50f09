/* The signed-header parser on real .loads files, and on broken bytes. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "fw/sgn.h"
#include "fw_testutil.h"

static const struct {
	const char	*file;
	size_t		 hdr_len;
	unsigned	 npad;
} real[] = {
	{ "CP7921G-1.4.6.3.LOADS", 408, 2 },
	{ "P0030801SR02.loads", 404, 1 },
	{ "SCCP45.9-4-2SR4-3S.loads", 412, 3 },
	{ "SCCP69xx.9-4-1-3SR3.loads", 412, 2 },
	{ "SCCP70.9-4-2SR3-1S.loads", 412, 3 },
	{ "term31.default.loads", 408, 0 },
	{ "term42.default.loads", 408, 0 },
	{ "term70.default.loads", 408, 0 },
};

int
main(void)
{
	struct sgn_header h, h2;
	unsigned char	*buf, b[SGN_MAX_LEN + 16], bad[64];
	char		 path[128], err[160];
	size_t		 len, i, n;

	for (i = 0; i < sizeof real / sizeof real[0]; i++) {
		snprintf(path, sizeof path, "real-loads/%s", real[i].file);
		if ((buf = fixture(path, &len)) == NULL) {
			ok(0, "read %s", path);
			continue;
		}
		ok(sgn_looks_signed(buf, len), "%s looks signed", real[i].file);
		is_int(sgn_parse(buf, len, &h, err, sizeof err), 0,
		    "%s parses", real[i].file);
		is_int(h.hdr_len, real[i].hdr_len, "%s: header length from "
		    "tag 0x02", real[i].file);
		is_str(h.filename, real[i].file, "%s: embedded name (tag 0x0E)",
		    real[i].file);
		is_str(h.signer, "CN=someSigner;OU=someOrgUnit;O=someOrg",
		    "%s: signer", real[i].file);
		is_int(h.sig_len, 256, "%s: 256-byte signature", real[i].file);
		is_int(h.hash_alg, 1, "%s: SHA-1", real[i].file);
		ok(h.has_serial && h.serial[0] == 0x12 && h.serial[7] == 0xef,
		    "%s: serial", real[i].file);
		if (real[i].npad != 0)
			is_int(h.npadding, real[i].npad, "%s: 0x0D padding "
			    "bytes", real[i].file);
		/* Every truncation of the header is refused, never overread. */
		for (n = 0; n < h.hdr_len; n++) {
			if (sgn_parse(buf, n, &h2, err, sizeof err) == 0)
				break;
		}
		is_int(n, h.hdr_len, "%s: no prefix shorter than the header "
		    "parses", real[i].file);
		is_int(sgn_check_file(buf, len, len, err, sizeof err), 0,
		    "%s holds together (sgn_check_file)", real[i].file);
		is_int(sgn_check_file(buf, len, h.hdr_len, err, sizeof err), -1,
		    "%s cut at its header: refused", real[i].file);
		free(buf);
	}

	/* Our builder produces what our parser (and Cisco's layout) expects. */
	n = sgn_build(b, sizeof b, "Jar70sip.8-5-2-13.sbn", 7);
	ok(n > 0 && n % 4 == 0, "built header is 4-byte aligned (%zu)", n);
	is_int(sgn_parse(b, n, &h, err, sizeof err), 0, "built header parses");
	is_int(h.hdr_len, n, "built header length");
	is_str(h.filename, "Jar70sip.8-5-2-13.sbn", "built embedded name");
	is_int(h.sig_len, 256, "built signature length");
	is_int(sgn_build(b, 100, "x", 1), 0, "builder refuses a short buffer");

	/* Broken headers. */
	is_int(sgn_parse("hello world, not signed", 23, &h, err, sizeof err),
	    -1, "plain text is not signed");
	memset(bad, 0, sizeof bad);
	memcpy(bad, "\x01\x00\x02\x01\x01\x02\x00\x02\x00\x05", 10);
	is_int(sgn_parse(bad, sizeof bad, &h, err, sizeof err), -1,
	    "header length below the minimum");
	memcpy(bad, "\x01\x00\x02\x01\x01\x02\x00\x02\x00\x14\x04\x00\xff", 13);
	is_int(sgn_parse(bad, sizeof bad, &h, err, sizeof err), -1,
	    "a field running past the header");
	ok(strstr(err, "runs past") != NULL, "says so: %s", err);
	memcpy(bad, "\x01\x00\x02\x01\x01\x02\x00\x02\x00\x10\x42\x00\x00", 13);
	is_int(sgn_parse(bad, sizeof bad, &h, err, sizeof err), -1,
	    "an unknown tag");
	memcpy(bad, "\x01\x00\x02\x01\x01\x02\x00\x02\x00\x0e\x0d\x0d\x0d\x0d", 14);
	is_int(sgn_parse(bad, sizeof bad, &h, err, sizeof err), 0,
	    "padding alone is a valid (empty) header");
	is_int(h.npadding, 4, "four padding bytes");
	memcpy(bad, "\x01\x00\x02\x01\x01\x02\x00\x02\x01\x00", 10);
	is_int(sgn_parse(bad, sizeof bad, &h, err, sizeof err), -1,
	    "header longer than the buffer");

	/* sgn_check_file: a signed file that holds together (issue 14). */
	n = sgn_build(b, sizeof b, "cnu70.8-5-2-13.sbn", 3);
	is_int(sgn_check_file(b, n, n + 100, err, sizeof err), 0,
	    "header and a payload: whole");
	is_int(sgn_check_file(b, n, n, err, sizeof err), -1,
	    "header with no payload: refused");
	ok(strstr(err, "no payload") != NULL, "says so: %s", err);
	b[9] ^= 0x55;
	is_int(sgn_check_file(b, n, n + 100, err, sizeof err), -1,
	    "one byte of the header length changed: refused (%s)", err);
	b[9] ^= 0x55;
	memcpy(bad, "\x01\x00\x02\x01\x01\x02\x00\x02\x00\x0e\x0d\x0d\x0d\x0d", 14);
	is_int(sgn_check_file(bad, 14, 100, err, sizeof err), -1,
	    "a header without a signature: refused");
	ok(strstr(err, "no signature") != NULL, "says so: %s", err);
	return (done_testing());
}
