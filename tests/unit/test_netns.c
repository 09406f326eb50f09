/*
 * test_netns: the namespace lab (src/net/netns.c) as root: a lab is made
 * (directory, two namespaces, the veth link up), entered, handed to its
 * keeper, and leaves nothing behind; a dead owner's lab is swept, a live
 * one's is not.  Skips without root or iproute2.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "compat.h"
#include "net/netns.h"

#define PREFIX	"prnst-"
#define IFPFX	"prn"

static int
exists(const char *path)
{
	struct stat	 sb;

	return (stat(path, &sb) == 0);
}

static int
ns_exists(const char *ns)
{
	char	 path[128];

	snprintf(path, sizeof path, NETNS_DIR "/%s", ns);
	return (exists(path));
}

/* The lab's namespaces, its link and its directory are all there. */
static int
lab_whole(const struct netns_lab *lab)
{
	return (lab->tmp[0] != '\0' && exists(lab->tmp) &&
	    ns_exists(lab->ns[0]) && ns_exists(lab->ns[1]) &&
	    netns_ip(1, "-n", lab->ns[0], "link", "show", "dev",
	    lab->ifname[0], "up", (char *)NULL) == 0 &&
	    netns_ip(1, "-n", lab->ns[1], "link", "show", "dev",
	    lab->ifname[1], "up", (char *)NULL) == 0);
}

/* Nothing of it is left: no namespace, no directory, no link here. */
static int
lab_gone(const char *ns0, const char *ns1, const char *tmp, const char *ifn)
{
	return (!ns_exists(ns0) && !ns_exists(ns1) && !exists(tmp) &&
	    if_nametoindex(ifn) == 0);
}

static void
test_make_enter_keep(void)
{
	struct netns_lab lab;
	char		 err[256], ns0[32], ns1[32], tmp[64], ifn[IF_NAMESIZE];
	char		 c;
	int		 st, p[2];
	pid_t		 pid, victim;

	netns_lab_init(&lab, PREFIX, IFPFX);
	ok(netns_lab_tmpdir(&lab, err, sizeof err) == 0, "tmpdir: %s",
	    lab.tmp);
	ok(netns_lab_link(&lab, "srv", "phone", err, sizeof err) == 0,
	    "link %s <-> %s", lab.ifname[0], lab.ifname[1]);
	ok(lab_whole(&lab), "both namespaces, both ends up, the directory");
	ok(if_nametoindex(lab.ifname[0]) == 0,
	    "the link is not in our own namespace");

	/* A child entering the first namespace sees its end of the link. */
	if ((pid = fork()) == 0)
		_exit(netns_enter(lab.ns[0], err, sizeof err) == 0 &&
		    if_nametoindex(lab.ifname[0]) != 0 &&
		    if_nametoindex(lab.ifname[1]) == 0 ? 0 : 1);
	ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0, "netns_enter: inside, one end only");
	ok(netns_enter("prnst-no-such", err, sizeof err) == -1 &&
	    strstr(err, "prnst-no-such") != NULL, "no such namespace: %s", err);

	/* A child spawned in the other namespace runs on its cue only. */
	{
		char	*argv[] = { (char *)"sh", (char *)"-c", NULL, NULL };
		char	 script[160];
		int	 go;

		snprintf(script, sizeof script, "grep -q '^ *%s:' /proc/net/dev "
		    "&& ! grep -q '^ *%s:' /proc/net/dev && exit 3", lab.ifname[1],
		    lab.ifname[0]);
		argv[2] = script;
		pid = netns_spawn(lab.ns[1], "/bin/sh", argv, -1, &go, err,
		    sizeof err);
		ok(pid > 0 && write(go, "g", 1) == 1 && close(go) == 0 &&
		    waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
		    WEXITSTATUS(st) == 3, "netns_spawn: cued, it runs inside "
		    "the other namespace");
		pid = netns_spawn(lab.ns[1], "/bin/sh", argv, -1, &go, err,
		    sizeof err);
		ok(pid > 0 && close(go) == 0 && waitpid(pid, &st, 0) == pid &&
		    WIFEXITED(st) && WEXITSTATUS(st) == 0,
		    "let go before its cue, it exits 0 without running");
	}

	/* The keeper: stops the victim, removes it all, holds no fd of ours. */
	if ((victim = fork()) == 0) {
		for (;;)
			pause();
	}
	if (pipe(p) != 0)
		p[0] = p[1] = -1;
	ok(netns_lab_keeper(&lab, victim, err, sizeof err) == 0 &&
	    lab.keeper > 0, "keeper forked");
	close(p[1]);
	ok(read(p[0], &c, 1) == 0, "the keeper keeps no other fd of ours");
	close(p[0]);
	ok(lab_whole(&lab), "the keeper waits");
	strlcpy(ns0, lab.ns[0], sizeof ns0);
	strlcpy(ns1, lab.ns[1], sizeof ns1);
	strlcpy(tmp, lab.tmp, sizeof tmp);
	strlcpy(ifn, lab.ifname[0], sizeof ifn);
	netns_lab_release(&lab);
	ok(waitpid(victim, &st, 0) == victim && WIFSIGNALED(st) &&
	    WTERMSIG(st) == SIGTERM, "the victim got SIGTERM");
	ok(lab_gone(ns0, ns1, tmp, ifn), "released: nothing left");
	ok(lab.keeper == 0 && !lab.made && lab.tmp[0] == '\0',
	    "the lab says so");
	netns_lab_release(&lab);
	ok(1, "releasing twice is harmless");
}

static void
test_remove_now(void)
{
	struct netns_lab lab;
	char		 err[256], ns0[32], ns1[32], tmp[64];

	netns_lab_init(&lab, PREFIX, IFPFX);
	ok(netns_lab_tmpdir(&lab, err, sizeof err) == 0 &&
	    netns_lab_link(&lab, "a", "b", err, sizeof err) == 0,
	    "a second lab");
	strlcpy(ns0, lab.ns[0], sizeof ns0);
	strlcpy(ns1, lab.ns[1], sizeof ns1);
	strlcpy(tmp, lab.tmp, sizeof tmp);
	/* Our own lab is alive: a sweep leaves it alone. */
	netns_lab_sweep(PREFIX);
	ok(lab_whole(&lab), "a live owner's lab survives a sweep");
	netns_lab_release(&lab);	/* no keeper: removed at once */
	ok(lab_gone(ns0, ns1, tmp, lab.ifname[0]), "removed without a keeper");
}

static void
test_sweep(void)
{
	char		 ns0[32], ns1[32], path[96];
	int		 st;
	pid_t		 pid;

	/* An owner that dies without cleaning up. */
	if ((pid = fork()) == 0) {
		struct netns_lab lab;
		char		 err[256];

		netns_lab_init(&lab, PREFIX, IFPFX);
		if (netns_lab_tmpdir(&lab, err, sizeof err) != 0 ||
		    netns_lab_link(&lab, "s", "p", err, sizeof err) != 0)
			_exit(1);
		_exit(0);
	}
	ok(pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0, "an owner made a lab and died");
	snprintf(ns0, sizeof ns0, PREFIX "%ld-s", (long)pid);
	snprintf(ns1, sizeof ns1, PREFIX "%ld-p", (long)pid);
	ok(ns_exists(ns0) && ns_exists(ns1), "its namespaces are left");
	netns_lab_sweep(PREFIX);
	ok(!ns_exists(ns0) && !ns_exists(ns1), "swept: its namespaces");
	/* Its directory too (mkdtemp's suffix is unknown: look for any). */
	snprintf(path, sizeof path, "/tmp/" PREFIX "%ld.", (long)pid);
	{
		char	 cmd[160];

		snprintf(cmd, sizeof cmd, "ls -d %s* >/dev/null 2>&1", path);
		ok(system(cmd) != 0, "swept: its directory");
	}
}

int
main(void)
{
	if (geteuid() != 0 || netns_ip(1, "netns", "list", (char *)NULL) != 0) {
		printf("1..0 # SKIP needs root and iproute2\n");
		return (0);
	}
	plan(22);
	test_make_enter_keep();
	test_remove_now();
	test_sweep();
	return (done_testing());
}
