/*
 * Who else configures an interface (issue 19), the parts that read files:
 * systemd-networkd's link state files, the DHCP clients' command lines
 * and the /proc scan, against the fixtures in tests/data/netmgr/ (links/
 * as systemd 252 writes them, proc/ a made-up process tree); and the
 * state file's NetworkManager record (net_state.c): formatted, parsed,
 * kept when the address part is written or removed, and the reverse.
 */
#include "config.h"

#include <sys/stat.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tap.h"
#include "compat.h"
#include "net/net.h"
#include "net/netmgr.h"

static char	 data[1024];

/* cmdline: arguments separated by '|', as /proc has them with NULs. */
static int
client(const char *line, const char *ifname, char *name, int *all)
{
	char	 buf[1024];
	size_t	 i, n = strlen(line);

	for (i = 0; i < n; i++)
		buf[i] = line[i] == '|' ? '\0' : line[i];
	buf[n] = '\0';
	return (netmgr_cmdline_client(buf, n + 1, ifname, name, 16, all));
}

static void
test_networkd(void)
{
	struct netmgr_networkd	 nd;
	char			 dir[1100];

	snprintf(dir, sizeof dir, "%s/links", data);
	is_int(netmgr_networkd_read(dir, 2, &nd), 1, "links/2 read");
	is_int(nd.managed, 1, "configured: managed");
	is_str(nd.admin_state, "configured", "its ADMIN_STATE");
	is_str(nd.network_file, "/etc/systemd/network/20-wired.network",
	    "its NETWORK_FILE");
	is_int(netmgr_networkd_read(dir, 3, &nd), 1, "links/3 read");
	is_int(nd.managed, 0, "unmanaged: not managed");
	is_str(nd.network_file, "", "no NETWORK_FILE");
	is_int(netmgr_networkd_read(dir, 4, &nd), 1, "links/4 read");
	is_int(nd.managed, 1, "configuring (DHCP pending): managed");
	is_int(netmgr_networkd_read(dir, 5, &nd), 0,
	    "no ADMIN_STATE: not read");
	is_int(nd.managed, 0, "and not managed");
	is_int(netmgr_networkd_read(dir, 6, &nd), 1, "links/6 read");
	is_int(nd.managed, 0, "linger (the link is gone): not managed");
	is_int(netmgr_networkd_read(dir, 9, &nd), 0, "no file: not read");
	is_int(netmgr_networkd_parse("ADMIN_STATE=configured", &nd), 0,
	    "no final newline");
	is_int(nd.managed, 1, "still managed");
	is_int(netmgr_networkd_parse("ADMIN_STATE=configuredxxxxxxxxxxxxxxxxxx"
	    "\n", &nd), -1, "an overlong state is refused");
}

static void
test_cmdline(void)
{
	char	 name[16];
	int	 all;

	ok(client("/sbin/dhclient|-v|eth1", "eth1", name, &all) && !all,
	    "dhclient eth1: on eth1");
	is_str(name, "dhclient", "named dhclient");
	ok(!client("/sbin/dhclient|-v|eth1", "eth0", name, &all),
	    "dhclient eth1: not on eth0");
	ok(!client("dhclient|-pf|eth0|eth1", "eth0", name, &all),
	    "-pf's value is no interface");
	ok(client("dhclient|-pf|/run/x.pid", "eth0", name, &all) && all,
	    "dhclient naming none: every interface");
	ok(client("dhcpcd|-b|-q", "enp3s0", name, &all) && all,
	    "dhcpcd naming none: every interface");
	is_str(name, "dhcpcd", "named dhcpcd");
	ok(client("dhcpcd|-h|myhost|enp3s0", "enp3s0", name, &all) && !all,
	    "dhcpcd -h HOST enp3s0: on enp3s0");
	ok(!client("dhcpcd|-h|enp3s0|eth9", "enp3s0", name, &all),
	    "dhcpcd's -h value is no interface");
	ok(client("udhcpc|-f|-i|usb0", "usb0", name, &all),
	    "udhcpc -i usb0");
	is_str(name, "udhcpc", "named udhcpc");
	ok(client("busybox|udhcpc|-iusb0", "usb0", name, &all),
	    "busybox udhcpc -iusb0");
	ok(client("udhcpc|--interface=usb0", "usb0", name, &all),
	    "udhcpc --interface=usb0");
	ok(!client("udhcpc|--interface|usb1", "usb0", name, &all),
	    "udhcpc --interface usb1: not on usb0");
	ok(client("udhcpc|-f", "eth0", name, &all) &&
	    !client("udhcpc|-f", "usb0", name, &all),
	    "udhcpc without -i: eth0 only");
	ok(client("dhcpcd: [manager] [ip4] [ip6]", "enp3s0", name, &all) &&
	    all, "dhcpcd 9's manager title: every interface");
	is_str(name, "dhcpcd", "named dhcpcd");
	ok(client("dhcpcd: enp3s0 [ip4]", "enp3s0", name, &all) && !all,
	    "dhcpcd 9's title naming enp3s0: on it");
	ok(!client("dhcpcd: enp3s0 [ip4]", "enp3s", name, &all),
	    "not on a prefix of that name");
	ok(!client("dhcpcd: [privileged proxy]", "proxy", name, &all),
	    "a privsep helper's title names no interface");
	ok(!client("dhcpcd: [BPF ARP] eth9 198.18.0.9", "eth1", name, &all),
	    "a helper for another interface");
	ok(!client("vim|eth1", "eth1", name, &all), "vim eth1: no client");
	ok(!client("/usr/bin/dhclient-script", "eth1", name, &all),
	    "dhclient-script: no client");
	ok(!client("", "eth1", name, &all), "an empty command line");
	/* A truncated read: the last argument has no NUL. */
	ok(!netmgr_cmdline_client("dhclient\0eth", 12, "eth", name, 16, &all)
	    || all, "a truncated last argument is not taken as a name");
}

static void
test_scan(void)
{
	struct netmgr_procs	 ps;
	char			 dir[1100];

	snprintf(dir, sizeof dir, "%s/proc", data);
	netmgr_proc_scan(dir, "eth1", &ps);
	is_int(ps.client_pid, 100, "eth1: dhclient 100 (it names eth1)");
	is_int(ps.client_all, 0, "which names it");
	is_int(ps.networkd, 1, "systemd-networkd seen");
	netmgr_proc_scan(dir, "wlan0", &ps);
	is_int(ps.client_pid, 104, "wlan0: NetworkManager's dhclient "
	    "skipped, dhcpcd 104 (all) found");
	is_int(ps.client_all, 1, "on every interface");
	is_str(ps.client, "dhcpcd", "named");
	netmgr_proc_scan(dir, "usb0", &ps);
	is_int(ps.client_pid, 201, "usb0: udhcpc 201 (a comm with parentheses)");
	netmgr_proc_scan("/nonexistent", "eth1", &ps);
	is_int(ps.client_pid, 0, "no proc directory: nothing");
}

static void
test_state(void)
{
	struct net_state	 st, back;
	char			 text[512], dir[] = "/tmp/test_netmgr.XXXXXX";
	char			 path[600], err[256];
	uint32_t		 a;
	FILE			*f;
	size_t			 n;

	memset(&st, 0, sizeof st);
	strlcpy(st.ifname, "eth1", sizeof st.ifname);
	st.pid = (long)getpid();
	st.nm_unmanaged = 1;
	is_int(net_state_format(&st, text, sizeof text), 0,
	    "NM record alone formats");
	ok(strstr(text, "address=") == NULL, "with no address line");
	is_int(net_state_parse(text, &back), 0, "and parses");
	is_int(back.nm_unmanaged, 1, "NM record back");
	is_int(back.addr, 0, "no address");
	is_int(net_state_parse("iface=eth1\nnetworkmanager=managed\npid=3\n",
	    &back), -1, "an unknown NM value refused");
	is_int(net_state_parse("iface=eth1\npid=3\n", &back), -1,
	    "neither address nor NM record refused");

	if (mkdtemp(dir) == NULL) {
		ok(0, "mkdtemp");
		return;
	}
	is_int(net_state_write(dir, &st, err, sizeof err), 0, "NM part written");
	inet_pton(AF_INET, "198.18.250.1", &a);
	memset(&st, 0, sizeof st);
	strlcpy(st.ifname, "eth1", sizeof st.ifname);
	st.pid = (long)getpid();
	st.addr = a;
	st.plen = 24;
	is_int(net_state_write(dir, &st, err, sizeof err), 0,
	    "address part written");
	snprintf(path, sizeof path, "%s/addr-eth1.state", dir);
	memset(text, 0, sizeof text);
	if ((f = fopen(path, "r")) != NULL) {
		n = fread(text, 1, sizeof text - 1, f);
		text[n] = '\0';
		fclose(f);
	}
	ok(net_state_parse(text, &back) == 0 && back.addr == a &&
	    back.plen == 24 && back.nm_unmanaged, "both parts in one file");
	is_int(net_state_remove(dir, "eth1"), 0, "address part removed");
	ok(access(path, F_OK) == 0, "the file stays for the NM part");
	if ((f = fopen(path, "r")) != NULL) {
		n = fread(text, 1, sizeof text - 1, f);
		text[n] = '\0';
		fclose(f);
	}
	ok(net_state_parse(text, &back) == 0 && back.addr == 0 &&
	    back.nm_unmanaged, "the NM part alone now");
	is_int(net_state_remove_nm(dir, "eth1"), 0, "NM part removed");
	ok(access(path, F_OK) != 0, "the file is gone");
	/* The other order: the address stays when the NM part goes. */
	st.nm_unmanaged = 1;
	(void)net_state_write(dir, &st, err, sizeof err);
	is_int(net_state_remove_nm(dir, "eth1"), 0, "NM part removed first");
	if ((f = fopen(path, "r")) != NULL) {
		n = fread(text, 1, sizeof text - 1, f);
		text[n] = '\0';
		fclose(f);
	} else
		text[0] = '\0';
	ok(net_state_parse(text, &back) == 0 && back.addr == a &&
	    !back.nm_unmanaged, "the address part stays");
	is_int(net_state_remove(dir, "eth1"), 0, "then the address part");
	ok(access(path, F_OK) != 0, "and the file is gone");
	/* Another pid's file is not merged into ours. */
	st.pid = 1;
	st.addr = 0;
	st.nm_unmanaged = 1;
	(void)net_state_write(dir, &st, err, sizeof err);
	st.pid = (long)getpid();
	st.addr = a;
	st.nm_unmanaged = 0;
	(void)net_state_write(dir, &st, err, sizeof err);
	if ((f = fopen(path, "r")) != NULL) {
		n = fread(text, 1, sizeof text - 1, f);
		text[n] = '\0';
		fclose(f);
	}
	ok(net_state_parse(text, &back) == 0 && !back.nm_unmanaged &&
	    back.pid == (long)getpid(), "another pid's record is not kept");
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const char	*top = getenv("top_srcdir");

	snprintf(data, sizeof data, "%s/tests/data/netmgr",
	    top != NULL ? top : ".");
	test_networkd();
	test_cmdline();
	test_scan();
	test_state();
	return (done_testing());
}
