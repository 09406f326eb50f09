/*
 * Interfaces through rtnetlink (rtnetlink(7)): links, IPv4 addresses and
 * the default route in three dumps, and address/link changes with an
 * acknowledged request.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compat.h"
#include "net.h"

#define NL_BUF		32768
#define NL_DUMP_SEQ	1
#define NL_DUMP_TRIES	3	/* a dump torn by a change is asked again */

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP	0x10000	/* linux/if.h: driver signals L1 up (carrier) */
#endif

struct nl_list {
	struct net_iface	*v;
	size_t			 n, cap;
	int			 oom;
};

typedef void	nl_cb(const struct nlmsghdr *, struct nl_list *);

struct nl_call {
	nl_cb		*cb;
	struct nl_list	*l;
};

static int	 nl_open(int, char *, size_t);
static int	 nl_request(int, uint16_t, char *, size_t);
static int	 nl_read(int, nl_cb *, struct nl_list *, char *, size_t);
static int	 nl_change(struct nlmsghdr *, char *, size_t);
static void	 nl_call(const struct nlmsghdr *, void *);
static struct net_iface *by_index(struct nl_list *, unsigned);
static void	 on_link(const struct nlmsghdr *, struct nl_list *);
static void	 on_addr(const struct nlmsghdr *, struct nl_list *);
static void	 on_route(const struct nlmsghdr *, struct nl_list *);

/* A bound rtnetlink socket; flags: more socket(2) type flags. */
static int
nl_open(int flags, char *err, size_t errlen)
{
	struct sockaddr_nl	 sa;
	int			 fd;

	if ((fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | flags,
	    NETLINK_ROUTE)) == -1) {
		snprintf(err, errlen, "netlink: %s", strerror(errno));
		return (-1);
	}
	memset(&sa, 0, sizeof sa);
	sa.nl_family = AF_NETLINK;
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) == -1) {
		snprintf(err, errlen, "netlink bind: %s", strerror(errno));
		close(fd);
		return (-1);
	}
	return (fd);
}

/*
 * Read one dump's replies from fd until NLMSG_DONE, calling cb for each
 * message of sequence seq.  A dump of many links or addresses comes in
 * several datagrams (one per recv): every one is read.  0, or -1 with err
 * (a kernel error, an interrupted dump, or the socket closing early).
 */
int
net_nl_read_dump(int fd, uint32_t seq, void (*cb)(const struct nlmsghdr *,
    void *), void *arg, char *err, size_t errlen)
{
	const struct nlmsgerr	*e;
	struct nlmsghdr		*nh;
	char			*buf;
	size_t			 left;
	ssize_t			 n;
	int			 rc = -1;

	if ((buf = malloc(NL_BUF)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return (-1);
	}
	for (;;) {
		if ((n = recv(fd, buf, NL_BUF, 0)) == -1) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "netlink recv: %s",
			    strerror(errno));
			goto out;
		}
		if (n == 0) {
			snprintf(err, errlen, "netlink dump ended before "
			    "its last message");
			goto out;
		}
		/* NLMSG_NEXT counts left down: n stays the datagram's size. */
		left = (size_t)n;
		for (nh = (struct nlmsghdr *)(void *)buf; NLMSG_OK(nh, left);
		    nh = NLMSG_NEXT(nh, left)) {
			if (nh->nlmsg_seq != seq)
				continue;	/* not our request's reply */
			if (nh->nlmsg_type == NLMSG_DONE) {
				if (nh->nlmsg_flags & NLM_F_DUMP_INTR) {
					snprintf(err, errlen, "netlink dump "
					    "interrupted by a change");
					goto out;
				}
				rc = 0;
				goto out;
			}
			if (nh->nlmsg_type == NLMSG_ERROR) {
				e = NLMSG_DATA(nh);
				snprintf(err, errlen, "netlink dump failed: %s",
				    nh->nlmsg_len >= NLMSG_LENGTH(sizeof *e) &&
				    e->error != 0 ? strerror(-e->error) :
				    "no reason given");
				goto out;
			}
			if (nh->nlmsg_flags & NLM_F_DUMP_INTR) {
				snprintf(err, errlen, "netlink dump "
				    "interrupted by a change");
				goto out;
			}
			cb(nh, arg);
		}
	}
out:
	free(buf);
	return (rc);
}

/* Ask for one rtnetlink dump on a socket of its own; the fd, or -1. */
static int
nl_request(int type, uint16_t family, char *err, size_t errlen)
{
	struct {
		struct nlmsghdr	 nh;
		struct rtgenmsg	 g;
	} req;
	struct sockaddr_nl	 sa;
	int			 fd;

	if ((fd = nl_open(0, err, errlen)) == -1)
		return (-1);
	memset(&req, 0, sizeof req);
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof req.g);
	req.nh.nlmsg_type = (uint16_t)type;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.nh.nlmsg_seq = NL_DUMP_SEQ;
	req.g.rtgen_family = (unsigned char)family;
	memset(&sa, 0, sizeof sa);
	sa.nl_family = AF_NETLINK;
	if (sendto(fd, &req, req.nh.nlmsg_len, 0, (struct sockaddr *)&sa,
	    sizeof sa) == -1) {
		snprintf(err, errlen, "netlink send: %s", strerror(errno));
		close(fd);
		return (-1);
	}
	return (fd);
}

/* Read one dump into l through cb. */
static int
nl_read(int fd, nl_cb *cb, struct nl_list *l, char *err, size_t errlen)
{
	struct nl_call	 c;

	c.cb = cb;
	c.l = l;
	return (net_nl_read_dump(fd, NL_DUMP_SEQ, nl_call, &c, err, errlen));
}

static void
nl_call(const struct nlmsghdr *nh, void *arg)
{
	const struct nl_call	*c = arg;

	c->cb(nh, c->l);
}

static struct net_iface *
by_index(struct nl_list *l, unsigned index)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		if (l->v[i].index == index)
			return (&l->v[i]);
	}
	return (NULL);
}

static void
on_link(const struct nlmsghdr *nh, struct nl_list *l)
{
	const struct ifinfomsg	*ifi = NLMSG_DATA(nh);
	const struct rtattr	*a;
	struct net_iface	*f, *nv;
	char			 path[96];
	struct stat		 st;
	int			 len;

	if (nh->nlmsg_type != RTM_NEWLINK ||
	    nh->nlmsg_len < NLMSG_LENGTH(sizeof *ifi))
		return;
	if (l->n == l->cap) {
		size_t ncap = l->cap == 0 ? 16 : l->cap * 2;
		if ((nv = reallocarray(l->v, ncap, sizeof *nv)) == NULL) {
			l->oom = 1;
			return;
		}
		l->v = nv;
		l->cap = ncap;
	}
	f = &l->v[l->n++];
	memset(f, 0, sizeof *f);
	f->index = (unsigned)ifi->ifi_index;
	f->up = (ifi->ifi_flags & IFF_UP) != 0;
	f->carrier = (ifi->ifi_flags & IFF_LOWER_UP) != 0;
	f->loopback = (ifi->ifi_flags & IFF_LOOPBACK) != 0;
	len = (int)(nh->nlmsg_len - NLMSG_LENGTH(sizeof *ifi));
	for (a = IFLA_RTA(ifi); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		switch (a->rta_type) {
		case IFLA_IFNAME:
			snprintf(f->name, sizeof f->name, "%.*s",
			    (int)RTA_PAYLOAD(a), (const char *)RTA_DATA(a));
			break;
		case IFLA_MTU:
			if (RTA_PAYLOAD(a) >= 4)
				memcpy(&f->mtu, RTA_DATA(a), 4);
			break;
		case IFLA_ADDRESS:
			if (RTA_PAYLOAD(a) == 6)
				memcpy(f->mac, RTA_DATA(a), 6);
			break;
		}
	}
	/* Wireless drivers show a wireless/ or phy80211 entry in sysfs. */
	snprintf(path, sizeof path, "/sys/class/net/%s/wireless", f->name);
	if (stat(path, &st) == 0)
		f->wireless = 1;
	snprintf(path, sizeof path, "/sys/class/net/%s/phy80211", f->name);
	if (stat(path, &st) == 0)
		f->wireless = 1;
}

static void
on_addr(const struct nlmsghdr *nh, struct nl_list *l)
{
	const struct ifaddrmsg	*ifa = NLMSG_DATA(nh);
	const struct rtattr	*a;
	struct net_iface	*f;
	uint32_t		 local = 0, addr = 0;
	int			 len, have_local = 0, have_addr = 0;

	if (nh->nlmsg_type != RTM_NEWADDR ||
	    nh->nlmsg_len < NLMSG_LENGTH(sizeof *ifa) ||
	    ifa->ifa_family != AF_INET)
		return;
	if ((f = by_index(l, ifa->ifa_index)) == NULL ||
	    f->naddrs == NET_MAX_ADDRS)
		return;
	len = (int)(nh->nlmsg_len - NLMSG_LENGTH(sizeof *ifa));
	for (a = IFA_RTA(ifa); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (RTA_PAYLOAD(a) != 4)
			continue;
		if (a->rta_type == IFA_LOCAL) {
			memcpy(&local, RTA_DATA(a), 4);
			have_local = 1;
		} else if (a->rta_type == IFA_ADDRESS) {
			memcpy(&addr, RTA_DATA(a), 4);
			have_addr = 1;
		}
	}
	/* IFA_LOCAL is ours; IFA_ADDRESS is the peer on point-to-point. */
	if (!have_local && !have_addr)
		return;
	f->addrs[f->naddrs].addr = have_local ? local : addr;
	f->addrs[f->naddrs].plen = ifa->ifa_prefixlen;
	f->naddrs++;
}

static void
on_route(const struct nlmsghdr *nh, struct nl_list *l)
{
	const struct rtmsg	*rt = NLMSG_DATA(nh);
	const struct rtattr	*a;
	const struct rtnexthop	*nhop;
	struct net_iface	*f;
	uint32_t		 oif, table;
	int			 len, mlen;

	if (nh->nlmsg_type != RTM_NEWROUTE ||
	    nh->nlmsg_len < NLMSG_LENGTH(sizeof *rt) ||
	    rt->rtm_family != AF_INET || rt->rtm_dst_len != 0 ||
	    rt->rtm_type != RTN_UNICAST)
		return;
	table = rt->rtm_table;
	len = (int)(nh->nlmsg_len - NLMSG_LENGTH(sizeof *rt));
	for (a = RTM_RTA(rt); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == RTA_TABLE && RTA_PAYLOAD(a) >= 4)
			memcpy(&table, RTA_DATA(a), 4);
	}
	if (table != RT_TABLE_MAIN && table != RT_TABLE_DEFAULT)
		return;
	len = (int)(nh->nlmsg_len - NLMSG_LENGTH(sizeof *rt));
	for (a = RTM_RTA(rt); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type == RTA_OIF && RTA_PAYLOAD(a) >= 4) {
			memcpy(&oif, RTA_DATA(a), 4);
			if ((f = by_index(l, oif)) != NULL)
				f->default_route = 1;
		} else if (a->rta_type == RTA_MULTIPATH) {
			/* ECMP default: every next hop's interface counts. */
			nhop = RTA_DATA(a);
			mlen = (int)RTA_PAYLOAD(a);
			while (mlen >= (int)sizeof *nhop &&
			    nhop->rtnh_len >= sizeof *nhop &&
			    nhop->rtnh_len <= mlen) {
				if ((f = by_index(l, (unsigned)nhop->rtnh_ifindex))
				    != NULL)
					f->default_route = 1;
				mlen -= RTNH_ALIGN(nhop->rtnh_len);
				nhop = RTNH_NEXT(nhop);
			}
		}
	}
}

int
net_iface_collect(int linkfd, int addrfd, int routefd, struct net_iface **list,
    size_t *n, char *err, size_t errlen)
{
	struct nl_list	 l;

	memset(&l, 0, sizeof l);
	/* Links first: addresses and routes name them by index. */
	if (nl_read(linkfd, on_link, &l, err, errlen) != 0 ||
	    nl_read(addrfd, on_addr, &l, err, errlen) != 0 ||
	    nl_read(routefd, on_route, &l, err, errlen) != 0) {
		free(l.v);
		return (-1);
	}
	if (l.oom) {
		snprintf(err, errlen, "out of memory listing interfaces");
		free(l.v);
		return (-1);
	}
	*list = l.v;
	*n = l.n;
	return (0);
}

int
net_iface_list(struct net_iface **list, size_t *n, char *err, size_t errlen)
{
	int	 fl, fa, fr, rc = -1, tries;

	for (tries = 0; tries < NL_DUMP_TRIES; tries++) {
		fl = nl_request(RTM_GETLINK, AF_UNSPEC, err, errlen);
		fa = fl == -1 ? -1 : nl_request(RTM_GETADDR, AF_INET, err,
		    errlen);
		fr = fa == -1 ? -1 : nl_request(RTM_GETROUTE, AF_INET, err,
		    errlen);
		if (fr != -1)
			rc = net_iface_collect(fl, fa, fr, list, n, err, errlen);
		if (fl != -1)
			close(fl);
		if (fa != -1)
			close(fa);
		if (fr != -1)
			close(fr);
		/* A link came or went mid-dump: the lists may be torn. */
		if (rc == 0 || fr == -1 || strstr(err, "interrupted") == NULL)
			break;
	}
	return (rc);
}

int
net_iface_get(const char *name, struct net_iface *out, char *err,
    size_t errlen)
{
	struct net_iface	*v;
	size_t			 n, i;

	if (net_iface_list(&v, &n, err, errlen) != 0)
		return (-1);
	for (i = 0; i < n; i++) {
		if (strcmp(v[i].name, name) == 0) {
			*out = v[i];
			free(v);
			return (0);
		}
	}
	free(v);
	snprintf(err, errlen, "no such interface: %s", name);
	return (-1);
}

int
net_iface_has_addr(const struct net_iface *f, uint32_t addr)
{
	size_t	 i;

	for (i = 0; i < f->naddrs; i++) {
		if (f->addrs[i].addr == addr)
			return (1);
	}
	return (0);
}

/* Send one change request and wait for the kernel's acknowledgement. */
static int
nl_change(struct nlmsghdr *nh, char *err, size_t errlen)
{
	struct sockaddr_nl	 sa;
	char			 buf[1024];
	struct nlmsghdr		*r;
	const struct nlmsgerr	*e;
	ssize_t			 n;
	int			 fd, rc = -1;

	if ((fd = nl_open(0, err, errlen)) == -1)
		return (-1);
	nh->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	nh->nlmsg_seq = 1;
	memset(&sa, 0, sizeof sa);
	sa.nl_family = AF_NETLINK;
	if (sendto(fd, nh, nh->nlmsg_len, 0, (struct sockaddr *)&sa,
	    sizeof sa) == -1) {
		snprintf(err, errlen, "netlink send: %s", strerror(errno));
		goto out;
	}
	for (;;) {
		if ((n = recv(fd, buf, sizeof buf, 0)) == -1) {
			if (errno == EINTR)
				continue;
			snprintf(err, errlen, "netlink recv: %s", strerror(errno));
			goto out;
		}
		for (r = (struct nlmsghdr *)(void *)buf; NLMSG_OK(r, (size_t)n);
		    r = NLMSG_NEXT(r, n)) {
			if (r->nlmsg_type != NLMSG_ERROR)
				continue;
			e = NLMSG_DATA(r);
			if (e->error == 0)
				rc = 0;
			else
				snprintf(err, errlen, "%s", strerror(-e->error));
			goto out;
		}
	}
out:
	close(fd);
	return (rc);
}

/* RTM_NEWADDR / RTM_DELADDR for addr/plen on ifindex. */
static int
addr_change(int type, int flags, unsigned ifindex, uint32_t addr,
    unsigned plen, char *err, size_t errlen)
{
	struct {
		struct nlmsghdr	 nh;
		struct ifaddrmsg ifa;
		char		 attrs[64];
	} req;
	struct rtattr	*a;
	uint32_t	 bcast;

	memset(&req, 0, sizeof req);
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof req.ifa);
	req.nh.nlmsg_type = (uint16_t)type;
	req.nh.nlmsg_flags = (uint16_t)flags;
	req.ifa.ifa_family = AF_INET;
	req.ifa.ifa_prefixlen = (unsigned char)plen;
	req.ifa.ifa_index = ifindex;
	req.ifa.ifa_scope = RT_SCOPE_UNIVERSE;

	a = (struct rtattr *)(void *)((char *)&req + NLMSG_ALIGN(req.nh.nlmsg_len));
	a->rta_type = IFA_LOCAL;
	a->rta_len = RTA_LENGTH(4);
	memcpy(RTA_DATA(a), &addr, 4);
	req.nh.nlmsg_len = NLMSG_ALIGN(req.nh.nlmsg_len) + RTA_ALIGN(a->rta_len);

	a = (struct rtattr *)(void *)((char *)&req + NLMSG_ALIGN(req.nh.nlmsg_len));
	a->rta_type = IFA_ADDRESS;
	a->rta_len = RTA_LENGTH(4);
	memcpy(RTA_DATA(a), &addr, 4);
	req.nh.nlmsg_len = NLMSG_ALIGN(req.nh.nlmsg_len) + RTA_ALIGN(a->rta_len);

	if (type == RTM_NEWADDR && plen < 31) {
		bcast = addr | htonl(plen == 0 ? 0xffffffffU :
		    (0xffffffffU >> plen));
		a = (struct rtattr *)(void *)((char *)&req +
		    NLMSG_ALIGN(req.nh.nlmsg_len));
		a->rta_type = IFA_BROADCAST;
		a->rta_len = RTA_LENGTH(4);
		memcpy(RTA_DATA(a), &bcast, 4);
		req.nh.nlmsg_len = NLMSG_ALIGN(req.nh.nlmsg_len) +
		    RTA_ALIGN(a->rta_len);
	}
	return (nl_change(&req.nh, err, errlen));
}

int
net_addr_add(unsigned ifindex, uint32_t addr, unsigned plen, char *err,
    size_t errlen)
{
	return (addr_change(RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, ifindex,
	    addr, plen, err, errlen));
}

int
net_addr_del(unsigned ifindex, uint32_t addr, unsigned plen, char *err,
    size_t errlen)
{
	return (addr_change(RTM_DELADDR, 0, ifindex, addr, plen, err, errlen));
}

int
net_link_set_up(unsigned ifindex, int up, char *err, size_t errlen)
{
	struct {
		struct nlmsghdr		 nh;
		struct ifinfomsg	 ifi;
	} req;

	memset(&req, 0, sizeof req);
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof req.ifi);
	req.nh.nlmsg_type = RTM_NEWLINK;
	req.ifi.ifi_family = AF_UNSPEC;
	req.ifi.ifi_index = (int)ifindex;
	req.ifi.ifi_change = IFF_UP;
	req.ifi.ifi_flags = up ? IFF_UP : 0;
	return (nl_change(&req.nh, err, errlen));
}

int
net_link_watch_open(char *err, size_t errlen)
{
	int			 fd, g;
	static const int	 groups[] = { RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR };
	size_t			 i;

	if ((fd = nl_open(SOCK_NONBLOCK, err, errlen)) == -1)
		return (-1);
	for (i = 0; i < sizeof groups / sizeof groups[0]; i++) {
		g = groups[i];
		if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &g,
		    sizeof g) == -1)
			goto fail;
	}
	return (fd);
fail:
	snprintf(err, errlen, "netlink link watch: %s", strerror(errno));
	close(fd);
	return (-1);
}

/* Does this RTM_DELADDR take addr off ifindex? */
static int
watch_addr_gone(const struct nlmsghdr *nh, unsigned ifindex, uint32_t addr)
{
	const struct ifaddrmsg	*ifa = NLMSG_DATA(nh);
	const struct rtattr	*a;
	size_t			 left;
	uint32_t		 v;

	if (nh->nlmsg_len < NLMSG_LENGTH(sizeof *ifa) ||
	    ifa->ifa_family != AF_INET || ifa->ifa_index != ifindex)
		return (0);
	left = nh->nlmsg_len - NLMSG_LENGTH(sizeof *ifa);
	for (a = (const struct rtattr *)(const void *)((const char *)ifa +
	    NLMSG_ALIGN(sizeof *ifa)); RTA_OK(a, left); a = RTA_NEXT(a, left)) {
		if ((a->rta_type == IFA_LOCAL || a->rta_type == IFA_ADDRESS) &&
		    RTA_PAYLOAD(a) >= 4) {
			memcpy(&v, RTA_DATA(a), 4);
			if (v == addr)
				return (1);
		}
	}
	return (0);
}

int
net_link_watch_read(int fd, unsigned ifindex, uint32_t addr, int *carrier,
    void (*changed)(int, void *), void *arg)
{
	union {
		struct nlmsghdr	 nh;
		char		 buf[8192];
	} u;
	const struct nlmsghdr	*nh;
	const struct ifinfomsg	*ifi;
	ssize_t			 n;
	size_t			 left;
	int			 now;

	for (;;) {
		if ((n = recv(fd, u.buf, sizeof u.buf, 0)) == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return (0);
			return (-1);
		}
		if (n == 0)
			return (0);
		left = (size_t)n;
		for (nh = &u.nh; NLMSG_OK(nh, left); nh = NLMSG_NEXT(nh, left)) {
			switch (nh->nlmsg_type) {
			case RTM_NEWLINK:
			case RTM_DELLINK:
				if (nh->nlmsg_len < NLMSG_LENGTH(sizeof *ifi))
					break;
				ifi = NLMSG_DATA(nh);
				if ((unsigned)ifi->ifi_index != ifindex)
					break;
				now = nh->nlmsg_type == RTM_NEWLINK &&
				    (ifi->ifi_flags & IFF_UP) != 0 &&
				    (ifi->ifi_flags & IFF_LOWER_UP) != 0;
				if (*carrier != -1 && now != *carrier) {
					*carrier = now;
					changed(now ? NET_LINK_UP :
					    NET_LINK_DOWN, arg);
				}
				*carrier = now;
				break;
			case RTM_DELADDR:
				if (addr != 0 &&
				    watch_addr_gone(nh, ifindex, addr))
					changed(NET_LINK_ADDR_GONE, arg);
				break;
			default:
				break;
			}
		}
	}
}
