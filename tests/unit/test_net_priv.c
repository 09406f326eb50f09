/* Who to run as, the capability names, and handing paths to that user. */
#include "config.h"

#include <sys/stat.h>

#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/capability.h>

#include "../tap.h"
#include "compat.h"
#include "net/net_priv.h"

/* nobody as the system has it (what the fallback must find). */
static void
nobody_ids(uid_t *u, gid_t *g)
{
	struct passwd	*pw = getpwnam("nobody");

	*u = pw != NULL ? pw->pw_uid : 65534;
	*g = pw != NULL ? pw->pw_gid : 65534;
}

static void
test_resolve(void)
{
	struct net_priv_target	 t;
	struct passwd		*pw;
	char			 err[256];
	uid_t			 nu;
	gid_t			 ng;

	nobody_ids(&nu, &ng);

	is_int(net_priv_resolve("root", NULL, NULL, &t, err, sizeof err), 0,
	    "--user root resolves");
	ok(t.root && t.uid == 0, "--user root keeps root");
	is_int(net_priv_resolve("0", "4242", "4242", &t, err, sizeof err), 0,
	    "--user 0 resolves");
	ok(t.root, "--user 0 is root too, whatever SUDO_UID says");

	is_int(net_priv_resolve("nobody", NULL, NULL, &t, err, sizeof err), 0,
	    "--user nobody resolves");
	ok(!t.root && t.uid == nu && t.gid == ng, "--user nobody: its ids");
	is_str(t.why, "--user", "named by --user");

	pw = getpwuid(4242);
	is_int(net_priv_resolve("4242", NULL, NULL, &t, err, sizeof err), 0,
	    "--user 4242 resolves");
	ok(t.uid == 4242 && t.gid == (pw != NULL ? pw->pw_gid : 4242) &&
	    !t.root, "a numeric uid: its passwd group, else the same number");
	if (pw == NULL)
		is_str(t.name, "uid 4242", "named by number");
	else
		is_str(t.name, pw->pw_name, "named by passwd");

	is_int(net_priv_resolve("no-such-user-xq", NULL, NULL, &t, err,
	    sizeof err), -1, "an unknown name is refused");
	ok(strstr(err, "no such user") != NULL, "... saying so: %s", err);
	is_int(net_priv_resolve("12x", NULL, NULL, &t, err, sizeof err), -1,
	    "neither a number nor a name: refused");

	is_int(net_priv_resolve(NULL, "4242", "4343", &t, err, sizeof err), 0,
	    "SUDO_UID/SUDO_GID resolve");
	ok(t.uid == 4242 && t.gid == 4343 && !t.root && !t.fallback,
	    "SUDO_UID/SUDO_GID: the invoking user");
	is_str(t.why, "SUDO_UID", "named by sudo");

	is_int(net_priv_resolve(NULL, "4242", NULL, &t, err, sizeof err), 0,
	    "SUDO_UID alone resolves");
	ok(t.uid == 4242 && t.gid != 0, "without SUDO_GID: some group, "
	    "never root's (%lu)", (unsigned long)t.gid);
	is_int(net_priv_resolve(NULL, "4242", "0", &t, err, sizeof err), 0,
	    "SUDO_GID=0 resolves");
	ok(t.uid == 4242 && t.gid != 0, "SUDO_GID=0 is not kept");

	is_int(net_priv_resolve(NULL, "0", "0", &t, err, sizeof err), 0,
	    "SUDO_UID=0 resolves");
	ok(t.uid == nu && t.gid == ng && t.fallback, "SUDO_UID=0 (sudo from "
	    "root): nobody");
	is_int(net_priv_resolve(NULL, "abc", "1", &t, err, sizeof err), 0,
	    "a garbage SUDO_UID resolves");
	ok(t.uid == nu && t.fallback, "a garbage SUDO_UID: nobody");
	is_int(net_priv_resolve(NULL, NULL, NULL, &t, err, sizeof err), 0,
	    "nothing set resolves");
	ok(t.uid == nu && t.gid == ng && t.fallback && !t.root,
	    "nothing set: nobody");
	is_str(t.name, "nobody", "called nobody");
	is_str(t.why, "default", "by default");
}

static void
test_caps_str(void)
{
	char	 buf[128];

	net_priv_caps_str(NET_PRIV_CAP(CAP_NET_ADMIN) |
	    NET_PRIV_CAP(CAP_NET_RAW), buf, sizeof buf);
	is_str(buf, "CAP_NET_ADMIN, CAP_NET_RAW", "serve's caps by name");
	net_priv_caps_str(NET_PRIV_CAP(CAP_NET_ADMIN) |
	    NET_PRIV_CAP(CAP_NET_RAW) | NET_PRIV_CAP(CAP_NET_BIND_SERVICE),
	    buf, sizeof buf);
	is_str(buf, "CAP_NET_ADMIN, CAP_NET_BIND_SERVICE, CAP_NET_RAW",
	    "the wizard's caps by name");
	net_priv_caps_str(NET_PRIV_CAP(CAP_SYS_ADMIN), buf, sizeof buf);
	is_str(buf, "cap 21", "others by number");
	net_priv_caps_str(0, buf, sizeof buf);
	is_str(buf, "none", "none");
}

static void
test_can_write(void)
{
	struct net_priv_target	 me, other, rt;
	char			 dir[64] = "/tmp/test_net_priv.XXXXXX";

	memset(&me, 0, sizeof me);
	me.uid = 4242;
	me.gid = 4242;
	other = me;
	other.uid = 4343;
	other.gid = 4343;
	memset(&rt, 0, sizeof rt);
	rt.root = 1;
	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	if (geteuid() == 0)
		(void)chown(dir, 4242, 4242);
	else {
		me.uid = geteuid();
		me.gid = getegid();
	}
	chmod(dir, 0700);
	ok(net_priv_can_write_dir(dir, &me), "the owner of a 0700 dir writes");
	ok(!net_priv_can_write_dir(dir, &other), "another user does not");
	ok(net_priv_can_write_dir(dir, &rt), "root does");
	chmod(dir, 0777);
	ok(net_priv_can_write_dir(dir, &other), "0777: anyone does");
	chmod(dir, 01777);
	ok(!net_priv_can_write_dir(dir, &other), "sticky: not over others' "
	    "files");
	ok(net_priv_can_write_dir(dir, &me), "sticky: the owner does");
	ok(!net_priv_can_write_dir("relative/dir", &me), "a relative path: "
	    "no guess");
	ok(!net_priv_can_write_dir("/nonexistent-pr/x", &me), "a missing "
	    "dir: no");
	rmdir(dir);
}

/* As root: a tree handed over, and a symlink's target left alone. */
static void
test_give(void)
{
	struct net_priv_target	 t;
	struct stat		 st;
	char			 dir[64] = "/tmp/test_net_priv.XXXXXX";
	char			 p[400], out[160], err[256];
	int			 fd;

	if (geteuid() != 0) {
		skip(6, "not root: chown to another user");
		return;
	}
	memset(&t, 0, sizeof t);
	t.uid = 4242;
	t.gid = 4343;
	strlcpy(t.name, "uid 4242", sizeof t.name);
	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(out, sizeof out, "%s.outside", dir);
	fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	close(fd);
	snprintf(p, sizeof p, "%s/sub", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/sub/deep", dir);
	mkdir(p, 0755);
	snprintf(p, sizeof p, "%s/sub/deep/file", dir);
	close(open(p, O_WRONLY | O_CREAT, 0644));
	snprintf(p, sizeof p, "%s/sub/link", dir);
	(void)symlink(out, p);

	is_int(net_priv_give(AT_FDCWD, dir, &t, 1, err, sizeof err), 0,
	    "a tree is handed over");
	ok(stat(dir, &st) == 0 && st.st_uid == 4242 && st.st_gid == 4343,
	    "the top");
	snprintf(p, sizeof p, "%s/sub/deep/file", dir);
	ok(stat(p, &st) == 0 && st.st_uid == 4242 && st.st_gid == 4343,
	    "a file two levels down");
	snprintf(p, sizeof p, "%s/sub/link", dir);
	ok(lstat(p, &st) == 0 && st.st_uid == 4242, "the symlink itself");
	ok(stat(out, &st) == 0 && st.st_uid == 0, "not what it points to");
	snprintf(p, sizeof p, "%s/missing", dir);
	is_int(net_priv_give(AT_FDCWD, p, &t, 0, err, sizeof err), 0,
	    "a missing path is no error");

	snprintf(p, sizeof p, "rm -rf '%s' '%s'", dir, out);
	(void)system(p);
}

/*
 * Issue 15: the system-directory list was matched exactly, so /etc/ssh or
 * /home/USER would have been handed over as the wizard's ROOT.
 */
static void
test_root_refusal(void)
{
	static const char *const no[] = {
		"/", "/etc", "/etc/ssh", "/usr/share/doc", "/var/lib", "/var/log/x",
		"/var/cache/tftp", "/boot/grub", "/root", "/root/tftp", "/run/x",
		"/home", "/srv", "/usr/local", "/usr/local/tftp", NULL
	};
	static const char *const yes[] = {
		"/srv/tftp", "/var/lib/phonerescue/tftp", "/tmp/phones",
		"/opt/phonerescue/root", NULL
	};
	struct passwd	*pw;
	char		 home[1024], *homes[256];
	size_t		 i, nh;
	int		 bad = 0;

	for (i = 0; no[i] != NULL; i++)
		if (net_priv_root_refusal(no[i]) == NULL) {
			diag("%s would be handed over", no[i]);
			bad++;
		}
	is_int(bad, 0, "system directories and what lies in them are refused");
	for (i = 0, bad = 0; yes[i] != NULL; i++)
		if (net_priv_root_refusal(yes[i]) != NULL) {
			diag("%s refused: %s", yes[i], net_priv_root_refusal(yes[i]));
			bad++;
		}
	is_int(bad, 0, "a TFTP root of its own is not");
	/* root's home from the passwd file, and the directory above it. */
	home[0] = '\0';
	if ((pw = getpwuid(0)) != NULL && pw->pw_dir != NULL)
		snprintf(home, sizeof home, "%s", pw->pw_dir);
	ok(home[0] == '/' && net_priv_root_refusal(home) != NULL,
	    "a home directory (%s) is refused", home);
	/* Every home of the passwd file, as a technician's -r might name it. */
	bad = 0;
	nh = 0;
	setpwent();
	while ((pw = getpwent()) != NULL && nh < 256)
		if (pw->pw_dir != NULL && pw->pw_dir[0] == '/' &&
		    strcmp(pw->pw_dir, "/nonexistent") != 0 &&
		    (pw->pw_uid == 0 || (pw->pw_uid >= 1000 &&
		    pw->pw_uid != 65534)))
			homes[nh++] = strdup(pw->pw_dir);
	endpwent();
	/* (Not inside the loop: the check walks the passwd file itself.) */
	for (i = 0; i < nh; i++) {
		if (homes[i] != NULL && net_priv_root_refusal(homes[i]) == NULL) {
			diag("the home %s would be handed over", homes[i]);
			bad++;
		}
		free(homes[i]);
	}
	is_int(bad, 0, "no person's home (passwd file) is handed over");
}

int
main(void)
{
	plan(50);
	test_root_refusal();
	test_resolve();
	test_caps_str();
	test_can_write();
	test_give();
	return (done_testing());
}
