/*
 * Interface enumeration over rtnetlink, against the loopback every host
 * has; then the dump reader fed recorded replies through seqpacket socket
 * pairs, a dump spread over many datagrams as the kernel sends one for a
 * laptop's worth of links (issue 14: only the first batch was read).
 */
#include "config.h"

#include <sys/socket.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "net/net.h"

#define NLINKS		45
#define BAIL_OUT(what)	do { printf("Bail out! %s\n", (what)); exit(1); } while (0)
#define PER_DGRAM	4	/* messages per datagram: many datagrams */

struct dgram {
	char	 b[8192];
	size_t	 len;
	int	 fd;
	int	 count;
};

static void
put_attr(struct nlmsghdr *nh, unsigned short type, const void *v,
    size_t len)
{
	struct rtattr	*a;

	a = (struct rtattr *)(void *)((char *)nh + NLMSG_ALIGN(nh->nlmsg_len));
	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(a), v, len);
	nh->nlmsg_len = NLMSG_ALIGN(nh->nlmsg_len) + RTA_ALIGN(a->rta_len);
}

/* Start a message in d (flushing d first when it holds PER_DGRAM). */
static struct nlmsghdr *
msg_begin(struct dgram *d, uint16_t type, size_t body, uint32_t seq)
{
	struct nlmsghdr	*nh;

	if (d->count == PER_DGRAM) {
		if (send(d->fd, d->b, d->len, 0) != (ssize_t)d->len)
			BAIL_OUT("send");
		d->len = 0;
		d->count = 0;
	}
	nh = (struct nlmsghdr *)(void *)(d->b + d->len);
	memset(nh, 0, 512);
	nh->nlmsg_len = (uint32_t)NLMSG_LENGTH(body);
	nh->nlmsg_type = type;
	nh->nlmsg_flags = NLM_F_MULTI;
	nh->nlmsg_seq = seq;
	return (nh);
}

static void
msg_end(struct dgram *d, struct nlmsghdr *nh)
{
	d->len += NLMSG_ALIGN(nh->nlmsg_len);
	d->count++;
}

/* NLMSG_DONE, alone in the last datagram as the kernel sends it. */
static void
dgram_done(struct dgram *d, uint16_t flags)
{
	struct nlmsghdr	*nh;

	if (d->len > 0 && send(d->fd, d->b, d->len, 0) != (ssize_t)d->len)
		BAIL_OUT("send");
	d->len = 0;
	d->count = 0;
	nh = msg_begin(d, NLMSG_DONE, sizeof(int), 1);
	nh->nlmsg_flags |= flags;
	msg_end(d, nh);
	if (send(d->fd, d->b, d->len, 0) != (ssize_t)d->len)
		BAIL_OUT("send");
	d->len = 0;
	d->count = 0;
}

static void
pair(int sv[2])
{
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
		BAIL_OUT("socketpair");
}

static void
count_cb(const struct nlmsghdr *nh, void *arg)
{
	(void)nh;
	(*(int *)arg)++;
}

int
main(void)
{
	struct net_iface	*v, lo;
	struct dgram		 dl, da, dr;
	struct nlmsghdr		*nh;
	struct ifinfomsg	*ifi;
	struct ifaddrmsg	*ifa;
	struct rtmsg		*rt;
	char			 err[256], name[IF_NAMESIZE];
	size_t			 n, i;
	int			 sl[2], sa[2], sr[2], found = 0, k, j, cnt;
	uint32_t		 ip, oif, mtu;
	unsigned		 bad = 0;

	plan(16);
	is_int(net_iface_list(&v, &n, err, sizeof err), 0, "interfaces listed");
	for (i = 0; i < n; i++) {
		if (strcmp(v[i].name, "lo") == 0)
			found = 1;
	}
	ok(found, "loopback among %zu interfaces", n);
	free(v);
	is_int(net_iface_get("lo", &lo, err, sizeof err), 0, "lo by name");
	ok(lo.loopback && lo.up && !lo.wireless && lo.index > 0 && lo.mtu > 0,
	    "lo: loopback, up, wired, index %u, mtu %u", lo.index, lo.mtu);
	ok(net_iface_has_addr(&lo, htonl(INADDR_LOOPBACK)) &&
	    lo.addrs[0].plen == 8, "lo has 127.0.0.1/8");
	ok(!lo.default_route, "no default route through lo");
	ok(net_iface_get("no-such-if0", &lo, err, sizeof err) == -1 &&
	    strstr(err, "no such interface") != NULL, "unknown interface: %s", err);

	/*
	 * 45 links, 3 addresses each, a default route on the last one, each
	 * dump four messages per datagram: 12, 34 and 1 datagrams + DONE.
	 */
	pair(sl);
	pair(sa);
	pair(sr);
	memset(&dl, 0, sizeof dl);
	memset(&da, 0, sizeof da);
	memset(&dr, 0, sizeof dr);
	dl.fd = sl[1];
	da.fd = sa[1];
	dr.fd = sr[1];
	for (k = 0; k < NLINKS; k++) {
		nh = msg_begin(&dl, RTM_NEWLINK, sizeof *ifi, 1);
		ifi = NLMSG_DATA(nh);
		ifi->ifi_index = 100 + k;
		ifi->ifi_flags = k % 3 == 0 ? 0 : IFF_UP;
		snprintf(name, sizeof name, "%.10s%05u", "verylongna",
		    (unsigned)k % 100000);
		put_attr(nh, IFLA_IFNAME, name, strlen(name) + 1);
		mtu = 1500;
		put_attr(nh, IFLA_MTU, &mtu, 4);
		msg_end(&dl, nh);
		for (j = 0; j < 3; j++) {
			nh = msg_begin(&da, RTM_NEWADDR, sizeof *ifa, 1);
			ifa = NLMSG_DATA(nh);
			ifa->ifa_family = AF_INET;
			ifa->ifa_prefixlen = 24;
			ifa->ifa_index = (unsigned)(100 + k);
			ip = htonl(0xc6120000U | (unsigned)k << 8 | (unsigned)(j + 1));
			put_attr(nh, IFA_LOCAL, &ip, 4);
			put_attr(nh, IFA_ADDRESS, &ip, 4);
			msg_end(&da, nh);
		}
	}
	/* A reply to some other request on the socket is not ours. */
	nh = msg_begin(&dl, RTM_NEWLINK, sizeof *ifi, 7);
	ifi = NLMSG_DATA(nh);
	ifi->ifi_index = 999;
	put_attr(nh, IFLA_IFNAME, "stray", 6);
	msg_end(&dl, nh);
	dgram_done(&dl, 0);
	dgram_done(&da, 0);
	nh = msg_begin(&dr, RTM_NEWROUTE, sizeof *rt, 1);
	rt = NLMSG_DATA(nh);
	rt->rtm_family = AF_INET;
	rt->rtm_table = RT_TABLE_MAIN;
	rt->rtm_type = RTN_UNICAST;
	oif = 100 + NLINKS - 1;
	put_attr(nh, RTA_OIF, &oif, 4);
	msg_end(&dr, nh);
	dgram_done(&dr, 0);

	is_int(net_iface_collect(sl[0], sa[0], sr[0], &v, &n, err, sizeof err),
	    0, "recorded dumps read");
	is_int((int)n, NLINKS, "every link of a dump in %d datagrams",
	    (NLINKS + PER_DGRAM - 1) / PER_DGRAM);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "%.10s%05u", "verylongna",
		    (unsigned)(i % 100000));
		if (strcmp(v[i].name, name) != 0 || v[i].naddrs != 3 ||
		    v[i].index != 100 + i || v[i].up != (i % 3 != 0))
			bad++;
	}
	is_int((int)bad, 0, "15-character names, up/down, 3 addresses each");
	ok(n == NLINKS && strlen(v[n - 1].name) == 15 &&
	    v[n - 1].default_route && !v[0].default_route,
	    "the default route on the last link is seen");
	ok(n == NLINKS && net_iface_has_addr(&v[n - 1],
	    htonl(0xc6120000U | (NLINKS - 1) << 8 | 3)),
	    "the last address of the last link is seen");
	free(v);
	for (k = 0; k < 2; k++) {
		close(sl[k]);
		close(sa[k]);
		close(sr[k]);
	}

	/* The kernel's error for a dump, and a dump torn by a change. */
	pair(sl);
	dl.fd = sl[1];
	dl.len = 0;
	dl.count = 0;
	nh = msg_begin(&dl, NLMSG_ERROR, sizeof(struct nlmsgerr), 1);
	((struct nlmsgerr *)NLMSG_DATA(nh))->error = -EPERM;
	msg_end(&dl, nh);
	if (send(dl.fd, dl.b, dl.len, 0) != (ssize_t)dl.len)	/* no DONE */
		BAIL_OUT("send");
	dl.len = 0;
	dl.count = 0;
	cnt = 0;
	ok(net_nl_read_dump(sl[0], 1, count_cb, &cnt, err, sizeof err) == -1 &&
	    strstr(err, "failed") != NULL, "NLMSG_ERROR: %s", err);
	for (k = 0; k < 3; k++) {
		nh = msg_begin(&dl, RTM_NEWLINK, sizeof *ifi, 1);
		msg_end(&dl, nh);
	}
	dgram_done(&dl, NLM_F_DUMP_INTR);
	cnt = 0;
	ok(net_nl_read_dump(sl[0], 1, count_cb, &cnt, err, sizeof err) == -1 &&
	    strstr(err, "interrupted") != NULL, "NLM_F_DUMP_INTR: %s", err);
	/* Two datagrams then the peer goes: not a complete dump. */
	for (k = 0; k < 6; k++) {
		nh = msg_begin(&dl, RTM_NEWLINK, sizeof *ifi, 1);
		msg_end(&dl, nh);
	}
	if (send(dl.fd, dl.b, dl.len, 0) != (ssize_t)dl.len)
		BAIL_OUT("send");
	close(sl[1]);
	cnt = 0;
	ok(net_nl_read_dump(sl[0], 1, count_cb, &cnt, err, sizeof err) == -1 &&
	    cnt == 6, "EOF before NLMSG_DONE is an error, after %d messages "
	    "(%s)", cnt, err);
	close(sl[0]);

	/* The live dump: lo is there when listed more than once in a row. */
	for (k = 0, found = 1; k < 20; k++) {
		if (net_iface_get("lo", &lo, err, sizeof err) != 0)
			found = 0;
	}
	ok(found, "20 live dumps in a row find lo");
	return (done_testing());
}
