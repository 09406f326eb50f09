/*
 * The link watch (issues 16, 19): net_link_watch_read() fed crafted
 * rtnetlink datagrams through a socket pair.  Every change of carrier is
 * reported in order, also a flap read in one batch (down and up again in
 * one datagram), the first message only sets what is known, other links
 * and other addresses are ignored, a deleted link has no carrier, and
 * our address deleted is reported.
 */
#include "config.h"

#include <sys/socket.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "net/net.h"

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP	0x10000
#endif

#define IDX		7
#define BAIL_OUT(what)	do { printf("Bail out! %s\n", (what)); exit(1); } while (0)

static char	 seen[64];	/* "D", "U", "A" per call, in order */

static void
changed(int what, void *arg)
{
	size_t	 n = strlen(seen);

	(void)arg;
	if (n + 1 < sizeof seen) {
		seen[n] = what == NET_LINK_DOWN ? 'D' : what == NET_LINK_UP ?
		    'U' : what == NET_LINK_ADDR_GONE ? 'A' : '?';
		seen[n + 1] = '\0';
	}
}

static char	 buf[8192];
static size_t	 len;

static void
link_msg(uint16_t type, int index, unsigned flags)
{
	struct nlmsghdr		*nh = (struct nlmsghdr *)(void *)(buf + len);
	struct ifinfomsg	*ifi;

	memset(nh, 0, NLMSG_SPACE(sizeof *ifi));
	nh->nlmsg_len = NLMSG_LENGTH(sizeof *ifi);
	nh->nlmsg_type = type;
	ifi = NLMSG_DATA(nh);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = index;
	ifi->ifi_flags = flags;
	len += NLMSG_ALIGN(nh->nlmsg_len);
}

static void
addr_msg(uint16_t type, unsigned index, const char *ip)
{
	struct nlmsghdr	*nh = (struct nlmsghdr *)(void *)(buf + len);
	struct ifaddrmsg *ifa;
	struct rtattr	*a;
	uint32_t	 v;

	memset(nh, 0, NLMSG_SPACE(sizeof *ifa) + RTA_SPACE(4));
	nh->nlmsg_len = NLMSG_LENGTH(sizeof *ifa);
	nh->nlmsg_type = type;
	ifa = NLMSG_DATA(nh);
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = 24;
	ifa->ifa_index = index;
	a = (struct rtattr *)(void *)((char *)nh + NLMSG_ALIGN(nh->nlmsg_len));
	a->rta_type = IFA_LOCAL;
	a->rta_len = RTA_LENGTH(4);
	v = inet_addr(ip);
	memcpy(RTA_DATA(a), &v, 4);
	nh->nlmsg_len = NLMSG_ALIGN(nh->nlmsg_len) + RTA_ALIGN(a->rta_len);
	len += NLMSG_ALIGN(nh->nlmsg_len);
}

static void
flush(int fd)
{
	if (send(fd, buf, len, 0) != (ssize_t)len)
		BAIL_OUT("send");
	len = 0;
}

int
main(void)
{
	const unsigned	 UP = IFF_UP | IFF_LOWER_UP;
	uint32_t	 ours = inet_addr("198.18.250.1");
	int		 sv[2], carrier = -1, r, e;

	plan(9);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK, 0, sv) != 0)
		BAIL_OUT("socketpair");

	/* The first message (the dump's reply) only says where we are. */
	link_msg(RTM_NEWLINK, IDX, UP);
	flush(sv[1]);
	is_int(net_link_watch_read(sv[0], IDX, ours, &carrier, changed, NULL),
	    0, "read until nothing is left");
	ok(carrier == 1 && seen[0] == '\0', "first message: carrier 1, no "
	    "change reported (%s)", seen);

	/* Down and up again in one datagram: both, in order. */
	link_msg(RTM_NEWLINK, IDX, IFF_UP);
	link_msg(RTM_NEWLINK, IDX + 1, UP);	/* another link */
	link_msg(RTM_NEWLINK, IDX, UP);
	flush(sv[1]);
	(void)net_link_watch_read(sv[0], IDX, ours, &carrier, changed, NULL);
	is_str(seen, "DU", "a flap in one batch: down, then up");

	/* The same state again is no change; admin down is no carrier. */
	seen[0] = '\0';
	link_msg(RTM_NEWLINK, IDX, UP);
	flush(sv[1]);
	link_msg(RTM_NEWLINK, IDX, IFF_LOWER_UP);
	flush(sv[1]);
	(void)net_link_watch_read(sv[0], IDX, ours, &carrier, changed, NULL);
	ok(strcmp(seen, "D") == 0 && carrier == 0, "up again is nothing; "
	    "set down is down (%s)", seen);

	/* Addresses: another one, another link's, then ours. */
	seen[0] = '\0';
	addr_msg(RTM_DELADDR, IDX, "198.18.250.9");
	addr_msg(RTM_DELADDR, IDX + 1, "198.18.250.1");
	addr_msg(RTM_NEWADDR, IDX, "198.18.250.1");
	flush(sv[1]);
	(void)net_link_watch_read(sv[0], IDX, ours, &carrier, changed, NULL);
	is_str(seen, "", "other addresses and links: nothing");
	addr_msg(RTM_DELADDR, IDX, "198.18.250.1");
	link_msg(RTM_NEWLINK, IDX, UP);
	flush(sv[1]);
	(void)net_link_watch_read(sv[0], IDX, ours, &carrier, changed, NULL);
	is_str(seen, "AU", "our address gone, then the link back");
	seen[0] = '\0';
	addr_msg(RTM_DELADDR, IDX, "198.18.250.1");
	flush(sv[1]);
	(void)net_link_watch_read(sv[0], IDX, 0, &carrier, changed, NULL);
	is_str(seen, "", "no address watched (0): nothing");

	/* The link deleted: no carrier. */
	link_msg(RTM_DELLINK, IDX, UP);
	flush(sv[1]);
	(void)net_link_watch_read(sv[0], IDX, ours, &carrier, changed, NULL);
	ok(strcmp(seen, "D") == 0 && carrier == 0, "deleted link: down (%s)",
	    seen);

	/* A real error is said as one. */
	close(sv[1]);
	close(sv[0]);
	r = net_link_watch_read(sv[0], IDX, ours, &carrier, changed, NULL);
	e = errno;
	ok(r == -1 && e == EBADF, "a closed socket: -1 (%s)", strerror(e));
	return (done_testing());
}
