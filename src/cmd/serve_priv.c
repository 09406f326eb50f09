/*
 * Giving root up inside serve_start(): once every engine has opened what
 * needs root (UDP 67/69, the packet sockets, the capture, the recovery
 * address) and before the loop reads one packet or an engine parses one
 * file, become the run-as user (--user, else SUDO_UID/SUDO_GID, else
 * nobody), keeping CAP_NET_ADMIN and CAP_NET_RAW so the recovery address
 * can still be taken away (and the wizard, which may start the engines
 * again on another interface, CAP_NET_BIND_SERVICE too).
 *
 * What that user must still write is handed over first, never through a
 * symlink: the state directory itself and our lease files in it (the
 * state file of the address is left to root: see net_state.c), and for
 * the wizard, which imports firmware into ROOT while serving, ROOT itself
 * and its .phonerescue* entries (importer state, staging).  A state
 * directory holding anything but our own files, or a ROOT that is a
 * system directory, is not handed over: a mistyped path must never give
 * /etc to nobody.  serve itself only needs ROOT readable, as tftpd -s -u.
 */
#include "config.h"

#include <sys/stat.h>

#include <linux/capability.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bus.h"
#include "compat.h"
#include "log.h"
#include "net/net.h"
#include "net/net_priv.h"
#include "serve.h"

/* Our files in the state directory (see serve_dhcp.c, net_state.c). */
static const char *const priv_state_files[] = {
	"dhcp.leases", "dhcp.leases.tmp", "dhcp.leases.corrupt", NULL
};

/* Never handed to the run-as user as ROOT, whatever -r says. */
static const char *const priv_system_dirs[] = {
	"/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib64",
	"/media", "/mnt", "/opt", "/proc", "/root", "/run", "/sbin", "/srv",
	"/sys", "/tmp", "/usr", "/usr/local", "/var", "/var/lib", "/var/tmp",
	NULL
};

/* mkdir -p (0755); 0 if dir exists afterwards. */
static int
mkdirs(const char *dir)
{
	char	 buf[PATH_MAX], *p;

	if (strlcpy(buf, dir, sizeof buf) >= sizeof buf) {
		errno = ENAMETOOLONG;
		return (-1);
	}
	for (p = buf + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(buf, 0755) == -1 && errno != EEXIST)
			return (-1);
		*p = '/';
	}
	if (mkdir(buf, 0755) == -1 && errno != EEXIST)
		return (-1);
	return (0);
}

/* Is name one of the entries serve may keep in the state directory? */
static int
state_entry_ours(const char *name)
{
	size_t	 n = strlen(name);

	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
	    strcmp(name, "tftp") == 0 || strncmp(name, "dhcp.leases", 11) == 0)
		return (1);
	return (strncmp(name, "addr-", 5) == 0 && (
	    (n > 6 && strcmp(name + n - 6, ".state") == 0) ||
	    (n > 10 && strcmp(name + n - 10, ".state.tmp") == 0)));
}

/* Hand the state directory and our lease files in it to the run-as user. */
static void
priv_give_state(const struct serve_ctx *ctx)
{
	const struct net_priv_target	*t = &ctx->run_as;
	const char			*dir = net_state_dir();
	struct dirent			*de;
	struct stat			 st;
	DIR				*d;
	char				 err[512];
	int				 fd, dfd, i, foreign = 0;

	/* Made now if missing (the engines would make it as root). */
	if (mkdirs(dir) != 0)
		log_warnx("state directory %s: %s", dir, strerror(errno));
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1) {
		if (errno != ENOENT)
			log_warnx("state directory %s not handed to %s: %s",
			    dir, t->name, strerror(errno));
		return;
	}
	if (fstat(fd, &st) == -1 || (dfd = dup(fd)) == -1) {
		close(fd);
		return;
	}
	if ((d = fdopendir(dfd)) == NULL) {
		close(dfd);
		close(fd);
		return;
	}
	while ((de = readdir(d)) != NULL)
		if (!state_entry_ours(de->d_name))
			foreign = 1;
	closedir(d);
	if (foreign)
		log_warnx("state directory %s holds files that are not "
		    "phonerescue's: not handed to %s", dir, t->name);
	else if (st.st_mode & S_IWOTH)
		;	/* /tmp-like: anyone may create files there already */
	else if (fchown(fd, t->uid, t->gid) == -1)
		log_warnx("state directory %s not handed to %s: %s", dir,
		    t->name, strerror(errno));
	for (i = 0; priv_state_files[i] != NULL; i++)
		if (net_priv_give(fd, priv_state_files[i], t, 0, err,
		    sizeof err) != 0)
			log_warnx("%s: %s", dir, err);
	close(fd);
}

/* The wizard imports into ROOT while serving: hand ROOT to the user. */
static void
priv_give_root(const struct serve_ctx *ctx)
{
	const struct net_priv_target	*t = &ctx->run_as;
	const char			*root = ctx->opts.root;
	struct dirent			*de;
	struct stat			 st;
	DIR				*d;
	char				 real[PATH_MAX], err[512];
	int				 fd, dfd, i;

	if (realpath(root, real) == NULL)
		return;		/* not there yet: the import makes it */
	for (i = 0; priv_system_dirs[i] != NULL; i++) {
		if (strcmp(real, priv_system_dirs[i]) == 0) {
			log_warnx("TFTP root %s is a system directory: not "
			    "handed to %s (imports may fail)", root, t->name);
			return;
		}
	}
	/* The path as named (like the TFTP server), nothing below followed. */
	if ((fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return;
	if (fstat(fd, &st) == 0 && !(st.st_mode & S_IWOTH) &&
	    fchown(fd, t->uid, t->gid) == -1)
		log_warnx("TFTP root %s not handed to %s: %s", root, t->name,
		    strerror(errno));
	d = NULL;
	if ((dfd = dup(fd)) != -1 && (d = fdopendir(dfd)) == NULL)
		close(dfd);
	if (d != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strncmp(de->d_name, ".phonerescue", 12) != 0)
				continue;
			if (net_priv_give(fd, de->d_name, t, 1, err,
			    sizeof err) != 0)
				log_warnx("TFTP root %s: %s", root, err);
		}
		closedir(d);
	}
	close(fd);
}

int
serve_priv_resolve(struct serve_ctx *ctx, char *err, size_t errlen)
{
	ctx->dropping = 0;
	memset(&ctx->run_as, 0, sizeof ctx->run_as);
	if (geteuid() != 0) {
		/* Nothing to give up (or given up already, by the wizard). */
		if (ctx->opts.user != NULL && net_priv_resolve(ctx->opts.user,
		    NULL, NULL, &ctx->run_as, err, errlen) == 0 &&
		    ctx->run_as.uid != geteuid())
			log_warnx("--user %s: not running as root, so running "
			    "as uid %lu", ctx->opts.user,
			    (unsigned long)geteuid());
		memset(&ctx->run_as, 0, sizeof ctx->run_as);
		return (0);
	}
	if (net_priv_resolve(ctx->opts.user, getenv("SUDO_UID"),
	    getenv("SUDO_GID"), &ctx->run_as, err, errlen) != 0)
		return (-1);
	ctx->dropping = !ctx->run_as.root;
	/* Now, so the engines see what that user will be able to write. */
	if (ctx->dropping)
		priv_give_state(ctx);
	return (0);
}

int
serve_priv_drop(struct serve_ctx *ctx, char *err, size_t errlen)
{
	const struct net_priv_target	*t = &ctx->run_as;
	uint64_t			 keep;
	char				 perr[256], caps[128];

	if (geteuid() != 0)
		return (0);
	if (t->root) {
		bus_notice("privileges_kept", "warn", NULL, NULL, "running as "
		    "root (--user root): privileges were not dropped");
		log_warnx("--user root: privileges were not dropped");
		return (0);
	}
	if (!ctx->dropping) {
		snprintf(err, errlen, "internal: no user to run as");
		return (-1);
	}
	keep = NET_PRIV_CAP(CAP_NET_ADMIN) | NET_PRIV_CAP(CAP_NET_RAW);
	if (ctx->opts.wizard)
		keep |= NET_PRIV_CAP(CAP_NET_BIND_SERVICE);
	if (ctx->opts.wizard)
		priv_give_root(ctx);
	if (net_priv_drop(t, keep, perr, sizeof perr) != 0) {
		snprintf(err, errlen, "cannot drop privileges to %s: %s",
		    t->name, perr);
		return (-1);
	}
	ctx->dropping = 0;
	net_priv_caps_str(keep, caps, sizeof caps);
	bus_notice("privileges_dropped", "info", NULL, NULL, "running as %s "
	    "(uid %lu, gid %lu, from %s), keeping only %s", t->name,
	    (unsigned long)t->uid, (unsigned long)t->gid, t->why, caps);
	log_info("running as %s (uid %lu, gid %lu), keeping only %s",
	    t->name, (unsigned long)t->uid, (unsigned long)t->gid, caps);
	return (0);
}
