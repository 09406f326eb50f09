/*
 * Fuzz the lease-file loader (and the state-file parser): whatever a
 * crash, a full disk or a person left in the file, loading either takes
 * it whole or reports it corrupt and leaves the pool empty, and the pool
 * keeps working afterwards.  The file lives on /dev/shm (tmpfs) when
 * there is one, so that the disk's file system is not what we time.
 */
#include "config.h"

#include <sys/stat.h>

#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dhcp/dhcp_pool.h"
#include "net/net.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static char		 path[64];
	struct dhcp_pool	*p;
	struct net_state	 st;
	char			 err[512], aside[80], *text;
	FILE			*f;
	size_t			 i, n;
	uint8_t			 mac[6] = { 2, 0, 0, 0, 0, 1 }, key[7] = { 1 };
	int			 rc;

	if (path[0] == '\0') {
		const char	*dir = "/dev/shm";
		struct stat	 sb;

		if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode) ||
		    access(dir, W_OK) != 0)
			dir = "/tmp";
		snprintf(path, sizeof path, "%s/fuzz_dhcp_leases.%ld", dir,
		    (long)getpid());
	}
	snprintf(aside, sizeof aside, "%s.corrupt", path);
	if ((f = fopen(path, "wb")) == NULL)
		return (0);
	fwrite(data, 1, len, f);
	fclose(f);
	p = dhcp_pool_new(htonl(0xc612fa02), htonl(0xc612fafe),
	    htonl(0xc612fa01), htonl(0xc612fa00), htonl(0xc612faff));
	if (p == NULL)
		abort();
	(void)dhcp_pool_add_static(p, mac, htonl(0xc612fa64));
	rc = dhcp_pool_load(p, path, 1000, 1790000000000ULL, err, sizeof err);
	if (rc == 1 && dhcp_pool_count(p) != 1)
		abort();	/* corrupt: only the reservation may remain */
	n = dhcp_pool_count(p);
	for (i = 0; i < n; i++) {
		const struct dhcp_lease *l = dhcp_pool_at(p, i);
		if (!dhcp_pool_ours(p, l->ip) || l->keylen > DHCP_KEY_LEN)
			abort();
	}
	memcpy(key + 1, "\x02\x00\x00\x00\x00\x07", 6);
	if (n < dhcp_pool_size(p) &&
	    dhcp_pool_pick(p, key, sizeof key, key + 1, 0, 2000) == NULL)
		abort();	/* room left, yet nothing to give */
	dhcp_pool_free(p);
	unlink(path);
	unlink(aside);

	/* The same bytes as a state file. */
	if ((text = malloc(len + 1)) == NULL)
		return (0);
	memcpy(text, data, len);
	text[len] = '\0';
	if (net_state_parse(text, &st) == 0 &&
	    (st.ifname[0] == '\0' || strchr(st.ifname, '/') != NULL ||
	    st.pid <= 0))
		abort();
	free(text);
	return (0);
}
