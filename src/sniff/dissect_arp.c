/*
 * ARP over Ethernet for IPv4 (RFC 826), classified as RFC 5227 does: a
 * probe has sender address 0.0.0.0; an announcement (gratuitous ARP) has
 * the sender's address as the target too.  A phone with an address from
 * an earlier life, or one checking an offered address, shows up here.
 */
#include "config.h"

#include <string.h>

#include "dissect.h"

int
dissect_arp(struct rd *r, struct arp_info *ai)
{
	uint16_t	 htype, ptype;
	uint8_t		 hlen, plen;

	memset(ai, 0, sizeof *ai);
	htype = rd_be16(r);
	ptype = rd_be16(r);
	hlen = rd_u8(r);
	plen = rd_u8(r);
	ai->op = rd_be16(r);
	if (r->err)
		return (-1);
	/* Only Ethernet (1) hardware and IPv4 protocol addresses. */
	if (htype != 1 || ptype != NET_ETHERTYPE_IPV4 || hlen != 6 ||
	    plen != 4)
		return (-1);
	rd_copy(r, ai->sha, 6);
	rd_copy(r, &ai->spa, 4);
	rd_copy(r, ai->tha, 6);
	rd_copy(r, &ai->tpa, 4);
	if (r->err)
		return (-1);
	if (ai->op != 1 && ai->op != 2)
		return (-1);
	ai->probe = ai->op == 1 && ai->spa == 0;
	ai->gratuitous = ai->spa != 0 && ai->spa == ai->tpa;
	return (0);
}
