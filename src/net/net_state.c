/*
 * The state file: a record of the recovery address we put on an
 * interface, written before the address is added and removed after it is
 * taken away, so a run that died in between (kill -9, power cut) is
 * undone by the next start.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/un.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "afile.h"
#include "compat.h"
#include "firewall.h"
#include "net.h"
#include "netmgr.h"
#include "tunables.h"
#include "util.h"

#define STATE_PREFIX	"addr-"
#define STATE_SUFFIX	".state"

static int	 state_path(char *, size_t, const char *, const char *);
static int	 pid_is_ours_running(long);
static int	 state_store(const char *, const struct net_state *, char *,
		     size_t);
static int	 state_read_own(const char *, const char *, struct net_state *);

/*
 * The interfaces whose state file this process wrote and still holds:
 * not a crashed run's, although they carry our pid (the interface engine
 * recovers after the network-manager engine wrote its part).
 */
#define STATE_MINE	16
static char	 state_mine[STATE_MINE][IF_NAMESIZE];

static void
state_mine_set(const char *ifname, int on)
{
	size_t	 i, free_slot = STATE_MINE;

	for (i = 0; i < STATE_MINE; i++) {
		if (strcmp(state_mine[i], ifname) == 0) {
			if (!on)
				state_mine[i][0] = '\0';
			return;
		}
		if (state_mine[i][0] == '\0' && free_slot == STATE_MINE)
			free_slot = i;
	}
	if (on && free_slot < STATE_MINE)
		strlcpy(state_mine[free_slot], ifname, IF_NAMESIZE);
}

static int
state_is_mine(const struct net_state *st)
{
	size_t	 i;

	if (st->pid != (long)getpid())
		return (0);
	for (i = 0; i < STATE_MINE; i++)
		if (strcmp(state_mine[i], st->ifname) == 0)
			return (1);
	return (0);
}

const char *
net_state_dir(void)
{
	const char	*d = getenv("PHONERESCUE_STATE_DIR");

	if (d != NULL && d[0] != '\0')
		return (d);
	return (LOCALSTATEDIR "/lib/phonerescue");
}

static int
state_path(char *buf, size_t len, const char *dir, const char *ifname)
{
	if ((size_t)snprintf(buf, len, "%s/" STATE_PREFIX "%s" STATE_SUFFIX,
	    dir, ifname) >= len)
		return (-1);
	return (0);
}

int
net_state_format(const struct net_state *st, char *buf, size_t len)
{
	char	 ip[INET_ADDRSTRLEN], addr[64] = "";
	int	 n;

	if (st->addr != 0) {
		util_ip_str(ip, sizeof ip, st->addr);
		snprintf(addr, sizeof addr, "address=%s/%u\n", ip, st->plen);
	}
	n = snprintf(buf, len, "# phonerescue changed this interface; a "
	    "later run undoes it if pid is gone\n"
	    "iface=%s\n%sset_up=%d\n%spid=%ld\n",
	    st->ifname, addr, st->set_up ? 1 : 0, st->nm_unmanaged ?
	    "networkmanager=unmanaged\n" : "", st->pid);
	return (n < 0 || (size_t)n >= len ? -1 : 0);
}

int
net_state_parse(const char *text, struct net_state *st)
{
	const char		*p = text, *nl, *eq;
	char			 key[16], val[64];
	size_t			 klen, vlen;
	unsigned long long	 v;
	int			 have = 0;

	memset(st, 0, sizeof *st);
	while (*p != '\0') {
		if ((nl = strchr(p, '\n')) == NULL)
			nl = p + strlen(p);
		if (*p != '#' && nl != p) {
			if ((eq = memchr(p, '=', (size_t)(nl - p))) == NULL)
				return (-1);
			klen = (size_t)(eq - p);
			vlen = (size_t)(nl - eq - 1);
			if (klen >= sizeof key || vlen >= sizeof val)
				return (-1);
			memcpy(key, p, klen);
			key[klen] = '\0';
			memcpy(val, eq + 1, vlen);
			val[vlen] = '\0';
			if (strcmp(key, "iface") == 0) {
				if (vlen == 0 || vlen >= sizeof st->ifname ||
				    strchr(val, '/') != NULL)
					return (-1);
				strlcpy(st->ifname, val, sizeof st->ifname);
				have |= 1;
			} else if (strcmp(key, "address") == 0) {
				if (util_cidr_parse(val, &st->addr, &st->plen) != 0)
					return (-1);
				have |= 2;
			} else if (strcmp(key, "set_up") == 0) {
				if (util_parse_uint(val, 0, 1, &v) != 0)
					return (-1);
				st->set_up = (int)v;
			} else if (strcmp(key, "pid") == 0) {
				if (util_parse_uint(val, 1, 0x7fffffff, &v) != 0)
					return (-1);
				st->pid = (long)v;
				have |= 4;
			} else if (strcmp(key, "networkmanager") == 0) {
				/* The only thing ever written there. */
				if (strcmp(val, "unmanaged") != 0)
					return (-1);
				st->nm_unmanaged = 1;
			}
		}
		p = *nl == '\0' ? nl : nl + 1;
	}
	/* An address, a NetworkManager record, or both. */
	return ((have & 5) == 5 && ((have & 2) || st->nm_unmanaged) ? 0 : -1);
}

/* Write text to path in dir (made if missing), atomically. */
static int
state_file_write(const char *dir, const char *path, const char *text,
    char *err, size_t errlen)
{
	struct afile	 a;

	if (util_mkdir_p(dir, 0755, NULL, NULL, NULL) != 0) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		return (-1);
	}
	if (afile_open(&a, path, err, errlen) != 0)
		return (-1);
	fputs(text, a.f);
	return (afile_commit(&a, err, errlen));
}

/* IFNAME's state file in dir, parsed: 0, or -1 (none, unreadable). */
static int
state_read_own(const char *dir, const char *ifname, struct net_state *st)
{
	char	 path[4096], text[1024];
	size_t	 n;
	FILE	*f;
	int	 fd;

	if (state_path(path, sizeof path, dir, ifname) != 0 ||
	    (fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) == -1)
		return (-1);
	if ((f = fdopen(fd, "r")) == NULL) {
		close(fd);
		return (-1);
	}
	n = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[n] = '\0';
	return (net_state_parse(text, st));
}

/* Write st as IFNAME's state file, atomically. */
static int
state_store(const char *dir, const struct net_state *st, char *err,
    size_t errlen)
{
	char	 path[4096], text[512];

	if (state_path(path, sizeof path, dir, st->ifname) != 0 ||
	    net_state_format(st, text, sizeof text) != 0) {
		snprintf(err, errlen, "state file name too long");
		return (-1);
	}
	if (state_file_write(dir, path, text, err, errlen) != 0)
		return (-1);
	state_mine_set(st->ifname, 1);
	return (0);
}

int
net_state_write(const char *dir, const struct net_state *st, char *err,
    size_t errlen)
{
	struct net_state	 m = *st, old;

	/* The other engine's part of the same run stays. */
	if (state_read_own(dir, st->ifname, &old) == 0 && old.pid == st->pid) {
		if (m.addr == 0) {
			m.addr = old.addr;
			m.plen = old.plen;
			m.set_up = old.set_up;
		}
		if (!m.nm_unmanaged)
			m.nm_unmanaged = old.nm_unmanaged;
	}
	return (state_store(dir, &m, err, errlen));
}

/* Keep what st still records, or unlink when nothing is left. */
static int
state_shrink(const char *dir, const char *ifname, struct net_state *st)
{
	char	 path[4096], err[256];

	if (st->addr != 0 || st->nm_unmanaged)
		return (state_store(dir, st, err, sizeof err));
	if (state_path(path, sizeof path, dir, ifname) != 0)
		return (-1);
	if (unlink(path) == -1 && errno != ENOENT)
		return (-1);
	state_mine_set(ifname, 0);
	return (0);
}

int
net_state_remove(const char *dir, const char *ifname)
{
	struct net_state	 st;

	/* Our own NetworkManager part stays; anything else goes. */
	if (state_read_own(dir, ifname, &st) != 0 || st.pid != (long)getpid())
		st.nm_unmanaged = 0;
	st.addr = 0;
	st.plen = 0;
	st.set_up = 0;
	return (state_shrink(dir, ifname, &st));
}

int
net_state_remove_nm(const char *dir, const char *ifname)
{
	struct net_state	 st;

	if (state_read_own(dir, ifname, &st) != 0 || st.pid != (long)getpid())
		return (0);
	st.nm_unmanaged = 0;
	return (state_shrink(dir, ifname, &st));
}

/*
 * Give ifname back to NetworkManager for the run st->pid: 0 done (or
 * nothing to do: managed already, gone, or NetworkManager not running),
 * -1 it failed and the record stays for the next start.
 */
static int
state_nm_give_back(const struct net_state *st,
    void (*report)(const char *, void *), void *arg)
{
	struct netmgr_bus	*b;
	struct netmgr_nm	 nm;
	char			 err[256], msg[600];
	int			 r = -1;

	memset(&nm, 0, sizeof nm);
	if ((b = netmgr_bus_open(err, sizeof err)) != NULL &&
	    (r = netmgr_nm_query(b, st->ifname, &nm, err, sizeof err)) == 0 &&
	    nm.known && !nm.managed)
		r = netmgr_nm_set_managed(b, st->ifname, 1, err, sizeof err);
	netmgr_bus_close(b);
	if (b == NULL || (r == 0 && !nm.running)) {
		/* Nothing to ask: it finds the device unmanaged if it starts. */
		snprintf(msg, sizeof msg, "NetworkManager is not running, so "
		    "%s could not be given back to it (the run with pid %ld "
		    "had taken it over); when it runs again: nmcli device set "
		    "%s managed yes", st->ifname, st->pid, st->ifname);
	} else if (r != 0)
		snprintf(msg, sizeof msg, "could not give %s back to "
		    "NetworkManager (the run with pid %ld had taken it "
		    "over): %s; tried again at the next start, or run: nmcli "
		    "device set %s managed yes", st->ifname, st->pid, err,
		    st->ifname);
	else if (nm.known && !nm.managed)
		snprintf(msg, sizeof msg, "gave %s back to NetworkManager "
		    "(managed again): the run with pid %ld had taken it over "
		    "and ended without doing so", st->ifname, st->pid);
	else
		return (0);	/* given back by the run itself, or no device */
	if (report != NULL)
		report(msg, arg);
	return (b == NULL ? 0 : r);
}

int
firewall_state_write(const char *dir, const char *ifname, long pid, char *err,
    size_t errlen)
{
	char	 path[4096], text[512];

	if ((size_t)snprintf(path, sizeof path, "%s/" FW_STATE_PREFIX "%s"
	    STATE_SUFFIX, dir, ifname) >= sizeof path ||
	    strchr(ifname, '/') != NULL) {
		snprintf(err, errlen, "state file name too long");
		return (-1);
	}
	snprintf(text, sizeof text, "# phonerescue let the phones in through "
	    "the firewall on this interface; a later run takes its rules out "
	    "if pid is gone\niface=%s\npid=%ld\n", ifname, pid);
	return (state_file_write(dir, path, text, err, errlen));
}

int
firewall_state_remove(const char *dir, const char *ifname)
{
	char	 path[4096];

	if ((size_t)snprintf(path, sizeof path, "%s/" FW_STATE_PREFIX "%s"
	    STATE_SUFFIX, dir, ifname) >= sizeof path)
		return (-1);
	if (unlink(path) == -1 && errno != ENOENT)
		return (-1);
	return (0);
}

int
firewall_state_parse(const char *text, char *ifname, size_t len, long *pid)
{
	const char		*p;
	unsigned long long	 v;
	char			 val[64];
	size_t			 n;

	ifname[0] = '\0';
	*pid = 0;
	for (p = text; *p != '\0'; p += *p == '\n') {
		n = strcspn(p, "\n");
		if (n < sizeof val + 5) {
			if (strncmp(p, "iface=", 6) == 0 && n > 6 &&
			    n - 6 < len && n - 6 < sizeof val) {
				memcpy(ifname, p + 6, n - 6);
				ifname[n - 6] = '\0';
			} else if (strncmp(p, "pid=", 4) == 0 && n - 4 <
			    sizeof val) {
				memcpy(val, p + 4, n - 4);
				val[n - 4] = '\0';
				if (util_parse_uint(val, 1, 0x7fffffff, &v) == 0)
					*pid = (long)v;
			}
		}
		p += n;
	}
	return (ifname[0] != '\0' && strchr(ifname, '/') == NULL &&
	    *pid != 0 ? 0 : -1);
}

/* Is pid a live phonerescue other than us? (A reused PID is not.) */
static int
pid_is_ours_running(long pid)
{
	char	 path[64], comm[32];
	FILE	*f;
	int	 same;

	if (pid == (long)getpid())
		return (0);
	if (kill((pid_t)pid, 0) == -1 && errno == ESRCH)
		return (0);
	snprintf(path, sizeof path, "/proc/%ld/comm", pid);
	if ((f = fopen(path, "r")) == NULL)
		return (1);	/* cannot tell: leave it alone */
	same = fgets(comm, sizeof comm, f) != NULL &&
	    strncmp(comm, "phonerescue", 11) == 0;
	fclose(f);
	return (same);
}

/*
 * Read a state file into text; 0, or -1 when it cannot be read or is not
 * one root (or we, or also) wrote: the directory is handed to the run-as
 * user, who must not be able to make root take an address off another
 * interface or rules out of a firewall.
 */
static int
state_read(const char *path, uid_t also, char *text, size_t len,
    void (*report)(const char *, void *), void *arg)
{
	struct stat	 sb;
	char		 msg[1200];
	size_t		 n;
	FILE		*f;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) == -1)
		return (-1);
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    sb.st_nlink != 1 ||
	    (sb.st_uid != 0 && sb.st_uid != geteuid() &&
	    sb.st_uid != also)) {
		close(fd);
		snprintf(msg, sizeof msg, "state file %s ignored: "
		    "not a file root wrote", path);
		if (report != NULL)
			report(msg, arg);
		return (-1);
	}
	if ((f = fdopen(fd, "r")) == NULL) {
		close(fd);
		return (-1);
	}
	n = fread(text, 1, len - 1, f);
	fclose(f);
	text[n] = '\0';
	return (0);
}

/*
 * The firewall rules of a run that is gone (or of the one pid only): take
 * them out of the ruleset, then the file.  A file that cannot be done now
 * (nft missing, not root) stays for a later run.
 */
static void
fw_recover(const char *dir, const char *name, long only, uid_t also,
    void (*report)(const char *, void *), void *arg)
{
	char	 path[1024], text[512], ifname[IF_NAMESIZE], err[256];
	char	 msg[1400];
	long	 pid;
	int	 n;

	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >=
	    sizeof path || state_read(path, also, text, sizeof text, report,
	    arg) != 0)
		return;
	if (firewall_state_parse(text, ifname, sizeof ifname, &pid) != 0) {
		unlink(path);
		return;
	}
	if (only != 0 ? pid != only : pid_is_ours_running(pid))
		return;
	if ((n = firewall_close(ifname, pid, err, sizeof err)) < 0) {
		snprintf(msg, sizeof msg, "could not take the firewall rules "
		    "for %s out (left by pid %ld): %s", ifname, pid, err);
		if (report != NULL)
			report(msg, arg);
		return;
	}
	if (n > 0 && only == 0) {
		snprintf(msg, sizeof msg, "took %d firewall rule%s for %s out: "
		    "a run that died (pid %ld) left them behind", n,
		    n == 1 ? "" : "s", ifname, pid);
		if (report != NULL)
			report(msg, arg);
	}
	unlink(path);
}

int
net_state_recover(const char *dir, void (*report)(const char *, void *),
    void *arg)
{
	return (net_state_recover_pid(dir, 0, (uid_t)-1, report, arg));
}

/* A report line, when someone listens. */
static void
say(void (*report)(const char *, void *), void *arg, const char *msg)
{
	if (report != NULL)
		report(msg, arg);
}

/*
 * Directory entry name, if it is an address state file root (or we, or
 * also) wrote: its path and contents into *st; 0, or -1 to pass it by (an
 * unreadable one is removed, a foreign one reported).
 */
static int
state_load(const char *dir, const char *name, uid_t also, char *path,
    size_t pathlen, struct net_state *st,
    void (*report)(const char *, void *), void *arg)
{
	char		 text[1024], msg[1400];
	size_t		 n = strlen(name), plen = strlen(STATE_PREFIX);
	size_t		 slen = strlen(STATE_SUFFIX);

	if (n <= plen + slen || strncmp(name, STATE_PREFIX, plen) != 0 ||
	    strcmp(name + n - slen, STATE_SUFFIX) != 0)
		return (-1);
	if ((size_t)snprintf(path, pathlen, "%s/%s", dir, name) >= pathlen ||
	    state_read(path, also, text, sizeof text, report, arg) != 0)
		return (-1);
	if (net_state_parse(text, st) != 0) {
		snprintf(msg, sizeof msg, "unreadable state file %s removed",
		    path);
		unlink(path);
		say(report, arg, msg);
		return (-1);
	}
	return (0);
}

/*
 * Take the address st recorded off its interface (and the link down if
 * the run brought it up); 1 if removed, 0 if it was gone, -1 if it could
 * not be (the state file is kept then).
 */
static int
state_undo(const struct net_state *st, void (*report)(const char *, void *),
    void *arg)
{
	struct net_iface	 ifc;
	char			 err[256], msg[1400], ip[INET_ADDRSTRLEN];
	int			 removed = 0;

	util_ip_str(ip, sizeof ip, st->addr);
	if (net_iface_get(st->ifname, &ifc, err, sizeof err) != 0)
		return (0);
	if (net_iface_has_addr(&ifc, st->addr)) {
		if (net_addr_del(ifc.index, st->addr, st->plen, err,
		    sizeof err) != 0) {
			snprintf(msg, sizeof msg, "could not remove %s/%u from "
			    "%s left by a crashed run: %s", ip, st->plen,
			    st->ifname, err);
			say(report, arg, msg);
			return (-1);
		}
		removed = 1;
		snprintf(msg, sizeof msg, "removed %s/%u from %s: a run that "
		    "died (pid %ld) left it behind", ip, st->plen, st->ifname,
		    st->pid);
		say(report, arg, msg);
	}
	if (st->set_up && ifc.up)
		(void)net_link_set_up(ifc.index, 0, err, sizeof err);
	return (removed);
}

int
net_state_recover_pid(const char *dir, long only, uid_t also,
    void (*report)(const char *, void *), void *arg)
{
	DIR			*d;
	struct dirent		*de;
	struct net_state	 st;
	char			 path[1024], err[256];
	long			 holder;
	int			 lk, tries, r, removed = 0;

	if ((d = opendir(dir)) == NULL)
		return (0);
	while ((de = readdir(d)) != NULL) {
		/* Firewall rules a run put in (firewall.h). */
		if (strncmp(de->d_name, FW_STATE_PREFIX,
		    strlen(FW_STATE_PREFIX)) == 0) {
			fw_recover(dir, de->d_name, only, also, report, arg);
			continue;
		}
		if (state_load(dir, de->d_name, also, path, sizeof path, &st,
		    report, arg) != 0)
			continue;
		if (only != 0 ? st.pid != only : pid_is_ours_running(st.pid) ||
		    state_is_mine(&st))
			continue;
		/*
		 * The keeper of a killed run: not while another run serves
		 * the interface (it did its own recovery, and the address
		 * may be its own now); holding the lock meanwhile.
		 */
		lk = -1;
		if (only != 0) {
			/* The dead run's own socket may close after its pipe. */
			for (tries = 0; (lk = net_lock_take(st.ifname,
			    &holder)) == -1 && errno == EADDRINUSE &&
			    (holder == only || holder == 0) && tries < 50;
			    tries++)
				usleep(50 * 1000);
			if (lk == -1)
				continue;
		}
		if ((r = state_undo(&st, report, arg)) < 0) {
			if (lk != -1)
				close(lk);
			continue;
		}
		removed += r;
		/* Only now, with our address gone (net.h says why). */
		if (st.nm_unmanaged && state_nm_give_back(&st, report,
		    arg) != 0) {
			st.addr = 0;
			st.set_up = 0;
			(void)state_store(dir, &st, err, sizeof err);
			if (lk != -1)
				close(lk);
			continue;
		}
		unlink(path);
		if (lk != -1)
			close(lk);
	}
	closedir(d);
	return (removed);
}

/* The abstract unix address of IFACE's lock ("\0phonerescue/serve/IFACE"). */
static socklen_t
lock_addr(struct sockaddr_un *sun, const char *ifname)
{
	int	 n;

	memset(sun, 0, sizeof *sun);
	sun->sun_family = AF_UNIX;
	n = snprintf(sun->sun_path + 1, sizeof sun->sun_path - 1,
	    "phonerescue/serve/%s", ifname);
	if (n < 0 || (size_t)n >= sizeof sun->sun_path - 1)
		n = (int)sizeof sun->sun_path - 2;
	return ((socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
	    (size_t)n));
}

/* The pid that holds IFACE's lock, or 0 if it cannot be told. */
static long
lock_holder(const char *ifname)
{
	struct sockaddr_un	 sun;
	struct ucred		 uc;
	socklen_t		 len, ulen = sizeof uc;
	long			 pid = 0;
	int			 fd;

	len = lock_addr(&sun, ifname);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    0)) == -1)
		return (0);
	if (connect(fd, (struct sockaddr *)&sun, len) == 0 &&
	    getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &ulen) == 0)
		pid = (long)uc.pid;
	close(fd);
	return (pid);
}

int
net_lock_take(const char *ifname, long *holder)
{
	struct sockaddr_un	 sun;
	socklen_t		 len;
	int			 fd, e;

	*holder = 0;
	len = lock_addr(&sun, ifname);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    0)) == -1)
		return (-1);
	if (bind(fd, (struct sockaddr *)&sun, len) == 0 &&
	    listen(fd, 16) == 0)
		return (fd);
	e = errno;
	close(fd);
	if (e == EADDRINUSE)
		*holder = lock_holder(ifname);
	errno = e;
	return (-1);
}

int
net_lock_is_keeper(long pid)
{
	char	 path[64], comm[32];
	FILE	*f;
	int	 is = 0;

	if (pid <= 0)
		return (0);
	snprintf(path, sizeof path, "/proc/%ld/comm", pid);
	if ((f = fopen(path, "r")) == NULL)
		return (0);
	is = fgets(comm, sizeof comm, f) != NULL &&
	    strncmp(comm, NET_KEEPER_COMM, strlen(NET_KEEPER_COMM)) == 0;
	fclose(f);
	return (is);
}
