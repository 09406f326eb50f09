/*
 * netns.c: a lab of two network namespaces and a veth link (netns.h).
 * The namespaces are iproute2's named ones (/var/run/netns/NAME), made
 * and removed with `ip` so that `ip netns` and tests/lib/netns.sh see
 * them; entering one is setns(2).
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "loop.h"
#include "net/netns.h"

int
netns_ip(int quiet, ...)
{
	char	*argv[16];
	va_list	 ap;
	pid_t	 pid;
	int	 n = 0, st, fd;

	argv[n++] = (char *)"ip";
	va_start(ap, quiet);
	while (n < 15 && (argv[n] = va_arg(ap, char *)) != NULL)
		n++;
	va_end(ap);
	argv[n] = NULL;
	if ((pid = fork()) == -1)
		return (-1);
	if (pid == 0) {
		if (quiet && (fd = open("/dev/null", O_WRONLY)) != -1) {
			dup2(fd, 1);
			dup2(fd, 2);
			close(fd);
		}
		execvp("ip", argv);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return (-1);
	return (WIFEXITED(st) && WEXITSTATUS(st) == 0 ? 0 : -1);
}

void
netns_lab_init(struct netns_lab *lab, const char *prefix,
    const char *ifprefix)
{
	memset(lab, 0, sizeof *lab);
	strlcpy(lab->prefix, prefix, sizeof lab->prefix);
	strlcpy(lab->ifprefix, ifprefix, sizeof lab->ifprefix);
	lab->id = (long)getpid();
	lab->keeper_fd = -1;
}

int
netns_lab_tmpdir(struct netns_lab *lab, char *err, size_t errlen)
{
	snprintf(lab->tmp, sizeof lab->tmp, "/tmp/%s%ld.XXXXXX", lab->prefix,
	    lab->id);
	if (mkdtemp(lab->tmp) == NULL) {
		snprintf(err, errlen, "mkdtemp: %s", strerror(errno));
		lab->tmp[0] = '\0';
		return (-1);
	}
	/* Whoever we become after giving root up can read below it. */
	(void)chmod(lab->tmp, 0755);
	return (0);
}

int
netns_lab_link(struct netns_lab *lab, const char *a, const char *b,
    char *err, size_t errlen)
{
	const char	*side[2] = { a, b };
	int		 i;

	for (i = 0; i < 2; i++) {
		snprintf(lab->ns[i], sizeof lab->ns[i], "%s%ld-%s",
		    lab->prefix, lab->id, side[i]);
		snprintf(lab->ifname[i], sizeof lab->ifname[i], "%s%ld%c",
		    lab->ifprefix, lab->id % 1000000, side[i][0]);
	}
	if (netns_ip(0, "netns", "add", lab->ns[0], (char *)NULL) != 0) {
		snprintf(err, errlen, "ip netns add %s failed (is iproute2 "
		    "installed?)", lab->ns[0]);
		return (-1);
	}
	lab->made = 1;
	if (netns_ip(0, "netns", "add", lab->ns[1], (char *)NULL) != 0 ||
	    netns_ip(0, "link", "add", lab->ifname[0], "netns", lab->ns[0],
	    "type", "veth", "peer", "name", lab->ifname[1], "netns",
	    lab->ns[1], (char *)NULL) != 0)
		goto fail;
	for (i = 0; i < 2; i++)
		if (netns_ip(0, "-n", lab->ns[i], "link", "set", "lo", "up",
		    (char *)NULL) != 0 ||
		    netns_ip(0, "-n", lab->ns[i], "link", "set",
		    lab->ifname[i], "up", (char *)NULL) != 0)
			goto fail;
	return (0);
fail:
	snprintf(err, errlen, "could not build the link %s <-> %s",
	    lab->ifname[0], lab->ifname[1]);
	return (-1);
}

/* nftw() callback: remove one entry (depth first). */
static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return (remove(path));
}

void
netns_lab_remove(struct netns_lab *lab)
{
	if (lab->made) {
		/* Deleting a namespace deletes the veth end in it, and its peer. */
		(void)netns_ip(1, "netns", "del", lab->ns[1], (char *)NULL);
		(void)netns_ip(1, "netns", "del", lab->ns[0], (char *)NULL);
		lab->made = 0;
	}
	if (lab->tmp[0] != '\0') {
		(void)nftw(lab->tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
		lab->tmp[0] = '\0';
	}
}

/* A pipe (close-on-exec) and a fork: the pid (0 in the child), or -1. */
static pid_t
fork_piped(int p[2], char *err, size_t errlen)
{
	pid_t	 pid;

	if (pipe2(p, O_CLOEXEC) == -1) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return (-1);
	}
	fflush(stdout);
	if ((pid = fork()) == -1) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
	}
	return (pid);
}

int
netns_lab_keeper(struct netns_lab *lab, pid_t victim, char *err,
    size_t errlen)
{
	int	 kp[2];
	ssize_t	 r;
	pid_t	 pid;
	char	 c;

	if ((pid = fork_piped(kp, err, errlen)) == -1)
		return (-1);
	if (pid == 0) {
		/* Hold nothing of the parent's open (a phone's start pipe). */
		if (kp[0] != 3 && dup2(kp[0], 3) == -1)
			_exit(1);
		(void)close_range(4, ~0U, 0);
		/* Ctrl-C and hang-ups are for the owner: we clean up after it. */
		loop_signals_forked(1);
		while ((r = read(3, &c, 1)) == 1 ||
		    (r == -1 && errno == EINTR))
			;
		if (victim > 0)
			(void)kill(victim, SIGTERM);
		netns_lab_remove(lab);
		_exit(0);
	}
	close(kp[0]);
	lab->keeper = pid;
	lab->keeper_fd = kp[1];
	lab->victim = victim;
	return (0);
}

void
netns_lab_release(struct netns_lab *lab)
{
	int	 st;

	if (lab->keeper > 0) {
		close(lab->keeper_fd);
		lab->keeper_fd = -1;
		while (waitpid(lab->keeper, &st, 0) == -1 && errno == EINTR)
			;
		lab->keeper = 0;
		lab->made = 0;
		lab->tmp[0] = '\0';
	}
	netns_lab_remove(lab);
}

pid_t
netns_spawn(const char *ns, const char *path, char *const argv[], int outfd,
    int *go, char *err, size_t errlen)
{
	char	 perr[256], c;
	int	 p[2], fd;
	ssize_t	 r;
	pid_t	 pid;

	if ((pid = fork_piped(p, err, errlen)) == -1)
		return (-1);
	if (pid == 0) {
		close(p[1]);
		(void)prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (netns_enter(ns, perr, sizeof perr) != 0) {
			fprintf(stderr, "phonerescue: %s\n", perr);
			_exit(1);
		}
		while ((r = read(p[0], &c, 1)) == -1 && errno == EINTR)
			;
		if (r != 1)
			_exit(0);	/* let go before its cue */
		if (outfd != -1) {
			dup2(outfd, 1);
			dup2(outfd, 2);
		}
		if ((fd = open("/dev/null", O_RDONLY)) != -1) {
			dup2(fd, 0);
			close(fd);
		}
		execv(path, argv);
		_exit(127);
	}
	close(p[0]);
	*go = p[1];
	return (pid);
}

int
netns_enter(const char *ns, char *err, size_t errlen)
{
	char	 path[PATH_MAX];
	int	 fd;

	snprintf(path, sizeof path, NETNS_DIR "/%s", ns);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    setns(fd, CLONE_NEWNET) == -1) {
		snprintf(err, errlen, "entering %s: %s", ns, strerror(errno));
		if (fd != -1)
			close(fd);
		return (-1);
	}
	close(fd);
	return (0);
}

/* PREFIX<pid>SEP...: the PID, when its process is gone; else 0. */
static long
dead_owner(const char *name, const char *prefix, char sep)
{
	size_t	 n = strlen(prefix);
	long	 pid;
	char	*end;

	if (strncmp(name, prefix, n) != 0)
		return (0);
	pid = strtol(name + n, &end, 10);
	if (pid <= 0 || *end != sep || kill((pid_t)pid, 0) == 0 ||
	    errno != ESRCH)
		return (0);
	return (pid);
}

void
netns_lab_sweep(const char *prefix)
{
	DIR		*d;
	struct dirent	*e;
	char		 path[300];

	if ((d = opendir(NETNS_DIR)) != NULL) {
		while ((e = readdir(d)) != NULL)
			if (dead_owner(e->d_name, prefix, '-') != 0)
				(void)netns_ip(1, "netns", "del", e->d_name,
				    (char *)NULL);
		closedir(d);
	}
	/* And their temporary directories, /tmp/PREFIX<pid>.XXXXXX. */
	if ((d = opendir("/tmp")) != NULL) {
		while ((e = readdir(d)) != NULL) {
			if (dead_owner(e->d_name, prefix, '.') == 0)
				continue;
			snprintf(path, sizeof path, "/tmp/%s", e->d_name);
			(void)nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
		}
		closedir(d);
	}
}
