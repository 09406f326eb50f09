/*
 * The host firewall without running nft: which firewall a ruleset is,
 * the command a technician is told, the script --open-firewall runs and
 * the one that takes exactly our rules out again, and the state file.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "../tap.h"
#include "compat.h"
#include "net/firewall.h"

/* ufw on iptables-nft, as `nft list ruleset` prints it. */
static const char ufw_rules[] =
    "# Warning: table ip filter is managed by iptables-nft, do not touch!\n"
    "table ip filter {\n"
    "\tchain INPUT {\n"
    "\t\ttype filter hook input priority filter; policy drop;\n"
    "\t\tcounter packets 0 bytes 0 jump ufw-before-logging-input\n"
    "\t}\n"
    "\tchain ufw-before-input {\n"
    "\t\tiifname \"lo\" counter packets 0 bytes 0 accept\n"
    "\t}\n"
    "}\n";

static const char firewalld_rules[] =
    "table inet firewalld {\n"
    "\tchain filter_INPUT {\n"
    "\t\ttype filter hook input priority filter + 10; policy accept;\n"
    "\t\tct state { established, related } accept\n"
    "\t\treject with icmpx admin-prohibited\n"
    "\t}\n"
    "}\n";

/* Plain nftables with a set over several lines and braces in a comment. */
static const char nft_rules[] =
    "table inet filter {\n"
    "\tset blocked {\n"
    "\t\ttype ipv4_addr\n"
    "\t\telements = { 198.18.0.7,\n"
    "\t\t\t     198.18.0.9 }\n"
    "\t}\n"
    "\tchain input {\n"
    "\t\ttype filter hook input priority filter; policy accept;\n"
    "\t\tudp dport 69 drop comment \"no { tftp\"\n"
    "\t}\n"
    "\tchain output {\n"
    "\t\ttype filter hook output priority filter; policy accept;\n"
    "\t}\n"
    "}\n"
    "table ip6 six {\n"
    "\tchain input {\n"
    "\t\ttype filter hook input priority filter; policy drop;\n"
    "\t}\n"
    "}\n"
    "table ip legacy {\n"
    "\tchain in {\n"
    "\t\ttype filter hook input priority -10; policy drop;\n"
    "\t}\n"
    "}\n";

/* `nft -a list ruleset` after two runs opened (pids 100 and 200). */
static const char opened_rules[] =
    "table inet filter { # handle 1\n"
    "\tchain input { # handle 1\n"
    "\t\ttype filter hook input priority filter; policy accept;\n"
    "\t\tiifname \"eth1\" udp dport { 67, 69 } accept comment \"phonerescue eth1 pid 100\" # handle 7\n"
    "\t\tiifname \"eth1\" udp dport { 67, 69 } accept comment \"phonerescue eth1 pid 200\" # handle 9\n"
    "\t\tiifname \"eth1\" ct state established,related accept comment \"phonerescue eth1 pid 100\" # handle 8\n"
    "\t\tudp dport 69 drop comment \"phonerescue eth1 pid 1000\" # handle 2\n"
    "\t}\n"
    "}\n"
    "table ip other { # handle 3\n"
    "\tchain INPUT { # handle 1\n"
    "\t\ttype filter hook input priority filter; policy drop;\n"
    "\t\tiifname \"eth1\" tcp dport 6970 accept comment \"phonerescue eth1 pid 100\" # handle 4\n"
    "\t}\n"
    "}\n";

static void
test_classify(void)
{
	struct fw_found	 f;
	char		 cmd[256];

	firewall_classify(ufw_rules, &f);
	is_int(f.kind, FW_UFW, "ufw chains: ufw");
	is_int(f.ndrop, 1, "its INPUT drops by policy");
	firewall_fix_command(&f, "eth1", 67, 69, cmd, sizeof cmd);
	is_str(cmd, "ufw allow in on eth1 to any port 67,69 proto udp",
	    "ufw's command");

	firewall_classify(firewalld_rules, &f);
	is_int(f.kind, FW_FIREWALLD, "table firewalld: firewalld");
	firewall_fix_command(&f, "eth1", 67, 69, cmd, sizeof cmd);
	is_str(cmd, "firewall-cmd --zone=trusted --add-interface=eth1",
	    "firewalld's command");

	firewall_classify("table ip filter {\n\tchain INPUT {\n\t\ttype filter "
	    "hook input priority filter; policy accept;\n\t\tjump INPUT_ZONES"
	    "\n\t}\n\tchain INPUT_ZONES {\n\t}\n}\n", &f);
	is_int(f.kind, FW_FIREWALLD, "firewalld on its iptables backend");

	firewall_classify(nft_rules, &f);
	is_int(f.kind, FW_NFTABLES, "inet filter: nftables");
	is_int(f.nchains, 2, "two IPv4 input chains (ip6 and output are not)");
	is_str(f.table, "filter", "the first input chain's table");
	is_str(f.chain, "input", "... and chain");
	firewall_fix_command(&f, "eth1", 67, 69, cmd, sizeof cmd);
	is_str(cmd, "nft insert rule inet filter input iifname \"eth1\" udp "
	    "dport { 67, 69 } accept", "nftables's command");

	firewall_classify("table ip filter {\n\tchain INPUT {\n\t\ttype filter "
	    "hook input priority filter; policy accept;\n\t}\n}\n", &f);
	is_int(f.kind, FW_IPTABLES, "ip filter INPUT alone: iptables-nft");
	firewall_fix_command(&f, "eth1", 1067, 1069, cmd, sizeof cmd);
	is_str(cmd, "iptables -I INPUT -i eth1 -p udp -m multiport --dports "
	    "1067,1069 -j ACCEPT", "iptables's command, with our ports");

	firewall_classify("", &f);
	is_int(f.kind, FW_NONE, "an empty ruleset: none");
	firewall_classify("table inet t {\n\tchain c {\n\t\ttype filter hook "
	    "output priority 0; policy drop;\n\t}\n}\n", &f);
	is_int(f.kind, FW_NONE, "an output chain only: none");
}

static void
test_open_script(void)
{
	struct fw_open	 o;
	char		 s[4096];
	unsigned	 n;

	memset(&o, 0, sizeof o);
	o.ifname = "eth1";
	o.pid = 42;
	o.dhcp_port = 67;
	o.tftp_port = 69;
	o.http_port = 6970;
	is_int(firewall_open_script(nft_rules, &o, s, sizeof s, &n), 0,
	    "open script fits");
	is_int(n, 2, "both IPv4 input chains opened");
	ok(strstr(s, "insert rule inet filter input iifname \"eth1\" udp dport "
	    "{ 67, 69 } accept comment \"phonerescue eth1 pid 42\"\n") != NULL,
	    "DHCP and TFTP on eth1, tagged with the run");
	ok(strstr(s, "insert rule ip legacy in iifname \"eth1\" tcp dport 6970 "
	    "accept comment \"phonerescue eth1 pid 42\"\n") != NULL,
	    "HTTP in the second chain");
	ok(strstr(s, "insert rule inet filter input iifname \"eth1\" ct state "
	    "established,related accept") != NULL,
	    "replies to our transfers (ephemeral ports) by conntrack");
	ok(strstr(s, "output") == NULL && strstr(s, "six") == NULL,
	    "output and ip6 chains untouched");
	ok(strstr(s, "blocked") == NULL, "the set is no chain");

	o.http_port = 0;
	o.dhcp_port = 0;
	is_int(firewall_open_script(ufw_rules, &o, s, sizeof s, &n), 0,
	    "--no-dhcp --no-http");
	is_int(n, 1, "ufw's INPUT opened");
	ok(strstr(s, "udp dport 69 accept") != NULL &&
	    strstr(s, "67") == NULL && strstr(s, "6970") == NULL,
	    "only TFTP's port");
	is_int(firewall_open_script(nft_rules, &o, s, 64, &n), -1,
	    "too small a buffer is refused");
}

static void
test_close_script(void)
{
	char		 s[4096];
	unsigned	 n;

	is_int(firewall_close_script(opened_rules, "eth1", 100, s, sizeof s,
	    &n), 0, "close script fits");
	is_int(n, 3, "three rules of pid 100");
	is_str(s, "delete rule inet filter input handle 7\n"
	    "delete rule inet filter input handle 8\n"
	    "delete rule ip other INPUT handle 4\n",
	    "exactly pid 100's rules, by handle, in their chains");
	is_int(firewall_close_script(opened_rules, "eth2", 100, s, sizeof s,
	    &n), 0, "another interface");
	is_int(n, 0, "nothing of eth1's");
	is_int(firewall_close_script(nft_rules, "eth1", 100, s, sizeof s, &n),
	    0, "a ruleset without ours");
	is_int(n, 0, "nothing to delete");
}

static void
test_state(void)
{
	char	 ifname[16];
	long	 pid;

	is_int(firewall_state_parse("# comment\niface=eth1\npid=77\n", ifname,
	    sizeof ifname, &pid), 0, "a state file");
	is_str(ifname, "eth1", "its interface");
	is_int(pid, 77, "its pid");
	is_int(firewall_state_parse("iface=eth1\n", ifname, sizeof ifname,
	    &pid), -1, "no pid: refused");
	is_int(firewall_state_parse("iface=../x\npid=3\n", ifname,
	    sizeof ifname, &pid), -1, "a slash: refused");
	is_int(firewall_state_parse("iface=averyveryverylongname\npid=3\n",
	    ifname, sizeof ifname, &pid), -1, "too long a name: refused");
}

int
main(void)
{
	test_classify();
	test_open_script();
	test_close_script();
	test_state();
	return (done_testing());
}
