/*
 * phonerescue lease-hook: dnsmasq's --dhcp-script for a site's TFTP host
 * (issue 21, site mode).  dnsmasq runs its script with the action, the
 * MAC, the address and the hostname as arguments and the lease's other
 * facts in DNSMASQ_* variables; it runs it with argv[0] the script's own
 * name, so it is installed as a link named phonerescue-lease-hook to
 * phonerescue (main.c runs this command for that name), and dnsmasq runs
 * it directly: no shell.
 *
 * It sends one datagram (site_lease.h: SITE_HOOK_MAGIC, KEY=VALUE lines)
 * to the socket `serve --leases-from dnsmasq-hook[:SOCKET]` reads
 * ($PHONERESCUE_LEASE_SOCKET, else lease-hook.sock in the state
 * directory), without waiting, and exits 0 whatever happens: a serve
 * that is not running, or busy, must never hold up the site's DHCP
 * server (dnsmasq runs one script at a time and queues the rest).
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "compat.h"
#include "net/net.h"
#include "site/site_lease.h"

/* KEY=VALUE for an environment variable that is set. */
static void
env_line(char *buf, size_t len, const char *key, const char *var)
{
	const char	*v = getenv(var);
	size_t		 n = strlen(buf);

	if (v != NULL && v[0] != '\0' && n < len)
		snprintf(buf + n, len - n, "%s=%s\n", key, v);
}

static int
cmd_lease_hook(const struct cmd *self, int argc, char **argv)
{
	struct sockaddr_un	 sun;
	char			 msg[SITE_HOOK_MAX];
	const char		*path = getenv("PHONERESCUE_LEASE_SOCKET");
	int			 fd, n;

	if (argc < 2)
		return (cmd_usage_error(self, "dnsmasq gives an action"));
	if (argc < 4 || (strcmp(argv[1], "add") != 0 &&
	    strcmp(argv[1], "old") != 0 && strcmp(argv[1], "del") != 0))
		return (0);	/* init, tftp, arp...: nothing to tell */
	n = snprintf(msg, sizeof msg, "%s\naction=%s\nmac=%s\nip=%s\n%s%s%s",
	    SITE_HOOK_MAGIC, argv[1], argv[2], argv[3],
	    argc > 4 ? "hostname=" : "", argc > 4 ? argv[4] : "",
	    argc > 4 ? "\n" : "");
	if (n < 0 || (size_t)n >= sizeof msg)
		return (0);
	env_line(msg, sizeof msg, "expires", "DNSMASQ_LEASE_EXPIRES");
	env_line(msg, sizeof msg, "lifetime", "DNSMASQ_LEASE_LENGTH");
	env_line(msg, sizeof msg, "vendor_class", "DNSMASQ_VENDOR_CLASS");
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	if (path == NULL || path[0] == '\0')
		snprintf(sun.sun_path, sizeof sun.sun_path, "%s/%s",
		    net_state_dir(), SITE_HOOK_SOCK);
	else
		strlcpy(sun.sun_path, path, sizeof sun.sun_path);
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) < 0)
		return (0);
	if (sendto(fd, msg, strlen(msg), 0, (struct sockaddr *)&sun,
	    sizeof sun) < 0 && errno != ENOENT && errno != ECONNREFUSED)
		fprintf(stderr, "phonerescue lease-hook: %s: %s\n",
		    sun.sun_path, strerror(errno));
	close(fd);
	return (0);
}

const struct cmd cmd_lease_hook_def = {
	"lease-hook", cmd_lease_hook,
	"lease-hook add|old|del MAC IP [HOSTNAME]",
	"dnsmasq's dhcp-script: hand each lease to serve (site mode)",
	"Run by dnsmasq as its dhcp-script (through a link named\n"
	"phonerescue-lease-hook, which dnsmasq runs directly, no shell): sends\n"
	"the lease (with DNSMASQ_VENDOR_CLASS, DNSMASQ_LEASE_EXPIRES) in one\n"
	"datagram, without waiting, to the socket serve reads for its\n"
	"dnsmasq-hook leases: $PHONERESCUE_LEASE_SOCKET, else\n"
	SITE_HOOK_SOCK " in the state directory.  Always exits 0, so that\n"
	"dnsmasq is never held up.\n",
};
