/*
 * fw_import.h: bring a firmware bundle into the TFTP root, safely.
 *
 * Reads .zip, .tar, .tar.gz/.tgz, .cop.sgn (signed header, then a gzip'd
 * tar) through libarchive (no shelling out), and directory trees: model
 * folders are walked, a symbolic link that stays inside the directory is
 * followed, one that leaves it refuses the import.
 * A first pass reads only the entry headers, so every entry is checked
 * before a byte is written: absolute names, ".."
 * components, symlinks, hard links and device nodes refuse the whole
 * archive; per-entry and total size caps stop bombs while they inflate.
 * Only what a phone asks for is kept: loads and what they list, term
 * files, load<NNN>.txt, single images, configurations ROOT lacks (never
 * XMLDefault.cnf.xml), ring lists, dial plans, locale files, backgrounds;
 * the rest (copstart.sh, documentation, dot files, __MACOSX, an image no
 * .loads lists, a locale file in a folder no locale is named) is skipped
 * and reported.  Locale and background files keep the path a phone asks
 * for: LOCALE/NAME (the folder holding the file, English_United_States/)
 * and Desktops/WxHxD/NAME (List.xml and PNGs of any WxHxD folder), in a
 * folder of ROOT that has that name in any letter case or a new one
 * (made with no link followed, removed on failure); every other file in
 * a sub-directory is flattened.  The same name from two folders is one
 * file when the bytes are the same, and refuses the bundle when they
 * differ; identical bytes under names equal but for letter case are one
 * file, different ones are kept side by side with a warning.  .loads
 * files that are other manifests (XML, INI-style, binary) are kept as
 * plain files, and files of models phonerescue does not recover are named
 * as such; an import with nothing for a model phonerescue recovers is
 * refused.
 *
 * Any error or warning libarchive reports (a bad CRC, truncated data, a
 * damaged header), a gzip stream that fails its own CRC, an entry that
 * comes out shorter than its header says or expands more than
 * FW_MAX_RATIO:1, and a signed file whose header does not hold together
 * refuse the whole bundle.
 *
 * Files are written into ROOT/.phonerescue-import.<pid>, then every .loads
 * is parsed and every component it lists must be in the bundle or already
 * in ROOT (any letter case), non-empty, and of the listed size and MD5
 * (7921 style: the MD5 the .SBN carries after its signed header, or the
 * file's own).  Only when all of that holds are the files renamed into
 * ROOT, every file they replace kept aside until the last rename has
 * worked; on any failure the moved files go back, the staging directory
 * is removed and ROOT is as it was.  Term files are also kept under
 * ROOT/.phonerescue/terms/<load>/ (opened with no link followed) so that
 * fw_catalog_set_default() can switch between versions later, and so are
 * the bundle's configurations (OS79XX.TXT, SIPDefault.cnf, SEP<MAC>
 * files, CTL/ITL), beside every load of the bundle, byte for byte, even
 * when ROOT keeps its own: every imported version's files side by side,
 * out of the served names, for the per-phone upgrade plan (issue 20).
 * libpcap's error-buffer convention: -1 with a message in errbuf.
 */
#ifndef FW_FW_IMPORT_H
#define FW_FW_IMPORT_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "fw_catalog.h"
#include "fw_hash.h"

#define FW_ERRBUF_SIZE		512
#define FW_STAGING_PREFIX	".phonerescue-import."
#define FW_ROLLBACK_PREFIX	".phonerescue-rollback."	/* kept after a failed undo */

struct fw_import_opts {
	uint64_t	 max_entry;	/* 0: FW_MAX_ENTRY_BYTES */
	uint64_t	 max_total;	/* 0: FW_MAX_TOTAL_BYTES */
	int		 allow_incomplete; /* import loads with missing parts */
	int		 keep_defaults;	/* do not replace ROOT's term files */
	const char	*known_path;	/* known-bundles table; NULL: default */
	volatile sig_atomic_t *stop;	/* non-zero (the signal): abandon */
	/* Called every FW_PROGRESS_EVERY entries: pass 1 checks, 2 extracts. */
	void		(*progress)(void *, int, uint64_t);
	void		*progress_arg;
};

#define FW_PROGRESS_EVERY	10000	/* entries between progress calls */
#define FW_MAX_IMPORT_NOTES	500	/* notes kept; the rest are counted */
/*
 * Expansion: an entry may come out at most FW_MAX_RATIO times the archive
 * bytes read for it plus FW_RATIO_SLACK, the whole bundle FW_MAX_RATIO
 * times the archive read so far plus FW_RATIO_SLACK_TOTAL.  Real
 * components (.sbn, .sb2, .zz.sgn, images) are compressed already and
 * deflate about 1:1; a .loads is text under 1 KB, within the slack; 20:1
 * is far above anything a bundle holds and far below deflate's ~1000:1.
 */
#define FW_MAX_RATIO		20
#define FW_RATIO_SLACK		(1ULL << 20)
#define FW_RATIO_SLACK_TOTAL	(16ULL << 20)

struct fw_mfile {
	char		 name[2 * FW_NAME_MAX];	/* DIR/NAME in a folder */
	uint64_t	 size;
	int		 kept_out;	/* term file not made active (keep_defaults) */
};

/*
 * A locale or background folder the import wrote under ROOT, by the path
 * a phone asks for: a locale's own folder (English_United_States/,
 * United_States/) or Desktops/WxHxD/.
 */
enum { FW_SET_LOCALE = 1, FW_SET_BACKGROUND = 2 };
/*
 * Files of such folders in one bundle: a whole CUCM locale set is ~40
 * languages of ~45 files and ~80 countries of 4 (dkgroot/provision_sccp
 * tftpboot/locales: 2034 files); firmware files keep FW_MAX_FILES.
 */
#define FW_MAX_FOLDER_FILES	8192

struct fw_mset {
	int		 kind;			/* FW_SET_* */
	char		 dir[FW_NAME_MAX];	/* in ROOT, as spelt there */
	char		 from[256];		/* the first source folder */
	size_t		 nfrom;			/* source folders merged */
	size_t		 nfiles;
	uint64_t	 bytes;
};

struct fw_mserve {
	char		 model[16];
	char		 load[FW_NAME_MAX];
	char		 via[FW_NAME_MAX];	/* term file, load<NNN>.txt, or "" */
};

struct fw_manifest {
	char		 kind[16];	/* zip, tar, tar.gz, cop.sgn, directory, ... */
	int		 have_digest;
	struct fw_digest digest;	/* of the archive file */
	int		 known;		/* enum fw_known_result */
	struct fw_known	 kn;
	size_t		 nfiles;
	struct fw_mfile	*files;
	size_t		 nserves;
	struct fw_mserve *serves;
	size_t		 nsets;		/* locale and background folders */
	struct fw_mset	*sets;
	size_t		 nnotes;	/* skipped entries, warnings, advice */
	char		(*notes)[320];
	size_t		 notescap;
	size_t		 notes_left_out; /* past FW_MAX_IMPORT_NOTES */
	/* A failed import whose roll-back failed: ROOT is not as it was. */
	int		 root_changed;
};

int	 fw_import_archive(const char *, const char *,
	     const struct fw_import_opts *, struct fw_manifest *,
	     char [FW_ERRBUF_SIZE]);
void	 fw_manifest_free(struct fw_manifest *);

/* Is an entry name safe to extract?  NULL if so, else why not. */
const char *fw_import_check_name(const char *);

/*
 * Write a synthetic bundle with the real structure into dest: signed
 * .loads with CRLF, comments, #HARDWARE_COMP_1 and trailing spaces;
 * termNN.default.loads; .sbn components with a signed header, the
 * CNU_File_Archive_3.0 magic and deterministic filler to comp_size bytes.
 * variant "base" (or NULL): 7970/7971 SIP70.8-5-2S, with the capital-J
 * component Jar70sip.8-5-2-13.sbn as 8.x loads spell it, and 7942/7962
 * SIP42.9-4-2SR3-1S; "new": 7970/7971 SIP70.9-4-2SR3-1S (a later version
 * to sit beside base); "legacy": 7940/7960 SIP P0S3-8-12-00 (LF .loads
 * naming P003-8-12-00.sbn and P0S3-8-12-00.sb2, LA_VERSION=).
 * fmt: "dir" (dest is a directory), "zip", "tar", "tgz" or "cop" (signed
 * header + gzip'd tar with load<NNN>.txt and copstart.sh); the same
 * arguments always give the same bytes.
 * 0, or -1 with err.  Also `phonerescue import --make-demo-bundle`.
 */
int	 fw_demo_write_bundle(const char *, const char *, const char *, size_t,
	     char *, size_t);

#endif /* FW_FW_IMPORT_H */
