/* Digests through nettle, and the known-bundle table. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <nettle/md5.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>

#include "fw_hash.h"
#include "util.h"

static int	 unhex(const char *, uint8_t *, size_t);

/* The three nettle contexts, kept inside struct fw_hasher's state. */
struct hash_state {
	struct md5_ctx		 md5;
	struct sha1_ctx		 sha1;
	struct sha512_ctx	 sha512;
};
_Static_assert(sizeof(struct hash_state) <= FW_HASHER_STATE,
    "FW_HASHER_STATE too small for nettle's contexts");

static struct hash_state *
state(struct fw_hasher *h)
{
	return ((struct hash_state *)(void *)h->state.b);
}

void
fw_hash_init(struct fw_hasher *h, int want_all)
{
	memset(h, 0, sizeof *h);
	h->want_all = want_all;
	md5_init(&state(h)->md5);
	if (want_all) {
		sha1_init(&state(h)->sha1);
		sha512_init(&state(h)->sha512);
	}
}

void
fw_hash_update(struct fw_hasher *h, const void *p, size_t n)
{
	h->size += n;
	md5_update(&state(h)->md5, n, p);
	if (h->want_all) {
		sha1_update(&state(h)->sha1, n, p);
		sha512_update(&state(h)->sha512, n, p);
	}
}

void
fw_hash_final(struct fw_hasher *h, struct fw_digest *d)
{
	memset(d, 0, sizeof *d);
	d->size = h->size;
	md5_digest(&state(h)->md5, sizeof d->md5, d->md5);
	if (h->want_all) {
		sha1_digest(&state(h)->sha1, sizeof d->sha1, d->sha1);
		sha512_digest(&state(h)->sha512, sizeof d->sha512, d->sha512);
	}
}

int
fw_hash_fd(int fd, struct fw_digest *d)
{
	struct fw_hasher h;
	static uint8_t	 buf[65536];
	ssize_t		 n;

	fw_hash_init(&h, 1);
	for (;;) {
		if ((n = read(fd, buf, sizeof buf)) == -1) {
			if (errno == EINTR)
				continue;
			return (-1);
		}
		if (n == 0)
			break;
		fw_hash_update(&h, buf, (size_t)n);
	}
	fw_hash_final(&h, d);
	return (0);
}

void
fw_hash_hex(const uint8_t *p, size_t n, char *out)
{
	static const char hx[] = "0123456789abcdef";
	size_t	 i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hx[p[i] >> 4];
		out[2 * i + 1] = hx[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Hex string of exactly 2n digits into n bytes; 0 or -1. */
static int
unhex(const char *s, uint8_t *out, size_t n)
{
	if (strlen(s) != 2 * n)
		return (-1);
	return (util_hex_decode(s, out, n));
}

const char *
fw_data_dir(void)
{
	const char	*d = getenv("PHONERESCUE_DATADIR");

	return (d != NULL && *d != '\0' ? d : PKGDATADIR);
}

/* The table of data/known-bundles.tsv, compiled in at build time. */
static const char *const known_table[][6] = {
#include "src/fw/known_table.inc"
	{ NULL, NULL, NULL, NULL, NULL, NULL }
};

/*
 * One row against the digest and the base name: VERIFIED, MISMATCH (the
 * name only), NONE; -1 for a malformed row.
 */
static int
known_row(char *const fld[6], const char *base, const struct fw_digest *d)
{
	uint8_t		 md5[16], sha1[20], sha512[64];

	if (unhex(fld[2], md5, sizeof md5) != 0 ||
	    unhex(fld[3], sha1, sizeof sha1) != 0 ||
	    unhex(fld[4], sha512, sizeof sha512) != 0)
		return (-1);
	if (memcmp(md5, d->md5, sizeof md5) == 0 &&
	    memcmp(sha1, d->sha1, sizeof sha1) == 0 &&
	    memcmp(sha512, d->sha512, sizeof sha512) == 0 &&
	    strtoull(fld[1], NULL, 10) == d->size)
		return (FW_KNOWN_VERIFIED);
	if (base != NULL && strcasecmp(base, fld[0]) == 0)
		return (FW_KNOWN_MISMATCH);
	return (FW_KNOWN_NONE);
}

static void
known_fill(char *const fld[6], struct fw_known *out)
{
	snprintf(out->file, sizeof out->file, "%s", fld[0]);
	out->size = strtoull(fld[1], NULL, 10);
	snprintf(out->desc, sizeof out->desc, "%s", fld[5]);
}

/* All three digests and the size must match one row to verify. */
int
fw_known_lookup(const char *path, const char *name, const struct fw_digest *d,
    struct fw_known *out, char *err, size_t errlen)
{
	FILE		*f;
	char		 line[1024], *fld[6], *p, *save;
	const char	*base;
	unsigned	 lineno = 0;
	size_t		 i;
	int		 n, r, result = FW_KNOWN_NONE;

	base = name != NULL ? strrchr(name, '/') : NULL;
	base = base != NULL ? base + 1 : name;
	if (path == NULL) {
		for (i = 0; known_table[i][0] != NULL; i++) {
			for (n = 0; n < 6; n++)
				fld[n] = (char *)(uintptr_t)known_table[i][n];
			r = known_row(fld, base, d);
			if (r == FW_KNOWN_VERIFIED ||
			    (r == FW_KNOWN_MISMATCH &&
			    result == FW_KNOWN_NONE)) {
				known_fill(fld, out);
				result = r;
			}
			if (result == FW_KNOWN_VERIFIED)
				break;
		}
		return (result);
	}
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return (-1);
	}
	while (fgets(line, sizeof line, f) != NULL) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0' ||
		    strncmp(line, "file\t", 5) == 0)
			continue;
		for (n = 0, p = strtok_r(line, "\t", &save); p != NULL && n < 6;
		    p = strtok_r(NULL, "\t", &save))
			fld[n++] = p;
		if (n != 6 || (r = known_row(fld, base, d)) < 0) {
			snprintf(err, errlen, "%s:%u: malformed row", path,
			    lineno);
			fclose(f);
			return (-1);
		}
		if (r == FW_KNOWN_VERIFIED ||
		    (r == FW_KNOWN_MISMATCH && result == FW_KNOWN_NONE)) {
			known_fill(fld, out);
			result = r;
		}
		if (result == FW_KNOWN_VERIFIED)
			break;
	}
	fclose(f);
	return (result);
}
