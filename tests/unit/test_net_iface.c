/* Interface enumeration over rtnetlink, against the loopback every host has. */
#include "config.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "../tap.h"
#include "net/net.h"

int
main(void)
{
	struct net_iface	*v, lo;
	size_t			 n, i;
	char			 err[256];
	int			 found = 0;

	plan(7);
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
	return (done_testing());
}
