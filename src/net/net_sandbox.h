/*
 * net_sandbox.h: the system-call filter installed once root is given up
 * (seccomp(2) through libseccomp): an allow-list for serve, sniff and the
 * wizard's engines.  What is not listed fails with EPERM (ENOSYS for
 * openat2, so callers fall back to openat, whose flags can be checked)
 * and is reported: a SIGSYS handler records the call, writes one line to
 * stderr and sets the call's result, and net_sandbox_refused() hands the
 * records to the caller (serve posts a `sandbox_refused` notice).  Never
 * allowed: execve/execveat, sockets of families other than unix, inet,
 * netlink and packet, ptrace (but in sanitizer builds), mount, bpf and
 * the like.  Files: opening read-only is allowed anywhere (ROOT); opening
 * for writing, creating, renaming and unlinking only through write_dirfd,
 * the lease directory held open (see afile_set_dir()); seccomp cannot see
 * a path, so a path-based write outside it is refused by its flags.  The
 * wizard imports into ROOT while serving: writes_anywhere keeps file
 * writes open to it (the kernel's permission checks then confine them).
 *
 *	struct net_sandbox sb = { leasedirfd, 0 };
 *	if (net_sandbox_enter(&sb, err, sizeof err) != 0) fail;
 */
#ifndef NET_NET_SANDBOX_H
#define NET_NET_SANDBOX_H

#include <stddef.h>

struct net_sandbox {
	int	 write_dirfd;		/* the one writable directory, or -1 */
	int	 writes_anywhere;	/* the wizard: writes into ROOT too */
};

/* Install the filter (once per process; again is a no-op); 0, or -1. */
int	 net_sandbox_enter(const struct net_sandbox *, char *, size_t);
/* Is the filter on in this process? */
int	 net_sandbox_active(void);
/* Take up to max refused call numbers recorded since the last call. */
size_t	 net_sandbox_refused(long *, size_t);
/* The name of call nr ("execve"), or "syscall N". */
void	 net_sandbox_name(long, char *, size_t);

#endif /* NET_NET_SANDBOX_H */
