/*
 * netns.h: a network lab of our own: two network namespaces joined by a
 * veth link, and a temporary directory, all named after the owner's PID
 * so that a later run can remove what a killed one left behind.  The demo
 * runs the engines in one namespace and a simulated phone in the other;
 * tests/lib/netns.sh is the shell twin used by the root tests.  Needs
 * root (CAP_SYS_ADMIN and CAP_NET_ADMIN) and iproute2's `ip`.  Nothing
 * here touches an interface or namespace it did not make.
 *
 *	struct netns_lab lab;
 *	netns_lab_init(&lab, "prdemo-", "prd");
 *	netns_lab_sweep("prdemo-");		(what dead owners left)
 *	netns_lab_tmpdir(&lab, err, sizeof err);
 *	netns_lab_link(&lab, "srv", "phone", err, sizeof err);
 *	pid = netns_spawn(lab.ns[1], path, argv, -1, &go, err, sizeof err);
 *	netns_lab_keeper(&lab, pid, err, sizeof err);
 *	netns_enter(lab.ns[0], err, sizeof err);  ...give root up, run...
 *	netns_lab_release(&lab);		(the keeper removes it all)
 */
#ifndef NET_NETNS_H
#define NET_NETNS_H

#include <sys/types.h>

#include <net/if.h>
#include <stddef.h>

#define NETNS_DIR	"/var/run/netns"

struct netns_lab {
	char	 prefix[16];		/* namespaces PREFIX<pid>-<side> */
	char	 ifprefix[8];		/* links IFPREFIX<pid % 10^6><s> */
	long	 id;			/* the owner's PID */
	char	 tmp[64];		/* /tmp/PREFIX<pid>.XXXXXX, or "" */
	char	 ns[2][32];		/* the two namespaces */
	char	 ifname[2][IF_NAMESIZE]; /* the veth end in each */
	int	 made;			/* the namespaces exist */
	pid_t	 keeper;		/* a root child that removes it all */
	int	 keeper_fd;		/* closing it starts the removal */
	pid_t	 victim;		/* stopped (SIGTERM) before removal */
};

/* Run `ip ARGS... (char *)NULL` (QUIET: no output) and wait: 0 if it exited 0. */
int	netns_ip(int quiet, ...) __attribute__((sentinel));

/* Names the lab after this process; makes nothing yet. */
void	netns_lab_init(struct netns_lab *, const char *prefix,
	    const char *ifprefix);

/* Make the lab's temporary directory (mode 0755). */
int	netns_lab_tmpdir(struct netns_lab *, char *err, size_t errlen);

/*
 * Make the namespaces PREFIX<pid>-A and PREFIX<pid>-B, a veth pair with
 * one end in each, and bring both ends and each namespace's lo up.
 */
int	netns_lab_link(struct netns_lab *, const char *a, const char *b,
	    char *err, size_t errlen);

/*
 * Fork the keeper: a child that stays root and waits until
 * netns_lab_release() (or our death) closes its pipe, then sends VICTIM
 * (if > 0) SIGTERM and removes the namespaces and the directory, which a
 * process that gave root up could not.  The child keeps no other file
 * descriptor of ours open and ignores the stop signals.
 */
int	netns_lab_keeper(struct netns_lab *, pid_t victim, char *err,
	    size_t errlen);

/* Hand the lab to the keeper and wait for it; else remove it now. */
void	netns_lab_release(struct netns_lab *);

/* Remove the namespaces and the directory now (needs root); idempotent. */
void	netns_lab_remove(struct netns_lab *);

/*
 * Fork a child that enters namespace NS and waits for its cue: a byte
 * written on *go (the pipe's write end, set here) makes it exec PATH
 * with ARGV, stdout and stderr on OUTFD (-1: ours), stdin /dev/null;
 * *go closed unwritten makes it exit 0.  It gets SIGTERM if we die.
 * The child's PID, or -1 with err.
 */
pid_t	netns_spawn(const char *ns, const char *path, char *const argv[],
	    int outfd, int *go, char *err, size_t errlen);

/* Move this process (thread) into the named namespace. */
int	netns_enter(const char *ns, char *err, size_t errlen);

/* Remove the namespaces and directories of PREFIX whose owner is gone. */
void	netns_lab_sweep(const char *prefix);

#endif
