/*
 * A read-only DHCP dissector for the sniffer (RFC 2131 header, RFC 2132
 * options): only the few fields that tell who a client is and who
 * answered it.  The DHCP server has its own full parser in src/dhcp/;
 * this one never builds anything and never needs more than the frame.
 * Option overload (RFC 2132 9.3) is not followed: phones do not use it.
 */
#include "config.h"

#include <string.h>

#include "dissect.h"

static void	 dhcp_option(uint8_t, struct rd *, struct dhcp_info *);

/* Record one option we care about; others are skipped by the caller. */
static void
dhcp_option(uint8_t code, struct rd *v, struct dhcp_info *di)
{
	size_t	 n = rd_left(v);

	switch (code) {
	case DHCP_OPT_MSG_TYPE:
		di->msgtype = rd_u8(v);
		break;
	case DHCP_OPT_VENDOR_CLASS:
		di->vendor_class.p = v->p;
		di->vendor_class.len = n;
		break;
	case DHCP_OPT_HOSTNAME:
		di->hostname.p = v->p;
		di->hostname.len = n;
		break;
	case DHCP_OPT_CLIENT_ID:
		di->client_id.p = v->p;
		di->client_id.len = n;
		break;
	case DHCP_OPT_TFTP_NAME:
		di->tftp_name.p = v->p;
		di->tftp_name.len = n;
		break;
	case DHCP_OPT_REQUESTED_IP:
		if (n == 4)
			rd_copy(v, &di->requested, 4);
		break;
	case DHCP_OPT_SERVER_ID:
		if (n == 4)
			rd_copy(v, &di->server_id, 4);
		break;
	case DHCP_OPT_TFTP_SERVERS:
		/* Cisco: a list of IPv4 addresses; keep the first. */
		if (n >= 4 && n % 4 == 0)
			rd_copy(v, &di->tftp_server, 4);
		break;
	case DHCP_OPT_LEASE_TIME:
		if (n == 4) {
			di->lease = rd_be32(v);
			di->has_lease = 1;
		}
		break;
	default:
		break;
	}
}

int
dissect_dhcp(struct rd *r, struct dhcp_info *di)
{
	struct rd	 v;
	const uint8_t	*val;
	uint8_t		 code, len;

	memset(di, 0, sizeof *di);
	/* RFC 2131 2: op htype hlen hops xid secs flags ciaddr yiaddr siaddr giaddr chaddr sname file */
	di->op = rd_u8(r);
	di->htype = rd_u8(r);
	di->hlen = rd_u8(r);
	rd_skip(r, 1);			/* hops */
	di->xid = rd_be32(r);
	rd_skip(r, 2);			/* secs */
	di->flags = rd_be16(r);
	rd_copy(r, &di->ciaddr, 4);
	rd_copy(r, &di->yiaddr, 4);
	rd_copy(r, &di->siaddr, 4);
	rd_copy(r, &di->giaddr, 4);
	rd_copy(r, di->chaddr, 6);
	rd_skip(r, 10 + 64 + 128);	/* rest of chaddr, sname, file */
	if (r->err)
		return (-1);
	if (di->op != BOOTREQUEST && di->op != BOOTREPLY)
		return (-1);
	/* Without the magic cookie this is plain BOOTP: no options. */
	if (rd_left(r) < 4 || rd_be32(r) != DHCP_MAGIC)
		return (0);

	/* RFC 2132 2: code, length, value; pad and end have no length. */
	while (rd_left(r) > 0) {
		code = rd_u8(r);
		if (code == DHCP_OPT_PAD)
			continue;
		if (code == DHCP_OPT_END)
			break;
		len = rd_u8(r);
		if ((val = rd_bytes(r, len)) == NULL)
			return (-1);
		rd_init(&v, val, len);
		dhcp_option(code, &v, di);
	}
	return (r->err ? -1 : 0);
}
