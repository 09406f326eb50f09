/*
 * fw_hash.h: MD5, SHA-1 and SHA-512 of firmware files (nettle, which
 * only fw_hash.c sees: its includers need no nettle headers), and the
 * table of known bundles (data/known-bundles.tsv, compiled in at build
 * time, so it is found from the build tree and from any prefix) that lets
 * `import` say a download is exactly the one Cisco published.
 */
#ifndef FW_FW_HASH_H
#define FW_FW_HASH_H

#include <stddef.h>
#include <stdint.h>

#define FW_KNOWN_FILE	"known-bundles.tsv"

struct fw_digest {
	uint64_t	 size;
	uint8_t		 md5[16];
	uint8_t		 sha1[20];
	uint8_t		 sha512[64];
};

/* A running digest; its nettle state is fw_hash.c's business. */
#define FW_HASHER_STATE	512	/* >= nettle's three contexts (checked) */
struct fw_hasher {
	uint64_t		 size;
	int			 want_all;	/* 0: MD5 only */
	union {
		max_align_t	 align;
		unsigned char	 b[FW_HASHER_STATE];
	}			 state;
};

void	 fw_hash_init(struct fw_hasher *, int);
void	 fw_hash_update(struct fw_hasher *, const void *, size_t);
void	 fw_hash_final(struct fw_hasher *, struct fw_digest *);
/* All three digests of an open file from its offset; 0, or -1 (errno). */
int	 fw_hash_fd(int, struct fw_digest *);
/* Lower-case hex of n bytes into out[2n+1]. */
void	 fw_hash_hex(const uint8_t *, size_t, char *);

struct fw_known {
	char		 file[128];
	uint64_t	 size;
	char		 desc[160];
};

enum fw_known_result {
	FW_KNOWN_NONE = 0,	/* neither name nor checksum known */
	FW_KNOWN_VERIFIED,	/* MD5, SHA-1 and SHA-512 all match a row */
	FW_KNOWN_MISMATCH,	/* the name is known, the checksums are not */
};

/*
 * The directory holding data files: $PHONERESCUE_DATADIR if set, else the
 * installed PKGDATADIR.
 */
const char *fw_data_dir(void);

/*
 * Look a bundle up by digest (and, failing that, by base name) in the
 * known-bundles table at path (NULL: the compiled-in table, which cannot
 * fail).
 * Fills *out for VERIFIED and MISMATCH.  -1 with err when the table
 * cannot be read or a row is malformed.
 */
int	 fw_known_lookup(const char *, const char *, const struct fw_digest *,
	     struct fw_known *, char *, size_t);

#endif /* FW_FW_HASH_H */
