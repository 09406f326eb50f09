/*
 * Another server on our UDP ports.  dnsmasq and in.tftpd (tftp-hpa) bind
 * 0.0.0.0:67 and :69 with SO_REUSEADDR, as our engines do, so our bind
 * succeeds next to theirs and the kernel splits the requests between the
 * two.  Before an engine binds, a probe socket binds the same address
 * and port on the same interface without SO_REUSEADDR: the kernel's own
 * rule then says whether any socket would share our packets.  If one
 * does, /proc/net/udp (this network namespace) names its inode and the
 * /proc/PID/fd links name the process, so the refusal can say who.
 */
#include "config.h"

#include <sys/socket.h>

#include <arpa/inet.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "host/serve.h"
#include "util.h"

#define PORTS_MAX_INODES	16

/*
 * The inodes of UDP sockets on port (host order) that get what is sent to
 * ours: bound to it, to 0.0.0.0 or to the broadcast address.
 */
static size_t
ports_inodes(uint32_t ours, unsigned port, unsigned long *ino, size_t max,
    uint32_t *where)
{
	FILE		*f;
	char		 line[512];
	unsigned	 la, lp, ra, rp, st;
	unsigned long	 inode;
	size_t		 n = 0;

	if ((f = fopen("/proc/net/udp", "re")) == NULL)
		return (0);
	while (n < max && fgets(line, sizeof line, f) != NULL) {
		/* sl local rem st tx:rx tr:when retr uid timeout inode */
		if (sscanf(line, " %*u: %8x:%4x %8x:%4x %2x %*x:%*x %*x:%*x "
		    "%*x %*u %*u %lu", &la, &lp, &ra, &rp, &st, &inode) != 6)
			continue;
		/* The kernel prints the address as the raw 32-bit word. */
		if (lp != port || inode == 0 || (la != 0 &&
		    la != INADDR_BROADCAST && (ours == 0 || la != ours)))
			continue;
		where[n] = la;
		ino[n++] = inode;
	}
	fclose(f);
	return (n);
}

/* The process holding socket inode ino: its pid and name, or 0. */
static pid_t
ports_owner(unsigned long ino, char *name, size_t namelen)
{
	DIR		*proc, *fds;
	struct dirent	*p, *e;
	char		 path[600], link[64], want[40];
	ssize_t		 n;
	pid_t		 pid = 0;
	FILE		*f;

	snprintf(want, sizeof want, "socket:[%lu]", ino);
	if ((proc = opendir("/proc")) == NULL)
		return (0);
	while (pid == 0 && (p = readdir(proc)) != NULL) {
		if (!isdigit((unsigned char)p->d_name[0]) ||
		    (pid_t)atol(p->d_name) == getpid())
			continue;
		snprintf(path, sizeof path, "/proc/%s/fd", p->d_name);
		if ((fds = opendir(path)) == NULL)
			continue;
		while ((e = readdir(fds)) != NULL) {
			snprintf(path, sizeof path, "/proc/%s/fd/%s",
			    p->d_name, e->d_name);
			if ((n = readlink(path, link, sizeof link - 1)) <= 0)
				continue;
			link[n] = '\0';
			if (strcmp(link, want) == 0) {
				pid = (pid_t)atol(p->d_name);
				break;
			}
		}
		closedir(fds);
	}
	closedir(proc);
	if (pid == 0)
		return (0);
	strlcpy(name, "?", namelen);
	snprintf(path, sizeof path, "/proc/%ld/comm", (long)pid);
	if ((f = fopen(path, "re")) != NULL) {
		if (fgets(name, (int)namelen, f) != NULL)
			name[strcspn(name, "\n")] = '\0';
		fclose(f);
	}
	return (pid);
}

/* Is one of our own descriptors socket inode ino? */
static int
ports_ours(unsigned long ino)
{
	DIR		*fds;
	struct dirent	*e;
	char		 path[600], link[64], want[40];
	ssize_t		 n;
	int		 found = 0;

	snprintf(want, sizeof want, "socket:[%lu]", ino);
	if ((fds = opendir("/proc/self/fd")) == NULL)
		return (0);
	while (!found && (e = readdir(fds)) != NULL) {
		snprintf(path, sizeof path, "/proc/self/fd/%s", e->d_name);
		if ((n = readlink(path, link, sizeof link - 1)) > 0) {
			link[n] = '\0';
			found = strcmp(link, want) == 0;
		}
	}
	closedir(fds);
	return (found);
}

int
serve_port_check(const char *what, uint32_t addr, uint32_t ours,
    unsigned port, const char *ifname, char *err, size_t errlen)
{
	struct sockaddr_in	 sin;
	unsigned long		 ino[PORTS_MAX_INODES];
	uint32_t		 where[PORTS_MAX_INODES];
	char			 ip[INET_ADDRSTRLEN], name[64];
	size_t			 n, i;
	pid_t			 pid;
	int			 fd, rc, e;

	if (port == 0)
		return (0);
	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return (0);	/* the engine's own socket() will say why */
	if (ifname != NULL)
		(void)setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname,
		    (socklen_t)strlen(ifname));
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = addr;
	sin.sin_port = htons((uint16_t)port);
	rc = bind(fd, (struct sockaddr *)&sin, sizeof sin);
	e = errno;
	close(fd);
	if (rc == 0 || e != EADDRINUSE)
		return (0);
	n = ports_inodes(ours, port, ino, PORTS_MAX_INODES, where);
	for (i = 0; i < n; i++) {
		if (ports_ours(ino[i]))
			continue;
		util_ip_str(ip, sizeof ip, where[i]);
		if ((pid = ports_owner(ino[i], name, sizeof name)) != 0)
			snprintf(err, errlen, "another %s server holds UDP port "
			    "%u (%s, pid %ld, on %s): both would get the "
			    "requests; stop it first", what, port, name,
			    (long)pid, ip);
		else
			snprintf(err, errlen, "another %s server holds UDP port "
			    "%u (on %s; its process is not visible here): both "
			    "would get the requests; stop it first", what,
			    port, ip);
		return (-1);
	}
	/*
	 * Only our own sockets, or one on another address that gets none of
	 * our packets: the engine's bind says whether it can share.
	 */
	return (0);
}
