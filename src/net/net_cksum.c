/*
 * The Internet checksum (RFC 1071), the one copy: IPv4 and UDP headers
 * (net_pkt.c), CDP frames the simulator sends (sim_wire.c) and the CDP
 * checksum the sniffer checks (dissect_cdp.c, Cisco's odd-byte variant).
 */
#include "config.h"

#include "net_wire.h"

uint32_t
net_cksum_add(uint32_t sum, const void *buf, size_t len, int flags)
{
	const uint8_t	*p = buf;
	size_t		 i;
	uint8_t		 hi, lo;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if ((len & 1) == 0)
		return (sum);
	if ((flags & NET_CKSUM_CISCO) == 0)
		return (sum + (uint32_t)(p[len - 1] << 8));
	hi = 0;
	lo = p[len - 1];
	if (lo & 0x80) {
		lo--;
		hi--;
	}
	return (sum + (uint32_t)(hi << 8 | lo));
}

uint16_t
net_cksum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ((uint16_t)~sum);
}

uint16_t
net_cksum(const void *p, size_t len, int flags)
{
	return (net_cksum_fold(net_cksum_add(0, p, len, flags)));
}
