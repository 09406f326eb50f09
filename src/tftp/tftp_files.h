/*
 * tftp_files.h: where served bytes come from.  A small provider vtable
 * (tftpd's formats[] table, ncdu's dir_output seam) so the server can
 * serve a directory tree, tests can serve from memory and the firmware
 * module can serve imported loads.
 *
 * Every provider resolves names the same way (tftp_files_normalise):
 * a leading '/' is stripped, '\' means '/', '.' and empty components go,
 * and '..' is refused.  When the exact name is missing, each component is
 * matched case-insensitively (exact wins when both exist): phones ask for
 * "Jar70sip..." when the archive shipped "jar70sip...".
 */
#ifndef TFTP_TFTP_FILES_H
#define TFTP_TFTP_FILES_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#define TFTP_FILES_PATH_MAX	1024	/* longest name we resolve */
/*
 * The one hidden folder a per-client answer may reach: the importer's
 * store of every version's term files (FW_TERMS_DIR in fw/fw_catalog.h,
 * the same string; tests/unit/test_tftp_files checks it).
 */
#define TFTP_FILES_STORE	".phonerescue/terms"

struct tftp_file;
struct tftp_files;

/*
 * A per-client answer (issue 20: each phone gets its upgrade step's
 * files).  Called with the client's IPv4 address (network order) and the
 * name it asked for, normalised (tftp_files_normalise); returns 1 with a
 * path relative to the root in out to serve instead, 0 to serve the name
 * as asked.  The override obeys the same rules as any name (no '..', no
 * way out of the root, letter case matched), and may reach one hidden
 * folder: TFTP_FILES_STORE/.  -1 refuses the name to this client (as
 * missing: TFTP error 1, HTTP 404).  NULL resolver: every client gets the
 * same.
 */
typedef int	(*tftp_files_resolve_fn)(void *, uint32_t, const char *,
		     char *, size_t);

struct tftp_files {
	/*
	 * Open a requested name (NUL-terminated, sanitised by nobody yet).
	 * On success returns 0 with *fp set and the path as served (relative
	 * to the root) in served; otherwise a TFTP error code: 1 for missing,
	 * 2 for refused or unreadable, with a reason in why.
	 */
	int		 (*open)(struct tftp_files *, const char *,
			     struct tftp_file **, char *, size_t,
			     const char **);
	/* Read len bytes at off into buf: the count read, or -1. */
	ssize_t		 (*read_block)(struct tftp_files *, struct tftp_file *,
			     uint64_t, void *, size_t);
	uint64_t	 (*size)(struct tftp_files *, struct tftp_file *);
	void		 (*close)(struct tftp_files *, struct tftp_file *);
	void		 (*free)(struct tftp_files *);
	size_t		 (*nopen)(struct tftp_files *);	/* shared handles */
	/*
	 * The descriptor behind an open file, for sendfile(2) (HTTP), or -1
	 * when there is none (memory).  Shared: dup() it to keep it; read
	 * it only at explicit offsets.
	 */
	int		 (*fd)(struct tftp_files *, struct tftp_file *);
	/* As open, for a resolver's answer: TFTP_FILES_STORE/ allowed. */
	int		 (*open_store)(struct tftp_files *, const char *,
			     struct tftp_file **, char *, size_t,
			     const char **);
	/* Set by tftp_files_set_resolver; NULL: the same for everyone. */
	tftp_files_resolve_fn resolve;
	void		*resolve_arg;
};

/* Install (or with NULL remove) the per-client resolver. */
void		 tftp_files_set_resolver(struct tftp_files *,
		     tftp_files_resolve_fn, void *);
/*
 * Open name for the client at IPv4 address client (network order): the
 * resolver's answer when it gives one, else name itself.  What the TFTP
 * and the HTTP servers call; same results as open.
 */
int		 tftp_files_open_for(struct tftp_files *, uint32_t,
		     const char *, struct tftp_file **, char *, size_t,
		     const char **);

/*
 * Normalise a requested name into out (relative, '/'-separated, no '.',
 * no empty components).  0 on success; -1 for '..', an empty result or
 * one longer than outlen.
 */
int		 tftp_files_normalise(const char *, char *, size_t);

/*
 * Serve the tree under root.  Names resolve relative to a directory fd
 * with openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS), or an O_NOFOLLOW
 * walk where openat2 is missing, so no symlink leads out.  Transfers of
 * the same file share one descriptor (read with pread).  NULL + err on
 * failure.
 */
struct tftp_files *tftp_files_root_new(const char *, char *, size_t);

/* Serve from memory (tests, fuzzing): add copies of named buffers. */
struct tftp_files *tftp_files_mem_new(void);
void		 tftp_files_mem_add(struct tftp_files *, const char *,
		     const void *, size_t);

#endif /* TFTP_TFTP_FILES_H */
