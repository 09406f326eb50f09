/*
 * Unit tests for src/site: dnsmasq's and Kea's lease lines as the real
 * servers write them (dnsmasq 2.90, Kea 2.2 memfile), malformed lines,
 * and a followed file that grows, is rewritten, and is moved aside and
 * made anew (Kea's LFC).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "site/site_follow.h"
#include "site/site_lease.h"
#include "util.h"
#include "../tap.h"

#define L(s)	(s), strlen(s)

static void
test_dnsmasq(void)
{
	struct site_lease	 l;
	char			 ip[16], mac[18];

	is_int(site_dnsmasq_line(L("1764640000 00:1b:d4:70:70:05 198.18.7.57 "
	    "SEP001BD4707005 01:00:1b:d4:70:70:05"), &l), 1, "a lease");
	util_ip_str(ip, sizeof ip, l.ip);
	util_mac_str(mac, sizeof mac, l.mac);
	is_str(ip, "198.18.7.57", "its address");
	is_str(mac, "00:1b:d4:70:70:05", "its MAC");
	is_str(l.hostname, "SEP001BD4707005", "its hostname");
	ok(l.expiry == 1764640000 && !l.gone, "its expiry");
	is_int(site_dnsmasq_line(L("0 00:1b:d4:70:70:05 198.18.7.57 * *"), &l),
	    1, "infinite lease, no hostname, no client id");
	ok(l.expiry == 0 && l.hostname[0] == '\0', "none said");
	is_int(site_dnsmasq_line(L("duid 00:01:00:01:2c:aa:bb:cc:00:1b:d4:70:"
	    "70:05"), &l), -1, "a duid line alone is two fields");
	is_int(site_dnsmasq_line(L("1764640000 1234 2001:db8::5 host "
	    "00:01:00:01"), &l), 0, "a DHCPv6 lease: none of ours");
	is_int(site_dnsmasq_line(L(""), &l), 0, "blank");
	is_int(site_dnsmasq_line(L("1764640000 00:1b:d4:70:70:05 198.18.7.57 "
	    "h"), &l), -1, "four fields");
	is_int(site_dnsmasq_line(L("1764640000 00:1b:d4:70:70:05 198.18.7.57 "
	    "h * extra"), &l), -1, "six fields");
	is_int(site_dnsmasq_line(L("17x 00:1b:d4:70:70:05 198.18.7.57 h *"),
	    &l), -1, "expiry not a number");
	is_int(site_dnsmasq_line(L("1 06-00:1b:d4:70:70:05 198.18.7.57 h *"),
	    &l), -1, "a typed hardware address");
	is_int(site_dnsmasq_line(L("1 00:1b:d4:70:70:05 198.18.7.257 h *"),
	    &l), -1, "not an address");
	is_int(site_dnsmasq_line("1 00:1b:d4:70:70:05 198.18.7.5 h\0 *", 33,
	    &l), -1, "a NUL inside");
	is_int(site_dnsmasq_line(L("1 00:1b:d4:70:70:05 198.18.7.5 h\x1b[2J *"),
	    &l), 1, "control bytes in a hostname...");
	ok(strchr(l.hostname, 0x1b) == NULL, "...are sanitised (%s)",
	    l.hostname);
}

static const char kea_header[] = "address,hwaddr,client_id,valid_lifetime,"
    "expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context";

static void
test_kea(void)
{
	struct site_kea		 k;
	struct site_lease	 l;
	char			 ip[16], mac[18];

	site_kea_init(&k);
	is_int(site_kea_line(&k, L("198.18.7.100,00:1b:d4:70:70:06,,300,"
	    "1764640300,1,0,0,,0,"), &l), -1, "a row before the header");
	is_int(site_kea_line(&k, L(kea_header), &l), 0, "the header");
	is_int(site_kea_line(&k, L("198.18.7.100,00:1b:d4:70:70:06,01:00:1b:"
	    "d4:70:70:06,300,1764640300,1,0,0,SEP001BD4707006,0,"), &l), 1,
	    "a row");
	util_ip_str(ip, sizeof ip, l.ip);
	util_mac_str(mac, sizeof mac, l.mac);
	is_str(ip, "198.18.7.100", "address");
	is_str(mac, "00:1b:d4:70:70:06", "hwaddr");
	ok(l.lifetime == 300 && l.expiry == 1764640300 && !l.gone,
	    "lifetime and expire");
	is_str(l.hostname, "SEP001BD4707006", "hostname");
	is_int(site_kea_line(&k, L("198.18.7.100,00:1b:d4:70:70:06,,0,"
	    "1764640000,1,0,0,,0,"), &l), 1, "a release...");
	ok(l.gone, "...is gone (valid_lifetime 0)");
	is_int(site_kea_line(&k, L("198.18.7.100,00:1b:d4:70:70:06,,300,"
	    "1764640300,1,0,0,,2,"), &l), 1, "reclaimed...");
	ok(l.gone, "...is gone (state 2)");
	is_int(site_kea_line(&k, L("198.18.7.100,00:1b:d4:70:70:06,,300,"
	    "1764640300,1,0,0,,0,,0"), &l), 1, "a later Kea's pool_id column");
	is_int(site_kea_line(&k, L("198.18.7.100,00:1b:d4:70:70:06,,300"), &l),
	    -1, "a short row");
	is_int(site_kea_line(&k, L("198.18.7.100,,,300,1764640300,1,0,0,,0,"),
	    &l), -1, "no hwaddr");
	is_int(site_kea_line(&k, L("198.18.7.100,00:1b:d4:70:70:06,,3x0,"
	    "1764640300,1,0,0,,0,"), &l), -1, "bad lifetime");
	is_int(site_kea_line(&k, L("host,00:1b:d4:70:70:06,,300,1764640300,1,"
	    "0,0,,0,"), &l), -1, "bad address");
	is_int(site_kea_line(&k, L("hwaddr,address,valid_lifetime"), &l), -1,
	    "a header that does not start with address is a bad row");
	/* Columns by name: another order. */
	is_int(site_kea_line(&k, L("address,state,hwaddr"), &l), 0,
	    "a header in another order");
	is_int(site_kea_line(&k, L("198.18.7.9,0,00:1b:d4:70:70:09"), &l), 1,
	    "read by its names");
	util_mac_str(mac, sizeof mac, l.mac);
	is_str(mac, "00:1b:d4:70:70:09", "hwaddr from the third column");
	is_int(site_kea_line(&k, L("address,client_id"), &l), -1,
	    "a header without hwaddr");
}

static void
test_hook(void)
{
	struct site_lease	 l;
	char			 mac[18];

	is_int(site_hook_msg(L("phonerescue-lease 1\naction=add\nmac=00:1b:"
	    "d4:70:70:05\nip=198.18.7.57\nexpires=1764640000\nlifetime=300\n"
	    "hostname=SEP001BD4707005\nvendor_class=Cisco Systems, Inc. IP "
	    "Phone CP-7970G\nfuture=1\n"), &l), 1, "an add");
	util_mac_str(mac, sizeof mac, l.mac);
	is_str(mac, "00:1b:d4:70:70:05", "its MAC");
	is_str(l.vendor_class, "Cisco Systems, Inc. IP Phone CP-7970G",
	    "its vendor class");
	ok(l.expiry == 1764640000 && l.lifetime == 300 && !l.gone,
	    "expiry and lifetime");
	is_int(site_hook_msg(L("phonerescue-lease 1\naction=del\nmac=00:1b:"
	    "d4:70:70:05\nip=198.18.7.57"), &l), 1, "a del...");
	ok(l.gone, "...is gone");
	is_int(site_hook_msg(L("phonerescue-lease 1\naction=tftp\nmac=x"), &l),
	    0, "another action");
	is_int(site_hook_msg(L("phonerescue-lease 2\naction=add\nmac=00:1b:"
	    "d4:70:70:05\nip=198.18.7.57"), &l), -1, "another version");
	is_int(site_hook_msg(L("phonerescue-lease 1\nmac=00:1b:d4:70:70:05\n"
	    "ip=198.18.7.57"), &l), -1, "no action");
	is_int(site_hook_msg(L("phonerescue-lease 1\naction=add\nip=198.18."
	    "7.57"), &l), -1, "no MAC");
	is_int(site_hook_msg(L("phonerescue-lease 1\naction=add\nnoequals"),
	    &l), -1, "a line without =");
	is_int(site_hook_msg(L(""), &l), -1, "empty");
}

struct got {
	int	 n;
	char	 last[18];
	uint32_t ip;
};

static void
count(const struct site_lease *l, void *arg)
{
	struct got	*g = arg;

	g->n++;
	g->ip = l->ip;
	util_mac_str(g->last, sizeof g->last, l->mac);
}

static void
put(const char *path, const char *mode, const char *text)
{
	FILE	*f = fopen(path, mode);

	if (f == NULL || fputs(text, f) < 0 || fclose(f) != 0)
		abort();
}

static void
test_follow(void)
{
	struct site_follow	*f = calloc(1, sizeof *f);
	struct got		 g = { 0, "", 0 };
	char			 dir[] = "/tmp/test_site.XXXXXX", spec[80];
	char			 path[64], aside[72], err[128];

	if (f == NULL || mkdtemp(dir) == NULL)
		abort();
	snprintf(path, sizeof path, "%s/kea-leases4.csv", dir);
	snprintf(aside, sizeof aside, "%s.2", path);
	ok(site_follow_init(f, "bind:/x", NULL, err, sizeof err) != 0,
	    "an unknown server refused (%s)", err);
	ok(site_follow_init(f, "kea:", NULL, err, sizeof err) != 0, "no file");
	snprintf(spec, sizeof spec, "kea:%s", path);
	is_int(site_follow_init(f, spec, NULL, err, sizeof err), 0, "kea:FILE");
	is_str(site_follow_base(f), "kea-leases4.csv", "its name");
	is_int(site_follow_read(f, 1000, count, &g), 0, "no file yet: fine");
	put(path, "w", "address,hwaddr,client_id,valid_lifetime,expire,"
	    "subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context\n"
	    "198.18.7.100,00:1b:d4:70:70:06,,300,2000,1,0,0,,0,\n"
	    "198.18.7.101,00:1b:d4:70:70:07,,300,900,1,0,0,,0,\n"
	    "198.18.7.102,00:1b:d4:70:70:08,,300,2000,1,0,0,,0,\n"
	    "198.18.7.103,00:1b:d4:70:70:08,,300,2000,1,0,0,,0,\n"
	    "198.18.7.104,00:1b:d4:70:70:09,,300,20");
	site_follow_read(f, 1000, count, &g);
	is_int(g.n, 3, "two leases and a move, not the expired one nor "
	    "the half-written line");
	put(path, "a", "00,1,0,0,,0,\nnot,a,row\n");
	site_follow_read(f, 1000, count, &g);
	is_int(g.n, 4, "the line finished later");
	is_str(g.last, "00:1b:d4:70:70:09", "is the one handed on");
	ok(f->bad == 1, "the malformed line counted");
	site_follow_read(f, 1000, count, &g);
	is_int(g.n, 4, "nothing new, nothing handed on");
	put(path, "a", "198.18.7.100,00:1b:d4:70:70:06,,300,2300,1,0,0,,0,\n");
	site_follow_read(f, 1000, count, &g);
	is_int(g.n, 5, "a renewal is news");
	/* LFC: the file moves aside, a new one starts with the header. */
	ok(rename(path, aside) == 0, "moved aside");
	put(path, "w", "address,hwaddr,client_id,valid_lifetime,expire,"
	    "subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context\n"
	    "198.18.7.100,00:1b:d4:70:70:06,,300,2300,1,0,0,,0,\n"
	    "198.18.7.110,00:1b:d4:70:70:10,,300,2300,1,0,0,,0,\n");
	site_follow_read(f, 1000, count, &g);
	is_int(g.n, 6, "the new file read from its header: only the new "
	    "lease handed on");
	ok(f->reopened == 1, "a new file noticed");
	is_str(g.last, "00:1b:d4:70:70:10", "the new lease");
	unlink(aside);
	unlink(path);

	/* dnsmasq rewrites its file in place, shorter or longer. */
	snprintf(path, sizeof path, "%s/dnsmasq.leases", dir);
	snprintf(spec, sizeof spec, "dnsmasq:%s", path);
	is_int(site_follow_init(f, spec, NULL, err, sizeof err), 0, "dnsmasq:FILE");
	g.n = 0;
	put(path, "w", "2000 00:1b:d4:70:70:05 198.18.7.57 SEP001BD4707005 *\n"
	    "0 00:1b:d4:42:42:05 198.18.7.58 * *\n");
	site_follow_read(f, 1000, count, &g);
	is_int(g.n, 2, "two dnsmasq leases");
	put(path, "w", "2000 00:1b:d4:42:42:05 198.18.7.59 * *\n");
	site_follow_read(f, 1000, count, &g);
	is_int(g.n, 3, "rewritten shorter: the changed lease only");
	ok(g.ip == htonl(0xc612073b), "at its new address");
	unlink(path);
	rmdir(dir);
	is_int(site_follow_init(f, "dnsmasq-hook", "/run/x.sock", err,
	    sizeof err), 0, "dnsmasq-hook alone...");
	ok(f->kind == SITE_HOOK && strcmp(f->path, "/run/x.sock") == 0,
	    "...takes the default socket");
	is_int(site_follow_init(f, "dnsmasq-hook:/tmp/s", "/run/x.sock", err,
	    sizeof err), 0, "dnsmasq-hook:SOCKET");
	is_str(f->path, "/tmp/s", "its socket");
	free(f);
}

int
main(void)
{
	test_dnsmasq();
	test_kea();
	test_hook();
	test_follow();
	return (done_testing());
}
