/* The Cisco signed-file header: parse and (for synthetic bundles) build. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "rd.h"
#include "sgn.h"
#include "util.h"

static void	 copy_cstr(char *, size_t, const uint8_t *, size_t, int);

/* The demo signer and issuer: shaped like Cisco's placeholders, but ours. */
#define SGN_DEMO_SIGNER	"CN=phonerescueDemo;OU=synthetic;O=phonerescue"
#define SGN_DEMO_ISSUER	"CN=phonerescueDemoCA;OU=synthetic;O=phonerescue"
#define SGN_SIG_LEN	256

/* Copy a NUL-terminated field out, raw or sanitised for display. */
static void
copy_cstr(char *dst, size_t dstlen, const uint8_t *v, size_t n, int sanitise)
{
	const uint8_t	*nul;

	if ((nul = memchr(v, '\0', n)) != NULL)
		n = (size_t)(nul - v);
	if (sanitise) {
		util_sanitise(dst, dstlen, v, n);
		return;
	}
	if (n >= dstlen)
		n = dstlen - 1;
	memcpy(dst, v, n);
	dst[n] = '\0';
}

int
sgn_looks_signed(const void *buf, size_t len)
{
	const uint8_t	*p = buf;

	return (len >= SGN_MIN_LEN && p[0] == SGN_TAG_VERSION && p[1] == 0 &&
	    p[2] == 2 && p[5] == SGN_TAG_HDRLEN && p[6] == 0 && p[7] == 2);
}

/* Walk the TLVs up to the header length of tag 0x02; containers are entered. */
int
sgn_parse(const void *buf, size_t len, struct sgn_header *h, char *err,
    size_t errlen)
{
	struct rd	 r;
	const uint8_t	*v;
	size_t		 pos, vlen;
	uint8_t		 tag;

	memset(h, 0, sizeof *h);
	if (!sgn_looks_signed(buf, len)) {
		snprintf(err, errlen, "no signed header (want tags 0x01, 0x02 "
		    "at the start)");
		return (-1);
	}
	rd_init(&r, buf, len);
	rd_skip(&r, 3);
	h->ver_major = rd_u8(&r);
	h->ver_minor = rd_u8(&r);
	rd_skip(&r, 3);
	h->hdr_len = rd_be16(&r);
	if (h->hdr_len < SGN_MIN_LEN || h->hdr_len > SGN_MAX_LEN) {
		snprintf(err, errlen, "signed header length %zu out of range",
		    h->hdr_len);
		return (-1);
	}
	if (h->hdr_len > len) {
		snprintf(err, errlen, "signed header says %zu bytes, file has "
		    "%zu", h->hdr_len, len);
		return (-1);
	}
	rd_init(&r, buf, h->hdr_len);
	rd_skip(&r, SGN_MIN_LEN);
	while (!r.err && rd_left(&r) > 0) {
		pos = (size_t)(r.p - (const uint8_t *)buf);
		tag = rd_u8(&r);
		if (tag == SGN_TAG_PADDING) {
			h->npadding++;
			continue;
		}
		if (tag == 0 || tag > SGN_TAG_TIMESTAMP ||
		    tag == SGN_TAG_VERSION || tag == SGN_TAG_HDRLEN) {
			snprintf(err, errlen, "unexpected tag 0x%02x at offset "
			    "%zu of the signed header", tag, pos);
			return (-1);
		}
		vlen = rd_be16(&r);
		if (r.err || vlen > rd_left(&r)) {
			snprintf(err, errlen, "tag 0x%02x at offset %zu runs "
			    "past the %zu-byte header", tag, pos, h->hdr_len);
			return (-1);
		}
		/* Containers: their fields follow in line. */
		if (tag == SGN_TAG_SIGNER || tag == SGN_TAG_SIGINFO ||
		    tag == SGN_TAG_SIGALG_INFO)
			continue;
		v = rd_bytes(&r, vlen);
		switch (tag) {
		case SGN_TAG_SIGNER_NAME:
			copy_cstr(h->signer, sizeof h->signer, v, vlen, 1);
			break;
		case SGN_TAG_SERIAL:
			if (vlen == sizeof h->serial) {
				memcpy(h->serial, v, vlen);
				h->has_serial = 1;
			}
			break;
		case SGN_TAG_ISSUER:
			copy_cstr(h->issuer, sizeof h->issuer, v, vlen, 1);
			break;
		case SGN_TAG_HASH_ALG:
			if (vlen >= 1)
				h->hash_alg = v[0];
			break;
		case SGN_TAG_SIGNATURE:
			h->sig_len = vlen;
			break;
		case SGN_TAG_FILENAME:
			copy_cstr(h->filename, sizeof h->filename, v, vlen, 0);
			h->has_filename = 1;
			break;
		default:
			break;
		}
	}
	if (r.err) {
		snprintf(err, errlen, "signed header truncated");
		return (-1);
	}
	return (0);
}

int
sgn_check_file(const void *buf, size_t len, uint64_t size, char *err,
    size_t errlen)
{
	struct sgn_header h;

	if (sgn_parse(buf, len, &h, err, errlen) != 0)
		return (-1);
	if ((uint64_t)h.hdr_len >= size) {
		snprintf(err, errlen, "the signed header says %zu bytes and "
		    "the file has %llu: no payload (truncated)", h.hdr_len,
		    (unsigned long long)size);
		return (-1);
	}
	if (h.sig_len == 0) {
		snprintf(err, errlen, "the signed header carries no signature");
		return (-1);
	}
	if (h.hash_alg > 3) {
		snprintf(err, errlen, "the signed header names hash algorithm "
		    "%u (known: 1 SHA-1, 2 SHA-256, 3 SHA-512)", h.hash_alg);
		return (-1);
	}
	return (0);
}

/* Cisco's field order: 01 02 03(04 05 06) 07(08 09(0A 0B)) 0C 0E, then 0x0D. */
size_t
sgn_build(void *buf, size_t len, const char *name, uint32_t seed)
{
	static const uint8_t serial[8] = {
	    0x12, 0x34, 0x56, 0x78, 0x90, 0xab, 0xcd, 0xef };
	struct wr	 w;
	uint32_t	 x;
	size_t		 i, signer = sizeof SGN_DEMO_SIGNER,
			 issuer = sizeof SGN_DEMO_ISSUER, namelen;
	uint8_t		*lenp;

	namelen = strlen(name) + 1;
	if (namelen > 0xffff)
		return (0);
	wr_init(&w, buf, len);
	wr_u8(&w, SGN_TAG_VERSION);
	wr_be16(&w, 2);
	wr_u8(&w, 1);
	wr_u8(&w, 1);
	wr_u8(&w, SGN_TAG_HDRLEN);
	wr_be16(&w, 2);
	lenp = w.p;
	wr_be16(&w, 0);			/* filled in below */
	wr_u8(&w, SGN_TAG_SIGNER);
	wr_be16(&w, (uint16_t)(3 + signer + 3 + 8 + 3 + issuer));
	wr_u8(&w, SGN_TAG_SIGNER_NAME);
	wr_be16(&w, (uint16_t)signer);
	wr_bytes(&w, SGN_DEMO_SIGNER, signer);
	wr_u8(&w, SGN_TAG_SERIAL);
	wr_be16(&w, 8);
	wr_bytes(&w, serial, 8);
	wr_u8(&w, SGN_TAG_ISSUER);
	wr_be16(&w, (uint16_t)issuer);
	wr_bytes(&w, SGN_DEMO_ISSUER, issuer);
	wr_u8(&w, SGN_TAG_SIGINFO);
	wr_be16(&w, 15);
	wr_u8(&w, SGN_TAG_HASH_ALG);
	wr_be16(&w, 1);
	wr_u8(&w, 1);
	wr_u8(&w, SGN_TAG_SIGALG_INFO);
	wr_be16(&w, 8);
	wr_u8(&w, SGN_TAG_SIGALG);
	wr_be16(&w, 1);
	wr_u8(&w, 0);
	wr_u8(&w, SGN_TAG_MODULUS);
	wr_be16(&w, 1);
	wr_u8(&w, 2);
	wr_u8(&w, SGN_TAG_SIGNATURE);
	wr_be16(&w, SGN_SIG_LEN);
	/* A deterministic "signature": xorshift32 over name and seed. */
	x = seed ^ 0x9e3779b9U;
	for (i = 0; name[i] != '\0'; i++)
		x = (x ^ (uint8_t)name[i]) * 16777619U;
	for (i = 0; i < SGN_SIG_LEN; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		wr_u8(&w, (uint8_t)x);
	}
	wr_u8(&w, SGN_TAG_FILENAME);
	wr_be16(&w, (uint16_t)namelen);
	wr_bytes(&w, name, namelen);
	while (!w.err && wr_len(&w) % 4 != 0)
		wr_u8(&w, SGN_TAG_PADDING);
	if (w.err || wr_len(&w) > SGN_MAX_LEN)
		return (0);
	lenp[0] = (uint8_t)(wr_len(&w) >> 8);
	lenp[1] = (uint8_t)wr_len(&w);
	return (wr_len(&w));
}
