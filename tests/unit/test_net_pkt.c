/* Raw frames and the state file: ARP probes, IPv4/UDP, state text. */
#include "config.h"

#include <arpa/inet.h>
#include <string.h>

#include "../tap.h"
#include "net/net.h"
#include "net/net_wire.h"

/* Ones' complement sum of the UDP pseudo header + datagram: 0xffff if valid. */
static uint16_t
udp_sum(const uint8_t *ip)
{
	uint32_t	 sum = 0;
	size_t		 ulen = (size_t)(ip[24] << 8 | ip[25]), i;

	for (i = 12; i < 20; i += 2)
		sum += (uint32_t)(ip[i] << 8 | ip[i + 1]);
	sum += 17 + (uint32_t)ulen;
	for (i = 0; i + 1 < ulen; i += 2)
		sum += (uint32_t)(ip[20 + i] << 8 | ip[21 + i]);
	if (ulen & 1)
		sum += (uint32_t)(ip[20 + ulen - 1] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ((uint16_t)sum);
}

/* The one RFC 1071 checksum: RFC 1071's own example, odd lengths, CDP's. */
static void
test_cksum(void)
{
	/* RFC 1071 3: the sum of 0001 f203 f4f5 f6f7 is ddf2. */
	static const uint8_t	 rfc[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5,
	    0xf6, 0xf7 };
	static const uint8_t	 one[] = { 0x01 }, high[] = { 0x80 };
	static const uint8_t	 odd[] = { 0x12, 0x34, 0xab };
	uint8_t			 ip[20] = { 0x45, 0, 0, 0x73, 0, 0, 0x40, 0,
	    0x40, 0x11, 0, 0, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7 };
	uint16_t		 c;
	uint32_t		 sum;

	is_int(net_cksum(rfc, sizeof rfc, 0), 0x220d, "RFC 1071 example");
	is_int(net_cksum(rfc, sizeof rfc, NET_CKSUM_CISCO), 0x220d,
	    "... Cisco's variant agrees on an even length");
	is_int(net_cksum(NULL, 0, 0), 0xffff, "nothing sums to 0");
	is_int(net_cksum(one, 1, 0), 0xfeff,
	    "odd length: the last byte is the high half");
	is_int(net_cksum(one, 1, NET_CKSUM_CISCO), 0xfffe,
	    "Cisco: the last byte is the low half");
	is_int(net_cksum(high, 1, NET_CKSUM_CISCO), 0x0080,
	    "Cisco: a last byte >= 0x80 is one less, with the high half 0xff");
	is_int(net_cksum(odd, sizeof odd, 0), (uint16_t)~(0x1234 + 0xab00),
	    "odd length of three");
	sum = net_cksum_add(0, rfc, 4, 0);
	is_int(net_cksum_fold(net_cksum_add(sum, rfc + 4, 4, 0)), 0x220d,
	    "a sum continued over two parts is the sum of the whole");
	/* An IPv4 header (Wikipedia's example): its checksum is b861. */
	c = net_cksum(ip, sizeof ip, 0);
	is_int(c, 0xb861, "IPv4 header checksum");
	ip[10] = (uint8_t)(c >> 8);
	ip[11] = (uint8_t)c;
	is_int(net_cksum(ip, sizeof ip, 0), 0,
	    "... and 0 over it once filled in");
}

static void
test_arp(void)
{
	uint8_t		 buf[64];
	uint8_t		 mac[6] = { 0x02, 0, 0, 0, 0, 1 };
	struct net_arp	 a;
	size_t		 n;

	n = net_arp_build_probe(buf, sizeof buf, mac, htonl(0xc612fa07));
	is_int(n, NET_ARP_LEN, "ARP probe is 28 bytes");
	is_int(net_arp_parse(buf, n, &a), 0, "parses");
	ok(a.op == NET_ARP_REQUEST && a.spa == 0 &&
	    a.tpa == htonl(0xc612fa07) &&
	    memcmp(a.sha, mac, 6) == 0, "RFC 5227 probe: request, sender IP 0");
	is_int(net_arp_parse(buf, n - 1, &a), -1, "truncated ARP refused");
	buf[1] = 6;
	is_int(net_arp_parse(buf, n, &a), -1, "non-Ethernet ARP refused");
	is_int(net_arp_build_probe(buf, 10, mac, 1), 0,
	    "small buffer: nothing built");
}

static void
test_udp(void)
{
	uint8_t		 pkt[128];
	const uint8_t	*p;
	size_t		 n, plen;
	uint32_t	 src, dst;
	uint16_t	 sp, dp;
	static const char payload[] = "hello, phone";

	n = net_udp4_build(pkt, sizeof pkt, htonl(0xc612fa01), 67,
	    htonl(0xc612fa07), 68, payload, sizeof payload - 1);
	is_int(n, 20 + 8 + 12, "IPv4 + UDP + payload");
	is_int(udp_sum(pkt), 0xffff, "UDP checksum verifies");
	is_int(net_udp4_parse(pkt, n, &src, &sp, &dst, &dp, &p, &plen), 0,
	    "parses back");
	ok(src == htonl(0xc612fa01) && dst == htonl(0xc612fa07) && sp == 67 &&
	    dp == 68 && plen == 12 && memcmp(p, payload, 12) == 0,
	    "fields round trip");
	is_int(net_udp4_parse(pkt, n - 1, &src, &sp, &dst, &dp, &p, &plen), -1,
	    "cut short refused");
	pkt[9] = 6;
	is_int(net_udp4_parse(pkt, n, &src, &sp, &dst, &dp, &p, &plen), -1,
	    "TCP refused");
	pkt[9] = 17;
	pkt[6] = 0x20;	/* more fragments */
	is_int(net_udp4_parse(pkt, n, &src, &sp, &dst, &dp, &p, &plen), -1,
	    "fragment refused");
	is_int(net_udp4_build(pkt, 30, 0, 1, 2, 3, payload, 12), 0,
	    "small buffer");
}

static void
test_state(void)
{
	struct net_state	 st, back;
	char			 text[512];

	memset(&st, 0, sizeof st);
	strcpy(st.ifname, "enx001122");
	st.addr = htonl(0xc612fa01);
	st.plen = 24;
	st.set_up = 1;
	st.pid = 4242;
	is_int(net_state_format(&st, text, sizeof text), 0, "state formats");
	ok(strstr(text, "address=198.18.250.1/24\n") != NULL, "readable text");
	is_int(net_state_parse(text, &back), 0, "state parses");
	ok(strcmp(back.ifname, "enx001122") == 0 && back.addr == st.addr &&
	    back.plen == 24 && back.set_up == 1 && back.pid == 4242,
	    "round trip");
	is_int(net_state_parse("iface=eth0\npid=3\n", &back), -1,
	    "missing address refused");
	is_int(net_state_parse("iface=../x\naddress=1.2.3.4/24\npid=3\n",
	    &back),
	    -1, "path in interface name refused");
	is_int(net_state_parse("iface=eth0\naddress=1.2.3.4/24\npid=0\n",
	    &back),
	    -1, "pid 0 refused");
	is_int(net_state_parse("garbage", &back), -1, "garbage refused");
}

int
main(void)
{
	plan(32);
	test_cksum();
	test_arp();
	test_udp();
	test_state();
	return (done_testing());
}
