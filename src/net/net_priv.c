/*
 * Dropping root after start-up: who to become, handing that user the
 * paths it still writes, and the drop itself (setgroups, the capability
 * bounding set, setresgid/setresuid under PR_SET_KEEPCAPS, capset(2),
 * no_new_privs), checked afterwards.  See net_priv.h.
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>

#include <linux/capability.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "net_priv.h"
#include "util.h"

#define PRIV_NOBODY_ID	65534
#define PRIV_UID_MIN	1000	/* login.defs: the first uid of a person */
#define PRIV_GIVE_DEPTH	16	/* deepest subtree net_priv_give walks */

static int	 give_tree(int, const struct net_priv_target *, int, char *,
		     size_t);

/* A uid or gid in decimal, 0 to 2^31-2; 0, or -1. */
static int
parse_id(const char *s, unsigned long *out)
{
	unsigned long long	 v;

	if (s == NULL || s[0] == '\0' ||
	    util_parse_uint(s, 0, 0x7ffffffe, &v) != 0)
		return (-1);
	*out = (unsigned long)v;
	return (0);
}

/* nobody from the passwd file, else 65534 with nogroup's gid. */
static void
resolve_nobody(struct net_priv_target *t)
{
	struct passwd	*pw;
	struct group	*gr;

	t->fallback = 1;
	t->why = "default";
	strlcpy(t->name, "nobody", sizeof t->name);
	if ((pw = getpwnam("nobody")) != NULL && pw->pw_uid != 0) {
		t->uid = pw->pw_uid;
		t->gid = pw->pw_gid != 0 ? pw->pw_gid : PRIV_NOBODY_ID;
		return;
	}
	t->uid = PRIV_NOBODY_ID;
	gr = getgrnam("nogroup");
	t->gid = gr != NULL && gr->gr_gid != 0 ? gr->gr_gid : PRIV_NOBODY_ID;
}

/* The name for uid (its passwd entry, else "uid N"). */
static void
name_uid(struct net_priv_target *t)
{
	struct passwd	*pw;

	if ((pw = getpwuid(t->uid)) != NULL)
		strlcpy(t->name, pw->pw_name, sizeof t->name);
	else
		snprintf(t->name, sizeof t->name, "uid %lu",
		    (unsigned long)t->uid);
}

int
net_priv_resolve(const char *user, const char *sudo_uid, const char *sudo_gid,
    struct net_priv_target *t, char *err, size_t errlen)
{
	struct passwd	*pw;
	unsigned long	 u, g;

	memset(t, 0, sizeof *t);
	if (user != NULL) {
		t->why = "--user";
		if (parse_id(user, &u) == 0) {
			t->uid = (uid_t)u;
			pw = getpwuid(t->uid);
			t->gid = pw != NULL ? pw->pw_gid : (gid_t)u;
			name_uid(t);
		} else if ((pw = getpwnam(user)) != NULL) {
			t->uid = pw->pw_uid;
			t->gid = pw->pw_gid;
			strlcpy(t->name, pw->pw_name, sizeof t->name);
		} else {
			snprintf(err, errlen, "--user %s: no such user", user);
			return (-1);
		}
		t->root = t->uid == 0;
		return (0);
	}
	if (parse_id(sudo_uid, &u) == 0 && u != 0) {
		t->why = "SUDO_UID";
		t->uid = (uid_t)u;
		if (parse_id(sudo_gid, &g) == 0 && g != 0)
			t->gid = (gid_t)g;
		else if ((pw = getpwuid(t->uid)) != NULL && pw->pw_gid != 0)
			t->gid = pw->pw_gid;
		else {
			resolve_nobody(t);	/* for its group only */
			t->uid = (uid_t)u;
			t->fallback = 0;
			t->why = "SUDO_UID";
		}
		name_uid(t);
		return (0);
	}
	resolve_nobody(t);
	return (0);
}

/* Chown one entry of dirfd, never following a symlink; 0, or -1 with err. */
static int
give_one(int dirfd, const char *name, const struct net_priv_target *t,
    char *err, size_t errlen)
{
	if (fchownat(dirfd, name, t->uid, t->gid, AT_SYMLINK_NOFOLLOW) == 0 ||
	    errno == ENOENT)
		return (0);
	snprintf(err, errlen, "chown %s to %s: %s", name, t->name,
	    strerror(errno));
	return (-1);
}

/* Chown everything below the directory fd (closed here), depth first. */
static int
give_tree(int fd, const struct net_priv_target *t, int depth, char *err,
    size_t errlen)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 st;
	int		 sub, rc = 0;

	if ((d = fdopendir(fd)) == NULL) {
		snprintf(err, errlen, "reading a directory: %s",
		    strerror(errno));
		close(fd);
		return (-1);
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (give_one(dirfd(d), de->d_name, t, err, errlen) != 0) {
			rc = -1;
			break;
		}
		if (fstatat(dirfd(d), de->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode))
			continue;
		if (depth >= PRIV_GIVE_DEPTH) {
			snprintf(err, errlen, "%s: nested too deep",
			    de->d_name);
			rc = -1;
			break;
		}
		if ((sub = openat(dirfd(d), de->d_name, O_RDONLY |
		    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) == -1)
			continue;	/* replaced meanwhile: not ours to follow */
		rc = give_tree(sub, t, depth + 1, err, errlen);
	}
	closedir(d);
	return (rc);
}

int
net_priv_give(int dirfd, const char *path, const struct net_priv_target *t,
    int recurse, char *err, size_t errlen)
{
	char	 sub[256];
	int	 fd;

	if (give_one(dirfd, path, t, err, errlen) != 0) {
		snprintf(sub, sizeof sub, "%s", err);
		snprintf(err, errlen, "%s (%s)", sub, path);
		return (-1);
	}
	if (!recurse)
		return (0);
	if ((fd = openat(dirfd, path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		return (0);	/* not a directory (or a symlink): done */
	if (give_tree(fd, t, 1, err, errlen) != 0) {
		snprintf(sub, sizeof sub, "%s", err);
		snprintf(err, errlen, "%s (under %s)", sub, path);
		return (-1);
	}
	return (0);
}

/* Does st grant the target the permission bits want (of rwx = 421)? */
static int
grants(const struct stat *st, const struct net_priv_target *t, unsigned want)
{
	if (st->st_uid == t->uid)
		return (((st->st_mode >> 6) & want) == want);
	if (st->st_gid == t->gid)
		return (((st->st_mode >> 3) & want) == want);
	return ((st->st_mode & want) == want);
}

int
net_priv_can_write_dir(const char *dir, const struct net_priv_target *t)
{
	struct stat	 st;
	char		 buf[4096], *p;

	if (t->root)
		return (1);
	if (strlcpy(buf, dir, sizeof buf) >= sizeof buf || buf[0] != '/')
		return (0);
	/* Every directory on the way must be searchable. */
	for (p = buf + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (stat(buf, &st) != 0 || !grants(&st, t, 1)) {
			*p = '/';
			return (0);
		}
		*p = '/';
	}
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || !grants(&st, t, 3))
		return (0);
	/* Sticky: renaming over a file someone else owns is refused. */
	return (!(st.st_mode & S_ISVTX) || st.st_uid == t->uid);
}

void
net_priv_caps_str(uint64_t caps, char *buf, size_t len)
{
	static const struct {
		int		 cap;
		const char	*name;
	} names[] = {
		{ CAP_NET_ADMIN, "CAP_NET_ADMIN" },
		{ CAP_NET_BIND_SERVICE, "CAP_NET_BIND_SERVICE" },
		{ CAP_NET_RAW, "CAP_NET_RAW" },
	};
	size_t	 i, k = 0;
	int	 c;

	buf[0] = '\0';
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (caps & NET_PRIV_CAP(names[i].cap)) {
			k += (size_t)snprintf(buf + k, k < len ? len - k : 0,
			    "%s%s", k > 0 ? ", " : "", names[i].name);
			caps &= ~NET_PRIV_CAP(names[i].cap);
		}
	}
	for (c = 0; c < 64; c++) {
		if (caps & NET_PRIV_CAP(c))
			k += (size_t)snprintf(buf + k, k < len ? len - k : 0,
			    "%scap %d", k > 0 ? ", " : "", c);
	}
	if (k == 0)
		strlcpy(buf, "none", len);
}

/* capget(2)/capset(2) on this thread, version 3 (64 bits per set). */
static int
caps_get(uint64_t *eff, uint64_t *prm, uint64_t *inh)
{
	struct __user_cap_header_struct	 h;
	struct __user_cap_data_struct	 d[2];

	memset(&h, 0, sizeof h);
	memset(d, 0, sizeof d);
	h.version = _LINUX_CAPABILITY_VERSION_3;
	if (syscall(SYS_capget, &h, d) != 0)
		return (-1);
	*eff = (uint64_t)d[1].effective << 32 | d[0].effective;
	*prm = (uint64_t)d[1].permitted << 32 | d[0].permitted;
	*inh = (uint64_t)d[1].inheritable << 32 | d[0].inheritable;
	return (0);
}

static int
caps_set(uint64_t eff, uint64_t prm, uint64_t inh)
{
	struct __user_cap_header_struct	 h;
	struct __user_cap_data_struct	 d[2];

	memset(&h, 0, sizeof h);
	h.version = _LINUX_CAPABILITY_VERSION_3;
	d[0].effective = (uint32_t)eff;
	d[1].effective = (uint32_t)(eff >> 32);
	d[0].permitted = (uint32_t)prm;
	d[1].permitted = (uint32_t)(prm >> 32);
	d[0].inheritable = (uint32_t)inh;
	d[1].inheritable = (uint32_t)(inh >> 32);
	return (syscall(SYS_capset, &h, d) != 0 ? -1 : 0);
}

/* Threads of this process (capset(2) changes only the calling one). */
static int
thread_count(void)
{
	DIR		*d;
	struct dirent	*de;
	int		 n = 0;

	if ((d = opendir("/proc/self/task")) == NULL)
		return (-1);
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return (n);
}

/* Did the drop take?  0, or -1 with err saying what did not. */
static int
drop_check(const struct net_priv_target *t, uint64_t keep, char *err,
    size_t errlen)
{
	uid_t		 ru, eu, su;
	gid_t		 rg, eg, sg, groups[2];
	uint64_t	 eff, prm, inh;
	int		 n, c;

	if (getresuid(&ru, &eu, &su) != 0 || ru != t->uid || eu != t->uid ||
	    su != t->uid) {
		snprintf(err, errlen, "uids are not all %lu after the drop",
		    (unsigned long)t->uid);
		return (-1);
	}
	if (getresgid(&rg, &eg, &sg) != 0 || rg != t->gid || eg != t->gid ||
	    sg != t->gid) {
		snprintf(err, errlen, "gids are not all %lu after the drop",
		    (unsigned long)t->gid);
		return (-1);
	}
	if ((n = getgroups(2, groups)) != 1 || groups[0] != t->gid) {
		snprintf(err, errlen, "supplementary groups were not dropped");
		return (-1);
	}
	if (caps_get(&eff, &prm, &inh) != 0 || eff != keep || prm != keep ||
	    inh != 0) {
		snprintf(err, errlen, "capabilities are not the ones kept");
		return (-1);
	}
	for (c = 0; c < 64; c++) {
		n = prctl(PR_CAPBSET_READ, c, 0, 0, 0);
		if (n < 0)
			break;
		if (n == 1 && !(keep & NET_PRIV_CAP(c))) {
			snprintf(err, errlen, "capability %d is still in the "
			    "bounding set", c);
			return (-1);
		}
	}
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1) {
		snprintf(err, errlen, "no_new_privs is not set");
		return (-1);
	}
	if (setuid(0) == 0 || seteuid(0) == 0 || setgid(0) == 0) {
		snprintf(err, errlen, "root could be regained after the drop");
		return (-1);
	}
	return (0);
}

int
net_priv_drop(const struct net_priv_target *t, uint64_t keep, char *err,
    size_t errlen)
{
	gid_t	 g = t->gid;
	int	 c;

	if (t->root) {
		snprintf(err, errlen, "asked to drop to root");
		return (-1);
	}
	if (geteuid() != 0) {
		snprintf(err, errlen, "not running as root");
		return (-1);
	}
	if ((c = thread_count()) > 1) {
		snprintf(err, errlen, "%d threads: the others would keep root's "
		    "capabilities", c);
		return (-1);
	}
	if (setgroups(1, &g) != 0) {
		snprintf(err, errlen, "setgroups: %s", strerror(errno));
		return (-1);
	}
	/* The bounding set first: dropping from it needs CAP_SETPCAP. */
	for (c = 0; c < 64; c++) {
		if (keep & NET_PRIV_CAP(c))
			continue;
		if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) != 0) {
			if (errno == EINVAL)
				break;		/* past the last capability */
			snprintf(err, errlen, "dropping capability %d: %s", c,
			    strerror(errno));
			return (-1);
		}
	}
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) {
		snprintf(err, errlen, "PR_SET_KEEPCAPS: %s", strerror(errno));
		return (-1);
	}
	if (setresgid(t->gid, t->gid, t->gid) != 0) {
		snprintf(err, errlen, "setresgid %lu: %s",
		    (unsigned long)t->gid, strerror(errno));
		return (-1);
	}
	if (setresuid(t->uid, t->uid, t->uid) != 0) {
		snprintf(err, errlen, "setresuid %lu: %s",
		    (unsigned long)t->uid, strerror(errno));
		return (-1);
	}
	(void)prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
	if (caps_set(keep, keep, 0) != 0) {
		snprintf(err, errlen, "capset: %s", strerror(errno));
		return (-1);
	}
	(void)prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		snprintf(err, errlen, "PR_SET_NO_NEW_PRIVS: %s",
		    strerror(errno));
		return (-1);
	}
	return (drop_check(t, keep, err, errlen));
}

/* Never handed to the run-as user as a TFTP root, whatever -r says. */
static const char *const priv_system_dirs[] = {
	"/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib64",
	"/media", "/mnt", "/opt", "/proc", "/root", "/run", "/sbin", "/srv",
	"/sys", "/tmp", "/usr", "/usr/local", "/var", "/var/lib", "/var/tmp",
	NULL
};

/* Nor anything below these. */
static const char *const priv_system_trees[] = {
	"/bin/", "/boot/", "/dev/", "/etc/", "/lib/", "/lib64/", "/proc/",
	"/root/", "/run/", "/sbin/", "/sys/", "/usr/", "/var/log/",
	"/var/spool/", "/var/mail/", "/var/cache/", "/var/backups/",
	NULL
};

/* Is real a person's home directory (passwd file), or above one? */
static int
holds_a_home(const char *real)
{
	struct passwd	*pw;
	size_t		 n = strlen(real);
	int		 hit = 0;

	setpwent();
	while (!hit && (pw = getpwent()) != NULL) {
		/* People's homes (root's, UID_MIN and up), not daemons'. */
		if ((pw->pw_uid != 0 && (pw->pw_uid < PRIV_UID_MIN ||
		    pw->pw_uid == PRIV_NOBODY_ID)) ||
		    pw->pw_dir == NULL || pw->pw_dir[0] != '/' ||
		    strcmp(pw->pw_dir, "/") == 0 ||
		    strcmp(pw->pw_dir, "/nonexistent") == 0)
			continue;
		if (strcmp(real, "/") == 0 || (strncmp(pw->pw_dir, real, n) ==
		    0 && (pw->pw_dir[n] == '\0' || pw->pw_dir[n] == '/')))
			hit = 1;
	}
	endpwent();
	return (hit);
}

const char *
net_priv_root_refusal(const char *real)
{
	size_t	 i;

	for (i = 0; priv_system_dirs[i] != NULL; i++)
		if (strcmp(real, priv_system_dirs[i]) == 0)
			return ("is a system directory");
	for (i = 0; priv_system_trees[i] != NULL; i++)
		if (strncmp(real, priv_system_trees[i],
		    strlen(priv_system_trees[i])) == 0)
			return ("lies in a system directory");
	if (holds_a_home(real))
		return ("is (or holds) a home directory");
	return (NULL);
}
