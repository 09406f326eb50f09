/*
 * net_priv.h: giving up root once every privileged resource is open.
 * serve_start() resolves who to run as (--user, else the invoking user
 * from SUDO_UID/SUDO_GID, else nobody), hands that user the few paths it
 * must still write, then drops: one group, only the capabilities asked
 * for (CAP_NET_ADMIN and CAP_NET_RAW to take the recovery address away
 * at exit), an empty inheritable, ambient and bounding set beyond those,
 * and no_new_privs.  Linux only; capabilities through the raw capset(2)
 * system call, without libcap.
 *
 *	struct net_priv_target t;
 *	if (net_priv_resolve(user, getenv("SUDO_UID"), getenv("SUDO_GID"),
 *	    &t, err, sizeof err) != 0) fail;
 *	net_priv_give(dirfd_or_AT_FDCWD, path, &t, 0, ...);
 *	if (net_priv_drop(&t, NET_PRIV_CAP(CAP_NET_ADMIN) | ..., err, ...))
 *		fail;
 */
#ifndef NET_NET_PRIV_H
#define NET_NET_PRIV_H

#include <sys/types.h>

#include <stddef.h>
#include <stdint.h>

#define NET_PRIV_CAP(c)	((uint64_t)1 << (c))

struct net_priv_target {
	uid_t		 uid;
	gid_t		 gid;
	int		 root;		/* --user root: stay root, drop nothing */
	int		 fallback;	/* nobody, not a user anyone named */
	char		 name[64];	/* "alice", "nobody", or "uid 4242" */
	const char	*why;		/* "--user", "SUDO_UID", "default" */
};

/*
 * Who to run as: user (a name or a numeric uid, from --user) when not
 * NULL; else sudo_uid/sudo_gid (the SUDO_UID/SUDO_GID strings) when set
 * and not 0; else nobody (its passwd group, else nogroup, else 65534).
 * 0, or -1 with err.
 */
int	 net_priv_resolve(const char *, const char *, const char *,
	     struct net_priv_target *, char *, size_t);

/*
 * Give one path (relative to dirfd, or absolute with AT_FDCWD) to the
 * target user without following a symlink at any point; with recurse,
 * a directory's whole subtree too (never leaving it).  A missing path is
 * not an error.  0, or -1 with err.
 */
int	 net_priv_give(int, const char *, const struct net_priv_target *,
	     int, char *, size_t);

/*
 * Why a TFTP root (a resolved path) must not be handed to the run-as
 * user, or NULL if it may: a system directory (exactly), anything below
 * /etc, /usr, /boot, /root, /run, /var/log, /var/cache and the like, or a
 * person's home directory (root's, or a uid from 1000 on: not a daemon's
 * such as tftp's /srv/tftp) or one above it.
 */
const char *net_priv_root_refusal(const char *);

/* May the target user create and rename files in directory dir? */
int	 net_priv_can_write_dir(const char *, const struct net_priv_target *);

/*
 * Become the target: groups, bounding set, uid/gid, capabilities (keep:
 * a mask of NET_PRIV_CAP()), no_new_privs; then check that it took and
 * that root cannot be regained.  Must be called as root, single-threaded.
 * 0, or -1 with err (then the caller must not go on).
 */
int	 net_priv_drop(const struct net_priv_target *, uint64_t, char *, size_t);

/* "CAP_NET_ADMIN, CAP_NET_RAW" for a mask of the ones net_priv_drop keeps. */
void	 net_priv_caps_str(uint64_t, char *, size_t);

#endif /* NET_NET_PRIV_H */
