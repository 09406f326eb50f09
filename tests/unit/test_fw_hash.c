/* Digests against published test vectors, and the known-bundle table. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "fw/fw_hash.h"

int
main(void)
{
	struct fw_hasher h;
	struct fw_digest d;
	struct fw_known	 k;
	char		 hex[129], err[256], path[4096], tbl[] =
			    "/tmp/test_fw_hash.XXXXXX";
	const char	*top = getenv("top_srcdir");
	FILE		*f;
	int		 fd;

	/* FIPS 180 / RFC 1321 vectors for "abc". */
	fw_hash_init(&h, 1);
	fw_hash_update(&h, "a", 1);
	fw_hash_update(&h, "bc", 2);
	fw_hash_final(&h, &d);
	fw_hash_hex(d.md5, 16, hex);
	is_str(hex, "900150983cd24fb0d6963f7d28e17f72", "MD5(abc)");
	fw_hash_hex(d.sha1, 20, hex);
	is_str(hex, "a9993e364706816aba3e25717850c26c9cd0d89d", "SHA-1(abc)");
	fw_hash_hex(d.sha512, 64, hex);
	is_str(hex, "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee6"
	    "4b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94f"
	    "a54ca49f", "SHA-512(abc)");
	is_int(d.size, 3, "size counted");

	/* The shipped table: both seed bundles, by name when checksums differ. */
	snprintf(path, sizeof path, "%s/data/known-bundles.tsv",
	    top != NULL ? top : ".");
	is_int(fw_known_lookup(path, "dl/cmterm-7975-sip.8-4-2.zip", &d, &k,
	    err, sizeof err), FW_KNOWN_MISMATCH, "a known name, other bytes");
	is_str(k.file, "cmterm-7975-sip.8-4-2.zip", "names the bundle");
	is_int(k.size, 5081897, "with its published size");
	is_int(fw_known_lookup(path, "7941-7961-SIP.8-4-2S.TAR", &d, &k,
	    err, sizeof err), FW_KNOWN_MISMATCH, "names in any case");
	is_int(fw_known_lookup(path, "other.zip", &d, &k, err, sizeof err),
	    FW_KNOWN_NONE, "an unknown bundle");

	/*
	 * The same table compiled in (issue 14): no file at run time, so
	 * the build tree and any install prefix recognise the seeds.
	 */
	setenv("PHONERESCUE_DATADIR", "/nonexistent", 1);
	memset(&k, 0, sizeof k);
	is_int(fw_known_lookup(NULL, "dl/cmterm-7975-sip.8-4-2.zip", &d, &k,
	    err, sizeof err), FW_KNOWN_MISMATCH, "compiled in: a known name");
	is_int(k.size, 5081897, "compiled in: its published size");
	is_str(k.desc, "7975 SIP IP Phone firmware files only, 8.4(2), "
	    "19-Sep-2013", "compiled in: its description");
	is_int(fw_known_lookup(NULL, "7941-7961-SIP.8-4-2S.TAR", &d, &k,
	    err, sizeof err), FW_KNOWN_MISMATCH, "compiled in: any case");
	is_int(fw_known_lookup(NULL, "other.zip", &d, &k, err, sizeof err),
	    FW_KNOWN_NONE, "compiled in: an unknown bundle");

	/* A table naming "abc" verifies it by all three digests. */
	if ((fd = mkstemp(tbl)) == -1 || (f = fdopen(fd, "w")) == NULL)
		return (99);
	fprintf(f, "# test\nfile\tsize\tmd5\tsha1\tsha512\tdescription\n"
	    "abc.bin\t3\t900150983cd24fb0d6963f7d28e17f72\t"
	    "a9993e364706816aba3e25717850c26c9cd0d89d\t"
	    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
	    "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
	    "\tthree letters\n");
	fclose(f);
	is_int(fw_known_lookup(tbl, "renamed.bin", &d, &k, err, sizeof err),
	    FW_KNOWN_VERIFIED, "verified whatever its name");
	is_str(k.desc, "three letters", "with its description");
	d.sha512[63] ^= 1;
	is_int(fw_known_lookup(tbl, "renamed.bin", &d, &k, err, sizeof err),
	    FW_KNOWN_NONE, "one digest off is not verified");
	if ((f = fopen(tbl, "a")) != NULL) {
		fputs("broken\trow\n", f);
		fclose(f);
	}
	is_int(fw_known_lookup(tbl, "x", &d, &k, err, sizeof err), -1,
	    "a malformed row is an error");
	ok(strstr(err, ":4: malformed") != NULL, "with its line: %s", err);
	unlink(tbl);
	is_int(fw_known_lookup("/nonexistent/t.tsv", "x", &d, &k, err,
	    sizeof err), -1, "a missing table is an error");
	return (done_testing());
}
