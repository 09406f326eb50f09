/*
 * Giving root up inside serve_start(): once every engine has opened what
 * needs root (UDP 67/69, the packet sockets, the capture, the recovery
 * address) and before the loop reads one packet or an engine parses one
 * file, become the run-as user (--user, else SUDO_UID/SUDO_GID, else
 * nobody), keeping CAP_NET_ADMIN and CAP_NET_RAW so the recovery address
 * can still be taken away (and the wizard, which may start the engines
 * again on another interface, CAP_NET_BIND_SERVICE too).
 *
 * The run-as user writes only what it must: the lease file and its
 * temporary files, in STATE/dhcp/, a directory root makes (or re-checks:
 * a directory, not a link, owned by root or that user; inside it only
 * regular files with one link are handed over, anything else is removed)
 * and hands over before the drop.  The state directory itself, the
 * recovery-address state files and the default ROOT below it stay root's.
 * For the wizard, which imports firmware into ROOT while serving, ROOT
 * and its .phonerescue* entries are handed over too, unless ROOT is a
 * system directory, lies below one, holds or is someone's home, or
 * belongs to a third user.
 *
 * Nothing stays handed over: before the drop a keeper process is forked
 * that stays root and does nothing until the serving process is gone
 * (its pipe reaches EOF: a clean exit, a crash or kill -9 alike).  Then,
 * through the directory descriptors it holds, never a path, it gives the
 * lease directory, ROOT and whatever the run-as user created in them back
 * to their owner, removes the recovery address if the serving process
 * died without doing so, and deletes that process's state files (which
 * the unprivileged process can no longer unlink).  serve_priv_finish()
 * waits for it, so that when serve exits all of this is done.
 */
#include "config.h"

#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <linux/capability.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "afile.h"
#include "bus.h"
#include "compat.h"
#include "log.h"
#include "net/net.h"
#include "net/net_priv.h"
#include "net/net_sandbox.h"
#include "loop.h"
#include "host/serve.h"
#include "util.h"

#define PRIV_LEASE_DIR	"dhcp"		/* below the state directory */
#define PRIV_LEASE_FILE	"dhcp.leases"
#define PRIV_TREE_DEPTH	16

/* What the keeper gives back, and to whom. */
static struct priv_keeper {
	pid_t		 pid;		/* the keeper, or -1 */
	int		 pipe;		/* its EOF end: closed when we go */
	int		 leasefd;	/* STATE/dhcp, or -1 */
	uid_t		 lease_uid;
	gid_t		 lease_gid;
	int		 rootfd;	/* the wizard's ROOT, or -1 */
	uid_t		 root_uid;
	gid_t		 root_gid;
	uid_t		 to_uid;	/* the run-as user */
	char		 statedir[1024];
	char		 leases[1100];	/* STATE/dhcp/dhcp.leases */
	char		 leasedir[1100];	/* STATE/dhcp */
	int		 writefd;	/* --leases FILE's directory, or -1 */
	char		 writedir[1100];
} keeper = { -1, -1, -1, 0, 0, -1, 0, 0, 0, "", "", "", -1, "" };

/* STATE/NAME: root's symbolic links to STATE/dhcp/NAME (where it was). */
static const char *const priv_lease_links[] = {
	PRIV_LEASE_FILE, PRIV_LEASE_FILE ".corrupt", NULL
};

/*
 * Root's check of the lease directory before each use: fd must be a
 * directory (opened without following a link) owned by root or the
 * run-as user, writable by nobody else.
 */
static int
lease_dir_sane(int fd, const struct net_priv_target *t)
{
	struct stat	 st;

	return (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode) &&
	    (st.st_uid == 0 || st.st_uid == t->uid) &&
	    (st.st_mode & (S_IWGRP | S_IWOTH)) == 0);
}

/*
 * --leases FILE: nothing is handed over; its directory is held open so
 * that, if the run-as user may write there, the temporary file and the
 * rename go through that descriptor under the sandbox.
 */
static void
priv_hold_leases_dir(const char *path)
{
	char	*slash;

	if (strlcpy(keeper.writedir, path, sizeof keeper.writedir) >=
	    sizeof keeper.writedir || (slash = strrchr(keeper.writedir,
	    '/')) == NULL) {
		keeper.writedir[0] = '\0';
		return;
	}
	if (slash == keeper.writedir)
		slash[1] = '\0';
	else
		*slash = '\0';
	if ((keeper.writefd = open(keeper.writedir, O_RDONLY | O_DIRECTORY |
	    O_CLOEXEC)) != -1)
		afile_set_dir(keeper.writedir, keeper.writefd);
}

/*
 * The previous default place (STATE, SFD): moved into the lease directory
 * LFD if it is a plain file; our own link back is left, anything else (a
 * FIFO, a device) is said and left alone.
 */
static void
priv_move_old_leases(int sfd, int lfd, const char *dir)
{
	struct stat	 st;
	int		 i;

	for (i = 0; priv_lease_links[i] != NULL; i++) {
		if (fstatat(sfd, priv_lease_links[i], &st,
		    AT_SYMLINK_NOFOLLOW) != 0 || S_ISLNK(st.st_mode))
			continue;
		if (S_ISREG(st.st_mode) && st.st_nlink == 1 && st.st_uid == 0)
			(void)renameat(sfd, priv_lease_links[i], lfd,
			    priv_lease_links[i]);
		else
			log_warnx("%s/%s is not a regular file with one link "
			    "that root owns: not read, leases start empty",
			    dir, priv_lease_links[i]);
	}
}

/*
 * The regular one-link files in the lease directory LFD go to the run-as
 * user; anything else but a directory is removed.
 */
static void
priv_give_lease_files(int lfd, const struct net_priv_target *t,
    const char *dir)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	int		 dfd;

	if ((dfd = dup(lfd)) != -1 && (d = fdopendir(dfd)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0 ||
			    fstatat(lfd, de->d_name, &st,
			    AT_SYMLINK_NOFOLLOW) != 0)
				continue;
			if (S_ISREG(st.st_mode) && st.st_nlink == 1) {
				if (fchownat(lfd, de->d_name, t->uid, t->gid,
				    AT_SYMLINK_NOFOLLOW) != 0)
					log_debug("chown %s: %s", de->d_name,
					    strerror(errno));
			} else if (!S_ISDIR(st.st_mode) &&
			    unlinkat(lfd, de->d_name, 0) == 0)
				log_warnx("%s/%s/%s is not a regular file with "
				    "one link: removed (leases start empty)",
				    dir, PRIV_LEASE_DIR, de->d_name);
		}
		closedir(d);
	} else if (dfd != -1)
		close(dfd);
}

/* Where the lease file was (STATE): root's links to where it is now. */
static void
priv_link_leases(const char *dir)
{
	struct stat	 st;
	char		 target[1100];
	int		 sfd, i;

	if ((sfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) != -1) {
		for (i = 0; priv_lease_links[i] != NULL; i++) {
			snprintf(target, sizeof target, "%s/%s",
			    PRIV_LEASE_DIR, priv_lease_links[i]);
			if (fstatat(sfd, priv_lease_links[i], &st,
			    AT_SYMLINK_NOFOLLOW) == 0 && !S_ISLNK(st.st_mode))
				continue;	/* not ours to replace */
			(void)unlinkat(sfd, priv_lease_links[i], 0);
			if (symlinkat(target, sfd, priv_lease_links[i]) != 0)
				log_debug("symlink %s: %s", priv_lease_links[i],
				    strerror(errno));
		}
		close(sfd);
	}
}

/*
 * Hand STATE/dhcp (made if missing) and the regular one-link files in it
 * to the run-as user; point the lease file there unless --leases says
 * otherwise.  An older run's STATE/dhcp.leases is moved in.
 */
static void
priv_give_leases(struct serve_ctx *ctx)
{
	const struct net_priv_target	*t = &ctx->run_as;
	const char			*dir = net_state_dir();
	struct stat			 st;
	char				 target[1100];
	int				 sfd, lfd;

	if (keeper.leasefd != -1 || keeper.writefd != -1)
		return;
	/* --leases naming the default file (root's link there): the default. */
	snprintf(target, sizeof target, "%s/%s", dir, PRIV_LEASE_FILE);
	if (ctx->opts.leases != NULL && strcmp(ctx->opts.leases, target) == 0)
		ctx->opts.leases = NULL;
	if (ctx->opts.leases != NULL) {
		priv_hold_leases_dir(ctx->opts.leases);
		return;
	}
	if (util_mkdir_p(dir, 0755, NULL, NULL, NULL) != 0)
		log_warnx("state directory %s: %s", dir, strerror(errno));
	if ((sfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1) {
		log_warnx("state directory %s: %s", dir, strerror(errno));
		return;
	}
	if (fstat(sfd, &st) != 0 || (st.st_mode & S_IWOTH)) {
		log_warnx("state directory %s is writable by everyone: the "
		    "lease file stays there", dir);
		close(sfd);
		return;
	}
	if (mkdirat(sfd, PRIV_LEASE_DIR, 0700) != 0 && errno != EEXIST) {
		log_warnx("%s/%s: %s", dir, PRIV_LEASE_DIR, strerror(errno));
		close(sfd);
		return;
	}
	if ((lfd = openat(sfd, PRIV_LEASE_DIR, O_RDONLY | O_DIRECTORY |
	    O_NOFOLLOW | O_CLOEXEC)) == -1 || !lease_dir_sane(lfd, t) ||
	    fstat(lfd, &st) != 0) {
		log_warnx("%s/%s is not a directory root or %s owns: not "
		    "used for leases", dir, PRIV_LEASE_DIR, t->name);
		if (lfd != -1)
			close(lfd);
		close(sfd);
		return;
	}
	priv_move_old_leases(sfd, lfd, dir);
	close(sfd);
	/* Whose it was when we found it: given back to them at the end. */
	(void)fstat(lfd, &st);
	keeper.lease_uid = st.st_uid == t->uid ? 0 : st.st_uid;
	keeper.lease_gid = st.st_uid == t->uid ? 0 : st.st_gid;
	priv_give_lease_files(lfd, t, dir);
	if (fchown(lfd, t->uid, t->gid) != 0 || fchmod(lfd, 0700) != 0) {
		log_warnx("%s/%s not handed to %s: %s", dir, PRIV_LEASE_DIR,
		    t->name, strerror(errno));
		close(lfd);
		return;
	}
	keeper.leasefd = lfd;
	snprintf(keeper.leases, sizeof keeper.leases, "%s/%s/%s", dir,
	    PRIV_LEASE_DIR, PRIV_LEASE_FILE);
	snprintf(keeper.leasedir, sizeof keeper.leasedir, "%s/%s", dir,
	    PRIV_LEASE_DIR);
	ctx->opts.leases = keeper.leases;
	/* Files there are written through the held descriptor. */
	afile_set_dir(keeper.leasedir, keeper.leasefd);
	priv_link_leases(dir);
}

const char *
serve_priv_state_dir(void)
{
	if (keeper.leasefd != -1 && geteuid() != 0)
		return (keeper.leasedir);
	return (net_state_dir());
}

/* The wizard imports into ROOT while serving: hand ROOT to the user. */
static void
priv_give_root(const struct serve_ctx *ctx)
{
	const struct net_priv_target	*t = &ctx->run_as;
	const char			*root = ctx->opts.root, *why;
	struct dirent			*de;
	struct stat			 st;
	DIR				*d;
	char				 real[PATH_MAX], err[512];
	int				 fd, dfd;

	if (keeper.rootfd != -1)
		return;
	if (realpath(root, real) == NULL)
		return;		/* not there yet: the import makes it */
	if ((why = net_priv_root_refusal(real)) != NULL) {
		log_warnx("TFTP root %s %s: not handed to %s (imports may "
		    "fail)", root, why, t->name);
		return;
	}
	/* The path as named (like the TFTP server), nothing below followed. */
	if ((fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return;
	if (fstat(fd, &st) != 0 || (st.st_mode & S_IWOTH) ||
	    (st.st_uid != 0 && st.st_uid != t->uid)) {
		log_warnx("TFTP root %s belongs to another user (or everyone "
		    "may write it): not handed to %s", root, t->name);
		close(fd);
		return;
	}
	keeper.root_uid = st.st_uid;
	keeper.root_gid = st.st_gid;
	if (st.st_uid != t->uid && fchown(fd, t->uid, t->gid) == -1)
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
	keeper.rootfd = fd;
}

/*
 * Keeper: give back, below the directory fd (not closed), what uid owns
 * to (to_uid, to_gid), never following a link, depth first.
 */
static void
give_back_tree(int fd, uid_t uid, uid_t to_uid, gid_t to_gid, int depth)
{
	struct dirent	*de;
	struct stat	 st;
	DIR		*d;
	int		 dfd, sub;

	if ((dfd = dup(fd)) == -1)
		return;
	if ((d = fdopendir(dfd)) == NULL) {
		close(dfd);
		return;
	}
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (S_ISDIR(st.st_mode) && depth < PRIV_TREE_DEPTH &&
		    (sub = openat(fd, de->d_name, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC)) != -1) {
			give_back_tree(sub, uid, to_uid, to_gid, depth + 1);
			close(sub);
		}
		/* A hard link to someone else's file is not uid's: skipped. */
		if (st.st_uid == uid && (S_ISDIR(st.st_mode) ||
		    S_ISLNK(st.st_mode) || st.st_nlink == 1) &&
		    fchownat(fd, de->d_name, to_uid, to_gid,
		    AT_SYMLINK_NOFOLLOW) != 0)
			log_debug("chown %s: %s", de->d_name, strerror(errno));
	}
	closedir(d);
}

static void
keeper_report(const char *text, void *arg)
{
	(void)arg;
	fprintf(stderr, "phonerescue: %s\n", text);
}

/* The keeper's whole life: wait for EOF, give back, clean up, exit. */
static void __attribute__((noreturn))
keeper_main(int rd, pid_t server)
{
	char	*slash;
	char	 c;
	ssize_t	 n;
	int	 fd;

	signal(SIGINT, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	(void)prctl(PR_SET_NAME, NET_KEEPER_COMM, 0, 0, 0);
	for (fd = 3; fd < 1024; fd++)
		if (fd != rd && fd != keeper.leasefd && fd != keeper.rootfd)
			(void)close(fd);
	do
		n = read(rd, &c, 1);
	while (n > 0 || (n == -1 && errno == EINTR));
	/* The server is gone (or going): what it left, root undoes. */
	(void)net_state_recover_pid(keeper.statedir, (long)server,
	    (uid_t)-1, keeper_report, NULL);
	if (keeper.leases[0] != '\0' && (slash = strrchr(keeper.leases,
	    '/')) != NULL) {
		*slash = '\0';
		(void)net_state_recover_pid(keeper.leases, (long)server,
		    keeper.to_uid, keeper_report, NULL);
	}
	if (keeper.leasefd != -1) {
		give_back_tree(keeper.leasefd, keeper.to_uid, keeper.lease_uid,
		    keeper.lease_gid, 1);
		if (fchown(keeper.leasefd, keeper.lease_uid,
		    keeper.lease_gid) != 0)
			log_debug("chown of the lease directory: %s",
			    strerror(errno));
	}
	if (keeper.rootfd != -1 && keeper.root_uid != keeper.to_uid) {
		give_back_tree(keeper.rootfd, keeper.to_uid, keeper.root_uid,
		    keeper.root_gid, 1);
		if (fchown(keeper.rootfd, keeper.root_uid,
		    keeper.root_gid) != 0)
			log_debug("chown of ROOT: %s", strerror(errno));
	}
	_exit(0);
}

/* Fork the keeper (still root); 0, or -1 with err. */
static int
keeper_start(const struct serve_ctx *ctx, char *err, size_t errlen)
{
	pid_t	 server = getpid();
	int	 p[2];

	if (keeper.pid != -1)
		return (0);
	keeper.to_uid = ctx->run_as.uid;
	strlcpy(keeper.statedir, net_state_dir(), sizeof keeper.statedir);
	if (pipe2(p, O_CLOEXEC) != 0) {
		snprintf(err, errlen, "pipe: %s", strerror(errno));
		return (-1);
	}
	fflush(NULL);
	switch ((keeper.pid = fork())) {
	case -1:
		snprintf(err, errlen, "fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return (-1);
	case 0:
		close(p[1]);
		keeper_main(p[0], server);
	}
	close(p[0]);
	keeper.pipe = p[1];
	return (0);
}

void
serve_priv_finish(void)
{
	int	 status;

	if (keeper.pid == -1)
		return;
	close(keeper.pipe);
	keeper.pipe = -1;
	while (waitpid(keeper.pid, &status, 0) == -1 && errno == EINTR)
		;
	keeper.pid = -1;
	if (keeper.leasefd != -1)
		close(keeper.leasefd);
	if (keeper.rootfd != -1)
		close(keeper.rootfd);
	keeper.leasefd = keeper.rootfd = -1;
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
		priv_give_leases(ctx);
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
		bus_notice("privileges_kept", EV_WARN, NULL, NULL, "running as "
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
	if (keeper_start(ctx, err, errlen) != 0)
		return (-1);
	if (net_priv_drop(t, keep, perr, sizeof perr) != 0) {
		snprintf(err, errlen, "cannot drop privileges to %s: %s",
		    t->name, perr);
		return (-1);
	}
	ctx->dropping = 0;
	net_priv_caps_str(keep, caps, sizeof caps);
	bus_notice("privileges_dropped", EV_INFO, NULL, NULL, "running as %s "
	    "(uid %lu, gid %lu, from %s), keeping only %s", t->name,
	    (unsigned long)t->uid, (unsigned long)t->gid, t->why, caps);
	log_info("running as %s (uid %lu, gid %lu), keeping only %s",
	    t->name, (unsigned long)t->uid, (unsigned long)t->gid, caps);
	return (0);
}

/* After each loop turn: say which calls the filter refused. */
static void
sandbox_report(void *arg)
{
	long	 nrs[16];
	size_t	 n, i;
	char	 name[64];

	(void)arg;
	while ((n = net_sandbox_refused(nrs, 16)) > 0) {
		for (i = 0; i < n; i++) {
			net_sandbox_name(nrs[i], name, sizeof name);
			bus_notice("sandbox_refused", EV_WARN, NULL, NULL,
			    "the sandbox refused %s (system call %ld): a "
			    "forbidden call after the privilege drop", name,
			    nrs[i]);
			log_warnx("sandbox: refused %s", name);
		}
	}
}

/*
 * PHONERESCUE_SANDBOX_SELFTEST=FILE (a test aid): once filtered, try
 * what the filter forbids (execve, opening FILE for writing, an IPv6
 * socket) and say what happened to each; serving goes on.
 */
static void
sandbox_selftest(const char *file)
{
	char *const	 argv[] = { (char *)"true", NULL };
	char *const	 envp[] = { NULL };
	int		 fd, e;

	if (execve("/bin/true", argv, envp) == -1)
		e = errno;
	else
		e = 0;
	bus_notice("sandbox_selftest", EV_INFO, NULL, NULL, "execve: %s",
	    e == EPERM ? "refused (EPERM)" : strerror(e));
	if ((fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1) {
		e = errno;
	} else {
		close(fd);
		e = 0;
	}
	bus_notice("sandbox_selftest", EV_INFO, NULL, NULL, "open for writing "
	    "%s: %s", file, e == EPERM ? "refused (EPERM)" : e == 0 ?
	    "ALLOWED" : strerror(e));
	if ((fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1) {
		e = errno;
	} else {
		close(fd);
		e = 0;
	}
	bus_notice("sandbox_selftest", EV_INFO, NULL, NULL, "socket(AF_INET6): "
	    "%s", e == EPERM ? "refused (EPERM)" : e == 0 ? "ALLOWED" :
	    strerror(e));
	sandbox_report(NULL);
}

int
serve_priv_sandbox(struct serve_ctx *ctx, char *err, size_t errlen)
{
	static struct loop	*hooked;
	struct net_sandbox	 sb;
	const char		*t;

	if (geteuid() == 0)
		return (0);	/* --user root, or never root: nothing dropped */
	if (!net_sandbox_active()) {
		if (keeper.pid == -1)
			return (0);	/* started unprivileged: nothing dropped */
		memset(&sb, 0, sizeof sb);
		sb.write_dirfd = keeper.leasefd != -1 ? keeper.leasefd :
		    keeper.writefd;
		sb.writes_anywhere = ctx->opts.wizard;
		if (net_sandbox_enter(&sb, err, errlen) != 0)
			return (-1);
		log_info("sandbox: system-call filter on");
	}
	if (hooked != ctx->loop && ctx->loop != NULL) {
		loop_add_post_hook(ctx->loop, sandbox_report, NULL);
		hooked = ctx->loop;
	}
	if ((t = getenv("PHONERESCUE_SANDBOX_SELFTEST")) != NULL && t[0] != '\0')
		sandbox_selftest(t);
	return (0);
}

/*
 * Can the engines start again in this process (their interface came back
 * as a new one)?  Still root, never root, or the wizard (it keeps what a
 * new start needs): yes.  A serve that gave root up kept neither the
 * right to bind ports 67/69 nor a state directory of its own: no, and
 * why in err.
 */
int
serve_priv_can_restart(const struct serve_ctx *ctx, char *err, size_t errlen)
{
	if (geteuid() == 0 || keeper.pid == -1 || ctx->opts.wizard)
		return (1);
	snprintf(err, errlen, "%s came back as a new interface, but serve gave "
	    "root up and cannot open its ports there again: start it again "
	    "(the systemd unit does so by itself)", ctx->ifname);
	return (0);
}
