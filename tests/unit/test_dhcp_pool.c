/* DHCP pool: allocation, stickiness, reservations, holds, lease file. */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "compat.h"
#include "dhcp/dhcp_pool.h"

#define A(x)	htonl(0xc612fa00U | (x))	/* 198.18.250.x */

static uint8_t	 macs[8][6];
static uint8_t	 keys[8][7];

static struct dhcp_pool *
pool(unsigned first, unsigned last)
{
	return (dhcp_pool_new(A(first), A(last), A(1), A(0), A(255)));
}

static struct dhcp_lease *
pick(struct dhcp_pool *p, int c, uint32_t req, uint64_t now)
{
	return (dhcp_pool_pick(p, keys[c], 7, macs[c], req, now));
}

static void
test_alloc(void)
{
	struct dhcp_pool	*p = pool(1, 254);
	struct dhcp_lease	*l;
	uint8_t			 other[3] = { 0xff, 1, 2 };

	ok(p != NULL && dhcp_pool_size(p) == 254, "pool over .1-.254");
	l = pick(p, 0, 0, 1000);
	ok(l != NULL && l->ip == A(2), "first client gets .2 (.1 is ours)");
	l->state = DHCP_LEASE_BOUND;
	l->expires = 1000 + 300000;
	l = pick(p, 1, 0, 1000);
	ok(l != NULL && l->ip == A(3), "second client gets .3");
	l = pick(p, 0, 0, 2000);
	ok(l != NULL && l->ip == A(2), "same key, same address");
	l = dhcp_pool_pick(p, other, sizeof other, macs[0], 0, 2000);
	ok(l != NULL && l->ip == A(2),
	    "same MAC with another client id, same address");
	l->state = DHCP_LEASE_BOUND;
	l->expires = 2000 + 300000;
	l = pick(p, 2, A(50), 2000);
	ok(l != NULL && l->ip == A(50), "requested address honoured when free");
	l = pick(p, 3, A(2), 2000);
	ok(l != NULL && l->ip != A(2), "requested address in use: another one");
	l = pick(p, 4, A(1), 2000);
	ok(l != NULL && l->ip != A(1), "our own address never handed out");
	ok(!dhcp_pool_ours(p, A(255)) && !dhcp_pool_ours(p, A(0)) &&
	    dhcp_pool_ours(p, A(7)), "broadcast and network are not ours");
	dhcp_pool_free(p);
}

static void
test_exhaustion_and_hold(void)
{
	struct dhcp_pool	*p = pool(10, 12);
	struct dhcp_lease	*l;
	uint64_t		 now = 5000;
	int			 i;

	for (i = 0; i < 3; i++) {
		l = pick(p, i, 0, now);
		ok(l != NULL && l->ip == A(10 + i), "client %d gets .%d", i,
		    10 + i);
		l->state = DHCP_LEASE_BOUND;
		l->expires = now + 60000;
	}
	ok(pick(p, 3, 0, now) == NULL, "fourth client: pool exhausted");
	/* Client 1 declines: .11 rests, nobody gets it until the hold ends. */
	l = dhcp_pool_find_ip(p, A(11));
	dhcp_pool_hold(l, now, 600000);
	ok(l->keylen == 0 && l->state == DHCP_LEASE_DECLINED,
	    "held address has no owner");
	ok(pick(p, 3, A(11), now) == NULL,
	    "held address not given even when asked for");
	/* Leases end: the least recently used free address is reused. */
	now += 70000;
	l = pick(p, 3, 0, now);
	ok(l != NULL && l->ip != A(11),
	    "after expiry: a free address, not the held one");
	now += 600000;
	l = pick(p, 5, A(11), now);
	ok(l != NULL && l->ip == A(11), "hold over: the address is back");
	dhcp_pool_free(p);
}

static void
test_static(void)
{
	struct dhcp_pool	*p = pool(10, 20);
	struct dhcp_lease	*l;

	is_int(dhcp_pool_add_static(p, macs[5], A(100)), 0,
	    "reservation outside the range");
	is_int(dhcp_pool_add_static(p, macs[6], A(100)), -1,
	    "double reservation refused");
	is_int(dhcp_pool_add_static(p, macs[6], A(1)), -1,
	    "reserving our address refused");
	l = pick(p, 5, 0, 0);
	ok(l != NULL && l->ip == A(100) && l->is_static,
	    "reserved MAC gets its address");
	l = pick(p, 0, A(100), 0);
	ok(l != NULL && l->ip != A(100), "others never get a reserved address");
	ok(dhcp_pool_claim(p, A(100), keys[1], 7, macs[1], 0) == NULL,
	    "nor claim it");
	dhcp_pool_free(p);
}

static void
test_lease_file(void)
{
	char			 dir[] = "/tmp/test_dhcp_poolXXXXXX";
	char			 path[256], err[512];
	char			 aside[300];
	struct dhcp_pool	*p, *q;
	struct dhcp_lease	*l;
	FILE			*f;
	uint64_t		 wall = 1790000000000ULL;

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	snprintf(path, sizeof path, "%s/leases", dir);
	snprintf(aside, sizeof aside, "%s.corrupt", path);
	p = pool(2, 200);
	is_int(dhcp_pool_load(p, path, 0, wall, err, sizeof err), 0,
	    "a missing lease file is an empty one");
	l = pick(p, 0, 0, 1000);
	l->state = DHCP_LEASE_BOUND;
	l->expires = 1000 + 300000;
	strlcpy(l->model, "7970", sizeof l->model);
	/* Offered only: remembered, not bound. */
	l = pick(p, 1, A(77), 1000);
	l->state = DHCP_LEASE_OFFERED;
	is_int(dhcp_pool_save(p, path, 1000, wall, err, sizeof err), 0,
	    "saved");
	ok(access(path, F_OK) == 0 && access(path, F_OK) == 0, "file in place");
	dhcp_pool_free(p);

	/* A restart 100 s later (another monotonic clock). */
	q = pool(2, 200);
	is_int(dhcp_pool_load(q, path, 50, wall + 100000, err, sizeof err), 0,
	    "reloaded");
	is_int(dhcp_pool_count(q), 2, "two clients remembered");
	l = dhcp_pool_find_key(q, keys[0], 7);
	ok(l != NULL && l->ip == A(2) && l->state == DHCP_LEASE_BOUND &&
	    l->expires == 50 + 200000 && strcmp(l->model, "7970") == 0,
	    "bound lease back with its remaining 200 s and model");
	l = pick(q, 1, 0, 60);
	ok(l != NULL && l->ip == A(77),
	    "same MAC, same address after a restart");
	dhcp_pool_free(q);

	/* A narrower pool drops what it no longer covers, quietly. */
	q = pool(50, 100);
	is_int(dhcp_pool_load(q, path, 0, wall, err, sizeof err), 0,
	    "reload into a changed pool");
	is_int(dhcp_pool_count(q), 1, "out-of-range lease forgotten");
	dhcp_pool_free(q);

	/* Corruption: reported, set aside, never a crash. */
	f = fopen(path, "a");
	fputs("198.18.250.9 zz:zz 01 5 -\n", f);
	fclose(f);
	q = pool(2, 200);
	is_int(dhcp_pool_load(q, path, 0, wall, err, sizeof err), 1,
	    "corrupt file reported");
	ok(strstr(err, "corrupt") != NULL && strstr(err, "line 4") != NULL,
	    "message names the line: %s", err);
	ok(access(path, F_OK) != 0 && access(aside, F_OK) == 0,
	    "set aside as .corrupt");
	is_int(dhcp_pool_count(q), 0, "nothing half-loaded");
	ok(pick(q, 0, 0, 0) != NULL, "pool still works");
	dhcp_pool_free(q);

	f = fopen(path, "w");
	fwrite("\x01\x02\xff garbage\n\0\0\0", 1, 14, f);
	fclose(f);
	q = pool(2, 200);
	is_int(dhcp_pool_load(q, path, 0, wall, err, sizeof err), 1,
	    "binary garbage reported");
	dhcp_pool_free(q);
	f = fopen(path, "w");
	fputs("198.18.250.9 00:11:22:33:44:55 01 0 -\n"
	    "198.18.250.9 00:11:22:33:44:56 02 0 -\n", f);
	fclose(f);
	q = pool(2, 200);
	is_int(dhcp_pool_load(q, path, 0, wall, err, sizeof err), 1,
	    "one address twice: corrupt");
	dhcp_pool_free(q);
	unlink(path);
	unlink(aside);
	rmdir(dir);
}

int
main(void)
{
	int	 i;

	for (i = 0; i < 8; i++) {
		memcpy(macs[i], "\x00\x1b\xd4\x00\x00", 5);
		macs[i][5] = (uint8_t)(i + 1);
		keys[i][0] = 1;
		memcpy(keys[i] + 1, macs[i], 6);
	}
	plan(39);
	test_alloc();
	test_exhaustion_and_hold();
	test_static();
	test_lease_file();
	return (done_testing());
}
