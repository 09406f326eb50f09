/*
 * The interface list for the wizard's first step: names, link, addresses,
 * wireless, default route.  Read-only: it never changes an interface.
 */
#include "config.h"

#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netpacket/packet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "util.h"
#include "wizard.h"

/* Read a small /sys/class/net/IFACE/FILE value as a number; -1 if absent. */
static long long
sys_num(const char *ifname, const char *file)
{
	char	 path[256], buf[32];
	FILE	*f;
	long long v = -1;

	snprintf(path, sizeof path, "/sys/class/net/%s/%s", ifname, file);
	if ((f = fopen(path, "re")) == NULL)
		return (-1);
	if (fgets(buf, sizeof buf, f) != NULL)
		v = strtoll(buf, NULL, 10);
	fclose(f);
	return (v);
}

/* Does /proc/net/route hold a default route through ifname? */
static int
has_default_route(const char *ifname)
{
	char	 line[256], name[IF_NAMESIZE + 1];
	unsigned long dst, mask;
	FILE	*f;
	int	 found = 0;

	if ((f = fopen("/proc/net/route", "re")) == NULL)
		return (0);
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "%16s %lx %*x %*x %*d %*d %*d %lx", name, &dst,
		    &mask) != 3)
			continue;
		if (dst == 0 && mask == 0 && strcmp(name, ifname) == 0)
			found = 1;
	}
	fclose(f);
	return (found);
}

static struct wizard_iface *
find_or_add(struct wizard_iface *v, size_t *n, size_t max, const char *name)
{
	size_t	 i;

	for (i = 0; i < *n; i++) {
		if (strcmp(v[i].name, name) == 0)
			return (&v[i]);
	}
	if (*n == max)
		return (NULL);
	memset(&v[*n], 0, sizeof v[*n]);
	strlcpy(v[*n].name, name, sizeof v[*n].name);
	return (&v[(*n)++]);
}

size_t
wizard_list_ifaces(struct wizard_iface *v, size_t max)
{
	struct ifaddrs		*ifa, *it;
	struct wizard_iface	*w;
	struct stat		 st;
	char			 path[256], ip[INET_ADDRSTRLEN];
	size_t			 n = 0, i;
	long long		 speed;

	if (getifaddrs(&ifa) == -1)
		return (0);
	for (it = ifa; it != NULL; it = it->ifa_next) {
		if ((w = find_or_add(v, &n, max, it->ifa_name)) == NULL)
			break;
		w->up = (it->ifa_flags & IFF_UP) != 0;
		w->loopback = (it->ifa_flags & IFF_LOOPBACK) != 0;
		if (it->ifa_addr == NULL)
			continue;
		if (it->ifa_addr->sa_family == AF_INET && w->addr[0] == '\0') {
			const struct sockaddr_in *sin = (const void *)it->ifa_addr;
			const struct sockaddr_in *m = (const void *)it->ifa_netmask;
			util_ip_str(ip, sizeof ip, sin->sin_addr.s_addr);
			snprintf(w->addr, sizeof w->addr, "%s/%d", ip,
			    m != NULL ? __builtin_popcount(m->sin_addr.s_addr) : 32);
		} else if (it->ifa_addr->sa_family == AF_PACKET) {
			const struct sockaddr_ll *ll = (const void *)it->ifa_addr;
			if (ll->sll_halen == 6)
				util_mac_str(w->mac, sizeof w->mac, ll->sll_addr);
		}
	}
	freeifaddrs(ifa);
	for (i = 0; i < n; i++) {
		w = &v[i];
		w->carrier = sys_num(w->name, "carrier") == 1;
		speed = sys_num(w->name, "speed");
		w->speed_mbps = speed > 0 ? (uint64_t)speed : 0;
		snprintf(path, sizeof path, "/sys/class/net/%s/wireless", w->name);
		w->wireless = stat(path, &st) == 0;
		snprintf(path, sizeof path, "/sys/class/net/%s/phy80211", w->name);
		w->wireless |= stat(path, &st) == 0;
		w->default_route = has_default_route(w->name);
		if (w->loopback)
			w->carrier = 1;
	}
	return (n);
}
