/*
 * sgn.h: the Cisco signed-file header that starts .loads, .sbn, .zz.sgn,
 * .cop.sgn and .cnf.xml.sgn files (shared/domain/cisco-phones.md 4.1).
 *
 * A list of tag-length-value fields, integers big-endian: tag u8, length
 * u16, value.  Tags 0x03 (signer), 0x07 (signature info) and 0x09
 * (signature algorithm) are containers whose length covers the fields that
 * follow them; 0x0D is a single padding byte with no length.  Tag 0x02
 * holds the total header length: the payload starts there.  Pure parsing,
 * no allocation: safe on untrusted bytes and on per-packet paths.
 *
 *	struct sgn_header h;
 *	if (sgn_parse(buf, len, &h, err, sizeof err) == 0)
 *		payload = buf + h.hdr_len;
 */
#ifndef FW_SGN_H
#define FW_SGN_H

#include <stddef.h>
#include <stdint.h>

#define SGN_TAG_VERSION		0x01	/* u8 major, u8 minor */
#define SGN_TAG_HDRLEN		0x02	/* u16 total header length */
#define SGN_TAG_SIGNER		0x03	/* container: 0x04 0x05 0x06 */
#define SGN_TAG_SIGNER_NAME	0x04	/* NUL-terminated "CN=...;OU=...;O=..." */
#define SGN_TAG_SERIAL		0x05	/* 8 bytes */
#define SGN_TAG_ISSUER		0x06	/* NUL-terminated */
#define SGN_TAG_SIGINFO		0x07	/* container: 0x08 0x09 */
#define SGN_TAG_HASH_ALG	0x08	/* 1 SHA-1, 2 SHA-256, 3 SHA-512 */
#define SGN_TAG_SIGALG_INFO	0x09	/* container: 0x0A 0x0B */
#define SGN_TAG_SIGALG		0x0a	/* u8 */
#define SGN_TAG_MODULUS		0x0b	/* u8: 2 = 2048-bit */
#define SGN_TAG_SIGNATURE	0x0c	/* the signature (256 bytes seen) */
#define SGN_TAG_PADDING		0x0d	/* one byte, no length field */
#define SGN_TAG_FILENAME	0x0e	/* NUL-terminated original file name */
#define SGN_TAG_TIMESTAMP	0x0f	/* not seen in samples */

#define SGN_MIN_LEN		10	/* 0x01 field + 0x02 field */
#define SGN_MAX_LEN		8192	/* seen: 404..412; far above is no header */
#define SGN_NAME_MAX		256

struct sgn_header {
	size_t		 hdr_len;	/* payload offset (tag 0x02) */
	uint8_t		 ver_major, ver_minor;
	uint8_t		 hash_alg;	/* 0 when absent */
	uint8_t		 serial[8];
	int		 has_serial;
	size_t		 sig_len;	/* tag 0x0C length, 0 when absent */
	char		 signer[SGN_NAME_MAX];	/* sanitised for display */
	char		 issuer[SGN_NAME_MAX];	/* sanitised for display */
	char		 filename[SGN_NAME_MAX]; /* raw bytes up to NUL, "" when absent */
	int		 has_filename;
	unsigned	 npadding;	/* 0x0D bytes seen */
};

/*
 * Is this the start of a signed header?  Looks only at the first bytes
 * (tag 0x01 of length 2 then tag 0x02 of length 2): for sniffing the
 * first block of a file.
 */
int	 sgn_looks_signed(const void *, size_t);

/*
 * Parse the header at the start of buf.  0 on success with *h filled;
 * -1 with a one-line reason in err when the bytes are not a well-formed
 * header or len is shorter than the header length.
 */
int	 sgn_parse(const void *, size_t, struct sgn_header *, char *, size_t);

/*
 * Does a signed file hold together?  buf holds its first len bytes
 * (at least the header), size is the whole file's length.  The header
 * must parse, end before the file does (a payload follows), carry a
 * signature and, when it names one, a known hash algorithm (1..3).  The
 * signature itself cannot be checked without Cisco's key, and the header
 * holds no digest or length of the payload.  0, or -1 with the reason.
 */
int	 sgn_check_file(const void *, size_t, uint64_t, char *, size_t);

/*
 * Build a header shaped like Cisco's (same tags, containers, a 256-byte
 * signature, the embedded file name, 0x0D padding to 4 bytes) for
 * synthetic test bundles.  The signature bytes are a deterministic
 * function of name and seed: it is structurally real and cryptographically
 * meaningless.  Returns the header length written, or 0 if it does not
 * fit in len.
 */
size_t	 sgn_build(void *, size_t, const char *, uint32_t);

#endif /* FW_SGN_H */
