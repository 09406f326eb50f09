/* DHCP messages: parse into struct dhcp_msg, build replies (RFC 2131/2132). */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "dhcp_wire.h"

static int	 parse_field(struct dhcp_msg *, const uint8_t *, size_t, int);
static int	 add_opt(struct dhcp_msg *, uint8_t, const uint8_t *, uint8_t);

static const char *const dhcp_type_names[] = {
	"BOOTP", "DISCOVER", "OFFER", "REQUEST", "DECLINE", "ACK", "NAK",
	"RELEASE", "INFORM",
};

const char *
dhcp_type_name(int type)
{
	if (type < 0 || (size_t)type >= sizeof dhcp_type_names /
	    sizeof dhcp_type_names[0])
		return ("UNKNOWN");
	return (dhcp_type_names[type]);
}

/*
 * Record one option instance.  A code seen again is joined to the earlier
 * instances in m->cat (RFC 3396 §7: concatenate in the order found); 0, or
 * -1 when the joined value would not fit.
 */
static int
add_opt(struct dhcp_msg *m, uint8_t code, const uint8_t *p, uint8_t len)
{
	struct dhcp_opt	*o = &m->opt[code];

	if (!o->present) {
		o->p = p;
		o->len = len;
		o->present = 1;
		return (0);
	}
	/* Joined before and still last in cat: just append. */
	if (o->joined && o->p + o->len == m->cat + m->catlen) {
		if (sizeof m->cat - m->catlen < len)
			return (-1);
		memcpy(m->cat + m->catlen, p, len);
		m->catlen += len;
		o->len += len;
		return (0);
	}
	if (sizeof m->cat - m->catlen < (size_t)o->len + len)
		return (-1);
	memmove(m->cat + m->catlen, o->p, o->len);
	memcpy(m->cat + m->catlen + o->len, p, len);
	o->p = m->cat + m->catlen;
	o->len += len;
	o->joined = 1;
	m->catlen += o->len;
	return (0);
}

/*
 * Walk one options area (the options field, or file/sname when overloaded).
 * Pad bytes are skipped; an option's length must stay inside the area.
 * The options field must end with END (RFC 2131 §4.1 "the options field
 * ends with end"); file and sname may simply run out (they are fixed-size
 * and zero-padded, and some clients omit END there).
 */
static int
parse_field(struct dhcp_msg *m, const uint8_t *p, size_t len, int need_end)
{
	struct rd	 r;
	uint8_t		 code, olen;
	const uint8_t	*v;

	rd_init(&r, p, len);
	while (rd_left(&r) > 0) {
		code = rd_u8(&r);
		if (code == DHCP_OPT_PAD)
			continue;
		if (code == DHCP_OPT_END)
			return (0);
		olen = rd_u8(&r);
		v = rd_bytes(&r, olen);
		if (r.err)
			return (-EBADMSG);
		if (add_opt(m, code, v, olen) != 0)
			return (-EBADMSG);
	}
	return (need_end ? -EBADMSG : 0);
}

int
dhcp_wire_parse(struct dhcp_msg *m, const uint8_t *pkt, size_t len)
{
	struct rd	 r;
	const uint8_t	*p;
	uint8_t		 ov;
	int		 rc;

	memset(m, 0, offsetof(struct dhcp_msg, cat));
	m->catlen = 0;
	rd_init(&r, pkt, len);
	m->op = rd_u8(&r);
	m->htype = rd_u8(&r);
	m->hlen = rd_u8(&r);
	m->hops = rd_u8(&r);
	m->xid = rd_be32(&r);
	m->secs = rd_be16(&r);
	m->flags = rd_be16(&r);
	rd_copy(&r, &m->ciaddr, 4);
	rd_copy(&r, &m->yiaddr, 4);
	rd_copy(&r, &m->siaddr, 4);
	rd_copy(&r, &m->giaddr, 4);
	rd_copy(&r, m->chaddr, DHCP_CHADDR_LEN);
	m->sname = rd_bytes(&r, DHCP_SNAME_LEN);
	m->file = rd_bytes(&r, DHCP_FILE_LEN);
	if (rd_be32(&r) != DHCP_MAGIC || r.err)
		return (-EBADMSG);
	/* RFC 2131 §2: chaddr is 16 bytes; a longer hlen is a lie. */
	if (m->hlen > DHCP_CHADDR_LEN)
		return (-EBADMSG);
	p = r.p;
	if ((rc = parse_field(m, p, rd_left(&r), 1)) != 0)
		return (rc);

	/* RFC 2132 §9.3: option overload moves more options into file/sname,
	 * read in that order (RFC 3396 §5). */
	if (dhcp_opt_u8(m, DHCP_OPT_OVERLOAD, &ov) == 0 && ov >= 1 && ov <= 3) {
		m->overload = ov;
		/* An overload option inside the overloaded fields is ignored. */
		if ((ov & 1) && parse_field(m, m->file, DHCP_FILE_LEN, 0) != 0)
			return (-EBADMSG);
		if ((ov & 2) && parse_field(m, m->sname, DHCP_SNAME_LEN, 0) != 0)
			return (-EBADMSG);
		if (ov & 1)
			m->file = NULL;
		if (ov & 2)
			m->sname = NULL;
	}
	if (dhcp_opt_u8(m, DHCP_OPT_MSG_TYPE, &m->type) != 0)
		m->type = 0;
	return (0);
}

const uint8_t *
dhcp_opt_get(const struct dhcp_msg *m, uint8_t code, size_t *len)
{
	const struct dhcp_opt	*o = &m->opt[code];

	if (!o->present) {
		if (len != NULL)
			*len = 0;
		return (NULL);
	}
	if (len != NULL)
		*len = o->len;
	/* A zero-length option is present; give a valid pointer anyway. */
	return (o->p != NULL ? o->p : (const uint8_t *)"");
}

int
dhcp_opt_u8(const struct dhcp_msg *m, uint8_t code, uint8_t *v)
{
	const struct dhcp_opt	*o = &m->opt[code];

	if (!o->present || o->len != 1)
		return (-1);
	*v = o->p[0];
	return (0);
}

int
dhcp_opt_be16(const struct dhcp_msg *m, uint8_t code, uint16_t *v)
{
	const struct dhcp_opt	*o = &m->opt[code];

	if (!o->present || o->len != 2)
		return (-1);
	*v = (uint16_t)(o->p[0] << 8 | o->p[1]);
	return (0);
}

int
dhcp_opt_be32(const struct dhcp_msg *m, uint8_t code, uint32_t *v)
{
	const struct dhcp_opt	*o = &m->opt[code];

	if (!o->present || o->len != 4)
		return (-1);
	*v = (uint32_t)o->p[0] << 24 | (uint32_t)o->p[1] << 16 |
	    (uint32_t)o->p[2] << 8 | o->p[3];
	return (0);
}

int
dhcp_opt_ip(const struct dhcp_msg *m, uint8_t code, uint32_t *ip)
{
	const struct dhcp_opt	*o = &m->opt[code];

	if (!o->present || o->len != 4)
		return (-1);
	memcpy(ip, o->p, 4);
	return (0);
}

void
dhcp_wire_put_header(struct wr *w, const struct dhcp_msg *m)
{
	static const uint8_t	 zero[DHCP_FILE_LEN];

	wr_u8(w, m->op);
	wr_u8(w, m->htype);
	wr_u8(w, m->hlen);
	wr_u8(w, m->hops);
	wr_be32(w, m->xid);
	wr_be16(w, m->secs);
	wr_be16(w, m->flags);
	wr_bytes(w, &m->ciaddr, 4);
	wr_bytes(w, &m->yiaddr, 4);
	wr_bytes(w, &m->siaddr, 4);
	wr_bytes(w, &m->giaddr, 4);
	wr_bytes(w, m->chaddr, DHCP_CHADDR_LEN);
	wr_bytes(w, m->sname != NULL ? m->sname : zero, DHCP_SNAME_LEN);
	wr_bytes(w, m->file != NULL ? m->file : zero, DHCP_FILE_LEN);
	wr_be32(w, DHCP_MAGIC);
}

void
dhcp_wire_put_opt(struct wr *w, uint8_t code, const void *v, size_t len)
{
	const uint8_t	*p = v;
	size_t		 n;

	/* RFC 3396 §6: values over 255 bytes go in several instances. */
	do {
		n = len > 255 ? 255 : len;
		wr_u8(w, code);
		wr_u8(w, (uint8_t)n);
		wr_bytes(w, p, n);
		p += n;
		len -= n;
	} while (len > 0);
}

void
dhcp_wire_put_u8(struct wr *w, uint8_t code, uint8_t v)
{
	dhcp_wire_put_opt(w, code, &v, 1);
}

void
dhcp_wire_put_be32(struct wr *w, uint8_t code, uint32_t v)
{
	uint8_t	 b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
		    (uint8_t)(v >> 8), (uint8_t)v };

	dhcp_wire_put_opt(w, code, b, 4);
}

void
dhcp_wire_put_ip(struct wr *w, uint8_t code, uint32_t ip)
{
	dhcp_wire_put_opt(w, code, &ip, 4);
}

void
dhcp_wire_put_end(struct wr *w, size_t minlen)
{
	wr_u8(w, DHCP_OPT_END);
	while (!w->err && wr_len(w) < minlen)
		wr_u8(w, DHCP_OPT_PAD);
}
